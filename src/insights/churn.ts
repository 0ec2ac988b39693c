import { CANCELLATION_TYPE, CHURN_REASONS, CHURN_TYPES, churnReason, LEAVE_TYPE, ORDER_CANCELLATION, UNKNOWN_CHURN_REASON } from '../domain/churn-reasons.js';
import { periodStart } from '../domain/local-day.js';
import { benjaminiHochberg } from '../domain/stats.js';
import type { Db } from '../store/db.js';
import type { Granularity } from '../store/queries/item-daily-counts.js';
import { listMetrics } from '../store/queries/business-metrics.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { cancellationReason, churnReasonOf, LEAVE_HINT } from '../text/churn-reasons.js';
import { rateChange, shareChange } from './change.js';
import { rateOverDays, type Denominator, type RateOverDays } from './denominator.js';
import { metricRateBasis } from '../domain/rates.js';
import { autoGranularity, dayInstants, rangePeriods, resolveRange } from './range.js';

export interface ChurnInput {
  from?: string;
  to?: string;
  granularity?: Granularity;
  /** Examples per reason (the customers' own words). */
  examples?: number;
}

const EXAMPLE_CHARS = 300;
/** The business numbers the report's rates read (built-in metric names, import-metrics.ts). */
const RATE_METRICS = ['cancellations', 'orders', 'churned', 'subscribers'] as const;
type RateMetric = (typeof RATE_METRICS)[number];
/** The churn rate is monthly: per 100 subscribers over this many days. */
export const CHURN_RATE_DAYS = 30;
/** Unclassified cancellations (stored before reasons existed, or typed by a correction) filled per call. */
const FILL_BATCH = 5_000;

/**
 * Gives a reason to the workspace's cancellations that have none yet (stored before reasons
 * existed, or corrected to "cancellation"; the workspace is flagged then), and, once after
 * migration 042 or a restore (`leave_stale`), reads its account items for leaves (회원 탈퇴), so the
 * report counts reasons in SQL; the items list filtered by reason (`?churn_reason=`) calls it too, to
 * hold the same items. Returns how many it classified.
 */
export async function fillMissingReasons(db: Db, workspaceId: number): Promise<number> {
  const [flag] = await db.query<{ churn_stale: boolean; leave_stale: boolean }>('SELECT churn_stale, leave_stale FROM workspaces WHERE id = $1', [workspaceId]);
  if (!flag?.churn_stale) return 0;
  let filled = flag.leave_stale ? await readLeaves(db, workspaceId) : 0;
  for (;;) {
    const rows = await db.query<{ id: string; text: string; metadata: Record<string, unknown> | string }>(
      `SELECT id::text AS id, COALESCE(title || E'\\n', '') || text AS text, metadata FROM items
       WHERE workspace_id = $1 AND type = 'cancellation' AND churn_reason IS NULL LIMIT ${FILL_BATCH}`,
      [workspaceId],
    );
    if (!rows.length) break;
    const reasons = rows.map((r) => cancellationReason(r.text, typeof r.metadata === 'string' ? JSON.parse(r.metadata) : r.metadata));
    await db.query(
      `UPDATE items SET churn_reason = v.reason FROM unnest($2::bigint[], $3::text[]) AS v(id, reason)
       WHERE items.workspace_id = $1 AND items.id = v.id`,
      [workspaceId, rows.map((r) => r.id), reasons],
    );
    filled += rows.length;
    if (rows.length < FILL_BATCH) break;
  }
  await db.query('UPDATE workspaces SET churn_stale = false, leave_stale = false WHERE id = $1', [workspaceId]);
  return filled;
}

/**
 * Reads account items without a reason for a leave (text/churn-reasons.ts `isLeaveRequest`) and
 * gives the leaves theirs: the items `ids` (a correction to 'account'), else every such item of the
 * workspace whose words hold a leave's (LEAVE_HINT), in id order. The others keep NULL: no churn.
 * Returns how many leaves it found.
 */
export async function readLeaves(db: Db, workspaceId: number, ids?: readonly string[]): Promise<number> {
  let found = 0;
  let after = '0';
  for (;;) {
    const rows = await db.query<{ id: string; text: string; metadata: Record<string, unknown> | string }>(
      `SELECT id::text AS id, COALESCE(title || E'\\n', '') || text AS text, metadata FROM items
       WHERE workspace_id = $1 AND type = '${LEAVE_TYPE}' AND churn_reason IS NULL AND id > $2::bigint
         AND ${ids ? 'id = ANY($3::bigint[])' : "(COALESCE(title || E'\\n', '') || text) ~* $3"}
       ORDER BY id LIMIT ${FILL_BATCH}`,
      [workspaceId, after, ids ?? LEAVE_HINT],
    );
    if (!rows.length) break;
    after = rows[rows.length - 1]!.id;
    const leaves = rows
      .map((r) => ({ id: r.id, reason: churnReasonOf(LEAVE_TYPE, r.text, typeof r.metadata === 'string' ? JSON.parse(r.metadata) : r.metadata) }))
      .filter((r): r is { id: string; reason: string } => r.reason !== null);
    if (leaves.length) {
      await db.query(
        `UPDATE items SET churn_reason = v.reason FROM unnest($2::bigint[], $3::text[]) AS v(id, reason)
         WHERE items.workspace_id = $1 AND items.id = v.id AND items.type = '${LEAVE_TYPE}'`,
        [workspaceId, leaves.map((r) => r.id), leaves.map((r) => r.reason)],
      );
    }
    found += leaves.length;
    if (rows.length < FILL_BATCH) break;
  }
  return found;
}

/**
 * Cancellation and churn reasons for a range. Churn is counted from two types (CHURN_TYPES):
 * cancellations (해지·취소) and account items whose words leave the service (탈퇴: a reason is given
 * to those only, text/churn-reasons.ts `isLeaveRequest`); `by_type` and each reason's `by_type` say
 * how many of each. Every item typed as a cancellation has a reason
 * (the one its source gave in its own reason field — text/churn-reasons.ts `cancellationReason` —, else the one its words state; set at
 * ingest) — or is about an order (ORDER_CANCELLATION: cancel an order, a refund, a return, with no
 * word of ending a subscription or account), which is not churn and is counted apart — split into
 * controllable and involuntary; shares against the period before
 * (Benjamini–Hochberg across reasons), a trend, the customers' own words per reason, and the
 * cancellation rate when the workspace records cancellations and orders.
 */
export async function getChurnReasons(db: Db, ws: Workspace, input: ChurnInput = {}) {
  const range = resolveRange(input, ws.timezone);
  await fillMissingReasons(db, ws.id);
  const granularity = input.granularity ?? autoGranularity(range.days);
  const perExample = input.examples ?? 3;
  const [daily, examples] = await Promise.all([
    // Counts per day and reason from the rollup (migration 014), this period and the one before.
    db.query<{ type: string; reason: string; day: string; n: number }>(
      `SELECT type, reason, to_char(day, 'YYYY-MM-DD') AS day, sum(n)::int AS n
       FROM item_daily_churn WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date AND n <> 0 GROUP BY 1, 2, 3`,
      [ws.id, range.previous.from, range.to],
    ),
    // The newest few per reason: one short scan of each type's covering index (items_ws_cancellations,
    // items_ws_leaves), newest first.
    db.query<{ reason: string; id: string; type: string; text: string; day: string }>(
      `SELECT r.reason, x.id, x.type, x.text, x.day
       FROM (SELECT churn_reason AS reason FROM items
             WHERE workspace_id = $1 AND type = '${CANCELLATION_TYPE}' AND created_at >= $2 AND created_at < $3 AND churn_reason IS NOT NULL
             UNION
             SELECT churn_reason FROM items
             WHERE workspace_id = $1 AND type = '${LEAVE_TYPE}' AND created_at >= $2 AND created_at < $3 AND churn_reason IS NOT NULL) r
       CROSS JOIN LATERAL (
         SELECT id::text AS id, type, left(COALESCE(title || E'\\n', '') || text, ${EXAMPLE_CHARS}) AS text,
                to_char((created_at AT TIME ZONE $5)::date, 'YYYY-MM-DD') AS day
         FROM ((SELECT id, type, title, text, created_at FROM items
                WHERE workspace_id = $1 AND type = '${CANCELLATION_TYPE}' AND created_at >= $2 AND created_at < $3 AND churn_reason = r.reason
                ORDER BY created_at DESC LIMIT $4)
               UNION ALL
               (SELECT id, type, title, text, created_at FROM items
                WHERE workspace_id = $1 AND type = '${LEAVE_TYPE}' AND created_at >= $2 AND created_at < $3 AND churn_reason = r.reason
                ORDER BY created_at DESC LIMIT $4)) newest
         ORDER BY created_at DESC, id DESC LIMIT $4) x`,
      [ws.id, range.instants.from, range.instants.to, Math.max(1, perExample), ws.timezone],
    ),
  ]);
  type Example = { item_id: string; type: string; text: string; day: string };
  const exampleBy = new Map<string, Example[]>();
  for (const e of examples) {
    if (!perExample) break;
    const list = exampleBy.get(e.reason) ?? [];
    list.push({ item_id: e.id, type: e.type, text: e.text, day: e.day });
    exampleBy.set(e.reason, list);
  }
  // Churn per type (해지·취소, 탈퇴), orders left out as everywhere below.
  const byType = Object.fromEntries(CHURN_TYPES.map((t) => [t, { current: 0, previous: 0 }])) as Record<(typeof CHURN_TYPES)[number], { current: number; previous: number }>;
  const counts = new Map<string, { current: number; previous: number; by_type: Record<(typeof CHURN_TYPES)[number], number>; examples: Example[] }>();
  const series = new Map<string, { controllable: number; involuntary: number; unknown: number }>();
  const sums = { current: { controllable: 0, involuntary: 0, unknown: 0, all: 0 }, previous: { controllable: 0, involuntary: 0, unknown: 0, all: 0 } };
  // Cancellations of an order (a refund, a return) are not churn: counted apart, left out of every share.
  const orders = { current: 0, previous: 0, examples: exampleBy.get(ORDER_CANCELLATION) ?? [] };
  for (const row of daily) {
    if (row.day < range.previous.from || row.day > range.to) continue;
    if (row.reason === ORDER_CANCELLATION) {
      orders[row.day >= range.from ? 'current' : 'previous'] += row.n;
      continue;
    }
    const key = row.reason && churnReason(row.reason) ? row.reason : UNKNOWN_CHURN_REASON;
    const def = churnReason(key);
    const kind = def ? (def.controllable ? 'controllable' : 'involuntary') : 'unknown';
    const current = row.day >= range.from;
    const type = row.type === LEAVE_TYPE ? LEAVE_TYPE : CANCELLATION_TYPE;
    byType[type][current ? 'current' : 'previous'] += row.n;
    const c = counts.get(key) ?? { current: 0, previous: 0, by_type: { [CANCELLATION_TYPE]: 0, [LEAVE_TYPE]: 0 }, examples: exampleBy.get(key) ?? [] };
    if (current) {
      c.current += row.n;
      c.by_type[type] += row.n;
      const bucket = periodStart(row.day, granularity);
      const s = series.get(bucket) ?? { controllable: 0, involuntary: 0, unknown: 0 };
      s[kind] += row.n;
      series.set(bucket, s);
    } else c.previous += row.n;
    counts.set(key, c);
    const side = current ? sums.current : sums.previous;
    side[kind] += row.n;
    side.all += row.n;
  }
  const classified = { current: sums.current.all - sums.current.unknown, previous: sums.previous.all - sums.previous.unknown };
  const keys = [...CHURN_REASONS.map((r) => r.key), UNKNOWN_CHURN_REASON].filter((k) => counts.has(k));
  // A reason's share among the classified cancellations, now against before.
  const shareOf = (k: string, pAdjusted?: number) => {
    const c = counts.get(k)!;
    return k === UNKNOWN_CHURN_REASON
      ? shareChange(c.current, sums.current.all, c.previous, sums.previous.all, pAdjusted)
      : shareChange(c.current, classified.current, c.previous, classified.previous, pAdjusted);
  };
  const adjusted = benjaminiHochberg(keys.map((k) => shareOf(k).p_value));
  const reasons = keys
    .map((k, i) => {
      const def = churnReason(k);
      const c = counts.get(k)!;
      return {
        key: k,
        name_ko: def?.nameKo ?? '사유 미상',
        name_en: def?.nameEn ?? 'Unknown',
        controllable: def ? def.controllable : null,
        current: c.current,
        previous: c.previous,
        /** This period's count per churn type (cancellation: 해지·취소, account: 탈퇴). */
        by_type: c.by_type,
        share: { ...shareOf(k, adjusted[i]!.pAdjusted), p_adjusted: Number(adjusted[i]!.pAdjusted.toFixed(6)) },
        examples: c.examples,
      };
    })
    .sort((a, b) => b.current - a.current || a.key.localeCompare(b.key));

  const metrics = await listMetrics(db, ws.id, { names: [...RATE_METRICS], from: range.previous.from, to: range.to });
  const metricDaily = (name: RateMetric) => new Map(metrics.filter((m) => m.name === name).map((m) => [m.day, m.value]));
  // The contact rate's mechanism (denominator.ts rateOverDays) with a business number for the items:
  // only days that have both numbers count, so a count that lags (or a base missing for a day)
  // never reads as a change.
  const rateOf = (events: RateMetric, base: RateMetric, per: number) => {
    const counts = metricDaily(events);
    const baseDaily = metricDaily(base);
    if (!counts.size || !baseDaily.size) return null;
    const den: Denominator = { metric: base, ...metricRateBasis(base), per, daily: new Map([...baseDaily].filter(([day]) => (counts.get(day) ?? -1) >= 0)) };
    const [c, p] = [range, range.previous].map(({ from, to }) => rateOverDays(den, counts, from, to));
    const side = (r: RateOverDays) => ({ count: Math.round(r.items), exposure: r.exposure, value: r.rate, days: r.days.map((d) => ({ ...d, count: Math.round(d.count) })) });
    return { ...rateChange(side(c!), side(p!)), covered_days: { current: c!.coveredDays, previous: p!.coveredDays, of: range.days } };
  };

  return {
    range,
    granularity,
    total: { current: sums.current.all, previous: sums.previous.all },
    /** The item types churn is counted from: cancellation (해지·취소) and account (탈퇴, only those that leave). */
    counted_types: CHURN_TYPES,
    /** `total` per counted type. */
    by_type: byType,
    /** Cancellation-typed items about an order (cancel an order, a refund, a return): not in `total`. */
    order_cancellations: orders,
    controllable_share: shareChange(sums.current.controllable, classified.current, sums.previous.controllable, classified.previous),
    classified_share: shareChange(classified.current, sums.current.all, classified.previous, sums.previous.all),
    reasons,
    // Every bucket of the range (one without cancellations as zeros: the chart's category axis
    // would otherwise skip it), with the instants it covers inside the range, so a bar drills down to its items.
    series: rangePeriods(range, granularity).map(({ period, first, last }) => ({
      period,
      ...dayInstants(first, last, range.timezone),
      ...(series.get(period) ?? { controllable: 0, involuntary: 0, unknown: 0 }),
    })),
    // From the business numbers (not from the inquiries), over the days with both numbers;
    // covered_days says how many that is.
    // Order cancellations (주문 취소율): cancellations per 100 orders.
    cancellation_rate: rateOf('cancellations', 'orders', 100),
    // Churn (해지율): subscriptions ended per 100 subscribers over 30 days — churned over
    // subscriber-days (the day's subscriber count summed), × 30 × 100 — so a week and a quarter
    // read on one monthly scale. The test compares churned over subscriber-days.
    churn_rate: rateOf('churned', 'subscribers', CHURN_RATE_DAYS * 100),
  };
}
