import { createHash } from 'node:crypto';
import { ANSWER_CLOCK_SKEW_MS, CONVERSATION_UPDATED_FIELD } from '../domain/item.js';
import { ISO_VERSION_SQL, OPEN_STATUSES_SQL } from '../store/queries/upsert-items.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { storedConversationId, storedExternalId } from './prepare-item.js';
import type { Db } from '../store/db.js';
import type { ConversationUpdate } from './adapters/types.js';

/** A source as items and the update log store it: composed (NFC). */
const composed = (source: string): string => source.normalize('NFC');

/** How long an update is kept, to be given to items of its conversation that arrive later. */
export const PENDING_UPDATE_DAYS = 7;


/** The state time an item holds (`metadata.conversation_updated_at`: set by an update, or by its own snapshot), or null. */
const HELD_AT = `(CASE WHEN items.metadata->>'${CONVERSATION_UPDATED_FIELD}' ~ ${ISO_VERSION_SQL} THEN (items.metadata->>'${CONVERSATION_UPDATED_FIELD}')::timestamptz END)`;
/** The update is later than the state the item holds. */
const NEWER = `COALESCE(${HELD_AT} < $9::timestamptz, true)`;
/** A newer update takes a resolved or closed item back to an unresolved status. */
const REOPENS = `COALESCE(${NEWER} AND $6::text IN (${OPEN_STATUSES_SQL}) AND items.status IN ('resolved', 'closed'), false)`;
/** The update's resolution, not before the item was written. */
const RESOLVES = `COALESCE(${NEWER} AND $8::timestamptz >= items.created_at - $10::interval, false)`;
/** A resolution known only from a status seen after the fact fills a resolved or closed item without one (never an open one: a replay after a reopening gave it back). */
const INFERS = `COALESCE(items.resolved_at IS NULL AND items.status IN ('resolved', 'closed') AND $11::timestamptz >= items.created_at - $10::interval, false)`;
/** An exact resolution delivered late replaces an inferred one while the item is still resolved or closed. */
const CORRECTS = `COALESCE(items.metadata ? 'resolved_at_inferred' AND items.status IN ('resolved', 'closed') AND $12::timestamptz >= items.created_at - $10::interval, false)`;

/** Each written column's new value, from the row as it is when the UPDATE takes it (see UPDATE_SQL). */
const NEW_VALUES: [column: string, value: string][] = [
  [
    'first_response_at',
    `CASE WHEN $4::timestamptz IS NULL OR $4::timestamptz < items.created_at - $10::interval THEN items.first_response_at
          WHEN items.first_response_at IS NULL OR GREATEST($4::timestamptz, items.created_at) < items.first_response_at THEN GREATEST($4::timestamptz, items.created_at)
          ELSE items.first_response_at END`,
  ],
  ['handled_by', `CASE WHEN $5::text = 'human' THEN 'human' WHEN $5::text = 'bot' AND items.handled_by IS NULL THEN 'bot' ELSE items.handled_by END`],
  ['status', `CASE WHEN ${NEWER} THEN COALESCE($6::text, items.status) ELSE items.status END`],
  ['assignee', `CASE WHEN ${NEWER} THEN COALESCE($7::text, items.assignee) ELSE items.assignee END`],
  [
    'resolved_at',
    `CASE WHEN ${REOPENS} THEN NULL WHEN ${RESOLVES} THEN GREATEST($8::timestamptz, items.created_at)
          WHEN ${INFERS} THEN GREATEST($11::timestamptz, items.created_at) WHEN ${CORRECTS} THEN GREATEST($12::timestamptz, items.created_at)
          ELSE items.resolved_at END`,
  ],
  ['reopened_count', `CASE WHEN ${REOPENS} THEN items.reopened_count + 1 ELSE items.reopened_count END`],
  [
    'metadata',
    `(CASE WHEN ${REOPENS} OR ${RESOLVES} OR (${CORRECTS} AND NOT ${INFERS}) THEN items.metadata - 'resolved_at_inferred'
           WHEN ${INFERS} THEN items.metadata || '{"resolved_at_inferred": true}'::jsonb ELSE items.metadata END)
       || CASE WHEN ${NEWER} THEN jsonb_build_object('${CONVERSATION_UPDATED_FIELD}', $13::text) ELSE '{}'::jsonb END`,
  ],
];

/**
 * One update applied to the items of its conversation (all of them, or those named in $14). `newer`:
 * the update is later than the state the item holds; a newer unresolved status on a resolved or
 * closed item reopens it (its resolution goes, the reopening counts); a resolution known only from a
 * status seen after the fact (`resolved_at_if_none`) is marked inferred, and an exact one from an
 * event older than the stored state (`late_resolved_at`) replaces it. One UPDATE whose values are
 * worked out from the row it locks: two deliveries about one chat at once on PostgreSQL each see
 * the other's write (values computed in a CTE from the statement's snapshot lost a reply written
 * beside a close). Rows are written only when something changes, so a redelivered or replayed
 * update writes nothing; the answer is the rows written.
 */
const UPDATE_SQL = `UPDATE items SET ${NEW_VALUES.map(([c, v]) => `${c} = ${v}`).join(',\n  ')}, updated_at = now()
 WHERE workspace_id = $1 AND source = $2 AND metadata ? 'conversation_id' AND metadata->>'conversation_id' = $3
   AND ($14::text[] IS NULL OR external_id = ANY($14::text[]))
   AND (${NEW_VALUES.map(([c]) => `items.${c}`).join(', ')}) IS DISTINCT FROM (${NEW_VALUES.map(([, v]) => v).join(', ')})
 RETURNING items.id`;

/**
 * Applies one update (its conversation id as items store it) to the stored items of its conversation,
 * or only to those with these stored external ids; answers the rows it changed.
 */
async function applyOne(db: Db, workspaceId: number, source: string, u: ConversationUpdate, externalIds: string[] | null = null): Promise<number> {
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
    u.late_resolved_at ?? null,
    // The same instant as $9, written as items hold it (a parameter also read as timestamptz would be PostgreSQL's text form).
    new Date(u.at).toISOString(),
    externalIds,
  ]);
  return rows.length;
}

/** Whether the conversation has a stored item. */
async function hasItems(db: Db, workspaceId: number, source: string, conversationId: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM items WHERE workspace_id = $1 AND source = $2 AND metadata ? 'conversation_id' AND metadata->>'conversation_id' = $3 LIMIT 1`,
    [workspaceId, source, conversationId],
  );
  return rows.length > 0;
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
export async function applyConversationUpdates(db: Db, workspace: Workspace, givenSource: string, updates: ConversationUpdate[]): Promise<ConversationUpdatesResult> {
  // Composed as items store it (prepare-item.ts NFC_FIELDS, migration 037): an endpoint's source
  // written decomposed ("채널톡" from a macOS clipboard) found none of its items, and kept its updates apart.
  const source = composed(givenSource);
  let changed = 0;
  const kept = new Map<string, string>();
  for (const given of updates) {
    const u = { ...given, ...(typeof given.source === 'string' ? { source: composed(given.source) } : {}), conversation_id: storedConversationId(workspace, given.conversation_id) };
    const payload = JSON.stringify(u);
    // Kept before it is applied: an item stored meanwhile looks for it after its own write, so
    // one of the two sides sees the other.
    await db.query(
      `INSERT INTO conversation_update_log (workspace_id, source, conversation_id, update_hash, payload)
       VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING`,
      [workspace.id, source, u.conversation_id, createHash('sha256').update(payload).digest('hex'), payload],
    );
    const written = await applyOne(db, workspace.id, source, u);
    changed += written;
    if (written === 0 && !(await hasItems(db, workspace.id, source, u.conversation_id))) kept.set(u.conversation_id, given.conversation_id);
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
 * items, naming them (`externalIds`, as the sender named them): only they are looked at, so a
 * delivery costs one UPDATE per kept update of its chat, not one per update and item (replaying onto
 * the whole chat grew with every message). An update an item already holds changes nothing. Answers
 * the rows changed and the conversations (stored ids) that have an item.
 */
export async function applyPendingConversationUpdates(
  db: Db,
  workspace: Workspace,
  source: string,
  conversationIds: string[],
  externalIds?: string[],
): Promise<{ changed: number; conversations: Set<string> }> {
  source = composed(source);
  const conversations = new Set<string>();
  if (!conversationIds.length || externalIds?.length === 0) return { changed: 0, conversations };
  const ids = [...new Set(conversationIds.map((id) => storedConversationId(workspace, id)))];
  const targets = externalIds ? [...new Set(externalIds.map((id) => storedExternalId(workspace, id)))] : null;
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
      changed += await applyOne(tx, workspace.id, source, row.payload, targets);
      conversations.add(row.conversation_id);
    }
    return { changed, conversations };
  });
}
