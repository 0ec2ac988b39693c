import type { ChurnInsights, Granularity, NpsPoint, SeriesPoint } from '../api';
import type { BarSeries, ChartOption, LineSeries } from '../charts/echarts';
import { AXIS_TEXT, CHART_FONT, GRID_LINE, RATE_LINE_COLOR, VOLUME_BAR_COLOR, VOLUME_BAR_HOVER } from '../charts/palette';
import { tooltipHtml, type TooltipRow } from '../charts/tooltip';
import { formatDay, formatDayRange, formatNumber } from '../format';
import type { Translate } from '../i18n';
import type { ChartHit } from '../charts/echart';
import '../events/echarts-markers';
import { EVENT_KIND_COLORS, withAlpha } from '../events/event-kinds';
import type { ChartEvent } from '../events/events-api';
import { formatNps, formatRate, formatRateNumber, rateUnit, type RateBasis } from './changes';
import { pointDays } from './drill-down';

/**
 * ECharts options for the insight pages, built from API series. Pure: labels come in already
 * translated, days are read in the workspace's time zone, and every tooltip goes through
 * `tooltipHtml`, which escapes what users typed (topic names).
 */

export interface PeriodLabels {
  /** Short axis labels: "11월 7일", "Nov 7", "2026년 11월". */
  axis: string[];
  /** Tooltip titles: the bucket's exact days ("11월 3일~9일"), a day with its weekday. */
  title: string[];
}

/** Labels for a series' buckets, from their instants in `timeZone` (a first or last week may be partial). */
export function periodLabels(points: readonly Pick<SeriesPoint, 'period' | 'from' | 'to'>[], granularity: Granularity, timeZone: string, locale: string): PeriodLabels {
  const axis: string[] = [];
  const title: string[] = [];
  for (const point of points) {
    const days = pointDays(point, timeZone) ?? { from: point.period, to: point.period };
    const label = granularity === 'month' ? formatDay(point.period, locale, 'month') : formatDay(days.from, locale, 'short');
    // A first or last week (or month) cut by the range holds fewer days: its bar or point is lower
    // for that alone, and the axis says so ("11월 8일 (1일)") — lines seemed to climb from near zero.
    const held = daysBetween(days.from, days.to) + 1;
    const whole = granularity === 'week' ? 7 : granularity === 'month' ? daysInMonth(point.period) : 1;
    axis.push(held < whole ? `${label} (${locale.startsWith('ko') ? `${held}일` : `${held} d`})` : label);
    title.push(days.from === days.to ? formatDay(days.from, locale, 'weekday') : formatDayRange(days.from, days.to, locale, 'short'));
  }
  return { axis, title };
}

/** Whole days from one `YYYY-MM-DD` to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Days in the month of a period (`YYYY-MM` or `YYYY-MM-DD`). */
function daysInMonth(period: string): number {
  const [year, month] = period.split('-').map(Number);
  return new Date(Date.UTC(year!, month!, 0)).getUTCDate();
}

/**
 * How every chart's grid holds its labels (ECharts 6's outerBounds, what `containLabel` was): the
 * plot shrinks until its axis labels and names fit inside the grid's box, so the first and last
 * date of a line chart (centred on the plot's edge) are never cut at the chart's edge.
 */
export const GRID_FITS_LABELS = { outerBoundsMode: 'same', outerBoundsContain: 'all' } as const;

/** The widest a category label is drawn, in px; a longer one ends in "…" and the tooltip's title has it whole. */
export const AXIS_LABEL_MAX_WIDTH = 110;

/**
 * The category (time) axis of every chart: labels that would overlap are left out (ECharts picks
 * the interval), a long one ("11월 8일 (1일)", a month in English) is cut to a width, never into the next.
 */
const AXIS_BASE = {
  axisLine: { lineStyle: { color: GRID_LINE } },
  axisTick: { show: false },
  axisLabel: { color: AXIS_TEXT, fontSize: 11, hideOverlap: true, width: AXIS_LABEL_MAX_WIDTH, overflow: 'truncate', ellipsis: '…' },
} as const;

const VALUE_AXIS_BASE = {
  nameTextStyle: { color: AXIS_TEXT, fontSize: 11, align: 'left' as const },
  axisLabel: { color: AXIS_TEXT, fontSize: 11 },
  splitLine: { lineStyle: { color: GRID_LINE } },
};

const TOOLTIP_BASE = {
  confine: true,
  backgroundColor: '#ffffff',
  borderColor: '#e4e7ec',
  borderWidth: 1,
  padding: [8, 10],
  textStyle: { color: '#1d2433', fontSize: 12.5, fontFamily: CHART_FONT },
  extraCssText: 'box-shadow: 0 4px 16px rgba(16,24,40,0.12); border-radius: 8px;',
};

/** The dataIndex of the first entry of an axis tooltip's params. */
function indexOf(params: unknown): number {
  const first = Array.isArray(params) ? params[0] : params;
  const index = (first as { dataIndex?: unknown } | undefined)?.dataIndex;
  return typeof index === 'number' ? index : -1;
}

export interface OverviewChartInput {
  points: readonly SeriesPoint[];
  granularity: Granularity;
  timeZone: string;
  locale: string;
  t: Translate;
  /** The contact rate's metric, or null when the workspace has no business numbers. */
  rate: RateBasis | null;
  /** Events to mark (incidents, releases, campaigns): those inside the periods are drawn. */
  events?: readonly ChartEvent[];
}

/** Items as bars, the contact rate as a line on a second axis; a click anywhere in a column drills down. */
export function overviewChartOption({ points, granularity, timeZone, locale, t, rate, events = [] }: OverviewChartInput): ChartOption {
  const labels = periodLabels(points, granularity, timeZone, locale);
  const itemsName = t('overview.chart.items');
  const rateName = t('overview.chart.rate');
  const series: (BarSeries | LineSeries)[] = [
    {
      type: 'bar',
      name: itemsName,
      data: points.map((p) => p.items),
      yAxisIndex: 0,
      barMaxWidth: 36,
      cursor: 'pointer',
      itemStyle: { color: VOLUME_BAR_COLOR, borderRadius: [3, 3, 0, 0] },
      emphasis: { itemStyle: { color: VOLUME_BAR_HOVER } },
    },
  ];
  if (rate) {
    series.push({
      type: 'line',
      name: rateName,
      data: points.map((p) => p.rate),
      yAxisIndex: 1,
      cursor: 'pointer',
      symbol: 'circle',
      symbolSize: points.length > 45 ? 0 : 6,
      showSymbol: points.length <= 45,
      lineStyle: { color: RATE_LINE_COLOR, width: 2 },
      itemStyle: { color: RATE_LINE_COLOR },
      connectNulls: false,
      z: 3,
    });
  }
  return {
    animationDuration: 300,
    textStyle: { fontFamily: CHART_FONT },
    grid: { left: 8, right: 8, top: 40, bottom: 4, ...GRID_FITS_LABELS },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'axis',
      axisPointer: { type: 'shadow', shadowStyle: { color: 'rgba(52, 81, 209, 0.06)' } },
      formatter: (params: unknown) => {
        const i = indexOf(params);
        const point = points[i];
        if (!point) return '';
        const rows: TooltipRow[] = [{ color: VOLUME_BAR_HOVER, label: itemsName, value: t('chart.itemsValue', { count: formatNumber(point.items, locale) }) }];
        if (rate) {
          rows.push({
            color: RATE_LINE_COLOR,
            label: rateName,
            value: point.rate === null ? t('overview.rateMissing') : formatRate(point.rate, rate.metric, rate.per, locale, t, rate.aggregation, rate.metric_unit),
          });
        }
        return tooltipHtml(labels.title[i], rows, t('chart.clickHint'));
      },
    },
    xAxis: { type: 'category', data: labels.axis, ...AXIS_BASE },
    yAxis: [
      { type: 'value', name: itemsName, minInterval: 1, ...VALUE_AXIS_BASE },
      {
        type: 'value',
        name: rate ? rateUnit(rate.metric, rate.per, locale, t, rate.aggregation, rate.metric_unit) : '',
        show: !!rate,
        ...VALUE_AXIS_BASE,
        nameTextStyle: { ...VALUE_AXIS_BASE.nameTextStyle, align: 'right' },
        axisLabel: { ...VALUE_AXIS_BASE.axisLabel, formatter: (v: number) => formatRateNumber(v, locale) },
        splitLine: { show: false },
      },
    ],
    series: [...series, ...eventMarkerSeries(events, points, locale, t)],
  };
}

export interface VolumeChartLine {
  key: string;
  name: string;
  color: string;
  points: readonly SeriesPoint[];
}

export interface VolumeChartInput {
  lines: readonly VolumeChartLine[];
  /** The periods of every line (all lines share them). */
  periods: readonly SeriesPoint[];
  granularity: Granularity;
  mode: 'line' | 'stacked';
  timeZone: string;
  locale: string;
  t: Translate;
  /** Events to mark (incidents, releases, campaigns): those inside the periods are drawn. */
  events?: readonly ChartEvent[];
}

/** Most lines a tooltip lists; the rest are summed in one row. */
const TOOLTIP_LINES = 10;

/** One line (or stacked bar) per split value over time; the tooltip lists the column's values, largest first. */
export function volumeChartOption({ lines, periods, granularity, mode, timeZone, locale, t, events = [] }: VolumeChartInput): ChartOption {
  const labels = periodLabels(periods, granularity, timeZone, locale);
  const count = (n: number) => t('chart.itemsValue', { count: formatNumber(n, locale) });
  // Points on every line only while they stay readable; the hovered column shows them anyway.
  const dense = periods.length > 45 || lines.length > 4;
  const series = lines.map((line): BarSeries | LineSeries =>
    mode === 'stacked'
      ? {
          type: 'bar',
          name: line.name,
          stack: 'total',
          data: line.points.map((p) => p.items),
          cursor: 'pointer',
          barMaxWidth: 36,
          itemStyle: { color: line.color },
          emphasis: { focus: 'series' },
        }
      : {
          type: 'line',
          name: line.name,
          data: line.points.map((p) => p.items),
          cursor: 'pointer',
          symbol: 'circle',
          symbolSize: dense ? 5 : 6,
          showSymbol: !dense,
          lineStyle: { color: line.color, width: 2 },
          itemStyle: { color: line.color },
          emphasis: { focus: 'series' },
          triggerLineEvent: true,
        },
  );
  return {
    animationDuration: 300,
    textStyle: { fontFamily: CHART_FONT },
    grid: { left: 8, right: 12, top: 28, bottom: 4, ...GRID_FITS_LABELS },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'axis',
      axisPointer: mode === 'stacked' ? { type: 'shadow', shadowStyle: { color: 'rgba(52, 81, 209, 0.06)' } } : { type: 'line', lineStyle: { color: '#d0d5dd' } },
      formatter: (params: unknown) => {
        const i = indexOf(params);
        if (i < 0 || !periods[i]) return '';
        const values = lines.map((line) => ({ line, items: line.points[i]?.items ?? 0 })).sort((a, b) => b.items - a.items);
        const rows: TooltipRow[] = values.slice(0, TOOLTIP_LINES).map(({ line, items }) => ({ color: line.color, label: line.name, value: count(items) }));
        const rest = values.slice(TOOLTIP_LINES);
        if (rest.length) rows.push({ label: t('chart.moreLines', { count: rest.length }), value: count(rest.reduce((s, v) => s + v.items, 0)) });
        if (lines.length > 1) rows.push({ label: t('chart.total'), value: count(values.reduce((s, v) => s + v.items, 0)), strong: true });
        return tooltipHtml(labels.title[i], rows, t('chart.clickHint'));
      },
    },
    xAxis: { type: 'category', data: labels.axis, boundaryGap: mode === 'stacked', ...AXIS_BASE },
    yAxis: { type: 'value', minInterval: 1, ...VALUE_AXIS_BASE },
    series: [...series, ...eventMarkerSeries(events, periods, locale, t)],
  };
}

export const NPS_LINE_COLOR = '#3451d1';
export const NPS_BAND_COLOR = 'rgba(52, 81, 209, 0.14)';
export const CHURN_COLORS = { controllable: '#e04f16', involuntary: '#7a5af8', unknown: '#98a2b3' } as const;

/**
 * NPS per bucket as a line inside its 95% interval (a band: the lower bound, then the width
 * stacked on it — `stackStrategy: 'all'`, else a negative lower bound stacks apart from the
 * positive width); buckets without answers are gaps.
 */
export function npsChartOption({ points, granularity, timeZone, locale, t, events = [] }: { points: readonly NpsPoint[]; granularity: Granularity; timeZone: string; locale: string; t: Translate; events?: readonly ChartEvent[] }): ChartOption {
  const labels = periodLabels(points, granularity, timeZone, locale);
  const lower = points.map((p) => (p.interval ? p.interval.lower : null));
  const width = points.map((p) => (p.interval ? p.interval.upper - p.interval.lower : null));
  return {
    animationDuration: 300,
    textStyle: { fontFamily: CHART_FONT },
    grid: { left: 8, right: 8, top: 24, bottom: 4, ...GRID_FITS_LABELS },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = indexOf(params);
        const p = points[i];
        if (!p) return '';
        const rows: TooltipRow[] = [
          { color: NPS_LINE_COLOR, label: 'NPS', value: p.nps === null ? '—' : formatNps(p.nps, locale) },
          { label: t('nps.chart.interval'), value: p.interval ? `${formatNps(p.interval.lower, locale)} ~ ${formatNps(p.interval.upper, locale)}` : '—' },
          { label: t('nps.chart.responses'), value: formatNumber(p.n, locale) },
        ];
        return tooltipHtml(labels.title[i], rows);
      },
    },
    xAxis: { type: 'category', data: labels.axis, ...AXIS_BASE },
    yAxis: { type: 'value', min: -100, max: 100, interval: 50, ...VALUE_AXIS_BASE },
    series: [
      { type: 'line', name: 'lower', data: lower, stack: 'band', stackStrategy: 'all', lineStyle: { opacity: 0 }, symbol: 'none', silent: true, connectNulls: false },
      { type: 'line', name: 'band', data: width, stack: 'band', stackStrategy: 'all', lineStyle: { opacity: 0 }, areaStyle: { color: NPS_BAND_COLOR }, symbol: 'none', silent: true, connectNulls: false },
      {
        type: 'line',
        name: 'NPS',
        data: points.map((p) => p.nps),
        cursor: 'pointer',
        symbol: 'circle',
        symbolSize: points.length > 45 ? 0 : 6,
        showSymbol: points.length <= 45,
        lineStyle: { color: NPS_LINE_COLOR, width: 2 },
        itemStyle: { color: NPS_LINE_COLOR },
        connectNulls: false,
        z: 3,
      },
      ...eventMarkerSeries(events, points, locale, t),
    ],
  };
}

/** Cancellation items per bucket, stacked: controllable, involuntary, reason unknown. */
export function churnChartOption({ series, granularity, locale, t }: { series: ChurnInsights['series']; granularity: Granularity; locale: string; t: Translate }): ChartOption {
  const axis = series.map((p) => formatDay(p.period.length === 7 ? `${p.period}-01` : p.period, locale, granularity === 'month' ? 'month' : 'short'));
  const kinds = ['controllable', 'involuntary', 'unknown'] as const;
  const names = { controllable: t('churn.controllable'), involuntary: t('churn.involuntary'), unknown: t('churn.unknown') };
  return {
    animationDuration: 300,
    textStyle: { fontFamily: CHART_FONT },
    grid: { left: 8, right: 8, top: 24, bottom: 4, ...GRID_FITS_LABELS },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'axis',
      axisPointer: { type: 'shadow', shadowStyle: { color: 'rgba(52, 81, 209, 0.06)' } },
      formatter: (params: unknown) => {
        const i = indexOf(params);
        const p = series[i];
        if (!p) return '';
        return tooltipHtml(axis[i], kinds.map((k) => ({ color: CHURN_COLORS[k], label: names[k], value: formatNumber(p[k], locale) })));
      },
    },
    xAxis: { type: 'category', data: axis, ...AXIS_BASE },
    yAxis: { type: 'value', minInterval: 1, ...VALUE_AXIS_BASE },
    series: kinds.map((k) => ({ type: 'bar' as const, name: names[k], stack: 'churn', data: series.map((p) => p[k]), barMaxWidth: 36, itemStyle: { color: CHURN_COLORS[k] } })),
  };
}

/** The ids of the two series that carry event markers (no data of their own: null at every period). */
export const EVENT_LINES_SERIES = 'sori-event-lines';
export const EVENT_AREAS_SERIES = 'sori-event-areas';

/** Where an event falls among a chart's buckets: its first and last bucket, cut to the chart's periods. */
export interface EventPlacement {
  event: ChartEvent;
  first: number;
  last: number;
}

/**
 * The buckets an event covers: from the one holding its start to the one holding its last instant
 * (an all-day event's `ends_at` is the midnight after its last day, so a millisecond before it).
 * Null when it lies wholly outside the periods. Buckets are [from, to) instants.
 */
export function placeEvent(event: ChartEvent, periods: readonly Pick<SeriesPoint, 'from' | 'to'>[]): EventPlacement | null {
  const start = Date.parse(event.starts_at);
  const end = event.ends_at ? Date.parse(event.ends_at) : Number.NaN;
  const lastMs = end > start ? end - 1 : start;
  let first = -1;
  let last = -1;
  periods.forEach((period, i) => {
    const from = Date.parse(period.from);
    const to = Date.parse(period.to);
    if (to > start && from <= lastMs) {
      if (first < 0) first = i;
      last = i;
    }
  });
  return first < 0 ? null : { event, first, last };
}

/** An event's days as a tooltip or list shows them ("11월 3일 (화)", "11월 3일~5일"). */
export function eventDays(event: Pick<ChartEvent, 'start_day' | 'end_day'>, locale: string): string {
  return event.start_day === event.end_day ? formatDay(event.start_day, locale, 'weekday') : formatDayRange(event.start_day, event.end_day, locale, 'short');
}

/** An event's tooltip: its title, kind and days, and its note, every part escaped (tooltipHtml). */
export function eventTooltipHtml(event: ChartEvent, locale: string, t: Translate): string {
  const rows: TooltipRow[] = [{ color: EVENT_KIND_COLORS[event.kind] ?? EVENT_KIND_COLORS.other, label: t(`events.kind.${event.kind}`), value: eventDays(event, locale) }];
  if (event.note) rows.push({ label: truncate(event.note, 160), value: '' });
  return tooltipHtml(event.title, rows, t('events.chartHint'));
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Events as markers over a category axis: a dashed line at the bucket of an event within one bucket,
 * a band from the first to the last bucket of one that spans more; each in its kind's colour with
 * an item tooltip of its own. Events outside the periods are left out; none at all adds no series.
 * Each marker's `name` is its event's id (eventAtHit reads it back from a click).
 */
export function eventMarkerSeries(events: readonly ChartEvent[], periods: readonly Pick<SeriesPoint, 'from' | 'to'>[], locale: string, t: Translate): LineSeries[] {
  const placed = events.map((event) => placeEvent(event, periods)).filter((p): p is EventPlacement => p !== null);
  if (!placed.length) return [];
  const byId = new Map(placed.map((p) => [p.event.id, p.event]));
  const tooltip = {
    ...TOOLTIP_BASE,
    trigger: 'item' as const,
    formatter: (params: unknown) => {
      const name = (params as { name?: unknown } | undefined)?.name;
      const event = typeof name === 'string' ? byId.get(name) : undefined;
      return event ? eventTooltipHtml(event, locale, t) : '';
    },
  };
  const empty = periods.map(() => null);
  const points = placed.filter((p) => p.first === p.last);
  const spans = placed.filter((p) => p.first !== p.last);
  const colorOf = (event: ChartEvent) => EVENT_KIND_COLORS[event.kind] ?? EVENT_KIND_COLORS.other;
  const out: LineSeries[] = [];
  if (points.length) {
    out.push({
      type: 'line',
      id: EVENT_LINES_SERIES,
      name: EVENT_LINES_SERIES,
      data: empty,
      symbol: 'none',
      tooltip,
      markLine: {
        symbol: ['none', 'circle'],
        symbolSize: 7,
        label: { show: false },
        tooltip,
        emphasis: { lineStyle: { width: 3 } },
        data: points.map(({ event, first }) => ({ name: event.id, xAxis: first, lineStyle: { color: colorOf(event), width: 2, type: 'dashed' as const }, itemStyle: { color: colorOf(event) } })),
      },
      z: 4,
    });
  }
  if (spans.length) {
    out.push({
      type: 'line',
      id: EVENT_AREAS_SERIES,
      name: EVENT_AREAS_SERIES,
      data: empty,
      symbol: 'none',
      tooltip,
      markArea: {
        label: { show: false },
        tooltip,
        data: spans.map(({ event, first, last }) => [
          { name: event.id, xAxis: first, itemStyle: { color: withAlpha(colorOf(event), 0.12), borderColor: withAlpha(colorOf(event), 0.5), borderWidth: 1 } },
          { xAxis: last },
        ]),
      },
      z: 1,
    });
  }
  return out;
}

/** The event a chart click landed on (a marker of eventMarkerSeries), or null for any other click. */
export function eventAtHit(option: ChartOption, hit: ChartHit, events: readonly ChartEvent[]): ChartEvent | null {
  if (hit.seriesIndex === null) return null;
  const series = (Array.isArray(option.series) ? option.series : [option.series])[hit.seriesIndex] as LineSeries | undefined;
  if (!series || (series.id !== EVENT_LINES_SERIES && series.id !== EVENT_AREAS_SERIES)) return null;
  const markers = series.id === EVENT_LINES_SERIES ? series.markLine?.data : series.markArea?.data;
  const marker = markers?.[hit.dataIndex] as { name?: unknown } | { name?: unknown }[] | undefined;
  const name = Array.isArray(marker) ? marker[0]?.name : marker?.name;
  return events.find((event) => event.id === name) ?? null;
}

/** One onHit for a chart with event markers: a click on a marker opens its event, any other click the point under it. */
export function chartHitHandler(option: ChartOption, events: readonly ChartEvent[], onEvent: (event: ChartEvent) => void, onPoint: (hit: ChartHit) => void): (hit: ChartHit) => void {
  return (hit) => {
    const event = eventAtHit(option, hit, events);
    if (event) onEvent(event);
    else onPoint(hit);
  };
}
