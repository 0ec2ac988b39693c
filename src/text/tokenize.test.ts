import { describe, expect, it } from 'vitest';
import { normalizedLower, stems, stripKoreanSuffix, wordSpans, words } from './tokenize.js';

describe('stripKoreanSuffix', () => {
  it.each([
    // particles (조사) on CX nouns
    ['결제가', '결제'],
    ['로그인이', '로그인'],
    ['배송은', '배송'],
    ['배송을', '배송'],
    ['결제를', '결제'],
    ['카드로', '카드'],
    ['고객님께서', '고객님'],
    ['학교에서', '학교'],
    ['학교에서는', '학교'], // the three-syllable ending wins over "는" alone
    ['사과를', '사과'],
    // endings (어미), longest first
    ['환불해주세요', '환불'],
    ['환불했습니다', '환불'],
    ['문의드립니다', '문의'],
    ['처리되었는데', '처리'],
    ['배송이에요', '배송'],
    ['교환해요', '교환'],
    ['주문하고', '주문'],
  ])('%s → %s', (word, stem) => {
    expect(stripKoreanSuffix(word)).toBe(stem);
  });

  it.each([
    ['사과', 'two syllables are never cut, though 과 is a particle'],
    ['이가', 'two syllables, both particles'],
    ['배송', 'a bare noun'],
    ['가', 'one syllable'],
    ['', 'empty'],
    ['delivery', 'English'],
    ['refunds', 'English (stemming English is features.ts’s job, not this one’s)'],
    ['login2', 'ends in a digit'],
    ['ㅋㅋㅋ', 'compatibility jamo are not syllables'],
    ['환불요청', 'no known ending at the end'],
  ])('%s stays (%s)', (word) => {
    expect(stripKoreanSuffix(word)).toBe(word);
  });

  it('keeps at least two characters, whatever matches', () => {
    // "다" is an ending, and so is "니다"; with three syllables only one may go.
    expect(stripKoreanSuffix('합니다')).toBe('합니');
    expect(stripKoreanSuffix('있어요')).toBe('있어');
  });

  it('counts Latin letters and digits towards the two kept characters', () => {
    // "에서" would leave one syllable, so only the one-syllable ending "서" can go.
    expect(stripKoreanSuffix('앱에서')).toBe('앱에');
    expect(stripKoreanSuffix('kt에서')).toBe('kt');
    expect(stripKoreanSuffix('3일째')).toBe('3일째');
  });
});

describe('words', () => {
  it('splits on spaces and punctuation, lower-cases, keeps particles', () => {
    expect(words('배송이 3일째 안 와요!! ㅠㅠ')).toEqual(['배송이', '3일째', '안', '와요', 'ㅠㅠ']);
    expect(words('Login 실패, ERROR-404 (iPhone15가)')).toEqual(['login', '실패', 'error', '404', 'iphone15가']);
  });

  it('drops emoji and symbols, treats full-width and zero-width spaces as breaks', () => {
    expect(words('최고예요👍👍 ★★★★★')).toEqual(['최고예요']);
    expect(words('환불\u3000요청\u200b드려요')).toEqual(['환불', '요청', '드려요']);
  });

  it('keeps accented Latin, Cyrillic, kana and CJK as letters', () => {
    expect(words('Café Привет カード 配送')).toEqual(['café', 'привет', 'カード', '配送']);
  });

  it('returns nothing for empty or letterless text', () => {
    expect(words('')).toEqual([]);
    expect(words(' ?! ... ')).toEqual([]);
  });
});

describe('stems', () => {
  it('strips Korean words and leaves the rest', () => {
    expect(stems('결제가 안 돼요. Card 결제를 환불해주세요')).toEqual(['결제', '안', '돼요', 'card', '결제', '환불']);
  });
});

describe('wordSpans and normalizedLower', () => {
  it.each([
    '배송이 3일째 안 와요!! ㅠㅠ',
    'Login 실패, ERROR-404 (iPhone15가)',
    '최고예요👍👍 ★★★★★',
    '환불\u3000요청\u200b드려요',
    '',
    ' ?! ... ',
    'Café Привет カード 配送',
  ])('cut %j where words() does, hashing equal words equally', (text) => {
    const lower = normalizedLower(text);
    expect(lower).toBe(text.normalize('NFC').toLowerCase());
    const spans = wordSpans(lower);
    const cut = Array.from({ length: spans.count }, (_, w) => lower.slice(spans.starts[w], spans.ends[w]));
    expect(cut).toEqual(words(text));
    const hashOf = new Map<string, number>();
    cut.forEach((word, w) => {
      expect(hashOf.get(word) ?? spans.hashes[w]).toBe(spans.hashes[w]);
      hashOf.set(word, spans.hashes[w]!);
    });
  });

  it('normalizes decomposed Hangul (macOS exports) like words() does', () => {
    const decomposed = '배송이 늦어요'.normalize('NFD');
    expect(normalizedLower(decomposed)).toBe('배송이 늦어요');
    expect(normalizedLower('ABC')).toBe('abc');
    expect(normalizedLower(decomposed)).toBe('배송이 늦어요');
  });
});
