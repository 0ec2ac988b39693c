import type { LabelPair } from './labels-ko-en.js';

/**
 * Why customers cancel or leave, split the way a CX lead acts on it: reasons the company controls
 * (product, price, service) and involuntary ones nobody could have prevented (a business closing,
 * a move, military service). 해지 방어 works on the first group only.
 */
export interface ChurnReasonDef {
  key: string;
  nameKo: string;
  nameEn: string;
  controllable: boolean;
  /** product | price | service | usage | competitor for controllable ones; life | business | payment otherwise. */
  group: string;
}

const REASONS = [
  { key: 'price', nameKo: '가격 부담', nameEn: 'Price', controllable: true, group: 'price' },
  { key: 'low_usage', nameKo: '이용 빈도 낮음', nameEn: 'Low usage', controllable: true, group: 'usage' },
  { key: 'quality', nameKo: '품질 불만', nameEn: 'Quality', controllable: true, group: 'product' },
  { key: 'product', nameKo: '기능·사용성 불만', nameEn: 'Features / usability', controllable: true, group: 'product' },
  { key: 'service', nameKo: '서비스·배송 불만', nameEn: 'Service / delivery', controllable: true, group: 'service' },
  { key: 'competitor', nameKo: '타사 이동', nameEn: 'Switched to a competitor', controllable: true, group: 'competitor' },
  { key: 'closure', nameKo: '휴·폐업', nameEn: 'Business closed', controllable: false, group: 'business' },
  { key: 'moving', nameKo: '이사·이민', nameEn: 'Moved away', controllable: false, group: 'life' },
  { key: 'military', nameKo: '군입대', nameEn: 'Military service', controllable: false, group: 'life' },
  { key: 'abroad', nameKo: '해외 체류·유학', nameEn: 'Abroad', controllable: false, group: 'life' },
  { key: 'financial', nameKo: '경제적 사정', nameEn: 'Financial hardship', controllable: false, group: 'life' },
  { key: 'deceased', nameKo: '사망', nameEn: 'Deceased', controllable: false, group: 'life' },
  { key: 'payment_failure', nameKo: '결제 실패', nameEn: 'Payment failed', controllable: false, group: 'payment' },
] as const satisfies readonly ChurnReasonDef[];

export const CHURN_REASONS: readonly ChurnReasonDef[] = REASONS;

export type ChurnReasonKey = (typeof REASONS)[number]['key'];

/** The reasons' names as a Korean/English label table (labels-ko-en.ts's shape): the web spreads it into its messages. */
export const CHURN_REASON_LABELS = Object.fromEntries(REASONS.map((r): [ChurnReasonKey, LabelPair] => [r.key, [r.nameKo, r.nameEn]])) as Readonly<Record<ChurnReasonKey, LabelPair>>;

/** The reason of a cancellation nobody classified (no rule matched, no reason given). */
export const UNKNOWN_CHURN_REASON = 'unknown';

/**
 * Not churn: a cancellation that is about an order — cancel an order, a refund, a return — with
 * no word of ending a subscription, membership or account. Stored in `churn_reason` like a reason
 * (so the rollups and the items filter need nothing new); the churn report leaves it out of churn
 * and shows it as its own count.
 */
export const ORDER_CANCELLATION = 'order';

/** Every churn reason at once (unknown included), not an order's cancellation: what the churn trend's bars count (items filter). */
export const ALL_CHURN = 'churn';

const BY_KEY = new Map(CHURN_REASONS.map((r) => [r.key, r]));

/** The definition of a reason key, or undefined. */
export function churnReason(key: string): ChurnReasonDef | undefined {
  return BY_KEY.get(key);
}

// A reason as a source may write it: its key or either name, case and spaces aside ("가격부담", "PRICE", "low usage").
const nameForm = (s: string) => s.normalize('NFC').toLowerCase().replace(/[\s_]+/g, '');
const BY_NAME = new Map(CHURN_REASONS.flatMap((r) => [r.key, r.nameKo, r.nameEn].map((n) => [nameForm(n), r] as const)));

/** The reason a source's own value names — a key, its Korean or English name, case and spaces aside — or undefined. */
export function churnReasonNamed(value: string): ChurnReasonDef | undefined {
  return BY_NAME.get(nameForm(value));
}

/**
 * The item types churn is counted from: a cancellation (해지·취소: a subscription, plan or contract
 * ended) and a member leaving (탈퇴: an `account` item whose words ask or decide to leave the
 * service — text/churn-reasons.ts `isLeaveRequest`; only those carry a reason). Free and
 * marketplace services lose members by 탈퇴 as paid ones lose them by 해지.
 */
export const CANCELLATION_TYPE = 'cancellation';
export const LEAVE_TYPE = 'account';
export const CHURN_TYPES = [CANCELLATION_TYPE, LEAVE_TYPE] as const;
