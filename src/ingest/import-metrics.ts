import type { Db } from '../store/db.js';
import { upsertMetrics, type MetricPoint } from '../store/queries/business-metrics.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { inInstantRange, parseTimestamp } from '../domain/item.js';
import { addDays, isLocalDay, localDayOf } from '../domain/local-day.js';
import { isExtraCellKey, readRecords, requireFormat, type FileFormat } from './files/read-records.js';

/** Korean headers (spaces, _ and - removed) of the built-in metrics, as operators name them in their sheets. */
const NAME_ALIASES: Record<string, string> = {
  주문: 'orders', 주문수: 'orders', 주문건수: 'orders', 주문건: 'orders',
  결제: 'payments', 결제수: 'payments', 결제건수: 'payments', 결제건: 'payments',
  취소: 'cancellations', 취소수: 'cancellations', 취소건수: 'cancellations', 주문취소: 'cancellations', 주문취소수: 'cancellations', 주문취소건수: 'cancellations',
  // 해지 is a subscription or membership ended, not an order cancelled (취소): the churn rate's count.
  해지: 'churned', 해지수: 'churned', 해지건수: 'churned', 해지자수: 'churned', 해지고객수: 'churned', 해지회원수: 'churned',
  구독자: 'subscribers', 구독자수: 'subscribers', 유료회원: 'subscribers', 유료회원수: 'subscribers', 유료구독자수: 'subscribers', 구독회원수: 'subscribers',
  가입: 'signups', 가입수: 'signups', 가입자수: 'signups', 신규가입: 'signups', 신규가입수: 'signups', 회원가입: 'signups', 회원가입수: 'signups',
  매출: 'revenue', 매출액: 'revenue',
  월간활성사용자: 'mau', 월간활성사용자수: 'mau', 일간활성사용자: 'dau', 일간활성사용자수: 'dau',
};
/** The built-in names: a wide sheet's column under one of them is always read as numbers. */
const BUILT_IN_METRICS = new Set(['orders', 'payments', 'cancellations', 'churned', 'subscribers', 'signups', 'revenue', 'mau', 'dau']);
/** Counts of things that happened: a negative one is a typo or a formula's error, not a number of the day. */
const COUNT_METRICS = new Set(['orders', 'payments', 'cancellations', 'churned', 'subscribers', 'signups', 'mau', 'dau']);
const DAY_COLUMNS = ['day', 'date', '일자', '날짜', '기준일', '일'];
/** The long layout's columns: one metric's name and its value per row. */
const NAME_COLUMNS = ['name', 'metric', '지표', '지표명', '항목', '항목명', '구분'];
const VALUE_COLUMNS = ['value', '값', '수치'];
/**
 * Columns of a wide sheet that describe the day (or number the rows) rather than count anything:
 * skipped by their name, and named in the answer. Other text columns are skipped by their cells.
 */
const DESCRIPTIVE_COLUMNS = new Set([
  '요일', '비고', '메모', '참고', '설명', '특이사항', '담당자', '작성자', '순번', '번호', '연번',
  '연', '년', '연도', '월', '주', '주차', '분기',
  'weekday', 'day_of_week', 'dow', 'note', 'notes', 'memo', 'comment', 'comments', 'remark', 'remarks',
  'year', 'month', 'week', 'quarter',
]);
/** The largest magnitude the metrics API takes (POST /metrics): a file must not store what the API refuses. */
export const MAX_METRIC_ABS = 1e15;
/**
 * A metric's stored name (business_metrics' CHECK since migration 030, the metrics API): a latin
 * lower-case letter or a Hangul syllable (가-힣), then those, digits or _; 1–63 characters. Jamo
 * alone (ㄱ, ㅋ) are not taken: NFC makes every modern Korean word syllables.
 */
export const METRIC_NAME_PATTERN = /^[a-z가-힣][a-z0-9_가-힣]{0,62}$/u;
// One " / " only, and no Hangul in the English half: the dashboard shows the half in the reader's language.
export const NAME_HINT =
  'not a metric name: use Korean or latin letters, digits and _, beginning with a letter, at most 63 characters ' +
  '(e.g. app_installs), or a built-in name (orders, payments, cancellations, churned, subscribers, signups, revenue, mau, dau) / ' +
  '지표 이름은 한글·영문·숫자·_로, 글자로 시작해 63자 이내로 적으세요(예: 재구매수, 앱_설치_수). ' +
  '주문수, 결제수, 취소수, 해지수, 구독자수, 가입수, 매출, MAU, DAU는 기본 지표로 읽습니다';

const headerKey = (raw: string): string => raw.normalize('NFC').trim().toLowerCase();

/**
 * Normalises a metric name: Korean aliases of the built-in names (spaces, _, - and a unit in
 * parentheses ignored: "주문 수", "매출(원)"), else NFC, latin lower-cased, spaces and hyphens as
 * underscores ("App Installs" → app_installs, "재구매 수" → 재구매_수, "Day-7 재방문" → day_7_재방문).
 * Null when it is no storable name (an emoji or other punctuation, a digit first, past 63 characters).
 */
export function normalizeMetricName(raw: string): string | null {
  const s = raw.normalize('NFC').trim().replace(/\s*\([^()]*\)$/, '');
  const key = s.replace(/[\s_-]/g, '');
  if (Object.hasOwn(NAME_ALIASES, key)) return NAME_ALIASES[key];
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

/**
 * A value cell read: a number, nothing, or why not; `shape` says when the cell holds no count at all:
 * text (a name, a note) or a percentage (a rate).
 */
type Parsed = { value: number } | { blank: true } | { problem: string; shape?: 'text' | 'percent' };

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
    if (s.endsWith('%')) return { problem: `a percentage (${clip(v)}); send the count itself / 비율(%) 말고 건수나 금액을 적으세요 (${clip(v)})`, shape: 'percent' };
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(s)) return { problem: `not a number (${clip(v)}) / 숫자가 아닙니다 (${clip(v)})`, shape: 'text' };
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

/**
 * The last day a business number may be given for: tomorrow in the workspace's zone (a team a day
 * ahead of the server, a number entered just after midnight). A number is counted after its day:
 * 2026-12-20 given on the 6th is a typo or a plan, and it made every day between "missing".
 */
export function lastMetricDay(timeZone: string, now = new Date()): string {
  return addDays(localDayOf(now, timeZone), 1);
}

/** Why a day is refused for being ahead of `lastDay`, in English and Korean; null when it is not. */
export function futureDayProblem(day: string, lastDay: string): string | null {
  return day > lastDay ? `${day} is after tomorrow: a day's numbers are given once it has begun (check the year) / 내일보다 뒤의 날짜입니다(연도를 확인하세요)` : null;
}

/**
 * One refusal: a whole row (`column` null: its day, a row that could not be read, a row with more
 * cells than the header, a row of the long layout — one value) or one cell of a wide row (`column`:
 * its header), whose row's other cells were still read. `reason` begins with the cell's label
 * ("주문수: not a number (12,3a4) / 숫자가 아닙니다 (12,3a4)"), as it did when a bad cell cost its row.
 */
export interface MetricReject {
  row: number;
  column: string | null;
  reason: string;
}

/** What a business-metrics file held: the numbers accepted (one per day and name), the rows and cells refused, and the names and days it covers. */
export interface MetricsImport {
  /** Values stored (or, in a dry run, that would be): one per day and metric. */
  accepted: number;
  /**
   * Numbers that repeat a day and metric given earlier in the file with the same value: accepted
   * once (in `accepted`), counted here. One with another value is refused: that cell (`rejects`).
   */
  repeated: number;
  /** Refusals, rows and cells together: `rejects.length`. */
  rejected: number;
  /** How many of `rejected` are single cells of a wide row (`column` set); the rest are whole rows. */
  rejected_cells: number;
  /** Every refusal in the file's order (a row's cells in its columns' order). */
  rejects: MetricReject[];
  names: string[];
  from: string | null;
  to: string | null;
  /**
   * Columns of a wide sheet not read as metrics, each once with why: they describe the day
   * (요일, 비고, …), most of their cells are text (이벤트, 캠페인) or percentages (전환율), or their
   * header is no name a metric can be stored under.
   */
  skipped_columns: { column: string; reason: string }[];
}

const SKIP_DESCRIPTIVE = 'describes the day, not a number of it / 날짜를 설명하는 열이라 건너뛰었습니다';
const SKIP_TEXT = 'most of its cells are text, not numbers: not read as a metric / 칸 대부분이 숫자가 아닌 글자라 지표로 읽지 않았습니다';
const SKIP_PERCENT =
  'most of its cells are percentages (a rate), not counts: not read as a metric; send the counts it is a rate of / ' +
  '칸 대부분이 비율(%)이라 지표로 읽지 않았습니다. 비율 대신 그 바탕이 되는 건수를 적으세요';
const SKIP_LONG_HALF =
  'a column of the long layout (name, value), which takes both: not read as a metric / ' +
  '긴 형식(지표, 값)의 열인데 짝이 되는 열이 없어 지표로 읽지 않았습니다';

/**
 * How a wide sheet's column is read. A built-in name (orders, 주문수, MAU) always holds numbers: a
 * cell that is none is refused, alone. A custom name (재구매수, app_installs) is read as a metric
 * unless most of its filled cells are no count — text, which makes it a descriptive column (이벤트,
 * 캠페인), or percentages (전환율 12%) — and is then skipped as a whole: such a column must not fill
 * the report with a refusal per day, while one mistyped number (12,3a4) in a column of numbers is
 * that cell's problem.
 */
type WideColumn =
  | { kind: 'skip'; reason: string }
  | { kind: 'extra' }
  | { kind: 'metric'; name: string; custom: boolean; numbers: number; texts: number; percents: number };

function wideColumn(key: string): WideColumn {
  const header = headerKey(key);
  // A second day column (날짜 beside 일) is a part of the date, not a number of the day.
  if (DESCRIPTIVE_COLUMNS.has(header) || DAY_COLUMNS.includes(header)) return { kind: 'skip', reason: SKIP_DESCRIPTIVE };
  if (isExtraCellKey(key)) return { kind: 'extra' };
  if (NAME_COLUMNS.includes(header) || VALUE_COLUMNS.includes(header)) return { kind: 'skip', reason: SKIP_LONG_HALF };
  const name = normalizeMetricName(key);
  if (!name) return { kind: 'skip', reason: NAME_HINT };
  return { kind: 'metric', name, custom: !BUILT_IN_METRICS.has(name), numbers: 0, texts: 0, percents: 0 };
}

/** Why a custom column is skipped for what its cells hold; null when it is read as a metric. */
function skippedForCells(c: WideColumn | undefined): string | null {
  if (c?.kind !== 'metric' || !c.custom || c.texts + c.percents <= c.numbers) return null;
  return c.percents > c.texts ? SKIP_PERCENT : SKIP_TEXT;
}

/** A read row waiting for the verdict on its custom columns (known only once every row is read). */
interface PendingRow {
  row: number;
  day: string;
  /** Its cells in the file's order; `column` is null in the long layout (the row names its metric). */
  cells: { column: string | null; label: string; name: string; parsed: Parsed }[];
  /** Why none of the row can be trusted though its day can (its cells may have moved), or null. */
  wholeRowProblem: string | null;
}

/**
 * A row with more cells than the header: an unquoted "1,234" splits into two cells and moves every
 * cell after it one column right, so 주문수 would store 1 and MAU 234. None of the row is stored:
 * the CSV reader refuses such a row itself ("expected 3 columns, found 4"); this is for a cell that
 * still arrives under a `(초과 N)` key.
 */
const SHIFTED_ROW =
  'more cells than the header has columns: its cells may have moved (a number with an unquoted comma?), so none of the row is stored / ' +
  '머리글보다 칸이 많습니다. 칸이 밀렸을 수 있어(따옴표 없이 쉼표가 든 숫자 등) 이 행은 저장하지 않았습니다';

/**
 * Where a (day, metric) was first given within one file or API call: its row (a file's row number,
 * or a call's 0-based index) and value. A later copy with the same value is a repeat, accepted once;
 * one with another value is refused — which of the two is right is the sender's to say, and keeping
 * the last silently, as before, stored whichever came last.
 */
export class RepeatedMetrics {
  private readonly first = new Map<string, { at: number; value: number }>();
  /** Copies with the same value, accepted once. */
  repeated = 0;

  /** The earlier point of the same day and metric with another value, or null. */
  clash(p: MetricPoint): { at: number; value: number } | null {
    const seen = this.first.get(`${p.day}|${p.name}`);
    return seen && seen.value !== p.value ? seen : null;
  }

  /** Records an accepted point; false when it repeats one already recorded (same value): not to be stored again. */
  add(p: MetricPoint, at: number): boolean {
    const key = `${p.day}|${p.name}`;
    if (this.first.has(key)) {
      this.repeated++;
      return false;
    }
    this.first.set(key, { at, value: p.value });
    return true;
  }
}

/** Why a point is refused for clashing with an earlier one: "row 3" / "3행" in a file, "metrics[0]" in an API call. */
export function clashReason(p: MetricPoint, earlier: { at: number; value: number }, where: 'row' | 'index'): string {
  const en = where === 'row' ? `row ${earlier.at}` : `metrics[${earlier.at}]`;
  const ko = where === 'row' ? `${earlier.at}행` : `metrics[${earlier.at}]`;
  return (
    `${p.day} is already given on ${en} as ${earlier.value}, here ${p.value}: one number per day and metric, send the right one alone / ` +
    `${p.day} 값이 ${ko}에 ${earlier.value}(으)로 이미 있는데 여기는 ${p.value}입니다. 같은 날 같은 지표는 맞는 값 하나만 보내세요`
  );
}

/**
 * Imports daily business numbers from a file, long (day, name, value — or 날짜, 지표, 값) or wide
 * (day, orders, mau, 재구매수, …). The unit of data is a day's metric: in the wide layout a bad cell
 * is reported with its row and column and the row's other cells land (a bad day still refuses its
 * row); in the long layout a row is one value. A day and metric sent again (in a later file)
 * replaces its number; one whose cell is refused keeps what was stored. Within the file, a day and
 * metric given twice with the same number is stored once (`repeated`); with another number, the
 * later cell is refused naming the row it clashes with.
 */
export async function importMetricsFile(
  db: Db,
  ws: Workspace,
  path: string,
  opts: { format?: FileFormat; encoding?: string; dryRun?: boolean } = {},
): Promise<MetricsImport> {
  // No day after tomorrow in the workspace's zone (read once: a long file may cross midnight).
  const lastDay = lastMetricDay(ws.timezone);
  const format = opts.format ?? requireFormat(path);
  const rejects: MetricReject[] = [];
  const pending: PendingRow[] = [];
  // Wide columns in the order first seen (the header's), each classified once.
  const columns = new Map<string, WideColumn>();
  for await (const rec of readRecords(path, { format, encoding: opts.encoding, timeZone: ws.timezone })) {
    if ('error' in rec) {
      rejects.push({ row: rec.rowNumber, column: null, reason: rec.reason });
      continue;
    }
    const entries = Object.entries(rec.values);
    const keyOf = (names: string[]) => entries.find(([k]) => names.includes(headerKey(k)))?.[0];
    const dayKey = keyOf(DAY_COLUMNS);
    if (!dayKey) {
      const columnList = entries.map(([k]) => k).join(', ').slice(0, 300);
      rejects.push({ row: rec.rowNumber, column: null, reason: `no day column (날짜, 일자, day, date) among: ${columnList} / 날짜 열이 없습니다` });
      continue;
    }
    const day = toDay(rec.values[dayKey], ws.timezone);
    if (!day) {
      rejects.push({ row: rec.rowNumber, column: null, reason: `${dayKey}: "${clip(rec.values[dayKey])}" is not a day (YYYY-MM-DD) / 날짜(YYYY-MM-DD)가 아닙니다` });
      continue;
    }
    const ahead = futureDayProblem(day, lastDay);
    if (ahead) {
      rejects.push({ row: rec.rowNumber, column: null, reason: `${dayKey}: ${ahead}` });
      continue;
    }
    const cells: PendingRow['cells'] = [];
    const pendingRow: PendingRow = { row: rec.rowNumber, day, cells, wholeRowProblem: null };
    pending.push(pendingRow);
    const nameKey = keyOf(NAME_COLUMNS);
    const valueKey = keyOf(VALUE_COLUMNS);
    if (nameKey !== undefined && valueKey !== undefined) {
      // Long: the row names its metric, so a value that is no number rejects the row, custom or not.
      const rawName = String(rec.values[nameKey] ?? '');
      const rawValue = rec.values[valueKey];
      if (rawValue === '' || rawValue === null || rawValue === undefined) continue;
      const name = normalizeMetricName(rawName);
      if (!name) cells.push({ column: null, label: clip(rawName.trim()), name: '', parsed: { problem: NAME_HINT } });
      else cells.push({ column: null, label: rawName.trim(), name, parsed: toNumber(rawValue, name) });
      continue;
    }
    for (const [key, rawValue] of entries) {
      if (key === dayKey) continue;
      let column = columns.get(key);
      if (!column) columns.set(key, (column = wideColumn(key)));
      if (column.kind === 'skip' || rawValue === '' || rawValue === null || rawValue === undefined) continue;
      if (column.kind === 'extra') {
        pendingRow.wholeRowProblem ??= `${key}: ${SHIFTED_ROW}`;
        continue;
      }
      const parsed = toNumber(rawValue, column.name);
      if ('blank' in parsed) continue;
      const shape = 'shape' in parsed ? parsed.shape : undefined;
      if (shape === 'text') column.texts++;
      else if (shape === 'percent') column.percents++;
      else column.numbers++;
      cells.push({ column: key, label: key.trim(), name: column.name, parsed });
    }
  }
  const points: MetricPoint[] = [];
  const seen = new RepeatedMetrics();
  for (const { row, day, cells, wholeRowProblem } of pending) {
    if (wholeRowProblem) {
      rejects.push({ row, column: null, reason: wholeRowProblem });
      continue;
    }
    // Each cell on its own: a bad one is refused with its column and the others land. Two columns
    // of one row read as the same metric (주문수 and 주문 건수) meet in `seen` like two rows do: the
    // first stands, the second is a repeat or a clash.
    for (const { column, label, name, parsed } of cells) {
      if (column !== null && skippedForCells(columns.get(column))) continue;
      // The long layout's row is its one value (column null): refusing it refuses the row.
      const where = column === null ? null : label;
      if ('problem' in parsed) rejects.push({ row, column: where, reason: `${label}: ${parsed.problem}` });
      else if ('value' in parsed) {
        const point = { day, name, value: parsed.value };
        const earlier = seen.clash(point);
        if (earlier) rejects.push({ row, column: where, reason: `${label}: ${clashReason(point, earlier, 'row')}` });
        else if (seen.add(point, row)) points.push(point);
      }
    }
  }
  const repeated = seen.repeated;
  // Rows refused while reading came first; the file's order is what a person corrects by (stable:
  // a row's cells stay in its columns' order).
  rejects.sort((a, b) => a.row - b.row);
  if (!opts.dryRun) {
    for (let i = 0; i < points.length; i += 5_000) await upsertMetrics(db, ws.id, points.slice(i, i + 5_000));
  }
  const days = points.map((p) => p.day).sort();
  const skipped = new Map<string, string>();
  for (const [key, column] of columns) {
    const reason = column.kind === 'skip' ? column.reason : skippedForCells(column);
    if (reason) skipped.set(key.trim(), reason);
  }
  return {
    accepted: points.length,
    repeated,
    rejected: rejects.length,
    rejected_cells: rejects.filter((r) => r.column !== null).length,
    rejects,
    names: [...new Set(points.map((p) => p.name))].sort(),
    from: days[0] ?? null,
    to: days[days.length - 1] ?? null,
    skipped_columns: [...skipped].map(([column, reason]) => ({ column, reason })),
  };
}
