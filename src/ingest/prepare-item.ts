import { createHmac, hash } from 'node:crypto';
import type { z } from 'zod';
import {
  answerTimeFor,
  CONVERSATION_UPDATED_FIELD,
  isWallClockNumber,
  parseTimestamp,
  type PiiKind,
  PII_KINDS,
  safeParseItemInput,
  setOwn,
  SOURCE_VERSION_FIELD,
  type ValidItem,
} from '../domain/item.js';
import { wallClockText } from '../domain/calendar/zone.js';
import { PII_PLACEHOLDERS, redactPii, rrnOrCardKinds } from '../text/pii.js';
import { normalizeEnumValue } from './files/column-mapping.js';
import { detectLanguage, isStorable, normalizeText, storable, stripBidi } from '../text/language.js';
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
    return { ok: false, errors: [{ field: null, code: 'not_an_object', message: 'an item must be a JSON object / 항목은 JSON 객체여야 합니다' }] };
  }
  const input = raw as Record<string, unknown>;
  const ready = inWorkspaceZone(withDefaults(withStorableFields(input), defaults), workspace.timezone);
  const parsed = safeParseItemInput(ready);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error, ready) };
  // A score or stars without words (the schema allows it for survey answers and reviews:
  // scoredWithoutWords) is stored with empty text, whitespace and all.
  if (parsed.data.text.trim() === '') parsed.data.text = '';
  const order = answerTimeErrors(parsed.data, Date.now(), workspace.timezone);
  if (order) return { ok: false, errors: order };
  return { ok: true, row: toRow(parsed.data, workspace, importRunId ?? null, input) };
}

/**
 * How far ahead of Sori's clock a time may be: a sender's clock that runs fast, a file written in a
 * zone ahead of the workspace's (at most 14 hours), not more. A customer never spoke in the future:
 * an item dated 2199-01-01 (a typo, a placeholder date, a day and month read the wrong way round)
 * would count in no report until then, and a first response or resolution in the future would
 * stretch every lead time it enters. A record's version (source_updated_at) in 2199 would make every
 * later update of it "older" and never written (store/queries/upsert-items.ts), until then.
 */
const MAX_FUTURE_MS = 24 * 3_600_000;
/** The item fields that are times, each refused past MAX_FUTURE_MS. */
const FUTURE_CHECKED_FIELDS = ['created_at', 'first_response_at', 'resolved_at', 'source_updated_at'] as const;
/**
 * Times the store reads from metadata when they are in its ISO form (upsert-items.ts ISO_VERSION):
 * the record's version when no source_updated_at field overrides it (a Sori export imported again
 * carries it there), and when the conversation state was last set (an adapter's snapshot time).
 * One in 2199 would freeze the record, or its status, just the same.
 */
const STORED_ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Times refused (more than a day ahead; an answer before the item), or null; an answer a clock's skew puts just before it is moved to created_at. */
function answerTimeErrors(item: ValidItem, nowMs: number, timeZone: string): FieldError[] | null {
  const created = item.created_at.getTime();
  let errors: FieldError[] | null = null;
  const ahead = (field: string, at: Date) =>
    (errors ??= []).push({
      field,
      code: 'invalid_value',
      message: `${wallClockText(at, timeZone)} (${timeZone}) is more than a day in the future (check the date and its time zone) / 지금보다 하루 넘게 미래의 시각입니다(날짜와 시간대를 확인하세요)`,
    });
  for (const field of FUTURE_CHECKED_FIELDS) {
    const at = item[field];
    if (at && at.getTime() - nowMs > MAX_FUTURE_MS) ahead(field, at);
  }
  if (item.metadata) {
    // The field, when given, replaces the metadata's version (toRow): only the one stored is checked.
    for (const key of item.source_updated_at ? [CONVERSATION_UPDATED_FIELD] : [SOURCE_VERSION_FIELD, CONVERSATION_UPDATED_FIELD]) {
      const v = item.metadata[key];
      if (typeof v === 'string' && STORED_ISO_TIME.test(v) && Date.parse(v) - nowMs > MAX_FUTURE_MS) ahead(`metadata.${key}`, new Date(v));
    }
  }
  if (errors) return errors;
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

/**
 * The short fields stored as given (text, title, segment and plan go through normalizeText; the
 * customer id is only hashed; channel, kind and handled_by must be one of their names). The fast
 * check in withStorableFields names the same fields.
 */
const SHORT_FIELDS = ['external_id', 'source', 'assignee', 'order_ref', 'product_ref', 'language', 'status'] as const;
/**
 * Fields that tell one thing from another — an item's identity, a customer, an order, an agent —
 * composed (NFC): 카카오톡 typed on one system and decomposed (NFD, as macOS clipboards and file
 * names give it) on another is one source, one ticket, one customer. Migration 037 composed the
 * stored ones.
 */
const NFC_FIELDS = new Set<string>(['external_id', 'source', 'customer_id', 'assignee', 'order_ref', 'product_ref']);

/**
 * The input with its short fields storable (see `storable`) and its identifying fields composed
 * (NFC_FIELDS), before validation, so that a field holding nothing but NUL is blank like any empty
 * one (absent, or the default); the input itself when nothing changes, as for nearly every row. The
 * defaults need no cleaning: they come from argv or from stored settings, which cannot hold either
 * character (a source given by a flag is composed like the file's own). external_id keeps its lone
 * surrogates until toRow (see distinctId).
 */
function withStorableFields(input: Record<string, unknown>): Record<string, unknown> {
  // Named reads: a loop over the field names costs twice as much, on every row.
  if (
    hasNoNul(input.external_id) && isStorable(input.source) && isStorable(input.assignee) && isStorable(input.order_ref) &&
    isStorable(input.product_ref) && isStorable(input.language) && isStorable(input.status) &&
    composed(input.external_id) && composed(input.source) && composed(input.customer_id) && composed(input.assignee) &&
    composed(input.order_ref) && composed(input.product_ref)
  ) {
    return input;
  }
  let out = input;
  for (const field of [...SHORT_FIELDS, 'customer_id'] as const) {
    const v = input[field];
    if (typeof v !== 'string') continue;
    let clean = field === 'customer_id' ? v : field !== 'external_id' ? storable(v) : v.indexOf('\0') === -1 ? v : v.replaceAll('\0', '');
    if (NFC_FIELDS.has(field)) clean = clean.normalize('NFC');
    if (clean === v) continue;
    if (out === input) out = { ...input };
    out[field] = clean;
  }
  return out;
}

/** True when a field's value is no string, or a string NFC leaves as it is (checked cheaply first). */
function composed(v: unknown): boolean {
  return typeof v !== 'string' || !needsNormalizing(v) || v === v.normalize('NFC');
}

function hasNoNul(v: unknown): boolean {
  return typeof v !== 'string' || v.indexOf('\0') === -1;
}

/**
 * What a row on a channel is when nothing says its kind: a review on a review or app-store channel, a
 * survey answer on the survey channel (a 상품리뷰 row imported without a kind column was an inquiry);
 * anything else is left to the schema's default (inquiry).
 */
const KIND_OF_CHANNEL: Readonly<Record<string, string>> = { review: 'review', app_store: 'review', survey: 'survey_response' };

/** The input with blank channel/source/kind replaced by the defaults; the input itself when nothing changes. */
function withDefaults(input: Record<string, unknown>, defaults: ItemDefaults): Record<string, unknown> {
  const channel = blank(input.channel) ? defaults.channel : input.channel;
  const source = !blank(input.source) ? input.source : composed(defaults.source) ? defaults.source : defaults.source?.normalize('NFC');
  const kind = blank(input.kind) ? (defaults.kind ?? (typeof channel === 'string' && Object.hasOwn(KIND_OF_CHANNEL, channel) ? KIND_OF_CHANNEL[channel] : undefined)) : input.kind;
  // Copying every row costs more than validating it; most rows carry their own values.
  if (channel === input.channel && source === input.source && kind === input.kind) return input;
  return { ...input, channel, source, kind };
}

const TIMESTAMP_FIELDS = ['created_at', 'first_response_at', 'resolved_at', 'source_updated_at'] as const;
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
    // Strings, and numbers that are wall-clock time (a spreadsheet's serial day, 20241101,
    // 20241101153000 in a JSON number or XLSX number cell); epoch numbers have no zone.
    if (typeof value !== 'string' && !(typeof value === 'number' && isWallClockNumber(value))) continue;
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

/**
 * The customer ref stored for a customer id: its keyed pseudonym, or the id itself when it already
 * is one (c_ and 16 characters) — a corrected rejects file gives back the pseudonym in the
 * customer column (the raw id is never kept), and it must stay the same customer.
 */
export function customerRefOf(workspace: Pick<Workspace, 'pseudonym_key'>, customerId: string): string {
  const id = customerId.trim();
  return CUSTOMER_REF.test(id) ? id : pseudonymise(workspace.pseudonym_key, customerId);
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

function zodErrors(error: z.ZodError, input: Record<string, unknown>): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : null,
    code: issue.code === 'invalid_value' ? 'invalid_value' : issue.code === 'invalid_type' ? 'invalid_type' : 'invalid_field',
    // A date's message quotes the value, and an import stores the reason.
    message: storable(issueMessage(issue) + meantValue(issue, input)),
  }));
}

/**
 * For a value Sori knows by another name (channel 채팅 or 카카오톡, status 처리완료), which name to
 * send: files and webhooks read such words (normalizeEnumValue), `POST /items` takes its schema's.
 */
function meantValue(issue: z.core.$ZodIssue, input: Record<string, unknown>): string {
  if (issue.code !== 'invalid_value' || issue.path.length !== 1) return '';
  const field = String(issue.path[0]);
  const given = input[field];
  const meant = normalizeEnumValue(field, given);
  if (typeof given !== 'string' || meant === given || !issue.values.includes(meant as never)) return '';
  return ` — for "${given}" send "${String(meant)}" / "${given}"은(는) "${String(meant)}"(으)로 보내세요`;
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
    case 'invalid_union':
      return unionMessage(issue);
    default:
      // Our own checks speak both languages; zod's own words are English only ("Invalid input").
      return /[가-힣]/.test(issue.message) ? issue.message : `${issue.message} / 값이 올바르지 않습니다`;
  }
}

/**
 * A value none of a field's forms takes: a time given as a JSON object, an array, true, or
 * nothing at all (an XLSX formula cell without a saved result reads as empty).
 */
function unionMessage(issue: z.core.$ZodIssue & { code: 'invalid_union' }): string {
  // Each alternative says what it received ("Invalid input: expected string, received object").
  const received = /received (\w+)/.exec(issue.errors?.[0]?.[0]?.message ?? '')?.[1];
  if (received === undefined || received === 'undefined' || received === 'null') {
    return 'required, but missing or empty (a formula cell without a saved result is empty) / 필수 값이 비어 있습니다(저장된 결과가 없는 수식 셀은 빈 값입니다)';
  }
  const [found, foundKo] =
    received === 'array' ? ['a JSON array', 'JSON 배열이'] : received === 'object' ? ['a JSON object', 'JSON 객체가'] : received === 'boolean' ? ['true/false', '참/거짓 값이'] : [received, `${received} 값이`];
  return (TIMESTAMP_FIELDS as readonly PropertyKey[]).includes(issue.path[0]!)
    ? `expected a date/time, found ${found} / 날짜·시간이 와야 할 자리에 ${foundKo} 있습니다`
    : `not a value this field takes, found ${found} / 이 항목에 쓸 수 없는 값입니다: ${foundKo} 있습니다`;
}

/** PII kinds found so far in one item, as bits of PII_BIT. */
interface Found {
  mask: number;
}

function redactText(s: string, found: Found): string {
  return redactClean(cleanText(s), found);
}

/** A text field as stored before redaction: normalised, well-formed. */
function cleanText(s: string): string {
  // What the fast path keeps holds no lone surrogate; normalizeText keeps them (NFC does).
  return needsNormalizing(s) ? normalizeText(s).toWellFormed() : s.trim();
}

/** A cleaned text field with personal data replaced, what it found added to `found`. */
function redactClean(clean: string, found: Found): string {
  const r = redactPii(clean);
  for (const k of r.kinds) found.mask |= PII_BIT.get(k)!;
  return r.text;
}

/**
 * The id of an item whose source gives none, derived from its content so a re-import converges.
 *
 * Rows whose text redaction left alone and that have no title keep the first formula (`h:`, a
 * plain hash of channel, time, customer ref and text), so the ids already stored still match.
 * Any other row — a title, or a text in which something was masked — takes `h2:`, a keyed hash
 * (the workspace's pseudonym key, as for `pii_…` ids) of the same fields, the title and the
 * unmasked text: two board posts differing only in their title or in the account number they
 * hold are two items, and no plain hash of personal data is stored. Such rows imported before
 * this were stored under `h:` of the text as it was masked then: an `h2:` id comes with the ids it
 * would have had under that formula (`legacy`: of the text masked as now, then of the unmasked
 * text, stored so when the detectors of the day found nothing in it), and the write takes a stored
 * item under one of them over (takeOverLegacyItems) instead of adding a copy.
 */
function derivedExternalId(
  workspace: Workspace, channel: string, createdAt: Date, customerRef: string | null, text: string, rawText: string, title: string | null,
): { id: string; legacy: string[] } {
  const base = `${channel}\u0001${createdAt.toISOString()}\u0001${customerRef ?? ''}\u0001`;
  // Keep this formula: ids already stored were derived with it (no title, the masked text).
  const first = (t: string) => `h:${hash('sha1', base + t, 'base64url').slice(0, 22)}`;
  if (title === null && text === rawText) return { id: first(text), legacy: [] };
  const id = `h2:${createHmac('sha256', workspace.pseudonym_key).update(`id\u0001${base}${title ?? ''}\u0001${rawText}`).digest('base64url').slice(0, 22)}`;
  return { id, legacy: text === rawText ? [first(text)] : [first(text), first(rawText)] };
}

const EN_PLACEHOLDERS = { placeholders: 'en' } as const;

/** Whether an item's text and title are masked with English placeholders: any language but Korean (and unknown). */
function englishPlaceholders(language: string | null): boolean {
  return language !== null && language !== '' && !/^ko\b/i.test(language);
}

function toRow(item: ValidItem, workspace: Workspace, importRunId: string | null, input: Record<string, unknown>): ItemRow {
  const found: Found = { mask: carriedPiiKinds(input) };
  const rawText = cleanText(item.text);
  // A name the row gives in a name column (고객명 홍길동) is masked in its words too ("홍길동입니다"),
  // where no label says it is a name.
  const names = item.metadata ? namesGiven(item.metadata) : NO_NAMES;
  let text = maskNames(redactClean(rawText, found), names, 'ko', found);
  const rawTitle = item.title === undefined ? null : cleanText(item.title);
  let title = rawTitle === null ? null : maskNames(redactClean(rawTitle, found), names, 'ko', found);
  const metadata = item.metadata ? (redactDeep(item.metadata, found, null, 0, false, names) as Record<string, unknown>) : {};
  // The id that links a vendor's replies and status changes to the items (conversation-updates.ts)
  // is an identifier: kept whole as the update side computes it, not redacted piecewise (a chat id
  // 666b01045678123e0de7 became 666b[전화번호]e0de7 and no update found it).
  const conversationId = item.metadata?.[CONVERSATION_ID_FIELD];
  if (typeof conversationId === 'string' && conversationId.trim()) metadata[CONVERSATION_ID_FIELD] = maskedConversationId(workspace, conversationId, found);
  // The record's version is kept where ingestLatestStates reads the stored one; it counts in the
  // content hash, so an identical re-send is still 'unchanged' and a newer version is recorded.
  if (item.source_updated_at) metadata[SOURCE_VERSION_FIELD] = item.source_updated_at.toISOString();
  const customerRef = item.customer_id ? customerRefOf(workspace, item.customer_id) : carriedCustomerRef(input);
  // All before the row: what they find goes into its pii_kinds.
  const segment = item.customer_segment === undefined ? null : redactText(item.customer_segment, found);
  const plan = item.customer_plan === undefined ? null : redactText(item.customer_plan, found);
  const orderRef = item.order_ref === undefined ? null : maskedRef(workspace, item.order_ref, found, REF_PII);
  // A barcode (EAN-13 8801…) has the shape of an RRN; its check digit tells it apart.
  const productRef = item.product_ref === undefined ? null : isGtin(item.product_ref) ? item.product_ref : maskedRef(workspace, item.product_ref, found, REF_PII);
  const createdAt = item.created_at;
  // No id from the source: derive one from the content so a re-import still converges.
  const derived = item.external_id == null ? derivedExternalId(workspace, item.channel, createdAt, customerRef, text, rawText, rawTitle) : null;
  const externalId = item.external_id ?? derived!.id;
  const maskedId = maskedRef(workspace, distinctId(externalId), found, ID_PII);
  const language = item.language === undefined ? detectLanguage(text) : stripBidi(item.language);
  // A text in another language than Korean is masked in English ([PHONE], not [전화번호] inside an
  // English sentence); redacted again only then, and only when something was masked (rare). The
  // derived id above keeps the Korean-masked text, as ids were always derived.
  if (englishPlaceholders(language)) {
    if (text !== rawText) text = maskNames(redactPii(rawText, EN_PLACEHOLDERS).text, names, 'en', found);
    if (title !== null && title !== rawTitle) title = maskNames(redactPii(rawTitle!, EN_PLACEHOLDERS).text, names, 'en', found);
  }
  const row: ItemRow = {
    workspace_id: workspace.id,
    channel: item.channel,
    source: item.source,
    external_id: maskedId,
    kind: item.kind,
    created_at: createdAt,
    title,
    text,
    language,
    pii_kinds: kindsOf(found.mask),
    customer_ref: customerRef,
    customer_segment: segment,
    customer_plan: plan,
    rating: item.rating ?? null,
    score: item.score ?? null,
    order_ref: orderRef,
    product_ref: productRef,
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
  // As the first formula's id was stored (maskedRef of it, what it found not counted: it is no data).
  if (derived?.legacy.length) row.legacy_external_ids = derived.legacy.map((id) => maskedRef(workspace, id, { mask: 0 }, ID_PII));
  return row;
}

/**
 * normalizeText(s) without its NFC and control-character passes when no character could need them:
 * printable ASCII, Latin, Hangul syllables and compatibility jamo, common punctuation and emoji are
 * all NFC starters that compose with nothing. Anything else takes the full path.
 */
export function normalizeTextFast(s: string): string {
  return needsNormalizing(s) ? normalizeText(s) : s.trim();
}

/** Whether `s` holds a character normalizeText could change (any but those normalizeTextFast lets through). */
function needsNormalizing(s: string): boolean {
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
    return true;
  }
  return false;
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

const bits = (...kinds: PiiKind[]): number => kinds.reduce((mask, k) => mask | PII_BIT.get(k)!, 0);
/**
 * What makes an item's own id a keyed hash: only what is unmistakable in it, an e-mail address or
 * a mobile number. A ticket number can pass a card's or an RRN's checks by chance, and ids already
 * stored must keep matching their re-sends.
 */
const ID_PII = bits('email', 'phone');
/**
 * What makes an order or product number a keyed hash: also an RRN or a card number (a customer's
 * card typed into the order number field). A date-prefixed order number (240512-1234567) can have
 * an RRN's shape; it is hashed too, still stable, so it still groups an order's items.
 */
const REF_PII = bits('email', 'phone', 'rrn', 'frn', 'card');

/**
 * Identifiers (ticket, order, product numbers) are kept as they are unless they hold personal data
 * of the kinds in `piiMask` (an e-mail or phone number used as a ticket id): then a keyed hash stands
 * in, the same for the same value, so re-sends still find their item.
 */
function maskedRef(workspace: Workspace, raw: string, found: Found, piiMask: number): string {
  const value = stripBidi(raw);
  let kinds = 0;
  // Cheap tests first: an e-mail has an '@', a mobile its prefix; an RRN or a card at least 7
  // digits, and only their two detectors need to run.
  if (value.includes('@') || MOBILE_IN_ID.test(value)) {
    for (const k of redactPii(value).kinds) kinds |= PII_BIT.get(k)!;
    kinds &= piiMask;
  } else if (piiMask !== ID_PII && hasDigits(value, 7)) {
    for (const k of rrnOrCardKinds(value)) kinds |= PII_BIT.get(k)!;
  }
  if (kinds === 0) return value;
  found.mask |= kinds;
  return `pii_${createHmac('sha256', workspace.pseudonym_key).update(`ref\u0001${value}`).digest('base64url').slice(0, 16)}`;
}

/** Whether `s` holds at least `n` ASCII digits. */
function hasDigits(s: string, n: number): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39 && --n === 0) return true;
  }
  return false;
}

/** A GTIN-13 or GTIN-14 (EAN barcode, ITF-14) with its check digit right. */
function isGtin(s: string): boolean {
  const n = s.length;
  if (n !== 13 && n !== 14) return false;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return false;
    if (i < n - 1) sum += (n - 1 - i) % 2 === 1 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10 === s.charCodeAt(n - 1) - 0x30;
}

/**
 * An item id with a lone surrogate (half an emoji, cut by a sender's substring): PostgreSQL would
 * store it with U+FFFD, so "문의-\udc00" and "문의-\ud800" would become one item, and the counts
 * would miss it (the stored id no longer matches). Refusing the item would lose a customer's words
 * to a sender's bug on every retry, so the id is kept apart instead: its well-formed form, readable,
 * then `~` and 8 characters of a hash of its exact UTF-16 code units — stable across re-sends and
 * different for a different broken character. A clean id is returned as it is.
 */
/**
 * The external id an item is stored under: its own, or a keyed hash when it is an e-mail address or a
 * phone number (maskedRef). What a lookup by identity before the pipeline must ask for.
 */
export function storedExternalId(workspace: Workspace, externalId: string): string {
  return maskedRef(workspace, distinctId(externalId), { mask: 0 }, ID_PII);
}

/** The metadata key naming the conversation an item belongs to (a chat, a ticket). */
export const CONVERSATION_ID_FIELD = 'conversation_id';

function maskedConversationId(workspace: Workspace, raw: string, found: Found): string {
  return maskedRef(workspace, distinctId(storable(raw).trim()), found, REF_PII);
}

/**
 * A conversation id as items store it (`metadata.conversation_id`): the id itself, or a keyed hash
 * when it holds personal data of the kinds an order number may not (maskedRef). What an update
 * about the conversation must look for.
 */
export function storedConversationId(workspace: Workspace, conversationId: string): string {
  return maskedConversationId(workspace, conversationId, { mask: 0 });
}

function distinctId(id: string): string {
  if (id.isWellFormed()) return id;
  return `${id.toWellFormed()}~${hash('sha256', Buffer.from(id, 'utf16le'), 'base64url').slice(0, 8)}`;
}

/**
 * Metadata keys that name personal data: their values are masked whatever they look like — a
 * phone number in a spreadsheet's number cell has lost its leading 0 (1012345678), and a name or
 * an address has no pattern to find.
 */
const PII_KEYS: [RegExp, PiiKind | null, string][] = [
  // Korean words anywhere in the name; English ones as the whole name, with at most two words
  // before (user_phone, buyerTel, customer email) — "mobile_app_version", "phoneModel", "hotel"
  // or "telemetry" are not personal data. Words may be joined by nothing, a space, '_' or '-'
  // (customerName, customer_name, customer-name: keys are tested with camelCase split, splitWords),
  // and a phone column may be numbered (phone2, tel1). HP and H.P are what Korean forms call a mobile.
  [
    /(?:전화|연락처|휴대폰|핸드폰|폰번호)|^(?:[a-z]+[ _-]){0,2}(?:phone|mobile|tel|telephone|cell[ _-]?phone|mobile[ _-]?phone|contact[ _-]?number|hp|h\.p\.?)(?:[ _-]?(?:no|num|number))?(?:[ _-]?\d{1,2})?$/i,
    'phone',
    '[전화번호]',
  ],
  [/주민(?:등록)?번호|^(?:rrn|resident[ _-]?(?:registration[ _-]?)?(?:no|number))$/i, 'rrn', '[주민등록번호]'],
  [/카드번호|^(?:[a-z]+[ _-])?card[ _-]?(?:no|num|number)$/i, 'card', '[카드번호]'],
  [/여권 ?번호|^passport(?:[ _-]?(?:no|num|number|id))?$/i, 'passport', '[여권번호]'],
  [/면허 ?번호|^(?:drivers?|driver's|driving)?[ _-]?licen[cs]e[ _-]?(?:no|num|number|id)$/i, 'driver_license', '[운전면허번호]'],
  [/계좌|^(?:[a-z]+[ _-])?(?:bank[ _-]?)?account[ _-]?(?:no|num|number)$/i, 'account', '[계좌번호]'],
  [/이메일|메일주소|^(?:[a-z]+[ _-])?e-?mail(?:[ _-]?(?:address|addr))?$/i, 'email', '[이메일]'],
  // Birth dates: no kind of their own in PII_KINDS (pii_kinds does not list them), masked whole.
  [/생년월일|^(?:생일|birth[ _-]?(?:date|day)|date[ _-]?of[ _-]?birth|dob)$/i, null, '[생년월일]'],
  // Names: only a person's, after a word that says whose (product_name, store_name are not); the
  // writer, asker, payer, applicant, receiver or sender of a board post, transfer or parcel (작성자,
  // 입금자명, 수신자) and a nickname are a person's too.
  [
    new RegExp(
      '^(?:(?:고객|주문자|구매자|수취인|수령인|수령자|받는 ?(?:분|사람|이)|보내는 ?(?:분|사람)|회원|예약자|신청자|신청인|예금주|작성자|문의자|입금자|수신자|발신자|보호자) ?(?:명|이름|성명|성함)' +
        '|이름|성명|성함|실명|닉네임|예금주|수취인|수령인|수령자|주문자|구매자|작성자|문의자|입금자|신청인|신청자|수신자|발신자|받는 ?(?:분|사람|이)|보내는 ?(?:분|사람)' +
        '|(?:(?:customer|cust|client|member|user|buyer|receiver|recipient|sender|orderer|shipping|billing|delivery|contact|depositor|' +
        '(?:account|card)[ _-]?holder)[ _-]?)?(?:(?:full|first|last|given|family|middle|real|nick)[ _-]?)?name' +
        // Korean ERPs abbreviate name as Nm (buyerNm, custNm, rcvrNm): only after a word saying whose.
        '|(?:customer|cust|client|member|mbr|user|buyer|receiver|rcvr|recipient|rcpt|sender|orderer|ordr|depositor|(?:account|card)[ _-]?holder)[ _-]?nm' +
        '|surname|recipient|receiver|buyer|orderer|(?:account|card)[ _-]?holder)$',
      'i',
    ),
    'name',
    '[이름]',
  ],
  // Addresses: a place's, not a machine's (ip_address, mac_address).
  [
    new RegExp(
      '^(?:(?:(?:배송|도로명|지번|상세|자택|집|기본|고객|회원|주문자|구매자|수취인|수령인|받는 ?(?:분|사람)|배송지) ?)?(?:주소|배송지|수령지)(?: ?[123])?|street' +
        '|(?:(?:shipping|billing|delivery|home|street|mailing|postal|residential|customer|receiver|recipient|buyer|user|' +
        '(?:ship|bill)[ _-]?to)[ _-]?)?(?:address|addr)(?:[ _-]?(?:line)?[ _-]?[123])?)$',
      'i',
    ),
    'address',
    '[주소]',
  ],
];

/** Cells that say there is nothing ("-", 없음, N/A): kept, they hold no one's data. */
const NO_VALUE = /^(?:-+|없음|미입력|해당 ?없음|n\/?a|none|null)$/i;

/** What a personal-data key's values are: their kind (null: personal data of no kind in PII_KINDS, a birth date) and placeholder. */
type KeyPii = [PiiKind | null, string];

/** What a metadata key becomes: the name stored, what its values are (when it names personal data), PII found in the name itself. */
interface MetadataKey {
  name: string;
  pii: KeyPii | null;
  found: number;
  /**
   * Whether the key names a time (its numbers are epoch seconds or milliseconds) or an identifier
   * (an id, a code, an order, a number of something): its numbers are kept as they are.
   */
  plainNumbers: boolean;
}

// Files repeat the same few column names on every row: remember what each one is.
const metadataKeyCache = new Map<string, MetadataKey>();

function metadataKey(key: string): MetadataKey {
  const hit = metadataKeyCache.get(key);
  if (hit !== undefined) return hit;
  const described = describeKey(key);
  if (key.length <= 40) {
    if (metadataKeyCache.size > 10_000) metadataKeyCache.clear();
    metadataKeyCache.set(key, described);
  }
  return described;
}

function describeKey(key: string): MetadataKey {
  const clean = stripBidi(storable(key));
  // A key that is an e-mail address or a phone number (a map keyed by customer) is masked like a
  // value. Only those two: a barcode used as a key has an RRN's shape.
  const r = redactPii(clean);
  let found = 0;
  for (const k of r.kinds) found |= PII_BIT.get(k)!;
  if ((found & ID_PII) === 0) found = 0;
  const name = found === 0 ? clean : r.text;
  // What the key says its values are, read from the key as written ("[이메일]" would say e-mail).
  let pii: KeyPii | null = null;
  const trimmed = clean.trim();
  const words = splitWords(trimmed);
  if (trimmed.length <= 40) {
    for (const [re, kind, placeholder] of PII_KEYS) {
      if (re.test(words)) {
        pii = [kind, placeholder];
        break;
      }
    }
  }
  return { name, pii, found, plainNumbers: TIME_KEY.test(words) || CODE_KEY.test(words) };
}

/** A camelCase key with its words apart (buyerTel → buyer_Tel), so the rules read it like buyer_tel; "hotel" stays one word. */
function splitWords(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1_$2');
}

/** Deeper than this, a value is dropped (null): items may nest 16 levels; a refused file row is kept this far. */
const MAX_REDACTED_DEPTH = 64;

/**
 * Metadata with every string redacted and storable, the values of personal-data keys masked and
 * keys holding an e-mail or phone number masked, at any depth.
 */
function redactDeep(value: unknown, found: Found, keyPii: KeyPii | null, depth: number, plainNumbers = false, names: readonly string[] = NO_NAMES): unknown {
  if (typeof value === 'string') {
    const clean = stripBidi(storable(value));
    const r = redactPii(clean);
    for (const k of r.kinds) found.mask |= PII_BIT.get(k)!;
    // A name, address or birth-date column is masked whole (nothing in it tells which part is
    // safe); other personal-data columns keep their text around what the patterns found.
    const whole = keyPii !== null && (keyPii[0] === 'name' || keyPii[0] === 'address' || keyPii[0] === null || !r.kinds.length);
    if (whole && clean.trim() && !NO_VALUE.test(clean.trim())) return maskKey(keyPii, found);
    // The row's named people (namesGiven) are masked in its other values too: a 메모 column that
    // says "홍길동 고객님 환불 요청" keeps no name the name column gave.
    return maskNames(r.text, names, 'ko', found);
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (keyPii && (keyPii[0] === 'name' || keyPii[0] === 'address' || keyPii[0] === null || String(value).length >= 6)) return maskKey(keyPii, found);
    return plainNumbers ? value : redactNumber(value, found);
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_REDACTED_DEPTH) return null;
  if (Array.isArray(value)) {
    const list = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) list[i] = redactDeep(value[i], found, keyPii, depth + 1, plainNumbers, names);
    return list;
  }
  const out: Record<string, unknown> = {};
  let renamed = false;
  for (const key of Object.keys(value)) {
    const described = metadataKey(key);
    let name = described.name;
    // Once a key was renamed it may meet another of the same name ("[이메일]" twice): keep both values.
    if (name !== key) renamed = true;
    if (renamed && Object.hasOwn(out, name)) name = freeKey(out, name);
    found.mask |= described.found;
    // setOwn: a `__proto__` key is the sender's data, not this object's prototype.
    setOwn(out, name, redactDeep((value as Record<string, unknown>)[key], found, described.pii ?? keyPii, depth + 1, described.plainNumbers, names));
  }
  return out;
}

/**
 * A number that is personal data typed as a number (an XLSX number cell, a JSON number): a 주민번호
 * or 외국인등록번호 (13 digits) or a card number (13–19), found by the same detectors as in text.
 * Its placeholder stands in, as for a string; any other number is kept. Integers of fewer than 9
 * digits are none of these and return at once. A 10-digit number starting 1[016789] is not taken
 * for a mobile number that lost its leading 0: it is far more often epoch seconds (1712345678),
 * an amount (1099000000 won), an id or a build number; a phone number typed as a number is masked
 * by its column's name (연락처, 휴대폰, phone: PII_KEYS). Callers skip this under a key that names
 * a time or an identifier (CODE_KEY, TIME_KEY).
 */
function redactNumber(value: number | bigint, found: Found): number | bigint | string {
  if (typeof value === 'number' && !(Number.isInteger(value) && value >= 100_000_000 && value < 1e21)) return value;
  if (typeof value === 'bigint' && value < 100_000_000n) return value;
  const digits = String(value);
  const kinds = rrnOrCardKinds(digits);
  if (kinds.length) {
    for (const k of kinds) found.mask |= PII_BIT.get(k)!;
    return PII_PLACEHOLDERS.ko[kinds[0]!];
  }
  return value;
}

/**
 * Keys that name an identifier: an id, a code, an order, a number of something (order_id, userId,
 * ticket_no, 주문번호, sku, barcode, invoice). Their numbers are ids, kept even when one passes a
 * card's or an RRN's checks by chance (a 16-digit order number), as the text redactor keeps a
 * number after a code label. Keys naming personal data (카드번호, 주민번호, 전화번호, card_no) are
 * PII_KEYS and masked whole before this is asked. Tested with camelCase split (splitWords).
 */
const CODE_KEY = /id$|_id|ids$|(?:^|[ _-])(?:no|nr|num|number)$|번호$|code|코드|order|주문|sku|barcode|바코드|invoice|tracking|송장/i;

/** Keys that name a time, whose numbers are epoch seconds or milliseconds (created_at, updatedAt, ts, 일시, 시각). */
const TIME_KEY =
  /(?:^|[ _-])(?:at|ts|time|timestamp|epoch|date|datetime|ms|millis|seconds|secs?|created|updated|modified)$|^(?:ts|time|timestamp|epoch|created|updated|modified)(?:[ _-]|$)|일시|시각|일자|날짜|시간/i;

/** `name (2)`, `name (3)`…: the first that `out` does not have yet. */
function freeKey(out: Record<string, unknown>, name: string): string {
  let n = 2;
  while (Object.hasOwn(out, `${name} (${n})`)) n++;
  return `${name} (${n})`;
}

/**
 * A file row's values masked as a stored item's metadata is (every string redacted and storable,
 * personal-data columns masked whatever they hold, keys holding an e-mail or phone masked): what a
 * rejected row keeps, so a reject shows no more than its item would have stored.
 */
export function redactValues(values: Record<string, unknown>, names: readonly string[] = rowNames(values)): Record<string, unknown> {
  return redactDeep(values, { mask: 0 }, null, 0, false, names) as Record<string, unknown>;
}

/**
 * The people a file row names in its name columns (고객명, customer_name …), longest first: masked
 * wherever else the row writes them (a 메모 "홍길동 고객님 환불 요청"), as a stored item's are.
 */
export function rowNames(values: Record<string, unknown>): readonly string[] {
  return namesGiven(values);
}

/** The item fields that name the item or a thing rather than say something: a refused row keeps them as the item stores them. */
export const IDENTITY_FIELDS = ['external_id', 'customer_id', 'order_ref', 'product_ref', 'assignee'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/**
 * A refused file row's values as redactValues masks them, except the columns that give the item's
 * identity fields (`columns`: field → column), which hold what the stored item would: the id as
 * stored (itself, or its keyed hash when it is an e-mail or phone), the customer's pseudonym, an
 * order or product number itself or its keyed hash, the assignee as given. A placeholder there
 * ("[주민등록번호]" for the id 240512-1234567) would make every corrected row one item under it.
 * `cell` reads a cell as the mapping does (un-guarding Sori's own files): every value is read
 * through it before it is masked, so a value the rejects file guarded ('=SUM…) is kept as the
 * customer wrote it and guarded once when written again, not once more per round of corrections.
 */
export function redactRejectedValues(
  values: Record<string, unknown>,
  workspace: Workspace,
  columns: Partial<Record<IdentityField, string>>,
  cell?: (value: unknown) => unknown,
): Record<string, unknown> {
  const read = cell ? readCells(values, cell) : values;
  const out = redactValues(read);
  for (const field of IDENTITY_FIELDS) {
    const column = columns[field];
    // A column whose name was masked (an e-mail address as a header) is left as redactValues made it.
    if (column === undefined || !Object.hasOwn(values, column) || !Object.hasOwn(out, column)) continue;
    const raw = read[column];
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'bigint') continue;
    const text = String(raw);
    const given = storable(text).trim();
    if (!given) continue;
    // Cleaned as prepareItem cleans each field before validation trims it (withStorableFields).
    // A customer id composed as the item's is (withStorableFields): an id typed on a Mac (NFD) gave
    // the rejected row another pseudonym than its item, so erasing the customer left the row behind.
    const value = field === 'external_id' ? text.replaceAll('\0', '').trim() : field === 'customer_id' ? text.normalize('NFC').trim() : given;
    const stored = identityAsStored(field, value, workspace);
    setOwn(out, column, stored === text ? raw : stored);
  }
  return out;
}

/** `values` with each top-level cell read by `cell`; the same object when none changes. */
function readCells(values: Record<string, unknown>, cell: (value: unknown) => unknown): Record<string, unknown> {
  let out = values;
  for (const key of Object.keys(values)) {
    const v = values[key];
    const read = cell(v);
    if (read === v) continue;
    if (out === values) out = { ...values };
    setOwn(out, key, read);
  }
  return out;
}

/** An identity field's value as toRow stores it (what a re-import of that value stores again). */
function identityAsStored(field: IdentityField, value: string, workspace: Workspace): string {
  const none: Found = { mask: 0 };
  switch (field) {
    case 'external_id':
      return storedExternalId(workspace, value);
    case 'customer_id':
      return customerRefOf(workspace, value);
    case 'order_ref':
      return maskedRef(workspace, value, none, REF_PII);
    case 'product_ref':
      return isGtin(value) ? value : maskedRef(workspace, value, none, REF_PII);
    case 'assignee':
      return stripBidi(value);
  }
}

const NO_NAMES: readonly string[] = [];
/** The placeholders' words (이름, 주소, PHONE…): a "name" among them would be masked inside the masks. */
const PLACEHOLDER_WORDS: readonly string[] = [...new Set(Object.values(PII_PLACEHOLDERS).flatMap((forms) => Object.values(forms)))];
const HANGUL_ONLY = /^[\uac00-\ud7a3]+$/;

/**
 * The people's names a row's metadata gives under a name key (고객명, 작성자, 입금자명, customer_name:
 * PII_KEYS), at most three levels down, longest first; nothing shorter than two letters or that says
 * there is nothing (-, 없음).
 */
function namesGiven(metadata: Record<string, unknown>, depth = 0, out: string[] = []): readonly string[] {
  for (const key of Object.keys(metadata)) {
    const value = metadata[key];
    if (typeof value === 'string') {
      if (metadataKey(key).pii?.[0] !== 'name') continue;
      const name = stripBidi(storable(value)).normalize('NFC').trim();
      if (name.length >= 2 && name.length <= 40 && !NO_VALUE.test(name) && !PLACEHOLDER_WORDS.some((w) => w.includes(name)) && !out.includes(name)) out.push(name);
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 2) {
      namesGiven(value as Record<string, unknown>, depth + 1, out);
    }
  }
  return depth === 0 ? out.sort((a, b) => b.length - a.length) : out;
}

/**
 * `text` with each of `names` replaced by the name placeholder. A Korean name of three or more
 * syllables wherever it stands (particles and 님 are glued on: 홍길동입니다); one of two syllables
 * (이상, 한결) only as a word of its own or before 님, 씨, 고객 or a particle, so "이상해요" stays; any
 * other name as a whole word, case aside.
 */
function maskNames(text: string, names: readonly string[], lang: 'ko' | 'en', found: Found): string {
  if (names.length === 0) return text;
  const placeholder = PII_PLACEHOLDERS[lang].name;
  let out = text;
  for (const name of names) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = !HANGUL_ONLY.test(name)
      ? new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu')
      : name.length >= 3
        ? new RegExp(escaped, 'g')
        : new RegExp(`(?<![\\uac00-\\ud7a3])${escaped}(?=$|[^\\uac00-\\ud7a3]|님|씨|고객|(?:이|가|은|는|을|를|의|에게|께|입니다|이에요|예요|이고|이며)(?![\\uac00-\\ud7a3]))`, 'g');
    const masked = out.replace(re, placeholder);
    if (masked !== out) {
      found.mask |= PII_BIT.get('name')!;
      out = masked;
    }
  }
  return out;
}

function maskKey([kind, placeholder]: KeyPii, found: Found): string {
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
    row.customer_plan, row.rating, row.score, row.order_ref, row.product_ref, isEmpty(row.metadata) ? '{}' : canonicalJson(row.metadata),
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

/**
 * JSON with every object's keys in sorted order, at any depth: the same metadata hashes the same
 * whatever order its keys come in (PostgreSQL's jsonb reorders them, so Sori's own export came back
 * "changed"). For keys already sorted it is JSON.stringify's text, so such items keep their hash.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (value[i] === undefined ? 'null' : canonicalJson(value[i]));
    return `${out}]`;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
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
