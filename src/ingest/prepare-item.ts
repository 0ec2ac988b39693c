import { createHmac, hash } from 'node:crypto';
import type { z } from 'zod';
import { answerTimeFor, parseTimestamp, type PiiKind, PII_KINDS, safeParseItemInput, type ValidItem } from '../domain/item.js';
import { redactPii } from '../text/pii.js';
import { detectLanguage, normalizeText, stripBidi } from '../text/language.js';
import type { Workspace } from '../store/queries/workspaces.js';
import type { ItemRow } from '../store/queries/upsert-items.js';

/** One reason an input was rejected; `field` is null when the whole input is wrong. */
export interface FieldError {
  field: string | null;
  code: string;
  message: string;
}

export type Prepared = { ok: true; row: ItemRow } | { ok: false; errors: FieldError[] };

/** Values used where an input lacks them (the CLI's --channel/--source, a webhook's source). */
export interface ItemDefaults {
  channel?: string;
  source?: string;
  kind?: string;
}

/**
 * Validates one raw input, redacts personal data from every free-text field and pseudonymises
 * the customer reference. Nothing raw survives into the returned row.
 */
export function prepareItem(raw: unknown, workspace: Workspace, defaults: ItemDefaults = {}, importRunId?: string | null): Prepared {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: null, code: 'not_an_object', message: 'item must be a JSON object' }] };
  }
  const input = raw as Record<string, unknown>;
  const parsed = safeParseItemInput(inWorkspaceZone(withDefaults(input, defaults), workspace.timezone));
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  const order = answerTimeErrors(parsed.data);
  if (order) return { ok: false, errors: order };
  return { ok: true, row: toRow(parsed.data, workspace, importRunId ?? null, input) };
}

function answerTimeErrors(item: ValidItem): FieldError[] | null {
  const created = item.created_at.getTime();
  let errors: FieldError[] | null = null;
  for (const field of ['first_response_at', 'resolved_at'] as const) {
    const at = item[field];
    if (!at) continue;
    const counted = answerTimeFor(created, at.getTime());
    if (counted === at.getTime()) continue;
    if (counted !== null) {
      item[field] = item.created_at;
      continue;
    }
    (errors ??= []).push({
      field,
      code: 'invalid_value',
      message: `${at.toISOString()} is before created_at ${item.created_at.toISOString()} / 접수 일시(created_at)보다 이릅니다`,
    });
  }
  return errors;
}

/** The input with blank channel/source/kind replaced by the defaults; the input itself when nothing changes. */
function withDefaults(input: Record<string, unknown>, defaults: ItemDefaults): Record<string, unknown> {
  const channel = blank(input.channel) ? defaults.channel : input.channel;
  const source = blank(input.source) ? defaults.source : input.source;
  const kind = blank(input.kind) ? defaults.kind : input.kind;
  // Copying every row costs more than validating it; most rows carry their own values.
  if (channel === input.channel && source === input.source && kind === input.kind) return input;
  return { ...input, channel, source, kind };
}

const TIMESTAMP_FIELDS = ['created_at', 'first_response_at', 'resolved_at'] as const;
/** The zone the item schema reads offset-less timestamps in. */
const SCHEMA_ZONE = 'Asia/Seoul';

/**
 * Timestamps without an offset ("2026-11-01 10:00" in a help desk's CSV) are wall-clock time in the
 * workspace's zone. The schema reads them as Seoul time, so for a workspace elsewhere they become
 * ISO instants first (daylight saving included); the input itself when nothing changes.
 */
function inWorkspaceZone(input: Record<string, unknown>, timeZone: string): Record<string, unknown> {
  if (timeZone === SCHEMA_ZONE) return input;
  let out = input;
  for (const field of TIMESTAMP_FIELDS) {
    const value = input[field];
    // Strings, and numbers that are a spreadsheet's serial day (epoch numbers have no zone).
    if (typeof value !== 'string' && !(typeof value === 'number' && value < 1e8)) continue;
    const date = parseTimestamp(value, timeZone);
    if (!date) continue; // no date: the schema reports it
    if (out === input) out = { ...input };
    out[field] = date.toISOString();
  }
  return out;
}

/** Blank (absent, null, '' or only whitespace) takes the default, as it means absent for every field. */
function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

const CUSTOMER_REF = /^c_[A-Za-z0-9_-]{16}$/;
const PII_BIT = new Map<unknown, number>(PII_KINDS.map((kind, i) => [kind, 1 << i]));

/** The pseudonymous customer ref a row exported by Sori carries (used only when no raw customer id is given). */
function carriedCustomerRef(input: Record<string, unknown>): string | null {
  const ref = input.customer_ref;
  return typeof ref === 'string' && CUSTOMER_REF.test(ref) ? ref : null;
}

/** The PII kinds a row exported by Sori says were found when it was first stored, as bits of PII_BIT. */
function carriedPiiKinds(input: Record<string, unknown>): number {
  const raw = input.pii_kinds;
  if (raw === undefined || raw === null || raw === '') return 0;
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[,\s]+/) : [];
  let mask = 0;
  for (const k of list) mask |= PII_BIT.get(k) ?? 0;
  return mask;
}

function kindsOf(mask: number): PiiKind[] {
  return mask === 0 ? [] : PII_KINDS.filter((_, i) => mask & (1 << i));
}

function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : null,
    code: issue.code === 'invalid_value' ? 'invalid_value' : issue.code === 'invalid_type' ? 'invalid_type' : 'invalid_field',
    message: issueMessage(issue),
  }));
}

/** What an operator reads in a rejects report: plain words in English and Korean, not zod's. */
function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'nonoptional' || /received undefined/.test(issue.message)
        ? 'required, but missing or empty / 필수 값이 비어 있습니다'
        : `expected ${issue.expected} / 형식이 맞지 않습니다(${issue.expected})`;
    case 'invalid_value':
      return `not one of ${issue.values.map(String).join(', ')} / 허용되지 않는 값입니다(${issue.values.map(String).join(', ')} 중 하나)`;
    case 'too_big':
      return issue.origin === 'string'
        ? `too long: at most ${issue.maximum} characters / 너무 깁니다(최대 ${issue.maximum}자)`
        : `at most ${issue.maximum} / ${issue.maximum} 이하여야 합니다`;
    case 'too_small':
      return issue.origin === 'string' ? 'empty / 비어 있습니다' : `at least ${issue.minimum} / ${issue.minimum} 이상이어야 합니다`;
    default:
      return issue.message;
  }
}

/** PII kinds found so far in one item, as bits of PII_BIT. */
interface Found {
  mask: number;
}

function redactText(s: string, found: Found): string {
  const r = redactPii(normalizeTextFast(s));
  for (const k of r.kinds) found.mask |= PII_BIT.get(k)!;
  return r.text;
}

function toRow(item: ValidItem, workspace: Workspace, importRunId: string | null, input: Record<string, unknown>): ItemRow {
  const found: Found = { mask: carriedPiiKinds(input) };
  const text = redactText(item.text, found);
  const title = item.title === undefined ? null : redactText(item.title, found);
  const metadata = item.metadata ? (redactDeep(item.metadata, found, null) as Record<string, unknown>) : {};
  const customerRef = item.customer_id ? pseudonymise(workspace.pseudonym_key, item.customer_id) : carriedCustomerRef(input);
  const createdAt = item.created_at;
  const externalId =
    item.external_id ??
    // No id from the source: derive one from the content so a re-import still converges.
    // Keep this formula: ids already stored were derived with it.
    `h:${hash('sha1', `${item.channel}\u0001${createdAt.toISOString()}\u0001${customerRef ?? ''}\u0001${text}`, 'base64url').slice(0, 22)}`;
  const row: ItemRow = {
    workspace_id: workspace.id,
    channel: item.channel,
    source: item.source,
    external_id: maskedRef(workspace, externalId, found),
    kind: item.kind,
    created_at: createdAt,
    title,
    text,
    language: item.language === undefined ? detectLanguage(text) : stripBidi(item.language),
    pii_kinds: kindsOf(found.mask),
    customer_ref: customerRef,
    customer_segment: item.customer_segment === undefined ? null : redactText(item.customer_segment, found),
    customer_plan: item.customer_plan === undefined ? null : redactText(item.customer_plan, found),
    rating: item.rating ?? null,
    score: item.score ?? null,
    order_ref: item.order_ref === undefined ? null : maskedRef(workspace, item.order_ref, found),
    product_ref: item.product_ref === undefined ? null : maskedRef(workspace, item.product_ref, found),
    metadata,
    status: item.status ?? null,
    assignee: item.assignee === undefined ? null : stripBidi(item.assignee),
    first_response_at: item.first_response_at ?? null,
    resolved_at: item.resolved_at ?? null,
    reopened_count: item.reopened_count ?? 0,
    handled_by: item.handled_by ?? null,
    content_hash: '',
    import_run_id: importRunId,
  };
  row.content_hash = contentHash(row);
  return row;
}

/**
 * normalizeText(s) without its NFC and control-character passes when no character could need them:
 * printable ASCII, Latin, Hangul syllables and compatibility jamo, common punctuation and emoji are
 * all NFC starters that compose with nothing. Anything else takes the full path.
 */
export function normalizeTextFast(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x7f ? c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d : isNfcStableBmp(c)) continue;
    // An emoji (U+1F000–U+1FFFF): a high surrogate D83C–D83F and any low surrogate.
    if (c >= 0xd83c && c <= 0xd83f) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    return normalizeText(s);
  }
  return s.trim();
}

/** BMP characters (above U+007E) that NFC leaves alone in any company and normalizeText keeps. */
export function isNfcStableBmp(c: number): boolean {
  return c >= 0xac00
    ? c <= 0xd7a3 || (c >= 0xff01 && c <= 0xff5e)
    : c <= 0x2ff
      ? c >= 0x80
      : (c >= 0x3131 && c <= 0x318e) || (c >= 0x3000 && c <= 0x3029) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e);
}

const MOBILE_IN_ID = /(?:^|\D)(?:\+?82[-. ]?|0)1[016789]/;

/**
 * Identifiers (ticket, order, product numbers) are kept as they are unless they hold personal data
 * (an e-mail or phone number used as a ticket id): then a keyed hash stands in, the same for the
 * same value, so re-sends still find their item.
 */
function maskedRef(workspace: Workspace, raw: string, found: Found): string {
  const value = stripBidi(raw);
  // Only what is unmistakable in an id — an e-mail address or a mobile number: a long order number
  // can pass a card's or an RRN's checks by chance, and must stay as it is. Cheap test first.
  if (!value.includes('@') && !MOBILE_IN_ID.test(value)) return value;
  const kinds = redactPii(value).kinds.filter((k) => k === 'email' || k === 'phone');
  if (!kinds.length) return value;
  for (const k of kinds) found.mask |= PII_BIT.get(k)!;
  return `pii_${createHmac('sha256', workspace.pseudonym_key).update(`ref\u0001${value}`).digest('base64url').slice(0, 16)}`;
}

/**
 * Metadata keys that name personal data: their values are masked whatever they look like — a
 * phone number in a spreadsheet's number cell has lost its leading 0 (1012345678), and a name or
 * an address has no pattern to find.
 */
const PII_KEYS: [RegExp, PiiKind | null, string][] = [
  // Korean words anywhere in the name; English ones as the whole name, with at most one word
  // before (user_phone, customer email) — "mobile_app_version" or "hotel" are not personal data.
  [/(?:전화|연락처|휴대폰|핸드폰|폰번호)|^(?:[a-z]+[ _-])?(?:phone|mobile|tel|telephone|cell ?phone|mobile ?phone|contact ?number)(?:[ _-]?(?:no|num|number))?$/i, 'phone', '[전화번호]'],
  [/주민(?:등록)?번호|^(?:rrn|resident[ _-]?(?:registration[ _-]?)?(?:no|number))$/i, 'rrn', '[주민등록번호]'],
  [/카드번호|^(?:[a-z]+[ _-])?card[ _-]?(?:no|num|number)$/i, 'card', '[카드번호]'],
  [/계좌|^(?:[a-z]+[ _-])?(?:bank[ _-]?)?account[ _-]?(?:no|num|number)$/i, 'account', '[계좌번호]'],
  [/이메일|메일주소|^(?:[a-z]+[ _-])?e-?mail(?:[ _-]?(?:address|addr))?$/i, 'email', '[이메일]'],
  [/^(?:고객명|고객 ?이름|이름|성명|성함|예금주|수취인|수령인|받는 ?분|주문자|customer ?name|full ?name|(?:first|last) ?name|name|recipient)$/i, null, '[이름]'],
  [/^(?:주소|배송지|배송 ?주소|도로명 ?주소|상세 ?주소|address|shipping ?address|street)$/i, null, '[주소]'],
];

/** Cells that say there is nothing ("-", 없음, N/A): kept, they hold no one's data. */
const NO_VALUE = /^(?:-+|없음|미입력|해당 ?없음|n\/?a|none|null)$/i;

// Files repeat the same few column names on every row: remember what each one is.
const piiKeyCache = new Map<string, [PiiKind | null, string] | null>();

function piiKey(key: string): [PiiKind | null, string] | null {
  if (key.length > 40) return null;
  const hit = piiKeyCache.get(key);
  if (hit !== undefined) return hit;
  let found: [PiiKind | null, string] | null = null;
  for (const [re, kind, placeholder] of PII_KEYS) {
    if (re.test(key.trim())) {
      found = [kind, placeholder];
      break;
    }
  }
  if (piiKeyCache.size > 10_000) piiKeyCache.clear();
  piiKeyCache.set(key, found);
  return found;
}

/** Metadata with every string redacted, and the values of personal-data keys masked, at any depth. */
function redactDeep(value: unknown, found: Found, keyPii: [PiiKind | null, string] | null): unknown {
  if (typeof value === 'string') {
    const r = redactPii(stripBidi(value));
    for (const k of r.kinds) found.mask |= PII_BIT.get(k)!;
    if (keyPii && !r.kinds.length && value.trim() && !NO_VALUE.test(value.trim())) return maskKey(keyPii, found);
    return r.text;
  }
  if (typeof value === 'number' || typeof value === 'bigint') return keyPii && (keyPii[0] === null || String(value).length >= 6) ? maskKey(keyPii, found) : value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, found, keyPii));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = redactDeep((value as Record<string, unknown>)[key], found, piiKey(key) ?? keyPii);
  return out;
}

function maskKey([kind, placeholder]: [PiiKind | null, string], found: Found): string {
  if (kind) found.mask |= PII_BIT.get(kind)!;
  return placeholder;
}

// Customers repeat: remember recent pseudonyms (HMAC costs a few µs; imports have millions of rows).
const pseudonymCache = new Map<string, Map<string, string>>();
let pseudonymsCached = 0;
const PSEUDONYM_CACHE_MAX = 50_000;

/** Stable pseudonym for a customer id within one workspace (HMAC-SHA256, 96 bits). */
export function pseudonymise(key: string, customerId: string): string {
  let perKey = pseudonymCache.get(key);
  const hit = perKey?.get(customerId);
  if (hit) return hit;
  const ref = `c_${createHmac('sha256', key).update(customerId.trim()).digest('base64url').slice(0, 16)}`;
  if (pseudonymsCached >= PSEUDONYM_CACHE_MAX) {
    pseudonymCache.clear();
    pseudonymsCached = 0;
    perKey = undefined;
  }
  if (!perKey) pseudonymCache.set(key, (perKey = new Map()));
  perKey.set(customerId, ref);
  pseudonymsCached++;
  return ref;
}

/**
 * Fingerprint of everything an update can change, so an unchanged re-send is skipped (it only ever
 * compares two versions of one item, so 64 bits of a fast non-cryptographic hash are plenty).
 * Two MurmurHash3-style lanes with their own constants run over the fields' UTF-16 code units, no
 * string is built: concatenating, UTF-8 encoding and a native SHA-1 call cost ~2 µs a row.
 */
function contentHash(row: ItemRow): string {
  const fields = [
    row.channel, row.kind, row.created_at.getTime(), row.title, row.text, row.language, row.customer_ref, row.customer_segment,
    row.customer_plan, row.rating, row.score, row.order_ref, row.product_ref, isEmpty(row.metadata) ? '{}' : JSON.stringify(row.metadata),
    row.status, row.assignee, row.first_response_at?.getTime() ?? null, row.resolved_at?.getTime() ?? null, row.reopened_count, row.handled_by,
  ];
  let h1 = 0x9747b28c;
  let h2 = 0x2f4a7c15;
  let k1: number;
  let k2: number;
  for (let f = 0; f < fields.length; f++) {
    const v = fields[f];
    // Each field ends with its type and length, so ('ab', 'c') and ('a', 'bc') differ.
    let tail: number;
    if (typeof v === 'string') {
      const n = v.length;
      let i = 0;
      for (; i + 1 < n; i += 2) {
        const block = v.charCodeAt(i) | (v.charCodeAt(i + 1) << 16);
        k1 = Math.imul(block, 0xcc9e2d51);
        k1 = Math.imul((k1 << 15) | (k1 >>> 17), 0x1b873593);
        h1 ^= k1;
        h1 = (Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64) | 0;
        k2 = Math.imul(block, 0x85ebca6b);
        k2 = Math.imul((k2 << 16) | (k2 >>> 16), 0xc2b2ae35);
        h2 ^= k2;
        h2 = (Math.imul((h2 << 17) | (h2 >>> 15), 9) + 0x561ccd1b) | 0;
      }
      tail = (i < n ? v.charCodeAt(i) << 8 : 0) | 1 | (n << 24);
    } else if (typeof v === 'number') {
      // Epoch ms and small integers: both 32-bit halves.
      const high = Math.floor(v / 0x1_0000_0000);
      tail = 2 ^ Math.imul(high, 0x27d4eb2f);
      k1 = v >>> 0;
      h1 ^= Math.imul(k1, 0xcc9e2d51);
      h2 ^= Math.imul(k1, 0x85ebca6b);
    } else tail = 3; // null
    k1 = Math.imul(tail, 0xcc9e2d51);
    h1 ^= Math.imul((k1 << 15) | (k1 >>> 17), 0x1b873593);
    h1 = (Math.imul((h1 << 13) | (h1 >>> 19), 5) + 0xe6546b64) | 0;
    k2 = Math.imul(tail, 0x85ebca6b);
    h2 ^= Math.imul((k2 << 16) | (k2 >>> 16), 0xc2b2ae35);
    h2 = (Math.imul((h2 << 17) | (h2 >>> 15), 9) + 0x561ccd1b) | 0;
  }
  h1 = fmix32(h1 ^ h2);
  h2 = fmix32(h2 ^ h1);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}
