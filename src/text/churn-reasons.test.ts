import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { churnReason, ORDER_CANCELLATION, UNKNOWN_CHURN_REASON } from '../domain/churn-reasons.js';
import { cancellationReason, churnReasonOf, classifyChurnReason, isLeaveRequest, LEAVE_HINT } from './churn-reasons.js';

// Written for this test, not taken from the demo generator's phrases.
const CASES: [string, string | null][] = [
  ['한 달 구독료가 만 원이 넘으니 부담스럽네요. 해지 부탁드립니다', 'price'],
  ['가성비가 너무 떨어져서 그만 쓰려고요', 'price'],
  ['솔직히 요즘은 거의 안 써서 해지합니다', 'low_usage'], // an adverb between: was an honest miss
  ['쓸 일이 없어서 탈퇴할게요', 'low_usage'],
  ['받은 과일이 두 번이나 상해서 왔어요. 멤버십 해지해주세요', 'quality'],
  ['앱이 자꾸 튕기고 버그가 많아서 못 쓰겠어요', 'product'],
  ['상담원이 너무 불친절해서 해지합니다', 'service'],
  ['배송이 계속 늦어서 이용을 그만하려고요', 'service'],
  ['쿠팡으로 갈아타려고요', 'competitor'],
  ['이번에 식당 문을 닫게 돼서 정기배송 해지합니다', 'closure'],
  ['코로나 때문에 휴업 중이라 잠시 해지할게요', 'closure'],
  ['제주도로 이사 가서 배송이 안 된대요', 'moving'],
  ['아들이 훈련소 들어가서 쓸 사람이 없어요', 'military'],
  ['어학연수 가게 되어서 해지 신청합니다', 'abroad'],
  ['실직해서 당분간 구독은 어려울 것 같아요', 'financial'],
  ['어머니가 돌아가셔서 계정 해지 부탁드립니다', 'deceased'],
  ['카드 한도 초과로 결제가 안 되네요', 'payment_failure'],
  ['The subscription is too expensive for me now', 'price'],
  ["We're relocating to Singapore, please cancel", 'moving'],
  ['I switched to another service with better prices', 'price'],
  ['Please cancel my account.', null],
  ['해지해 주세요', null],
];

describe('churn reasons from the customer’s words', () => {
  it.each(CASES)('%s → %s', (text, reason) => {
    expect(classifyChurnReason(text)).toBe(reason);
  });

  it('prefers the involuntary reason when a text gives both', () => {
    // The move is why they leave; the missing delivery area follows from it.
    expect(classifyChurnReason('이사 가는 곳이 배송 지역이 아니고 요금도 비싸서 해지합니다')).toBe('moving');
    expect(churnReason('moving')!.controllable).toBe(false);
    expect(churnReason('price')!.controllable).toBe(true);
  });
});

// Written for this test: the general patterns a rule list misses when it needs exact words.
const PATTERNS: [string, string, string | null][] = [
  // Words apart: a particle, an adverb or two between a rule's words; other verb endings (stems).
  ['an adverb between', '앱이 요즘 들어 너무 느려서 해지할게요', 'product'],
  ['an adverb between', '배송이 요즘 매번 늦게 와서 해지합니다', 'service'],
  ['another ending', '다른 데로 갈아탈려구요', 'competitor'],
  ['another ending', '바빠서 통 쓰질 않았네요 해지', 'low_usage'],
  ['not used, without 잘/자주', '요즘은 안 쓰게 되네요 해지요', 'low_usage'],
  // 요금제 is the plan's name, not a complaint about its price.
  ['요금제 alone', '요금제 해지해 주세요', null],
  ['요금제 and another reason', '요금제 해지요. 화면이 자꾸 멈춰서요', 'product'],
  ['요금제 said to be dear', '요금제가 너무 비싸요 해지', 'price'],
  // An involuntary word taken back, or not an event at all, decides nothing.
  ['taken back', '기능이 부족해서요. 이사 가는 건 아니에요', 'product'],
  ['taken back', '이사 때문은 아니고 상담원이 불친절해서 해지합니다', 'service'],
  ['taken back', '이사가 아니라 가격이 부담돼서요', 'price'],
  ['not happening', '이사는 안 가요. 앱이 불편해서 해지', 'product'],
  ['a title', '대표이사 지시로 해지합니다. 쓸 일이 없어서요', 'low_usage'],
  ['a title', '이사님께서 쓰시던 계정인데 구독료가 부담돼서 해지', 'price'],
  ['a title only', '회사 이사님 계정이에요 해지해주세요', null],
  ['a board', '이사회 결정으로 해지합니다', null],
  ['이 사과 written together', '이사과가 다 상해서 왔어요 해지', 'quality'],
  ['the move itself', '이사 가서 해지합니다', 'moving'],
  ['a house moved, not a provider', '집 옮기게 돼서 해지', 'moving'],
  ['a good word on a topic', '가격은 괜찮은데 상담원이 불친절해요', 'service'],
  ['a topic alone', '가격 때문에 해지합니다', 'price'],
  ['English, taken back', 'The price is fine but support never replied', 'service'],
  ['English, a provider is no move', 'Moving to a cheaper provider, cancel please', 'price'],
  ['English, a move', "We're moving to Jeju, cancel please", 'moving'],
];

describe('reasons stated the many ways people state them', () => {
  it.each(PATTERNS)('%s: %s → %s', (_, text, reason) => {
    expect(classifyChurnReason(text)).toBe(reason);
  });

  it('lets the evidence decide, never the list order', () => {
    // Two complaints of one kind outweigh a move mentioned in passing (INVOLUNTARY_BONUS).
    expect(classifyChurnReason('솔직히 가격이 너무 비싸요. 구독료도 계속 올랐고요. 마침 이사도 하고 해서 해지합니다')).toBe('price');
    // One statement each: the one stated as the cause…
    expect(classifyChurnReason('앱이 좀 느리긴 한데 배송이 늦어서 해지')).toBe('service');
    expect(classifyChurnReason('배송이 좀 늦긴 한데 앱이 느려서 해지')).toBe('product');
    // …else the one stated first, whichever comes first in the list of reasons.
    expect(classifyChurnReason('배송도 늦고 앱도 느려요 해지')).toBe('service');
    expect(classifyChurnReason('앱도 느리고 배송도 늦어요 해지')).toBe('product');
    expect(classifyChurnReason('품질도 별로고 가격도 비싸요 해지')).toBe('quality');
    // A motive beats the switch it led to.
    expect(classifyChurnReason('다른 서비스로 옮겨요. 여기보다 훨씬 저렴해서요')).toBe('price');
    // The same words said twice are one statement, not two.
    expect(classifyChurnReason('가격이 비싸요 비싸요 비싸요. 이사 가서 해지합니다')).toBe('moving');
  });

  it('reads a 100k-character text in linear time, however it is made', () => {
    const n = 100_000;
    const fill = (unit: string) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
    const texts = ['a', ' ', '가격', '가격 ', '이사 ', '안 ', '앱 ', '상', '답', '으로 ', '기능가나다라마바사아자차', '이사 가는 건 아니고 ',
      '상담원 연결 가나다 ', '앱이 배송 상담 다른 기능 가격 이사 로 ', 'switched to ', 'moving to a different ', 'nobody ', '1,'].map(fill);
    for (const text of texts) {
      const started = performance.now();
      classifyChurnReason(text);
      cancellationReason(text, null);
      expect(performance.now() - started, text.slice(0, 12)).toBeLessThan(1_500); // ~0.1 s here
    }
  });
});

/*
 * test/fixtures/text/churn-reasons-holdout.jsonl: 270 cancellation messages (227 Korean, 43 English)
 * across subscriptions, memberships, telecom, SaaS, meal kits, gyms and shops, hand-written for
 * Sori (2026-12-06), with the reason a CX lead would file, `unknown` when none is stated. Written in
 * four parts, each before the rules it measured: A (95) before this rule set was written — the rules
 * were then written with it in view, so it is not blind; B (64) and C (62) each read once blind
 * (B 32/64, C 24/62), then their failure kinds (not their sentences) widened the rules; D (49) read
 * once blind (25/49), then only its four wrong answers' kinds were fixed (negation "문제 아닌데",
 * "가진 않는데", "pricing doesn't work for", "export is broken") → 28/49. D is the honest figure of
 * how far word rules go on unseen wording: most of its misses are "unknown", few are wrong.
 */
const HOLDOUT = readFileSync(new URL('../../test/fixtures/text/churn-reasons-holdout.jsonl', import.meta.url), 'utf8')
  .trim().split('\n').map((line) => JSON.parse(line) as { text: string; reason: string; lang: string; part: string });

describe('the hand-written holdout (test/fixtures/text/churn-reasons-holdout.jsonl)', () => {
  const score = (rows: typeof HOLDOUT) => {
    const got = rows.map((r) => cancellationReason(r.text, null));
    return {
      accuracy: got.filter((g, i) => g === rows[i]!.reason).length / rows.length,
      // A reason given where another (or none) was stated: worse than "unknown".
      wrong: got.filter((g, i) => g !== rows[i]!.reason && g !== UNKNOWN_CHURN_REASON).length / rows.length,
    };
  };

  // Floors a little under what was measured (A 95/95, B 62/64, C 60/62, D 28/49; all 245/270 = 0.91).
  it.each([['A', 0.95], ['B', 0.9], ['C', 0.9], ['D', 0.5]] as const)('part %s reads at least %s right', (part, floor) => {
    const rows = HOLDOUT.filter((r) => r.part === part);
    expect(rows.length).toBeGreaterThanOrEqual(45);
    expect(score(rows).accuracy).toBeGreaterThanOrEqual(floor);
  });

  it('is mostly right overall, in Korean and English, and rarely gives a wrong reason', () => {
    expect(HOLDOUT.length).toBeGreaterThanOrEqual(80);
    const all = score(HOLDOUT);
    expect(all.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(all.wrong).toBeLessThanOrEqual(0.03);
    expect(score(HOLDOUT.filter((r) => r.lang === 'en')).accuracy).toBeGreaterThanOrEqual(0.75);
  });
});

// Written for this test: order cancellations, refunds and returns are not churn; ending a
// subscription, membership or account is, whatever else the message mentions.
const SCOPE: [string, 'order' | 'churn'][] = [
  ['주문 취소 요청드려요. 취소 버튼이 비활성화돼 있어요', 'order'],
  ['카드 결제 취소가 일부만 됐어요', 'order'],
  ['실수로 두 번 주문해서 하나 취소할게요', 'order'],
  ['어제 주문한 거 취소 가능할까요', 'order'],
  ['주문취소하고 싶어요. 다른 데서 더 싸게 팔아서요', 'order'],
  ['반품 접수했는데 환불은 언제 되나요', 'order'],
  ['환불해 주세요 상품이 파손돼서 왔어요', 'order'],
  ['Please cancel my order, it has not shipped yet', 'order'],
  ['I want a refund for the broken blender', 'order'],
  ['멤버십 해지하고 남은 기간 환불받고 싶어요', 'churn'],
  ['정기배송 그만 받을게요. 주문이 너무 자주 와서요', 'churn'],
  ['회원 탈퇴하려고 하는데 주문 내역은 어떻게 되나요', 'churn'],
  ['구독 취소해 주세요 가격이 부담돼요', 'churn'],
  ['Cancel my subscription and refund this month', 'churn'],
  ['Please close my account', 'churn'],
  ['Please refund the money to my account', 'order'],
  ['I planned a trip, cancel my order', 'order'],
  ['Cancel my plan from next month', 'churn'],
  ['해지해 주세요', 'churn'],
  ['취소해 주세요', 'churn'], // neither word: left to the reasons (unknown), as before
];

describe('order cancellations are not churn', () => {
  it.each(SCOPE)('%s → %s', (text, scope) => {
    const reason = cancellationReason(text, null);
    expect(reason === ORDER_CANCELLATION ? 'order' : 'churn').toBe(scope);
  });

  it('a reason the source gives wins over the words', () => {
    expect(cancellationReason('주문 취소해 주세요', { cancel_reason: 'price' })).toBe('price');
  });
});

describe('the source’s own reason field', () => {
  const text = '멤버십 해지해 주세요. 해지 처리 부탁드립니다'; // says no reason itself
  it.each([
    [{ cancel_reason: 'price' }, 'price'],
    [{ cancel_reason: '가격 부담' }, 'price'], // the reason's Korean name
    [{ 해지사유: '가격부담' }, 'price'], // a Korean export's column; spaces aside
    [{ '해지 사유': ' Low usage ' }, 'low_usage'], // the English name, case and spaces aside
    [{ 취소사유: 'MILITARY' }, 'military'],
    [{ 탈퇴사유: '군입대' }, 'military'],
    [{ cancellation_reason: 'Switched to a competitor' }, 'competitor'],
    [{ reason: 'payment failure' }, 'payment_failure'],
    [{ cancel_reason: '이사' }, 'moving'], // no name: the field's own words, classified
    [{ 해지사유: '해외 유학 가게 되어서' }, 'abroad'],
  ])('%j → %s', (metadata, reason) => {
    expect(cancellationReason(text, metadata)).toBe(reason);
  });

  it('takes the first key found, and the customer’s words when the field says nothing known', () => {
    expect(cancellationReason(text, { reason: 'price', 해지사유: '군입대' })).toBe('military');
    expect(cancellationReason(text, { 해지사유: '', cancel_reason: 'closure' })).toBe('closure'); // blank: not found
    expect(cancellationReason(text, { 해지사유: 12 })).toBe('unknown'); // not text
    expect(cancellationReason('가격이 너무 비싸서 구독 해지합니다', { 해지사유: '기타' })).toBe('price');
    expect(cancellationReason(text, { 해지사유: '기타' })).toBe('unknown');
    // A key in another Unicode form is the same key.
    expect(cancellationReason(text, { ['해지사유'.normalize('NFD')]: '가격 부담' })).toBe('price');
  });

  it('an order’s cancellation stays one whatever reason text its export gives, unless the field names a reason', () => {
    expect(cancellationReason('주문 취소해 주세요', { 취소사유: '배송이 너무 늦어서' })).toBe(ORDER_CANCELLATION);
    expect(cancellationReason('취소해 주세요', { 취소사유: '주문 취소 후 재주문' })).toBe(ORDER_CANCELLATION);
    expect(cancellationReason('주문 취소해 주세요', { 취소사유: '가격 부담' })).toBe('price');
  });
});

/*
 * test/fixtures/text/account-leave.jsonl: 105 account messages (84 Korean, 21 English), hand-written
 * for Sori (2026-12-06, session 22) with what a CX lead running 해지 방어 would count: leave requests
 * with and without a reason, ways asked for, leaves that fail or wait, questions about what leaving
 * does (leaves); returns (재가입, 복구), leaves in the past, leaves withdrawn or not taken, groups
 * left inside the service (단톡방, 모임, 리그, 길드, 크루), other accounts removed, removals by the
 * operator, other account matters (not leaves); `reason` where the words state one. Written with
 * the gate, so not blind: 105/105 and 23/25 reasons at first reading (the two misses, "광고 문자가
 * 너무 많이" and "support never replies", widened two reason rules). The type holdouts' and the
 * curated examples' account items that name a leave (written before, by others): 10 of 11 leaves and
 * 8 of 8 non-leaves right at first reading; the miss ("I'm done with the service") and a
 * complaint's "탈퇴까지 했는데" read as a leave were fixed. Review of 2026-12-06 added 24 (now 129: 103
 * Korean, 26 English; 71 leaves, 58 not): a way back refused ("재가입은 안 할 거예요", "I will not come
 * back"), a change of mind before the leave (its cause) and after it (taken back), 탈퇴시켜 주세요 (a
 * request) against 탈퇴시켰다 (a removal), a child's or a former employee's account (named before it or in a note after
 * it; 회사 계정 alone is a business's own: its leave), 부탁 read as 부계정; the gate before read
 * 112/129 (the 17 misses are what it fixed), 129/129 now.
 */
const LEAVES = readFileSync(new URL('../../test/fixtures/text/account-leave.jsonl', import.meta.url), 'utf8')
  .trim().split('\n').map((line) => JSON.parse(line) as { text: string; leave: boolean; lang: string; why: string; reason?: string });

describe('leaving the service (회원 탈퇴) is churn: the gate on account items', () => {
  it('tells leaves from other account matters (floors under 129/129 measured)', () => {
    // ~100 Korean and ~25 English messages, leaves and not.
    expect(LEAVES.filter((r) => r.lang === 'ko').length).toBeGreaterThanOrEqual(100);
    expect(LEAVES.filter((r) => r.lang === 'en').length).toBeGreaterThanOrEqual(25);
    expect(LEAVES.filter((r) => r.leave).length).toBeGreaterThanOrEqual(70);
    expect(LEAVES.filter((r) => !r.leave).length).toBeGreaterThanOrEqual(55);
    const got = LEAVES.map((r) => isLeaveRequest(r.text));
    const tp = got.filter((g, i) => g && LEAVES[i]!.leave).length;
    const precision = tp / got.filter(Boolean).length;
    const recall = tp / LEAVES.filter((r) => r.leave).length;
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    for (const lang of ['ko', 'en']) {
      const rows = LEAVES.filter((r) => r.lang === lang);
      expect(rows.filter((r) => isLeaveRequest(r.text) === r.leave).length / rows.length, lang).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('gives a leave the reason its words state, never an order (floor under 25/25 measured)', () => {
    const stated = LEAVES.filter((r) => r.reason);
    const got = stated.map((r) => churnReasonOf('account', r.text, null));
    expect(got.filter((g, i) => g === stated[i]!.reason).length / stated.length).toBeGreaterThanOrEqual(0.9);
    for (const r of LEAVES.filter((x) => x.leave)) expect(churnReasonOf('account', r.text, null), r.text).not.toBe(ORDER_CANCELLATION);
  });

  it.each([
    ['탈퇴하면 포인트는 어떻게 되나요?', true], // a leave-intent question: the member means to go
    ['탈퇴 후 재가입 되나요?', false], // on the way back in
    ['탈퇴한 줄 알았는데 메일이 와요', false], // a leave in the past: counted when it was asked for
    ['탈퇴한 줄 알았는데 메일이 와요. 탈퇴 처리해 주세요', true], // …unless it is asked for again
    ['탈퇴가 안 돼요', true], // a leave that fails is still a leave
    ['단톡방 탈퇴는 어떻게 해요?', false],
    ['모임에서 탈퇴하고 싶어요', false],
    ['리그 탈퇴하면 보상은요?', false],
    ['비밀번호 변경하고 싶어요', false],
    ['로그인이 안 돼요', false],
    ['회원 탈퇴까지 했는데 광고 문자가 계속 와요', false],
    ['Please close my account.', true],
    ['I closed my account but you charged me again', false],
    ['Can I have my account deleted?', true],
    // A way back refused is no way back; a change of mind before the leave is its cause, after it takes it back.
    ['탈퇴하고 재가입은 안 할 거예요', true],
    ['재가입 안 합니다 탈퇴요', true],
    ['다시 돌아올 일 없으니 탈퇴 처리해 주세요', true],
    ['Delete my account. I will not come back.', true],
    ['please delete my account, no need to restore anything', true],
    ['마음이 바뀌어서 탈퇴하려고요', true],
    ['I changed my mind about this service, please delete my account', true],
    ['탈퇴 신청했는데 마음이 바뀌었어요', false],
    ['I changed my mind about deleting my account', false],
    ['탈퇴 후 다시 돌아올 수 있나요?', false],
    ['탈퇴 철회', false],
    ['계정 복구 요청', false],
    // 탈퇴시켜 주세요 asks the operator to do it; 탈퇴시켰다 reports a removal by the operator.
    ['탈퇴시켜주세요', true],
    ['탈퇴 시켜주세요', true],
    ['회원 탈퇴 시켜주세요 더 이상 안 씁니다', true],
    ['탈퇴시켜 주실 수 있나요?', true],
    ['그냥 탈퇴시켜줘요', true],
    ['강제 탈퇴 시켰어요', false],
    ['운영자가 탈퇴시켰다', false],
    // Someone else's account: a child's, a former employee's (부탁 is no 부계정).
    ['아들 계정 삭제해 주세요', false],
    ['딸 계정 탈퇴', false],
    ['퇴사자 회사 계정 삭제', false],
    ['회사 계정 삭제 부탁드립니다 (퇴사자)', false],
    ['부계정 탈퇴하고 싶어요', false],
    ['부탁드려요 계정 삭제해 주세요', true],
    ['딸기 주문하다가 짜증나서 계정 삭제합니다', true],
  ] as const)('%s → leave: %s', (text, leave) => {
    expect(isLeaveRequest(text)).toBe(leave);
  });

  it('gives a reason only to cancellations and leaves; an account leave with an order word is still churn', () => {
    expect(churnReasonOf('account', '요즘 거의 안 써서 탈퇴하려고요', null)).toBe('low_usage');
    // What leaving does is asked, no complaint (the demo's "탈퇴하면 … 지워지나요" read as lost data before).
    expect(churnReasonOf('account', '탈퇴하면 주문 내역도 다 지워지나요?', null)).toBe(UNKNOWN_CHURN_REASON);
    expect(churnReasonOf('account', '업데이트 후에 작성한 메모가 다 사라졌어요. 탈퇴할게요', null)).toBe('product');
    expect(churnReasonOf('account', '비밀번호를 잊어버렸어요', null)).toBeNull();
    expect(churnReasonOf('delivery', '탈퇴하고 싶어요', null)).toBeNull();
    expect(churnReasonOf('cancellation', '주문 취소해 주세요', null)).toBe(ORDER_CANCELLATION);
    // The source's own field may read as an order's ("환불 때문"): a member who leaves has left.
    expect(churnReasonOf('account', '회원 탈퇴 부탁드려요', { 탈퇴사유: '환불 문제' })).toBe(UNKNOWN_CHURN_REASON);
    expect(churnReasonOf('account', '회원 탈퇴 부탁드려요', { 탈퇴사유: '가격 부담' })).toBe('price');
  });

  it('finds no leave in a text without the hint words (the churn fill reads only texts with them)', () => {
    const hint = new RegExp(LEAVE_HINT, 'i');
    for (const r of LEAVES.filter((x) => isLeaveRequest(x.text))) expect(hint.test(r.text), r.text).toBe(true);
    // The hint is read by PostgreSQL too: plain alternation of literals, no JavaScript-only syntax.
    expect(LEAVE_HINT).toMatch(/^[가-힣a-z |]+$/);
  });
});
