/** Dates, numbers and sizes shown in the workspace's time zone and the user's language. */

export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    formatterCache.set(key, formatter);
  }
  return formatter;
}

/** The given IANA zone when this browser knows it, else Asia/Seoul. */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return DEFAULT_TIME_ZONE;
  try {
    dateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/**
 * Date and time as each language writes it: Korean "2024. 5. 1. 13:02" (the day headers' own
 * style, no zero padding), English "May 1, 2024, 13:02" (a month name: "05/01/2024" is the
 * month/day ambiguity the importer refuses to guess).
 */
const shortFormat = (locale: string): Intl.DateTimeFormatOptions => ({
  year: 'numeric', month: locale.startsWith('en') ? 'short' : 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
/** The list's format plus seconds; the zone is added in brackets (with it, Korean switches to "05시 23분"). */
const longFormat = (locale: string): Intl.DateTimeFormatOptions => ({ ...shortFormat(locale), second: '2-digit' });

/** An ISO instant as wall-clock time in `timeZone`; '' for null, the raw value when unparsable. */
export function formatDateTime(
  iso: string | null | undefined,
  locale: string,
  timeZone: string,
  style: 'short' | 'long' = 'short',
): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (style === 'short') return dateTimeFormat(locale, { ...shortFormat(locale), timeZone }).format(date);
  const zone = dateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value;
  const text = dateTimeFormat(locale, { ...longFormat(locale), timeZone }).format(date);
  return zone ? `${text} (${zone})` : text;
}

/** A count with the locale's digit grouping. */
export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A byte count as B / KB / MB. */
export function formatBytes(bytes: number, locale: string): string {
  if (bytes < 1024) return `${formatNumber(bytes, locale)} B`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(kb)} KB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(kb / 1024)} MB`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return date.getUTCFullYear() === +m[1] && date.getUTCMonth() === +m[2] - 1 && date.getUTCDate() === +m[3];
}

/** The day after (or `n` days after) a YYYY-MM-DD day. */
export function addDays(day: string, n: number): string {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + n)).toISOString().slice(0, 10);
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instantMs`, in milliseconds. */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts = dateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wallMs = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wallMs - Math.floor(instantMs / 1000) * 1000;
}

const DAY_MS = 86_400_000;

/**
 * The instant a wall-clock time (written as if UTC) names in `timeZone`, read as the server reads
 * it (src/domain/calendar/zone.ts `epochOfWallClock`): a time skipped by a DST jump lands past the
 * jump, a repeated one is its first occurrence.
 */
function epochOfWallClock(wallMs: number, timeZone: string): number {
  // The instant is within 14 h of wallMs read as UTC: a day either side is clear of the change.
  const before = zoneOffsetMs(wallMs - DAY_MS, timeZone);
  const early = wallMs - before;
  if (zoneOffsetMs(early, timeZone) === before) return early;
  const after = zoneOffsetMs(wallMs + DAY_MS, timeZone);
  const late = wallMs - after;
  if (zoneOffsetMs(late, timeZone) === after) return late;
  return Math.max(early, late);
}

/**
 * The instant a YYYY-MM-DD day starts in `timeZone`: its midnight, or where clocks jump forward at
 * midnight (Santiago, Havana) the first instant after the jump, as the server counts the day.
 */
export function zonedDayStart(day: string, timeZone: string): Date {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  return new Date(epochOfWallClock(Date.UTC(+m[1], +m[2] - 1, +m[3]), timeZone));
}

/** Today's date in `timeZone` as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = dateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Shortens text to `max` characters on a word boundary where one is near, adding an ellipsis. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // By code point, so an emoji is never cut in half.
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > cut.length * 0.7 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The workspace-local day (YYYY-MM-DD) an ISO instant falls on; null when unparsable. */
export function dayOfInstant(iso: string, timeZone: string): string | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : todayIn(timeZone, date);
}

export type DayStyle = 'short' | 'weekday' | 'long' | 'month';

const DAY_STYLES: Record<DayStyle, Intl.DateTimeFormatOptions> = {
  short: { month: 'short', day: 'numeric' },
  weekday: { month: 'short', day: 'numeric', weekday: 'short' },
  long: { year: 'numeric', month: 'short', day: 'numeric' },
  month: { year: 'numeric', month: 'short' },
};

// A YYYY-MM-DD day is already the workspace's local day: format it as a UTC date so no zone moves it.
const dayDate = (day: string) => {
  const m = DAY.exec(day);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
};

/** A workspace-local day as words: "11월 7일", "Nov 7" (short), with weekday, year, or as a month. */
export function formatDay(day: string, locale: string, style: DayStyle = 'short'): string {
  const date = dayDate(day);
  return date ? dateTimeFormat(locale, { ...DAY_STYLES[style], timeZone: 'UTC' }).format(date) : day;
}

/** Two workspace-local days as one range: "2026년 11월 7일~12월 4일", "Nov 7 – Dec 4, 2026". */
export function formatDayRange(from: string, to: string, locale: string, style: DayStyle = 'long'): string {
  const a = dayDate(from);
  const b = dayDate(to);
  if (!a || !b) return `${from} – ${to}`;
  const formatter = dateTimeFormat(locale, { ...DAY_STYLES[style], timeZone: 'UTC' });
  return from === to ? formatter.format(a) : formatter.formatRange(a, b);
}

/** Whole days from `from` to `to`, both included. */
export function daysInclusive(from: string, to: string): number {
  const a = dayDate(from);
  const b = dayDate(to);
  return a && b ? Math.round((b.getTime() - a.getTime()) / 86_400_000) + 1 : 0;
}

/**
 * A number with at most `digits` decimals in the user's language ("1.03", "1,234"). Not for a
 * percentage or NPS: those have one formatter each (insights/changes.ts formatShare, formatNps).
 */
export function formatDecimal(value: number, locale: string, digits = 1, signed = false): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits, signDisplay: signed ? 'exceptZero' : 'auto' }).format(value);
}

/** Escapes text for HTML that a library builds from strings (chart tooltips): & < > " ' and `. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"'`]/g, (ch) => HTML_ESCAPES[ch]!);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** IANA zones this browser knows, offered while typing (older browsers: none, the field still takes any name). */
export function knownTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}
