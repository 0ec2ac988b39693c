import { describe, expect, it } from 'vitest';
import { sketchBucket } from '../domain/duration-sketch.js';
import { leadTimeChange } from './lead-time-change.js';

/** A sketch of lead times in seconds, as the rollup counts them. */
const sketch = (seconds: number[]) => {
  const m = new Map<number, number>();
  for (const s of seconds) m.set(sketchBucket(s), (m.get(sketchBucket(s)) ?? 0) + 1);
  return m;
};
const minutes = (from: number, n: number, step = 1) => Array.from({ length: n }, (_, i) => (from + i * step) * 60);

describe('leadTimeChange (Mood’s median test on the sketches)', () => {
  it('calls a median that doubled on 40 answers a week a significant increase, and the reverse a decrease', () => {
    const slow = sketch(minutes(20, 40));
    const fast = sketch(minutes(5, 40, 0.25));
    const up = leadTimeChange(slow, fast);
    expect(up).toMatchObject({ unit: 'percent', verdict: 'significant_increase', interval: null });
    expect(up.p_value).toBeLessThan(0.001);
    expect(up.change!).toBeGreaterThan(100);
    expect(leadTimeChange(fast, slow).verdict).toBe('significant_decrease');
  });

  it('says within noise for the same spread of times, and for one tail that grew but a median that did not', () => {
    expect(leadTimeChange(sketch(minutes(10, 40)), sketch(minutes(10, 40))).verdict).toBe('within_noise');
    // Three week-old tickets more: the mean would jump, the median test hardly moves.
    const tail = [...minutes(10, 40), 7 * 86_400, 7 * 86_400, 7 * 86_400];
    expect(leadTimeChange(sketch(tail), sketch(minutes(10, 40))).verdict).toBe('within_noise');
  });

  it('gives no verdict on a handful of answers, nor against an empty period', () => {
    expect(leadTimeChange(sketch([600, 1200, 1800]), sketch([60, 120, 180]))).toMatchObject({ verdict: 'insufficient_data', current: expect.any(Number) });
    const none = leadTimeChange(sketch(minutes(10, 40)), new Map());
    expect(none).toMatchObject({ verdict: 'insufficient_data', previous: null, change: null });
    expect(leadTimeChange(new Map(), new Map())).toMatchObject({ verdict: 'insufficient_data', current: null, previous: null });
  });

  it('takes answers in under a second (bucket 0) as times like any other: equal sessions are within noise', () => {
    expect(leadTimeChange(sketch(Array(40).fill(0)), sketch(Array(40).fill(0)))).toMatchObject({ current: 0, previous: 0, verdict: 'within_noise', change: null });
  });
});
