/**
 * Lead-time quantiles from counts per bucket (a DDSketch-style log histogram): durations are kept
 * as counts per logarithmic bucket in the rollups, so the median and p90 of any slice and range
 * come from a few thousand counts instead of sorting every item. Each bucket's representative is
 * within ±2 % of every duration in it, so a quantile is within 2 % of the exact one.
 */

/** Relative accuracy of a bucket's representative value. */
export const SKETCH_RELATIVE_ACCURACY = 0.02;
/** γ = (1 + α) / (1 − α): bucket i holds durations in (γ^(i−1), γ^i] seconds. */
export const SKETCH_GAMMA = (1 + SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(SKETCH_GAMMA);

/** The bucket of a duration in seconds: 0 for anything under one second. (Same formula in SQL: migration 007.) */
export function sketchBucket(seconds: number): number {
  return seconds < 1 ? 0 : Math.max(1, Math.ceil(Math.log(seconds) / LOG_GAMMA - 1e-9));
}

/** The value a bucket stands for: 2γ^i / (γ + 1), within α of anything in it; 0 for bucket 0. */
export function sketchValue(bucket: number): number {
  return bucket <= 0 ? 0 : (2 * SKETCH_GAMMA ** bucket) / (SKETCH_GAMMA + 1);
}

/**
 * The type-7 quantile (as domain/stats quantile and PostgreSQL percentile_cont) of the durations
 * a sketch counts: the two order statistics around rank (n − 1)·q are read from the buckets and
 * interpolated. Null for an empty sketch.
 */
export function sketchQuantile(counts: ReadonlyMap<number, number> | readonly (readonly [number, number])[], q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile needs 0 ≤ q ≤ 1, got ${q}`);
  const buckets = [...(counts instanceof Map ? counts.entries() : (counts as readonly (readonly [number, number])[]))]
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const h = (total - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const at = (rank: number): number => {
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (rank < seen) return sketchValue(bucket);
    }
    return sketchValue(buckets[buckets.length - 1]![0]);
  };
  const a = at(lo);
  return lo === hi ? a : a + (h - lo) * (at(hi) - a);
}
