import { describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../src/domain/local-day';
import { addDays, formatDateTime, isDay, todayIn, truncate, zonedDayStart } from './format';

describe('format', () => {
  it('finds midnight in a zone, across daylight-saving changes', () => {
    expect(zonedDayStart('2024-01-01', 'Asia/Seoul').toISOString()).toBe('2023-12-31T15:00:00.000Z');
    expect(zonedDayStart('2024-03-10', 'America/New_York').toISOString()).toBe('2024-03-10T05:00:00.000Z');
    expect(zonedDayStart('2024-03-11', 'America/New_York').toISOString()).toBe('2024-03-11T04:00:00.000Z');
    expect(zonedDayStart('2024-06-01', 'UTC').toISOString()).toBe('2024-06-01T00:00:00.000Z');
  });

  it('starts a day whose midnight is skipped at the first instant after the jump, and a repeated midnight at its first', () => {
    expect(zonedDayStart('2026-09-06', 'America/Santiago').toISOString()).toBe('2026-09-06T04:00:00.000Z'); // 01:00 −03
    expect(zonedDayStart('2026-09-05', 'America/Santiago').toISOString()).toBe('2026-09-05T04:00:00.000Z'); // 00:00 −04
    expect(zonedDayStart('2026-03-08', 'America/Havana').toISOString()).toBe('2026-03-08T05:00:00.000Z'); // 01:00 CDT
    expect(zonedDayStart('2026-11-01', 'America/Havana').toISOString()).toBe('2026-11-01T04:00:00.000Z'); // the first 00:00 (CDT)
    expect(zonedDayStart('2026-04-05', 'Australia/Lord_Howe').toISOString()).toBe('2026-04-04T13:00:00.000Z'); // +11 until 02:00
  });

  it('starts every day where the server does, in zones with DST at midnight, half hours and east of UTC', () => {
    const zones = ['America/Santiago', 'America/Havana', 'America/Asuncion', 'Asia/Beirut', 'America/Los_Angeles', 'America/St_Johns', 'Europe/Berlin', 'Pacific/Auckland', 'Australia/Lord_Howe', 'Asia/Seoul'];
    for (const zone of zones) {
      for (let day = '2023-01-01'; day <= '2026-12-31'; day = addDays(day, 1)) {
        expect(zonedDayStart(day, zone).toISOString(), `${zone} ${day}`).toBe(startOfLocalDay(day, zone).toISOString());
      }
    }
  });

  it('checks and steps calendar days', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2023-02-29')).toBe(false);
    expect(isDay('2024-5-1')).toBe(false);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(todayIn('Asia/Seoul', new Date('2024-05-01T16:00:00Z'))).toBe('2024-05-02');
  });

  it('formats instants in the workspace zone', () => {
    expect(formatDateTime('2024-05-01T04:02:00Z', 'ko-KR', 'Asia/Seoul')).toContain('13:02');
    expect(formatDateTime('2024-05-01T04:02:00Z', 'en-US', 'Asia/Seoul')).toContain('13:02');
    // The detail panel's long form is the list's form plus seconds and the zone, in both languages.
    expect(formatDateTime('2024-05-01T04:02:09Z', 'ko-KR', 'Asia/Seoul', 'long')).toBe('2024. 5. 1. 13:02:09 (GMT+9)');
    expect(formatDateTime('2024-05-01T04:02:09Z', 'en-US', 'Asia/Seoul', 'long')).toBe('May 1, 2024, 13:02:09 (GMT+9)');
    expect(formatDateTime(null, 'ko-KR', 'Asia/Seoul')).toBe('');
    expect(formatDateTime('nonsense', 'ko-KR', 'Asia/Seoul')).toBe('nonsense');
  });

  it('truncates by code point and on a word boundary', () => {
    expect(truncate('짧은 글', 10)).toBe('짧은 글');
    expect(truncate('배송이 너무 늦어요 환불 부탁드립니다', 12)).toBe('배송이 너무 늦어요…');
    expect(truncate('😀😀😀😀', 2)).toBe('😀😀…');
    expect(truncate('  줄\n바꿈\t정리  ', 20)).toBe('줄 바꿈 정리');
  });
});

describe('days for charts', () => {
  it('formats workspace days without moving them across zones', async () => {
    const { dayOfInstant, formatDay, formatDayRange, daysInclusive } = await import('./format');
    expect(dayOfInstant('2026-05-07T15:00:00.000Z', 'Asia/Seoul')).toBe('2026-05-08');
    expect(dayOfInstant('2026-05-07T15:00:00.000Z', 'UTC')).toBe('2026-05-07');
    expect(formatDay('2026-11-07', 'ko-KR')).toBe('11월 7일');
    expect(formatDay('2026-11-07', 'en-US', 'weekday')).toBe('Sat, Nov 7');
    expect(formatDay('2026-11-01', 'ko-KR', 'month')).toBe('2026년 11월');
    expect(formatDayRange('2026-11-07', '2026-11-07', 'en-US')).toBe('Nov 7, 2026');
    expect(formatDayRange('2026-11-07', '2026-12-04', 'en-US')).toMatch(/^Nov 7\s*–\s*Dec 4, 2026$/);
    expect(daysInclusive('2026-02-01', '2026-02-28')).toBe(28);
  });
});
