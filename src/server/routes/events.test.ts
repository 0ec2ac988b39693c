import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, buildTestApp, callJson, loginEachRole, type TestCaller, type TestRole, type TestTokenScope } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { createApiToken } from '../../auth/api-tokens.js';
import { deleteDemoWorkspace, loadDemoWorkspace } from '../../ingest/demo/load-demo.js';
import { backupWorkspace, restoreWorkspace } from '../../store/backup.js';
import type { Db } from '../../store/db.js';
import { ensureWorkspace } from '../../store/queries/workspaces.js';

interface EventAnswer {
  id: string;
  kind: string;
  title: string;
  note: string | null;
  starts_at: string;
  ends_at: string | null;
  all_day: boolean;
  start_day: string;
  end_day: string;
  created_by: string;
}

describe(`events on the charts: routes, demo, backup (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<TestTokenScope, string>;
  let cookies: Record<TestRole, string>;
  let tmp: string;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    let login: (role: TestRole) => Promise<string>;
    ({ app, tokens, login } = await buildTestApp(db));
    cookies = await loginEachRole(login);
    tmp = await mkdtemp(join(tmpdir(), 'sori-events-'));
  });
  afterAll(async () => {
    await close();
    await rm(tmp, { recursive: true, force: true });
  });

  type Answer = { event?: EventAnswer; events?: EventAnswer[]; detail?: string; code?: string; errors?: { field: string | null; message: string }[] };
  const call = (who: TestCaller<TestRole>, method: string, path: string, body?: unknown) => callJson<Answer>(app, authHeaders(who, tokens, cookies), method, path, body);

  it('lets operators and admins keep events and everyone who reads list them, each change audited', async () => {
    const made = await call('operator', 'POST', '/events', { kind: 'incident', title: ' 앱 로그인 장애 ', note: '5.13.1 핫픽스로 해결', starts_at: '2026-11-03T09:40:00+09:00', ends_at: '2026-11-04T15:20:00+09:00' });
    expect(made.status).toBe(201);
    expect(made.body.event).toMatchObject({
      kind: 'incident',
      title: '앱 로그인 장애',
      note: '5.13.1 핫픽스로 해결',
      starts_at: '2026-11-03T00:40:00.000Z',
      ends_at: '2026-11-04T06:20:00.000Z',
      all_day: false,
      start_day: '2026-11-03',
      end_day: '2026-11-04',
      created_by: 'operator@sori.test',
    });
    const id = made.body.event!.id;

    // Viewers and read tokens read; they, and an ingest token, change nothing.
    for (const who of ['viewer', 'token:read'] as const) {
      const listed = await call(who, 'GET', '/events?from=2026-11-01&to=2026-11-30');
      expect(listed.status, who).toBe(200);
      expect(listed.body.events!.map((e) => e.id)).toEqual([id]);
    }
    for (const who of ['viewer', 'token:read', 'token:ingest'] as const) {
      expect((await call(who, 'POST', '/events', { kind: 'release', title: '배포', starts_at: '2026-11-05' })).status, who).toBe(403);
      expect((await call(who, 'PUT', `/events/${id}`, { kind: 'release', title: '배포', starts_at: '2026-11-05' })).status, who).toBe(403);
      expect((await call(who, 'DELETE', `/events/${id}`)).status, who).toBe(403);
    }

    const changed = await call('admin', 'PUT', `/events/${id}`, { kind: 'release', title: '앱 5.13.0 배포', starts_at: '2026-11-03T09:00:00+09:00' });
    expect(changed.status).toBe(200);
    expect(changed.body.event).toMatchObject({ kind: 'release', title: '앱 5.13.0 배포', note: null, ends_at: null, start_day: '2026-11-03', end_day: '2026-11-03' });
    const viaToken = await call('token:admin', 'POST', '/events', { kind: 'campaign', title: '블랙프라이데이', starts_at: '2026-11-20', ends_at: '2026-11-22' });
    expect(viaToken.status).toBe(201);
    expect((await call('operator', 'DELETE', `/events/${viaToken.body.event!.id}`)).status).toBe(204);
    expect((await call('operator', 'DELETE', `/events/${viaToken.body.event!.id}`)).status).toBe(404);

    const audit = await db.query<{ actor: string; action: string; detail: { id: string } }>("SELECT actor, action, detail FROM audit_log WHERE action LIKE 'events.%' ORDER BY id");
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['operator@sori.test', 'events.create'],
      ['admin@sori.test', 'events.update'],
      [expect.stringMatching(/^token:\d+$/), 'events.create'],
      ['operator@sori.test', 'events.delete'],
    ]);
    expect(audit[1]!.detail.id).toBe(id);
    await call('admin', 'DELETE', `/events/${id}`);
  });

  it('refuses an event that ends before it starts, a title empty or too long, an unknown kind, in Korean and English', async () => {
    const refused = async (body: Record<string, unknown>, field: string, words: RegExp) => {
      const res = await call('operator', 'POST', '/events', { kind: 'incident', title: '장애', starts_at: '2026-11-03', ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = res.body.errors!.find((e) => e.field === field);
      expect(error?.message, JSON.stringify(res.body)).toMatch(words);
      expect(error!.message).toMatch(/[가-힣]/);
      expect(error!.message).toMatch(/[a-z]/);
    };
    await refused({ ends_at: '2026-11-02' }, 'ends_at', /ends before it starts \/ 종료가 시작보다 앞섭니다/);
    await refused({ starts_at: '2026-11-03T10:00:00+09:00', ends_at: '2026-11-03T09:59:00+09:00' }, 'ends_at', /종료가 시작보다 앞섭니다/);
    await refused({ ends_at: '2026-11-04T10:00:00+09:00' }, 'ends_at', /같은 형식/);
    await refused({ title: '   ' }, 'title', /give a title \/ 제목을 입력하세요/);
    await refused({ title: '가'.repeat(201) }, 'title', /200자 이하/);
    await refused({ kind: 'outage' }, 'kind', /장애.*배포.*프로모션.*정책 변경.*기타/);
    await refused({ starts_at: '2026-11-03 09:00' }, 'starts_at', /시차가 붙은 시각/);
    await refused({ starts_at: '2026-02-30' }, 'starts_at', /YYYY-MM-DD/);
    expect((await call('operator', 'POST', '/events', { kind: 'incident', title: '장애', starts_at: '2026-11-03', colour: 'red' })).status).toBe(400);
    expect(await db.query('SELECT 1 FROM workspace_events')).toEqual([]);
    // The same kind and title starting at the same time is one event: a form sent twice.
    expect((await call('operator', 'POST', '/events', { kind: 'incident', title: '장애', starts_at: '2026-11-03' })).status).toBe(201);
    const twice = await call('operator', 'POST', '/events', { kind: 'incident', title: '장애', starts_at: '2026-11-03' });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toMatch(/이미 있습니다/);
    await db.query('DELETE FROM workspace_events');
  });

  it('stores an all-day event as its local days in the workspace zone and lists what overlaps a range', async () => {
    const la = await ensureWorkspace(db, { slug: 'la-events', name: 'LA 지사', timezone: 'America/Los_Angeles' });
    const bearer = (await createApiToken(db, { workspaceId: la.id, name: 'admin', scopes: ['read', 'admin'] }, 'test')).secret;
    const made = await call({ bearer }, 'POST', '/events', { kind: 'policy', title: '반품 정책 변경', starts_at: '2026-11-10', ends_at: '2026-11-12' });
    expect(made.body.event).toMatchObject({ all_day: true, starts_at: '2026-11-10T08:00:00.000Z', ends_at: '2026-11-13T08:00:00.000Z', start_day: '2026-11-10', end_day: '2026-11-12' });
    await call({ bearer }, 'POST', '/events', { kind: 'other', title: '<img src=x onerror=alert(1)>', starts_at: '2026-11-20T23:30:00-08:00' });
    const days = async (from: string, to: string) => ((await call({ bearer }, 'GET', `/events?from=${from}&to=${to}`)).body.events ?? []).map((e) => e.title);
    expect(await days('2026-11-01', '2026-11-09')).toEqual([]);
    expect(await days('2026-11-12', '2026-11-12')).toEqual(['반품 정책 변경']);
    expect(await days('2026-11-13', '2026-11-20')).toEqual(['<img src=x onerror=alert(1)>']);
    expect(await days('2026-11-21', '2026-11-30')).toEqual([]);
    // The default workspace sees none of these; an event of another workspace is not found there.
    expect((await call('viewer', 'GET', '/events?from=2026-11-01&to=2026-11-30')).body.events).toEqual([]);
    expect((await call('admin', 'DELETE', `/events/${made.body.event!.id}`)).status).toBe(404);
    expect((await call({ bearer }, 'GET', '/events?from=2026-11-30&to=2026-11-01')).status).toBe(400);
    // Without days: the 90 up to today in the workspace's zone.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(new Date());
    const defaults = (await call({ bearer }, 'GET', '/events')) as unknown as { body: { range: { from: string; to: string } } };
    expect(defaults.body.range.to).toBe(today);
    expect((Date.parse(defaults.body.range.to) - Date.parse(defaults.body.range.from)) / 86_400_000).toBe(89);
  });

  it('marks the demo’s embedded incidents, replaces them on a reload, and deletes them with the demo', async () => {
    const endDate = new Date('2026-11-30T12:00:00+09:00');
    const { workspace } = await loadDemoWorkspace(db, { days: 25, endDate });
    await loadDemoWorkspace(db, { days: 25, endDate });
    const events = await db.query<{ kind: string; title: string; starts_at: Date; ends_at: Date }>('SELECT kind, title, starts_at, ends_at FROM workspace_events WHERE workspace_id = $1 ORDER BY starts_at', [workspace.id]);
    expect(events.map((e) => [e.kind, e.title])).toEqual([
      ['incident', '앱 5.13.0 로그인 장애'],
      ['policy', '쿠폰 중복 사용 제한 정책 변경'],
    ]);
    for (const e of events) expect(e.ends_at.getTime()).toBeGreaterThan(e.starts_at.getTime());
    await deleteDemoWorkspace(db, 'demo', 'test');
    expect(await db.query('SELECT 1 FROM workspace_events WHERE workspace_id = $1', [workspace.id])).toEqual([]);
  }, 180_000);

  it('carries the events through a backup and restore', async () => {
    const ws = await ensureWorkspace(db, { slug: 'backup-events', name: '백업 이벤트' });
    const bearer = (await createApiToken(db, { workspaceId: ws.id, name: 'admin', scopes: ['read', 'admin'] }, 'test')).secret;
    await call({ bearer }, 'POST', '/events', { kind: 'campaign', title: '11월 쿠폰 프로모션', note: '전 회원 10% 쿠폰', starts_at: '2026-11-01', ends_at: '2026-11-07' });
    await call({ bearer }, 'POST', '/events', { kind: 'release', title: '앱 5.14.0 배포', starts_at: '2026-11-05T14:00:00+09:00' });
    const file = join(tmp, 'events.sori.gz');
    const counts = await backupWorkspace(db, 'backup-events', file);
    expect(counts.workspace_events).toBe(2);
    const restored = await restoreWorkspace(db, file, 'backup-events-copy');
    expect(restored.counts.workspace_events).toBe(2);
    const read = (id: number) =>
      db.query('SELECT kind, title, note, starts_at, ends_at, all_day, created_by, created_at FROM workspace_events WHERE workspace_id = $1 ORDER BY starts_at', [id]);
    const copy = await read(restored.workspace.id);
    expect(copy).toEqual(await read(ws.id));
    expect(copy).toHaveLength(2);
  });
});
