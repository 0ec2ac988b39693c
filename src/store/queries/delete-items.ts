import { DUPLICATE_WINDOW_DAYS } from '../../domain/duplicates.js';
import { DEFAULT_DISCOVERY_OPTIONS } from '../../text/topic-discovery.js';
import type { Db } from '../db.js';

/**
 * Deleting items and what was derived from them, in the caller's transaction (src/removal/ runs
 * one per call, so a crash leaves nothing half-deleted). The rollups — daily counts, segments,
 * lead-time sketches, SLA outcomes, cancellation reasons — follow by their DELETE triggers; label
 * corrections go with their items (ON DELETE CASCADE), and with them the corrections counted
 * towards automatic retraining. Done here: the duplicate flags of the groups the items were in,
 * the conversation updates kept for conversations none of whose items remain, and the items'
 * places in discovered topic clusters. The search index needs nothing: a day's filter only says
 * a day may hold a term, and the search then reads the items themselves.
 */

/** One item about to be deleted, locked, with what its deletion has to follow up. */
export interface LockedItem {
  id: string;
  dup_group: string | null;
  created_at: Date;
  source: string;
  conversation_id: string | null;
  /** An operator corrected one of its labels (it was training data for the workspace's models). */
  corrected: boolean;
}

/** Which items: given ids, those an import run created, or those of one customer (pseudonym). */
export type ItemSelection = { ids: readonly string[] } | { createdRun: string } | { customerRef: string };

const SELECTION_SQL = {
  ids: 'i.id = ANY($2::bigint[])',
  createdRun: 'i.created_run_id = $2::bigint',
  customerRef: 'i.customer_ref = $2',
};

function selection(by: ItemSelection): { where: string; value: unknown } {
  if ('ids' in by) return { where: SELECTION_SQL.ids, value: [...by.ids] };
  if ('createdRun' in by) return { where: SELECTION_SQL.createdRun, value: by.createdRun };
  return { where: SELECTION_SQL.customerRef, value: by.customerRef };
}

/**
 * The workspace's items a selection names, locked in id order (two deletions, or a deletion and a
 * bulk correction, over the same items wait for each other instead of deadlocking). Without
 * `lock`, only read (a preview).
 */
export async function selectItemsToDelete(db: Db, workspaceId: number, by: ItemSelection, opts: { lock?: boolean } = {}): Promise<LockedItem[]> {
  const { where, value } = selection(by);
  return db.query<LockedItem>(
    `SELECT i.id::text AS id, i.dup_group::text AS dup_group, i.created_at, i.source,
       CASE WHEN i.metadata ? 'conversation_id' THEN i.metadata->>'conversation_id' END AS conversation_id,
       EXISTS (SELECT 1 FROM label_corrections c WHERE c.item_id = i.id) AS corrected
     FROM items i WHERE i.workspace_id = $1 AND ${where}
     ORDER BY i.id${opts.lock ? ' FOR UPDATE OF i' : ''}`,
    [workspaceId, value],
  );
}

/** What one deletion removed besides the items. */
export interface DeletedCounts {
  deleted: number;
  /** Of those, items with an operator's label correction (the corrections went with them). */
  corrected: number;
  /** Kept conversation updates dropped: their conversation has no item left. */
  conversation_updates: number;
}

/**
 * Deletes locked items (`selectItemsToDelete` with `lock`, in this transaction) and follows up what
 * their rows do not carry away by themselves.
 */
export async function deleteLockedItems(tx: Db, workspaceId: number, items: readonly LockedItem[]): Promise<DeletedCounts> {
  if (!items.length) return { deleted: 0, corrected: 0, conversation_updates: 0 };
  const ids = items.map((i) => i.id);
  const [done] = await tx.query<{ n: number }>(
    'WITH d AS (DELETE FROM items WHERE workspace_id = $1 AND id = ANY($2::bigint[]) RETURNING 1) SELECT count(*)::int AS n FROM d',
    [workspaceId, ids],
  );
  await recountDuplicates(tx, workspaceId, items);
  // Other processes' near-duplicate indexes still hold these items: they drop them when they see this (migration 043).
  await tx.query('UPDATE workspaces SET items_removed_at = now() WHERE id = $1', [workspaceId]);
  const conversationUpdates = await dropOrphanedConversationUpdates(tx, workspaceId, items);
  // A discovered cluster lists its members and examples by id: the deleted ones leave it (promoting
  // it labels the members that are left; its size says how many), and its growth counts lose them:
  // `recent` the members under growthDays old when it ran, `previous` those under twice that.
  await tx.query(
    `UPDATE topic_clusters c SET
       recent = recent - (SELECT count(*) FROM unnest($2::bigint[], $3::timestamptz[]) AS d(id, at)
                          WHERE d.id = ANY(c.member_ids) AND c.run_at - d.at < make_interval(days => $4)),
       previous = previous - (SELECT count(*) FROM unnest($2::bigint[], $3::timestamptz[]) AS d(id, at)
                              WHERE d.id = ANY(c.member_ids) AND c.run_at - d.at >= make_interval(days => $4)
                                AND c.run_at - d.at < make_interval(days => 2 * $4)),
       size = cardinality(ARRAY(SELECT m FROM unnest(member_ids) m WHERE m <> ALL($2::bigint[]))),
       member_ids = ARRAY(SELECT m FROM unnest(member_ids) m WHERE m <> ALL($2::bigint[])),
       example_ids = ARRAY(SELECT e FROM unnest(example_ids) e WHERE e <> ALL($2::bigint[]))
     WHERE workspace_id = $1 AND (member_ids && $2::bigint[] OR example_ids && $2::bigint[])`,
    [workspaceId, ids, items.map((i) => i.created_at), DEFAULT_DISCOVERY_OPTIONS.growthDays],
  );
  return { deleted: done?.n ?? 0, corrected: items.filter((i) => i.corrected).length, conversation_updates: conversationUpdates };
}

/**
 * Keeps `is_duplicate` to its definition (migration 022: another item of the group was created at
 * most DUPLICATE_WINDOW_DAYS before, ties by id) in the groups the deleted items were in: only the
 * members from each deleted item's time to a window after the last can change (deleting a group's
 * first item makes the next one the first, unless another came within the window before it).
 */
async function recountDuplicates(tx: Db, workspaceId: number, items: readonly LockedItem[]): Promise<void> {
  const windows = new Map<string, { lo: number; hi: number }>();
  for (const item of items) {
    if (item.dup_group === null) continue;
    const t = new Date(item.created_at).getTime();
    const w = windows.get(item.dup_group);
    if (!w) windows.set(item.dup_group, { lo: t, hi: t });
    else {
      w.lo = Math.min(w.lo, t);
      w.hi = Math.max(w.hi, t);
    }
  }
  if (!windows.size) return;
  const week = `interval '${DUPLICATE_WINDOW_DAYS} days'`;
  await tx.query(
    `WITH w AS MATERIALIZED (SELECT * FROM unnest($2::bigint[], $3::timestamptz[], $4::timestamptz[]) AS x(g, lo, hi)),
     m AS (
       SELECT i.id, i.created_at, w.lo,
         COALESCE(lag(i.created_at) OVER (PARTITION BY i.dup_group ORDER BY i.created_at, i.id) >= i.created_at - ${week}, false) AS dup
       FROM w JOIN items i ON i.workspace_id = $1 AND i.dup_group = w.g
         AND i.created_at >= w.lo - ${week} AND i.created_at <= w.hi + ${week})
     UPDATE items i SET is_duplicate = m.dup FROM m
     WHERE i.id = m.id AND m.created_at >= m.lo AND i.is_duplicate IS DISTINCT FROM m.dup`,
    [workspaceId, [...windows.keys()], [...windows.values()].map((w) => new Date(w.lo)), [...windows.values()].map((w) => new Date(w.hi))],
  );
}

/**
 * Conversation updates are kept 7 days to be replayed onto items of their conversation stored later
 * (ingest/conversation-updates.ts). A conversation whose every item was deleted loses them: a
 * deleted chat's replies are no longer kept, and a re-sent item starts from what it carries.
 */
async function dropOrphanedConversationUpdates(tx: Db, workspaceId: number, items: readonly LockedItem[]): Promise<number> {
  const keys = new Map<string, { source: string; conversation: string }>();
  for (const item of items) if (item.conversation_id !== null) keys.set(`${item.source}\u0001${item.conversation_id}`, { source: item.source, conversation: item.conversation_id });
  if (!keys.size) return 0;
  const list = [...keys.values()];
  const [row] = await tx.query<{ n: number }>(
    `WITH d AS (
       DELETE FROM conversation_update_log l USING unnest($2::text[], $3::text[]) AS c(source, conversation)
       WHERE l.workspace_id = $1 AND l.source = c.source AND l.conversation_id = c.conversation
         AND NOT EXISTS (SELECT 1 FROM items i WHERE i.workspace_id = $1 AND i.source = c.source AND i.metadata ? 'conversation_id'
                         AND i.metadata->>'conversation_id' = c.conversation)
       RETURNING 1)
     SELECT count(*)::int AS n FROM d`,
    [workspaceId, list.map((k) => k.source), list.map((k) => k.conversation)],
  );
  return row?.n ?? 0;
}

/**
 * Rejected rows of the workspace's imports that name this customer (the customer column of a
 * rejected row holds the stored pseudonym, ingest/prepare-item.ts `redactRejectedValues`), deleted
 * with the customer's items: they hold the customer's (masked) words too. Returns how many.
 */
export async function deleteCustomerRejects(tx: Db, workspaceId: number, customerRefs: readonly string[]): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `WITH d AS (
       DELETE FROM import_rejects r USING import_runs i
       WHERE r.run_id = i.id AND i.workspace_id = $1 AND r.row_values IS NOT NULL
         AND EXISTS (SELECT 1 FROM json_each_text(CASE WHEN json_typeof(r.row_values) = 'object' THEN r.row_values ELSE '{}'::json END) v WHERE v.value = ANY($2::text[]))
       RETURNING 1)
     SELECT count(*)::int AS n FROM d`,
    [workspaceId, [...customerRefs]],
  );
  return row?.n ?? 0;
}
