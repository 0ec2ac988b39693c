import { simdKernels } from './kernels.js';

/** Shingle keys passed per call. */
const CHUNK = 4096;

/**
 * MinHash minima with WebAssembly SIMD (score.wat): sixteen hash functions per pass over a text's
 * shingles, four in each 128-bit lane, where plain JS updates one minimum at a time — the
 * 128 × shingles multiply–add–compare steps were the largest single cost of `DedupeIndex.add`.
 * Same signed 32-bit arithmetic as the JS loop in dedupe.ts, so the minima are identical (tested).
 */
export class SimdMinHash {
  private readonly keysView: Int32Array;
  private readonly minsView: Int32Array;
  private readonly addAt: number;
  private readonly keysAt: number;
  private readonly minsAt: number;
  private readonly blocks: number;

  private constructor(
    instance: WebAssembly.Instance,
    mul: Int32Array,
    add: Int32Array,
  ) {
    const size = mul.length;
    const buffer = (instance.exports.memory as WebAssembly.Memory).buffer;
    // Layout: multipliers, addends, minima (size × 4 bytes each), then the keys.
    new Int32Array(buffer, 0, size).set(mul);
    new Int32Array(buffer, size * 4, size).set(add);
    this.addAt = size * 4;
    this.minsAt = size * 8;
    this.keysAt = size * 12;
    this.minsView = new Int32Array(buffer, this.minsAt, size);
    this.keysView = new Int32Array(buffer, this.keysAt, CHUNK);
    this.blocks = size / 4;
    this.run = instance.exports.minhash as SimdMinHash['run'];
  }

  private readonly run: (keys: number, n: number, mul: number, add: number, mins: number, blocks: number) => void;

  /** A hasher for these (multiplier, addend) pairs, or null without WebAssembly SIMD or for a size not a multiple of 16. */
  static create(mul: Int32Array, add: Int32Array): SimdMinHash | null {
    if (mul.length !== add.length || mul.length % 16 !== 0 || mul.length * 12 + CHUNK * 4 > 65_536) return null;
    const module = simdKernels();
    return module ? new SimdMinHash(new WebAssembly.Instance(module, {}), mul, add) : null;
  }

  /** mins[h] = min over keys[0, count) of (key · mul[h] + add[h]) | 0, or 0x7fffffff for no keys. */
  minima(keys: ArrayLike<number>, count: number, mins: Int32Array): void {
    const view = this.minsView;
    view.fill(0x7fffffff);
    for (let start = 0; start < count; start += CHUNK) {
      const n = Math.min(CHUNK, count - start);
      for (let i = 0; i < n; i++) this.keysView[i] = keys[start + i]!;
      this.run(this.keysAt, n, 0, this.addAt, this.minsAt, this.blocks);
    }
    mins.set(view);
  }
}
