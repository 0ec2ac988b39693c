// Slot values for demo texts of 소리마켓, an imaginary Korean shopping + membership app.
// A slot remembers its value for the rest of one text, so "{product}" twice names one product.

import { civilFromDays, DAY_MS, formatKstDayCompact, kstDayNumber } from './calendar.js';
import { createRng, hashInt, intBetween, pick, type Rng } from './rng.js';
import type { RenderContext, SlotTable } from './template.js';

/** Everything one text (and its re-ask) shares. Reset with `resetTextContext` per item. */
export interface TextContext extends RenderContext {
  rng: Rng;
  createdMs: number;
  /** Set while rendering an incident item: pins the app version of the login outage. */
  incidentAppVersion: string | null;
  productIndex: number;
  product2Index: number;
  orderNo: string | undefined;
  amount: string | undefined;
  bankIndex: number;
  size: string | undefined;
  color: string | undefined;
  courier: string | undefined;
  reasonText: string | undefined;
  reasonLabel: string | undefined;
  /** The customer writing, or -1: their phone, email and name stay the same across their items. */
  customerIndex: number;
  account: string | undefined;
}

/** A context to reuse for every text of one generator run. */
export function createTextContext(rng: Rng): TextContext {
  return {
    rng,
    createdMs: 0,
    incidentAppVersion: null,
    productIndex: -1,
    product2Index: -1,
    orderNo: undefined,
    amount: undefined,
    bankIndex: -1,
    size: undefined,
    color: undefined,
    courier: undefined,
    reasonText: undefined,
    reasonLabel: undefined,
    customerIndex: -1,
    account: undefined,
  };
}

/** Forgets the previous text's slot values before the next text. */
export function resetTextContext(c: TextContext, createdMs: number): void {
  c.createdMs = createdMs;
  c.incidentAppVersion = null;
  c.productIndex = -1;
  c.product2Index = -1;
  c.orderNo = undefined;
  c.amount = undefined;
  c.bankIndex = -1;
  c.size = undefined;
  c.color = undefined;
  c.courier = undefined;
  c.reasonText = undefined;
  c.reasonLabel = undefined;
  c.customerIndex = -1;
  c.account = undefined;
}

/** Products of 소리마켓 with a price in won; the index is the product reference. */
export const PRODUCTS: readonly { name: string; price: number; apparel?: boolean; shoe?: boolean; fragile?: boolean; fresh?: boolean }[] = [
  { name: '무선 이어폰', price: 59_000 },
  { name: '에어프라이어', price: 89_000 },
  { name: '스텐 텀블러', price: 19_800 },
  { name: '캠핑 의자', price: 42_000 },
  { name: '유기농 견과 세트', price: 24_900, fresh: true },
  { name: '세탁세제 리필 3개입', price: 16_900 },
  { name: '기모 후드티', price: 39_000, apparel: true },
  { name: '러닝화', price: 79_000, apparel: true, shoe: true },
  { name: '전동칫솔', price: 45_000 },
  { name: '샴푸 1L', price: 12_900 },
  { name: '생수 2L 12병', price: 8_900 },
  { name: '블루투스 스피커', price: 49_000 },
  { name: '아기 물티슈 10팩', price: 15_900 },
  { name: '닭가슴살 30팩', price: 36_000, fresh: true },
  { name: '원목 수납 선반', price: 67_000 },
  { name: '노트북 파우치', price: 21_000 },
  { name: '요가매트', price: 27_000 },
  { name: '커피 캡슐 50개', price: 29_900 },
  { name: '포기김치 5kg', price: 32_000, fresh: true },
  { name: '강아지 사료 6kg', price: 54_000 },
  { name: '유리 밀폐용기 세트', price: 34_900, fragile: true },
  { name: '와인잔 2P', price: 26_000, fragile: true },
  { name: '제주 감귤 5kg', price: 23_900, fresh: true },
  { name: '린넨 셔츠', price: 45_000, apparel: true },
  { name: '무선 청소기', price: 219_000 },
  { name: '가습기', price: 58_000 },
  { name: '휴대폰 케이스', price: 14_900 },
  { name: '스킨케어 세트', price: 48_000 },
  { name: '밀키트 부대찌개', price: 13_900, fresh: true },
  { name: '전기포트', price: 31_000 },
  { name: '데님 팬츠', price: 52_000, apparel: true },
  { name: '고양이 모래 4팩', price: 28_900 },
];

const SCREENS = ['장바구니', '결제 화면', '마이페이지', '주문 내역', '쿠폰함', '상품 상세', '검색 화면', '홈 화면', '리뷰 작성', '설정', '배송 조회', '멤버십 화면'];
const ERRORS = [
  '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요',
  '네트워크 연결 상태를 확인해주세요',
  '세션이 만료되었습니다',
  '인증에 실패했습니다(E401)',
  '알 수 없는 오류가 발생했습니다(E-1024)',
  '서버와 연결할 수 없습니다',
  'Error 500',
  '요청 처리 중 문제가 발생했어요',
];
const SCREENS_EN = ['cart', 'checkout page', 'My Page', 'order history', 'coupon page', 'product page', 'search page'];
const DEVICES_EN = ['iPhone 15', 'iPhone 13', 'Galaxy S24', 'Galaxy S23', 'Galaxy Z Flip5', 'iPad', 'Pixel 8'];
const ERRORS_EN = ['Something went wrong', 'Session expired', 'Authentication failed (E401)', 'Unable to connect to server', 'Error 500'];
const PAY_ERRORS = [
  '결제 승인에 실패했습니다(PG-5003)',
  '결제 처리 중 오류가 발생했습니다',
  '카드사 응답이 지연되고 있습니다',
  '유효하지 않은 결제 요청입니다',
  '결제 인증 시간이 초과되었습니다',
];
const COUPON_ERRORS = ['적용 가능한 상품이 없습니다', '이미 사용된 쿠폰입니다', '최소 주문 금액을 확인해주세요', '쿠폰 사용 기간이 아닙니다'];
const DEVICES = ['아이폰 15', '아이폰 13 미니', '아이폰 12', '갤럭시 S24', '갤럭시 S23', '갤럭시 Z플립5', '갤럭시 A34', '갤럭시 노트20', '아이패드', '갤럭시 탭'];
const APP_VERSIONS = ['5.11.2', '5.12.0', '5.12.1', '5.12.3'];
const PAY_METHODS = ['카카오페이', '네이버페이', '토스페이', '신용카드', '무통장입금', '휴대폰 결제', '삼성페이', '페이코'];
const CARDS = ['신한카드', '국민카드', '현대카드', '삼성카드', '롯데카드', '우리카드', '하나카드', 'BC카드'];
const COURIERS = ['CJ대한통운', '한진택배', '롯데택배', '우체국택배', '로젠택배'];
const COUPONS = ['신규가입 10% 쿠폰', '주말 특가 쿠폰', '무료배송 쿠폰', '생일 쿠폰', '5,000원 할인 쿠폰', '멤버십 전용 쿠폰', '앱 첫 구매 쿠폰'];
const PLANS = ['베이직', '프로'];
/** The support team. */
export const AGENTS = ['김하늘', '이서준', '박지민', '최유나', '정민호', '한소희', '윤도현', '강다은', '오세영'];
const CLOTHES_SIZES = ['S', 'M', 'L', 'XL'];
const SHOE_SIZES = ['230', '240', '250', '260', '270', '280'];
const COLORS = ['블랙', '화이트', '아이보리', '네이비', '베이지', '그레이', '카키', '핑크'];
const CITIES = ['제주도', '울릉도', '백령도', '해외', '캐나다', '베트남', '시골'];
const SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황', '안', '송', '류', '홍'];
const GIVEN_NAMES = ['민준', '서연', '지훈', '하은', '도윤', '지우', '예준', '수아', '현우', '지민', '유진', '승현', '은지', '태희', '동현', '소영', '미경', '정호'];
const EMAIL_LOCALS = ['minsu', 'jiyoung', 'hyunwoo', 'seoyeon', 'jh.park', 'kimsy', 'leeej', 'soojin', 'dongwook', 'yuna.choi', 'hana', 'taehee', 'sujin.k', 'mkang'];
const EMAIL_DOMAINS = ['naver.com', 'naver.com', 'gmail.com', 'gmail.com', 'daum.net', 'hanmail.net', 'kakao.com', 'nate.com'];

/** Banks and the digit groups of their account numbers; a leading fixed part keeps them recognisable. */
const BANKS: readonly { name: string; groups: readonly (string | number)[] }[] = [
  { name: '국민은행', groups: [6, 2, 6] },
  { name: '신한은행', groups: ['110', 3, 6] },
  { name: '우리은행', groups: ['1002', 3, 6] },
  { name: '하나은행', groups: [3, 6, 5] },
  { name: '농협', groups: ['302', 4, 4, 2] },
  { name: '카카오뱅크', groups: ['3333', 2, 7] },
  { name: '토스뱅크', groups: ['1000', 4, 4] },
  { name: '기업은행', groups: [3, 6, 2, 3] },
];

function digits(rng: Rng, n: number): string {
  // Up to 9 digits from one draw (2^32 > 10^9).
  let s = '';
  while (n > 0) {
    const k = Math.min(n, 9);
    s += String(Math.floor(rng() * 10 ** k)).padStart(k, '0');
    n -= k;
  }
  return s;
}

function won(amount: number): string {
  return `${amount.toLocaleString('en-US')}원`;
}

// toLocaleString is slow; amounts repeat, so keep them.
const wonCache = new Map<number, string>();
function wonCached(amount: number): string {
  let s = wonCache.get(amount);
  if (s === undefined) {
    s = won(amount);
    if (wonCache.size < 5000) wonCache.set(amount, s);
  }
  return s;
}

function productIndex(c: TextContext): number {
  if (c.productIndex < 0) c.productIndex = (c.rng() * PRODUCTS.length) | 0;
  return c.productIndex;
}

const APPAREL = PRODUCTS.flatMap((p, i) => (p.apparel ? [i] : []));
const FRESH = PRODUCTS.flatMap((p, i) => (p.fresh ? [i] : []));
const FRAGILE = PRODUCTS.flatMap((p, i) => (p.fragile ? [i] : []));

/** The text's product, chosen among `kinds` (clothes for size questions, food for spoiled goods). */
function productOfKind(c: TextContext, kinds: readonly number[]): number {
  if (c.productIndex < 0 || !kinds.includes(c.productIndex)) c.productIndex = pick(c.rng, kinds);
  return c.productIndex;
}

function sizesOf(c: TextContext): readonly string[] {
  return c.productIndex >= 0 && PRODUCTS[c.productIndex].shoe ? SHOE_SIZES : CLOTHES_SIZES;
}

function bankIndex(c: TextContext): number {
  if (c.bankIndex < 0) c.bankIndex = (c.rng() * BANKS.length) | 0;
  return c.bankIndex;
}

/** A past date as a customer says it: 어제, 지난주 금요일, 3월 2일 … */
function pastDate(c: TextContext): string {
  const r = c.rng();
  if (r < 0.25) return '어제';
  if (r < 0.35) return '그저께';
  if (r < 0.45) return '지난주';
  if (r < 0.55) return `${intBetween(c.rng, 3, 6)}일 전`;
  const { month, day } = civilFromDays(kstDayNumber(c.createdMs - intBetween(c.rng, 1, 9) * DAY_MS));
  return `${month}월 ${day}일`;
}

function futureDate(c: TextContext): string {
  const r = c.rng();
  if (r < 0.3) return '내일';
  if (r < 0.45) return '이번 주 금요일';
  if (r < 0.6) return '주말';
  const { month, day } = civilFromDays(kstDayNumber(c.createdMs + intBetween(c.rng, 1, 5) * DAY_MS));
  return `${month}월 ${day}일`;
}

function phone(c: TextContext): string {
  const r = c.rng();
  let a: string;
  let b: string;
  if (c.customerIndex >= 0) {
    const h = hashInt(c.customerIndex, 0x1f0);
    a = String(1000 + (h % 9000));
    b = String(hashInt(c.customerIndex, 0x2f0) % 10000).padStart(4, '0');
  } else {
    a = digits(c.rng, 4);
    b = digits(c.rng, 4);
  }
  if (r < 0.75) return `010-${a}-${b}`;
  if (r < 0.9) return `010${a}${b}`;
  return `010 ${a} ${b}`;
}

/** A fixed stream per customer, so their name and email agree across items. */
function customerRng(c: TextContext, salt: number): Rng {
  return c.customerIndex >= 0 ? createRng(hashInt(c.customerIndex, salt)) : c.rng;
}

function koreanName(rng: Rng): string {
  return pick(rng, SURNAMES) + pick(rng, GIVEN_NAMES);
}

function email(rng: Rng): string {
  const local = pick(rng, EMAIL_LOCALS) + (rng() < 0.7 ? String(intBetween(rng, 7, 9999)) : '');
  return `${local}@${pick(rng, EMAIL_DOMAINS)}`;
}

export const SLOTS: SlotTable<TextContext> = {
  product: (c) => PRODUCTS[productIndex(c)].name,
  product2: (c) => {
    if (c.product2Index < 0) c.product2Index = (productIndex(c) + 1 + ((c.rng() * (PRODUCTS.length - 1)) | 0)) % PRODUCTS.length;
    return PRODUCTS[c.product2Index].name;
  },
  orderNo: (c) => (c.orderNo ??= orderNumber(c)),
  amount: (c) =>
    (c.amount ??=
      c.productIndex >= 0 ? wonCached(PRODUCTS[c.productIndex].price) : wonCached(intBetween(c.rng, 5, 300) * 1000 - (c.rng() < 0.6 ? 100 : 0))),
  points: (c) => wonCached(intBetween(c.rng, 1, 30) * 500).replace('원', '포인트'),
  date: pastDate,
  /** The past date as the time of an action: 어제, 지난주에, 3월 2일에 (never 어제에). */
  dateAt: (c) => {
    const d = pastDate(c);
    return d === '어제' || d === '그저께' ? d : `${d}에`;
  },
  dateAhead: futureDate,
  waited: (c) => pick(c.rng, ['이틀째', '3일째', '4일째', '5일째', '일주일째', '열흘째']),
  span: (c) => pick(c.rng, ['이틀', '3일', '4일', '5일', '일주일', '열흘', '2주']),
  time: (c) => pick(c.rng, ['아까', '방금', '오전에', '점심때쯤', '어제 저녁에', '새벽에', '출근길에']),
  screen: (c) => pick(c.rng, SCREENS),
  errorMsg: (c) => pick(c.rng, ERRORS),
  errorMsgEn: (c) => pick(c.rng, ERRORS_EN),
  payError: (c) => pick(c.rng, PAY_ERRORS),
  couponError: (c) => pick(c.rng, COUPON_ERRORS),
  device: (c) => pick(c.rng, DEVICES),
  appVersion: (c) => c.incidentAppVersion ?? pick(c.rng, APP_VERSIONS),
  payMethod: (c) => pick(c.rng, PAY_METHODS),
  card: (c) => pick(c.rng, CARDS),
  courier: (c) => (c.courier ??= pick(c.rng, COURIERS)),
  coupon: (c) => pick(c.rng, COUPONS),
  plan: (c) => pick(c.rng, PLANS),
  agent: (c) => pick(c.rng, AGENTS),
  size: (c) => (c.size ??= pick(c.rng, sizesOf(c))),
  size2: (c) => {
    // The next size up, or down from the largest: what people exchange to.
    const sizes = sizesOf(c);
    const i = sizes.indexOf((c.size ??= pick(c.rng, sizes)));
    return sizes[i === sizes.length - 1 ? i - 1 : i + 1];
  },
  color: (c) => (c.color ??= pick(c.rng, COLORS)),
  color2: (c) => {
    const i = COLORS.indexOf(c.color ??= pick(c.rng, COLORS));
    return COLORS[(i + 1 + ((c.rng() * (COLORS.length - 1)) | 0)) % COLORS.length];
  },
  count: (c) => pick(c.rng, ['두', '세', '네']),
  city: (c) => pick(c.rng, CITIES),
  bank: (c) => BANKS[bankIndex(c)].name,
  acct: (c) => (c.account ??= accountNumber(c)),
  phone,
  email: (c) => email(customerRng(c, 0x3e)),
  name: (c) => koreanName(customerRng(c, 0x4a)),
  reason: (c) => c.reasonText ?? '',
  reasonLabel: (c) => c.reasonLabel ?? '',
  wear: (c) => PRODUCTS[productOfKind(c, APPAREL)].name,
  fresh: (c) => PRODUCTS[productOfKind(c, FRESH)].name,
  fragile: (c) => PRODUCTS[productOfKind(c, FRAGILE)].name,
  deviceEn: (c) => pick(c.rng, DEVICES_EN),
  screenEn: (c) => pick(c.rng, SCREENS_EN),
  dateEn: (c) => pick(c.rng, ['yesterday', 'last week', 'Monday', 'last Friday', 'three days ago']),
  spanEn: (c) => pick(c.rng, ['two days', 'three days', 'a week', '10 days', 'two weeks']),
};

function orderNumber(c: TextContext): string {
  // Ordered a few days before the inquiry; the date prefix is how Korean malls number orders.
  return `SM${formatKstDayCompact(kstDayNumber(c.createdMs) - intBetween(c.rng, 0, 6))}-${digits(c.rng, 6)}`;
}

function accountNumber(c: TextContext): string {
  const bank = BANKS[bankIndex(c)];
  const parts = bank.groups.map((g, i) => (typeof g === 'string' ? g : i === 0 ? String(1 + ((c.rng() * 9) | 0)) + digits(c.rng, g - 1) : digits(c.rng, g)));
  return c.rng() < 0.8 ? parts.join('-') : parts.join('');
}

/** The catalogue reference of a product, for reviews' `product_ref`. */
export function productRef(index: number): string {
  return `P${String(10_001 + index * 37)}`;
}
