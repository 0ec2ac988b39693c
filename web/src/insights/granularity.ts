import type { Granularity, SeriesPoint } from '../api';

/**
 * The bucket size of a series whose answer does not name it (the topic detail): a month's
 * period is "YYYY-MM"; days apart tell a week from a day.
 */
export function inferGranularity(points: readonly Pick<SeriesPoint, 'period'>[]): Granularity {
  const first = points[0]?.period ?? '';
  if (/^\d{4}-\d{2}$/.test(first)) return 'month';
  const second = points[1]?.period;
  if (!second) return 'day';
  const apart = (Date.parse(`${second.slice(0, 10)}T00:00:00Z`) - Date.parse(`${first.slice(0, 10)}T00:00:00Z`)) / 86_400_000;
  return apart >= 7 ? 'week' : 'day';
}
