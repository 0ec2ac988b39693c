import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../src/domain/item';
import { countsAsDuplicate as serverRule, DUPLICATE_CHANNELS as SERVER } from '../../../src/domain/duplicates';
import { countsAsDuplicate, DUPLICATE_CHANNELS } from './duplicate-rule';

describe('duplicate rule', () => {
  it('is the server’s: the same channels count as duplicates on the page as in the Overview and the list filter', () => {
    expect([...DUPLICATE_CHANNELS].sort()).toEqual([...SERVER].sort());
    for (const channel of CHANNELS) expect(countsAsDuplicate(channel), channel).toBe(serverRule(channel));
    expect(countsAsDuplicate('review')).toBe(false);
    expect(countsAsDuplicate('chat')).toBe(true);
  });
});
