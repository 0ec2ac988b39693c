/// <reference lib="es2024.string" />
// (String.prototype.isWellFormed/toWellFormed: in Node 20, newer than the project's ES2022 lib.)
import { isHangulSyllable } from './tokenize.js';

/**
 * A cheap script-based language guess: Hangul → ko, Kana → ja, Han only → zh, Latin → en.
 * Good enough to route Korean vs English processing; text intelligence may refine it.
 */
export function detectLanguage(text: string): string | null {
  // Markup, URLs and e-mail addresses are Latin whatever the language around them.
  if (/[<:@]/.test(text)) text = text.replace(/<[^>]{0,500}>|\b(?:https?|ftp):\/\/\S+|\S+@\S+/g, ' ');
  let hangul = 0;
  let latin = 0;
  let kana = 0;
  let han = 0;
  const n = Math.min(text.length, 2_000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isHangulSyllable(c)) hangul++;
    else if (isLatinLetter(c)) latin++;
    else if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if (c >= 0x4e00 && c <= 0x9fff) han++;
    else if (c >= 0x3131 && c <= 0x318e) hangul++; // ㅋㅋ, ㅠㅠ
  }
  if (hangul === 0 && latin === 0 && kana === 0 && han === 0) return null;
  // Korean–English code-mixing ("iPhone에서 checkout하면 error", "CS팀 response가 too slow", "환불
  // refund plz"): Korean grammar around English words is Korean, whatever the letter counts say. A
  // Hangul particle or ending attached to a Latin word, or two Hangul words, or as many Hangul
  // words as half the Latin ones, make it Korean; one Korean name in English stays English.
  if (hangul > 0 && kana === 0 && latin > hangul * 3 && codeMixedKorean(text, n)) return 'ko';
  // Korean text mixes in Latin brand names; a modest Hangul share already means Korean.
  if (hangul * 3 >= latin && hangul >= kana && hangul > 0) return 'ko';
  if (kana > 0) return 'ja';
  if (han > latin) return 'zh';
  return 'en';
}

function isLatinLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** Korean grammar around Latin words: see `detectLanguage`. */
function codeMixedKorean(text: string, n: number): boolean {
  let hangulWords = 0;
  let latinWords = 0;
  let inHangul = false;
  let inLatin = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isHangulSyllable(c)) {
      // "iPhone에서", "checkout하면": a particle or ending glued to a Latin word.
      if (inLatin) return true;
      if (!inHangul) hangulWords++;
      inHangul = true;
    } else if (isLatinLetter(c)) {
      if (!inLatin) latinWords++;
      inLatin = true;
      inHangul = false;
    } else {
      inHangul = false;
      inLatin = false;
    }
  }
  return hangulWords >= 2 || hangulWords * 2 >= latinWords;
}

/**
 * The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): in
 * attacker-written text they reorder what an operator reads ("gnp.exe" shown as "exe.png").
 */
const BIDI_CONTROLS = '\u202a-\u202e\u2066-\u2069';
const BIDI_RE = new RegExp(`[${BIDI_CONTROLS}]`, 'g');
// eslint-disable-next-line no-control-regex
const REMOVED_RE = new RegExp(`[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b${BIDI_CONTROLS}\ufeff]`, 'g');

/** Unicode NFC (macOS exports decomposed Hangul), control and bidirectional-control characters removed, trimmed. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(REMOVED_RE, '').trim();
}

/** `s` without bidirectional controls (the same string when it has none): for the short fields normalizeText does not see. */
export function stripBidi(s: string): string {
  BIDI_RE.lastIndex = 0;
  return BIDI_RE.test(s) ? s.replace(BIDI_RE, '') : s;
}

/**
 * `s` as PostgreSQL can store it: without NUL (refused in text and jsonb) and with every lone
 * surrogate (refused in jsonb, silently U+FFFD in text) made U+FFFD. `s` itself when it is clean,
 * which two native scans tell.
 */
export function storable(s: string): string {
  return isStorable(s) ? s : s.replaceAll('\0', '').toWellFormed();
}

/** Not a string, or a string `storable` leaves as it is (ingest cleans such strings; the API refuses them elsewhere). */
export function isStorable(v: unknown): boolean {
  return typeof v !== 'string' || (v.indexOf('\0') === -1 && v.isWellFormed());
}
