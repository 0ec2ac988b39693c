import type { ChurnInsights, Granularity, NpsPoint, SeriesPoint } from '../api';
import type { BarSeries, ChartOption, LineSeries } from '../charts/echarts';
import { AXIS_TEXT, CHART_FONT, GRID_LINE, RATE_LINE_COLOR, VOLUME_BAR_COLOR, VOLUME_BAR_HOVER } from '../charts/palette';
import { tooltipHtml, type TooltipRow } from '../charts/tooltip';
import { formatDay, formatDayRange, formatDecimal, formatNumber } from '../format';
import type { Translate } from '../i18n';
import { formatRate, formatRateNumber, rateUnit, type RateBasis } from './changes';
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

const AXIS_BASE = {
  axisLine: { lineStyle: { color: GRID_LINE } },
  axisTick: { show: false },
  axisLabel: { color: AXIS_TEXT, fontSize: 11, hideOverlap: true },
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
}

/** Items as bars, the contact rate as a line on a second axis; a click anywhere in a column drills down. */
export function overviewChartOption({ points, granularity, timeZone, locale, t, rate }: OverviewChartInput): ChartOption {
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
    grid: { left: 8, right: 8, top: 40, bottom: 4 },
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
    series,
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
}

/** Most lines a tooltip lists; the rest are summed in one row. */
const TOOLTIP_LINES = 10;

/** One line (or stacked bar) per split value over time; the tooltip lists the column's values, largest first. */
export function volumeChartOption({ lines, periods, granularity, mode, timeZone, locale, t }: VolumeChartInput): ChartOption {
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
    grid: { left: 8, right: 12, top: 28, bottom: 4 },
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
    series,
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
export function npsChartOption({ points, granularity, timeZone, locale, t }: { points: readonly NpsPoint[]; granularity: Granularity; timeZone: string; locale: string; t: Translate }): ChartOption {
  const labels = periodLabels(points, granularity, timeZone, locale);
  const lower = points.map((p) => (p.interval ? p.interval.lower : null));
  const width = points.map((p) => (p.interval ? p.interval.upper - p.interval.lower : null));
  return {
    animationDuration: 300,
    textStyle: { fontFamily: CHART_FONT },
    grid: { left: 8, right: 8, top: 24, bottom: 4, containLabel: true },
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = indexOf(params);
        const p = points[i];
        if (!p) return '';
        const rows: TooltipRow[] = [
          { color: NPS_LINE_COLOR, label: 'NPS', value: p.nps === null ? '—' : formatDecimal(p.nps, locale, 1) },
          { label: t('nps.chart.interval'), value: p.interval ? `${formatDecimal(p.interval.lower, locale, 0)} ~ ${formatDecimal(p.interval.upper, locale, 0)}` : '—' },
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
    grid: { left: 8, right: 8, top: 24, bottom: 4, containLabel: true },
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
