import { PII_KINDS, type PiiKind } from '../domain/item.js';

/**
 * PII redaction for customer text. Runs on every ingested text before it is stored.
 *
 * What counts (and what deliberately does not):
 * - phone: Korean mobiles (010/011/016–019), landlines (02, 031–064), 070 internet phones and
 *   050x safe numbers (안심번호 — they forward to a person), in any of +82 / 82 / 0 forms; also
 *   `+CC …` international numbers and North-American `(415) 555-0132` / `415-555-0132`.
 *   NOT redacted: company representative numbers (15xx/16xx/18xx-xxxx) and 080/060 numbers. They
 *   belong to businesses, are published, and which company a customer called is useful signal.
 * - rrn / frn: YYMMDD-GNNNNNN with a valid month/day; G 1–4 → rrn, 5–8 → frn. G 9/0 (people
 *   born in the 1800s) is not accepted: nobody alive has one, while date-prefixed order numbers
 *   such as `240512-0012345` do. No check digit: numbers issued since Oct 2020 have none.
 *   A masked back part (`900101-1******`) is still redacted — it reveals birth date and sex.
 * - email: ASCII local part (plus-addressing included) and ASCII domain; Hangul ends the address,
 *   so `kim@naver.com으로` keeps its particle.
 * - card: 13–19 digits (plain, 4-4-4-4, 4-6-5, 4-6-4) that pass Luhn AND start like a card
 *   (3, 4, 5, 6, 9 = Korean domestic, or 2221–2720). `2024…` order numbers therefore never count.
 * - account: hyphenated digit groups (10–16 digits) or 10–14 plain digits, only when the nearest
 *   label before it in the same sentence is an account word (계좌, 입금, 은행 names, account…),
 *   or, with no label before, the first label after it is.
 * - ip: valid IPv4 (not after v/ver/version/버전), IPv6 full/compressed/IPv4-mapped with a digit.
 *
 * Near misses kept as they are: order numbers, tracking numbers (운송장 123456789012 has no phone,
 * card or RRN shape and no account label, so nothing claims it), business registration numbers
 * (123-45-67890 — a public company identifier, printed on every receipt), dates, times, prices,
 * versions, postal codes, product codes. A digit run glued to letters by `-`/`_` (ORD-2024-000123)
 * is a code, never PII. Plain digit runs that merely could be PII (13-digit RRN shape, 13–19-digit
 * card shape, unseparated landline) are left alone when the nearest label before them is a code
 * label (주문번호, 운송장, 바코드, 사업자…) and no personal label (전화, 카드…) follows right after —
 * EAN-13 barcodes `8801…` look exactly like an RRN. Without any label they are redacted.
 * A plain `010xxxxxxxx` is always a phone.
 *
 * Full-width digits/`＠`, Unicode dashes and NBSP are folded before matching (same length, so
 * offsets map back to the original text); only the PII spans are replaced.
 */

export interface Redaction {
  text: string;
  /** Distinct kinds found, in PII_KINDS order. */
  kinds: PiiKind[];
}

export interface RedactOptions {
  /** Placeholder language; Korean by default. */
  placeholders?: 'ko' | 'en';
}

/** The text that replaces each kind of PII, per placeholder language. None contains a digit or '@'. */
export const PII_PLACEHOLDERS: Readonly<Record<'ko' | 'en', Readonly<Record<PiiKind, string>>>> = {
  ko: {
    phone: '[전화번호]',
    rrn: '[주민등록번호]',
    frn: '[외국인등록번호]',
    email: '[이메일]',
    card: '[카드번호]',
    account: '[계좌번호]',
    ip: '[IP주소]',
  },
  en: {
    phone: '[PHONE]',
    rrn: '[RRN]',
    frn: '[FRN]',
    email: '[EMAIL]',
    card: '[CARD]',
    account: '[ACCOUNT]',
    ip: '[IP]',
  },
};

// --- patterns (compiled once) ------------------------------------------------------------------

// A number starts where no digit precedes it, and is not glued to a code by '-'/'_' (ORD-…) or a
// decimal point. It ends likewise. Hangul may touch either side: 010-1234-5678로.
const START = String.raw`(?<![0-9])(?<![0-9A-Za-z][-_])(?<![0-9]\.)`;
const END = String.raw`(?![0-9]|[-_][0-9A-Za-z]|\.[0-9])`;
const SEP = String.raw`(?: ?[-.] ?| )?`;
const KR_PREFIX = String.raw`(?:1[016789]|2|[3-6][1-5]|70|50[2-8])`;

const EMAIL_RE =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

const RRN_RE = new RegExp(
  `${START}\\d\\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])( ?- ?| )?([1-8])[0-9*xX●]{6}${END}`,
  'g',
);

const CARD_RE = new RegExp(`${START}(?:\\d{4}(?:[- ]\\d{4}){3}|\\d{4}([- ])\\d{6}\\1\\d{4,5}|\\d{13,19})${END}`, 'g');

const PHONE_KR_RE = new RegExp(
  `${START}(?:` +
    `(?:\\+ ?82|82(?=[-. ]))${SEP}(?:\\(0\\) ?|0)?${KR_PREFIX}` + // +82 10…, 82-2…, +82 (0)10…
    `|01[016789]|0(?:2|[3-6][1-5]|70|50[2-8])` + // 010…, 02…, 031…, 070…, 0505…
    `|\\(?0(?:2|[3-6][1-5]|70)\\) ?` + // (02) 123-4567, 02)123-4567
    `)${SEP}\\d{3,4}${SEP}\\d{4}${END}`,
  'g',
);

// +CC followed by 2–5 groups; validated to 8–15 digits. +82 is handled above.
const PHONE_INTL_RE = new RegExp(`(?<![0-9A-Za-z+])\\+(?!82)[1-9]\\d{0,2}(?:[-. ]?\\(?\\d{1,4}\\)?){2,5}${END}`, 'g');

// (415) 555-0132, 415-555-0132, 415.555.0132. No Korean number has this 3-3-4 shape with a
// leading 2–9 (Korean landlines start with 0, Shinhan accounts are 3-3-6).
const PHONE_NANP_RE = new RegExp(`${START}(?:\\([2-9]\\d\\d\\) ?|[2-9]\\d\\d[-.])[2-9]\\d\\d[-.]\\d{4}${END}`, 'g');

// Amounts such as "10000000000원" are money, not accounts.
const ACCOUNT_RE = new RegExp(
  `${START}(?:\\d{2,6}(?:-\\d{2,7}){1,3}|\\d{10,14})(?![0-9]|[-_][0-9A-Za-z]|\\.[0-9]| ?(?:원|%|만|억|달러|엔))`,
  'g',
);

const IPV6_RE = /(?<![0-9A-Za-z:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?![0-9A-Za-z:]|\.\d)/g;

const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4_RE = new RegExp(`(?<![0-9.])(?:${OCTET}\\.){3}${OCTET}(?![0-9]|\\.[0-9])`, 'g');
const IPV4_EXACT_RE = new RegExp(`^(?:${OCTET}\\.){3}${OCTET}$`);
const VERSION_BEFORE_RE = /(?:\bv|\bver\.?|\bversion|버전)\s*:?\s*$/i;
const HEX_GROUP_RE = /^[0-9A-Fa-f]{1,4}$/;
const NON_DIGIT_RE = /[^0-9]/g;
const HAS_DIGIT_RE = /[0-9]/;

// Labels that say what the number next to them is. Group 1: account words, group 2: codes that
// are not personal, group 3: other personal data (decides ties like "주문한 카드 4111…").
const LABEL_RE = new RegExp(
  '(계좌|입금|송금|이체|예금주|환불 ?받|은행|국민|신한|우리|하나|농협|기업|카카오뱅크|카뱅|토스뱅크|케이뱅크|새마을|수협|신협|' +
    '\\baccount|\\bacct|\\bbank|\\biban|\\brouting)' +
    '|(주문|운송장|송장|배송|택배|등기|사업자|상품|제품|모델|품번|바코드|쿠폰|예약|접수|티켓|일련|시리얼|회원번호|고객번호|영수증|승인번호|가맹점|' +
    '\\border|\\btracking|\\binvoice|\\bshipment|\\bsku|\\bproduct|\\bmodel|\\bserial|\\bticket|\\bcoupon|\\bbooking|\\breservation|\\bbarcode|\\bean|\\bupc|\\bisbn)' +
    '|(카드|전화|연락처|휴대폰|핸드폰|폰|주민|외국인|\\bcard|\\bphone|\\btel|\\bmobile|\\bcall)',
  'gi',
);
const LABEL_WINDOW_BEFORE = 50;
const LABEL_WINDOW_AFTER = 20;

/** What the nearest label says a number is. */
const Label = { None: 0, Account: 1, Code: 2, Personal: 3 } as const;
type Label = (typeof Label)[keyof typeof Label];

// --- engine ------------------------------------------------------------------------------------

const KIND_INDEX: Record<PiiKind, number> = Object.fromEntries(PII_KINDS.map((k, i) => [k, i])) as Record<PiiKind, number>;

/** Spans found so far in one call; `taken` marks their characters so later detectors skip them. */
interface Spans {
  starts: number[];
  ends: number[];
  kinds: number[];
  taken: Uint8Array | null;
}

/** Replaces personal data in `text` with placeholders and reports which kinds were found. */
export function redactPii(text: string, options?: RedactOptions): Redaction {
  // Fast path: one pass over the characters decides which detectors can possibly match.
  let digits = 0;
  let ats = 0;
  let colons = 0;
  let dots = 0;
  let pluses = 0;
  let fold = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x30 && c <= 0x39) digits++;
      else if (c === 0x2e) dots++;
      else if (c === 0x3a) colons++;
      else if (c === 0x40) ats++;
      else if (c === 0x2b) pluses++;
    } else if (c >= 0xff01 ? c <= 0xff5e : c === 0xa0 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0x3000) {
      fold = true;
      if (c >= 0xff10 && c <= 0xff19) digits++;
      else if (c === 0xff20) ats++;
      else if (c === 0xff0e) dots++;
      else if (c === 0xff1a) colons++;
      else if (c === 0xff0b) pluses++;
    }
  }
  if (digits === 0 && ats === 0) return { text, kinds: [] };

  const s = fold ? foldToAscii(text) : text;
  const spans: Spans = { starts: [], ends: [], kinds: [], taken: null };

  if (ats > 0) collect(s, spans, EMAIL_RE, () => 'email');
  // The shortest numeric PII is a masked RRN (7 digits); phones have at least 8.
  if (digits >= 7) {
    collect(s, spans, RRN_RE, checkRrn);
    collect(s, spans, CARD_RE, checkCard);
    collect(s, spans, PHONE_KR_RE, checkKoreanPhone);
    if (pluses > 0) collect(s, spans, PHONE_INTL_RE, checkIntlPhone);
    collect(s, spans, PHONE_NANP_RE, () => 'phone');
    if (digits >= 10) collect(s, spans, ACCOUNT_RE, checkAccount);
  }
  if (colons >= 2 && digits > 0) collect(s, spans, IPV6_RE, checkIpv6);
  if (dots >= 3 && digits >= 4) collect(s, spans, IPV4_RE, checkIpv4);

  const n = spans.starts.length;
  if (n === 0) return { text, kinds: [] };

  const placeholders = PII_PLACEHOLDERS[options?.placeholders ?? 'ko'];
  const order = n === 1 ? [0] : Array.from({ length: n }, (_, i) => i).sort((a, b) => spans.starts[a] - spans.starts[b]);
  let out = '';
  let pos = 0;
  let found = 0;
  for (const i of order) {
    const kind = PII_KINDS[spans.kinds[i]];
    out += text.slice(pos, spans.starts[i]) + placeholders[kind];
    pos = spans.ends[i];
    found |= 1 << spans.kinds[i];
  }
  out += text.slice(pos);
  return { text: out, kinds: PII_KINDS.filter((_, i) => (found & (1 << i)) !== 0) };
}

type Check = (m: RegExpExecArray, s: string) => PiiKind | null;

function collect(s: string, spans: Spans, re: RegExp, check: Check): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (spans.taken && overlaps(spans.taken, start, end)) continue;
    const kind = check(m, s);
    if (kind === null) continue;
    spans.taken ??= new Uint8Array(s.length);
    spans.taken.fill(1, start, end);
    spans.starts.push(start);
    spans.ends.push(end);
    spans.kinds.push(KIND_INDEX[kind]);
  }
}

function overlaps(taken: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (taken[i] === 1) return true;
  return false;
}

/** Full-width ASCII, Unicode dashes, NBSP and the ideographic space → ASCII, one unit for one. */
function foldToAscii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if ((c >= 0x2010 && c <= 0x2015) || c === 0x2212) out += '-';
    else if (c === 0xa0 || c === 0x3000) out += ' ';
    else out += text[i];
  }
  return out;
}

// --- checks ------------------------------------------------------------------------------------

function checkRrn(m: RegExpExecArray, s: string): PiiKind | null {
  // Unseparated 13 digits also look like an EAN-13 barcode (8801…) or a postal tracking number.
  if (m[1] === undefined && inCodeContext(s, m)) return null;
  return m[2] <= '4' ? 'rrn' : 'frn';
}

function checkCard(m: RegExpExecArray, s: string): PiiKind | null {
  const digits = m[0].replace(NON_DIGIT_RE, '');
  if (digits.length < 13 || digits.length > 19 || !plausibleCardPrefix(digits) || !luhnValid(digits)) return null;
  // One random 16-digit order number in ten passes Luhn; a code label settles it.
  if (digits.length === m[0].length && inCodeContext(s, m)) return null;
  return 'card';
}

function checkKoreanPhone(m: RegExpExecArray, s: string): PiiKind | null {
  const t = m[0];
  // An unseparated landline-shaped run (0312345678) after 주문번호/운송장 is that code.
  if (!t.startsWith('01') && !hasNonDigit(t) && inCodeContext(s, m)) return null;
  return 'phone';
}

function checkIntlPhone(m: RegExpExecArray): PiiKind | null {
  const n = m[0].replace(NON_DIGIT_RE, '').length;
  return n >= 8 && n <= 15 ? 'phone' : null;
}

function checkAccount(m: RegExpExecArray, s: string): PiiKind | null {
  const n = m[0].replace(NON_DIGIT_RE, '').length;
  if (n < 10 || n > 16) return null;
  const before = labelBefore(s, m.index);
  if (before !== Label.None) return before === Label.Account ? 'account' : null;
  return labelAfter(s, m.index + m[0].length) === Label.Account ? 'account' : null;
}

function checkIpv4(m: RegExpExecArray, s: string): PiiKind | null {
  const from = Math.max(0, m.index - 12);
  return VERSION_BEFORE_RE.test(s.slice(from, m.index)) ? null : 'ip';
}

function checkIpv6(m: RegExpExecArray): PiiKind | null {
  return isIpv6(m[0]) ? 'ip' : null;
}

function hasNonDigit(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return true;
  }
  return false;
}

function plausibleCardPrefix(d: string): boolean {
  const c = d.charCodeAt(0);
  if (c === 0x33 || c === 0x34 || c === 0x35 || c === 0x36 || c === 0x39) return true;
  if (c !== 0x32) return false;
  const p = Number(d.slice(0, 4)); // Mastercard 2-series
  return p >= 2221 && p <= 2720;
}

function luhnValid(d: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = d.length - 1; i >= 0; i--) {
    let x = d.charCodeAt(i) - 0x30;
    if (double) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
    double = !double;
  }
  return sum % 10 === 0;
}

function isIpv6(candidate: string): boolean {
  if (!HAS_DIGIT_RE.test(candidate)) return false; // "abc::def" in code is not an address
  let s = candidate;
  if (s.indexOf('.') !== -1) {
    const lastColon = s.lastIndexOf(':');
    if (!IPV4_EXACT_RE.test(s.slice(lastColon + 1))) return false;
    s = s.slice(0, lastColon + 1) + '0:0'; // an embedded IPv4 fills two groups
  }
  const gap = s.indexOf('::');
  if (gap !== s.lastIndexOf('::')) return false;
  if (gap === -1) {
    const groups = s.split(':');
    return groups.length === 8 && groups.every((g) => HEX_GROUP_RE.test(g));
  }
  const left = gap === 0 ? [] : s.slice(0, gap).split(':');
  const right = gap + 2 === s.length ? [] : s.slice(gap + 2).split(':');
  return left.length + right.length <= 7 && left.every((g) => HEX_GROUP_RE.test(g)) && right.every((g) => HEX_GROUP_RE.test(g));
}

// --- labels ------------------------------------------------------------------------------------

/** A code label just before, and no personal label right after ("운송장에 적힌 0212345678로 전화"). */
function inCodeContext(s: string, m: RegExpExecArray): boolean {
  return labelBefore(s, m.index) === Label.Code && labelAfter(s, m.index + m[0].length) !== Label.Personal;
}

/** The label nearest before `pos` within the same sentence (and at most 50 characters back). */
function labelBefore(s: string, pos: number): Label {
  const from = sentenceStart(s, pos);
  if (from === pos) return Label.None;
  const window = s.slice(from, pos);
  LABEL_RE.lastIndex = 0;
  let last: Label = Label.None;
  let m: RegExpExecArray | null;
  while ((m = LABEL_RE.exec(window)) !== null) last = m[1] ? Label.Account : m[2] ? Label.Code : Label.Personal;
  return last;
}

/** The first label after `pos` within the same sentence (and at most 20 characters ahead). */
function labelAfter(s: string, pos: number): Label {
  const to = sentenceEnd(s, pos);
  if (to === pos) return Label.None;
  LABEL_RE.lastIndex = 0;
  const m = LABEL_RE.exec(s.slice(pos, to));
  if (m === null) return Label.None;
  return m[1] ? Label.Account : m[2] ? Label.Code : Label.Personal;
}

function isSentenceBreak(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c === 0x0a || c === 0x21 || c === 0x3f || c === 0x3002) return true; // \n ! ? 。
  if (c !== 0x2e) return false;
  const next = s.charCodeAt(i + 1); // '.' ends a sentence only before whitespace or the end
  return Number.isNaN(next) || next === 0x20 || next === 0x0a;
}

function sentenceStart(s: string, pos: number): number {
  const limit = Math.max(0, pos - LABEL_WINDOW_BEFORE);
  for (let i = pos - 1; i >= limit; i--) if (isSentenceBreak(s, i)) return i + 1;
  return limit;
}

function sentenceEnd(s: string, pos: number): number {
  const limit = Math.min(s.length, pos + LABEL_WINDOW_AFTER);
  for (let i = pos; i < limit; i++) if (isSentenceBreak(s, i)) return i;
  return limit;
}
