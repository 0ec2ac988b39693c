import type { ItemInput } from '../../src/domain/item.js';

let seq = 0;

/** A realistic Korean inquiry; override any field. */
export function buildItem(overrides: Partial<ItemInput> = {}): ItemInput {
  seq++;
  return {
    external_id: `t-${seq}`,
    channel: 'chat',
    source: 'channeltalk',
    kind: 'inquiry',
    created_at: '2026-11-02T10:15:00+09:00',
    text: `안녕하세요, 주문한 상품이 아직 도착하지 않았어요. 언제 받을 수 있나요? (${seq})`,
    customer_id: `cust-${seq % 7}`,
    ...overrides,
  };
}
