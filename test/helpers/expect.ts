import { expect } from 'vitest';
import { SoriError } from '../../src/domain/errors.js';
import { itemInputSchema, type ItemInput } from '../../src/domain/item.js';

/** Every item passes the item input schema (what an adapter must produce). */
export function expectValid(items: ItemInput[]): void {
  for (const i of items) {
    const r = itemInputSchema.safeParse(i);
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
  }
}

/** The SoriError fn throws; fails when it throws nothing or something else. */
export function errorOf(fn: () => unknown): SoriError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SoriError) return e;
    throw e;
  }
  throw new Error('expected a SoriError');
}
