import { describe, expect, it } from 'vitest';
import { prng } from '../linear-svm.js';
import { SimdMinHash } from './minhash.js';

/** The plain JS loop dedupe.ts runs without SIMD. */
function reference(keys: Int32Array, mul: Int32Array, add: Int32Array): Int32Array {
  const mins = new Int32Array(mul.length).fill(0x7fffffff);
  for (const x of keys) {
    for (let i = 0; i < mul.length; i++) {
      const h = (Math.imul(x, mul[i]!) + add[i]!) | 0;
      if (h < mins[i]!) mins[i] = h;
    }
  }
  return mins;
}

describe('SimdMinHash', () => {
  const random = prng(7);
  const int32 = (): number => Math.floor(random() * 2 ** 32) | 0;
  const mul = Int32Array.from({ length: 128 }, () => int32() | 1);
  const add = Int32Array.from({ length: 128 }, int32);

  it('computes exactly the minima of the JS loop, for no keys, a few, and more than one chunk', () => {
    const hasher = SimdMinHash.create(mul, add);
    expect(hasher).not.toBeNull();
    for (const count of [0, 1, 3, 40, 257, 9_000]) {
      const keys = Int32Array.from({ length: count }, () => int32() & 0x7fffffff);
      const mins = new Int32Array(128);
      hasher!.minima(keys, count, mins);
      expect(mins).toEqual(reference(keys, mul, add));
    }
  });

  it('reads only the first `count` keys', () => {
    const hasher = SimdMinHash.create(mul, add)!;
    const keys = Int32Array.from([5, 6, 7, -1, -2]);
    const mins = new Int32Array(128);
    hasher.minima(keys, 3, mins);
    expect(mins).toEqual(reference(keys.subarray(0, 3), mul, add));
  });

  it('declines sizes the kernel cannot take', () => {
    expect(SimdMinHash.create(mul.subarray(0, 8), add.subarray(0, 8))).toBeNull();
    expect(SimdMinHash.create(mul, add.subarray(0, 64))).toBeNull();
  });
});
