import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { MAX_TITLE_CHARS } from '../domain/item.js';
import type { Db } from '../store/db.js';
import type { ItemRow } from '../store/queries/upsert-items.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { normalizeText } from '../text/language.js';
import { unguardCell } from './files/column-mapping.js';
import { ingestItems } from './pipeline.js';
import { isNfcStableBmp, normalizeTextFast, prepareItem, pseudonymise, redactRejectedValues, type Prepared } from './prepare-item.js';

const workspace: Workspace = {
  id: 7,
  slug: 'acme',
  name: '에이크미',
  timezone: 'Asia/Seoul',
  is_demo: false,
  pseudonym_key: 'test-key-0123456789abcdef0123456789abcdef',
};

function rowOf(result: Prepared): ItemRow {
  if (!result.ok) throw new Error(`rejected: ${JSON.stringify(result.errors)}`);
  return result.row;
}
const prepare = (overrides: Record<string, unknown> = {}) => rowOf(prepareItem(buildItem(overrides), workspace));

// A NUL, or a surrogate that is not half of a pair: what PostgreSQL refuses in text and jsonb.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every string in a value, keys included, at any depth. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsIn(v, out);
    }
  }
  return out;
}

describe('prepareItem', () => {
  it('takes a row without a kind on a review, app-store or survey channel as a review or survey answer; a kind given or defaulted wins', () => {
    const kindOf = (input: Record<string, unknown>, defaults = {}) => rowOf(prepareItem({ ...buildItem(), kind: undefined, ...input }, workspace, defaults)).kind;
    expect(kindOf({ channel: 'review', text: '배송 빠르고 좋아요', rating: 5 })).toBe('review');
    expect(kindOf({ channel: 'app_store', text: '앱이 자꾸 꺼져요', rating: 1 })).toBe('review');
    expect(kindOf({ channel: 'survey', text: '상담이 친절했어요', score: 9 })).toBe('survey_response');
    expect(kindOf({ channel: 'chat', text: '환불 문의드립니다' })).toBe('inquiry');
    expect(kindOf({ channel: 'review', text: '리뷰에 단 문의입니다', kind: 'inquiry' })).toBe('inquiry');
    expect(kindOf({ channel: 'review', text: '메모', kind: '' }, { kind: 'note' })).toBe('note');
  });

  it('redacts text, title and every string in metadata, and records the kinds found in PII_KINDS order', () => {
    const row = prepare({
      text: '연락처는 010-1234-5678 입니다',
      title: '환불 문의 kim.minsu@naver.com',
      metadata: { memo: '계좌 국민은행 123456-01-123456', nested: { list: ['ip 192.168.0.1', 3, true, null] } },
    });
    expect(row.text).toBe('연락처는 [전화번호] 입니다');
    expect(row.title).toBe('환불 문의 [이메일]');
    expect(row.metadata).toEqual({ memo: '계좌 국민은행 [계좌번호]', nested: { list: ['ip [IP주소]', 3, true, null] } });
    expect(row.pii_kinds).toEqual(['phone', 'email', 'account', 'ip']);
    expect(JSON.stringify(row)).not.toMatch(/010-1234-5678|kim\.minsu|123456-01-123456|192\.168/);
  });

  it('masks personal data at any depth of metadata, and refuses nesting past the limit', () => {
    let deep: Record<string, unknown> = { 메모: '연락처 010-9999-8888, 주민 900101-1234567' };
    for (let i = 0; i < 12; i++) deep = { [`n${i}`]: deep };
    const row = prepare({ metadata: deep });
    expect(JSON.stringify(row.metadata)).toContain('연락처 [전화번호], 주민 [주민등록번호]');
    expect(row.pii_kinds).toEqual(['phone', 'rrn']);
    for (let i = 0; i < 8; i++) deep = { [`m${i}`]: deep };
    const refused = prepareItem(buildItem({ metadata: deep }), workspace);
    expect(refused.ok ? null : refused.errors[0]).toMatchObject({ field: 'metadata', message: expect.stringMatching(/nested deeper than 16/) });
  });

  it('masks the values of personal-data columns whatever they look like: number cells, names, addresses', () => {
    const row = prepare({
      metadata: { 연락처: 1012345678, 휴대폰번호: '1012345678', 고객명: '김민수', '배송 주소': '서울시 강남구 테헤란로 1', 주소: '서울시 강남구', 상품명: '운동화', 주문금액: 35000, 'Customer Name': 'Kim', 비고: '' },
    });
    expect(row.metadata).toEqual({
      연락처: '[전화번호]', 휴대폰번호: '[전화번호]', 고객명: '[이름]', '배송 주소': '[주소]', 주소: '[주소]', 상품명: '운동화', 주문금액: 35000, 'Customer Name': '[이름]', 비고: '',
    });
    expect(row.pii_kinds).toEqual(['phone', 'name', 'address']);
    // English names count as a whole (one word before at most): these are not personal data.
    const other = prepare({ metadata: { hotel_name: 'Hotel 12345678', mobile_app_version: '20241103', phone_model: 'Galaxy S24', 'Account Manager': '김과장', 연락처: '없음', customer_email: 'kim at naver' } });
    expect(other.metadata).toEqual({ hotel_name: 'Hotel 12345678', mobile_app_version: '20241103', phone_model: 'Galaxy S24', 'Account Manager': '김과장', 연락처: '없음', customer_email: '[이메일]' });
  });

  it('masks an RRN or a card typed as a number (XLSX number cells, JSON numbers), at any depth, and a phone number under a phone column; other numbers stay', () => {
    const row = prepare({
      metadata: { memo: 9001011234568, 비고: 5555555555554444, nested: { x: [9001011234568, 1012345678] }, 연락처: 1012345678, 휴대폰: 1012345678, phone: 1012345678, amount: 35000, order: 2024110312 },
    });
    expect(row.metadata).toEqual({
      memo: '[주민등록번호]', 비고: '[카드번호]', nested: { x: ['[주민등록번호]', 1012345678] }, 연락처: '[전화번호]', 휴대폰: '[전화번호]', phone: '[전화번호]', amount: 35000, order: 2024110312,
    });
    expect(row.pii_kinds).toEqual(['phone', 'rrn', 'card']);
    // Times as epoch seconds or milliseconds stay numbers (1712345678 is no 017 mobile, 1709251200000 no RRN).
    const times = { updatedAt: 1712345678, created_at: 1709251200000, ts: 1712345678, 접수일시: 1709251200000, price: 9.5, big: 123456789.5 };
    expect(prepare({ metadata: times }).metadata).toEqual(times);
    // A 10-digit number starting 1[016789] is no phone that lost its 0 outside a phone column: epoch
    // seconds, an amount, an id, a build number.
    const numbers = { lastSeen: 1712345678, expires: 1767225600, sessionStart: 1712345678, order_total_krw: 1099000000, kakao_user_id: 1912345678, app_build: 1100000123, cell: 1012345678 };
    const kept = prepare({ metadata: numbers });
    expect(kept.metadata).toEqual(numbers);
    expect(kept.pii_kinds).toEqual([]);
    // Under a key naming an id, a code or an order, a number passing a card's or an RRN's checks by chance is an id.
    const ids = { order_id: 4000000000000002, orderNo: 4000000000000002, 주문번호: 5555555555554444, sku: 9001011234568, ticket_no: 4000000000000002, product_code: 9001011234568 };
    const idRow = prepare({ metadata: ids });
    expect(idRow.metadata).toEqual(ids);
    expect(idRow.pii_kinds).toEqual([]);
    // Personal-data columns whose names hold 번호 or no are still masked whole.
    expect(prepare({ metadata: { 카드번호: 4000000000000002, 주민번호: 9001011234568, 전화번호: 1012345678, card_no: 4000000000000002 } }).metadata)
      .toEqual({ 카드번호: '[카드번호]', 주민번호: '[주민등록번호]', 전화번호: '[전화번호]', card_no: '[카드번호]' });
    // A refused row keeps no more than its item would.
    expect(redactRejectedValues({ memo: 9001011234568, 연락처: 1012345678, lastSeen: 1712345678 }, workspace, {}))
      .toEqual({ memo: '[주민등록번호]', 연락처: '[전화번호]', lastSeen: 1712345678 });
  });

  it('masks the writer, asker, payer, applicant, receiver and sender columns, nicknames and birth dates whole', () => {
    const people = {
      작성자: '김민수', 작성자명: '김민수', 문의자: '이영희', 문의자명: '이영희', 입금자: '박지성', 입금자명: '박지성', 신청인: '최민수', 신청자: '최민수',
      수령자: '홍길동', 수령인: '홍길동', 수신자: '홍길동', 발신자: '홍길동', 보호자명: '김보호', 받는이: '이순신', '받는 분': '이순신', 닉네임: '민수짱',
      회원명: '김회원', 고객성명: '김고객', 예약자명: '김예약', nickname: 'minsu88',
    };
    const row = prepare({ metadata: people });
    expect(row.metadata).toEqual(Object.fromEntries(Object.keys(people).map((k) => [k, '[이름]'])));
    expect(row.pii_kinds).toEqual(['name']);
    const births = { 생년월일: '1990-01-01', 'birth date': '1990.01.01', birthday: '01/01', birthDate: 19900101, 'Date of Birth': '1990-01-01', dob: '900101', 고객생년월일: '900101-1234567' };
    const born = prepare({ metadata: births });
    expect(born.metadata).toEqual(Object.fromEntries(Object.keys(births).map((k) => [k, '[생년월일]'])));
    expect(JSON.stringify(born.metadata)).not.toMatch(/1990|900101/);
    // Not people: a post's date, the writer's role, a gift's receiving date.
    const things = { 작성일: '2024-03-05', 작성자유형: '회원', 수신일시: '2024-03-05 10:00', 발신번호유형: '휴대폰' };
    expect(prepare({ metadata: things }).metadata).toEqual(things);
  });

  it('masks passport and driver\'s licence columns (고유식별정보) whatever their values look like', () => {
    const row = prepare({ metadata: { 여권번호: 'M12345678', passport_no: 'm123a4567', 운전면허번호: '서울 92-123456-01', 'Driver License No': '11-12-345678-90', 면허종류: '1종 보통' } });
    expect(row.metadata).toEqual({ 여권번호: '[여권번호]', passport_no: '[여권번호]', 운전면허번호: '서울 [운전면허번호]', 'Driver License No': '[운전면허번호]', 면허종류: '1종 보통' });
    expect(row.pii_kinds).toEqual(['passport', 'driver_license']);
    // In the text too, next to their labels.
    expect(prepare({ text: '여권번호 M12345678, 면허 11-12-345678-90 로 본인확인 했어요' })).toMatchObject({
      text: '여권번호 [여권번호], 면허 [운전면허번호] 로 본인확인 했어요',
      pii_kinds: ['passport', 'driver_license'],
    });
  });

  it('masks personal data in the segment and plan, and replaces an identifier holding it by a stable keyed hash', () => {
    const input = { external_id: 'kim.minsu@naver.com', customer_segment: 'VIP 010-1111-2222', customer_plan: '연간', order_ref: '010-3333-4444', product_ref: 'SKU-2024-001' };
    const row = prepare(input);
    expect(row).toMatchObject({ customer_segment: 'VIP [전화번호]', customer_plan: '연간', product_ref: 'SKU-2024-001' });
    expect(row.external_id).toMatch(/^pii_[\w-]{16}$/);
    expect(row.order_ref).toMatch(/^pii_[\w-]{16}$/);
    expect(row.pii_kinds).toEqual(['phone', 'email']); // the segment's and the order number's phones count too
    expect(prepare({ customer_plan: '연간 010-1111-2222' }).pii_kinds).toEqual(['phone']);
    expect(JSON.stringify(row)).not.toMatch(/kim\.minsu|1111-2222|3333-4444/);
    expect(prepare(input).external_id).toBe(row.external_id); // a re-send finds its item
    // Order, ticket and date-like numbers are not personal data and stay.
    expect(prepare({ external_id: 'T-20241103-0001', order_ref: '2024110312345678' })).toMatchObject({ external_id: 'T-20241103-0001', order_ref: '2024110312345678' });
  });

  it('masks name and address columns written in snake_case, kebab-case or camelCase, and only those', () => {
    const names = {
      customer_name: '홍길동', full_name: 'Hong Gildong', first_name: '길동', last_name: '홍', user_name: '홍길동', username: 'gildong88',
      receiver_name: '홍길동', 'buyer-name': '홍길동', recipient: '이순신', buyer: '홍길동', 'Receiver Name': '홍길동', shippingFirstName: '길동',
      shipping_address: '서울시 강남구 테헤란로 1 101동', 'billing-address': '부산시 해운대구', shippingAddress: '서울시 강남구', address_line1: '테헤란로 1',
      주문자명: '홍길동', '수령인 이름': '이순신', 받는사람: '김민수', 수취인주소: '서울시 마포구', 배송지주소: '대전시 유성구', 주소2: '101동 202호',
    };
    const row = prepare({ metadata: names });
    expect(row.metadata).toEqual(
      Object.fromEntries(Object.keys(names).map((k) => [k, /address|주소/i.test(k) ? '[주소]' : '[이름]'])),
    );
    // Names of things, not people, and addresses of machines stay.
    const things = { product_name: '운동화', store_name: '강남점', brand_name: '에이크미', file_name: '영수증.pdf', app_name: '쇼핑앱', mac_address: 'aa-bb-cc-dd-ee-ff', 상품명: '티셔츠', 상품페이지주소: 'https://shop.example/p/1' };
    expect(prepare({ metadata: things }).metadata).toEqual(things);
  });

  it('masks phone and name columns as shopping-mall and ERP exports name them: camelCase, numbered, HP, Nm, 예금주명', () => {
    const personal = {
      buyerTel: '010-1111-2222', receiverTel: '01033334444', customerPhone: '1012345678', phone2: '010 5555 6666', tel1: '02-123-4567',
      hp: '010-7777-8888', 'H.P': '01099990000', buyer_hp: '010-1234-1234', ordererTelNo: '010-2222-1111', receiverHP: '010-3333-1111',
      예금주명: '김민수', buyerNm: '홍길동', custNm: '이순신', rcvrNm: '박지성', depositorName: '최민수',
    };
    const row = prepare({ metadata: personal });
    expect(row.metadata).toEqual(Object.fromEntries(Object.keys(personal).map((k) => [k, /Nm$|Name$|명$/.test(k) ? '[이름]' : '[전화번호]'])));
    expect(row.pii_kinds).toEqual(['phone', 'name']);
    expect(JSON.stringify(row.metadata)).not.toMatch(/\d{4}|김민수|홍길동/);
    // Near misses: words that only contain these letters, and columns about a phone rather than its number.
    const things = {
      hpa: '1013 hPa', telemetry: '1012345678', phoneModel: 'Galaxy S24', phone_os: 'Android 14', hotel: '신라호텔 1012345678',
      mobileAppVersion: '5.12.0', telecom: 'SKT', hp_yn: 'Y', productNm: '운동화', storeNm: '강남점', nm: '450', 예금종류: '보통예금',
    };
    expect(prepare({ metadata: things }).metadata).toEqual(things);
  });

  it('masks e-mail addresses and phone numbers in metadata keys, keeping every value', () => {
    const row = prepare({ metadata: { 'lee@example.com': '키에 개인정보', '010-1234-5678': '메모', 'kim@naver.com': '둘째', 바코드: { '8801234567893': 3 } } });
    expect(row.metadata).toEqual({ '[이메일]': '키에 개인정보', '[전화번호]': '메모', '[이메일] (2)': '둘째', 바코드: { '8801234567893': 3 } });
    expect(row.pii_kinds).toEqual(['phone', 'email']);
  });

  it('replaces an order or product number holding an RRN, a card, a phone number or an e-mail by a keyed hash; codes and barcodes stay', () => {
    const cases: [Record<string, string>, string][] = [
      [{ order_ref: '900101-1234567' }, 'rrn'],
      [{ product_ref: '4111111111111111' }, 'card'],
      [{ order_ref: '4111 1111 1111 1111' }, 'card'],
      [{ product_ref: '900101-5234567' }, 'frn'],
      [{ order_ref: '010-3333-4444' }, 'phone'],
      [{ product_ref: '홍길동@naver.com' }, 'email'],
    ];
    for (const [input, kind] of cases) {
      const row = prepare(input);
      const field = Object.keys(input)[0] as 'order_ref' | 'product_ref';
      expect(row[field], JSON.stringify(input)).toMatch(/^pii_[\w-]{16}$/);
      expect(row.pii_kinds).toContain(kind);
      expect(prepare(input)[field]).toBe(row[field]); // stable
    }
    const codes = { order_ref: '20240512-0001234', product_ref: '8801234567893' }; // a date-prefixed order number; an EAN-13 barcode
    expect(prepare(codes)).toMatchObject(codes);
    for (const ref of ['2024110312345678', '240512-0012345', 'ORD-900101-1234567', 'SKU-4111111111111111']) {
      expect(prepare({ order_ref: ref, product_ref: ref }), ref).toMatchObject({ order_ref: ref, product_ref: ref });
    }
    // A ticket id stays as it is unless it holds an e-mail or a mobile: ids already stored must keep matching.
    expect(prepare({ external_id: '4111111111111111' }).external_id).toBe('4111111111111111');
  });

  it("keeps an agent's e-mail in assignee: staff, not customers, and operators tell agents apart by it", () => {
    expect(prepare({ assignee: 'agent.park@shop.co.kr' }).assignee).toBe('agent.park@shop.co.kr');
  });

  it('makes every stored string well-formed: NUL removed and a lone surrogate U+FFFD, in every field and metadata key and value', () => {
    const row = prepare({
      source: '채널\u0000톡', assignee: '김\u0000상담\ud800', order_ref: 'O-\u00001\udc00', product_ref: 'P\u0000-2', language: 'ko\u0000',
      status: 'resolved\u0000', customer_segment: 'VIP\u0000\udc00', customer_plan: '연간\ud800', title: '제목\udc00', text: '배송\u0000 문의\ud83d',
      external_id: '주문\u0000-1',
      metadata: { '메모\u0000': 'a\u0000b', '\ud800키': ['값\udc00', { '깊은\u0000': { 키: '끝\ud83d', 이모지: '😀' } }] },
    });
    expect(row).toMatchObject({
      external_id: '주문-1', source: '채널톡', assignee: '김상담\ufffd', order_ref: 'O-1\ufffd', product_ref: 'P-2', language: 'ko', status: 'resolved',
      customer_segment: 'VIP\ufffd', customer_plan: '연간\ufffd', title: '제목\ufffd', text: '배송 문의\ufffd',
    });
    expect(row.metadata).toEqual({ 메모: 'ab', '\ufffd키': ['값\ufffd', { 깊은: { 키: '끝\ufffd', 이모지: '😀' } }] });
    for (const s of stringsIn(row)) expect(UNSTORABLE.test(s), JSON.stringify(s)).toBe(false);
    // A field that was nothing but NUL is blank: absent, or the default.
    const blankOnes = rowOf(prepareItem(buildItem({ external_id: '\u0000', source: '\u0000', assignee: '\u0000 ' }), workspace, { source: '기본' }));
    expect(blankOnes).toMatchObject({ source: '기본', assignee: null });
    expect(blankOnes.external_id).toMatch(/^h:/);
    // Reasons quote the value; an import stores them, so they are clean too.
    const bad = prepareItem(buildItem({ created_at: '2026-13-45\u0000\ud800' }), workspace);
    expect(bad.ok ? null : bad.errors[0]!.message).toBe('not a date/time / 날짜·시간 형식이 아닙니다: 2026-13-45\ufffd');
  });

  it('keeps two external ids that differ only by a lone surrogate apart, and each stable across re-sends', () => {
    // The database would store both as U+FFFD: they would become one item (L4).
    const a = prepare({ external_id: '문의-\udc00' }).external_id;
    const b = prepare({ external_id: '문의-\ud800' }).external_id;
    expect(a).toMatch(/^문의-\ufffd~[\w-]{8}$/);
    expect(b).toMatch(/^문의-\ufffd~[\w-]{8}$/);
    expect(a).not.toBe(b);
    expect(prepare({ external_id: '문의-\udc00', text: '다른 본문' }).external_id).toBe(a);
    // A real U+FFFD is an ordinary character; an e-mail id is still a keyed hash, and still distinct.
    expect(prepare({ external_id: '문의-\ufffd' }).external_id).toBe('문의-\ufffd');
    const mailA = prepare({ external_id: 'kim@naver.com\ud800' }).external_id;
    expect(mailA).toMatch(/^pii_[\w-]{16}$/);
    expect(prepare({ external_id: 'kim@naver.com\udc00' }).external_id).not.toBe(mailA);
  });

  it('normalises text and title (NFC, control characters, surrounding space) but keeps clean text as is', () => {
    const decomposed = '배송'.normalize('NFD');
    const row = prepare({ text: `  ${decomposed}이\u0007 늦어요\u200b `, title: ' 제목 ' });
    expect(row.text).toBe('배송이 늦어요');
    expect(row.title).toBe('제목');
    expect(prepare({ text: 'Login fails 😀 ㅠㅠ — 빨리요!' }).text).toBe('Login fails 😀 ㅠㅠ — 빨리요!');
    // Bidirectional overrides and isolates reorder what an operator reads: removed everywhere text is kept.
    const spoof = prepare({ text: '첨부파일 \u202Egnp.exe 확인 부탁', title: '\u2067제목\u2069', customer_segment: '\u202DVIP\u202C' });
    expect([spoof.text, spoof.title, spoof.customer_segment]).toEqual(['첨부파일 gnp.exe 확인 부탁', '제목', 'VIP']);
    const fields = prepare({ external_id: 'T-\u202E1', order_ref: '\u2066O-9', assignee: '김\u202E상담', metadata: { memo: 'a\u202Eb', list: ['\u2067x'] } });
    expect([fields.external_id, fields.order_ref, fields.assignee, fields.metadata]).toEqual(['T-1', 'O-9', '김상담', { memo: 'ab', list: ['x'] }]);
  });

  it('turns Date values in metadata into ISO strings (an invalid Date into null)', () => {
    const row = prepare({ metadata: { at: new Date('2026-01-02T03:04:05Z'), deep: [{ bad: new Date(NaN) }] } });
    expect(row.metadata).toEqual({ at: '2026-01-02T03:04:05.000Z', deep: [{ bad: null }] });
    expect(prepare({}).metadata).toEqual({});
  });

  it('pseudonymises the customer id: stable, per workspace, never containing the raw id', () => {
    const a = prepare({ customer_id: 'member-42' }).customer_ref!;
    expect(a).toMatch(/^c_[A-Za-z0-9_-]{16}$/);
    expect(a).not.toContain('member-42');
    // Pinned: refs already stored were made with this formula.
    expect(a).toBe('c_g5PlH4QEns3BuYb5');
    expect(prepare({ customer_id: '  member-42 ' }).customer_ref).toBe(a);
    expect(pseudonymise(workspace.pseudonym_key, 'member-42')).toBe(a);
    expect(pseudonymise('another-workspace-key-0123456789abcdef', 'member-42')).not.toBe(a);
    expect(prepare({ customer_id: 'member-43' }).customer_ref).not.toBe(a);
    expect(prepare({ customer_id: undefined }).customer_ref).toBeNull();
  });

  it('derives a stable external id from the content when the source gives none (or a blank one)', () => {
    const input = { external_id: undefined, channel: 'chat', created_at: '2026-11-02T10:15:00+09:00', text: '배송이 아직 안 왔어요', customer_id: 'member-42' };
    const id = prepare(input).external_id;
    // Pinned: ids already stored were derived with this formula; a change would duplicate re-imports.
    expect(id).toBe('h:5jtPa1_0yvEhn17DFmYEla');
    expect(prepare({ ...input, external_id: '' }).external_id).toBe(id);
    expect(prepare({ ...input, external_id: '   ' }).external_id).toBe(id);
    expect(prepare({ ...input, text: '배송이 아직 안 왔어요!' }).external_id).not.toBe(id);
    expect(prepare({ ...input, external_id: ' T-1 ' }).external_id).toBe('T-1');
  });

  it('gives a row whose derived id is h2: the ids it had under the first formula (masked text, no title; then the unmasked text)', () => {
    const input = { external_id: undefined, channel: 'chat', created_at: '2026-11-02T10:15:00+09:00', text: '배송이 아직 안 왔어요', customer_id: 'member-42' };
    // An untitled row with nothing masked keeps the first formula's id and carries no other.
    expect(prepare(input).legacy_external_ids).toBeUndefined();
    // A title: the first formula left it out.
    const titled = prepare({ ...input, title: '배송 문의' });
    expect(titled.external_id).toMatch(/^h2:/);
    expect(titled.legacy_external_ids).toEqual(['h:5jtPa1_0yvEhn17DFmYEla']);
    // Masked text: its masked form first, then the text as detectors that found nothing stored it.
    const raw = '연락은 010-1234-5678 로 주세요';
    const masked = prepare({ ...input, text: raw });
    const first = (text: string) => `h:${createHash('sha1').update(`chat\u00012026-11-02T01:15:00.000Z\u0001${masked.customer_ref}\u0001${text}`).digest('base64url').slice(0, 22)}`;
    expect(masked.text).toBe('연락은 [전화번호] 로 주세요');
    expect(masked.legacy_external_ids).toEqual([first(masked.text), first(raw)]);
    // As the first formula computed it for the masked text.
    expect(prepare({ ...input, text: masked.text }).external_id).toBe(first(masked.text));
    // A source's own id: none.
    expect(prepare({ ...input, external_id: 'T-1', title: '배송 문의' }).legacy_external_ids).toBeUndefined();
  });

  it('keeps apart rows without an id that differ only in their title or in what masking removed, by a keyed hash; unmasked untitled rows keep their ids', () => {
    const post = { external_id: undefined, channel: 'board' as const, created_at: '2024-03-05', customer_id: undefined };
    // Two board posts of one day: same masked text, different account numbers and writers.
    const a = prepare({ ...post, title: '환불 요청', text: '환불 계좌 신한 110-123-456789 입니다' });
    const b = prepare({ ...post, title: '환불 요청', text: '환불 계좌 신한 110-987-654321 입니다' });
    expect(a.text).toBe(b.text);
    expect(a.external_id).not.toBe(b.external_id);
    // Same text, different titles.
    const c = prepare({ ...post, title: '쿠폰이 적용 안 돼요', text: '확인 부탁드립니다' });
    const d = prepare({ ...post, title: '환불은 언제 되나요', text: '확인 부탁드립니다' });
    expect(c.external_id).not.toBe(d.external_id);
    // No title, phone numbers masked away.
    const e = prepare({ ...post, created_at: '2024-03-05 14:30', text: '콜백 요청 010-1111-2222' });
    const f = prepare({ ...post, created_at: '2024-03-05 14:30', text: '콜백 요청 010-3333-4444' });
    expect(e.text).toBe(f.text);
    expect(e.external_id).not.toBe(f.external_id);
    for (const row of [a, b, c, d, e, f]) expect(row.external_id).toMatch(/^h2:[\w-]{22}$/);
    // Stable across re-sends; keyed: another workspace's key gives another id, so the id says nothing about the number.
    expect(prepare({ ...post, created_at: '2024-03-05 14:30', text: '콜백 요청 010-1111-2222' }).external_id).toBe(e.external_id);
    const other = rowOf(prepareItem(buildItem({ ...post, created_at: '2024-03-05 14:30', text: '콜백 요청 010-1111-2222' }), { ...workspace, pseudonym_key: 'another-key' }));
    expect(other.external_id).not.toBe(e.external_id);
    // Untitled rows whose text masking left alone keep the first formula (re-imports of old files converge).
    const plain = prepare({ ...post, created_at: '2024-03-05 14:30', text: '콜백 요청' });
    expect(plain.external_id).toMatch(/^h:/);
    expect(prepare({ ...post, created_at: '2024-03-05 14:30', text: '콜백 요청' }).external_id).toBe(plain.external_id);
  });

  it("carries customer_ref and pii_kinds from Sori's own export columns", () => {
    const exported = { customer_id: undefined, customer_ref: 'c_AAAAAAAAAAAAAAAA', pii_kinds: 'email, card', text: '전화 010-1234-5678 주세요' };
    const row = prepare(exported);
    expect(row.customer_ref).toBe('c_AAAAAAAAAAAAAAAA');
    expect(row.pii_kinds).toEqual(['phone', 'email', 'card']);
    expect(prepare({ ...exported, pii_kinds: ['ip', 'bogus'] }).pii_kinds).toEqual(['phone', 'ip']);
    // A raw customer id wins; a malformed ref is not trusted.
    expect(prepare({ ...exported, customer_id: 'member-42' }).customer_ref).toBe('c_g5PlH4QEns3BuYb5');
    expect(prepare({ ...exported, customer_ref: 'member-42' }).customer_ref).toBeNull();
  });

  it('reports errors per field, in plain English and Korean', () => {
    const result = prepareItem(buildItem({ channel: 'fax', rating: 9, created_at: '2024-02-31' } as never), workspace);
    expect(result.ok).toBe(false);
    const errors = (result as Extract<Prepared, { ok: false }>).errors;
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['channel', 'invalid_value'],
      ['created_at', 'invalid_field'],
      ['rating', 'invalid_field'],
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      'not one of chat, phone, email, board, survey, review, app_store, social, chatbot, other / 허용되지 않는 값입니다(chat, phone, email, board, survey, review, app_store, social, chatbot, other 중 하나)',
      'not a date/time / 날짜·시간 형식이 아닙니다: 2024-02-31',
      'at most 5 / 5 이하여야 합니다',
    ]);
    const empty = prepareItem({ channel: 'chat', source: 'csv', created_at: '2024-05-01' }, workspace);
    expect(empty.ok ? null : empty.errors[0]).toMatchObject({ field: 'text', message: 'text is empty / 본문이 비어 있습니다' });
    // With other fields wrong too, every error of the row is told at once.
    const both = prepareItem({ channel: 'fax', source: 'csv', created_at: '2024-05-01', text: ' ', rating: 9 }, workspace);
    expect(both.ok ? [] : both.errors.map((e) => e.field)).toEqual(['channel', 'rating', 'text']);
    expect(prepareItem(['not', 'an', 'object'], workspace)).toEqual({
      ok: false,
      errors: [{ field: null, code: 'not_an_object', message: 'an item must be a JSON object / 항목은 JSON 객체여야 합니다' }],
    });
    const missing = prepareItem({ text: 'hi', created_at: '2024-05-01' }, workspace);
    expect(missing.ok ? [] : missing.errors.map((e) => [e.field, e.code])).toEqual([['channel', 'invalid_value'], ['source', 'invalid_type']]);
  });

  it('refuses an answer time before the item (a column read in the wrong zone); a minute of clock skew is the item\'s own time', () => {
    const created = '2026-11-03T10:00:00+09:00';
    const early = prepareItem(buildItem({ created_at: created, first_response_at: '2026-11-03 09:00', resolved_at: '2026-11-03T00:30:00Z' }), workspace);
    expect(early.ok).toBe(false);
    if (early.ok) return;
    expect(early.errors.map((e) => e.field)).toEqual(['first_response_at', 'resolved_at']);
    expect(early.errors[0]!.message).toContain('is before created_at 2026-11-03T01:00:00.000Z / 접수 일시(created_at)보다 이릅니다');
    const skew = prepare({ created_at: created, first_response_at: '2026-11-03T00:59:30Z', resolved_at: '2026-11-03T02:00:00Z' });
    expect(skew.first_response_at).toEqual(new Date('2026-11-03T01:00:00Z'));
    expect(skew.resolved_at).toEqual(new Date('2026-11-03T02:00:00Z'));
  });

  it('refuses a time more than a day ahead of now (2199, a wrong year), keeps one a sender\'s fast clock or a zone ahead gives', () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const far = prepareItem(buildItem({ created_at: '2199-01-01 10:00', text: '쿠폰이 적용이 안 돼요' }), workspace);
    expect(far.ok ? [] : far.errors.map((e) => [e.field, e.code])).toEqual([['created_at', 'invalid_value']]);
    // Said in the workspace's time, as the file wrote it.
    expect(far.ok ? '' : far.errors[0]!.message).toContain('2199-01-01 10:00:00 (Asia/Seoul) is more than a day in the future');
    expect(far.ok ? '' : far.errors[0]!.message).toContain('지금보다 하루 넘게 미래의 시각입니다');
    // 14 hours ahead (a file written in UTC+14 read in the workspace's zone) lands.
    expect(prepare({ created_at: iso(now + 14 * 3_600_000) }).created_at).toEqual(new Date(iso(now + 14 * 3_600_000)));
    const late = prepareItem(buildItem({ created_at: iso(now - 3_600_000), first_response_at: iso(now + 30 * 3_600_000), resolved_at: iso(now + 40 * 3_600_000) }), workspace);
    expect(late.ok ? [] : late.errors.map((e) => e.field)).toEqual(['first_response_at', 'resolved_at']);
  });

  it('refuses a record version (source_updated_at) more than a day ahead, which would keep every later update of it out; in metadata too', () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const far = prepareItem(buildItem({ source_updated_at: '2199-01-01 10:00', text: '환불 처리 언제 되나요' }), workspace);
    expect(far.ok ? [] : far.errors.map((e) => [e.field, e.code])).toEqual([['source_updated_at', 'invalid_value']]);
    expect(far.ok ? '' : far.errors[0]!.message).toBe(
      '2199-01-01 10:00:00 (Asia/Seoul) is more than a day in the future (check the date and its time zone) / 지금보다 하루 넘게 미래의 시각입니다(날짜와 시간대를 확인하세요)',
    );
    // A fast clock or a zone ahead (14 hours) is still a version.
    expect(prepare({ source_updated_at: iso(now + 14 * 3_600_000) }).metadata.source_updated_at).toBe(iso(now + 14 * 3_600_000));
    // The store reads both from metadata in its ISO form (a Sori export imported again, an adapter's snapshot time).
    const inMetadata = prepareItem(buildItem({ metadata: { source_updated_at: '2199-01-01T00:00:00.000Z', conversation_updated_at: '2199-01-01T00:00:00.000Z', 비고: '2199-01-01T00:00:00.000Z' } }), workspace);
    expect(inMetadata.ok ? [] : inMetadata.errors.map((e) => [e.field, e.message.split(' / ')[0]])).toEqual([
      ['metadata.source_updated_at', '2199-01-01 09:00:00 (Asia/Seoul) is more than a day in the future (check the date and its time zone)'],
      ['metadata.conversation_updated_at', '2199-01-01 09:00:00 (Asia/Seoul) is more than a day in the future (check the date and its time zone)'],
    ]);
    // A source_updated_at field replaces the metadata's version: the one stored is the field's.
    const given = prepare({ source_updated_at: '2026-11-03 10:00', metadata: { source_updated_at: '2199-01-01T00:00:00.000Z' } });
    expect(given.metadata.source_updated_at).toBe('2026-11-03T01:00:00.000Z');
  });

  it('masks an English or other non-Korean text with English placeholders, a Korean one with Korean ones; ids derived as before', () => {
    const en = prepare({ text: 'Please call me back at 010-2345-6789 or mail kim@example.com', title: 'Refund for card 4111 1111 1111 1111', external_id: undefined });
    expect(en.text).toBe('Please call me back at [PHONE] or mail [EMAIL]');
    expect(en.title).toBe('Refund for card [CARD]');
    expect(en.language).toBe('en');
    expect(en.pii_kinds).toEqual(expect.arrayContaining(['phone', 'email', 'card']));
    const ko = prepare({ text: '010-2345-6789로 연락 주세요', external_id: undefined });
    expect(ko.text).toBe('[전화번호]로 연락 주세요');
    // The language the sender gives decides; the derived id is the one the Korean-masked text always had.
    const same = { text: 'Call 010-2345-6789', external_id: undefined, created_at: '2026-11-03 10:00', customer_id: 'c-1', channel: 'chat' };
    const given = prepare({ ...same, language: 'vi' });
    expect(given.text).toBe('Call [PHONE]');
    const kept = prepare({ ...same, language: 'ko' });
    expect(kept.text).toBe('Call [전화번호]');
    expect(given.external_id).toBe(kept.external_id);
    expect(given.legacy_external_ids).toEqual(kept.legacy_external_ids);
  });

  it('masks in the words a name the row gives in a name column (고객명 홍길동 → "[이름]입니다"), and nothing that only looks like it', () => {
    const row = prepare({ text: '안녕하세요 홍길동입니다. 홍길동 고객 앞으로 온 택배가 없어요', title: '홍길동님 배송 문의', metadata: { 고객명: '홍길동', 상품명: '무선 청소기' } });
    expect(row.text).toBe('안녕하세요 [이름]입니다. [이름] 고객 앞으로 온 택배가 없어요');
    expect(row.title).toBe('[이름]님 배송 문의');
    expect(row.metadata).toMatchObject({ 고객명: '[이름]', 상품명: '무선 청소기' });
    expect(row.pii_kinds).toContain('name');
    // Nested, and English names as whole words in an English text.
    const en = prepare({ text: 'Hi, this is Jane Park. My parcel never came', metadata: { order: { buyer_name: 'Jane Park' } } });
    expect(en.text).toBe('Hi, this is [NAME]. My parcel never came');
    // Two syllables: as a word or before 님 and particles only — "이상해요" is no name.
    const short = prepare({ text: '한결님, 화면이 이상해요. 한결이 보낸 사진 확인 부탁', metadata: { 작성자: '한결' } });
    expect(short.text).toBe('[이름]님, 화면이 이상해요. [이름]이 보낸 사진 확인 부탁');
    expect(prepare({ text: '화면이 이상해요', metadata: { 작성자: '이상' } }).text).toBe('화면이 이상해요');
    // A "name" that is a placeholder's word is not masked inside the masks.
    expect(prepare({ text: '연락처 010-2345-6789로 주세요', metadata: { 고객명: '전화번호' } }).text).toBe('연락처 [전화번호]로 주세요');
    // A product name column, a one-letter or empty name, 없음: nothing masked.
    expect(prepare({ text: '김치냉장고 문의', metadata: { product_name: '김치냉장고', 고객명: '없음' } }).text).toBe('김치냉장고 문의');
  });

  it('masks the row’s named people in its other metadata values too (a 메모 column that names the customer)', () => {
    const row = prepare({
      text: '환불 문의드립니다',
      metadata: { 고객명: '홍길동', 상담메모: '홍길동 고객님 환불 요청, 재확인 필요', 이력: ['홍길동님 1차 안내', '택배 회수 예정'], 상품명: '무선 청소기' },
    });
    expect(row.metadata).toMatchObject({ 고객명: '[이름]', 상담메모: '[이름] 고객님 환불 요청, 재확인 필요', 이력: ['[이름]님 1차 안내', '택배 회수 예정'], 상품명: '무선 청소기' });
    expect(JSON.stringify(row.metadata)).not.toContain('홍길동');
    expect(row.pii_kinds).toContain('name');
    // Without a name column, a 메모 is only pattern-redacted: no bare name is guessed (김민수 고객 would
    // be masked by text/pii.ts's honorific rule).
    expect(prepare({ text: '환불 문의', metadata: { 상담메모: '김민수가 요청' } }).metadata).toMatchObject({ 상담메모: '김민수가 요청' });
  });

  it('says which name a known Korean value stands for when the API is sent it (files and webhooks read such words)', () => {
    const wrong = prepareItem(buildItem({ channel: '카카오톡', status: '처리완료', kind: '리뷰' } as never), workspace);
    expect(wrong.ok).toBe(false);
    const messages = wrong.ok ? [] : wrong.errors.map((e) => [e.field, e.message]);
    expect(messages).toContainEqual(['channel', expect.stringContaining('for "카카오톡" send "chat" / "카카오톡"은(는) "chat"(으)로 보내세요')]);
    expect(messages).toContainEqual(['status', expect.stringContaining('send "resolved"')]);
    expect(messages).toContainEqual(['kind', expect.stringContaining('send "review"')]);
    // A word Sori does not know gets no guess.
    const unknown = prepareItem(buildItem({ channel: '텔레그램' } as never), workspace);
    expect(unknown.ok ? '' : unknown.errors[0]!.message).not.toContain('send');
  });

  it('cuts a title longer than MAX_TITLE_CHARS with "…" (never inside an emoji) and keeps the item', () => {
    const long = '배송 문의 '.repeat(600);
    const row = prepare({ title: long });
    expect(row.title).toHaveLength(MAX_TITLE_CHARS);
    expect(row.title!.endsWith('…')).toBe(true);
    expect(long.startsWith(row.title!.slice(0, -1))).toBe(true);
    const emoji = prepare({ title: 'a'.repeat(MAX_TITLE_CHARS - 2) + '😀'.repeat(10) });
    expect(emoji.title).toBe('a'.repeat(MAX_TITLE_CHARS - 2) + '…');
    expect(prepare({ title: '짧은 제목' }).title).toBe('짧은 제목');
  });

  it('fills blank channel, source and kind from the defaults', () => {
    const input = buildItem({ channel: '', source: ' ', kind: null } as never);
    const row = rowOf(prepareItem(input, workspace, { channel: 'email', source: 'csv-import', kind: 'note' }));
    expect(row).toMatchObject({ channel: 'email', source: 'csv-import', kind: 'note' });
    expect(rowOf(prepareItem(buildItem({ channel: 'chat' }), workspace, { channel: 'email' })).channel).toBe('chat');
    expect(rowOf(prepareItem(buildItem({ kind: undefined }), workspace)).kind).toBe('inquiry');
  });

  it('reads timestamps without an offset in the workspace zone (daylight saving included); with an offset as given', () => {
    const nyc = { ...workspace, timezone: 'America/New_York' };
    const row = rowOf(
      prepareItem(
        buildItem({ created_at: '2026-07-01 10:00', first_response_at: '2026.12.01 10:00:30', resolved_at: '2026-12-01T10:00:00+09:00' }),
        nyc,
      ),
    );
    expect(row.created_at.toISOString()).toBe('2026-07-01T14:00:00.000Z'); // EDT
    expect(row.first_response_at!.toISOString()).toBe('2026-12-01T15:00:30.000Z'); // EST
    expect(row.resolved_at!.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    // The same text in a Seoul workspace, and epoch numbers, are unchanged.
    expect(rowOf(prepareItem(buildItem({ created_at: '2026-07-01 10:00' }), workspace)).created_at.toISOString()).toBe('2026-07-01T01:00:00.000Z');
    expect(rowOf(prepareItem(buildItem({ created_at: 1_782_900_000 }), nyc)).created_at.toISOString()).toBe(new Date(1_782_900_000_000).toISOString());
    // An impossible date is still an error with the value.
    const bad = prepareItem(buildItem({ created_at: '2026-02-30 10:00' }), nyc);
    expect(bad.ok ? null : bad.errors[0]).toMatchObject({ field: 'created_at', message: expect.stringContaining('2026-02-30 10:00') });
  });

  it("reads a 14-digit timestamp number (20241101153000: a JSON number, an XLSX number cell) in the workspace's zone, as its string", () => {
    const la = { ...workspace, timezone: 'America/Los_Angeles' };
    const asNumber = rowOf(prepareItem(buildItem({ created_at: 20241101153000, resolved_at: 20241101163000, source_updated_at: 20241101170000 }), la));
    const asText = rowOf(prepareItem(buildItem({ created_at: '20241101153000', resolved_at: '20241101163000', source_updated_at: '20241101170000' }), la));
    expect(asNumber.created_at.toISOString()).toBe('2024-11-01T22:30:00.000Z'); // PDT, UTC−7
    expect(asNumber.resolved_at!.toISOString()).toBe('2024-11-01T23:30:00.000Z');
    expect(asNumber.metadata.source_updated_at).toBe('2024-11-02T00:00:00.000Z');
    expect(asText.created_at.toISOString()).toBe(asNumber.created_at.toISOString());
    expect(asText.resolved_at!.toISOString()).toBe(asNumber.resolved_at!.toISOString());
    // Seoul as before; epoch seconds and milliseconds keep their instant.
    expect(rowOf(prepareItem(buildItem({ created_at: 20241101153000 }), workspace)).created_at.toISOString()).toBe('2024-11-01T06:30:00.000Z');
    expect(rowOf(prepareItem(buildItem({ created_at: 1_730_500_000_000 }), la)).created_at.toISOString()).toBe(new Date(1_730_500_000_000).toISOString());
  });

  it('reads placeholder cells (-, 0000-00-00 00:00:00, 없음, N/A) in optional times, numbers and statuses as blank, never in the text', () => {
    for (const empty of ['-', '0000-00-00 00:00:00', '0000-00-00', '없음', 'N/A', '  —  ']) {
      const row = rowOf(prepareItem(buildItem({ first_response_at: empty, resolved_at: empty, source_updated_at: empty, rating: empty, score: empty, status: empty, reopened_count: empty, handled_by: empty } as never), workspace));
      expect(row, empty).toMatchObject({ first_response_at: null, resolved_at: null, rating: null, score: null, status: null, reopened_count: 0, handled_by: null });
      expect(row.metadata).not.toHaveProperty('source_updated_at');
    }
    // The same in a workspace elsewhere (times are converted first there).
    expect(rowOf(prepareItem(buildItem({ resolved_at: '0000-00-00 00:00:00' }), { ...workspace, timezone: 'Europe/Berlin' })).resolved_at).toBeNull();
    // Text is required: a dash is the customer's text, and an empty one is still refused.
    expect(prepare({ text: '-' }).text).toBe('-');
    expect(prepareItem(buildItem({ text: '' }), workspace).ok).toBe(false);
    // A value that is no placeholder is still an error.
    expect(prepareItem(buildItem({ rating: '많이' } as never), workspace).ok).toBe(false);
    expect(prepareItem(buildItem({ resolved_at: '0000-00-01' }), workspace).ok).toBe(false);
  });

  it('keeps the identity columns of a refused row as the item stores them, not as placeholders, and redacts the rest', () => {
    const columns = { external_id: '접수번호', customer_id: '고객ID', order_ref: '주문번호', product_ref: '상품코드', assignee: '담당자' } as const;
    const values = {
      접수번호: '240512-1234567', 고객ID: '010-1111-2222', 주문번호: '900101-1234567', 상품코드: '8801234567893', 담당자: 'agent.kim@acme.kr',
      내용: '전화 010-9999-8888 로 연락 주세요', 연락처: '010-9999-8888', 접수일시: '2024-02-31 10:00',
    };
    const masked = redactRejectedValues(values, workspace, columns);
    const item = prepare({ external_id: values.접수번호, customer_id: values.고객ID, order_ref: values.주문번호, product_ref: values.상품코드, assignee: values.담당자 });
    expect(masked).toEqual({
      접수번호: '240512-1234567', // an id is kept: only an e-mail or phone id is hashed
      고객ID: item.customer_ref, // the pseudonym, never the number
      주문번호: item.order_ref, // an RRN in the order number: its keyed hash
      상품코드: '8801234567893',
      담당자: 'agent.kim@acme.kr', // staff, kept as the item keeps it
      내용: '전화 [전화번호] 로 연락 주세요',
      연락처: '[전화번호]',
      접수일시: '2024-02-31 10:00',
    });
    expect(item.order_ref).toMatch(/^pii_/);
    // An id that is an e-mail or phone number is its keyed hash, as stored; re-importing any of these gives the same item.
    const byPhone = redactRejectedValues({ 접수번호: '010-1234-5678' }, workspace, columns);
    expect(byPhone.접수번호).toBe(prepare({ external_id: '010-1234-5678' }).external_id);
    const again = prepare({ external_id: masked.접수번호, customer_id: masked.고객ID, order_ref: masked.주문번호, product_ref: masked.상품코드, assignee: masked.담당자 } as never);
    expect(again).toMatchObject({ external_id: item.external_id, customer_ref: item.customer_ref, order_ref: item.order_ref, product_ref: item.product_ref, assignee: item.assignee });
    expect(prepare({ external_id: byPhone.접수번호 as string }).external_id).toBe(byPhone.접수번호);
    // Without the mapping, every column is redacted as metadata.
    expect(redactRejectedValues(values, workspace, {}).접수번호).toBe('[주민등록번호]');
  });

  it("reads every cell of a refused row of Sori's own file un-guarded before masking it, so a rejects file corrected twice gains no apostrophe", () => {
    const values = { external_id: 'R2', text: "'=SUM(A1) 이라고 썼어요", memo: "'@home", 연락처: "'+82 10-1234-5678", reject_reason: 'channel: …' };
    const masked = redactRejectedValues(values, workspace, { external_id: 'external_id' }, unguardCell);
    expect(masked).toEqual({ external_id: 'R2', text: '=SUM(A1) 이라고 썼어요', memo: '@home', 연락처: '[전화번호]', reject_reason: 'channel: …' });
    // A hand-made file (no un-guarding) keeps its apostrophes: they are the customer's.
    expect(redactRejectedValues(values, workspace, { external_id: 'external_id' }).memo).toBe("'@home");
  });

  it('says in both languages what a time field cannot take: a JSON object, an array, nothing (a formula without a saved result)', () => {
    const messages = (created_at: unknown) => {
      const r = prepareItem(buildItem({ created_at } as never), workspace);
      return r.ok ? [] : r.errors.map((e) => e.message);
    };
    expect(messages({ a: 1 })).toEqual(['expected a date/time, found a JSON object / 날짜·시간이 와야 할 자리에 JSON 객체가 있습니다']);
    expect(messages([1])).toEqual(['expected a date/time, found a JSON array / 날짜·시간이 와야 할 자리에 JSON 배열이 있습니다']);
    expect(messages(null)[0]).toMatch(/^required, but missing or empty.* \/ 필수 값이 비어 있습니다/);
    const first = prepareItem(buildItem({ first_response_at: true } as never), workspace);
    expect(first.ok ? null : first.errors[0]!.message).toBe('expected a date/time, found true/false / 날짜·시간이 와야 할 자리에 참/거짓 값이 있습니다');
  });

  it('maps absent optional fields to null and passes the import run id', () => {
    const row = rowOf(prepareItem(buildItem({ status: 'resolved', rating: ' 4 ', score: '' } as never), workspace, {}, '12'));
    expect(row).toMatchObject({ status: 'resolved', rating: 4, score: null, title: null, assignee: null, reopened_count: 0, import_run_id: '12' });
    expect(row.language).toBe('ko');
    expect(row.created_at.toISOString()).toBe('2026-11-02T01:15:00.000Z');
  });

  it('hashes the content: equal for an unchanged re-send, different when a stored field changes', () => {
    const input = buildItem({ metadata: { tag: 'a' }, resolved_at: '2026-11-03T10:00:00+09:00' });
    const hash = prepare(input).content_hash;
    expect(prepare(input).content_hash).toBe(hash);
    expect(rowOf(prepareItem(input, workspace, {}, '99')).content_hash).toBe(hash);
    for (const change of [{ text: `${input.text}!` }, { status: 'open' }, { metadata: { tag: 'b' } }, { resolved_at: '2026-11-03T10:00:01+09:00' }, { rating: 3 }, { title: 't' }]) {
      expect(prepare({ ...input, ...change }).content_hash, JSON.stringify(change)).not.toBe(hash);
    }
  });

  it('keeps the content hash formula (a change re-updates every re-sent item once) and field boundaries', () => {
    // Metadata is hashed with its keys in sorted order at every depth (canonicalJson), since Sori's
    // own export came back from jsonb with its keys reordered and was counted "changed". That
    // changed the formula deliberately: this pinned item (one metadata key) keeps its hash, but every
    // stored item whose metadata keys were not already in sorted order hashes differently now, so
    // each such item is counted "changed" and updated once on its next re-send, then converges.
    const PINNED_CONTENT_HASH = '66d2d5e8347c6dbc';
    const PINNED_SORTED_METADATA_HASH = '6292e751a97cd14e';
    const pinned = rowOf(prepareItem({
      external_id: 'h-1', channel: 'chat', source: 'channeltalk', created_at: '2026-11-02T10:15:00+09:00', text: '배송이 아직 안 왔어요',
      customer_id: 'member-42', rating: 4, metadata: { tag: 'a' }, status: 'resolved', resolved_at: '2026-11-03T10:00:00+09:00',
    }, workspace));
    expect(pinned.content_hash).toBe(PINNED_CONTENT_HASH);
    const nested = rowOf(prepareItem({
      external_id: 'h-1', channel: 'chat', source: 'channeltalk', created_at: '2026-11-02T10:15:00+09:00', text: '배송이 아직 안 왔어요',
      metadata: { zip: '06236', big: { b: 2, a: [{ y: 1, x: 0 }] }, bool: true },
    }, workspace));
    expect(nested.content_hash).toBe(PINNED_SORTED_METADATA_HASH);
    expect(prepare({ title: 'ab', text: 'c' }).content_hash).not.toBe(prepare({ title: 'a', text: 'bc' }).content_hash);
    expect(prepare({ title: undefined }).content_hash).not.toBe(prepare({ title: 'null' }).content_hash);
    expect(prepare({ rating: 1, score: undefined }).content_hash).not.toBe(prepare({ rating: undefined, score: 1 }).content_hash);
  });

  it('hashes metadata the same whatever order its keys come in, at any depth (jsonb reorders them)', () => {
    const base = buildItem();
    const a = prepare({ ...base, metadata: { zip: '06236', big: { b: 2, a: [{ y: 1, x: 0 }] }, bool: true, date: '2024-11-01' } });
    const b = prepare({ ...base, metadata: { big: { a: [{ x: 0, y: 1 }], b: 2 }, zip: '06236', date: '2024-11-01', bool: true } });
    expect(b.content_hash).toBe(a.content_hash);
    // Array order still counts.
    expect(prepare({ ...base, metadata: { list: [1, 2] } }).content_hash).not.toBe(prepare({ ...base, metadata: { list: [2, 1] } }).content_hash);
  });

  it('keeps a __proto__ metadata key as data through redaction and hashing', () => {
    const row = prepare({ metadata: JSON.parse('{"__proto__": {"polluted": "yes"}, "tag": "a"}') });
    expect(Object.hasOwn(row.metadata, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(row.metadata)).toBe(Object.prototype);
    expect(JSON.stringify(row.metadata)).toBe('{"__proto__":{"polluted":"yes"},"tag":"a"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const base = buildItem();
    expect(prepare({ ...base, metadata: JSON.parse('{"__proto__": 1, "tag": "a"}') }).content_hash).not.toBe(prepare({ ...base, metadata: { tag: 'a' } }).content_hash);
  });

  it('gives no two of many near-identical items the same content hash', () => {
    const seen = new Set<string>();
    const text = '배송이 아직 안 왔어요 언제 오나요';
    for (let i = 0; i < 20_000; i++) {
      const at = i % text.length;
      seen.add(prepare({ text: `${text.slice(0, at)}${String.fromCharCode(0x41 + (i % 26))}${text.slice(at)} ${i >> 5}` }).content_hash);
      seen.add(prepare({ text, created_at: new Date(Date.UTC(2026, 0, 1) + i) }).content_hash);
    }
    expect(seen.size).toBe(40_000);
  });
});

describe(`prepared rows are storable (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'storable', name: '저장 가능' });
  });
  afterAll(() => close());

  it('stores a batch in which one item has NUL and lone surrogates in every stored field, with the others', async () => {
    const bad = buildItem({
      external_id: '나쁨\u0000-1', source: 'api\u0000', assignee: '상담\u0000원', order_ref: 'O\u0000', product_ref: 'P\ud800',
      metadata: { '메모\u0000': 'a\u0000b', '\ud800': { k: ['\udc00'] } },
    } as never);
    const result = await ingestItems(db, ws, [buildItem({ external_id: '좋음-1', source: 'api' }), bad, buildItem({ external_id: '좋음-2', source: 'api' })], { enrich: false });
    expect(result).toMatchObject({ accepted: 3, inserted: 3, rejected: 0 });
    const stored = await db.query<{ external_id: string; metadata: unknown }>("SELECT external_id, metadata FROM items WHERE workspace_id = $1 AND source = 'api' ORDER BY external_id", [ws.id]);
    expect(stored.map((r) => r.external_id)).toEqual(['나쁨-1', '좋음-1', '좋음-2']);
    expect(stored[0]!.metadata).toEqual({ 메모: 'ab', '\ufffd': { k: ['\ufffd'] } });
  });

  it('counts ids that differ only by a lone surrogate as two items, and an identical re-send as unchanged', async () => {
    const item = (id: string, text: string) => buildItem({ external_id: id, source: 'l4', text, customer_id: '회원-7' });
    const opts = { enrich: false } as const;
    expect(await ingestItems(db, ws, [item('서로-\udc00', '첫 문의')], opts)).toMatchObject({ inserted: 1, unchanged: 0 });
    expect(await ingestItems(db, ws, [item('서로-\ud800', '다른 문의')], opts)).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await ingestItems(db, ws, [item('서로-\udc00', '첫 문의')], opts)).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await ingestItems(db, ws, [item('서로-\udc00', '고친 문의')], opts)).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const rows = await db.query<{ text: string }>("SELECT text FROM items WHERE workspace_id = $1 AND source = 'l4' ORDER BY text", [ws.id]);
    expect(rows.map((r) => r.text)).toEqual(['고친 문의', '다른 문의']);
  });
});

describe('normalizeTextFast', () => {
  it('treats as stable only characters that are NFC starters, unchanged by NFC and kept by normalizeText', () => {
    const ranges: [number, number][] = [[0x7f, 0xffff]];
    for (const [lo, hi] of ranges) {
      for (let c = lo; c <= hi; c++) {
        if (!isNfcStableBmp(c)) continue;
        const ch = String.fromCharCode(c);
        expect(/\p{M}/u.test(ch) || ch.normalize('NFC') !== ch || normalizeText(`a${ch}a`) !== `a${ch}a`, `U+${c.toString(16)}`).toBe(false);
        // Conjoining jamo compose with a neighbour although they are letters, not marks.
        expect((c >= 0x1100 && c <= 0x11ff) || (c >= 0xa960 && c <= 0xa97f) || (c >= 0xd7b0 && c <= 0xd7ff)).toBe(false);
      }
    }
    for (let cp = 0x1f000; cp <= 0x1ffff; cp++) {
      const ch = String.fromCodePoint(cp);
      expect(/\p{M}/u.test(ch) || ch.normalize('NFC') !== ch, `U+${cp.toString(16)}`).toBe(false);
    }
  });

  it('gives exactly what normalizeText gives', () => {
    let seed = 11;
    const rand = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
    const pieces = ['배송', '이', 'ᄒ', 'ᅡ', 'ᆫ', 'e', '\u0301', 'Å', 'Å', '😀', '\ud83d', '\ude00', '\u0007', '\u200b', '\ufeff', ' ', '\t', '\n', '\u3000', 'ㅋ', '！', '…', 'Ω', '가\u11a8', 'x'];
    for (let i = 0; i < 20_000; i++) {
      let s = '';
      for (let n = Math.floor(rand() * 8); n >= 0; n--) s += pieces[Math.floor(rand() * pieces.length)];
      expect(normalizeTextFast(s), JSON.stringify(s)).toBe(normalizeText(s));
    }
  });
});
