import { describe, expect, it } from 'vitest';
import type { PiiKind } from '../domain/item.js';
import { PII_PLACEHOLDERS, redactPii, rrnOrCardKinds } from './pii.js';

interface Case {
  input: string;
  expected: string;
  kinds: PiiKind[];
  placeholders?: 'ko' | 'en';
}

const found: Case[] = [
  // phone — mobile
  { input: '010-1234-5678로 연락주세요', expected: '[전화번호]로 연락주세요', kinds: ['phone'] },
  { input: '제 번호는01012345678입니다', expected: '제 번호는[전화번호]입니다', kinds: ['phone'] },
  { input: '010.1234.5678 으로 문자 주세요', expected: '[전화번호] 으로 문자 주세요', kinds: ['phone'] },
  { input: '010 1234 5678 번으로 전화 부탁드려요', expected: '[전화번호] 번으로 전화 부탁드려요', kinds: ['phone'] },
  { input: '+82 10-1234-5678 로 연락 바랍니다', expected: '[전화번호] 로 연락 바랍니다', kinds: ['phone'] },
  { input: '해외에서 +82-10-9876-5432로 걸었어요', expected: '해외에서 [전화번호]로 걸었어요', kinds: ['phone'] },
  { input: '82 10 1234 5678 이 제 번호예요', expected: '[전화번호] 이 제 번호예요', kinds: ['phone'] },
  { input: '+821012345678', expected: '[전화번호]', kinds: ['phone'] },
  { input: '+82 (0)10 1234 5678', expected: '[전화번호]', kinds: ['phone'] },
  { input: '011-123-4567 옛날 번호인데 아직 써요', expected: '[전화번호] 옛날 번호인데 아직 써요', kinds: ['phone'] },
  { input: '연락처: 010-1234-5678, 010-9876-5432', expected: '연락처: [전화번호], [전화번호]', kinds: ['phone'] },
  { input: '010-1234-5678/010-2222-3333 둘 중 아무나', expected: '[전화번호]/[전화번호] 둘 중 아무나', kinds: ['phone'] },
  { input: 'HP:010-1234-5678', expected: 'HP:[전화번호]', kinds: ['phone'] },
  { input: '０１０-１２３４-５６７８로 주세요', expected: '[전화번호]로 주세요', kinds: ['phone'] },
  { input: '010–1234–5678(엔대시)', expected: '[전화번호](엔대시)', kinds: ['phone'] },
  { input: '연락처 010·1234·5678 로 주세요', expected: '연락처 [전화번호] 로 주세요', kinds: ['phone'] },
  { input: '010ㆍ9876ㆍ5432로 문자 주세요', expected: '[전화번호]로 문자 주세요', kinds: ['phone'] },
  { input: '번호는 011･123･4567 이에요', expected: '번호는 [전화번호] 이에요', kinds: ['phone'] },
  { input: '연락처 821012345678', expected: '연락처 [전화번호]', kinds: ['phone'] },
  { input: '휴대폰 번호: 8201098765432 입니다', expected: '휴대폰 번호: [전화번호] 입니다', kinds: ['phone'] },
  // phone — landline, internet, safe numbers
  { input: '사무실 02-123-4567로 전화주세요', expected: '사무실 [전화번호]로 전화주세요', kinds: ['phone'] },
  { input: '집 전화 (02) 1234-5678 입니다', expected: '집 전화 [전화번호] 입니다', kinds: ['phone'] },
  { input: '031-987-6543 경기 지점입니다', expected: '[전화번호] 경기 지점입니다', kinds: ['phone'] },
  { input: '부산 051-123-4567로 주세요', expected: '부산 [전화번호]로 주세요', kinds: ['phone'] },
  { input: '070-1234-5678 인터넷전화로 왔어요', expected: '[전화번호] 인터넷전화로 왔어요', kinds: ['phone'] },
  { input: '안심번호 0505-123-4567로 걸려왔어요', expected: '안심번호 [전화번호]로 걸려왔어요', kinds: ['phone'] },
  { input: '집 전화는 0212345678', expected: '집 전화는 [전화번호]', kinds: ['phone'] },
  { input: '+82 2-123-4567 서울 본사', expected: '[전화번호] 서울 본사', kinds: ['phone'] },
  { input: '지점 02)123-4567', expected: '지점 [전화번호]', kinds: ['phone'] },
  { input: '운송장에 적힌 0212345678로 전화했어요', expected: '운송장에 적힌 [전화번호]로 전화했어요', kinds: ['phone'] },
  { input: '택배 기사님 번호 01012345678', expected: '택배 기사님 번호 [전화번호]', kinds: ['phone'] },
  // phone — English
  { input: 'Call me at +1 415-555-0132 please', expected: 'Call me at [PHONE] please', kinds: ['phone'], placeholders: 'en' },
  { input: 'my cell is (415) 555-0132', expected: 'my cell is [PHONE]', kinds: ['phone'], placeholders: 'en' },
  { input: 'UK office +44 20 7946 0958', expected: 'UK office [PHONE]', kinds: ['phone'], placeholders: 'en' },
  // rrn / frn
  { input: '주민번호 900101-1234567 입니다', expected: '주민번호 [주민등록번호] 입니다', kinds: ['rrn'] },
  { input: '주민등록번호는 9001012234567이에요', expected: '주민등록번호는 [주민등록번호]이에요', kinds: ['rrn'] },
  { input: '850315 2345678 본인인증', expected: '[주민등록번호] 본인인증', kinds: ['rrn'] },
  { input: '아이 주민번호 150229-3123456', expected: '아이 주민번호 [주민등록번호]', kinds: ['rrn'] },
  { input: '900101-1****** 으로 가입했어요', expected: '[주민등록번호] 으로 가입했어요', kinds: ['rrn'] },
  { input: '외국인등록번호 900101-5234567', expected: '외국인등록번호 [외국인등록번호]', kinds: ['frn'] },
  { input: '920304-6123456입니다', expected: '[외국인등록번호]입니다', kinds: ['frn'] },
  { input: '예약 후 주민번호 900101-1234567 보냈어요', expected: '예약 후 주민번호 [주민등록번호] 보냈어요', kinds: ['rrn'] },
  { input: '접수하면서 900101-2234567 알려드렸어요', expected: '접수하면서 [주민등록번호] 알려드렸어요', kinds: ['rrn'] },
  // email
  { input: '이메일은 kim.minsu@naver.com으로 보내주세요', expected: '이메일은 [이메일]으로 보내주세요', kinds: ['email'] },
  { input: 'minsu+vip@gmail.com 로 답장 주세요', expected: '[이메일] 로 답장 주세요', kinds: ['email'] },
  { input: '메일:lee_01@daum.net', expected: '메일:[이메일]', kinds: ['email'] },
  { input: 'hong@company.co.kr에게 전달 부탁', expected: '[이메일]에게 전달 부탁', kinds: ['email'] },
  { input: 'Contact John.Doe@example.co.uk.', expected: 'Contact [EMAIL].', kinds: ['email'], placeholders: 'en' },
  { input: '메일 ｋｉｍ＠ｎａｖｅｒ.ｃｏｍ 로', expected: '메일 [이메일] 로', kinds: ['email'] },
  // card
  { input: '카드번호 4111-1111-1111-1111 결제가 안돼요', expected: '카드번호 [카드번호] 결제가 안돼요', kinds: ['card'] },
  { input: '5500 0000 0000 0004로 결제했는데', expected: '[카드번호]로 결제했는데', kinds: ['card'] },
  { input: '결제 카드 5500 - 0000 - 0000 - 0004 취소해 주세요', expected: '결제 카드 [카드번호] 취소해 주세요', kinds: ['card'] },
  { input: '(+82)10-9876-5432 카톡 가능해요', expected: '[전화번호] 카톡 가능해요', kinds: ['phone'] },
  { input: 'Amex 3782 822463 10005 charged twice', expected: 'Amex [CARD] charged twice', kinds: ['card'], placeholders: 'en' },
  { input: '카드 4111111111111111 환불 부탁', expected: '카드 [카드번호] 환불 부탁', kinds: ['card'] },
  { input: 'BC카드 9410-1234-5678-9010 승인 취소', expected: 'BC카드 [카드번호] 승인 취소', kinds: ['card'] },
  { input: '마스터 5222-1234-5678-9016', expected: '마스터 [카드번호]', kinds: ['card'] },
  { input: '고유번호 말고 카드 4111111111111111 로 결제했어요', expected: '고유번호 말고 카드 [카드번호] 로 결제했어요', kinds: ['card'] },
  { input: '카드번호 352099001761481 맞나요', expected: '카드번호 [카드번호] 맞나요', kinds: ['card'] },
  // account
  { input: '환불받을 계좌는 신한 110-123-456789입니다', expected: '환불받을 계좌는 신한 [계좌번호]입니다', kinds: ['account'] },
  { input: '우리은행 1002-123-456789로 입금해주세요', expected: '우리은행 [계좌번호]로 입금해주세요', kinds: ['account'] },
  { input: '카카오뱅크 3333-01-1234567 예금주 홍길동', expected: '카카오뱅크 [계좌번호] 예금주 [이름]', kinds: ['account', 'name'] },
  { input: '국민 123456-01-123456 으로 보내주세요', expected: '국민 [계좌번호] 으로 보내주세요', kinds: ['account'] },
  { input: '농협 302-1234-5678-91', expected: '농협 [계좌번호]', kinds: ['account'] },
  { input: '계좌번호 1234567890123 으로 환불해주세요', expected: '계좌번호 [계좌번호] 으로 환불해주세요', kinds: ['account'] },
  { input: '110123456789 신한으로 입금 부탁', expected: '[계좌번호] 신한으로 입금 부탁', kinds: ['account'] },
  { input: 'Please refund to my bank account 123-456-789012', expected: 'Please refund to my bank account [ACCOUNT]', kinds: ['account'], placeholders: 'en' },
  // ip
  { input: '접속 IP 192.168.0.1 에서 오류', expected: '접속 IP [IP주소] 에서 오류', kinds: ['ip'] },
  { input: 'IP: 203.0.113.45:8080 차단됐어요', expected: 'IP: [IP주소]:8080 차단됐어요', kinds: ['ip'] },
  { input: 'IPv6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 에서', expected: 'IPv6 [IP주소] 에서', kinds: ['ip'] },
  { input: 'fe80::1 로 접속', expected: '[IP주소] 로 접속', kinds: ['ip'] },
  { input: '주소는 2001:db8::ff00:42:8329 입니다', expected: '주소는 [IP주소] 입니다', kinds: ['ip'] },
  { input: 'mapped ::ffff:192.168.0.1 address', expected: 'mapped [IP] address', kinds: ['ip'], placeholders: 'en' },
];

// Near misses: every one must come out unchanged with no kinds.
const unchanged: string[] = [
  '주문번호 20240512-0001234 확인 부탁드려요',
  '주문번호 ORD-2024-000123 배송이 안 와요',
  '주문번호 2024051212345678 취소해주세요',
  '주문번호 4556789012345672 (Luhn은 맞지만 주문번호)',
  '2024-05-12에 주문했어요',
  '2024.05.12 배송 예정이라더니',
  '24.05.12에 받았어요',
  '오후 12:30에 도착했어요',
  '12:30:45에 결제 오류',
  '10:30~11:00 사이에 배송 부탁',
  '15,000원 결제됐는데 환불은 언제?',
  '1,234,567원이 두 번 결제됐어요',
  'It cost $12.99 and broke in 2 days',
  '3개 샀는데 2개만 왔어요',
  'v1.2.3 업데이트 후 튕겨요',
  '앱 버전 5.12.0 에서 로그인 안 됨',
  '버전 1.2.3.4 설치했어요',
  'version 10.0.0.1 crashes on start',
  'v2.10.0.1에서 수정됐나요',
  '운송장번호 123456789012 조회가 안 돼요',
  '상품코드 AB-1234-5678 재고 있나요',
  'SKU-10012345678 문의',
  '3번 문의드렸는데 답이 없네요',
  '우편번호 06236 맞나요',
  '2024년에 가입했어요',
  '할인율 30% 적용 안 됨',
  '사업자등록번호 123-45-67890 세금계산서 발행 부탁',
  '고객센터 1588-1234에 전화했는데 안 받아요',
  '1577-1234 / 1644-5678 상담 연결이 안돼요',
  '수신거부 080-123-4567',
  '바코드 8801043012346 제품 문의',
  '카드 끝자리 1234로 결제했어요',
  '기기 고유번호 352099001761481 확인 부탁드려요',
  '단말기 고유번호: 356938035643809',
  'IMEI 490154203237518 분실 신고합니다',
  '352099001761481 기기인데 개통이 안 돼요',
  '접수 241103-1234567 건 처리 부탁드려요',
  '예약 241103-1234567 변경하고 싶어요',
  '예약: 250102-2345678 취소해 주세요',
  '주문 821012345678 배송 조회',
  '평점 4.5점, 배송 2일 걸림',
  '2024-05-12 14:30 입금했는데 확인 부탁',
  '100000000000원 입금됐나요?',
  '입금액 1,500,000원 확인 부탁드려요',
  '901301-1234567 은 날짜가 아니에요',
  '240512-0012345 접수번호로 조회해주세요',
  'Order #123456789012 has not shipped',
  'Tracking 1Z999AA10123456784 stuck',
  'std::vector<int> 에러가 납니다',
  '2024-05-12T12:30:00Z 로그 확인',
  '1.5배 빨라졌어요',
  '모델명 SM-S928N 256GB',
  '이메일 주소가 kim@ 까지만 써졌어요',
];

// Cases from the PII audit (formats and contexts the first version missed), in customer-message style.
const foundAudit: Case[] = [
  // phone — parenthesised mobile/050x prefixes, '/' and '_' separators
  { input: '(011)234-5678 번호로 연락주세요', expected: '[전화번호] 번호로 연락주세요', kinds: ['phone'] },
  { input: '어머니 번호 (019) 8765-4321 입니다', expected: '어머니 번호 [전화번호] 입니다', kinds: ['phone'] },
  { input: '011)234-5678 옛날 번호예요', expected: '[전화번호] 옛날 번호예요', kinds: ['phone'] },
  { input: '안심번호 (0505)123-4567 로 왔어요', expected: '안심번호 [전화번호] 로 왔어요', kinds: ['phone'] },
  { input: '문자는 010/9876/5432 로 주세요', expected: '문자는 [전화번호] 로 주세요', kinds: ['phone'] },
  { input: '017_234_5678 이 예전 번호', expected: '[전화번호] 이 예전 번호', kinds: ['phone'] },
  { input: '본사 02/123/4567 로 연결 부탁', expected: '본사 [전화번호] 로 연결 부탁', kinds: ['phone'] },
  {
    input: 'Please call me at (010) 2345-6789 tomorrow',
    expected: 'Please call me at [PHONE] tomorrow',
    kinds: ['phone'],
    placeholders: 'en',
  },
  // phone — a mobile glued to an ID, a name or a list number
  { input: '아이디 user_01098765432 로 로그인이 안 돼요', expected: '아이디 user_[전화번호] 로 로그인이 안 돼요', kinds: ['phone'] },
  {
    input: '비상연락처\n1.010-2345-6789(본인)\n2.010-8765-4321(배우자)',
    expected: '비상연락처\n1.[전화번호](본인)\n2.[전화번호](배우자)',
    kinds: ['phone'],
  },
  { input: '010-5555-6666_기사님 으로 저장돼 있어요', expected: '[전화번호]_기사님 으로 저장돼 있어요', kinds: ['phone'] },
  // a bare 배송/택배/상품/주문 somewhere before does not make a number a code
  { input: '택배 기사님이 놓고 간 번호 0551234567', expected: '택배 기사님이 놓고 간 번호 [전화번호]', kinds: ['phone'] },
  { input: '통관 때문에 상품 받는 분 8503152345678 적었어요', expected: '통관 때문에 상품 받는 분 [주민등록번호] 적었어요', kinds: ['rrn'] },
  { input: '주문 결제에 사용한 5425233430109903 승인 취소 부탁', expected: '주문 결제에 사용한 [카드번호] 승인 취소 부탁', kinds: ['card'] },
  { input: '배송비는 4532015112830366 로 결제했어요', expected: '배송비는 [카드번호] 로 결제했어요', kinds: ['card'] },
  // rrn / frn — '.' separator, spaced mask, labelled short and split forms
  { input: '주민번호 910505.2345678 로 인증했어요', expected: '주민번호 [주민등록번호] 로 인증했어요', kinds: ['rrn'] },
  { input: '주민등록번호 910505-2*** *** 로 가입됨', expected: '주민등록번호 [주민등록번호] 로 가입됨', kinds: ['rrn'] },
  { input: '주민번호 뒷자리 첫 숫자까지면 910505-2 예요', expected: '주민번호 뒷자리 첫 숫자까지면 [주민등록번호] 예요', kinds: ['rrn'] },
  {
    input: '주민번호 앞자리 910505 뒷자리 2345678 입니다',
    expected: '주민번호 앞자리 [주민등록번호] 뒷자리 [주민등록번호] 입니다',
    kinds: ['rrn'],
  },
  { input: '외국인등록번호 앞 950707, 뒤 6123456', expected: '외국인등록번호 앞 [외국인등록번호], 뒤 [외국인등록번호]', kinds: ['frn'] },
  // email — non-ASCII local part, Hangul domain, spelled-out forms
  { input: '답장은 홍길동@gmail.com 으로 부탁드려요', expected: '답장은 [이메일] 으로 부탁드려요', kinds: ['email'] },
  { input: '회사 메일 ceo@회사.kr 로 세금계산서 보내주세요', expected: '회사 메일 [이메일] 로 세금계산서 보내주세요', kinds: ['email'] },
  { input: 'my email is jane.doe(at)gmail.com', expected: 'my email is [EMAIL]', kinds: ['email'], placeholders: 'en' },
  { input: '메일 주소 minji @ daum.net 으로 보내주세요', expected: '메일 주소 [이메일] 으로 보내주세요', kinds: ['email'] },
  { input: 'minji[at]kakao.com 으로 보내주세요', expected: '[이메일] 으로 보내주세요', kinds: ['email'] },
  // card — '.' separators, Amex 4-6-5
  { input: '카드 4532.0151.1283.0366 로 결제했는데 취소해주세요', expected: '카드 [카드번호] 로 결제했는데 취소해주세요', kinds: ['card'] },
  { input: 'Amex 3782.822463.10005 charged twice', expected: 'Amex [CARD] charged twice', kinds: ['card'], placeholders: 'en' },
  // account — more banks, 1-digit last group, space-separated groups, label after or on the line before
  { input: 'NH 301-0123-4567-81 로 환불 부탁', expected: 'NH [계좌번호] 로 환불 부탁', kinds: ['account'] },
  { input: 'IBK기업은행 123-123456-01-012 로 환불', expected: 'IBK기업은행 [계좌번호] 로 환불', kinds: ['account'] },
  { input: '새마을금고 9003-2234-5678-1 로 입금 부탁드립니다', expected: '새마을금고 [계좌번호] 로 입금 부탁드립니다', kinds: ['account'] },
  { input: '키움증권 5012-3456-78 로 보내주세요', expected: '키움증권 [계좌번호] 로 보내주세요', kinds: ['account'] },
  { input: '우체국 500123-01-234567 으로 환불해 주세요', expected: '우체국 [계좌번호] 으로 환불해 주세요', kinds: ['account'] },
  { input: '카카오 3333-05-1234567 로 환불 부탁해요', expected: '카카오 [계좌번호] 로 환불 부탁해요', kinds: ['account'] },
  { input: '환불 계좌는 신한 110 234 567890 입니다', expected: '환불 계좌는 신한 [계좌번호] 입니다', kinds: ['account'] },
  {
    input: '반품했어요 환불은 1002-345-678901 우리은행으로 부탁드립니다',
    expected: '반품했어요 환불은 [계좌번호] 우리은행으로 부탁드립니다',
    kinds: ['account'],
  },
  { input: '상품 교환 말고 환불해주세요 352-1234-5678-93 농협 홍길동', expected: '상품 교환 말고 환불해주세요 [계좌번호] 농협 홍길동', kinds: ['account'] },
  { input: '환불받을 계좌 보내드려요.\n1002-345-678901 김철수', expected: '환불받을 계좌 보내드려요.\n[계좌번호] 김철수', kinds: ['account'] },
  { input: '환불은 우리 1002-345-678901로 해주세요', expected: '환불은 우리 [계좌번호]로 해주세요', kinds: ['account'] },
  {
    input: 'refund to Shinhan 110-123-456789 please',
    expected: 'refund to Shinhan [ACCOUNT] please',
    kinds: ['account'],
    placeholders: 'en',
  },
  // ip — a version word further back does not make an address a version
  { input: '업데이트 후 192.168.0.10 으로 접속이 안돼요', expected: '업데이트 후 [IP주소] 으로 접속이 안돼요', kinds: ['ip'] },
  { input: '앱 접속 IP 10.0.0.1 차단 해제 부탁', expected: '앱 접속 IP [IP주소] 차단 해제 부탁', kinds: ['ip'] },
  // card — a number right after a card label is the card even when mistyped (fails Luhn or its prefix)
  { input: '카드번호 1234-5678-9012-3456, 결제 취소해주세요', expected: '카드번호 [카드번호], 결제 취소해주세요', kinds: ['card'] },
  { input: '카드 번호: 5412 3456 7890 1235 로 결제했어요', expected: '카드 번호: [카드번호] 로 결제했어요', kinds: ['card'] },
  { input: '신용카드번호는 4532015112830367 입니다', expected: '신용카드번호는 [카드번호] 입니다', kinds: ['card'] },
  { input: '카드번호(1234-5678-9012-345) 한 자리 빠졌나요?', expected: '카드번호([카드번호]) 한 자리 빠졌나요?', kinds: ['card'] },
  { input: '카드번호를 5425.2334.3010.9904로 잘못 적었어요', expected: '카드번호를 [카드번호]로 잘못 적었어요', kinds: ['card'] },
  { input: 'my card number 1234 5678 9012 3456 was declined', expected: 'my card number [CARD] was declined', kinds: ['card'], placeholders: 'en' },
  { input: 'Card No. 3782-822463-10006 charged', expected: 'Card No. [CARD] charged', kinds: ['card'], placeholders: 'en' },
  // a card's grouped number right after a word ending in 카드 is the card even when it fails Luhn
  // (a mistyped card number still gives away most of the real one)
  { input: '카드 4111-1111-1111-1112 (Luhn 불일치)', expected: '카드 [카드번호] (Luhn 불일치)', kinds: ['card'] },
  // passport and driver's licence numbers (고유식별정보 under PIPA, like the RRN)
  { input: '여권번호 M12345678 입니다', expected: '여권번호 [여권번호] 입니다', kinds: ['passport'] },
  { input: '여권번호는 m123a4567이에요 (신형 여권)', expected: '여권번호는 [여권번호]이에요 (신형 여권)', kinds: ['passport'] },
  { input: '항공권 예약할 때 넣은 M98765432 여권 번호가 틀렸어요', expected: '항공권 예약할 때 넣은 [여권번호] 여권 번호가 틀렸어요', kinds: ['passport'] },
  { input: 'my passport no. is 123456789, please update the booking', expected: 'my passport no. is [PASSPORT], please update the booking', kinds: ['passport'], placeholders: 'en' },
  { input: '여권: S1234567 (일본 여권)', expected: '여권: [여권번호] (일본 여권)', kinds: ['passport'] },
  { input: '운전면허번호 11-12-345678-90 입니다', expected: '운전면허번호 [운전면허번호] 입니다', kinds: ['driver_license'] },
  { input: '렌트 예약에 면허증 번호 13-05-123456-12 넣었어요', expected: '렌트 예약에 면허증 번호 [운전면허번호] 넣었어요', kinds: ['driver_license'] },
  { input: '면허번호 서울 92-123456-01 로 인증이 안 돼요', expected: '면허번호 서울 [운전면허번호] 로 인증이 안 돼요', kinds: ['driver_license'] },
  { input: '운전면허 111234567890 등록 실패', expected: '운전면허 [운전면허번호] 등록 실패', kinds: ['driver_license'] },
  { input: '운전면허 28 19 123456 77 갱신했는데 앱에서 옛날 번호로 나와요', expected: '운전면허 [운전면허번호] 갱신했는데 앱에서 옛날 번호로 나와요', kinds: ['driver_license'] },
  { input: '11-12-345678-90 확인 부탁드립니다', expected: '[운전면허번호] 확인 부탁드립니다', kinds: ['driver_license'] },
  { input: "driver's license number 26-21-654321-43", expected: "driver's license number [DRIVER_LICENSE]", kinds: ['driver_license'], placeholders: 'en' },
  // second blind audit (session 12): forms that leaked
  { input: '010ㅡ1234ㅡ5678로 연락주세요', expected: '[전화번호]로 연락주세요', kinds: ['phone'] },
  { input: '0082-10-1234-5678 (해외에서 거는 번호)', expected: '[전화번호] (해외에서 거는 번호)', kinds: ['phone'] },
  { input: '전화번호 10-1234-5678 (앞에 0 빠짐)', expected: '전화번호 [전화번호] (앞에 0 빠짐)', kinds: ['phone'] },
  { input: '900101ㅡ1234567', expected: '[주민등록번호]', kinds: ['rrn'] },
  { input: '900101_1234567', expected: '[주민등록번호]', kinds: ['rrn'] },
  { input: '주민번호 900101 - 1 ******', expected: '주민번호 [주민등록번호]', kinds: ['rrn'] },
  { input: '주민번호 901301-1234567 (월 잘못 적음)', expected: '주민번호 [주민등록번호] (월 잘못 적음)', kinds: ['rrn'] },
  { input: '주민번호 900101-123 4567', expected: '주민번호 [주민등록번호]', kinds: ['rrn'] },
  { input: '주민번호 뒷자리 1234567 맞는지 확인 부탁드려요', expected: '주민번호 뒷자리 [주민등록번호] 맞는지 확인 부탁드려요', kinds: ['rrn'] },
  { input: '개인통관고유부호 P240012345678 입력했는데 오류나요', expected: '개인통관고유부호 [개인통관고유부호] 입력했는데 오류나요', kinds: ['customs_code'] },
  { input: '신한카드 4518-4412-3456-7890 승인 취소', expected: '신한카드 [카드번호] 승인 취소', kinds: ['card'] },
  { input: '결제카드: 5412750012345678', expected: '결제카드: [카드번호]', kinds: ['card'] },
  { input: '체크카드 5412-7500-1234-5678 (국민) 결제 취소', expected: '체크카드 [카드번호] (국민) 결제 취소', kinds: ['card'] },
  { input: '4111 11111111 1111 로 결제', expected: '[카드번호] 로 결제', kinds: ['card'] },
  { input: '4111-1111-1111-**** 로 결제된 거 맞나요', expected: '[카드번호] 로 결제된 거 맞나요', kinds: ['card'] },
  { input: '환불 110-123-456789로 해주세요', expected: '환불 [계좌번호]로 해주세요', kinds: ['account'] },
  { input: '신한카드 환불을 110-123-456789로 받고 싶어요', expected: '신한카드 환불을 [계좌번호]로 받고 싶어요', kinds: ['account'] },
  { input: '110-123-456789 로 입금해주세요', expected: '[계좌번호] 로 입금해주세요', kinds: ['account'] },
  { input: '메일주소 kim골뱅이naver.com 으로 보내주세요', expected: '메일주소 [이메일] 으로 보내주세요', kinds: ['email'] },
  { input: 'kim 골뱅이 naver.com', expected: '[이메일]', kinds: ['email'] },
  { input: '메일은 abc at naver dot com 입니다', expected: '메일은 [이메일] 입니다', kinds: ['email'] },
  { input: 'kim [at] daum [dot] net', expected: '[이메일]', kinds: ['email'] },
  { input: '아이디@naver 로 가입했어요 kim88@naver', expected: '아이디@naver 로 가입했어요 [이메일]', kinds: ['email'] },
  // names after a label, addresses with their numbers
  { input: '성함: 김민수', expected: '성함: [이름]', kinds: ['name'] },
  { input: '이름은 이서연입니다', expected: '이름은 [이름]입니다', kinds: ['name'] },
  { input: '고객명 박지훈 / 주문번호 20241123-0001', expected: '고객명 [이름] / 주문번호 20241123-0001', kinds: ['name'] },
  { input: '예금주 김민수로 입금했어요', expected: '예금주 [이름]로 입금했어요', kinds: ['name'] },
  { input: '받는 분: 남궁민수 (문 앞에 놔주세요)', expected: '받는 분: [이름] (문 앞에 놔주세요)', kinds: ['name'] },
  { input: '주문자명 김철수', expected: '주문자명 [이름]', kinds: ['name'] },
  { input: '성함 이지은 입니다', expected: '성함 [이름] 입니다', kinds: ['name'] },
  { input: 'My name is Jane Park and my order is late', expected: 'My name is [NAME] and my order is late', kinds: ['name'], placeholders: 'en' },
  { input: '주소: 서울특별시 강남구 테헤란로 123, 456동 789호', expected: '주소: [주소]', kinds: ['address'] },
  { input: '서울시 마포구 월드컵북로 396 101동 1001호로 보내주세요', expected: '[주소]로 보내주세요', kinds: ['address'] },
  { input: '배송지를 경기도 성남시 분당구 정자일로 95, 102동 304호로 변경해주세요', expected: '배송지를 [주소]로 변경해주세요', kinds: ['address'] },
  { input: '부산 해운대구 우동 1234-5 3층', expected: '[주소]', kinds: ['address'] },
  { input: '강남구 신사동 가로수길 12', expected: '[주소]', kinds: ['address'] },
  { input: '101동 1001호 앞에 두세요', expected: '[주소] 앞에 두세요', kinds: ['address'] },
];

const unchangedAudit: string[] = [
  // everyday words that also name a bank or a transfer, far from the number
  '우리 회사 견적번호 2023-0915-0042 확인 부탁드려요',
  '우리 애가 쓰는 학번 2024-10-54321 이에요',
  '하나도 안 왔어요 3012-4567-8901 이거 뭐예요',
  '기업 고객 전용 상담 1234-5678-9012-34 코드로 접수',
  '입금했는데 20241103987654 주문 확인 부탁드려요',
  '송금 완료했는데 2024-1103-0099 건 확인 부탁드립니다',
  // bank names inside other words
  '견적 요청했던 2024-1103-0012 건 신한카드로 결제할게요',
  '우체국 택배 6012-3456-7890 조회가 안 돼요',
  '토스트기 2024-1103-0012 모델 문의',
  '카카오톡으로 받은 2024-1103-0012 번호 확인',
  // four-part versions
  '앱 4.1.0.22 에서 결제 버튼이 안 눌려요',
  '펌웨어를 2.0.0.15로 올렸더니 먹통',
  '업데이트(3.2.1.0) 이후 알림이 안 와요',
  'One UI 5.1.0.3 업데이트 후 발열',
  'firmware 1.4.2.8 bricked my router',
  '빌드 2.4.1.7 에서 재현됩니다',
  '4.2.0.15 버전에서 튕겨요',
  'updated to 2.3.1.0 and now it fails',
  // codes with the shape of an RRN, a card or a landline, named right before
  '접수번호 231015-1234567 로 조회가 안 돼요',
  '주문번호 231015-2345678 반품 요청합니다',
  '상품권 PIN 5425-2334-3010-9903 등록이 안 돼요',
  '쿠폰번호 4532015112830366 적용 안 됨',
  '품번 8809123456789 사이즈 교환 가능한가요',
  '운송장 번호: 0212345678 조회 안 됨',
  'ORD-01012345678 주문 건 문의',
  // a card label with no card number right after it: words between, a date, a price, a short or an order number
  '카드번호 변경 후 주문번호 2024051212345678 로 다시 결제했어요',
  '카드번호 입력 오류, 2024-05-12 14:30 결제 시도',
  '카드번호 2024.05.12 등록분 확인 부탁드려요',
  '카드번호 등록했는데 결제금액 1,234,000원이 두 번 빠졌어요',
  '카드번호 12,900원 결제 건 문의',
  '카드번호 끝자리 3456 으로 결제했어요',
  '카드번호 12345678 입력했는데 자릿수가 모자라요',
  '카드번호 2024-05-12 2024-06-12 두 번 결제됨',
  '카드 번호 변경은 1588-1234로 문의하래요',
  'card number field rejects 2024-05-12 as a date',
  // passport-like codes without a passport label, and numbers near one that are not passport numbers
  '상품코드 M12345678 재고 있나요',
  '회원번호 M12345678 로 로그인이 안 돼요',
  '모델 SM12345678 배터리 교체',
  '여권 만료일 2030.12.31 이라 예약이 안 된대요',
  '여권 재발급 비용 53000원 환불되나요',
  '여권 지갑 주문번호 2024-1123-0042 배송 문의',
  // licence-like numbers without the shape, and licence words near dates
  '면허 갱신 2024년 11월 23일에 했어요',
  '주문번호 111234567890 취소해주세요',
  '운전면허 시험 2024-11-23 접수',
  '29-12-345678-90 코드 등록 안 됨',
  // second blind audit (session 12): near misses that were masked
  '상품 뒷면에 8801234567893 이라고 써있는데 정품 맞나요?',
  '상품 바코드 찍어보니 8809123456780 나와요',
  '2411231234567 주문건 취소해주세요',
  '주문번호 2411231234567 전화 부탁드려요',
  'IMEI 351234567890124 기기 교체 문의',
  '2.5.1.0 업데이트 이후로 앱이 계속 꺼져요',
  '크롬 119.0.0.0 에서 결제가 안돼요',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  '웨일 3.24.223.21 브라우저에서 로그인이 안돼요',
  '은행 점검 때문에 2024 11 23 12 30 에 결제 실패',
  // words after a name label are not names; a district or a road without its number is not an address
  '이름이 잘못 나와요',
  '이름 변경 가능한가요',
  '이름 한글로 바꿔주세요',
  '이름 변경은 어떻게 하나요',
  '예금주 명의 확인',
  '예금주 본인 계좌로만 환불되나요',
  '고객명 조회가 안 돼요',
  '주문자 이름이랑 받는 분 이름이 달라요',
  '이름이 이상하게 나와요',
  '받는 사람 이름 정확히 적었어요',
  '수령인 변경 요청',
  'my name is on the order',
  'Product name: Galaxy',
  '서울시 강남구에 살아요',
  '배송지: 서울 강남구 역삼동 2번 출구 앞',
  '강남구 테헤란로 2개 매장',
  '택배로 2개 보냈어요',
  '시청역 1번 출구',
  // found in public review and question sets (NSMC, question pairs): everyday words ending like a
  // district, a lot or a name label's neighbour
  '주인공 중학생으로 나오는데 촬영당시 나이가 22세... 어려보이긴 어려보이더군요',
  '짐캐리가 누군지도 모른다면 9점 이하를 주어라',
  '아무리 미스터고같은영화여도 이현우나오면 10점임',
  '새벽 4 5시에도 추천수가 10단위로 막오름',
  '무도 돌아오기만하면 0.0000000003초만에 뒤집힐텐데',
  '주성치 그 이름 하나만으로도 영화는 빛났다',
  '그 당시 딱 그 이름 석자만으로도 관객을 끌어드리는 매력이 있던 배우',
  '싸우면 연락 안 받는 사람 어떻게 해?',
  'https://news.naver.com/main/read.nhn?mode=LSD&mid=sec&sid1=102&oid=014&aid=0004357560',
];

// Third review (a fresh reviewer's probes, /tmp/review-text/pii-cases.jsonl): forms said as a sentence or
// spelled with Korean words. Every one of these positives was left unchanged before.
const foundReview: Case[] = [
  // phone — particles (or, after a mobile's prefix, commas) between the groups
  { input: '번호는 010에 9876에 5432입니다', expected: '번호는 [전화번호]입니다', kinds: ['phone'] },
  { input: '010 에 9876 에 5432 로 연락 주세요', expected: '[전화번호] 로 연락 주세요', kinds: ['phone'] },
  { input: '010이고 9876이고 5432예요', expected: '[전화번호]예요', kinds: ['phone'] },
  { input: '010에 9876-5432로 문자 주세요', expected: '[전화번호]로 문자 주세요', kinds: ['phone'] },
  { input: '사무실은 02하고 345하고 6789예요', expected: '사무실은 [전화번호]예요', kinds: ['phone'] },
  { input: '031에 765에 4321로 전화 주세요', expected: '[전화번호]로 전화 주세요', kinds: ['phone'] },
  { input: '010, 9876, 5432로 문자 주세요', expected: '[전화번호]로 문자 주세요', kinds: ['phone'] },
  { input: '공일공에 구팔칠육에 오사삼이', expected: '[전화번호]', kinds: ['phone'] },
  { input: '공일공하고 일이삼사하고 오육칠팔로 연락', expected: '[전화번호]로 연락', kinds: ['phone'] },
  { input: 'text me on 010에 9876에 5432', expected: 'text me on [PHONE]', kinds: ['phone'], placeholders: 'en' },
  // rrn / frn — a dated birth part, the halves apart with a word for the back part between
  { input: '생년월일 851224 뒷자리 2345670', expected: '생년월일 [주민등록번호] 뒷자리 [주민등록번호]', kinds: ['rrn'] },
  { input: '앞자리 851224 뒤 7자리 2345670 입니다', expected: '앞자리 [주민등록번호] 뒤 7자리 [주민등록번호] 입니다', kinds: ['rrn'] },
  { input: '생일 85.12.24 뒷번호 2****** 로 확인됐어요', expected: '생일 [주민등록번호] 뒷번호 [주민등록번호] 로 확인됐어요', kinds: ['rrn'] },
  { input: '85.12.24-2345670 으로 가입했어요', expected: '[주민등록번호] 으로 가입했어요', kinds: ['rrn'] },
  { input: '1985.12.24-2345670', expected: '[주민등록번호]', kinds: ['rrn'] },
  { input: '등록증 92/03/15 - 6123456 (외국인)', expected: '등록증 [외국인등록번호] (외국인)', kinds: ['frn'] },
  { input: 'my ID is 85.12.24-2345670', expected: 'my ID is [RRN]', kinds: ['rrn'], placeholders: 'en' },
  // email — Korean words for '@' and '.', portals' names in Hangul, spaces around '@' and '.'
  { input: 'abc123 골뱅이 naver 닷컴 으로 주세요', expected: '[이메일] 으로 주세요', kinds: ['email'] },
  { input: 'abc123 골뱅이 네이버 닷컴', expected: '[이메일]', kinds: ['email'] },
  { input: '이메일은 kim.minsu 앳 daum.net 이에요', expected: '이메일은 [이메일] 이에요', kinds: ['email'] },
  { input: 'kim.minsu 골뱅이 daum 점 net', expected: '[이메일]', kinds: ['email'] },
  { input: 'minji 엣 한메일 쩜 넷으로 보내주세요', expected: '[이메일]으로 보내주세요', kinds: ['email'] },
  { input: 'hong 골뱅이 company 쩜 co 쩜 kr', expected: '[이메일]', kinds: ['email'] },
  { input: '메일은 abc123 at naver 닷컴 입니다', expected: '메일은 [이메일] 입니다', kinds: ['email'] },
  { input: 'abc123@ naver. com 으로요', expected: '[이메일] 으로요', kinds: ['email'] },
  { input: 'abc123 @naver .com', expected: '[이메일]', kinds: ['email'] },
  { input: '메일 abc123 @ 네이버 닷컴 으로 부탁해요', expected: '메일 [이메일] 으로 부탁해요', kinds: ['email'] },
  { input: 'abc123@naver 닷컴 으로 보내주세요', expected: '[이메일] 으로 보내주세요', kinds: ['email'] },
  { input: '연락은 kim88@naver. 감사합니다', expected: '연락은 [이메일]. 감사합니다', kinds: ['email'] },
  { input: 'reach me at jane.doe@ gmail. com', expected: 'reach me at [EMAIL]', kinds: ['email'], placeholders: 'en' },
  { input: 'email me: jane.doe @gmail .com', expected: 'email me: [EMAIL]', kinds: ['email'], placeholders: 'en' },
];
// Their near misses: a prefix without its groups, the wrong prefix, dates and scores, a number label
// before 뒷자리, a portal's name with no user part, '@' before a sentence's end.
const unchangedReview: string[] = [
  '버스가 010에 도착했대요',
  '010에 전화했는데 안 받아요',
  '5시 010에 9876번 버스 타요',
  '080에 123에 4567 수신거부',
  '1588에 1234에 5678 상담',
  '1,010, 2020, 3030 순서로 올랐어요',
  '02, 123, 4567 세 개 골랐어요',
  '02에 123에 4567원 결제했어요',
  '3.5점 24-2345',
  '2024.11.30-1234567 결제건 확인',
  '2024.11.30-2024.12.02 숙박 예약',
  '24.11.30-24.12.02 배송 예정',
  '주문 24.11.30-1234567 건',
  '2030.01.01-3123456 코드',
  '계좌번호 앞자리 110123 뒷자리 4567890',
  '전화번호 뒷자리 5432로 주문했어요',
  '생일 851224 뒷자리 1234',
  '네이버 닷컴에서 샀어요',
  '다음 닷컴 메인에 떴어요',
  'naver 점 com 에서 검색했어요',
  'look at naver dot com',
  'look at 네이버 닷컴',
  'thanks @john. Net income rose',
  'thanks @john. me too',
  '앳된 얼굴이 매력적이에요',
  'GS25 골뱅이 네이버 최저가',
  '골뱅이 무침 평점 3.5점 com',
  'abc123 골뱅이 네이버',
  'iPhone @ 네이버 닷컴에서 최저가',
];

// Names in free text (session 28): a surname and two syllables (or 남궁, 황보… and one or two) next
// to an honorific or a role word — and the ordinary words of that shape that must stay.
const foundFreeNames: Case[] = [
  { input: '환불 요청드립니다.\n감사합니다.\n류지우', expected: '환불 요청드립니다.\n감사합니다.\n[이름]', kinds: ['name'] },
  { input: '확인 부탁드립니다\n김민수 드림', expected: '확인 부탁드립니다\n[이름] 드림', kinds: ['name'] },
  { input: '김민수 고객님 주문 건 확인 부탁드립니다', expected: '[이름] 고객님 주문 건 확인 부탁드립니다', kinds: ['name'] },
  { input: '박지영님이 어제 전화하셨는데', expected: '[이름]님이 어제 전화하셨는데', kinds: ['name'] },
  { input: '담당자 이서준 님께 전달 부탁드려요', expected: '담당자 [이름] 님께 전달 부탁드려요', kinds: ['name'] },
  { input: '홍길동 고객 요청으로 교환 처리했습니다', expected: '[이름] 고객 요청으로 교환 처리했습니다', kinds: ['name'] },
  { input: '이영희씨가 택배를 대신 받았어요', expected: '[이름]씨가 택배를 대신 받았어요', kinds: ['name'] },
  { input: '최준호 과장님께 전달 부탁드립니다', expected: '[이름] 과장님께 전달 부탁드립니다', kinds: ['name'] },
  { input: '정수빈 대리님 메일 확인했어요', expected: '[이름] 대리님 메일 확인했어요', kinds: ['name'] },
  { input: '남궁민수님 주문 건입니다', expected: '[이름]님 주문 건입니다', kinds: ['name'] },
  { input: '황보현 씨 배송 주소 변경', expected: '[이름] 씨 배송 주소 변경', kinds: ['name'] },
  { input: '상담사 김하늘입니다. 무엇을 도와드릴까요?', expected: '상담사 [이름]입니다. 무엇을 도와드릴까요?', kinds: ['name'] },
  { input: '택배기사 박철수가 문 앞에 던지고 갔어요', expected: '택배기사 [이름]가 문 앞에 던지고 갔어요', kinds: ['name'] },
  { input: '고객 홍길동의 요청으로 환불', expected: '고객 [이름]의 요청으로 환불', kinds: ['name'] },
  { input: '김서연 회원님 안녕하세요', expected: '[이름] 회원님 안녕하세요', kinds: ['name'] },
  { input: '윤하은 매니저님 응대가 최고였어요', expected: '[이름] 매니저님 응대가 최고였어요', kinds: ['name'] },
  { input: '강민호 기사님이 친절하셨어요', expected: '[이름] 기사님이 친절하셨어요', kinds: ['name'] },
  { input: '한예린 상담사님께 감사드려요', expected: '[이름] 상담사님께 감사드려요', kinds: ['name'] },
  { input: '임채원님, 주문 확인되었습니다', expected: '[이름]님, 주문 확인되었습니다', kinds: ['name'] },
  { input: '(서지우 고객님) 재발송 요청', expected: '([이름] 고객님) 재발송 요청', kinds: ['name'] },
  { input: '담당 직원 이도윤 선생님 감사합니다', expected: '담당 직원 [이름] 선생님 감사합니다', kinds: ['name'] },
  { input: '박지훈님 010-1234-5678로 연락 주세요', expected: '[이름]님 [전화번호]로 연락 주세요', kinds: ['phone', 'name'] },
  { input: 'Hi, this is Jane Park from Acme. My order is late', expected: 'Hi, this is [NAME] from Acme. My order is late', kinds: ['name'], placeholders: 'en' },
  { input: 'This is Minsu Kim, order 1234 never arrived', expected: 'This is [NAME], order 1234 never arrived', kinds: ['name'], placeholders: 'en' },
  { input: 'Hello, this is Jiyoung Lee here.', expected: 'Hello, this is [NAME] here.', kinds: ['name'], placeholders: 'en' },
];

const unchangedFreeNames: string[] = [
  '감사합니다.\n고객센터',
  '감사합니다\n배송팀',
  '배송이 늦어요\n최고야',
  '감사합니다.\n정말로',
  '선생님 감사합니다',
  '사장님께서 직접 전화 주셨어요',
  '고객님께 안내드립니다',
  '기사님이 문 앞에 두고 가셨어요',
  '김치찌개가 너무 짜요',
  '이상한 님이 댓글을 달았네요',
  '정말 감사합니다',
  '최고예요 또 살게요',
  '강사님 설명이 좋았어요',
  '박스가 찌그러져 왔어요',
  '조용한 씨앗 이야기',
  '홍길동 고객센터에 전화했어요',
  '구매자님 확인 부탁드려요',
  '주문자님 성함 확인 부탁',
  '전문가님 상담 받고 싶어요',
  '안내원님이 친절했어요',
  '이모님 반찬이 맛있어요',
  '하느님 맙소사',
  '부모님 선물로 샀어요',
  '손님이 너무 많아요',
  '형님 감사합니다',
  '감독님 작품 최고',
  '배우님들 연기 좋았어요',
  '관리자님 확인 부탁드립니다',
  '고객 정보가 유출됐어요',
  '고객 서비스가 엉망이에요',
  '상담사 연결이 안 돼요',
  '담당자 배정이 늦어요',
  '배송기사님 최고',
  '임산부 고객 배려해주세요',
  '반품한 고객님께 안내',
  '연기가 장난아님 진짜',
  '성룡형님 영화 최고',
  '조배우님 연기 좋아요',
  '김 과장님 통화 부탁',
  '선배님 감사합니다',
  '하세요 님들',
  'This is Park Avenue.',
  'This is Central Park, right?',
  'Hi, this is Customer Service from Acme',
  'He said this is John Smith from the bank',
];

describe('redactPii', () => {
  it.each(found)('redacts: $input', ({ input, expected, kinds, placeholders }) => {
    expect(redactPii(input, { placeholders })).toEqual({ text: expected, kinds });
  });

  it.each(unchanged)('leaves near miss alone: %s', (input) => {
    expect(redactPii(input)).toEqual({ text: input, kinds: [] });
  });

  it.each(foundAudit)('redacts (audit): $input', ({ input, expected, kinds, placeholders }) => {
    expect(redactPii(input, { placeholders })).toEqual({ text: expected, kinds });
  });

  it.each(unchangedAudit)('leaves near miss alone (audit): %s', (input) => {
    expect(redactPii(input)).toEqual({ text: input, kinds: [] });
  });

  it.each(foundReview)('redacts (review): $input', ({ input, expected, kinds, placeholders }) => {
    expect(redactPii(input, { placeholders })).toEqual({ text: expected, kinds });
  });

  it.each(unchangedReview)('leaves near miss alone (review): %s', (input) => {
    expect(redactPii(input)).toEqual({ text: input, kinds: [] });
  });

  it.each(foundFreeNames)('redacts a name in free text: $input', ({ input, expected, kinds, placeholders }) => {
    expect(redactPii(input, { placeholders })).toEqual({ text: expected, kinds });
    expect(redactPii(expected, { placeholders })).toEqual({ text: expected, kinds: [] });
  });

  it.each(unchangedFreeNames)('leaves an ordinary word before an honorific alone: %s', (input) => {
    expect(redactPii(input)).toEqual({ text: input, kinds: [] });
  });

  it('has enough cases', () => {
    expect(foundFreeNames.length + unchangedFreeNames.length).toBeGreaterThanOrEqual(60);
    expect(found.length + unchanged.length).toBeGreaterThanOrEqual(70);
    expect(unchanged.length).toBeGreaterThanOrEqual(25);
    expect(foundAudit.length + unchangedAudit.length).toBeGreaterThanOrEqual(40);
  });

  it('redacts several kinds in one text and reports them in PII_KINDS order', () => {
    const input =
      '환불 요청합니다. 연락처 010-1234-5678, 메일 kim@naver.com, 주민번호 900101-1234567.\n' +
      '환불받을 계좌는 신한 110-123-456789이고 결제는 4111 1111 1111 1111 카드로 했어요. 접속 IP 10.0.0.7';
    const r = redactPii(input);
    expect(r.text).toBe(
      '환불 요청합니다. 연락처 [전화번호], 메일 [이메일], 주민번호 [주민등록번호].\n' +
        '환불받을 계좌는 신한 [계좌번호]이고 결제는 [카드번호] 카드로 했어요. 접속 IP [IP주소]',
    );
    expect(r.kinds).toEqual(['phone', 'rrn', 'email', 'card', 'account', 'ip']);
  });

  it('rrnOrCardKinds: the RRN, FRN and card kinds redactPii finds where no label names them', () => {
    const refs = ['900101-1234567', '900101-5234567', '4111111111111111', '4111 1111 1111 1111', '８８０１０１-１２３４５６７', 'SM20251228-364208', '2024110312345678', '240512-0012345', 'ORD-900101-1234567', '85.12.24-2345670', '2024.11.30-1234567'];
    const inputs = [...found, ...foundAudit].map((c) => c.input).concat(unchanged, unchangedAudit, refs);
    for (const input of inputs) {
      const want: PiiKind[] = redactPii(input).kinds.filter((k) => k === 'rrn' || k === 'frn' || k === 'card');
      const labelled = /주민|외국인|카드|card/i.test(input); // their label rules are redactPii's alone
      if (labelled) expect(rrnOrCardKinds(input).every((k) => want.includes(k)), input).toBe(true);
      else expect(rrnOrCardKinds(input), input).toEqual(want);
    }
    expect(refs.map((r) => rrnOrCardKinds(r).join())).toEqual(['rrn', 'frn', 'card', 'card', 'rrn', '', '', '', '', 'rrn', '']);
  });

  it('redacts a mobile spelled in Hangul numerals or typed in fragments, and not lookalikes', () => {
    const phone = (s: string) => redactPii(s).text;
    expect(phone('공일공-일이삼사-오육칠팔로 연락 주세요')).toBe('[전화번호]로 연락 주세요');
    expect(phone('번호는 공일공 1234 오육칠팔이에요')).toBe('번호는 [전화번호]이에요');
    expect(phone('영일영.일이삼사.오육칠팔')).toBe('[전화번호]');
    expect(phone('010-일이삼사-5678 문자 주세요')).toBe('[전화번호] 문자 주세요');
    expect(phone('0 1 0 1 2 3 4 5 6 7 8 으로 전화')).toBe('[전화번호] 으로 전화');
    expect(phone('010 12 34 56 78')).toBe('[전화번호]');
    // A particle after the last group is not a digit (이 is 2): review s19.
    expect(phone('공일일-이삼사-오육칠팔이요')).toBe('[전화번호]이요');
    expect(phone('공일공 일이삼사 오육칠팔이에요')).toBe('[전화번호]이에요');
    expect(phone('0 1 1 2 3 4 5 6 7 8 이면 돼요')).toBe('[전화번호] 이면 돼요');
    for (const near of ['로또 번호 01 12 23 34 45 06 당첨', '01.01.2024 12시 주문', '영일만 일대 여행 후기', '일 이 삼 사 오 육 칠 팔 구 순서대로', '공일공일이삼사오육칠', '1 2 3 4 5 6 7 8 9 10 번 문항', '좌석 0-1-7-2-3-4-5-6-7-8 번', '010 12 34 567 이요']) {
      expect(redactPii(near), near).toEqual({ text: near, kinds: [] });
    }
  });

  it('uses English placeholders on request', () => {
    const r = redactPii('010-1234-5678 / 900101-5234567 / a@b.co', { placeholders: 'en' });
    expect(r).toEqual({ text: '[PHONE] / [FRN] / [EMAIL]', kinds: ['phone', 'frn', 'email'] });
  });

  it('is idempotent', () => {
    for (const c of [...found, ...foundAudit, ...foundReview]) {
      const once = redactPii(c.input, { placeholders: c.placeholders }).text;
      expect(redactPii(once, { placeholders: c.placeholders })).toEqual({ text: once, kinds: [] });
    }
  });

  it('placeholders contain nothing a detector could match', () => {
    for (const set of Object.values(PII_PLACEHOLDERS)) {
      for (const p of Object.values(set)) expect(p).not.toMatch(/[0-9@]/);
    }
  });

  it('handles the empty string and text without digits', () => {
    expect(redactPii('')).toEqual({ text: '', kinds: [] });
    expect(redactPii('배송이 너무 늦어요 ㅠㅠ')).toEqual({ text: '배송이 너무 늦어요 ㅠㅠ', kinds: [] });
  });

  it('finishes quickly on 100 KB texts, including adversarial ones', () => {
    const sentence = '배송이 늦어요. 주문번호 20240512-0001234, 연락처 010-1234-5678, 15,000원 결제했어요. ';
    const texts = [
      sentence.repeat(Math.ceil(100_000 / sentence.length)),
      '1'.repeat(100_000),
      `${'a'.repeat(100_000)}@`,
      'ab:'.repeat(34_000),
      '1.'.repeat(50_000),
      '계좌 '.repeat(10_000) + '1'.repeat(60_000),
      '계좌 '.repeat(10_000) + '1 '.repeat(30_000),
      `${'김'.repeat(100_000)}@`,
      'a(at)'.repeat(20_000) + 'b.com',
      '주민번호 ' + '900101 '.repeat(14_000),
      '앱 1.2.3.4 '.repeat(10_000),
      '카드번호 '.repeat(5_000) + '1 '.repeat(30_000),
      '카드번호 1234-'.repeat(7_000),
      'a 점 '.repeat(25_000) + 'x',
      'a @ b. '.repeat(15_000),
      'abc 골뱅이 ' + 'naver 닷 '.repeat(12_000),
      '010에 '.repeat(20_000),
      '공일공에 '.repeat(20_000),
      '851224 뒷자리 '.repeat(8_000),
      '85.12.24-'.repeat(10_000),
    ];
    for (const text of texts) {
      const t0 = performance.now();
      const r = redactPii(text);
      expect(performance.now() - t0).toBeLessThan(2_000);
      expect(r.text.length).toBeGreaterThan(0);
    }
    const big = redactPii(texts[0]);
    expect(big.kinds).toEqual(['phone']);
    expect(big.text).not.toMatch(/010-1234-5678/);
    expect(big.text).toContain('20240512-0001234');
  });
});
