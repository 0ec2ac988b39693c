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
  /** Adjusted-Wald interval in NPS points (one pseudo-response per category), clamped to [−100, 100]. */
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
 * The counts with one pseudo-response added to each category, for intervals (the adjusted Wald
 * interval, as Agresti–Coull's for a proportion): a unanimous sample (12 of 12 promoters) has an
 * estimated variance of 0, and the plain interval collapses to "100~100" however few answered.
 */
function adjusted(counts: NpsCounts): { estimate: number; variance: number } {
  const plus: NpsCounts = { promoters: counts.promoters + 1, passives: counts.passives + 1, detractors: counts.detractors + 1 };
  const n = plus.promoters + plus.passives + plus.detractors;
  return { estimate: (plus.promoters - plus.detractors) / n, variance: npsVariance(plus, n) };
}

/**
 * NPS from category counts with an adjusted-Wald interval: ±z·√var around the estimate with one
 * pseudo-response per category (see `adjusted`), clamped to ±100 and widened to hold the
 * observed NPS. A small unanimous sample gets a wide interval, not a point.
 */
export function npsFromCounts(counts: NpsCounts, options: { confidence?: number } = {}): NpsSummary {
  const confidence = options.confidence ?? 0.95;
  const z = zForConfidence(confidence);
  checkCounts(counts);
  const n = counts.promoters + counts.passives + counts.detractors;
  if (n === 0) return { n, nps: null, promotersPct: null, passivesPct: null, detractorsPct: null, interval: null };
  const nps = ((counts.promoters - counts.detractors) / n) * 100;
  const adj = adjusted(counts);
  const halfWidth = z * 100 * Math.sqrt(adj.variance);
  return {
    n,
    nps,
    promotersPct: (counts.promoters / n) * 100,
    passivesPct: (counts.passives / n) * 100,
    detractorsPct: (counts.detractors / n) * 100,
    interval: {
      lower: Math.max(-100, Math.min(nps, 100 * adj.estimate - halfWidth)),
      upper: Math.min(100, Math.max(nps, 100 * adj.estimate + halfWidth)),
      confidence,
    },
  };
}

/** NPS from raw 0–10 scores (see npsFromCounts). */
export function npsFromScores(scores: readonly number[], options: { confidence?: number } = {}): NpsSummary {
  return npsFromCounts(tallyNpsScores(scores), options);
}

/**
 * Did NPS change? z-test on the difference of two independent NPS estimates (current −
 * previous) with the standard error under the null hypothesis (categories pooled across both
 * groups), and an adjusted-Wald interval of the difference (one pseudo-response per category
 * and group). enoughData: each group has at least MIN_RESPONSES_FOR_NPS_VERDICT responses.
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
  // The interval: each group's estimate and variance with one pseudo-response per category, so a
  // unanimous group (estimated variance 0) does not make the difference look exact.
  const [adjA, adjB] = [adjusted(current), adjusted(previous)];
  const centre = 100 * (adjA.estimate - adjB.estimate);
  const halfWidth = z * 100 * Math.sqrt(adjA.variance + adjB.variance);
  result.differenceInterval = {
    lower: Math.max(-200, Math.min(difference, centre - halfWidth)),
    upper: Math.min(200, Math.max(difference, centre + halfWidth)),
    confidence,
  };
  // The test: the variance under the null hypothesis (no change: one distribution of categories,
  // pooled across both groups). The unpooled √(var₁ + var₂) shrinks when a group is unanimous —
  // 12 of 12 promoters against 9 and 3 passives read p = 0.045 — and is 0 for two unanimous groups.
  const pooled = {
    promoters: current.promoters + previous.promoters,
    passives: current.passives + previous.passives,
    detractors: current.detractors + previous.detractors,
  };
  const testErrorPoints = 100 * Math.sqrt(npsVariance(pooled, a.n + b.n) * (a.n + b.n) * (1 / a.n + 1 / b.n));
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
