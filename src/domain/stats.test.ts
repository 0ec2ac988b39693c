import { describe, expect, it } from 'vitest';
import {
  benjaminiHochberg,
  binomialTestPValue,
  changeVerdict,
  compareProportions,
  compareRates,
  fisherExactPValue,
  logGamma,
  median,
  normalCdf,
  normalQuantile,
  quantile,
  rateDispersion,
  regularizedIncompleteBeta,
  studentTCritical,
  studentTTwoSided,
  summarizeDurations,
  wilsonInterval,
} from './stats.js';

// Reference values marked "SciPy" came from Debian's python3-scipy 1.10.1 with numpy 1.24.2
// (python3 -c "from scipy import stats; …"), pasted as printed by repr(). SciPy 1.10 has no
// false_discovery_control, so the BH references are NumPy with R's p.adjust formula. Where
// SciPy itself is inexact (Beta functions with arguments near 10^7, Clopper–Pearson bounds
// near 1), the reference is mpmath 1.2.1 at 40 digits and the comment says so.

/** |actual − expected| ≤ tolerance·|expected|: a reference is only as exact as its source. */
function expectRelative(actual: number | null | undefined, expected: number, tolerance = 1e-12): void {
  expect(actual).toBeTypeOf('number');
  const error = Math.abs((actual as number) - expected);
  if (!(error <= tolerance * Math.abs(expected))) {
    throw new Error(`expected ${actual} to be within ${tolerance} (relative) of ${expected}; off by ${error / Math.abs(expected)}`);
  }
}

describe('special functions', () => {
  it('logGamma matches exact values and SciPy gammaln', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 14); // Γ(5) = 4! = 24
    // SciPy: special.gammaln(x) for x = 0.5, 1e-10, 3.7, 100, 1e7
    expectRelative(logGamma(0.5), 0.5723649429247, 1e-14);
    expectRelative(logGamma(1e-10), 23.025850929882733, 1e-14);
    expectRelative(logGamma(3.7), 1.428072326665388, 1e-14);
    expectRelative(logGamma(100), 359.1342053695754, 1e-15);
    expectRelative(logGamma(1e7), 151180949.36947393, 1e-15);
    expect(() => logGamma(0)).toThrow(RangeError);
  });

  it('regularizedIncompleteBeta matches a hand calculation, SciPy betainc and mpmath', () => {
    // By hand: I_0.4(2, 3) = P(Binomial(4, 0.4) ≥ 2) = 1 − 0.6⁴ − 4·0.4·0.6³ = 1 − 0.1296 − 0.3456 = 0.5248.
    expectRelative(regularizedIncompleteBeta(2, 3, 0.4), 0.5248, 1e-14);
    // SciPy: special.betainc(a, b, x)
    expectRelative(regularizedIncompleteBeta(0.5, 0.5, 0.3), 0.3690101195655454, 1e-13);
    expectRelative(regularizedIncompleteBeta(100, 200, 0.3), 0.10884306564491235, 1e-12);
    expectRelative(regularizedIncompleteBeta(10_000, 20_000, 0.3), 5.263114256885388e-36, 1e-9); // far tail, no 1 − x cancellation
    expectRelative(regularizedIncompleteBeta(5, 1e6, 1e-5), 0.9707486360357753, 1e-10);
    // mpmath (40 digits, the same continued fraction) — SciPy's betainc is off by 1e-7 relative here.
    expectRelative(regularizedIncompleteBeta(1e7, 1e7, 0.4999), 0.18554668535934216, 5e-9);
    expect(regularizedIncompleteBeta(3, 4, 0)).toBe(0);
    expect(regularizedIncompleteBeta(3, 4, 1)).toBe(1);
  });

  it('regularizedIncompleteBeta is symmetric: I_x(a, b) = 1 − I_(1−x)(b, a)', () => {
    for (const [a, b, x] of [[2.5, 7, 0.2], [40, 3, 0.9], [1000, 1200, 0.47]]) {
      expect(regularizedIncompleteBeta(a, b, x) + regularizedIncompleteBeta(b, a, 1 - x)).toBeCloseTo(1, 12);
    }
  });

  it('normalCdf matches SciPy ndtr, including the far lower tail', () => {
    expectRelative(normalCdf(-1.96), 0.024997895148220435, 1e-14);
    expectRelative(normalCdf(0.5), 0.6914624612740131, 1e-15);
    expectRelative(normalCdf(3), 0.9986501019683699, 1e-15);
    expectRelative(normalCdf(-10), 7.61985302416047e-24, 1e-13);
    expectRelative(normalCdf(-37), 5.7255712225239266e-300, 1e-12);
    expect(normalCdf(0)).toBe(0.5);
  });

  it('normalQuantile matches SciPy ndtri and inverts normalCdf', () => {
    expectRelative(normalQuantile(0.025), -1.9599639845400545, 1e-15);
    expectRelative(normalQuantile(0.975), 1.959963984540054, 1e-15);
    expectRelative(normalQuantile(0.3), -0.5244005127080409, 1e-15);
    expectRelative(normalQuantile(0.9), 1.2815515655446004, 1e-15);
    expectRelative(normalQuantile(1e-10), -6.361340902404056, 1e-15);
    expectRelative(normalQuantile(1e-300), -37.0470962993612, 1e-15);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    for (const p of [1e-7, 0.01, 0.2, 0.6, 0.99]) expectRelative(normalCdf(normalQuantile(p)), p, 1e-13);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });
});

describe('quantile, median, summarizeDurations', () => {
  // Lead times in ms, unsorted, with a tie and one month-long outlier.
  const durationsMs = [3200, 1500, 86_400_000, 4500, 1500, 720_000, 60_000];

  it('interpolates between order statistics (type 7), by hand', () => {
    // [1, 2, 3, 4] at q = 0.25: h = (4 − 1)·0.25 = 0.75 → x₀ + 0.75·(x₁ − x₀) = 1 + 0.75 = 1.75.
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    // [10, 20, 30] at q = 0.9: h = 2·0.9 = 1.8 → 20 + 0.8·10 = 28.
    expect(quantile([30, 10, 20], 0.9)).toBeCloseTo(28, 12);
  });

  it('matches numpy.percentile (linear) on unsorted input with ties', () => {
    // NumPy: np.percentile(durationsMs, [0, 33.3, 50, 90, 100])
    expect(quantile(durationsMs, 0)).toBe(1500);
    expectRelative(quantile(durationsMs, 0.333), 3196.5999999999995, 1e-14);
    expect(quantile(durationsMs, 0.5)).toBe(4500);
    expectRelative(quantile(durationsMs, 0.9), 34992000.00000003, 1e-14);
    expect(quantile(durationsMs, 1)).toBe(86_400_000);
    // NumPy: np.quantile([-5.5, 2.25, 7, 7, 100.125], [0.1, 0.37, 0.99]) → [-2.4, 4.53, 96.4]
    const mixed = [7, 100.125, -5.5, 7, 2.25];
    expect(quantile(mixed, 0.1)).toBeCloseTo(-2.4, 12);
    expect(quantile(mixed, 0.37)).toBeCloseTo(4.53, 12);
    expect(quantile(mixed, 0.99)).toBeCloseTo(96.4, 12);
  });

  it('handles q = 0 and 1, a single value, empty input, and leaves the input alone', () => {
    expect(quantile([42], 0)).toBe(42);
    expect(quantile([42], 0.73)).toBe(42);
    expect(quantile([42], 1)).toBe(42);
    expect(quantile([], 0.5)).toBeNull();
    const input = [3, 1, 2];
    expect(quantile(input, 1)).toBe(3);
    expect(input).toEqual([3, 1, 2]);
  });

  it('rejects q outside [0, 1] and non-finite values', () => {
    expect(() => quantile([1, 2], -0.1)).toThrow(RangeError);
    expect(() => quantile([1, 2], 1.01)).toThrow(RangeError);
    expect(() => quantile([1, 2], Number.NaN)).toThrow(RangeError);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(RangeError);
    expect(() => quantile([1, Number.POSITIVE_INFINITY], 0.5)).toThrow(RangeError);
  });

  it('median averages the middle pair for an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });

  it('summarizeDurations gives count, median and p90 — not the mean the outlier would drag', () => {
    expect(summarizeDurations(durationsMs)).toEqual({ count: 7, medianMs: 4500, p90Ms: expect.closeTo(34_992_000, 6) });
    expect(summarizeDurations([])).toEqual({ count: 0, medianMs: null, p90Ms: null });
    expect(summarizeDurations([250])).toEqual({ count: 1, medianMs: 250, p90Ms: 250 });
  });
});

describe('binomialTestPValue', () => {
  it('matches hand calculations and SciPy binomtest', () => {
    // By hand: 3 of 3 at p = ½: P(3) = 1/8 and the equally likely P(0) = 1/8 → 1/4.
    expect(binomialTestPValue(3, 3, 0.5)).toBeCloseTo(0.25, 14);
    // SciPy: stats.binomtest(k, n, p).pvalue
    expectRelative(binomialTestPValue(7, 20, 0.5), 0.26317596435546875, 1e-12);
    expectRelative(binomialTestPValue(1, 10, 0.02), 0.18292719311245312, 1e-12);
    expect(binomialTestPValue(0, 0, 0.3)).toBe(1);
  });

  it('counts outcomes exactly as likely as the observed one, despite rounding', () => {
    // By hand: Binomial(4, 0.2) has P(0) = 0.8⁴ = 0.4096 and P(1) = 4·0.2·0.8³ = 0.4096, a tie that
    // floating point breaks by one ulp. Every outcome is then no likelier than k = 1 → p = 1
    // (SciPy binomtest(1, 4, 0.2).pvalue = 1.0; without the 1e-7 tolerance this gives 0.5904).
    expect(binomialTestPValue(1, 4, 0.2)).toBeCloseTo(1, 14);
    expect(binomialTestPValue(0, 4, 0.2)).toBeCloseTo(1, 14);
  });
});

describe('compareRates', () => {
  it('reproduces R poisson.test’s documented example (checked against SciPy)', () => {
    // R: poisson.test(c(11, 6+8+7), c(800, 1083+1050+878)); SciPy: binomtest(11, 32, 800/3811),
    // .proportion_ci(0.95, 'exact') mapped to the ratio by π/(1 − π)·3011/800.
    const result = compareRates({ count: 11, exposure: 800 }, { count: 21, exposure: 3011 });
    expectRelative(result.pValue, 0.0796686330333295, 1e-11);
    expectRelative(result.rateRatio, (11 / 800) / (21 / 3011), 1e-15);
    expectRelative(result.ratioInterval!.lower, 0.858426403391619, 1e-10);
    expectRelative(result.ratioInterval!.upper!, 4.277265943654079, 1e-10);
    expect(result.current.ratePerExposure).toBe(11 / 800);
    expect(result.direction).toBe('increase');
  });

  it('uses exposure as the denominator', () => {
    // SciPy: binomtest(50, 80, 1.5/4); the ratio bounds as above with e₀/e₁ = 2.5/1.5.
    const result = compareRates({ count: 50, exposure: 1.5 }, { count: 30, exposure: 2.5 });
    expect(result.current.ratePerExposure).toBeCloseTo(33.333333, 5);
    expect(result.previous.ratePerExposure).toBe(12);
    expectRelative(result.rateRatio, 2.7777777777777777, 1e-15);
    expectRelative(result.percentChange, 177.77777777777777, 1e-13);
    expectRelative(result.pValue, 7.499069542555251e-6, 1e-10);
    expectRelative(result.ratioInterval!.lower, 1.7322330435884963, 1e-10);
    expectRelative(result.ratioInterval!.upper!, 4.524674172315372, 1e-10);
  });

  it('0 vs 0 events: p = 1, no ratio, no interval', () => {
    const result = compareRates({ count: 0, exposure: 1 }, { count: 0, exposure: 1 });
    expect(result).toMatchObject({ pValue: 1, rateRatio: null, percentChange: null, ratioInterval: null, direction: 'none', enoughData: false });
  });

  it('no previous events: unbounded ratio, only a lower bound (by hand)', () => {
    // 3 vs 0, equal exposure: the 3 events are Binomial(3, ½); P(3) = P(0) = 1/8 → p = 1/4.
    // Clopper–Pearson lower bound for π at 3 of 3 is (α/2)^(1/3) = 0.025^(1/3) = 0.292402;
    // the ratio bound is π/(1 − π) = 0.292402/0.707598 = 0.413231.
    const result = compareRates({ count: 3, exposure: 1 }, { count: 0, exposure: 1 });
    expect(result.pValue).toBeCloseTo(0.25, 14);
    expect(result.rateRatio).toBeNull();
    expect(result.percentChange).toBeNull();
    const piLower = 0.025 ** (1 / 3);
    expect(result.ratioInterval).toEqual({ lower: expect.closeTo(piLower / (1 - piLower), 12), upper: null, confidence: 0.95 });
    expect(result.direction).toBe('increase');
  });

  it('no current events: ratio 0 with an upper bound (by hand)', () => {
    // 0 vs 4: P(0) = P(4) = 1/16 → p = 1/8. Upper bound for π at 0 of 4 is 1 − 0.025^(1/4)
    // = 0.602364, so the ratio bound is 0.602364/0.397636 = 1.514867.
    const result = compareRates({ count: 0, exposure: 1 }, { count: 4, exposure: 1 });
    expect(result.pValue).toBeCloseTo(0.125, 14);
    expect(result.rateRatio).toBe(0);
    expect(result.percentChange).toBe(-100);
    const piUpper = 1 - 0.025 ** (1 / 4);
    expect(result.ratioInterval).toEqual({ lower: 0, upper: expect.closeTo(piUpper / (1 - piUpper), 12), confidence: 0.95 });
  });

  it('equal counts give p = 1 and an interval symmetric on the log scale', () => {
    // With x₁ = x₀ the upper π bound is 1 − the lower one, so upper = 1/lower exactly.
    const result = compareRates({ count: 1_000_000, exposure: 1 }, { count: 1_000_000, exposure: 1 });
    expect(result.pValue).toBe(1);
    expect(result.rateRatio).toBe(1);
    expect(result.ratioInterval!.lower * result.ratioInterval!.upper!).toBeCloseTo(1, 12);
    expect(result.ratioInterval!.lower).toBeLessThan(1);
  });

  it('stays accurate at 10^6 and 10^7 events', () => {
    // SciPy: binomtest(1002000, 2002000, 0.5); CI via proportion_ci(0.95, 'exact').
    const million = compareRates({ count: 1_002_000, exposure: 1 }, { count: 1_000_000, exposure: 1 });
    expectRelative(million.pValue, 0.15771445281311047, 1e-8);
    expectRelative(million.ratioInterval!.lower, 0.9992268793558521, 1e-10);
    expectRelative(million.ratioInterval!.upper!, 1.00478081869468, 1e-10);
    // SciPy: binomtest(10010000, 20010000, 0.5). Our incomplete beta agrees with mpmath to
    // ~1e-10 at this size while SciPy's does not, hence the wider tolerance.
    const tenMillion = compareRates({ count: 10_010_000, exposure: 1 }, { count: 10_000_000, exposure: 1 });
    expectRelative(tenMillion.pValue, 0.025398601132496795, 1e-7);
    expectRelative(tenMillion.ratioInterval!.lower, 1.0001231044039536, 1e-9);
    expectRelative(tenMillion.ratioInterval!.upper!, 1.0018776645436382, 1e-9);
  });

  it('keeps digits at extreme ratios, where SciPy’s bounds lose them', () => {
    // mpmath: 1 − π_L solved from I_y(2, 10^7) = 0.975, bound = (1 − y)/y → 1794802.18178382
    // (SciPy's proportion_ci gives 1794802.434: 1 − π near 1 has lost seven digits there).
    const surge = compareRates({ count: 10_000_000, exposure: 1 }, { count: 1, exposure: 1 });
    expectRelative(surge.ratioInterval!.lower, 1794802.18178382, 1e-9);
    expect(surge.pValue).toBe(0); // below 1e-300
    // mpmath: π_U from I_x(2, 10^7) = 0.975, bound = x/(1 − x) → 5.5716446645174e-7
    const collapse = compareRates({ count: 1, exposure: 1 }, { count: 10_000_000, exposure: 1 });
    expectRelative(collapse.ratioInterval!.upper!, 5.5716446645174e-7, 1e-9);
  });

  it('narrows the interval for a lower confidence level', () => {
    const at95 = compareRates({ count: 40, exposure: 1 }, { count: 25, exposure: 1 }).ratioInterval!;
    const at80 = compareRates({ count: 40, exposure: 1 }, { count: 25, exposure: 1 }, { confidence: 0.8 }).ratioInterval!;
    expect(at80.lower).toBeGreaterThan(at95.lower);
    expect(at80.upper!).toBeLessThan(at95.upper!);
    expect(at80.confidence).toBe(0.8);
  });

  it('treats a period with no exposure as missing, and rejects impossible input', () => {
    const result = compareRates({ count: 7, exposure: 100 }, { count: 0, exposure: 0 });
    expect(result).toMatchObject({ previous: { ratePerExposure: null }, pValue: 1, rateRatio: null, enoughData: false, direction: 'none' });
    expect(() => compareRates({ count: 3, exposure: 0 }, { count: 1, exposure: 1 })).toThrow(/zero exposure/);
    expect(() => compareRates({ count: 1.5, exposure: 1 }, { count: 1, exposure: 1 })).toThrow(RangeError);
    expect(() => compareRates({ count: -1, exposure: 1 }, { count: 1, exposure: 1 })).toThrow(RangeError);
    expect(() => compareRates({ count: 1, exposure: 1 }, { count: 1, exposure: 1 }, { confidence: 1 })).toThrow(RangeError);
  });
});

describe('Student t and the dispersion of daily counts', () => {
  it('gives two-sided t p-values and critical values as SciPy does', () => {
    // SciPy: 2*stats.t.sf(t, df) and stats.t.ppf(0.975, df).
    expectRelative(studentTTwoSided(2.0, 10), 0.07338803477074037, 1e-10);
    expectRelative(studentTTwoSided(-0.5, 3), 0.651447964848151, 1e-10);
    expectRelative(studentTTwoSided(7.3, 54), 1.3417704408449686e-9, 1e-8);
    expect(studentTTwoSided(0, 5)).toBe(1);
    expectRelative(studentTCritical(0.05, 10), 2.228138851986274, 1e-9);
    expectRelative(studentTCritical(0.05, 54), 2.0048792881880564, 1e-9);
    expectRelative(studentTCritical(0.01, 2), 9.924843200918287, 1e-9);
    expect(() => studentTTwoSided(1, 0)).toThrow(RangeError);
  });

  it('measures dispersion around each period\'s own rate (Pearson χ² over days − 2), leaving out days without exposure', () => {
    // Current rate 20 a day: χ² (10−20)²/20 + 0 + (30−20)²/20 = 10; the previous days sit on their rate: 0. φ = 10 / (6 − 2).
    const even = [20, 20, 20].map((count) => ({ count, exposure: 1 }));
    expect(rateDispersion([10, 20, 30].map((count) => ({ count, exposure: 1 })), even)).toEqual({ phi: 2.5, df: 4 });
    // Exposures weight the expectation: 5 and 15 items on 100 and 300 orders are exactly on a 5 % rate.
    expect(rateDispersion([{ count: 5, exposure: 100 }, { count: 15, exposure: 300 }, { count: 0, exposure: 0 }], [{ count: 4, exposure: 100 }, { count: 4, exposure: 100 }])).toEqual({ phi: 0, df: 2 });
    // Too few days to say anything.
    expect(rateDispersion([{ count: 3, exposure: 1 }, { count: 4, exposure: 1 }], [{ count: 5, exposure: 1 }])).toBeNull();
  });

  it('widens the rate test and its interval by an overdispersion, never narrows them', () => {
    // 90 against 60 over equal exposure. SciPy: binomtest(90, 150, 0.5) → 0.017597691928785828;
    // quasi-Poisson with φ = 2.5 on 4 df: z = 15/√(2.5·150·¼) = 1.5491933384829668, 2*t.sf(z, 4) → 0.19626117814926966;
    // Wald interval of the ratio 1.5: exp(±t.ppf(0.975, 4)·√(2.5·(1/90 + 1/60))) → 0.7216663114270003 … 3.117784444656867.
    const plain = compareRates({ count: 90, exposure: 3 }, { count: 60, exposure: 3 });
    expectRelative(plain.pValue, 0.017597691928785828, 1e-9);
    expect(plain.dispersion).toBeNull();
    const wide = compareRates({ count: 90, exposure: 3 }, { count: 60, exposure: 3 }, { dispersion: { phi: 2.5, df: 4 } });
    expectRelative(wide.pValue, 0.19626117814926966, 1e-9);
    expectRelative(wide.ratioInterval!.lower, 0.7216663114270003, 1e-9);
    expectRelative(wide.ratioInterval!.upper!, 3.117784444656867, 1e-9);
    expect(wide.dispersion).toBe(2.5);
    expect(wide.rateRatio).toBe(plain.rateRatio);
    // Counts less dispersed than Poisson keep the exact answer.
    const tight = compareRates({ count: 90, exposure: 3 }, { count: 60, exposure: 3 }, { dispersion: { phi: 0.4, df: 4 } });
    expect(tight).toEqual(plain);
  });
});

describe('wilsonInterval', () => {
  it('matches a hand calculation at 0 successes', () => {
    // p̂ = 0 collapses the Wilson bounds to [0, z²/(n + z²)] = [0, 3.841459/13.841459] = [0, 0.277533].
    const z = 1.959963984540054;
    expect(wilsonInterval(0, 10)).toEqual({ proportion: 0, lower: 0, upper: expect.closeTo((z * z) / (10 + z * z), 14) });
  });

  it('matches SciPy binomtest(x, n).proportion_ci(method="wilson")', () => {
    const cases: [number, number, number, number, number][] = [
      // x, n, confidence, lower, upper
      [10, 10, 0.95, 0.7224672001371109, 1.0],
      [6, 10, 0.95, 0.3126737697336583, 0.8318196702937639],
      [1, 1, 0.95, 0.20654931437723745, 1.0],
      [81, 263, 0.95, 0.2552885198782742, 0.36620957698280004],
      [6, 10, 0.9, 0.35163859786012186, 0.8057730081231967],
      [950, 1000, 0.9, 0.9373997965803907, 0.960171784503825],
    ];
    for (const [x, n, confidence, lower, upper] of cases) {
      const interval = wilsonInterval(x, n, confidence)!;
      expect(interval.proportion).toBe(x / n);
      expectRelative(interval.lower, lower, 1e-13);
      expectRelative(interval.upper, upper, 1e-13);
    }
  });

  it('is null for n = 0 and rejects impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 0)).toThrow(RangeError);
  });
});

describe('fisherExactPValue', () => {
  it('matches a hand calculation', () => {
    // [[3, 0], [0, 3]]: with margins fixed, P(x₁ = k) = C(3, k)·C(3, 3 − k)/C(6, 3) = 1/20, 9/20,
    // 9/20, 1/20 for k = 0..3; tables no likelier than the observed 1/20 sum to 2/20 = 0.1.
    expect(fisherExactPValue(3, 3, 0, 3)).toBeCloseTo(0.1, 14);
    // [[1, 1], [1, 4]]: P(x₁ = 0, 1, 2) = C(2, x)·C(5, 2 − x)/C(7, 2) = 10/21, 10/21, 1/21; the
    // observed 10/21 ties with x₁ = 0, so every table counts → p = 1 (SciPy fisher_exact: 1.0).
    expect(fisherExactPValue(1, 2, 1, 5)).toBeCloseTo(1, 14);
  });

  it('matches SciPy fisher_exact([[x1, n1 − x1], [x2, n2 − x2]])', () => {
    expectRelative(fisherExactPValue(1, 10, 11, 14), 0.0027594561852200836, 1e-12);
    expectRelative(fisherExactPValue(2, 40, 9, 38), 0.02336960017000953, 1e-12);
    expectRelative(fisherExactPValue(5, 56, 0, 29), 0.1606214432094711, 1e-12);
    expectRelative(fisherExactPValue(12, 17, 3, 17), 0.0048957925729217495, 1e-12);
  });

  it('is exact for rare events among a million', () => {
    // Exact with Python fractions: 0 of 10^6 vs 3 of 10^6 has p = 2·C(10^6, 3)/C(2·10^6, 3)
    // = 0.2499996249998125 (SciPy's fisher_exact gives 0.24999962497779532, 8e-11 off).
    expectRelative(fisherExactPValue(0, 1_000_000, 3, 1_000_000), 0.2499996249998125, 1e-12);
  });
});

describe('compareProportions', () => {
  it('reproduces Newcombe’s (1998) Table II intervals for method 10', () => {
    // Newcombe, Statistics in Medicine 17:873–890, Table II, hybrid score interval, 4 decimals.
    const table: [number, number, number, number, number, number][] = [
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.809],
      [6, 7, 2, 7, 0.0582, 0.8062],
      [5, 56, 0, 29, -0.0381, 0.1926],
      [0, 10, 0, 20, -0.1611, 0.2775],
    ];
    for (const [x1, n1, x2, n2, lower, upper] of table) {
      const interval = compareProportions(x1, n1, x2, n2).differenceInterval!;
      expect(interval.lowerPp / 100).toBeCloseTo(lower, 4);
      expect(interval.upperPp / 100).toBeCloseTo(upper, 4);
    }
  });

  it('uses the pooled z-test with large expected counts (SciPy chi2_contingency, correction=False)', () => {
    const result = compareProportions(56, 70, 48, 80);
    expect(result.test).toBe('z_pooled');
    expect(result.differencePp).toBeCloseTo(20, 12);
    expect(result.current.proportion).toBe(0.8);
    expect(result.previous.proportion).toBe(0.6);
    expectRelative(result.pValue, 0.008045081368196585, 1e-12);
    expectRelative(compareProportions(15, 100, 30, 120).pValue, 0.06710788204818727, 1e-12);
  });

  it('switches to Fisher’s exact test when an expected count is below 5', () => {
    // 5/56 vs 0/29: pooled 5/85, smallest expected count 29·5/85 = 1.7.
    const result = compareProportions(5, 56, 0, 29);
    expect(result.test).toBe('fisher_exact');
    expectRelative(result.pValue, 0.1606214432094711, 1e-12); // SciPy fisher_exact
    // 2/40 vs 9/38: smallest expected 38·11/78 = 5.36, so still the z-test.
    expect(compareProportions(2, 40, 9, 38).test).toBe('z_pooled');
  });

  it('handles a million per group (SciPy chi2_contingency)', () => {
    const result = compareProportions(520_000, 1_000_000, 500_000, 1_000_000);
    expectRelative(result.pValue, 4.5968416236982645e-176, 1e-9);
    expect(result.differencePp).toBeCloseTo(2, 10);
    expect(result.differenceInterval!.lowerPp).toBeGreaterThan(1.8);
    expect(result.differenceInterval!.upperPp).toBeLessThan(2.2);
  });

  it('n = 1 per group: p = 1 (both possible tables are equally likely)', () => {
    const result = compareProportions(1, 1, 0, 1);
    expect(result.test).toBe('fisher_exact');
    expect(result.pValue).toBeCloseTo(1, 14);
    expect(result.differencePp).toBe(100);
    expect(result.enoughData).toBe(false);
  });

  it('an empty group gives no difference, p = 1 and insufficient data', () => {
    expect(compareProportions(0, 0, 1, 5)).toMatchObject({
      current: { proportion: null },
      previous: { proportion: 0.2 },
      differencePp: null,
      differenceInterval: null,
      pValue: 1,
      test: 'none',
      enoughData: false,
    });
    expect(() => compareProportions(3, 2, 1, 5)).toThrow(RangeError);
  });
});

describe('benjaminiHochberg', () => {
  it('adjusts by hand', () => {
    // m = 4; sorted 0.01, 0.03, 0.04, 0.2 → p·m/rank = 0.04, 0.06, 0.0533, 0.2; running minimum
    // from the top: 0.2, 0.0533, 0.0533, 0.04. Back in input order:
    const result = benjaminiHochberg([0.01, 0.04, 0.03, 0.2]);
    expect(result.map((r) => r.pAdjusted)).toEqual([expect.closeTo(0.04, 14), expect.closeTo(0.16 / 3, 14), expect.closeTo(0.16 / 3, 14), expect.closeTo(0.2, 14)]);
    expect(result.map((r) => r.significant)).toEqual([true, false, false, false]);
    expect(result[1].pValue).toBe(0.04);
  });

  it('matches the NumPy p.adjust formula on unsorted input with ties', () => {
    const pValues = [0.041, 0.001, 0.02, 0.041, 0.5, 0.0004, 0.9, 0.02, 0.041, 0.03];
    // NumPy: o = argsort(p)[::-1]; minimum(1, minimum.accumulate(p[o]·m/arange(m, 0, -1)))[argsort(o)]
    const expected = [0.05125, 0.005, 0.05, 0.05125, 0.5555555555555556, 0.004, 0.9, 0.05, 0.05125, 0.05125];
    const result = benjaminiHochberg(pValues);
    result.forEach((r, i) => expectRelative(r.pAdjusted, expected[i], 1e-14));
    expect(result.map((r) => r.significant)).toEqual(expected.map((p) => p <= 0.05));
    // Ties get one adjusted value; a larger p never gets a smaller adjusted p.
    const sorted = [...result].sort((a, b) => a.pValue - b.pValue);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].pAdjusted).toBeGreaterThanOrEqual(sorted[i - 1].pAdjusted);
  });

  it('does not depend on input order', () => {
    const pValues = [0.3, 0.001, 0.02, 0.02, 0.8];
    const forward = benjaminiHochberg(pValues);
    const reversed = benjaminiHochberg([...pValues].reverse()).reverse();
    expect(reversed).toEqual(forward);
  });

  it('caps at 1, honours q, and accepts no p-values', () => {
    expect(benjaminiHochberg([0.9, 0.95, 0.99]).map((r) => r.pAdjusted)).toEqual([0.99, 0.99, 0.99]); // NumPy, as above
    expect(benjaminiHochberg([1, 1]).map((r) => r.pAdjusted)).toEqual([1, 1]);
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.2], 0.1).map((r) => r.significant)).toEqual([true, true, true, false]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(() => benjaminiHochberg([0.1, Number.NaN])).toThrow(RangeError);
    expect(() => benjaminiHochberg([1.2])).toThrow(RangeError);
  });
});

describe('changeVerdict', () => {
  it('reads direction and significance from a rate comparison', () => {
    expect(changeVerdict(compareRates({ count: 50, exposure: 1 }, { count: 20, exposure: 1 }))).toBe('significant_increase');
    expect(changeVerdict(compareRates({ count: 20, exposure: 1 }, { count: 50, exposure: 1 }))).toBe('significant_decrease');
    expect(changeVerdict(compareRates({ count: 22, exposure: 1 }, { count: 20, exposure: 1 }))).toBe('within_noise');
  });

  it('calls fewer than 5 events in both periods insufficient, even when p is tiny', () => {
    // 4 events vs 0 over a 100× larger exposure: p = (1/101)⁴ ≈ 1e-8, but four events are four events.
    const tiny = compareRates({ count: 4, exposure: 1 }, { count: 0, exposure: 100 });
    expect(tiny.pValue).toBeLessThan(1e-7);
    expect(changeVerdict(tiny)).toBe('insufficient_data');
    expect(changeVerdict(compareRates({ count: 5, exposure: 1 }, { count: 0, exposure: 100 }))).toBe('significant_increase');
    expect(changeVerdict(compareRates({ count: 0, exposure: 0 }, { count: 9, exposure: 1 }))).toBe('insufficient_data');
  });

  it('prefers the adjusted p-value, and p = alpha counts as significant (as in benjaminiHochberg)', () => {
    const evidence = { pValue: 0.03, direction: 'increase', enoughData: true } as const;
    expect(changeVerdict(evidence)).toBe('significant_increase');
    expect(changeVerdict(evidence, { pAdjusted: 0.06 })).toBe('within_noise');
    expect(changeVerdict(evidence, { alpha: 0.01 })).toBe('within_noise');
    expect(changeVerdict({ ...evidence, pValue: 0.05 })).toBe('significant_increase');
    expect(changeVerdict({ ...evidence, direction: 'none', pValue: 0 })).toBe('within_noise');
  });

  it('reads proportion comparisons and their data rule', () => {
    expect(changeVerdict(compareProportions(15, 100, 30, 120))).toBe('within_noise');
    expect(changeVerdict(compareProportions(2, 40, 9, 38))).toBe('significant_decrease');
    // 0 vs 4 successes of 1000: no group has 5 successes.
    expect(changeVerdict(compareProportions(0, 1000, 4, 1000))).toBe('insufficient_data');
  });
});
