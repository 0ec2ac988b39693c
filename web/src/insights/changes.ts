import type { Change, ChangeVerdict } from '../api';
import { formatDecimal, formatNumber } from '../format';
import { hasMessage, type MessageKey, type Translate } from '../i18n';

/**
 * Pure helpers that turn the API's `Change` into words: the change with its unit, the verdict
 * badge and its tone, the interval for a tooltip, and the contact rate's "per 100 orders".
 */

/** How a change reads: percent (counts, rates), percentage points (shares), NPS points. */
export type ChangeKind = 'percent' | 'pp' | 'nps';

/** Which direction is good news, for colouring a significant change (the words never change). */
export type Polarity = 'up_good' | 'up_bad' | 'neutral';

/** good / bad news, a real change of unknown sign (notable), noise (quiet), too little data (unknown). */
export type Tone = 'good' | 'bad' | 'notable' | 'quiet' | 'unknown';

export const VERDICTS: readonly ChangeVerdict[] = ['significant_increase', 'significant_decrease', 'within_noise', 'insufficient_data'];

/** The message key of a verdict: 유의미한 증가 / 유의미한 감소 / 변동 범위 내(노이즈) / 데이터 부족. */
export function verdictKey(verdict: ChangeVerdict): MessageKey {
  const key = `verdict.${verdict}`;
  return hasMessage(key) ? key : 'verdict.insufficient_data';
}

/** Why a change has no verdict, when the server says more than "too few events": the stem of `verdict.<stem>` and `verdict.<stem>Help`. */
export type VerdictReason = 'previousPartlyCovered' | 'previousNotCovered' | 'topicLabelledSince' | 'partialDay';

/**
 * The reason a badge words itself, from the API's `reason`. `previous_not_covered` means the data
 * (the workspace's or channel's first item) begins after the previous period starts: when the
 * previous period still has a number above zero, the data covers part of it, and "no data for the
 * previous period" next to that number would be false — it is "only partly covered" then.
 */
export function verdictReason(change: Pick<Change, 'previous'> & { reason?: string }): VerdictReason | null {
  switch (change.reason) {
    case 'previous_not_covered':
      return change.previous !== null && change.previous > 0 ? 'previousPartlyCovered' : 'previousNotCovered';
    case 'topic_labelled_since':
      return 'topicLabelledSince';
    case 'partial_day':
      return 'partialDay';
    default:
      return null;
  }
}

/** Green for a real change in the good direction, warm for the bad one, blue when neither, grey for noise. */
export function verdictTone(verdict: ChangeVerdict, polarity: Polarity): Tone {
  if (verdict === 'insufficient_data') return 'unknown';
  if (verdict === 'within_noise') return 'quiet';
  if (polarity === 'neutral') return 'notable';
  const up = verdict === 'significant_increase';
  return up === (polarity === 'up_good') ? 'good' : 'bad';
}

/**
 * Which way is bad news for a line of inquiries split by channel, type, topic, sentiment or segment:
 * more inquiries are, everywhere (the movers, Explore's lines, the split bars), so a rise has one
 * colour on every page; only more positive-sentiment items are left uncoloured (praise is no problem).
 */
export function splitPolarity(dimension: string | null | undefined, key: string): Polarity {
  return dimension === 'sentiment' && key === 'positive' ? 'neutral' : 'up_bad';
}

/** The kind of a change: its unit, and for points whether they are NPS points. */
export function changeKind(change: Pick<Change, 'unit'>, nps = false): ChangeKind {
  return change.unit === 'percent' ? 'percent' : nps ? 'nps' : 'pp';
}

/**
 * A signed amount of change with its unit: "+12.3%", "-0.4%p", "+4점" ("+4 pts"). `fixed` writes
 * the decimal even when it is 0 ("+1.0%p"), for a column that must align. NPS
 * points are whole (formatNps), whatever `fixed` says. Negative numbers carry the minus Intl writes
 * ("-"), the same as every other number on the dashboard.
 */
export function formatChangeAmount(value: number, kind: ChangeKind, locale: string, t: Translate, signed = true, fixed = false): string {
  const number = changeNumber(value, kind, locale, signed, fixed);
  if (kind === 'percent') return `${number}%`;
  return t(kind === 'pp' ? 'change.unit.pp' : 'change.unit.nps', { value: number });
}

/** The number of a change as shown: one decimal (always, with `fixed`), NPS points whole; a shown zero has no sign. */
function changeNumber(value: number, kind: ChangeKind, locale: string, signed: boolean, fixed: boolean): string {
  const digits = kind === 'nps' ? 0 : 1;
  const minimum = fixed && kind !== 'nps' ? 1 : 0;
  return withoutNegativeZero(new Intl.NumberFormat(locale, { minimumFractionDigits: minimum, maximumFractionDigits: digits, signDisplay: signed ? 'exceptZero' : 'auto' }), value);
}

/** `value` as `format` writes it, but a number that rounds to zero as zero: Intl writes -0.3 as "-0". */
function withoutNegativeZero(format: Intl.NumberFormat, value: number): string {
  const text = format.format(value);
  return /[1-9]/.test(text) ? text : format.format(0);
}

/**
 * Which way a change goes as shown: null when its shown number is zero, so "-0.1점" is neither
 * written nor marked ▼ — an NPS change that rounds to zero reads "±0점" ("±0 pts").
 */
export function changeDirection(change: Pick<Change, 'change'>, kind: ChangeKind, locale: string, fixed = false): 'up' | 'down' | null {
  if (change.change === null || !/[1-9]/.test(changeNumber(change.change, kind, locale, true, fixed))) return null;
  return change.change > 0 ? 'up' : 'down';
}

/** The change of a headline number, or "—" when there is nothing to compare; an NPS change that rounds to zero is "±0점". */
export function formatChange(change: Change, kind: ChangeKind, locale: string, t: Translate, fixed = false): string {
  if (change.change === null) return '—';
  if (kind === 'nps' && changeDirection(change, kind, locale, fixed) === null) return t('change.unit.nps', { value: '±0' });
  return formatChangeAmount(change.change, kind, locale, t, true, fixed);
}

/**
 * NPS (-100…100) as people read it: whole points ("32", "-4") on every page, card and chart, as
 * NPS is reported; never "-0" (a score of -0.3 is 0). Its interval's bounds too.
 */
export function formatNps(value: number, locale: string): string {
  return withoutNegativeZero(new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }), value);
}

/** Tooltip text: the change's 95% interval and p-value, in the user's language. */
export function changeTitle(change: Change, kind: ChangeKind, locale: string, t: Translate, adjusted = false): string {
  const parts: string[] = [t(verdictKey(change.verdict))];
  const lower = change.interval?.lower;
  const upper = change.interval?.upper;
  if (lower != null && upper != null) {
    parts.push(t('change.interval', { lower: formatChangeAmount(lower, kind, locale, t), upper: formatChangeAmount(upper, kind, locale, t) }));
  } else {
    parts.push(t('change.noInterval'));
  }
  // "p < 0.001", not "p = < 0.001".
  if (Number.isFinite(change.p_value)) parts.push(change.p_value < 0.001 ? t('change.pValueBelow', { p: formatPValue(change.p_value, locale) }) : t('change.pValue', { p: formatPValue(change.p_value, locale) }));
  if (adjusted) parts.push(t('change.adjusted'));
  return parts.join(' · ');
}

/** A p-value for people: "< 0.001", else two significant digits. */
export function formatPValue(p: number, locale: string): string {
  if (p < 0.001) return `< ${formatDecimal(0.001, locale, 3)}`;
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: 2 }).format(p);
}

/**
 * A share in percent (already ×100), the one way the dashboard writes a percentage, Korean and
 * English alike: the number then "%" with no space ("45.3%", "8.2%", "100%", "0%"); one decimal at
 * most, a trailing ".0" dropped ("66%", not "66.0%"), on cards, tables, notes and tooltips alike;
 * more decimals (up to two) only where a share needs them — never "100%" below 100 nor "0%" above 0
 * ("99.96%", "0.04%": formatPercentNumber). `digits` 2 for the churn page's rates
 * (해지율, 주문 취소율: "3.68%", "0.35%"), where a tenth of a point is much; `fixed` writes the
 * trailing zero, for a column that must align (no page uses it).
 * A change of a share is in points ("+1.2%p", "+1.2 pp"), of a count in percent ("+12.3%"), of NPS
 * in whole points ("+4점"); see formatChangeAmount.
 */
export function formatShare(value: number | null, locale: string, fixed = false, digits = 1): string {
  return value === null ? '—' : `${formatPercentNumber(value, locale, fixed, digits)}%`;
}

/**
 * A percentage's number with `digits` decimals (0–2, one by default; at most, or always with
 * `fixed`), and more — up to two — when fewer would round a share below 100 up to 100 or one above 0
 * down to 0: 2,746 of 2,747 answered is "99.96", never "100" while an item is unanswered (session
 * 26). The API gives shares exactly (src/insights/change.ts sharePct): this is the one place that
 * words them, on every page.
 */
export function formatPercentNumber(value: number, locale: string, fixed = false, digits = 1): string {
  const hides = (d: number) => value > 0 && value < 100 && (Number(value.toFixed(d)) >= 100 || Number(value.toFixed(d)) <= 0);
  let shown = digits;
  while (shown < 2 && hides(shown)) shown++;
  if (shown === digits && !hides(shown)) return new Intl.NumberFormat(locale, { minimumFractionDigits: fixed ? digits : 0, maximumFractionDigits: digits }).format(value);
  // More decimals; at two, kept off 100.00 and 0.00 themselves (99.999 is "99.99", 0.001 is "0.01").
  const kept = hides(shown) ? Math.min(99.99, Math.max(0.01, value)) : value;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: shown, maximumFractionDigits: shown }).format(kept);
}

/** A pair of rates (now / before) with the same decimals: two, three when either is under 0.1 ("0.170 / 0.075", not "0.17 / 0.075"). */
export function formatRatePair(current: number | null, previous: number | null, locale: string): [string, string] {
  const small = [current, previous].some((v) => v !== null && v !== 0 && Math.abs(v) < 0.1);
  const digits = small ? 3 : 2;
  const f = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v));
  return [f(current), f(previous)];
}

/** Built-in metrics with names of their own in both languages (import-metrics.ts BUILT_IN_METRICS). */
export const BUILT_IN_METRICS = ['orders', 'payments', 'dau', 'mau', 'cancellations', 'churned', 'subscribers', 'signups', 'revenue'] as const;
/** Levels among them, for callers that do not have the API's `aggregation` (rates.ts LEVEL_METRICS). */
const PEOPLE_METRICS = new Set(['dau', 'mau', 'subscribers']);

/** How a rate's metric combines over a period, as the API says it (rates.ts metricAggregation). */
export type MetricAggregation = 'sum' | 'mean';

/** What a rate's metric counts, as the API says it (rates.ts metricUnit): people (명), won (원), other things (건). */
export type MetricUnit = 'people' | 'money' | 'count';

/** What a rate is counted against: the metric, its "per", and (from the API) how it combines and what it counts. */
export interface RateBasis {
  metric: string;
  per: number;
  aggregation?: MetricAggregation;
  metric_unit?: MetricUnit;
}

/** The rate basis of an API object that has one (contact_rate, denominator), without the rest of it. */
export function rateBasis(from: RateBasis): RateBasis {
  return { metric: from.metric, per: from.per, aggregation: from.aggregation, metric_unit: from.metric_unit };
}

/** A business metric's name in the user's language (orders → 주문); names of one's own as stored, `_` read as a space (앱_설치_수 → 앱 설치 수). */
export function metricName(metric: string, t: Translate): string {
  return (BUILT_IN_METRICS as readonly string[]).includes(metric) ? t(`metric.${metric}` as MessageKey) : metric.replace(/_/g, ' ');
}

/** A metric's name standing alone as a label (a column, a row head, a choice): capitalised, as "Orders", never mid-sentence. */
export function metricLabel(metric: string, t: Translate): string {
  const name = metricName(metric, t);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * An amount of won as a rate's "per": "100만 원" in Korean (whole 만 and 억 grouped the Korean way,
 * as people say it), "₩1,000,000" in English.
 */
export function formatWon(amount: number, locale: string, t: Translate): string {
  const korean = locale.startsWith('ko');
  const number =
    korean && amount >= 100_000_000 && amount % 100_000_000 === 0
      ? `${formatNumber(amount / 100_000_000, locale)}억`
      : korean && amount >= 10_000 && amount % 10_000 === 0
        ? `${formatNumber(amount / 10_000, locale)}만`
        : formatNumber(amount, locale);
  return t('rate.won', { amount: number });
}

/**
 * The contact rate's unit: "주문 100건당", "방문자수 1,000명당", "매출 100만 원당", "일간 활성 사용자
 * 1,000명당 하루"; "per 100 orders", "per ₩1,000,000 of revenue". `aggregation` and `unit` are the
 * API's (contact_rate.aggregation / metric_unit, denominator.aggregation / metric_unit); without a
 * unit an averaged metric reads as people and a summed one as 건, as before the API said it; without
 * an aggregation only DAU and MAU are known to be averaged.
 */
export function rateUnit(metric: string, per: number, locale: string, t: Translate, aggregation?: MetricAggregation, unit?: MetricUnit): string {
  // An averaged metric is a level (active users, 활성사용자수): the rate is per that many of it per
  // day (items ÷ person-days), so a period with fewer covered days is not shown lower.
  const mean = aggregation ? aggregation === 'mean' : PEOPLE_METRICS.has(metric);
  const kind = unit ?? (mean ? 'people' : 'count');
  const name = metricName(metric, t);
  if (kind === 'money') return t(mean ? 'rate.perMoneyDay' : 'rate.perMoney', { metric: name, per: formatWon(per, locale, t) });
  const vars = { metric: name, per: formatNumber(per, locale) };
  if (kind === 'people') return t(mean ? 'rate.perPeopleDay' : 'rate.perPeople', vars);
  return t(mean ? 'rate.perCountDay' : 'rate.perCount', vars);
}

/** A contact rate in full: "주문 100건당 1.03건", "1.03 per 100 orders", "매출 100만 원당 0.8건". */
export function formatRate(value: number, metric: string, per: number, locale: string, t: Translate, aggregation?: MetricAggregation, unit?: MetricUnit): string {
  return t('rate.value', { unit: rateUnit(metric, per, locale, t, aggregation, unit), value: formatRateNumber(value, locale) });
}

/** A rate's number: two decimals, three under 0.1 so small rates do not read as zero. */
export function formatRateNumber(value: number, locale: string): string {
  return formatDecimal(value, locale, Math.abs(value) < 0.1 && value !== 0 ? 3 : 2);
}
