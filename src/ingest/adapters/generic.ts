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
 * An item may carry `source_updated_at` (when the sender's system last changed the record): the
 * receiver then skips it when a newer state is stored (ingest/latest-states.ts `ingestSourceStates`).
 */
import { SoriError } from '../../domain/errors.js';
import type { ItemInput } from '../../domain/item.js';
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

export const generic: ChannelAdapter = {
  name: 'generic',
  defaultSource: 'webhook',
  parseWebhook(body, _headers, options): WebhookParseResult {
    const items = parseGenericBody(body);
    const source = options?.source;
    // Non-objects stay as they are: the pipeline rejects them by index.
    if (!source) return { items };
    return { items: items.map((i) => (isPlainObject(i) ? ({ ...i, source } as ItemInput) : i)) };
  },
  verify(rawBody, headers, _query, secret, nowMs) {
    return verifySoriSignature(rawBody, headerValue(headers, SORI_SIGNATURE_HEADER), secret, nowMs);
  },
};
