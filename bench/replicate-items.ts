import type { Db } from '../src/store/db.js';

/**
 * Copies a workspace's imported items once more under new external ids (`…~k`), labels and all, by
 * plain SQL: a bench's way to reach a million items without importing a million rows. The copies'
 * rollups are written by the items' triggers; their search days are marked dirty, as for any insert.
 */
export async function replicateItems(db: Db, workspaceId: number, k: number): Promise<void> {
  await db.exec(`INSERT INTO items (workspace_id, channel, source, external_id, kind, created_at, title, text, language, pii_kinds, customer_ref,
      customer_segment, customer_plan, rating, score, order_ref, product_ref, metadata, status, assignee, first_response_at, resolved_at,
      reopened_count, handled_by, content_hash, type, type_confidence, type_source, topic_id, topic_source, topic_rule, topic_confidence,
      sentiment, sentiment_score, dup_group, is_duplicate, model_version, enriched_at)
    SELECT workspace_id, channel, source, external_id || '~${k}', kind, created_at, title, text, language, pii_kinds, customer_ref,
      customer_segment, customer_plan, rating, score, order_ref, product_ref, metadata, status, assignee, first_response_at, resolved_at,
      reopened_count, handled_by, content_hash, type, type_confidence, type_source, topic_id, topic_source, topic_rule, topic_confidence,
      sentiment, sentiment_score, dup_group, is_duplicate, model_version, enriched_at
    FROM items WHERE workspace_id = ${Number(workspaceId)} AND external_id NOT LIKE '%~%'`);
}
