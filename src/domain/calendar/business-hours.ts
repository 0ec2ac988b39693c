import { z } from 'zod';
import { epochOfWallClock, zoneOffsetMs } from './zone.js';
import { dateKeySchema, extraHolidaySchema, koreanHolidayDates } from './korean-holidays.js';

/**
 * Business-time arithmetic for SLAs: how much working time lies between two instants, and when a
 * working-time budget runs out. Hours are local wall-clock times in an IANA zone (read through
 * Intl, so zones with DST work); work is counted in real elapsed milliseconds, so a block that
 * spans a DST change is an hour shorter or longer. Loops run per local day and block, never per
 * minute.
 */

/** Day keys of a weekly block, indexed like Date#getDay (0 = Sunday). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * An IANA zone name: Area/Location (Asia/Seoul, America/Argentina/Buenos_Aires, Etc/GMT-9), or one
 * of the IANA names without a slash. Other names Intl takes are not: PostgreSQL, which counts the
 * daily rollups, reads them as other zones or not at all — IST is India to Intl and Israel to
 * PostgreSQL, NST New Zealand and Newfoundland, CET a fixed +01:00 all summer, AET unknown (audit
 * s18) — and offsets ("+09:00") it reads POSIX-style as UTC−9.
 */
const AREA_LOCATION = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)+$/;
/**
 * IANA names without a slash that PostgreSQL reads as Intl does, in winter and in summer (checked
 * against the database by workspace-time-zone.test.ts).
 */
export const SLASHLESS_ZONE_NAMES: readonly string[] = (
  'CST6CDT Cuba EST EST5EDT Egypt Eire GB GB-Eire GMT GMT+0 GMT-0 GMT0 Greenwich HST Hongkong Iceland Iran Israel ' +
  'Jamaica Japan Kwajalein Libya MST MST7MDT NZ NZ-CHAT Navajo PRC PST8PDT Poland Portugal ROC ROK Singapore Turkey ' +
  'UCT UTC Universal W-SU Zulu'
).split(' ');
const SLASHLESS_ZONES = new Set(SLASHLESS_ZONE_NAMES.map((name) => name.toLowerCase()));

/**
 * `zone` by the name this runtime's time-zone data gives it (asia/seoul → Asia/Seoul, US/Eastern →
 * America/New_York, Singapore → Asia/Singapore, Etc/UTC → UTC), or null when it is not an IANA zone
 * name this runtime knows. Store this form: PostgreSQL knows every canonical name Intl gives.
 */
export function canonicalTimeZone(zone: string): string | null {
  if (!AREA_LOCATION.test(zone) && !SLASHLESS_ZONES.has(zone.toLowerCase())) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Whether `zone` is an IANA time zone name this runtime knows (see canonicalTimeZone). */
export function isTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== null;
}

/** Working hours on some weekdays, local time; a night shift is two blocks (22:00–24:00, 00:00–06:00). */
export const weeklyBlockSchema = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1),
    start: z.string().regex(HH_MM, 'expected HH:MM (00:00–23:59) / HH:MM 형식이어야 합니다 (00:00–23:59)'),
    end: z.string().regex(HH_MM, 'expected HH:MM (00:01–24:00) / HH:MM 형식이어야 합니다 (00:01–24:00)'),
  })
  .refine((b) => minutesOf(b.start) < minutesOf(b.end), { message: 'a block must end after it starts, on the same day / 끝나는 시각은 같은 날 시작 시각보다 뒤여야 합니다', path: ['end'] });

/**
 * A workspace's business calendar as stored (JSON). `twentyFourSeven` counts every instant,
 * ignoring blocks and holidays; for "all day but closed on holidays" use a 00:00–24:00 block.
 * Overlapping blocks are merged.
 */
export const businessScheduleSchema = z.object({
  timeZone: z.string().refine(isTimeZone, 'not an IANA time zone / IANA 시간대가 아닙니다 (예: Asia/Seoul)').default('Asia/Seoul'),
  twentyFourSeven: z.boolean().default(false),
  blocks: z.array(weeklyBlockSchema).max(100).default([]),
  /** Korean public holidays 2000–2050 (korean-holidays.ts) are days off. */
  koreanPublicHolidays: z.boolean().default(true),
  /** The workspace's own closures (and public holidays not listed yet). */
  extraHolidays: z.array(extraHolidaySchema).max(1000).default([]),
  /** Public holidays the team works anyway (e.g. a 임시공휴일 it does not observe). */
  workedHolidays: z.array(dateKeySchema).max(1000).default([]),
});
export type BusinessScheduleSettings = z.input<typeof businessScheduleSchema>;

/** A schedule ready for the arithmetic: per weekday (0 = Sunday) sorted, disjoint [startMin, endMin) blocks. */
export interface BusinessSchedule {
  timeZone: string;
  twentyFourSeven: boolean;
  weekly: readonly (readonly (readonly [number, number])[])[];
  /** Local dates ('YYYY-MM-DD') with no business time. */
  holidays: ReadonlySet<string>;
}

/** Validates stored settings (throws ZodError) and compiles them into a BusinessSchedule. */
export function buildBusinessSchedule(settings: BusinessScheduleSettings = {}): BusinessSchedule {
  const s = businessScheduleSchema.parse(settings);
  const holidays = s.koreanPublicHolidays ? koreanHolidayDates(s.extraHolidays) : new Set(s.extraHolidays.map((h) => h.date));
  for (const date of s.workedHolidays) holidays.delete(date);
  return {
    timeZone: s.timeZone,
    twentyFourSeven: s.twentyFourSeven,
    weekly: weeklyFromBlocks(s.blocks),
    holidays,
  };
}

/** Per-weekday merged minute intervals from blocks like {days: ['mon'], start: '09:00', end: '12:00'}. */
function weeklyFromBlocks(blocks: readonly z.output<typeof weeklyBlockSchema>[]): [number, number][][] {
  const weekly: [number, number][][] = WEEKDAYS.map(() => []);
  for (const b of blocks) {
    for (const day of new Set(b.days)) weekly[WEEKDAYS.indexOf(day)].push([minutesOf(b.start), minutesOf(b.end)]);
  }
  return weekly.map((intervals) => {
    const merged: [number, number][] = [];
    for (const [start, end] of intervals.sort((a, b) => a[0] - b[0])) {
      const last = merged[merged.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
    return merged;
  });
}

// --- Time-zone plumbing (zone.ts) ---

interface CivilDate {
  y: number;
  m: number;
  d: number;
}

/** Wall-clock fields of an instant in a zone, as a UTC timestamp (so plain arithmetic works on them). */
function wallClockMs(epochMs: number, timeZone: string): number {
  return epochMs + zoneOffsetMs(epochMs, timeZone);
}

/** The instant a local wall-clock time names (see epochOfWallClock). */
function instantOf(date: CivilDate, minuteOfDay: number, timeZone: string): number {
  return epochOfWallClock(Date.UTC(date.y, date.m - 1, date.d, 0, minuteOfDay), timeZone);
}

function localDateOf(epochMs: number, timeZone: string): CivilDate {
  const wall = new Date(wallClockMs(epochMs, timeZone));
  return { y: wall.getUTCFullYear(), m: wall.getUTCMonth() + 1, d: wall.getUTCDate() };
}

function nextDay(date: CivilDate): CivilDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + 1));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

const keyOf = (date: CivilDate) => `${date.y}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
const weekdayOf = (date: CivilDate) => new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay();
const dayNumber = (date: CivilDate) => Date.UTC(date.y, date.m - 1, date.d) / 86_400_000;

// Intl dominates the cost, and SLA reports evaluate thousands of items over the same days with
// one schedule: remember each day's intervals per schedule (schedules are never mutated).
const intervalCache = new WeakMap<BusinessSchedule, Map<number, readonly (readonly [number, number])[]>>();
const INTERVAL_CACHE_DAYS = 20_000;

/** The business intervals [start, end) of one local day, as epoch ms. */
function businessIntervalsOn(date: CivilDate, schedule: BusinessSchedule): readonly (readonly [number, number])[] {
  let days = intervalCache.get(schedule);
  if (!days) intervalCache.set(schedule, (days = new Map()));
  const day = dayNumber(date);
  let intervals = days.get(day);
  if (!intervals) {
    intervals = schedule.holidays.has(keyOf(date))
      ? []
      : schedule.weekly[weekdayOf(date)].map(([from, to]) => [instantOf(date, from, schedule.timeZone), instantOf(date, to, schedule.timeZone)] as const);
    if (days.size >= INTERVAL_CACHE_DAYS) days.clear();
    days.set(day, intervals);
  }
  return intervals;
}

const hasWeeklyHours = (schedule: BusinessSchedule) => schedule.weekly.some((day) => day.length > 0);

/** Whether any time of the week is business time (24/7, or at least one block on some day). */
export const hasBusinessHours = (schedule: BusinessSchedule): boolean => schedule.twentyFourSeven || hasWeeklyHours(schedule);

// --- The arithmetic ---

/** Business time elapsed from start to end, in ms (0 if end ≤ start). */
export function businessMsBetween(start: Date, end: Date, schedule: BusinessSchedule): number {
  const from = start.getTime();
  const to = end.getTime();
  if (!(to > from)) return 0;
  if (schedule.twentyFourSeven) return to - from;
  let total = 0;
  const lastDay = dayNumber(localDateOf(to, schedule.timeZone));
  for (let date = localDateOf(from, schedule.timeZone); dayNumber(date) <= lastDay; date = nextDay(date)) {
    for (const [blockStart, blockEnd] of businessIntervalsOn(date, schedule)) {
      total += Math.max(0, Math.min(blockEnd, to) - Math.max(blockStart, from));
    }
  }
  return total;
}

/**
 * The business intervals [start, end) between two instants, clipped to them, in order and apart
 * (epoch ms). For counting many durations at once (a cumulative sum over them answers each in a
 * binary search, in SQL or here), so intervals that overlap are joined: a block edge inside a DST
 * gap (02:30 on the night clocks skip to 03:00 reads as 03:30) makes one block end after the next
 * one starts, and a running sum over both would count that time twice — by how far the list
 * reaches, so one item's time would depend on the others'. businessMsBetween (the SLA's) still
 * counts it twice there; elsewhere the lengths add up to it.
 */
export function businessIntervalsBetween(start: Date, end: Date, schedule: BusinessSchedule): [number, number][] {
  const from = start.getTime();
  const to = end.getTime();
  if (!(to > from)) return [];
  if (schedule.twentyFourSeven) return [[from, to]];
  const out: [number, number][] = [];
  const lastDay = dayNumber(localDateOf(to, schedule.timeZone));
  for (let date = localDateOf(from, schedule.timeZone); dayNumber(date) <= lastDay; date = nextDay(date)) {
    for (const [blockStart, blockEnd] of businessIntervalsOn(date, schedule)) {
      const open = Math.max(blockStart, from);
      const close = Math.min(blockEnd, to);
      if (close <= open) continue;
      const last = out.at(-1);
      if (last && open <= last[1]) last[1] = Math.max(last[1], close);
      else out.push([open, close]);
    }
  }
  return out;
}

/** Longest run of days without business time before addBusinessMs gives up (holidays are finite; blocks may be empty). */
const MAX_IDLE_DAYS = 3_660;

/**
 * The instant at which `ms` of business time has elapsed since `start` (the deadline). A budget
 * that runs out exactly at the end of a block ends there (18:00), not at the next opening.
 */
export function addBusinessMs(start: Date, ms: number, schedule: BusinessSchedule): Date {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`business time must be a finite, non-negative number of ms, got ${ms}`);
  const from = start.getTime();
  if (ms === 0 || schedule.twentyFourSeven) return new Date(from + ms);
  if (!hasWeeklyHours(schedule)) throw new RangeError('the schedule has no business hours');
  let remaining = ms;
  let idleDays = 0;
  for (let date = localDateOf(from, schedule.timeZone); idleDays <= MAX_IDLE_DAYS; date = nextDay(date)) {
    let worked = false;
    for (const [blockStart, blockEnd] of businessIntervalsOn(date, schedule)) {
      const open = Math.max(blockStart, from);
      if (blockEnd <= open) continue;
      worked = true;
      if (remaining <= blockEnd - open) return new Date(open + remaining);
      remaining -= blockEnd - open;
    }
    idleDays = worked ? 0 : idleDays + 1;
  }
  throw new RangeError(`no business time in ${MAX_IDLE_DAYS} consecutive days`);
}

/** Whether an instant falls inside business hours (block starts count, block ends do not). */
export function isBusinessTime(date: Date, schedule: BusinessSchedule): boolean {
  if (schedule.twentyFourSeven) return true;
  const t = date.getTime();
  return businessIntervalsOn(localDateOf(t, schedule.timeZone), schedule).some(([from, to]) => from <= t && t < to);
}
