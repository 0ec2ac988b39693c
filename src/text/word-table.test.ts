import { describe, expect, it } from 'vitest';
import { wordSpans } from './tokenize.js';
import { WordTable } from './word-table.js';

describe('WordTable', () => {
  it('numbers words by their characters, wherever they stand in a text', () => {
    const table = new WordTable();
    const text = '배송 환불 배송 refund 환불';
    const spans = wordSpans(text);
    const ids: number[] = [];
    for (let w = 0; w < spans.count; w++) {
      const [start, end, hash] = [spans.starts[w]!, spans.ends[w]!, spans.hashes[w]!];
      ids.push(table.find(text, start, end, hash) >= 0 ? table.find(text, start, end, hash) : table.add(text, start, end, hash));
    }
    expect(ids).toEqual([0, 1, 0, 2, 1]);
    expect(table.size).toBe(3);
  });

  it('tells apart different words with the same hash', () => {
    const table = new WordTable();
    expect(table.add('ab', 0, 2, 42)).toBe(0);
    expect(table.find('ba', 0, 2, 42)).toBe(-1);
    expect(table.find('abc', 0, 3, 42)).toBe(-1);
    expect(table.add('ba', 0, 2, 42)).toBe(1);
    expect(table.find('xab', 1, 3, 42)).toBe(0);
    expect(table.find('ba', 0, 2, 42)).toBe(1);
  });

  it('grows past its first sizes and forgets everything on clear', () => {
    const table = new WordTable();
    const words = Array.from({ length: 5_000 }, (_, i) => `단어${i}`.repeat(1 + (i % 7)));
    const hash = (s: string): number => wordSpans(s).hashes[0]!;
    words.forEach((w, i) => expect(table.add(w, 0, w.length, hash(w))).toBe(i));
    words.forEach((w, i) => expect(table.find(w, 0, w.length, hash(w))).toBe(i));
    table.clear();
    expect(table.size).toBe(0);
    expect(table.find(words[7]!, 0, words[7]!.length, hash(words[7]!))).toBe(-1);
    expect(table.add(words[7]!, 0, words[7]!.length, hash(words[7]!))).toBe(0);
  });
});
