import type { Change, TopicDetail } from '../api';
import { RANGE_PRESETS, presetRange, type RangeChoice } from '../insights/range';

/**
 * Which change sits beside which number on a topic's headline cards. The API's `total.rate` is
 * the contact rate's change (per 100 orders…) when there is a business number to divide by, else
 * the plain count's (items per day over equal periods). So with a denominator, the verdict goes on
 * the 문의율 card and the 인입 card shows only its own count change (current vs previous items,
 * no verdict: the test is on the rate); without one, the change and its verdict are the count's.
 */
export function topicHeadlineChanges(data: Pick<TopicDetail, 'denominator' | 'total'>): {
  /** The count's change in percent (null: nothing before), and its tested change when the API's is the count's. */
  count: { percent: number | null; change: Change | null };
  /** The contact rate's tested change, or null without a denominator. */
  rate: Change | null;
} {
  const { items, previous_items, rate } = data.total;
  if (!data.denominator) return { count: { percent: rate.change, change: rate }, rate: null };
  return { count: { percent: countChangePercent(items, previous_items), change: null }, rate };
}

/** 291 against 157 → +85.35…%; null when there was nothing before. */
export function countChangePercent(current: number, previous: number): number | null {
  if (!Number.isFinite(current) || !Number.isFinite(previous) || previous <= 0) return null;
  return (current / previous - 1) * 100;
}

/**
 * A range given as days (a link from Overview or Explore carries `from`/`to`) that is exactly one
 * of the presets today — the last 7/28/90 days — shown as that preset, not as custom dates.
 */
export function asPreset(range: RangeChoice, today: string): RangeChoice {
  if (range.preset !== null) return range;
  for (const preset of RANGE_PRESETS) {
    const candidate = presetRange(preset, today);
    if (candidate.from === range.from && candidate.to === range.to) return candidate;
  }
  return range;
}
