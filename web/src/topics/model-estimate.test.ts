import { describe, expect, it } from 'vitest';
import { estimateAll } from './model-candidate';

describe('estimateAll: the impact preview scaled from its sample to every eligible item', () => {
  it('scales the sample share to all eligible items, rounded (walkthrough: 51 of 2,000 sampled, 10,800 eligible)', () => {
    expect(estimateAll({ changed: 51, sampled: 2_000, eligible: 10_800 })).toBe(275);
    expect(estimateAll({ changed: 1, sampled: 3, eligible: 10 })).toBe(3);
  });
  it('is the count itself when everything was sampled, and 0 from an empty sample', () => {
    expect(estimateAll({ changed: 7, sampled: 40, eligible: 40 })).toBe(7);
    expect(estimateAll({ changed: 0, sampled: 0, eligible: 0 })).toBe(0);
  });
});
