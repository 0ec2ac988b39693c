import type { Db } from '../store/db.js';
import { upsertMetrics, type MetricPoint } from '../store/queries/business-metrics.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { localDayOf } from '../domain/local-day.js';
import { readRecords, requireFormat, type FileFormat } from './files/read-records.js';

const NAME_ALIASES: Record<string, string> = {
  주문: 'orders', 주문수: 'orders', 주문건수: 'orders', 결제: 'payments', 결제수: 'payments', 결제건수: 'payments',
  취소: 'cancellations', 취소수: 'cancellations', 해지: 'cancellations', 해지수: 'cancellations',
  가입: 'signups', 가입수: 'signups', 신규가입: 'signups', 매출: 'revenue',
};
const DAY_COLUMNS = ['day', 'date', '일자', '날짜', '기준일'];

/** Normalises a metric name: Korean aliases, lower-case, spaces to underscores. */
export function normalizeMetricName(raw: string): string | null {
  const s = raw.trim();
  const alias = NAME_ALIASES[s.replace(/\s/g, '')];
  if (alias) return alias;
  const n = s.toLowerCase().replace(/[\s-]+/g, '_');
  return /^[a-z][a-z0-9_]{0,62}$/.test(n) ? n : null;
}

/** A day cell: text YYYY-MM-DD (or with . /), or an XLSX date cell — read as a wall-clock instant, so its local day. */
function toDay(v: unknown, timeZone: string): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : localDayOf(v, timeZone);
  const m = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?$/.exec(String(v ?? '').trim());
  if (!m) return null;
  const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day ? null : day;
}

function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const s = String(v ?? '').replace(/[,\s원]/g, '');
  if (!s || !/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** What a business-metrics file held: the numbers accepted (one per day and name), the rows refused, and the names and days it covers. */
export interface MetricsImport {
  accepted: number;
  rejected: number;
  rejects: { row: number; reason: string }[];
  names: string[];
  from: string | null;
  to: string | null;
}

/**
 * Imports daily business numbers from a file, long (day, name, value) or wide
 * (day, orders, mau, …). Bad rows are reported with their row number; good ones land.
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
  for await (const rec of readRecords(path, { format, encoding: opts.encoding, timeZone: ws.timezone })) {
    if ('error' in rec) {
      rejects.push({ row: rec.rowNumber, reason: rec.reason });
      continue;
    }
    const entries = Object.entries(rec.values);
    const dayKey = entries.find(([k]) => DAY_COLUMNS.includes(k.trim().toLowerCase()))?.[0];
    const day = dayKey ? toDay(rec.values[dayKey], ws.timezone) : null;
    if (!day) {
      rejects.push({ row: rec.rowNumber, reason: 'day: expected YYYY-MM-DD / 날짜 형식 오류' });
      continue;
    }
    const long = 'name' in rec.values && 'value' in rec.values;
    const pairs = long ? [[String(rec.values.name), rec.values.value] as const] : entries.filter(([k]) => k !== dayKey);
    const problems: string[] = [];
    const rowPoints: MetricPoint[] = [];
    for (const [rawName, rawValue] of pairs) {
      if (rawValue === '' || rawValue === null || rawValue === undefined) continue;
      const name = normalizeMetricName(rawName);
      const value = toNumber(rawValue);
      if (!name) problems.push(`${rawName}: not a metric name`);
      else if (value === null) problems.push(`${rawName}: not a number (${String(rawValue).slice(0, 20)})`);
      else rowPoints.push({ day, name, value });
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
  };
}
