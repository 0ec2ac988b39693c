/**
 * Search bigrams: every pair of adjacent characters of a text, as an integer code. A day's items'
 * codes are kept in `item_day_bigrams` (store/queries/search-index.ts), so a search can skip the
 * days on which its term cannot occur — a two-syllable Korean word ("환불") included, which no
 * trigram index can answer. Codes fold ASCII A–Z to a–z (the search is case-insensitive there);
 * other characters are taken as they are. Collisions only cost a day read for nothing. The index
 * and the search take the pairs of the text with its spacing folded (text/spacing.ts): "환불 언제"
 * holds 환불, 불언, 언제, as "환불언제" does, so a term typed with other spacing finds its days.
 */

import { foldSpacing } from './spacing.js';

const MOD = 2147483647;
const MUL = 65599;

/** Adds the codes of `text`'s adjacent character pairs to `into` (a Set, or anything with `add`). */
export function addBigramCodes(text: string, into: { add(code: number): unknown }): void {
  let prev = -1;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    } else if (cp >= 65 && cp <= 90) cp += 32;
    if (prev >= 0) into.add((prev * MUL + cp) % MOD);
    prev = cp;
  }
}

/** Adds the codes of the pairs the search index keeps for a field: its pairs once its spacing is folded. */
export function addSearchBigramCodes(text: string, into: { add(code: number): unknown }): void {
  addBigramCodes(foldSpacing(text), into);
}

/** Bits of the per-day Bloom filter (2^21) and bits per bucket row (2^13): see migration 017. */
export const BLOOM_BITS_LOG2 = 21;
export const BUCKET_BITS_LOG2 = 13;
const BLOOM_MASK = (1 << BLOOM_BITS_LOG2) - 1;

/** The filter positions of a pair's code: two, from independent mixes of the code. */
export function bloomPositions(code: number): [number, number] {
  return [code & BLOOM_MASK, (Math.imul(code, 0x9e3779b1) >>> (32 - BLOOM_BITS_LOG2)) & BLOOM_MASK];
}

/**
 * The codes a search term's matches must contain (its pairs with its spacing folded, as the index
 * keeps them), or null when the bigrams cannot narrow it: a single character, or letters with case
 * outside ASCII (matched case-insensitively, not folded here).
 */
export function searchBigramCodes(term: string): number[] | null {
  const folded = foldSpacing(term);
  if ([...folded].length < 2) return null;
  if (/[\p{Lu}\p{Ll}\p{Lt}]/u.test(folded.replace(/[\x00-\x7f]/g, ''))) return null;
  const codes = new Set<number>();
  addBigramCodes(folded, codes);
  return [...codes];
}
