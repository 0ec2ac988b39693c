/**
 * The default type taxonomy: what kind of thing a customer said. A workspace may rename, reorder,
 * archive or add types (item_types table); these apply until it does.
 */
export interface ItemTypeDef {
  key: string;
  nameKo: string;
  nameEn: string;
}

export const DEFAULT_ITEM_TYPES: readonly ItemTypeDef[] = [
  { key: 'bug', nameKo: '버그·오류', nameEn: 'Bug / error' },
  { key: 'feature_request', nameKo: '기능 요청', nameEn: 'Feature request' },
  { key: 'usability', nameKo: '불편·사용성', nameEn: 'Pain point (usability)' },
  { key: 'how_to', nameKo: '문의·사용법', nameEn: 'Question / how-to' },
  { key: 'billing', nameKo: '결제·요금', nameEn: 'Billing / payment' },
  { key: 'account', nameKo: '계정', nameEn: 'Account' },
  { key: 'delivery', nameKo: '배송·주문', nameEn: 'Delivery / order' },
  { key: 'cancellation', nameKo: '취소·환불', nameEn: 'Cancellation / refund' },
  { key: 'complaint', nameKo: '불만', nameEn: 'Complaint' },
  { key: 'praise', nameKo: '칭찬', nameEn: 'Praise' },
  { key: 'other', nameKo: '기타', nameEn: 'Other' },
];

/** The label stored when the model's confidence is below the workspace's threshold. */
export const UNCERTAIN_TYPE = 'uncertain';

/** Default confidence below which a type is "uncertain" rather than a forced guess. */
export const DEFAULT_TYPE_THRESHOLD = 0.45;

/** Default confidence below which the topic model leaves an item without a topic. */
export const DEFAULT_TOPIC_THRESHOLD = 0.5;

/** An item type's key, and how many types a workspace may have (the API and the web's taxonomy form). */
export const TYPE_KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const MAX_ITEM_TYPES = 60;
