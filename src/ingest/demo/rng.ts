/** A uniform number in [0, 1); the same seed gives the same sequence on every platform. */
export type Rng = () => number;

/** Small fast seeded PRNG (mulberry32): 32-bit state, good enough for demo data, ~1 ns a call. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A mulberry32 stream whose state can be set again: one independent, reproducible stream per item,
 * so an item's content does not depend on what was generated before it.
 */
export function createReseedableRng(): { rng: Rng; reseed: (seed: number) => void } {
  let state = 0;
  return {
    rng: () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    reseed: (seed) => {
      state = seed >>> 0;
    },
  };
}

/** One element of a non-empty list, uniformly. */
export function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[(rng() * list.length) | 0];
}

/** An integer in [min, max], both inclusive. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + ((rng() * (max - min + 1)) | 0);
}

/** Builds a sampler over weighted options (weights need not sum to 1). */
export function weighted<T>(entries: readonly (readonly [T, number])[]): (rng: Rng) => T {
  const values = entries.map(([value]) => value);
  const cumulative = new Float64Array(entries.length);
  let total = 0;
  entries.forEach(([, w], i) => {
    total += w;
    cumulative[i] = total;
  });
  if (!(total > 0)) throw new Error('weighted(): weights must sum to more than 0');
  const last = values.length - 1;
  return (rng) => {
    const x = rng() * total;
    // Lists are short (< 50); a linear scan beats a binary search here.
    for (let i = 0; i < last; i++) if (x < cumulative[i]) return values[i];
    return values[last];
  };
}

/** A log-normally distributed number with the given median: right-skewed waits and durations. */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  // Box–Muller; 1 - rng() keeps the logarithm away from 0.
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return median * Math.exp(sigma * z);
}

/** A well-mixed 32-bit hash of an integer: stable per-customer attributes without storing them. */
export function hashInt(n: number, salt = 0): number {
  let h = Math.imul((n ^ salt) >>> 0, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
