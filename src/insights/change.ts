import { compareNps, type NpsCounts, type NpsSummary } from '../domain/nps.js';
import { changeVerdict, compareProportions, compareRates, rateDispersion, wilsonInterval, type ChangeVerdict, type DayObservation } from '../domain/stats.js';

/**
 * A share whose base is at least this large in both periods is compared even when one outcome is
 * rare in both (fewer than MIN_EVENTS_FOR_VERDICT): Fisher's exact test is exact at any count, and
 * the base is no small sample. A response rate of 100 % before and 2,744 of 2,747 now is then
 * "within noise", not "not enough data" (session 26). Smaller bases keep the rule of five events.
 */
export const SHARE_BASE_FOR_RARE_OUTCOME = 30;

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
  /**
   * For counts and rates compared with their days: how much more the daily counts vary than Poisson
   * counts (quasi-Poisson φ), when above 1 — the test and the interval were widened by it.
   */
  dispersion?: number;
  /**
   * Why the verdict is insufficient_data when it is not just too few events: `previous_not_covered`
   * (the previous period starts before the first item of the workspace, or of the channel), or
   * `invalid_counts` (counts that cannot be compared, e.g. a part larger than its whole), or
   * `topic_labelled_since` (a topic promoted from a discovered cluster has items labelled only from
   * a later instant than the previous period's start), or `partial_day` (the range ends today: its
   * counts are not complete, and against whole days they would read as a fall).
   */
  reason?: 'previous_not_covered' | 'invalid_counts' | 'topic_labelled_since' | 'partial_day';
}

/** A comparison that cannot be made: the numbers as far as they go, and no verdict. */
export function insufficientChange(unit: Change['unit'], current: number | null, previous: number | null, reason?: Change['reason']): Change {
  return { current: round(current), previous: round(previous), unit, change: null, interval: null, p_value: 1, verdict: 'insufficient_data', ...(reason ? { reason } : {}) };
}

/**
 * Turns a change into insufficient_data when the previous period is not covered by data: it
 * starts before `firstDay` (the first day with an item, of the workspace or of a channel), or
 * there is no item at all. An empty stretch before the first import would read as a rise.
 */
export function requireCoverage(change: Change, previousFrom: string, firstDay: string | null | undefined): Change {
  if (firstDay && firstDay <= previousFrom) return change;
  return { ...change, change: null, interval: null, p_value: 1, verdict: 'insufficient_data', reason: 'previous_not_covered' };
}

/**
 * Turns a comparison of counts into insufficient_data when the range ends today (`includesToday`):
 * a day not over yet against whole days reads as a fall (−9 % "significant" on a steady stream at
 * 08:00). The numbers stay; only the verdict is withheld. Shares are left alone (both parts are partial).
 */
export function requireWholeDays(change: Change, includesToday: boolean): Change {
  if (!includesToday || change.reason) return change;
  return { ...change, change: null, interval: null, p_value: 1, verdict: 'insufficient_data', reason: 'partial_day' };
}

/** Turns a change into insufficient_data when the key was only labelled from `since` on, after the previous period began. */
export function requireLabelledFrom(change: Change, previousFrom: Date, since: Date | null | undefined): Change {
  if (!since || since.getTime() <= previousFrom.getTime()) return change;
  return { ...change, change: null, interval: null, p_value: 1, verdict: 'insufficient_data', reason: 'topic_labelled_since' };
}

const validCount = (x: number) => Number.isInteger(x) && x >= 0;
const validExposure = (e: number) => Number.isFinite(e) && e >= 0;

const round = (x: number | null, digits = 4): number | null => (x === null || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));

/** One side of a rate comparison: its count and exposure, the number shown, and optionally its days. */
export interface RateSide {
  count: number;
  exposure: number;
  value: number | null;
  /**
   * The period's days (count and exposure each, zero-count days included): with both sides' days
   * the test allows for counts that vary more from day to day than Poisson counts (rateDispersion).
   */
  days?: readonly DayObservation[];
}

/**
 * Counts over exposures (orders, user-days, or days for plain volume) compared by the exact
 * Poisson test, widened by the daily counts' dispersion when both sides carry their days;
 * `value` turns a count and exposure into the number shown (e.g. items per 100 orders).
 */
export function rateChange(current: RateSide, previous: RateSide, pAdjusted?: number): Change {
  const tested = testRateChange(current, previous);
  return pAdjusted === undefined ? tested.change : { ...tested.change, verdict: tested.verdictAt(pAdjusted) };
}

/**
 * rateChange tested once: the change with its own verdict, and the verdict again under an adjusted
 * p-value (Benjamini–Hochberg across keys compared at once), without testing the counts again.
 */
export function testRateChange(current: RateSide, previous: RateSide): { change: Change; verdictAt: (pAdjusted: number) => ChangeVerdict } {
  // Events over no exposure (a day whose business number is 0 slipped through) have no rate: no verdict, never a throw.
  for (const side of [current, previous]) {
    if (!validCount(side.count) || !validExposure(side.exposure) || (side.exposure === 0 && side.count > 0)) {
      return { change: insufficientChange('percent', current.value, previous.value, 'invalid_counts'), verdictAt: () => 'insufficient_data' };
    }
  }
  const dispersion = current.days && previous.days ? rateDispersion(current.days, previous.days) : null;
  const c = compareRates({ count: current.count, exposure: current.exposure }, { count: previous.count, exposure: previous.exposure }, { dispersion });
  const pct = (ratio: number | null) => (ratio === null ? null : (ratio - 1) * 100);
  const change: Change = {
    current: round(current.value),
    previous: round(previous.value),
    unit: 'percent',
    change: round(c.percentChange, 2),
    interval: c.ratioInterval ? { lower: round(pct(c.ratioInterval.lower), 2), upper: round(pct(c.ratioInterval.upper), 2) } : null,
    p_value: round(c.pValue, 6)!,
    verdict: changeVerdict(c),
    ...(c.dispersion !== null ? { dispersion: round(c.dispersion, 3)! } : {}),
  };
  return { change, verdictAt: (pAdjusted) => changeVerdict(c, { pAdjusted }) };
}

/** A share (x of n) now against before, in percent, by the two-proportion test. */
export function shareChange(x1: number, n1: number, x2: number, n2: number, pAdjusted?: number): Change {
  // A part larger than its whole (or a negative count) is a definition bug upstream; the page
  // still renders and says it cannot judge, instead of failing with HTTP 500.
  if (![x1, n1, x2, n2].every(validCount) || x1 > n1 || x2 > n2) {
    const pct = (x: number, n: number) => (validCount(x) && validCount(n) && n > 0 && x <= n ? (x / n) * 100 : null);
    return insufficientChange('points', pct(x1, n1), pct(x2, n2), 'invalid_counts');
  }
  const c = compareProportions(x1, n1, x2, n2);
  const evidence = !c.enoughData && Math.min(n1, n2) >= SHARE_BASE_FOR_RARE_OUTCOME ? { ...c, enoughData: true } : c;
  return {
    current: sharePct(x1, n1),
    previous: sharePct(x2, n2),
    unit: 'points',
    change: round(c.differencePp, 2),
    interval: c.differenceInterval ? { lower: round(c.differenceInterval.lowerPp, 2), upper: round(c.differenceInterval.upperPp, 2) } : null,
    p_value: round(c.pValue, 6)!,
    verdict: changeVerdict(evidence, { pAdjusted }),
  };
}

/**
 * x of n in percent, exactly (not rounded): 100 only when all n are there, 0 only when none is, so
 * a reader can tell 99,999 of 100,000 from all of them. Wording it is the page's: the dashboard
 * never prints such a share as "100%" (web/src/insights/changes.ts formatPercentNumber).
 */
export function sharePct(x: number, n: number): number | null {
  if (!(n > 0)) return null;
  // x·100 is exact for counts, so the one rounding of the division keeps x < n below 100.
  return (x * 100) / n;
}

/**
 * The chatbot's share's base: every item received on the answering channels once some handler is
 * recorded — an item whose source does not say is a person's, as the Overview's response rate and
 * Support's handler headline count it (bot ÷ (bot + agent) left it out: 20 % against the handler
 * table's 16.7 %, and 100 % for a chatbot platform that marks its sessions beside a desk that marks
 * nothing). 0 when no handler is recorded at all: no share, not 0 %.
 */
export function botShareBase(bot: number, human: number, received: number): number {
  return bot + human > 0 ? Math.max(received, bot + human) : 0;
}

/** NPS now against before, in NPS points. */
export function npsChange(current: NpsCounts, previous: NpsCounts): { current: NpsSummary; previous: NpsSummary; change: Change } {
  const ok = (n: NpsCounts) => [n.promoters, n.passives, n.detractors].every(validCount);
  if (!ok(current) || !ok(previous)) {
    const empty: NpsSummary = { n: 0, nps: null, promotersPct: null, passivesPct: null, detractorsPct: null, interval: null };
    return { current: empty, previous: empty, change: insufficientChange('points', null, null, 'invalid_counts') };
  }
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
  const w = validCount(satisfied) && validCount(rated) && satisfied <= rated ? wilsonInterval(satisfied, rated) : null;
  return {
    n: rated,
    csat_pct: w ? sharePct(satisfied, rated) : null,
    interval: w ? { lower: round(w.lower * 100, 2), upper: round(w.upper * 100, 2) } : null,
    mean_rating: rated ? round(ratingSum / rated, 2) : null,
  };
}
