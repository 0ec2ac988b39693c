/**
 * The generic JSON receiver: any system that can send an HTTP request posts Sori items.
 *
 * Built from Sori's own item contract (`ItemInput` in src/domain/item.ts) and the Sori webhook
 * signature (`X-Sori-Signature`, see signature.ts). Accepted bodies:
 *   { ...one item }            one item, fields named as in ItemInput
 *   { "items": [ {...}, … ] }  a batch
 *   [ {...}, … ]               a batch
 * Only the envelope is checked here; each item is validated by the pipeline (itemInputSchema),
 * which reports a bad element by its index in the batch, so elements are passed on in order,
 * unchanged but for `source`: a receiver writes only under its own configured source (a
 * generic receiver must not be able to overwrite another source's items, e.g. 'zendesk').
 * Enum values may be spelled in Korean (채팅, 1:1문의, 처리완료: withItemWords), as files may.
 * An item may carry `source_updated_at` (when the sender's system last changed the record): the
 * receiver then skips it when a newer state is stored (ingest/latest-states.ts `ingestSourceStates`).
 */
import { SoriError } from '../../domain/errors.js';
import type { ItemInput } from '../../domain/item.js';
import { normalizeEnumValue } from '../files/column-mapping.js';
import { SORI_SIGNATURE_HEADER, verifySoriSignature } from './signature.js';
import { checkWebhookItemCount, headerValue, MAX_WEBHOOK_ITEMS, type ChannelAdapter, type WebhookParseResult } from './types.js';

/** Most items one generic delivery may carry; larger batches should be split by the sender. */
export const MAX_GENERIC_ITEMS = MAX_WEBHOOK_ITEMS;

const SHAPE_HINT = 'expected one item object, an array of items, or {"items": [...]} / 항목 객체 하나, 항목 배열, 또는 {"items": [...]}로 보내세요';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Unwraps a generic body into its list of (unvalidated) items. */
export function parseGenericBody(body: unknown): ItemInput[] {
  let list: unknown[];
  if (Array.isArray(body)) list = body;
  else if (isPlainObject(body) && 'items' in body) {
    if (!Array.isArray(body.items)) {
      throw new SoriError('bad_request', `"items" must be an array; ${SHAPE_HINT}`, { adapter: 'generic' });
    }
    list = body.items;
  } else if (isPlainObject(body)) {
    if (Object.keys(body).length === 0) throw new SoriError('bad_request', `empty object; ${SHAPE_HINT}`, { adapter: 'generic' });
    list = [body];
  } else {
    const got = body === null ? 'null' : typeof body;
    throw new SoriError('bad_request', `body is ${got}; ${SHAPE_HINT}`, { adapter: 'generic' });
  }
  checkWebhookItemCount(list.length, 'generic');
  return list as ItemInput[];
}

/** The fields whose values a sender may spell as Korean tools and files do (normalizeEnumValue). */
const WORDED_FIELDS = ['channel', 'kind', 'status', 'handled_by', 'rating', 'score'] as const;

/**
 * An item with its values spelled as a Korean help desk or form tool sends them — 채팅, 카카오톡,
 * 1:1문의, 처리완료, 상담사, "5점", ★★★★☆ — read as Sori's own (chat, board, solved, human, 5), as a
 * file's columns are: the sender is another company's system, which an operator cannot make send
 * `chat`. Unknown words stay as they are, for validation to refuse. `POST /items` takes Sori's own
 * names only (its schema is the contract) and says which one a known word means.
 */
function withItemWords(item: ItemInput): ItemInput {
  let out: Record<string, unknown> | undefined;
  for (const field of WORDED_FIELDS) {
    const value = (item as Record<string, unknown>)[field];
    if (typeof value !== 'string') continue;
    const word = normalizeEnumValue(field, value);
    if (word !== value) (out ??= { ...item })[field] = word;
  }
  return (out as ItemInput | undefined) ?? item;
}

export const generic: ChannelAdapter = {
  name: 'generic',
  defaultSource: 'webhook',
  parseWebhook(body, _headers, options): WebhookParseResult {
    const items = parseGenericBody(body);
    const source = options?.source;
    // Non-objects stay as they are: the pipeline rejects them by index.
    return { items: items.map((i) => (isPlainObject(i) ? withItemWords(source ? ({ ...i, source } as ItemInput) : i) : i)) };
  },
  verify(rawBody, headers, _query, secret, nowMs) {
    return verifySoriSignature(rawBody, headerValue(headers, SORI_SIGNATURE_HEADER), secret, nowMs);
  },
};
