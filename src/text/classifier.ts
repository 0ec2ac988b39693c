import { createHash } from 'node:crypto';
import { DEFAULT_FEATURE_OPTIONS, extractFeatures, type FeatureOptions } from './features.js';
import { IntMap } from './int-map.js';
import { FeatureTable, Vectorizer } from './vectorizer.js';
import { DenseScorer } from './wasm/dense-scorer.js';
import { DEFAULT_SVM_OPTIONS, prng, trainBinarySvm, type SparseRows, type SvmOptions } from './linear-svm.js';

/**
 * A text classifier: hashed Korean/English n-gram features (features.ts), sublinear TF-IDF with
 * each feature group L2-normalised, one-vs-rest linear SVMs, and a softmax over the SVM scores
 * with one temperature fitted on held-out data, so confidences are calibrated probabilities.
 */
export interface LabelledText {
  text: string;
  label: string;
}

export interface TrainOptions {
  features: FeatureOptions;
  svm: SvmOptions;
  /** Features seen in fewer training texts are dropped. */
  minDf: number;
  /** Share of the training set held out to fit the confidence temperature (0 = none). */
  calibrationShare: number;
  /**
   * Share of the (feature × class) weights kept, largest first, when there are more than four
   * classes (measured on banking77: 20 % keeps accuracy, 10 % loses 0.2 points).
   */
  weightShare: number;
  /**
   * Naive-Bayes feature scaling (NBSVM, Wang & Manning 2012): each class's SVM sees features
   * scaled by their log-count ratio for that class; the ratio is folded into the weights, so
   * prediction costs the same. Features are weighted by |log-ratio| + 1 (how much a feature
   * tells this class apart), which helped every two- and three-class Korean set we have (curse
   * +0.9, beep +0.8, NSMC +0.1 points) and hurt banking77's 77 classes (−2.3): "auto" trains
   * both on the calibration split and keeps the one that scores better there.
   */
  nbScaling: boolean | 'auto';
  /**
   * SVM C values tried on the calibration split (the first wins ties); without a calibration
   * split the first is used. On the sets in bench/text-quality.bench.ts the held-out choice
   * lands on 0.3–0.5 for Korean reviews (+0.1–0.8 points over C = 1) and 0.5 for banking77.
   */
  cCandidates: number[];
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  features: DEFAULT_FEATURE_OPTIONS,
  svm: DEFAULT_SVM_OPTIONS,
  minDf: 1,
  calibrationShare: 0.15,
  weightShare: 0.25,
  nbScaling: 'auto',
  cCandidates: [0.5, 1, 0.3],
};

export interface Prediction {
  label: string;
  confidence: number;
}

export interface ModelMeta {
  format: 'sori-linear-v1';
  task: string;
  version: string;
  labels: string[];
  features: FeatureOptions;
  c: number;
  /** Feature weighting chosen on the held-out split (see TrainOptions.nbScaling). */
  scaling: ScalingMode;
  temperature: number;
  trainedAt: string;
  trainExamples: number;
  vocabularySize: number;
  /** Non-zero (feature × class) weights stored. */
  weightCount: number;
  classCounts: Record<string, number>;
  /** Where the training data came from and under which licence (shipped models). */
  source?: string;
}

/**
 * Weights stored sparse per feature: only the largest entries are kept (see `keepWeights`). With
 * many classes this keeps accuracy (banking77: identical at 20 %) and makes scoring 4–5× faster,
 * because scoring is a multiply-add per (feature, class) entry.
 */
export interface SparseWeights {
  colStart: Int32Array; // length V + 1
  classes: Uint16Array;
  values: Float32Array;
}

/** A trained model; `predict` is allocation-light and single-threaded. */
export class TextClassifier {
  private readonly vectorizer: Vectorizer;
  private readonly scores: Float64Array;
  private readonly probs: Float64Array;
  private readonly dense: DenseScorer | null;
  private readonly binary: Float32Array | null;

  constructor(
    readonly meta: ModelMeta,
    readonly idf: Float32Array,
    /** Vocabulary keys by column (kept for saving); bit 0 is the feature group. */
    readonly keys: Int32Array,
    readonly weights: SparseWeights,
    readonly bias: Float32Array,
  ) {
    this.vectorizer = new Vectorizer(meta.features, new FeatureTable(keys, idf));
    this.scores = new Float64Array(meta.labels.length);
    this.probs = new Float64Array(meta.labels.length);
    this.dense = DenseScorer.create(weights, meta.labels.length);
    // Two classes are one problem (the second label's weights are the first's, negated): one dot product.
    if (meta.labels.length === 2) {
      const w = new Float32Array(weights.colStart.length - 1);
      for (let col = 0; col < w.length; col++) {
        for (let p = weights.colStart[col]!; p < weights.colStart[col + 1]!; p++) if (weights.classes[p] === 0) w[col] = weights.values[p]!;
      }
      this.binary = w;
    } else this.binary = null;
  }

  get labels(): string[] {
    return this.meta.labels;
  }

  /** Raw SVM scores for each label (reused array: copy it to keep it). */
  scoreText(text: string): Float64Array {
    const k = this.meta.labels.length;
    const scores = this.scores;
    const { cols, vals, n } = this.vectorizer.vectorize(text);
    if (this.dense) {
      this.dense.score(cols, vals, n, this.bias, scores);
      return scores;
    }
    if (this.binary) {
      const w = this.binary;
      let s0 = this.bias[0]!;
      for (let i = 0; i < n; i++) s0 += vals[i]! * w[cols[i]!]!;
      scores[0] = s0;
      scores[1] = -s0;
      return scores;
    }
    for (let j = 0; j < k; j++) scores[j] = this.bias[j]!;
    const { colStart, classes, values } = this.weights;
    for (let i = 0; i < n; i++) {
      const col = cols[i]!;
      const v = vals[i]!;
      const end = colStart[col + 1]!;
      for (let p = colStart[col]!; p < end; p++) scores[classes[p]!]! += v * values[p]!;
    }
    return scores;
  }

  /** The most likely label and its calibrated probability. */
  predict(text: string): Prediction {
    const scores = this.scoreText(text);
    const index = argmax(scores);
    return { label: this.meta.labels[index]!, confidence: softmaxAt(scores, index, this.meta.temperature) };
  }

  /** Calibrated probabilities for every label, in `labels` order. */
  probabilities(text: string): number[] {
    return Array.from(this.calibrated(text));
  }

  /** `probabilities` in a reused array, without allocating (copy it to keep it). */
  calibrated(text: string): Float64Array {
    softmaxInto(this.scoreText(text), this.meta.temperature, this.probs);
    return this.probs;
  }

  /** The calibrated probability of one label (by index), without allocating. */
  probabilityOf(text: string, index: number): number {
    return softmaxAt(this.scoreText(text), index, this.meta.temperature);
  }

  /** The text's TF-IDF vector (column → value) through the cached and the uncached path, for tests. */
  debugVectors(text: string): { cached: Map<number, number>; uncached: Map<number, number> } {
    const { cols, vals, n } = this.vectorizer.vectorize(text);
    const cached = new Map<number, number>();
    for (let i = 0; i < n; i++) cached.set(cols[i]!, vals[i]!);
    return { cached, uncached: this.vectorizer.vectorizeUncached(text) };
  }
}

/** Keeps the `share` largest-magnitude weights of a dense feature-major matrix. */
function sparsify(dense: Float32Array, dims: number, k: number, share: number): SparseWeights {
  let threshold = 0;
  if (share < 1) {
    const magnitudes = Float32Array.from(dense, Math.abs).sort();
    threshold = magnitudes[Math.min(magnitudes.length - 1, Math.floor(magnitudes.length * (1 - share)))] ?? 0;
  }
  const colStart = new Int32Array(dims + 1);
  let kept = 0;
  for (let i = 0; i < dense.length; i++) if (dense[i] !== 0 && Math.abs(dense[i]!) >= threshold) kept++;
  const classes = new Uint16Array(kept);
  const values = new Float32Array(kept);
  let p = 0;
  for (let col = 0; col < dims; col++) {
    for (let j = 0; j < k; j++) {
      const w = dense[col * k + j]!;
      if (w !== 0 && Math.abs(w) >= threshold) {
        classes[p] = j;
        values[p] = w;
        p++;
      }
    }
    colStart[col + 1] = p;
  }
  return { colStart, classes, values };
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let j = 1; j < values.length; j++) if (values[j]! > values[best]!) best = j;
  return best;
}

function softmaxAt(scores: Float64Array, index: number, temperature: number): number {
  const max = scores[index]!;
  let sum = 0;
  for (let j = 0; j < scores.length; j++) {
    const d = (scores[j]! - max) * temperature;
    if (d > -40) sum += Math.exp(d); // e^-40 is nothing next to the 1 of the maximum
  }
  return 1 / sum;
}

function softmaxInto(scores: Float64Array, temperature: number, out: Float64Array): void {
  const max = scores[argmax(scores)]!;
  let sum = 0;
  for (let j = 0; j < scores.length; j++) {
    out[j] = Math.exp((scores[j]! - max) * temperature);
    sum += out[j]!;
  }
  for (let j = 0; j < scores.length; j++) out[j]! /= sum;
}

interface Featurised {
  keys: Int32Array; // unique keys per text, concatenated
  counts: Float32Array;
  start: Int32Array;
}

/** Extracts each text's unique feature keys and counts once (both vocabulary and rows use them). */
function featurise(texts: string[], options: FeatureOptions): Featurised {
  const start = new Int32Array(texts.length + 1);
  let keys = new Int32Array(1 << 16);
  let counts = new Float32Array(1 << 16);
  let used = 0;
  let doc = new Int32Array(256);
  let docLength = 0;
  const emit = (key: number): void => {
    if (docLength === doc.length) {
      const bigger = new Int32Array(doc.length * 2);
      bigger.set(doc);
      doc = bigger;
    }
    doc[docLength++] = key;
  };
  for (let t = 0; t < texts.length; t++) {
    docLength = 0;
    extractFeatures(texts[t]!, options, emit);
    const sorted = doc.subarray(0, docLength).sort();
    if (used + docLength > keys.length) {
      const size = Math.max(keys.length * 2, used + docLength);
      const k2 = new Int32Array(size);
      k2.set(keys.subarray(0, used));
      keys = k2;
      const c2 = new Float32Array(size);
      c2.set(counts.subarray(0, used));
      counts = c2;
    }
    for (let i = 0; i < docLength; ) {
      let j = i + 1;
      while (j < docLength && sorted[j] === sorted[i]) j++;
      keys[used] = sorted[i]!;
      counts[used] = j - i;
      used++;
      i = j;
    }
    start[t + 1] = used;
  }
  return { keys: keys.subarray(0, used), counts: counts.subarray(0, used), start };
}

interface Vocabulary {
  map: IntMap;
  keys: Int32Array;
  idf: Float32Array;
  groups: Uint8Array;
}

function buildVocabulary(f: Featurised, rows: number[], minDf: number): Vocabulary {
  const df = new IntMap(1 << 16);
  for (const r of rows) for (let p = f.start[r]!; p < f.start[r + 1]!; p++) df.add(f.keys[p]!, 1);
  const kept: number[] = [];
  const dfs: number[] = [];
  df.forEach((key, count) => {
    if (count >= minDf) {
      kept.push(key);
      dfs.push(count);
    }
  });
  // Deterministic column order: by key.
  const order = kept.map((_, i) => i).sort((a, b) => kept[a]! - kept[b]!);
  const map = new IntMap(order.length);
  const keys = new Int32Array(order.length);
  const idf = new Float32Array(order.length);
  const groups = new Uint8Array(order.length);
  const n = rows.length;
  order.forEach((i, col) => {
    const key = kept[i]!;
    map.set(key, col);
    keys[col] = key;
    idf[col] = Math.log((1 + n) / (1 + dfs[i]!)) + 1;
    groups[col] = key & 1;
  });
  return { map, keys, idf, groups };
}

function toRows(f: Featurised, rows: number[], vocab: Vocabulary): SparseRows {
  const rowStart = new Int32Array(rows.length + 1);
  let total = 0;
  for (let i = 0; i < rows.length; i++) total += f.start[rows[i]! + 1]! - f.start[rows[i]!]!;
  const cols = new Int32Array(total);
  const vals = new Float32Array(total);
  let used = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const begin = used;
    let sq0 = 0;
    let sq1 = 0;
    for (let p = f.start[r]!; p < f.start[r + 1]!; p++) {
      const col = vocab.map.get(f.keys[p]!);
      if (col < 0) continue;
      const v = (1 + Math.log(f.counts[p]!)) * vocab.idf[col]!;
      cols[used] = col;
      vals[used] = v;
      used++;
      if (vocab.groups[col] === 0) sq0 += v * v;
      else sq1 += v * v;
    }
    const inv0 = sq0 > 0 ? 1 / Math.sqrt(sq0) : 0;
    const inv1 = sq1 > 0 ? 1 / Math.sqrt(sq1) : 0;
    for (let p = begin; p < used; p++) vals[p]! *= vocab.groups[cols[p]!] === 0 ? inv0 : inv1;
    rowStart[i + 1] = used;
  }
  return { rowStart, cols: cols.subarray(0, used), vals: vals.subarray(0, used), dims: vocab.keys.length };
}

interface Fitted {
  vocab: Vocabulary;
  weights: Float32Array;
  bias: Float32Array;
}

function fit(f: Featurised, rows: number[], y: Int32Array, labelCount: number, opts: TrainOptions): Fitted {
  const vocab = buildVocabulary(f, rows, opts.minDf);
  const data = toRows(f, rows, vocab);
  const dims = vocab.keys.length;
  const weights = new Float32Array(dims * labelCount);
  const bias = new Float32Array(labelCount);
  const positive = new Uint8Array(rows.length);
  // Two classes are one problem: the second label's scores are the first's, negated.
  const problems = labelCount === 2 ? 1 : labelCount;
  for (let k = 0; k < problems; k++) {
    for (let i = 0; i < rows.length; i++) positive[i] = y[rows[i]!] === k ? 1 : 0;
    const ratio = opts.nbScaling === true ? logCountRatio(data, positive) : null;
    const scaled = ratio ? { ...data, vals: data.vals.map((v, p) => v * ratio[data.cols[p]!]!) } : data;
    const w = trainBinarySvm(scaled, positive, { ...opts.svm, seed: opts.svm.seed + k });
    if (ratio) for (let col = 0; col < dims; col++) w[col]! *= ratio[col]!;
    for (let col = 0; col < dims; col++) weights[col * labelCount + k] = w[col]!;
    bias[k] = w[dims]!;
    if (labelCount === 2) {
      for (let col = 0; col < dims; col++) weights[col * 2 + 1] = -w[col]!;
      bias[1] = -w[dims]!;
    }
  }
  return { vocab, weights, bias };
}

/** log((p/|p|) / (q/|q|)) with p, q the smoothed feature presence counts in and out of the class. */
function logCountRatio(data: SparseRows, positive: Uint8Array): Float64Array {
  const p = new Float64Array(data.dims).fill(1);
  const q = new Float64Array(data.dims).fill(1);
  for (let i = 0; i + 1 < data.rowStart.length; i++) {
    const side = positive[i] ? p : q;
    for (let j = data.rowStart[i]!; j < data.rowStart[i + 1]!; j++) side[data.cols[j]!]! += 1;
  }
  const sp = p.reduce((a, b) => a + b, 0);
  const sq = q.reduce((a, b) => a + b, 0);
  return p.map((pv, col) => Math.abs(Math.log(pv / sp / (q[col]! / sq))) + 1);
}

/** Fits the softmax temperature that minimises the log loss of held-out scores. */
function fitTemperature(scores: Float64Array[], truth: number[]): number {
  const loss = (t: number): number => {
    let total = 0;
    scores.forEach((s, i) => {
      let max = -Infinity;
      for (const v of s) if (v > max) max = v;
      let sum = 0;
      for (const v of s) sum += Math.exp((v - max) * t);
      total += -((s[truth[i]!]! - max) * t - Math.log(sum));
    });
    return total / scores.length;
  };
  // Golden-section search on log(t) in [log 0.1, log 100].
  let lo = Math.log(0.1);
  let hi = Math.log(100);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let la = loss(Math.exp(a));
  let lb = loss(Math.exp(b));
  for (let i = 0; i < 40; i++) {
    if (la < lb) {
      hi = b;
      b = a;
      lb = la;
      a = hi - phi * (hi - lo);
      la = loss(Math.exp(a));
    } else {
      lo = a;
      a = b;
      la = lb;
      b = lo + phi * (hi - lo);
      lb = loss(Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}

/** Stratified split of row indexes: every class keeps about `share` of its rows aside. */
function stratifiedHoldout(y: Int32Array, labelCount: number, share: number, seed: number): { train: number[]; held: number[] } {
  const random = prng(seed);
  const byClass: number[][] = Array.from({ length: labelCount }, () => []);
  y.forEach((k, i) => byClass[k]!.push(i));
  const train: number[] = [];
  const held: number[] = [];
  for (const rows of byClass) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    const take = rows.length >= 4 ? Math.round(rows.length * share) : 0;
    held.push(...rows.slice(0, take));
    train.push(...rows.slice(take));
  }
  return { train: train.sort((a, b) => a - b), held: held.sort((a, b) => a - b) };
}

/** Trains a classifier on labelled texts; labels are sorted, so the result is deterministic. */
export function trainClassifier(
  examples: LabelledText[],
  task: string,
  options: Partial<TrainOptions> & { source?: string } = {},
): TextClassifier {
  const opts: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options, features: { ...DEFAULT_TRAIN_OPTIONS.features, ...options.features }, svm: { ...DEFAULT_TRAIN_OPTIONS.svm, ...options.svm } };
  if (examples.length === 0) throw new Error('no training examples');
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new Error(`need at least two labels, got ${labels.length}`);
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const y = Int32Array.from(examples, (e) => labelIndex.get(e.label)!);
  const f = featurise(
    examples.map((e) => e.text),
    opts.features,
  );
  const all = examples.map((_, i) => i);

  let temperature = 1;
  let mode: ScalingMode = opts.nbScaling === true ? 'nb' : 'none';
  let chosenC = opts.cCandidates[0] ?? opts.svm.c;
  if (opts.calibrationShare > 0 && examples.length >= 50) {
    const { train, held } = stratifiedHoldout(y, labels.length, opts.calibrationShare, opts.svm.seed);
    if (held.length >= 10) {
      // With many classes each one-vs-rest problem has few positives and the count ratios are
      // noise (banking77, 77 classes: −2.3 points), so "auto" only tries scaling up to 20 classes.
      // On large sets it helped nowhere (NSMC 28k and 40k: plain won) and costs twice a plain fit
      // (scaled features converge slower), so it is tried up to 20,000 examples.
      const tryScaling = opts.nbScaling === 'auto' && labels.length <= 20 && examples.length <= NB_AUTO_MAX_EXAMPLES;
      const probeScores = (nb: boolean, c: number): Float64Array[] => {
        const variant = { ...opts, nbScaling: nb, svm: { ...opts.svm, c } };
        const probe = buildClassifier(fit(f, train, y, labels.length, variant), labels, variant, task, train.length, y, 1);
        return held.map((r) => Float64Array.from(probe.scoreText(examples[r]!.text)));
      };
      const correctOf = (scores: Float64Array[]): number => scores.filter((sc, i) => argmax(sc) === y[held[i]!]).length;
      // Regularisation strength is chosen on the held-out split too (the first candidate wins ties).
      let plain: Float64Array[] | null = null;
      if (mode !== 'nb') {
        for (const c of opts.cCandidates) {
          const scores = probeScores(false, c);
          if (!plain || correctOf(scores) > correctOf(plain)) {
            plain = scores;
            chosenC = c;
          }
        }
      }
      const scaled = mode === 'nb' || tryScaling ? probeScores(true, chosenC) : null;
      // The two linear models' average is a linear model too (the mean of their weights): the
      // blend costs nothing at prediction time and often beats both (NBSVM's interpolation).
      const blend = plain && scaled ? plain.map((sc, i) => sc.map((v, k) => (v + scaled[i]![k]!) / 2)) : null;
      const options: [ScalingMode, Float64Array[] | null][] = [['none', plain], ['nb', scaled], ['blend', blend]];
      let best: { mode: ScalingMode; scores: Float64Array[]; correct: number } | null = null;
      for (const [m, scores] of options) {
        if (!scores) continue;
        const correct = correctOf(scores);
        if (!best || correct > best.correct) best = { mode: m, scores, correct };
      }
      mode = best!.mode;
      temperature = fitTemperature(
        best!.scores,
        held.map((r) => y[r]!),
      );
    }
  }
  const final: TrainOptions = { ...opts, svm: { ...opts.svm, c: chosenC } };
  let fitted: Fitted;
  if (mode === 'blend') {
    const a = fit(f, all, y, labels.length, { ...final, nbScaling: false });
    const b = fit(f, all, y, labels.length, { ...final, nbScaling: true });
    fitted = { vocab: a.vocab, weights: a.weights.map((w, i) => (w + b.weights[i]!) / 2), bias: a.bias.map((w, i) => (w + b.bias[i]!) / 2) };
  } else fitted = fit(f, all, y, labels.length, { ...final, nbScaling: mode === 'nb' });
  const model = buildClassifier(fitted, labels, { ...final, nbScaling: mode === 'nb' }, task, examples.length, y, temperature);
  model.meta.scaling = mode;
  if (options.source) model.meta.source = options.source;
  return model;
}

const NB_AUTO_MAX_EXAMPLES = 20_000;

/** How the model weighs features: plain TF-IDF, NB-scaled, or the mean of both models. */
export type ScalingMode = 'none' | 'nb' | 'blend';

function buildClassifier(fitted: Fitted, labels: string[], opts: TrainOptions, task: string, n: number, y: Int32Array, temperature: number): TextClassifier {
  const classCounts: Record<string, number> = {};
  for (const k of y) classCounts[labels[k]!] = (classCounts[labels[k]!] ?? 0) + 1;
  const dims = fitted.vocab.keys.length;
  const weights = sparsify(fitted.weights, dims, labels.length, labels.length > 4 ? opts.weightShare : 1);
  const meta: ModelMeta = {
    format: 'sori-linear-v1',
    task,
    version: '',
    labels,
    features: opts.features,
    c: opts.svm.c,
    scaling: opts.nbScaling === true ? 'nb' : 'none',
    temperature,
    trainedAt: new Date().toISOString(),
    trainExamples: n,
    vocabularySize: dims,
    weightCount: weights.values.length,
    classCounts,
  };
  const model = new TextClassifier(meta, fitted.vocab.idf, fitted.vocab.keys, weights, fitted.bias);
  const digest = createHash('sha256').update(JSON.stringify({ labels, features: opts.features, temperature }));
  digest.update(serializeClassifier(model).weights);
  meta.version = `${task}@${digest.digest('hex').slice(0, 12)}`;
  return model;
}

function arrays(model: TextClassifier): ArrayBufferView[] {
  const w = model.weights;
  return [model.keys, model.idf, w.colStart, w.values, model.bias, w.classes];
}

/**
 * The model's arrays as one little-endian byte string (keys, idf, column starts, weights, bias,
 * classes — 4-byte arrays first so every view stays aligned); `meta` carries the sizes.
 */
export function serializeClassifier(model: TextClassifier): { meta: ModelMeta; weights: Buffer } {
  const parts = arrays(model).map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  return { meta: model.meta, weights: Buffer.concat(parts) };
}

/** Rebuilds a model saved by `serializeClassifier`; throws on a size mismatch. */
export function deserializeClassifier(meta: ModelMeta, bytes: Uint8Array): TextClassifier {
  if (meta.format !== 'sori-linear-v1') throw new Error(`unknown model format: ${String(meta.format)}`);
  const v = meta.vocabularySize;
  const k = meta.labels.length;
  const nnz = meta.weightCount;
  const expected = 4 * (v + v + (v + 1) + nnz + k) + 2 * nnz;
  if (bytes.byteLength !== expected) throw new Error(`model weights have ${bytes.byteLength} bytes, expected ${expected}`);
  const buf = new Uint8Array(bytes).buffer; // an aligned copy
  let offset = 0;
  const take = <T>(make: (b: ArrayBuffer, o: number, n: number) => T, n: number, size: number): T => {
    const out = make(buf, offset, n);
    offset += n * size;
    return out;
  };
  const keys = take((b, o, n) => new Int32Array(b, o, n), v, 4);
  const idf = take((b, o, n) => new Float32Array(b, o, n), v, 4);
  const colStart = take((b, o, n) => new Int32Array(b, o, n), v + 1, 4);
  const values = take((b, o, n) => new Float32Array(b, o, n), nnz, 4);
  const bias = take((b, o, n) => new Float32Array(b, o, n), k, 4);
  const classes = take((b, o, n) => new Uint16Array(b, o, n), nnz, 2);
  return new TextClassifier(meta, idf, keys, { colStart, classes, values }, bias);
}
