import { describe, expect, it } from 'vitest';
import type { Change } from '../api';
import { translate, type Locale, type Translate } from '../i18n';
import { changeKind, changeTitle, formatChange, formatPValue, formatRate, metricName, rateUnit, verdictKey, verdictTone } from './changes';

const tr = (locale: Locale): Translate => (key, vars) => translate(locale, key, vars);
const ko = tr('ko');
const en = tr('en');

const change = (overrides: Partial<Change> = {}): Change => ({
  current: 1.0333,
  previous: 0.5,
  unit: 'percent',
  change: 106.67,
  interval: { lower: 38.2, upper: 211.5 },
  p_value: 0.000012,
  verdict: 'significant_increase',
  ...overrides,
});

describe('changes in words', () => {
  it('names every verdict in both languages', () => {
    expect(ko(verdictKey('significant_increase'))).toBe('유의미한 증가');
    expect(ko(verdictKey('significant_decrease'))).toBe('유의미한 감소');
    expect(ko(verdictKey('within_noise'))).toBe('변동 범위 내(노이즈)');
    expect(ko(verdictKey('insufficient_data'))).toBe('데이터 부족');
    expect(en(verdictKey('within_noise'))).toBe('Within noise');
    expect(en(verdictKey('insufficient_data'))).toBe('Not enough data');
  });

  it('colours a real change by whether up is good news, and never noise', () => {
    expect(verdictTone('significant_increase', 'up_bad')).toBe('bad');
    expect(verdictTone('significant_decrease', 'up_bad')).toBe('good');
    expect(verdictTone('significant_increase', 'up_good')).toBe('good');
    expect(verdictTone('significant_decrease', 'neutral')).toBe('notable');
    expect(verdictTone('within_noise', 'up_bad')).toBe('quiet');
    expect(verdictTone('insufficient_data', 'up_good')).toBe('unknown');
  });

  it('writes a change with its unit: percent, percentage points, NPS points', () => {
    expect(formatChange(change(), 'percent', 'ko-KR', ko)).toBe('+106.7%');
    expect(formatChange(change({ unit: 'points', change: -0.44 }), changeKind({ unit: 'points' }), 'ko-KR', ko)).toBe('-0.4%p');
    expect(formatChange(change({ unit: 'points', change: 13.86 }), 'pp', 'en-US', en)).toBe('+13.9 pp');
    expect(formatChange(change({ unit: 'points', change: -39.9 }), changeKind({ unit: 'points' }, true), 'ko-KR', ko)).toBe('-39.9점');
    expect(formatChange(change({ change: -39.9 }), 'nps', 'en-US', en)).toBe('-39.9 pts');
    expect(formatChange(change({ change: 0 }), 'percent', 'ko-KR', ko)).toBe('0%');
    expect(formatChange(change({ change: null }), 'percent', 'ko-KR', ko)).toBe('—');
  });

  it('puts the interval and p-value in the tooltip text', () => {
    expect(changeTitle(change(), 'percent', 'ko-KR', ko)).toBe('유의미한 증가 · 변화의 95% 신뢰구간 +38.2% ~ +211.5% · p < 0.001');
    expect(changeTitle(change({ interval: null, verdict: 'insufficient_data', p_value: 0.5 }), 'pp', 'en-US', en, true)).toBe(
      'Not enough data · Too little data for an interval · p = 0.5 · adjusted for comparing many at once (Benjamini–Hochberg)',
    );
    expect(formatPValue(0.0138, 'en-US')).toBe('0.014');
  });

  it('localises the contact rate’s metric and keeps custom names', () => {
    expect(metricName('orders', ko)).toBe('주문');
    expect(metricName('payments', ko)).toBe('결제');
    expect(metricName('dau', ko)).toBe('일간 활성 사용자');
    expect(metricName('mau', en)).toBe('monthly active users');
    expect(metricName('signups_web', ko)).toBe('signups web');
    expect(formatRate(1.0333, 'orders', 100, 'ko-KR', ko)).toBe('주문 100건당 1.03건');
    expect(formatRate(1.0333, 'orders', 100, 'en-US', en)).toBe('1.03 per 100 orders');
    // Active users are a level: the rate is per 1,000 of them per day (items ÷ user-days).
    expect(formatRate(0.052, 'dau', 1000, 'ko-KR', ko)).toBe('일간 활성 사용자 1,000명당 하루 0.052건');
    expect(formatRate(0.052, 'mau', 1000, 'en-US', en)).toBe('0.052 per 1,000 monthly active users per day');
    expect(rateUnit('bookings', 100, 'ko-KR', ko)).toBe('bookings 100건당');
  });

  it('reads an averaged metric of one’s own per person per day, as the API’s aggregation says, in both languages', () => {
    expect(rateUnit('활성사용자수', 1000, 'ko-KR', ko, 'mean')).toBe('활성사용자수 1,000명당 하루');
    expect(formatRate(0.052, '활성사용자수', 1000, 'ko-KR', ko, 'mean')).toBe('활성사용자수 1,000명당 하루 0.052건');
    expect(formatRate(0.052, 'paid_members', 1000, 'en-US', en, 'mean')).toBe('0.052 per 1,000 paid members per day');
    // A flow is summed: per that many of it, whatever its name.
    expect(formatRate(2.5, '재구매수', 100, 'ko-KR', ko, 'sum')).toBe('재구매수 100건당 2.5건');
    expect(rateUnit('dau', 1000, 'en-US', en, 'mean')).toBe('per 1,000 daily active users per day');
    // Names stored with _ for spaces read with spaces, in the unit and on their own.
    expect(rateUnit('앱_설치_수', 100, 'ko-KR', ko, 'sum')).toBe('앱 설치 수 100건당');
    expect(rateUnit('app_installs', 100, 'en-US', en, 'sum')).toBe('per 100 app installs');
    // Built-in metrics besides orders, payments, DAU and MAU have names in both languages.
    expect(metricName('cancellations', ko)).toBe('해지');
    expect(metricName('signups', en)).toBe('sign-ups');
  });
});
