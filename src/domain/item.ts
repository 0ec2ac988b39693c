import { z } from 'zod';

/** Channels a customer voice can arrive through. */
export const CHANNELS = [
  'chat', 'phone', 'email', 'board', 'survey', 'review', 'app_store', 'social', 'chatbot', 'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** What kind of thing the customer produced. */
export const ITEM_KINDS = ['inquiry', 'review', 'survey_response', 'chatbot_session', 'note'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Support-conversation status. */
export const ITEM_STATUSES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const HANDLED_BY = ['bot', 'human'] as const;

/** Kinds of personal data the redactor can find; recorded on the item. */
export const PII_KINDS = ['phone', 'rrn', 'frn', 'email', 'card', 'account', 'ip'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** Accepts Date, ISO strings, "2024-05-01 13:02" and epoch milliseconds/seconds. */
export const timestampSchema = z.union([z.string(), z.number(), z.date()]).transform((value, ctx) => {
  const date = parseTimestamp(value);
  if (!date) {
    ctx.addIssue({ code: 'custom', message: `not a date/time: ${String(value).slice(0, 40)}` });
    return z.NEVER;
  }
  return date;
});

const optionalText = (max: number) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.string().trim().max(max).optional());
const optionalInt = (min: number, max: number) =>
  z.preprocess(
    (v) => (v === '' || v === null || v === undefined ? undefined : typeof v === 'string' ? Number(v.trim()) : v),
    z.number().int().min(min).max(max).optional(),
  );
const optionalTimestamp = z.preprocess((v) => (v === '' || v === null ? undefined : v), timestampSchema.optional());

/**
 * The one shape every adapter produces (API body, file row, webhook payload) before redaction.
 * `text` is raw here and never stored as is: the pipeline redacts it first.
 */
export const itemInputSchema = z.object({
  external_id: optionalText(200),
  channel: z.enum(CHANNELS),
  source: z.string().trim().min(1).max(100),
  kind: z.enum(ITEM_KINDS).default('inquiry'),
  created_at: timestampSchema,
  text: z.coerce.string().max(100_000).refine((t) => t.trim().length > 0, 'text is empty'),
  title: optionalText(500),
  language: optionalText(10),
  customer_id: optionalText(200),
  customer_segment: optionalText(100),
  customer_plan: optionalText(100),
  rating: optionalInt(1, 5),
  score: optionalInt(0, 10),
  order_ref: optionalText(200),
  product_ref: optionalText(200),
  metadata: z.record(z.string(), z.unknown()).optional(),
  status: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.enum(ITEM_STATUSES).optional()),
  assignee: optionalText(200),
  first_response_at: optionalTimestamp,
  resolved_at: optionalTimestamp,
  reopened_count: optionalInt(0, 10_000),
  handled_by: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.enum(HANDLED_BY).optional()),
});
export type ItemInput = z.input<typeof itemInputSchema>;
export type ValidItem = z.output<typeof itemInputSchema>;

/** Item fields accepted from files and APIs, in a stable order (also the export column order). */
export const ITEM_INPUT_FIELDS = Object.keys(itemInputSchema.shape) as (keyof ValidItem)[];

const NAIVE_LOCAL = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

/**
 * Parses a timestamp. Strings without an offset are wall-clock time in `timeZone`
 * (default Asia/Seoul, UTC+9 all year — Korea has no daylight saving).
 */
export function parseTimestamp(value: string | number | Date, timeZoneOffsetMinutes = 9 * 60): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    // Seconds before ~2286 are < 1e10; milliseconds are larger.
    return new Date(value < 1e10 ? value * 1000 : value);
  }
  const s = value.trim();
  if (!s) return null;
  const naive = NAIVE_LOCAL.exec(s);
  if (naive) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '0'] = naive;
    const ms = Number(frac.padEnd(3, '0').slice(0, 3));
    const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec, ms) - timeZoneOffsetMinutes * 60_000;
    const date = new Date(utc);
    // Reject impossible calendar dates such as 2024-02-31.
    const check = new Date(utc + timeZoneOffsetMinutes * 60_000);
    if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d) return null;
    return date;
  }
  if (/^\d{10,13}$/.test(s)) return parseTimestamp(Number(s));
  // ISO 8601 with offset or Z, RFC 2822 and the like.
  if (!/\d{4}/.test(s)) return null;
  const date = new Date(s);
  return Number.isNaN(date.getTime()) ? null : date;
}
