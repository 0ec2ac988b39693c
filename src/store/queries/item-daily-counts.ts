import { ANSWERABLE_CHANNELS } from '../../domain/item.js';
import type { Db } from '../db.js';

/**
 * The counts kept per day and key in `item_daily_counts` (migrations 003, 021 and 034). `responded`
 * counts items with a first response or, without one, a resolution. `rated`,
 * `rating_sum` and `satisfied` are CSAT: ratings of items that are not reviews; `review_*` are
 * review and app-store stars. `ever_resolved` (resolved now, or reopened) is the reopen rate's
 * denominator: `reopened` is always a part of it.
 */
export const DAILY_COUNT_FIELDS = [
  'items', 'duplicates', 'bot_handled', 'human_handled', 'responded', 'resolved', 'reopened', 'scored',
  'promoters', 'detractors', 'rated', 'rating_sum', 'satisfied', 'ever_resolved', 'review_rated', 'review_rating_sum',
  'review_satisfied',
] as const;

/** An item counts as a review (its stars are not CSAT): kind review, or a review / app-store channel. */
const IS_REVIEW = 'sori_is_review(i.kind, i.channel)'; // migration 021
/**
 * When an item was first answered: its first response, else its resolution (a ticket closed with
 * the answer, a board export with only a completion time) — as the SLA counts it. `responded` and
 * the first-response lead times count it (migration 034).
 */
const FIRST_ANSWER_AT = 'sori_first_answer_at(i.first_response_at, i.resolved_at)';
export type DailyCountField = (typeof DAILY_COUNT_FIELDS)[number];
export type DailyCounts = Record<DailyCountField, number>;

export type Granularity = 'day' | 'week' | 'month';
export type RollupDimension = 'channel' | 'type' | 'topic' | 'sentiment';

/**
 * Which rollup rows to count. Dates are the workspace's local days, inclusive. A list left out
 * means every value; a list given matches its values only, so an empty one matches nothing (a
 * filter that kept no channel — Support's answerable channels of `channel=review` — must not
 * read as "all channels").
 */
export interface RollupFilter {
  from: string;
  to: string;
  channel?: string[];
  type?: string[];
  /** Topic ids; '0' = items without a topic. */
  topicIds?: string[];
  sentiment?: string[];
}

export interface CountRow extends DailyCounts {
  /** First day of the period (YYYY-MM-DD); absent when not grouped by period. */
  period?: string;
  /** The dimension's value ('' / '0' = none); absent when not grouped by a dimension. */
  key?: string;
}

const DIMENSION_COLUMN: Record<RollupDimension, string> = { channel: 'channel', type: 'type', topic: 'topic_id', sentiment: 'sentiment' };

const DIMENSION_SQL: Record<RollupDimension, string> = {
  channel: 'channel',
  type: 'type',
  topic: 'topic_id::text',
  sentiment: 'sentiment',
};

/** WHERE terms for a rollup filter (an empty list matches nothing); params holds workspace, from, to ($1–$3) and gets the rest. */
function rollupWhere(filter: RollupFilter, params: unknown[]): string[] {
  // Rows emptied by moves (items = 0) hold no counts: every count is of a subset of the items.
  const where = ['workspace_id = $1', 'day BETWEEN $2::date AND $3::date', 'items <> 0'];
  if (filter.channel) where.push(`channel = ANY($${params.push(filter.channel)}::text[])`);
  if (filter.type) where.push(`type = ANY($${params.push(filter.type)}::text[])`);
  if (filter.topicIds) where.push(`topic_id = ANY($${params.push(filter.topicIds)}::bigint[])`);
  if (filter.sentiment) where.push(`sentiment = ANY($${params.push(filter.sentiment)}::text[])`);
  return where;
}

/** Sums rollup counts, optionally per period and per value of one dimension. */
export async function sumDailyCounts(
  db: Db,
  workspaceId: number,
  filter: RollupFilter,
  group: { granularity?: Granularity; by?: RollupDimension } = {},
): Promise<CountRow[]> {
  const params: unknown[] = [workspaceId, filter.from, filter.to];
  const where = rollupWhere(filter, params);
  const select: string[] = [];
  const groupBy: string[] = [];
  if (group.granularity) {
    select.push(
      group.granularity === 'day'
        ? `to_char(day, 'YYYY-MM-DD') AS period`
        : `to_char(date_trunc('${group.granularity}', day), 'YYYY-MM-DD') AS period`,
    );
    groupBy.push('period');
  }
  if (group.by) {
    select.push(`${DIMENSION_SQL[group.by]} AS key`);
    groupBy.push('key');
  }
  for (const f of DAILY_COUNT_FIELDS) select.push(`sum(${f})::float8 AS ${f}`);
  const rows = await db.query<CountRow>(
    `SELECT ${select.join(', ')} FROM item_daily_counts WHERE ${where.join(' AND ')}
     ${groupBy.length ? `GROUP BY ${groupBy.join(', ')} ORDER BY ${groupBy.join(', ')}` : ''}`,
    params,
  );
  // An ungrouped sum over no rows is one row of NULLs: make it zeros.
  for (const row of rows) for (const f of DAILY_COUNT_FIELDS) row[f] = Number(row[f] ?? 0);
  return rows;
}

/**
 * Per-day sums split by several dimensions at once — one scan of the rollups with GROUPING SETS
 * instead of one query per dimension (the Overview needs channel, topic and type together).
 */
export async function sumDailyCountsByEach(
  db: Db,
  workspaceId: number,
  filter: RollupFilter,
  dimensions: readonly RollupDimension[],
): Promise<Map<RollupDimension, CountRow[]>> {
  const params: unknown[] = [workspaceId, filter.from, filter.to];
  const where = rollupWhere(filter, params);
  const cols = dimensions.map((d) => DIMENSION_COLUMN[d]);
  // grouping(col) is 0 in the set that groups by col: that set's key is that column.
  const dim = `CASE ${dimensions.map((d, i) => `WHEN grouping(${cols[i]}) = 0 THEN '${d}'`).join(' ')} END`;
  const key = `CASE ${dimensions.map((_, i) => `WHEN grouping(${cols[i]}) = 0 THEN ${cols[i]}::text`).join(' ')} END`;
  const rows = await db.query<CountRow & { dim: RollupDimension }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS period, ${dim} AS dim, ${key} AS key,
       ${DAILY_COUNT_FIELDS.map((f) => `sum(${f})::float8 AS ${f}`).join(', ')}
     FROM item_daily_counts WHERE ${where.join(' AND ')}
     GROUP BY GROUPING SETS (${cols.map((c) => `(day, ${c})`).join(', ')})`,
    params,
  );
  const out = new Map<RollupDimension, CountRow[]>(dimensions.map((d) => [d, []]));
  for (const row of rows) {
    for (const f of DAILY_COUNT_FIELDS) row[f] = Number(row[f] ?? 0);
    const { dim: d, ...rest } = row;
    out.get(d)!.push(rest);
  }
  for (const list of out.values()) list.sort((a, b) => a.period!.localeCompare(b.period!) || a.key!.localeCompare(b.key!));
  return out;
}

/**
 * The first local day with an item, for the workspace and per channel (from the rollups; each a
 * short index scan from the earliest day). A comparison whose previous period starts before it
 * would compare against days before the data began.
 */
export async function firstItemDays(db: Db, workspaceId: number, channels: readonly string[]): Promise<{ all: string | null; byChannel: Map<string, string> }> {
  const rows = await db.query<{ channel: string | null; day: string | null }>(
    `SELECT NULL AS channel, (SELECT to_char(min(day), 'YYYY-MM-DD') FROM item_daily_counts WHERE workspace_id = $1 AND items <> 0) AS day
     UNION ALL
     SELECT c.channel, (SELECT to_char(min(day), 'YYYY-MM-DD') FROM item_daily_counts WHERE workspace_id = $1 AND channel = c.channel AND items <> 0)
     FROM unnest($2::text[]) AS c(channel)`,
    [workspaceId, [...channels]],
  );
  const byChannel = new Map<string, string>();
  let all: string | null = null;
  for (const r of rows) {
    if (r.channel === null) all = r.day;
    else if (r.day) byChannel.set(r.channel, r.day);
  }
  return { all, byChannel };
}

/**
 * Recomputes every rollup of a workspace from its items — daily counts, segments, lead-time
 * sketches, SLA outcomes, cancellation reasons — in the caller's transaction or one of its own
 * (after a time-zone change moves items to other local days, or to repair). Returns the daily
 * count rows written.
 */
export async function rebuildRollups(db: Db, workspaceId: number): Promise<number> {
  return db.transaction(async (tx) => {
    for (const table of ['item_daily_counts', 'item_daily_segments', 'item_daily_lead_sketches', 'item_daily_sla', 'item_daily_churn']) {
      await tx.query(`DELETE FROM ${table} WHERE workspace_id = $1`, [workspaceId]);
    }
    const rows = await tx.query<{ n: number }>(
      `WITH ins AS (INSERT INTO item_daily_counts (workspace_id, day, channel, type, topic_id, sentiment, ${DAILY_COUNT_FIELDS.join(', ')})
       ${ROLLUP_FROM_ITEMS_SQL} RETURNING 1) SELECT count(*)::int AS n FROM ins`,
      [workspaceId],
    );
    await tx.query(`INSERT INTO item_daily_segments (workspace_id, day, segment, channel, type, topic_id, sentiment, items) ${SEGMENTS_FROM_ITEMS_SQL}`, [workspaceId]);
    await tx.query(
      `INSERT INTO item_daily_lead_sketches (workspace_id, dim, day, key, measure, sketch)
       SELECT ws, dim, day, key, measure::"char", array_agg(ARRAY[bucket::int, n] ORDER BY bucket)
       FROM (${LEAD_TIMES_FROM_ITEMS_SQL}) p (ws, dim, day, key, measure, bucket, n)
       GROUP BY 1, 2, 3, 4, 5`,
      [workspaceId],
    );
    await tx.query(`INSERT INTO item_daily_sla (workspace_id, day, channel, target, policy, outcome, n) ${SLA_FROM_ITEMS_SQL}`, [workspaceId]);
    await tx.query(`INSERT INTO item_daily_churn (workspace_id, day, type, reason, n) ${CHURN_FROM_ITEMS_SQL}`, [workspaceId]);
    return rows[0]?.n ?? 0;
  });
}

// The same grouping as the triggers, straight from the items of workspace $1.
const ROLLUP_FROM_ITEMS_SQL = `SELECT i.workspace_id, (i.created_at AT TIME ZONE w.timezone)::date, i.channel, COALESCE(i.type, ''),
    COALESCE(i.topic_id, 0), COALESCE(i.sentiment, ''), count(*), count(*) FILTER (WHERE i.is_duplicate),
    count(*) FILTER (WHERE i.handled_by = 'bot'), count(*) FILTER (WHERE i.handled_by = 'human'),
    count(${FIRST_ANSWER_AT}), count(i.resolved_at), count(*) FILTER (WHERE i.reopened_count > 0), count(i.score),
    count(*) FILTER (WHERE i.score >= 9), count(*) FILTER (WHERE i.score <= 6),
    count(i.rating) FILTER (WHERE NOT ${IS_REVIEW}), COALESCE(sum(i.rating) FILTER (WHERE NOT ${IS_REVIEW}), 0),
    count(*) FILTER (WHERE i.rating >= 4 AND NOT ${IS_REVIEW}),
    count(*) FILTER (WHERE i.resolved_at IS NOT NULL OR i.reopened_count > 0),
    count(i.rating) FILTER (WHERE ${IS_REVIEW}), COALESCE(sum(i.rating) FILTER (WHERE ${IS_REVIEW}), 0),
    count(*) FILTER (WHERE i.rating >= 4 AND ${IS_REVIEW})
  FROM items i JOIN workspaces w ON w.id = i.workspace_id WHERE i.workspace_id = $1
  GROUP BY 1, 2, 3, 4, 5, 6`;

// Lead-time sketch rows straight from the items of workspace $1, written the plain way (every
// item times 4 dimensions times 4 measures) so it checks the triggers' faster formulation. The
// reopened measure x is bucket 0 when the item is resolved now (counted in r), else 1 (migration 021);
// the first-response measure f is the first answer, a resolution without a reply included (034).
const LEAD_TIMES_FROM_ITEMS_SQL = `SELECT i.workspace_id, x.dim, (i.created_at AT TIME ZONE w.timezone)::date, x.key, m.measure::text,
    COALESCE(m.bucket, sori_sketch_bucket(m.secs)), count(*)::int
  FROM items i JOIN workspaces w ON w.id = i.workspace_id
  CROSS JOIN LATERAL (VALUES ('channel', i.channel), ('type', COALESCE(i.type, '')), ('assignee', COALESCE(i.assignee, '')),
                             ('handled_by', COALESCE(i.handled_by, ''))) x(dim, key)
  CROSS JOIN LATERAL (VALUES ('n'::"char", 0::float8, NULL::int),
                             ('x'::"char", CASE WHEN i.reopened_count > 0 THEN 0::float8 END, CASE WHEN i.resolved_at >= i.created_at THEN 0 ELSE 1 END),
                             ('f'::"char", extract(epoch FROM ${FIRST_ANSWER_AT} - i.created_at)::float8, NULL::int),
                             ('r'::"char", extract(epoch FROM i.resolved_at - i.created_at)::float8, NULL::int)) m(measure, secs, bucket)
  WHERE i.workspace_id = $1 AND m.secs >= 0 AND i.channel IN ('chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other')
  GROUP BY 1, 2, 3, 4, 5, 6`;

// Final SLA outcomes straight from the items of workspace $1 (as migration 010 filled them).
const SLA_FROM_ITEMS_SQL = `SELECT i.workspace_id, (i.created_at AT TIME ZONE w.timezone)::date, i.channel, t.target::text, t.policy, t.outcome, count(*)::int
  FROM items i JOIN workspaces w ON w.id = i.workspace_id
  CROSS JOIN LATERAL (VALUES
    ('f'::"char", i.sla_fr_policy, CASE WHEN i.sla_fr_due_at IS NULL OR COALESCE(i.first_response_at, i.resolved_at) IS NULL THEN NULL
      WHEN COALESCE(i.first_response_at, i.resolved_at) <= i.sla_fr_due_at THEN 'met' ELSE 'late' END),
    ('r'::"char", i.sla_res_policy, CASE WHEN i.sla_res_due_at IS NULL OR i.resolved_at IS NULL THEN NULL
      WHEN i.resolved_at <= i.sla_res_due_at THEN 'met' ELSE 'late' END),
    ('e'::"char", '', CASE WHEN i.sla_fr_due_at IS NOT NULL OR i.sla_res_due_at IS NOT NULL THEN 'item' END)
  ) t(target, policy, outcome)
  WHERE i.workspace_id = $1 AND t.outcome IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6`;

// Churn per day, type and reason straight from the items of workspace $1 (as migration 042 counts
// them): cancellations, and account items that leave the service (those carry a reason).
const CHURN_FROM_ITEMS_SQL = `SELECT i.workspace_id, (i.created_at AT TIME ZONE w.timezone)::date, i.type, COALESCE(i.churn_reason, ''), count(*)::int
  FROM items i JOIN workspaces w ON w.id = i.workspace_id
  WHERE i.workspace_id = $1 AND (i.type = 'cancellation' OR (i.type = 'account' AND i.churn_reason IS NOT NULL))
  GROUP BY 1, 2, 3, 4`;

const SEGMENTS_FROM_ITEMS_SQL = `SELECT i.workspace_id, (i.created_at AT TIME ZONE w.timezone)::date, COALESCE(i.customer_segment, ''), i.channel,
    COALESCE(i.type, ''), COALESCE(i.topic_id, 0), COALESCE(i.sentiment, ''), count(*)::int
  FROM items i JOIN workspaces w ON w.id = i.workspace_id WHERE i.workspace_id = $1
  GROUP BY 1, 2, 3, 4, 5, 6, 7`;

/**
 * Items per period (and per value of one dimension, the segment included) from
 * `item_daily_segments` (migration 016): the rollup for filters and splits by customer segment.
 */
export async function sumSegmentCounts(
  db: Db,
  workspaceId: number,
  filter: RollupFilter & { segment?: string[] },
  by: RollupDimension | 'segment' | undefined,
): Promise<{ period: string; key?: string; items: number }[]> {
  const params: unknown[] = [workspaceId, filter.from, filter.to];
  const where = rollupWhere(filter, params);
  if (filter.segment) where.push(`segment = ANY($${params.push(filter.segment)}::text[])`);
  const key = by === 'segment' ? 'segment' : by ? DIMENSION_SQL[by] : null;
  return db.query(
    `SELECT to_char(day, 'YYYY-MM-DD') AS period${key ? `, ${key} AS key` : ''}, sum(items)::int AS items
     FROM item_daily_segments WHERE ${where.join(' AND ')} GROUP BY 1${key ? ', 2' : ''} ORDER BY 1${key ? ', 2' : ''}`,
    params,
  );
}

/** The customer segments of a workspace's items (within local days, if given), largest first; at most 200. */
export async function listSegments(db: Db, workspaceId: number, range: { from?: string; to?: string } = {}): Promise<{ segment: string; items: number }[]> {
  return db.query(
    `SELECT segment, sum(items)::int AS items FROM item_daily_segments
     WHERE workspace_id = $1 AND ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day <= $3::date)
     GROUP BY segment HAVING sum(items) > 0 ORDER BY 2 DESC, 1 LIMIT 200`,
    [workspaceId, range.from ?? null, range.to ?? null],
  );
}

/**
 * Rollup rows — daily counts, segments, lead-time sketches, SLA outcomes, cancellation reasons — that disagree with a fresh count
 * from the items (empty when consistent). For tests and for `sori doctor`-style checks; it scans
 * the workspace's items. Each row names its table and whether it is missing or extra.
 */
export async function diffRollups(db: Db, workspaceId: number): Promise<Record<string, unknown>[]> {
  const cols = ['workspace_id', 'day', 'channel', 'type', 'topic_id', 'sentiment', ...DAILY_COUNT_FIELDS];
  const diff = (table: string, fresh: string, kept: string) =>
    `(SELECT '${table}' AS rollup, 'missing' AS problem, to_jsonb(a) AS row FROM (${fresh} EXCEPT ${kept}) a)
     UNION ALL (SELECT '${table}', 'extra', to_jsonb(b) FROM (${kept} EXCEPT ${fresh}) b)`;
  return db.query(
    [
      diff('item_daily_counts', `SELECT * FROM (${ROLLUP_FROM_ITEMS_SQL}) f (${cols.join(', ')})`,
        `SELECT ${cols.join(', ')} FROM item_daily_counts WHERE workspace_id = $1 AND NOT (${DAILY_COUNT_FIELDS.map((f) => `${f} = 0`).join(' AND ')})`),
      diff('item_daily_segments', SEGMENTS_FROM_ITEMS_SQL,
        'SELECT workspace_id, day, segment, channel, type, topic_id, sentiment, items FROM item_daily_segments WHERE workspace_id = $1 AND items <> 0'),
      // A sketch's pairs, one row each (a repeated or zero pair shows as a difference).
      diff('item_daily_lead_sketches', LEAD_TIMES_FROM_ITEMS_SQL,
        `SELECT workspace_id, dim, day, key, measure::text, sketch[i][1], sketch[i][2] FROM item_daily_lead_sketches s
         CROSS JOIN LATERAL generate_subscripts(s.sketch, 1) AS i WHERE workspace_id = $1`),
      diff('item_daily_sla', SLA_FROM_ITEMS_SQL,
        'SELECT workspace_id, day, channel, target::text, policy, outcome, n FROM item_daily_sla WHERE workspace_id = $1 AND n <> 0'),
      diff('item_daily_churn', CHURN_FROM_ITEMS_SQL, 'SELECT workspace_id, day, type, reason, n FROM item_daily_churn WHERE workspace_id = $1 AND n <> 0'),
    ].join(' UNION ALL '),
    [workspaceId],
  );
}

/**
 * Whether any item of the workspace on a channel that expects an answer has ever had an answer time
 * (a first response or a resolution). Without one the data carries no answers at all (a board export
 * without its 답변일시, items sent without first_response_at): a response rate of 0 % would read as
 * a team that answers nobody. Read from the daily rollups (no item is read).
 */
export async function answerTimesRecorded(db: Db, workspaceId: number): Promise<boolean> {
  const [row] = await db.query<{ yes: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM item_daily_counts WHERE workspace_id = $1 AND channel = ANY($2::text[]) AND (responded > 0 OR resolved > 0)) AS yes',
    [workspaceId, [...ANSWERABLE_CHANNELS]],
  );
  return row!.yes;
}
