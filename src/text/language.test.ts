import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.js';

describe('detectLanguage', () => {
  it.each([
    // Korean grammar around English words is Korean.
    ['결제 page에서 계속 loading만 돼요', 'ko'],
    ['Android 앱 crash 나요', 'ko'],
    ['delivery status 확인 부탁', 'ko'],
    ['cancel 해주세요 please', 'ko'],
    ['Galaxy로 login이 안 돼요 OTP error', 'ko'],
    // Plain Korean with a brand name, plain English, English with one Korean name.
    ['카카오페이 결제 오류가 나요', 'ko'],
    ['배송 언제 와요 ㅠㅠ', 'ko'],
    ['The export button does nothing when I click it', 'en'],
    ['Hello, this is 이지은 from the Busan store, our invoice for March is missing', 'en'],
    ['Order #A-1234 shipped via UPS', 'en'],
    // Other scripts as before.
    ['配送はいつですか', 'ja'],
    ['什么时候发货', 'zh'],
    ['12345 !!!', null],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });
});
