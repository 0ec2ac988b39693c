import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { fixtureText } from '../../../test/fixtures/adapters/load.js';
import { signSoriPayload, signZendeskPayload } from '../../ingest/adapters/signature.js';
import { MAX_WEBHOOK_ITEMS } from '../../ingest/adapters/types.js';
import type { Db } from '../../store/db.js';
import { createWebhookEndpoint } from '../../store/queries/webhook-endpoints.js';
import { ensureWorkspace } from '../../store/queries/workspaces.js';
import { MAX_WEBHOOK_BODY_BYTES } from './webhooks.js';

type Json = Record<string, any>;

describe(`webhook receivers over real HTTP (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let base: string;
  let server: ReturnType<typeof serve>;
  let adminToken: string;
  let readToken: string;
  let ingestToken: string;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    const built = await buildTestApp(db);
    adminToken = built.tokens.admin;
    readToken = built.tokens.read;
    ingestToken = built.tokens.ingest;
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
    // Creating a receiver is written to the audit log (its secret is not).
    const [audit] = await db.query<{ action: string; detail: Record<string, unknown> }>("SELECT action, detail FROM audit_log WHERE action = 'webhook.create' ORDER BY id DESC LIMIT 1");
    expect(audit.detail).toMatchObject({ adapter: 'generic', source: 'generic' });
    expect(JSON.stringify(audit)).not.toContain(secret);
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

  it('refuses a receiver asked for with a field it does not know, instead of making one under the default source', async () => {
    const before = await db.query('SELECT id FROM webhook_endpoints');
    const res = await fetch(`${base}/api/v1/webhook-endpoints`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ adapter: 'generic', sorce: '카카오-상담' }),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors).toEqual([{ field: 'sorce', message: expect.stringMatching(/not a field of this request \(fields: .*source.*\)/) }]);
    expect(await db.query('SELECT id FROM webhook_endpoints')).toHaveLength(before.length);
  });

  it('an admin switches a receiver off and on and gives it a new secret: the old secret stops working at once', async () => {
    const { path, secret } = await createEndpoint('generic', undefined, 'rotate-test');
    const [{ id }] = await db.query<{ id: number }>("SELECT id FROM webhook_endpoints WHERE source = 'rotate-test'");
    let n = 0;
    const deliver = async (key: string) => {
      const body = JSON.stringify({ external_id: `rot-${++n}`, channel: 'email', created_at: '2026-11-20 09:00', text: '비밀값 교체 시험 문의' });
      return (await fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sori-Signature': signSoriPayload(body, key) }, body })).status;
    };
    const patch = (body: unknown, token = adminToken, target: number = id) =>
      fetch(`${base}/api/v1/webhook-endpoints/${target}`, { method: 'PATCH', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(await deliver(secret)).toBe(200);
    expect((await patch({ rotate_secret: true }, ingestToken)).status).toBe(403);
    const rotated = await patch({ rotate_secret: true });
    expect(rotated.status).toBe(200);
    const fresh = (await rotated.json()) as Json;
    expect(fresh.secret).toMatch(/^[\w-]{40,}$/);
    expect(fresh.secret).not.toBe(secret);
    expect(await deliver(secret)).toBe(401);
    expect(await deliver(fresh.secret)).toBe(200);
    const off = await patch({ disabled: true });
    expect(((await off.json()) as Json)).toEqual({ endpoint: expect.objectContaining({ id, disabled: true }) });
    expect(await deliver(fresh.secret)).toBe(401);
    expect((await patch({ disabled: false })).status).toBe(200);
    expect(await deliver(fresh.secret)).toBe(200);
    // A vendor's new secret (Zendesk makes its own): set, not echoed; too short refused.
    const vendor = 'zendesk-rotated-signing-secret-1234';
    const set = await patch({ secret: vendor });
    expect(((await set.json()) as Json).secret).toBeUndefined();
    expect(await deliver(vendor)).toBe(200);
    expect((await patch({ secret: 'short' })).status).toBe(400);
    expect((await patch({ rotate_secret: true, secret: vendor })).status).toBe(400);
    // Another workspace's receiver is as missing as none.
    const other = await ensureWorkspace(db, { slug: 'webhook-other', name: '다른 곳' });
    const theirs = await createWebhookEndpoint(db, { workspaceId: other.id, adapter: 'generic', source: 'theirs' });
    expect((await patch({ disabled: true }, adminToken, theirs.id)).status).toBe(404);
    expect((await db.query<{ disabled: boolean }>('SELECT disabled FROM webhook_endpoints WHERE id = $1', [theirs.id]))[0].disabled).toBe(false);
    // The CLI's path (the store) refuses a guessable secret as the API does.
    await expect(createWebhookEndpoint(db, { workspaceId: other.id, adapter: 'generic', source: 'weak', secret: 'x' })).rejects.toThrow(/16/);
    const audit = await db.query<{ detail: Json }>("SELECT detail FROM audit_log WHERE action = 'webhook.update' AND target = $1 ORDER BY id", [String(id)]);
    expect(audit.map((a) => a.detail)).toContainEqual(expect.objectContaining({ secret: 'rotated' }));
    expect(JSON.stringify(audit)).not.toContain(fresh.secret);
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
    const expired = await old.json();
    expect(expired.code).toBe('signature_expired');
    expect(expired.detail).toMatch(/sender's clock.*보내는 쪽 시계/);
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

  it('an unknown receiver answers as a known one with a wrong signature: the answer does not tell which receivers exist', async () => {
    const known = await createEndpoint('generic');
    const zendesk = await createEndpoint('zendesk', 'zendesk-generated-signing-secret-0000');
    const body = JSON.stringify({ external_id: 'probe', channel: 'chat', created_at: '2026-11-20 09:00', text: '있나요?' });
    const ts = new Date().toISOString();
    const cases: [string, Record<string, string>][] = [
      ['unsigned', {}],
      ['malformed', { 'X-Sori-Signature': 'nonsense' }],
      ['wrongly signed', { 'X-Sori-Signature': signSoriPayload(body, 'not-the-secret-of-anyone') }],
    ];
    const answer = async (path: string, headers: Record<string, string>) => {
      const res = await fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
      const problem = await res.json();
      return { status: res.status, type: res.headers.get('content-type'), code: problem.code, detail: problem.detail };
    };
    for (const [, headers] of cases) {
      expect(await answer('/api/v1/webhooks/no-such-receiver', headers)).toEqual(await answer(known.path, headers));
    }
    // Signed the way Zendesk signs: an unknown receiver answers as a Zendesk receiver with another secret does.
    const zendeskHeaders = { 'X-Zendesk-Webhook-Signature': signZendeskPayload(body, ts, 'another-zendesk-secret-0000'), 'X-Zendesk-Webhook-Signature-Timestamp': ts };
    expect(await answer('/api/v1/webhooks/no-such-receiver', zendeskHeaders)).toEqual(await answer(zendesk.path, zendeskHeaders));
    expect((await answer('/api/v1/webhooks/no-such-receiver', {})).status).toBe(401);
    expect(await db.query("SELECT 1 FROM items WHERE external_id = 'probe'")).toEqual([]);
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

  it('zendesk: a write of the same ticket through POST /items is checked against the version the receiver stored', async () => {
    const { path } = await createEndpoint('zendesk', zendeskSecret, 'zendesk-sync');
    expect(await (await sendZendesk(path, ticketEvent('51501', 'status_changed', 'SOLVED', '2024-11-05T09:10:00Z'))).json()).toMatchObject({ inserted: 1 });
    expect((await ticketRow('zendesk-sync', '51501')).metadata).toMatchObject({ updated_at: '2024-11-05T09:10:00.000Z', source_updated_at: '2024-11-05T09:10:00.000Z' });
    // A team's own sync script sends the ticket as it was the day before (its updated_at in Seoul time).
    const post = (status: string, at: string) =>
      fetch(`${base}/api/v1/items`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ingestToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ source: 'zendesk-sync', external_id: '51501', channel: 'board', created_at: '2024-11-04T02:31:07Z', text: '이어폰 한쪽 충전 불량 교환 문의', status, source_updated_at: at }),
      });
    expect(await (await post('open', '2024-11-04 18:00')).json()).toMatchObject({ accepted: 0, stale: 1 });
    expect((await ticketRow('zendesk-sync', '51501')).status).toBe('resolved');
    expect(await (await post('open', '2024-11-06 10:00')).json()).toMatchObject({ updated: 1, stale: 0 });
    expect((await ticketRow('zendesk-sync', '51501')).status).toBe('open');
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
    expect(allBad.headers.get('content-type')).toContain('application/problem+json');
    const allBadBody = await allBad.json();
    expect(allBadBody).toMatchObject({ status: 422, code: 'items_rejected', received: 2, accepted: 0, rejected: 2 });
    expect(new Set(allBadBody.errors.map((e: { index: number }) => e.index))).toEqual(new Set([0, 1]));

    const mixed = await sendGeneric(path, secret, { items: [good, { external_id: 'q-3', channel: 'board', created_at: '2026-11-20 10:00', text: '  ' }] });
    expect(mixed.status).toBe(207);
    expect(await mixed.json()).toMatchObject({ accepted: 1, rejected: 1, inserted: 1, errors: [expect.objectContaining({ index: 1, field: 'text' })] });

    const fine = await sendGeneric(path, secret, good);
    expect(fine.status).toBe(200);
    expect(await fine.json()).toMatchObject({ accepted: 1, unchanged: 1 });
  });

  it('generic: a second generic receiver gets a source of its own unless one is named, so two systems never overwrite each other\'s items', async () => {
    const first = await createEndpoint('generic');
    const second = await createEndpoint('generic');
    const sources = await db.query<{ source: string }>('SELECT source FROM webhook_endpoints WHERE slug = ANY($1::text[]) ORDER BY id', [[first.path, second.path].map((p) => p.split('/').pop()!)]);
    expect(new Set(sources.map((r) => r.source)).size).toBe(2);
    const form = { external_id: 'form-1', channel: 'board', created_at: '2026-11-20 10:00' };
    expect((await sendGeneric(first.path, first.secret, { ...form, text: '환불 요청합니다. 주문 취소해 주세요' })).status).toBe(200);
    expect((await sendGeneric(second.path, second.secret, { ...form, channel: 'survey', kind: 'survey_response', text: '배송 기사님이 친절했어요', score: 9 })).status).toBe(200);
    const rows = await db.query<{ text: string }>("SELECT text FROM items WHERE external_id = 'form-1' AND source = ANY($1::text[]) ORDER BY text", [sources.map((r) => r.source)]);
    expect(rows.map((r) => r.text)).toEqual(['배송 기사님이 친절했어요', '환불 요청합니다. 주문 취소해 주세요']);
  });

  it('generic: a Korean form tool\'s values (카카오톡, 처리완료, 만족) are stored as Sori\'s; POST /items refuses them and names the value to send', async () => {
    const { path, secret } = await createEndpoint('generic', undefined, 'kakao-form');
    const sent = { external_id: 'kk-1', channel: '카카오톡', status: '처리완료', rating: '만족', created_at: '2026-11-20 10:00', text: '교환 신청했는데 회수 기사님이 안 오세요' };
    const res = await sendGeneric(path, secret, sent);
    expect(res.status).toBe(200);
    expect(await db.query("SELECT channel, status, rating FROM items WHERE external_id = 'kk-1'")).toEqual([{ channel: 'chat', status: 'resolved', rating: 4 }]);
    const api = await fetch(`${base}/api/v1/items`, { method: 'POST', headers: { Authorization: `Bearer ${ingestToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...sent, external_id: 'kk-2', source: 'kakao-api' }) });
    expect(api.status).toBe(422);
    const problem = await api.json();
    expect(JSON.stringify(problem.errors)).toContain('for \\"카카오톡\\" send \\"chat\\"');
  });

  it('generic: a body that is not UTF-8 (EUC-KR from a legacy system) is refused with 415, not stored as broken characters', async () => {
    const { path, secret } = await createEndpoint('generic', undefined, 'legacy-erp');
    const json = JSON.stringify({ external_id: 'euc-1', channel: 'board', created_at: '2026-11-20 10:00', text: '배송이 늦어요' });
    const body = new Uint8Array(iconv.encode(json, 'euc-kr'));
    for (const type of ['application/json', 'application/json; charset=euc-kr']) {
      const res = await fetch(base + path, { method: 'POST', headers: { 'Content-Type': type, 'X-Sori-Signature': signSoriPayload(Buffer.from(body), secret) }, body });
      expect(res.status, type).toBe(415);
      const problem = await res.json();
      expect(problem.code).toBe('unsupported_media_type');
      expect(problem.detail).toMatch(/UTF-8.*[가-힣]/);
    }
    expect(await db.query("SELECT 1 FROM items WHERE external_id = 'euc-1'")).toEqual([]);
    // The same item in UTF-8 (a byte-order mark first, as some senders write) is stored as written.
    const utf8 = new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]));
    const ok = await fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=UTF-8', 'X-Sori-Signature': signSoriPayload(Buffer.from(utf8), secret) }, body: utf8 });
    expect(ok.status).toBe(200);
    expect(await db.query("SELECT text FROM items WHERE external_id = 'euc-1'")).toEqual([{ text: '배송이 늦어요' }]);
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

  // ── Zendesk answer times without a metric set (audit s11 H3) ────────────────────────────

  /** A documented ticket event (version 2022-11-06) about ticket `id`, created 2026-11-20 01:00Z unless told. */
  function zendeskEvent(id: string, type: string, detail: Json, extra: Json = {}): Json {
    const e = JSON.parse(fixtureText('zendesk-ticket-created.json')) as Json;
    return {
      ...e,
      type: `zen:event-type:ticket.${type}`,
      id: `${id}-${type}-${detail.updated_at}`,
      time: detail.updated_at,
      subject: `zen:ticket:${id}`,
      detail: { ...e.detail, id, subject: '택배 분실 문의', description: '배송 완료로 나오는데 물건을 못 받았어요.', via: { channel: 'email' }, created_at: '2026-11-20T01:00:00Z', ...detail },
      ...extra,
    };
  }
  const staffComment = { event: { comment: { id: '30316459376274', body: '택배사에 확인해 재발송해 드리겠습니다.', is_public: true, author: { id: '8447388090495', is_staff: true, name: '상담원 박' } } } };
  async function answerTimes(source: string, id: string) {
    const [row] = await db.query<{ status: string; first_response_at: Date | null; resolved_at: Date | null; handled_by: string | null }>(
      'SELECT status, first_response_at, resolved_at, handled_by FROM items WHERE source = $1 AND external_id = $2',
      [source, id],
    );
    return row;
  }
  async function listed(source: string, sla: string): Promise<string[]> {
    const res = await fetch(`${base}/api/v1/items?source=${source}&sla=${sla}`, { headers: { Authorization: `Bearer ${readToken}` } });
    expect(res.status).toBe(200);
    return ((await res.json()).items as { external_id: string }[]).map((i) => i.external_id).sort();
  }

  it('zendesk: a public staff comment sets the first response, a status change to solved the resolution; the close four days on does not move it', async () => {
    const { path } = await createEndpoint('zendesk', zendeskSecret, 'zendesk-sla');
    await sendZendesk(path, zendeskEvent('7001', 'created', { status: 'NEW', updated_at: '2026-11-20T01:00:00Z' }));
    const commented = await (await sendZendesk(path, zendeskEvent('7001', 'comment_added', { status: 'OPEN', updated_at: '2026-11-20T02:00:00Z' }, staffComment))).json();
    expect(commented).toMatchObject({ conversation_updates: 1, pending: [] });
    await sendZendesk(path, zendeskEvent('7001', 'status_changed', { status: 'SOLVED', updated_at: '2026-11-20T03:00:00Z' }));
    await sendZendesk(path, zendeskEvent('7001', 'status_changed', { status: 'CLOSED', updated_at: '2026-11-24T03:00:00Z' }));
    expect(await answerTimes('zendesk-sla', '7001')).toEqual({
      status: 'closed',
      first_response_at: new Date('2026-11-20T02:00:00Z'),
      resolved_at: new Date('2026-11-20T03:00:00Z'),
      handled_by: 'human',
    });
    // The requester's own reply is no answer.
    await sendZendesk(
      path,
      zendeskEvent('7003', 'comment_added', { status: 'OPEN', updated_at: '2026-11-20T02:00:00Z' }, { event: { comment: { ...staffComment.event.comment, author: { id: '9001234567', is_staff: false } } } }),
    );
    expect(await answerTimes('zendesk-sla', '7003')).toMatchObject({ first_response_at: null, handled_by: null });
    expect(await listed('zendesk-sla', 'breached_first_response')).toEqual(['7003']);
    expect(await listed('zendesk-sla', 'open_overdue')).toEqual(['7003']);
  });

  it('zendesk: a staff comment that is the first delivery about a ticket stores the ticket with its first response', async () => {
    const { path } = await createEndpoint('zendesk', zendeskSecret, 'zendesk-early');
    const early = zendeskEvent('7002', 'comment_added', { status: 'OPEN', updated_at: '2026-11-20T02:00:00Z' }, staffComment);
    // The ticket's state rides along in the comment's detail, so the ticket is stored by it: no wait needed.
    expect(await (await sendZendesk(path, early)).json()).toMatchObject({ inserted: 1, conversation_updates: 1, pending: [] });
    expect((await answerTimes('zendesk-early', '7002'))!.first_response_at).toEqual(new Date('2026-11-20T02:00:00Z'));
  });

  it('zendesk: a trigger ticket solved without a readable updated_at is reported and not listed as open and overdue', async () => {
    const { path } = await createEndpoint('zendesk', zendeskSecret, 'zendesk-trigger');
    const body = JSON.parse(fixtureText('zendesk-trigger-body.json')) as Json;
    body.ticket = { ...body.ticket, id: '48300', status: '해결됨', updated_at: 'November 4, 2024' };
    const res = await (await sendZendesk(path, body)).json();
    expect(res).toMatchObject({ inserted: 1 });
    expect(res.warnings).toEqual([expect.stringContaining('ticket 48300: updated_at "November 4, 2024" is not a time with a zone')]);
    const open = { ...body.ticket, id: '48301', status: 'Open', updated_at: '2024-11-04T06:01:02Z' };
    await sendZendesk(path, { ticket: open });
    expect(await answerTimes('zendesk-trigger', '48300')).toMatchObject({ status: 'resolved', resolved_at: null });
    expect(await listed('zendesk-trigger', 'open_overdue')).toEqual(['48301']);
  });

  it('zendesk: an event whose detail has no subject nor description is stored with a placeholder text', async () => {
    const { path } = await createEndpoint('zendesk', zendeskSecret, 'zendesk-bare');
    const bare = zendeskEvent('7010', 'created', { subject: null, description: null, status: 'OPEN', updated_at: '2026-11-20T01:00:00Z' });
    expect(await (await sendZendesk(path, bare)).json()).toMatchObject({ accepted: 1, inserted: 1, rejected: 0 });
    const [row] = await db.query<{ text: string; status: string }>("SELECT text, status FROM items WHERE source = 'zendesk-bare'");
    expect(row).toEqual({ text: '(제목·내용 없음) / (no subject or description)', status: 'open' });
  });

  // ── Channel Talk: updates before the customer's message (audit s11 M1) ─────────────────────

  it("channeltalk: a manager reply, a bot message or a close delivered before the customer's message is kept and applied when it arrives", async () => {
    const { path, secret } = await createEndpoint('channeltalk', undefined, 'channeltalk-order');
    const send = async (event: Json) =>
      (await fetch(`${base}${path}?token=${encodeURIComponent(secret)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) })).json();
    const inChat = (name: string, chatId: string, messageId: string) => {
      const e = JSON.parse(fixtureText(name)) as Json;
      e.entity = { ...e.entity, chatId, id: messageId };
      if (e.refers?.userChat) e.refers.userChat = { ...e.refers.userChat, id: chatId };
      return e;
    };
    const reply = await send(inChat('channeltalk-message-manager.json', 'uc-20', 'mg-20'));
    expect(reply).toMatchObject({ conversation_updates: 0, pending: [expect.stringContaining('conversation uc-20')] });
    expect(await send(inChat('channeltalk-message-user.json', 'uc-20', 'm-50'))).toMatchObject({ inserted: 1, pending: [] });
    const [answered] = await db.query<{ first_response_at: Date | null; handled_by: string | null }>(
      "SELECT first_response_at, handled_by FROM items WHERE source = 'channeltalk-order' AND metadata->>'conversation_id' = 'uc-20'",
    );
    expect(answered).toEqual({ first_response_at: new Date(1730596900512), handled_by: 'human' });

    const customer = inChat('channeltalk-message-user.json', 'uc-21', 'm-60');
    const closedAt = (customer.entity.createdAt as number) + 600_000;
    expect(await send({ event: 'push', type: 'userChat', entity: { id: 'uc-21', state: 'closed', closedAt, updatedAt: closedAt } })).toMatchObject({ pending: [expect.stringContaining('uc-21')] });
    await send(customer);
    const [closed] = await db.query<{ status: string; resolved_at: Date | null }>("SELECT status, resolved_at FROM items WHERE source = 'channeltalk-order' AND external_id = 'm-60'");
    expect(closed).toEqual({ status: 'closed', resolved_at: new Date(closedAt) });

    await send(inChat('channeltalk-message-bot.json', 'uc-9', 'b-9'));
    await send(inChat('channeltalk-message-user.json', 'uc-9', 'm-9'));
    const [bot] = await db.query<{ handled_by: string | null }>("SELECT handled_by FROM items WHERE source = 'channeltalk-order' AND external_id = 'm-9'");
    expect(bot!.handled_by).toBe('bot');
    // Kept for a message of these chats delivered late (audit s18).
    expect((await db.query("SELECT 1 FROM conversation_update_log WHERE source = 'channeltalk-order'")).length).toBeGreaterThanOrEqual(3);
  });

  // ── Conversation state under late and retried deliveries (audit s18) ─────────────────────

  it('channeltalk: a late "opened" event does not reopen a closed chat, and a message delivered after the close inherits the reply and the close', async () => {
    const { path, secret } = await createEndpoint('channeltalk', undefined, 'channeltalk-late');
    const send = async (event: Json) =>
      (await fetch(`${base}${path}?token=${encodeURIComponent(secret)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) })).json();
    // A chat id with a phone-like digit run: it used to be redacted on the items and found by no update.
    const chat = '666b01045678123e0de7';
    const t0 = Date.parse('2026-11-02T01:00:00Z');
    const m1 = { id: 'm1', chatType: 'userChat', chatId: chat, personType: 'user', personId: 'u1', createdAt: t0, plainText: '배송이 안 와요. 일주일째 기다리는 중이에요' };
    await send({ event: 'push', type: 'message', entity: m1, refers: { userChat: { id: chat, state: 'opened', userId: 'u1', updatedAt: t0 }, user: { id: 'u1' } } });
    const manager = { ...m1, id: 'r1', personType: 'manager', personId: 'mgr1', createdAt: t0 + 120_000, plainText: '확인해 드릴게요' };
    await send({ event: 'push', type: 'message', entity: manager, refers: { userChat: { id: chat, state: 'opened', assigneeId: 'mgr1', userId: 'u1', updatedAt: t0 + 120_000 } } });
    await send({ event: 'push', type: 'userChat', entity: { id: chat, state: 'closed', assigneeId: 'mgr1', closedAt: t0 + 600_000, updatedAt: t0 + 600_000, userId: 'u1' }, refers: {} });
    const late = await send({ event: 'upsert', type: 'userChat', entity: { id: chat, state: 'opened', assigneeId: 'mgr1', openedAt: t0 + 1000, updatedAt: t0 + 1000, userId: 'u1' }, refers: { message: m1, user: { id: 'u1' } } });
    expect(late).toMatchObject({ rejected: 0 });
    // Written a minute in, retried, delivered last.
    const m2 = { ...m1, id: 'm2', createdAt: t0 + 60_000, plainText: '주문번호 알려드릴까요?' };
    await send({ event: 'push', type: 'message', entity: m2, refers: { userChat: { id: chat, state: 'opened', userId: 'u1', updatedAt: t0 + 60_000 }, user: { id: 'u1' } } });
    for (const id of ['m1', 'm2']) {
      expect(await answerTimes('channeltalk-late', id)).toEqual({ status: 'closed', first_response_at: new Date(t0 + 120_000), resolved_at: new Date(t0 + 600_000), handled_by: 'human' });
    }
    expect(await listed('channeltalk-late', 'open_overdue')).toEqual([]);
  });

  it('zendesk: a ticket reopened after its solve is no longer resolved and counts the reopening; a solve delivered after a later event keeps its own time', async () => {
    const { path } = await createEndpoint('zendesk', zendeskSecret, 'zendesk-reopen');
    await sendZendesk(path, zendeskEvent('7301', 'created', { status: 'NEW', updated_at: '2026-11-20T01:00:00Z' }));
    await sendZendesk(path, zendeskEvent('7301', 'status_changed', { status: 'SOLVED', updated_at: '2026-11-20T02:00:00Z' }));
    await sendZendesk(path, zendeskEvent('7301', 'status_changed', { status: 'OPEN', updated_at: '2026-11-21T09:00:00Z' }));
    expect(await answerTimes('zendesk-reopen', '7301')).toMatchObject({ status: 'open', resolved_at: null });
    const [counted] = await db.query<{ reopened_count: number }>("SELECT reopened_count FROM items WHERE source = 'zendesk-reopen' AND external_id = '7301'");
    expect(counted!.reopened_count).toBe(1);

    await sendZendesk(path, zendeskEvent('7302', 'created', { status: 'NEW', updated_at: '2026-11-20T01:00:00Z' }));
    // Solved at 02:00; a tag added a day later is delivered first.
    await sendZendesk(path, zendeskEvent('7302', 'tags_changed', { status: 'SOLVED', updated_at: '2026-11-21T02:00:00Z' }));
    expect((await answerTimes('zendesk-reopen', '7302'))!.resolved_at).toEqual(new Date('2026-11-21T02:00:00Z'));
    const solve = await (await sendZendesk(path, zendeskEvent('7302', 'status_changed', { status: 'SOLVED', updated_at: '2026-11-20T02:00:00Z' }))).json();
    expect(solve).toMatchObject({ stale: 1, conversation_updates: 1 });
    expect(await answerTimes('zendesk-reopen', '7302')).toMatchObject({ status: 'resolved', resolved_at: new Date('2026-11-20T02:00:00Z') });
  });

  it('answers a bad vendor field as no value, never 500: a state named "constructor", a via "__proto__", a reply time past any date', async () => {
    const { path, secret } = await createEndpoint('channeltalk', undefined, 'channeltalk-proto');
    const ct = (event: Json) => fetch(`${base}${path}?token=${encodeURIComponent(secret)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) });
    expect((await ct({ type: 'userChat', entity: { id: 'c1', state: 'constructor', updatedAt: 1762045300000 } })).status).toBe(200);
    const zd = await createEndpoint('zendesk', zendeskSecret, 'zendesk-proto');
    const ticket = { id: 7401, subject: '결제 오류', description: '결제가 두 번 됐어요', created_at: '2026-11-20T01:00:00Z', updated_at: '2026-11-20T01:00:00Z', via: { channel: '__proto__' }, metric_set: { reply_time_in_minutes: { calendar: 1e15 } } };
    const res = await sendZendesk(zd.path, { tickets: [ticket] });
    expect(res.status).toBe(200);
    const [row] = await db.query<{ channel: string; first_response_at: Date | null }>("SELECT channel, first_response_at FROM items WHERE source = 'zendesk-proto'");
    expect(row).toEqual({ channel: 'other', first_response_at: null });
  });

  it('generic: a delivery whose every item was rejected is checked again when retried, not answered as a duplicate', async () => {
    const { path, secret } = await createEndpoint('generic', undefined, 'retry-rejected');
    const body = JSON.stringify({ items: [{ external_id: 'rr-1', channel: 'email', created_at: '날짜 아님', text: '환불 문의드립니다' }] });
    const signature = signSoriPayload(body, secret);
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sori-Signature': signature }, body });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: 'items_rejected', rejected: 1 });
    }
  });

  // ── Generic: a replayed delivery (audit s11 L6) ─────────────────────────────────────────

  it('generic: a signed delivery replayed inside the window is answered as a duplicate and does not roll the item back', async () => {
    const { path, secret } = await createEndpoint('generic', undefined, 'replay-form');
    const post = (body: string, signature: string) => fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sori-Signature': signature }, body });
    const item = { external_id: 'rp-1', channel: 'email', created_at: '2026-12-04T10:00:00+09:00' };
    const v1 = JSON.stringify({ ...item, text: '첫 버전: 환불 문의드립니다', status: 'open' });
    const v1Signature = signSoriPayload(v1, secret);
    expect(await (await post(v1, v1Signature)).json()).toMatchObject({ inserted: 1 });
    const v2 = JSON.stringify({ ...item, text: '둘째 버전: 환불 처리되었습니다', status: 'resolved', resolved_at: '2026-12-04T11:00:00+09:00' });
    expect(await (await post(v2, signSoriPayload(v2, secret))).json()).toMatchObject({ updated: 1 });

    const replay = await post(v1, v1Signature);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ duplicate: true, inserted: 0, updated: 0 });
    // A junk v1= entry added to the captured header makes no new delivery.
    expect(await (await post(v1, `${v1Signature},v1=${'0'.repeat(64)}`)).json()).toMatchObject({ duplicate: true });
    const [row] = await db.query<{ text: string; status: string; resolved_at: Date | null }>("SELECT text, status, resolved_at FROM items WHERE source = 'replay-form'");
    expect(row).toEqual({ text: '둘째 버전: 환불 처리되었습니다', status: 'resolved', resolved_at: new Date('2026-12-04T02:00:00Z') });
  });

  // ── Generic: the sender's record version (source_updated_at) ────────────────────────────

  /**
   * A 1:1 board ticket as the sender's system holds it at `at` (its source_updated_at; none when
   * undefined): open, or solved by an agent with the customer's text edited.
   */
  function boardTicket(id: string, state: 'open' | 'solved', at?: string): Json {
    const base = { external_id: id, channel: 'board', created_at: '2026-12-01T09:50:00+09:00', ...(at === undefined ? {} : { source_updated_at: at }) };
    return state === 'open'
      ? { ...base, text: '주문한 운동화 사이즈를 270으로 바꾸고 싶어요', status: 'open' }
      : { ...base, text: '주문한 운동화 사이즈를 270으로 바꾸고 싶어요 (추가: 색상은 그대로)', status: 'resolved', assignee: '상담원 한지민', resolved_at: '2026-12-01T10:05:00+09:00' };
  }
  /**
   * Sends a generic delivery signed anew: a sender's retry signs again, so it is a new delivery.
   * Each call signs at its own second (two minutes back, plus one per call), so two calls never
   * share a signature however the wall clock's seconds fall between them.
   */
  let signedCalls = 0;
  async function sendSigned(path: string, secret: string, payload: unknown) {
    const body = JSON.stringify(payload);
    const signature = signSoriPayload(body, secret, Math.floor(Date.now() / 1000) - 120 + signedCalls++);
    return fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Sori-Signature': signature }, body });
  }
  async function boardRow(source: string, id: string) {
    const [row] = await db.query<{ status: string; assignee: string | null; resolved_at: Date | null; text: string; metadata: Json }>(
      'SELECT status, assignee, resolved_at, text, metadata FROM items WHERE source = $1 AND external_id = $2',
      [source, id],
    );
    return row!;
  }

  it('generic: a late retry of an older state (source_updated_at) is skipped as stale; the solved ticket stays solved; the same version again is unchanged', async () => {
    const { path, secret } = await createEndpoint('generic', undefined, 'board-sync');
    // 10:05 in the workspace's zone (Asia/Seoul), then the first delivery's retry: 10:00 KST written in UTC.
    expect(await (await sendSigned(path, secret, boardTicket('B-100', 'solved', '2026-12-01 10:05'))).json()).toMatchObject({ inserted: 1, stale: 0 });
    const late = await sendSigned(path, secret, boardTicket('B-100', 'open', '2026-12-01T01:00:00Z'));
    expect(late.status).toBe(200);
    const lateBody = await late.json();
    expect(lateBody).toMatchObject({ received: 1, accepted: 0, rejected: 0, inserted: 0, updated: 0, stale: 1 });
    expect(lateBody).not.toHaveProperty('older'); // the store's own count is folded into stale
    expect(lateBody.ignored).toEqual([expect.stringContaining('B-100: source_updated_at 2026-12-01T01:00:00.000Z is older than the known 2026-12-01T01:05:00.000Z')]);
    expect(await boardRow('board-sync', 'B-100')).toMatchObject({
      status: 'resolved',
      assignee: '상담원 한지민',
      resolved_at: new Date('2026-12-01T01:05:00Z'),
      text: '주문한 운동화 사이즈를 270으로 바꾸고 싶어요 (추가: 색상은 그대로)',
      metadata: { source_updated_at: '2026-12-01T01:05:00.000Z' },
    });
    // The newest state retried (signed again) is an identical re-send; so is an equal version
    // written another way.
    expect(await (await sendSigned(path, secret, boardTicket('B-100', 'solved', '2026-12-01 10:05'))).json()).toMatchObject({ accepted: 1, unchanged: 1, stale: 0 });
    expect(await (await sendSigned(path, secret, boardTicket('B-100', 'solved', '2026-12-01T10:05:00+09:00'))).json()).toMatchObject({ unchanged: 1, stale: 0 });
  });

  it('generic: states delivered in order end solved; without source_updated_at the later write wins as before', async () => {
    const { path, secret } = await createEndpoint('generic', undefined, 'board-order');
    expect(await (await sendSigned(path, secret, boardTicket('B-200', 'open', '2026-12-01T10:00:00+09:00'))).json()).toMatchObject({ inserted: 1, stale: 0 });
    expect(await (await sendSigned(path, secret, boardTicket('B-200', 'solved', '2026-12-01T10:05:00+09:00'))).json()).toMatchObject({ updated: 1, stale: 0 });
    expect(await boardRow('board-order', 'B-200')).toMatchObject({ status: 'resolved', metadata: { source_updated_at: '2026-12-01T01:05:00.000Z' } });

    // No version: nothing to judge by, the later delivery wins (and the stored version goes with it).
    await sendSigned(path, secret, boardTicket('B-201', 'solved'));
    expect(await (await sendSigned(path, secret, boardTicket('B-201', 'open'))).json()).toMatchObject({ updated: 1, stale: 0 });
    expect(await boardRow('board-order', 'B-201')).toMatchObject({ status: 'open', text: '주문한 운동화 사이즈를 270으로 바꾸고 싶어요' });
    expect((await boardRow('board-order', 'B-201')).metadata).not.toHaveProperty('source_updated_at');
    // From the first versioned delivery on, the record is protected.
    await sendSigned(path, secret, boardTicket('B-201', 'solved', '2026-12-01T10:05:00+09:00'));
    expect(await (await sendSigned(path, secret, boardTicket('B-201', 'open', '2026-12-01T10:00:00+09:00'))).json()).toMatchObject({ stale: 1 });
    expect((await boardRow('board-order', 'B-201')).status).toBe('resolved');
  });

  it('generic: a delivery holding two states of one record stores the newer, whichever comes first in it', async () => {
    const { path, secret } = await createEndpoint('generic', undefined, 'board-batch');
    const res = await sendSigned(path, secret, {
      items: [
        boardTicket('B-300', 'solved', '2026-12-01T10:05:00+09:00'),
        boardTicket('B-300', 'open', '2026-12-01T10:00:00+09:00'),
        boardTicket('B-301', 'open', '2026-12-01T10:00:00+09:00'),
        boardTicket('B-301', 'solved', '2026-12-01T10:05:00+09:00'),
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ received: 4, accepted: 2, inserted: 2, stale: 2 });
    expect(body.ignored).toEqual([expect.stringMatching(/^B-300: source_updated_at/), expect.stringMatching(/^B-301: source_updated_at/)]);
    expect((await boardRow('board-batch', 'B-300')).status).toBe('resolved');
    expect((await boardRow('board-batch', 'B-301')).status).toBe('resolved');
  });

  it('generic: an unreadable source_updated_at is a validation error on that item; the others are stored', async () => {
    const { path, secret } = await createEndpoint('generic', undefined, 'board-bad-version');
    const res = await sendSigned(path, secret, {
      items: [boardTicket('B-400', 'open', '어제 오후'), boardTicket('B-401', 'open', '2026-12-01T10:00:00+09:00'), boardTicket('B-402', 'open', '9999-12-31T00:00:00Z')],
    });
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body).toMatchObject({ received: 3, accepted: 1, rejected: 2, inserted: 1, stale: 0 });
    expect(body.errors.map((e: Json) => [e.index, e.field])).toEqual([[0, 'source_updated_at'], [2, 'source_updated_at']]);
    expect(await db.query("SELECT external_id FROM items WHERE source = 'board-bad-version'")).toEqual([{ external_id: 'B-401' }]);
  });
});
