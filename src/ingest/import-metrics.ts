import type { Db } from '../store/db.js';
import { upsertMetrics, type MetricPoint } from '../store/queries/business-metrics.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { inInstantRange, parseTimestamp } from '../domain/item.js';
import { isLocalDay, localDayOf } from '../domain/local-day.js';
import { isExtraCellKey, readRecords, requireFormat, type FileFormat } from './files/read-records.js';

/** Korean headers (spaces removed) of the built-in metrics, as operators name them in their sheets. */
const NAME_ALIASES: Record<string, string> = {
  주문: 'orders', 주문수: 'orders', 주문건수: 'orders', 주문건: 'orders',
  결제: 'payments', 결제수: 'payments', 결제건수: 'payments', 결제건: 'payments',
  취소: 'cancellations', 취소수: 'cancellations', 취소건수: 'cancellations',
  해지: 'cancellations', 해지수: 'cancellations', 해지건수: 'cancellations',
  가입: 'signups', 가입수: 'signups', 가입자수: 'signups', 신규가입: 'signups', 신규가입수: 'signups', 회원가입: 'signups', 회원가입수: 'signups',
  매출: 'revenue', 매출액: 'revenue',
  월간활성사용자: 'mau', 월간활성사용자수: 'mau', 일간활성사용자: 'dau', 일간활성사용자수: 'dau',
};
/** Counts of things that happened: a negative one is a typo or a formula's error, not a number of the day. */
const COUNT_METRICS = new Set(['orders', 'payments', 'cancellations', 'signups', 'mau', 'dau']);
const DAY_COLUMNS = ['day', 'date', '일자', '날짜', '기준일', '일'];
/** The long layout's columns: one metric's name and its value per row. */
const NAME_COLUMNS = ['name', 'metric', '지표', '지표명', '항목', '항목명'];
const VALUE_COLUMNS = ['value', '값', '수치'];
/** Columns of a wide sheet that describe the day rather than count anything: skipped, and named in the answer. */
const DESCRIPTIVE_COLUMNS = new Set(['요일', '비고', '메모', '참고', '설명', '특이사항', 'weekday', 'day_of_week', 'dow', 'note', 'notes', 'memo', 'comment', 'comments', 'remark', 'remarks']);
/** The largest magnitude the metrics API takes (POST /metrics): a file must not store what the API refuses. */
export const MAX_METRIC_ABS = 1e15;
/** A metric's stored name (business_metrics' CHECK, the metrics API): a-z, then a-z, 0-9 or _ (at most 63). */
export const METRIC_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const NAME_HINT =
  'not a metric name: write it in lower-case latin letters, digits and _ (e.g. repurchases), or use 주문수, 결제수, 해지수, 가입수, 매출, MAU, DAU / ' +
  '지표 이름은 영문 소문자·숫자·_로 적거나(예: repurchases) 주문수, 결제수, 해지수, 가입수, 매출, MAU, DAU 중 하나로 적으세요';

const headerKey = (raw: string): string => raw.normalize('NFC').trim().toLowerCase();

/**
 * Normalises a metric name: Korean aliases of the built-in names (spaces and a unit in
 * parentheses ignored: "주문 수", "매출(원)"), else lower-case with spaces as underscores
 * ("App Installs" → app_installs). Null when it is no storable name (a custom Korean name, a digit first).
 */
export function normalizeMetricName(raw: string): string | null {
  const s = raw.normalize('NFC').trim().replace(/\s*\([^()]*\)$/, '');
  const alias = NAME_ALIASES[s.replace(/\s/g, '')];
  if (alias) return alias;
  const n = s.toLowerCase().replace(/[\s-]+/g, '_');
  return METRIC_NAME_PATTERN.test(n) ? n : null;
}

/**
 * A day cell as its local day in the workspace's zone: a calendar day (2026-11-01, 2026.11.1.,
 * 2026/11/01), a date with a time as Excel saves a date-time cell to CSV (2026-11-01 0:00, 2026-11-01
 * 오전 12:00:00), 2026년 11월 1일, an instant with an offset, or an XLSX date cell (its wall-clock day).
 * Null for what is no day, and for month-first or day-first dates (refused, not guessed).
 */
function toDay(v: unknown, timeZone: string): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : localDayOf(v, timeZone);
  const s = String(v ?? '').trim();
  const m = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?$/.exec(s);
  if (m) {
    const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    return isLocalDay(day) && +m[1] >= 1900 && +m[1] <= 2199 ? day : null;
  }
  if (!s || s.length > 60) return null;
  const at = parseTimestamp(typeof v === 'number' ? v : s, timeZone);
  return at && inInstantRange(at) ? localDayOf(at, timeZone) : null;
}

type Parsed = { value: number } | { blank: true } | { problem: string };

/**
 * A value cell: a number, or text as Excel writes one ("1,234", "₩1,000", "1,000,000원", "1.5E+3").
 * A lone "-" is how an accounting format shows nothing: blank, like an empty cell.
 */
function toNumber(v: unknown, name: string): Parsed {
  let value: number;
  if (typeof v === 'number') value = v;
  else {
    const s = String(v ?? '').normalize('NFKC').replace(/[,\s원₩]/g, '');
    if (s === '' || s === '-') return { blank: true };
    if (s.endsWith('%')) return { problem: `a percentage (${clip(v)}); send the count itself / 비율(%) 말고 건수나 금액을 적으세요` };
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(s)) return { problem: `not a number (${clip(v)}) / 숫자가 아닙니다` };
    value = Number(s);
  }
  const problem = metricValueProblem(name, value);
  if (!problem) return { value };
  const [en, ko] = problem.split(' / ');
  return { problem: `${en} (${clip(v)}) / ${ko}` };
}

/**
 * Why a metric's value cannot be stored (null when it can): not finite, past ±10^15 (what the
 * metrics API takes), or a negative count (orders, payments, cancellations, signups, MAU, DAU).
 */
export function metricValueProblem(name: string, value: number): string | null {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_METRIC_ABS) return 'out of range; at most 1e15 / 값이 범위를 벗어났습니다(최대 10^15)';
  if (value < 0 && COUNT_METRICS.has(name)) return 'a count cannot be negative / 건수는 음수일 수 없습니다';
  return null;
}

const clip = (v: unknown): string => String(v).slice(0, 30);

/** What a business-metrics file held: the numbers accepted (one per day and name), the rows refused, and the names and days it covers. */
export interface MetricsImport {
  accepted: number;
  rejected: number;
  rejects: { row: number; reason: string }[];
  names: string[];
  from: string | null;
  to: string | null;
  /**
   * Columns of a wide sheet not read as metrics, each once with why: they describe the day
   * (요일, 비고, …), or their header is no name a metric can be stored under (a custom Korean name).
   */
  skipped_columns: { column: string; reason: string }[];
}

/**
 * Imports daily business numbers from a file, long (day, name, value — or 날짜, 지표, 값) or wide
 * (day, orders, mau, …). Bad rows are reported with their row number; good ones land; a day
 * sent again replaces its numbers.
 */
export async function importMetricsFile(
  db: Db,
  ws: Workspace,
  path: string,
  opts: { format?: FileFormat; encoding?: string; dryRun?: boolean } = {},
): Promise<MetricsImport> {
  const format = opts.format ?? requireFormat(path);
  const points: MetricPoint[] = [];
  const rejects: { row: number; reason: string }[] = [];
  const skipped = new Map<string, string>();
  for await (const rec of readRecords(path, { format, encoding: opts.encoding, timeZone: ws.timezone })) {
    if ('error' in rec) {
      rejects.push({ row: rec.rowNumber, reason: rec.reason });
      continue;
    }
    const entries = Object.entries(rec.values);
    const keyOf = (names: string[]) => entries.find(([k]) => names.includes(headerKey(k)))?.[0];
    const dayKey = keyOf(DAY_COLUMNS);
    if (!dayKey) {
      const columns = entries.map(([k]) => k).join(', ').slice(0, 300);
      rejects.push({ row: rec.rowNumber, reason: `no day column (날짜, 일자, day, date) among: ${columns} / 날짜 열이 없습니다` });
      continue;
    }
    const day = toDay(rec.values[dayKey], ws.timezone);
    if (!day) {
      rejects.push({ row: rec.rowNumber, reason: `${dayKey}: "${clip(rec.values[dayKey])}" is not a day (YYYY-MM-DD) / 날짜(YYYY-MM-DD)가 아닙니다` });
      continue;
    }
    const nameKey = keyOf(NAME_COLUMNS);
    const valueKey = keyOf(VALUE_COLUMNS);
    const long = nameKey !== undefined && valueKey !== undefined;
    // A wide sheet's column that holds no metric is skipped for every row, said once: one column
    // must not cost every day its other numbers. A row's own surplus cells are that row's problem.
    const pairs: (readonly [string, unknown])[] = long
      ? [[String(rec.values[nameKey] ?? ''), rec.values[valueKey]]]
      : entries.filter(([k]) => {
          if (k === dayKey) return false;
          if (DESCRIPTIVE_COLUMNS.has(headerKey(k))) skipped.set(k.trim(), 'describes the day, not a number of it / 날짜를 설명하는 열이라 건너뛰었습니다');
          else if (normalizeMetricName(k) || isExtraCellKey(k)) return true;
          else skipped.set(k.trim(), NAME_HINT);
          return false;
        });
    const problems: string[] = [];
    const rowPoints: MetricPoint[] = [];
    for (const [rawName, rawValue] of pairs) {
      if (rawValue === '' || rawValue === null || rawValue === undefined) continue;
      if (!long && isExtraCellKey(rawName)) {
        problems.push(`${rawName}: more cells than the header has columns / 머리글보다 칸이 많습니다`);
        continue;
      }
      const name = normalizeMetricName(rawName);
      if (!name) {
        problems.push(`${clip(rawName.trim())}: ${NAME_HINT}`);
        continue;
      }
      const value = toNumber(rawValue, name);
      if ('problem' in value) problems.push(`${rawName.trim()}: ${value.problem}`);
      else if ('value' in value) rowPoints.push({ day, name, value: value.value });
    }
    if (problems.length) rejects.push({ row: rec.rowNumber, reason: problems.join('; ') });
    else points.push(...rowPoints);
  }
  if (!opts.dryRun) {
    for (let i = 0; i < points.length; i += 5_000) await upsertMetrics(db, ws.id, points.slice(i, i + 5_000));
  }
  const days = points.map((p) => p.day).sort();
  return {
    accepted: points.length,
    rejected: rejects.length,
    rejects,
    names: [...new Set(points.map((p) => p.name))].sort(),
    from: days[0] ?? null,
    to: days[days.length - 1] ?? null,
    skipped_columns: [...skipped].map(([column, reason]) => ({ column, reason })),
  };
}
