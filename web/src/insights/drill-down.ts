import type { VolumeSplit } from '../api';
import { dayOfInstant } from '../format';
import { EMPTY_FILTERS, filtersToSearch } from '../items/item-filters';

/**
 * Links from a chart, a mover or a split row to the items behind it. The items page keeps whole
 * workspace-local days in its URL (it turns them into instants for the API), and every insight
 * bucket is made of whole days, so a bucket's instants map back to its days exactly.
 */

/** Label filters the items page takes, one value each (as in its filter bar). */
export interface DrillFilters {
  channel?: string;
  type?: string;
  /** A topic id, or "none". */
  topic?: string;
  sentiment?: string;
  segment?: string;
}

/** Drill-down filters plus filters Explore does not split by: an item kind, a churn reason, having a score. */
export type ItemDrillFilters = DrillFilters & { kind?: string; churn_reason?: string; has_score?: string };

/**
 * The answers the NPS page counts: every item with a score, whatever its kind (a CSV with a score
 * column imports as inquiries), not only `kind=survey_response`.
 */
export const NPS_ANSWERS = { has_score: 'true' } as const satisfies ItemDrillFilters;

/** The workspace-local days a bucket's instants [from, to) cover; null when they do not parse. */
export function pointDays(point: { from: string; to: string }, timeZone: string): { from: string; to: string } | null {
  const end = new Date(point.to).getTime() - 1; // `to` is exclusive: the last millisecond is in the last day
  const from = dayOfInstant(point.from, timeZone);
  const to = Number.isNaN(end) ? null : dayOfInstant(new Date(end).toISOString(), timeZone);
  return from && to && from <= to ? { from, to } : null;
}

/** `/items?…` for the items of some days (inclusive) that match `filters`. */
export function itemsPath(days: { from: string; to: string }, filters: ItemDrillFilters = {}): string {
  return `/items${filtersToSearch({
    ...EMPTY_FILTERS,
    channel: filters.channel ?? '',
    type: filters.type ?? '',
    topic: filters.topic ?? '',
    sentiment: filters.sentiment ?? '',
    segment: filters.segment ?? '',
    kind: filters.kind ?? '',
    churn_reason: filters.churn_reason ?? '',
    has_score: filters.has_score ?? '',
    from: days.from,
    to: days.to,
  })}`;
}

/** `/items?…` for one chart bucket (its instants, in the workspace's zone) and filters. */
export function pointItemsPath(point: { from: string; to: string }, timeZone: string, filters: ItemDrillFilters = {}): string | null {
  const days = pointDays(point, timeZone);
  return days ? itemsPath(days, filters) : null;
}

/** The line key of the overall line when nothing is split, and of the summed rest past the limit. */
export const ALL_KEY = 'all';
export const OTHER_KEY = '__other__';

/**
 * The item filter that narrows to one line of a split, or null when the items page cannot
 * express it (the summed "other" line, items without a type, sentiment or segment): those drill down
 * to the page's filters alone.
 */
export function lineFilter(by: VolumeSplit | null, key: string): DrillFilters | null {
  if (!by) return key === ALL_KEY ? {} : null;
  if (key === OTHER_KEY) return null;
  switch (by) {
    case 'channel':
      return key ? { channel: key } : null;
    case 'type':
      return key ? { type: key } : null;
    case 'topic':
      return key === '0' ? { topic: 'none' } : /^\d+$/.test(key) ? { topic: key } : null;
    case 'sentiment':
      return key ? { sentiment: key } : null;
    case 'segment':
      return key ? { segment: key } : null;
  }
}

/**
 * The path of a topic's insight page, keeping the days and the rate metric chosen on the page the
 * link is on (`metric`; none: automatic), so the topic's rates are counted against the same number.
 */
export function topicInsightsPath(id: string, days?: { from: string; to: string }, metric?: string | null): string {
  const params = new URLSearchParams();
  if (days) {
    params.set('from', days.from);
    params.set('to', days.to);
  }
  if (metric) params.set('metric', metric);
  const query = params.toString();
  return `/topics/${encodeURIComponent(id)}/insights${query ? `?${query}` : ''}`;
}

/** A topic mover's key as the items page's topic filter ('0' is "no topic"). */
export const topicFilterOf = (key: string): string => (key === '0' ? 'none' : key);
