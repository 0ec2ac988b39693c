import type { ItemView } from '../store/queries/list-items.js';

/** Export columns: the item fields (redacted) followed by the enrichment columns. */
export const EXPORT_COLUMNS = [
  'id', 'external_id', 'channel', 'source', 'kind', 'created_at', 'received_at', 'title', 'text', 'language',
  'pii_kinds', 'customer_ref', 'customer_segment', 'customer_plan', 'rating', 'score', 'order_ref', 'product_ref',
  'status', 'assignee', 'first_response_at', 'resolved_at', 'reopened_count', 'handled_by', 'metadata',
  'type', 'type_confidence', 'topic_id', 'topic_name', 'topic_rule', 'sentiment', 'sentiment_score', 'dup_group', 'model_version',
];

/** One item as an export row; spreadsheets get lists joined, JSONL keeps arrays (writers format dates and objects). */
export function exportRow(item: ItemView, format: 'jsonl' | 'csv' | 'xlsx'): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const c of EXPORT_COLUMNS) row[c] = (item as unknown as Record<string, unknown>)[c];
  if (format !== 'jsonl') row.pii_kinds = item.pii_kinds.join(',');
  return row;
}
