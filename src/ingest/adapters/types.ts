import { SoriError } from '../../domain/errors.js';
import type { ItemInput, ItemStatus } from '../../domain/item.js';

/** Most items (and conversation updates) one webhook delivery may carry, whatever the adapter. */
export const MAX_WEBHOOK_ITEMS = 1000;

/** Refuses a delivery of more than MAX_WEBHOOK_ITEMS entries with `payload_too_large` (413). */
export function checkWebhookItemCount(count: number, adapter: string): void {
  if (count <= MAX_WEBHOOK_ITEMS) return;
  throw new SoriError(
    'payload_too_large',
    `${count} items in one webhook delivery; send at most ${MAX_WEBHOOK_ITEMS} / 웹훅 한 번에 최대 ${MAX_WEBHOOK_ITEMS}건까지 보낼 수 있습니다`,
    { adapter, limit: MAX_WEBHOOK_ITEMS },
  );
}

/**
 * Why a webhook request was refused; each code maps to 401 in `ERROR_STATUS`.
 * `signature_missing` and `signature_malformed` depend on the headers and query only, never on
 * the body: the receiver checks them before it reads the body.
 */
export type SignatureErrorCode = 'signature_missing' | 'signature_malformed' | 'signature_mismatch' | 'signature_expired';

export type VerifyResult = { ok: true } | { ok: false; code: SignatureErrorCode };

/** Request headers or query parameters; header names are matched case-insensitively. */
export type HeaderMap = Record<string, string | undefined>;
export type QueryMap = Record<string, string | undefined>;

/**
 * A change to a conversation that is not itself a customer voice (an agent's or a bot's reply,
 * a status change). Items of the same conversation carry `metadata.conversation_id`; whoever
 * stores updates applies them to those items with these rules, so redelivered or out-of-order
 * events converge:
 * - `first_response_at` is a candidate: keep the earliest one that is not before the item's
 *   own created_at (an agent may write first), never move it later;
 * - `handled_by: 'human'` overrides `'bot'`, never the reverse;
 * - `status`, `assignee`, `resolved_at` are the latest known state at `at`: apply only when
 *   `at` is newer than the last update applied;
 * - `resolved_at_if_none` is a resolution known only from a status seen after the fact (a Zendesk
 *   event about a ticket already solved or closed): it fills an item without one, never moves an
 *   exact one (`late_resolved_at` may replace it);
 * - a newer unresolved status on a resolved or closed item reopens it: its resolution goes and
 *   `reopened_count` grows by one;
 * - every update is kept 7 days and given to items of its conversation stored later — none stored
 *   yet, or a message delivered after its chat was answered (conversation-updates.ts).
 */
export interface ConversationUpdate {
  source: string;
  conversation_id: string;
  /** When the event that produced this update happened (ISO 8601). */
  at: string;
  first_response_at?: string;
  handled_by?: 'bot' | 'human';
  status?: ItemStatus;
  assignee?: string;
  resolved_at?: string;
  resolved_at_if_none?: string;
  /**
   * An exact resolution from an event older than the stored state (a Zendesk solve delivered after
   * a later event of the ticket): replaces a resolution only inferred from `resolved_at_if_none`
   * while the item is still resolved or closed, nothing else.
   */
  late_resolved_at?: string;
}

/** What an adapter made of one webhook delivery. */
export interface WebhookParseResult {
  items: ItemInput[];
  updates?: ConversationUpdate[];
  /**
   * Parts of the delivery deliberately skipped (group chats, files without text, user events…),
   * one short reason each. The route still answers 2xx: vendors retry and eventually disable
   * webhooks that keep failing.
   */
  ignored?: string[];
  /** Parts stored, but not as well as they could be (a time that could not be read), one short reason each. */
  warnings?: string[];
}

export interface ParseOptions {
  /**
   * Source written on every item (the receiver's configured source), replacing any the sender
   * named: a receiver writes only under its own source. Default: the adapter's.
   */
  source?: string;
}

/** One channel adapter: maps a vendor's webhook to items and checks that the vendor sent it. */
export interface ChannelAdapter {
  name: 'generic' | 'channeltalk' | 'zendesk';
  defaultSource: string;
  /**
   * For adapters whose items carry a vendor record's whole current state (a Zendesk ticket):
   * the metadata key holding when the vendor last changed the record (ISO 8601). A delivery
   * older than the stored copy is skipped, so a late or re-sent event never rolls it back.
   */
  stateVersionKey?: string;
  /** Maps a parsed JSON body; throws `SoriError('bad_request')` for a body of the wrong shape. */
  parseWebhook(body: unknown, headers: HeaderMap, options?: ParseOptions): WebhookParseResult;
  /** Checks the request's signature or token against the receiver's secret. */
  verify(rawBody: string | Buffer, headers: HeaderMap, query: QueryMap, secret: string, nowMs?: number): VerifyResult;
}

/** Reads a header by name, whatever the case the caller stored it in. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
