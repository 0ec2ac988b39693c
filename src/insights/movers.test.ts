import { describe, expect, it } from 'vitest';
import { eachDay } from '../domain/local-day.js';
import type { CountRow } from '../store/queries/item-daily-counts.js';
import { adjustedWhereCompared } from '../domain/stats.js';
import { seededRandom, simulateDays } from '../../test/helpers/simulated-days.js';
import { rateChange, requireCoverage, type Change } from './change.js';
import { compareKeysAtOnce, findMovers, type KeyPeriods } from './movers.js';
import { resolveRange } from './range.js';

const range = resolveRange({ from: '2026-05-08', to: '2026-05-14' }, 'Asia/Seoul', new Date('2026-06-01T00:00:00Z'));
/** `perDay` items a day for a key in the previous week and in the range. */
const rows = (key: string, previous: number, current: number): CountRow[] =>
  [...eachDay('2026-05-01', '2026-05-07').map((d) => [d, previous] as const), ...eachDay('2026-05-08', '2026-05-14').map((d) => [d, current] as const)].map(
    ([period, items]) => ({ key, period, items }) as CountRow,
  );

describe('findMovers', () => {
  it('leaves keys whose comparison is taken back out of the false-discovery control', () => {
    const others = [...rows('b', 10, 13), ...rows('c', 10, 10), ...rows('d', 10, 12)];
    const without = findMovers(others, range, null);
    // "a" rose enormously, but its previous week is not covered by data: taken back, it must not
    // lower the others' adjusted p-values (a tiny p-value at rank 1 loosens every later threshold).
    const takeBackA = (c: Parameters<typeof requireCoverage>[0], key: string) => (key === 'a' ? requireCoverage(c, range.previous.from, '2026-05-09') : c);
    const withA = findMovers([...rows('a', 1, 60), ...others], range, null, takeBackA);
    const a = withA.find((m) => m.key === 'a')!;
    expect(a.rate).toMatchObject({ verdict: 'insufficient_data', reason: 'previous_not_covered' });
    expect(a.p_adjusted).toBe(1);
    for (const key of ['b', 'c', 'd']) {
      expect(withA.find((m) => m.key === key)!.p_adjusted, key).toBe(without.find((m) => m.key === key)!.p_adjusted);
    }
  });
});

describe('compareKeysAtOnce', () => {
  it('tests each key once and gives the verdicts and adjusted p-values rateChange gives key by key', () => {
    // 40 keys (문의 유형), 28 days each side: steady ones, ones that rise or fall, rare ones, and days
    // that vary more than Poisson counts (dispersion), so every verdict occurs.
    const random = seededRandom(20261207);
    const side = (mean: number, dayToDay: number) => {
      const days = simulateDays(random, { mean, days: 28, dayToDay, weekendDrop: 0.3 });
      const count = days.reduce((sum, d) => sum + d.count, 0);
      return { count, exposure: days.length, value: count / days.length, days };
    };
    const keys: KeyPeriods[] = Array.from({ length: 40 }, (_, i) => {
      const mean = [0.1, 2, 8, 30][i % 4]!;
      const move = [1, 1, 1.3, 0.75, 2][i % 5]!;
      return { key: `유형-${i}`, prev: side(mean, i % 3 === 0 ? 0.4 : 0), cur: side(mean * move, i % 3 === 0 ? 0.4 : 0) };
    });
    // Every seventh key's previous period is taken back (no data before), as findMovers' check does.
    const check = (c: Change, key: string) => (Number(key.split('-')[1]) % 7 === 0 ? requireCoverage(c, '2026-05-01', null) : c);

    // The way it was done before: rateChange for the p-value, again for the check, again with the adjusted p.
    const pAdjusted = adjustedWhereCompared(
      keys.map((k) => rateChange(k.cur, k.prev).p_value),
      keys.map((k) => !check(rateChange(k.cur, k.prev), k.key).reason),
    );
    const before = keys.map((k, i) => ({ change: check(rateChange(k.cur, k.prev, pAdjusted[i]!), k.key), p_adjusted: Number(pAdjusted[i]!.toFixed(6)) }));

    const now = compareKeysAtOnce(keys, check);
    expect(now).toEqual(before);
    const verdicts = new Set(now.map((r) => r.change.verdict));
    expect([...verdicts].sort()).toEqual(['insufficient_data', 'significant_decrease', 'significant_increase', 'within_noise']);
    // The adjustment decided some verdict: a key real by its own p-value but not across all 40.
    expect(keys.some((k, i) => rateChange(k.cur, k.prev).verdict !== now[i]!.change.verdict && !now[i]!.change.reason)).toBe(true);
  });
});
