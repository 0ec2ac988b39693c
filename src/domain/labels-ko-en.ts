import type { Channel, ItemKind, ItemStatus, PiiKind } from './item.js';

/**
 * The one table of words for Sori's coded values in Korean and English — channels, kinds, statuses,
 * handlers, sentiments, PII kinds, verdicts, the shipped SLA policies' names — read by the server's
 * exports for people (items and report tables) and by the web's labels (web/src/i18n.ts spreads
 * `labelMessages`, web/src/sla/policy-name.ts reads the policy names). No runtime imports: the Vite
 * bundle takes this file as it is.
 */
export type LabelLocale = 'ko' | 'en';
export type LabelPair = readonly [ko: string, en: string];

export const CHANNEL_LABELS: Readonly<Record<Channel, LabelPair>> = {
  chat: ['채팅', 'Chat'],
  phone: ['전화', 'Phone'],
  email: ['이메일', 'Email'],
  board: ['1:1 문의', '1:1 inquiry'],
  survey: ['설문', 'Survey'],
  review: ['리뷰', 'Review'],
  app_store: ['앱 리뷰', 'App store'],
  social: ['소셜', 'Social'],
  chatbot: ['챗봇', 'Chatbot'],
  other: ['기타', 'Other'],
};

export const KIND_LABELS: Readonly<Record<ItemKind, LabelPair>> = {
  inquiry: ['문의', 'Inquiry'],
  review: ['리뷰', 'Review'],
  survey_response: ['설문 응답', 'Survey response'],
  chatbot_session: ['챗봇 대화', 'Chatbot session'],
  note: ['메모', 'Note'],
};

export const STATUS_LABELS: Readonly<Record<ItemStatus, LabelPair>> = {
  new: ['신규', 'New'],
  open: ['진행 중', 'Open'],
  pending: ['고객 응답 대기', 'Pending'],
  on_hold: ['보류', 'On hold'],
  resolved: ['해결', 'Resolved'],
  closed: ['종료', 'Closed'],
};

export const HANDLED_BY_LABELS: Readonly<Record<'bot' | 'human', LabelPair>> = {
  bot: ['챗봇', 'Bot'],
  human: ['상담원', 'Agent'],
};

export const SENTIMENT_LABELS: Readonly<Record<'positive' | 'neutral' | 'negative' | 'mixed', LabelPair>> = {
  positive: ['긍정', 'Positive'],
  neutral: ['중립', 'Neutral'],
  negative: ['부정', 'Negative'],
  mixed: ['혼합', 'Mixed'],
};

export const PII_KIND_LABELS: Readonly<Record<PiiKind, LabelPair>> = {
  phone: ['전화번호', 'Phone number'],
  rrn: ['주민등록번호', 'Resident reg. no.'],
  frn: ['외국인등록번호', 'Foreigner reg. no.'],
  email: ['이메일', 'Email'],
  card: ['카드번호', 'Card number'],
  account: ['계좌번호', 'Account number'],
  ip: ['IP 주소', 'IP address'],
  passport: ['여권번호', 'Passport no.'],
  driver_license: ['운전면허번호', "Driver's licence no."],
  customs_code: ['개인통관고유부호', 'Customs ID (PCCC)'],
  name: ['이름', 'Name'],
  address: ['주소', 'Address'],
};

/** A change's verdict (insights/change.ts ChangeVerdict), as the verdict badge says it. */
export const VERDICT_LABELS: Readonly<Record<'significant_increase' | 'significant_decrease' | 'within_noise' | 'insufficient_data', LabelPair>> = {
  significant_increase: ['유의미한 증가', 'Significant increase'],
  significant_decrease: ['유의미한 감소', 'Significant decrease'],
  within_noise: ['변동 범위 내(노이즈)', 'Within noise'],
  insufficient_data: ['데이터 부족', 'Not enough data'],
};

/** An NPS driver's finding (insights/nps.ts DriverFinding): two groups of one period, not a rise or fall. */
export const DRIVER_FINDING_LABELS: Readonly<Record<'more_among_detractors' | 'more_among_promoters' | 'no_clear_difference' | 'insufficient_data', LabelPair>> = {
  more_among_detractors: ['비추천 쪽에 유의미하게 많음', 'Significantly more among detractors'],
  more_among_promoters: ['추천 쪽에 유의미하게 많음', 'Significantly more among promoters'],
  no_clear_difference: ['뚜렷한 차이 없음', 'No clear difference'],
  insufficient_data: ['언급이 적어 판단 보류', 'Too few mentions to tell'],
};

/**
 * The SLA policies Sori ships (domain/sla-settings.ts DEFAULT_SLA_SETTINGS), by id. They are stored
 * under both names, "장애 공식 답변 24시간 / Incident answer in 24 h" (`defaultPolicyStoredName`).
 */
export const DEFAULT_SLA_POLICY_LABELS: Readonly<Record<'incident' | 'chat' | 'phone' | 'written', LabelPair>> = {
  incident: ['장애 공식 답변 24시간', 'Incident answer in 24 h'],
  chat: ['채팅 첫 응답 3분', 'Chat first response 3 min'],
  phone: ['전화 응대 1분', 'Phone answered in 1 min'],
  written: ['이메일·1:1 문의 8업무시간', 'E-mail and board in 8 business hours'],
};

export const SLA_TARGET_LABELS: Readonly<Record<'firstResponse' | 'resolution', LabelPair>> = {
  firstResponse: ['첫 응답', 'First response'],
  resolution: ['해결', 'Resolution'],
};

export const SUPPORT_CLOCK_LABELS: Readonly<Record<'calendar' | 'business', LabelPair>> = {
  calendar: ['24시간 기준', '24-hour clock'],
  business: ['영업시간 기준', 'Business hours'],
};

export const IMPORT_STATUS_LABELS: Readonly<Record<'running' | 'completed' | 'failed' | 'cancelled', LabelPair>> = {
  running: ['진행 중', 'Running'],
  completed: ['완료', 'Completed'],
  failed: ['실패', 'Failed'],
  cancelled: ['중지됨', 'Stopped'],
};

export const IMPORT_ADAPTER_LABELS: Readonly<Record<'channeltalk' | 'zendesk' | 'googleplay', LabelPair>> = {
  channeltalk: ['채널톡 내보내기', 'Channel Talk export'],
  zendesk: ['Zendesk 내보내기', 'Zendesk export'],
  googleplay: ['Google Play 리뷰', 'Google Play reviews'],
};

/** An import's file format (ingest/files/read-records.ts FILE_FORMATS), as a person names it. */
export const FILE_FORMAT_LABELS: Readonly<Record<'csv' | 'tsv' | 'jsonl' | 'json' | 'xlsx', LabelPair>> = {
  csv: ['CSV', 'CSV'],
  tsv: ['TSV', 'TSV'],
  jsonl: ['JSON Lines', 'JSON Lines'],
  json: ['JSON', 'JSON'],
  xlsx: ['Excel (XLSX)', 'Excel (XLSX)'],
};

/** The units of a duration for people, largest first: 일 시간 분 초 / d h min s (the dashboard's lead times). */
export const DURATION_UNIT_LABELS: Readonly<Record<'day' | 'hour' | 'minute' | 'second', LabelPair>> = {
  day: ['일', 'd'],
  hour: ['시간', 'h'],
  minute: ['분', 'min'],
  second: ['초', 's'],
};
const DURATION_UNITS = [
  { seconds: 86_400, unit: 'day' },
  { seconds: 3_600, unit: 'hour' },
  { seconds: 60, unit: 'minute' },
  { seconds: 1, unit: 'second' },
] as const;

/**
 * A duration in seconds as people read it, at most two units rounded on the smaller one — "3분 20초",
 * "2시간 5분", "1일 4시간" ("3 min 20 s", "2 h 5 min", "1 d 4 h"), a zero second unit left out —
 * as the dashboard writes lead times (web/src/insights/durations.ts formatDuration). `largest: 'hour'`
 * never says days: business time, where "1일" would read as a working day. Null for nothing measured.
 */
export function durationIn(seconds: number | null | undefined, locale: LabelLocale, { largest = 'day' }: { largest?: 'day' | 'hour' } = {}): string | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  const total = Math.round(seconds);
  const part = (n: number, unit: (typeof DURATION_UNITS)[number]['unit']) => (locale === 'ko' ? `${n}${DURATION_UNIT_LABELS[unit][0]}` : `${n} ${DURATION_UNIT_LABELS[unit][1]}`);
  if (total === 0) return part(0, 'second');
  const bigIndex = Math.max(largest === 'hour' ? 1 : 0, DURATION_UNITS.findIndex((u) => total >= u.seconds));
  const big = DURATION_UNITS[bigIndex]!;
  const small = DURATION_UNITS[bigIndex + 1];
  if (!small) return part(total, big.unit);
  // Round on the smaller unit, then carry (1시간 59분 59초 → 2시간).
  const smallCount = Math.round(total / small.seconds);
  const perBig = big.seconds / small.seconds;
  const bigCount = Math.floor(smallCount / perBig);
  const rest = smallCount - bigCount * perBig;
  return rest === 0 ? part(bigCount, big.unit) : `${part(bigCount, big.unit)} ${part(rest, small.unit)}`;
}

export const UNCERTAIN_TYPE_LABEL: LabelPair = ['불확실', 'Uncertain'];
export const NO_TOPIC_LABEL: LabelPair = ['토픽 없음', 'No topic'];
export const NO_TYPE_LABEL: LabelPair = ['유형 없음', 'No type'];
export const YES_NO_LABELS: Readonly<Record<'yes' | 'no', LabelPair>> = { yes: ['예', 'Yes'], no: ['아니오', 'No'] };
/** The built-in business metrics by the names the dashboard gives them (web metric.*, capitalised as a cell); a workspace's own metric keeps its name. */
export const BUSINESS_METRIC_LABELS: Readonly<Record<'orders' | 'payments' | 'dau' | 'mau' | 'cancellations' | 'churned' | 'subscribers' | 'signups' | 'revenue', LabelPair>> = {
  orders: ['주문', 'Orders'],
  payments: ['결제', 'Payments'],
  dau: ['일간 활성 사용자', 'Daily active users'],
  mau: ['월간 활성 사용자', 'Monthly active users'],
  cancellations: ['주문 취소', 'Order cancellations'],
  churned: ['해지', 'Churned subscriptions'],
  subscribers: ['구독자', 'Subscribers'],
  signups: ['가입자', 'Sign-ups'],
  revenue: ['매출', 'Revenue'],
};

/** A pair's word in `locale`. */
export function inLocale(pair: LabelPair, locale: LabelLocale): string {
  return pair[locale === 'ko' ? 0 : 1];
}

/** A coded value's word in `locale` from one of the tables above, or the value itself when it has none (a code added later). */
export function labelOf<K extends string>(table: Readonly<Record<K, LabelPair>>, value: string, locale: LabelLocale): string {
  return Object.prototype.hasOwnProperty.call(table, value) ? inLocale(table[value as K], locale) : value;
}

/** A table as UI messages `${prefix}.${value}` in `locale` (web/src/i18n.ts spreads these: channel.board → 1:1 문의). */
export function labelMessages<P extends string, K extends string>(prefix: P, table: Readonly<Record<K, LabelPair>>, locale: LabelLocale): Record<`${P}.${K}`, string> {
  const out = {} as Record<`${P}.${K}`, string>;
  for (const key of Object.keys(table) as K[]) out[`${prefix}.${key}`] = inLocale(table[key], locale);
  return out;
}

/** The name a shipped SLA policy is stored under, "장애 공식 답변 24시간 / Incident answer in 24 h"; null for an id Sori does not ship. */
export function defaultPolicyStoredName(id: string): string | null {
  if (!Object.prototype.hasOwnProperty.call(DEFAULT_SLA_POLICY_LABELS, id)) return null;
  const [ko, en] = DEFAULT_SLA_POLICY_LABELS[id as keyof typeof DEFAULT_SLA_POLICY_LABELS];
  return `${ko} / ${en}`;
}

/**
 * A policy's name in `locale`: a shipped policy still under its two-language name gives the half in
 * `locale`; a name an admin gave (any other) is given as it is.
 */
export function policyNameIn(policy: { id: string; name: string }, locale: LabelLocale): string {
  const stored = defaultPolicyStoredName(policy.id);
  return stored !== null && policy.name === stored ? inLocale(DEFAULT_SLA_POLICY_LABELS[policy.id as keyof typeof DEFAULT_SLA_POLICY_LABELS], locale) : policy.name;
}
