import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lexiconScore, loadSentimentAnalyzer, SentimentAnalyzer, withoutCourtesy } from './sentiment.js';

const readJsonl = (path: string) =>
  readFileSync(new URL(path, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; label: string });

describe('sentiment', () => {
  let analyzer: SentimentAnalyzer;
  beforeAll(async () => {
    analyzer = await loadSentimentAnalyzer();
  });

  it.each([
    ['최고예요 정말 만족합니다', 'positive'],
    ['안 좋아요', 'negative'],
    ['좋지 않아요', 'negative'],
    ['별로예요', 'negative'],
    ['나쁘지 않네요 만족해요', 'positive'],
    ['배송이 너무 늦어요 짜증나네요', 'negative'],
    ['제품은 좋은데 배송이 너무 느려요', 'negative'],
    ['배송은 좀 늦었지만 제품은 정말 마음에 들어요', 'positive'],
    ['배송지 변경 가능할까요? 확인 부탁드립니다. 감사합니다.', 'neutral'],
    ['비밀번호 변경은 어디에서 하나요?', 'neutral'],
    ['Not good at all.', 'negative'],
    ['The agent was very helpful, thanks!', 'positive'],
    ['How do I change my delivery address?', 'neutral'],
    // Problem reports without emotive words, and a wish, which is not praise.
    ['Notifications stopped working since yesterday.', 'negative'],
    ['The package never arrived.', 'negative'],
    ['My card keeps getting declined at checkout', 'negative'],
    ['검색 필터 저장 기능 있으면 좋겠어요', 'neutral'],
  ])('%s → %s', (text, label) => {
    expect(analyzer.analyze(text).label).toBe(label);
  });

  it('negation flips, intensifiers strengthen, diminishers soften', () => {
    expect(lexiconScore('좋아요').sum).toBeGreaterThan(0);
    expect(lexiconScore('안 좋아요').sum).toBeLessThan(0);
    expect(lexiconScore('안좋아요').sum).toBeLessThan(0);
    expect(lexiconScore('좋지 않아요').sum).toBeLessThan(0);
    expect(lexiconScore('정말 좋아요').sum).toBeGreaterThan(lexiconScore('좋아요').sum);
    expect(lexiconScore('조금 불편해요').sum).toBeGreaterThan(lexiconScore('불편해요').sum);
    // A negated negative is only mildly positive.
    expect(lexiconScore('나쁘지 않아요').sum).toBeGreaterThan(0);
    expect(lexiconScore('나쁘지 않아요').sum).toBeLessThan(lexiconScore('좋아요').sum);
    expect(lexiconScore("I don't like it").sum).toBeLessThan(0);
  });

  it('reads words that are also names of Object.prototype properties as plain words', () => {
    // "constructor" used to find Object itself in the word lists and turn the score into NaN.
    for (const text of ['The constructor was great', 'constructor good', '배송 constructor 좋아요']) {
      const r = analyzer.analyze(text);
      expect(Number.isFinite(r.score)).toBe(true);
      expect(r.label).toBe('positive');
    }
    expect(lexiconScore('constructor')).toEqual({ sum: 0, hits: 0, negations: 0 });
  });

  it('treats sentences of pure courtesy as no opinion', () => {
    expect(withoutCourtesy('주문번호 확인 부탁드립니다. 감사합니다.')).toBe('주문번호 확인 부탁드립니다.');
    expect(withoutCourtesy('친절하게 해결해 주셔서 감사합니다')).toBe('친절하게 해결해 주셔서 감사합니다');
  });

  it('scores stay in [-1, 1] and agree in sign with the label', () => {
    for (const text of ['최악', '최고', '배송 언제 와요', '정말 정말 정말 최악 최악 최악이에요 짜증 화남 실망']) {
      const r = analyzer.analyze(text);
      expect(Math.abs(r.score)).toBeLessThanOrEqual(1);
      if (r.label === 'positive') expect(r.score).toBeGreaterThan(0);
      if (r.label === 'negative') expect(r.score).toBeLessThan(0);
    }
  });

  it('reads hand-written customer-service messages (development set) well, and far above chance on the separately written set', () => {
    // The holdout set was written by someone who never saw the lexicon or the model.
    for (const [file, floor] of [['../../test/fixtures/text/ko-cx-sentiment.jsonl', 0.85], ['../../test/fixtures/text/ko-cx-sentiment-holdout.jsonl', 0.7]] as const) {
      const rows = readJsonl(file);
      const correct = rows.filter((r) => analyzer.analyze(r.text).label === r.label).length;
      expect(correct / rows.length).toBeGreaterThanOrEqual(floor);
    }
  });

  it('without its model (lexicon only) still reads clear opinions', () => {
    const lexiconOnly = new SentimentAnalyzer(null);
    expect(lexiconOnly.analyze('정말 최악이에요').label).toBe('negative');
    expect(lexiconOnly.analyze('친절해서 좋았어요').label).toBe('positive');
    expect(lexiconOnly.analyze('주문 내역은 어디서 보나요').label).toBe('neutral');
  });
});
