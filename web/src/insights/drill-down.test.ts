import { describe, expect, it } from 'vitest';
import { filtersFromParams, filtersToQuery } from '../items/item-filters';
import { itemsPath, lineFilter, NPS_ANSWERS, pointDays, pointItemsPath, topicFilterOf, topicInsightsPath } from './drill-down';
import { exploreItemsPath, exploreStateFromParams, lineDrillFilters, volumeQueryOf } from './explore-state';

describe('drill-down links', () => {
  it('turns a bucket’s instants back into the workspace days it covers', () => {
    // 5/8 in Seoul: 5/7 15:00Z ≤ t < 5/8 15:00Z.
    expect(pointDays({ from: '2026-05-07T15:00:00.000Z', to: '2026-05-08T15:00:00.000Z' }, 'Asia/Seoul')).toEqual({ from: '2026-05-08', to: '2026-05-08' });
    // A week, 5/4–5/10.
    expect(pointDays({ from: '2026-05-03T15:00:00.000Z', to: '2026-05-10T15:00:00.000Z' }, 'Asia/Seoul')).toEqual({ from: '2026-05-04', to: '2026-05-10' });
    // Across a daylight-saving change in New York (3/8/2026 is 23 hours long).
    expect(pointDays({ from: '2026-03-08T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' }, 'America/New_York')).toEqual({ from: '2026-03-08', to: '2026-03-08' });
    expect(pointDays({ from: 'nope', to: '2026-03-09T04:00:00.000Z' }, 'Asia/Seoul')).toBeNull();
  });

  it('opens the items page with days it reads back into the same instants', () => {
    const point = { from: '2026-05-07T15:00:00.000Z', to: '2026-05-08T15:00:00.000Z' };
    const path = pointItemsPath(point, 'Asia/Seoul', { topic: '12', channel: 'chat' })!;
    expect(path).toBe('/items?channel=chat&from=2026-05-08&to=2026-05-08&topic=12');
    const query = filtersToQuery(filtersFromParams(new URL(path, 'http://x').searchParams), 'Asia/Seoul');
    expect(query).toEqual({ channel: 'chat', topic: '12', from: point.from, to: point.to });
  });

  it('opens the answers NPS counts — every item with a score, not only survey responses — and keeps the filter in the URL', () => {
    const point = { from: '2026-05-07T15:00:00.000Z', to: '2026-05-08T15:00:00.000Z' };
    const path = pointItemsPath(point, 'Asia/Seoul', NPS_ANSWERS)!;
    expect(path).toBe('/items?from=2026-05-08&to=2026-05-08&has_score=true');
    const filters = filtersFromParams(new URL(path, 'http://x').searchParams);
    expect(filters.kind).toBe('');
    expect(filtersToQuery(filters, 'Asia/Seoul')).toEqual({ has_score: 'true', from: point.from, to: point.to });
    expect(itemsPath({ from: '2026-05-01', to: '2026-05-14' }, { ...NPS_ANSWERS, topic: '7' })).toBe('/items?from=2026-05-01&to=2026-05-14&topic=7&has_score=true');
  });

  it('narrows to a split line where the items page can, and says so where it cannot', () => {
    expect(lineFilter('channel', 'chat')).toEqual({ channel: 'chat' });
    expect(lineFilter('topic', '0')).toEqual({ topic: 'none' });
    expect(lineFilter('topic', '42')).toEqual({ topic: '42' });
    expect(lineFilter('type', 'bug')).toEqual({ type: 'bug' });
    expect(lineFilter('type', '')).toBeNull();
    expect(lineFilter('sentiment', '')).toBeNull();
    expect(lineFilter('segment', 'VIP')).toEqual({ segment: 'VIP' });
    expect(lineFilter('segment', '')).toBeNull();
    expect(itemsPath({ from: '2026-05-01', to: '2026-05-01' }, { segment: '신규' })).toBe(`/items?from=2026-05-01&to=2026-05-01&segment=${encodeURIComponent('신규')}`);
    expect(lineFilter('channel', '__other__')).toBeNull();
    expect(lineFilter(null, 'all')).toEqual({});
    expect(topicFilterOf('0')).toBe('none');
    expect(itemsPath({ from: '2026-05-01', to: '2026-05-28' }, { topic: topicFilterOf('7') })).toBe('/items?from=2026-05-01&to=2026-05-28&topic=7');
  });

  it('keeps Explore’s state in the URL and carries its filters to the items page', () => {
    const state = exploreStateFromParams(new URLSearchParams('range=7&channel=chat&topic=5&by=sentiment&granularity=week&chart=stacked&type='), '2026-05-15');
    expect(state).toMatchObject({ range: { preset: 7, from: '2026-05-08', to: '2026-05-14' }, by: 'sentiment', granularity: 'week', chart: 'stacked' });
    expect(volumeQueryOf(state)).toEqual({ from: '2026-05-08', to: '2026-05-14', granularity: 'week', by: 'sentiment', channel: 'chat', topic: '5' });
    expect(exploreItemsPath(state)).toBe('/items?channel=chat&from=2026-05-08&to=2026-05-14&topic=5');
    // A click on the "negative" line adds that sentiment; on "no sentiment" it keeps the page's filters only.
    expect(lineDrillFilters(state, 'negative')).toEqual({ channel: 'chat', type: '', topic: '5', sentiment: 'negative', segment: '' });
    expect(lineDrillFilters(state, '')).toEqual({ channel: 'chat', type: '', topic: '5', sentiment: '', segment: '' });
    const bySegment = exploreStateFromParams(new URLSearchParams('segment=VIP&by=segment'), '2026-05-15');
    expect(volumeQueryOf(bySegment)).toMatchObject({ by: 'segment', segment: 'VIP' });
    const defaults = exploreStateFromParams(new URLSearchParams('by=nonsense&topic=<script>&chart=pie'), '2026-05-15');
    expect(defaults).toMatchObject({ by: null, chart: 'line', granularity: undefined, filters: { topic: '' }, range: { preset: 28 } });
  });

  it('links to a topic’s page with the days and the rate metric of the page the link is on', () => {
    expect(topicInsightsPath('12', { from: '2026-05-08', to: '2026-05-14' }, '방문자수')).toBe(
      `/topics/12/insights?from=2026-05-08&to=2026-05-14&metric=${encodeURIComponent('방문자수')}`,
    );
    expect(new URL(topicInsightsPath('12', { from: '2026-05-08', to: '2026-05-14' }, '방문자수'), 'http://x').searchParams.get('metric')).toBe('방문자수');
    // Automatic stays automatic: no metric in the link.
    expect(topicInsightsPath('12', { from: '2026-05-08', to: '2026-05-14' }, null)).toBe('/topics/12/insights?from=2026-05-08&to=2026-05-14');
    expect(topicInsightsPath('12')).toBe('/topics/12/insights');
  });
});
