import { createHmac, hash } from 'node:crypto';
import type { z } from 'zod';
import { type PiiKind, PII_KINDS, safeParseItemInput, type ValidItem } from '../domain/item.js';
import { redactPii } from '../text/pii.js';
import { detectLanguage, normalizeText } from '../text/language.js';
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
  const parsed = safeParseItemInput(withDefaults(input, defaults));
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  return { ok: true, row: toRow(parsed.data, workspace, importRunId ?? null, input) };
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
    message: issue.message,
  }));
}

/** PII kinds found so far in one item, as bits of PII_BIT. */
interface Found {
  mask: number;
}

function redactText(s: string, found: Found): string {
  const r = redactPii(normalizeFast(s));
  for (const k of r.kinds) found.mask |= PII_BIT.get(k)!;
  return r.text;
}

function toRow(item: ValidItem, workspace: Workspace, importRunId: string | null, input: Record<string, unknown>): ItemRow {
  const found: Found = { mask: carriedPiiKinds(input) };
  const text = redactText(item.text, found);
  const title = item.title === undefined ? null : redactText(item.title, found);
  const metadata = item.metadata ? (redactDeep(item.metadata, found, 0) as Record<string, unknown>) : {};
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
    external_id: externalId,
    kind: item.kind,
    created_at: createdAt,
    title,
    text,
    language: item.language ?? detectLanguage(text),
    pii_kinds: kindsOf(found.mask),
    customer_ref: customerRef,
    customer_segment: item.customer_segment ?? null,
    customer_plan: item.customer_plan ?? null,
    rating: item.rating ?? null,
    score: item.score ?? null,
    order_ref: item.order_ref ?? null,
    product_ref: item.product_ref ?? null,
    metadata,
    status: item.status ?? null,
    assignee: item.assignee ?? null,
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
function normalizeFast(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x7f ? c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d : NFC_STABLE_BMP(c)) continue;
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
export function NFC_STABLE_BMP(c: number): boolean {
  return c >= 0xac00
    ? c <= 0xd7a3 || (c >= 0xff01 && c <= 0xff5e)
    : c <= 0x2ff
      ? c >= 0x80
      : (c >= 0x3131 && c <= 0x318e) || (c >= 0x3000 && c <= 0x3029) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e);
}

function redactDeep(value: unknown, found: Found, depth: number): unknown {
  if (typeof value === 'string') {
    const r = redactPii(value);
    for (const k of r.kinds) found.mask |= PII_BIT.get(k)!;
    return r.text;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, found, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = redactDeep((value as Record<string, unknown>)[key], found, depth + 1);
  return out;
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
 * Fingerprint of everything an update can change, so an unchanged re-send is skipped. Dates enter
 * as epoch ms (toISOString costs more than the hashing); one string, one digest.
 */
function contentHash(row: ItemRow): string {
  const s =
    `${row.channel}\u0001${row.kind}\u0001${row.created_at.getTime()}\u0001${row.title}\u0001${row.text}\u0001${row.language}` +
    `\u0001${row.customer_ref}\u0001${row.customer_segment}\u0001${row.customer_plan}\u0001${row.rating}\u0001${row.score}` +
    `\u0001${row.order_ref}\u0001${row.product_ref}\u0001${isEmpty(row.metadata) ? '{}' : JSON.stringify(row.metadata)}` +
    `\u0001${row.status}\u0001${row.assignee}\u0001${row.first_response_at?.getTime() ?? null}` +
    `\u0001${row.resolved_at?.getTime() ?? null}\u0001${row.reopened_count}\u0001${row.handled_by}`;
  return hash('sha1', s, 'base64url');
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}
