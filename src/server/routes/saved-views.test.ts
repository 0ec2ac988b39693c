import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaders, buildTestApp, callJson, loginAs, loginEachRole, PASSWORD, type TestCaller, type TestRole, type TestTokenScope } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { createApiToken } from '../../auth/api-tokens.js';
import { createUser } from '../../auth/users.js';
import { backupWorkspace, restoreWorkspace } from '../../store/backup.js';
import type { Db } from '../../store/db.js';
import { ensureWorkspace } from '../../store/queries/workspaces.js';

interface ViewAnswer {
  id: string;
  page: string;
  name: string;
  query: string;
  shared: boolean;
  mine: boolean;
  can_change: boolean;
  created_by: string;
}
type Who = TestCaller<TestRole | 'viewer2'>;

describe(`saved views: routes (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<TestTokenScope, string>;
  let cookies: Record<TestRole | 'viewer2', string>;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    let login: (role: TestRole) => Promise<string>;
    ({ app, tokens, login } = await buildTestApp(db));
    await createUser(db, { email: 'viewer2@sori.test', role: 'viewer', password: PASSWORD });
    cookies = { ...(await loginEachRole(login)), viewer2: await loginAs(app, 'viewer2@sori.test') };
  });
  afterAll(() => close());
  let tmp: string;
  beforeAll(async () => void (tmp = await mkdtemp(join(tmpdir(), 'sori-views-'))));
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  type Answer = { view?: ViewAnswer; views?: ViewAnswer[]; detail?: string; code?: string; errors?: { field: string; message: string }[] };
  const call = (who: Who, method: string, path: string, body?: unknown) => callJson<Answer>(app, authHeaders(who, tokens, cookies), method, path, body);
  const names = async (who: Who, page = 'items') => ((await call(who, 'GET', `/saved-views?page=${page}`)).body.views ?? []).map((v) => v.name);

  it('keeps a private view to its owner and a shared one for everyone, with who may change what', async () => {
    const mine = await call('viewer', 'POST', '/saved-views', { page: 'items', name: ' VIP 채팅 중 부정 감정 ', query: '?channel=chat&segment=VIP&sentiment=negative&topic=' });
    expect(mine.status).toBe(201);
    // Trimmed, empty values dropped, `?` gone: the query as the page writes it.
    expect(mine.body.view).toMatchObject({ name: 'VIP 채팅 중 부정 감정', query: 'channel=chat&segment=VIP&sentiment=negative', shared: false, mine: true, can_change: true, created_by: 'viewer@sori.test' });
    // A viewer cannot share; an operator can; a read token has no user to own a private view.
    expect((await call('viewer', 'POST', '/saved-views', { page: 'items', name: '팀 보기', query: '', shared: true })).status).toBe(403);
    expect((await call('token:read', 'POST', '/saved-views', { page: 'items', name: '토큰 보기', query: '' })).status).toBe(403);
    const team = await call('operator', 'POST', '/saved-views', { page: 'items', name: 'SLA 초과 1:1 문의', query: 'channel=board&sla=breached', shared: true });
    expect(team.status).toBe(201);
    expect(team.body.view).toMatchObject({ shared: true, mine: true, can_change: true });

    // The shared view first, then one's own; another viewer sees only the shared one.
    expect(await names('viewer')).toEqual(['SLA 초과 1:1 문의', 'VIP 채팅 중 부정 감정']);
    expect(await names('viewer2')).toEqual(['SLA 초과 1:1 문의']);
    expect(await names('token:read')).toEqual(['SLA 초과 1:1 문의']);
    expect(await names('viewer', 'explore')).toEqual([]);
    const seen = (await call('viewer', 'GET', '/saved-views?page=items')).body.views!;
    expect(seen.find((v) => v.shared)).toMatchObject({ mine: false, can_change: false });

    // Someone else's private view is not there for them (404, not 403); a shared one is 403 but for its creator and admins.
    expect((await call('viewer2', 'PATCH', `/saved-views/${mine.body.view!.id}`, { name: '가로채기' })).status).toBe(404);
    expect((await call('admin', 'DELETE', `/saved-views/${mine.body.view!.id}`)).status).toBe(404);
    expect((await call('viewer', 'PATCH', `/saved-views/${team.body.view!.id}`, { name: '바꾸기' })).status).toBe(403);
    expect((await call('viewer', 'DELETE', `/saved-views/${team.body.view!.id}`)).status).toBe(403);
    const renamed = await call('operator', 'PATCH', `/saved-views/${team.body.view!.id}`, { name: 'SLA 초과 문의', query: 'channel=board,email&sla=breached' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.view).toMatchObject({ name: 'SLA 초과 문의', query: 'channel=board%2Cemail&sla=breached' });
    expect((await call('admin', 'PATCH', `/saved-views/${team.body.view!.id}`, { name: 'SLA 초과 1:1 문의' })).status).toBe(200);

    // One name per owner and page: the same name again is 409; another user may use it privately.
    expect((await call('viewer', 'POST', '/saved-views', { page: 'items', name: 'VIP 채팅 중 부정 감정', query: '' })).status).toBe(409);
    expect((await call('viewer2', 'POST', '/saved-views', { page: 'items', name: 'VIP 채팅 중 부정 감정', query: 'segment=VIP' })).status).toBe(201);
    const other = await call('viewer', 'POST', '/saved-views', { page: 'items', name: '배송 토픽', query: 'q=배송' });
    expect((await call('viewer', 'PATCH', `/saved-views/${other.body.view!.id}`, { name: 'VIP 채팅 중 부정 감정' })).status).toBe(409);

    // Each change audited.
    const audit = await db.query<{ actor: string; action: string }>("SELECT actor, action FROM audit_log WHERE action LIKE 'saved_views.%' ORDER BY id");
    expect(audit.map((a) => `${a.actor} ${a.action}`)).toEqual([
      'viewer@sori.test saved_views.create',
      'operator@sori.test saved_views.create',
      'operator@sori.test saved_views.update',
      'admin@sori.test saved_views.update',
      'viewer2@sori.test saved_views.create',
      'viewer@sori.test saved_views.create',
    ]);

    expect((await call('viewer', 'DELETE', `/saved-views/${other.body.view!.id}`)).status).toBe(204);
    expect((await call('viewer', 'DELETE', `/saved-views/${other.body.view!.id}`)).status).toBe(404);
    expect((await call('admin', 'DELETE', `/saved-views/${team.body.view!.id}`)).status).toBe(204);
    expect(await names('viewer')).toEqual(['VIP 채팅 중 부정 감정']);
  });

  it('stores only keys and values the page’s filters take, with Korean and English reasons', async () => {
    const refused = async (page: string, query: string, field: string) => {
      const r = await call('viewer', 'POST', '/saved-views', { page, name: '잘못된 보기', query });
      expect(r.status, query).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect(r.body.errors?.map((e) => e.field), query).toContain(field);
      return r.body;
    };
    const junk = await refused('items', 'channel=chat&evil=<script>', 'query.evil');
    expect(junk.detail).toContain('이 화면의 필터가 아닙니다');
    expect(junk.detail).toContain('not a filter of this page');
    await refused('items', 'channel=fax', 'query.channel');
    await refused('items', 'from=2026-02-30', 'query.from');
    await refused('items', 'sla=late', 'query.sla');
    await refused('items', 'channel=chat&channel=board', 'query.channel');
    // Explore's keys are its own: a range preset and chart style, but not the list's search.
    await refused('explore', 'q=환불', 'query.q');
    await refused('explore', 'range=30', 'query.range');
    await refused('explore', 'granularity=hour', 'query.granularity');
    // One customer's items (the list's customer box): a member number as the customer gave it, or their reference.
    const customer = await call('viewer', 'POST', '/saved-views', { page: 'items', name: '회원 M10000050 문의', query: 'customer=%20M10000050%20&channel=chat' });
    expect(customer.status).toBe(201);
    expect(customer.body.view!.query).toBe('customer=M10000050&channel=chat');
    expect((await call('viewer', 'POST', '/saved-views', { page: 'items', name: '고객 참조', query: 'customer=c_v3YxCC7pC7-sljR2' })).body.view?.query).toBe('customer=c_v3YxCC7pC7-sljR2');
    await refused('items', `customer=${'M'.repeat(101)}`, 'query.customer');
    await refused('explore', 'customer=M10000050', 'query.customer');
    const explore = await call('viewer', 'POST', '/saved-views', { page: 'explore', name: '토픽별 주간', query: 'range=90&by=topic&granularity=week&chart=stacked&sentiment=negative' });
    expect(explore.status).toBe(201);
    expect(explore.body.view!.query).toBe('range=90&by=topic&granularity=week&chart=stacked&sentiment=negative');
    // Name and page checked too.
    expect((await call('viewer', 'POST', '/saved-views', { page: 'items', name: '   ', query: '' })).body.errors?.[0]?.message).toContain('이름을 입력하세요');
    expect((await call('viewer', 'POST', '/saved-views', { page: 'items', name: '가'.repeat(81), query: '' })).status).toBe(400);
    expect((await call('viewer', 'POST', '/saved-views', { page: 'overview', name: '개요', query: '' })).status).toBe(400);
    expect((await call('viewer', 'GET', '/saved-views?page=overview')).status).toBe(400);
    // A change of query is checked against the view's page.
    expect((await call('viewer', 'PATCH', `/saved-views/${explore.body.view!.id}`, { query: 'sla=breached' })).status).toBe(400);
    expect((await call('viewer', 'PATCH', `/saved-views/${explore.body.view!.id}`, {})).status).toBe(400);
  });

  it('keeps views to their workspace and deletes a user’s private views with the user', async () => {
    const ws = await ensureWorkspace(db, { slug: 'views-busan', name: '부산 지사' });
    const bearer = (await createApiToken(db, { workspaceId: ws.id, name: 'admin', scopes: ['read', 'admin'] }, 'test')).secret;
    const theirs = await call({ bearer }, 'POST', '/saved-views', { page: 'items', name: '부산 배송 지연', query: 'q=배송 지연', shared: true });
    expect(theirs.status).toBe(201);
    expect(theirs.body.view).toMatchObject({ shared: true, created_by: expect.stringMatching(/^token:/) });
    // Not listed in the default workspace, and not found there to change or delete.
    expect(await names('admin')).not.toContain('부산 배송 지연');
    expect((await call('admin', 'PATCH', `/saved-views/${theirs.body.view!.id}`, { name: '가져가기' })).status).toBe(404);
    expect((await call('token:admin', 'DELETE', `/saved-views/${theirs.body.view!.id}`)).status).toBe(404);
    expect(await names({ bearer })).toEqual(['부산 배송 지연']);

    const before = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM saved_views v JOIN users u ON u.id = v.owner_user_id WHERE u.email = 'viewer2@sori.test'");
    expect(before[0]!.n).toBe(1);
    await db.query("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = 'viewer2@sori.test')");
    await db.query("DELETE FROM users WHERE email = 'viewer2@sori.test'");
    const left = await db.query<{ name: string }>("SELECT name FROM saved_views WHERE name = 'VIP 채팅 중 부정 감정' ORDER BY id");
    expect(left.map((r) => r.name)).toEqual(['VIP 채팅 중 부정 감정']); // viewer's own stays
  });

  it('carries views through a backup and restore, owners and creators by e-mail', async () => {
    const ws = await ensureWorkspace(db, { slug: 'views-backup', name: '백업 보기' });
    const q = (who: Who, path: string) => (path.includes('?') ? `${path}&workspace=views-backup` : `${path}?workspace=views-backup`);
    const save = (who: Who, body: object) => call(who, 'POST', q(who, '/saved-views'), body);
    expect((await save('operator', { page: 'items', name: '팀: 배송 불만', query: 'q=배송&sentiment=negative', shared: true })).status).toBe(201);
    expect((await save('viewer', { page: 'explore', name: '내 주간 추이', query: 'granularity=week&range=90' })).status).toBe(201);
    // A private view of a user this installation will not have after the restore: left out.
    await createUser(db, { email: 'leaver@sori.test', role: 'viewer', password: '비밀번호-테스트-1234' });
    await db.query(
      "INSERT INTO saved_views (workspace_id, owner_user_id, page, name, query, created_by, created_by_user_id) SELECT $1, id, 'items', '퇴사자 보기', '', email, id FROM users WHERE email = 'leaver@sori.test'",
      [ws.id],
    );
    const file = join(tmp, 'views.sori.gz');
    expect((await backupWorkspace(db, 'views-backup', file)).saved_views).toBe(3);
    await db.query("DELETE FROM users WHERE email = 'leaver@sori.test'");
    const restored = await restoreWorkspace(db, file, 'views-backup-copy');
    expect(restored.counts.saved_views).toBe(2);
    const read = (id: number) =>
      db.query(
        `SELECT v.page, v.name, v.query, o.email AS owner, c.email AS creator, v.created_by, v.created_at FROM saved_views v
         LEFT JOIN users o ON o.id = v.owner_user_id LEFT JOIN users c ON c.id = v.created_by_user_id WHERE v.workspace_id = $1 ORDER BY v.name`,
        [id],
      );
    const copy = await read(restored.workspace.id);
    expect(copy).toEqual(await read(ws.id));
    expect(copy.map((r) => [r.name, r.owner, r.creator])).toEqual([
      ['내 주간 추이', 'viewer@sori.test', 'viewer@sori.test'],
      ['팀: 배송 불만', null, 'operator@sori.test'],
    ]);
  });
});
