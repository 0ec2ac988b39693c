/**
 * The parts of Apache ECharts the dashboard uses, registered once: bar and line charts on a
 * grid with a tooltip, drawn on canvas. Importing `echarts/core` (not `echarts`) keeps the rest
 * of the library out of the bundle; only the lazily loaded chart pages import this module.
 */
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption>;
export type BarSeries = BarSeriesOption;
export type LineSeries = LineSeriesOption;
export { init, type EChartsType };
