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
});
