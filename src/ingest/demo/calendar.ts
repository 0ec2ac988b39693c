// Korea Standard Time arithmetic on epoch milliseconds. KST is UTC+9 all year (no daylight saving),
// so plain integer maths is exact and far faster than Date/Intl on the million-item path.

import { isKoreanPublicHoliday, KOREAN_HOLIDAY_YEARS } from '../../domain/calendar/korean-holidays.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const KST_OFFSET_MS = 9 * HOUR_MS;

/** Days since 1970-01-01 of the KST calendar date that contains `ms`. */
export function kstDayNumber(ms: number): number {
  return Math.floor((ms + KST_OFFSET_MS) / DAY_MS);
}

/** The instant a KST calendar day starts (00:00 KST). */
export function kstDayStartMs(dayNumber: number): number {
  return dayNumber * DAY_MS - KST_OFFSET_MS;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Year, month (1–12) and day of a day number (proleptic Gregorian; H. Hinnant's algorithm). */
export function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

// Direct-mapped cache of day labels: a run touches a few hundred days, formatted millions of times.
const CACHE_SIZE = 1024;
const cachedDay = new Float64Array(CACHE_SIZE).fill(NaN);
const cachedIso = new Array<string>(CACHE_SIZE).fill('');
const cachedCompact = new Array<string>(CACHE_SIZE).fill('');

function fillCache(dayNumber: number): number {
  const slot = dayNumber & (CACHE_SIZE - 1);
  if (cachedDay[slot] !== dayNumber) {
    const { year, month, day } = civilFromDays(dayNumber);
    cachedIso[slot] = `${year}-${PAD2[month]}-${PAD2[day]}`;
    cachedCompact[slot] = `${year}${PAD2[month]}${PAD2[day]}`;
    cachedDay[slot] = dayNumber;
  }
  return slot;
}

/** 'YYYY-MM-DD' of a KST day number. */
export function formatKstDay(dayNumber: number): string {
  return cachedIso[fillCache(dayNumber)];
}

/** 'YYYYMMDD' of a KST day number. */
export function formatKstDayCompact(dayNumber: number): string {
  return cachedCompact[fillCache(dayNumber)];
}

/** ISO 8601 with the KST offset and second precision: '2026-03-14T10:05:09+09:00'. */
export function formatKst(ms: number): string {
  const local = ms + KST_OFFSET_MS;
  const dayNumber = Math.floor(local / DAY_MS);
  const secondOfDay = Math.floor((local - dayNumber * DAY_MS) / 1000);
  const h = (secondOfDay / 3600) | 0;
  const m = ((secondOfDay % 3600) / 60) | 0;
  const s = secondOfDay % 60;
  return `${formatKstDay(dayNumber)}T${PAD2[h]}:${PAD2[m]}:${PAD2[s]}+09:00`;
}

/** Hour of day (0–23) in KST. */
export function kstHour(ms: number): number {
  return Math.floor(((ms + KST_OFFSET_MS) % DAY_MS) / HOUR_MS);
}

export const WORK_START_HOUR = 9;
export const WORK_END_HOUR = 18;

// Day number → 1 closed (weekend or public holiday), 0 open: asked for every item of a million.
const closedCache = new Map<number, boolean>();

/**
 * Whether the support team is off on a KST day: a weekend, or a Korean public holiday (설날,
 * 추석, 대체공휴일 …) — a real team does not take calls on 추석, and the SLA report counts those
 * days as closed too, so the demo's answer times agree with its deadlines.
 */
export function isClosedDay(dayNumber: number): boolean {
  const weekday = weekdayOf(dayNumber);
  if (weekday === 0 || weekday === 6) return true;
  let closed = closedCache.get(dayNumber);
  if (closed === undefined) {
    const { year } = civilFromDays(dayNumber);
    closed = year >= KOREAN_HOLIDAY_YEARS.first && year <= KOREAN_HOLIDAY_YEARS.last && isKoreanPublicHoliday(formatKstDay(dayNumber));
    closedCache.set(dayNumber, closed);
  }
  return closed;
}

/** Whether a KST day is a public holiday on a weekday (a day with a weekend's volume). */
export function isWeekdayHoliday(dayNumber: number): boolean {
  const weekday = weekdayOf(dayNumber);
  return weekday !== 0 && weekday !== 6 && isClosedDay(dayNumber);
}

/** Whether the support team is at work: 09:00–18:00 KST on days that are not weekends or public holidays. */
export function isWorkingTime(ms: number): boolean {
  if (isClosedDay(kstDayNumber(ms))) return false;
  const hour = kstHour(ms);
  return hour >= WORK_START_HOUR && hour < WORK_END_HOUR;
}

/** The first instant at or after `ms` when the support team is at work. */
export function nextWorkingMs(ms: number): number {
  let day = kstDayNumber(ms);
  let at = ms;
  for (;;) {
    const open = kstDayStartMs(day) + WORK_START_HOUR * HOUR_MS;
    const close = kstDayStartMs(day) + WORK_END_HOUR * HOUR_MS;
    if (!isClosedDay(day) && at < close) return Math.max(at, open);
    day++;
    at = kstDayStartMs(day);
  }
}
