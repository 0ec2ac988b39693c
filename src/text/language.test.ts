import { describe, expect, it } from 'vitest';
import { detectLanguage, withoutPlaceholders } from './language.js';
import { PII_PLACEHOLDERS, redactPii } from './pii.js';

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
    // Product names and codes are no English words; Korean endings make a sentence Korean.
    ['Galaxy S24 Ultra 512GB 배송', 'ko'],
    ['iPad Air M2 재고', 'ko'],
    ['Status: 503 SERVICE_UNAVAILABLE 나옴', 'ko'],
    ['TypeError: Cannot read properties of undefined at main.js:7 라고 떠요', 'ko'],
    // English sentences that name Korean dishes, people or banks stay English.
    ['We ordered 김밥 and got 라면 instead', 'en'],
    ['My friend 박서연 told me about your app', 'en'],
    // Jamo emoticons are Korean alone, not next to English.
    ['ty ㅋㅋ', 'en'],
    ['Still not fixed ㅠㅠ', 'en'],
    ['ㅠㅠ', 'ko'],
    ['ok ㄱㅅ', 'en'],
    // Vietnamese and Thai customers of a Korean shop (Vietnamese was read as English).
    ['Tôi chưa nhận được hàng, đơn hàng đã đặt một tuần rồi', 'vi'],
    ['Làm sao để đổi mật khẩu?', 'vi'],
    ['ยังไม่ได้รับสินค้าค่ะ สั่งไปหนึ่งอาทิตย์แล้ว', 'th'],
    // One Vietnamese place name in an English sentence decides nothing.
    ['The café in Hà Nội was closed when the courier arrived', 'en'],
    ['Tôi muốn hoàn tiền 주문 취소해 주세요', 'ko'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('reads accented letters of other languages as Latin, not as Vietnamese', () => {
    // French, Portuguese, German: not told apart (a Latin text without Vietnamese letters is guessed English).
    for (const text of ['Je n’ai pas reçu ma commande, où est-elle ?', 'Não recebi o meu pedido até agora', 'Die Bestellung ist noch nicht angekommen, bitte prüfen']) {
      expect(detectLanguage(text)).not.toBe('vi');
      expect(detectLanguage(text)).not.toBeNull();
    }
  });

  it('does not count redaction placeholders as letters of any language', () => {
    for (const forms of Object.values(PII_PLACEHOLDERS)) {
      for (const placeholder of Object.values(forms)) {
        expect(detectLanguage(`Please text me at ${placeholder} when it ships`)).toBe('en');
        expect(detectLanguage(`${placeholder}로 연락 부탁드려요`)).toBe('ko');
        expect(detectLanguage(placeholder)).toBeNull();
      }
    }
    // As ingest sees it: the text is masked first.
    expect(detectLanguage(redactPii('Text me on 010-3141-5926 please').text)).toBe('en');
    expect(detectLanguage(redactPii('Refund to 신한은행 110-234-567890 thanks, I was charged twice').text)).toBe('en');
    expect(detectLanguage(redactPii('my email is sam.lee@example.com, order still missing').text)).toBe('en');
  });

  it('removes placeholders with a particle glued to them, and nothing else in brackets', () => {
    expect(withoutPlaceholders('[전화번호]로 연락주세요').trim()).toBe('연락주세요');
    expect(withoutPlaceholders('[이름]님 주문 건').trim()).toBe('주문 건');
    expect(withoutPlaceholders('[광고] 이벤트 안내')).toBe('[광고] 이벤트 안내');
    expect(withoutPlaceholders('no brackets here')).toBe('no brackets here');
  });
});
