import { createHash } from 'node:crypto';
import { ANSWER_CLOCK_SKEW_MS, CONVERSATION_UPDATED_FIELD, UNRESOLVED_STATUSES } from '../domain/item.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { storedConversationId } from './prepare-item.js';
import type { Db } from '../store/db.js';
import type { ConversationUpdate } from './adapters/types.js';

/** How long an update is kept, to be given to items of its conversation that arrive later. */
export const PENDING_UPDATE_DAYS = 7;

const ISO = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$'`;
const OPEN_STATUSES = UNRESOLVED_STATUSES.map((st) => `'${st}'`).join(', ');

/**
 * One update applied to the items of its conversation. `newer`: the update is later than the state
 * the item holds (`metadata.conversation_updated_at`: set by an update, or by the item's own snapshot);
 * `reopened`: a newer update takes a resolved or closed item back to an unresolved status — its
 * resolution goes and the reopening is counted. A resolution known only from a status seen after the
 * fact (`resolved_at_if_none`) is marked inferred; an exact one from an event older than the stored
 * state (`late_resolved_at`) replaces an inferred one and nothing else. Rows are written only when
 * something changes (a redelivered or replayed update writes nothing); `matched` counts the
 * conversation's items, `changed` the rows written.
 */
const UPDATE_SQL = `WITH t AS (
   SELECT id,
     COALESCE((CASE WHEN metadata->>'${CONVERSATION_UPDATED_FIELD}' ~ ${ISO} THEN (metadata->>'${CONVERSATION_UPDATED_FIELD}')::timestamptz END) < $9::timestamptz, true) AS newer
   FROM items WHERE workspace_id = $1 AND source = $2 AND metadata ? 'conversation_id' AND metadata->>'conversation_id' = $3),
 f AS (
   SELECT i.id, t.newer, t.newer AND $6::text IN (${OPEN_STATUSES}) AND i.status IN ('resolved', 'closed') AS reopened,
     $8::timestamptz >= i.created_at - $10::interval AS resolves,
     i.resolved_at IS NULL AND $11::timestamptz >= i.created_at - $10::interval AS infers,
     i.metadata ? 'resolved_at_inferred' AND i.status IN ('resolved', 'closed') AND $12::timestamptz >= i.created_at - $10::interval AS corrects
   FROM items i JOIN t ON t.id = i.id),
 n AS (
   SELECT i.id,
     CASE WHEN $4::timestamptz IS NULL OR $4::timestamptz < i.created_at - $10::interval THEN i.first_response_at
          WHEN i.first_response_at IS NULL OR GREATEST($4::timestamptz, i.created_at) < i.first_response_at THEN GREATEST($4::timestamptz, i.created_at)
          ELSE i.first_response_at END AS first_response_at,
     CASE WHEN $5::text = 'human' THEN 'human' WHEN $5::text = 'bot' AND i.handled_by IS NULL THEN 'bot' ELSE i.handled_by END AS handled_by,
     CASE WHEN f.newer THEN COALESCE($6::text, i.status) ELSE i.status END AS status,
     CASE WHEN f.newer THEN COALESCE($7::text, i.assignee) ELSE i.assignee END AS assignee,
     CASE WHEN f.reopened THEN NULL
          WHEN f.newer AND f.resolves THEN GREATEST($8::timestamptz, i.created_at)
          WHEN f.infers THEN GREATEST($11::timestamptz, i.created_at)
          WHEN f.corrects THEN GREATEST($12::timestamptz, i.created_at) ELSE i.resolved_at END AS resolved_at,
     CASE WHEN f.reopened THEN i.reopened_count + 1 ELSE i.reopened_count END AS reopened_count,
     CASE WHEN f.reopened OR (f.newer AND f.resolves) OR (f.corrects AND NOT f.infers) THEN i.metadata - 'resolved_at_inferred'
          WHEN f.infers THEN i.metadata || '{"resolved_at_inferred": true}'::jsonb ELSE i.metadata END
       || CASE WHEN f.newer THEN jsonb_build_object('${CONVERSATION_UPDATED_FIELD}', $13::text) ELSE '{}'::jsonb END AS metadata
   FROM items i JOIN f ON f.id = i.id),
 u AS (
   UPDATE items SET first_response_at = n.first_response_at, handled_by = n.handled_by, status = n.status, assignee = n.assignee,
     resolved_at = n.resolved_at, reopened_count = n.reopened_count, metadata = n.metadata, updated_at = now()
   FROM n WHERE items.id = n.id
     AND (items.first_response_at, items.handled_by, items.status, items.assignee, items.resolved_at, items.reopened_count, items.metadata)
         IS DISTINCT FROM (n.first_response_at, n.handled_by, n.status, n.assignee, n.resolved_at, n.reopened_count, n.metadata)
   RETURNING items.id)
 SELECT (SELECT count(*) FROM t)::int AS matched, (SELECT count(*) FROM u)::int AS changed`;

/** Applies one update (its conversation id as items store it) to the stored items of its conversation. */
async function applyOne(db: Db, workspaceId: number, source: string, u: ConversationUpdate): Promise<{ matched: number; changed: number }> {
  const [row] = await db.query<{ matched: number; changed: number }>(UPDATE_SQL, [
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
    u.late_resolved_at ?? null,
    // The same instant as $9, written as items hold it (a parameter also read as timestamptz would be PostgreSQL's text form).
    new Date(u.at).toISOString(),
  ]);
  return row!;
}

/** What `applyConversationUpdates` did: item rows changed, and the conversations whose updates wait for their first item. */
export interface ConversationUpdatesResult {
  changed: number;
  pending: string[];
}

/** When this process last removed expired updates from the log: at most once a minute. */
let prunedAt = 0;

/**
 * Applies agent/bot replies and status changes to the stored items of a conversation. Safe under
 * redelivery and reordering: first_response_at only moves earlier, 'human' beats 'bot', and
 * status/assignee/resolved_at apply only when newer than the state the item holds. Neither answer
 * time applies to a message written more than ANSWER_CLOCK_SKEW_MS after it (within that: at the
 * message's own time). Every update is kept in `conversation_update_log` for PENDING_UPDATE_DAYS
 * and given by `applyPendingConversationUpdates` to items of its conversation stored later:
 * Channel Talk delivers a manager's reply, a bot greeting or the chat's close in no particular
 * order, before the customer's message when the chat began with them (audit s11 M1) or after a
 * customer's message that is retried late (audit s18). The same rules make that late application
 * converge to what the in-order one gives. `pending` names the conversations with no item yet
 * (as the sender named them).
 */
export async function applyConversationUpdates(db: Db, workspace: Workspace, source: string, updates: ConversationUpdate[]): Promise<ConversationUpdatesResult> {
  let changed = 0;
  const kept = new Map<string, string>();
  for (const given of updates) {
    const u = { ...given, conversation_id: storedConversationId(workspace, given.conversation_id) };
    const payload = JSON.stringify(u);
    // Kept before it is applied: an item stored meanwhile looks for it after its own write, so
    // one of the two sides sees the other.
    await db.query(
      `INSERT INTO conversation_update_log (workspace_id, source, conversation_id, update_hash, payload)
       VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING`,
      [workspace.id, source, u.conversation_id, createHash('sha256').update(payload).digest('hex'), payload],
    );
    const applied = await applyOne(db, workspace.id, source, u);
    changed += applied.changed;
    if (applied.matched === 0) kept.set(u.conversation_id, given.conversation_id);
  }
  if (Date.now() - prunedAt > 60_000) {
    prunedAt = Date.now();
    await db.query(`DELETE FROM conversation_update_log WHERE received_at < now() - $1::interval`, [`${PENDING_UPDATE_DAYS} days`]);
  }
  if (!kept.size) return { changed, pending: [] };
  // The item may have been stored meanwhile, its own look for updates made before this one was kept.
  const applied = await applyPendingConversationUpdates(db, workspace, source, [...kept.values()]);
  changed += applied.changed;
  return { changed, pending: [...kept].filter(([stored]) => !applied.conversations.has(stored)).map(([, givenId]) => givenId) };
}

/**
 * Gives the items of these conversations (ids as the sender named them) the updates kept about
 * them in the last PENDING_UPDATE_DAYS, in the order the events happened — call it after storing
 * items. An update an item already holds changes nothing, so only items stored since (a late
 * message, a retried one whose older snapshot was written) are changed. Answers the rows changed
 * and the conversations (stored ids) that have an item.
 */
export async function applyPendingConversationUpdates(
  db: Db,
  workspace: Workspace,
  source: string,
  conversationIds: string[],
): Promise<{ changed: number; conversations: Set<string> }> {
  const conversations = new Set<string>();
  if (!conversationIds.length) return { changed: 0, conversations };
  const ids = [...new Set(conversationIds.map((id) => storedConversationId(workspace, id)))];
  return db.transaction(async (tx) => {
    const kept = await tx.query<{ conversation_id: string; payload: ConversationUpdate }>(
      `SELECT p.conversation_id, p.payload FROM conversation_update_log p
       WHERE p.workspace_id = $1 AND p.source = $2 AND p.conversation_id = ANY($3::text[]) AND p.received_at >= now() - $4::interval
         AND EXISTS (SELECT 1 FROM items i WHERE i.workspace_id = $1 AND i.source = $2 AND i.metadata ? 'conversation_id'
                     AND i.metadata->>'conversation_id' = p.conversation_id)`,
      [workspace.id, source, ids, `${PENDING_UPDATE_DAYS} days`],
    );
    let changed = 0;
    // In the order the events happened, as they would have been applied on time.
    for (const row of kept.sort((a, b) => Date.parse(a.payload.at) - Date.parse(b.payload.at))) {
      changed += (await applyOne(tx, workspace.id, source, row.payload)).changed;
      conversations.add(row.conversation_id);
    }
    return { changed, conversations };
  });
}
