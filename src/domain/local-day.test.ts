import { describe, expect, it } from 'vitest';
import { addDays, daysBetweenInclusive, eachDay, isLocalDay, localDayOf, periodEnd, periodStart, startOfLocalDay, zoneOffsetMinutes } from './local-day.js';

describe('local days', () => {
  it('accepts only real calendar days', () => {
    expect(isLocalDay('2024-02-29')).toBe(true);
    expect(isLocalDay('2026-02-29')).toBe(false);
    expect(isLocalDay('2026-13-01')).toBe(false);
    expect(isLocalDay('2026-1-01')).toBe(false);
    expect(() => addDays('어제', 1)).toThrow(RangeError);
  });

  it('counts and walks days across months and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetweenInclusive('2026-01-30', '2026-02-02')).toBe(4);
    expect(daysBetweenInclusive('2026-02-02', '2026-01-30')).toBe(0);
    expect(eachDay('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });

  it('starts weeks on Monday and months on the 1st, like date_trunc', () => {
    expect(periodStart('2026-12-03', 'week')).toBe('2026-11-30'); // a Thursday
    expect(periodStart('2026-11-30', 'week')).toBe('2026-11-30'); // a Monday
    expect(periodStart('2026-12-06', 'week')).toBe('2026-11-30'); // a Sunday
    expect(periodStart('2026-12-31', 'month')).toBe('2026-12-01');
    expect(periodEnd('2026-11-30', 'week')).toBe('2026-12-06');
    expect(periodEnd('2026-12-01', 'month')).toBe('2026-12-31');
    expect(periodEnd('2028-02-01', 'month')).toBe('2028-02-29'); // a leap year
    expect(periodEnd('2026-02-01', 'month')).toBe('2026-02-28');
    expect(periodEnd('2026-12-03', 'day')).toBe('2026-12-03');
  });

  it('maps local days to instants in Seoul and across a DST change in New York', () => {
    expect(zoneOffsetMinutes('Asia/Seoul', new Date('2026-06-01T00:00:00Z'))).toBe(540);
    expect(startOfLocalDay('2026-05-08', 'Asia/Seoul').toISOString()).toBe('2026-05-07T15:00:00.000Z');
    expect(localDayOf(new Date('2026-03-01T16:30:00Z'), 'Asia/Seoul')).toBe('2026-03-02');
    // 2026-03-08: clocks go forward at 02:00 in New York; midnight is still EST (UTC−5).
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfLocalDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(localDayOf(new Date('2026-03-09T03:59:00Z'), 'America/New_York')).toBe('2026-03-08');
    // 2018-11-04: São Paulo's clocks went from 00:00 to 01:00, so the day began at 01:00 (UTC−2);
    // 02:00Z would be 23:00 of the day before.
    expect(startOfLocalDay('2018-11-04', 'America/Sao_Paulo').toISOString()).toBe('2018-11-04T03:00:00.000Z');
    expect(localDayOf(startOfLocalDay('2018-11-04', 'America/Sao_Paulo'), 'America/Sao_Paulo')).toBe('2018-11-04');
  });
});
