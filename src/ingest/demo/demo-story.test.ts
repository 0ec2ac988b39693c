import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { getOverview } from '../../insights/overview.js';
import type { Db } from '../../store/db.js';
import { loadDemoWorkspace } from './load-demo.js';

/**
 * The question a newcomer is asked to answer on the demo workspace: "what are customers
 * contacting us about more than last month, relative to orders, and is it real?" The full demo
 * (90 days, ~120 items a day) must hold an answer: the coupon policy change and the login outage
 * rose for real per 100 orders, the delivery delay week left the window, the rest is noise.
 */
describe(`the demo's story, as the Overview tells it (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
  });
  afterAll(() => close());

  // The full 90-day demo (~10,800 items with their rollups) is loaded here: 5–20 s alone, once 87 s on
  // PostgreSQL under CI's load (session 17), so it gets room beyond the suite's 60 s.
  it('last 28 days against the 28 before, per 100 orders: coupons and login up for real, delivery delays down', { timeout: 240_000 }, async () => {
    const { workspace } = await loadDemoWorkspace(db, { endDate: new Date('2026-03-31T18:00:00+09:00') });
    const o = await getOverview(db, workspace, { from: '2026-03-04', to: '2026-03-31' });
    expect(o.contact_rate?.metric).toBe('orders');
    const real = o.topic_movers.filter((m) => m.rate.verdict !== 'within_noise' && m.rate.verdict !== 'insufficient_data');
    // Topics without children; a parent's row counts the parent and its children (as its
    // drill-down does), so 혜택·쿠폰 rises with 쿠폰 and 계정·로그인 with 로그인 오류. 앱 오류
    // does not: the coupon rule is a policy, not an app fault (it was filed under 앱 오류).
    const leaves = real.filter((m) => !o.topic_movers.some((p) => p.parent_name === m.name));
    // By excess items: the outage's English reports ("can't sign in") are labelled too (s25), so
    // 로그인 오류 moves more items than the delay week's end.
    expect(leaves.map((m) => [m.name, m.rate.verdict])).toEqual([
      ['쿠폰', 'significant_increase'],
      ['로그인 오류', 'significant_increase'],
      ['배송 지연', 'significant_decrease'],
    ]);
    // Their parents move with them: 배송 falls as the delay week leaves the window. 계정·로그인 rises
    // as much (+43 %), but since its other subtopics' English inquiries are labelled too (s25) their
    // day-to-day swings widen its interval: just past the false-discovery cut, not asserted as real.
    expect(real.filter((m) => !leaves.includes(m)).map((m) => [m.name, m.rate.verdict])).toEqual([
      ['혜택·쿠폰', 'significant_increase'],
      ['배송', 'significant_decrease'],
    ]);
    const account = o.topic_movers.find((m) => m.name === '계정·로그인')!;
    expect(account.rate.change).toBeGreaterThan(30);
    expect(account.rate.interval!.lower).toBeGreaterThan(0);
    const coupon = real.find((m) => m.name === '쿠폰')!;
    // Relative to orders, not only in count; the false-discovery rate is controlled across topics.
    expect(coupon.rate.change).toBeGreaterThan(40);
    expect(coupon.rate.interval!.lower).toBeGreaterThan(0);
    expect(coupon.p_adjusted).toBeLessThan(0.05);
    expect(coupon.excess_items).toBeGreaterThan(50);
  });
});
