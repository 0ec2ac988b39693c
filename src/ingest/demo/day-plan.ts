// How many inquiries each day of the demo window gets, and at what time of day: weekly and daily
// seasonality, slow growth, and the incidents' extra volume. Shared by items and business metrics.

import { DAY_MS, HOUR_MS, isClosedDay, isWeekdayHoliday, kstDayNumber, kstDayStartMs, weekdayOf } from './calendar.js';
import { INCIDENTS, type IncidentSpec } from './incidents.js';
import type { Rng } from './rng.js';

/** Relative inquiry volume by KST hour: peaks 10–12 and 14–17, a lunch dip, quiet nights. */
const HOURLY = [
  0.15, 0.08, 0.05, 0.04, 0.04, 0.06, 0.15, 0.35, 0.7, 1.2, 1.65, 1.7, 1.15, 1.35, 1.65, 1.75, 1.6, 1.3, 0.9, 0.75, 0.8, 0.85, 0.7, 0.4,
];
const HOURLY_CUMULATIVE = (() => {
  const out = new Float64Array(24);
  let sum = 0;
  HOURLY.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
})();
const HOURLY_TOTAL = HOURLY_CUMULATIVE[23];

/** Relative inquiry volume by weekday, Sunday first: Monday catches up on the weekend. */
export const INQUIRY_WEEKDAY = [0.62, 1.22, 1.1, 1.04, 1.0, 0.95, 0.66];
/**
 * Relative inquiry volume of a KST day: its weekday's, except that a public holiday on a weekday
 * (추석, 대체공휴일 …) is as quiet as a Sunday and the first working day after a closed stretch
 * catches up like a Monday (or more, after a long holiday).
 */
export function inquiryDayWeight(dayNumber: number): number {
  if (isWeekdayHoliday(dayNumber)) return INQUIRY_WEEKDAY[0];
  const own = INQUIRY_WEEKDAY[weekdayOf(dayNumber)];
  if (isClosedDay(dayNumber)) return own;
  let closedBefore = 0;
  while (closedBefore < 10 && isClosedDay(dayNumber - 1 - closedBefore)) closedBefore++;
  if (closedBefore === 0 || (weekdayOf(dayNumber) === 1 && closedBefore === 2)) return own;
  return Math.max(own, INQUIRY_WEEKDAY[1] + 0.08 * Math.max(0, closedBefore - 2));
}

/** Volume grows about 25% over 90 days. */
export const GROWTH_PER_DAY = Math.log(1.25) / 90;

export interface PlannedIncident {
  spec: IncidentSpec;
  fromMs: number;
  toMs: number;
}

export interface DayPlan {
  firstDay: number;
  days: number;
  endMs: number;
  /** Share of each day's normal volume that has happened by `endMs` (below 1 only on the last day). */
  elapsed: Float64Array;
  /** Regular items per day; they and the incident items add up to the requested count. */
  counts: Int32Array;
  /** Extra items per day from that day's incident. */
  incidentCounts: Int32Array;
  /** Index into `incidents` per day, or -1. */
  incidentOfDay: Int8Array;
  incidents: PlannedIncident[];
  /** Regular items in all; incident items are the rest of the count. */
  regularTotal: number;
}

/** Fraction of a day's volume that falls before `ms` into that day. */
function hourlyMassBefore(msIntoDay: number): number {
  const hours = msIntoDay / HOUR_MS;
  if (hours >= 24) return 1;
  const h = Math.floor(hours);
  const before = h > 0 ? HOURLY_CUMULATIVE[h - 1] : 0;
  return (before + HOURLY[h] * (hours - h)) / HOURLY_TOTAL;
}

function toMinute(ms: number): number {
  return Math.round(ms / 60_000) * 60_000;
}

/**
 * The window day an incident starts on: its nominal day, or the nearest day within six (back, or
 * forward for `startsLater`) whose weekday it can start on, that is no holiday and that keeps it
 * inside the window, clear of today and of the incidents placed before it.
 */
function startDay(spec: IncidentSpec, nominal: number, firstDay: number, days: number, taken: Int8Array): number {
  if (!spec.startsOn) return nominal;
  const length = spec.extraShare.length;
  for (let k = 0; k <= 6; k++) {
    const start = spec.startsLater ? nominal + k : nominal - k;
    const end = start + length - 1;
    if (start < 0 || end >= days - 1) continue;
    const day = firstDay + start;
    if (!spec.startsOn.includes(weekdayOf(day)) || isClosedDay(day)) continue;
    let free = true;
    for (let i = start; i <= end; i++) if (taken[i] >= 0) free = false;
    if (free) return start;
  }
  return nominal;
}

/** Growth factor of day `dayIndex` of the window (1 on the first day). */
export function dayTrend(dayIndex: number): number {
  return Math.exp(GROWTH_PER_DAY * dayIndex);
}

/**
 * Splits `count` items over the `days` KST days ending with the day of `endMs`. How many items are
 * incident items depends only on `count` and `days`, never on the end date, so the same ids mean
 * the same items whenever the window is generated.
 */
export function planDays(count: number, days: number, endMs: number): DayPlan {
  if (!Number.isInteger(days) || days < 1) throw new Error(`days must be a positive integer, got ${days}`);
  const lastDay = kstDayNumber(endMs);
  const firstDay = lastDay - days + 1;
  const elapsed = new Float64Array(days).fill(1);
  elapsed[days - 1] = hourlyMassBefore(endMs - kstDayStartMs(lastDay));

  const incidents: PlannedIncident[] = [];
  const incidentOfDay = new Int8Array(days).fill(-1);
  const incidentCounts = new Int32Array(days);
  let incidentTotal = 0;
  for (const spec of INCIDENTS) {
    const nominal = days - 1 - spec.startDaysBeforeEnd;
    if (nominal < 0 || nominal + spec.extraShare.length - 1 >= days - 1) continue; // does not fit the window (and never touches today)
    // Whether it fits depends on the nominal day only, so the item count never depends on the calendar.
    const start = startDay(spec, nominal, firstDay, days, incidentOfDay);
    const end = start + spec.extraShare.length - 1;
    incidents.push({
      spec,
      fromMs: toMinute(kstDayStartMs(firstDay + start) + spec.startHour * HOUR_MS),
      toMs: toMinute(kstDayStartMs(firstDay + end) + spec.endHour * HOUR_MS),
    });
    for (let k = 0; k < spec.extraShare.length; k++) {
      incidentOfDay[start + k] = incidents.length - 1;
      // A share of an average day, not of that weekday: the total must not depend on the calendar.
      incidentCounts[start + k] = Math.round((count / days) * spec.extraShare[k]);
      incidentTotal += incidentCounts[start + k];
    }
  }
  if (incidentTotal > count) {
    incidentCounts.fill(0);
    incidentTotal = 0;
  }
  const regularTotal = count - incidentTotal;

  const weights = new Float64Array(days);
  let total = 0;
  for (let i = 0; i < days; i++) {
    weights[i] = dayTrend(i) * inquiryDayWeight(firstDay + i) * elapsed[i];
    total += weights[i];
  }
  if (total === 0) {
    weights.fill(1);
    total = days;
  }
  // Largest remainder, so the days add up to exactly `regularTotal`.
  const counts = new Int32Array(days);
  const remainders: [number, number][] = [];
  let assigned = 0;
  for (let i = 0; i < days; i++) {
    const exact = (regularTotal * weights[i]) / total;
    counts[i] = Math.floor(exact);
    assigned += counts[i];
    remainders.push([exact - counts[i], i]);
  }
  remainders.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; assigned < regularTotal; k++, assigned++) counts[remainders[k % days][1]]++;

  return { firstDay, days, endMs, elapsed, counts, incidentCounts, incidentOfDay, incidents, regularTotal };
}

/** A time on one KST day following the hourly profile, within [fromMs, toMs). */
export function sampleTimeOfDay(rng: Rng, dayStartMs: number, fromMs = dayStartMs, toMs = dayStartMs + DAY_MS): number {
  for (let attempt = 0; attempt < 40; attempt++) {
    const x = rng() * HOURLY_TOTAL;
    let h = 0;
    while (h < 23 && x >= HOURLY_CUMULATIVE[h]) h++;
    // Whole seconds: sources rarely carry milliseconds.
    const t = dayStartMs + h * HOUR_MS + Math.floor(rng() * 3600) * 1000;
    if (t >= fromMs && t < toMs) return t;
  }
  // A sliver of a window (just after midnight): uniform inside it.
  return Math.floor((fromMs + rng() * Math.max(0, toMs - fromMs - 1000)) / 1000) * 1000;
}
