import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../format';
import { translate, type Translate } from '../i18n';
import { volumeChartOption } from '../insights/chart-options';
import { tooltipHtml } from './tooltip';

const XSS = '<img src=x onerror="alert(1)">로그인 & \'결제\' `오류`';

describe('chart tooltips', () => {
  it('escapes every character that could open markup or an attribute', () => {
    expect(escapeHtml(XSS)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;로그인 &amp; &#39;결제&#39; &#96;오류&#96;');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(42)).toBe('42');
  });

  it('builds tooltips from escaped text and drops colours that are not plain hex', () => {
    const html = tooltipHtml(XSS, [
      { color: '#3451d1', label: XSS, value: '12건' },
      { color: 'red;background:url(javascript:alert(1))', label: 'x', value: XSS },
    ], XSS);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('background:#3451d1');
    expect(html.match(/&lt;img/g)).toHaveLength(4); // title, label, value, footer
  });

  it('escapes topic names in the Explore chart’s tooltip', () => {
    const t: Translate = (key, vars) => translate('ko', key, vars);
    const point = { period: '2026-05-08', from: '2026-05-07T15:00:00.000Z', to: '2026-05-08T15:00:00.000Z', items: 3, rate: null };
    const option = volumeChartOption({
      lines: [{ key: '7', name: XSS, color: '#3451d1', points: [point] }],
      periods: [point],
      granularity: 'day',
      mode: 'line',
      timeZone: 'Asia/Seoul',
      locale: 'ko-KR',
      t,
    });
    const formatter = (option.tooltip as { formatter: (params: unknown) => string }).formatter;
    const html = formatter([{ dataIndex: 0 }]);
    expect(html).toContain('5월 8일 (금)');
    expect(html).toContain('&lt;img src=x');
    expect(html).not.toContain('<img');
    expect(html).toContain('3건');
  });
});
