import { UNCERTAIN_TYPE } from '../domain/taxonomy.js';
import type { ItemTypeRow } from '../store/queries/item-types.js';
import { DEFAULT_ITEM_TYPES } from '../domain/taxonomy.js';
import { EXPORT_COLUMNS } from './export-items.js';

/**
 * An items export for people (`GET /items/export?labels=ko|en`, the page's download): the columns
 * under the names the screens use (채널, 접수 일시, 문의 유형) and coded values by their names
 * (board → 1:1 문의, resolved → 해결, bug → 버그), as the list and detail panel show them. The
 * default export keeps Sori's field names and codes: that is the one to import again.
 */
export type ExportLabels = 'ko' | 'en';

type Pair = readonly [ko: string, en: string];

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

/** The same words as the web's labels (web/src/i18n.ts channel.*, kind.*, status.*, handledBy.*, sentiment.*, pii.*). */
const VALUES: Record<'channel' | 'kind' | 'status' | 'handled_by' | 'sentiment' | 'pii_kinds', Record<string, Pair>> = {
  channel: {
    chat: ['채팅', 'Chat'], phone: ['전화', 'Phone'], email: ['이메일', 'Email'], board: ['1:1 문의', '1:1 inquiry'], survey: ['설문', 'Survey'],
    review: ['리뷰', 'Review'], app_store: ['앱 리뷰', 'App store'], social: ['소셜', 'Social'], chatbot: ['챗봇', 'Chatbot'], other: ['기타', 'Other'],
  },
  kind: {
    inquiry: ['문의', 'Inquiry'], review: ['리뷰', 'Review'], survey_response: ['설문 응답', 'Survey response'],
    chatbot_session: ['챗봇 대화', 'Chatbot session'], note: ['메모', 'Note'],
  },
  status: {
    new: ['신규', 'New'], open: ['진행 중', 'Open'], pending: ['고객 응답 대기', 'Pending'], on_hold: ['보류', 'On hold'],
    resolved: ['해결', 'Resolved'], closed: ['종료', 'Closed'],
  },
  handled_by: { bot: ['챗봇', 'Bot'], human: ['상담원', 'Agent'] },
  sentiment: { positive: ['긍정', 'Positive'], neutral: ['중립', 'Neutral'], negative: ['부정', 'Negative'], mixed: ['혼합', 'Mixed'] },
  pii_kinds: {
    phone: ['전화번호', 'Phone number'], rrn: ['주민등록번호', 'Resident reg. no.'], frn: ['외국인등록번호', 'Foreigner reg. no.'], email: ['이메일', 'Email'],
    card: ['카드번호', 'Card number'], account: ['계좌번호', 'Account number'], ip: ['IP 주소', 'IP address'], passport: ['여권번호', 'Passport no.'],
    driver_license: ['운전면허번호', "Driver's licence no."], customs_code: ['개인통관고유부호', 'Customs ID (PCCC)'], name: ['이름', 'Name'], address: ['주소', 'Address'],
  },
};

const UNCERTAIN: Pair = ['불확실', 'Uncertain'];

/** The export's header row in `labels`' language, in EXPORT_COLUMNS' order. */
export function labelledHeaders(labels: ExportLabels): string[] {
  const i = labels === 'ko' ? 0 : 1;
  return EXPORT_COLUMNS.map((c) => HEADERS[c][i]);
}

/**
 * Rewrites an export row (exportRow's, CSV/XLSX: pii_kinds already joined) with coded values by
 * name: the workspace's type names (its own taxonomy, or the default one), the rest as the screens
 * say them. A value without a name (a channel added later) stays as it is.
 */
export function labelRow(row: Record<string, unknown>, labels: ExportLabels, types: readonly ItemTypeRow[]): Record<string, unknown> {
  const i = labels === 'ko' ? 0 : 1;
  const out = { ...row };
  for (const field of ['channel', 'kind', 'status', 'handled_by', 'sentiment'] as const) {
    const v = out[field];
    if (typeof v === 'string') out[field] = VALUES[field][v]?.[i] ?? v;
  }
  if (typeof out.pii_kinds === 'string' && out.pii_kinds) {
    out.pii_kinds = out.pii_kinds.split(',').map((k) => VALUES.pii_kinds[k]?.[i] ?? k).join(', ');
  }
  if (typeof out.type === 'string') {
    const own = types.find((t) => t.key === out.type);
    const fallback = DEFAULT_ITEM_TYPES.find((t) => t.key === out.type);
    out.type =
      out.type === UNCERTAIN_TYPE ? UNCERTAIN[i] : own ? (i === 0 ? own.name_ko : own.name_en) : fallback ? (i === 0 ? fallback.nameKo : fallback.nameEn) : out.type;
  }
  return out;
}
