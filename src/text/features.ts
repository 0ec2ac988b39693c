import { isHangulSyllable, isWordChar, stripKoreanSuffix } from './tokenize.js';

/**
 * Hashed text features, designed for Korean and English:
 * - character n-grams inside each word, the word padded with a space at both ends (so "배송" gives
 *   " 배", "배송", "송 " — robust to spacing errors and typos, no dictionary needed);
 * - word unigrams and n-grams over stems (Korean particles/endings removed, see tokenize.ts), the
 *   surface form kept as well;
 * - optionally, a negation mark on the word after "안/못/not/no/never" (sentiment).
 *
 * Each feature is a 30-bit key whose lowest bit is its group (0 = characters, 1 = words): the
 * two groups are weighted and normalised separately, as scikit-learn's FeatureUnion does.
 * Keys stay in V8's small-integer range, so no feature string is ever allocated.
 */
export interface FeatureOptions {
  charMin: number;
  charMax: number;
  /** Word n-gram order: 1 = unigrams only, 2 = + bigrams, 3 = + trigrams. */
  wordNgrams: number;
  /** Add Korean stems (particles/endings removed) as words. */
  stems: boolean;
  /** Mark the word after a negator. */
  negation: boolean;
  /** Characters read at most (long e-mails are classified by their start). */
  maxChars: number;
  /** Character n-grams inside letter/digit words, or inside whitespace chunks (punctuation kept). */
  charUnit: 'word' | 'chunk';
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  charMin: 1,
  charMax: 3,
  wordNgrams: 2,
  stems: true,
  negation: false,
  maxChars: 4_000,
  charUnit: 'word',
};

export type EmitFeature = (key: number) => void;

const FNV_PRIME = 16777619;
const CHAR_SEED = 0x811c9dc5 | 0;
const WORD_SEED = 0x2f6b1d35 | 0;
const NEG_SEED = 0x51ed270b | 0;
const SPACE = 32;
const NEGATORS = new Set(['안', '못', '않', '없이', 'not', 'no', 'never', 'dont', 'cant', 'wont', 'didnt', 'isnt', 'doesnt', 'nothing']);

/** The group of a feature key: 0 character n-gram, 1 word. */
export function featureGroup(key: number): number {
  return key & 1;
}

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

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || c === 0x200b;
}

/** Emits the character n-grams of " chunk " (a chunk is a whitespace-delimited run). */
export function emitCharGrams(lower: string, start: number, end: number, charMin: number, charMax: number, emit: EmitFeature): void {
  const len = end - start;
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
}

/**
 * Calls `emit` once per feature occurrence in `text` (repeats count as term frequency).
 * Character n-grams run over whitespace-delimited chunks, punctuation included ("요?" and "card?"
 * carry the question mark, as scikit-learn's char_wb does); words are letter/digit runs.
 */
export function extractFeatures(text: string, opts: FeatureOptions, emit: EmitFeature): void {
  const lower = (text.length > opts.maxChars ? text.slice(0, opts.maxChars) : text).toLowerCase();
  const n = lower.length;
  if (opts.charMax > 0) {
    let start = -1;
    for (let pos = 0; pos <= n; pos++) {
      const c = pos < n ? lower.charCodeAt(pos) : SPACE;
      if (opts.charUnit === 'word' ? isWordChar(c) : !isSpace(c)) {
        if (start < 0) start = pos;
      } else if (start >= 0) {
        emitCharGrams(lower, start, pos, opts.charMin, opts.charMax, emit);
        start = -1;
      }
    }
  }
  emitWords(lower, opts, emit);
}

/** Word features: surface, stem, negation marks and n-grams over stems. */
function emitWords(lower: string, opts: FeatureOptions, emit: EmitFeature): void {
  const { wordNgrams, stems, negation } = opts;
  let prev1 = 0;
  let prev2 = 0;
  let have = 0;
  let negate = 0;
  const n = lower.length;
  let start = -1;
  for (let pos = 0; pos <= n; pos++) {
    if (pos < n && isWordChar(lower.charCodeAt(pos))) {
      if (start < 0) start = pos;
      continue;
    }
    if (start < 0) continue;
    const end = pos;
    const len = end - start;
    const surface = hashRange(WORD_SEED, lower, start, end);
    emit(wordKey(surface));
    let stemHash = surface;
    if (stems && len >= 3) {
      const last = lower.charCodeAt(end - 1);
      const stemLength = isHangulSyllable(last)
        ? stripKoreanSuffix(lower.slice(start, end)).length
        : last >= 0x61 && last <= 0x7a && len >= 4
          ? englishStemLength(lower, start, end)
          : len;
      if (stemLength !== len) {
        stemHash = hashRange(WORD_SEED, lower, start, start + stemLength);
        emit(wordKey(stemHash));
      }
    }
    if (negation) {
      if (negate > 0) {
        emit(wordKey(combine(NEG_SEED, stemHash)));
        negate--;
      }
      if (len <= 6 && NEGATORS.has(lower.slice(start, end))) negate = 1;
    }
    if (wordNgrams >= 2 && have >= 1) emit(wordKey(combine(prev1, stemHash)));
    if (wordNgrams >= 3 && have >= 2) emit(wordKey(combine(combine(prev2, prev1), stemHash)));
    prev2 = prev1;
    prev1 = stemHash;
    have++;
    start = -1;
  }
}
