import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import type { Db } from '../store/db.js';

describe(`HTTP API (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;

  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const json = { 'Content-Type': 'application/json' };
  const post = (path: string, body: unknown, headers: Record<string, string>) =>
    app.request(path, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens, login } = await buildTestApp(db));
  });
  afterAll(() => close());

  it('answers problem+json with a stable code when unauthenticated', async () => {
    const res = await app.request('/api/v1/items');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    const bad = await app.request('/api/v1/items', { headers: bearer('sori_pat_nope') });
    expect((await bad.json()).code).toBe('invalid_token');
  });

  it('ingests a batch with per-item errors and keeps the good items', async () => {
    const first = buildItem({ external_id: 'api-1', text: '앱이 자꾸 튕겨요. 연락처 010-9876-5432' });
    const res = await post(
      '/api/v1/items',
      { items: [first, buildItem({ external_id: 'api-2', channel: 'pigeon' as never })] },
      bearer(tokens.ingest),
    );
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body).toMatchObject({ received: 2, accepted: 1, inserted: 1, rejected: 1 });
    expect(body.errors[0]).toMatchObject({ index: 1, field: 'channel' });
    const again = await post('/api/v1/items', first, bearer(tokens.ingest));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ inserted: 0, unchanged: 1 });
  });

  it('rejects a batch over 10,000 items and a non-JSON body', async () => {
    const many = Array.from({ length: 10_001 }, () => ({}));
    const res = await post('/api/v1/items', { items: many }, bearer(tokens.ingest));
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.detail).toMatch(/1–10,000 items, not 10,001/);
    const notJson = await app.request('/api/v1/items', { method: 'POST', headers: { ...json, ...bearer(tokens.ingest) }, body: '{nope' });
    expect((await notJson.json()).code).toBe('invalid_json');
    // Each wrong shape says what is wrong with it.
    for (const [body, says] of [
      [[{ text: '배송 문의' }], /not a bare array/],
      [null, /send one item as a JSON object/],
      [{ items: [] }, /1–10,000 items, not 0/],
    ] as const) {
      const r = await post('/api/v1/items', body, bearer(tokens.ingest));
      expect(r.status).toBe(400);
      expect((await r.json()).detail).toMatch(says);
    }
  });

  it('checks scopes and roles on every route', async () => {
    // A read token cannot ingest; an ingest token cannot read users; a viewer cannot ingest.
    expect((await post('/api/v1/items', buildItem(), bearer(tokens.read))).status).toBe(403);
    expect((await app.request('/api/v1/users', { headers: bearer(tokens.ingest) })).status).toBe(403);
    expect((await app.request('/api/v1/items', { headers: bearer(tokens.read) })).status).toBe(200);
    const viewer = await login('viewer');
    expect((await post('/api/v1/items', buildItem(), { Cookie: viewer })).status).toBe(403);
    expect((await app.request('/api/v1/items', { headers: { Cookie: viewer } })).status).toBe(200);
    expect((await app.request('/api/v1/tokens', { headers: { Cookie: viewer } })).status).toBe(403);
    const admin = await login('admin');
    expect((await app.request('/api/v1/tokens', { headers: { Cookie: admin } })).status).toBe(200);
  });

  it('logs in with an HttpOnly SameSite cookie, knows the user, and logs out', async () => {
    const res = await post('/api/v1/auth/login', { email: 'operator@sori.test', password: '비밀번호-테스트-1234' }, {});
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = cookie.split(';')[0];
    const me = await app.request('/api/v1/auth/me', { headers: { Cookie: session } });
    expect(await me.json()).toMatchObject({ user: { email: 'operator@sori.test', role: 'operator' }, workspace: { slug: 'default' } });
    await post('/api/v1/auth/logout', {}, { Cookie: session });
    expect((await app.request('/api/v1/auth/me', { headers: { Cookie: session } })).status).toBe(401);
    const wrong = await post('/api/v1/auth/login', { email: 'operator@sori.test', password: 'wrong-password' }, {});
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).code).toBe('invalid_credentials');
  });

  it('rejects cross-site writes made with a session cookie', async () => {
    const cookie = await login('operator');
    const res = await post('/api/v1/items', buildItem(), { Cookie: cookie, Origin: 'https://evil.example', Host: 'localhost' });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('csrf_rejected');
  });

  it('lists, filters, pages and fetches items; stored text is redacted', async () => {
    await post('/api/v1/items', { items: Array.from({ length: 5 }, (_, i) => buildItem({ external_id: `list-${i}`, source: 'list-test', channel: 'email' })) }, bearer(tokens.ingest));
    const res = await app.request('/api/v1/items?source=list-test&channel=email&limit=2', { headers: bearer(tokens.read) });
    const page = await res.json();
    expect(page.items).toHaveLength(2);
    expect(page.next_cursor).toBeTruthy();
    const next = await (await app.request(`/api/v1/items?source=list-test&channel=email&limit=2&cursor=${page.next_cursor}`, { headers: bearer(tokens.read) })).json();
    expect(next.items[0].id).not.toBe(page.items[0].id);
    const one = await (await app.request(`/api/v1/items/${page.items[0].id}`, { headers: bearer(tokens.read) })).json();
    expect(one.item.external_id).toBe(page.items[0].external_id);
    expect((await app.request('/api/v1/items/999999999', { headers: bearer(tokens.read) })).status).toBe(404);
    const found = await (await app.request('/api/v1/items?q=' + encodeURIComponent('튕겨요'), { headers: bearer(tokens.read) })).json();
    expect(found.items[0].text).toContain('[전화번호]');
    expect(found.items[0].text).not.toContain('9876');
  });

  it('exports CSV with formula-injection guard', async () => {
    await post('/api/v1/items', buildItem({ external_id: 'formula-1', source: 'export-test', text: '=HYPERLINK("http://evil","클릭")' }), bearer(tokens.ingest));
    const res = await app.request('/api/v1/items/export?format=csv&source=export-test', { headers: bearer(tokens.read) });
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('accepts business metrics and serves them back', async () => {
    const res = await post('/api/v1/metrics', { metrics: [{ day: '2026-11-01', name: 'orders', value: 1234 }, { day: '2026-11-01', name: 'mau', value: 52000 }] }, bearer(tokens.ingest));
    expect(await res.json()).toEqual({ upserted: 2 });
    await post('/api/v1/metrics', { metrics: [{ day: '2026-11-01', name: 'orders', value: 1300 }] }, bearer(tokens.ingest));
    const got = await (await app.request('/api/v1/metrics?name=orders', { headers: bearer(tokens.read) })).json();
    expect(got.metrics).toEqual([{ day: '2026-11-01', name: 'orders', value: 1300 }]);
    const bad = await post('/api/v1/metrics', { metrics: [{ day: '11/01', name: 'Orders!', value: 'x' }] }, bearer(tokens.ingest));
    expect(bad.status).toBe(400);
  });

  it('publishes an OpenAPI document that lists the routes', async () => {
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/items', '/api/v1/items/{id}', '/api/v1/imports', '/api/v1/metrics']));
    const post = doc.paths['/api/v1/items'].post;
    // The item's fields are described (the route validates them item by item, so its own schema cannot say).
    const [single, batch] = post.requestBody.content['application/json'].schema.anyOf;
    expect(single.required).toEqual(expect.arrayContaining(['channel', 'source', 'created_at', 'text']));
    expect(single.properties.channel.enum).toContain('board');
    expect(batch.properties.items.maxItems).toBe(10_000);
    expect(Object.keys(post.responses)).toEqual(['200', '207', '422', 'default']);
    expect(post.parameters).toEqual(expect.arrayContaining([{ $ref: '#/components/parameters/workspace' }]));
    const upload = doc.paths['/api/v1/imports'].post.requestBody.content['multipart/form-data'].schema;
    expect(upload.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(upload.properties.mapping).toBeTruthy();
    const webhook = doc.paths['/api/v1/webhooks/{slug}'].post;
    expect(webhook.parameters.map((p: { name?: string }) => p.name)).toEqual(expect.arrayContaining(['slug', 'X-Sori-Signature', 'X-Zendesk-Webhook-Signature']));
    expect(Object.keys(webhook.responses)).toEqual(['200', '207', '422', 'default']);
    expect(Object.keys(doc.paths['/api/v1/auth/logout'].post.responses)).toEqual(['204', 'default']);
    // Every route the server answers is in the document, and every documented route answers (not 404).
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(methods)) {
        const url = path.replace(/\{[^}]+\}/g, '1');
        const res = await app.request(url, { method: method.toUpperCase(), headers: bearer(tokens.read) });
        expect(res.status === 404 && (await res.clone().json()).code === 'route_not_found', `${method} ${path}`).toBe(false);
      }
    }
  });
});
