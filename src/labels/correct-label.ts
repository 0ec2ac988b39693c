import { SoriError } from '../domain/errors.js';
import { DEFAULT_ITEM_TYPES } from '../domain/taxonomy.js';
import { LEAVE_TYPE } from '../domain/churn-reasons.js';
import { readLeaves } from '../insights/churn.js';
import type { Db } from '../store/db.js';
import { listItemTypes } from '../store/queries/item-types.js';
import { retryOnConflict } from '../store/retry.js';

/** One operator correction: a new type, topic (id, or null for none) or sentiment. */
export interface LabelCorrection {
  type?: string;
  topic_id?: string | null;
  sentiment?: 'negative' | 'neutral' | 'positive';
}

export interface CorrectionResult {
  item_id: string;
  changed: string[];
  /** The correction as a batch to take back (POST /items/labels/undo), or null when it changed nothing. */
  batch_id: string | null;
}

/** What one correction of many items did, per label: how many items it changed (the others had the value already). */
export interface BulkCorrectionResult {
  matched: number;
  changed: { type: number; topic: number; sentiment: number };
  /** Ids given that are not items of the workspace (deleted, or another workspace's): nothing done to them. */
  not_found: string[];
  /** The correction as a batch to take back (POST /items/labels/undo), or null when it changed nothing. */
  batch_id: string | null;
}

/** Most items one bulk correction changes (one transaction; the item page's "all matching" is capped at it). */
export const MAX_BULK_CORRECTION = 10_000;

/**
 * Applies an operator's correction to an item: the label changes, the field is locked (so
 * re-classification and re-sent items never overwrite it), and the correction is kept in
 * label_corrections — the training data of the workspace's next model.
 */
export async function correctItemLabels(
  db: Db,
  workspaceId: number,
  itemId: string,
  correction: LabelCorrection,
  userId: number | null,
  by: string | null = null,
): Promise<CorrectionResult> {
  const archived = await checkCorrection(db, workspaceId, correction);
  return retryOnConflict(() => db.transaction(async (tx) => {
    const [item] = await tx.query('SELECT 1 FROM items WHERE workspace_id = $1 AND id = $2::bigint FOR UPDATE', [workspaceId, itemId]);
    if (!item) throw new SoriError('not_found', `no item ${itemId} / 항목이 없습니다`);
    const { changed, batchId } = await inBatch(tx, workspaceId, correction, by, (batch) => applyCorrection(tx, workspaceId, [itemId], correction, archived, userId, batch));
    return { item_id: itemId, changed: (['type', 'topic', 'sentiment'] as const).filter((field) => changed[field] > 0), batch_id: batchId };
  }));
}

/**
 * Runs a correction as one batch (label_correction_batches, migration 045): the batch row first,
 * its count of changed labels after; a correction that changed nothing leaves no batch.
 */
async function inBatch(
  tx: Db,
  workspaceId: number,
  correction: LabelCorrection,
  by: string | null,
  apply: (batchId: string) => Promise<BulkCorrectionResult['changed']>,
): Promise<{ changed: BulkCorrectionResult['changed']; batchId: string | null }> {
  const [batch] = await tx.query<{ id: string }>(
    'INSERT INTO label_correction_batches (workspace_id, created_by, correction) VALUES ($1, $2, $3::jsonb) RETURNING id::text AS id',
    [workspaceId, by, JSON.stringify(correction)],
  );
  const changed = await apply(batch!.id);
  const total = changed.type + changed.topic + changed.sentiment;
  if (!total) {
    await tx.query('DELETE FROM label_correction_batches WHERE id = $1', [batch!.id]);
    return { changed, batchId: null };
  }
  // Its items and three of them, for the history: an undo deletes the corrections they are counted from.
  await tx.query(
    `UPDATE label_correction_batches b SET changed = $2, items = s.n, sample_item_ids = s.ids
       FROM (SELECT count(DISTINCT item_id)::int AS n, COALESCE((array_agg(DISTINCT item_id ORDER BY item_id))[1:3], '{}') AS ids
               FROM label_corrections WHERE batch_id = $1) s
      WHERE b.id = $1`,
    [batch!.id, total],
  );
  return { changed, batchId: batch!.id };
}

/**
 * The same correction to many items at once (an operator selected them, or every item a filter
 * matches): one transaction, each changed label recorded and locked as a single correction is, the
 * rollups moved by the same statements. Items that already have the value are left as they are.
 */
export async function correctManyItemLabels(
  db: Db,
  workspaceId: number,
  itemIds: readonly string[],
  correction: LabelCorrection,
  userId: number | null,
  by: string | null = null,
): Promise<BulkCorrectionResult> {
  const ids = [...new Set(itemIds)];
  if (ids.length > MAX_BULK_CORRECTION) {
    throw new SoriError('validation_failed', `at most ${MAX_BULK_CORRECTION.toLocaleString('en')} items at once / 한 번에 최대 ${MAX_BULK_CORRECTION.toLocaleString('ko')}건까지 고칠 수 있습니다`);
  }
  const archived = await checkCorrection(db, workspaceId, correction);
  // An ingest locks the same items in its batch's order and may deadlock with this: the loser runs again.
  return retryOnConflict(() => db.transaction(async (tx) => {
    // Locked in id order, so two bulk corrections over the same items wait for each other instead of deadlocking.
    const found = await tx.query<{ id: string }>(
      'SELECT id::text AS id FROM items WHERE workspace_id = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR UPDATE',
      [workspaceId, ids],
    );
    const present = new Set(found.map((r) => r.id));
    const { changed, batchId } = await inBatch(tx, workspaceId, correction, by, (batch) => applyCorrection(tx, workspaceId, [...present], correction, archived, userId, batch));
    return { matched: present.size, changed, not_found: ids.filter((id) => !present.has(id)), batch_id: batchId };
  }));
}

/** Checks the new labels exist; says which of them the workspace archived. */
async function checkCorrection(db: Db, workspaceId: number, correction: LabelCorrection): Promise<{ type: boolean; topic: boolean }> {
  let archivedType = false;
  if (correction.type !== undefined) {
    const types = await listItemTypes(db, workspaceId);
    const known = (types.length ? types : DEFAULT_ITEM_TYPES.map((t) => ({ key: t.key, archived: false }))).find((t) => t.key === correction.type);
    if (!known) throw new SoriError('validation_failed', `unknown type "${correction.type}" / 알 수 없는 유형입니다`, { field: 'type', reason: 'unknown' });
    archivedType = known.archived;
  }
  let archivedTopic = false;
  if (correction.topic_id) {
    // A subtopic of an archived topic is archived with it (its rules stop, its items keep it).
    const [topic] = await db.query<{ archived: boolean }>(
      `SELECT t.archived OR coalesce(p.archived, false) AS archived FROM topics t LEFT JOIN topics p ON p.id = t.parent_id
       WHERE t.workspace_id = $1 AND t.id = $2::bigint`,
      [workspaceId, correction.topic_id],
    );
    if (!topic) throw new SoriError('validation_failed', `unknown topic ${correction.topic_id} / 알 수 없는 토픽입니다`);
    archivedTopic = topic.archived;
  }
  return { type: archivedType, topic: archivedTopic };
}

/**
 * Changes the labels of the (locked) items whose value differs, records each change in
 * label_corrections and locks the label; counts the items changed per label.
 */
async function applyCorrection(
  tx: Db,
  workspaceId: number,
  ids: readonly string[],
  correction: LabelCorrection,
  archived: { type: boolean; topic: boolean },
  userId: number | null,
  batchId: string,
): Promise<BulkCorrectionResult['changed']> {
  const changed = { type: 0, topic: 0, sentiment: 0 };
  if (!ids.length) return changed;
  // Each label: the items whose value differs (only real changes are corrections: re-sending the
  // current value records and locks nothing), updated, and one correction row for each.
  // What each label had before, kept with its correction so an undo puts it back (undo-correction.ts).
  const before = {
    type: `jsonb_build_object('confidence', type_confidence, 'source', type_source, 'churn_reason', churn_reason, 'locked', 'type' = ANY(locked_labels))`,
    topic: `jsonb_build_object('confidence', topic_confidence, 'source', topic_source, 'rule', topic_rule, 'locked', 'topic' = ANY(locked_labels))`,
    sentiment: `jsonb_build_object('score', sentiment_score, 'locked', 'sentiment' = ANY(locked_labels))`,
  };
  const correct = async (field: 'type' | 'topic' | 'sentiment', column: string, set: string, value: string | null): Promise<number> => {
    const rows = await tx.query<{ n: number }>(
      `WITH target AS (
         SELECT id, ${column} AS old_value, ${before[field]} AS before FROM items
         WHERE workspace_id = $1 AND id = ANY($2::bigint[]) AND ${column} IS DISTINCT FROM $3::${field === 'topic' ? 'bigint' : 'text'}
       ), done AS (
         UPDATE items SET ${set}, locked_labels = array(SELECT DISTINCT unnest(items.locked_labels || '{${field}}'::text[])), updated_at = now()
         FROM target WHERE items.workspace_id = $1 AND items.id = target.id
         RETURNING items.id, target.old_value, target.before
       ), recorded AS (
         INSERT INTO label_corrections (workspace_id, item_id, field, old_value, new_value, user_id, batch_id, before)
         SELECT $1, id, '${field}', old_value::text, $3::text, $4, $5::bigint, before FROM done
         RETURNING 1
       )
       SELECT count(*)::int AS n FROM recorded`,
      [workspaceId, ids, value, userId, batchId],
    );
    return rows[0]?.n ?? 0;
  };
  // Only to a type or topic in use: a correction to an archived one would file items under a label
  // the workspace retired (and teach the next model to predict it). Items that still have it may
  // keep it (re-sending the current value changes nothing).
  const refuseArchived = async (column: 'type' | 'topic_id', value: string | null, what: string) => {
    const [other] = await tx.query(
      `SELECT 1 FROM items WHERE workspace_id = $1 AND id = ANY($2::bigint[]) AND ${column} IS DISTINCT FROM $3::${column === 'type' ? 'text' : 'bigint'} LIMIT 1`,
      [workspaceId, ids, value],
    );
    if (other) throw new SoriError('validation_failed', what, { field: column, reason: 'archived' });
  };
  if (correction.type !== undefined) {
    if (archived.type) {
      await refuseArchived('type', correction.type, `type "${correction.type}" is archived: choose a type in use / 보관된 유형입니다. 사용 중인 유형을 고르세요`);
    }
    // SLA policies may match on type: the next SLA report recomputes these items' deadlines;
    // a cancellation's reason is found again when it becomes one.
    changed.type = await correct(
      'type',
      'type',
      // A new type drops the churn reason: a cancellation's is found by the next churn report, a leave's
      // (an account item that leaves the service, 회원 탈퇴) right below; other types carry none.
      `type = $3, type_confidence = 1, type_source = 'correction', sla_version = NULL, churn_reason = NULL`,
      correction.type,
    );
    if (changed.type) {
      await tx.query(`UPDATE workspaces SET sla_stale = true, churn_stale = churn_stale OR $2 = 'cancellation' WHERE id = $1`, [workspaceId, correction.type]);
      if (correction.type === LEAVE_TYPE) await readLeaves(tx, workspaceId, ids);
    }
  }
  if (correction.topic_id !== undefined) {
    if (archived.topic) {
      await refuseArchived('topic_id', correction.topic_id, `topic ${correction.topic_id} is archived: choose a topic in use / 보관된 토픽입니다. 사용 중인 토픽을 고르세요`);
    }
    changed.topic = await correct('topic', 'topic_id', `topic_id = $3::bigint, topic_confidence = 1, topic_source = 'correction', topic_rule = NULL`, correction.topic_id);
  }
  if (correction.sentiment !== undefined) {
    changed.sentiment = await correct(
      'sentiment',
      'sentiment',
      `sentiment = $3, sentiment_score = CASE $3 WHEN 'negative' THEN -1 WHEN 'positive' THEN 1 ELSE 0 END`,
      correction.sentiment,
    );
  }
  return changed;
}
