import { describe, expect, it } from 'vitest';
import { detectLocale, translate } from './i18n';

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
});
