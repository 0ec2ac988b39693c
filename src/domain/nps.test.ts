import { describe, expect, it } from 'vitest';
import { compareNps, csatFromRatings, npsFromCounts, npsFromScores, tallyNpsScores } from './nps.js';
import { changeVerdict } from './stats.js';

// Reference values marked "SciPy" came from Debian's python3-scipy 1.10.1 (stats.norm,
// stats.binomtest(...).proportion_ci(method='wilson')), pasted as printed by repr(); the adjusted NPS
// intervals and the pooled tests from SciPy 1.17.1 (stats.norm.ppf, stats.norm.sf).

describe('NPS', () => {
  it('computes score, shares and the adjusted-Wald interval by hand', () => {
    // 50 promoters, 30 passives, 20 detractors: NPS = 50% − 20% = 30. The interval adds one
    // response to each category: 51/31/21 of 103, centre 30/103 = 29.13, var = (72/103 − (30/103)²)/103;
    // SciPy: 100·(30/103 ∓ norm.ppf(0.975)·√var) = 13.99120082025734, 44.261226364208675.
    const summary = npsFromCounts({ promoters: 50, passives: 30, detractors: 20 });
    expect(summary).toMatchObject({ n: 100, nps: 30, promotersPct: 50, passivesPct: 30, detractorsPct: 20 });
    expect(summary.interval!.lower).toBeCloseTo(13.99120082025734, 10);
    expect(summary.interval!.upper).toBeCloseTo(44.261226364208675, 10);
    expect(summary.interval!.confidence).toBe(0.95);
  });

  it('classifies raw scores 9–10 / 7–8 / 0–6', () => {
    const everyScore = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(tallyNpsScores(everyScore)).toEqual({ promoters: 2, passives: 2, detractors: 7 });
    // (2 − 7)/11 = −45.45…
    expect(npsFromScores(everyScore).nps).toBeCloseTo(-500 / 11, 12);
    expect(npsFromScores([6, 7, 9]).nps).toBeCloseTo(0, 12);
  });

  it('clamps the interval to ±100', () => {
    // 98 promoters, 2 detractors: NPS 96; adjusted 99/1/3 of 103 (SciPy: 86.46966645872348–99.93810053156778).
    const summary = npsFromCounts({ promoters: 98, passives: 0, detractors: 2 });
    expect(summary.nps).toBe(96);
    expect(summary.interval!.lower).toBeCloseTo(86.46966645872348, 10);
    expect(summary.interval!.upper).toBeCloseTo(99.93810053156778, 10);
    // One promoter: adjusted 2/1/1 of 4, 25 ± 81.26 → −56.26 to 106.26, cut at 100.
    expect(npsFromScores([10]).interval!.upper).toBe(100);
  });

  it('gives a small unanimous sample a wide interval, not a point', () => {
    expect(npsFromScores([])).toEqual({ n: 0, nps: null, promotersPct: null, passivesPct: null, detractorsPct: null, interval: null });
    // One promoter: the plain estimate's variance is 0 ("100~100"); adjusted, it spans most of the scale.
    const one = npsFromScores([10]);
    expect(one.nps).toBe(100);
    expect(one.interval!.lower).toBeCloseTo(-56.25581424161613, 10); // SciPy: 100·(0.25 − norm.ppf(0.975)·√(0.6875/4))
    // 12 of 12 promoters: adjusted 13/1/1 of 15 (SciPy: 52.59163241226088), up to 100 — not 100~100.
    const twelve = npsFromCounts({ promoters: 12, passives: 0, detractors: 0 });
    expect(twelve.interval!.lower).toBeCloseTo(52.59163241226088, 10);
    expect(twelve.interval!.upper).toBe(100);
    expect(npsFromCounts({ promoters: 0, passives: 0, detractors: 8 }).interval!.upper).toBeGreaterThan(-75);
    expect(npsFromScores([3]).nps).toBe(-100);
  });

  it('rejects scores that are not integers 0–10 and bad counts', () => {
    for (const bad of [7.5, 11, -1, Number.NaN]) expect(() => npsFromScores([9, bad])).toThrow(RangeError);
    expect(() => npsFromCounts({ promoters: -1, passives: 0, detractors: 0 })).toThrow(RangeError);
  });
});

describe('compareNps', () => {
  it('tests the difference under the null hypothesis (pooled variance), by hand', () => {
    // Current 50/30/20 (NPS 30), previous 30/30/40 (NPS −10). Pooled: 80/60/60 of 200, σ² = 0.4 + 0.3 − 0.1² = 0.69,
    // se = 100·√(0.69·(1/100 + 1/100)) = 11.747; SciPy: 2·norm.sf(40/(100·√0.0138)) = 0.0006615772481686541.
    const result = compareNps({ promoters: 50, passives: 30, detractors: 20 }, { promoters: 30, passives: 30, detractors: 40 });
    expect(result.differencePoints).toBeCloseTo(40, 12);
    expect(result.pValue).toBeCloseTo(0.0006615772481686541, 15);
    // The interval: adjusted 51/31/21 and 31/31/41 of 103 each; SciPy: 16.783623713705516, 60.88627919891584.
    expect(result.differenceInterval!.lower).toBeCloseTo(16.783623713705516, 10);
    expect(result.differenceInterval!.upper).toBeCloseTo(60.88627919891584, 10);
    expect(result.direction).toBe('increase');
    expect(changeVerdict(result)).toBe('significant_increase');
  });

  it('does not call a change between two tiny samples real because one of them is unanimous', () => {
    // 12 of 12 promoters against 9 promoters and 3 passives: the unpooled se counts the unanimous
    // group's variance as 0 and read p = 0.0455. Pooled 21/3/0 of 24: SciPy 2·norm.sf(25/(100·√(0.109375·2/12))) = 0.06407750645105952.
    const result = compareNps({ promoters: 12, passives: 0, detractors: 0 }, { promoters: 9, passives: 3, detractors: 0 });
    expect(result.differencePoints).toBeCloseTo(25, 12);
    expect(result.pValue).toBeCloseTo(0.06407750645105952, 12);
    expect(changeVerdict(result)).toBe('within_noise');
    // The interval is wide and holds 0 (SciPy, adjusted 13/1/1 and 10/4/1 of 15: −21.319668820304095 to 61.31966882030411).
    expect(result.differenceInterval!.lower).toBeCloseTo(-21.319668820304095, 10);
    expect(result.differenceInterval!.upper).toBeCloseTo(61.31966882030411, 10);
    // The same the other way round.
    expect(compareNps({ promoters: 9, passives: 3, detractors: 0 }, { promoters: 12, passives: 0, detractors: 0 }).pValue).toBeCloseTo(0.06407750645105952, 12);
  });

  it('uses the pooled variance when both groups are unanimous', () => {
    // 5 promoters vs 5 detractors: the unpooled se is 0. Pooled shares ½/½ give σ² = 1, so
    // se = 100·√(1·(1/5 + 1/5)) = 63.25 and z = 200/63.25; SciPy: 2·norm.sf(200/(100·√0.4)) = 0.001565402258002548.
    const five = compareNps({ promoters: 5, passives: 0, detractors: 0 }, { promoters: 0, passives: 0, detractors: 5 });
    expect(five.pValue).toBeCloseTo(0.001565402258002548, 15);
    // n = 1 each: z = 200/141.4 = 1.41 → p ≈ 0.157, not "infinitely significant"; and too few to judge.
    const one = compareNps({ promoters: 1, passives: 0, detractors: 0 }, { promoters: 0, passives: 0, detractors: 1 });
    expect(one.pValue).toBeCloseTo(2 * 0.07864960352514251, 12); // SciPy: stats.norm.sf(math.sqrt(2))
    expect(changeVerdict(one)).toBe('insufficient_data');
    // Identical unanimous groups: no difference at all.
    expect(compareNps({ promoters: 8, passives: 0, detractors: 0 }, { promoters: 6, passives: 0, detractors: 0 }).pValue).toBe(1);
  });

  it('an empty group gives no difference and p = 1', () => {
    const result = compareNps({ promoters: 0, passives: 0, detractors: 0 }, { promoters: 3, passives: 1, detractors: 1 });
    expect(result).toMatchObject({ differencePoints: null, differenceInterval: null, pValue: 1, direction: 'none', enoughData: false });
  });

  it('calls small changes noise', () => {
    const result = compareNps({ promoters: 52, passives: 28, detractors: 20 }, { promoters: 50, passives: 30, detractors: 20 });
    expect(result.pValue).toBeGreaterThan(0.5);
    expect(changeVerdict(result)).toBe('within_noise');
  });
});

describe('CSAT', () => {
  it('share of 4–5 with a Wilson interval (SciPy) and the mean rating', () => {
    // 7 of 10 rate 4–5; mean (5+4+3+5+1+4+4+2+5+5)/10 = 38/10 = 3.8.
    const summary = csatFromRatings([5, 4, 3, 5, 1, 4, 4, 2, 5, 5]);
    expect(summary).toMatchObject({ n: 10, satisfied: 7, csatPct: 70, meanRating: 3.8 });
    // SciPy: binomtest(7, 10).proportion_ci(0.95, 'wilson') × 100
    expect(summary.interval!.lowerPct).toBeCloseTo(39.67781474611453, 11);
    expect(summary.interval!.upperPct).toBeCloseTo(89.22087325936991, 11);
  });

  it('keeps a sound interval at 0% satisfied', () => {
    const summary = csatFromRatings([1, 2, 3]);
    expect(summary.csatPct).toBe(0);
    expect(summary.interval!.lowerPct).toBe(0);
    expect(summary.interval!.upperPct).toBeCloseTo(56.14970317550454, 11); // SciPy: binomtest(0, 3) Wilson × 100
  });

  it('handles no ratings and rejects anything but integers 1–5', () => {
    expect(csatFromRatings([])).toEqual({ n: 0, satisfied: 0, csatPct: null, interval: null, meanRating: null });
    for (const bad of [0, 6, 4.5, Number.NaN]) expect(() => csatFromRatings([5, bad])).toThrow(RangeError);
  });
});
