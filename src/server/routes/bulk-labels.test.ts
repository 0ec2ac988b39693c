import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { pendingCorrections } from '../../labels/auto-train.js';
import type { Db } from '../../store/db.js';
import { ensureWorkspace } from '../../store/queries/workspaces.js';
import { ingestItems } from '../../ingest/pipeline.js';

// POST /items/labels: one correction to many items (selected ones, or every item a filter matches).
describe(`bulk label corrections (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let operator: string;
  let viewer: string;
  let wsId: number;
  const topics: Record<string, string> = {};

  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const send = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    app.request(path, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const bulk = (body: unknown, headers: Record<string, string> = { Cookie: operator }) => send('POST', '/api/v1/items/labels', body, headers);

  const texts: Record<string, string> = {
    'b-1': '환불 요청드립니다. 주문 취소했는데 아직 환불이 안 됐어요',
    'b-2': '환불은 언제 되나요? 카드 취소 확인이 안 됩니다',
    'b-3': '부분환불 가능한가요',
    'b-4': '앱이 자꾸 꺼져요. 업데이트 후에 로그인이 안 돼요',
    'b-5': '배송이 너무 늦어요. 일주일째 안 와요',
  };
  const items = async (): Promise<Record<string, { id: string; topic_id: string | null; type: string | null; sentiment: string | null; locked_labels: string[] }>> => {
    const res = await app.request('/api/v1/items?limit=100', { headers: bearer(tokens.read) });
    const body = (await res.json()) as { items: { external_id: string; id: string; topic_id: string | null; type: string | null; sentiment: string | null; locked_labels: string[] }[] };
    return Object.fromEntries(body.items.map((i) => [i.external_id, i]));
  };
  const topicCounts = async (topicId: string) => {
    const [row] = await db.query<{ n: number }>('SELECT coalesce(sum(items), 0)::int AS n FROM item_daily_counts WHERE workspace_id = $1 AND topic_id = $2::bigint', [wsId, topicId]);
    return row.n;
  };

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;
    // No automatic retraining in the background of these tests (pendingCorrections shows what would train).
    ({ app, tokens, login } = await buildTestApp(db, { env: { SORI_RETRAIN_AFTER_CORRECTIONS: '0' } }));
    operator = await login('operator');
    viewer = await login('viewer');
    wsId = (await ensureWorkspace(db, { slug: 'default', name: '기본 워크스페이스' })).id;
    for (const name of ['환불', '앱 오류']) {
      const res = await send('POST', '/api/v1/topics', { name }, bearer(tokens.admin));
      topics[name] = ((await res.json()) as { topic: { id: string } }).topic.id;
    }
    const res = await send(
      'POST',
      '/api/v1/items',
      { items: Object.entries(texts).map(([external_id, text]) => buildItem({ external_id, text, created_at: '2026-11-20T10:00:00+09:00' })) },
      bearer(tokens.ingest),
    );
    expect(res.status).toBe(200);
  });
  afterAll(() => close());

  it('corrects the selected items, records and locks each change, moves the rollups; ids of no item are named', async () => {
    const before = await items();
    // b-3 already has the topic: it is matched, not changed, and gets no correction row.
    expect((await send('PATCH', `/api/v1/items/${before['b-3'].id}/labels`, { topic_id: topics['환불'] }, { Cookie: operator })).status).toBe(200);
    const rollupBefore = await topicCounts(topics['환불']);
    expect(rollupBefore).toBe(1);

    const other = await ensureWorkspace(db, { slug: 'other', name: '다른 곳' });
    await ingestItems(db, other, [buildItem({ external_id: 'x-1', text: '다른 워크스페이스의 환불 문의' })]);
    const [foreign] = await db.query<{ id: string }>('SELECT id::text AS id FROM items WHERE workspace_id = $1', [other.id]);
    const ids = [before['b-1'].id, before['b-2'].id, before['b-3'].id, before['b-1'].id, foreign.id, '999999999'];
    const res = await bulk({ ids, topic_id: topics['환불'], sentiment: 'negative' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { matched: number; changed: Record<string, number>; not_found: string[] };
    expect(body.matched).toBe(3);
    expect(body.changed.topic).toBe(2);
    expect(body.changed.type).toBe(0);
    expect(body.not_found.sort()).toEqual([foreign.id, '999999999'].sort());

    const after = await items();
    for (const key of ['b-1', 'b-2', 'b-3']) {
      expect(after[key].topic_id).toBe(topics['환불']);
      expect(after[key].sentiment).toBe('negative');
      expect(after[key].locked_labels).toContain('topic');
    }
    expect(after['b-4'].topic_id).toBe(before['b-4'].topic_id);
    // The daily rollup the dashboards read moved in the same transaction.
    expect(await topicCounts(topics['환불'])).toBe(3);
    const rows = await db.query<{ item_id: string; old_value: string | null; new_value: string }>(
      "SELECT item_id::text AS item_id, old_value, new_value FROM label_corrections WHERE workspace_id = $1 AND field = 'topic' ORDER BY id",
      [wsId],
    );
    expect(rows.map((r) => r.item_id)).toEqual([before['b-3'].id, ...[before['b-1'].id, before['b-2'].id].sort((a, b) => Number(a) - Number(b))]);
    expect(rows.every((r) => r.new_value === topics['환불'])).toBe(true);
    // The other workspace's item is untouched.
    const [untouched] = await db.query<{ topic_id: string | null; n: number }>(
      'SELECT topic_id::text AS topic_id, (SELECT count(*)::int FROM label_corrections WHERE item_id = $1::bigint) AS n FROM items WHERE id = $1::bigint',
      [foreign.id],
    );
    expect(untouched.n).toBe(0);
    // Topic corrections count towards the next topic model, as one-by-one corrections do.
    expect((await pendingCorrections(db, wsId)).topic).toBe(3);
  });

  it('corrects every item a filter matches, only when the count the operator saw still holds', async () => {
    const filter = { q: '환불', from: '2026-11-20', to: '2026-11-20' };
    const stale = await bulk({ filter, expected_count: 2, type: 'billing' });
    expect(stale.status).toBe(409);
    const problem = (await stale.json()) as { code: string; detail: string };
    expect(problem.code).toBe('count_changed');
    expect(problem.detail).toContain('3');
    expect(Object.values(await items()).filter((i) => i.type === 'billing' && i.locked_labels.includes('type'))).toHaveLength(0);

    const res = await bulk({ filter, expected_count: 3, type: 'billing' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ matched: 3, not_found: [] });
    const after = await items();
    expect(['b-1', 'b-2', 'b-3'].map((k) => after[k].type)).toEqual(['billing', 'billing', 'billing']);
    expect(after['b-4'].locked_labels).not.toContain('type');

    // Items with no topic: "none", as the list's filter says.
    const none = await bulk({ filter: { topic: 'none', q: '앱' }, topic_id: topics['앱 오류'] });
    expect(await none.json()).toMatchObject({ matched: 1, changed: { topic: 1 } });
    expect((await items())['b-4'].topic_id).toBe(topics['앱 오류']);

    const [audit] = await db.query<{ actor: string; detail: Record<string, unknown> }>("SELECT actor, detail FROM audit_log WHERE action = 'labels.bulk_correct' ORDER BY id DESC LIMIT 1");
    expect(audit.actor).toContain('operator@sori.test');
    expect(audit.detail).toMatchObject({ topic_id: topics['앱 오류'], filter: { topic: 'none', q: '앱' }, matched: 1 });
  });

  it('refuses what it cannot do, naming why; viewers and read tokens may not correct', async () => {
    const { 'b-5': item } = await items();
    expect((await bulk({ ids: [item.id], type: 'billing' }, { Cookie: viewer })).status).toBe(403);
    expect((await bulk({ ids: [item.id], type: 'billing' }, bearer(tokens.read))).status).toBe(403);
    expect((await bulk({ ids: [item.id], type: 'billing' }, bearer(tokens.ingest))).status).toBe(403);

    const cases: [unknown, RegExp][] = [
      [{ ids: [item.id] }, /type, topic_id or sentiment/],
      [{ ids: [item.id], filter: { q: '배송' }, type: 'billing' }, /either ids or filter/],
      [{ type: 'billing' }, /either ids or filter/],
      [{ ids: [], type: 'billing' }, /ids/],
      [{ ids: ['abc'], type: 'billing' }, /ids/],
      [{ ids: [item.id], type: 'nonsense' }, /unknown type/],
      [{ ids: [item.id], topic_id: '987654321' }, /unknown topic/],
      [{ filter: { chanel: 'chat' }, type: 'billing' }, /chanel/],
      [{ filter: { channel: 'fax' }, type: 'billing' }, /filter\.channel/],
      [{ filter: { from: '2026-02-30' }, type: 'billing' }, /"field":"filter\.from"/],
      [{ ids: [item.id], type: 'billing', dry_run: true }, /dry_run/],
    ];
    for (const [body, message] of cases) {
      const res = await bulk(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(await res.json()), JSON.stringify(body)).toMatch(message);
    }
    expect((await items())['b-5'].locked_labels).toEqual([]);

    // An archived type is not given to items (those that have it may keep it).
    const types = ((await (await app.request('/api/v1/taxonomy/types', { headers: bearer(tokens.read) })).json()) as { types: { key: string; name_ko: string; name_en: string; archived: boolean }[] }).types;
    const put = await send('PUT', '/api/v1/taxonomy/types', { types: types.map((t) => ({ ...t, archived: t.key === 'praise' })) }, bearer(tokens.admin));
    expect(put.status).toBe(200);
    const archived = await bulk({ ids: [item.id], type: 'praise' });
    expect(archived.status).toBe(400);
    expect(JSON.stringify(await archived.json())).toContain('archived');

    // Nor an archived topic, or a subtopic of one (in bulk and one by one); items that have it keep it.
    const parent = ((await (await send('POST', '/api/v1/topics', { name: '옛 이벤트' }, bearer(tokens.admin))).json()) as { topic: { id: string } }).topic;
    const child = ((await (await send('POST', '/api/v1/topics', { name: '옛 쿠폰', parent_id: parent.id }, bearer(tokens.admin))).json()) as { topic: { id: string } }).topic;
    expect((await bulk({ ids: [item.id], topic_id: child.id })).status).toBe(200);
    expect((await send('PATCH', `/api/v1/topics/${parent.id}`, { archived: true }, bearer(tokens.admin))).status).toBe(200);
    const { 'b-4': other } = await items();
    for (const topicId of [parent.id, child.id]) {
      const refused = await bulk({ ids: [other.id], topic_id: topicId });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: 'validation_failed', field: 'topic_id', reason: 'archived' });
      expect((await send('PATCH', `/api/v1/items/${other.id}/labels`, { topic_id: topicId }, { Cookie: operator })).status).toBe(400);
    }
    expect((await items())['b-4'].topic_id).toBe(other.topic_id);
    expect(await (await bulk({ ids: [item.id], topic_id: child.id })).json()).toMatchObject({ matched: 1, changed: { topic: 0 } });
  });
});
