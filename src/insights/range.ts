import { businessMsBetween, hasBusinessHours, type BusinessSchedule } from '../domain/calendar/business-hours.js';
import { SoriError } from '../domain/errors.js';
import { addDays, daysBetweenInclusive, isLocalDay, localDayOf, periodEnd, periodStart, startOfLocalDay } from '../domain/local-day.js';
import type { Granularity } from '../store/queries/item-daily-counts.js';

/** A period of whole local days and the period of equal length just before it. */
export interface InsightRange {
  from: string;
  to: string;
  days: number;
  previous: { from: string; to: string };
  timezone: string;
  /** The same period as instants, for drilling down to the items (`created_at` from ≤ t < to). */
  instants: { from: string; to: string };
  /**
   * The range ends today (in the workspace's zone): its last day is not over, so its counts are
   * still low against whole days. Only when asked for explicitly; `to` is never after today.
   */
  includes_today: boolean;
}

/** The longest range an insight covers (10 years of days). */
const MAX_RANGE_DAYS = 3_660;
/** The range when none is given: the 28 whole days before today (four whole weekday cycles). */
export const DEFAULT_RANGE_DAYS = 28;

/**
 * Resolves `from`/`to` (local days, inclusive) and its comparison period. Defaults: `to` is
 * yesterday (a half-finished today would read as a drop against whole days), `from` 27 days
 * before `to`; `from` alone runs 28 days but never past yesterday (or `from` itself when it is
 * today). A `to` after today is cut to today: days that have not happened hold no items.
 */
export function resolveRange(input: { from?: string; to?: string }, timezone: string, now = new Date()): InsightRange {
  for (const [name, value] of [['from', input.from], ['to', input.to]] as const) {
    if (value !== undefined && !isLocalDay(value)) {
      throw new SoriError('validation_failed', `${name} must be a day (YYYY-MM-DD) / ${name}는 날짜(YYYY-MM-DD)여야 합니다`, { field: name });
    }
  }
  const today = localDayOf(now, timezone);
  const yesterday = addDays(today, -1);
  let to = input.to ?? (input.from ? minDay(addDays(input.from, DEFAULT_RANGE_DAYS - 1), maxDay(yesterday, input.from)) : yesterday);
  if (to > today) to = today;
  const from = input.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  const days = daysBetweenInclusive(from, to);
  if (days < 1) throw new SoriError('validation_failed', 'from must not be after to / 시작일이 종료일보다 늦습니다', { field: 'from' });
  if (days > MAX_RANGE_DAYS) throw new SoriError('validation_failed', `a range spans at most ${MAX_RANGE_DAYS} days / 기간은 최대 ${MAX_RANGE_DAYS}일입니다`, { field: 'to' });
  return {
    from,
    to,
    days,
    previous: { from: addDays(from, -days), to: addDays(from, -1) },
    timezone,
    instants: dayInstants(from, to, timezone),
    includes_today: to >= today,
  };
}

/** An item younger than this is not yet due an answer: a response rate leaves its day out. */
export const ANSWER_DUE_MS = 24 * 3_600_000;
/**
 * Nor before a working day's hours have passed since it came in (8, as the default written-inquiry
 * policy): an inquiry of Friday evening is not due before Monday's hours.
 */
export const ANSWER_DUE_BUSINESS_MS = 8 * 3_600_000;
/** How far back the cutoff is looked for (a schedule with no hours for longer ends it there). */
const ANSWER_DUE_SEARCH_MS = 60 * 86_400_000;

/**
 * The latest instant from which `ms` of business time has passed by `now` (the reverse of
 * `addBusinessMs`), found by bisection to the second; `now` − 60 days when the schedule holds less.
 */
export function businessMsAgo(now: Date, ms: number, schedule: BusinessSchedule): Date {
  if (schedule.twentyFourSeven) return new Date(now.getTime() - ms);
  let lo = now.getTime() - ANSWER_DUE_SEARCH_MS;
  if (businessMsBetween(new Date(lo), now, schedule) < ms) return new Date(lo);
  let hi = now.getTime();
  // Invariant: business time from lo to now is at least ms; from hi, less.
  while (hi - lo > 1_000) {
    const mid = Math.floor((lo + hi) / 2);
    if (businessMsBetween(new Date(mid), now, schedule) >= ms) lo = mid;
    else hi = mid;
  }
  return new Date(lo);
}

/**
 * Where a response rate's days end: `from`, the first local day holding items not yet due an answer
 * (many are unanswered only because of that, and would read as a falling rate against a period long
 * answered); `before`, that day when the range reaches it (what the answer reports), else null.
 * An item is due once a day has passed and, with the workspace's business hours (its SLA settings),
 * a working day's hours too — on a Sunday, Friday's and the weekend's inquiries are not due yet.
 */
export function answersDue(range: InsightRange, timezone: string, now: Date, schedule?: BusinessSchedule): { from: string; before: string | null } {
  let cutoff = now.getTime() - ANSWER_DUE_MS;
  if (schedule && hasBusinessHours(schedule)) cutoff = Math.min(cutoff, businessMsAgo(now, ANSWER_DUE_BUSINESS_MS, schedule).getTime());
  const from = localDayOf(new Date(cutoff), timezone);
  return { from, before: range.to >= from ? from : null };
}

const minDay = (a: string, b: string) => (a < b ? a : b);
const maxDay = (a: string, b: string) => (a > b ? a : b);

/** The instants a run of local days covers: [start of `from`, start of the day after `to`). */
export function dayInstants(from: string, to: string, timezone: string): { from: string; to: string } {
  return { from: startOfLocalDay(from, timezone).toISOString(), to: startOfLocalDay(addDays(to, 1), timezone).toISOString() };
}

/**
 * Every day/week/month bucket of the range, in order, each with the days of it inside the range
 * (the first and last clipped to the range): a chart's category axis, so a bucket without data is
 * a gap at its place rather than missing, and a bucket's drill-down covers its whole period.
 */
export function rangePeriods(range: Pick<InsightRange, 'from' | 'to'>, granularity: Granularity): { period: string; first: string; last: string }[] {
  const out: { period: string; first: string; last: string }[] = [];
  for (let period = periodStart(range.from, granularity); period <= range.to; period = addDays(periodEnd(period, granularity), 1)) {
    const end = periodEnd(period, granularity);
    out.push({ period, first: period < range.from ? range.from : period, last: end > range.to ? range.to : end });
  }
  return out;
}

/** A readable bucket size for a chart of `days` days: days up to ~2 months, then weeks, then months. */
export function autoGranularity(days: number): Granularity {
  return days <= 62 ? 'day' : days <= 366 ? 'week' : 'month';
}
