import { describe, expect, it } from 'vitest';
import { churnReason, ORDER_CANCELLATION } from '../domain/churn-reasons.js';
import { cancellationReason, classifyChurnReason } from './churn-reasons.js';

// Written for this test, not taken from the demo generator's phrases.
const CASES: [string, string | null][] = [
  ['한 달 구독료가 만 원이 넘으니 부담스럽네요. 해지 부탁드립니다', 'price'],
  ['가성비가 너무 떨어져서 그만 쓰려고요', 'price'],
  ['솔직히 요즘은 거의 안 써서 해지합니다', null], // "거의 안 써" is not in the rules: an honest miss
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
