import type { Db } from '../db.js';

export interface MetricPoint {
  day: string; // YYYY-MM-DD
  name: string;
  value: number;
}

/**
 * Inserts or replaces daily business numbers (idempotent per workspace, name and day). Callers
 * check a batch's repeats first (import-metrics.ts `RepeatedMetrics`: the file import and POST
 * /metrics refuse a day and metric given twice with different values, and name both).
 */
export async function upsertMetrics(db: Db, workspaceId: number, points: MetricPoint[]): Promise<number> {
  if (!points.length) return 0;
  // One row per (day, name), which one INSERT … ON CONFLICT needs (a row cannot be changed twice in
  // one statement): a later point replaces an earlier one, as a second request would.
  const last = new Map<string, MetricPoint>();
  for (const p of points) {
    const key = `${p.day}|${p.name}`;
    last.delete(key);
    last.set(key, p);
  }
  if (last.size < points.length) points = [...last.values()];
  const days = points.map((p) => p.day);
  const names = points.map((p) => p.name);
  const values = points.map((p) => p.value);
  await db.query(
    `INSERT INTO business_metrics (workspace_id, day, name, value)
     SELECT $1, d::date, n, v FROM unnest($2::text[], $3::text[], $4::float8[]) AS t(d, n, v)
     ON CONFLICT (workspace_id, name, day) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [workspaceId, days, names, values],
  );
  return points.length;
}

/** Lists daily numbers, optionally for some names and a day range (inclusive). */
export async function listMetrics(
  db: Db,
  workspaceId: number,
  f: { names?: string[]; from?: string; to?: string } = {},
): Promise<MetricPoint[]> {
  const params: unknown[] = [workspaceId];
  const where = ['workspace_id = $1'];
  if (f.names?.length) where.push(`name = ANY($${params.push(f.names)}::text[])`);
  if (f.from) where.push(`day >= $${params.push(f.from)}::date`);
  if (f.to) where.push(`day <= $${params.push(f.to)}::date`);
  return db.query<MetricPoint>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, name, value FROM business_metrics
     WHERE ${where.join(' AND ')} ORDER BY name, day`,
    params,
  );
}

/**
 * Removes daily numbers of some names, on every day or within a day range (inclusive): a number
 * entered by mistake, or a metric no longer kept. Answers how many day numbers were removed.
 * A day without a number is a missing day to the rates, not a zero (insights/denominator.ts).
 */
export async function deleteMetrics(db: Db, workspaceId: number, f: { names: string[]; from?: string; to?: string }): Promise<number> {
  if (!f.names.length) return 0;
  const rows = await db.query<{ n: number }>(
    `WITH gone AS (
       DELETE FROM business_metrics
       WHERE workspace_id = $1 AND name = ANY($2::text[])
         AND ($3::date IS NULL OR day >= $3::date) AND ($4::date IS NULL OR day <= $4::date)
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [workspaceId, f.names, f.from ?? null, f.to ?? null],
  );
  return rows[0]?.n ?? 0;
}

/** One stored metric name: how many days have a number, and the first and last of them. */
export interface MetricNameSummary {
  name: string;
  days: number;
  first_day: string; // YYYY-MM-DD
  last_day: string;
}

/** The workspace's metric names with their day counts, by name: one pass over the primary key. */
export async function listMetricNames(db: Db, workspaceId: number): Promise<MetricNameSummary[]> {
  return db.query<MetricNameSummary>(
    `SELECT name, count(*)::int AS days, to_char(min(day), 'YYYY-MM-DD') AS first_day, to_char(max(day), 'YYYY-MM-DD') AS last_day
     FROM business_metrics WHERE workspace_id = $1 GROUP BY name ORDER BY name COLLATE "C"`,
    [workspaceId],
  );
}
