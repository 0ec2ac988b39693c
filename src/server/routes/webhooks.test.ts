import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { fixtureText } from '../../../test/fixtures/adapters/load.js';
import { signSoriPayload, signZendeskPayload } from '../../ingest/adapters/signature.js';
import { MAX_WEBHOOK_ITEMS } from '../../ingest/adapters/types.js';
import type { Db } from '../../store/db.js';
import { MAX_WEBHOOK_BODY_BYTES } from './webhooks.js';

type Json = Record<string, any>;

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

  async function createEndpoint(adapter: string, secret?: string, source?: string) {
    const res = await fetch(`${base}/api/v1/webhook-endpoints`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ adapter, secret, source }),
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

  // ── Zendesk: a late or re-sent event never rolls a ticket back ────────────────────────────

  const zendeskSecret = 'zendesk-generated-signing-secret-5678';
  async function sendZendesk(path: string, body: unknown) {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const ts = new Date().toISOString();
    return fetch(base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Zendesk-Webhook-Signature': signZendeskPayload(raw, ts, zendeskSecret), 'X-Zendesk-Webhook-Signature-Timestamp': ts },
      body: raw,
    });
  }
  /** A ticket event as Zendesk sends it (event version 2022-11-06), for ticket `id` at `updatedAt`. */
  function ticketEvent(id: string, type: 'created' | 'status_changed', status: string, updatedAt: string): Json {
    const e = JSON.parse(fixtureText('zendesk-ticket-created.json')) as Json;
    e.type = `zen:event-type:ticket.${type}`;
    e.id = `${id}-${type}-${updatedAt}`;
    e.time = updatedAt;
    Object.assign(e.detail, { id, status, updated_at: updatedAt });
    return e;
  }
  async function ticketRow(source: string, id: string) {
    const [row] = await db.query<{ status: string; metadata: Json }>('SELECT status, metadata FROM items WHERE source = $1 AND external_id = $2', [source, id]);
    return row;
  }

  it('zendesk: a re-sent ticket.created after ticket.status_changed does not reopen the ticket; the same delivery twice stays unchanged', async () => {
    const { path } = await createEndpoint('zendesk', zendeskSecret, 'zendesk-order');
    const created = ticketEvent('51001', 'created', 'OPEN', '2024-11-04T02:31:07Z');
    const solved = ticketEvent('51001', 'status_changed', 'SOLVED', '2024-11-05T09:10:00Z');
    expect(await (await sendZendesk(path, created)).json()).toMatchObject({ inserted: 1, stale: 0 });
    expect(await (await sendZendesk(path, solved)).json()).toMatchObject({ updated: 1, stale: 0 });
    expect((await ticketRow('zendesk-order', '51001')).status).toBe('resolved');

    const late = await sendZendesk(path, created);
    expect(late.status).toBe(200);
    const lateBody = await late.json();
    expect(lateBody).toMatchObject({ received: 1, accepted: 0, inserted: 0, updated: 0, stale: 1 });
    expect(lateBody.ignored).toEqual([expect.stringContaining('51001: updated_at 2024-11-04T02:31:07.000Z is older than the known 2024-11-05T09:10:00.000Z')]);
    const row = await ticketRow('zendesk-order', '51001');
    expect(row.status).toBe('resolved');
    expect(row.metadata).toMatchObject({ zendesk_event: 'ticket.status_changed', updated_at: '2024-11-05T09:10:00.000Z' });

    // Idempotency: the newest delivery again is a plain identical re-send.
    expect(await (await sendZendesk(path, solved)).json()).toMatchObject({ accepted: 1, unchanged: 1, stale: 0 });
    // A newer event still moves the ticket on (reopened by the customer's reply).
    expect(await (await sendZendesk(path, ticketEvent('51001', 'status_changed', 'OPEN', '2024-11-06T01:00:00Z'))).json()).toMatchObject({ updated: 1 });
    expect((await ticketRow('zendesk-order', '51001')).status).toBe('open');
  });

  it('zendesk: a newer and an older event arriving together leave the newer state', async () => {
    const { path } = await createEndpoint('zendesk', zendeskSecret, 'zendesk-race');
    const ids = ['52001', '52002', '52003', '52004', '52005', '52006'];
    await Promise.all(
      ids.map((id) =>
        Promise.all([
          sendZendesk(path, ticketEvent(id, 'status_changed', 'SOLVED', '2024-11-05T09:10:00Z')),
          sendZendesk(path, ticketEvent(id, 'created', 'OPEN', '2024-11-04T02:31:07Z')),
        ]),
      ),
    );
    const rows = await db.query<{ external_id: string; status: string }>("SELECT external_id, status FROM items WHERE source = 'zendesk-race' ORDER BY external_id");
    expect(rows).toEqual(ids.map((external_id) => ({ external_id, status: 'resolved' })));
  });

  it('zendesk: a tickets page skips stale tickets, reports rejects by their index in the page, and still answers 200', async () => {
    const { path } = await createEndpoint('zendesk', zendeskSecret, 'zendesk-page');
    expect(await (await sendZendesk(path, ticketEvent('53001', 'status_changed', 'SOLVED', '2024-11-05T09:10:00Z'))).json()).toMatchObject({ inserted: 1 });
    const page = JSON.parse(fixtureText('zendesk-incremental-page.json')) as Json;
    page.tickets[0] = { ...page.tickets[0], id: 53001, status: 'open', updated_at: '2024-11-04T00:00:00Z' };
    page.tickets[1].created_at = '생성일 없음';
    const res = await sendZendesk(path, page);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ received: 3, accepted: 1, rejected: 1, inserted: 1, stale: 1 });
    expect(body.errors).toEqual([expect.objectContaining({ index: 1, field: 'created_at' })]);
    expect((await ticketRow('zendesk-page', '53001')).status).toBe('resolved');

    // Every ticket rejected: still 200 for a vendor, with the reasons in the body.
    const bad = { tickets: [{ id: 53100, subject: '배송 문의', description: '언제 오나요?', created_at: '어제' }] };
    const allBad = await sendZendesk(path, bad);
    expect(allBad.status).toBe(200);
    expect(await allBad.json()).toMatchObject({ accepted: 0, rejected: 1, errors: [expect.objectContaining({ index: 0 })] });
  });

  it(`zendesk: a tickets page over ${MAX_WEBHOOK_ITEMS} tickets is a 413 problem`, async () => {
    const { path } = await createEndpoint('zendesk', zendeskSecret, 'zendesk-cap');
    const tickets = Array.from({ length: MAX_WEBHOOK_ITEMS + 1 }, (_, i) => ({ id: 60000 + i, subject: '환불 문의', created_at: '2024-11-04T02:31:07Z' }));
    const res = await sendZendesk(path, { tickets });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('problem+json');
    expect(await res.json()).toMatchObject({ code: 'payload_too_large', limit: MAX_WEBHOOK_ITEMS, adapter: 'zendesk' });
    expect((await db.query("SELECT 1 FROM items WHERE source = 'zendesk-cap'")).length).toBe(0);
  });

  // ── Body limits ──────────────────────────────────────────────────────────────────────────

  it('refuses a body over the webhook limit by Content-Length and while streaming, with a 413 problem', async () => {
    const { path, secret } = await createEndpoint('generic');
    const big = JSON.stringify({ items: [{ external_id: 'big-1', channel: 'email', created_at: '2026-11-20 09:00', text: '가'.repeat(MAX_WEBHOOK_BODY_BYTES / 3 + 10) }] });
    const declared = await fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sori-Signature': signSoriPayload(big, secret) }, body: big });
    expect(declared.status).toBe(413);
    expect(declared.headers.get('content-type')).toContain('problem+json');
    expect(await declared.json()).toMatchObject({ code: 'payload_too_large', limit_bytes: MAX_WEBHOOK_BODY_BYTES });

    // No Content-Length (chunked): counted while it is read.
    const chunks = (function* () {
      for (let sent = 0; sent <= MAX_WEBHOOK_BODY_BYTES; sent += 64 * 1024) yield Buffer.alloc(64 * 1024, 0x20);
    })();
    const streamed = await fetch(base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Sori-Signature': signSoriPayload(big, secret) },
      body: Readable.toWeb(Readable.from(chunks)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).code).toBe('payload_too_large');

    // An unsigned request is refused on its headers, before its body is read.
    const unsigned = await fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big });
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json()).code).toBe('signature_missing');
    expect((await db.query("SELECT 1 FROM items WHERE external_id = 'big-1'")).length).toBe(0);
  });

  // ── Generic: status by outcome, and the receiver's source ────────────────────────────────

  async function sendGeneric(path: string, secret: string, payload: unknown) {
    const body = JSON.stringify(payload);
    return fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sori-Signature': signSoriPayload(body, secret) }, body });
  }

  it('generic: 422 with per-item errors when every item is rejected, 207 when some are', async () => {
    const { path, secret } = await createEndpoint('generic', undefined, 'qna-board');
    const good = { external_id: 'q-1', channel: 'board', created_at: '2026-11-20 10:00', text: '재입고 일정이 궁금합니다' };
    const allBad = await sendGeneric(path, secret, { items: [{ external_id: 'q-2', channel: 'board', text: '' }, { channel: '편지', created_at: '2026-11-20 10:00', text: '문의' }] });
    expect(allBad.status).toBe(422);
    const allBadBody = await allBad.json();
    expect(allBadBody).toMatchObject({ received: 2, accepted: 0, rejected: 2 });
    expect(new Set(allBadBody.errors.map((e: { index: number }) => e.index))).toEqual(new Set([0, 1]));

    const mixed = await sendGeneric(path, secret, { items: [good, { external_id: 'q-3', channel: 'board', created_at: '2026-11-20 10:00', text: '  ' }] });
    expect(mixed.status).toBe(207);
    expect(await mixed.json()).toMatchObject({ accepted: 1, rejected: 1, inserted: 1, errors: [expect.objectContaining({ index: 1, field: 'text' })] });

    const fine = await sendGeneric(path, secret, good);
    expect(fine.status).toBe(200);
    expect(await fine.json()).toMatchObject({ accepted: 1, unchanged: 1 });
  });

  it("generic: items are stored under the receiver's source, whatever source they name", async () => {
    const { path: zendeskPath } = await createEndpoint('zendesk', zendeskSecret, 'zendesk-main');
    await sendZendesk(zendeskPath, ticketEvent('54001', 'status_changed', 'SOLVED', '2024-11-05T09:10:00Z'));
    const { path, secret } = await createEndpoint('generic', undefined, 'partner-form');
    const spoof = { external_id: '54001', source: 'zendesk-main', channel: 'board', created_at: '2024-11-04 10:00', text: '환불해 주세요', status: 'open' };
    const res = await sendGeneric(path, secret, { items: [spoof, { ...spoof, external_id: '54002', source: undefined }] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ inserted: 2 });
    const rows = await db.query<{ source: string; external_id: string; status: string }>(
      "SELECT source, external_id, status FROM items WHERE external_id IN ('54001', '54002') ORDER BY source, external_id",
    );
    expect(rows).toEqual([
      { source: 'partner-form', external_id: '54001', status: 'open' },
      { source: 'partner-form', external_id: '54002', status: 'open' },
      { source: 'zendesk-main', external_id: '54001', status: 'resolved' },
    ]);
  });
});
