import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { createApiToken } from '../../auth/api-tokens.js';
import type { Db } from '../../store/db.js';
import { ensureWorkspace } from '../../store/queries/workspaces.js';

// What the dashboard's "rate against" choice reads: the workspace's metric names, not every day's number.
describe(`GET /metrics/names (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
  const get = async (path: string, headers: Record<string, string> = bearer(tokens.read)) => {
    const res = await app.request(`/api/v1${path}`, { headers });
    return { status: res.status, body: (await res.json()) as any };
  };
  const upload = async (token: string, metrics: { day: string; name: string; value: number }[]) => {
    const res = await app.request('/api/v1/metrics', { method: 'POST', headers: bearer(token), body: JSON.stringify({ metrics }) });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens, login } = await buildTestApp(db));
  });
  afterAll(() => close());

  it('answers an empty list before any number is uploaded', async () => {
    expect(await get('/metrics/names')).toEqual({ status: 200, body: { metrics: [] } });
  });

  it('lists each name once with its days, first and last day, aggregation and default per; other workspaces’ names stay out', async () => {
    await upload(tokens.ingest, [
      { day: '2026-11-01', name: '주문수', value: 1200 },
      { day: '2026-11-03', name: 'orders', value: 1250 },
      { day: '2026-11-02', name: 'orders', value: 1300 },
      { day: '2026-11-01', name: 'DAU', value: 8000 },
      { day: '2026-11-01', name: '활성사용자수', value: 52000 },
      { day: '2026-11-02', name: '활성사용자수', value: 52400 },
      { day: '2026-11-02', name: '재구매수', value: 310 },
      { day: '2026-11-02', name: '앱 설치 수', value: 95 },
      { day: '2026-11-02', name: '방문자수', value: 41000 },
    ]);
    const other = await ensureWorkspace(db, { slug: 'other', name: '다른 워크스페이스' });
    const otherToken = (await createApiToken(db, { workspaceId: other.id, name: 'other', scopes: ['ingest', 'read'] }, 'test')).secret;
    await upload(otherToken, [{ day: '2026-11-01', name: '멤버십회원수', value: 900 }]);

    const { status, body } = await get('/metrics/names');
    expect(status).toBe(200);
    expect(body.metrics).toEqual([
      { name: 'dau', days: 1, first_day: '2026-11-01', last_day: '2026-11-01', aggregation: 'mean', metric_unit: 'people', per: 1000 },
      { name: 'orders', days: 3, first_day: '2026-11-01', last_day: '2026-11-03', aggregation: 'sum', metric_unit: 'count', per: 100 },
      { name: '방문자수', days: 1, first_day: '2026-11-02', last_day: '2026-11-02', aggregation: 'sum', metric_unit: 'people', per: 1000 },
      { name: '앱_설치_수', days: 1, first_day: '2026-11-02', last_day: '2026-11-02', aggregation: 'sum', metric_unit: 'count', per: 100 },
      { name: '재구매수', days: 1, first_day: '2026-11-02', last_day: '2026-11-02', aggregation: 'sum', metric_unit: 'count', per: 100 },
      { name: '활성사용자수', days: 2, first_day: '2026-11-01', last_day: '2026-11-02', aggregation: 'mean', metric_unit: 'people', per: 1000 },
    ]);
    expect((await get('/metrics/names', bearer(otherToken))).body.metrics.map((m: { name: string }) => m.name)).toEqual(['멤버십회원수']);
    // A signed-in viewer reads it too (every principal is in access.test.ts).
    expect((await get('/metrics/names', { Cookie: await login('viewer') })).body.metrics).toHaveLength(6);
  });

  it('says money metrics are counted per 1,000,000 won: revenue (매출 as uploaded) and 결제금액, but not 매출건수', async () => {
    await upload(tokens.ingest, [
      { day: '2026-11-02', name: '매출', value: 182_000_000 },
      { day: '2026-11-02', name: '결제금액', value: 175_500_000 },
      { day: '2026-11-02', name: '매출건수', value: 5200 },
    ]);
    const { body } = await get('/metrics/names');
    const byName = new Map(body.metrics.map((m: { name: string }) => [m.name, m]));
    expect(byName.get('revenue')).toMatchObject({ aggregation: 'sum', metric_unit: 'money', per: 1_000_000 });
    expect(byName.get('결제금액')).toMatchObject({ aggregation: 'sum', metric_unit: 'money', per: 1_000_000 });
    expect(byName.get('매출건수')).toMatchObject({ aggregation: 'sum', metric_unit: 'count', per: 100 });
    const doc = (await get('/openapi.json', {})).body;
    expect(doc.paths['/api/v1/metrics/names'].get.summary).toContain('metric_unit');
  });

  it('POST /metrics refuses a day after tomorrow item by item (207, code future_day) and stores the rest', async () => {
    const res = await app.request('/api/v1/metrics', {
      method: 'POST',
      headers: bearer(tokens.ingest),
      body: JSON.stringify({ metrics: [{ day: '2026-10-01', name: 'orders', value: 310 }, { day: '2199-10-01', name: 'orders', value: 320 }] }),
    });
    expect(res.status).toBe(207);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ received: 2, upserted: 1, rejected: 1, errors: [{ index: 1, field: 'day', code: 'future_day' }] });
    expect(body.errors[0].message).toMatch(/2199-10-01 is after tomorrow.*내일보다 뒤/);
    expect((await get('/metrics?name=orders&from=2026-10-01&to=2026-10-01')).body.metrics).toHaveLength(1);
    expect((await get('/metrics?name=orders&from=2199-10-01&to=2199-10-01')).body.metrics).toEqual([]);
  });

  it('is in the OpenAPI document with read access', async () => {
    const doc = (await get('/openapi.json', {})).body;
    expect(doc.paths['/api/v1/metrics/names'].get['x-sori-access']).toBe('read');
  });

  // What the dashboard shows for a chosen metric without numbers in the range: a rate that says so.
  it('a named metric without numbers in the range answers a contact rate of no covered days', async () => {
    const { status, body } = await get(`/insights/overview?from=2026-11-10&to=2026-11-16&metric=${encodeURIComponent('활성사용자수')}`);
    expect(status).toBe(200);
    expect(body.contact_rate).toMatchObject({ metric: '활성사용자수', aggregation: 'mean', metric_unit: 'people', per: 1000, current: null, covered_days: { current: 0, of: 7 } });
  });

  it('POST /metrics refuses a day and metric given again with another value, item by item as POST /items does; the same value again is stored once', async () => {
    const post = (metrics: unknown[]) => app.request('/api/v1/metrics', { method: 'POST', headers: bearer(tokens.ingest), body: JSON.stringify({ metrics }) });
    const clash = await post([
      { day: '2026-10-06', name: 'orders', value: 10 },
      { day: '2026-10-06', name: 'mau', value: 500 },
      { day: '2026-10-06', name: '주문수', value: 20 }, // orders again, named in Korean
      { day: '2026-10-06', name: 'mau', value: 500 },
    ]);
    expect(clash.status).toBe(207);
    expect(await clash.json()).toEqual({
      received: 4, upserted: 2, repeated: 1, rejected: 1,
      errors: [{ index: 2, field: 'value', code: 'conflicting_repeat', clashes_with: 0, message: expect.stringMatching(/^2026-10-06 is already given on metrics\[0\] as 10, here 20: .+ \/ .*같은 날 같은 지표는/) }],
    });
    expect((await get('/metrics?from=2026-10-06&to=2026-10-06')).body.metrics).toEqual([
      { day: '2026-10-06', name: 'mau', value: 500 },
      { day: '2026-10-06', name: 'orders', value: 10 },
    ]);
    const clean = await post([{ day: '2026-10-07', name: 'orders', value: 11 }]);
    expect([clean.status, await clean.json()]).toEqual([200, { received: 1, upserted: 1, repeated: 0, rejected: 0, errors: [] }]);
    const doc = (await get('/openapi.json')).body;
    expect(Object.keys(doc.paths['/api/v1/metrics'].post.responses)).toEqual(expect.arrayContaining(['200', '207']));
  });
});

// A number entered by mistake (or a metric no longer kept) can be taken back: the day is then missing to the rates.
describe(`DELETE /metrics (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await app.request(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const stored = async () => (await call('GET', '/metrics', bearer(tokens.read))).body.metrics.map((m: { day: string; name: string; value: number }) => `${m.name} ${m.day} ${m.value}`);

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens, login } = await buildTestApp(db));
    const metrics = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'].flatMap((day, i) => [
      { day, name: '주문수', value: 1000 + i },
      { day, name: '재구매수', value: 100 + i },
    ]);
    expect((await call('POST', '/metrics', bearer(tokens.ingest), { metrics })).status).toBe(200);
  });
  afterAll(() => close());

  it('removes the named metric’s days in the range only, answers the count and writes the audit log', async () => {
    const cookie = { Cookie: await login('operator') };
    const res = await call('DELETE', `/metrics?name=${encodeURIComponent('주문수')}&from=2026-11-02&to=2026-11-03`, cookie);
    expect(res).toEqual({ status: 200, body: { deleted: 2 } });
    expect(await stored()).toEqual(['orders 2026-11-01 1000', 'orders 2026-11-04 1003', '재구매수 2026-11-01 100', '재구매수 2026-11-02 101', '재구매수 2026-11-03 102', '재구매수 2026-11-04 103']);
    const [audit] = await db.query<{ actor: string; action: string; detail: Record<string, unknown> }>("SELECT actor, action, detail FROM audit_log WHERE action = 'metrics.delete' ORDER BY id DESC LIMIT 1");
    expect(audit).toMatchObject({ action: 'metrics.delete', detail: { names: ['orders'], from: '2026-11-02', to: '2026-11-03', deleted: 2 } });
    expect(audit.actor).toMatch(/operator/);
    // The day is now missing to a rate, not a zero.
    const overview = await call('GET', '/insights/overview?from=2026-11-01&to=2026-11-04&metric=orders', bearer(tokens.read));
    expect(overview.body.contact_rate.covered_days).toMatchObject({ current: 2, of: 4 });
  });

  it('without a range removes every day of the metric; nothing stored answers 0', async () => {
    expect(await call('DELETE', '/metrics?name=재구매수', bearer(tokens.ingest))).toEqual({ status: 200, body: { deleted: 4 } });
    expect(await call('DELETE', '/metrics?name=재구매수', bearer(tokens.ingest))).toEqual({ status: 200, body: { deleted: 0 } });
    expect(await stored()).toEqual(['orders 2026-11-01 1000', 'orders 2026-11-04 1003']);
  });

  it('needs a name and a range in order; viewers and read tokens cannot delete', async () => {
    const missing = await call('DELETE', '/metrics?from=2026-11-01', bearer(tokens.ingest));
    expect([missing.status, missing.body.code]).toEqual([400, 'validation_failed']);
    const empty = await call('DELETE', '/metrics?name=,', bearer(tokens.ingest));
    expect(empty.status).toBe(400);
    const reversed = await call('DELETE', '/metrics?name=orders&from=2026-11-04&to=2026-11-01', bearer(tokens.ingest));
    expect(reversed.status).toBe(400);
    expect(JSON.stringify(reversed.body)).toContain('to is before from');
    expect((await call('DELETE', '/metrics?name=orders', bearer(tokens.read))).status).toBe(403);
    expect((await call('DELETE', '/metrics?name=orders', { Cookie: await login('viewer') })).status).toBe(403);
    expect(await stored()).toEqual(['orders 2026-11-01 1000', 'orders 2026-11-04 1003']);
    const doc = (await call('GET', '/openapi.json', {})).body;
    expect(doc.paths['/api/v1/metrics'].delete['x-sori-access']).toBe('ingest');
  });

  it('leaves another workspace’s numbers alone', async () => {
    const other = await ensureWorkspace(db, { slug: 'other-del', name: '다른 곳' });
    const otherToken = (await createApiToken(db, { workspaceId: other.id, name: 'other', scopes: ['ingest', 'read'] }, 'test')).secret;
    expect((await call('POST', '/metrics', bearer(otherToken), { metrics: [{ day: '2026-11-01', name: 'orders', value: 7 }] })).status).toBe(200);
    expect(await call('DELETE', '/metrics?name=orders', bearer(tokens.ingest))).toEqual({ status: 200, body: { deleted: 2 } });
    expect((await call('GET', '/metrics', bearer(otherToken))).body.metrics).toEqual([{ day: '2026-11-01', name: 'orders', value: 7 }]);
  });
});

describe(`GET /metrics/resolve (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens } = await buildTestApp(db));
  });
  afterAll(() => close());

  it('answers the name a number is stored under, as POST /metrics reads it; a name nothing can be stored under is a 400', async () => {
    const resolve = async (name: string) => {
      const res = await app.request(`/api/v1/metrics/resolve?name=${encodeURIComponent(name)}`, { headers: { Authorization: `Bearer ${tokens.read}` } });
      return { status: res.status, body: (await res.json()) as any };
    };
    expect(await resolve('주문수')).toEqual({ status: 200, body: { name: 'orders' } });
    expect(await resolve('주문수(건)')).toEqual({ status: 200, body: { name: 'orders' } });
    expect(await resolve('MAU')).toEqual({ status: 200, body: { name: 'mau' } });
    expect(await resolve('앱 설치 수')).toEqual({ status: 200, body: { name: '앱_설치_수' } });
    expect(await resolve('App Installs')).toEqual({ status: 200, body: { name: 'app_installs' } });
    expect((await resolve('ㅋㅋ!')).status).toBe(400);
  });
});
