/**
 * Rates against the business: items per 100 orders, per 1,000 active users. Pure formulas; the
 * numbers come from the rollups and the business-metrics input.
 */

/**
 * Metrics that are levels, not flows: an active-user count on a day is not added to the next
 * day's. Over a period they are averaged (items per 1,000 MAU = items ÷ mean MAU); every other
 * metric (orders, payments, cancellations, signups, custom names) is summed, but for custom names
 * that read as levels (…_users, 활성사용자수, 누적회원수).
 */
export const LEVEL_METRICS: ReadonlySet<string> = new Set(['mau', 'wau', 'dau', 'active_users', 'subscribers', 'members']);

/**
 * Korean custom names of levels: a running total (누적…), or a head count of users, members or
 * subscribers (활성사용자수, 유료회원수, 구독자) that is not one of people joining or leaving that day
 * (신규, 가입, 탈퇴, 해지).
 */
const KOREAN_HEAD_COUNT = /(사용자|이용자|유저|회원|구독자|접속자)(_?수)?$/;
const KOREAN_FLOW = /신규|가입|탈퇴|해지/;
/** Names that count people (English or Korean): their rates are per 1,000. */
const PEOPLE = /users|signups|사용자|이용자|유저|회원|구독자|접속자|가입자|방문자/;
/**
 * Names that are amounts of money (won): the built-in revenue, English names led or ended by
 * revenue / gmv or ending in _krw (net_revenue, revenue_krw, gmv), and Korean names of sales or an
 * amount paid (매출, 매출액, 결제금액, 주문금액, 거래액, 환불액). Kept narrow on purpose: a name that
 * counts transactions (매출건수, revenue_count) is a count, and a name not listed here stays a count
 * (per 100) rather than being read as won. Their rates are per 1,000,000 won.
 */
const MONEY = /^(revenue|gmv)(_|$)|_(revenue|gmv|krw)$|매출|금액|(결제|거래|주문|판매|구매|환불)액/;
const COUNT_OF = /(수|건|_count|_cnt)$/;
/** Levels of people that PEOPLE does not name: mau, dau, subscribers, daily_active. */
const PEOPLE_LEVEL = /^(mau|wau|dau|active_users|subscribers|members)$|_active$/;

/** How a metric is combined over a period. */
export function metricAggregation(name: string): 'sum' | 'mean' {
  if (LEVEL_METRICS.has(name) || /_(active|level|users)$/.test(name)) return 'mean';
  return /^누적/.test(name) || (KOREAN_HEAD_COUNT.test(name) && !KOREAN_FLOW.test(name)) ? 'mean' : 'sum';
}

/** What a metric counts, for the words of its rate: people (명), money (원) or other things (건). */
export type MetricUnit = 'people' | 'money' | 'count';

/**
 * What a metric counts: money for revenue and names of sales or amounts paid (MONEY), people for
 * user, member, subscriber, sign-up and visitor counts (PEOPLE, and dau / mau), else a count.
 */
export function metricUnit(name: string): MetricUnit {
  if (MONEY.test(name) && !COUNT_OF.test(name)) return 'money';
  return PEOPLE.test(name) || PEOPLE_LEVEL.test(name) ? 'people' : 'count';
}

/**
 * The "per" of a metric's rate: items per 100 orders, per 1,000 users (and per 1,000 of any level,
 * a day's count of it being large), per 1,000,000 won of revenue.
 */
export function defaultRatePer(name: string): number {
  const unit = metricUnit(name);
  if (unit === 'money') return 1_000_000;
  return metricAggregation(name) === 'mean' || unit === 'people' ? 1000 : 100;
}

/** How rates count against a metric: how it combines over a period, what it counts, its default "per". */
export interface MetricRateBasis {
  aggregation: 'sum' | 'mean';
  metric_unit: MetricUnit;
  per: number;
}

/** A metric's rate basis, from its name (the three rules above, in one answer). */
export function metricRateBasis(name: string): MetricRateBasis {
  return { aggregation: metricAggregation(name), metric_unit: metricUnit(name), per: defaultRatePer(name) };
}

/** Preferred denominators for a contact rate, in order, when the caller names none. */
export const DEFAULT_RATE_METRICS = ['orders', 'payments', 'dau', 'mau'] as const;

export interface MetricOverDays {
  /** The period's value: the sum, or the mean for level metrics; null when no day has a value. */
  value: number | null;
  /** Days of the period that had a value. */
  coveredDays: number;
  /** The sum of the daily values: the Poisson exposure for a significance test. */
  exposure: number;
}

/** Combines a metric's daily values over a period (days without a value are left out). */
export function aggregateMetric(name: string, dailyValues: readonly number[]): MetricOverDays {
  const coveredDays = dailyValues.length;
  const exposure = dailyValues.reduce((s, v) => s + v, 0);
  if (!coveredDays) return { value: null, coveredDays: 0, exposure: 0 };
  return { value: metricAggregation(name) === 'mean' ? exposure / coveredDays : exposure, coveredDays, exposure };
}

/** count ÷ denominator × per; null when the denominator is missing or zero. */
export function ratePer(count: number, denominator: number | null, per: number): number | null {
  return denominator === null || denominator <= 0 ? null : (count / denominator) * per;
}

/** part ÷ whole as a share in [0, 1]; null when the whole is zero. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
