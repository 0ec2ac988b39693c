import { SoriError } from '../domain/errors.js';
import { DEFAULT_ITEM_TYPES } from '../domain/taxonomy.js';
import type { Db } from '../store/db.js';
import { listItemTypes } from '../store/queries/item-types.js';

/** One operator correction: a new type, topic (id, or null for none) or sentiment. */
export interface LabelCorrection {
  type?: string;
  topic_id?: string | null;
  sentiment?: 'negative' | 'neutral' | 'positive';
}

export interface CorrectionResult {
  item_id: string;
  changed: string[];
}

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
): Promise<CorrectionResult> {
  let archivedType = false;
  if (correction.type !== undefined) {
    const types = await listItemTypes(db, workspaceId);
    const known = (types.length ? types : DEFAULT_ITEM_TYPES.map((t) => ({ key: t.key, archived: false }))).find((t) => t.key === correction.type);
    if (!known) throw new SoriError('validation_failed', `unknown type "${correction.type}" / 알 수 없는 유형입니다`, { field: 'type', reason: 'unknown' });
    archivedType = known.archived;
  }
  if (correction.topic_id) {
    const rows = await db.query('SELECT 1 FROM topics WHERE workspace_id = $1 AND id = $2::bigint', [workspaceId, correction.topic_id]);
    if (!rows.length) throw new SoriError('validation_failed', `unknown topic ${correction.topic_id} / 알 수 없는 토픽입니다`);
  }
  return db.transaction(async (tx) => {
    const [item] = await tx.query<{ type: string | null; topic_id: string | null; sentiment: string | null }>(
      'SELECT type, topic_id::text AS topic_id, sentiment FROM items WHERE workspace_id = $1 AND id = $2::bigint FOR UPDATE',
      [workspaceId, itemId],
    );
    if (!item) throw new SoriError('not_found', `no item ${itemId} / 항목이 없습니다`);
    const changed: string[] = [];
    const record = async (field: string, oldValue: string | null, newValue: string | null) => {
      await tx.query(
        'INSERT INTO label_corrections (workspace_id, item_id, field, old_value, new_value, user_id) VALUES ($1, $2::bigint, $3, $4, $5, $6)',
        [workspaceId, itemId, field, oldValue, newValue, userId],
      );
      changed.push(field);
    };
    // Only real changes are corrections (re-sending the current value records and locks nothing).
    if (correction.type !== undefined && correction.type !== item.type) {
      // Only to a type in use: a correction to an archived one would file the item under a type
      // the workspace retired (and teach the next model to predict it). An item that still has
      // it may keep it (re-sending the current value changes nothing).
      if (archivedType) {
        throw new SoriError('validation_failed', `type "${correction.type}" is archived: choose a type in use / 보관된 유형입니다. 사용 중인 유형을 고르세요`, {
          field: 'type',
          reason: 'archived',
        });
      }
      await tx.query(
        // SLA policies may match on type: the next SLA report recomputes this item's deadlines;
        // a cancellation's reason is found again when it becomes one.
        `UPDATE items SET type = $3, type_confidence = 1, type_source = 'correction', sla_version = NULL,
           churn_reason = CASE WHEN $3 = 'cancellation' THEN churn_reason END,
           locked_labels = array(SELECT DISTINCT unnest(locked_labels || '{type}'::text[])), updated_at = now()
         WHERE workspace_id = $1 AND id = $2::bigint`,
        [workspaceId, itemId, correction.type],
      );
      await tx.query(
        `UPDATE workspaces SET sla_stale = true, churn_stale = churn_stale OR $2 = 'cancellation' WHERE id = $1`,
        [workspaceId, correction.type],
      );
      await record('type', item.type, correction.type);
    }
    if (correction.topic_id !== undefined && correction.topic_id !== item.topic_id) {
      await tx.query(
        `UPDATE items SET topic_id = $3::bigint, topic_confidence = 1, topic_source = 'correction', topic_rule = NULL,
           locked_labels = array(SELECT DISTINCT unnest(locked_labels || '{topic}'::text[])), updated_at = now()
         WHERE workspace_id = $1 AND id = $2::bigint`,
        [workspaceId, itemId, correction.topic_id],
      );
      await record('topic', item.topic_id, correction.topic_id);
    }
    if (correction.sentiment !== undefined && correction.sentiment !== item.sentiment) {
      await tx.query(
        `UPDATE items SET sentiment = $3, sentiment_score = CASE $3 WHEN 'negative' THEN -1 WHEN 'positive' THEN 1 ELSE 0 END,
           locked_labels = array(SELECT DISTINCT unnest(locked_labels || '{sentiment}'::text[])), updated_at = now()
         WHERE workspace_id = $1 AND id = $2::bigint`,
        [workspaceId, itemId, correction.sentiment],
      );
      await record('sentiment', item.sentiment, correction.sentiment);
    }
    return { item_id: itemId, changed };
  });
}
