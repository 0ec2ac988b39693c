import { describe, expect, it } from 'vitest';
import { sketchBucket, sketchQuantile, sketchValue, SKETCH_RELATIVE_ACCURACY } from './duration-sketch.js';
import { quantile } from './stats.js';

/** A small seeded generator (mulberry32). */
function prngForTest(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sketchOf = (values: number[]) => {
  const m = new Map<number, number>();
  for (const v of values) m.set(sketchBucket(v), (m.get(sketchBucket(v)) ?? 0) + 1);
  return m;
};

describe('duration sketch', () => {
  it('keeps every duration within 2 % of its bucket’s value', () => {
    for (const s of [1, 1.5, 2, 59, 60, 61, 180, 3_599, 3_600, 86_400, 2_592_000]) {
      expect(Math.abs(sketchValue(sketchBucket(s)) - s) / s).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY + 1e-12);
    }
    expect(sketchBucket(0)).toBe(0);
    expect(sketchBucket(0.4)).toBe(0);
    expect(sketchValue(0)).toBe(0);
  });

  it('gives type-7 quantiles within 2 % (hand example: 1, 2, 3, 4, 5, 10, 20 minutes)', () => {
    const minutes = [1, 2, 3, 4, 10, 20, 5].map((m) => m * 60);
    // Exact: median 4 min; p90 at rank 5.4 → 10 + 0.4 × (20 − 10) = 14 min.
    expect(sketchQuantile(sketchOf(minutes), 0.5)! / 240).toBeCloseTo(1, 1);
    expect(Math.abs(sketchQuantile(sketchOf(minutes), 0.9)! - 840) / 840).toBeLessThanOrEqual(0.02);
    expect(sketchQuantile(new Map(), 0.5)).toBeNull();
  });

  it('stays within 2 % of the exact quantile on skewed random lead times', () => {
    const random = prngForTest(7);
    // Log-normal-ish: most answers in minutes, a long tail of days.
    const values = Array.from({ length: 20_000 }, () => Math.exp(4 + 2.5 * Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random())));
    const sketch = sketchOf(values);
    for (const q of [0.1, 0.5, 0.9, 0.99]) {
      const exact = quantile(values, q)!;
      expect(Math.abs(sketchQuantile(sketch, q)! - exact) / exact).toBeLessThanOrEqual(0.02);
    }
  });
});
