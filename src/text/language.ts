/// <reference lib="es2024.string" />
// (String.prototype.isWellFormed/toWellFormed: in Node 20, newer than the project's ES2022 lib.)
import { PII_PLACEHOLDERS } from './pii.js';
import { isHangulSyllable } from './tokenize.js';

/**
 * What redaction leaves of a contact detail (`[전화번호]`, `[이메일]`, `[PHONE]`, … in both languages:
 * pii.ts PII_PLACEHOLDERS), with a particle glued to it ("[전화번호]로", "[이름]님", "[계좌번호]입니다").
 * A placeholder says only that the customer gave a detail, never what the message is about nor its
 * language: the placeholders are Hangul whatever the customer wrote, and a model that read
 * "[이메일]" as a word learnt it as a sign of account questions.
 */
const PLACEHOLDER_RE = new RegExp(
  `(?:${[...new Set(Object.values(PII_PLACEHOLDERS).flatMap((forms) => Object.values(forms)))]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[[\]\\^$.|?*+(){}]/g, '\\$&'))
    .join('|')})` +
    '(?:(?:으로는|으로도|으로요|으로|로는|로도|로요|로|에서|에게|한테|께서|까지|이라고|라고|이에요|예요|입니다|이고|이며|이나|이랑|이요|에|이|가|을|를|은|는|도|만|의|님|께|랑|와|과|나|요)(?![\uac00-\ud7a3]))?',
  'g',
);

/** `text` with every redaction placeholder (and a particle glued to it) replaced by a space. */
export function withoutPlaceholders(text: string): string {
  if (text.indexOf('[') < 0) return text;
  PLACEHOLDER_RE.lastIndex = 0;
  return text.replace(PLACEHOLDER_RE, ' ');
}

/**
 * A cheap script-based language guess: Hangul → ko, Kana → ja, Han only → zh, Thai → th, Latin with
 * Vietnamese letters (ơ, ư, đ, ă, and the letters with two marks: ấ, ộ, ữ…) → vi, other Latin → en.
 * Good enough to route Korean vs English processing; text intelligence may refine it.
 * Redaction placeholders ([전화번호], [PHONE], …) are no letters of any language: the text is guessed
 * as the customer wrote it around them.
 */
export function detectLanguage(text: string): string | null {
  text = withoutPlaceholders(text);
  // Markup, URLs and e-mail addresses are Latin whatever the language around them.
  if (/[<:@]/.test(text)) text = text.replace(/<[^>]{0,500}>|\b(?:https?|ftp):\/\/\S+|\S+@\S+/g, ' ');
  let hangul = 0;
  let jamo = 0;
  let latin = 0;
  let kana = 0;
  let han = 0;
  let thai = 0;
  let vietnamese = 0;
  const n = Math.min(text.length, 2_000);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isHangulSyllable(c)) hangul++;
    else if (isLatinLetter(c)) latin++;
    else if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if (c >= 0x4e00 && c <= 0x9fff) han++;
    else if (c >= 0x3131 && c <= 0x318e) jamo++; // ㅋㅋ, ㅠㅠ
    else if (c >= 0x0e01 && c <= 0x0e5b) thai++;
    else if (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) {
      latin++; // é, ñ, ü, ơ: letters of the Latin script all the same
      if (VIETNAMESE_LETTERS.has(c)) vietnamese++;
    } else if (c >= 0x1ea0 && c <= 0x1ef9) {
      latin++;
      vietnamese++; // ạ ả ấ ầ ẩ ẫ ậ … ỹ: letters with two marks, written only in Vietnamese
    }
  }
  // Thai and Vietnamese: customers of Korean shops abroad write in them, and neither is English.
  if (thai > 0 && thai >= hangul + latin + kana + han) return 'th';
  if (vietnamese >= 2 && hangul === 0 && kana === 0 && vietnamese * 20 >= latin) return 'vi';
  // Jamo laughter and tears (ㅋㅋ, ㅎㅎ, ㅠㅠ) are emoticons: Korean on their own, but no more
  // Korean than 😂 next to words ("thx ㅎㅎ", "App keeps crashing ㅠㅠ").
  if (hangul === 0 && latin === 0 && kana === 0 && han === 0) return jamo > 0 ? 'ko' : null;
  // Korean–English code-mixing: decided by which language's grammar holds the sentence, not by
  // letter counts (see `mixedKoreanEnglish`).
  if (hangul > 0 && latin > 0 && kana === 0) return mixedKoreanEnglish(text, n);
  if (hangul > 0 && hangul >= kana) return 'ko';
  if (kana > 0) return 'ja';
  if (han > latin) return 'zh';
  return latin > 0 ? 'en' : hangul > 0 ? 'ko' : null;
}

/** ă đ ơ ư (either case): with U+1EA0–U+1EF9, the letters that mark a Latin text as Vietnamese (â ê ô are French too). */
const VIETNAMESE_LETTERS: ReadonlySet<number> = new Set([...'ăĂđĐơƠưƯ'].map((ch) => ch.charCodeAt(0)));

function isLatinLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/**
 * English function words: articles, pronouns, prepositions, auxiliaries, conjunctions. A sentence
 * built on them is English even when it names Korean things ("I ordered 떡볶이 but got 순대").
 */
const ENGLISH_FUNCTION_WORDS = new Set(
  ('a an the i me my mine we us our you your he him his she her it its they them their this that these those ' +
    'is am are was were be been being do does did have has had will would can could should shall may might must ' +
    'and but or so if because than then of to in on at for from with by about into over after before since until ' +
    'not no yes there here what which who when where why how').split(' '),
);

/**
 * The last syllable of a Korean predicate: polite and plain endings (요, 다, 죠, 까, 네) and the
 * nominalised endings of chat and memo style (함, 됨, 음, 임, 남, 뜸, 옴, 짐, 셈); plus 줘 and 돼.
 * Nouns rarely end so, while "해주세요", "나와요", "안됨", "뜸" do.
 */
const PREDICATE_FINALS = new Set('요다죠까네함됨음임남뜸옴짐셈줘돼'.split(''));

/**
 * Korean or English, for a text with both Hangul and Latin letters ("iPhone에서 checkout하면 error",
 * "CS팀 response가 too slow", "환불 refund plz", "I ordered 떡볶이 but got 순대"). Per word:
 * - a Hangul particle or ending glued to a Latin word ("iPhone에서", "crash남") is Korean grammar;
 * - Latin product and code tokens (with a digit or underscore, capitals inside: iPhone, 256GB,
 *   ERR_CONNECTION_RESET, OTP) are names, no English words;
 * - English is the sentence's language when it has English function words, outnumbers the Hangul
 *   words and no Hangul word ends like a predicate (Korean names and dishes in English);
 * - otherwise Korean when it has two Hangul words with a predicate, Hangul words at least half the
 *   English ones, or a third of the English letters in Hangul.
 */
function mixedKoreanEnglish(text: string, n: number): 'ko' | 'en' {
  let hangulLetters = 0;
  let hangulWords = 0;
  let predicates = 0;
  let englishWords = 0;
  let englishLetters = 0;
  let functionWords = 0;
  // Tokens: runs of letters, digits, '_' and '-' (ERR_CONNECTION_RESET, #A-1234, sign-in).
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (!isTokenChar(c)) {
      i++;
      continue;
    }
    const start = i;
    let h = 0;
    let l = 0;
    let other = 0; // digits, '_'
    let innerCapital = false;
    let allCapitals = true;
    let prevLatin = false;
    let glued = false;
    for (; i < n && isTokenChar((c = text.charCodeAt(i))); i++) {
      if (isHangulSyllable(c)) {
        if (prevLatin) glued = true;
        h++;
        prevLatin = false;
      } else if (isLatinLetter(c)) {
        if (c >= 0x61) allCapitals = false;
        else if (i > start && isLatinLetter(text.charCodeAt(i - 1))) innerCapital = true;
        l++;
        prevLatin = true;
      } else {
        if (c !== 0x2d) other++;
        prevLatin = false;
      }
    }
    // "iPhone에서", "checkout하면", "crash남": Korean grammar on an English word.
    if (glued) return 'ko';
    if (h > 0) {
      hangulLetters += h;
      hangulWords++;
      const last = text.charCodeAt(i - 1);
      if (isHangulSyllable(last) && PREDICATE_FINALS.has(text[i - 1]!)) predicates++;
    }
    if (l > 0 && h === 0) {
      const code = other > 0 || (allCapitals && l > 1) || (innerCapital && !allCapitals);
      if (!code) {
        englishWords++;
        englishLetters += l;
        if (ENGLISH_FUNCTION_WORDS.has(text.slice(start, i).toLowerCase())) functionWords++;
      }
    }
  }
  if (functionWords > 0 && predicates === 0 && englishWords > hangulWords) return 'en';
  if ((hangulWords >= 2 && predicates > 0) || hangulWords * 2 >= englishWords || hangulLetters * 3 >= englishLetters) return 'ko';
  return 'en';
}

/** Letters, digits, '_' and '-' (Hangul jamo excluded: ㅋㅋ and ㅠㅠ are emoticons). */
function isTokenChar(c: number): boolean {
  return isHangulSyllable(c) || isLatinLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;
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
