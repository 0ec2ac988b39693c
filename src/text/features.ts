import { withoutPlaceholders } from './language.js';
import { isHangulSyllable, isWordChar, normalizedLower, stripKoreanSuffix } from './tokenize.js';

/**
 * Hashed text features, designed for Korean and English:
 * - character n-grams inside each word, the word padded with a space at both ends (so "배송" gives
 *   " 배", "배송", "송 " — robust to spacing errors and typos, no dictionary needed);
 * - the word, and its stem when it differs (Korean particles/endings removed, see tokenize.ts;
 *   English plural/-ing/-ed), so "배송이" and "배송은" share "배송";
 * - word n-grams over stems.
 * Redaction placeholders ([전화번호], [이메일], [PHONE], …) give no feature, in training and prediction
 * alike: whether a customer left a contact detail never decides a label (language.ts
 * `withoutPlaceholders`).
 *
 * Each feature is a 30-bit key whose lowest bit is its group (0 = characters, 1 = words): the
 * two groups are weighted and normalised separately, as scikit-learn's FeatureUnion does.
 * Keys stay in V8's small-integer range, so no feature string is ever allocated. Everything but
 * the n-grams depends on the word alone, which lets a predictor cache it per word.
 */
export interface FeatureOptions {
  charMin: number;
  charMax: number;
  /** Word n-gram order: 1 = unigrams only, 2 = + bigrams, 3 = + trigrams. */
  wordNgrams: number;
  /** Add stems (Korean particles/endings, English suffixes removed) as words. */
  stems: boolean;
  /** Characters read at most (long e-mails are classified by their start). */
  maxChars: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  charMin: 1,
  charMax: 3,
  wordNgrams: 2,
  stems: true,
  maxChars: 4_000,
};

export type EmitFeature = (key: number) => void;

const FNV_PRIME = 16777619;
const CHAR_SEED = 0x811c9dc5 | 0;
const WORD_SEED = 0x2f6b1d35 | 0;
const SPACE = 32;
function hashRange(seed: number, s: string, start: number, end: number): number {
  let h = seed;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

function combine(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35);
  return h ^ (h >>> 13);
}

const wordKey = (h: number): number => (h & 0x3ffffffe) | 1;

/**
 * A light English suffix strip (plural, -ing, -ed, -ly, final e), so "arrived", "arriving" and
 * "arrives" share "arriv"; character n-grams already cover the rest.
 */
function englishStemLength(s: string, start: number, end: number): number {
  const len = end - start;
  const endsWith = (suffix: string): boolean => len - suffix.length >= 3 && s.startsWith(suffix, end - suffix.length);
  if (endsWith('ing')) return len - 3;
  if (endsWith('ed')) return len - 2;
  if (endsWith('ly')) return len - 2;
  if (endsWith('ies')) return len - 2;
  if (endsWith('es') && !endsWith('ses')) return len - 1;
  if (endsWith('s') && !endsWith('ss') && !endsWith('us')) return len - 1;
  if (endsWith('e')) return len - 1;
  return len;
}

/**
 * Emits the features of the word lower[start, end) that depend on the word alone — character
 * n-grams of " word ", the word, its stem — and returns the stem's hash (for n-grams).
 */
export function emitWordFeatures(lower: string, start: number, end: number, opts: FeatureOptions, emit: EmitFeature): number {
  const len = end - start;
  const { charMin, charMax } = opts;
  for (let i = -1; i <= len; i++) {
    let h = CHAR_SEED;
    for (let k = 1; k <= charMax; k++) {
      const j = i + k - 1;
      if (j > len) break;
      const c = j < 0 || j === len ? SPACE : lower.charCodeAt(start + j);
      h = Math.imul(h ^ c, FNV_PRIME);
      if (k >= charMin && !(k === 1 && c === SPACE)) emit(h & 0x3ffffffe);
    }
  }
  const surface = hashRange(WORD_SEED, lower, start, end);
  emit(wordKey(surface));
  if (!opts.stems || len < 3) return surface;
  const last = lower.charCodeAt(end - 1);
  const stemLength = isHangulSyllable(last)
    ? stripKoreanSuffix(lower.slice(start, end)).length
    : last >= 0x61 && last <= 0x7a && len >= 4
      ? englishStemLength(lower, start, end)
      : len;
  if (stemLength === len) return surface;
  const stem = hashRange(WORD_SEED, lower, start, start + stemLength);
  emit(wordKey(stem));
  return stem;
}

/** The key of the word bigram (a, b) over stem hashes. */
export function bigramKey(a: number, b: number): number {
  return wordKey(combine(a, b));
}

/** The key of the word trigram (a, b, c) over stem hashes. */
export function trigramKey(a: number, b: number, c: number): number {
  return wordKey(combine(combine(a, b), c));
}

/** The text as the features read it: the first `maxChars` characters, placeholders removed, lower-cased. */
export function prepareText(text: string, opts: FeatureOptions): string {
  // NFC: macOS exports decomposed Hangul, which would share no feature with the composed form.
  return normalizedLower(withoutPlaceholders(text.length > opts.maxChars ? text.slice(0, opts.maxChars) : text));
}

/** Calls `emit` once per feature occurrence in `text` (repeats count as term frequency). */
export function extractFeatures(text: string, opts: FeatureOptions, emit: EmitFeature): void {
  const lower = prepareText(text, opts);
  const n = lower.length;
  let prev1 = 0;
  let prev2 = 0;
  let have = 0;
  let start = -1;
  for (let pos = 0; pos <= n; pos++) {
    if (pos < n && isWordChar(lower.charCodeAt(pos))) {
      if (start < 0) start = pos;
      continue;
    }
    if (start < 0) continue;
    const stem = emitWordFeatures(lower, start, pos, opts, emit);
    if (opts.wordNgrams >= 2 && have >= 1) emit(bigramKey(prev1, stem));
    if (opts.wordNgrams >= 3 && have >= 2) emit(trigramKey(prev2, prev1, stem));
    prev2 = prev1;
    prev1 = stem;
    have++;
    start = -1;
  }
}
