import type { ItemInput, ItemStatus } from '../../domain/item.js';

/** Why a webhook request was refused; each code maps to 401 in `ERROR_STATUS`. */
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
 *   `at` is newer than the last update applied.
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
}

export interface ParseOptions {
  /** Source written on every item (the receiver's configured source); default: the adapter's. */
  source?: string;
}

/** One channel adapter: maps a vendor's webhook to items and checks that the vendor sent it. */
export interface ChannelAdapter {
  name: 'generic' | 'channeltalk' | 'zendesk';
  defaultSource: string;
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
