import type { Granularity, SeriesPoint } from '../api';

/**
 * The bucket size of a series whose answer does not name it: a month's period is "YYYY-MM" or,
 * as the server writes it, its first day "YYYY-MM-01" with the next month's 28 or more days on;
 * otherwise days apart tell a week from a day.
 */
export function inferGranularity(points: readonly Pick<SeriesPoint, 'period'>[]): Granularity {
  const first = points[0]?.period ?? '';
  if (/^\d{4}-\d{2}$/.test(first)) return 'month';
  const second = points[1]?.period;
  if (!second) return 'day';
  const apart = (Date.parse(`${second.slice(0, 10)}T00:00:00Z`) - Date.parse(`${first.slice(0, 10)}T00:00:00Z`)) / 86_400_000;
  // A month's bucket starts on its 1st even when the range starts later (the server keys the
  // period, not the clipped days), so the second bucket is always a 1st, 28+ days on.
  if (apart >= 28 && /^\d{4}-\d{2}-01$/.test(first) && /^\d{4}-\d{2}-01$/.test(second)) return 'month';
  return apart >= 7 ? 'week' : 'day';
}
