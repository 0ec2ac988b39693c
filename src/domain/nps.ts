/**
 * Survey scores for the dashboard: Net Promoter Score (0–10 "would you recommend") and CSAT
 * (1–5 satisfaction), each with an interval so a small survey is not read as a precise number.
 */
import { type ChangeEvidence, normalCdf, normalQuantile, wilsonInterval } from './stats.js';

/** Responses per NPS category: promoters score 9–10, passives 7–8, detractors 0–6. */
export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/** One period's NPS; shares and score in percent / NPS points. */
export interface NpsSummary {
  n: number;
  /** % promoters − % detractors, from −100 to 100; null without responses. */
  nps: number | null;
  promotersPct: number | null;
  passivesPct: number | null;
  detractorsPct: number | null;
  /** Normal-approximation interval in NPS points, clamped to [−100, 100]. */
  interval: { lower: number; upper: number; confidence: number } | null;
}

/** compareNps' answer; accepted by changeVerdict. */
export interface NpsComparison extends ChangeEvidence {
  current: NpsSummary;
  previous: NpsSummary;
  /** current NPS − previous NPS, in NPS points; null when a group has no responses. */
  differencePoints: number | null;
  differenceInterval: { lower: number; upper: number; confidence: number } | null;
}

/** Each group needs this many responses before compareNps allows a verdict. */
export const MIN_RESPONSES_FOR_NPS_VERDICT = 5;

function zForConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  return -normalQuantile((1 - confidence) / 2);
}

function checkCounts(counts: NpsCounts): void {
  for (const key of ['promoters', 'passives', 'detractors'] as const) {
    const value = counts[key];
    if (!(Number.isInteger(value) && value >= 0)) throw new RangeError(`${key} must be a non-negative integer, got ${value}`);
  }
}

/** Counts per category from raw 0–10 scores; anything else (7.5, 11, NaN) is rejected, not guessed. */
export function tallyNpsScores(scores: readonly number[]): NpsCounts {
  const counts: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  scores.forEach((score, i) => {
    if (!(Number.isInteger(score) && score >= 0 && score <= 10)) throw new RangeError(`NPS score at index ${i} must be an integer 0–10, got ${score}`);
    if (score >= 9) counts.promoters++;
    else if (score >= 7) counts.passives++;
    else counts.detractors++;
  });
  return counts;
}

/**
 * Variance of the NPS estimate as a fraction (−1..1): NPS = mean of +1/0/−1 per response, so
 * var = (pP + pD − (pP − pD)²) / n.
 */
function npsVariance(counts: NpsCounts, n: number): number {
  const pP = counts.promoters / n;
  const pD = counts.detractors / n;
  return (pP + pD - (pP - pD) ** 2) / n;
}

/**
 * NPS from category counts with a normal-approximation interval (±z·√var, clamped to ±100).
 * A unanimous sample has zero estimated variance, so its interval collapses to a point: read
 * it as "too few responses", not as certainty.
 */
export function npsFromCounts(counts: NpsCounts, options: { confidence?: number } = {}): NpsSummary {
  const confidence = options.confidence ?? 0.95;
  const z = zForConfidence(confidence);
  checkCounts(counts);
  const n = counts.promoters + counts.passives + counts.detractors;
  if (n === 0) return { n, nps: null, promotersPct: null, passivesPct: null, detractorsPct: null, interval: null };
  const nps = ((counts.promoters - counts.detractors) / n) * 100;
  const halfWidth = z * 100 * Math.sqrt(npsVariance(counts, n));
  return {
    n,
    nps,
    promotersPct: (counts.promoters / n) * 100,
    passivesPct: (counts.passives / n) * 100,
    detractorsPct: (counts.detractors / n) * 100,
    interval: { lower: Math.max(-100, nps - halfWidth), upper: Math.min(100, nps + halfWidth), confidence },
  };
}

/** NPS from raw 0–10 scores (see npsFromCounts). */
export function npsFromScores(scores: readonly number[], options: { confidence?: number } = {}): NpsSummary {
  return npsFromCounts(tallyNpsScores(scores), options);
}

/**
 * Did NPS change? z-test on the difference of two independent NPS estimates (current −
 * previous) with the unpooled standard error √(var₁ + var₂), and the matching interval.
 * enoughData: each group has at least MIN_RESPONSES_FOR_NPS_VERDICT responses.
 */
export function compareNps(current: NpsCounts, previous: NpsCounts, options: { confidence?: number } = {}): NpsComparison {
  const confidence = options.confidence ?? 0.95;
  const z = zForConfidence(confidence);
  const a = npsFromCounts(current, { confidence });
  const b = npsFromCounts(previous, { confidence });
  const result: NpsComparison = {
    current: a,
    previous: b,
    differencePoints: null,
    differenceInterval: null,
    pValue: 1,
    direction: 'none',
    enoughData: Math.min(a.n, b.n) >= MIN_RESPONSES_FOR_NPS_VERDICT,
  };
  if (a.nps === null || b.nps === null) return result;
  const difference = a.nps - b.nps;
  result.differencePoints = difference;
  result.direction = difference > 0 ? 'increase' : difference < 0 ? 'decrease' : 'none';
  const standardErrorPoints = 100 * Math.sqrt(npsVariance(current, a.n) + npsVariance(previous, b.n));
  result.differenceInterval = {
    lower: Math.max(-200, difference - z * standardErrorPoints),
    upper: Math.min(200, difference + z * standardErrorPoints),
    confidence,
  };
  // Two unanimous groups (all promoters vs all detractors) have zero estimated variance, which
  // would make any difference "infinitely significant" even at n = 1. Fall back to the variance
  // under the null hypothesis (categories pooled across both groups), which is then positive.
  let testErrorPoints = standardErrorPoints;
  if (testErrorPoints === 0) {
    const pooled = {
      promoters: current.promoters + previous.promoters,
      passives: current.passives + previous.passives,
      detractors: current.detractors + previous.detractors,
    };
    testErrorPoints = 100 * Math.sqrt(npsVariance(pooled, a.n + b.n) * (a.n + b.n) * (1 / a.n + 1 / b.n));
  }
  if (testErrorPoints > 0) result.pValue = Math.min(1, 2 * normalCdf(-Math.abs(difference) / testErrorPoints));
  return result;
}

/** One period's CSAT. */
export interface CsatSummary {
  n: number;
  /** Responses rating 4 or 5. */
  satisfied: number;
  /** Share of 4–5 ratings, 0–100; null without responses. */
  csatPct: number | null;
  /** Wilson interval for csatPct, in percent. */
  interval: { lowerPct: number; upperPct: number; confidence: number } | null;
  meanRating: number | null;
}

/** CSAT from 1–5 ratings: the share rating 4–5 with a Wilson interval (sound at 0% and 100%), plus the mean rating. */
export function csatFromRatings(ratings: readonly number[], options: { confidence?: number } = {}): CsatSummary {
  const confidence = options.confidence ?? 0.95;
  let satisfied = 0;
  let sum = 0;
  ratings.forEach((rating, i) => {
    if (!(Number.isInteger(rating) && rating >= 1 && rating <= 5)) throw new RangeError(`rating at index ${i} must be an integer 1–5, got ${rating}`);
    if (rating >= 4) satisfied++;
    sum += rating;
  });
  const n = ratings.length;
  const wilson = wilsonInterval(satisfied, n, confidence);
  if (!wilson) return { n, satisfied, csatPct: null, interval: null, meanRating: null };
  return {
    n,
    satisfied,
    csatPct: wilson.proportion * 100,
    interval: { lowerPct: wilson.lower * 100, upperPct: wilson.upper * 100, confidence },
    meanRating: sum / n,
  };
}
