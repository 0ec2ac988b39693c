import { sketchQuantile } from '../domain/duration-sketch.js';
import { share } from '../domain/rates.js';
import type { Db } from '../store/db.js';
import { sumDailyCounts } from '../store/queries/item-daily-counts.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { ANSWERABLE_CHANNELS } from '../domain/item.js';
import { answersDue, resolveRange, type InsightRange } from './range.js';

export type SupportDimension = 'channel' | 'assignee' | 'type' | 'handled_by';

export interface SupportInput {
  from?: string;
  to?: string;
  by?: SupportDimension;
  channel?: string[];
  /** The clock (tests); now by default. */
  now?: Date;
}

/** Lead times in seconds: median and 90th percentile (type-7 interpolation, from the duration sketch: within 2 %). */
export interface LeadTime {
  count: number;
  p50_seconds: number | null;
  p90_seconds: number | null;
}

export interface SupportRow {
  /** The dimension's value ('' = none, e.g. unassigned); 'all' on the total row. */
  key: string;
  received: number;
  /** Answered: a first response or, without one, a resolution (the SLA's rule; migration 034). */
  responded: number;
  resolved: number;
  reopened: number;
  /** Resolved now, or reopened (so resolved once): the reopen rate's denominator. */
  ever_resolved: number;
  bot_handled: number;
  human_handled: number;
  /**
   * Answered ÷ received over the days whose answers are all due (see `response_rate_before`),
   * 0–100: an item less than a day old, unanswered only because its answer is not due yet, would
   * read as a falling rate.
   */
  response_rate_pct: number | null;
  /** The response rate's own counts: received and answered on the days it covers. */
  rate_received: number;
  rate_responded: number;
  /**
   * reopened ÷ ever_resolved, 0–100. A ticket reopened and open again still counts (it is a
   * failed resolution), so the numerator is always a part of the denominator.
   */
  reopen_rate_pct: number | null;
  /** bot_handled ÷ (bot + human), 0–100: the self-service share. */
  bot_share_pct: number | null;
  /** Received → first answer (the first response, else the resolution). */
  first_response: LeadTime;
  resolution: LeadTime;
}

const KEY_SQL: Record<SupportDimension, string> = {
  channel: 'channel',
  assignee: "COALESCE(assignee, '')",
  type: "COALESCE(type, '')",
  handled_by: "COALESCE(handled_by, '')",
};

const pct = (part: number, whole: number): number | null => {
  const s = share(part, whole);
  return s === null ? null : Number((s * 100).toFixed(2));
};
const seconds = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(Number(x)));

interface Tally {
  received: number;
  /** Received and answered on days before the response rate's cut (`dueFrom`). */
  dueReceived: number;
  dueResponded: number;
  reopened: number;
  /** Reopened and not resolved now (sketch x, bucket 1; migration 021). */
  reopenedOpen: number;
  f: Map<number, number>;
  r: Map<number, number>;
}
const newTally = (): Tally => ({ received: 0, dueReceived: 0, dueResponded: 0, reopened: 0, reopenedOpen: 0, f: new Map(), r: new Map() });
const count = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const lead = (m: Map<number, number>): LeadTime => ({ count: count(m), p50_seconds: seconds(sketchQuantile(m, 0.5)), p90_seconds: seconds(sketchQuantile(m, 0.9)) });

/**
 * Sums the lead-time sketches of one dimension per key over a day range. The sketches are read
 * whole and added here: unnesting their pairs in SQL took ~7× longer on the embedded database.
 */
async function tallyByKey(db: Db, workspaceId: number, dim: SupportDimension, from: string, to: string, dueFrom: string, keys?: string[]): Promise<Map<string, Tally>> {
  const params: unknown[] = [workspaceId, dim, from, to];
  const rows = await db.query<{ key: string; day: string; measure: string; sketch: number[][] }>(
    `SELECT key, day::text AS day, measure::text AS measure, sketch FROM item_daily_lead_sketches
     WHERE workspace_id = $1 AND dim = $2 AND day BETWEEN $3::date AND $4::date AND cardinality(sketch) > 0
       ${keys ? `AND key = ANY($${params.push(keys)}::text[])` : ''}`,
    params,
  );
  return foldTallies(rows, dueFrom);
}

/** Adds sketch rows (a key's day and measure, with [bucket, count] pairs) into a tally per key. */
function foldTallies(rows: Iterable<{ key: string; day: string; measure: string; sketch: number[][] }>, dueFrom: string): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const row of rows) {
    let t = out.get(row.key);
    if (!t) out.set(row.key, (t = newTally()));
    const due = row.day < dueFrom;
    for (const [bucket, n] of row.sketch) {
      if (row.measure === 'n') {
        t.received += n!;
        if (due) t.dueReceived += n!;
      } else if (row.measure === 'x') {
        t.reopened += n;
        if (bucket === 1) t.reopenedOpen += n;
      }
      else if (row.measure === 'f' || row.measure === 'r') {
        t[row.measure].set(bucket!, (t[row.measure].get(bucket!) ?? 0) + n!);
        if (row.measure === 'f' && due) t.dueResponded += n!;
      }
    }
  }
  return out;
}

/**
 * The same tallies per key of `dim` as `tallyByKey`, counted from the items of some channels: the
 * sketch rollup keeps each dimension apart (no type × channel), so it cannot answer a split by type,
 * agent or handler narrowed to channels. The measures and buckets are the rollup's own
 * (item-daily-counts.ts LEAD_TIMES_FROM_ITEMS_SQL, which the rollup tests check the triggers against).
 */
async function tallyFromItems(db: Db, ws: Workspace, dim: Exclude<SupportDimension, 'channel'>, range: InsightRange, dueFrom: string, channels: string[]): Promise<Map<string, Tally>> {
  const rows = await db.query<{ key: string; day: string; measure: string; bucket: number; n: number }>(
    `SELECT ${KEY_SQL[dim]} AS key, to_char((created_at AT TIME ZONE $5)::date, 'YYYY-MM-DD') AS day, m.measure::text AS measure,
       COALESCE(m.bucket, sori_sketch_bucket(m.secs)) AS bucket, count(*)::int AS n
     FROM items
     CROSS JOIN LATERAL (VALUES ('n'::"char", 0::float8, NULL::int),
                                ('x'::"char", CASE WHEN reopened_count > 0 THEN 0::float8 END, CASE WHEN resolved_at >= created_at THEN 0 ELSE 1 END),
                                ('f'::"char", extract(epoch FROM sori_first_answer_at(first_response_at, resolved_at) - created_at)::float8, NULL::int),
                                ('r'::"char", extract(epoch FROM resolved_at - created_at)::float8, NULL::int)) m(measure, secs, bucket)
     WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 AND channel = ANY($4::text[]) AND m.secs >= 0
     GROUP BY 1, 2, 3, 4`,
    [ws.id, range.instants.from, range.instants.to, channels, ws.timezone],
  );
  return foldTallies(rows.map((r) => ({ key: r.key, day: r.day, measure: r.measure, sketch: [[r.bucket, r.n]] })), dueFrom);
}

/**
 * Support KPIs for the items received in a range on channels that expect an answer: response
 * rate, first-response and resolution lead times as median and p90 (never the mean: a few
 * week-old tickets would drown it), reopen rate, bot vs human; overall and per channel, agent,
 * type or handler. Plus the backlog open right now. Read from the rollups: lead times come from
 * log-histogram counts, within 2 % of the exact percentile. A channel filter narrows every
 * figure, the rows of a split by type, agent or handler too.
 */
export async function getSupportKpis(db: Db, ws: Workspace, input: SupportInput = {}) {
  const now = input.now ?? new Date();
  const range = resolveRange(input, ws.timezone, now);
  // As on the overview: days from due.from on hold items whose answer is not due yet.
  const due = answersDue(range, ws.timezone, now);
  // A filter on channels that expect no answer only (channel=review) leaves none: every figure is
  // then empty — the rollup reads an empty channel list as "none", never as "all".
  const channels = input.channel?.length ? input.channel.filter((c) => (ANSWERABLE_CHANNELS as readonly string[]).includes(c)) : [...ANSWERABLE_CHANNELS];
  const by = input.by ?? 'channel';
  // A channel filter narrows every figure of a row: "chat, by type" means chat's items per type,
  // and a row whose lead times counted every channel beside bot/human counts of chat alone mixed
  // two populations (received above its own total). The lead-time rollup has no channel for the
  // other splits, so a narrowed split by type, agent or handler is counted from the items (slower;
  // refusing the filter would leave a team no way to see its own channel's agents).
  const narrowed = new Set(channels).size < ANSWERABLE_CHANNELS.length;
  const [byKey, byChannel, handled, backlog] = await Promise.all([
    by !== 'channel' && narrowed
      ? tallyFromItems(db, ws, by, range, due.from, channels)
      : tallyByKey(db, ws.id, by, range.from, range.to, due.from, by === 'channel' ? channels : undefined),
    by === 'channel' ? null : tallyByKey(db, ws.id, 'channel', range.from, range.to, due.from, channels),
    by === 'channel' || by === 'type'
      ? sumDailyCounts(db, ws.id, { from: range.from, to: range.to, channel: channels }, { by })
      : Promise.resolve([]),
    // The open backlog right now, as counts per key and age bucket (no sort of every open item).
    // The status list is spelled out so the planner matches the partial index items_ws_open.
    db.query<{ key: string; bucket: number; open: number; unanswered: number }>(
      `SELECT ${KEY_SQL[by]} AS key, sori_sketch_bucket(extract(epoch FROM now() - created_at)::float8) AS bucket,
         count(*)::int AS open, count(*) FILTER (WHERE first_response_at IS NULL)::int AS unanswered
       FROM items WHERE workspace_id = $1 AND status IN ('new', 'open', 'pending', 'on_hold') AND channel = ANY($2::text[])
       GROUP BY 1, 2`,
      [ws.id, channels],
    ),
  ]);
  const bots = new Map(handled.map((h) => [h.key!, h]));
  const toRow = (key: string, t: Tally): SupportRow => {
    const responded = count(t.f);
    const resolved = count(t.r);
    const everResolved = resolved + t.reopenedOpen;
    const h = key === 'all' ? null : bots.get(key);
    const bot = by === 'handled_by' ? (key === 'bot' ? t.received : 0) : h?.bot_handled ?? 0;
    const human = by === 'handled_by' ? (key === 'human' ? t.received : 0) : h?.human_handled ?? 0;
    const known = by === 'channel' || by === 'type' || by === 'handled_by';
    return {
      key,
      received: t.received,
      responded,
      resolved,
      reopened: t.reopened,
      ever_resolved: everResolved,
      bot_handled: bot,
      human_handled: human,
      response_rate_pct: pct(t.dueResponded, t.dueReceived),
      rate_received: t.dueReceived,
      rate_responded: t.dueResponded,
      reopen_rate_pct: pct(t.reopened, everResolved),
      bot_share_pct: known ? pct(bot, bot + human) : null,
      first_response: lead(t.f),
      resolution: lead(t.r),
    };
  };
  const merge = (tallies: Iterable<Tally>): Tally => {
    const all = newTally();
    for (const t of tallies) {
      all.received += t.received;
      all.dueReceived += t.dueReceived;
      all.dueResponded += t.dueResponded;
      all.reopened += t.reopened;
      all.reopenedOpen += t.reopenedOpen;
      for (const m of ['f', 'r'] as const) for (const [b, n] of t[m]) all[m].set(b, (all[m].get(b) ?? 0) + n);
    }
    return all;
  };
  const totalTally = merge((byChannel ?? byKey).values());
  const total = toRow('all', totalTally);
  const channelCounts = await sumDailyCounts(db, ws.id, { from: range.from, to: range.to, channel: channels });
  total.bot_handled = channelCounts[0]?.bot_handled ?? 0;
  total.human_handled = channelCounts[0]?.human_handled ?? 0;
  total.bot_share_pct = pct(total.bot_handled, total.bot_handled + total.human_handled);
  const backlogTallies = new Map<string, { open: number; unanswered: number; ages: Map<number, number> }>();
  const allOpen = { open: 0, unanswered: 0, ages: new Map<number, number>() };
  for (const b of backlog) {
    let t = backlogTallies.get(b.key);
    if (!t) backlogTallies.set(b.key, (t = { open: 0, unanswered: 0, ages: new Map() }));
    for (const x of [t, allOpen]) {
      x.open += b.open;
      x.unanswered += b.unanswered;
      x.ages.set(b.bucket, (x.ages.get(b.bucket) ?? 0) + b.open);
    }
  }
  const backlogRow = (key: string, t: typeof allOpen) => ({
    key,
    open: t.open,
    unanswered: t.unanswered,
    age_p50_seconds: seconds(sketchQuantile(t.ages, 0.5)),
    age_p90_seconds: seconds(sketchQuantile(t.ages, 0.9)),
  });
  return {
    range,
    by,
    channels,
    /** The response rate counts days before this one; null when the range ends earlier. */
    response_rate_before: due.before,
    total,
    rows: [...byKey].map(([key, t]) => toRow(key, t)).sort((a, b) => b.received - a.received || a.key.localeCompare(b.key)),
    backlog: {
      total: backlogRow('all', allOpen),
      rows: [...backlogTallies].map(([key, t]) => backlogRow(key, t)).sort((a, b) => b.open - a.open || a.key.localeCompare(b.key)),
    },
  };
}
