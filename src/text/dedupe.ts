import { IntMap, mix } from './int-map.js';
import { isWordChar, stripKoreanSuffix } from './tokenize.js';
import { SimdMinHash } from './wasm/minhash.js';

/**
 * Near-duplicate grouping for short customer texts: MinHash signatures over character shingles,
 * LSH banding for candidates, the estimated Jaccard similarity to confirm them.
 *
 * Text → shingles: NFC, lower case, words (letters/digits; ㅋㅋ/ㅠㅠ jamo and punctuation are
 * separators; a run of digits becomes one "0" so order numbers and dates do not split copies;
 * 돼→되, 됬→됐 and a word-final 여/용/염→요, the commonest misspellings), CX boilerplate phrases
 * removed (greetings, "문의드립니다", sign-offs — matched ignoring spaces, so "문의 드립니다" =
 * "문의드립니다", and also when glued inside a Hangul run), Korean particles/endings stripped
 * from each word (stripKoreanSuffix), the stems concatenated without spaces (so spacing errors do
 * not matter), then character 3-grams of that stream as 31-bit keys. In a batch, shingles in
 * more than 2% of the items are dropped too: boilerplate the built-in list does not know.
 *
 * Signature: 128 independent min-hashes (a multiply–add family over pre-mixed shingle keys: one
 * Math.imul and one add per hash and shingle); each minimum is kept as 16 bits of a hash of it,
 * so different minima agree by accident with probability 2⁻¹⁶ and a signature is 256 bytes.
 * Measured against exact Jaccard on 9,000 pairs: bias < 0.008, RMSE within 0.004 of the
 * binomial √(J(1−J)/128) (0.045 at J = 0.5). Bands: 32 bands of 4 rows; band keys are plain
 * non-negative 31-bit numbers with the band index mixed in, so a database can index them.
 *
 * Groups (leader linkage): an item joins the group whose first item it resembles most (estimated
 * Jaccard ≥ threshold), else it starts a group and enters the band buckets. Every member is
 * therefore similar to its group's first item and groups never merge, so a group id, once
 * given, stays. Union-find over all similar pairs (`linkage: 'single'`) chains short texts that
 * share a problem phrase into giant groups: on 200,000 generated CX items at 0.5 its largest
 * group held 106,765 items (53%), pairwise precision 0.005; leader linkage: largest 1,414,
 * precision 0.944 (bench/dedupe.bench.ts). The price is recall: a paraphrase of a member that is
 * not close to the first item starts its own group.
 *
 * Same customer: when an item matches no group, it is compared directly (no LSH) with that
 * customer's last 20 items at the lower customer threshold — a re-ask in other words, or on
 * another channel, joins the earlier item's group. Very short texts (< 3 shingles once the
 * boilerplate is gone) group only with texts of the same normalised form.
 *
 * Boilerplate nobody listed (a form header, an e-mail signature): a candidate whose signature
 * agrees is checked again on the stored shingles without the lines both texts share word for word
 * and without shingles common in the data seen so far; the rest must agree too (KeyStore). Short
 * texts (≤ SHORT_SHINGLES shingles) also group when one contains ≥ 80 % of the other.
 */

// SHINGLE CHOICE — bench/dedupe.bench.ts generator (50,000 items, leader linkage, threshold 0.5)
// and ko_question_pairs (each pair alone, threshold 0.5):
//
//   shingles                              synthetic pair P / R   B³ F1   question pairs P / R
//   char 3-grams over concatenated stems      0.921 / 0.157       0.690      0.987 / 0.292   ← chosen
//   char 2-grams                              0.866 / 0.241       0.660      0.984 / 0.363
//   char 2- and 3-grams                       0.901 / 0.181       0.682      0.981 / 0.325
//   char 4-grams                              0.954 / 0.116       0.691      0.988 / 0.261
//   char 3-grams + word unigrams              0.952 / 0.107       0.673      0.988 / 0.312
//   word unigrams + bigrams                   0.904 / 0.060       0.648      0.994 / 0.305
//   3-grams inside space-padded words         0.462 / 0.122       0.511      0.985 / 0.420
//   2-grams inside space-padded words         0.351 / 0.170       0.453      0.982 / 0.463
//
// Within-word n-grams catch more paraphrases (the question pairs are mostly rewordings) but merge
// different products with the same problem; 2-grams merge texts sharing common two-syllable words
// (배송, 환불, 결제). Cross-word 3-grams keep precision > 0.9 and are blind to spacing.

/** Options for grouping; every field has a measured default. */
export interface DedupeOptions {
  /** Estimated Jaccard similarity at or above which two items are duplicates (default 0.5). */
  threshold?: number;
  /** Lower threshold for two items of the same customer — a re-ask across channels (default 0.3). */
  customerThreshold?: number;
  /** Batch only: drop shingles found in more than this share of documents (default 0.02)… */
  maxDocShare?: number;
  /** …when there are at least this many documents (default 1,000). */
  minDocsForShare?: number;
  /** Extra boilerplate phrases to strip (spacing inside a phrase does not matter). */
  boilerplate?: readonly string[];
  /** Shingle keys to ignore (e.g. learned once with `commonShingles` and stored). */
  ignoreShingles?: Iterable<number>;
  /**
   * 'leader' (default): an item joins the group whose first item it resembles most; groups never
   * chain. 'single': union-find over every similar pair (transitive; chains on large sets).
   */
  linkage?: 'leader' | 'single';
}

/** One item to group: `customer` is any stable customer key (optional). */
export interface DedupeItem {
  id: string | number;
  text: string;
  customer?: string | null;
}

/** Hashes per signature. */
export const SIGNATURE_SIZE = 128;
/**
 * Signature rows per LSH band at the default threshold: P(candidate) = 1 − (1 − J⁴)³² — 0.87 at
 * J = 0.5, 0.99 at 0.6, 0.23 at 0.3. Below a threshold of 0.45 grouping uses 3 rows (42 bands,
 * 0.94 at J = 0.4), below 0.35 2 rows (64 bands, 0.998 at J = 0.3): more candidates, slower.
 */
export const ROWS_PER_BAND = 4;
export const BAND_COUNT = SIGNATURE_SIZE / ROWS_PER_BAND;

/** Rows per band for a threshold (see ROWS_PER_BAND). */
export function rowsPerBand(threshold: number): number {
  return threshold >= 0.45 ? 4 : threshold >= 0.35 ? 3 : 2;
}

/** Fewer shingles than this (after boilerplate removal) and an item only groups on exact match. */
export const MIN_SHINGLES = 3;
/** Characters read per text: a long e-mail is compared by its start. */
const MAX_TEXT_CHARS = 2_000;
const SHINGLE_SIZE = 3;
/**
 * A new item is compared with the newest few members of each of its buckets only: bounds the
 * work in hot buckets (8 vs 24: same quality at 1M items, 32 s vs 40 s).
 */
const BUCKET_REPRESENTATIVES = 8;
/**
 * Short texts: when both sides have at most this many shingles (after shared lines and common
 * shingles are set aside), the shorter one contained in the other (≥ SHORT_CONTAINMENT of its
 * shingles) also makes a duplicate — one added word in a short text drops Jaccard below 0.5.
 * Such pairs are found through a second set of LSH buckets of 2-row bands, short items only.
 */
const SHORT_SHINGLES = 8;
const SHORT_CONTAINMENT = 0.8;
const SHORT_ROWS = 2;
const SHORT_BANDS = SIGNATURE_SIZE / SHORT_ROWS;
/** The signature pre-check for a short pair (estimated Jaccard ≥ this before the exact check). */
const SHORT_MIN_JACCARD = 0.25;
/**
 * Incremental index: a shingle counts as common once the index holds this many items and the
 * shingle occurs in more than `maxDocShare` of them.
 */
const MIN_ITEMS_FOR_SHARE = 200;
/**
 * Common shingles alone (no shared line) veto a pair only when both texts keep at least this many
 * shingles without them: a flood of near-copies of one problem makes its own words common, and
 * what is left of two such copies is a few shingles of typos and particles.
 */
const MIN_REMAINDER = 5;
/** Single linkage: an item this similar to a bucket member is a near-copy and is not added to the bucket. */
const NEAR_COPY = 0.8;
/** A same-customer item is compared with that customer's last items, at most this many. */
const CUSTOMER_WINDOW = 20;

export const DEFAULT_DEDUPE_OPTIONS = {
  threshold: 0.5,
  customerThreshold: 0.3,
  maxDocShare: 0.02,
  minDocsForShare: 1_000,
  linkage: 'leader',
} as const;

/**
 * Built-in CX boilerplate (Korean and English), stripped before shingling. Spacing is ignored
 * when matching; English phrases match whole words only, Korean ones also inside a Hangul run
 * ("환불문의드립니다" → "환불").
 */
export const BOILERPLATE_PHRASES: readonly string[] = [
  // greetings and openers
  '안녕하세요', '안녕하세여', '안녕하세용', '안녕하십니까', '안녕하셨어요', '안뇽하세요', '하이요',
  '수고하세요', '수고하십니다', '수고하십니까', '수고많으십니다', '수고 많으십니다', '수고 많으세요', '수고하셨습니다',
  '다름이 아니라', '다름이 아니고', '다른 게 아니라', '궁금한 게 있어서', '궁금한 점이 있어서', '궁금한 점이 있습니다',
  '문의드립니다', '문의 드립니다', '문의드려요', '문의 드려요', '문의드릴게요', '문의 드릴게요', '문의합니다', '문의해요', '문의드릴께요',
  '문의 좀 드릴게요', '문의드리고 싶습니다', '문의드리려고 합니다', '여쭤볼게 있어서', '여쭤보고 싶은데요', '여쭤봅니다',
  '질문드립니다', '질문 드립니다', '질문있습니다', '질문 있어요', '질문이 있습니다', '질문이 있어요',
  '죄송한데요', '죄송하지만', '바쁘신데 죄송합니다', '실례지만',
  // requests and sign-offs
  '확인 부탁드립니다', '확인 부탁드려요', '확인 부탁합니다', '확인 부탁해요', '확인해주세요', '확인 좀 해주세요', '확인 바랍니다',
  '답변 부탁드립니다', '답변 부탁드려요', '답변 부탁합니다', '답변해주세요', '답변 주세요', '답변 바랍니다', '회신 부탁드립니다',
  '빠른 답변 부탁드려요', '빠른 답변 부탁드립니다', '빠른 답변 바랍니다', '빠른 확인 부탁드립니다', '빠른 확인 부탁드려요',
  '빠른 처리 부탁드립니다', '빠른 처리 부탁드려요', '빠른 회신 부탁드립니다', '처리 부탁드립니다', '처리 부탁드려요',
  '연락 부탁드립니다', '연락 부탁드려요', '연락주세요', '연락 주세요', '연락 바랍니다',
  '부탁드립니다', '부탁드려요', '부탁드릴게요', '부탁합니다', '부탁해요',
  '감사합니다', '감사해요', '감사드립니다', '감사드려요', '고맙습니다', '고마워요', '감사합니당', '감사요', '감사하겠습니다', '미리 감사드립니다',
  '좋은 하루 되세요', '좋은 하루 보내세요', '즐거운 하루 되세요', '행복한 하루 되세요',
  // English
  'hello', 'hi', 'hey', 'dear', 'greetings', 'good morning', 'good afternoon', 'good evening', 'hope you are well',
  'thanks', 'thank you', 'thanks in advance', 'thank you in advance', 'many thanks', 'thx', 'ty', 'cheers',
  'regards', 'best regards', 'kind regards', 'warm regards', 'sincerely', 'yours sincerely',
  'hi team', 'hello team', 'hey team', 'dear team', 'dear support', 'hi there', 'hello there',
  'please help', 'please help me', 'help me please', 'please advise', 'please', 'pls', 'plz', 'asap', 'urgent',
  'customer service', 'customer support', 'support team', 'to whom it may concern', 'sir', 'madam',
];

/** Channel nouns: removed with a particle after them ("고객센터에", "상담원이랑"). */
export const BOILERPLATE_NOUNS: readonly string[] = [
  '고객센터', '고객 센터', '고객님', '상담원', '상담사', '상담원님', '상담사님', '담당자', '담당자님', '관리자님', '매니저님',
];

/** Particles that may follow a boilerplate noun. */
const PHRASE_PARTICLES = ['', '이', '가', '은', '는', '을', '를', '에', '에서', '에게', '께', '한테', '과', '와', '랑', '이랑', '도', '로', '으로', '님', '분'];

/**
 * Whole words that only carry politeness or tense: the forms of 되다 become "되" and the
 * request forms of 하다/주다 are dropped, so "안 됩니다" = "안 돼요" and "환불 해주세요" =
 * "환불해주세요". (돼→되 and a final 여→요 are applied before this table.)
 */
const AUXILIARY_WORDS: Record<string, string> = Object.fromEntries([
  ...['되요', '되어요', '됩니다', '됐어요', '되었어요', '됐습니다', '되었습니다', '되네요', '되나요', '되는데', '됐는데', '되었는데', '되어서',
    '되서', '되고', '되면', '될까요', '됩니까', '되죠', '되지', '되는', '된', '됨', '되었', '됐', '되어', '되다', '되세요', '되니', '되던데',
    '되더라구요', '되더라고요', '되거든요', '되잖아요', '됐네요', '되었네요', '되구요', '되고요', '될', '되니까', '됐다', '된다', '됐고'].map((w) => [w, '되']),
  ...['해요', '합니다', '했어요', '했습니다', '하였습니다', '해주세요', '해줘요', '해주십시오', '해주시면', '해줘', '해주실', '해주시고', '해서',
    '해도', '했는데', '하는데', '하세요', '주세요', '줘요', '주십시오', '주시면', '주실', '주시고', '줘', '좀', '요', '해주시길', '주시길',
    '해주셨으면', '주셨으면', '해주시겠어요', '주시겠어요', '해주실래요', '주실래요', '해줄', '해주는', '드려요', '드립니다'].map((w) => [w, '']),
]);

// ---------------------------------------------------------------------------------------------
// Hashing helpers

const FNV = 0x01000193;
const PHRASE_SEED = 0x2c1b3c6d;
const STEM_SEED_A = 0x27d4eb2f;
const STEM_SEED_B = 0x165667b1;
const SHINGLE_SEED = 0x5bd1e995 | 0;
const LINE_SEED = 0x3c6ef372 | 0;
/** The line of a shingle that spans a line break (see shingleStream). */
const SPANNING = 255;

const isHangul = (c: number): boolean => c >= 0xac00 && c <= 0xd7a3;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** Compatibility jamo (ㅋㅋ, ㅠㅠ, ㅇㅇ) carry mood, not the problem: treated as separators. */
const isJamo = (c: number): boolean => c >= 0x3131 && c <= 0x318e;

function charsHash(seed: number, chars: ArrayLike<number>, start: number, end: number): number {
  let h = seed;
  for (let i = start; i < end; i++) h = Math.imul(h ^ chars[i]!, FNV);
  return h;
}

/** A deterministic 32-bit generator (mulberry32) for the hash family. */
function generator(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) | 0;
  };
}

const HASH_MUL = new Int32Array(SIGNATURE_SIZE);
const HASH_ADD = new Int32Array(SIGNATURE_SIZE);
{
  const next = generator(0x50_52_49);
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    HASH_MUL[i] = next() | 1;
    HASH_ADD[i] = next();
  }
}

// ---------------------------------------------------------------------------------------------
// Boilerplate phrase matcher: phrases are hashed over their word characters (no spaces), so
// matching walks the compact character buffer without allocating.

interface PhraseSet {
  /** hash → index into `phrases` */
  byHash: IntMap;
  phrases: Uint16Array[];
  latin: boolean[];
  /** (first char, second char) pairs that start some phrase: a cheap filter before hashing. */
  starts: IntMap;
  maxLength: number;
  minLength: number;
}

function compactPhrase(phrase: string): number[] {
  const s = phrase.normalize('NFC').toLowerCase();
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isWordChar(c) && !isJamo(c)) out.push(c);
  }
  return out;
}

const pairKey = (a: number, b: number): number => ((a << 16) | b) & 0x7fffffff;

function buildPhraseSet(extra: readonly string[]): PhraseSet {
  const set: PhraseSet = { byHash: new IntMap(4096), phrases: [], latin: [], starts: new IntMap(1024), maxLength: 0, minLength: Infinity };
  const add = (chars: number[]): void => {
    if (chars.length < 2) return;
    const key = charsHash(PHRASE_SEED, chars, 0, chars.length) & 0x7fffffff;
    if (set.byHash.get(key) >= 0) return;
    set.byHash.set(key, set.phrases.length);
    set.phrases.push(Uint16Array.from(chars));
    set.latin.push(!chars.every(isHangul));
    set.starts.set(pairKey(chars[0]!, chars[1]!), 1);
    set.maxLength = Math.max(set.maxLength, chars.length);
    set.minLength = Math.min(set.minLength, chars.length);
  };
  for (const phrase of [...BOILERPLATE_PHRASES, ...extra]) add(compactPhrase(phrase));
  for (const noun of BOILERPLATE_NOUNS) for (const particle of PHRASE_PARTICLES) add([...compactPhrase(noun), ...compactPhrase(particle)]);
  return set;
}

const DEFAULT_PHRASES = buildPhraseSet([]);

/** AUXILIARY_WORDS by hash of their characters: hash → index into the two lists. */
const AUXILIARY_BY_HASH = new IntMap(256);
const AUXILIARY_FROM: Uint16Array[] = [];
const AUXILIARY_TO: Uint16Array[] = [];
for (const [from, to] of Object.entries(AUXILIARY_WORDS)) {
  const chars = compactPhrase(from);
  AUXILIARY_BY_HASH.set(charsHash(STEM_SEED_A, chars, 0, chars.length) & 0x7fffffff, AUXILIARY_FROM.length);
  AUXILIARY_FROM.push(Uint16Array.from(chars));
  AUXILIARY_TO.push(Uint16Array.from(compactPhrase(to)));
}

/** The replacement of the word chars[a..b) when it is an auxiliary word, else null. */
function auxiliary(a: number, b: number): Uint16Array | null {
  if (b - a > 6) return null;
  const index = AUXILIARY_BY_HASH.get(charsHash(STEM_SEED_A, chars, a, b) & 0x7fffffff);
  if (index < 0) return null;
  const from = AUXILIARY_FROM[index]!;
  if (from.length !== b - a) return null;
  for (let k = 0; k < from.length; k++) if (from[k] !== chars[a + k]) return null;
  return AUXILIARY_TO[index]!;
}

// ---------------------------------------------------------------------------------------------
// Text analysis into module-level scratch buffers (single-threaded; no allocation per shingle).

let chars = new Uint16Array(4096); // compact word characters
let marks = new Uint8Array(4096); // bit 1: starts a word, bit 2: removed as boilerplate
let stream = new Uint16Array(4096); // stems, concatenated
let shingleBuf = new Int32Array(4096);
/** Line (0–255) of each compact character, stream character and shingle; where each compact character came from. */
let lineOf = new Uint8Array(4096);
let streamLine = new Uint8Array(4096);
let shingleLine = new Uint8Array(4096);
let lineSortBuf = new Float64Array(4096);
let sourceAt = new Int32Array(4096);
/** Hash of each line's stems (lines 0…lineCount−1 of the last analysed text). */
const lineHashBuf = new Int32Array(256);
let lineCount = 0;
const START = 1;
const REMOVED = 2;

/** Stem lengths by word hash: stripKoreanSuffix allocates, and words repeat (Zipf). */
let stemCache = new IntMap(1 << 16);
const STEM_CACHE_MAX = 1 << 20;

function ensureCapacity(n: number): void {
  if (chars.length >= n + 8) return;
  const size = 1 << Math.ceil(Math.log2(n + 8));
  chars = new Uint16Array(size);
  marks = new Uint8Array(size);
  stream = new Uint16Array(size);
  shingleBuf = new Int32Array(size);
  lineOf = new Uint8Array(size);
  streamLine = new Uint8Array(size);
  shingleLine = new Uint8Array(size);
  lineSortBuf = new Float64Array(size);
  sourceAt = new Int32Array(size);
}

/** NFC only when a character could change under it (decomposed jamo, combining marks, …). */
function needsNfc(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x300 || isHangul(c) || (c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x318f) || (c >= 0xff00 && c <= 0xffef)) continue;
    return true;
  }
  return false;
}

/** NFC + lower case + the first MAX_TEXT_CHARS characters. */
function prepare(text: string): string {
  let s = text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
  if (needsNfc(s)) s = s.normalize('NFC');
  return s.toLowerCase();
}

/** Fills `chars`/`marks` with the word characters of `s`; returns their count. */
function compact(s: string): number {
  ensureCapacity(s.length);
  let n = 0;
  let inWord = false;
  let prevDigit = false;
  let line = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    const digit = isDigit(c);
    if (digit) {
      if (prevDigit) continue;
      c = 0x30;
    } else if (!isWordChar(c) || isJamo(c)) {
      if (c === 10 && line < SPANNING - 1 && n > 0) line++;
      inWord = false;
      prevDigit = false;
      continue;
    }
    if (c === 0xb3fc) c = 0xb418; // 돼 → 되: the most common Korean misspelling
    else if (c === 0xb42c) c = 0xb410; // 됬 → 됐
    if (!inWord && n > 1) colloquialEnding(n - 1);
    chars[n] = c;
    marks[n] = inWord ? 0 : START;
    lineOf[n] = line;
    sourceAt[n] = i;
    n++;
    inWord = true;
    prevDigit = digit;
  }
  if (n > 1) colloquialEnding(n - 1);
  return n;
}

/** A word-final 여/용/염 after a syllable is a playful 요 ("늦어여", "있어용"). */
function colloquialEnding(last: number): void {
  const c = chars[last]!;
  if ((c === 0xc5ec || c === 0xc6a9 || c === 0xc5fc) && !(marks[last]! & START) && isHangul(chars[last - 1]!)) chars[last] = 0xc694;
}

/** Marks boilerplate phrases REMOVED: leftmost-longest; Latin phrases only on whole words. */
function removeBoilerplate(n: number, set: PhraseSet): void {
  const { byHash, phrases, latin, starts, maxLength, minLength } = set;
  let p = 0;
  while (p < n - 1) {
    const c0 = chars[p]!;
    const atStart = (marks[p]! & START) !== 0;
    if ((!atStart && !isHangul(c0)) || starts.get(pairKey(c0, chars[p + 1]!)) < 0) {
      p++;
      continue;
    }
    let h = PHRASE_SEED;
    let best = -1;
    const limit = Math.min(n, p + maxLength);
    for (let q = p; q < limit; q++) {
      h = Math.imul(h ^ chars[q]!, FNV);
      const length = q - p + 1;
      if (length < minLength) continue;
      const index = byHash.get(h & 0x7fffffff);
      if (index < 0) continue;
      const phrase = phrases[index]!;
      if (phrase.length !== length) continue;
      let same = true;
      for (let k = 0; k < length && same; k++) same = phrase[k] === chars[p + k];
      if (!same) continue;
      if (latin[index] && (!atStart || (q + 1 < n && (marks[q + 1]! & START) === 0))) continue;
      best = q + 1;
    }
    if (best < 0) {
      p++;
      continue;
    }
    for (let k = p; k < best; k++) marks[k] = marks[k]! | REMOVED;
    if (best < n) marks[best] = marks[best]! | START;
    p = best;
  }
}

/** How many characters stripKoreanSuffix removes from the word chars[a..b). */
function stemCut(a: number, b: number): number {
  const key = charsHash(STEM_SEED_A, chars, a, b) & 0x7fffffff;
  const check = charsHash(STEM_SEED_B, chars, a, b) & 0x0fffffff;
  const cached = stemCache.get(key);
  if (cached >= 0 && cached >>> 3 === check) return cached & 7;
  const word = String.fromCharCode(...chars.subarray(a, b));
  const cut = Math.min(7, word.length - stripKoreanSuffix(word).length);
  if (stemCache.size >= STEM_CACHE_MAX) stemCache = new IntMap(1 << 16);
  stemCache.set(key, (check << 3) | cut);
  return cut;
}

/** Writes the stems (words without boilerplate and particles) into `stream`; returns its length. */
function stemStream(n: number): number {
  let length = 0;
  let i = 0;
  while (i < n) {
    if (marks[i]! & REMOVED) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < n && (marks[end]! & (START | REMOVED)) === 0) end++;
    const line = lineOf[i]!;
    let replacement = isHangul(chars[i]!) ? auxiliary(i, end) : null;
    // 안/못 glued to a form of 되다 ("안돼요", "안됨", "못해요"): the negation and the normalised form.
    const negated = !replacement && end - i >= 2 && (chars[i] === 0xc548 || chars[i] === 0xbabb) && (replacement = auxiliary(i + 1, end)) !== null;
    if (replacement) {
      if (negated) {
        streamLine[length] = line;
        stream[length++] = chars[i]!;
      }
      for (let k = 0; k < replacement.length; k++) {
        streamLine[length] = line;
        stream[length++] = replacement[k]!;
      }
      i = end;
      continue;
    }
    if (end - i >= 3 && isHangul(chars[end - 1]!)) end -= stemCut(i, end);
    for (let k = i; k < end; k++) {
      streamLine[length] = line;
      stream[length++] = chars[k]!;
    }
    // Skip what the stem dropped; the next word starts at a START or REMOVED mark.
    i = end;
    while (i < n && (marks[i]! & (START | REMOVED)) === 0) i++;
  }
  return length;
}

/**
 * Character 3-gram keys of `stream` into `shingleBuf`, sorted and unique; returns the count. Also
 * the hash of each line's stems (`lineHashBuf`, `lineCount`) and, for a text of several lines,
 * the line each shingle starts on (`shingleLine`, its first occurrence); one line: all 0.
 */
function shingleStream(length: number): number {
  let lines = 0;
  for (let i = 0; i < length; i++) {
    const line = streamLine[i]!;
    if (line >= lines) {
      for (let l = lines; l <= line; l++) lineHashBuf[l] = LINE_SEED;
      lines = line + 1;
    }
    lineHashBuf[line] = Math.imul(lineHashBuf[line]! ^ stream[i]!, FNV);
  }
  lineCount = lines;
  let count = 0;
  for (let i = 0; i + SHINGLE_SIZE <= length; i++) {
    let h = SHINGLE_SEED;
    for (let k = 0; k < SHINGLE_SIZE; k++) h = Math.imul(h ^ stream[i + k]!, FNV);
    shingleBuf[count++] = mix(h) & 0x7fffffff;
  }
  if (lines <= 1 || count === 0) {
    shingleLine.fill(0, 0, count);
    return sortUnique(shingleBuf, count);
  }
  // Several lines: sort (key, line) pairs, keep each key once with its first line. A shingle
  // across a line break is "line" SPANNING: it goes with either line.
  for (let i = 0; i < count; i++) lineSortBuf[i] = shingleBuf[i]! * 256 + (streamLine[i] === streamLine[i + SHINGLE_SIZE - 1] ? streamLine[i]! : SPANNING);
  lineSortBuf.subarray(0, count).sort();
  let w = 0;
  for (let r = 0; r < count; r++) {
    const v = lineSortBuf[r]!;
    const key = Math.floor(v / 256);
    if (w > 0 && shingleBuf[w - 1] === key) continue;
    shingleBuf[w] = key;
    shingleLine[w] = v - key * 256;
    w++;
  }
  return w;
}

function sortUnique(keys: Int32Array, count: number): number {
  if (count < 2) return count;
  keys.subarray(0, count).sort();
  let w = 1;
  for (let r = 1; r < count; r++) if (keys[r] !== keys[w - 1]) keys[w++] = keys[r]!;
  return w;
}

interface Analysis {
  /** Unique shingle keys (a view into a scratch buffer: copy before the next call). */
  shingles: Int32Array;
  /** The line each shingle starts on (parallel to `shingles`; a scratch view). */
  lines: Uint8Array;
  /** The hash of each line's stems, by line (a scratch view). */
  lineHashes: Int32Array;
  /** The normalised text, set only when there are too few shingles: such items match exactly. */
  exact: string | null;
}

/** Shingles of a text, and its exact-match key when it is too short for MinHash. */
function analyse(text: string, phrases: PhraseSet): Analysis {
  const s = prepare(text);
  const n = compact(s);
  removeBoilerplate(n, phrases);
  const length = stemStream(n);
  const count = shingleStream(length);
  const lines = shingleLine.subarray(0, count);
  const lineHashes = lineHashBuf.subarray(0, lineCount);
  if (count >= MIN_SHINGLES) return { shingles: shingleBuf.subarray(0, count), lines, lineHashes, exact: null };
  // Too short: the stems (or, when everything was boilerplate, the words; or the trimmed text).
  let exact = length ? String.fromCharCode(...stream.subarray(0, length)) : '';
  if (!exact && n) exact = '\u0001' + String.fromCharCode(...chars.subarray(0, n));
  if (!exact) exact = '\u0002' + s.replace(/\s+/g, ' ').trim();
  return { shingles: shingleBuf.subarray(0, count), lines, lineHashes, exact };
}

// ---------------------------------------------------------------------------------------------
// Signatures and bands

const mins = new Int32Array(SIGNATURE_SIZE);
/** The same minima with WebAssembly SIMD, sixteen hashes per pass (null without SIMD: the loop below). */
const simdMinHash = SimdMinHash.create(HASH_MUL, HASH_ADD);

/** Min-hashes of `keys` into `out[offset … offset + SIGNATURE_SIZE)` as 16-bit values. */
function minHash(keys: ArrayLike<number>, count: number, out: Uint16Array, offset: number): void {
  if (simdMinHash) simdMinHash.minima(keys, count, mins);
  else {
    mins.fill(0x7fffffff);
    for (let j = 0; j < count; j++) {
      const x = keys[j]!;
      for (let i = 0; i < SIGNATURE_SIZE; i++) {
        const h = (Math.imul(x, HASH_MUL[i]!) + HASH_ADD[i]!) | 0;
        if (h < mins[i]!) mins[i] = h;
      }
    }
  }
  for (let i = 0; i < SIGNATURE_SIZE; i++) out[offset + i] = mix(mins[i]! ^ i) & 0xffff;
}

function bandKeyAt(sig: Uint16Array, offset: number, band: number, rows: number): number {
  let h = Math.imul(band + 1 + (rows << 8), 0x9e3779b1);
  const start = offset + band * rows;
  for (let k = 0; k < rows; k++) h = Math.imul(h ^ sig[start + k]!, FNV);
  return mix(h) & 0x7fffffff;
}

/** 32-bit words per signature: two 16-bit slots are compared at once. */
const SIGNATURE_WORDS = SIGNATURE_SIZE / 2;

/**
 * Matching signature slots of items a and b, or -1 once `minMatches` is out of reach. `words` views
 * the signatures two slots a word.
 */
function matches(words: Int32Array, a: number, b: number, minMatches: number): number {
  const maxMisses = SIGNATURE_SIZE - minMatches;
  let misses = 0;
  const oa = a * SIGNATURE_WORDS;
  const ob = b * SIGNATURE_WORDS;
  for (let i = 0; i < SIGNATURE_WORDS; i++) {
    const x = words[oa + i]! ^ words[ob + i]!;
    if (x === 0) continue;
    misses += ((x & 0xffff) === 0 ? 0 : 1) + (x >>> 16 === 0 ? 0 : 1);
    if (misses > maxMisses) return -1;
  }
  return SIGNATURE_SIZE - misses;
}

let keptBuf = new Int32Array(1024);

/**
 * `keys` without the ignored ones — unless that leaves too few, then all of them. Either `keys`
 * or a view of a scratch buffer (no array per item): use it before the next call.
 */
function withoutIgnored(keys: Int32Array, ignore: Set<number> | null): Int32Array {
  if (!ignore || ignore.size === 0) return keys;
  if (keptBuf.length < keys.length) keptBuf = new Int32Array(keys.length * 2);
  let kept = 0;
  for (let i = 0; i < keys.length; i++) if (!ignore.has(keys[i]!)) keptBuf[kept++] = keys[i]!;
  if (kept === keys.length) return keys;
  return kept >= Math.min(MIN_SHINGLES, keys.length) ? keptBuf.subarray(0, kept) : keys;
}

function phraseSetFor(options: DedupeOptions): PhraseSet {
  return options.boilerplate?.length ? buildPhraseSet(options.boilerplate) : DEFAULT_PHRASES;
}

/** The shingle keys (31-bit numbers) of a text after normalisation and boilerplate removal. */
export function shingles(text: string, options: DedupeOptions = {}): Int32Array {
  return analyse(text, phraseSetFor(options)).shingles.slice();
}

/** The MinHash signature of a text: SIGNATURE_SIZE numbers of 16 bits each. */
export function signature(text: string, options: DedupeOptions = {}): Uint16Array {
  const { shingles: keys } = analyse(text, phraseSetFor(options));
  const kept = withoutIgnored(keys, options.ignoreShingles ? new Set(options.ignoreShingles) : null);
  const out = new Uint16Array(SIGNATURE_SIZE);
  minHash(kept, kept.length, out, 0);
  return out;
}

/**
 * LSH band keys of a signature: BAND_COUNT non-negative 31-bit numbers (band index and width
 * mixed in, so keys of different bands never meet). Pass `rowsPerBand(threshold)` for a
 * threshold below 0.45.
 */
export function bandKeys(sig: Uint16Array, rows = ROWS_PER_BAND): number[] {
  const keys: number[] = [];
  for (let b = 0; b < Math.floor(SIGNATURE_SIZE / rows); b++) keys.push(bandKeyAt(sig, 0, b, rows));
  return keys;
}

/** Estimated Jaccard similarity of two signatures (share of equal slots). */
export function estimateJaccard(a: Uint16Array, b: Uint16Array): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}

/**
 * The normalised key of a text that is too short for MinHash (fewer than MIN_SHINGLES shingles
 * after boilerplate removal), or null when the text gets a signature. Two short texts are
 * duplicates exactly when their keys are equal.
 */
export function exactKey(text: string, options: DedupeOptions = {}): string | null {
  return analyse(text, phraseSetFor(options)).exact;
}

// ---------------------------------------------------------------------------------------------
// Grouping engine, shared by the incremental index and the batch (a batch is the same sequence of
// adds after its document-frequency pass, so both give the same groups on the same input).

function resolve(options: DedupeOptions) {
  const threshold = options.threshold ?? DEFAULT_DEDUPE_OPTIONS.threshold;
  const customerThreshold = options.customerThreshold ?? DEFAULT_DEDUPE_OPTIONS.customerThreshold;
  for (const [name, value] of [['threshold', threshold], ['customerThreshold', customerThreshold]] as const) {
    if (!(value > 0 && value <= 1)) throw new RangeError(`${name} must be in (0, 1], got ${value}`);
  }
  return {
    linkage: options.linkage ?? DEFAULT_DEDUPE_OPTIONS.linkage,
    minMatches: Math.ceil(threshold * SIGNATURE_SIZE - 1e-9),
    rows: rowsPerBand(threshold),
    bands: Math.floor(SIGNATURE_SIZE / rowsPerBand(threshold)),
    customerMinMatches: Math.ceil(customerThreshold * SIGNATURE_SIZE - 1e-9),
    nearCopyMatches: Math.ceil(NEAR_COPY * SIGNATURE_SIZE - 1e-9),
    threshold,
    customerThreshold,
    shortMinMatches: Math.ceil(Math.min(SHORT_MIN_JACCARD, threshold) * SIGNATURE_SIZE - 1e-9),
    maxDocShare: options.maxDocShare ?? DEFAULT_DEDUPE_OPTIONS.maxDocShare,
    minDocsForShare: options.minDocsForShare ?? DEFAULT_DEDUPE_OPTIONS.minDocsForShare,
    phrases: phraseSetFor(options),
    ignore: options.ignoreShingles ? new Set(options.ignoreShingles) : null,
  };
}

type Resolved = ReturnType<typeof resolve>;

function growUint16(a: Uint16Array<ArrayBuffer>, needed: number): Uint16Array<ArrayBuffer> {
  if (needed <= a.length) return a;
  const grown = new Uint16Array(Math.max(needed, a.length * 2));
  grown.set(a);
  return grown;
}

function growInt32(a: Int32Array<ArrayBuffer>, needed: number): Int32Array<ArrayBuffer> {
  if (needed <= a.length) return a;
  const grown = new Int32Array(Math.max(needed, a.length * 2));
  grown.set(a);
  return grown;
}

/** Whether a shingle from `line` lies on a line both texts share (`mask` of shared lines; SPANNING: one crossing lines, gone with any). */
function lineShared(mask: number, line: number): boolean {
  return line < 31 ? (mask & (1 << line)) !== 0 : line === SPANNING && mask !== 0;
}

/**
 * What a candidate pair is checked on after its signatures agree: each item's shingle keys
 * (sorted), the line each starts on and the hash of each line's stems (~5 bytes a shingle).
 *
 * Boilerplate the phrase list does not know — a form header, an e-mail signature — makes two
 * different problems look alike. A pair is therefore compared again without (1) the lines both
 * texts contain word for word (after normalisation: spacing, digits, particles) and (2) shingles
 * that are common in the workspace (see `common`); what remains must still be similar (Jaccard ≥
 * the threshold, or for short remainders containment ≥ 0.8). When one side has nothing left (a
 * copy, or a text that only adds a greeting) the pair stands. (1) works from the second item
 * on, so a template introduced today is handled today; a same-customer re-send of the same body
 * keeps its group because its body lines match.
 */
class KeyStore {
  keys = new Int32Array(1 << 14);
  lines = new Uint8Array(1 << 14);
  offsets = new Int32Array(1025);
  lineHashes = new Int32Array(1024);
  lineOffsets = new Int32Array(1025);
  count = 0;
  /** Shingle → documents (batch: items; index: groups) it occurs in; null when not counted. */
  df: IntMap | null = null;
  /** A shingle is common when df > cap. */
  cap = Infinity;
  ignore: Set<number> | null = null;

  /** Appends item `count` (exact items: no keys). */
  push(keys: Int32Array, lines: Uint8Array, lineHashes: Int32Array, size: number): void {
    const m = this.count++;
    this.offsets = growInt32(this.offsets, m + 2);
    this.lineOffsets = growInt32(this.lineOffsets, m + 2);
    const start = this.offsets[m]!;
    if (this.keys.length < start + size) {
      const length = Math.max(start + size, this.keys.length * 2);
      this.keys = growInt32(this.keys, length);
      const grown = new Uint8Array(length);
      grown.set(this.lines);
      this.lines = grown;
    }
    if (size) {
      this.keys.set(keys.subarray(0, size), start);
      this.lines.set(lines.subarray(0, size), start);
    }
    this.offsets[m + 1] = start + size;
    const lineStart = this.lineOffsets[m]!;
    const lineCount = size ? lineHashes.length : 0;
    this.lineHashes = growInt32(this.lineHashes, lineStart + lineCount);
    if (lineCount) this.lineHashes.set(lineHashes, lineStart);
    this.lineOffsets[m + 1] = lineStart + lineCount;
  }

  /** Which keys of the item being added (`marked`) are common: parallel to its keys. */
  private commonOfMarked = new Uint8Array(1024);
  private marked = -1;
  private markedCommon = 0;

  /**
   * Notes which of item m's shingles are common (before `agree(m, …)` calls); with `count`, first
   * counts them as one more document (the incremental index).
   */
  markCommon(m: number, count: boolean): void {
    const start = this.offsets[m]!;
    const size = this.offsets[m + 1]! - start;
    if (this.commonOfMarked.length < size) this.commonOfMarked = new Uint8Array(size * 2);
    const df = count ? (this.df ??= new IntMap(1 << 16)) : this.df;
    const flags = this.commonOfMarked;
    let common = 0;
    for (let i = 0; i < size; i++) {
      const key = this.keys[start + i]!;
      const n = df === null ? 0 : count ? df.add(key, 1) - 1 : df.get(key);
      const flag = n > this.cap || (this.ignore !== null && this.ignore.has(key)) ? 1 : 0;
      flags[i] = flag;
      common += flag;
    }
    this.marked = m;
    this.markedCommon = common;
  }

  /** Lines of a (bits 0–30) that b also has, word for word. */
  private sharedLines(a: number, b: number): number {
    const ha = this.lineHashes;
    let mask = 0;
    const bs = this.lineOffsets[b]!;
    const be = Math.min(this.lineOffsets[b + 1]!, bs + 31);
    const as = this.lineOffsets[a]!;
    const ae = Math.min(this.lineOffsets[a + 1]!, as + 31);
    for (let i = as; i < ae; i++) {
      const h = ha[i]!;
      for (let j = bs; j < be; j++) {
        if (ha[j] === h) {
          mask |= 1 << (i - as);
          break;
        }
      }
    }
    return mask;
  }

  /**
   * Whether a (the item being added, see markCommon) and b, whose signatures agree (or, with
   * `exact`, only nearly: short texts), still agree without their shared lines and common
   * shingles: see the class comment.
   */
  agree(a: number, b: number, threshold: number, exact: boolean): boolean {
    const maskA = this.sharedLines(a, b);
    const maskB = maskA === 0 ? 0 : this.sharedLines(b, a);
    const flagsA = this.marked === a ? this.commonOfMarked : null;
    if (!exact && maskA === 0 && (flagsA === null || this.markedCommon === 0)) return true;
    const { keys, lines, offsets } = this;
    const as = offsets[a]!;
    const ie = offsets[a + 1]!;
    const je = offsets[b + 1]!;
    const goneA = (i: number): boolean => lineShared(maskA, lines[i]!) || (flagsA !== null && flagsA[i - as] === 1);
    // Pass 1 (no lookups): does boilerplate take part in what a and b share at all?
    if (!exact) {
      let touched = false;
      for (let i = as, j = offsets[b]!; i < ie && j < je && !touched; ) {
        const ka = keys[i]!;
        const kb = keys[j]!;
        if (ka < kb) i++;
        else if (kb < ka) j++;
        else {
          touched = goneA(i) || lineShared(maskB, lines[j]!);
          i++;
          j++;
        }
      }
      if (!touched) return true;
    }
    // Pass 2: both sides without their shared lines and common shingles.
    const df = this.df !== null && this.cap !== Infinity ? this.df : null;
    const goneB = (j: number): boolean => {
      if (lineShared(maskB, lines[j]!)) return true;
      const key = keys[j]!;
      return (df !== null && df.get(key) > this.cap) || (this.ignore !== null && this.ignore.has(key));
    };
    let ra = 0;
    let rb = 0;
    let inter = 0;
    let i = as;
    let j = offsets[b]!;
    while (i < ie || j < je) {
      const ka = i < ie ? keys[i]! : Infinity;
      const kb = j < je ? keys[j]! : Infinity;
      if (ka < kb) {
        if (!goneA(i)) ra++;
        i++;
      } else if (kb < ka) {
        if (!goneB(j)) rb++;
        j++;
      } else {
        const keepA = !goneA(i);
        const keepB = !goneB(j);
        if (keepA) ra++;
        if (keepB) rb++;
        if (keepA && keepB) inter++;
        i++;
        j++;
      }
    }
    if (ra === 0 || rb === 0) return !exact || (ra === 0 && rb === 0);
    // A pair found only through the short-text rule needs containment; the estimate was below the threshold.
    if (!exact && inter / (ra + rb - inter) >= threshold) return true;
    if (ra <= SHORT_SHINGLES && rb <= SHORT_SHINGLES && inter >= SHORT_CONTAINMENT * Math.min(ra, rb)) return true;
    return exact || maskA !== 0 || (ra >= MIN_REMAINDER && rb >= MIN_REMAINDER) ? false : true;
  }

  /** Shingles of item m (its view into the pool). */
  shingleCount(m: number): number {
    return this.offsets[m + 1]! - this.offsets[m]!;
  }
}

/**
 * Items are numbered 0, 1, 2… in the order they are added; `parent` links each to its group
 * (the group's first item is the root). With leader linkage an item joins the group whose first
 * item it resembles most, so parent[m] is the root itself and groups never merge. With single
 * linkage (union-find) any similar pair merges two groups — on large sets of short texts that
 * chains into giant groups (measured in bench/dedupe.bench.ts), so it is not the default.
 */
class Engine {
  parent: Int32Array<ArrayBuffer>;
  sigs: Uint16Array<ArrayBuffer>;
  /** `sigs` as 32-bit words, for `matches`. */
  private sigWords: Int32Array;
  private previous: Int32Array<ArrayBuffer>;
  private stamp: Int32Array<ArrayBuffer>;
  /** Entries left behind by an item placed afresh after its text changed (`bury`): nothing joins them. */
  private dead: Uint8Array<ArrayBuffer>;
  private readonly lastByCustomer = new Map<string, number>();
  private readonly exact = new Map<string, number>();
  /** band key → its member, or a list of entries (item, next older entry), see pushEntry. */
  private readonly buckets = new IntMap(1 << 12);
  /** The same for short items (≤ SHORT_SHINGLES shingles), with 2-row bands. */
  private readonly shortBuckets = new IntMap(1 << 10);
  /** Candidates of the item being added that passed the signature check: item, matching slots. */
  private candItem = new Int32Array(64);
  private candSame = new Int32Array(64);
  private entryItem = new Int32Array(1 << 12);
  private entryNext = new Int32Array(1 << 12);
  private entries = 0;
  private readonly reps = new Int32Array(BUCKET_REPRESENTATIVES);
  private readonly keys = new Int32Array(SIGNATURE_SIZE);
  count = 0;

  constructor(
    private readonly cfg: Resolved,
    readonly store: KeyStore,
    capacity = 1024,
  ) {
    capacity = Math.max(16, capacity);
    this.parent = new Int32Array(capacity);
    this.previous = new Int32Array(capacity);
    this.stamp = new Int32Array(capacity);
    this.dead = new Uint8Array(capacity);
    this.sigs = new Uint16Array(capacity * SIGNATURE_SIZE);
    this.sigWords = new Int32Array(this.sigs.buffer);
  }

  /** Makes room for item `m` (= count) and returns it. */
  next(): number {
    const m = this.count++;
    if (m >= this.parent.length) {
      const size = this.parent.length * 2;
      this.parent = growInt32(this.parent, size);
      this.previous = growInt32(this.previous, size);
      this.stamp = growInt32(this.stamp, size);
      const dead = new Uint8Array(size);
      dead.set(this.dead);
      this.dead = dead;
    }
    this.sigs = growUint16(this.sigs, (m + 1) * SIGNATURE_SIZE);
    if (this.sigWords.buffer !== this.sigs.buffer) this.sigWords = new Int32Array(this.sigs.buffer);
    this.parent[m] = m;
    this.previous[m] = -1;
    this.stamp[m] = -1;
    return m;
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      const up = parent[parent[x]!]!;
      parent[x] = up;
      x = up;
    }
    return x;
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra < rb) this.parent[rb] = ra;
    else if (rb < ra) this.parent[ra] = rb;
  }

  /** Leaves entry m behind: no later item joins it or finds a group through it. */
  bury(m: number): void {
    this.dead[m] = 1;
  }

  isDead(m: number): boolean {
    return this.dead[m] === 1;
  }

  /** A text too short for MinHash: same group as the first item with the same exact key. */
  addExact(m: number, key: string): void {
    const first = this.exact.get(key);
    if (first === undefined || this.dead[first]) this.exact.set(key, m);
    else this.parent[m] = this.find(first);
  }

  /** An item whose signature is already in `sigs` at m. */
  addSigned(m: number, customer: string | null | undefined): void {
    if (customer != null && customer !== '') {
      this.previous[m] = this.lastByCustomer.get(customer) ?? -1;
      this.lastByCustomer.set(customer, m);
    }
    if (this.cfg.linkage === 'single') this.addSingle(m);
    else this.addLeader(m);
  }

  /** This item's band keys, computed once. */
  private bandKeysOf(m: number): Int32Array {
    const keys = this.keys;
    const { rows, bands } = this.cfg;
    for (let band = 0; band < bands; band++) keys[band] = bandKeyAt(this.sigs, m * SIGNATURE_SIZE, band, rows);
    return keys;
  }

  /** Copies the newest members of a bucket into `reps`; returns how many. */
  private members(buckets: IntMap, key: number): number {
    const value = buckets.get(key);
    if (value === -1) return 0;
    if (value >= 0) {
      this.reps[0] = value;
      return 1;
    }
    let count = 0;
    for (let e = -value - 2; e >= 0 && count < BUCKET_REPRESENTATIVES; e = this.entryNext[e]!) this.reps[count++] = this.entryItem[e]!;
    return count;
  }

  /**
   * Leader linkage. Buckets hold each group's first item, plus items that joined a group as a
   * same-customer re-ask (they need not resemble the first item, and a later copy of one must
   * still find the group); `parent` of either is the group. Candidates whose signatures agree are
   * tried best first and must also pass `KeyStore.agree` (boilerplate set aside).
   */
  private addLeader(m: number): void {
    const { sigWords, stamp, reps, cfg, parent, store } = this;
    const keys = this.bandKeysOf(m);
    const short = store.shingleCount(m) <= SHORT_SHINGLES;
    this.candidates = 0;
    for (let band = 0; band < cfg.bands; band++) {
      const count = this.members(this.buckets, keys[band]!);
      for (let k = 0; k < count; k++) {
        const other = reps[k]!;
        if (stamp[other] === m || this.dead[other]) continue;
        stamp[other] = m;
        // Two short texts: the lower bar, then the exact check (see SHORT_SHINGLES).
        const floor = short && store.shingleCount(other) <= SHORT_SHINGLES ? cfg.shortMinMatches : cfg.minMatches;
        const same = matches(sigWords, m, other, floor);
        if (same >= 0) this.pushCandidate(other, same);
      }
    }
    let shortKeys: Int32Array | null = null;
    if (short) {
      shortKeys = this.shortBandKeysOf(m);
      for (let band = 0; band < SHORT_BANDS; band++) {
        const count = this.members(this.shortBuckets, shortKeys[band]!);
        for (let k = 0; k < count; k++) {
          const other = reps[k]!;
          if (stamp[other] === m || this.dead[other]) continue;
          stamp[other] = m;
          const same = matches(sigWords, m, other, cfg.shortMinMatches);
          if (same >= 0) this.pushCandidate(other, same);
        }
      }
    }
    let candidates = this.candidates;
    let best = this.bestAgreeing(m, candidates, cfg.threshold, cfg.minMatches);
    if (best >= 0) {
      parent[m] = best;
      return;
    }
    // A re-ask: the same customer's recent item, at the lower threshold.
    let checked = 0;
    this.candidates = 0;
    for (let p = this.previous[m]!; p >= 0 && checked < CUSTOMER_WINDOW; p = this.previous[p]!) {
      checked++;
      if (this.dead[p]) continue;
      const same = matches(sigWords, m, p, cfg.customerMinMatches);
      if (same >= 0) this.pushCandidate(p, same);
    }
    candidates = this.candidates;
    best = this.bestAgreeing(m, candidates, cfg.customerThreshold, cfg.customerMinMatches);
    if (best >= 0) parent[m] = best;
    for (let band = 0; band < cfg.bands; band++) this.pushEntry(this.buckets, keys[band]!, m);
    if (shortKeys) for (let band = 0; band < SHORT_BANDS; band++) this.pushEntry(this.shortBuckets, shortKeys[band]!, m);
  }

  /**
   * The group of the best candidate (most matching slots, then the oldest group) that still
   * agrees once boilerplate is set aside; −1 if none. Candidates below `minMatches` are short
   * pairs and need the exact check.
   */
  private bestAgreeing(m: number, candidates: number, threshold: number, minMatches: number): number {
    const { candItem, candSame, parent, store } = this;
    for (let tried = 0; tried < candidates; tried++) {
      let pick = -1;
      for (let c = 0; c < candidates; c++) {
        if (candItem[c]! < 0) continue;
        if (pick < 0 || candSame[c]! > candSame[pick]! || (candSame[c] === candSame[pick] && parent[candItem[c]!]! < parent[candItem[pick]!]!)) pick = c;
      }
      if (pick < 0) break;
      const other = candItem[pick]!;
      candItem[pick] = -1;
      if (store.agree(m, other, threshold, candSame[pick]! < minMatches)) return parent[other]!;
    }
    return -1;
  }

  private readonly shortKeys = new Int32Array(SHORT_BANDS);
  private candidates = 0;

  private pushCandidate(other: number, same: number): void {
    const c = this.candidates++;
    if (c >= this.candItem.length) {
      this.candItem = growInt32(this.candItem, c * 2);
      this.candSame = growInt32(this.candSame, c * 2);
    }
    this.candItem[c] = other;
    this.candSame[c] = same;
  }

  private shortBandKeysOf(m: number): Int32Array {
    for (let band = 0; band < SHORT_BANDS; band++) this.shortKeys[band] = bandKeyAt(this.sigs, m * SIGNATURE_SIZE, band, SHORT_ROWS);
    return this.shortKeys;
  }

  private addSingle(m: number): void {
    const { sigWords, reps, cfg } = this;
    const keys = this.bandKeysOf(m);
    for (let band = 0; band < cfg.bands; band++) {
      const count = this.members(this.buckets, keys[band]!);
      // m becomes a representative of the bucket unless it is already grouped with one or is a
      // near-copy of one: floods of copies then cost one comparison each, not one per copy.
      let represent = true;
      for (let k = 0; k < count; k++) {
        const r = reps[k]!;
        if (this.find(r) === this.find(m)) {
          represent = false;
          continue;
        }
        const same = matches(sigWords, m, r, cfg.minMatches);
        if (same < 0) continue;
        this.union(m, r);
        if (same >= cfg.nearCopyMatches) represent = false;
      }
      if (represent) this.pushEntry(this.buckets, keys[band]!, m);
    }
    let checked = 0;
    for (let p = this.previous[m]!; p >= 0 && checked < CUSTOMER_WINDOW; p = this.previous[p]!) {
      checked++;
      if (this.find(p) !== this.find(m) && matches(sigWords, m, p, cfg.customerMinMatches) >= 0) this.union(m, p);
    }
  }

  /**
   * Adds an item to a bucket. A bucket value ≥ 0 is its only member (most buckets: no entry
   * needed); ≤ −2 is −2 − the newest entry of a list.
   */
  private pushEntry(buckets: IntMap, key: number, item: number): void {
    const value = buckets.get(key);
    if (value === -1) {
      buckets.set(key, item);
      return;
    }
    const older = value >= 0 ? this.newEntry(value, -1) : -value - 2;
    buckets.set(key, -this.newEntry(item, older) - 2);
  }

  private newEntry(item: number, next: number): number {
    const e = this.entries++;
    if (e >= this.entryItem.length) {
      this.entryItem = growInt32(this.entryItem, e + 1);
      this.entryNext = growInt32(this.entryNext, e + 1);
    }
    this.entryItem[e] = item;
    this.entryNext[e] = next;
    return e;
  }
}

// ---------------------------------------------------------------------------------------------
// Incremental index

/**
 * An in-memory near-duplicate index: `add` puts each new item in the group whose first item it
 * resembles most (the group id is the id of that first item) or starts a new group. A group id
 * never changes. Only groups' first items (and same-customer re-asks) enter the band buckets;
 * memory is about 1–1.5 KB an item (signature, shingle keys, buckets, id, time).
 *
 * Boilerplate: lines two items share word for word are set aside when a candidate pair is
 * checked (from the second item on), and the index counts in how many items each shingle
 * occurs: once it holds MIN_ITEMS_FOR_SHARE items, shingles in more than `maxDocShare` of them
 * are set aside too (see KeyStore). `ignoreShingles` (learned with `commonShingles` from history)
 * are also left out of the signatures.
 *
 * Time: pass each item's time to `add` and `repeatsWithin` says whether another item of its
 * group came at most that long before it — "a duplicate", as opposed to "a member of a group
 * whose first item may be months old".
 */
export class DedupeIndex {
  private readonly cfg: Resolved;
  private readonly engine: Engine;
  private readonly store = new KeyStore();
  private readonly ids: string[] = [];
  private readonly indexById = new Map<string, number>();
  private signed = 0;
  /** Per item: its time (ms, NaN unknown), the member of its group added before it; per group root: its newest member. */
  private times = new Float64Array(1024);
  private previousMember = new Int32Array(1024);
  private newestMember = new Int32Array(1024);
  /** Per item: a hash of the text it was placed by, to tell an edited re-send from a repeat. */
  private textHashes = new Int32Array(1024);

  constructor(options: DedupeOptions = {}) {
    this.cfg = resolve(options);
    this.store.ignore = this.cfg.ignore;
    this.engine = new Engine(this.cfg, this.store);
  }

  get size(): number {
    return this.ids.length;
  }

  /**
   * Adds an item and returns its group id (the id of the group's first item). `at`: when the
   * item was created (for `repeatsWithin`). An id seen before with the same text keeps its group
   * (its time is updated). One whose text changed (an edited ticket re-sent) is placed afresh by
   * its new text, its old entry left behind — it stayed in its old text's group until the process
   * restarted (audit s18) — unless other items joined the group it started: their group is named
   * after it, so it keeps that group.
   */
  add(id: string | number, text: string, customer?: string | null, at?: Date | number | null): string {
    const key = String(id);
    const time = at == null ? NaN : typeof at === 'number' ? at : at.getTime();
    const known = this.indexById.get(key);
    const textHash = hashText(text);
    if (known !== undefined) {
      const root = this.engine.find(known);
      const leads = root === known && this.newestMember[root] !== known;
      if (this.textHashes[known] === textHash || leads) {
        if (!Number.isNaN(time)) this.times[known] = time;
        return this.ids[root]!;
      }
      this.engine.bury(known);
    }
    const engine = this.engine;
    const m = engine.next();
    this.ids.push(key);
    this.indexById.set(key, m);
    const analysis = analyse(text, this.cfg.phrases);
    const { shingles: keys, exact } = analysis;
    const store = this.store;
    if (exact !== null) {
      store.push(keys, analysis.lines, analysis.lineHashes, 0);
      engine.addExact(m, exact);
    } else {
      store.push(keys, analysis.lines, analysis.lineHashes, keys.length);
      const kept = withoutIgnored(keys, this.cfg.ignore);
      minHash(kept, kept.length, engine.sigs, m * SIGNATURE_SIZE);
      // Document frequencies (m counts as one more document), and which of m's shingles are common.
      store.markCommon(m, true);
      engine.addSigned(m, customer);
      if (++this.signed >= MIN_ITEMS_FOR_SHARE && this.cfg.maxDocShare < 1) store.cap = Math.max(1, Math.floor(this.cfg.maxDocShare * this.signed));
    }
    const root = engine.find(m);
    if (m >= this.times.length) {
      const size = this.times.length * 2;
      const times = new Float64Array(size);
      times.set(this.times);
      this.times = times;
      this.previousMember = growInt32(this.previousMember, size);
      this.newestMember = growInt32(this.newestMember, size);
      this.textHashes = growInt32(this.textHashes, size);
    }
    this.times[m] = time;
    this.textHashes[m] = textHash;
    this.previousMember[m] = root === m ? -1 : this.newestMember[root]!;
    this.newestMember[root] = m;
    return this.ids[root]!;
  }

  /**
   * Whether another item of this item's group was created at most `windowMs` before it (at the
   * same time: added before it). False for an unknown id or one added without a time. Looks at
   * the group's newest 64 members (leader linkage).
   */
  repeatsWithin(id: string | number, windowMs: number): boolean {
    const m = this.indexById.get(String(id));
    if (m === undefined) return false;
    const t = this.times[m]!;
    if (Number.isNaN(t)) return false;
    const root = this.engine.find(m);
    let steps = 0;
    for (let o = this.newestMember[root]!; o >= 0 && steps < 64; o = this.previousMember[o]!, steps++) {
      if (o === m || this.engine.isDead(o)) continue;
      const u = this.times[o]!;
      if (u <= t && u >= t - windowMs && (u < t || o < m)) return true;
    }
    return false;
  }

  /** The current group id of an item added earlier, or undefined. */
  groupOf(id: string | number): string | undefined {
    const index = this.indexById.get(String(id));
    return index === undefined ? undefined : this.ids[this.engine.find(index)];
  }
}

/** FNV-1a over a text's UTF-16 units: tells a changed text from the same one (a collision only keeps the old group). */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

// ---------------------------------------------------------------------------------------------
// Batch grouping

/**
 * Collects items for one batch grouping, keeping per item only its shingle keys (about 100
 * bytes for a short text), its customer and, for very short texts, its exact key — not the text.
 */
export class DedupeBatch {
  private readonly cfg: Resolved;
  private store = new KeyStore();
  private exactKeys = new Map<number, string>();
  private customerOf = new Int32Array(1024);
  private readonly customers: string[] = [];
  private readonly customerIds = new Map<string, number>();
  private count = 0;
  private grouped = false;

  constructor(options: DedupeOptions = {}) {
    this.cfg = resolve(options);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the next item (its index is the number of items added before it). */
  add(text: string, customer?: string | null): void {
    if (this.grouped) throw new Error('DedupeBatch.add() after group()');
    const m = this.count++;
    this.customerOf = growInt32(this.customerOf, m + 1);
    const analysis = analyse(text, this.cfg.phrases);
    const { shingles: keys, exact } = analysis;
    if (exact !== null) this.exactKeys.set(m, exact);
    this.store.push(keys, analysis.lines, analysis.lineHashes, exact !== null ? 0 : keys.length);
    let c = -1;
    if (customer != null && customer !== '') {
      c = this.customerIds.get(customer) ?? -1;
      if (c < 0) {
        c = this.customers.length;
        this.customers.push(customer);
        this.customerIds.set(customer, c);
      }
    }
    this.customerOf[m] = c;
  }

  /**
   * Groups everything added: for each item, the index of its group's first item. Shingles in
   * more than `maxDocShare` of the items (boilerplate learned from the data) are dropped first.
   * Call once: the shingles are released.
   */
  group(): Int32Array {
    if (this.grouped) throw new Error('DedupeBatch.group() was called already');
    this.grouped = true;
    const n = this.count;
    const cfg = this.cfg;
    const store = this.store;
    const pool = store.keys;
    const offsets = store.offsets;
    let cap = Infinity;
    let df: IntMap | null = null;
    if (n >= cfg.minDocsForShare && cfg.maxDocShare < 1) {
      cap = Math.max(1, Math.floor(cfg.maxDocShare * n));
      df = new IntMap(1 << 16);
      for (let i = 0; i < offsets[n]!; i++) df.add(pool[i]!, 1);
      // Candidate pairs are checked without the shingles the signatures leave out.
      store.df = df;
      store.cap = cap;
    }
    const ignore = cfg.ignore;
    store.ignore = ignore;
    const engine = new Engine(cfg, store, n);
    let kept = new Int32Array(256);
    let order = new Float64Array(256);
    for (let m = 0; m < n; m++) {
      engine.next();
      const exact = this.exactKeys.get(m);
      if (exact !== undefined) {
        engine.addExact(m, exact);
        continue;
      }
      const start = offsets[m]!;
      const size = offsets[m + 1]! - start;
      if (kept.length < size) {
        kept = new Int32Array(size * 2);
        order = new Float64Array(size * 2);
      }
      let k = 0;
      for (let i = start; i < start + size; i++) {
        const key = pool[i]!;
        if ((df && df.get(key) > cap) || (ignore && ignore.has(key))) continue;
        kept[k++] = key;
      }
      const floor = Math.min(MIN_SHINGLES, size);
      if (k < floor && df) {
        // Everything is common: keep the rarest few so the item still has a signature.
        for (let i = 0; i < size; i++) order[i] = df.get(pool[start + i]!) * 2 ** 31 + pool[start + i]!;
        const sorted = order.subarray(0, size).sort();
        for (k = 0; k < floor; k++) kept[k] = sorted[k]! % 2 ** 31;
      } else if (k < floor) {
        for (k = 0; k < size; k++) kept[k] = pool[start + k]!;
      }
      minHash(kept, k, engine.sigs, m * SIGNATURE_SIZE);
      if (df || ignore) store.markCommon(m, false);
      const c = this.customerOf[m]!;
      engine.addSigned(m, c < 0 ? null : this.customers[c]);
    }
    this.store = new KeyStore();
    const roots = new Int32Array(n);
    for (let m = 0; m < n; m++) roots[m] = engine.find(m);
    return roots;
  }
}

/**
 * Groups near-duplicate items in one batch (with the document-frequency boilerplate filter):
 * for each item, the id of its group's first item.
 */
export function groupDuplicates(items: readonly DedupeItem[], options: DedupeOptions = {}): string[] {
  const batch = new DedupeBatch(options);
  for (const item of items) batch.add(item.text, item.customer);
  const roots = batch.group();
  const out = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = String(items[roots[i]!]!.id);
  return out;
}

/**
 * Shingles in more than `maxDocShare` of the texts (boilerplate learned from history): store
 * them and pass them as `ignoreShingles` to a DedupeIndex so it filters like a batch would.
 */
export function commonShingles(texts: Iterable<string>, options: DedupeOptions = {}): number[] {
  const phrases = phraseSetFor(options);
  const df = new IntMap(1 << 16);
  let n = 0;
  for (const text of texts) {
    n++;
    const { shingles: keys, exact } = analyse(text, phrases);
    if (exact === null) for (let i = 0; i < keys.length; i++) df.add(keys[i]!, 1);
  }
  const cap = Math.max(1, Math.floor((options.maxDocShare ?? DEFAULT_DEDUPE_OPTIONS.maxDocShare) * n));
  const out: number[] = [];
  df.forEach((key, count) => {
    if (count > cap) out.push(key);
  });
  return out.sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Boilerplate for other text features (topic discovery): the same phrase matcher, and segments
// (lines, sentences) learned from document frequency.

/**
 * `text` (NFC, lower case) with the boilerplate phrases blanked out — the matcher duplicate
 * detection uses (greetings, "문의드립니다", sign-offs, "고객센터에"; spacing ignored), so other
 * features strip exactly what grouping ignores. `options.boilerplate` adds phrases.
 */
export function stripBoilerplate(text: string, options: DedupeOptions = {}): string {
  let s = needsNfc(text) ? text.normalize('NFC') : text;
  s = s.toLowerCase();
  const n = compact(s);
  removeBoilerplate(n, phraseSetFor(options));
  let out: string[] | null = null;
  for (let k = 0; k < n; k++) {
    if (!(marks[k]! & REMOVED)) continue;
    out ??= s.split('');
    out[sourceAt[k]!] = ' ';
  }
  return out ? out.join('') : s;
}

/** A segment's key: its word characters, lower case, digit runs as "0" ("" when too short to judge). */
function segmentKey(segment: string): string {
  const s = segment.normalize('NFC').toLowerCase().replace(/[0-9]+/g, '0');
  let key = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isWordChar(c) && !isJamo(c)) key += s[i];
  }
  return key.length >= 4 ? key : '';
}

/** Lines, and sentences within them (split after . ! ? 。 and before "--"). */
function segmentsOf(text: string): string[] {
  return text.split(/\r?\n|(?<=[.!?。…])\s+|\s*--+\s*/);
}

/**
 * Learns a workspace's boilerplate segments — a form header, a greeting macro, an e-mail
 * signature line — from its texts: a line or sentence (normalised: spacing, punctuation, digits)
 * found in at least `minShare` of the texts (and at least 3), and in most of them next to other
 * content (so a short complaint sent word for word by many customers is not boilerplate).
 * Returns their keys with their document frequencies, for `stripSegments`.
 */
export function boilerplateSegments(texts: readonly string[], minShare = DEFAULT_DEDUPE_OPTIONS.maxDocShare): Map<string, number> {
  const df = new Map<string, number>();
  const alongside = new Map<string, number>();
  for (const text of texts) {
    const keys = new Set<string>();
    for (const segment of segmentsOf(text)) {
      const key = segmentKey(segment);
      if (key) keys.add(key);
    }
    for (const key of keys) {
      df.set(key, (df.get(key) ?? 0) + 1);
      if (keys.size > 1) alongside.set(key, (alongside.get(key) ?? 0) + 1);
    }
  }
  const min = Math.max(3, Math.ceil(minShare * texts.length));
  const out = new Map<string, number>();
  for (const [key, n] of df) if (n >= min && (alongside.get(key) ?? 0) * 2 > n) out.set(key, n);
  return out;
}

/**
 * `text` without its segments whose keys are in `learned` (see boilerplateSegments) — except
 * that when every segment with words is learned, the rarest of them stays: a complaint many
 * customers send word for word under the same greeting is the content, not the greeting.
 */
export function stripSegments(text: string, learned: ReadonlyMap<string, number>): string {
  if (!learned.size) return text;
  const segments = segmentsOf(text);
  const keys = segments.map(segmentKey);
  let content = false;
  let rarest = -1;
  for (let i = 0; i < segments.length; i++) {
    const n = learned.get(keys[i]!);
    if (n === undefined) content ||= keys[i] !== '';
    else if (rarest < 0 || n < learned.get(keys[rarest]!)!) rarest = i;
  }
  return segments.filter((_, i) => !learned.has(keys[i]!) || (!content && i === rarest)).join('\n');
}

/** The key of a text's first and last segment (for "do these texts share a header or sign-off"). */
export function edgeSegments(text: string): { first: string; last: string } {
  const keys = segmentsOf(text).map(segmentKey).filter(Boolean);
  return { first: keys[0] ?? '', last: keys[keys.length - 1] ?? '' };
}
