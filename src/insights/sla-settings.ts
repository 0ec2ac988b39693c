import { z } from 'zod';
import { businessScheduleSchema } from '../domain/calendar/business-hours.js';
import { SoriError } from '../domain/errors.js';
import { slaPolicySchema, type SlaPolicy } from '../domain/sla.js';
import type { Db } from '../store/db.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A workspace's business hours and SLA policies (stored as one JSON document on the workspace). */
export const slaSettingsSchema = z.object({
  businessHours: businessScheduleSchema,
  policies: z
    .array(slaPolicySchema)
    .max(100)
    .refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, 'policy ids must be unique'),
});
export type SlaSettings = z.output<typeof slaSettingsSchema>;
export type SlaSettingsInput = z.input<typeof slaSettingsSchema>;

/**
 * What a Korean CX team starts from: weekdays 09:00–18:00 with a lunch break, Korean public
 * holidays off; chat answered within 3 business minutes, phone within 1, e-mail and 1:1 board
 * within 8 business hours; an incident (a bug) officially answered (resolved) within 24 hours,
 * day or night. Policies are tried in order: the first, most specific match sets each target.
 */
export const DEFAULT_SLA_SETTINGS: SlaSettingsInput = {
  businessHours: {
    timeZone: 'Asia/Seoul',
    blocks: [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '12:00' },
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '13:00', end: '18:00' },
    ],
  },
  policies: [
    { id: 'incident', name: '장애 공식 답변 24시간 / Incident answer in 24 h', match: { types: ['bug'] }, resolutionTargetMs: 24 * HOUR, calendar: 'calendar' },
    { id: 'chat', name: '채팅 첫 응답 3분 / Chat first response 3 min', match: { channels: ['chat'] }, firstResponseTargetMs: 3 * MINUTE, resolutionTargetMs: 8 * HOUR, calendar: 'business' },
    { id: 'phone', name: '전화 응대 1분 / Phone answered in 1 min', match: { channels: ['phone'] }, firstResponseTargetMs: MINUTE, calendar: 'business' },
    { id: 'written', name: '이메일·1:1 문의 8업무시간 / E-mail and board in 8 business hours', match: { channels: ['email', 'board'] }, firstResponseTargetMs: 8 * HOUR, resolutionTargetMs: 24 * HOUR, calendar: 'business' },
  ],
};

/** A workspace's SLA settings, or the defaults when it has none. */
export async function loadSlaSettings(db: Db, workspaceId: number): Promise<{ settings: SlaSettings; isDefault: boolean }> {
  const [row] = await db.query<{ sla_settings: unknown }>('SELECT sla_settings FROM workspaces WHERE id = $1', [workspaceId]);
  const stored = row?.sla_settings ?? null;
  const parsed = stored === null ? null : slaSettingsSchema.safeParse(typeof stored === 'string' ? JSON.parse(stored) : stored);
  if (parsed?.success) return { settings: parsed.data, isDefault: false };
  return { settings: slaSettingsSchema.parse(DEFAULT_SLA_SETTINGS), isDefault: true };
}

/** Validates and stores a workspace's SLA settings (null restores the defaults). */
export async function saveSlaSettings(db: Db, workspaceId: number, input: unknown | null): Promise<SlaSettings> {
  if (input === null) {
    await db.query('UPDATE workspaces SET sla_settings = NULL WHERE id = $1', [workspaceId]);
    return slaSettingsSchema.parse(DEFAULT_SLA_SETTINGS);
  }
  const parsed = slaSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || null, message: i.message }));
    throw new SoriError('validation_failed', `invalid SLA settings / SLA 설정이 올바르지 않습니다: ${errors.map((e) => `${e.field ?? ''}: ${e.message}`).join('; ')}`, { errors });
  }
  await db.query('UPDATE workspaces SET sla_settings = $2::jsonb WHERE id = $1', [workspaceId, JSON.stringify(parsed.data)]);
  return parsed.data;
}

export type { SlaPolicy };
