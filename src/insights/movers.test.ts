import { describe, expect, it } from 'vitest';
import { eachDay } from '../domain/local-day.js';
import type { CountRow } from '../store/queries/item-daily-counts.js';
import { requireCoverage } from './change.js';
import { findMovers } from './movers.js';
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
