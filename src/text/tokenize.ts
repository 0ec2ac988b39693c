/**
 * Korean-aware tokenization without a dictionary: words are runs of letters and digits; a Hangul
 * word also yields its stem with the trailing particle or ending (조사/어미) removed, so
 * "배송이", "배송은", "배송을" all meet at "배송". Deliberately light: a morphological analyser
 * (ko-dic) costs ~350 MB of RAM and ~40 MB of install, and character n-grams within words already
 * carry most of what a morpheme split would.
 */

/** True for characters that belong inside a word (letters, digits, Hangul, CJK, kana). */
export function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  return (
    (c >= 0xac00 && c <= 0xd7a3) || // Hangul syllables
    (c >= 0x3131 && c <= 0x318e) || // Hangul compatibility jamo (ㅋㅋ, ㅠㅠ)
    (c >= 0x1100 && c <= 0x11ff) ||
    (c >= 0x00c0 && c <= 0x024f && c !== 0xd7 && c !== 0xf7) || // Latin-1 / Extended letters
    (c >= 0x0370 && c <= 0x052f) || // Greek, Cyrillic
    (c >= 0x3040 && c <= 0x30ff) || // kana
    (c >= 0x4e00 && c <= 0x9fff) // CJK ideographs
  );
}

export function isHangulSyllable(c: number): boolean {
  return c >= 0xac00 && c <= 0xd7a3;
}

/**
 * Particles and endings, longest first. A suffix is removed only when at least two syllables
 * remain, so "사과" and "이가" stay whole while "결제가" → "결제" and "로그인이" → "로그인".
 */
const SUFFIXES = [
  '했었는데', '하였는데', '되었는데', '했습니다', '됐습니다', '되었어요', '했었어요', '하였어요',
  '해주세요', '해주시고', '드립니다', '드려요', '합니다', '습니다', '입니다', '됩니다', '했는데', '했어요', '됐어요', '되어요', '였어요',
  '이에요', '이었는데', '이라서', '이라고', '이라는', '에서는', '에서도', '으로는', '으로도', '에게는', '한테는', '까지는', '부터는',
  '인데요', '는데요', '은데요', '하는데', '되는데', '인가요', '는가요', '던데요', '거든요', '잖아요', '습니까', '합니까',
  '하고', '해서', '해도', '해요', '하는', '하면', '하게', '하여', '했다', '한다', '되는', '되면', '되고', '되서', '돼서', '돼요', '되요', '된다',
  '에서', '으로', '에게', '한테', '까지', '부터', '보다', '처럼', '이랑', '이나', '이든', '마다', '조차', '밖에', '라고', '라는', '이라',
  '는데', '인데', '은데', '던데', '예요', '어요', '아요', '나요', '까요', '세요', '네요', '군요', '지요', '구요', '고요', '에요', '거든', '니다',
  '께서', '이고', '이며', '이면', '이요',
  '죠', '요', '을', '를', '이', '가', '은', '는', '에', '의', '도', '만', '로', '와', '과', '랑', '나', '고', '며', '면', '서', '게', '다', '께',
];

const SUFFIXES_BY_LENGTH: string[][] = [];
for (const s of SUFFIXES) (SUFFIXES_BY_LENGTH[s.length] ??= []).push(s);
const SUFFIX_SETS = SUFFIXES_BY_LENGTH.map((list) => new Set(list ?? []));
const MAX_SUFFIX = SUFFIXES_BY_LENGTH.length - 1;

/** The stem of a Hangul word: the longest known particle/ending removed, two syllables kept. */
export function stripKoreanSuffix(word: string): string {
  const n = word.length;
  if (n < 3 || !isHangulSyllable(word.charCodeAt(n - 1))) return word;
  for (let len = Math.min(MAX_SUFFIX, n - 2); len >= 1; len--) {
    const set = SUFFIX_SETS[len];
    if (set && set.size && set.has(word.slice(n - len))) return word.slice(0, n - len);
  }
  return word;
}

/** Splits lower-cased text into word tokens (letters/digits runs). */
export function words(text: string): string[] {
  const lower = text.normalize('NFC').toLowerCase();
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const inWord = i < lower.length && isWordChar(lower.charCodeAt(i));
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(lower.slice(start, i));
      start = -1;
    }
  }
  return out;
}

/** Word stems: Hangul words without particles/endings, other words as they are. */
export function stems(text: string): string[] {
  return words(text).map(stripKoreanSuffix);
}

let lastText: string | null = null;
let lastLower = '';

/**
 * `text.normalize('NFC').toLowerCase()`, remembered for the last text: enrichment hands one
 * text to the type model, the topic rules and the sentiment analyzer in turn, and each needs it.
 */
export function normalizedLower(text: string): string {
  if (text !== lastText) {
    lastLower = text.normalize('NFC').toLowerCase();
    lastText = text;
  }
  return lastLower;
}

const SPAN_SEED = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/**
 * Where the words of a lower-cased text are (the runs `words` would cut out): word i is
 * text[starts[i], ends[i]), and hashes[i] is an FNV-1a hash of its characters, for WordTable.
 */
export interface WordSpans {
  text: string;
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  hashes: Int32Array;
}

const spans: WordSpans = { text: '', count: 0, starts: new Int32Array(256), ends: new Int32Array(256), hashes: new Int32Array(256) };
let spansValid = false;

/**
 * The word spans of a lower-cased text, without cutting a string per word. The result is one
 * shared object, remembered for the last text (the lexicon and the review model read the same
 * words): use it before the next call.
 */
export function wordSpans(lower: string): WordSpans {
  if (spansValid && spans.text === lower) return spans;
  let count = 0;
  let start = -1;
  let hash = 0;
  const n = lower.length;
  for (let i = 0; i <= n; i++) {
    if (i < n) {
      const c = lower.charCodeAt(i);
      if (isWordChar(c)) {
        if (start < 0) {
          start = i;
          hash = SPAN_SEED;
        }
        hash = Math.imul(hash ^ c, FNV_PRIME);
        continue;
      }
    }
    if (start < 0) continue;
    if (count === spans.starts.length) {
      const size = count * 2;
      spans.starts = grown(spans.starts, size);
      spans.ends = grown(spans.ends, size);
      spans.hashes = grown(spans.hashes, size);
    }
    spans.starts[count] = start;
    spans.ends[count] = i;
    spans.hashes[count] = hash;
    count++;
    start = -1;
  }
  spans.text = lower;
  spans.count = count;
  spansValid = true;
  return spans;
}

function grown(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
