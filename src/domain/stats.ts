/**
 * Pure statistics for the insights dashboard: quantiles for lead times, exact tests for "did this
 * count or rate really change", binomial proportions, false-discovery control across many series,
 * and a plain-words verdict. No I/O and no dependencies: the special functions are written here.
 */

// ─── Special functions ──────────────────────────────────────────────────────────────────────────

const LN_SQRT_2PI = 0.918_938_533_204_672_7; // ln √(2π)
const LN_SQRT_PI = 0.572_364_942_924_700_1; // ln Γ(1/2) = ln √π
const EPSILON = 1e-15;
// Lentz's method must never divide by zero; any value this small stands in for 0.
const TINY = 1e-300;
// The continued fractions converge in O(√max(a, b)) steps: a few thousand at 10^7 events.
const MAX_FRACTION_TERMS = 1_000_000;

/** Stirling series remainder: ln Γ(x) − [(x − ½)ln x − x + ln √(2π)], for x ≥ 10 (error < 1e-17). */
function stirlingRemainder(x: number): number {
  const x2 = 1 / (x * x);
  // Coefficients B₂ₖ / (2k(2k − 1)) for k = 1..8.
  return (
    (1 / 12 +
      x2 * (-1 / 360 + x2 * (1 / 1260 + x2 * (-1 / 1680 + x2 * (1 / 1188 + x2 * (-691 / 360_360 + x2 * (1 / 156 + x2 * (-3617 / 122_400)))))))) /
    x
  );
}

/** ln Γ(x) for x > 0, to about 1e-15 absolute for small x and 1e-15 relative for large x. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  // Below 10 the Stirling series is not accurate enough; shift up with Γ(x + 1) = x Γ(x).
  let product = 1;
  let shifted = x;
  while (shifted < 10) {
    product *= shifted;
    shifted += 1;
  }
  return (shifted - 0.5) * Math.log(shifted) - shifted + LN_SQRT_2PI + stirlingRemainder(shifted) - Math.log(product);
}

/**
 * ln B(a, b). For large arguments ln Γ(a) + ln Γ(b) − ln Γ(a + b) would subtract numbers near
 * 10^8 and keep only ~8 digits, so the Stirling terms are combined first (as R's lbeta does).
 */
function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  const share = p / (p + q);
  if (p >= 10) {
    const remainder = stirlingRemainder(p) + stirlingRemainder(q) - stirlingRemainder(p + q);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + remainder + (p - 0.5) * Math.log(share) + q * Math.log1p(-share);
  }
  if (q >= 10) {
    const remainder = stirlingRemainder(q) - stirlingRemainder(p + q);
    return logGamma(p) + remainder + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-share);
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/** ln C(n, k) through ln B, which stays accurate when n is in the millions. */
function logChoose(n: number, k: number): number {
  if (k === 0 || k === n) return 0;
  return -Math.log(n + 1) - logBeta(k + 1, n - k + 1);
}

/** Continued fraction for I_x(a, b) (Numerical Recipes betacf, evaluated with modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const clamp = (v: number) => (Math.abs(v) < TINY ? TINY : v);
  let c = 1;
  let d = 1 / clamp(1 - ((a + b) * x) / (a + 1));
  let result = d;
  for (let m = 1; m <= MAX_FRACTION_TERMS; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 / clamp(1 + even * d);
    c = clamp(1 + even / c);
    result *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 / clamp(1 + odd * d);
    c = clamp(1 + odd / c);
    const step = d * c;
    result *= step;
    if (Math.abs(step - 1) < EPSILON) return result;
  }
  throw new Error(`incomplete beta did not converge (a=${a}, b=${b}, x=${x})`);
}

/**
 * Both tails of the Beta(a, b) distribution at x, given x and y = 1 − x separately so callers
 * that know 1 − x exactly (e.g. e₂/(e₁ + e₂)) do not lose it to cancellation. The smaller tail
 * is always computed directly, never as 1 − (something near 1), so tiny p-values keep their digits.
 */
function betaTails(a: number, b: number, x: number, y: number): { lower: number; upper: number } {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (y <= 0) return { lower: 1, upper: 0 };
  const logFront = a * Math.log(x) + b * Math.log(y) - logBeta(a, b);
  // The fraction converges fast only below the mean; above it use I_x(a, b) = 1 − I_y(b, a).
  if (x < (a + 1) / (a + b + 2)) {
    const lower = Math.min(1, (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a);
    return { lower, upper: 1 - lower };
  }
  const upper = Math.min(1, (Math.exp(logFront) * betaContinuedFraction(b, a, y)) / b);
  return { lower: 1 - upper, upper };
}

/** Regularized incomplete beta I_x(a, b) = P(Beta(a, b) ≤ x); same argument order as scipy.special.betainc. */
export function regularizedIncompleteBeta(a: number, b: number, x: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`regularizedIncompleteBeta needs a, b > 0, got a=${a}, b=${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`regularizedIncompleteBeta needs 0 ≤ x ≤ 1, got ${x}`);
  return betaTails(a, b, x, 1 - x).lower;
}

/** Two-sided p-value of Student's t with `df` degrees of freedom: P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, ½). */
export function studentTTwoSided(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTTwoSided needs df > 0, got ${df}`);
  if (Number.isNaN(t)) throw new RangeError('studentTTwoSided needs a number');
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(df / 2, 0.5, df / (df + t * t));
}

/** The t ≥ 0 whose two-sided p-value is `alpha` (bisection on studentTTwoSided; monotone in t). */
export function studentTCritical(alpha: number, df: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  let lo = 0;
  let hi = 1;
  while (studentTTwoSided(hi, df) > alpha) hi *= 2;
  for (let i = 0; i < 100 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTTwoSided(mid, df) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** x with I_x(a, b) = prob (a, b ≥ 1): Numerical Recipes' starting guess, then Newton kept inside a bracket. */
function betaQuantile(prob: number, a: number, b: number): number {
  if (prob <= 0) return 0;
  if (prob >= 1) return 1;
  // NR3 invbetai's initial guess for a, b ≥ 1: a rough −Φ⁻¹(prob), mapped through a normal
  // approximation on the logit scale. Newton below does the real work.
  const tail = prob < 0.5 ? prob : 1 - prob;
  const t = Math.sqrt(-2 * Math.log(tail));
  let deviate = (2.307_53 + t * 0.270_61) / (1 + t * (0.992_29 + t * 0.044_81)) - t;
  if (prob < 0.5) deviate = -deviate;
  const al = (deviate * deviate - 3) / 6;
  const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
  const w = (deviate * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
  let x = a / (a + b * Math.exp(2 * w));
  if (!(x > 0 && x < 1)) x = 0.5;

  const logB = logBeta(a, b);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 300; i++) {
    const f = betaTails(a, b, x, 1 - x).lower - prob;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logB);
    let next = x - f / density;
    // A Newton step can fly out of the bracket far in a tail; halve the bracket instead.
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 2 * EPSILON * next || hi - lo <= 2 * EPSILON * lo) return next;
    x = next;
  }
  return x;
}

/**
 * The prob-quantile of Beta(a, b) as x and 1 − x, each to full relative precision: when the
 * quantile is near 1, 1 − x is solved directly from the mirrored distribution Beta(b, a).
 */
function betaQuantileWithComplement(prob: number, a: number, b: number): { x: number; y: number } {
  const x = betaQuantile(prob, a, b);
  if (x <= 0.5) return { x, y: 1 - x };
  const y = betaQuantile(1 - prob, b, a);
  return { x: 1 - y, y };
}

/** Regularized upper incomplete gamma Q(a, x) (NR gammq: series below a + 1, Lentz fraction above). */
function upperIncompleteGamma(a: number, x: number, logGammaA: number): number {
  if (x <= 0) return 1;
  const logFront = a * Math.log(x) - x - logGammaA;
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    return 1 - sum * Math.exp(logFront);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let result = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    result *= step;
    if (Math.abs(step - 1) < EPSILON) break;
  }
  return Math.exp(logFront) * result;
}

/** erfc(x) = Q(½, x²) for x ≥ 0, accurate in relative terms far into the tail. */
function erfcNonNegative(x: number): number {
  if (x === Number.POSITIVE_INFINITY) return 0;
  return upperIncompleteGamma(0.5, x * x, LN_SQRT_PI);
}

/** Standard normal CDF Φ(z); the lower tail stays accurate down to ~1e-300 (no 1 − Φ cancellation). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return z < 0 ? 0.5 * erfcNonNegative(-z / Math.SQRT2) : 1 - 0.5 * erfcNonNegative(z / Math.SQRT2);
}

/** P(|Z| ≥ |z|) for a standard normal Z: the two-sided p-value of a z statistic. */
function twoSidedNormalPValue(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return Math.min(1, erfcNonNegative(Math.abs(z) / Math.SQRT2));
}

/** Evaluates c₀ + c₁x + c₂x² + … by Horner's rule. */
function polynomial(coefficients: readonly number[], x: number): number {
  let result = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) result = result * x + coefficients[i];
  return result;
}

// Wichura (1988), Algorithm AS 241, PPND16: rational approximations in three regions, lowest
// power first, digits as published.
const CENTRAL_NUMERATOR = [
  3.387_132_872_796_366_608, 133.141_667_891_784_377_45, 1971.590_950_306_551_442_7, 13_731.693_765_509_461_125,
  45_921.953_931_549_871_457, 67_265.770_927_008_700_853, 33_430.575_583_588_128_105, 2509.080_928_730_122_672_7,
];
const CENTRAL_DENOMINATOR = [
  1, 42.313_330_701_600_911_252, 687.187_007_492_057_908_3, 5394.196_021_424_751_107_7, 21_213.794_301_586_595_867,
  39_307.895_800_092_710_61, 28_729.085_735_721_942_674, 5226.495_278_852_545_61,
];
const NEAR_NUMERATOR = [
  1.423_437_110_749_683_577_34, 4.630_337_846_156_545_295_9, 5.769_497_221_460_691_405_5, 3.647_848_324_763_204_605_04,
  1.270_458_252_452_368_382_58, 0.241_780_725_177_450_611_77, 0.022_723_844_989_269_184_583_3, 7.745_450_142_783_414_076_4e-4,
];
const NEAR_DENOMINATOR = [
  1, 2.053_191_626_637_758_821_87, 1.676_384_830_183_803_849_4, 0.689_767_334_985_100_004_55, 0.148_103_976_427_480_074_59,
  0.015_198_666_563_616_457_196_6, 5.475_938_084_995_344_946e-4, 1.050_750_071_644_416_843_24e-9,
];
const FAR_NUMERATOR = [
  6.657_904_643_501_103_777_2, 5.463_784_911_164_114_369_9, 1.784_826_539_917_291_335_8, 0.296_560_571_828_504_891_23,
  0.026_532_189_526_576_123_093, 0.001_242_660_947_388_078_438_6, 2.711_555_568_743_487_578_15e-5, 2.010_334_399_292_288_132_65e-7,
];
const FAR_DENOMINATOR = [
  1, 0.599_832_206_555_887_937_69, 0.136_929_880_922_735_805_31, 0.014_875_361_290_850_614_852_5, 7.868_691_311_456_132_591e-4,
  1.846_318_317_510_054_681_8e-5, 1.421_511_758_316_445_888_7e-7, 2.044_263_103_389_939_785_64e-15,
];

/** Standard normal quantile Φ⁻¹(p) by Wichura's AS 241 (PPND16), about 1e-16 relative accuracy. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile needs 0 ≤ p ≤ 1, got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180_625 - q * q;
    return (q * polynomial(CENTRAL_NUMERATOR, r)) / polynomial(CENTRAL_DENOMINATOR, r);
  }
  // Tails: work with r = √(−ln(smaller tail)), taking the tail from p itself, never from 1 − p.
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const value =
    r <= 5
      ? polynomial(NEAR_NUMERATOR, r - 1.6) / polynomial(NEAR_DENOMINATOR, r - 1.6)
      : polynomial(FAR_NUMERATOR, r - 5) / polynomial(FAR_DENOMINATOR, r - 5);
  return q < 0 ? -value : value;
}

/** z such that a two-sided normal interval with this z covers `confidence` (1.959964… for 0.95). */
function zForConfidence(confidence: number): number {
  checkConfidence(confidence);
  // −Φ⁻¹(α/2) rather than Φ⁻¹(1 − α/2): α/2 is exact, 1 − α/2 is rounded.
  return -normalQuantile((1 - confidence) / 2);
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
}

function checkCount(name: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0)) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

// ─── Quantiles ──────────────────────────────────────────────────────────────────────────────────

function sortedCopyIfNeeded(values: readonly number[]): ArrayLike<number> {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`quantile needs finite values, got ${values[i]} at index ${i}`);
  }
  for (let i = 1; i < values.length; i++) {
    // A typed array sorts numerically and much faster than Array#sort with a comparator.
    if (values[i] < values[i - 1]) return Float64Array.from(values).sort();
  }
  return values;
}

function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  // Hyndman–Fan type 7: position h = (n − 1)q on the 0-based order statistics, interpolate linearly.
  const h = (sorted.length - 1) * q;
  const below = Math.floor(h);
  const fraction = h - below;
  if (fraction === 0) return sorted[below];
  return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

/**
 * The q-quantile (0 ≤ q ≤ 1) by linear interpolation between order statistics — Hyndman–Fan
 * type 7, the default of numpy.percentile/quantile, R's quantile() and PostgreSQL's
 * percentile_cont — so the dashboard agrees with SQL and notebooks. Null for no values; input
 * may be unsorted and is not modified.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile needs 0 ≤ q ≤ 1, got ${q}`);
  if (values.length === 0) return null;
  return quantileOfSorted(sortedCopyIfNeeded(values), q);
}

/** The median (type-7 quantile at ½: the mean of the middle two for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}

/** Lead-time summary: median and 90th percentile, never the mean (one ticket left open for a month would dominate it). */
export function summarizeDurations(valuesMs: readonly number[]): { count: number; medianMs: number | null; p90Ms: number | null } {
  if (valuesMs.length === 0) return { count: 0, medianMs: null, p90Ms: null };
  const sorted = sortedCopyIfNeeded(valuesMs);
  return { count: sorted.length, medianMs: quantileOfSorted(sorted, 0.5), p90Ms: quantileOfSorted(sorted, 0.9) };
}

// ─── Exact binomial machinery ───────────────────────────────────────────────────────────────────

// Outcomes whose probability is within this factor of the observed one count as "as extreme":
// the same tolerance as R's binom.test/fisher.test and scipy.stats.binomtest, so float noise
// in mathematically tied probabilities cannot flip a p-value.
const TIE_TOLERANCE = 1 + 1e-7;

/** ln P(X = k) for X ~ Binomial(n, p), with q = 1 − p passed separately (0 < p < 1). */
function logBinomialPmf(k: number, n: number, p: number, q: number): number {
  return k * Math.log(p) + (n - k) * Math.log(q) + logChoose(n, k);
}

/** P(X ≤ k). */
function binomialCdf(k: number, n: number, p: number, q: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  // P(X ≤ k) = 1 − I_p(k + 1, n − k), taken as the upper Beta tail so it stays exact when small.
  return betaTails(k + 1, n - k, p, q).upper;
}

/** P(X ≥ k). */
function binomialSurvival(k: number, n: number, p: number, q: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return betaTails(k, n - k + 1, p, q).lower;
}

/** Two-sided exact binomial p-value by the "minimum likelihood" rule; q = 1 − p passed separately. */
function binomialTwoSided(k: number, n: number, p: number, q: number, mean: number): number {
  if (n === 0 || k === mean) return 1;
  if (p <= 0) return k === 0 ? 1 : 0;
  if (q <= 0) return k === n ? 1 : 0;
  const threshold = logBinomialPmf(k, n, p, q) + Math.log(TIE_TOLERANCE);
  const atMost = (j: number) => logBinomialPmf(j, n, p, q) <= threshold;
  if (k < mean) {
    // The pmf falls from ⌈mean⌉ to n: binary-search the first outcome at most as likely as k.
    let lo = Math.ceil(mean);
    let hi = n + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (atMost(mid)) hi = mid;
      else lo = mid + 1;
    }
    return Math.min(1, binomialCdf(k, n, p, q) + binomialSurvival(lo, n, p, q));
  }
  // The pmf rises from 0 to ⌊mean⌋: binary-search the last outcome at most as likely as k.
  let lo = -1;
  let hi = Math.floor(mean);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (atMost(mid)) lo = mid;
    else hi = mid - 1;
  }
  return Math.min(1, binomialCdf(lo, n, p, q) + binomialSurvival(k, n, p, q));
}

/**
 * Two-sided exact binomial test of k successes in n trials against success probability p:
 * sums every outcome no more likely than k (R's binom.test, scipy.stats.binomtest).
 */
export function binomialTestPValue(k: number, n: number, p: number): number {
  checkCount('n', n);
  checkCount('k', k);
  if (k > n) throw new RangeError(`k (${k}) cannot exceed n (${n})`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  return binomialTwoSided(k, n, p, 1 - p, n * p);
}

// ─── Rates (Poisson counts over an exposure) ────────────────────────────────────────────────────

/** A count of events over an exposure: orders, active users, days — or 1 for a plain count. */
export interface RateObservation {
  count: number;
  exposure: number;
}

/** What any comparison hands to changeVerdict. */
export interface ChangeEvidence {
  /** Two-sided p-value; 1 when nothing can be tested. */
  pValue: number;
  /** Which way the point estimate moved from the previous period to the current one. */
  direction: 'increase' | 'decrease' | 'none';
  /** False when the groups are too small for any verdict (each compare* documents its rule). */
  enoughData: boolean;
}

/** compareRates' answer; rates are per unit of exposure. */
export interface RateComparison extends ChangeEvidence {
  current: { count: number; exposure: number; ratePerExposure: number | null };
  previous: { count: number; exposure: number; ratePerExposure: number | null };
  /** current rate ÷ previous rate; null when either rate is missing or the previous rate is 0 (the ratio is unbounded). */
  rateRatio: number | null;
  /** (rateRatio − 1) × 100; null whenever rateRatio is. */
  percentChange: number | null;
  /** Interval for the rate ratio; upper is null when unbounded (no previous events). Null when no events at all. */
  ratioInterval: { lower: number; upper: number | null; confidence: number } | null;
  /** The daily counts' dispersion φ when it was > 1 and widened the test and the interval; else null. */
  dispersion: number | null;
}

/** One day of a period: its events and its exposure (the day's orders or user-days, or 1 for a plain count). */
export interface DayObservation {
  count: number;
  exposure: number;
  /** Day of the week, 0–6 (Sunday 0): with it, the weekly rhythm is not taken for noise. */
  weekday?: number;
}

/** Quasi-Poisson dispersion φ of daily counts and its degrees of freedom. */
export interface Dispersion {
  phi: number;
  df: number;
}

/**
 * The robust dispersion estimate needs days to be one (from 42 days with exposure, e.g. two 3-week
 * periods; with two 14-day ones, taking the smaller estimate called 9 % of unchanged periods real),
 * and is taken with a margin, as the smaller of two estimates of the same φ is biased low
 * (bench/verdicts.bench.ts: 3.9–6.3 % of unchanged periods called real with these two).
 */
const ROBUST_DISPERSION_MIN_DF = 40;
const ROBUST_DISPERSION_MARGIN = 1.5;

/**
 * How much more the daily counts vary than Poisson counts would (quasi-Poisson φ). Inquiry volume
 * varies well beyond Poisson from day to day, and a test that ignores it calls about half of
 * unchanged weeks "real" at 500 items a day. Each day's expected count is its period's rate times
 * its exposure — times its weekday's factor when the days carry weekdays and there are two weeks
 * or more in all, so a week against the week before too (fitted across both periods: Mondays
 * busier than Sundays is the week's rhythm, the same in both periods of whole weeks, not noise;
 * until session 19 only from 28 days, and a week-over-week rise of 40 % with quiet weekends read
 * "within noise" — bench/verdicts.bench.ts). Two estimates, the smaller taken:
 * - Pearson's χ² over the residual degrees of freedom: the textbook estimate, but an incident
 *   inside a period (a login bug for three days) inflates it, and the very change the test is
 *   asked about would be taken for noise;
 * - from 42 days on, a robust one, (1.4826 · MAD)² of the days' Pearson residuals around each
 *   period's median ratio, with a margin (the smaller of two estimates is biased low): a few burst
 *   days are outliers to it.
 * Null with too few days to estimate it from.
 */
export function rateDispersion(current: readonly DayObservation[], previous: readonly DayObservation[]): Dispersion | null {
  const periods = [current, previous].map((p) => p.filter((d) => d.exposure > 0));
  const all = periods.flat();
  const weekdays = new Set(all.map((d) => d.weekday));
  const byWeekday = all.length >= 14 && all.every((d) => d.weekday !== undefined) && weekdays.size === 7;
  // Factors per weekday and a rate per period, fitted by alternating the two (a few rounds settle them).
  const factor = new Map<number | undefined, number>([...weekdays].map((w) => [w, 1]));
  const rates = [0, 0];
  for (let round = 0; round < (byWeekday ? 8 : 1); round++) {
    periods.forEach((period, i) => {
      let count = 0;
      let weighted = 0;
      for (const d of period) {
        count += d.count;
        weighted += d.exposure * factor.get(d.weekday)!;
      }
      rates[i] = weighted > 0 ? count / weighted : 0;
    });
    if (!byWeekday) break;
    for (const w of weekdays) {
      let count = 0;
      let expected = 0;
      periods.forEach((period, i) => {
        for (const d of period) {
          if (d.weekday !== w) continue;
          count += d.count;
          expected += rates[i]! * d.exposure;
        }
      });
      factor.set(w, expected > 0 ? count / expected : 1);
    }
  }
  const df = all.length - 2 - (byWeekday ? 6 : 0);
  if (df < 2) return null;
  let chi2 = 0;
  const deviations: number[] = [];
  periods.forEach((period, i) => {
    const ratios: number[] = [];
    for (const d of period) {
      const expected = rates[i]! * d.exposure * factor.get(d.weekday)!;
      if (expected > 0) {
        chi2 += (d.count - expected) ** 2 / expected;
        ratios.push(d.count / expected);
      }
    }
    // Residuals around the period's typical day, not its mean: a burst pulls the mean, not the median.
    const typical = median(ratios) ?? 1;
    const residuals: number[] = [];
    for (const d of period) {
      const usual = typical * rates[i]! * d.exposure * factor.get(d.weekday)!;
      if (usual > 0) residuals.push((d.count - usual) / Math.sqrt(usual));
    }
    const centre = median(residuals) ?? 0;
    for (const r of residuals) deviations.push(Math.abs(r - centre));
  });
  const mad = median(deviations);
  const robust = mad === null || all.length - 2 < ROBUST_DISPERSION_MIN_DF ? Infinity : ROBUST_DISPERSION_MARGIN * (1.4826 * mad) ** 2;
  return { phi: Math.min(chi2 / df, robust), df };
}

/** Fewer events than this in both periods is too little to call a change, whatever the p-value. */
export const MIN_EVENTS_FOR_VERDICT = 5;

/**
 * Did an event rate change between two periods? Poisson counts compared by the exact conditional
 * test: given the total n, the current count is Binomial(n, e₁/(e₁ + e₀)) under "same rate"
 * (R's poisson.test). The ratio interval inverts Clopper–Pearson bounds for that binomial share.
 * With `dispersion` (rateDispersion of the daily counts) above 1, the counts vary more than
 * Poisson: the quasi-Poisson score test (variance φ·nπ(1−π), Student's t on its degrees of
 * freedom) and the Wald interval of the log ratio widened by √φ are taken where they are wider —
 * never narrower than the exact Poisson answer.
 * enoughData: both exposures > 0 and at least one period has MIN_EVENTS_FOR_VERDICT events.
 */
export function compareRates(
  current: RateObservation,
  previous: RateObservation,
  options: { confidence?: number; dispersion?: Dispersion | null } = {},
): RateComparison {
  const confidence = options.confidence ?? 0.95;
  checkConfidence(confidence);
  for (const [name, obs] of [['current', current], ['previous', previous]] as const) {
    checkCount(`${name}.count`, obs.count);
    if (!(Number.isFinite(obs.exposure) && obs.exposure >= 0)) throw new RangeError(`${name}.exposure must be a finite number ≥ 0, got ${obs.exposure}`);
    if (obs.exposure === 0 && obs.count > 0) throw new RangeError(`${name} has ${obs.count} events over zero exposure`);
  }
  const rate = (obs: RateObservation) => (obs.exposure > 0 ? obs.count / obs.exposure : null);
  const currentRate = rate(current);
  const previousRate = rate(previous);
  const result: RateComparison = {
    current: { count: current.count, exposure: current.exposure, ratePerExposure: currentRate },
    previous: { count: previous.count, exposure: previous.exposure, ratePerExposure: previousRate },
    rateRatio: null,
    percentChange: null,
    ratioInterval: null,
    dispersion: null,
    pValue: 1,
    direction: 'none',
    enoughData: false,
  };
  if (currentRate === null || previousRate === null) return result;
  result.direction = currentRate > previousRate ? 'increase' : currentRate < previousRate ? 'decrease' : 'none';
  result.enoughData = Math.max(current.count, previous.count) >= MIN_EVENTS_FOR_VERDICT;
  if (previousRate > 0) {
    result.rateRatio = currentRate / previousRate;
    result.percentChange = (result.rateRatio - 1) * 100;
  }
  const n = current.count + previous.count;
  if (n === 0) return result;

  const totalExposure = current.exposure + previous.exposure;
  const share = current.exposure / totalExposure;
  const otherShare = previous.exposure / totalExposure;
  result.pValue = binomialTwoSided(current.count, n, share, otherShare, (n * current.exposure) / totalExposure);

  // Clopper–Pearson bounds for π = share of events in the current period; the rate ratio is
  // (π / (1 − π)) × (e₀ / e₁). Each bound comes as π and 1 − π, so odds near 0 or ∞ stay exact.
  const alpha = 1 - confidence;
  const exposureRatio = previous.exposure / current.exposure;
  let lower = 0;
  if (current.count > 0) {
    const { x, y } = betaQuantileWithComplement(alpha / 2, current.count, previous.count + 1);
    lower = (x / y) * exposureRatio;
  }
  let upper: number | null = null;
  if (previous.count > 0) {
    const { x, y } = betaQuantileWithComplement(1 - alpha / 2, current.count + 1, previous.count);
    upper = (x / y) * exposureRatio;
  }
  const dispersion = options.dispersion;
  if (dispersion && dispersion.phi > 1) {
    const { phi, df } = dispersion;
    const z = (current.count - n * share) / Math.sqrt(phi * n * share * otherShare);
    result.pValue = Math.max(result.pValue, studentTTwoSided(z, df));
    if (current.count > 0 && previous.count > 0) {
      const ratio = currentRate / previousRate;
      const spread = studentTCritical(alpha, df) * Math.sqrt(phi * (1 / current.count + 1 / previous.count));
      lower = Math.min(lower, ratio * Math.exp(-spread));
      if (upper !== null) upper = Math.max(upper, ratio * Math.exp(spread));
    }
    result.dispersion = phi;
  }
  result.ratioInterval = { lower, upper, confidence };
  return result;
}

// ─── Proportions (binomial) ─────────────────────────────────────────────────────────────────────

/**
 * Wilson score interval for a binomial proportion: unlike the textbook ±z·√(p(1−p)/n) it stays
 * inside [0, 1] and is not degenerate at 0 or n successes. Null when n = 0.
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): { proportion: number; lower: number; upper: number } | null {
  checkCount('successes', successes);
  checkCount('n', n);
  if (successes > n) throw new RangeError(`successes (${successes}) cannot exceed n (${n})`);
  const z = zForConfidence(confidence);
  if (n === 0) return null;
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const halfWidth = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  // Pin the ends exactly: rounding can leave −1e-17 at 0 successes.
  return {
    proportion: p,
    lower: successes === 0 ? 0 : Math.max(0, centre - halfWidth),
    upper: successes === n ? 1 : Math.min(1, centre + halfWidth),
  };
}

/**
 * Two-sided Fisher exact test for a 2×2 table (x1 of n1 vs x2 of n2): sums the hypergeometric
 * probabilities, in log space, of every table with the same margins no more likely than this one.
 */
export function fisherExactPValue(x1: number, n1: number, x2: number, n2: number): number {
  checkProportionCounts(x1, n1, x2, n2);
  const total = n1 + n2;
  const successes = x1 + x2;
  // C(s, x)·C(N − s, n1 − x)/C(N, n1) equals C(n1, x)·C(n2, s − x)/C(N, s); ln C(n, k) grows
  // like k·ln(n/k), so picking the form with the smaller margin avoids subtracting logs near
  // 10^6 (3 of 10^6 vs 0 of 10^6 gains four digits this way).
  const logPmf =
    Math.min(successes, total - successes) <= Math.min(n1, n2)
      ? (x: number) => logChoose(n1, x) + logChoose(n2, successes - x) - logChoose(total, successes)
      : (x: number) => logChoose(successes, x) + logChoose(total - successes, n1 - x) - logChoose(total, n1);
  const threshold = logPmf(x1) + Math.log(TIE_TOLERANCE);
  let p = 0;
  // The support has min(n1, n2, successes, failures) + 1 tables: small whenever Fisher is needed.
  for (let x = Math.max(0, successes - n2); x <= Math.min(n1, successes); x++) {
    const lp = logPmf(x);
    if (lp <= threshold) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

function checkProportionCounts(x1: number, n1: number, x2: number, n2: number): void {
  for (const [name, value] of [['x1', x1], ['n1', n1], ['x2', x2], ['n2', n2]] as const) checkCount(name, value);
  if (x1 > n1) throw new RangeError(`x1 (${x1}) cannot exceed n1 (${n1})`);
  if (x2 > n2) throw new RangeError(`x2 (${x2}) cannot exceed n2 (${n2})`);
}

/** compareProportions' answer; differences are in percentage points. */
export interface ProportionComparison extends ChangeEvidence {
  current: { successes: number; n: number; proportion: number | null };
  previous: { successes: number; n: number; proportion: number | null };
  /** (current − previous) proportion in percentage points; null when a group is empty. */
  differencePp: number | null;
  /** Newcombe hybrid-score interval for the difference, in percentage points. */
  differenceInterval: { lowerPp: number; upperPp: number; confidence: number } | null;
  /** Which test produced pValue: Fisher's exact test when any expected cell count is below 5. */
  test: 'z_pooled' | 'fisher_exact' | 'none';
}

/** Expected cell counts below this make the z-test's normal approximation unreliable (Cochran's rule). */
const MIN_EXPECTED_FOR_Z_TEST = 5;

/**
 * Did a proportion change? x1 of n1 (current) against x2 of n2 (previous): the difference in
 * percentage points, Newcombe's hybrid Wilson score interval (his method 10), and a two-sided
 * p-value from the pooled two-proportion z-test, or Fisher's exact test when an expected count < 5.
 * enoughData: both groups non-empty, some group has ≥ 5 successes and some group ≥ 5 failures.
 */
export function compareProportions(x1: number, n1: number, x2: number, n2: number, options: { confidence?: number } = {}): ProportionComparison {
  const confidence = options.confidence ?? 0.95;
  checkConfidence(confidence);
  checkProportionCounts(x1, n1, x2, n2);
  const result: ProportionComparison = {
    current: { successes: x1, n: n1, proportion: n1 > 0 ? x1 / n1 : null },
    previous: { successes: x2, n: n2, proportion: n2 > 0 ? x2 / n2 : null },
    differencePp: null,
    differenceInterval: null,
    pValue: 1,
    test: 'none',
    direction: 'none',
    enoughData: false,
  };
  if (n1 === 0 || n2 === 0) return result;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const difference = p1 - p2;
  result.differencePp = difference * 100;
  result.direction = difference > 0 ? 'increase' : difference < 0 ? 'decrease' : 'none';
  result.enoughData = Math.max(x1, x2) >= MIN_EVENTS_FOR_VERDICT && Math.max(n1 - x1, n2 - x2) >= MIN_EVENTS_FOR_VERDICT;

  const w1 = wilsonInterval(x1, n1, confidence)!;
  const w2 = wilsonInterval(x2, n2, confidence)!;
  result.differenceInterval = {
    lowerPp: (difference - Math.hypot(p1 - w1.lower, w2.upper - p2)) * 100,
    upperPp: (difference + Math.hypot(w1.upper - p1, p2 - w2.lower)) * 100,
    confidence,
  };

  const total = n1 + n2;
  const pooled = (x1 + x2) / total;
  const smallestExpected = Math.min(n1, n2) * Math.min(pooled, 1 - pooled);
  if (smallestExpected < MIN_EXPECTED_FOR_Z_TEST) {
    result.test = 'fisher_exact';
    result.pValue = fisherExactPValue(x1, n1, x2, n2);
  } else {
    result.test = 'z_pooled';
    const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    result.pValue = twoSidedNormalPValue(difference / standardError);
  }
  return result;
}

// ─── Many comparisons at once ───────────────────────────────────────────────────────────────────

/**
 * Benjamini–Hochberg false-discovery-rate control for a dashboard that tests many series at
 * once: step-up adjusted p-values (monotone in p, capped at 1, same as R's p.adjust "BH"), in
 * input order, and significant = pAdjusted ≤ q.
 */
export function benjaminiHochberg(pValues: readonly number[], q = 0.05): { pValue: number; pAdjusted: number; significant: boolean }[] {
  if (!(q > 0 && q < 1)) throw new RangeError(`q must be between 0 and 1, got ${q}`);
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value at index ${i} must be in [0, 1], got ${p}`);
  });
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
  const adjusted = new Array<number>(m);
  // Walk from the largest p down, keeping the running minimum of (m/rank)·p: that is the step-up
  // rule, and it gives tied p-values the same adjusted value whatever order they arrive in.
  // (m/rank)·p, not p·m/rank, as R's p.adjust: the largest p then comes back unchanged.
  let runningMin = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1];
    runningMin = Math.min(runningMin, (m / rank) * pValues[index]);
    adjusted[index] = runningMin;
  }
  return pValues.map((p, i) => ({ pValue: p, pAdjusted: adjusted[i], significant: adjusted[i] <= q }));
}

// ─── Plain words ────────────────────────────────────────────────────────────────────────────────

/** The dashboard's four words for "did it change?". */
export type ChangeVerdict = 'significant_increase' | 'significant_decrease' | 'within_noise' | 'insufficient_data';

/**
 * One word for the dashboard from any compare* result: insufficient_data when its enoughData is
 * false, else significant_* when p ≤ alpha (pAdjusted from benjaminiHochberg when given, so the
 * verdict and BH's significant flag agree), else within_noise.
 */
export function changeVerdict(evidence: ChangeEvidence, options: { pAdjusted?: number; alpha?: number } = {}): ChangeVerdict {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}`);
  if (!evidence.enoughData) return 'insufficient_data';
  const p = options.pAdjusted ?? evidence.pValue;
  if (p > alpha || evidence.direction === 'none') return 'within_noise';
  return evidence.direction === 'increase' ? 'significant_increase' : 'significant_decrease';
}

/**
 * Benjamini–Hochberg over the p-values whose `compared` is true; the others (comparisons taken
 * back: no data before, a topic labelled only since) get 1 and do not loosen the thresholds.
 */
export function adjustedWhereCompared(pValues: readonly number[], compared: readonly boolean[]): number[] {
  const tested = benjaminiHochberg(pValues.filter((_, i) => compared[i]));
  let next = 0;
  return pValues.map((_, i) => (compared[i] ? tested[next++]!.pAdjusted : 1));
}
