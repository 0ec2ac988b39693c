import { describe, expect, it } from 'vitest';
import { toFilter } from './items.js';

describe('toFilter: from/to in the workspace zone', () => {
  const range = (from: string, to: string, zone: string) => {
    const f = toFilter({ from, to } as never, zone);
    return [f.from?.toISOString(), f.to?.toISOString()];
  };

  it('reads a bare day as the whole local day, 23 hours long on a spring-forward day', () => {
    expect(range('2026-11-01', '2026-11-01', 'Asia/Seoul')).toEqual(['2026-10-31T15:00:00.000Z', '2026-11-01T15:00:00.000Z']);
    expect(range('2026-03-08', '2026-03-08', 'America/New_York')).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
  });

  it('reads a local date-time in the zone and keeps an explicit offset as given', () => {
    expect(range('2026-07-01 09:30', '2026-07-01T18:00:00+09:00', 'America/New_York')).toEqual(['2026-07-01T13:30:00.000Z', '2026-07-01T09:00:00.000Z']);
  });

  it('refuses what is no date, with the parameter named', () => {
    expect(() => toFilter({ from: '2026-02-30' } as never, 'Asia/Seoul')).toThrow(/from: not a date/);
    expect(() => toFilter({ to: '어제' } as never, 'Asia/Seoul')).toThrow(/to: not a date/);
  });
});
