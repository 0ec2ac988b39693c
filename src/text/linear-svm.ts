/**
 * L2-regularised, squared-hinge-loss linear SVM trained by dual coordinate descent with
 * shrinking (Hsieh et al. 2008, the algorithm behind LIBLINEAR and scikit-learn's LinearSVC).
 * The bias is a regularised constant feature, as LIBLINEAR's `intercept_scaling=1`.
 */

/** Training rows in compressed sparse row form; column `dims` is implicit bias = 1. */
export interface SparseRows {
  rowStart: Int32Array; // length rows + 1
  cols: Int32Array;
  vals: Float32Array;
  dims: number;
}

export interface SvmOptions {
  c: number;
  /** Stopping tolerance on the projected-gradient spread (LIBLINEAR's eps). */
  epsilon: number;
  maxIterations: number;
  seed: number;
}

export const DEFAULT_SVM_OPTIONS: SvmOptions = { c: 1, epsilon: 0.1, maxIterations: 1000, seed: 1 };

/** A small deterministic PRNG (mulberry32), so training is reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Trains one binary problem: `positive[i]` says whether row i is the positive class. Returns the
 * weights (length dims + 1, the last one the bias).
 */
export function trainBinarySvm(data: SparseRows, positive: Uint8Array, opts: SvmOptions = DEFAULT_SVM_OPTIONS): Float64Array {
  const { rowStart, cols, vals, dims } = data;
  const rows = rowStart.length - 1;
  const w = new Float64Array(dims + 1);
  const alpha = new Float64Array(rows);
  const diag = 0.5 / opts.c;
  const qd = new Float64Array(rows);
  const y = new Int8Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = positive[i] ? 1 : -1;
    let s = diag + 1; // bias feature
    for (let p = rowStart[i]!; p < rowStart[i + 1]!; p++) s += vals[p]! * vals[p]!;
    qd[i] = s;
  }
  const index = new Int32Array(rows);
  for (let i = 0; i < rows; i++) index[i] = i;
  const random = prng(opts.seed);
  // Only the lower bound (alpha = 0) can shrink: the squared hinge has no upper bound on alpha.
  let activeSize = rows;
  let pgMaxOld = Infinity;
  for (let iter = 0; iter < opts.maxIterations; iter++) {
    let pgMaxNew = -Infinity;
    let pgMinNew = Infinity;
    for (let i = 0; i < activeSize; i++) {
      const j = i + Math.floor(random() * (activeSize - i));
      const t = index[i]!;
      index[i] = index[j]!;
      index[j] = t;
    }
    for (let s = 0; s < activeSize; s++) {
      const i = index[s]!;
      const yi = y[i]!;
      const start = rowStart[i]!;
      const end = rowStart[i + 1]!;
      let dot = w[dims]!;
      for (let p = start; p < end; p++) dot += w[cols[p]!]! * vals[p]!;
      const a = alpha[i]!;
      const g = yi * dot - 1 + diag * a;
      let pg = 0;
      if (a === 0) {
        if (g > pgMaxOld) {
          activeSize--;
          index[s] = index[activeSize]!;
          index[activeSize] = i;
          s--;
          continue;
        }
        if (g < 0) pg = g;
      } else pg = g;
      if (pg > pgMaxNew) pgMaxNew = pg;
      if (pg < pgMinNew) pgMinNew = pg;
      if (Math.abs(pg) > 1e-12) {
        const next = Math.max(a - g / qd[i]!, 0);
        alpha[i] = next;
        const d = (next - a) * yi;
        for (let p = start; p < end; p++) w[cols[p]!]! += d * vals[p]!;
        w[dims]! += d;
      }
    }
    if (pgMaxNew - pgMinNew <= opts.epsilon) {
      if (activeSize === rows) break;
      activeSize = rows;
      pgMaxOld = Infinity;
      continue;
    }
    pgMaxOld = pgMaxNew <= 0 ? Infinity : pgMaxNew;
  }
  return w;
}
