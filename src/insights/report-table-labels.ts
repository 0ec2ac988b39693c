import { CHURN_REASONS, ORDER_CANCELLATION, UNKNOWN_CHURN_REASON } from '../domain/churn-reasons.js';
import {
  BUSINESS_METRIC_LABELS,
  CHANNEL_LABELS,
  DRIVER_FINDING_LABELS,
  durationIn,
  FILE_FORMAT_LABELS,
  HANDLED_BY_LABELS,
  IMPORT_ADAPTER_LABELS,
  IMPORT_STATUS_LABELS,
  inLocale,
  labelOf,
  NO_TOPIC_LABEL,
  NO_TYPE_LABEL,
  policyNameIn,
  SENTIMENT_LABELS,
  SLA_TARGET_LABELS,
  SUPPORT_CLOCK_LABELS,
  VERDICT_LABELS,
  YES_NO_LABELS,
  type LabelLocale,
  type LabelPair,
} from '../domain/labels-ko-en.js';
import { typeNameIn } from '../ingest/export-labels.js';
import type { ItemTypeRow } from '../store/queries/item-types.js';
import type { ChangeVerdict } from '../domain/stats.js';
import { driverFinding } from './nps.js';
import type { ReportTable } from './report-tables.js';

/**
 * A dashboard table for people (`GET /insights/export?labels=ko|en`): each column under the name the
 * page gives it (판정, 응답률 (%)) and coded values by name — channels, the workspace's type names,
 * verdicts (유의미한 증가), statuses, file formats, SLA targets and shipped policy names, churn reasons,
 * bot/human; each duration (lead times in seconds, SLA targets and elapsed times in ms) as two columns,
 * the page's words (첫 응답 중앙값: "8분 33초") and minutes or hours to one decimal (첫 응답 중앙값 (분): 8.6;
 * 해결 중앙값 (시간)); the business metric a rate is of by its name (주문).
 * Without labels the table keys its columns by field name with codes and raw numbers.
 */

/** What a group of change columns measures, for the headers of `${prefix}current` … `${prefix}verdict`. */
const CHANGE_SUBJECT: Record<string, LabelPair> = { rate_: ['비율', 'Rate'], share_: ['비중', 'Share'], '': ['인입', 'Items'] };

function changeHeader(column: string): LabelPair | null {
  const m = /^(rate_|share_)?(current|previous|change|change_unit|interval_lower|interval_upper|p_value|verdict)$/.exec(column);
  if (!m) return null;
  const [ko, en] = CHANGE_SUBJECT[m[1] ?? '']!;
  switch (m[2]) {
    case 'current':
      return [`${ko} (이번 기간)`, `${en} (current)`];
    case 'previous':
      return [`${ko} (이전 기간)`, `${en} (previous)`];
    case 'change':
      return [`${ko} 변화`, `${en} change`];
    case 'change_unit':
      return [`${ko} 변화 단위`, `${en} change unit`];
    case 'interval_lower':
      return [`${ko} 변화 95% 구간 하한`, `${en} change, 95% interval lower`];
    case 'interval_upper':
      return [`${ko} 변화 95% 구간 상한`, `${en} change, 95% interval upper`];
    case 'p_value':
      return ['p값', 'p-value'];
    default:
      return ['판정', 'Verdict'];
  }
}

const RATE_BASIS: Record<string, LabelPair> = {
  metric: ['비즈니스 지표', 'Business metric'],
  per: ['지표 단위 (건/지표)', 'Per (items per metric)'],
  covered_days_current: ['지표가 있는 날 (이번 기간)', 'Days with the metric (current)'],
  covered_days_previous: ['지표가 있는 날 (이전 기간)', 'Days with the metric (previous)'],
};

const MOVER_COLUMNS: Record<string, LabelPair> = {
  current_items: ['인입 (이번 기간)', 'Items (current)'],
  previous_items: ['인입 (이전 기간)', 'Items (previous)'],
  excess_items: ['예상 대비 (건)', 'Items vs expected'],
  p_adjusted: ['보정 p값 (BH)', 'Adjusted p-value (BH)'],
};

/** The headers of each table's columns that are not change columns. */
const HEADERS: Record<ReportTable, Record<string, LabelPair>> = {
  topic_movers: { key: ['토픽 ID', 'Topic ID'], name: ['토픽', 'Topic'], parent_name: ['상위 토픽', 'Parent topic'], ...MOVER_COLUMNS, ...RATE_BASIS },
  type_movers: { key: ['유형 키', 'Type key'], name: ['문의 유형', 'Type'], parent_name: ['상위 유형', 'Parent type'], ...MOVER_COLUMNS, ...RATE_BASIS },
  channels: { channel: ['채널', 'Channel'], p_adjusted: MOVER_COLUMNS.p_adjusted! },
  volume: {
    line: ['선', 'Line'],
    name: ['이름', 'Name'],
    period: ['기간', 'Period'],
    from: ['시작 시각', 'From'],
    to: ['끝 시각 (포함 안 함)', 'To (exclusive)'],
    items: ['인입', 'Items'],
    rate: ['문의율', 'Rate'],
    period_days: ['기간 일수', 'Days in period'],
    period_covered_days: ['지표가 있는 날 (기간)', 'Days with the metric (period)'],
    ...RATE_BASIS,
  },
  support: {
    key: ['구분', 'Row'],
    received: ['인입', 'Received'],
    responded: ['응답', 'Responded'],
    response_rate_pct: ['응답률 (%)', 'Response rate (%)'],
    rate_received: ['응답률의 인입', 'Received (response rate)'],
    rate_responded: ['응답률의 응답', 'Responded (response rate)'],
    first_response_p50_s: ['첫 응답 중앙값', 'First response median'],
    first_response_p90_s: ['첫 응답 90%', 'First response 90th pct'],
    resolution_p50_s: ['해결 중앙값', 'Resolution median'],
    resolution_p90_s: ['해결 90%', 'Resolution 90th pct'],
    reopen_rate_pct: ['재오픈율 (%)', 'Reopen rate (%)'],
    bot_share_pct: ['챗봇 처리 비중 (%)', 'Bot share (%)'],
    clock: ['시간 기준', 'Clock'],
  },
  sla_breaches: {
    item_id: ['인입 ID', 'Item ID'],
    channel: ['채널', 'Channel'],
    type: ['문의 유형', 'Type'],
    assignee: ['담당자', 'Assignee'],
    created_at: ['접수 일시', 'Created'],
    target: ['목표', 'Target'],
    policy_name: ['정책', 'Policy'],
    target_ms: ['목표 시간', 'Target time'],
    elapsed_ms: ['걸린 시간', 'Elapsed'],
    due_at: ['기한', 'Due'],
    completed_at: ['완료 일시', 'Completed'],
    text: ['내용', 'Text'],
  },
  nps_drivers: {
    key: ['토픽 ID', 'Topic ID'],
    name: ['토픽', 'Topic'],
    detractors: ['비추천 응답 수', 'Detractors'],
    promoters: ['추천 응답 수', 'Promoters'],
    detractor_share_pct: ['비추천 중 비중 (%)', 'Share among detractors (%)'],
    promoter_share_pct: ['추천 중 비중 (%)', 'Share among promoters (%)'],
    difference_pp: ['차이 (%p)', 'Difference (pp)'],
    difference_lower_pp: ['차이 95% 구간 하한 (%p)', 'Difference, 95% interval lower (pp)'],
    difference_upper_pp: ['차이 95% 구간 상한 (%p)', 'Difference, 95% interval upper (pp)'],
    p_adjusted: MOVER_COLUMNS.p_adjusted!,
    verdict: ['판정', 'Finding'],
  },
  churn_reasons: {
    key: ['사유', 'Reason'],
    name_ko: ['사유 (한국어)', 'Reason (Korean)'],
    name_en: ['사유 (영어)', 'Reason (English)'],
    controllable: ['통제 가능', 'Controllable'],
    current: ['건수 (이번 기간)', 'Count (current)'],
    current_cancellation: ['해지·취소 (이번 기간)', 'Cancellations (current)'],
    current_account: ['탈퇴 (이번 기간)', 'Leaves (current)'],
    previous: ['건수 (이전 기간)', 'Count (previous)'],
    example: ['예시', 'Example'],
  },
  import_runs: {
    id: ['실행 ID', 'Run ID'],
    started_at: ['시작', 'Started'],
    finished_at: ['끝난 시각', 'Finished'],
    created_by: ['실행한 사람', 'Started by'],
    file_name: ['파일', 'File'],
    format: ['형식', 'Format'],
    source: ['출처', 'Source'],
    channel: ['채널', 'Channel'],
    adapter: ['내보내기 종류', 'Vendor export'],
    status: ['상태', 'Status'],
    dry_run: ['미리 검사', 'Dry run'],
    total_rows: ['전체 행', 'Total rows'],
    inserted: ['새로 추가', 'Inserted'],
    updated: ['갱신', 'Updated'],
    unchanged: ['변경 없음', 'Unchanged'],
    older: ['오래된 행(건너뜀)', 'Older (skipped)'],
    rejected: ['거부', 'Rejected'],
    skipped: ['건너뜀', 'Skipped'],
    error: ['오류', 'Error'],
  },
};

/** The support table's first column, by the split it is of. */
const SUPPORT_KEY_HEADERS: Record<string, LabelPair> = {
  channel: ['채널', 'Channel'],
  assignee: ['담당자', 'Assignee'],
  type: ['문의 유형', 'Type'],
  handled_by: ['처리 주체', 'Handled by'],
};

const CHANGE_UNIT_LABELS: Record<string, LabelPair> = { percent: ['%', '%'], points: ['%p', 'pp'] };
const CHURN_LABELS: Record<string, LabelPair> = {
  ...Object.fromEntries(CHURN_REASONS.map((r) => [r.key, [r.nameKo, r.nameEn] as const])),
  [UNKNOWN_CHURN_REASON]: ['사유 미상', 'Unknown'],
  [ORDER_CANCELLATION]: ['주문 취소·환불 (해지 아님)', 'Order cancellation / refund (not churn)'],
};
const ALL_ROW: LabelPair = ['전체', 'Total'];
const SUPPORT_NONE: LabelPair = ['(없음)', '(none)'];
const OTHER_LINE: LabelPair = ['그 밖의 값 합계', 'All other values'];
const NO_SENTIMENT_LABEL: LabelPair = ['감정 없음', 'No sentiment'];
const NO_SEGMENT_LABEL: LabelPair = ['고객군 없음', 'No segment'];

/** The header of one column of `table` in `locale`; a column this file does not know keeps its field name. */
export function reportTableHeader(table: ReportTable, column: string, locale: LabelLocale, by?: string): string {
  if (table === 'support' && column === 'key' && by && SUPPORT_KEY_HEADERS[by]) return inLocale(SUPPORT_KEY_HEADERS[by], locale);
  const pair = HEADERS[table][column] ?? changeHeader(column);
  return pair ? inLocale(pair, locale) : column;
}

/**
 * The duration columns of the coded tables: the unit they are stored in (lead times in seconds, SLA
 * times in ms) and the one a sheet for people gives them as a number. First responses and SLA targets
 * and elapsed times in minutes: most are under an hour, where hours to one decimal read a 3-minute
 * target and an 8-minute breach both as 0.1 (a target and its elapsed time share the unit, so a row
 * compares). Resolution times in hours: they run to hours and days, where minutes only add digits.
 */
const DURATION_COLUMNS: Partial<Record<ReportTable, Record<string, { stored: 's' | 'ms'; shown: 'minutes' | 'hours' }>>> = {
  support: {
    first_response_p50_s: { stored: 's', shown: 'minutes' },
    first_response_p90_s: { stored: 's', shown: 'minutes' },
    resolution_p50_s: { stored: 's', shown: 'hours' },
    resolution_p90_s: { stored: 's', shown: 'hours' },
  },
  sla_breaches: { target_ms: { stored: 'ms', shown: 'minutes' }, elapsed_ms: { stored: 'ms', shown: 'minutes' } },
};
const UNIT_SUFFIX: Record<'minutes' | 'hours', LabelPair> = { minutes: ['(분)', '(minutes)'], hours: ['(시간)', '(hours)'] };
const SECONDS_PER: Record<'minutes' | 'hours', number> = { minutes: 60, hours: 3_600 };
/** Excel's format of an hours or minutes cell: one decimal, so 24 h reads 24.0 beside 0.1 and sorts and sums as a number. */
export const HOURS_NUMBER_FORMAT = '0.0';
export const MINUTES_NUMBER_FORMAT = '0.0';

/** One column of a table for people: its header, the coded field it is read from, and how. */
export interface PeopleColumn {
  header: string;
  field: string;
  /** The cell from the row with codes by name (`named`) and the coded row (raw numbers, the clock code). */
  cell: (named: Record<string, unknown>, coded: Record<string, unknown>) => unknown;
  /** XLSX number format of the column's number cells. */
  numFmt?: string;
}

/**
 * The columns of `table` for people, in the coded table's order: each field under its header, a
 * duration field as two — the page's words ("1일 4시간"; in business hours never days, as the page:
 * "30시간 5분") and minutes or hours (DURATION_COLUMNS) to one decimal under a header that says
 * which — empty where nothing was measured.
 */
export function peopleColumns(table: ReportTable, fields: readonly string[], locale: LabelLocale, by?: string): PeopleColumn[] {
  return fields.flatMap((field): PeopleColumn[] => {
    const header = reportTableHeader(table, field, locale, by);
    const duration = DURATION_COLUMNS[table]?.[field];
    if (!duration) return [{ header, field, cell: (named) => named[field] }];
    const seconds = (coded: Record<string, unknown>) => {
      const v = coded[field];
      return typeof v === 'number' && Number.isFinite(v) ? (duration.stored === 'ms' ? v / 1000 : v) : null;
    };
    return [
      { header, field, cell: (_, coded) => durationIn(seconds(coded), locale, { largest: coded.clock === 'business' ? 'hour' : 'day' }) },
      {
        header: `${header} ${inLocale(UNIT_SUFFIX[duration.shown], locale)}`,
        field,
        numFmt: duration.shown === 'minutes' ? MINUTES_NUMBER_FORMAT : HOURS_NUMBER_FORMAT,
        cell: (_, coded) => {
          const s = seconds(coded);
          return s === null ? null : Math.round((s / SECONDS_PER[duration.shown]) * 10) / 10;
        },
      },
    ];
  });
}

export interface ReportLabelContext {
  /** The split of volume and support (`by`): which names a line's or row's key takes. */
  by?: string;
  /** The workspace's inquiry types, for type keys by their names. */
  types: readonly ItemTypeRow[];
}

/** A split's key (a channel, type, sentiment, handler) by its name; other splits' keys (assignee, segment) as they are. */
function splitKeyName(by: string | undefined, key: string, locale: LabelLocale, types: readonly ItemTypeRow[]): string {
  switch (by) {
    case 'channel':
      return labelOf(CHANNEL_LABELS, key, locale);
    case 'type':
      return key === '' ? inLocale(NO_TYPE_LABEL, locale) : typeNameIn(key, locale, types);
    case 'sentiment':
      return key === '' ? inLocale(NO_SENTIMENT_LABEL, locale) : labelOf(SENTIMENT_LABELS, key, locale);
    case 'segment':
      return key === '' ? inLocale(NO_SEGMENT_LABEL, locale) : key;
    case 'handled_by':
      return labelOf(HANDLED_BY_LABELS, key, locale);
    default:
      return key;
  }
}

/** One row of `table` with its coded values by name in `locale` (still keyed by field name). */
export function labelReportRow(table: ReportTable, row: Record<string, unknown>, locale: LabelLocale, ctx: ReportLabelContext): Record<string, unknown> {
  const out = { ...row };
  const str = (v: unknown): v is string => typeof v === 'string';
  for (const [column, value] of Object.entries(out)) {
    if (/(^|_)verdict$/.test(column) && str(value)) {
      // An NPS driver's verdict is a finding between two groups of one period, as its page says it.
      out[column] = table === 'nps_drivers' ? labelOf(DRIVER_FINDING_LABELS, driverFinding(value as ChangeVerdict), locale) : labelOf(VERDICT_LABELS, value, locale);
    } else if (/(^|_)change_unit$/.test(column) && str(value)) {
      out[column] = labelOf(CHANGE_UNIT_LABELS, value, locale);
    } else if (typeof value === 'boolean') {
      out[column] = inLocale(YES_NO_LABELS[value ? 'yes' : 'no'], locale);
    }
  }
  // The business metric a rate is of, by the dashboard's name for a built-in one (orders → 주문).
  if (str(out.metric)) out.metric = labelOf(BUSINESS_METRIC_LABELS, out.metric, locale);
  switch (table) {
    case 'topic_movers':
      if (out.name === null || out.name === undefined) out.name = inLocale(NO_TOPIC_LABEL, locale);
      break;
    case 'type_movers':
      if (str(out.key)) out.name = typeNameIn(out.key, locale, ctx.types);
      break;
    case 'channels':
    case 'sla_breaches':
    case 'import_runs':
      if (str(out.channel)) out.channel = labelOf(CHANNEL_LABELS, out.channel, locale);
      if (table === 'sla_breaches') {
        if (str(out.type)) out.type = typeNameIn(out.type, locale, ctx.types);
        if (str(out.target)) out.target = labelOf(SLA_TARGET_LABELS, out.target, locale);
        if (str(out.policy_name) && str(out.policy_id)) out.policy_name = policyNameIn({ id: out.policy_id, name: out.policy_name }, locale);
      }
      if (table === 'import_runs') {
        if (str(out.status)) out.status = labelOf(IMPORT_STATUS_LABELS, out.status, locale);
        if (str(out.format)) out.format = labelOf(FILE_FORMAT_LABELS, out.format, locale);
        if (str(out.adapter)) out.adapter = labelOf(IMPORT_ADAPTER_LABELS, out.adapter, locale);
      }
      break;
    case 'volume':
      // A period's bounds are instants for the drill-down (UTC strings); for people, times the writer puts in
      // the workspace's zone (CSV with its offset, XLSX a date cell), as every other time of the exports.
      for (const bound of ['from', 'to'] as const) if (str(out[bound]) && !Number.isNaN(Date.parse(out[bound]))) out[bound] = new Date(out[bound]);
      if (str(out.line)) {
        const named = out.line === '__other__' ? inLocale(OTHER_LINE, locale) : ctx.by ? splitKeyName(ctx.by, out.line, locale, ctx.types) : inLocale(ALL_ROW, locale);
        if (ctx.by !== 'topic') out.line = named;
        if (out.name === null || out.name === undefined) out.name = ctx.by === 'topic' && out.line !== '__other__' ? inLocale(NO_TOPIC_LABEL, locale) : named;
      }
      break;
    case 'support':
      // The support page's words: 전체 for the total row, (없음) for a row without the split's value (unassigned).
      if (str(out.key)) out.key = out.key === 'all' ? inLocale(ALL_ROW, locale) : out.key === '' ? inLocale(SUPPORT_NONE, locale) : splitKeyName(ctx.by, out.key, locale, ctx.types);
      if (str(out.clock)) out.clock = labelOf(SUPPORT_CLOCK_LABELS, out.clock, locale);
      break;
    case 'nps_drivers':
      if (out.name === null || out.name === undefined) out.name = inLocale(NO_TOPIC_LABEL, locale);
      break;
    case 'churn_reasons':
      if (str(out.key)) out.key = labelOf(CHURN_LABELS, out.key, locale);
      break;
  }
  return out;
}

/** Each table by the page and the card it is the list of, under the titles the pages give them. */
const TABLE_LABELS: Record<ReportTable, LabelPair> = {
  topic_movers: ['개요 · 크게 움직인 토픽', 'Overview · Top movers'],
  type_movers: ['개요 · 크게 움직인 문의 유형', 'Overview · Top movers by type'],
  channels: ['개요 · 채널별', 'Overview · By channel'],
  volume: ['탐색', 'Explore'],
  support: ['응대 지표', 'Support'],
  sla_breaches: ['SLA · 위반 건', 'SLA · Breaches'],
  nps_drivers: ['NPS · 비추천 요인', 'NPS · Detractor drivers'],
  churn_reasons: ['해지 사유 · 사유별', 'Churn reasons · By reason'],
  import_runs: ['가져오기 · 최근 가져오기', 'Import · Recent imports'],
};
const SPLIT_LABELS: Record<string, LabelPair> = {
  channel: ['채널', 'Channel'],
  type: ['문의 유형', 'Type'],
  topic: ['토픽', 'Topic'],
  sentiment: ['감정', 'Sentiment'],
  segment: ['고객군', 'Segment'],
  assignee: ['담당자', 'Assignee'],
  handled_by: ['처리 주체', 'Handled by'],
};
const GRANULARITY_LABELS: Record<string, LabelPair> = { day: ['일', 'Day'], week: ['주', 'Week'], month: ['월', 'Month'] };
const INFO = {
  sheet: ['정보', 'About'],
  header: [['항목', '값'], ['Field', 'Value']],
  workspace: ['워크스페이스', 'Workspace'],
  table: ['표', 'Table'],
  range: ['기간 (현지 날짜, 양 끝 포함)', 'Range (local days, inclusive)'],
  previous: ['비교 기간', 'Comparison range'],
  clock: ['시간 기준', 'Clock'],
  split: ['분할 기준', 'Split'],
  filters: ['필터', 'Filters'],
  timezone: ['시간대', 'Time zone'],
  generated: ['만든 시각', 'Generated at'],
  version: ['Sori 버전', 'Sori version'],
  none: ['없음', 'None'],
  notApplicable: ['해당 없음', 'Not applicable'],
  noSplit: ['없음 (전체)', 'None (total)'],
  newestRuns: ['해당 없음 (최근 가져오기 실행)', 'Not applicable (the newest import runs)'],
  includesToday: ['오늘 포함: 아직 끝나지 않은 날', 'includes today, a day not over yet'],
  metric: ['비즈니스 지표', 'Business metric'],
  per: ['지표 단위', 'Per'],
  granularity: ['집계 단위', 'Granularity'],
  channel: ['채널', 'Channels'],
  type: ['문의 유형', 'Types'],
  topic: ['토픽', 'Topics'],
  sentiment: ['감정', 'Sentiments'],
  segment: ['고객군', 'Segments'],
} as const satisfies Record<string, LabelPair | readonly LabelPair[]>;

/** What an export covers, as given to reportInfoSheet: the resolved range and the request's own filters. */
export interface ReportInfo {
  workspace: string;
  table: ReportTable;
  /** The range's local days; null for a table of no range (import runs). */
  range: { from: string; to: string; days: number; includes_today: boolean } | null;
  /** The period the table compares with; null when its columns compare with none. */
  previous: { from: string; to: string } | null;
  /** support: the clock of its lead times. */
  clock?: string;
  /** volume and support: the split (support's default, channel, given). */
  by?: string;
  filters: { channel?: string[]; type?: string[]; topic?: string[]; sentiment?: string[]; segment?: string[]; metric?: string; per?: number; granularity?: string };
  timezone: string;
  generatedAt: Date;
  version: string;
  types: readonly ItemTypeRow[];
  /** The workspace's topics, for topic filter ids by name. */
  topics: readonly { id: string; name: string }[];
}

/**
 * The second worksheet of a people's XLSX export ("정보" / "About"): what the first sheet covers —
 * workspace, table, range and comparison range in local days, clock, split, the filters given, time
 * zone, when it was made and by which Sori — field and value in `locale`, so a sheet passed around
 * after the meeting still says which week it is.
 */
export function reportInfoSheet(info: ReportInfo, locale: LabelLocale): { name: string; rows: unknown[][]; widths: number[] } {
  const t = (pair: LabelPair) => inLocale(pair, locale);
  const span = (r: { from: string; to: string }) => `${r.from} ~ ${r.to}`;
  const range = info.range
    ? `${span(info.range)} (${locale === 'ko' ? `${info.range.days}일` : `${info.range.days} day${info.range.days === 1 ? '' : 's'}`}${info.range.includes_today ? `; ${t(INFO.includesToday)}` : ''})`
    : t(INFO.newestRuns);
  const split = info.table === 'volume' || info.table === 'support' ? (info.by ? labelOf(SPLIT_LABELS, info.by, locale) : t(INFO.noSplit)) : t(INFO.notApplicable);
  const f = info.filters;
  const list = (values: string[] | undefined, name: (v: string) => string) => (values?.length ? values.map(name).join(', ') : null);
  const topicName = (id: string) => (id === 'none' ? t(NO_TOPIC_LABEL) : (info.topics.find((topic) => topic.id === id)?.name ?? id));
  const given: [LabelPair, string | null][] = [
    [INFO.channel, list(f.channel, (v) => labelOf(CHANNEL_LABELS, v, locale))],
    [INFO.type, list(f.type, (v) => typeNameIn(v, locale, info.types))],
    [INFO.topic, list(f.topic, topicName)],
    [INFO.sentiment, list(f.sentiment, (v) => labelOf(SENTIMENT_LABELS, v, locale))],
    [INFO.segment, list(f.segment, (v) => v)],
    [INFO.metric, f.metric ? labelOf(BUSINESS_METRIC_LABELS, f.metric, locale) : null],
    [INFO.per, f.per !== undefined ? String(f.per) : null],
    [INFO.granularity, f.granularity ? labelOf(GRANULARITY_LABELS, f.granularity, locale) : null],
  ];
  const filters = given.filter(([, v]) => v !== null).map(([label, v]) => `${t(label)}: ${v}`).join('; ');
  return {
    name: t(INFO.sheet),
    widths: [30, 60],
    rows: [
      [...INFO.header[locale === 'ko' ? 0 : 1]],
      [t(INFO.workspace), info.workspace],
      [t(INFO.table), t(TABLE_LABELS[info.table])],
      [t(INFO.range), range],
      [t(INFO.previous), info.previous ? span(info.previous) : info.range ? t(INFO.none) : t(INFO.notApplicable)],
      [t(INFO.clock), info.clock ? labelOf(SUPPORT_CLOCK_LABELS, info.clock, locale) : t(INFO.notApplicable)],
      [t(INFO.split), split],
      [t(INFO.filters), filters || t(INFO.none)],
      [t(INFO.timezone), info.timezone],
      [t(INFO.generated), info.generatedAt],
      [t(INFO.version), info.version],
    ],
  };
}
