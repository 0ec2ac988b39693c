import { describe, expect, it } from 'vitest';
import { translate, type Locale, type Translate } from '../i18n';
import { exploreStateFromParams, volumeQueryOf } from './explore-state';
import { withParams } from './range';
import { rateMetricMissing, rateMetricOptions, rateMetricParam } from './rate-metric';

const tr = (locale: Locale): Translate => (key, vars) => translate(locale, key, vars);
const ko = tr('ko');
const en = tr('en');

describe('rate against (문의율 기준)', () => {
  it('reads the metric from the URL as the server stores names, and ignores what no metric can be named', () => {
    expect(rateMetricParam(null)).toBeNull();
    expect(rateMetricParam('')).toBeNull();
    expect(rateMetricParam('활성사용자수')).toBe('활성사용자수');
    expect(rateMetricParam(' App Installs ')).toBe('app_installs');
    expect(rateMetricParam('재구매 수')).toBe('재구매_수');
    // Decomposed Hangul (as some Mac tools write it) is the same name.
    expect(rateMetricParam('재구매수'.normalize('NFD'))).toBe('재구매수');
    expect(rateMetricParam('<script>')).toBeNull();
    expect(rateMetricParam('1일매출')).toBeNull();
    expect(rateMetricParam('a'.repeat(64))).toBeNull();
  });

  it('lists built-in metrics first in the server’s order, then one’s own in Korean dictionary order (Hangul before latin), with `_` read as a space', () => {
    const names = ['재구매수', 'mau', '앱_설치_수', 'orders', 'app_installs', '활성사용자수', 'dau'];
    expect(rateMetricOptions(names, null, ko)).toEqual([
      { value: 'orders', label: '주문' },
      { value: 'dau', label: '일간 활성 사용자' },
      { value: 'mau', label: '월간 활성 사용자' },
      { value: '앱_설치_수', label: '앱 설치 수' },
      { value: '재구매수', label: '재구매수' },
      { value: '활성사용자수', label: '활성사용자수' },
      { value: 'app_installs', label: 'App installs' },
    ]);
    expect(rateMetricOptions(['mau'], null, en)).toEqual([{ value: 'mau', label: 'Monthly active users' }]);
    // A chosen name the workspace has no numbers for (a shared link) stays choosable, once.
    expect(rateMetricOptions(['orders'], '유료회원수', ko).map((o) => o.value)).toEqual(['orders', '유료회원수']);
    expect(rateMetricOptions(['orders'], 'orders', ko).map((o) => o.value)).toEqual(['orders']);
  });

  it('says a chosen metric is missing when the range has none of its numbers', () => {
    // The Overview's contact rate: covered days.
    expect(rateMetricMissing({ covered_days: { current: 0 } })).toBe(true);
    expect(rateMetricMissing({ covered_days: { current: 3 } })).toBe(false);
    // Explore's total rate: no current value.
    expect(rateMetricMissing({ current: null })).toBe(true);
    expect(rateMetricMissing({ current: 0 })).toBe(false);
    expect(rateMetricMissing(null)).toBe(false);
  });

  it('keeps Explore’s metric in the URL and sends it to /insights/volume', () => {
    const search = withParams('range=7&by=channel', { metric: '활성사용자수' });
    expect(search).toBe(`?range=7&by=channel&metric=${encodeURIComponent('활성사용자수')}`);
    const state = exploreStateFromParams(new URLSearchParams(search), '2026-05-15');
    expect(state.metric).toBe('활성사용자수');
    expect(volumeQueryOf(state)).toEqual({ from: '2026-05-08', to: '2026-05-14', by: 'channel', metric: '활성사용자수' });
    // Automatic sends none.
    expect(volumeQueryOf(exploreStateFromParams(new URLSearchParams('range=7'), '2026-05-15'))).not.toHaveProperty('metric');
  });
});
