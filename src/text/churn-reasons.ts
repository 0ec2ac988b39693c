import { CHURN_REASONS, churnReasonNamed, ORDER_CANCELLATION, UNKNOWN_CHURN_REASON } from '../domain/churn-reasons.js';

/**
 * Classifies why a customer cancels from their own words: phrase rules per reason, Korean and
 * English, written from how people state reasons (가격이 부담돼서, 폐업하게 돼서, moving abroad).
 * Involuntary reasons are tried first (a customer who moves "and the new place has no delivery" left
 * because of the move), then the most matches wins, then the list order.
 */
const RULES: Record<string, RegExp[]> = {
  closure: [/폐업|휴업|휴폐업|사업(을|를)?\s*(정리|접)|가게(를)?\s*(접|정리|닫)|문(을)?\s*닫(게|아)|장사(를)?\s*(접|그만)/, /clos(e|ed|ing) (my|our|the) (business|shop|store)|shut(ting)? down (my|our|the) business|out of business/i],
  moving: [/이사|이민|해외\s*이주|지방으로\s*내려/, /\bmov(e|ed|ing) (to|abroad|away|house)|relocat/i],
  military: [/군대|입대|군\s*복무|훈련소/, /military service|enlist/i],
  abroad: [/유학|해외\s*(파견|출장|근무|체류)|장기\s*출장|워킹\s*홀리데이|어학연수/, /study(ing)? abroad|overseas (assignment|posting)/i],
  deceased: [/돌아가(셨|셔|시)|별세|사망|고인/, /passed away|deceased/i],
  financial: [/형편이|경제적(인)?\s*(사정|이유|여유)|생활비(가|를)?\s*(줄|아껴|부족)|실직|수입이\s*(없|줄)/, /lost my job|can'?t afford|financial (reasons|hardship)/i],
  payment_failure: [/결제\s*(실패|오류)로|카드\s*(만료|정지|한도)|잔액\s*부족/, /payment (failed|declined)|card (expired|declined)/i],
  price: [/비싸|가격|요금|부담|(더\s*)?싸서|저렴|가성비|할인(이|을)?\s*(없|줄|끝)/, /expensive|price|pricing|too much money|cheaper|cost(s|ly)?\b/i],
  low_usage: [/(잘|자주|많이)\s*안\s*(쓰|써|사용|이용|시켜|주문)|안\s*쓰게|쓸\s*(일|데)(이|가)?\s*없|사용(을|하지)?\s*(안|않)|이용(을|하지)?\s*(안|않)|한\s*번도\s*안|필요(가)?\s*없어/, /(don'?t|do not|rarely|never) use|not using|no longer need/i],
  quality: [/품질|불량|상해서|상한|신선(하지|도가)|상태가\s*(별로|안\s*좋)|기대\s*이하|고장/, /quality|defective|broken|spoiled/i],
  product: [/기능(이|은)?\s*(부족|없|별로)|불편해서|쓰기\s*(어려|불편)|앱이\s*(느려|자꾸|계속)|오류가\s*(많|계속|자꾸)|버그/, /missing feature|hard to use|too slow|buggy|keeps crashing/i],
  service: [/불친절|답(이|변이)?\s*없|응대(가)?\s*(별로|느려|불만)|상담(이|원이)?\s*(불친절|별로|느려)|배송(이)?\s*(맨날|자꾸|계속|너무)?\s*늦/, /rude|(customer )?support (is|was) (bad|slow|terrible)|late deliver(y|ies)|no one answer/i],
  competitor: [/다른\s*(서비스|멤버십|쇼핑몰|앱|곳|데|회사|업체)|타사|갈아타|옮기/, /switch(ing|ed)? to|competitor|another (service|provider|app)/i],
};

const INVOLUNTARY = new Set(CHURN_REASONS.filter((r) => !r.controllable).map((r) => r.key));
const ORDER = CHURN_REASONS.map((r) => r.key);

/** The reason a cancellation text gives, or null when no rule recognises one. */
export function classifyChurnReason(text: string): string | null {
  let best: string | null = null;
  let bestScore = 0;
  let bestInvoluntary = false;
  for (const key of ORDER) {
    let score = 0;
    for (const re of RULES[key] ?? []) if (re.test(text)) score++;
    if (score === 0) continue;
    const involuntary = INVOLUNTARY.has(key);
    if (best === null || (involuntary && !bestInvoluntary) || (involuntary === bestInvoluntary && score > bestScore)) {
      best = key;
      bestScore = score;
      bestInvoluntary = involuntary;
    }
  }
  return best;
}

/**
 * Ending a relationship: a subscription, membership, plan, contract or account (해지, 탈퇴, 구독
 * 취소, 정기결제, close my account). Its absence alone decides nothing: "취소해 주세요" may be either.
 */
const RELATIONSHIP = [
  /해지|탈퇴|구독|멤버십|맴버십|정기\s?(결제|배송|구독|후원|권)|자동\s?(결제|갱신|연장)|약정|요금제|이용권|회원\s?(권|자격)|계정\s?(삭제|폐쇄|정지)|(서비스|앱)\s?(을|를)?\s?(그만|끊|중단)|그만\s?(쓸|쓰|쓰려|이용|사용)/,
  /unsubscri|\b(subscription|membership|auto-?renew\w*)\b|\b(cancel\w*|close|closing|delete|terminat\w*|end|ending|stop)\s+(my\s+|the\s+|our\s+|this\s+)?(plan|contract|account|trial|service)\b/i,
];
/** An order's cancellation, refund or return: "주문 취소", "결제 취소", "환불", "반품", "cancel my order", "refund". */
const ORDER_WORDS = [
  /주문[^.!?\n]{0,12}취소|취소[^.!?\n]{0,6}(주문|상품|결제\s?건)|(결제|카드|부분|구매|예약|배송)\s?(을|를)?\s?취소|환불|반품|교환|주문한\s?(거|것|상품)/,
  /\bcancel(l?ing|l?ed)?\s+(my\s+|the\s+|this\s+|an?\s+)?(order|purchase|booking|reservation|delivery)|\brefund|\breturn(ing|ed)?\b|money back|chargeback/i,
];

/** Whether a cancellation is about an order (see ORDER_CANCELLATION): order words and no relationship word. */
function isOrderCancellation(text: string): boolean {
  return ORDER_WORDS.some((re) => re.test(text)) && !RELATIONSHIP.some((re) => re.test(text));
}

/**
 * Metadata keys under which a source gives its own cancellation reason, first found wins: a Korean
 * export's column (kept in metadata under its header), then API and vendor field names.
 */
export const CANCEL_REASON_KEYS = ['해지사유', '해지 사유', '취소사유', '탈퇴사유', 'cancellation_reason', 'cancel_reason', 'reason'] as const;

/** The source's own reason text: the first of CANCEL_REASON_KEYS the metadata holds as non-blank text. */
export function givenCancelReason(metadata: Record<string, unknown> | null | undefined): string | null {
  if (!metadata) return null;
  const byKey = new Map(Object.entries(metadata).map(([k, v]) => [k.normalize('NFC'), v]));
  for (const key of CANCEL_REASON_KEYS) {
    const value = byKey.get(key);
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}

/**
 * A cancellation's reason. The source's own field (CANCEL_REASON_KEYS) when it names a reason —
 * its key, Korean or English name, case and spaces aside; else ORDER_CANCELLATION when the words
 * are about an order, not a relationship; else the reason the source's field states in its own
 * words (이사 → moving), else what the customer's words say, else 'unknown'. The order check comes
 * before the field's free text: a shop's 취소사유 "배송 지연" on a cancelled order is still no churn.
 */
export function cancellationReason(text: string, metadata: Record<string, unknown> | null | undefined): string {
  const given = givenCancelReason(metadata);
  const named = given === null ? undefined : churnReasonNamed(given);
  if (named) return named.key;
  if (isOrderCancellation(text) || (given !== null && isOrderCancellation(given))) return ORDER_CANCELLATION;
  return (given === null ? null : classifyChurnReason(given)) ?? classifyChurnReason(text) ?? UNKNOWN_CHURN_REASON;
}
