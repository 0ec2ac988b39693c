import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/helpers/expect.js';
import { itemInputSchema } from '../../domain/item.js';
import { generic, MAX_GENERIC_ITEMS, parseGenericBody } from './generic.js';
import { signSoriPayload } from './signature.js';

const item = (n: number) => ({
  external_id: `form-${n}`,
  channel: 'board',
  source: 'qna-board',
  created_at: '2024-11-03 10:15',
  text: `상품 문의드립니다. 재입고 언제 되나요? (${n})`,
  customer_id: `member-${n}`,
});

describe('parseGenericBody', () => {
  it('accepts one item object', () => {
    expect(parseGenericBody(item(1))).toEqual([item(1)]);
  });

  it('accepts {items: [...]} and a bare array, keeping order', () => {
    expect(parseGenericBody({ items: [item(1), item(2)] })).toEqual([item(1), item(2)]);
    expect(parseGenericBody([item(2), item(1)])).toEqual([item(2), item(1)]);
    expect(parseGenericBody({ items: [] })).toEqual([]);
  });

  it('passes elements through unvalidated so the pipeline can report them by index', () => {
    const out = parseGenericBody([item(1), 'oops', { text: '' }]);
    expect(out).toHaveLength(3);
    expect(itemInputSchema.safeParse(out[0]).success).toBe(true);
    expect(out[1]).toBe('oops');
  });

  it('refuses bodies of the wrong shape with a clear bad_request', () => {
    for (const body of [null, 'text', 42, true, {}, { items: 'not-an-array' }, { items: { a: 1 } }]) {
      const e = errorOf(() => parseGenericBody(body));
      expect(e.code).toBe('bad_request');
      expect(e.message).toMatch(/items/);
    }
  });

  it('refuses batches over the limit', () => {
    const e = errorOf(() => parseGenericBody(Array.from({ length: MAX_GENERIC_ITEMS + 1 }, (_, i) => item(i))));
    expect(e.code).toBe('payload_too_large');
  });

  it('produces items the pipeline schema accepts', () => {
    for (const i of parseGenericBody({ items: [item(1), item(2)] })) expect(itemInputSchema.safeParse(i).success).toBe(true);
  });
});

describe('generic adapter', () => {
  it('verifies X-Sori-Signature whatever the header case, then parses', () => {
    const raw = JSON.stringify({ items: [item(7)] });
    const now = Date.parse('2024-11-03T01:15:00Z');
    const sig = signSoriPayload(raw, 's3cret-s3cret-s3cret', now / 1000);
    expect(generic.verify(raw, { 'x-sori-signature': sig }, {}, 's3cret-s3cret-s3cret', now)).toEqual({ ok: true });
    expect(generic.verify(raw, { 'X-Sori-Signature': sig }, {}, 's3cret-s3cret-s3cret', now)).toEqual({ ok: true });
    expect(generic.verify(raw, {}, {}, 's3cret-s3cret-s3cret', now)).toEqual({ ok: false, code: 'signature_missing' });
    expect(generic.parseWebhook(JSON.parse(raw), {}).items).toEqual([item(7)]);
  });

  it('reads values spelled as Korean tools send them (채팅, 1:1문의, 처리완료, 5점) as Sori\'s own; unknown words stay for validation to refuse', () => {
    const sent = [
      { ...item(1), channel: '카카오톡', status: '처리완료', handled_by: '상담사', rating: '5점' },
      { ...item(2), channel: '1:1 문의', kind: '설문 응답', score: '9' },
      { ...item(3), channel: '텔레그램' },
    ];
    const { items } = generic.parseWebhook(sent, {}, { source: 'qna-board' });
    expect(items[0]).toMatchObject({ channel: 'chat', status: 'resolved', handled_by: 'human', rating: 5, source: 'qna-board' });
    expect(items[1]).toMatchObject({ channel: 'board', kind: 'survey_response', score: '9' });
    expect(items[2]).toMatchObject({ channel: '텔레그램' });
    expect(itemInputSchema.safeParse(items[0]).success).toBe(true);
    expect(itemInputSchema.safeParse(items[2]).success).toBe(false);
    // The sender's objects are not changed.
    expect(sent[0]!.channel).toBe('카카오톡');
  });

  it("writes the receiver's source on every item, replacing the one the sender named", () => {
    const { source: _named, ...unnamed } = item(2);
    const { items } = generic.parseWebhook([{ ...item(1), source: 'zendesk' }, unnamed, 'oops'], {}, { source: '제휴-문의폼' });
    expect(items.map((i) => (typeof i === 'object' ? i.source : i))).toEqual(['제휴-문의폼', '제휴-문의폼', 'oops']);
  });
});
