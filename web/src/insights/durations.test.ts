import { describe, expect, it } from 'vitest';
import { formatDuration, formatTargetMs } from './durations';

describe('formatDuration', () => {
  it('uses the two largest units, in Korean', () => {
    expect(formatDuration(200, 'ko')).toBe('3분 20초');
    expect(formatDuration(2 * 3600 + 5 * 60, 'ko')).toBe('2시간 5분');
    expect(formatDuration(86_400 + 4 * 3600, 'ko')).toBe('1일 4시간');
    expect(formatDuration(45, 'ko')).toBe('45초');
    expect(formatDuration(0, 'ko')).toBe('0초');
  });

  it('speaks English with spaced units', () => {
    expect(formatDuration(200, 'en')).toBe('3 min 20 s');
    expect(formatDuration(7500, 'en')).toBe('2 h 5 min');
    expect(formatDuration(100_800, 'en')).toBe('1 d 4 h');
  });

  it('drops a zero second unit and carries when rounding up', () => {
    expect(formatDuration(7200, 'ko')).toBe('2시간');
    expect(formatDuration(2 * 3600 - 1, 'ko')).toBe('2시간');
    expect(formatDuration(59.6, 'ko')).toBe('1분');
    expect(formatDuration(144_579, 'ko')).toBe('1일 16시간');
  });

  it('says business time in hours, never in days (a "day" would read as a working day)', () => {
    // 30 business hours and 5 minutes: almost four working days, not "1일 6시간".
    expect(formatDuration(30 * 3600 + 300, 'ko', { largest: 'hour' })).toBe('30시간 5분');
    expect(formatDuration(30 * 3600 + 300, 'en', { largest: 'hour' })).toBe('30 h 5 min');
    expect(formatDuration(45 * 60, 'ko', { largest: 'hour' })).toBe('45분');
    expect(formatDuration(30 * 3600 + 300, 'ko')).toBe('1일 6시간');
  });

  it('reads nothing as a dash', () => {
    expect(formatDuration(null, 'ko')).toBe('—');
    expect(formatDuration(Number.NaN, 'en')).toBe('—');
    expect(formatDuration(-5, 'en')).toBe('—');
  });

  it('formats SLA targets given in milliseconds', () => {
    expect(formatTargetMs(180_000, 'ko')).toBe('3분');
    expect(formatTargetMs(28_800_000, 'en')).toBe('8 h');
    expect(formatTargetMs(undefined, 'en')).toBe('—');
  });
});
