import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { fixtureText } from '../../../test/fixtures/adapters/load.js';
import { signSoriPayload, signZendeskPayload } from '../../ingest/adapters/signature.js';
import type { Db } from '../../store/db.js';

describe(`webhook receivers over real HTTP (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let base: string;
  let server: ReturnType<typeof serve>;
  let adminToken: string;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    const built = await buildTestApp(db);
    adminToken = built.tokens.admin;
    server = serve({ fetch: built.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await close();
  });

  async function createEndpoint(adapter: string, secret?: string) {
    const res = await fetch(`${base}/api/v1/webhook-endpoints`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ adapter, secret }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    return { path: new URL(body.endpoint.url).pathname, secret: body.secret as string };
  }

  it('generic: accepts a signed body, refuses a tampered or unsigned one', async () => {
    const { path, secret } = await createEndpoint('generic');
    const body = JSON.stringify({ items: [{ external_id: 'g-1', channel: 'email', created_at: '2026-11-20 09:00', text: '환불 계좌는 신한은행 110-123-456789 입니다' }] });
    const ok = await fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sori-Signature': signSoriPayload(body, secret) }, body });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ inserted: 1 });
    const tampered = await fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sori-Signature': signSoriPayload(body, secret) }, body: body.replace('환불', '취소') });
    expect(tampered.status).toBe(401);
    expect((await tampered.json()).code).toBe('signature_mismatch');
    const unsigned = await fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect((await unsigned.json()).code).toBe('signature_missing');
    const [row] = await db.query<{ text: string; pii_kinds: string[] }>("SELECT text, pii_kinds FROM items WHERE external_id = 'g-1'");
    expect(row.text).toContain('[계좌번호]');
    expect(row.pii_kinds).toEqual(['account']);
  });

  it('zendesk: a signed ticket.created event becomes an item', async () => {
    const { path, secret } = await createEndpoint('zendesk', 'zendesk-generated-signing-secret-1234');
    const body = fixtureText('zendesk-ticket-created.json');
    const ts = new Date().toISOString();
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Zendesk-Webhook-Signature': signZendeskPayload(body, ts, secret), 'X-Zendesk-Webhook-Signature-Timestamp': ts },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 1, inserted: 1 });
    const stale = new Date(Date.now() - 3_600_000).toISOString();
    const old = await fetch(base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Zendesk-Webhook-Signature': signZendeskPayload(body, stale, secret), 'X-Zendesk-Webhook-Signature-Timestamp': stale },
      body,
    });
    expect((await old.json()).code).toBe('signature_expired');
  });

  it('channeltalk: a customer message is stored; the manager reply sets first response, redelivery converges', async () => {
    const { path, secret } = await createEndpoint('channeltalk');
    const send = (name: string, token = secret) =>
      fetch(`${base}${path}?token=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: fixtureText(name) });
    expect((await send('channeltalk-message-user.json', 'wrong-token')).status).toBe(401);
    expect(await (await send('channeltalk-message-user.json')).json()).toMatchObject({ inserted: 1 });
    const reply = await (await send('channeltalk-message-manager.json')).json();
    expect(reply.conversation_updates).toBe(1);
    // The same customer message delivered again must not erase the reply's effect.
    expect(await (await send('channeltalk-message-user.json')).json()).toMatchObject({ inserted: 0, unchanged: 1 });
    const [row] = await db.query<{ first_response_at: Date | null; handled_by: string; text: string }>(
      "SELECT first_response_at, handled_by, text FROM items WHERE source = 'channeltalk'",
    );
    expect(row.first_response_at).toBeInstanceOf(Date);
    expect(row.handled_by).toBe('human');
    expect(row.text).toContain('배송');
  });

  it('an unknown receiver is a 404 problem', async () => {
    const res = await fetch(`${base}/api/v1/webhooks/nope`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('problem+json');
  });
});
