import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import type { ItemInput } from '../domain/item.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { getSupportKpis, type SupportRow } from './support.js';

// The range 2026-10-01 … 10-28 (Seoul), read on 10-30 at noon: 7 days before is 10-23 noon, so the
// contacts of days up to 10-22 are counted and those of 10-23 on are not yet.
const RANGE = { from: '2026-10-01', to: '2026-10-28', now: new Date('2026-10-30T12:00:00+09:00') };

/** One customer contact (an item), Seoul time. */
const item = (customer: string | undefined, channel: ItemInput['channel'], at: string, extra: Partial<ItemInput> = {}) =>
  buildItem({ customer_id: customer, channel, created_at: `2026-${at}:00+09:00`, ...extra });
const chat = (conversation: string) => ({ metadata: { conversation_id: conversation } });
// The rate is exact (x·100/n); the interval's ends are read to two decimals.
const ends = (x: number | null) => (x === null ? null : Number(x.toFixed(2)));
const repeat = (r: SupportRow | undefined) =>
  r && { contacts: r.repeat_contacts, due: r.repeat_due, repeated: r.repeat_repeated, rate: r.repeat_rate_pct, lower: ends(r.repeat_rate_lower_pct), upper: ends(r.repeat_rate_upper_pct), none: r.repeat_without_customer };

describe(`repeat contacts (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'repeat', name: '재문의' });
    await ingestItems(db, ws, [
      // A: a chat (이상담), then the 1:1 board 3 days later (박상담): the chat is repeated, the board
      // post not — A's satisfaction answer on the chat the day after is no new contact.
      item('A', 'chat', '10-02T10:00', { assignee: '이상담', text: '결제가 두 번 됐어요' }),
      item('A', 'board', '10-05T11:00', { assignee: '박상담', text: '결제 중복 건 아직 환불이 안 됐습니다' }),
      item('A', 'chat', '10-06T09:00', { kind: 'survey_response', rating: 2, text: '답변이 늦었어요' }),
      // B: one chat of three messages (the first assigned to 김상담, the next to 박상담) and the
      // agent's reply in it (a note): one contact, under 김상담; a memo two days later is none either.
      item('B', 'chat', '10-06T10:00', { assignee: '김상담', text: '배송지를 바꾸고 싶어요', ...chat('ch-b') }),
      item('B', 'chat', '10-06T10:05', { assignee: '박상담', text: '주소는 서울시 마포구입니다', ...chat('ch-b') }),
      item('B', 'chat', '10-06T10:20', { assignee: '박상담', text: '감사합니다', ...chat('ch-b') }),
      item('B', 'chat', '10-06T10:10', { kind: 'note', handled_by: 'human', text: '배송지 변경 처리했습니다', ...chat('ch-b') }),
      item('B', 'chat', '10-08T15:00', { kind: 'note', text: '고객 재확인 필요 없음' }),
      // C: e-mails 7 days and a minute apart: neither repeated.
      item('C', 'email', '10-08T10:00', { text: '세금계산서 발행 요청드립니다' }),
      item('C', 'email', '10-15T10:01', { text: '다른 달 세금계산서도 부탁드립니다' }),
      // D: board posts exactly 7 days apart: the first is repeated (the window is (start, start + 7 days]).
      item('D', 'board', '10-10T09:00', { text: '쿠폰이 적용되지 않아요' }),
      item('D', 'board', '10-17T09:00', { text: '쿠폰 문제가 또 생겼어요' }),
      // E: three contacts two and three days apart: the first two repeated; the third (10-25) not due.
      item('E', 'chat', '10-20T10:00', { text: '앱이 자꾸 꺼져요' }),
      item('E', 'email', '10-22T23:00', { text: '앱 오류 화면 캡처 보냅니다' }),
      item('E', 'chat', '10-25T10:00', { text: '업데이트 후에도 앱이 꺼집니다' }),
      // G and H: two customers a day apart — neither is the other's repeat.
      item('G', 'chat', '10-11T10:00', { text: '회원 등급이 궁금해요' }),
      item('H', 'chat', '10-12T10:00', { text: '회원 등급 기준 알려주세요' }),
      // K: just after midnight of 10-23: its day is not over 7 days ago, so not due.
      item('K', 'chat', '10-23T00:30', { text: '포인트가 사라졌어요' }),
      // L: an e-mail repeated by a chat after the range's end (6 days 23 hours later).
      item('L', 'email', '10-22T09:00', { text: '교환 신청은 어떻게 하나요' }),
      item('L', 'chat', '10-29T08:00', { text: '교환 신청 다시 문의드려요' }),
      // I: a chat begun before the range (09-29) and still going on 10-03 is no contact of the range,
      // nor a repeat of I's e-mail of 10-02.
      item('I', 'chat', '09-29T18:00', { text: '해지하고 싶어요', ...chat('ch-i') }),
      item('I', 'email', '10-02T09:00', { text: '해지 신청서 보냅니다' }),
      item('I', 'chat', '10-03T09:00', { text: '해지 처리 됐나요', ...chat('ch-i') }),
      // J: a chat and an e-mail at the same instant: not repeats of each other.
      item('J', 'chat', '10-13T15:00', { text: '비밀번호를 잊어버렸어요' }),
      item('J', 'email', '10-13T15:00', { text: '비밀번호 재설정 메일이 안 와요' }),
      // No customer id: a chat of two messages and an e-mail — two contacts, left out and counted.
      item(undefined, 'chat', '10-09T10:00', { text: '비회원 주문 조회가 안 돼요', ...chat('ch-n') }),
      item(undefined, 'chat', '10-09T10:03', { text: '주문번호는 12345입니다', ...chat('ch-n') }),
      item(undefined, 'email', '10-09T11:00', { text: '비회원 환불 문의' }),
      // A review is no answerable channel's contact.
      item('G', 'review', '10-12T11:00', { kind: 'review', rating: 1, text: '상담이 별로였어요' }),
    ]);
  });
  afterAll(() => close());

  it('counts contacts, due ones and repeats per channel and in total, with a Wilson interval', async () => {
    const k = await getSupportKpis(db, ws, RANGE);
    expect(k).toMatchObject({ repeat_window_days: 7, repeat_counted_until: '2026-10-22', repeat_without_customer: 2 });
    // 17 contacts with a customer; 15 due (not E's of 10-25 nor K's); repeated: A's chat, D's first
    // post, E's first two, L's e-mail → 5 of 15 = 33.33 %, Wilson 95 % 15.18–58.29.
    expect(repeat(k.total)).toEqual({ contacts: 17, due: 15, repeated: 5, rate: (5 * 100) / 15, lower: 15.18, upper: 58.29, none: 2 });
    const row = (key: string) => repeat(k.rows.find((r) => r.key === key));
    // Chat: A, B, E ×2, G, H, J, K = 8; due 6; repeated A and E's first. (I's chat began before the range.)
    expect(row('chat')).toEqual({ contacts: 8, due: 6, repeated: 2, rate: (2 * 100) / 6, lower: 9.68, upper: 70, none: 1 });
    // Board: A (followed by a survey answer only), D ×2 → 1 of 3.
    expect(row('board')).toEqual({ contacts: 3, due: 3, repeated: 1, rate: (1 * 100) / 3, lower: 6.15, upper: 79.23, none: 0 });
    // E-mail: C ×2 (7 days and a minute apart), E's, I's, J's, L's → E's and L's.
    expect(row('email')).toMatchObject({ contacts: 6, due: 6, repeated: 2, none: 1 });
  });

  it('attributes a contact to its first item’s agent', async () => {
    const k = await getSupportKpis(db, ws, { ...RANGE, by: 'assignee' });
    const row = (key: string) => repeat(k.rows.find((r) => r.key === key));
    expect(row('이상담')).toMatchObject({ contacts: 1, due: 1, repeated: 1, rate: 100 });
    // B's chat went on with 박상담: still 김상담's contact; 박상담 has A's board post only.
    expect(row('김상담')).toMatchObject({ contacts: 1, due: 1, repeated: 0, rate: 0 });
    expect(row('박상담')).toMatchObject({ contacts: 1, due: 1, repeated: 0, rate: 0 });
    expect(row('')).toMatchObject({ contacts: 14, due: 12, repeated: 4, none: 2 });
    expect(repeat(k.total)).toMatchObject({ contacts: 17, due: 15, repeated: 5 });
  });

  it('narrows the contacts to the channel filter but counts a repeat on any channel', async () => {
    // A's chat is repeated by a board post though the board is not asked for.
    const chatOnly = await getSupportKpis(db, ws, { ...RANGE, channel: ['chat'] });
    expect(repeat(chatOnly.total)).toMatchObject({ contacts: 8, due: 6, repeated: 2, none: 1 });
    expect(chatOnly.repeat_without_customer).toBe(1);
    const board = await getSupportKpis(db, ws, { ...RANGE, channel: ['board'], by: 'assignee' });
    expect(repeat(board.total)).toMatchObject({ contacts: 3, due: 3, repeated: 1, none: 0 });
    expect(repeat(board.rows.find((r) => r.key === '박상담'))).toMatchObject({ contacts: 1, repeated: 0 });
    // Channels that expect no answer leave nothing.
    const reviews = await getSupportKpis(db, ws, { ...RANGE, channel: ['review'] });
    expect(repeat(reviews.total)).toEqual({ contacts: 0, due: 0, repeated: 0, rate: null, lower: null, upper: null, none: 0 });
  });

  it('counts nothing as due while a range’s 7 days are not over, and everything once they are', async () => {
    // Read on 10-29 at 09:00: 7 days before is 10-22 09:00 → contacts up to 10-21 are counted.
    const early = await getSupportKpis(db, ws, { ...RANGE, now: new Date('2026-10-29T09:00:00+09:00') });
    expect(early.repeat_counted_until).toBe('2026-10-21');
    // Not due now: E's of 10-22 and 10-25, K's, L's → 13 due; repeated A, D, E's first (E's e-mail
    // of 10-22 is not due) → 3.
    expect(repeat(early.total)).toMatchObject({ contacts: 17, due: 13, repeated: 3 });
    // A month later every contact is due, whatever the range.
    const late = await getSupportKpis(db, ws, { ...RANGE, now: new Date('2026-11-30T12:00:00+09:00') });
    expect(late.repeat_counted_until).toBe('2026-11-22');
    expect(repeat(late.total)).toMatchObject({ contacts: 17, due: 17, repeated: 5 });
    // A follow-up is looked for past the range's end: in 10-16 … 10-22, E's e-mail is repeated by
    // E's chat of 10-25 and L's e-mail by L's chat of 10-29.
    const week = await getSupportKpis(db, ws, { ...RANGE, from: '2026-10-16', to: '2026-10-22' });
    // 10-16 … 10-22: D's second post, E's chat and e-mail, L's e-mail → repeated E ×2, L.
    expect(repeat(week.total)).toMatchObject({ contacts: 4, due: 4, repeated: 3, none: 0 });
  });
});
