import { periodStart } from '../domain/local-day.js';
import { npsFromCounts, type NpsCounts } from '../domain/nps.js';
import { benjaminiHochberg, changeVerdict, compareProportions, type ChangeVerdict } from '../domain/stats.js';
import type { Db } from '../store/db.js';
import { sumDailyCounts, type Granularity } from '../store/queries/item-daily-counts.js';
import { listTopics } from '../store/queries/topics.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { npsChange, sharePct } from './change.js';
import { autoGranularity, dayInstants, rangePeriods, resolveRange } from './range.js';

/**
 * What a driver's test found, in words of its own: detractors and promoters are two groups of one
 * period, not two periods, so "rise" and "fall" would be false (session 26).
 */
export type DriverFinding = 'more_among_detractors' | 'more_among_promoters' | 'no_clear_difference' | 'insufficient_data';

/** A driver's verdict (detractors' share against promoters') as a finding between the two groups. */
export function driverFinding(verdict: ChangeVerdict): DriverFinding {
  switch (verdict) {
    case 'significant_increase':
      return 'more_among_detractors';
    case 'significant_decrease':
      return 'more_among_promoters';
    case 'within_noise':
      return 'no_clear_difference';
    default:
      return 'insufficient_data';
  }
}

export interface NpsInput {
  from?: string;
  to?: string;
  granularity?: Granularity;
  /** Drivers by topic (default) or by type. */
  driversBy?: 'topic' | 'type';
}

const countsOf = (r: { scored: number; promoters: number; detractors: number }): NpsCounts => ({
  promoters: r.promoters,
  passives: r.scored - r.promoters - r.detractors,
  detractors: r.detractors,
});

const round = (x: number | null, digits = 2) => (x === null ? null : Number(x.toFixed(digits)));

/**
 * NPS for a range: the score with its interval against the period before, a trend per
 * day/week/month, and drivers — the topics (or types) detractors mention more than promoters,
 * by a two-proportion test per topic with the false-discovery rate controlled across topics.
 */
export async function getNpsInsights(db: Db, ws: Workspace, input: NpsInput = {}) {
  const range = resolveRange(input, ws.timezone);
  const by = input.driversBy ?? 'topic';
  const [rows, topics] = await Promise.all([
    sumDailyCounts(db, ws.id, { from: range.previous.from, to: range.to }, { granularity: 'day', by }),
    listTopics(db, ws.id),
  ]);
  const scored = rows.filter((r) => r.scored > 0);
  const total = (keep: (day: string) => boolean) => {
    const c = { scored: 0, promoters: 0, detractors: 0 };
    for (const r of scored) if (keep(r.period!)) { c.scored += r.scored; c.promoters += r.promoters; c.detractors += r.detractors; }
    return c;
  };
  const inCurrent = (day: string) => day >= range.from;
  const cur = total(inCurrent);
  const prev = total((d) => !inCurrent(d));

  const granularity = input.granularity ?? autoGranularity(range.days);
  const buckets = new Map<string, { scored: number; promoters: number; detractors: number }>();
  for (const r of scored) {
    if (!inCurrent(r.period!)) continue;
    const key = periodStart(r.period!, granularity);
    const b = buckets.get(key) ?? { scored: 0, promoters: 0, detractors: 0 };
    b.scored += r.scored;
    b.promoters += r.promoters;
    b.detractors += r.detractors;
    buckets.set(key, b);
  }
  // Every period of the range, one without answers as n 0 and no score (a gap in the chart, whose
  // category axis would otherwise skip it); each covers its whole period within the range.
  const series = rangePeriods(range, granularity).map(({ period, first, last }) => {
    const b = buckets.get(period) ?? { scored: 0, promoters: 0, detractors: 0 };
    const s = npsFromCounts(countsOf(b));
    return { period, ...dayInstants(first, last, range.timezone), n: s.n, nps: round(s.nps, 1), interval: s.interval, promoters: b.promoters, detractors: b.detractors };
  });

  // Drivers: for each key, the share of detractors vs the share of promoters whose answer is about it.
  const perKey = new Map<string, { promoters: number; detractors: number }>();
  for (const r of scored) {
    if (!inCurrent(r.period!)) continue;
    const k = perKey.get(r.key!) ?? { promoters: 0, detractors: 0 };
    k.promoters += r.promoters;
    k.detractors += r.detractors;
    perKey.set(r.key!, k);
  }
  const none = by === 'topic' ? '0' : '';
  const keys = [...perKey].filter(([key]) => key !== none);
  const tests = keys.map(([, k]) => compareProportions(k.detractors, cur.detractors, k.promoters, cur.promoters));
  const adjusted = benjaminiHochberg(tests.map((t) => t.pValue));
  const topicName = new Map(topics.map((t) => [t.id, t.name]));
  const drivers = keys
    .map(([key, k], i) => ({
      key,
      name: by === 'topic' ? topicName.get(key) ?? null : null,
      detractors: k.detractors,
      promoters: k.promoters,
      // Exact (sharePct), as every share: rounded, 1 of 20,000 detractors would read as 0 %.
      detractor_share_pct: sharePct(k.detractors, cur.detractors),
      promoter_share_pct: sharePct(k.promoters, cur.promoters),
      difference_pp: round(tests[i]!.differencePp),
      // Newcombe's 95 % interval for the difference (percentage points).
      difference_interval: tests[i]!.differenceInterval
        ? { lower: round(tests[i]!.differenceInterval!.lowerPp), upper: round(tests[i]!.differenceInterval!.upperPp) }
        : null,
      p_adjusted: Number(adjusted[i]!.pAdjusted.toFixed(6)),
      /** Fisher's exact test when a cell is small (7 of 46 detractors against 0 promoters), else the z-test. */
      test: tests[i]!.test,
      // Kept for API clients: "increase" = mentioned more by detractors than by promoters. It is
      // no change over time; `finding` says what it is.
      verdict: changeVerdict(tests[i]!, { pAdjusted: adjusted[i]!.pAdjusted }),
      finding: driverFinding(changeVerdict(tests[i]!, { pAdjusted: adjusted[i]!.pAdjusted })),
    }))
    .sort((a, b) => (b.difference_pp ?? 0) - (a.difference_pp ?? 0));

  return { range, granularity, drivers_by: by, ...npsChange(countsOf(cur), countsOf(prev)), series, drivers };
}
