import type { Db } from '../store/db.js';
import type { Workspace } from '../store/queries/workspaces.js';
import type { Change } from './change.js';
import { getChurnReasons } from './churn.js';
import { getNpsInsights } from './nps.js';
import { getOverview } from './overview.js';
import { getSlaReport } from './sla.js';
import { getSupportKpis, type SupportClock, type SupportDimension } from './support.js';
import { getVolume } from './volume.js';
import { listImportRuns } from '../store/queries/import-runs.js';
import { listItemTypes } from '../store/queries/item-types.js';
import type { LabelLocale } from '../domain/labels-ko-en.js';
import { labelReportRow, peopleColumns, reportInfoSheet } from './report-table-labels.js';
import { listTopics } from '../store/queries/topics.js';
import { resolveRange, type InsightRange } from './range.js';
import { localDayOf } from '../domain/local-day.js';

/** The lists of the dashboard that export to CSV/XLSX, by name. */
export const REPORT_TABLES = ['topic_movers', 'type_movers', 'channels', 'volume', 'support', 'sla_breaches', 'nps_drivers', 'churn_reasons', 'import_runs'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

export interface ReportTableInput {
  from?: string;
  to?: string;
  metric?: string;
  per?: number;
  granularity?: 'day' | 'week' | 'month';
  by?: string;
  channel?: string[];
  type?: string[];
  topic?: string[];
  sentiment?: string[];
  /** support: lead times on the 24-hour clock or in business hours. */
  clock?: SupportClock;
  segment?: string[];
}

/** The tables whose columns compare the range with the period before it (a previous count, share or covered days). */
const COMPARING_TABLES: ReadonlySet<ReportTable> = new Set(['topic_movers', 'type_movers', 'channels', 'volume', 'churn_reasons']);
/** The tables that are of a range (import runs are the newest runs, whatever the range). */
const tableHasRange = (table: ReportTable) => table !== 'import_runs';
/** The split a table's rows are by: support's rows are by channel when none is asked (getSupportKpis' default). */
const splitOf = (table: ReportTable, by: string | undefined) => by ?? (table === 'support' ? 'channel' : undefined);

/**
 * The file name of an export: the table, its split and clock (support in business hours) and the
 * range's local days — `sori-support-by-channel-2026-11-30_2026-12-06.xlsx` — so two splits or two
 * weeks never download under one name. Import runs, of no range, keep the workspace's date of the
 * download. ASCII only (a split is a field name), so Content-Disposition needs no encoded form.
 */
export function reportFileName(table: ReportTable, input: Pick<ReportTableInput, 'by' | 'clock'>, range: Pick<InsightRange, 'from' | 'to'> | null, format: string, today: string): string {
  const by = splitOf(table, input.by);
  const parts = ['sori', table, ...(by ? [`by-${by}`] : []), ...(table === 'support' && input.clock === 'business' ? ['business-hours'] : []), range ? `${range.from}_${range.to}` : today];
  return `${parts.join('-').replace(/[^A-Za-z0-9_.-]/g, '_')}.${format}`;
}

/** An export's range as the tables resolve it (the same function, so the name and sheet say what the rows are of); null for import runs. */
export function reportRange(ws: Workspace, table: ReportTable, input: ReportTableInput, now = new Date()): InsightRange | null {
  return tableHasRange(table) ? resolveRange(input, ws.timezone, now) : null;
}

/** The "정보" / "About" worksheet of a people's XLSX export (report-table-labels.ts reportInfoSheet). */
export async function buildReportInfoSheet(
  db: Db,
  ws: Workspace,
  table: ReportTable,
  input: ReportTableInput,
  labels: LabelLocale,
  { range, version, now }: { range: InsightRange | null; version: string; now: Date },
): Promise<{ name: string; rows: unknown[][]; widths: number[] }> {
  const [types, topics] = await Promise.all([listItemTypes(db, ws.id), input.topic?.length ? listTopics(db, ws.id) : []]);
  return reportInfoSheet(
    {
      workspace: ws.name,
      table,
      range: range && { from: range.from, to: range.to, days: range.days, includes_today: range.includes_today },
      previous: range && COMPARING_TABLES.has(table) ? range.previous : null,
      clock: table === 'support' ? (input.clock ?? 'calendar') : undefined,
      by: splitOf(table, input.by),
      filters: tableHasRange(table)
        ? { channel: input.channel, type: input.type, topic: input.topic, sentiment: input.sentiment, segment: input.segment, metric: input.metric, per: input.per, granularity: input.granularity }
        : {},
      timezone: ws.timezone,
      generatedAt: now,
      version,
      types,
      topics,
    },
    labels,
  );
}

/** The workspace's date today (an export at 08:15 in Seoul is that day's, not yesterday's in UTC). */
export const todayIn = (ws: Workspace, now = new Date()) => localDayOf(now, ws.timezone);

const changeColumns = ['current', 'previous', 'change', 'change_unit', 'interval_lower', 'interval_upper', 'p_value', 'verdict'];
/**
 * A rate's basis beside it: the business metric and `per` (items per `per` of it), and the days of
 * the range and of the period before that have a number — the days the rate counts over. Null
 * without a metric: the rate is then items per day over every day.
 */
const RATE_BASIS_COLUMNS = ['metric', 'per', 'covered_days_current', 'covered_days_previous'];
const flatChange = (c: Change, prefix = '') => ({
  [`${prefix}current`]: c.current,
  [`${prefix}previous`]: c.previous,
  [`${prefix}change`]: c.change,
  [`${prefix}change_unit`]: c.unit,
  [`${prefix}interval_lower`]: c.interval?.lower ?? null,
  [`${prefix}interval_upper`]: c.interval?.upper ?? null,
  [`${prefix}p_value`]: c.p_value,
  [`${prefix}verdict`]: c.verdict,
});

export interface ReportTableOutput {
  columns: string[];
  rows: Record<string, unknown>[];
  /** For people: XLSX number formats by column (hours to one decimal); none without labels. */
  numberFormats?: Record<string, string>;
}

/**
 * One dashboard list as flat rows for a spreadsheet: the same numbers the page shows, computed
 * by the same functions, one row per line of the list; with `labels`, for people: the columns and
 * coded values by the names the screens use in that language, durations in words and hours
 * (report-table-labels.ts). Without labels field names, codes and raw seconds and ms, as scripts read them.
 */
export async function buildReportTable(db: Db, ws: Workspace, table: ReportTable, input: ReportTableInput, labels?: LabelLocale): Promise<ReportTableOutput> {
  const coded = await buildCodedTable(db, ws, table, input);
  if (!labels) return coded;
  // For people: the page's words as headers (made unique, so no column hides another) and codes by name.
  const types = await listItemTypes(db, ws.id);
  // Support's rows are by channel when no split is asked (getSupportKpis' default): named as channels too.
  const by = splitOf(table, input.by);
  const columns = peopleColumns(table, coded.columns, labels, by);
  const headers: string[] = [];
  for (const column of columns) headers.push(headers.includes(column.header) ? `${column.header} (${column.field})` : column.header);
  const numberFormats: Record<string, string> = {};
  for (const [i, column] of columns.entries()) if (column.numFmt) numberFormats[headers[i]!] = column.numFmt;
  return {
    columns: headers,
    rows: coded.rows.map((row) => {
      const named = labelReportRow(table, row, labels, { by, types });
      return Object.fromEntries(columns.map((column, i) => [headers[i]!, peopleNumber(column.cell(named, row))]));
    }),
    numberFormats,
  };
}

/**
 * A number as a sheet for people shows it: two decimals from 1 up (a share given exactly, 99.1666…,
 * as 99.17 — but one below 100 never as 100: 99.99), three significant digits below 1 (a p-value of
 * 0.000123 stays 0.000123); whole numbers and everything else as they are.
 */
export function peopleNumber(value: unknown): unknown {
  if (typeof value !== 'number' || !Number.isFinite(value) || Number.isInteger(value)) return value;
  if (Math.abs(value) < 1) return Number(value.toPrecision(3));
  const rounded = Math.round(value * 100) / 100;
  return value < 100 && rounded >= 100 ? 99.99 : rounded;
}

/** The table with Sori's field names and codes (the default export). */
async function buildCodedTable(db: Db, ws: Workspace, table: ReportTable, input: ReportTableInput): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  switch (table) {
    case 'topic_movers':
    case 'type_movers': {
      const o = await getOverview(db, ws, { ...input, moversLimit: 1000 });
      const movers = table === 'topic_movers' ? o.topic_movers : o.type_movers;
      // What the rate is of (the contact rate's metric and days): items per `per` of the metric over
      // the days that have a number; without a metric (null) items per day over every day.
      const basis = {
        metric: o.contact_rate?.metric ?? null,
        per: o.contact_rate?.per ?? null,
        covered_days_current: o.contact_rate?.covered_days.current ?? null,
        covered_days_previous: o.contact_rate?.covered_days.previous ?? null,
      };
      return {
        columns: ['key', 'name', 'parent_name', 'current_items', 'previous_items', 'excess_items', ...changeColumns.map((c) => `rate_${c}`), 'p_adjusted', ...RATE_BASIS_COLUMNS],
        rows: movers.map((m) => ({ ...m, name: 'name' in m ? m.name : m.key, parent_name: 'parent_name' in m ? m.parent_name : null, ...flatChange(m.rate, 'rate_'), rate: undefined, ...basis })),
      };
    }
    case 'channels': {
      const o = await getOverview(db, ws, input);
      // p_adjusted: Benjamini–Hochberg across the channels, which the verdict uses.
      return { columns: ['channel', ...changeColumns, 'p_adjusted'], rows: o.by_channel.map((c) => ({ channel: c.key, ...flatChange(c.change), p_adjusted: c.p_adjusted })) };
    }
    case 'volume': {
      const v = await getVolume(db, ws, { ...input, by: input.by as never });
      // Each point's rate with its own days (a week with 4 of 7 days of DAU), and the line's range.
      return {
        columns: ['line', 'name', 'period', 'from', 'to', 'items', 'rate', 'period_days', 'period_covered_days', ...RATE_BASIS_COLUMNS],
        rows: v.lines.flatMap((l) =>
          l.points.map((p) => ({
            line: l.key, name: l.name, ...p, period_days: p.days, period_covered_days: p.covered_days,
            metric: v.denominator?.metric ?? null, per: v.denominator?.per ?? null,
            covered_days_current: l.covered_days?.current ?? null, covered_days_previous: l.covered_days?.previous ?? null,
          })),
        ),
      };
    }
    case 'support': {
      const k = await getSupportKpis(db, ws, { ...input, by: input.by as SupportDimension | undefined });
      // Each row says its clock: a sheet of business-hour lead times must not read as 24-hour ones.
      return {
        columns: ['key', 'received', 'responded', 'response_rate_pct', 'rate_received', 'rate_responded', 'first_response_p50_s', 'first_response_p90_s', 'resolution_p50_s', 'resolution_p90_s', 'reopen_rate_pct', 'bot_share_pct', 'clock'],
        rows: [k.total, ...k.rows].map((r) => ({
          ...r,
          clock: k.clock,
          first_response_p50_s: r.first_response.p50_seconds,
          first_response_p90_s: r.first_response.p90_seconds,
          resolution_p50_s: r.resolution.p50_seconds,
          resolution_p90_s: r.resolution.p90_seconds,
        })),
      };
    }
    case 'sla_breaches': {
      const s = await getSlaReport(db, ws, { ...input, breaches: 10_000 });
      return {
        columns: ['item_id', 'channel', 'type', 'assignee', 'created_at', 'target', 'policy_name', 'target_ms', 'elapsed_ms', 'due_at', 'completed_at', 'text'],
        rows: s.breaches,
      };
    }
    case 'nps_drivers': {
      const n = await getNpsInsights(db, ws, input);
      return {
        columns: ['key', 'name', 'detractors', 'promoters', 'detractor_share_pct', 'promoter_share_pct', 'difference_pp', 'difference_lower_pp', 'difference_upper_pp', 'p_adjusted', 'verdict'],
        rows: n.drivers.map((d) => ({ ...d, difference_lower_pp: d.difference_interval?.lower ?? null, difference_upper_pp: d.difference_interval?.upper ?? null })),
      };
    }
    case 'import_runs': {
      // The import page's list (its newest runs, whatever the range).
      const runs = await listImportRuns(db, ws.id);
      return {
        columns: ['id', 'started_at', 'finished_at', 'created_by', 'file_name', 'format', 'source', 'channel', 'adapter', 'status', 'dry_run', 'total_rows', 'inserted', 'updated', 'unchanged', 'older', 'rejected', 'skipped', 'error'],
        rows: runs.map((run) => ({ ...run })),
      };
    }
    case 'churn_reasons': {
      const c = await getChurnReasons(db, ws, { ...input, examples: 1 });
      return {
        // `current` split by churn type as the report's by_type: 해지·취소 (cancellation) and 탈퇴 (account).
        columns: ['key', 'name_ko', 'name_en', 'controllable', 'current', 'current_cancellation', 'current_account', 'previous', ...changeColumns.map((x) => `share_${x}`), 'example'],
        rows: c.reasons.map((r) => ({
          ...r,
          current_cancellation: r.by_type.cancellation,
          current_account: r.by_type.account,
          ...flatChange(r.share, 'share_'),
          example: r.examples[0]?.text ?? null,
        })),
      };
    }
  }
}
