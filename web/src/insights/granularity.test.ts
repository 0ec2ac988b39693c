import { describe, expect, it } from 'vitest';
import { periodLabels } from './chart-options';
import { inferGranularity } from './granularity';

describe('inferGranularity', () => {
  it('tells days, weeks and months apart', () => {
    expect(inferGranularity([{ period: '2026-11-07' }, { period: '2026-11-08' }])).toBe('day');
    expect(inferGranularity([{ period: '2026-11-02' }, { period: '2026-11-09' }])).toBe('week');
    expect(inferGranularity([{ period: '2026-11' }])).toBe('month');
    expect(inferGranularity([{ period: '2026-11-07' }])).toBe('day');
    expect(inferGranularity([])).toBe('day');
  });

  it('tells months written as their first day (as the server keys them) from weeks, and labels them with the year', () => {
    const months = [
      { period: '2024-12-01', from: '2024-11-30T15:00:00.000Z', to: '2024-12-31T15:00:00.000Z' },
      { period: '2025-01-01', from: '2024-12-31T15:00:00.000Z', to: '2025-01-31T15:00:00.000Z' },
      { period: '2025-02-01', from: '2025-01-31T15:00:00.000Z', to: '2025-02-28T15:00:00.000Z' },
    ];
    expect(inferGranularity(months)).toBe('month');
    // February to March is 28 days.
    expect(inferGranularity([{ period: '2025-02-01' }, { period: '2025-03-01' }])).toBe('month');
    // Weeks are 7 days apart, whichever day they start on.
    expect(inferGranularity([{ period: '2025-08-25' }, { period: '2025-09-01' }])).toBe('week');
    const labels = periodLabels(months, inferGranularity(months), 'Asia/Seoul', 'ko-KR');
    expect(labels.axis).toEqual(['2024년 12월', '2025년 1월', '2025년 2월']);
  });

  it('says on the axis how many days a week or month cut by the range holds (its bar is lower for that alone)', () => {
    // 28 days from Sunday 2026-11-08 (KST): weeks start on Monday, so the first holds one day, the last six.
    const weeks = [
      { period: '2026-11-02', from: '2026-11-07T15:00:00.000Z', to: '2026-11-08T15:00:00.000Z' },
      { period: '2026-11-09', from: '2026-11-08T15:00:00.000Z', to: '2026-11-15T15:00:00.000Z' },
      { period: '2026-11-30', from: '2026-11-29T15:00:00.000Z', to: '2026-12-05T15:00:00.000Z' },
    ];
    expect(periodLabels(weeks, 'week', 'Asia/Seoul', 'ko-KR').axis).toEqual(['11월 8일 (1일)', '11월 9일', '11월 30일 (6일)']);
    expect(periodLabels(weeks, 'week', 'Asia/Seoul', 'en-US').axis[0]).toBe('Nov 8 (1 d)');
    const months = [{ period: '2026-11-01', from: '2026-11-07T15:00:00.000Z', to: '2026-11-30T15:00:00.000Z' }];
    expect(periodLabels(months, 'month', 'Asia/Seoul', 'ko-KR').axis).toEqual(['2026년 11월 (23일)']);
  });
});
