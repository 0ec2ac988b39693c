import type { Translate } from '../i18n';
import { BUILT_IN_METRICS, metricLabel } from './changes';

/**
 * "Rate against" (문의율 기준): which business metric an insight page counts its rates against,
 * kept in the URL's `metric` (absent: automatic, the server's orders → payments → dau → mau).
 */

/** A name business_metrics can hold (import-metrics.ts METRIC_NAME_PATTERN, migration 030). */
const STORED_NAME = /^[a-z가-힣][a-z0-9_가-힣]{0,62}$/u;

/**
 * The metric a URL's `metric` names, as the server stores it (NFC, latin lower-cased, spaces and
 * `-` as `_`); null — automatic — for none, or for a name no metric can have (a broken link then
 * still shows the page instead of the API's refusal).
 */
export function rateMetricParam(value: string | null): string | null {
  const name = (value ?? '').normalize('NFC').trim().toLowerCase().replace(/[\s-]+/g, '_');
  return STORED_NAME.test(name) ? name : null;
}

export interface RateMetricOption {
  value: string;
  label: string;
}

/**
 * The choices besides automatic: built-in metrics first, in the server's order of preference, then
 * the workspace's own names in Korean dictionary order; a chosen name the list does not hold (a
 * link from before its numbers were deleted, another workspace's) stays choosable as itself.
 */
export function rateMetricOptions(names: readonly string[], chosen: string | null, t: Translate): RateMetricOption[] {
  const all = new Set(names);
  if (chosen) all.add(chosen);
  const rank = (name: string) => {
    const i = (BUILT_IN_METRICS as readonly string[]).indexOf(name);
    return i < 0 ? BUILT_IN_METRICS.length : i;
  };
  return [...all]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'ko'))
    .map((name) => ({ value: name, label: metricLabel(name, t) }));
}

/**
 * True when a rate was asked for and the range has no number of its metric: the API answers the
 * rate with no covered days (Overview) or a null current rate (Explore), which alone would read as
 * an empty card.
 */
export function rateMetricMissing(rate: { covered_days: { current: number } } | { current: number | null } | null): boolean {
  if (!rate) return false;
  return 'covered_days' in rate ? rate.covered_days.current === 0 : rate.current === null;
}
