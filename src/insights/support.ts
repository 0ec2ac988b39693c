import { share } from '../domain/rates.js';
import type { Db } from '../store/db.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { ANSWERABLE_CHANNELS } from './overview.js';
import { resolveRange } from './range.js';

export type SupportDimension = 'channel' | 'assignee' | 'type' | 'handled_by';

export interface SupportInput {
  from?: string;
  to?: string;
  by?: SupportDimension;
  channel?: string[];
}

/** Lead times in seconds: median and 90th percentile (type 7 interpolation, like domain/stats quantile). */
export interface LeadTime {
  count: number;
  p50_seconds: number | null;
  p90_seconds: number | null;
}

export interface SupportRow {
  /** The dimension's value ('' = none, e.g. unassigned); 'all' on the total row. */
  key: string;
  received: number;
  responded: number;
  resolved: number;
  reopened: number;
  bot_handled: number;
  human_handled: number;
  /** responded ÷ received, 0–100. */
  response_rate_pct: number | null;
  /** reopened ÷ resolved, 0–100. */
  reopen_rate_pct: number | null;
  /** bot_handled ÷ (bot + human), 0–100: the self-service share. */
  bot_share_pct: number | null;
  first_response: LeadTime;
  resolution: LeadTime;
}

const KEY_SQL: Record<SupportDimension, string> = {
  channel: 'channel',
  assignee: "COALESCE(assignee, '')",
  type: "COALESCE(type, '')",
  handled_by: "COALESCE(handled_by, '')",
};

const OPEN_STATUSES = ['new', 'open', 'pending', 'on_hold'];

const pct = (part: number, whole: number): number | null => {
  const s = share(part, whole);
  return s === null ? null : Number((s * 100).toFixed(2));
};
const seconds = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(Number(x)));

/**
 * Support KPIs for the items received in a range on channels that expect an answer: response
 * rate, first-response and resolution lead times as median and p90 (never the mean: a few
 * week-old tickets would drown it), reopen rate, bot vs human; overall and per channel, agent,
 * type or handler. Plus the backlog open right now. Lead times read the items (exact percentiles).
 */
export async function getSupportKpis(db: Db, ws: Workspace, input: SupportInput = {}) {
  const range = resolveRange(input, ws.timezone);
  const channels = input.channel?.length ? input.channel.filter((c) => (ANSWERABLE_CHANNELS as readonly string[]).includes(c)) : [...ANSWERABLE_CHANNELS];
  const by = input.by ?? 'channel';
  const rows = await db.query<Record<string, unknown>>(
    `SELECT CASE WHEN grouping(${KEY_SQL[by]}) = 1 THEN NULL ELSE ${KEY_SQL[by]} END AS key, grouping(${KEY_SQL[by]}) AS total,
       count(*)::int AS received, count(first_response_at)::int AS responded, count(resolved_at)::int AS resolved,
       count(*) FILTER (WHERE reopened_count > 0)::int AS reopened,
       count(*) FILTER (WHERE handled_by = 'bot')::int AS bot_handled, count(*) FILTER (WHERE handled_by = 'human')::int AS human_handled,
       count(*) FILTER (WHERE first_response_at >= created_at)::int AS frt_n,
       percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at))
         FILTER (WHERE first_response_at >= created_at) AS frt,
       count(*) FILTER (WHERE resolved_at >= created_at)::int AS res_n,
       percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at))
         FILTER (WHERE resolved_at >= created_at) AS res
     FROM items
     WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 AND channel = ANY($4::text[])
     GROUP BY GROUPING SETS ((${KEY_SQL[by]}), ())`,
    [ws.id, range.instants.from, range.instants.to, channels],
  );
  const backlog = await db.query<{ key: string | null; total: number; open: number; age_p50: number | null; age_p90: number | null; unanswered: number }>(
    `SELECT CASE WHEN grouping(${KEY_SQL[by]}) = 1 THEN NULL ELSE ${KEY_SQL[by]} END AS key, grouping(${KEY_SQL[by]}) AS total,
       count(*)::int AS open, count(*) FILTER (WHERE first_response_at IS NULL)::int AS unanswered,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM now() - created_at)) AS age_p50,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM now() - created_at)) AS age_p90
     FROM items WHERE workspace_id = $1 AND status = ANY($2::text[]) AND channel = ANY($3::text[])
     GROUP BY GROUPING SETS ((${KEY_SQL[by]}), ())`,
    [ws.id, OPEN_STATUSES, channels],
  );
  const toRow = (r: Record<string, unknown>): SupportRow => {
    const n = (k: string) => Number(r[k] ?? 0);
    const lead = (count: string, arr: string): LeadTime => {
      const values = parseFloatArray(r[arr]);
      return { count: n(count), p50_seconds: seconds(values?.[0]), p90_seconds: seconds(values?.[1]) };
    };
    return {
      key: Number(r.total) === 1 ? 'all' : String(r.key ?? ''),
      received: n('received'),
      responded: n('responded'),
      resolved: n('resolved'),
      reopened: n('reopened'),
      bot_handled: n('bot_handled'),
      human_handled: n('human_handled'),
      response_rate_pct: pct(n('responded'), n('received')),
      reopen_rate_pct: pct(n('reopened'), n('resolved')),
      bot_share_pct: pct(n('bot_handled'), n('bot_handled') + n('human_handled')),
      first_response: lead('frt_n', 'frt'),
      resolution: lead('res_n', 'res'),
    };
  };
  const all = rows.map(toRow);
  const emptyTotal = toRow({ total: 1 });
  const backlogRow = (b: (typeof backlog)[number]) => ({
    key: Number(b.total) === 1 ? 'all' : String(b.key ?? ''),
    open: b.open,
    unanswered: b.unanswered,
    age_p50_seconds: seconds(b.age_p50),
    age_p90_seconds: seconds(b.age_p90),
  });
  return {
    range,
    by,
    channels,
    total: all.find((r) => r.key === 'all') ?? emptyTotal,
    rows: all.filter((r) => r.key !== 'all').sort((a, b) => b.received - a.received || a.key.localeCompare(b.key)),
    backlog: {
      total: backlog.filter((b) => Number(b.total) === 1).map(backlogRow)[0] ?? { key: 'all', open: 0, unanswered: 0, age_p50_seconds: null, age_p90_seconds: null },
      rows: backlog.filter((b) => Number(b.total) !== 1).map(backlogRow).sort((a, b) => b.open - a.open),
    },
  };
}

/** PostgreSQL float8[] as PGlite (array) or node-postgres (array or '{1,2}') returns it. */
function parseFloatArray(value: unknown): number[] | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(Number);
  const s = String(value);
  return s.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
}
