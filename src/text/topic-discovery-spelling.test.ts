import { describe, expect, it } from 'vitest';
import { discoverTopics } from './topic-discovery.js';
import { commonSpellings, isOneJamoApart } from './topic-discovery-spelling.js';

describe('misspellings in topic discovery', () => {
  it('reads a slip as one jamo people mix up, not any one jamo', () => {
    // A vowel beside it on the keyboard or said alike, a consonant doubled.
    for (const [slip, word] of [['배숑', '배송'], ['환뷸', '환불'], ['결재', '결제'], ['문이', '문의'], ['배송지', '배숑지'], ['깝자기', '갑자기']]) expect(isOneJamoApart(slip!, word!)).toBe(true);
    // Other words one jamo away (the question-pair set's 사과/사귀, 마음/많음, 무시/수시), two jamo, other lengths.
    for (const [a, b] of [['사과', '사귀'], ['마음', '많음'], ['무시', '수시'], ['배상', '배송'], ['배송비', '배송지'], ['최소', '취소'], ['배송', '배송'], ['배송', '배송지'], ['환뷸', '한불'], ['cat', 'cut']]) expect(isOneJamoApart(a!, b!)).toBe(false);
  });

  it('merges a rare spelling into a much more common word used among the same words, and nothing else', () => {
    const docs = [
      ...Array.from({ length: 20 }, (_, i) => (i % 2 ? ['배송', '지연'] : ['배송', '조회', '지연'])),
      ['배숑', '지연'], ['배숑', '조회'], ['배숑', '지연', '조회'],
      // 배쇼 is a slip by its jamo but written among other words: a word of its own.
      ...Array.from({ length: 5 }, () => ['결제', '카드']), ['배쇼', '카드', '결제'],
      // 결재 is in 2 texts against 결제's 6: not four times as common, kept.
      ['결제', '영수증'], ['결재', '영수증'], ['결재', '카드'],
    ];
    expect([...commonSpellings(docs)]).toEqual([['배숑', '배송']]);
    // A common word is at least 5 texts: two words of 3 texts each stay apart.
    expect(commonSpellings([['배송'], ['배송'], ['배송'], ['배숑']]).size).toBe(0);
  });

  it('names a cluster by the common spelling when customers misspell its word', () => {
    const now = new Date('2026-11-20T00:00:00Z');
    const refunds = ['환불 요청했는데 환불 계좌 확인 부탁해요', '환불 언제 입금되나요 환불 계좌', '환불 처리 기간 알려주세요', '환불 계좌 등록했어요', '환불 금액이 달라요'];
    const slips = ['환뷸 계좌 등록했는데 환뷸이 안 됐어요', '환뷸 요청 계좌 확인 부탁', '환뷸 언제 되나요 계좌 확인'];
    const logins = ['로그인이 안 돼요', '로그인 오류가 계속 나요', '앱 로그인하면 오류 메시지가 떠요', '비밀번호 맞는데 로그인 오류'];
    const coupons = ['쿠폰 적용이 안 돼요', '할인 쿠폰 어디서 받나요', '쿠폰 코드 입력 오류', '쿠폰 할인 금액이 이상해요'];
    const texts = [...Array.from({ length: 45 }, (_, i) => refunds[i % refunds.length]!), ...Array.from({ length: 9 }, (_, i) => slips[i % slips.length]!), ...Array.from({ length: 24 }, (_, i) => logins[i % logins.length]!), ...Array.from({ length: 24 }, (_, i) => coupons[i % coupons.length]!)];
    const items = texts.map((text, i) => ({ id: String(i), text, createdAt: new Date(now.getTime() - (i % 10) * 86_400_000) }));
    const names = (commonSpellings: boolean) => discoverTopics(items, { now, commonSpellings }).map((c) => c.keywords.join(' '));
    // Before: the slip is distinctive, so its texts are a cluster of their own named by it.
    expect(names(false).some((n) => n.includes('환뷸'))).toBe(true);
    const after = discoverTopics(items, { now });
    expect(after.map((c) => c.keywords.join(' ')).join(' ')).not.toContain('환뷸');
    // The slipped texts are in the refund cluster, named 환불.
    const refund = after.find((c) => c.memberIds.includes('45'))!;
    expect(refund.name).toContain('환불');
    expect(refund.memberIds).toEqual(expect.arrayContaining(['0', '46', '53']));
    // Deterministic.
    expect(discoverTopics(items, { now }).map((c) => [c.name, c.memberIds])).toEqual(after.map((c) => [c.name, c.memberIds]));
  });
});
