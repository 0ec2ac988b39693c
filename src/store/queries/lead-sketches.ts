import type { Db } from '../db.js';

/** A dimension of `item_daily_lead_sketches` (migration 018): the rollup keeps each apart. */
export type LeadSketchDimension = 'channel' | 'assignee' | 'type' | 'handled_by';

/**
 * A measure of the sketches: `n` received, `x` reopened (bucket 0, or 1 when open again), `f` first
 * answered (sori_first_answer_at) and `r` resolved, each with its lead time's log-histogram bucket.
 */
export type LeadSketchMeasure = 'n' | 'x' | 'f' | 'r';

/** One sketch row: a key's day and measure with its `[bucket, count]` pairs. */
export interface LeadSketchRow {
  key: string;
  day: string;
  measure: LeadSketchMeasure;
  sketch: number[][];
}

export interface LeadSketchQuery {
  dim: LeadSketchDimension;
  /** Local days, inclusive. */
  from: string;
  to: string;
  /** Only these keys (e.g. the channels asked for); every key when absent. */
  keys?: readonly string[];
  /** Only these measures; every measure when absent. */
  measures?: readonly LeadSketchMeasure[];
  /** Only days before this local day (the days whose answers are all due). */
  before?: string;
}

/**
 * Reads the lead-time sketches of one dimension over a run of days, whole: the callers add the
 * pairs up in JavaScript (unnesting them in SQL took ~7× longer on the embedded database). The one
 * reader of the table for the insights (Support's KPIs, the response rate by handler).
 */
export async function listLeadSketches(db: Db, workspaceId: number, q: LeadSketchQuery): Promise<LeadSketchRow[]> {
  const params: unknown[] = [workspaceId, q.dim, q.from, q.to];
  const where = ['workspace_id = $1', 'dim = $2', 'day BETWEEN $3::date AND $4::date', 'cardinality(sketch) > 0'];
  if (q.keys) where.push(`key = ANY($${params.push([...q.keys])}::text[])`);
  if (q.measures) where.push(`measure::text = ANY($${params.push([...q.measures])}::text[])`);
  if (q.before) where.push(`day < $${params.push(q.before)}::date`);
  return db.query<LeadSketchRow>(
    `SELECT key, day::text AS day, measure::text AS measure, sketch FROM item_daily_lead_sketches WHERE ${where.join(' AND ')}`,
    params,
  );
}
