import { describe, expect, it } from 'vitest';
import type { Change, TopicDetail } from '../api';
import { presetRange } from '../insights/range';
import { asPreset, countChangePercent, topicHeadlineChanges } from './topic-headline';

const change = (value: number): Change => ({ current: 2.9, previous: 1.7, unit: 'percent', change: value, interval: null, p_value: 0.001, verdict: 'significant_increase' });
const denominator = { metric: 'orders', per: 100 } as unknown as NonNullable<TopicDetail['denominator']>;

describe('topic headline changes', () => {
  it('puts the rate change on the rate card and the count change (291 vs 157) on the count card', () => {
    const rate = change(74.3);
    const out = topicHeadlineChanges({ denominator, total: { items: 291, previous_items: 157, rate } });
    expect(out.rate).toBe(rate);
    expect(out.count.change).toBeNull();
    expect(out.count.percent).toBeCloseTo(85.35, 2);
    // Not the rate's +74.3% beside the counts.
    expect(out.count.percent).not.toBeCloseTo(74.3, 0);
  });

  it('without a denominator the API change is the count change, with its verdict', () => {
    const rate = change(85.4);
    const out = topicHeadlineChanges({ denominator: null, total: { items: 291, previous_items: 157, rate } });
    expect(out.rate).toBeNull();
    expect(out.count.change).toBe(rate);
    expect(out.count.percent).toBe(85.4);
  });

  it('has no count change when nothing came before', () => {
    expect(countChangePercent(12, 0)).toBeNull();
    expect(countChangePercent(50, 100)).toBe(-50);
  });

  it('shows days that are a preset as the preset', () => {
    const today = '2026-05-20';
    const last28 = presetRange(28, today);
    expect(asPreset({ ...last28, preset: null }, today)).toEqual(last28);
    expect(asPreset({ preset: null, from: '2026-05-01', to: '2026-05-10', days: 10 }, today).preset).toBeNull();
  });
});
