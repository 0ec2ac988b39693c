import { UNCERTAIN_TYPE } from '../domain/taxonomy.js';
import type { ItemTypeRow } from '../store/queries/item-types.js';
import { DEFAULT_ITEM_TYPES } from '../domain/taxonomy.js';
import { EXPORT_COLUMNS } from './export-items.js';
import {
  CHANNEL_LABELS,
  HANDLED_BY_LABELS,
  inLocale,
  KIND_LABELS,
  labelOf,
  PII_KIND_LABELS,
  SENTIMENT_LABELS,
  STATUS_LABELS,
  UNCERTAIN_TYPE_LABEL,
  type LabelLocale,
  type LabelPair,
} from '../domain/labels-ko-en.js';

/**
 * An items export for people (`GET /items/export?labels=ko|en`, the page's download): the columns
 * under the names the screens use (채널, 접수 일시, 문의 유형) and coded values by their names
 * (board → 1:1 문의, resolved → 해결, bug → 버그), as the list and detail panel show them. The
 * default export keeps Sori's field names and codes: that is the one to import again.
 */
export type ExportLabels = LabelLocale;

type Pair = LabelPair;

const HEADERS: Record<(typeof EXPORT_COLUMNS)[number], Pair> = {
  id: ['Sori ID', 'Sori ID'],
  external_id: ['외부 ID', 'External ID'],
  channel: ['채널', 'Channel'],
  source: ['출처', 'Source'],
  kind: ['종류', 'Kind'],
  created_at: ['접수 일시', 'Created'],
  received_at: ['Sori 수신 일시', 'Received by Sori'],
  title: ['제목', 'Title'],
  text: ['내용', 'Text'],
  language: ['언어', 'Language'],
  pii_kinds: ['가린 개인정보', 'Redacted PII'],
  customer_ref: ['고객 (가명)', 'Customer (pseudonym)'],
  customer_segment: ['고객군', 'Segment'],
  customer_plan: ['요금제', 'Plan'],
  rating: ['평점 (1–5)', 'Rating (1–5)'],
  score: ['점수 (0–10)', 'Score (0–10)'],
  order_ref: ['주문 번호', 'Order'],
  product_ref: ['상품', 'Product'],
  status: ['상태', 'Status'],
  assignee: ['담당자', 'Assignee'],
  first_response_at: ['첫 응답 일시', 'First response'],
  resolved_at: ['해결 일시', 'Resolved'],
  reopened_count: ['재오픈 횟수', 'Reopened'],
  handled_by: ['처리 주체', 'Handled by'],
  metadata: ['메타데이터', 'Metadata'],
  type: ['문의 유형', 'Type'],
  type_confidence: ['유형 신뢰도', 'Type confidence'],
  topic_id: ['토픽 ID', 'Topic ID'],
  topic_name: ['토픽', 'Topic'],
  topic_rule: ['토픽 규칙', 'Topic rule'],
  sentiment: ['감정', 'Sentiment'],
  sentiment_score: ['감정 점수', 'Sentiment score'],
  dup_group: ['중복 그룹', 'Duplicate group'],
  model_version: ['모델 버전', 'Model version'],
};

/** Coded fields and their words: the one shared table (domain/labels-ko-en.ts), which the web's labels read too. */
const VALUES = {
  channel: CHANNEL_LABELS,
  kind: KIND_LABELS,
  status: STATUS_LABELS,
  handled_by: HANDLED_BY_LABELS,
  sentiment: SENTIMENT_LABELS,
} as const;

/** The export's header row in `labels`' language, in EXPORT_COLUMNS' order. */
export function labelledHeaders(labels: ExportLabels): string[] {
  return EXPORT_COLUMNS.map((c) => inLocale(HEADERS[c], labels));
}

/**
 * Rewrites an export row (exportRow's, CSV/XLSX: pii_kinds already joined) with coded values by
 * name: the workspace's type names (its own taxonomy, or the default one), the rest as the screens
 * say them. A value without a name (a channel added later) stays as it is.
 */
export function labelRow(row: Record<string, unknown>, labels: ExportLabels, types: readonly ItemTypeRow[]): Record<string, unknown> {
  const out = { ...row };
  for (const field of ['channel', 'kind', 'status', 'handled_by', 'sentiment'] as const) {
    const v = out[field];
    if (typeof v === 'string') out[field] = labelOf<string>(VALUES[field], v, labels);
  }
  if (typeof out.pii_kinds === 'string' && out.pii_kinds) {
    out.pii_kinds = out.pii_kinds.split(',').map((k) => labelOf(PII_KIND_LABELS, k, labels)).join(', ');
  }
  if (typeof out.type === 'string') out.type = typeNameIn(out.type, labels, types);
  return out;
}

/**
 * A type key by its name in `labels`' language: the workspace's own taxonomy, else the default one,
 * 불확실 for uncertain; a key with no name (a type since removed) as it is.
 */
export function typeNameIn(key: string, labels: ExportLabels, types: readonly ItemTypeRow[]): string {
  if (key === UNCERTAIN_TYPE) return inLocale(UNCERTAIN_TYPE_LABEL, labels);
  const own = types.find((t) => t.key === key);
  if (own) return labels === 'ko' ? own.name_ko : own.name_en;
  const fallback = DEFAULT_ITEM_TYPES.find((t) => t.key === key);
  return fallback ? (labels === 'ko' ? fallback.nameKo : fallback.nameEn) : key;
}
