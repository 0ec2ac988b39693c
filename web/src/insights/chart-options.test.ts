import { describe, expect, it } from 'vitest';
import type { NpsPoint } from '../api';
import { translate } from '../i18n';
import { churnChartOption, npsChartOption } from './chart-options';

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
