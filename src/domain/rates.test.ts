import { describe, expect, it } from 'vitest';
import { aggregateMetric, defaultRatePer, metricAggregation, metricUnit } from './rates.js';

describe('rates against custom metrics', () => {
  it('averages Korean head counts and running totals as levels, and sums what happened that day', () => {
    for (const name of ['활성사용자수', '주간활성사용자', '유료회원수', '구독자', '동시접속자_수', '누적가입자수']) {
      expect([name, metricAggregation(name)]).toEqual([name, 'mean']);
    }
    for (const name of ['재구매수', '앱_설치_수', '신규회원수', '탈퇴회원수', '가입자수', '방문자수', 'day_7_재방문']) {
      expect([name, metricAggregation(name)]).toEqual([name, 'sum']);
    }
    expect(aggregateMetric('활성사용자수', [1000, 3000]).value).toBe(2000);
    expect(aggregateMetric('재구매수', [10, 30]).value).toBe(40);
  });

  it('counts items per 1,000 people for Korean names of people, per 100 for the rest', () => {
    expect(defaultRatePer('활성사용자수')).toBe(1000);
    expect(defaultRatePer('신규회원수')).toBe(1000);
    expect(defaultRatePer('방문자수')).toBe(1000);
    expect(defaultRatePer('재구매수')).toBe(100);
    expect(defaultRatePer('orders')).toBe(100);
    expect(defaultRatePer('mau')).toBe(1000);
  });

  it('says what a metric counts: people (명), money (원) or other things (건), one name at a time', () => {
    for (const name of ['방문자수', '가입자수', '신규회원수', '활성사용자수', '누적가입자수', 'signups', 'new_users', 'dau', 'mau', 'subscribers', 'daily_active']) {
      expect([name, metricUnit(name)]).toEqual([name, 'people']);
    }
    for (const name of ['revenue', '매출액', '월매출', '결제금액', '주문금액', '거래액', '환불액', 'gmv', 'revenue_krw', 'net_revenue', 'sales_krw']) {
      expect([name, metricUnit(name)]).toEqual([name, 'money']);
    }
    // Counts of sales are counts; names that merely could be money are not guessed at.
    for (const name of ['orders', 'payments', 'cancellations', '재구매수', '앱_설치_수', '매출건수', 'revenue_count', '결제수', 'deals_won', 'amount', '누적주문수']) {
      expect([name, metricUnit(name)]).toEqual([name, 'count']);
    }
  });

  it('counts items per 1,000,000 won of revenue and other amounts of money', () => {
    expect(defaultRatePer('revenue')).toBe(1_000_000);
    expect(defaultRatePer('결제금액')).toBe(1_000_000);
    expect(defaultRatePer('gmv')).toBe(1_000_000);
    expect(defaultRatePer('매출건수')).toBe(100);
    // Levels that are not people keep their per 1,000; people that are summed too.
    expect(defaultRatePer('누적주문수')).toBe(1000);
    expect(defaultRatePer('가입자수')).toBe(1000);
    expect(defaultRatePer('signups')).toBe(1000);
  });
});
