import { SoriError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { retryOnConflict } from '../store/retry.js';

/** What taking a correction back did. */
export interface CorrectionUndoResult {
  batch_id: string;
  /** Labels put back as they were before the correction, per label. */
  restored: { type: number; topic: number; sentiment: number };
  /** Labels of the batch left as they are now: changed again since (another correction, or the item's value moved on). */
  kept: number;
}

const FIELDS = ['type', 'topic', 'sentiment'] as const;

/**
 * How each label is put back: its column from `old_value`, and what `before` kept (migration 045).
 * A topic deleted since is no topic (the item gets none rather than a dangling id).
 */
const RESTORE: Record<(typeof FIELDS)[number], { column: string; set: string }> = {
  type: {
    column: 'i.type',
    set: `type = u.old_value, type_confidence = (u.before->>'confidence')::real, type_source = u.before->>'source',
          churn_reason = u.before->>'churn_reason', sla_version = NULL`,
  },
  topic: {
    column: 'i.topic_id::text',
    set: `topic_id = (SELECT t.id FROM topics t WHERE t.id = u.old_value::bigint AND t.workspace_id = i.workspace_id),
          topic_confidence = (u.before->>'confidence')::real, topic_source = u.before->>'source', topic_rule = u.before->>'rule'`,
  },
  sentiment: {
    column: 'i.sentiment',
    set: `sentiment = u.old_value, sentiment_score = (u.before->>'score')::real`,
  },
};

/**
 * Whether a correction `c` of item `i` can be taken back (SQL): it kept its before-state (migration
 * 045), the label (`column`, the item's value of c.field) still has the value it set, and it was
 * not corrected again since. The history (correction-history.ts) counts by the same judgment.
 */
export const stillStands = (column: string): string =>
  `c.before IS NOT NULL AND ${column} IS NOT DISTINCT FROM c.new_value
   AND NOT EXISTS (SELECT 1 FROM label_corrections later WHERE later.item_id = c.item_id AND later.field = c.field AND later.id > c.id)`;

/** An item's value of the corrected field `c.field`, as corrections store it (text). */
export const CORRECTED_FIELD_VALUE = `CASE c.field WHEN 'type' THEN i.type WHEN 'topic' THEN i.topic_id::text ELSE i.sentiment END`;

/**
 * Takes a correction back (one item's, or a bulk correction of many): every label it changed that
 * still has the value it set — and was not corrected again since — gets back what it had before
 * (value, confidence and source, topic rule, sentiment score, churn reason, and its lock only if it
 * was locked before), and those corrections are deleted, so the next model does not learn them.
 * Labels changed again since are left as they are and counted as `kept`. One transaction; the
 * rollups follow by trigger, SLA deadlines and churn reasons of changed types are recounted.
 * A batch is taken back once (409 `already_undone`).
 */
export async function undoCorrection(db: Db, workspaceId: number, batchId: string, by: string): Promise<CorrectionUndoResult> {
  const id = BigInt(batchId).toString();
  return retryOnConflict(() => db.transaction(async (tx) => {
    const [batch] = await tx.query<{ undone_at: Date | null; undone_by: string | null }>(
      'SELECT undone_at, undone_by FROM label_correction_batches WHERE id = $1 AND workspace_id = $2 FOR UPDATE',
      [id, workspaceId],
    );
    if (!batch) throw new SoriError('not_found', `no correction ${id} / 라벨 수정 기록이 없습니다`);
    if (batch.undone_at) {
      throw new SoriError('already_undone', `correction ${id} was taken back already (by ${batch.undone_by ?? '?'}) / 이미 되돌린 수정입니다`, {
        undone_at: batch.undone_at,
        undone_by: batch.undone_by,
      });
    }
    // The items in id order, as a bulk correction locks them: two of them wait for each other instead of deadlocking.
    await tx.query(
      `SELECT 1 FROM items WHERE workspace_id = $1 AND id IN (SELECT item_id FROM label_corrections WHERE batch_id = $2) ORDER BY id FOR UPDATE`,
      [workspaceId, id],
    );
    const [{ total }] = await tx.query<{ total: number }>('SELECT count(*)::int AS total FROM label_corrections WHERE batch_id = $1', [id]);
    const restored = { type: 0, topic: 0, sentiment: 0 };
    for (const field of FIELDS) {
      const { column, set } = RESTORE[field];
      const [row] = await tx.query<{ n: number }>(
        `WITH undoable AS (
           SELECT c.id, c.item_id, c.old_value, c.before FROM label_corrections c JOIN items i ON i.id = c.item_id
           WHERE c.batch_id = $1 AND c.field = '${field}' AND i.workspace_id = $2 AND ${stillStands(column)}
         ), done AS (
           UPDATE items i SET ${set},
             locked_labels = CASE WHEN (u.before->>'locked')::boolean THEN i.locked_labels ELSE array_remove(i.locked_labels, '${field}') END,
             updated_at = now()
           FROM undoable u WHERE i.workspace_id = $2 AND i.id = u.item_id
           RETURNING u.id
         ), gone AS (
           DELETE FROM label_corrections WHERE id IN (SELECT id FROM done) RETURNING 1
         )
         SELECT count(*)::int AS n FROM gone`,
        [id, workspaceId],
      );
      restored[field] = row?.n ?? 0;
    }
    // A type changed back: SLA policies may match on type, and a cancellation's reason is found again.
    if (restored.type) await tx.query('UPDATE workspaces SET sla_stale = true, churn_stale = true WHERE id = $1', [workspaceId]);
    const undone = restored.type + restored.topic + restored.sentiment;
    await tx.query('UPDATE label_correction_batches SET undone_at = now(), undone_by = $2, undone_labels = $3 WHERE id = $1', [id, by, undone]);
    return { batch_id: id, restored, kept: total - undone };
  }));
}
