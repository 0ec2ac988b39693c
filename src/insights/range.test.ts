import { describe, expect, it } from 'vitest';
import { resolveRange } from './range.js';

// "Now" is 2026-12-05 08:14 in Seoul: today is 12/5, and it is not over.
const NOW = new Date('2026-12-05T08:14:00+09:00');
const TZ = 'Asia/Seoul';

describe('insight ranges', () => {
  it('defaults to the 28 whole days ending yesterday: no half-finished day against whole ones', () => {
    expect(resolveRange({}, TZ, NOW)).toMatchObject({ from: '2026-11-07', to: '2026-12-04', days: 28, previous: { from: '2026-10-10', to: '2026-11-06' }, includes_today: false });
  });

  it('`from` alone runs 28 days but never into the future', () => {
    expect(resolveRange({ from: '2026-11-29' }, TZ, NOW)).toMatchObject({ from: '2026-11-29', to: '2026-12-04', days: 6, includes_today: false });
    expect(resolveRange({ from: '2026-10-01' }, TZ, NOW)).toMatchObject({ to: '2026-10-28', days: 28 });
    // From today: today only, and it says so.
    expect(resolveRange({ from: '2026-12-05' }, TZ, NOW)).toMatchObject({ from: '2026-12-05', to: '2026-12-05', includes_today: true });
  });

  it('cuts `to` to today and says when today is in the range', () => {
    expect(resolveRange({ from: '2026-11-29', to: '2026-12-26' }, TZ, NOW)).toMatchObject({ to: '2026-12-05', days: 7, includes_today: true });
    expect(resolveRange({ from: '2026-11-29', to: '2026-12-05' }, TZ, NOW)).toMatchObject({ includes_today: true });
    expect(resolveRange({ from: '2026-11-01', to: '2026-11-30' }, TZ, NOW)).toMatchObject({ days: 30, includes_today: false });
    expect(() => resolveRange({ from: '2026-12-10' }, TZ, NOW)).toThrow(/from must not be after to/);
  });
});
