import { CHURN_REASONS, churnReason, UNKNOWN_CHURN_REASON } from '../domain/churn-reasons.js';
import { periodStart } from '../domain/local-day.js';
import { benjaminiHochberg } from '../domain/stats.js';
import type { Db } from '../store/db.js';
import type { Granularity } from '../store/queries/item-daily-counts.js';
import { listMetrics } from '../store/queries/business-metrics.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { classifyChurnReason } from '../text/churn-reasons.js';
import { rateChange, shareChange } from './change.js';
import { autoGranularity, resolveRange } from './range.js';

export interface ChurnInput {
  from?: string;
  to?: string;
  granularity?: Granularity;
  /** Examples per reason (the customers' own words). */
  examples?: number;
}

interface CancelRow {
  id: string;
  day: string;
  text: string;
  given: string | null;
}

const EXAMPLE_CHARS = 300;

/**
 * Cancellation and churn reasons for a range: every item typed as a cancellation gets a reason
 * (the one its source gave in metadata.cancel_reason, else the one its words state), split into
 * controllable and involuntary; shares against the period before (Benjamini–Hochberg across
 * reasons), a trend, the customers' own words per reason, and the cancellation rate when the
 * workspace records cancellations and orders.
 */
export async function getChurnReasons(db: Db, ws: Workspace, input: ChurnInput = {}) {
  const range = resolveRange(input, ws.timezone);
  const rows = await db.query<CancelRow>(
    `SELECT id::text AS id, to_char((created_at AT TIME ZONE $4)::date, 'YYYY-MM-DD') AS day, left(COALESCE(title || E'\\n', '') || text, ${EXAMPLE_CHARS}) AS text,
            metadata->>'cancel_reason' AS given
     FROM items WHERE workspace_id = $1 AND type = 'cancellation' AND created_at >= $2 AND created_at < $3
     ORDER BY created_at DESC, id DESC`,
    [ws.id, new Date(Date.parse(range.instants.from) - range.days * 86_400_000).toISOString(), range.instants.to, ws.timezone],
  );
  const granularity = input.granularity ?? autoGranularity(range.days);
  const perExample = input.examples ?? 3;
  const counts = new Map<string, { current: number; previous: number; examples: { item_id: string; text: string; day: string }[] }>();
  const series = new Map<string, { controllable: number; involuntary: number; unknown: number }>();
  const sums = { current: { controllable: 0, involuntary: 0, unknown: 0, all: 0 }, previous: { controllable: 0, involuntary: 0, unknown: 0, all: 0 } };
  for (const row of rows) {
    if (row.day < range.previous.from || row.day > range.to) continue;
    const given = row.given && churnReason(row.given) ? row.given : null;
    const key = given ?? classifyChurnReason(row.text) ?? UNKNOWN_CHURN_REASON;
    const def = churnReason(key);
    const kind = def ? (def.controllable ? 'controllable' : 'involuntary') : 'unknown';
    const current = row.day >= range.from;
    const c = counts.get(key) ?? { current: 0, previous: 0, examples: [] };
    if (current) {
      c.current++;
      if (c.examples.length < perExample) c.examples.push({ item_id: row.id, text: row.text, day: row.day });
      const bucket = periodStart(row.day, granularity);
      const s = series.get(bucket) ?? { controllable: 0, involuntary: 0, unknown: 0 };
      s[kind]++;
      series.set(bucket, s);
    } else c.previous++;
    counts.set(key, c);
    const side = current ? sums.current : sums.previous;
    side[kind]++;
    side.all++;
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
        share: { ...shareOf(k, adjusted[i]!.pAdjusted), p_adjusted: Number(adjusted[i]!.pAdjusted.toFixed(6)) },
        examples: c.examples,
      };
    })
    .sort((a, b) => b.current - a.current || a.key.localeCompare(b.key));

  const metrics = await listMetrics(db, ws.id, { names: ['cancellations', 'orders'], from: range.previous.from, to: range.to });
  const sum = (name: string, from: string, to: string) => metrics.filter((m) => m.name === name && m.day >= from && m.day <= to).reduce((s, m) => s + m.value, 0);
  const hasRate = metrics.some((m) => m.name === 'cancellations') && metrics.some((m) => m.name === 'orders');
  const rate = (from: string, to: string) => {
    const cancellations = sum('cancellations', from, to);
    const orders = sum('orders', from, to);
    return { count: Math.round(cancellations), exposure: orders, value: orders > 0 ? (cancellations / orders) * 100 : null };
  };

  return {
    range,
    granularity,
    total: { current: sums.current.all, previous: sums.previous.all },
    controllable_share: shareChange(sums.current.controllable, classified.current, sums.previous.controllable, classified.previous),
    classified_share: shareChange(classified.current, sums.current.all, classified.previous, sums.previous.all),
    reasons,
    series: [...series].sort(([a], [b]) => a.localeCompare(b)).map(([period, s]) => ({ period, ...s })),
    // Cancellations per 100 orders, from the business numbers (not from the inquiries).
    cancellation_rate: hasRate ? rateChange(rate(range.from, range.to), rate(range.previous.from, range.previous.to)) : null,
  };
}
