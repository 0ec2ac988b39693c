import { isHangulSyllable } from './tokenize.js';

/**
 * Misspellings in topic discovery. c-TF-IDF names a cluster by the words that set it apart, and a
 * misspelling is rare, so distinctive: the texts that wrote 환뷸 for 환불 became their own cluster,
 * named "환뷸 취소한" (demo, session 27). Before clustering, a rare Hangul word one jamo away from a
 * much more common word of the same texts, used among the same other words, is read as that word.
 *
 * One jamo away: the same syllables but one, and in that one the same initial, medial and final
 * but one, changed as people slip — a vowel for the one beside it on the keyboard or said alike
 * (배숑 → 배송, 환뷸 → 환불, 결재 → 결제, 문이 → 문의), a consonant doubled or not (갑자기/깝자기).
 * Any other jamo changed more often makes another word (사과/사귀, 마음/많음, 무시/수시, 어때/어깨 in
 * the question-pair set; 배상/배송, 반/방 elsewhere) than a slip, so it is not read as one. Much more common: in at least
 * RATIO times as many texts. Used among the same words: the other words of the texts holding each
 * are alike (cosine ≥ MIN_CONTEXT) — a word of its own (배상 beside 배송, 배송비 beside 배송지) is
 * written among other words, a slip among the same ones. Deterministic: the most common candidate
 * wins, ties by code point order.
 */

/** The common spelling is in at least this many times as many texts as the rare one (a slip in a sixth of a word's texts is still one: 배숑 179 / 배송 1,015 in bench/discovery-spelling.bench.ts' demo+typos). */
export const SPELLING_RATIO = 4;
/** …and in at least this many texts. */
export const SPELLING_MIN_TEXTS = 5;
/** Cosine of the words around the two spellings, from which they are read as one word. */
export const MIN_CONTEXT = 0.3;

const BASE = 0xac00;

/** The initial, medial and final jamo of a Hangul syllable (the final 0 when it has none). */
function jamo(c: number): [number, number, number] {
  const s = c - BASE;
  return [Math.floor(s / 588), Math.floor((s % 588) / 28), s % 28];
}

/**
 * Vowels (medial indices) taken for one another: a vowel and its y-form, keys side by side on the
 * 두벌식 keyboard (ㅏㅑ, ㅓㅕ, ㅗㅛ, ㅜㅠ), and vowels said alike (ㅐㅔ, ㅒㅖ, ㅙㅚㅞ, ㅢㅣ).
 */
const VOWEL_SLIPS = [[0, 2], [4, 6], [8, 12], [13, 17], [1, 5], [3, 7], [10, 11], [10, 15], [11, 15], [19, 20]];
/** Consonants doubled or not (shift held or not): initials ㄱㄲ ㄷㄸ ㅂㅃ ㅅㅆ ㅈㅉ; finals ㄱㄲ ㅅㅆ. */
const INITIAL_SLIPS = [[0, 1], [3, 4], [7, 8], [9, 10], [12, 13]];
const FINAL_SLIPS = [[1, 2], [19, 20]];
const pairs = (list: number[][]) => new Set(list.flatMap(([a, b]) => [`${a}:${b}`, `${b}:${a}`]));
const SLIPS = [pairs(INITIAL_SLIPS), pairs(VOWEL_SLIPS), pairs(FINAL_SLIPS)] as const;

/** Whether two Hangul syllables differ in exactly one of initial, medial and final, by a slip above. */
function oneSlipApart(a: number, b: number): boolean {
  const [x, y] = [jamo(a), jamo(b)];
  const differ = [0, 1, 2].filter((i) => x[i] !== y[i]);
  return differ.length === 1 && SLIPS[differ[0]!]!.has(`${x[differ[0]!]}:${y[differ[0]!]}`);
}

/** Whether two words of the same length differ in one syllable, by one jamo people slip on (배숑/배송). */
export function isOneJamoApart(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (at >= 0) return false;
    at = i;
  }
  const [ca, cb] = [a.charCodeAt(at), b.charCodeAt(at)];
  return isHangulSyllable(ca) && isHangulSyllable(cb) && oneSlipApart(ca, cb);
}

const isHangulTerm = (t: string): boolean => {
  if (t.length < 2) return false;
  for (let i = 0; i < t.length; i++) if (!isHangulSyllable(t.charCodeAt(i))) return false;
  return true;
};

/**
 * The rare spellings of the texts' words and the common word each is read as (rare → common), by
 * the rules above. Words are terms as topic discovery reads them (stems; one text's terms a list).
 */
export function commonSpellings(docs: readonly (readonly string[])[]): Map<string, string> {
  const df = new Map<string, number>();
  for (const terms of docs) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  // Words that could be the common spelling, found by their syllables with one left out.
  const common = new Map<string, string[]>();
  const words = [...df.keys()].filter(isHangulTerm).sort();
  for (const w of words) {
    if (df.get(w)! < SPELLING_MIN_TEXTS) continue;
    for (let i = 0; i < w.length; i++) {
      const key = `${w.length}:${i}:${w.slice(0, i)}\u0000${w.slice(i + 1)}`;
      const list = common.get(key);
      if (list) list.push(w);
      else common.set(key, [w]);
    }
  }
  const candidates = new Map<string, string[]>();
  for (const r of words) {
    const n = df.get(r)!;
    const found: string[] = [];
    for (let i = 0; i < r.length; i++) {
      for (const w of common.get(`${r.length}:${i}:${r.slice(0, i)}\u0000${r.slice(i + 1)}`) ?? []) {
        if (df.get(w)! >= SPELLING_RATIO * n && isOneJamoApart(r, w)) found.push(w);
      }
    }
    if (found.length) candidates.set(r, found.sort((a, b) => df.get(b)! - df.get(a)! || (a < b ? -1 : 1)));
  }
  if (!candidates.size) return new Map();
  // The words around each spelling involved, over the texts that hold it.
  const involved = new Set([...candidates.keys(), ...[...candidates.values()].flat()]);
  const around = new Map<string, Map<string, number>>();
  for (const terms of docs) {
    const unique = new Set(terms);
    for (const t of unique) {
      if (!involved.has(t)) continue;
      let m = around.get(t);
      if (!m) around.set(t, (m = new Map()));
      for (const o of unique) if (o !== t) m.set(o, (m.get(o) ?? 0) + 1);
    }
  }
  const out = new Map<string, string>();
  for (const [r, list] of candidates) {
    // The other spelling counts as the same word around each (배숑 지연 beside 배송 지연).
    const best = list.find((w) => contextCosine(around.get(r), around.get(w), r, w) >= MIN_CONTEXT);
    if (best) out.set(r, best);
  }
  // A common word may itself be a rarer spelling of another: follow to the word kept (each step at least RATIO× more common, so no cycle).
  for (const [r, w] of out) {
    let to = w;
    while (out.has(to)) to = out.get(to)!;
    out.set(r, to);
  }
  return out;
}

function contextCosine(a: Map<string, number> | undefined, b: Map<string, number> | undefined, ra: string, wb: string): number {
  if (!a || !b) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, n] of a) {
    if (t === wb) continue;
    na += n * n;
    const m = b.get(t);
    if (m) dot += n * m;
  }
  for (const [t, n] of b) if (t !== ra) nb += n * n;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** The texts' terms with each rare spelling read as its common word (`commonSpellings`). */
export function withCommonSpellings(docs: string[][]): string[][] {
  const map = commonSpellings(docs);
  if (!map.size) return docs;
  return docs.map((terms) => terms.map((t) => map.get(t) ?? t));
}
