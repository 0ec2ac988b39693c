import { compareNps, type NpsCounts, type NpsSummary } from '../domain/nps.js';
import { changeVerdict, compareProportions, compareRates, wilsonInterval, type ChangeVerdict } from '../domain/stats.js';

/**
 * A headline number now and in the previous period, how much it moved, and whether that move is
 * real or within noise. The interval is for the change, in its unit: percent for counts and rates,
 * percentage points for shares, NPS points for NPS.
 */
export interface Change {
  current: number | null;
  previous: number | null;
  unit: 'percent' | 'points';
  change: number | null;
  interval: { lower: number | null; upper: number | null } | null;
  p_value: number;
  verdict: ChangeVerdict;
}

const round = (x: number | null, digits = 4): number | null => (x === null || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));

/**
 * Counts over exposures (orders, user-days, or days for plain volume) compared by the exact
 * Poisson test; `value` turns a count and exposure into the number shown (e.g. items per 100 orders).
 */
export function rateChange(
  current: { count: number; exposure: number; value: number | null },
  previous: { count: number; exposure: number; value: number | null },
  pAdjusted?: number,
): Change {
  const c = compareRates({ count: current.count, exposure: current.exposure }, { count: previous.count, exposure: previous.exposure });
  const pct = (ratio: number | null) => (ratio === null ? null : (ratio - 1) * 100);
  return {
    current: round(current.value),
    previous: round(previous.value),
    unit: 'percent',
    change: round(c.percentChange, 2),
    interval: c.ratioInterval ? { lower: round(pct(c.ratioInterval.lower), 2), upper: round(pct(c.ratioInterval.upper), 2) } : null,
    p_value: round(c.pValue, 6)!,
    verdict: changeVerdict(c, { pAdjusted }),
  };
}

/** A share (x of n) now against before, in percent, by the two-proportion test. */
export function shareChange(x1: number, n1: number, x2: number, n2: number, pAdjusted?: number): Change {
  const c = compareProportions(x1, n1, x2, n2);
  const pct = (p: number | null) => (p === null ? null : p * 100);
  return {
    current: round(pct(c.current.proportion), 2),
    previous: round(pct(c.previous.proportion), 2),
    unit: 'points',
    change: round(c.differencePp, 2),
    interval: c.differenceInterval ? { lower: round(c.differenceInterval.lowerPp, 2), upper: round(c.differenceInterval.upperPp, 2) } : null,
    p_value: round(c.pValue, 6)!,
    verdict: changeVerdict(c, { pAdjusted }),
  };
}

/** NPS now against before, in NPS points. */
export function npsChange(current: NpsCounts, previous: NpsCounts): { current: NpsSummary; previous: NpsSummary; change: Change } {
  const c = compareNps(current, previous);
  return {
    current: c.current,
    previous: c.previous,
    change: {
      current: round(c.current.nps, 1),
      previous: round(c.previous.nps, 1),
      unit: 'points',
      change: round(c.differencePoints, 1),
      interval: c.differenceInterval ? { lower: round(c.differenceInterval.lower, 1), upper: round(c.differenceInterval.upper, 1) } : null,
      p_value: round(c.pValue, 6)!,
      verdict: changeVerdict(c),
    },
  };
}

/** CSAT (share of 4–5 ratings) with its Wilson interval, from rollup counts. */
export function csatFromCounts(satisfied: number, rated: number, ratingSum: number) {
  const w = wilsonInterval(satisfied, rated);
  return {
    n: rated,
    csat_pct: w ? round(w.proportion * 100, 2) : null,
    interval: w ? { lower: round(w.lower * 100, 2), upper: round(w.upper * 100, 2) } : null,
    mean_rating: rated ? round(ratingSum / rated, 2) : null,
  };
}
