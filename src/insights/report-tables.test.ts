import { describe, expect, it } from 'vitest';
import { peopleNumber } from './report-tables.js';

describe('numbers in a sheet for people (labels=ko|en)', () => {
  it('writes shares to two decimals, never a share below 100 as 100, small numbers to three significant digits', () => {
    expect(peopleNumber((119 * 100) / 120)).toBe(99.17);
    expect(peopleNumber((99_999 * 100) / 100_000)).toBe(99.99);
    expect(peopleNumber((2_746 * 100) / 2_747)).toBe(99.96);
    expect(peopleNumber(100)).toBe(100);
    expect(peopleNumber(-12.3456)).toBe(-12.35);
    expect(peopleNumber(0.000123456)).toBe(0.000123);
    expect(peopleNumber((1 * 100) / 100_000)).toBe(0.001);
    expect(peopleNumber(42)).toBe(42);
    for (const v of ['99.1666', null, undefined, Number.NaN, '2026-11-03']) expect(peopleNumber(v)).toBe(v);
  });
});
