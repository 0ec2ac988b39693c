import { createHash } from 'node:crypto';
import { z } from 'zod';
import { buildBusinessSchedule, businessScheduleSchema, hasBusinessHours } from './calendar/business-hours.js';
import { slaPolicySchema } from './sla.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A workspace's business hours and SLA policies (stored as one JSON document on the workspace). */
export const slaSettingsSchema = z.object({
  businessHours: businessScheduleSchema,
  policies: z
    .array(slaPolicySchema)
    .max(100)
    .refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, 'policy ids must be unique / 정책 ID가 겹칩니다'),
}).superRefine((s, ctx) => {
  // A policy on business time needs some: with none, no deadline could ever be reached.
  const onBusinessTime = Array.isArray(s.policies) ? s.policies.filter((p) => p.calendar === 'business') : [];
  // Refinements run even when a field failed (a bad zone, a day that does not exist): such hours
  // are reported as they are, not compiled here.
  if (!onBusinessTime.length || !businessScheduleSchema.safeParse(s.businessHours).success) return;
  if (!hasBusinessHours(buildBusinessSchedule(s.businessHours))) {
    ctx.addIssue({
      code: 'custom',
      path: ['businessHours', 'blocks'],
      message: `no business hours, but ${onBusinessTime.map((p) => p.name || p.id).join(', ')} count business time: add hours, choose 24/7, or put those policies on the 24-hour clock / 영업시간이 없는데 ${onBusinessTime.map((p) => p.name || p.id).join(', ')} 정책이 영업시간 기준입니다: 영업시간을 넣거나, 24시간으로 하거나, 그 정책을 24시간 기준으로 바꾸세요`,
    });
  }
});
export type SlaSettings = z.output<typeof slaSettingsSchema>;
export type SlaSettingsInput = z.input<typeof slaSettingsSchema>;

/**
 * What a Korean CX team starts from: weekdays 09:00–18:00 with a lunch break, Korean public
 * holidays off; chat answered within 3 business minutes, phone within 1, e-mail and 1:1 board
 * within 8 business hours; an incident (a bug) officially answered (resolved) within 24 hours,
 * day or night. Policies are tried in order: the first, most specific match sets each target.
 * The hours are in the workspace's time zone (`defaultSlaSettings`), so none is named here.
 */
export const DEFAULT_SLA_SETTINGS: SlaSettingsInput = {
  businessHours: {
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

/** The default settings with business hours in a workspace's time zone. */
export function defaultSlaSettings(timeZone: string): SlaSettingsInput {
  return { ...DEFAULT_SLA_SETTINGS, businessHours: { ...DEFAULT_SLA_SETTINGS.businessHours, timeZone } };
}

/**
 * Settings as given, with their business hours in `timeZone` (the workspace's) when they name no
 * zone of their own; anything that is not settings-shaped is passed on for the schema to refuse.
 */
export function withDefaultTimeZone(input: unknown, timeZone: string): unknown {
  if (!isRecord(input) || !isRecord(input.businessHours) || input.businessHours.timeZone !== undefined) return input;
  return { ...input, businessHours: { ...input.businessHours, timeZone } };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short fingerprint of settings: items remember which settings computed their due dates. */
export function slaSettingsVersion(settings: SlaSettings): string {
  return createHash('sha256').update(JSON.stringify(settings)).digest('base64url').slice(0, 12);
}
