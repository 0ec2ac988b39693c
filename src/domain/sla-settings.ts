import { createHash } from 'node:crypto';
import { z } from 'zod';
import { buildBusinessSchedule, businessScheduleSchema, hasBusinessHours } from './calendar/business-hours.js';
import { CHANNELS } from './item.js';
import { defaultPolicyStoredName, type DEFAULT_SLA_POLICY_LABELS } from './labels-ko-en.js';
import { slaPolicySchema } from './sla.js';
import type { ItemTypeDef } from './taxonomy.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A shipped policy's stored name, "장애 공식 답변 24시간 / Incident answer in 24 h", from the shared label table. */
const shippedName = (id: keyof typeof DEFAULT_SLA_POLICY_LABELS): string => defaultPolicyStoredName(id)!;

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
    { id: 'incident', name: shippedName('incident'), match: { types: ['bug'] }, resolutionTargetMs: 24 * HOUR, calendar: 'calendar' },
    { id: 'chat', name: shippedName('chat'), match: { channels: ['chat'] }, firstResponseTargetMs: 3 * MINUTE, resolutionTargetMs: 8 * HOUR, calendar: 'business' },
    { id: 'phone', name: shippedName('phone'), match: { channels: ['phone'] }, firstResponseTargetMs: MINUTE, calendar: 'business' },
    { id: 'written', name: shippedName('written'), match: { channels: ['email', 'board'] }, firstResponseTargetMs: 8 * HOUR, resolutionTargetMs: 24 * HOUR, calendar: 'business' },
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

/**
 * Policies' match lists as they are stored: type and channel keys in lower case (keys are), and every
 * list without repeats. Priorities are items' own `metadata.priority` values (free text from the
 * source: "urgent", "긴급"), so they keep their case and are only put in Unicode NFC.
 */
export function normaliseSlaPolicies(settings: SlaSettings): SlaSettings {
  const dedupe = (values: readonly string[] | undefined, normalise: (v: string) => string) =>
    values === undefined ? undefined : [...new Set(values.map((v) => normalise(v.normalize('NFC').trim())))].filter(Boolean);
  return {
    ...settings,
    policies: settings.policies.map((p) => {
      const match: SlaSettings['policies'][number]['match'] = {};
      const channels = dedupe(p.match.channels, (v) => v.toLowerCase());
      const types = dedupe(p.match.types, (v) => v.toLowerCase());
      const priorities = dedupe(p.match.priorities, (v) => v);
      if (channels) match.channels = channels;
      if (types) match.types = types;
      if (priorities) match.priorities = priorities;
      return { ...p, match };
    }),
  };
}

export interface SlaKeyError {
  field: string;
  message: string;
}

/**
 * What a policy names but no item can carry: a type outside the workspace's taxonomy (`types`: its
 * own, archived ones included, or the default list) or a channel Sori does not have. Such a policy
 * would match nothing and drop out of the report without a word, so it is refused; a type's or
 * channel's displayed name typed instead of its key ("버그·오류") is pointed to the key.
 */
export function slaPolicyKeyErrors(settings: SlaSettings, types: readonly ItemTypeDef[]): SlaKeyError[] {
  const errors: SlaKeyError[] = [];
  const typeKeys = new Set(types.map((t) => t.key));
  const channelKeys: ReadonlySet<string> = new Set(CHANNELS);
  const byName = (value: string) => {
    const folded = value.toLowerCase();
    return types.find((t) => t.nameKo.toLowerCase() === folded || t.nameEn.toLowerCase() === folded)?.key;
  };
  settings.policies.forEach((p, i) => {
    const label = p.name || p.id;
    for (const value of p.match.types ?? []) {
      if (typeKeys.has(value)) continue;
      const key = byName(value);
      errors.push({
        field: `policies.${i}.match.types`,
        message: key
          ? `policy "${label}": "${value}" is a type's name, not its key: use "${key}" / 정책 "${label}": "${value}"은(는) 유형 이름입니다. 키 "${key}"를 쓰세요`
          : `policy "${label}": unknown type "${value}", not in this workspace's types (${[...typeKeys].join(', ')}) / 정책 "${label}": 이 워크스페이스의 유형(${[...typeKeys].join(', ')})에 없는 유형 "${value}"입니다`,
      });
    }
    for (const value of p.match.channels ?? []) {
      if (channelKeys.has(value)) continue;
      errors.push({
        field: `policies.${i}.match.channels`,
        message: `policy "${label}": unknown channel "${value}" (channels: ${CHANNELS.join(', ')}) / 정책 "${label}": 알 수 없는 채널 "${value}"입니다 (채널: ${CHANNELS.join(', ')})`,
      });
    }
  });
  return errors;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short fingerprint of settings: items remember which settings computed their due dates. */
export function slaSettingsVersion(settings: SlaSettings): string {
  return createHash('sha256').update(JSON.stringify(settings)).digest('base64url').slice(0, 12);
}
