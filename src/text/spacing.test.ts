import { describe, expect, it } from 'vitest';
import { foldSpacing, spacingPatterns } from './spacing.js';

/** Every character JavaScript's `\\s` matches (the query side splits words on them), in code point order. */
const JS_WHITESPACE = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter((c) => /\s/.test(c));

describe('Korean spacing in search', () => {
  it('folds every whitespace run that touches Hangul, and keeps the others', () => {
    expect(foldSpacing('환불 언제 되나요?')).toBe('환불언제되나요?');
    expect(foldSpacing('로그인이\n\t안\u3000 돼요')).toBe('로그인이안돼요');
    expect(foldSpacing('3 개, iOS 앱 (환불) 요청')).toBe('3개, iOS앱(환불)요청');
    expect(foldSpacing('ORD 12 a  b')).toBe('ORD 12 a  b');
    expect(foldSpacing('ㅠ ㅠ')).toBe('ㅠㅠ');
  });

  it('gives a word joining Hangul a LIKE of its characters in order and the exact expression; other words none', () => {
    const space = `[${JS_WHITESPACE.join('')}]*`;
    expect(spacingPatterns('환불언제')).toEqual({ like: '%환%불%언%제%', regex: ['환', '불', '언', '제'].join(space) });
    // Only where Hangul joins: WELCOME10 stays one piece; LIKE and regex characters are literal.
    expect(spacingPatterns('코드WELCOME10')).toEqual({ like: '%코%드%WELCOME10%', regex: `코${space}드${space}WELCOME10` });
    expect(spacingPatterns('(환불)_%')).toEqual({ like: '%(%환%불%)\\_\\%%', regex: `\\(${space}환${space}불${space}\\)_%` });
    expect(spacingPatterns('"환불 요청"'.slice(1, -1))).toEqual(spacingPatterns('환불요청'));
    for (const word of ['ORD-12', 'a b', 'login', '환', '100%']) expect(spacingPatterns(word), word).toBeNull();
  });

  it('folds every white space JavaScript’s \\s matches (en, em, thin, hair, narrow no-break …), in the text and in the SQL class alike', () => {
    expect(JS_WHITESPACE.map((c) => c.codePointAt(0)!.toString(16))).toEqual(expect.arrayContaining(['2002', '2003', '2009', '200a', '202f']));
    for (const c of JS_WHITESPACE) {
      const hex = c.codePointAt(0)!.toString(16);
      expect(foldSpacing(`환불${c}언제${c}${c}되나요`), hex).toBe('환불언제되나요');
      expect(foldSpacing(`a${c}b`), hex).toBe(`a${c}b`);
      // The class the SQL regular expression allows between the characters holds it too.
      expect(new RegExp(spacingPatterns('환불')!.regex).test(`환${c}불`), hex).toBe(true);
    }
    // Not white space to JavaScript, not folded: the zero-width space.
    expect(foldSpacing('환불\u200b언제')).toBe('환불\u200b언제');
  });
});
