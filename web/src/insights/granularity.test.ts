import { describe, expect, it } from 'vitest';
import { inferGranularity } from './granularity';

describe('inferGranularity', () => {
  it('tells days, weeks and months apart', () => {
    expect(inferGranularity([{ period: '2026-11-07' }, { period: '2026-11-08' }])).toBe('day');
    expect(inferGranularity([{ period: '2026-11-02' }, { period: '2026-11-09' }])).toBe('week');
    expect(inferGranularity([{ period: '2026-11' }])).toBe('month');
    expect(inferGranularity([{ period: '2026-11-07' }])).toBe('day');
    expect(inferGranularity([])).toBe('day');
  });
});
