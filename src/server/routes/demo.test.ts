import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { DEMO_TOPICS } from '../../ingest/demo/demo-topics.js';
import type { Db } from '../../store/db.js';
import { ensureWorkspace, findWorkspaceBySlug } from '../../store/queries/workspaces.js';

// Two days of demo data (about 240 items) keep each load to a second or two; the route loads 90 by default.
const DAYS = 2;
const TOPIC_COUNT = DEMO_TOPICS.reduce((n, p) => n + 1 + p.children.length, 0);

describe(`demo workspace API (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;
  let admin: string;

  type Loaded = { workspace: { slug: string; name: string; is_demo: boolean }; items: number; inserted: number; metrics: number; incidents: { name: string; from: string; to: string }[] };
  const post = (path: string, body: unknown, headers: Record<string, string>) =>
    app.request(`/api/v1${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const count = async (sql: string, params: unknown[] = []) => (await db.query<{ n: number }>(sql, params))[0]!.n;
  const demoCounts = async () => {
    const ws = await findWorkspaceBySlug(db, 'demo');
    if (!ws) return null;
    return {
      items: await count('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1', [ws.id]),
      distinct: await count('SELECT count(DISTINCT (source, external_id))::int AS n FROM items WHERE workspace_id = $1', [ws.id]),
      topics: await count('SELECT count(*)::int AS n FROM topics WHERE workspace_id = $1', [ws.id]),
    };
  };
  const audit = (action: string) => db.query<{ actor: string; target: string; detail: Record<string, unknown> }>('SELECT actor, target, detail FROM audit_log WHERE action = $1 ORDER BY id', [action]);

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens, login } = await buildTestApp(db));
    admin = await login('admin');
  });
  afterAll(() => close());

  it('refuses operators, viewers and non-admin tokens before anything is made', async () => {
    const who = { operator: { Cookie: await login('operator') }, viewer: { Cookie: await login('viewer') }, read: { Authorization: `Bearer ${tokens.read}` }, ingest: { Authorization: `Bearer ${tokens.ingest}` } };
    for (const [name, headers] of Object.entries(who)) {
      for (const path of ['/demo', '/demo/delete']) {
        const res = await post(path, path === '/demo' ? { days: DAYS } : {}, headers);
        expect([name, path, res.status]).toEqual([name, path, 403]);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(await res.json()).toMatchObject({ code: 'forbidden' });
      }
    }
    expect(await findWorkspaceBySlug(db, 'demo')).toBeNull();
    // Bad options are a 400 problem, not a load.
    for (const body of [{ days: 0 }, { days: 1.5 }, { days: 4000 }, { seed: -1 }, { workspace: 'demo' }]) {
      const res = await post('/demo', body, { Cookie: admin });
      expect([body, res.status]).toEqual([body, 400]);
    }
    expect(await findWorkspaceBySlug(db, 'demo')).toBeNull();
  });

  it('loads once when clicked twice at once (the second answer is a 409 conflict), and a deletion meanwhile is refused', async () => {
    const [first, second, deletion] = await Promise.all([
      post('/demo', { days: DAYS, seed: 7 }, { Cookie: admin }),
      post('/demo', { days: DAYS, seed: 7 }, { Cookie: admin }),
      post('/demo/delete', {}, { Authorization: `Bearer ${tokens.admin}` }),
    ]);
    const answers = await Promise.all([first, second, deletion].map(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> })));
    const loaded = answers.filter((a) => a.status === 200);
    expect(loaded).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused.map((a) => [a.status, a.body.code, a.body.running])).toEqual([
      [409, 'conflict', 'load'],
      [409, 'conflict', 'load'],
    ]);
    expect(refused.map((a) => a.body.detail)).toEqual([expect.stringContaining('불러오는 중입니다'), expect.stringContaining('불러오는 중입니다')]);

    const r = loaded[0]!.body as unknown as Loaded;
    expect(r.workspace).toMatchObject({ slug: 'demo', is_demo: true, name: '데모: 소리마켓 (가상 데이터)' });
    expect(r.workspace).not.toHaveProperty('pseudonym_key');
    expect(r.items).toBeGreaterThan(100);
    expect(r.inserted).toBe(r.items);
    // Six metrics a day over the window.
    expect(r.metrics).toBeGreaterThanOrEqual(DAYS * 6);
    expect(Array.isArray(r.incidents)).toBe(true);
    expect((await findWorkspaceBySlug(db, 'demo'))?.is_demo).toBe(true);
    expect(await demoCounts()).toEqual({ items: r.items, distinct: r.items, topics: TOPIC_COUNT });
    expect(await audit('workspace.demo_load')).toEqual([{ actor: 'admin@sori.test', target: 'demo', detail: { items: r.items, inserted: r.items, days: DAYS } }]);

    // Loading again (the same data, as a later click would) writes nothing new and duplicates nothing.
    const again = await post('/demo', { days: DAYS, seed: 7 }, { Authorization: `Bearer ${tokens.admin}` });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ items: r.items, inserted: 0 });
    expect(await demoCounts()).toEqual({ items: r.items, distinct: r.items, topics: TOPIC_COUNT });
  });

  it('deletes only demo-marked workspaces, audited; a missing demo is no error', async () => {
    await ensureWorkspace(db, { slug: 'shop', name: '우리 쇼핑몰' });
    for (const slug of ['shop', 'default']) {
      const res = await post('/demo/delete', { workspace: slug }, { Cookie: admin });
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ code: 'conflict', detail: expect.stringContaining(`"${slug}" 워크스페이스는 데모가 아닌 실제 데이터입니다`) });
      expect(await findWorkspaceBySlug(db, slug)).not.toBeNull();
    }
    const missing = await post('/demo/delete', { workspace: 'no-such' }, { Cookie: admin });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'workspace_not_found' });

    const demo = (await findWorkspaceBySlug(db, 'demo'))!;
    expect((await app.request('/api/v1/auth/me?workspace=demo', { headers: { Cookie: admin } })).status).toBe(200);
    const res = await post('/demo/delete', {}, { Cookie: admin });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ workspace: 'demo', deleted: true });
    expect(await findWorkspaceBySlug(db, 'demo')).toBeNull();
    expect(await count('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1', [demo.id])).toBe(0);
    expect(await audit('workspace.delete')).toEqual([{ actor: 'admin@sori.test', target: 'demo', detail: { demo: true } }]);
    // The demo's own pages are gone at once, not after the server's workspace cache runs out.
    const gone = await app.request('/api/v1/auth/me?workspace=demo', { headers: { Cookie: admin } });
    expect(gone.status).toBe(404);

    const twice = await post('/demo/delete', {}, { Cookie: admin });
    expect(twice.status).toBe(200);
    expect(await twice.json()).toEqual({ workspace: 'demo', deleted: false });
  });

  it('never loads into, nor deletes, a team’s own workspace called "demo"', async () => {
    const real = await ensureWorkspace(db, { slug: 'demo', name: '우리 팀 데모 준비' });
    const loading = await post('/demo', { days: DAYS }, { Cookie: admin });
    expect(loading.status).toBe(409);
    expect(await loading.json()).toMatchObject({ code: 'conflict', detail: expect.stringContaining('is not the demo') });
    const deleting = await post('/demo/delete', {}, { Cookie: admin });
    expect(deleting.status).toBe(409);
    expect(await count('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1', [real.id])).toBe(0);
    expect((await findWorkspaceBySlug(db, 'demo'))?.is_demo).toBe(false);
  });
});
