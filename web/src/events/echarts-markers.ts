/**
 * The ECharts parts that draw events over the time charts — a line at a point in time, a band over
 * a span — registered once beside the bar and line charts of charts/echarts.ts.
 */
import { MarkAreaComponent, MarkLineComponent } from 'echarts/components';
import { use } from 'echarts/core';

use([MarkLineComponent, MarkAreaComponent]);
