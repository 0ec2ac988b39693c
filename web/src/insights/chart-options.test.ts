import { describe, expect, it } from 'vitest';
import type { NpsPoint, SeriesPoint } from '../api';
import type { ChartEvent } from '../events/events-api';
import { translate } from '../i18n';
import { AXIS_LABEL_MAX_WIDTH, chartHitHandler, churnChartOption, EVENT_AREAS_SERIES, GRID_FITS_LABELS, EVENT_LINES_SERIES, eventAtHit, eventTooltipHtml, npsChartOption, overviewChartOption, volumeChartOption } from './chart-options';

const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('ko', key, vars);

const point = (period: string, nps: number | null, lower: number, upper: number): NpsPoint => ({
  period,
  from: `${period}T00:00:00+09:00`,
  to: `${period}T23:59:59+09:00`,
  n: nps === null ? 0 : 10,
  nps,
  interval: nps === null ? null : { lower, upper, confidence: 0.95 },
  promoters: 0,
  detractors: 0,
});

describe('npsChartOption', () => {
  it('draws the interval as the lower bound plus the width, stacked across signs, with gaps where nobody answered', () => {
    const option = npsChartOption({ points: [point('2026-11-02', 10, -30, 50), point('2026-11-09', null, 0, 0)], granularity: 'week', timeZone: 'Asia/Seoul', locale: 'ko-KR', t });
    const series = option.series as { data: (number | null)[]; stackStrategy?: string }[];
    expect(series[0].data).toEqual([-30, null]);
    expect(series[1].data).toEqual([80, null]);
    expect(series[0].stackStrategy).toBe('all');
    expect(series[1].stackStrategy).toBe('all');
    expect(series[2].data).toEqual([10, null]);
  });
});

describe('churnChartOption', () => {
  it('stacks controllable, involuntary and unknown per bucket', () => {
    const option = churnChartOption({ series: [{ period: '2026-11-07', from: '2026-11-06T15:00:00.000Z', to: '2026-11-07T15:00:00.000Z', controllable: 2, involuntary: 1, unknown: 3 }], granularity: 'day', locale: 'ko-KR', t });
    const series = option.series as { name: string; stack: string; data: number[] }[];
    expect(series.map((s) => [s.name, s.stack, s.data[0]])).toEqual([
      ['통제 가능', 'churn', 2],
      ['불가피', 'churn', 1],
      ['미상', 'churn', 3],
    ]);
  });
});

describe('event markers', () => {
  // Four days of 2026-11 in Seoul (each [local midnight, next local midnight)), as GET /insights/volume answers them.
  const day = (d: number): SeriesPoint => ({
    period: `2026-11-0${d}`,
    from: new Date(Date.UTC(2026, 10, d - 1, 15)).toISOString(),
    to: new Date(Date.UTC(2026, 10, d, 15)).toISOString(),
    items: 10 * d,
    rate: null,
  });
  const points = [day(2), day(3), day(4), day(5)];
  const event = (id: string, overrides: Partial<ChartEvent>): ChartEvent => ({
    id,
    kind: 'incident',
    title: '로그인 장애',
    note: null,
    starts_at: '2026-11-03T09:40:00+09:00',
    ends_at: null,
    all_day: false,
    start_day: '2026-11-03',
    end_day: '2026-11-03',
    created_by: 'operator@sori.test',
    ...overrides,
  });
  const hostile = '<img src=x onerror=alert(1)>배포';
  const events = [
    event('1', {}),
    // All day, 11/4–5: the midnight after its last day ends it.
    event('2', { kind: 'campaign', title: '블랙프라이데이', starts_at: '2026-11-03T15:00:00.000Z', ends_at: '2026-11-05T15:00:00.000Z', all_day: true, start_day: '2026-11-04', end_day: '2026-11-05' }),
    // Before and after the chart's days: not drawn.
    event('3', { title: '지난달 장애', starts_at: '2026-10-20T10:00:00+09:00', start_day: '2026-10-20', end_day: '2026-10-20' }),
    event('4', { title: '다음 주 배포', starts_at: '2026-11-06T00:00:00+09:00', start_day: '2026-11-06', end_day: '2026-11-06' }),
    // Began before the range and still running on its second day: a band from the first bucket.
    event('5', { kind: 'policy', title: '쿠폰 정책 변경', starts_at: '2026-10-28T10:00:00+09:00', ends_at: '2026-11-03T22:00:00+09:00', start_day: '2026-10-28', end_day: '2026-11-03' }),
    event('6', { kind: 'release', title: hostile, note: '<script>alert(1)</script> 핫픽스', starts_at: '2026-11-05T23:59:00+09:00', start_day: '2026-11-05', end_day: '2026-11-05' }),
  ];
  type Marked = { id?: string; markLine?: { data: { name: string; xAxis: number }[]; tooltip: { formatter: (p: unknown) => string } }; markArea?: { data: [{ name: string; xAxis: number }, { xAxis: number }][]; tooltip: { formatter: (p: unknown) => string } } };

  it('marks only the events inside the periods: a line for one bucket, a band for more', () => {
    const option = overviewChartOption({ points, granularity: 'day', timeZone: 'Asia/Seoul', locale: 'ko-KR', t, rate: null, events });
    const series = option.series as Marked[];
    expect(series).toHaveLength(3);
    const lines = series.find((s) => s.id === EVENT_LINES_SERIES)!.markLine!.data;
    const areas = series.find((s) => s.id === EVENT_AREAS_SERIES)!.markArea!.data;
    expect(lines.map((l) => [l.name, l.xAxis])).toEqual([['1', 1], ['6', 3]]);
    expect(areas.map(([a, b]) => [a.name, a.xAxis, b.xAxis])).toEqual([['2', 2, 3], ['5', 0, 1]]);
    // No events in range, no marker series at all.
    expect((overviewChartOption({ points, granularity: 'day', timeZone: 'Asia/Seoul', locale: 'ko-KR', t, rate: null, events: events.slice(2, 4) }).series as Marked[]).length).toBe(1);
  });

  it('puts an event in its week on a weekly chart, and finds the event a click on a marker landed on', () => {
    const weekly: SeriesPoint[] = [{ period: '2026-11-02', from: day(2).from, to: new Date(Date.UTC(2026, 10, 8, 15)).toISOString(), items: 70, rate: null }];
    const option = volumeChartOption({ lines: [{ key: 'chat', name: '채팅', color: '#3451d1', points: weekly }], periods: weekly, granularity: 'week', mode: 'line', timeZone: 'Asia/Seoul', locale: 'ko-KR', t, events });
    const series = option.series as Marked[];
    // Every event of 11/2–8 is within the one bucket (11/6 too): a line each; the policy change began before it.
    expect(series[1]!.markLine!.data.map((l) => l.name)).toEqual(['1', '2', '4', '5', '6']);
    expect(eventAtHit(option, { seriesIndex: 1, dataIndex: 4 }, events)?.title).toBe(hostile);
    expect(eventAtHit(option, { seriesIndex: 0, dataIndex: 0 }, events)).toBeNull();
    expect(eventAtHit(option, { seriesIndex: null, dataIndex: 0 }, events)).toBeNull();
  });

  it('sends a click on a marker to its event and any other click to the point under it (chartHitHandler)', () => {
    const weekly: SeriesPoint[] = [{ period: '2026-11-02', from: day(2).from, to: new Date(Date.UTC(2026, 10, 8, 15)).toISOString(), items: 70, rate: null }];
    const option = volumeChartOption({ lines: [{ key: 'chat', name: '채팅', color: '#3451d1', points: weekly }], periods: weekly, granularity: 'week', mode: 'line', timeZone: 'Asia/Seoul', locale: 'ko-KR', t, events });
    const seen: string[] = [];
    const onHit = chartHitHandler(option, events, (event) => seen.push(`event:${event.title}`), (hit) => seen.push(`point:${hit.seriesIndex}/${hit.dataIndex}`));
    onHit({ seriesIndex: 1, dataIndex: 4 });
    onHit({ seriesIndex: 0, dataIndex: 0 });
    onHit({ seriesIndex: null, dataIndex: 0 });
    expect(seen).toEqual([`event:${hostile}`, 'point:0/0', 'point:null/0']);
  });

  it('marks events on the NPS trend as on the other charts, after its band and line', () => {
    const nps = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'].map((day) => point(day, 10, -30, 50));
    const option = npsChartOption({ points: nps, granularity: 'day', timeZone: 'Asia/Seoul', locale: 'ko-KR', t, events });
    const series = option.series as Marked[];
    expect(series).toHaveLength(5);
    expect(series.find((s) => s.id === EVENT_LINES_SERIES)!.markLine!.data.map((l) => [l.name, l.xAxis])).toEqual([['1', 1], ['6', 3]]);
    expect(eventAtHit(option, { seriesIndex: 3, dataIndex: 0 }, events)?.title).toBe('로그인 장애');
    expect((npsChartOption({ points: nps, granularity: 'day', timeZone: 'Asia/Seoul', locale: 'ko-KR', t }).series as Marked[]).length).toBe(3);
  });

  it('escapes what users typed in a marker tooltip', () => {
    const option = overviewChartOption({ points, granularity: 'day', timeZone: 'Asia/Seoul', locale: 'ko-KR', t, rate: null, events });
    const lines = (option.series as Marked[]).find((s) => s.id === EVENT_LINES_SERIES)!.markLine!;
    const html = lines.tooltip.formatter({ name: '6' });
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;배포');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 핫픽스');
    expect(html).toContain('배포');
    expect(html).not.toMatch(/<img|<script/);
    expect(eventTooltipHtml(events[1]!, 'ko-KR', t)).toContain('프로모션');
  });
});

describe('axis labels are never cut at the chart’s edge (brief h6)', () => {
  const weekPoint = (from: string, to: string): SeriesPoint => ({ period: from, from: `${from}T00:00:00+09:00`, to: `${to}T23:59:59+09:00`, items: 3, rate: null });
  // A range cut mid-week: the first and last buckets are partial ("11월 8일 (1일)"), the longest labels.
  const weeks = [weekPoint('2026-11-08', '2026-11-08'), weekPoint('2026-11-09', '2026-11-15'), weekPoint('2026-11-16', '2026-11-18')];
  const options = {
    overview: overviewChartOption({ points: weeks, granularity: 'week', timeZone: 'Asia/Seoul', locale: 'ko-KR', t, rate: { metric: 'orders', per: 100 } }),
    volumeLines: volumeChartOption({ lines: [{ key: '1', name: '배송 지연 및 오배송 관련 문의가 아주 긴 토픽 이름', color: '#000', points: weeks }], periods: weeks, granularity: 'week', mode: 'line', timeZone: 'Asia/Seoul', locale: 'ko-KR', t }),
    volumeStacked: volumeChartOption({ lines: [{ key: '1', name: '배송', color: '#000', points: weeks }], periods: weeks, granularity: 'week', mode: 'stacked', timeZone: 'Asia/Seoul', locale: 'ko-KR', t }),
    nps: npsChartOption({ points: [point('2026-11-02', -0.3, -40.6, 39.2), point('2026-11-03', 12.5, 1, 24)], granularity: 'day', timeZone: 'Asia/Seoul', locale: 'ko-KR', t }),
    churn: churnChartOption({ series: [{ period: '2026-11', from: '2026-10-31T15:00:00.000Z', to: '2026-11-30T15:00:00.000Z', controllable: 2, involuntary: 1, unknown: 3 }], granularity: 'month', locale: 'en-US', t }),
  };
  type Axis = { type: string; data: string[]; axisLabel: { hideOverlap?: boolean; width?: number; overflow?: string; ellipsis?: string } };

  it('keeps every chart’s labels inside its grid (ECharts 6 outerBounds, what containLabel was)', () => {
    expect(GRID_FITS_LABELS).toEqual({ outerBoundsMode: 'same', outerBoundsContain: 'all' });
    for (const [name, option] of Object.entries(options)) {
      const grid = option.grid as Record<string, unknown>;
      expect(grid, name).toMatchObject(GRID_FITS_LABELS);
      // Not the deprecated switch, which ECharts 6 reads as a different, looser bound.
      expect(grid.containLabel, name).toBeUndefined();
    }
  });

  it('leaves out overlapping date labels and cuts a long one to a width with an ellipsis, on every chart', () => {
    for (const [name, option] of Object.entries(options)) {
      const axis = option.xAxis as Axis;
      expect(axis.type, name).toBe('category');
      expect(axis.axisLabel, name).toMatchObject({ hideOverlap: true, width: AXIS_LABEL_MAX_WIDTH, overflow: 'truncate', ellipsis: '…' });
    }
    // The partial weeks are the long labels; the tooltip's title names the whole period.
    expect((options.overview.xAxis as Axis).data).toEqual(['11월 8일 (1일)', '11월 9일', '11월 16일 (3일)']);
    const tooltip = options.overview.tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter([{ dataIndex: 2 }])).toContain('11월 16일~18일');
  });

  it('names a long topic whole in the tooltip, escaped, however the axis cuts', () => {
    const tooltip = options.volumeLines.tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter([{ dataIndex: 1 }])).toContain('배송 지연 및 오배송 관련 문의가 아주 긴 토픽 이름');
  });

  it('writes NPS in whole points in the trend’s tooltip, never "-0"', () => {
    const tooltip = options.nps.tooltip as { formatter: (p: unknown) => string };
    const first = tooltip.formatter([{ dataIndex: 0 }]);
    expect(first).toContain('NPS</span><span class="tt-value">0</span>');
    expect(first).toContain('-41 ~ 39');
    expect(first).not.toContain('-0');
    expect(tooltip.formatter([{ dataIndex: 1 }])).toContain('NPS</span><span class="tt-value">13</span>');
  });
});
