import { z } from 'zod';
import { epochOfWallClock } from './calendar/zone.js';

/** Channels a customer voice can arrive through. */
export const CHANNELS = [
  'chat', 'phone', 'email', 'board', 'survey', 'review', 'app_store', 'social', 'chatbot', 'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** What kind of thing the customer produced. */
/** Channels whose items expect an answer (a survey answer or a store review usually does not). */
export const ANSWERABLE_CHANNELS = ['chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other'] as const satisfies readonly Channel[];

export const ITEM_KINDS = ['inquiry', 'review', 'survey_response', 'chatbot_session', 'note'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Support-conversation status. */
export const ITEM_STATUSES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'] as const;
/** Statuses of a conversation still waiting for its resolution; going back to one from resolved or closed is a reopening. */
export const UNRESOLVED_STATUSES = ['new', 'open', 'pending', 'on_hold'] as const satisfies readonly (typeof ITEM_STATUSES)[number][];
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const HANDLED_BY = ['bot', 'human'] as const;

/**
 * Kinds of personal data the redactor can find; recorded on the item. New kinds go at the end (the
 * order is a bit position in memory, never stored).
 */
export const PII_KINDS = ['phone', 'rrn', 'frn', 'email', 'card', 'account', 'ip', 'passport', 'driver_license', 'customs_code', 'name', 'address'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/**
 * Instants Sori stores and filters on: 1970-01-01 up to (not including) 2200-01-01 UTC. Outside
 * it a value is a typo or a sentinel (year 9999), and deadlines computed from it would leave
 * PostgreSQL's range.
 */
export const MIN_INSTANT_MS = Date.UTC(1970, 0, 1);
export const MAX_INSTANT_MS = Date.UTC(2200, 0, 1);
export const inInstantRange = (d: Date): boolean => d.getTime() >= MIN_INSTANT_MS && d.getTime() < MAX_INSTANT_MS;

/** Accepts Date, ISO strings, "2024-05-01 13:02" and epoch milliseconds/seconds, from 1970 to 2199. */
export const timestampSchema = z.union([z.string(), z.number(), z.date()]).transform((value, ctx) => {
  const date = parseTimestamp(value);
  if (!date) {
    // 11/05/2024 is November 5th to some and 11 May to others: say why it is refused.
    const ambiguous = typeof value === 'string' && /^\s*\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/.test(value);
    ctx.addIssue({
      code: 'custom',
      message: ambiguous
        ? `day or month first? write the year first, e.g. 2024-11-05 / 월·일 순서를 알 수 없습니다. 2024-11-05처럼 연도부터 쓰세요: ${String(value).slice(0, 40)}`
        : `not a date/time / 날짜·시간 형식이 아닙니다: ${String(value).slice(0, 40)}`,
    });
    return z.NEVER;
  }
  if (!inInstantRange(date)) {
    ctx.addIssue({ code: 'custom', message: `date out of range (1970–2199) / 날짜 범위(1970–2199)를 벗어났습니다: ${String(value).slice(0, 40)}` });
    return z.NEVER;
  }
  return date;
});

/** How deep metadata may nest: deep enough for any help desk's JSON, shallow enough to walk safely. */
export const MAX_METADATA_DEPTH = 16;

/** The nesting depth of a value (a scalar is 0), counting no further than just past the limit. */
function depthOf(v: unknown, depth: number): number {
  if (v === null || typeof v !== 'object' || depth > MAX_METADATA_DEPTH) return depth;
  let max = depth + 1;
  for (const child of Object.values(v)) max = Math.max(max, depthOf(child, depth + 1));
  return max;
}

/** Blank — null, '' or only whitespace — means absent, for every optional field. */
const blankToUndefined = (v: unknown): unknown => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);
/**
 * What help-desk and ERP exports write in a cell that has no value: a dash (as the metrics import
 * reads it), an all-zero date (MySQL's 0000-00-00 00:00:00), 없음, N/A. Absent too, but only for
 * the optional fields a word cannot be (times, numbers, statuses): a title or an id of "-" is text.
 */
const PLACEHOLDER_CELL = /^(?:[-–—]+|0{4}[-./]0{2}[-./]0{2}(?:[ T]0{2}:0{2}(?::0{2}(?:\.0+)?)?)?|없음|해당 ?없음|미입력|n\/a|na|none|null)$/i;
const blankOrPlaceholder = (v: unknown): unknown => (typeof v === 'string' && PLACEHOLDER_CELL.test(v.trim()) ? undefined : blankToUndefined(v));
/**
 * A text field's value as a string: numbers and booleans (a spreadsheet's number cell, a JSON id)
 * are written out; an object or array is refused, as String() would store "[object Object]".
 */
const scalarText = z.unknown().transform((v, ctx): string => {
  if (typeof v === 'string') return v;
  // Nothing at all: the string schema after this says "required".
  if (v === undefined || v === null) return undefined as never;
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) {
    // JSON.parse (or Excel, past 15 digits) has already rounded it: 9007199254740993 arrives as
    // …992, so two ids would become one item. Refused, never stored rounded.
    ctx.addIssue({
      code: 'custom',
      message: `the number ${String(v)} is too large to keep every digit (above 2^53); send it as a string ("…") or, in Excel, format the column as text / 2^53보다 큰 숫자는 자릿수가 바뀝니다. 문자열("…")로 보내거나 엑셀에서는 열을 텍스트 형식으로 지정하세요`,
    });
    return z.NEVER;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString();
  // An empty list ([] or [' ']) says nothing, like an empty cell.
  if (Array.isArray(v) && v.every((e) => typeof e === 'string' && e.trim() === '')) return '';
  const found = Array.isArray(v) ? 'a JSON array' : typeof v === 'object' ? 'a JSON object' : `a ${typeof v}`;
  const foundKo = Array.isArray(v) ? 'JSON 배열이' : typeof v === 'object' && v !== null ? 'JSON 객체가' : '글자가 아닌 값이';
  ctx.addIssue({ code: 'custom', message: `expected text, found ${found} / 글자가 와야 할 자리에 ${foundKo} 있습니다` });
  return z.NEVER;
});
const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, scalarText.pipe(z.string().trim().max(max)).transform((s) => s || undefined).optional());
/** The first `n` UTF-16 units of `s`, one fewer when the cut would split a surrogate pair. */
const cutAt = (s: string, n: number): string => s.slice(0, /[\uD800-\uDBFF]/.test(s[n - 1] ?? '') ? n - 1 : n);
/**
 * An answer (first response, resolution) this far before the item is two systems' clocks apart:
 * it counts at the item's own time. Earlier than that it is no answer to this item (ingest refuses
 * it; a conversation's reply or close does not apply to a message written after it).
 */
export const ANSWER_CLOCK_SKEW_MS = 60_000;

/** An answer time for an item written at `createdMs`: as given, the item's own time within the skew, or null before that. */
export function answerTimeFor(createdMs: number, answerMs: number): number | null {
  if (answerMs >= createdMs) return answerMs;
  return createdMs - answerMs <= ANSWER_CLOCK_SKEW_MS ? createdMs : null;
}

/** Title length kept; a longer one (a whole message pasted as a subject) is cut with "…", not refused. */
export const MAX_TITLE_CHARS = 500;
const truncatedText = (max: number) =>
  z.preprocess(
    blankToUndefined,
    scalarText
      .pipe(z.string().trim())
      .transform((s) => (s.length > max ? `${cutAt(s, max - 1).trimEnd()}…` : s) || undefined)
      .optional(),
  );
const optionalInt = (min: number, max: number) =>
  z.preprocess((v) => {
    const present = blankOrPlaceholder(v);
    return typeof present === 'string' ? Number(present.trim()) : present;
  }, z.number().int().min(min).max(max).optional());
const optionalTimestamp = z.preprocess(blankOrPlaceholder, timestampSchema.optional());

const metadataRecord = z
  .record(z.string(), z.unknown())
  .refine((m) => depthOf(m, 0) <= MAX_METADATA_DEPTH, `nested deeper than ${MAX_METADATA_DEPTH} levels / 메타데이터가 ${MAX_METADATA_DEPTH}단계보다 깊게 중첩되어 있습니다`);

/**
 * Metadata as zod's record reads it, except that a `__proto__` key (JSON.parse makes it an own
 * property) stays data: zod drops it, and a help desk's field of that name is still the customer's.
 */
const metadataSchema = z.unknown().transform((v, ctx): Record<string, unknown> => {
  const r = metadataRecord.safeParse(v);
  if (!r.success) {
    for (const issue of r.error.issues) ctx.addIssue(issue as never);
    return z.NEVER;
  }
  if (v === null || typeof v !== 'object' || !Object.hasOwn(v, '__proto__')) return r.data;
  // Rebuilt in the input's key order, as the fast path copies it.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    if (key === '__proto__') setOwn(out, key, (v as Record<string, unknown>)[key]);
    else if (Object.hasOwn(r.data, key)) out[key] = r.data[key];
  }
  return out;
});

/** `obj[key] = value`, also for the key `__proto__`, which plain assignment would take as the prototype. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Where an answer without words is still a customer's voice: survey answers and reviews. */
const SCORED_KINDS: ReadonlySet<unknown> = new Set(['survey_response', 'review']);
const SCORED_CHANNELS: ReadonlySet<unknown> = new Set(['survey', 'review', 'app_store']);

/**
 * A survey answer or review (by kind, or on a survey / review / app-store channel) with a score
 * (0–10) or a rating (1–5) and neither text nor title: most NPS respondents and most app-store
 * reviewers write nothing, and leaving them out would count only those who commented. Stored with
 * empty text (no type, topic, sentiment or duplicate group); any other item needs words.
 */
export function scoredWithoutWords(item: { text?: unknown; title?: unknown; score?: unknown; rating?: unknown; kind?: unknown; channel?: unknown }): boolean {
  if (!isBlank(item.text) || !isBlank(item.title)) return false;
  if (isBlank(item.score) && isBlank(item.rating)) return false;
  return SCORED_KINDS.has(item.kind) || SCORED_CHANNELS.has(item.channel);
}

/**
 * The one shape every adapter produces (API body, file row, webhook payload) before redaction.
 * `text` is raw here and never stored as is: the pipeline redacts it first.
 */
export const itemInputSchema = z.object({
  external_id: optionalText(200),
  channel: z.enum(CHANNELS),
  source: z.string().trim().min(1).max(100),
  kind: z.enum(ITEM_KINDS).default('inquiry').describe('inquiry when absent; a review on the review and app_store channels, a survey_response on survey (prepare-item.ts)'),
  created_at: timestampSchema,
  // Absent is empty; whether empty text is allowed depends on the item (scoredWithoutWords, below).
  text: z.preprocess((v) => v ?? '', scalarText.pipe(z.string().max(100_000))),
  title: truncatedText(MAX_TITLE_CHARS),
  language: optionalText(10),
  customer_id: optionalText(200),
  customer_segment: optionalText(100),
  customer_plan: optionalText(100),
  rating: optionalInt(1, 5),
  score: optionalInt(0, 10),
  order_ref: optionalText(200),
  product_ref: optionalText(200),
  metadata: z.preprocess(blankToUndefined, metadataSchema.optional()),
  status: z.preprocess(blankOrPlaceholder, z.enum(ITEM_STATUSES).optional()),
  assignee: optionalText(200),
  first_response_at: optionalTimestamp,
  resolved_at: optionalTimestamp,
  reopened_count: optionalInt(0, 10_000),
  handled_by: z.preprocess(blankOrPlaceholder, z.enum(HANDLED_BY).optional()),
  // Last: the fields before it keep their order (ITEM_INPUT_FIELDS, the fast path's output).
  source_updated_at: optionalTimestamp,
}).refine((item) => item.text.trim() !== '' || scoredWithoutWords(item), {
  path: ['text'],
  message: 'text is empty / 본문이 비어 있습니다',
  // Also when another field is wrong, so that a row's every error is told at once; not when the
  // text itself is (too long, an object).
  when: (payload) => !payload.issues.some((issue) => issue.path?.[0] === 'text'),
});
export type ItemInput = z.input<typeof itemInputSchema>;
export type ValidItem = z.output<typeof itemInputSchema>;

/**
 * When the sender's system last changed the record (its own `updated_at`): an item older than the
 * stored state of its record is not written (API and webhooks: ingest/latest-states.ts; every
 * write: store/queries/upsert-items.ts), so a late delivery or an old export imported after newer
 * updates cannot roll the record back. A file maps it from a column such as 수정일시 or Updated at.
 * Not named `updated_at`: that is when Sori last wrote the item (the column, GET /items).
 */
export const SOURCE_VERSION_FIELD = 'source_updated_at';
/**
 * Metadata key: when the conversation state on an item (status, assignee, resolution) was last set —
 * by a conversation update, or by an adapter that knows when its snapshot of the conversation was
 * taken (ISO 8601, as `Date.toISOString()` writes it).
 */
export const CONVERSATION_UPDATED_FIELD = 'conversation_updated_at';

/** Item fields accepted from files and APIs, in a stable order. */
export const ITEM_INPUT_FIELDS = Object.keys(itemInputSchema.shape) as (keyof ValidItem)[];

const NAIVE_LOCAL = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

/**
 * A timestamp string without an offset ("2024-05-01 13:02", "2024.05.01") as its wall-clock time
 * written as if it were UTC; null when the string is not of that form or names no real date/time.
 */
function naiveWallClockMs(s: string): number | null {
  const naive = NAIVE_LOCAL.exec(s.trim());
  if (!naive) return null;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '0'] = naive;
  if (+y < 1000) return null; // Date.UTC would read years 0–99 as 1900–1999
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec, ms);
  // Reject impossible calendar dates such as 2024-02-31 (and 25:00).
  const check = new Date(wall);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +sec > 59) return null;
  return wall;
}

/**
 * The compact forms of Korean ERP exports: 20241101, 20241101 153000, 20241101153000 (and
 * 20241101 1530). Ten to thirteen digits stay epoch seconds/milliseconds; twelve digits with no
 * space (202411011530) are one of those, so the minutes-only form needs its space.
 */
const COMPACT_LOCAL = /^(\d{4})(\d{2})(\d{2})(?:(?: ?|T)(\d{2})(\d{2})(\d{2})| (\d{2})(\d{2}))?$/;

function compactWallClockMs(m: RegExpExecArray | null): number | null {
  if (!m) return null;
  const [, y, mo, d, h1, mi1, sec = '0', h2, mi2] = m;
  const h = h1 ?? h2 ?? '0';
  const mi = mi1 ?? mi2 ?? '0';
  if (+y < 1000 || +mo < 1 || +mo > 12 || +d < 1 || +d > daysInMonth(+y, +mo) || +h > 23 || +mi > 59 || +sec > 59) return null;
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec);
}

const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const YEAR_FIRST_DATE = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)/;
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})[\\s-]+(${MONTHS})[a-z]*\\.?[\\s-]+(\\d{4})\\b`, 'i');
const MONTH_DAY_YEAR = new RegExp(`\\b(${MONTHS})[a-z]*\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');

/**
 * Whether a date with an explicit zone names a day its month does not have (2024-02-31T10:00+09:00,
 * 31 Feb 2024 10:00 GMT): Date would roll it over into March, where the same date without a zone
 * is refused.
 */
function impossibleCalendarDate(s: string): boolean {
  const bad = (y: number, mo: number, d: number) => mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo);
  let m = YEAR_FIRST_DATE.exec(s);
  if (m) return bad(+m[1], +m[2], +m[3]);
  m = DAY_MONTH_YEAR.exec(s);
  if (m) return bad(+m[3], MONTHS.split('|').indexOf(m[2].slice(0, 3).toLowerCase()) + 1, +m[1]);
  m = MONTH_DAY_YEAR.exec(s);
  if (m) return bad(+m[3], MONTHS.split('|').indexOf(m[1].slice(0, 3).toLowerCase()) + 1, +m[2]);
  return false;
}

/**
 * Wall-clock forms Korean exports and people write: 2024. 11. 3., 2024년 11월 3일 (일) 오후 3시 12분,
 * 2024.11.03 오후 3:12, 2024/11/03 3:12 PM. Year first only: 11/03/2024 is month or day first
 * depending on who wrote it, so it is refused rather than guessed.
 */
const KOREAN_LOCAL =
  /^(\d{4})\s*(?:[-./]|년)\s*(\d{1,2})\s*(?:[-./]|월)\s*(\d{1,2})\s*(?:일|\.)?\s*(?:\(\s*[월화수목금토일]\s*\)|[월화수목금토일]요일)?\s*(?:(오전|오후|am|pm)\s*)?(?:(\d{1,2})\s*(?::|시)\s*(?:(\d{1,2})\s*분?)?\s*(?::?\s*(\d{1,2})\s*초?)?)?\s*(am|pm|오전|오후)?$/i;

function koreanWallClockMs(s: string): number | null {
  const m = KOREAN_LOCAL.exec(s);
  if (!m) return null;
  const [, y, mo, d, before, hh, mi = '0', sec = '0', after] = m;
  const marker = (before ?? after)?.toLowerCase();
  if ((before && after) || +y < 1000) return null;
  let h = hh === undefined ? 0 : Number(hh);
  if (marker) {
    if (hh === undefined || h < 1 || h > 12) return null;
    const pm = marker === 'pm' || marker === '오후';
    h = (h % 12) + (pm ? 12 : 0);
  }
  const wall = Date.UTC(+y, +mo - 1, +d, h, +mi, +sec);
  const check = new Date(wall);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || h > 23 || +mi > 59 || +sec > 59) return null;
  return wall;
}

/** A time followed by its zone: Z, UTC/GMT, an offset (+09:00, -0500), optionally a zone name in parentheses. */
const EXPLICIT_ZONE = /\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:z|(?:utc|gmt)(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{1,2}(?::?\d{2})?)\s*(?:\([^)]*\))?$/i;

/** Excel stores a date as days since 1899-12-30 (its 1900 leap-year bug included); 1970…2199 only. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const EXCEL_SERIAL_MIN = 25_569; // 1970-01-01
const EXCEL_SERIAL_MAX = 109_574; // 2199-12-31

function excelWallClockMs(serial: number): number | null {
  if (!(serial >= EXCEL_SERIAL_MIN && serial < EXCEL_SERIAL_MAX + 1)) return null;
  return EXCEL_EPOCH_MS + Math.round(serial * 86_400_000);
}

const SEOUL = 'Asia/Seoul';

/** A wall-clock time (written as if UTC) as the instant it is in `timeZone`. */
function local(wall: number | null, timeZone: string): Date | null {
  if (wall === null) return null;
  // Seoul from 1989 on is UTC+9 all year: no need to ask the zone rules, which cost an Intl call.
  return new Date(timeZone === SEOUL && wall >= SEOUL_FIXED_SINCE_WALL_MS ? wall - SEOUL_OFFSET_MS : epochOfWallClock(wall, timeZone));
}
const SEOUL_OFFSET_MS = 9 * 3_600_000;
/** Korea's last daylight saving (UTC+10) ended on 1988-10-09; it also had one in summer 1987. */
const SEOUL_FIXED_SINCE_WALL_MS = Date.UTC(1989, 0, 1);

/**
 * Whether parseTimestamp reads this number as wall-clock time — a spreadsheet's serial day (45599.5),
 * 20241101 or 20241101153000 from an ERP's number cell — and not as an epoch, which has no zone.
 */
export function isWallClockNumber(value: number): boolean {
  return value < 1e8 || (value >= 1e13 && value < 1e14 && Number.isInteger(value));
}

/**
 * Parses a timestamp. Strings without an offset are wall-clock time in `timeZone` (an IANA zone,
 * daylight saving included; default Asia/Seoul, read as UTC+9 from 1989 on without asking Intl, as
 * the item schema does for every row, and through the zone rules before, for the summers of 1987–88).
 */
export function parseTimestamp(value: string | number | Date, timeZone = SEOUL): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    // A spreadsheet's date cell read as a number (45599.5): its serial day, local wall-clock time.
    // 20241101 (yyyymmdd in a number cell of an ERP export) is no serial day (those end at 109574).
    if (value >= 1e7 && value < 1e8 && Number.isInteger(value)) return local(compactWallClockMs(COMPACT_LOCAL.exec(String(value))), timeZone);
    if (value < 1e8) return local(excelWallClockMs(value), timeZone);
    // 20241101153000 as a number: as epoch ms it would be past 2286, outside what Sori stores anyway.
    if (value >= 1e13 && value < 1e14 && Number.isInteger(value)) return local(compactWallClockMs(COMPACT_LOCAL.exec(String(value))), timeZone);
    // Epoch seconds before ~2286 are < 1e10; milliseconds are larger.
    const date = new Date(value < 1e10 ? value * 1000 : value);
    // Beyond ±275,760 years Date is invalid (1e20): an error, not an Invalid Date that breaks later.
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const s = value.trim();
  if (!s) return null;
  const iso = isoWithOffsetMs(s);
  if (!Number.isNaN(iso)) return new Date(iso);
  if (NAIVE_LOCAL.test(s)) return local(naiveWallClockMs(s), timeZone);
  const compact = COMPACT_LOCAL.exec(s);
  if (compact) return local(compactWallClockMs(compact), timeZone);
  if (/^\d{10,13}$/.test(s)) return parseTimestamp(Number(s));
  if (/^\d{5,6}(?:\.\d+)?$/.test(s)) return local(excelWallClockMs(Number(s)), timeZone);
  const korean = koreanWallClockMs(s);
  if (korean !== null) return local(korean, timeZone);
  // "… KST" is Korea's wall clock whatever the workspace's zone (UTC+9, no daylight saving since 1988).
  if (/\s*kst$/i.test(s)) {
    const wall = koreanWallClockMs(s.replace(/\s*kst$/i, '')) ?? naiveWallClockMs(s.replace(/\s*kst$/i, ''));
    return wall === null ? null : new Date(wall - SEOUL_OFFSET_MS);
  }
  // ISO 8601 with an offset or Z, RFC 2822 and the like — only with an explicit zone: without one,
  // Date would read the string in this server's zone, not the workspace's.
  if (!/\d{4}/.test(s) || !EXPLICIT_ZONE.test(s) || impossibleCalendarDate(s)) return null;
  const date = new Date(s);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Epoch ms of the most common timestamp, `YYYY-MM-DDTHH:MM:SS[.f{1,3}](Z|±HH:MM)` with every part
 * in range; NaN for anything else, which `new Date()` then decides. Saves most of Date's parsing.
 */
function isoWithOffsetMs(s: string): number {
  const n = s.length;
  if (n < 20 || n > 29 || s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d || s.charCodeAt(10) !== 0x54 || s.charCodeAt(13) !== 0x3a || s.charCodeAt(16) !== 0x3a) {
    return NaN;
  }
  const y = digitsAt(s, 0, 4);
  const mo = digitsAt(s, 5, 2);
  const d = digitsAt(s, 8, 2);
  const h = digitsAt(s, 11, 2);
  const mi = digitsAt(s, 14, 2);
  const sec = digitsAt(s, 17, 2);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 0x2e) {
    let len = 0;
    while (len < 3 && i + 1 + len < n && s.charCodeAt(i + 1 + len) >= 0x30 && s.charCodeAt(i + 1 + len) <= 0x39) len++;
    if (len === 0) return NaN;
    ms = digitsAt(s, i + 1, len) * (len === 1 ? 100 : len === 2 ? 10 : 1);
    i += 1 + len;
  }
  let offsetMinutes: number;
  const sign = s.charCodeAt(i);
  if (sign === 0x5a && i + 1 === n) offsetMinutes = 0;
  else if ((sign === 0x2b || sign === 0x2d) && i + 6 === n && s.charCodeAt(i + 3) === 0x3a) {
    const oh = digitsAt(s, i + 1, 2);
    const om = digitsAt(s, i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
    offsetMinutes = (sign === 0x2b ? 1 : -1) * (oh * 60 + om);
  } else return NaN;
  // Out-of-range parts (2024-02-31, 24:00) are left to Date, which rolls some of them over.
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMinutes * 60_000;
}

/** The decimal number in s[at, at+len), or -1 if any of it is not an ASCII digit. */
function digitsAt(s: string, at: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len; k++) {
    const c = s.charCodeAt(at + k) - 0x30;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// --- fast validation -------------------------------------------------------------------------

/** A fast field check's answer when the value is anything but plainly valid: zod decides. */
const UNSURE: unique symbol = Symbol('unsure');

const CHANNEL_SET: ReadonlySet<unknown> = new Set(CHANNELS);
const KIND_SET: ReadonlySet<unknown> = new Set(ITEM_KINDS);
const STATUS_SET: ReadonlySet<unknown> = new Set(ITEM_STATUSES);
const HANDLED_BY_SET: ReadonlySet<unknown> = new Set(HANDLED_BY);

const isBlank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function fastText(v: unknown, max: number): unknown {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'string' ? v.trim() : typeof v === 'number' && (!Number.isInteger(v) || Number.isSafeInteger(v)) ? String(v) : null;
  if (s === null || s.length > max) return UNSURE;
  return s === '' ? undefined : s;
}

function fastInt(v: unknown, min: number, max: number): unknown {
  if (isBlank(v)) return undefined;
  const n = typeof v === 'string' ? Number(v) : v; // Number() ignores the same whitespace trim() does
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : UNSURE;
}

function fastTimestamp(v: unknown): unknown {
  const ok =
    typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || (v instanceof Date && !Number.isNaN(v.getTime()));
  const date = ok && parseTimestamp(v as string | number | Date);
  return date && inInstantRange(date) ? date : UNSURE;
}

function fastEnum(v: unknown, values: ReadonlySet<unknown>): unknown {
  return isBlank(v) ? undefined : values.has(v) ? v : UNSURE;
}

function fastMetadata(v: unknown): unknown {
  if (v === undefined) return undefined;
  // Only what zod's record certainly accepts: an ordinary object without symbol keys.
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype || Object.hasOwn(v, 'constructor')) return UNSURE;
  if (Object.getOwnPropertySymbols(v).length || depthOf(v, 0) > MAX_METADATA_DEPTH) return UNSURE;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) setOwn(out, key, (v as Record<string, unknown>)[key]);
  return out;
}

/**
 * What `itemInputSchema.safeParse(input).data` would be, for a plainly well-formed input, at a
 * fraction of zod's cost; undefined when anything is unusual or wrong (then ask zod, which also
 * words the errors). item.test.ts checks the two agree.
 */
export function parseWellFormedItem(input: Record<string, unknown>): ValidItem | undefined {
  // Field by field in schema order, as zod builds its output: an optional field is in the output
  // iff it is in the input. Written out rather than looped so every property access stays fast.
  const out: Partial<Record<keyof ValidItem, unknown>> = {};
  let v: unknown;
  if ((v = input.external_id) !== undefined || 'external_id' in input) {
    if ((v = fastText(v, 200)) === UNSURE) return undefined;
    out.external_id = v;
  }
  if (!CHANNEL_SET.has((v = input.channel))) return undefined;
  out.channel = v;
  if (typeof (v = input.source) !== 'string' || (v = v.trim()).length < 1 || (v as string).length > 100) return undefined;
  out.source = v;
  if ((v = input.kind) === undefined) v = 'inquiry';
  else if (!KIND_SET.has(v)) return undefined;
  out.kind = v;
  if ((v = fastTimestamp(input.created_at)) === UNSURE) return undefined;
  out.created_at = v;
  if (typeof (v = input.text) !== 'string' || v.length > 100_000 || v.trim() === '') return undefined;
  out.text = v;
  if ((v = input.title) !== undefined || 'title' in input) {
    if ((v = fastText(v, MAX_TITLE_CHARS)) === UNSURE) return undefined;
    out.title = v;
  }
  if ((v = input.language) !== undefined || 'language' in input) {
    if ((v = fastText(v, 10)) === UNSURE) return undefined;
    out.language = v;
  }
  if ((v = input.customer_id) !== undefined || 'customer_id' in input) {
    if ((v = fastText(v, 200)) === UNSURE) return undefined;
    out.customer_id = v;
  }
  if ((v = input.customer_segment) !== undefined || 'customer_segment' in input) {
    if ((v = fastText(v, 100)) === UNSURE) return undefined;
    out.customer_segment = v;
  }
  if ((v = input.customer_plan) !== undefined || 'customer_plan' in input) {
    if ((v = fastText(v, 100)) === UNSURE) return undefined;
    out.customer_plan = v;
  }
  if ((v = input.rating) !== undefined || 'rating' in input) {
    if ((v = fastInt(v, 1, 5)) === UNSURE) return undefined;
    out.rating = v;
  }
  if ((v = input.score) !== undefined || 'score' in input) {
    if ((v = fastInt(v, 0, 10)) === UNSURE) return undefined;
    out.score = v;
  }
  if ((v = input.order_ref) !== undefined || 'order_ref' in input) {
    if ((v = fastText(v, 200)) === UNSURE) return undefined;
    out.order_ref = v;
  }
  if ((v = input.product_ref) !== undefined || 'product_ref' in input) {
    if ((v = fastText(v, 200)) === UNSURE) return undefined;
    out.product_ref = v;
  }
  if ((v = input.metadata) !== undefined || 'metadata' in input) {
    if ((v = fastMetadata(v)) === UNSURE) return undefined;
    out.metadata = v;
  }
  if ((v = input.status) !== undefined || 'status' in input) {
    if ((v = fastEnum(v, STATUS_SET)) === UNSURE) return undefined;
    out.status = v;
  }
  if ((v = input.assignee) !== undefined || 'assignee' in input) {
    if ((v = fastText(v, 200)) === UNSURE) return undefined;
    out.assignee = v;
  }
  if ((v = input.first_response_at) !== undefined || 'first_response_at' in input) {
    if ((v = isBlank(v) ? undefined : fastTimestamp(v)) === UNSURE) return undefined;
    out.first_response_at = v;
  }
  if ((v = input.resolved_at) !== undefined || 'resolved_at' in input) {
    if ((v = isBlank(v) ? undefined : fastTimestamp(v)) === UNSURE) return undefined;
    out.resolved_at = v;
  }
  if ((v = input.reopened_count) !== undefined || 'reopened_count' in input) {
    if ((v = fastInt(v, 0, 10_000)) === UNSURE) return undefined;
    out.reopened_count = v;
  }
  if ((v = input.handled_by) !== undefined || 'handled_by' in input) {
    if ((v = fastEnum(v, HANDLED_BY_SET)) === UNSURE) return undefined;
    out.handled_by = v;
  }
  if ((v = input.source_updated_at) !== undefined || 'source_updated_at' in input) {
    if ((v = isBlank(v) ? undefined : fastTimestamp(v)) === UNSURE) return undefined;
    out.source_updated_at = v;
  }
  return out as ValidItem;
}

/** `itemInputSchema.safeParse`, taking the fast path when the input allows it. */
export function safeParseItemInput(input: Record<string, unknown>): z.ZodSafeParseResult<ValidItem> {
  const data = parseWellFormedItem(input);
  return data ? { success: true, data } : itemInputSchema.safeParse(input);
}

/** The text an item is read by: its title (board and e-mail subjects) on the first line, then its text. */
export function itemText(item: { title?: string | null; text: string }): string {
  return item.title ? `${item.title}\n${item.text}` : item.text;
}

/** Rows grouped by workspace, each group in input order (a batch is almost always one workspace). */
export function groupByWorkspace<T extends { workspace_id: number }>(rows: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    let group = groups.get(row.workspace_id);
    if (!group) groups.set(row.workspace_id, (group = []));
    group.push(row);
  }
  return groups;
}
