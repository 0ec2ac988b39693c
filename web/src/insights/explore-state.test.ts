import { describe, expect, it } from 'vitest';
import { nestSubtopics } from './explore-state';

const line = (key: string, parent_key: string | null = null) => ({ key, source: { parent_key } });

describe('nestSubtopics', () => {
  it('puts each subtopic under its parent when the parent is a row, keeping the order otherwise', () => {
    // As the API orders them (by items): 혜택·쿠폰 392, 배송 300, 쿠폰 291 (under 혜택·쿠폰), 기타, 로그인 (its parent not shown).
    const lines = [line('10'), line('20'), line('11', '10'), line('other'), line('31', '30')];
    const { rows, nested } = nestSubtopics(lines);
    expect(rows.map((r) => [r.line.key, r.depth])).toEqual([['10', 0], ['11', 1], ['20', 0], ['other', 0], ['31', 0]]);
    expect(nested).toBe(true);
  });

  it('says nothing is nested when no parent is among the rows', () => {
    const { rows, nested } = nestSubtopics([line('11', '10'), line('none')]);
    expect(rows.map((r) => r.depth)).toEqual([0, 0]);
    expect(nested).toBe(false);
  });
});
