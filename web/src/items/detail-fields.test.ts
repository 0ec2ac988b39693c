import { describe, expect, it } from 'vitest';
import { languageName, metadataRows } from './detail-fields';

describe('the detail panel’s metadata and language', () => {
  it('spreads one level of a nested object into key.sub rows and shows deeper values as JSON', () => {
    expect(
      metadataRows({ 주문채널: '앱', 쿠폰: { 코드: 'WELCOME10', 금액: 3000, 조건: { 최소: 20000 } }, 태그: ['배송', '환불'], 비어있음: {}, 없음: null }),
    ).toEqual([
      ['주문채널', '앱'],
      ['쿠폰.코드', 'WELCOME10'],
      ['쿠폰.금액', '3000'],
      ['쿠폰.조건', '{"최소":20000}'],
      ['태그', '["배송","환불"]'],
      ['비어있음', '{}'],
      ['없음', 'null'],
    ]);
  });

  it('names a language in the UI’s language with its code, and keeps a code it cannot name', () => {
    expect(languageName('ko', 'ko-KR')).toBe('한국어 (ko)');
    expect(languageName('en', 'en-US')).toBe('English (en)');
    expect(languageName('und', 'ko-KR')).toMatch(/und/);
    expect(languageName(null, 'ko-KR')).toBeNull();
    expect(languageName('not a code!', 'ko-KR')).toBe('not a code!');
  });
});
