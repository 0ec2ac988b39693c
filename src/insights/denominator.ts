import { aggregateMetric, DEFAULT_RATE_METRICS, metricRateBasis, ratePer, type MetricRateBasis } from '../domain/rates.js';
import { eachDay, weekdayOf } from '../domain/local-day.js';
import type { DayObservation } from '../domain/stats.js';
import type { Db } from '../store/db.js';
import { listMetrics } from '../store/queries/business-metrics.js';

/** A contact rate's metric, its basis (`per` as asked, else the metric's default) and its daily numbers. */
export interface Denominator extends MetricRateBasis {
  metric: string;
  daily: Map<string, number>;
}

/** What an answer says of its denominator: the metric and its basis, without the daily numbers. */
export function denominatorBasis({ metric, per, aggregation, metric_unit }: Denominator): { metric: string } & MetricRateBasis {
  return { metric, per, aggregation, metric_unit };
}

/**
 * Loads the denominator for rates between two days (inclusive): the named metric, or the first of
 * orders / payments / dau / mau the workspace has numbers for. Null when it has none of them.
 */
export async function loadDenominator(
  db: Db,
  workspaceId: number,
  choice: { metric?: string; per?: number },
  from: string,
  to: string,
): Promise<Denominator | null> {
  let metric = choice.metric;
  let points = metric ? await listMetrics(db, workspaceId, { names: [metric], from, to }) : [];
  if (!metric) {
    const all = await listMetrics(db, workspaceId, { names: [...DEFAULT_RATE_METRICS], from, to });
    metric = DEFAULT_RATE_METRICS.find((name) => all.some((p) => p.name === name));
    if (!metric) return null;
    points = all.filter((p) => p.name === metric);
  }
  const basis = metricRateBasis(metric);
  return { metric, ...basis, per: choice.per ?? basis.per, daily: new Map(points.map((p) => [p.day, p.value])) };
}

/** Items and the denominator over some days, counting only days that have a business number. */
export interface RateOverDays {
  /** Items on the days that have a business number (all items when there is no denominator). */
  items: number;
  /** The metric over the period (sum, or mean for levels, e.g. mean DAU); null without numbers. */
  denominator: number | null;
  /** Sum of the daily numbers: the exposure of a significance test. */
  exposure: number;
  coveredDays: number;
  /**
   * Items per `per` of the exposure: per 100 orders for flows; for levels (DAU, MAU) per `per`
   * user-days, i.e. per 1,000 DAU per day, so a period with fewer covered days (a missing DAU day,
   * a partial week on a chart) is not shown as a lower rate.
   */
  rate: number | null;
  /** The covered days, each with its items and its business number (the exposure), for the test's dispersion. */
  days: DayObservation[];
}

/**
 * A rate over the days from..to. Days without a business number, or with a number ≤ 0 (no orders
 * that day: no exposure to contact on), are left out of both sides, so a missing day never reads
 * as a drop in the rate and items never count over zero exposure.
 */
export function rateOverDays(den: Denominator, dailyItems: Map<string, number>, from: string, to: string): RateOverDays {
  let items = 0;
  const values: number[] = [];
  const days: DayObservation[] = [];
  for (const day of eachDay(from, to)) {
    const value = den.daily.get(day);
    if (value === undefined || !(value > 0)) continue;
    values.push(value);
    const count = dailyItems.get(day) ?? 0;
    items += count;
    days.push({ count, exposure: value, weekday: weekdayOf(day) });
  }
  const agg = aggregateMetric(den.metric, values);
  return { items, denominator: agg.value, exposure: agg.exposure, coveredDays: agg.coveredDays, rate: ratePer(items, agg.exposure, den.per), days };
}
