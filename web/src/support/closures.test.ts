import { describe, expect, it } from 'vitest';
import type { SlaSettings } from '../api';
import { closuresInRange } from './closures';

const hours = (over: Partial<SlaSettings['businessHours']> = {}): SlaSettings['businessHours'] => ({
  timeZone: 'Asia/Seoul',
  twentyFourSeven: false,
  blocks: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }],
  koreanPublicHolidays: true,
  extraHolidays: [
    { date: '2026-12-31', nameKo: '종무식', nameEn: 'Year-end closing', kind: 'workspace' },
    { date: '2026-11-03', nameKo: '창립기념일', nameEn: 'Founding day', kind: 'workspace' },
    { date: '2026-11-03', nameKo: '중복', nameEn: 'Duplicate', kind: 'workspace' },
    { date: '2026-10-31', nameKo: '워크숍', nameEn: 'Workshop', kind: 'workspace' },
    { date: '2026-11-20', nameKo: '임시공휴일', nameEn: 'Temporary holiday', kind: 'temporary' },
  ],
  workedHolidays: [],
  ...over,
});

describe('closuresInRange', () => {
  it('keeps the days off inside the range (both ends included), one per date, by date', () => {
    expect(closuresInRange(hours(), '2026-11-01', '2026-12-31').map((d) => [d.date, d.nameKo])).toEqual([
      ['2026-11-03', '창립기념일'],
      ['2026-11-20', '임시공휴일'],
      ['2026-12-31', '종무식'],
    ]);
    expect(closuresInRange(hours(), '2026-10-31', '2026-10-31').map((d) => d.date)).toEqual(['2026-10-31']);
    expect(closuresInRange(hours(), '2026-11-04', '2026-11-19')).toEqual([]);
  });

  it('skips dates worked anyway, and every day on a 24/7 schedule', () => {
    expect(closuresInRange(hours({ workedHolidays: ['2026-11-20'] }), '2026-11-01', '2026-11-30').map((d) => d.date)).toEqual(['2026-11-03']);
    expect(closuresInRange(hours({ twentyFourSeven: true }), '2026-10-01', '2026-12-31')).toEqual([]);
  });

  it('still counts them when Korean public holidays are worked (the server does)', () => {
    expect(closuresInRange(hours({ koreanPublicHolidays: false }), '2026-11-01', '2026-11-30')).toHaveLength(2);
  });
});
