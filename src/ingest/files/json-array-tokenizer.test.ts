import { describe, expect, it } from 'vitest';
import { JsonArrayTokenizer, type JsonElement } from './json-array-tokenizer.js';

/** The elements of `text` fed to a tokenizer in pieces of `size` characters. */
function elements(text: string, size: number): JsonElement[] {
  const tokenizer = new JsonArrayTokenizer();
  const out: JsonElement[] = [];
  for (let i = 0; i < text.length; i += size) tokenizer.push(text.slice(i, i + size), out);
  tokenizer.end(out);
  return out;
}

describe('JsonArrayTokenizer', () => {
  it('reads arrays one after another, and reports what else follows the array once, wherever the chunks are cut', () => {
    const two = '[{"a":"문의 ]"},{"a":2}]\n [ {"a":3} ]';
    const trailing = '[{"a":1}]\n{"a":2}\n{"a":3}';
    for (const size of [1, 2, 3, 7, 1000]) {
      expect(elements(two, size), `size ${size}`).toEqual([
        { index: 1, text: '{"a":"문의 ]"}' },
        { index: 2, text: '{"a":2}' },
        { index: 3, text: '{"a":3}' },
      ]);
      const out = elements(trailing, size);
      expect(out, `size ${size}`).toHaveLength(2);
      expect(out[0]).toEqual({ index: 1, text: '{"a":1}' });
      expect(out[1]).toMatchObject({ index: 2, error: expect.stringContaining('after the array') });
    }
  });
});
