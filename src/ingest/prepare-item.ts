import { createHash, createHmac } from 'node:crypto';
import type { z } from 'zod';
import { itemInputSchema, type PiiKind, PII_KINDS, type ValidItem } from '../domain/item.js';
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
  const withDefaults = {
    ...input,
    channel: blank(input.channel) ? defaults.channel : input.channel,
    source: blank(input.source) ? defaults.source : input.source,
    kind: blank(input.kind) ? defaults.kind : input.kind,
  };
  const parsed = itemInputSchema.safeParse(withDefaults);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  return { ok: true, row: toRow(parsed.data, workspace, importRunId ?? null, carried(input)) };
}

const CUSTOMER_REF = /^c_[A-Za-z0-9_-]{16}$/;

/**
 * What a row exported by Sori carries that is already processed: the pseudonymous customer ref
 * (used only when no raw customer id is given) and the PII kinds found when it was first stored.
 */
function carried(input: Record<string, unknown>): { customerRef: string | null; piiKinds: PiiKind[] } {
  const ref = typeof input.customer_ref === 'string' && CUSTOMER_REF.test(input.customer_ref) ? input.customer_ref : null;
  const raw = input.pii_kinds;
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[,\s]+/) : [];
  return { customerRef: ref, piiKinds: PII_KINDS.filter((k) => list.includes(k)) };
}

function blank(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.map(String).join('.') : null,
    code: issue.code === 'invalid_value' ? 'invalid_value' : issue.code === 'invalid_type' ? 'invalid_type' : 'invalid_field',
    message: issue.message,
  }));
}

function toRow(item: ValidItem, workspace: Workspace, importRunId: string | null, prior: ReturnType<typeof carried>): ItemRow {
  const found = new Set<PiiKind>(prior.piiKinds);
  const redact = (s: string | undefined): string | null => {
    if (s === undefined) return null;
    const r = redactPii(normalizeText(s));
    for (const k of r.kinds) found.add(k);
    return r.text;
  };
  const text = redact(item.text)!;
  const title = redact(item.title);
  const metadata = item.metadata ? (redactDeep(item.metadata, found) as Record<string, unknown>) : {};
  const customerRef = item.customer_id ? pseudonymise(workspace.pseudonym_key, item.customer_id) : prior.customerRef;
  const createdAt = item.created_at;
  const externalId =
    item.external_id ??
    // No id from the source: derive one from the content so a re-import still converges.
    `h:${createHash('sha1').update(`${item.channel}\u0001${createdAt.toISOString()}\u0001${customerRef ?? ''}\u0001${text}`).digest('base64url').slice(0, 22)}`;
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
    pii_kinds: PII_KINDS.filter((k) => found.has(k)),
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

function redactDeep(value: unknown, found: Set<PiiKind>, depth = 0): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'string') {
    const r = redactPii(value);
    for (const k of r.kinds) found.add(k);
    return r.text;
  }
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, found, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, found, depth + 1);
  return out;
}

// Customers repeat: remember recent pseudonyms (HMAC costs a few µs; imports have millions of rows).
const pseudonymCache = new Map<string, string>();
const PSEUDONYM_CACHE_MAX = 50_000;

/** Stable pseudonym for a customer id within one workspace (HMAC-SHA256, 96 bits). */
export function pseudonymise(key: string, customerId: string): string {
  const cacheKey = `${key}\u0001${customerId}`;
  const hit = pseudonymCache.get(cacheKey);
  if (hit) return hit;
  const ref = `c_${createHmac('sha256', key).update(customerId.trim()).digest('base64url').slice(0, 16)}`;
  if (pseudonymCache.size >= PSEUDONYM_CACHE_MAX) pseudonymCache.clear();
  pseudonymCache.set(cacheKey, ref);
  return ref;
}

const HASHED_FIELDS = [
  'channel', 'kind', 'created_at', 'title', 'text', 'language', 'customer_ref', 'customer_segment', 'customer_plan',
  'rating', 'score', 'order_ref', 'product_ref', 'metadata', 'status', 'assignee', 'first_response_at', 'resolved_at',
  'reopened_count', 'handled_by',
] as const;

function contentHash(row: ItemRow): string {
  // One string, one digest: many small update() calls cost more than the hashing itself.
  let s = '';
  for (const f of HASHED_FIELDS) {
    const v = row[f];
    s += v instanceof Date ? v.toISOString() : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
    s += '\u0001';
  }
  return createHash('sha1').update(s).digest('base64url');
}
