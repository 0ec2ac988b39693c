import { describe, expect, it } from 'vitest';
import { SoriError } from '../../domain/errors.js';
import { fixtureText } from '../../../test/fixtures/adapters/load.js';
import { itemInputSchema } from '../../domain/item.js';
import { ADAPTERS } from './index.js';
import { signSoriPayload, signZendeskPayload } from './signature.js';

// What a receiver does with a delivery: verify the raw bytes, then parse the JSON.
const now = Date.parse('2024-11-04T02:31:10Z');
const secret = 'receiver-secret-0123456789abcdef';

const deliveries = {
  generic: () => {
    const raw = JSON.stringify({ items: [{ channel: 'survey', source: 'nps', kind: 'survey_response', created_at: '2024-11-04 11:30', text: '배송이 빨라서 좋았어요', score: 9 }] });
    return { raw, headers: { 'x-sori-signature': signSoriPayload(raw, secret, now / 1000) }, query: {} };
  },
  channeltalk: () => ({ raw: fixtureText('channeltalk-message-user.json'), headers: {}, query: { token: secret } }),
  zendesk: () => {
    const raw = fixtureText('zendesk-ticket-created.json');
    const ts = '2024-11-04T02:31:08Z';
    return { raw, headers: { 'x-zendesk-webhook-signature': signZendeskPayload(raw, ts, secret), 'x-zendesk-webhook-signature-timestamp': ts }, query: {} };
  },
};

describe('ADAPTERS', () => {
  for (const [name, adapter] of Object.entries(ADAPTERS)) {
    it(`${name}: verifies a signed delivery and parses it into valid items`, () => {
      expect(adapter.name).toBe(name);
      expect(adapter.defaultSource).toBeTruthy();
      const d = deliveries[name as keyof typeof deliveries]();
      expect(adapter.verify(Buffer.from(d.raw), d.headers, d.query, secret, now)).toEqual({ ok: true });
      // A Channel Talk token authenticates the sender but cannot detect a changed body.
      expect(adapter.verify(Buffer.from(`${d.raw} `), d.headers, d.query, secret, now).ok).toBe(name === 'channeltalk');
      const { items } = adapter.parseWebhook(JSON.parse(d.raw), d.headers, { source: `${name}-main` });
      expect(items).toHaveLength(1);
      expect(itemInputSchema.safeParse(items[0]).success).toBe(true);
      // Every receiver writes under its configured source, the generic one included.
      expect(items[0].source).toBe(`${name}-main`);
    });
  }

  for (const [name, adapter] of Object.entries(ADAPTERS)) {
    it(`${name}: a body of the wrong shape is a bad_request the sender can read in English and Korean`, () => {
      for (const body of [42, null, { items: 'x' }, {}]) {
        let thrown: unknown;
        try {
          adapter.parseWebhook(body, {}, {});
        } catch (error) {
          thrown = error;
        }
        expect(thrown, JSON.stringify(body)).toBeInstanceOf(SoriError);
        expect((thrown as SoriError).code).toBe('bad_request');
        expect((thrown as SoriError).message).toMatch(/[a-z].* \/ .*[가-힣]/);
      }
    });
  }
});
