import { describe, expect, it } from 'vitest';
import { countKey, detectLocale, translate } from './i18n';

describe('i18n', () => {
  it('picks English only when the browser clearly prefers it', () => {
    expect(detectLocale(['en-US', 'ko'])).toBe('en');
    expect(detectLocale(['ko-KR', 'en-US'])).toBe('ko');
    expect(detectLocale(['ja-JP'])).toBe('ko');
    expect(detectLocale([])).toBe('ko');
  });

  it('fills placeholders', () => {
    expect(translate('ko', 'pii.redacted', { kind: '전화번호' })).toBe('전화번호 가림');
    expect(translate('en', 'items.showingOf', { shown: 50, total: '1,234' })).toBe('Showing 50 of 1,234');
  });

  it('says "1 rating", not "1 ratings": the one form for a count of one, where a message has it', () => {
    const csat = (n: number) => translate('en', countKey('overview.csatNote', n), { n, lower: 80, upper: 95, mean: '4.50' });
    expect(csat(1)).toBe('1 rating · 95% interval 80–95% · mean 4.50');
    expect(csat(2)).toBe('2 ratings · 95% interval 80–95% · mean 4.50');
    expect(csat(0)).toBe('0 ratings · 95% interval 80–95% · mean 4.50');
    expect(translate('ko', countKey('overview.csatNote', 1), { n: 1, lower: 80, upper: 95, mean: '4.50' })).toBe('응답 1건 · 95% 구간 80~95% · 평균 4.50점');
    expect(translate('en', countKey('overview.itemsUnit', 1))).toBe('item');
    expect(translate('en', countKey('range.summary', 1), { range: 'Dec 5', days: 1 })).toBe('Dec 5 (1 day)');
    expect(translate('en', countKey('metricsUpload.rejected', 1), { count: 1 })).toBe('1 row rejected');
    // A message without a one form stays as it is.
    expect(countKey('items.showingOf', 1)).toBe('items.showingOf');
  });

  it('has the one form of a message in both languages, in the same words but the count', () => {
    const stems = ['overview.csatNote', 'overview.npsNote', 'overview.responses', 'overview.reviewStarsNote', 'metricsUpload.stored', 'metrics.deleted'] as const;
    for (const key of stems) {
      const one = countKey(key, 1);
      expect(one).toBe(`${key}One`);
      expect(translate('ko', one, { n: 1, count: 1 })).toBe(translate('ko', key, { n: 1, count: 1 }));
      expect(translate('en', one, { n: 1, count: 1 })).not.toBe(translate('en', key, { n: 1, count: 1 }));
    }
  });
});
