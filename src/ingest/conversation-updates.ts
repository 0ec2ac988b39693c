import { createHash } from 'node:crypto';
import { ANSWER_CLOCK_SKEW_MS } from '../domain/item.js';
import type { Db } from '../store/db.js';
import type { ConversationUpdate } from './adapters/types.js';

/** How long an update waits for the first item of its conversation before it is dropped. */
export const PENDING_UPDATE_DAYS = 7;

const UPDATE_SQL = `UPDATE items SET
   first_response_at = CASE WHEN $4::timestamptz IS NULL OR $4::timestamptz < items.created_at - $10::interval THEN first_response_at
                            WHEN first_response_at IS NULL OR GREATEST($4::timestamptz, items.created_at) < first_response_at THEN GREATEST($4::timestamptz, items.created_at)
                            ELSE first_response_at END,
   handled_by = CASE WHEN $5::text = 'human' THEN 'human'
                     WHEN $5::text = 'bot' AND handled_by IS NULL THEN 'bot' ELSE handled_by END,
   status = CASE WHEN newer THEN COALESCE($6::text, status) ELSE status END,
   assignee = CASE WHEN newer THEN COALESCE($7::text, assignee) ELSE assignee END,
   resolved_at = CASE WHEN newer AND $8::timestamptz >= items.created_at - $10::interval
                      THEN GREATEST($8::timestamptz, items.created_at)
                      WHEN resolved_at IS NULL AND $11::timestamptz >= items.created_at - $10::interval
                      THEN GREATEST($11::timestamptz, items.created_at) ELSE resolved_at END,
   metadata = CASE WHEN newer THEN jsonb_set(metadata, '{conversation_updated_at}', to_jsonb($9::text)) ELSE metadata END,
   updated_at = now()
 FROM (SELECT id AS target_id,
         (metadata->>'conversation_updated_at' IS NULL
          OR (metadata->>'conversation_updated_at')::timestamptz < $9::timestamptz) AS newer
       FROM items WHERE workspace_id = $1 AND source = $2 AND metadata->>'conversation_id' = $3) t
 WHERE items.id = t.target_id
 RETURNING items.id`;

/** Applies one update to the stored items of its conversation; how many rows it touched (0: none stored yet). */
async function applyOne(db: Db, workspaceId: number, source: string, u: ConversationUpdate): Promise<number> {
  const rows = await db.query(UPDATE_SQL, [
    workspaceId,
    source,
    u.conversation_id,
    u.first_response_at ?? null,
    u.handled_by ?? null,
    u.status ?? null,
    u.assignee ?? null,
    u.resolved_at ?? null,
    u.at,
    `${ANSWER_CLOCK_SKEW_MS / 1000} seconds`,
    u.resolved_at_if_none ?? null,
  ]);
  return rows.length;
}

/** What `applyConversationUpdates` did: item rows changed, and the conversations whose updates wait for their first item. */
export interface ConversationUpdatesResult {
  changed: number;
  pending: string[];
}

/**
 * Applies agent/bot replies and status changes to the stored items of a conversation. Safe under
 * redelivery and reordering: first_response_at only moves earlier, 'human' beats 'bot', and
 * status/assignee/resolved_at apply only when newer than the last applied update. Neither answer
 * time applies to a message written more than ANSWER_CLOCK_SKEW_MS after it (within that: at the message's own time).
 * An update about a conversation with no stored item yet (Channel Talk delivers a manager's reply,
 * a bot greeting or the chat's close in no particular order, and before the customer's message
 * when the chat began with them) is kept in `pending_conversation_updates` and applied by
 * `applyPendingConversationUpdates` when an item of the conversation is stored (audit s11 M1).
 * The same rules make that late application converge to what the in-order one gives.
 */
export async function applyConversationUpdates(db: Db, workspaceId: number, source: string, updates: ConversationUpdate[]): Promise<ConversationUpdatesResult> {
  let changed = 0;
  const kept = new Set<string>();
  for (const u of updates) {
    const rows = await applyOne(db, workspaceId, source, u);
    changed += rows;
    if (rows > 0) continue;
    const payload = JSON.stringify(u);
    await db.query(
      `INSERT INTO pending_conversation_updates (workspace_id, source, conversation_id, update_hash, payload)
       VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING`,
      [workspaceId, source, u.conversation_id, createHash('sha256').update(payload).digest('hex'), payload],
    );
    kept.add(u.conversation_id);
  }
  if (!kept.size) return { changed, pending: [] };
  await db.query(`DELETE FROM pending_conversation_updates WHERE received_at < now() - $1::interval`, [`${PENDING_UPDATE_DAYS} days`]);
  // The item may have been stored meanwhile, its own check for pending updates made before this
  // one's row was written: each side writes, then looks for the other, so one of them sees both.
  const applied = await applyPendingConversationUpdates(db, workspaceId, source, [...kept]);
  changed += applied.changed;
  return { changed, pending: [...kept].filter((id) => !applied.conversations.has(id)) };
}

/**
 * Applies and removes the kept updates of these conversations that now have a stored item (call
 * it after storing items); ones kept longer than PENDING_UPDATE_DAYS are dropped unapplied. The
 * rows are taken and applied in one transaction, so a failure leaves them kept.
 */
export async function applyPendingConversationUpdates(
  db: Db,
  workspaceId: number,
  source: string,
  conversationIds: string[],
): Promise<{ changed: number; conversations: Set<string> }> {
  const conversations = new Set<string>();
  if (!conversationIds.length) return { changed: 0, conversations };
  return db.transaction(async (tx) => {
    const taken = await tx.query<{ conversation_id: string; payload: ConversationUpdate; expired: boolean }>(
      `DELETE FROM pending_conversation_updates p
       WHERE p.workspace_id = $1 AND p.source = $2 AND p.conversation_id = ANY($3::text[])
         AND EXISTS (SELECT 1 FROM items i WHERE i.workspace_id = $1 AND i.source = $2 AND i.metadata ? 'conversation_id'
                     AND i.metadata->>'conversation_id' = p.conversation_id)
       RETURNING p.conversation_id, p.payload, p.received_at < now() - $4::interval AS expired`,
      [workspaceId, source, [...new Set(conversationIds)], `${PENDING_UPDATE_DAYS} days`],
    );
    let changed = 0;
    // In the order the events happened, as they would have been applied on time.
    for (const row of taken.sort((a, b) => Date.parse(a.payload.at) - Date.parse(b.payload.at))) {
      if (row.expired) continue;
      changed += await applyOne(tx, workspaceId, source, row.payload);
      conversations.add(row.conversation_id);
    }
    return { changed, conversations };
  });
}
