import { sketchQuantile } from '../domain/duration-sketch.js';
import { changeVerdict, compareProportions } from '../domain/stats.js';
import { insufficientChange, SHARE_BASE_FOR_RARE_OUTCOME, type Change } from './change.js';

type Sketch = ReadonlyMap<number, number>;

const total = (s: Sketch) => [...s.values()].reduce((a, b) => a + b, 0);
const roundTo = (x: number, digits: number) => Number(x.toFixed(digits));

/** The bucket that holds the median of two sketches together (the lower middle one on an even count). */
function pooledMedianBucket(a: Sketch, b: Sketch): number {
  const merged = new Map(a);
  for (const [bucket, n] of b) merged.set(bucket, (merged.get(bucket) ?? 0) + n);
  const buckets = [...merged].filter(([, n]) => n > 0).sort((x, y) => x[0] - y[0]);
  const rank = Math.floor((total(merged) - 1) / 2);
  let seen = 0;
  for (const [bucket, n] of buckets) {
    seen += n;
    if (rank < seen) return bucket;
  }
  return buckets[buckets.length - 1]![0];
}

/**
 * A median lead time now against before, from the two periods' sketches, in the dashboard's verdict
 * words: `current`/`previous` are the medians in seconds, `change` the median's change in percent.
 * The test is Mood's median test — the share of each period's lead times slower than the two periods'
 * common median, compared as shares are (compareProportions: the z-test, or Fisher's exact test on
 * small counts) — so a few week-old tickets move it no more than they move a median. A verdict only
 * when the test and the medians agree on the direction (the medians are bucketed, within 2 %);
 * too few lead times (as for a share: five on each side of the common median, or 30 in each period)
 * is insufficient_data. No interval: the test gives none for the medians' ratio.
 */
export function leadTimeChange(current: Sketch, previous: Sketch): Change {
  const [n1, n2] = [total(current), total(previous)];
  const [m1, m2] = [sketchQuantile(current, 0.5), sketchQuantile(previous, 0.5)];
  const seconds = (x: number | null) => (x === null ? null : Math.round(x));
  if (n1 === 0 || n2 === 0) return insufficientChange('percent', seconds(m1), seconds(m2));
  const median = pooledMedianBucket(current, previous);
  const slower = (s: Sketch) => [...s].reduce((sum, [bucket, n]) => sum + (bucket > median ? n : 0), 0);
  const test = compareProportions(slower(current), n1, slower(previous), n2);
  const medianMoved = m1! > m2! ? 'increase' : m1! < m2! ? 'decrease' : 'none';
  const enoughData = test.enoughData || Math.min(n1, n2) >= SHARE_BASE_FOR_RARE_OUTCOME;
  return {
    current: seconds(m1),
    previous: seconds(m2),
    unit: 'percent',
    change: m2! > 0 ? roundTo((m1! / m2! - 1) * 100, 2) : null,
    interval: null,
    p_value: roundTo(test.pValue, 6),
    verdict: changeVerdict({ pValue: test.pValue, direction: test.direction === medianMoved ? medianMoved : 'none', enoughData }),
  };
}
