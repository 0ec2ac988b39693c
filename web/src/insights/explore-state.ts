import type { Granularity, VolumeQuery, VolumeSplit } from '../api';
import { itemsPath, lineFilter, type DrillFilters } from './drill-down';
import { granularityParam, rangeFromParams, type RangeChoice } from './range';
import { rateMetricParam } from './rate-metric';

/**
 * The Explore page's state, all of it in the URL: the range, one value per label filter (the
 * items page's parameter names, so a link carries over), the split, granularity, chart style and
 * the metric rates are counted against.
 */
export interface ExploreState {
  range: RangeChoice;
  filters: Required<DrillFilters>;
  by: VolumeSplit | null;
  granularity: Granularity | undefined;
  chart: 'line' | 'stacked';
  /** The business metric of the rates; null: the server's default. */
  metric: string | null;
}

export const SPLITS: readonly VolumeSplit[] = ['channel', 'type', 'topic', 'sentiment', 'segment'];
const FILTER_KEYS = ['channel', 'type', 'topic', 'sentiment', 'segment'] as const;

/** Reads the page's state; unknown values fall back to their defaults. */
export function exploreStateFromParams(params: URLSearchParams, today: string): ExploreState {
  const filters = { channel: '', type: '', topic: '', sentiment: '', segment: '' };
  for (const key of FILTER_KEYS) filters[key] = (params.get(key) ?? '').trim();
  if (filters.topic && filters.topic !== 'none' && !/^\d+$/.test(filters.topic)) filters.topic = '';
  return {
    range: rangeFromParams(params, today),
    filters,
    by: SPLITS.find((s) => s === params.get('by')) ?? null,
    granularity: granularityParam(params.get('granularity')),
    chart: params.get('chart') === 'stacked' ? 'stacked' : 'line',
    metric: rateMetricParam(params.get('metric')),
  };
}

/** The /insights/volume query for a state. */
export function volumeQueryOf(state: ExploreState): VolumeQuery {
  const query: VolumeQuery = { from: state.range.from, to: state.range.to };
  if (state.granularity) query.granularity = state.granularity;
  if (state.by) query.by = state.by;
  for (const key of FILTER_KEYS) if (state.filters[key]) query[key] = state.filters[key];
  if (state.metric) query.metric = state.metric;
  return query;
}

/** The items list with the same range and filters ("이 조건의 항목 보기"). */
export function exploreItemsPath(state: ExploreState): string {
  return itemsPath(state.range, state.filters);
}

/**
 * The filters a click on one line drills down with: the page's filters narrowed to the line's
 * value, or the page's filters alone where the items page cannot select the line exactly.
 */
export function lineDrillFilters(state: Pick<ExploreState, 'filters' | 'by'>, key: string | null): DrillFilters {
  const narrowed = key === null ? null : lineFilter(state.by, key);
  return { ...state.filters, ...(narrowed ?? {}) };
}

/**
 * The legend's rows of a split by topic: each subtopic right under its parent when the parent is a
 * row too (`depth` 1; a parent's count holds its subtopics', so the rows do not add up to the
 * total), the rest in their order. `nested` says whether any subtopic sits under its parent.
 */
export function nestSubtopics<L extends { key: string; source: { parent_key?: string | null } }>(
  lines: readonly L[],
): { rows: { line: L; depth: 0 | 1 }[]; nested: boolean } {
  const keys = new Set(lines.map((l) => l.key));
  const under = (l: L) => !!l.source.parent_key && l.source.parent_key !== l.key && keys.has(l.source.parent_key);
  const rows: { line: L; depth: 0 | 1 }[] = [];
  for (const line of lines) {
    if (under(line)) continue;
    rows.push({ line, depth: 0 });
    for (const child of lines) if (under(child) && child.source.parent_key === line.key) rows.push({ line: child, depth: 1 });
  }
  return { rows, nested: rows.some((r) => r.depth === 1) };
}
