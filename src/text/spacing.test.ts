import { describe, expect, it } from 'vitest';
import { foldSpacing, spacingPatterns } from './spacing.js';

describe('Korean spacing in search', () => {
  it('folds every whitespace run that touches Hangul, and keeps the others', () => {
    expect(foldSpacing('환불 언제 되나요?')).toBe('환불언제되나요?');
    expect(foldSpacing('로그인이\n\t안\u3000 돼요')).toBe('로그인이안돼요');
    expect(foldSpacing('3 개, iOS 앱 (환불) 요청')).toBe('3개, iOS앱(환불)요청');
    expect(foldSpacing('ORD 12 a  b')).toBe('ORD 12 a  b');
    expect(foldSpacing('ㅠ ㅠ')).toBe('ㅠㅠ');
  });

  it('gives a word joining Hangul a LIKE of its characters in order and the exact expression; other words none', () => {
    const space = '[ \t\n\u000b\f\r\u00a0\u3000]*';
    expect(spacingPatterns('환불언제')).toEqual({ like: '%환%불%언%제%', regex: ['환', '불', '언', '제'].join(space) });
    // Only where Hangul joins: WELCOME10 stays one piece; LIKE and regex characters are literal.
    expect(spacingPatterns('코드WELCOME10')).toEqual({ like: '%코%드%WELCOME10%', regex: `코${space}드${space}WELCOME10` });
    expect(spacingPatterns('(환불)_%')).toEqual({ like: '%(%환%불%)\\_\\%%', regex: `\\(${space}환${space}불${space}\\)_%` });
    expect(spacingPatterns('"환불 요청"'.slice(1, -1))).toEqual(spacingPatterns('환불요청'));
    for (const word of ['ORD-12', 'a b', 'login', '환', '100%']) expect(spacingPatterns(word), word).toBeNull();
  });
});
