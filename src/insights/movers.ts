import { daysBetweenInclusive, eachDay, weekdayOf } from '../domain/local-day.js';
import { adjustedWhereCompared, type DayObservation } from '../domain/stats.js';
import type { CountRow } from '../store/queries/item-daily-counts.js';
import { testRateChange, type Change, type RateSide } from './change.js';
import { rateOverDays, type Denominator } from './denominator.js';
import type { InsightRange } from './range.js';

/** One value of a dimension (a topic, a type, a channel) and how its rate moved. */
export interface Mover {
  key: string;
  /** Items on every day of the period (the rate leaves out days without a business number). */
  current_items: number;
  previous_items: number;
  /** Items above (or below, negative) what the previous period's rate predicts for this one. */
  excess_items: number;
  /** Items per `per` of the denominator, or items per day without one. */
  rate: Change;
  /** The Benjamini–Hochberg adjusted p-value across every key compared at once. */
  p_adjusted: number;
}

/** One key's two periods, as `periodRate` gives them. */
export interface KeyPeriods {
  key: string;
  cur: RateSide;
  prev: RateSide;
}

/**
 * Tests every key of a split at once (the same range, the same key set, the same rate): each key's
 * change with its verdict under the Benjamini–Hochberg control across all of them, and the adjusted
 * p-value. The one place where "many keys compared at once" is decided, so the Overview's movers and
 * Explore's lines give the same topic the same verdict: the family is every key of the split, never
 * only the ones a page shows (12 lines out of 33 topics gave 배송 "유의미한 감소" beside the movers'
 * "변동 범위 내", session 26). Keys whose comparison `check` takes back are not compared.
 */
export function compareKeysAtOnce(keys: readonly KeyPeriods[], check: (change: Change, key: string) => Change = (c) => c): { change: Change; p_adjusted: number }[] {
  // Each key tested once; the adjusted p-value only changes its verdict.
  const tested = keys.map((k) => testRateChange(k.cur, k.prev));
  const pAdjusted = adjustedWhereCompared(
    tested.map((t) => t.change.p_value),
    tested.map((t, i) => !check(t.change, keys[i]!.key).reason),
  );
  return tested.map((t, i) => ({
    change: check({ ...t.change, verdict: t.verdictAt(pAdjusted[i]!) }, keys[i]!.key),
    p_adjusted: Number(pAdjusted[i]!.toFixed(6)),
  }));
}

/**
 * Compares every key's rate between the range and its previous period (per day rows of both),
 * controls the false-discovery rate across the keys (compareKeysAtOnce, q = 0.05), and orders
 * them: real changes first, largest excess first. `check` may take a key's verdict back (e.g. when
 * the previous period is not covered by data) before the order is made. Keys that `listed` refuses
 * (items without a topic or type) are tested with the others, as Explore's lines are, but not listed.
 */
export function findMovers(
  rows: CountRow[],
  range: InsightRange,
  den: Denominator | null,
  check: (change: Change, key: string) => Change = (c) => c,
  listed: (key: string) => boolean = () => true,
): Mover[] {
  const byKey = new Map<string, Map<string, number>>();
  for (const row of rows) {
    let days = byKey.get(row.key!);
    if (!days) byKey.set(row.key!, (days = new Map()));
    days.set(row.period!, (days.get(row.period!) ?? 0) + row.items);
  }
  const raw = [...byKey].map(([key, daily]) => {
    const [cur, prev] = [range, range.previous].map((p) => periodRate(daily, den, p.from, p.to));
    return { key, cur: cur!, prev: prev! };
  });
  const tested = compareKeysAtOnce(raw, check);
  const movers = raw.flatMap((r, i): Mover[] => {
    if (!listed(r.key)) return [];
    const expected = r.prev.exposure > 0 ? (r.prev.count * r.cur.exposure) / r.prev.exposure : 0;
    return [{
      key: r.key,
      current_items: r.cur.items,
      previous_items: r.prev.items,
      excess_items: Math.round(r.cur.count - expected),
      rate: tested[i]!.change,
      p_adjusted: tested[i]!.p_adjusted,
    }];
  });
  const real = (m: Mover) => (m.rate.verdict === 'significant_increase' || m.rate.verdict === 'significant_decrease' ? 0 : 1);
  return movers.sort((a, b) => real(a) - real(b) || Math.abs(b.excess_items) - Math.abs(a.excess_items) || a.key.localeCompare(b.key));
}

/**
 * A key's numbers over a period: `items` on every day; `count` and `exposure` for the rate test,
 * on the days that have a business number (every day, exposure 1 a day, without a denominator);
 * `coveredDays` and `denominator` (the metric over them) say what the rate is of — null without one.
 */
export function periodRate(daily: Map<string, number>, den: Denominator | null, from: string, to: string) {
  let items = 0;
  for (const [day, n] of daily) if (day >= from && day <= to) items += n;
  if (den) {
    const r = rateOverDays(den, daily, from, to);
    return { items, count: r.items, exposure: r.exposure, value: r.rate, days: r.days, coveredDays: r.coveredDays as number | null, denominator: r.denominator };
  }
  const days = daysBetweenInclusive(from, to);
  return { items, count: items, exposure: days, value: days ? items / days : null, days: plainDays(daily, from, to), coveredDays: null, denominator: null };
}

/** Every day from..to with its count (0 on a day without items) and an exposure of 1: a plain count's days for rateChange. */
export function plainDays(daily: ReadonlyMap<string, number>, from: string, to: string): DayObservation[] {
  return Array.from(eachDay(from, to), (day) => ({ count: daily.get(day) ?? 0, exposure: 1, weekday: weekdayOf(day) }));
}

/**
 * When each topic's items begin (`labelled_since` of a topic promoted from a discovered cluster),
 * by topic id; a parent takes its latest child's, as its row and filter count the children.
 */
export function topicsLabelledSince(topics: readonly { id: string; parent_id: string | null; labelled_since: Date | string | null }[]): Map<string, Date> {
  const out = new Map<string, Date>();
  for (const t of topics) {
    if (!t.labelled_since) continue;
    const since = new Date(t.labelled_since);
    for (const id of [t.id, t.parent_id]) {
      if (id && !(out.get(id)! >= since)) out.set(id, since);
    }
  }
  return out;
}
