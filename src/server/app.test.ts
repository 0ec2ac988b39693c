import { createHmac } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { z } from 'zod';
import { generateSecret, hashSecret } from '../auth/tokens.js';
import { documentedResponseSchema } from './openapi.js';
import type { Db } from '../store/db.js';
import { trainWorkspaceModel } from '../labels/train-workspace-model.js';

/**
 * Checks a real answer against the JSON Schema the OpenAPI document gives it (converted to a
 * validator): a field of another type, a missing one or one the document does not name fails.
 */
export function checkAgainstDocument(doc: Record<string, unknown>, method: string, docPath: string, status: number, contentType: string, body: unknown): void {
  const schema = documentedResponseSchema(doc, method, docPath, String(status), contentType);
  expect(schema, `${method} ${docPath} ${status}: a documented body schema`).not.toBeNull();
  const parsed = z.fromJSONSchema(schema as never).safeParse(body);
  const issues = parsed.success ? [] : parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
  expect(issues, `${method} ${docPath} ${status}: the answer does not match its documented schema`).toEqual([]);
}

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
    expect(await me.json()).toMatchObject({ user: { email: 'operator@sori.test', role: 'operator' }, workspace: { slug: 'default' }, limits: { upload_bytes: 1024 * 1024 * 1024 } });
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
    expect(await res.json()).toEqual({ received: 2, upserted: 2, repeated: 0, rejected: 0, errors: [] });
    await post('/api/v1/metrics', { metrics: [{ day: '2026-11-01', name: 'orders', value: 1300 }] }, bearer(tokens.ingest));
    const got = await (await app.request('/api/v1/metrics?name=orders', { headers: bearer(tokens.read) })).json();
    expect(got.metrics).toEqual([{ day: '2026-11-01', name: 'orders', value: 1300 }]);
    const bad = await post('/api/v1/metrics', { metrics: [{ day: '11/01', name: 'Orders!', value: 'x' }] }, bearer(tokens.ingest));
    expect(bad.status).toBe(400);
    // The names a metrics file takes are taken here too; a count is never negative; a bad day is one message.
    const korean = await post('/api/v1/metrics', { metrics: [{ day: '2026-11-02', name: '주문수', value: 1400 }, { day: '2026-11-02', name: 'MAU', value: 53000 }] }, bearer(tokens.ingest));
    expect(await korean.json()).toEqual({ received: 2, upserted: 2, repeated: 0, rejected: 0, errors: [] });
    const day2 = await (await app.request('/api/v1/metrics?from=2026-11-02&to=2026-11-02', { headers: bearer(tokens.read) })).json();
    expect(day2.metrics).toEqual(expect.arrayContaining([{ day: '2026-11-02', name: 'orders', value: 1400 }, { day: '2026-11-02', name: 'mau', value: 53000 }]));
    const negative = await post('/api/v1/metrics', { metrics: [{ day: '2026-11-03', name: 'cancellations', value: -5 }] }, bearer(tokens.ingest));
    expect(negative.status).toBe(400);
    expect((await negative.json()).errors).toEqual([{ field: 'metrics.0.value', message: expect.stringMatching(/negative.* \/ .*음수/) }]);
    expect((await post('/api/v1/metrics', { metrics: [{ day: '2026-11-03', name: 'refunds_net', value: -5 }] }, bearer(tokens.ingest))).status).toBe(200);
    const badDay = await (await post('/api/v1/metrics', { metrics: [{ day: '11/03', name: 'orders', value: 1 }] }, bearer(tokens.ingest))).json();
    expect(badDay.errors).toHaveLength(1);
    const badName = await (await post('/api/v1/metrics', { metrics: [{ day: '2026-11-03', name: 'bad name!', value: 1 }] }, bearer(tokens.ingest))).json();
    expect(badName.errors).toEqual([{ field: 'metrics.0.name', message: expect.stringMatching(/Korean or latin letters.* \/ 지표 이름은 한글.*주문수, 결제수/) }]);
  });

  it('stores custom metrics under Korean names and serves them back by name in the URL', async () => {
    const res = await post(
      '/api/v1/metrics',
      {
        metrics: [
          { day: '2026-12-01', name: '재구매수', value: 31 },
          { day: '2026-12-01', name: '앱 설치 수', value: 1200 },
          { day: '2026-12-01', name: 'Day-7 재방문', value: 0.42 },
          { day: '2026-12-02', name: '재구매수'.normalize('NFD'), value: 33 },
        ],
      },
      bearer(tokens.ingest),
    );
    expect(await res.json()).toEqual({ received: 4, upserted: 4, repeated: 0, rejected: 0, errors: [] });
    const byName = (names: string) => app.request(`/api/v1/metrics?name=${encodeURIComponent(names)}&from=2026-12-01`, { headers: bearer(tokens.read) });
    expect((await (await byName('재구매수')).json()).metrics).toEqual([
      { day: '2026-12-01', name: '재구매수', value: 31 },
      { day: '2026-12-02', name: '재구매수', value: 33 },
    ]);
    // Each name of the list is read as POST reads it: spaces and hyphens as _, latin lower-cased.
    expect((await (await byName('앱 설치 수,Day-7 재방문')).json()).metrics).toEqual([
      { day: '2026-12-01', name: 'day_7_재방문', value: 0.42 },
      { day: '2026-12-01', name: '앱_설치_수', value: 1200 },
    ]);
    const bad = await byName('재구매수,bad name!');
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual([{ field: 'name.1', message: expect.stringMatching(/not a metric name.* \/ 지표 이름은/) }]);
    for (const name of ['재구매😀', '7일재방문', 'ㅋㅋ', '가'.repeat(64)]) {
      const refused = await post('/api/v1/metrics', { metrics: [{ day: '2026-12-03', name, value: 1 }] }, bearer(tokens.ingest));
      expect([name, refused.status]).toEqual([name, 400]);
    }
  });

  it('publishes an OpenAPI document that lists the routes', async () => {
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/items', '/api/v1/items/{id}', '/api/v1/imports', '/api/v1/metrics']));
    const post = doc.paths['/api/v1/items'].post;
    // The item's fields are described (the route validates them item by item, so its own schema cannot say).
    const [single, batch] = post.requestBody.content['application/json'].schema.anyOf;
    expect(single.required).toEqual(expect.arrayContaining(['channel', 'source', 'created_at']));
    // Text is required but for a survey answer or review with only its score or stars: the description says when.
    expect(single.required).not.toContain('text');
    expect(single.properties.text.description).toMatch(/survey answer or review.*score or rating/);
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
  it('answers every route with a success status its OpenAPI entry documents', async () => {
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    const admin = await login('admin');
    const asAdmin = { Cookie: admin };
    const checked = new Set<string>();
    // One sample request per route, in an order that gives the later ones their data.
    const call = async (method: string, path: string, init: { body?: unknown; form?: FormData; headers?: Record<string, string> } = {}) => {
      const route = path.replace(/\?.*$/, '');
      const documented = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>).find(([p, methods]) =>
        new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(route) && methods[method.toLowerCase()],
      );
      expect(documented, `${method} ${route} is documented`).toBeDefined();
      const [docPath, methods] = documented!;
      const headers: Record<string, string> = { ...asAdmin, ...init.headers };
      let body: BodyInit | undefined = init.form;
      if (init.body !== undefined) {
        headers['Content-Type'] ??= 'application/json';
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      }
      const res = await app.request(path, { method, headers, body });
      const statuses = Object.keys(methods[method.toLowerCase()]!.responses).filter((s) => s !== 'default');
      expect(res.status >= 200 && res.status < 300, `${method} ${path}: ${res.status} ${res.status >= 300 ? await res.clone().text() : ''}`).toBe(true);
      expect(statuses, `${method} ${docPath} answered ${res.status}`).toContain(String(res.status));
      checked.add(`${method.toLowerCase()} ${docPath}`);
      if (res.status === 204) {
        expect(await res.text(), `${method} ${docPath}: 204 has no body`).toBe('');
        return null;
      }
      // The answer's media type is one the document gives this status, and a JSON body is what the document says it is.
      const contentType = res.headers.get('content-type') ?? '';
      const answer = methods[method.toLowerCase()]!.responses[String(res.status)] as { content?: Record<string, unknown> };
      expect(Object.keys(answer.content ?? {}), `${method} ${docPath} ${res.status}: documented media types`).toContain(contentType.split(';')[0]!.trim());
      if (!/^application\/([\w.-]+\+)?json$/.test(contentType.split(';')[0]!.trim())) return res.text() as Promise<unknown>;
      const answered: unknown = await res.json();
      checkAgainstDocument(doc, method, docPath, res.status, contentType, answered);
      return answered;
    };

    const setupSecret = generateSecret('setup');
    await db.query("INSERT INTO setup_tokens (token_hash, purpose, expires_at) VALUES ($1, 'first_admin', now() + interval '1 hour')", [hashSecret(setupSecret)]);
    // First run is a database without an admin: the test's admins step aside for that one call.
    const admins = await db.query<{ id: number }>("UPDATE users SET role = 'operator' WHERE role = 'admin' RETURNING id");
    await call('POST', '/api/v1/auth/setup', { body: { secret: setupSecret, email: 'first@sori.test', password: '비밀번호-테스트-1234' } });
    await db.query("UPDATE users SET role = 'admin' WHERE id = ANY($1::int[])", [admins.map((a) => a.id)]);
    // A login with a session cookie would end that session (the browser's old one): none here.
    await call('POST', '/api/v1/auth/login', { body: { email: 'viewer@sori.test', password: '비밀번호-테스트-1234' }, headers: { Cookie: '' } });
    await call('GET', '/api/v1/auth/me');

    const themes = [
      ['포인트 적립이 안 됐어요', '포인트 적립 내역이 안 보여요', '리뷰 포인트 적립 언제 되나요', '포인트 소멸 알림'],
      ['영수증 발급해 주세요', '현금영수증 발급 요청', '세금계산서 발급 가능한가요', '영수증 재발급 부탁'],
    ];
    const created_at = new Date(Date.now() - 3_600_000).toISOString();
    const items = themes.flatMap((texts, t) => texts.flatMap((text, i) => [0, 1, 2].map((r) => buildItem({ external_id: `doc-${t}-${i}-${r}`, source: 'doc', created_at, text: r ? `${text} ${'ㅠ'.repeat(r)}` : text }))));
    await call('POST', '/api/v1/items', { body: { items } });
    const listed = (await call('GET', '/api/v1/items?source=doc')) as { items: { id: string }[] };
    await call('GET', '/api/v1/items/summary?source=doc');
    await call('GET', '/api/v1/items/sources');
    await call('GET', '/api/v1/items?source=doc&duplicate=true');
    await call('GET', '/api/v1/items/export?source=doc');
    await call('GET', '/api/v1/items/export?source=doc&format=xlsx');
    await call('GET', '/api/v1/items/export?source=doc&format=jsonl');
    await call('GET', '/api/v1/backup');
    await call('GET', `/api/v1/items/${listed.items[0]!.id}`);
    await call('PATCH', `/api/v1/items/${listed.items[0]!.id}/labels`, { body: { sentiment: 'negative' } });

    const types = ((await call('GET', '/api/v1/taxonomy/types')) as { types: { key: string; name_ko: string; name_en: string }[] }).types;
    await call('PUT', '/api/v1/taxonomy/types', { body: { types: types.map(({ key, name_ko, name_en }) => ({ key, name_ko, name_en })) } });
    const topic = ((await call('POST', '/api/v1/topics', { body: { name: '문서 토픽', rules: [{ kind: 'keyword', pattern: '영수증' }] } })) as { topic: { id: string } }).topic;
    await call('GET', '/api/v1/topics');
    await call('PATCH', `/api/v1/topics/${topic.id}`, { body: { description: '영수증 문의' } });
    await call('POST', `/api/v1/topics/${topic.id}/comments`, { body: { body: '확인 중' } });
    await call('GET', `/api/v1/topics/${topic.id}/comments`);
    // Events on the charts (routes/events.ts): added, listed, changed, deleted.
    const chartEvent = ((await call('POST', '/api/v1/events', { body: { kind: 'incident', title: '결제 장애', note: 'PG사 점검', starts_at: '2026-11-03', ends_at: '2026-11-04' } })) as { event: { id: string } }).event;
    await call('GET', '/api/v1/events?from=2026-11-01&to=2026-11-30');
    await call('PUT', `/api/v1/events/${chartEvent.id}`, { body: { kind: 'release', title: '앱 5.14.0 배포', starts_at: '2026-11-03T09:00:00+09:00' } });
    await call('DELETE', `/api/v1/events/${chartEvent.id}`);
    // Saved views (routes/saved-views.ts): saved, listed, renamed, deleted.
    const savedView = ((await call('POST', '/api/v1/saved-views', { body: { page: 'items', name: 'VIP 채팅 부정', query: 'channel=chat&segment=VIP&sentiment=negative', shared: true } })) as { view: { id: string } }).view;
    await call('GET', '/api/v1/saved-views?page=items');
    await call('PATCH', `/api/v1/saved-views/${savedView.id}`, { body: { name: 'VIP 채팅 중 부정 감정' } });
    await call('DELETE', `/api/v1/saved-views/${savedView.id}`);
    const { clusters } = (await call('POST', '/api/v1/topics/discover', { body: { days: 30 } })) as { clusters: { id: string }[] };
    await call('GET', '/api/v1/topics/discovered');
    const suggested = (await call('GET', `/api/v1/topics/discovered/${clusters[0]!.id}/rules`)) as { rules: { kind: 'keyword'; pattern: string; recommended: boolean }[] };
    await call('POST', `/api/v1/topics/discovered/${clusters[0]!.id}/promote`, { body: { rules: suggested.rules.filter((r) => r.recommended).map(({ kind, pattern }) => ({ kind, pattern })) } });
    await call('GET', '/api/v1/topics/templates');
    await call('POST', '/api/v1/topics/templates/commerce/apply', { body: {} });
    await call('POST', '/api/v1/items/labels', { body: { ids: listed.items.slice(0, 3).map((i) => i.id), topic_id: topic.id } });
    await call('POST', '/api/v1/items/labels', { body: { filter: { source: 'doc', q: '영수증' }, sentiment: 'neutral' } });
    // (negative above → positive: a change, so a batch to take back)
    const corrected = (await call('PATCH', `/api/v1/items/${listed.items[0]!.id}/labels`, { body: { sentiment: 'positive' } })) as { batch_id: string };
    await call('POST', '/api/v1/items/labels/undo', { body: { batch_id: corrected.batch_id } });
    await call('GET', '/api/v1/labels/corrections?limit=2');
    await call('POST', '/api/v1/models/train', { body: { task: 'topic' } });
    await call('GET', '/api/v1/models');
    // Model approval (labels/model-gate.ts): an automatic retraining with too few held-out examples to
    // compare is held; it is previewed, applied, rolled back from; the next one is discarded.
    const gateWs = (await db.query<{ id: number }>("SELECT id FROM workspaces WHERE slug = 'default'"))[0]!.id;
    const heldModel = (await trainWorkspaceModel(db, gateWs, 'topic', 'corrections')).model;
    expect(heldModel.status).toBe('candidate');
    await call('GET', `/api/v1/models/${heldModel.id}/impact`);
    await call('POST', `/api/v1/models/${heldModel.id}/approve`);
    await call('GET', '/api/v1/models/rollback/impact?task=topic');
    await call('POST', '/api/v1/models/rollback', { body: { task: 'topic' } });
    await call('POST', `/api/v1/models/${(await trainWorkspaceModel(db, gateWs, 'topic', 'corrections')).model.id}/reject`);
    await call('POST', '/api/v1/reclassify', { body: { tasks: ['topic'] } });
    await call('GET', '/api/v1/reclassify');
    // Items again, now with topics, corrected (locked) labels and duplicate groups: still what the document says.
    await call('GET', '/api/v1/items?source=doc&limit=500');
    await call('GET', `/api/v1/items/${listed.items[0]!.id}`);

    for (const what of ['overview', 'volume', 'segments', 'support', 'nps', 'sla', 'churn']) await call('GET', `/api/v1/insights/${what}`);
    await call('GET', `/api/v1/insights/topics/${topic.id}`);
    // And over days that hold the items (today included), so the answers' lists have rows to check.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
    const range = `from=${new Date(Date.parse(today) - 6 * 86_400_000).toISOString().slice(0, 10)}&to=${today}`;
    for (const what of ['overview', 'volume?by=topic', 'volume?by=segment', 'segments', 'support', 'support?by=type', 'nps', 'sla', 'churn']) {
      await call('GET', `/api/v1/insights/${what}${what.includes('?') ? '&' : '?'}${range}`);
    }
    await call('GET', `/api/v1/insights/topics/${topic.id}?${range}`);
    await call('GET', `/api/v1/insights/topics/${clusters.length ? ((await call('GET', '/api/v1/topics')) as { topics: { id: string }[] }).topics.at(-1)!.id : topic.id}?${range}`);
    await call('GET', '/api/v1/insights/export?table=volume');
    await call('GET', '/api/v1/insights/export?table=volume&format=xlsx');
    await call('GET', '/api/v1/insights/export?table=channels&labels=ko');
    await call('GET', '/api/v1/settings/sla');
    await call('PUT', '/api/v1/settings/sla', { body: { reset: true } });
    await call('PUT', '/api/v1/settings/timezone', { body: { timezone: 'Asia/Seoul' } });

    const upload = (name: string, content: string, fields: Record<string, string> = {}) => {
      const form = new FormData();
      form.set('file', new File([content], name, { type: 'text/csv' }));
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      return form;
    };
    const csv = '티켓번호,접수일시,문의내용\nT1,2026-12-03 10:00,환불\nT2,2026/13/45,날짜 이상\n';
    const run = (await call('POST', '/api/v1/imports', { form: upload('a.csv', csv, { channel: 'board', source: 'doc-import' }) })) as { run_id: string };
    await call('POST', '/api/v1/imports/preview', { form: upload('a.csv', csv) });
    // With the import's options: rows as read, T2's impossible date as a would-be reject.
    await call('POST', '/api/v1/imports/preview', { form: upload('a.csv', csv, { channel: 'board', source: 'doc-import', mapping: 'text=문의내용' }) });
    await call('POST', '/api/v1/imports/metrics', { form: upload('m.csv', 'day,orders\n2026-11-01,10\n') });
    const chats = 'id,userId,state,description,createdAt,firstOpenedAt,contactMediumType\nct-doc-1,u1,closed,배송 문의,2026-12-03 10:00:00,2026-12-03 10:00:00,native\nct-doc-2,u2,closed,환불,어제,,native\n';
    await call('POST', '/api/v1/imports/vendor', { form: upload('chats.csv', chats, { adapter: 'channeltalk' }) });
    await call('DELETE', '/api/v1/metrics?name=orders&from=2026-11-01&to=2026-11-01');
    await call('GET', `/api/v1/metrics/resolve?name=${encodeURIComponent('주문수')}`);
    await call('GET', '/api/v1/imports');
    await call('GET', `/api/v1/imports/${run.run_id}/rejects.csv`);
    // Taking items back out: the run's undo (preview, then done), chosen items, one customer.
    const undo = (await call('GET', `/api/v1/imports/${run.run_id}/undo`)) as { items_to_delete: number };
    await call('POST', `/api/v1/imports/${run.run_id}/undo`, { body: { expected_count: undo.items_to_delete } });
    await call('POST', '/api/v1/items/delete', { body: { ids: [listed.items.at(-1)!.id], dry_run: true } });
    await call('POST', '/api/v1/items/delete', { body: { filter: { source: 'doc', q: '세금계산서' }, expected_count: 3 } });
    await call('POST', '/api/v1/items', { body: buildItem({ external_id: 'doc-erase', source: 'doc', customer_id: 'M-77', text: '탈퇴하고 싶어요' }) });
    const erasure = (await call('POST', '/api/v1/customers/erase', { body: { customer_id: 'M-77', dry_run: true } })) as { matched: number };
    await call('POST', '/api/v1/customers/erase', { body: { customer_id: 'M-77', expected_count: erasure.matched } });
    // A run in progress (as a CLI import elsewhere would leave it) is asked to stop.
    const [ws] = await db.query<{ id: number }>("SELECT id FROM workspaces WHERE slug = 'default'");
    const [running] = await db.query<{ id: string }>("INSERT INTO import_runs (workspace_id, file_name, format) VALUES ($1, 'big.csv', 'csv') RETURNING id::text AS id", [ws.id]);
    await call('POST', `/api/v1/imports/${running.id}/cancel`);
    await db.query("UPDATE import_runs SET status = 'cancelled' WHERE id = $1", [running.id]);
    await call('POST', '/api/v1/metrics', { body: { metrics: [{ day: '2026-11-02', name: 'orders', value: 1 }] } });
    await call('GET', '/api/v1/metrics');
    await call('GET', '/api/v1/metrics/names');

    await call('GET', '/api/v1/workspaces');
    await call('POST', '/api/v1/workspaces', { body: { slug: 'doc-ws', name: '문서' } });
    // The demo workspace, loaded from the server (a day of it) and deleted again.
    await call('POST', '/api/v1/demo', { body: { days: 1 } });
    await call('POST', '/api/v1/demo/delete', { body: {} });
    await call('GET', '/api/v1/users');
    await call('GET', '/api/v1/audit?limit=5');
    await call('POST', '/api/v1/users', { body: { email: 'doc@sori.test', role: 'viewer', password: '비밀번호-테스트-1234' } });
    await call('PATCH', '/api/v1/users/doc@sori.test', { body: { role: 'operator' } });
    await call('GET', '/api/v1/tokens');
    const token = ((await call('POST', '/api/v1/tokens', { body: { name: 'doc', scopes: ['read'] } })) as { token: { id: number } }).token;
    await call('DELETE', `/api/v1/tokens/${token.id}`);
    const endpoint = (await call('POST', '/api/v1/webhook-endpoints', { body: { adapter: 'generic', source: 'doc-hook' } })) as { endpoint: { url: string }; secret: string };
    await call('GET', '/api/v1/webhook-endpoints');
    const hook = JSON.stringify(buildItem({ external_id: 'doc-hook-1' }));
    const t = Math.floor(Date.now() / 1000);
    const signature = `t=${t},v1=${createHmac('sha256', endpoint.secret).update(`${t}.${hook}`).digest('hex')}`;
    await call('POST', new URL(endpoint.endpoint.url).pathname, { body: hook, headers: { Cookie: '', 'X-Sori-Signature': signature } });
    const [receiver] = await db.query<{ id: number }>("SELECT id FROM webhook_endpoints WHERE source = 'doc-hook'");
    await call('PATCH', `/api/v1/webhook-endpoints/${receiver.id}`, { body: { rotate_secret: true } });
    await call('POST', '/api/v1/auth/password', { body: { current_password: '비밀번호-테스트-1234', new_password: '관리자-새-비밀번호-2026' } });
    await call('POST', '/api/v1/auth/logout', { body: {} });

    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`));
    expect(documented.filter((route) => !checked.has(route))).toEqual([]);
  });
});
