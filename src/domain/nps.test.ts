import { describe, expect, it } from 'vitest';
import { compareNps, csatFromRatings, npsFromCounts, npsFromScores, tallyNpsScores } from './nps.js';
import { changeVerdict } from './stats.js';

// Reference values marked "SciPy" came from Debian's python3-scipy 1.10.1 (stats.norm,
// stats.binomtest(...).proportion_ci(method='wilson')), pasted as printed by repr().
const Z95 = 1.959963984540054; // SciPy: stats.norm.ppf(0.975)

describe('NPS', () => {
  it('computes score, shares and interval by hand', () => {
    // 50 promoters, 30 passives, 20 detractors: NPS = 50% − 20% = 30.
    // var = (0.5 + 0.2 − 0.3²)/100 = 0.0061 → se = 7.8102 points; ±1.96·se = ±15.3078 (SciPy: 15.307808075042674).
    const summary = npsFromCounts({ promoters: 50, passives: 30, detractors: 20 });
    expect(summary).toMatchObject({ n: 100, nps: 30, promotersPct: 50, passivesPct: 30, detractorsPct: 20 });
    expect(summary.interval!.lower).toBeCloseTo(30 - 15.307808075042674, 10);
    expect(summary.interval!.upper).toBeCloseTo(30 + 15.307808075042674, 10);
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
    // 98 promoters, 2 detractors: NPS 96, se = 100·√((1 − 0.96²)/100) = 2.8 → 96 + 5.49 > 100.
    const summary = npsFromCounts({ promoters: 98, passives: 0, detractors: 2 });
    expect(summary.nps).toBe(96);
    expect(summary.interval!.upper).toBe(100);
    expect(summary.interval!.lower).toBeCloseTo(96 - Z95 * 2.8, 10);
  });

  it('handles no responses and a single response', () => {
    expect(npsFromScores([])).toEqual({ n: 0, nps: null, promotersPct: null, passivesPct: null, detractorsPct: null, interval: null });
    // One promoter: the estimated variance is 0, so the interval is the point (documented weakness).
    expect(npsFromScores([10]).interval).toEqual({ lower: 100, upper: 100, confidence: 0.95 });
    expect(npsFromScores([3]).nps).toBe(-100);
  });

  it('rejects scores that are not integers 0–10 and bad counts', () => {
    for (const bad of [7.5, 11, -1, Number.NaN]) expect(() => npsFromScores([9, bad])).toThrow(RangeError);
    expect(() => npsFromCounts({ promoters: -1, passives: 0, detractors: 0 })).toThrow(RangeError);
  });
});

describe('compareNps', () => {
  it('tests the difference of two independent estimates, by hand', () => {
    // Current 50/30/20 (NPS 30, var 0.0061), previous 30/30/40 (NPS −10, var (0.3 + 0.4 − 0.01)/100 = 0.0069).
    // Difference 40, se = 100·√0.013 = 11.4018, z = 3.508; SciPy: 2·norm.sf(40/(100·√0.013)) = 0.0004510953476143039.
    const result = compareNps({ promoters: 50, passives: 30, detractors: 20 }, { promoters: 30, passives: 30, detractors: 40 });
    expect(result.differencePoints).toBeCloseTo(40, 12);
    expect(result.pValue).toBeCloseTo(0.0004510953476143039, 15);
    const se = 100 * Math.sqrt(0.013);
    expect(result.differenceInterval!.lower).toBeCloseTo(40 - Z95 * se, 10);
    expect(result.differenceInterval!.upper).toBeCloseTo(40 + Z95 * se, 10);
    expect(result.direction).toBe('increase');
    expect(changeVerdict(result)).toBe('significant_increase');
  });

  it('falls back to the pooled variance when both groups are unanimous', () => {
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
