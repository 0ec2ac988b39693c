import { describe, expect, it } from 'vitest';
import { holidaysBetween } from './holidays.js';

describe('holidays in a compared period', () => {
  it('names 추석 in the week that has it (two of its days weekdays), a substitute day, and nothing in the week before', () => {
    // 추석 2026: 9월 24–26일 (목–토); 개천절 10월 3일 (토) → 대체공휴일 10월 5일 (월).
    const week = holidaysBetween({}, '2026-09-21', '2026-09-27');
    expect(week.map((h) => [h.date, h.name_ko, h.weekday])).toEqual([
      ['2026-09-24', '추석 전날', true],
      ['2026-09-25', '추석', true],
      ['2026-09-26', '추석 다음 날', false],
    ]);
    expect(holidaysBetween({}, '2026-10-03', '2026-10-05').map((h) => [h.name_ko, h.weekday])).toEqual([['개천절', false], ['대체공휴일(개천절)', true]]);
    expect(week[1]!.name_en).toBe('Chuseok');
    expect(holidaysBetween({}, '2026-09-15', '2026-09-21')).toEqual([]);
  });

  it('follows the workspace calendar: its own closures, none of the public ones when it keeps none, across a year end', () => {
    const own = { koreanPublicHolidays: false, extraHolidays: [{ date: '2026-12-31', nameKo: '창립기념일', nameEn: 'Founding day' }] };
    expect(holidaysBetween(own, '2026-12-25', '2027-01-01')).toEqual([{ date: '2026-12-31', name_ko: '창립기념일', name_en: 'Founding day', weekday: true }]);
    expect(holidaysBetween({ extraHolidays: own.extraHolidays }, '2026-12-25', '2027-01-01').map((h) => h.date)).toEqual(['2026-12-25', '2026-12-31', '2027-01-01']);
  });
});
