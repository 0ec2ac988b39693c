import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainClassifier, type TextClassifier } from './classifier.js';
import { DEFAULT_FEATURE_OPTIONS } from './features.js';
import { loadClassifier } from './model-files.js';
import { SENTIMENT_MODEL_DIR } from './sentiment.js';
import { FeatureTable, Vectorizer } from './vectorizer.js';

const reviews = readFileSync(new URL('../../test/fixtures/text/ko-nsmc-sample.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { text: string }).text);

const probes = [
  ...reviews.slice(0, 200),
  '',
  '?!…',
  '배송 배송 배송이 배송은 배송을',
  'Login 실패, ERROR-404 (iPhone15가) arrived arriving arrives',
  'ㅋㅋㅋㅋ ㅠㅠ 최고예요👍👍 ★★★★★',
  '배송이 늦어요 '.repeat(700), // longer than maxChars (4,000)
];

function vectorOf(v: Vectorizer, text: string): Map<number, number> {
  const { cols, vals, n } = v.vectorize(text);
  const out = new Map<number, number>();
  for (let i = 0; i < n; i++) out.set(cols[i]!, vals[i]!);
  return out;
}

describe('Vectorizer', () => {
  let model: TextClassifier;
  let table: FeatureTable;
  beforeAll(async () => {
    model = await loadClassifier(SENTIMENT_MODEL_DIR);
    table = new FeatureTable(model.keys, model.idf);
  });

  it('finds every vocabulary key with its column and signed idf, and nothing else', () => {
    for (let col = 0; col < model.keys.length; col += 97) {
      const at = table.find(model.keys[col]!);
      expect(table.column(at)).toBe(col);
      expect(table.weight(at)).toBe((model.keys[col]! & 1) === 0 ? model.idf[col] : -model.idf[col]!);
    }
    const known = new Set(model.keys);
    for (let key = 1; key < 5_000; key += 7) if (!known.has(key)) expect(table.find(key)).toBe(-1);
  });

  it('equals the plain computation from extractFeatures', () => {
    const v = new Vectorizer(DEFAULT_FEATURE_OPTIONS, table);
    for (const text of probes) {
      for (let pass = 0; pass < 2; pass++) {
        // First pass fills the word cache, the second reads it.
        const cached = vectorOf(v, text);
        const plain = v.vectorizeUncached(text);
        expect([...cached.keys()].sort((a, b) => a - b)).toEqual([...plain.keys()].sort((a, b) => a - b));
        for (const [col, value] of plain) expect(cached.get(col)).toBeCloseTo(value, 12);
      }
    }
  });

  it('gives identical vectors after its word cache was emptied (100,000 words)', () => {
    const v = new Vectorizer(DEFAULT_FEATURE_OPTIONS, table);
    const before = probes.map((text) => vectorOf(v, text));
    for (let i = 0; i < 2_100; i++) v.vectorize(Array.from({ length: 50 }, (_, k) => `w${(i * 50 + k).toString(36)}`).join(' '));
    probes.forEach((text, i) => expect(vectorOf(v, text)).toEqual(before[i]));
  });

  it('equals the plain computation with word trigrams too', () => {
    const labelled = reviews.slice(0, 300).map((text, i) => ({ text, label: i % 2 ? 'a' : 'b' }));
    const trigrams = trainClassifier(labelled, 'trigrams', { features: { ...DEFAULT_FEATURE_OPTIONS, wordNgrams: 3 }, calibrationShare: 0 });
    const v = new Vectorizer(trigrams.meta.features, new FeatureTable(trigrams.keys, trigrams.idf));
    for (const text of reviews.slice(0, 100)) {
      const cached = vectorOf(v, text);
      const plain = v.vectorizeUncached(text);
      expect(cached.size).toBe(plain.size);
      for (const [col, value] of plain) expect(cached.get(col)).toBeCloseTo(value, 12);
    }
  });
});
