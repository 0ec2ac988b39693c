import { benjaminiHochberg } from '../domain/stats.js';
import type { Db } from '../store/db.js';
import { DAILY_COUNT_FIELDS, sumDailyCounts, type CountRow, type DailyCounts, type Granularity, type RollupDimension, type RollupFilter } from '../store/queries/item-daily-counts.js';
import { listTopics, type TopicRow } from '../store/queries/topics.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { rateChange } from './change.js';
import { loadDenominator } from './denominator.js';
import { periodRate } from './movers.js';
import { buildSeries } from './overview.js';
import { autoGranularity, dayInstants, resolveRange } from './range.js';

export interface VolumeInput {
  from?: string;
  to?: string;
  granularity?: Granularity;
  /** One line per value of this dimension; one line in all when absent. */
  by?: RollupDimension | 'segment';
  channel?: string[];
  type?: string[];
  /** Topic ids ('none' = items without a topic); a parent topic includes its children. */
  topic?: string[];
  sentiment?: string[];
  /** Customer segments. Not in the rollups: a segment filter or split counts the items instead (slower). */
  segment?: string[];
  /** Rate denominator (a business metric); a rate is given per point when the workspace has it. */
  metric?: string;
  per?: number;
  /** At most this many lines (the largest); the rest are summed into "other". */
  limit?: number;
}

/** Topic ids a filter means: a parent stands for itself and its children; 'none' is id 0. */
export function expandTopicFilter(ids: string[] | undefined, topics: TopicRow[]): string[] | undefined {
  if (!ids?.length) return undefined;
  const out = new Set<string>();
  for (const id of ids) {
    if (id === 'none') out.add('0');
    else if (/^\d{1,18}$/.test(id)) {
      out.add(id);
      for (const t of topics) if (t.parent_id === id) out.add(t.id);
    }
  }
  return [...out];
}

/**
 * Items over time for the Explore page: per day/week/month, optionally one line per channel, type,
 * topic or sentiment, filtered on the same dimensions; each point with its rate against a business
 * metric and the instants to drill down to its items. Totals compare the range with the period before.
 */
export async function getVolume(db: Db, ws: Workspace, input: VolumeInput = {}) {
  const range = resolveRange(input, ws.timezone);
  const topics = await listTopics(db, ws.id);
  const filter: Omit<RollupFilter, 'from' | 'to'> = {
    channel: input.channel,
    type: input.type,
    topicIds: expandTopicFilter(input.topic, topics),
    sentiment: input.sentiment,
  };
  const granularity = input.granularity ?? autoGranularity(range.days);
  const fromItems = !!input.segment?.length || input.by === 'segment';
  const [rows, den] = await Promise.all([
    fromItems
      ? countItemsByDay(db, ws, { ...filter, segment: input.segment }, range.previous.from, range.to, input.by)
      : sumDailyCounts(db, ws.id, { ...filter, from: range.previous.from, to: range.to }, { granularity: 'day', by: input.by as RollupDimension | undefined }),
    loadDenominator(db, ws.id, { metric: input.metric, per: input.per }, range.previous.from, range.to),
  ]);
  const lines = new Map<string, Map<string, number>>();
  const all = new Map<string, number>();
  for (const row of rows) {
    const key = input.by ? row.key! : 'all';
    let daily = lines.get(key);
    if (!daily) lines.set(key, (daily = new Map()));
    daily.set(row.period!, (daily.get(row.period!) ?? 0) + row.items);
    all.set(row.period!, (all.get(row.period!) ?? 0) + row.items);
  }
  const topicName = new Map(topics.map((t) => [t.id, t.name]));
  const sized = [...lines].map(([key, daily]) => {
    const cur = periodRate(daily, den, range.from, range.to);
    const prev = periodRate(daily, den, range.previous.from, range.previous.to);
    return { key, daily, cur, prev };
  });
  sized.sort((a, b) => b.cur.items - a.cur.items || a.key.localeCompare(b.key));
  const limit = input.limit ?? 12;
  const kept = sized.slice(0, limit);
  const rest = sized.slice(limit);
  if (rest.length) {
    const daily = new Map<string, number>();
    for (const r of rest) for (const [day, n] of r.daily) daily.set(day, (daily.get(day) ?? 0) + n);
    kept.push({ key: '__other__', daily, cur: periodRate(daily, den, range.from, range.to), prev: periodRate(daily, den, range.previous.from, range.previous.to) });
  }
  // Many lines compared at once: their verdicts control the false-discovery rate together.
  const adjusted = benjaminiHochberg(kept.map((l) => rateChange(l.cur, l.prev).p_value));
  const total = { cur: periodRate(all, den, range.from, range.to), prev: periodRate(all, den, range.previous.from, range.previous.to) };
  return {
    range,
    granularity,
    source: fromItems ? 'items' : 'rollups',
    denominator: den ? { metric: den.metric, per: den.per, aggregation: den.aggregation } : null,
    total: { items: total.cur.items, previous_items: total.prev.items, rate: rateChange(total.cur, total.prev) },
    lines: kept.map((l, i) => ({
      key: l.key,
      name: input.by === 'topic' ? topicName.get(l.key) ?? null : null,
      items: l.cur.items,
      previous_items: l.prev.items,
      rate: rateChange(l.cur, l.prev, adjusted[i]!.pAdjusted),
      points: buildSeries(range, l.daily, den, granularity).points,
    })),
  };
}

const ITEM_KEY_SQL: Record<RollupDimension | 'segment', string> = {
  channel: 'channel',
  type: "COALESCE(type, '')",
  topic: 'COALESCE(topic_id, 0)::text',
  sentiment: "COALESCE(sentiment, '')",
  segment: "COALESCE(customer_segment, '')",
};

/** Items per local day (and key) straight from the item table: for filters the rollups do not keep. */
async function countItemsByDay(
  db: Db,
  ws: Workspace,
  f: Omit<RollupFilter, 'from' | 'to'> & { segment?: string[] },
  from: string,
  to: string,
  by: RollupDimension | 'segment' | undefined,
): Promise<CountRow[]> {
  const { from: start, to: end } = dayInstants(from, to, ws.timezone);
  const params: unknown[] = [ws.id, start, end, ws.timezone];
  const where = ['workspace_id = $1', 'created_at >= $2', 'created_at < $3'];
  if (f.channel?.length) where.push(`channel = ANY($${params.push(f.channel)}::text[])`);
  if (f.type?.length) where.push(`COALESCE(type, '') = ANY($${params.push(f.type)}::text[])`);
  if (f.topicIds?.length) where.push(`COALESCE(topic_id, 0) = ANY($${params.push(f.topicIds)}::bigint[])`);
  if (f.sentiment?.length) where.push(`COALESCE(sentiment, '') = ANY($${params.push(f.sentiment)}::text[])`);
  if (f.segment?.length) where.push(`customer_segment = ANY($${params.push(f.segment)}::text[])`);
  const rows = await db.query<{ period: string; key?: string; items: number }>(
    `SELECT to_char((created_at AT TIME ZONE $4)::date, 'YYYY-MM-DD') AS period${by ? `, ${ITEM_KEY_SQL[by]} AS key` : ''}, count(*)::int AS items
     FROM items WHERE ${where.join(' AND ')} GROUP BY 1${by ? ', 2' : ''}`,
    params,
  );
  const zero = Object.fromEntries(DAILY_COUNT_FIELDS.map((k) => [k, 0])) as DailyCounts;
  return rows.map((r) => ({ ...zero, period: r.period, ...(by ? { key: r.key } : {}), items: r.items }));
}
