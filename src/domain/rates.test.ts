import { describe, expect, it } from 'vitest';
import { aggregateMetric, defaultRatePer, metricAggregation } from './rates.js';

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
});
