import { ANSWER_CLOCK_SKEW_MS } from '../domain/item.js';
import type { Db } from '../store/db.js';
import type { ConversationUpdate } from './adapters/types.js';

/**
 * Applies agent/bot replies and status changes to the stored items of a conversation. Safe under
 * redelivery and reordering: first_response_at only moves earlier, 'human' beats 'bot', and
 * status/assignee/resolved_at apply only when newer than the last applied update. Neither answer
 * time applies to a message written more than ANSWER_CLOCK_SKEW_MS after it (within that: at the message's own time).
 * Returns how many item rows changed.
 */
export async function applyConversationUpdates(db: Db, workspaceId: number, source: string, updates: ConversationUpdate[]): Promise<number> {
  let changed = 0;
  for (const u of updates) {
    const rows = await db.query(
      `UPDATE items SET
         first_response_at = CASE WHEN $4::timestamptz IS NULL OR $4::timestamptz < items.created_at - $10::interval THEN first_response_at
                                  WHEN first_response_at IS NULL OR GREATEST($4::timestamptz, items.created_at) < first_response_at THEN GREATEST($4::timestamptz, items.created_at)
                                  ELSE first_response_at END,
         handled_by = CASE WHEN $5::text = 'human' THEN 'human'
                           WHEN $5::text = 'bot' AND handled_by IS NULL THEN 'bot' ELSE handled_by END,
         status = CASE WHEN newer THEN COALESCE($6::text, status) ELSE status END,
         assignee = CASE WHEN newer THEN COALESCE($7::text, assignee) ELSE assignee END,
         resolved_at = CASE WHEN newer AND $8::timestamptz >= items.created_at - $10::interval
                            THEN GREATEST($8::timestamptz, items.created_at) ELSE resolved_at END,
         metadata = CASE WHEN newer THEN jsonb_set(metadata, '{conversation_updated_at}', to_jsonb($9::text)) ELSE metadata END,
         updated_at = now()
       FROM (SELECT id AS target_id,
               (metadata->>'conversation_updated_at' IS NULL
                OR (metadata->>'conversation_updated_at')::timestamptz < $9::timestamptz) AS newer
             FROM items WHERE workspace_id = $1 AND source = $2 AND metadata->>'conversation_id' = $3) t
       WHERE items.id = t.target_id
       RETURNING items.id`,
      [
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
      ],
    );
    changed += rows.length;
  }
  return changed;
}
