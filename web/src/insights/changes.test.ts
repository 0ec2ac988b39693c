import { describe, expect, it } from 'vitest';
import type { Change } from '../api';
import { translate, type Locale, type Translate } from '../i18n';
import { changeDirection, changeKind, changeTitle, formatChange, formatChangeAmount, formatNps, formatPercentNumber, formatPValue, formatRate, formatRatePair, formatShare, formatWon, metricLabel, metricName, rateBasis, rateUnit, splitPolarity, verdictKey, verdictReason, verdictTone } from './changes';

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

  it('says the previous period is only partly covered when it still has a number, not that it has no data', () => {
    const uncovered = (previous: number | null) => ({ ...change({ previous, change: null, interval: null, p_value: 1, verdict: 'insufficient_data' }), reason: 'previous_not_covered' });
    // The walkthrough's contact rate ("prev. 0.11") and volume ("prev. 9"): the data began inside the previous period.
    expect(verdictReason(uncovered(0.11))).toBe('previousPartlyCovered');
    expect(verdictReason(uncovered(9))).toBe('previousPartlyCovered');
    expect(en(`verdict.${verdictReason(uncovered(9))!}`)).toBe('Previous period only partly covered — not compared');
    expect(ko(`verdict.${verdictReason(uncovered(9))!}`)).toBe('이전 기간 일부만 집계됨 — 비교하지 않음');
    // Nothing counted before the data began: there is no data for it.
    expect(verdictReason(uncovered(0))).toBe('previousNotCovered');
    expect(verdictReason(uncovered(null))).toBe('previousNotCovered');
    expect(verdictReason({ ...change(), reason: 'partial_day' })).toBe('partialDay');
    expect(verdictReason({ ...change(), reason: 'topic_labelled_since' })).toBe('topicLabelledSince');
    expect(verdictReason({ ...change(), reason: 'invalid_counts' })).toBeNull();
    expect(verdictReason(change())).toBeNull();
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
    expect(formatChange(change({ unit: 'points', change: -39.9 }), changeKind({ unit: 'points' }, true), 'ko-KR', ko)).toBe('-40점');
    expect(formatChange(change({ change: -39.9 }), 'nps', 'en-US', en)).toBe('-40 pts');
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
    // Alone as a label (the sheet's column, a row of "Metrics at a glance", a choice): capitalised.
    expect(metricLabel('mau', en)).toBe('Monthly active users');
    expect(metricLabel('orders', en)).toBe('Orders');
    expect(metricLabel('orders', ko)).toBe('주문');
    expect(metricLabel('signups_web', en)).toBe('Signups web');
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
    expect(metricName('cancellations', ko)).toBe('주문 취소');
    expect(metricName('churned', ko)).toBe('해지');
    expect(metricName('subscribers', en)).toBe('subscribers');
    expect(metricName('signups', en)).toBe('sign-ups');
  });

  it('reads a summed count of people per 명, as the API’s metric_unit says, and English as for any name', () => {
    expect(rateUnit('방문자수', 1000, 'ko-KR', ko, 'sum', 'people')).toBe('방문자수 1,000명당');
    expect(formatRate(0.42, '가입자수', 1000, 'ko-KR', ko, 'sum', 'people')).toBe('가입자수 1,000명당 0.42건');
    expect(formatRate(0.42, 'signups', 1000, 'ko-KR', ko, 'sum', 'people')).toBe('가입자 1,000명당 0.42건');
    expect(rateUnit('방문자수', 1000, 'en-US', en, 'sum', 'people')).toBe('per 1,000 방문자수');
    expect(rateUnit('new_users', 1000, 'en-US', en, 'sum', 'people')).toBe('per 1,000 new users');
    // Levels of people keep their "per day".
    expect(rateUnit('활성사용자수', 1000, 'ko-KR', ko, 'mean', 'people')).toBe('활성사용자수 1,000명당 하루');
  });

  it('reads revenue and other money per an amount of won: 100만 원, ₩1,000,000', () => {
    expect(formatRate(0.8, 'revenue', 1_000_000, 'ko-KR', ko, 'sum', 'money')).toBe('매출 100만 원당 0.8건');
    expect(formatRate(0.8, 'revenue', 1_000_000, 'en-US', en, 'sum', 'money')).toBe('0.8 per ₩1,000,000 of revenue');
    expect(rateUnit('결제금액', 100_000_000, 'ko-KR', ko, 'sum', 'money')).toBe('결제금액 1억 원당');
    expect(rateUnit('gmv', 1_000_000, 'en-US', en, 'sum', 'money')).toBe('per ₩1,000,000 of gmv');
    // An amount that is not whole 만 is written out.
    expect(formatWon(2_500, 'ko-KR', ko)).toBe('2,500 원');
    expect(formatWon(15_000_000, 'ko-KR', ko)).toBe('1,500만 원');
    // A level that is not people (a running total) is per that many of it per day, in 건.
    expect(rateUnit('누적주문수', 1000, 'ko-KR', ko, 'mean', 'count')).toBe('누적주문수 1,000건당 하루');
    expect(rateUnit('stock_level', 1000, 'en-US', en, 'mean', 'count')).toBe('per 1,000 stock level per day');
  });

  it('keeps today’s words without the API’s metric_unit, and carries it in a rate basis', () => {
    expect(rateUnit('방문자수', 1000, 'ko-KR', ko, 'sum')).toBe('방문자수 1,000건당');
    expect(rateUnit('활성사용자수', 1000, 'ko-KR', ko, 'mean')).toBe('활성사용자수 1,000명당 하루');
    expect(rateBasis({ metric: 'revenue', per: 1_000_000, aggregation: 'sum', metric_unit: 'money', current: 1 } as never)).toEqual({
      metric: 'revenue', per: 1_000_000, aggregation: 'sum', metric_unit: 'money',
    });
  });
});

describe('numbers of one card read alike (session 26)', () => {
  it('never writes a share below 100 as 100%, nor one above 0 as 0%', () => {
    expect(formatShare(99.96, 'ko-KR')).toBe('99.96%');
    expect(formatShare(99.999, 'ko-KR')).toBe('99.99%');
    expect(formatShare(0.04, 'en-US')).toBe('0.04%');
    expect(formatShare(100, 'ko-KR')).toBe('100%');
    expect(formatShare(99.89, 'ko-KR')).toBe('99.9%');
    expect(formatPercentNumber(66, 'ko-KR', true)).toBe('66.0');
    expect(formatPercentNumber(100, 'ko-KR', true)).toBe('100.0');
  });

  it('words the API\'s exact shares, and a split\'s whole-number shares, never as 100% or 0% unless they are', () => {
    // sharePct gives x·100/n unrounded: 2,746 of 2,747, 99,999 of 100,000, 1 of 100,000.
    expect(formatShare((2746 * 100) / 2747, 'ko-KR')).toBe('99.96%');
    expect(formatShare((99_999 * 100) / 100_000, 'ko-KR', true)).toBe('99.99%');
    expect(formatShare((1 * 100) / 100_000, 'en-US')).toBe('0.01%');
    expect(formatShare((2 * 100) / 3, 'ko-KR')).toBe('66.7%');
    expect(formatShare(0, 'ko-KR', true)).toBe('0.0%');
    // Whole numbers (a channel's share of the range's items): more decimals only where needed.
    expect(formatShare(43.6, 'ko-KR', false, 0)).toBe('44%');
    expect(formatShare(99.6, 'ko-KR', false, 0)).toBe('99.6%');
    expect(formatShare(99.97, 'ko-KR', false, 0)).toBe('99.97%');
    expect(formatShare(0.3, 'en-US', false, 0)).toBe('0.3%');
    expect(formatShare(100, 'en-US', false, 0)).toBe('100%');
  });

  it('keeps a card’s change at one decimal when asked, and a pair of rates at the same decimals', () => {
    expect(formatChange(change({ unit: 'points', change: 0.96 }), 'pp', 'ko-KR', ko, true)).toBe('+1.0%p');
    expect(formatChange(change({ unit: 'points', change: 0 }), 'pp', 'ko-KR', ko, true)).toBe('0.0%p');
    expect(formatChange(change({ unit: 'points', change: 0.96 }), 'pp', 'ko-KR', ko)).toBe('+1%p');
    expect(formatRatePair(0.17, 0.1, 'ko-KR')).toEqual(['0.17', '0.10']);
    expect(formatRatePair(0.14, 0.075, 'ko-KR')).toEqual(['0.140', '0.075']);
    expect(formatRatePair(2.21, null, 'ko-KR')).toEqual(['2.21', '—']);
  });

  it('colours a rise in inquiries as bad news on every split, praise apart', () => {
    for (const [dimension, key] of [['channel', 'chat'], ['type', 'bug'], ['topic', '11'], ['sentiment', 'negative'], [null, 'all']] as const) {
      expect(verdictTone('significant_increase', splitPolarity(dimension, key)), `${dimension}:${key}`).toBe('bad');
    }
    expect(verdictTone('significant_increase', splitPolarity('sentiment', 'positive'))).toBe('notable');
  });
});

describe('NPS in whole points, and one minus (brief h6)', () => {
  const nps = (value: number | null) => change({ unit: 'points', change: value });

  it('writes an NPS change that rounds to zero as ±0, not "-0.1점", with no arrow', () => {
    expect(formatChange(nps(-0.1), 'nps', 'ko-KR', ko)).toBe('±0점');
    expect(formatChange(nps(0.4), 'nps', 'en-US', en)).toBe('±0 pts');
    expect(formatChange(nps(0), 'nps', 'ko-KR', ko, true)).toBe('±0점');
    expect(changeDirection(nps(-0.1), 'nps', 'ko-KR')).toBeNull();
    expect(changeDirection(nps(0), 'nps', 'ko-KR')).toBeNull();
    expect(changeDirection(nps(null), 'nps', 'ko-KR')).toBeNull();
    // A real move keeps its sign and arrow, in whole points.
    expect(formatChange(nps(-0.6), 'nps', 'ko-KR', ko)).toBe('-1점');
    expect(changeDirection(nps(-0.6), 'nps', 'ko-KR')).toBe('down');
    expect(formatChange(nps(3.5), 'nps', 'en-US', en, true)).toBe('+4 pts');
    expect(changeDirection(nps(3.5), 'nps', 'en-US')).toBe('up');
  });

  it('marks no direction for a percent or point change shown as zero, and keeps it for a shown one', () => {
    expect(changeDirection(change({ change: 0.04 }), 'percent', 'ko-KR')).toBeNull();
    expect(formatChange(change({ change: 0.04 }), 'percent', 'ko-KR', ko)).toBe('0%');
    expect(changeDirection(change({ unit: 'points', change: -0.05 }), 'pp', 'ko-KR')).toBe('down');
    expect(formatChange(change({ unit: 'points', change: -0.05 }), 'pp', 'ko-KR', ko)).toBe('-0.1%p');
  });

  it('writes NPS as whole points, never "-0", with the same minus as every other number', () => {
    expect(formatNps(32.44, 'ko-KR')).toBe('32');
    expect(formatNps(-12.5, 'en-US')).toBe('-13');
    expect(formatNps(-0.3, 'ko-KR')).toBe('0');
    expect(formatNps(100, 'ko-KR')).toBe('100');
    // The interval's bounds in a tooltip: "0점", not "±0점" nor "-0점".
    expect(formatChangeAmount(-0.3, 'nps', 'ko-KR', ko)).toBe('0점');
    expect(formatChangeAmount(-0.04, 'pp', 'ko-KR', ko, false)).toBe('0%p');
    // One minus: the hyphen-minus Intl writes, in NPS, changes and shares' changes alike.
    const minus = new Intl.NumberFormat('ko-KR').format(-1).charAt(0);
    for (const text of [formatNps(-4, 'ko-KR'), formatChange(nps(-4), 'nps', 'ko-KR', ko), formatChange(change({ change: -12.3 }), 'percent', 'en-US', en), formatChange(change({ unit: 'points', change: -0.4 }), 'pp', 'ko-KR', ko)]) {
      expect(text.charAt(0), text).toBe(minus);
    }
    expect(minus).toBe('-');
  });
});

describe('one percent convention on every page (brief h6)', () => {
  it('writes a share with one decimal at most and no space, a whole one without ".0", in Korean and English alike', () => {
    for (const locale of ['ko-KR', 'en-US']) {
      expect(formatShare(100, locale)).toBe('100%');
      expect(formatShare(66.04, locale)).toBe('66%');
      expect(formatShare(45.26, locale)).toBe('45.3%');
      expect(formatShare(8.24, locale)).toBe('8.2%');
      expect(formatShare(99.96, locale)).toBe('99.96%');
      expect(formatShare(0.04, locale)).toBe('0.04%');
      expect(formatShare(0, locale)).toBe('0%');
      expect(formatShare(null, locale)).toBe('—');
    }
    // A churn rate, below 1 %: two decimals, and still never 0% above 0.
    expect(formatShare(0.354, 'ko-KR', false, 2)).toBe('0.35%');
    expect(formatShare(0.001, 'ko-KR', false, 2)).toBe('0.01%');
    expect(formatShare(1.2, 'ko-KR', false, 2)).toBe('1.2%');
  });
});
