import { describe, expect, it } from 'vitest';
import { customRange, presetRange, previousPeriod, rangeFromParams, rangeParams, withParams } from './range';

describe('insight ranges', () => {
  it('ends presets yesterday, so the comparison uses whole days', () => {
    expect(presetRange(7, '2026-05-15')).toEqual({ preset: 7, from: '2026-05-08', to: '2026-05-14', days: 7 });
    expect(presetRange(28, '2026-03-01')).toEqual({ preset: 28, from: '2026-02-01', to: '2026-02-28', days: 28 });
    expect(previousPeriod(presetRange(7, '2026-05-15'))).toEqual({ from: '2026-05-01', to: '2026-05-07' });
  });

  it('reads a preset or a custom range from the URL and falls back to 28 days', () => {
    const today = '2026-05-15';
    expect(rangeFromParams(new URLSearchParams('range=90'), today)).toMatchObject({ preset: 90, days: 90, to: '2026-05-14' });
    expect(rangeFromParams(new URLSearchParams('from=2026-04-01&to=2026-04-30'), today)).toEqual({ preset: null, from: '2026-04-01', to: '2026-04-30', days: 30 });
    for (const bad of ['', 'range=5', 'from=2026-04-30&to=2026-04-01', 'from=2026-02-30&to=2026-03-01', 'from=2026-04-01']) {
      expect(rangeFromParams(new URLSearchParams(bad), today), bad).toMatchObject({ preset: 28, from: '2026-04-17', to: '2026-05-14' });
    }
    expect(customRange('2010-01-01', '2026-01-01')).toBeNull();
  });

  it('writes ranges back to the URL without disturbing other parameters', () => {
    expect(rangeParams(presetRange(28, '2026-05-15'))).toEqual({ range: null, from: null, to: null });
    expect(withParams('?range=7&by=topic', rangeParams(customRange('2026-04-01', '2026-04-30')!))).toBe('?by=topic&from=2026-04-01&to=2026-04-30');
    expect(withParams('?from=2026-04-01&to=2026-04-30&by=topic', rangeParams(presetRange(90, '2026-05-15')))).toBe('?by=topic&range=90');
    expect(withParams('?by=topic', { by: null })).toBe('');
  });
});
