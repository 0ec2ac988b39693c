/**
 * Calendar days ('YYYY-MM-DD') in a workspace's time zone: the unit every insight is counted in.
 * Day arithmetic is done on UTC dates (no time zone can shift a calendar day); only the boundary
 * between a local day and real instants needs the zone.
 */

import { epochOfWallClock, zoneOffsetMs } from './calendar/zone.js';

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isLocalDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

function toUtc(day: string): number {
  if (!isLocalDay(day)) throw new RangeError(`not a day (YYYY-MM-DD): ${day}`);
  return Date.parse(`${day}T00:00:00Z`);
}

const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The day `n` days after `day` (before when negative). */
export function addDays(day: string, n: number): string {
  return fromUtc(toUtc(day) + n * DAY_MS);
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysBetweenInclusive(from: string, to: string): number {
  return Math.max(0, Math.round((toUtc(to) - toUtc(from)) / DAY_MS) + 1);
}

/** The day of the week of a calendar day, 0 (Sunday) to 6. */
export function weekdayOf(day: string): number {
  return new Date(toUtc(day)).getUTCDay();
}

/** Every day from `from` to `to`, inclusive. */
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = toUtc(from), end = toUtc(to); t <= end; t += DAY_MS) out.push(fromUtc(t));
  return out;
}

/** First day of the day's ISO week (Monday), or month — what PostgreSQL's date_trunc gives. */
export function periodStart(day: string, granularity: 'day' | 'week' | 'month'): string {
  if (granularity === 'day') return day;
  if (granularity === 'month') return `${day.slice(0, 8)}01`;
  const t = toUtc(day);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  return fromUtc(t - weekday * DAY_MS);
}

/** Last day of the period that starts on `start` (a day, an ISO week from Monday, a month). */
export function periodEnd(start: string, granularity: 'day' | 'week' | 'month'): string {
  if (granularity === 'day') return start;
  if (granularity === 'week') return addDays(start, 6);
  const [y, m] = start.split('-').map(Number) as [number, number];
  return addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
}

/** The offset of `zone` from UTC at an instant, in minutes (540 for Asia/Seoul). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  return Math.round(zoneOffsetMs(at.getTime(), zone) / 60_000);
}

/**
 * The instant a local day starts in `zone`: its local midnight, or — where clocks jump forward at
 * midnight (Chile, Brazil until 2019) — the first instant after the jump.
 */
export function startOfLocalDay(day: string, zone: string): Date {
  return new Date(epochOfWallClock(toUtc(day), zone));
}

/** The local day (YYYY-MM-DD) of an instant in `zone`. */
export function localDayOf(at: Date, zone: string): string {
  return fromUtc(at.getTime() + zoneOffsetMinutes(zone, at) * 60_000);
}
