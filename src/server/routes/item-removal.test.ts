import type { Hono } from 'hono';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { ingestItems } from '../../ingest/pipeline.js';
import type { Db } from '../../store/db.js';
import { deleteLockedItems, selectItemsToDelete } from '../../store/queries/delete-items.js';
import { DAILY_COUNT_FIELDS, diffRollups } from '../../store/queries/item-daily-counts.js';
import { ensureWorkspace, type Workspace } from '../../store/queries/workspaces.js';
import { documentedResponseSchema } from '../openapi.js';

// Taking items back out: undoing an import run, deleting chosen items, erasing one customer.
describe(`item removal (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let admin: string;
  let operator: string;
  let viewer: string;
  let ws: Workspace;
  let doc: Record<string, unknown>;

  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const send = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    app.request(`/api/v1${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const asAdmin = () => ({ Cookie: admin });
  /** Checks an answer against the OpenAPI document, then gives its body. */
  const answer = async (res: Response, method: string, path: string): Promise<Record<string, unknown>> => {
    const body = (await res.json()) as Record<string, unknown>;
    const schema = documentedResponseSchema(doc, method, `/api/v1${path}`, String(res.status), res.headers.get('content-type') ?? '');
    expect(schema, `${method} ${path} ${res.status} documented`).not.toBeNull();
    const parsed = z.fromJSONSchema(schema as never).safeParse(body);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), `${method} ${path} ${res.status}`).toEqual([]);
    return body;
  };
  const MAPPING = JSON.stringify({ fields: { external_id: '티켓번호', created_at: '접수일시', text: '문의내용', channel: '채널', customer_id: '고객ID' } });
  const importCsv = async (name: string, csv: string, source = 'undo-test') => {
    const form = new FormData();
    form.append('file', new Blob([csv]), name);
    form.append('source', source);
    form.append('mapping', MAPPING);
    const res = await app.request('/api/v1/imports', { method: 'POST', headers: bearer(tokens.admin), body: form });
    expect(res.status).toBe(200);
    return (await res.json()) as { run_id: string; inserted: number; updated: number; unchanged: number; rejected: number };
  };
  const stored = async (source: string) =>
    Object.fromEntries(
      (await db.query<{ external_id: string; text: string; created_run_id: string | null }>(
        'SELECT external_id, text, created_run_id::text AS created_run_id FROM items WHERE workspace_id = $1 AND source = $2 ORDER BY external_id',
        [ws.id, source],
      )).map((r) => [r.external_id, r]),
    );
  const audits = async (action: string) =>
    db.query<{ actor: string; target: string; detail: Record<string, unknown> }>('SELECT actor, target, detail FROM audit_log WHERE action = $1 ORDER BY id', [action]);

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;
    ({ app, tokens, login } = await buildTestApp(db, { env: { SORI_RETRAIN_AFTER_CORRECTIONS: '0' } }));
    [admin, operator, viewer] = [await login('admin'), await login('operator'), await login('viewer')];
    ws = await ensureWorkspace(db, { slug: 'default', name: '기본 워크스페이스' });
    doc = (await (await app.request('/api/v1/openapi.json')).json()) as Record<string, unknown>;
  });
  afterAll(() => close());

  it('lets only admins (and admin tokens) remove items: viewers, operators, read and ingest tokens are refused', async () => {
    const calls: [string, string, unknown][] = [
      ['POST', '/items/delete', { ids: ['1'], dry_run: true }],
      ['POST', '/customers/erase', { customer_id: 'kim-0001', dry_run: true }],
      ['POST', '/imports/1/undo', { expected_count: 0 }],
      ['GET', '/imports/1/undo', undefined],
    ];
    for (const [method, path, body] of calls) {
      expect((await send(method, path, body, {})).status, `${method} ${path} anonymous`).toBe(401);
      for (const headers of [{ Cookie: viewer }, { Cookie: operator }, bearer(tokens.read), bearer(tokens.ingest)]) {
        const res = await send(method, path, body, headers);
        expect(res.status, `${method} ${path} ${JSON.stringify(headers).slice(0, 20)}`).toBe(403);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    }
    // An admin (cookie or token) is let in: a dry run counts, an undo of no run is a 404.
    for (const headers of [asAdmin(), bearer(tokens.admin)]) {
      expect((await send('POST', '/items/delete', { ids: ['1'], dry_run: true }, headers)).status).toBe(200);
      expect((await send('POST', '/customers/erase', { customer_id: 'kim-0001', dry_run: true }, headers)).status).toBe(200);
      const missing = await send('GET', '/imports/999999/undo', undefined, headers);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { code: string }).code).toBe('not_found');
    }
  });

  it('undoes an import: deletes what it created, keeps what it only updated; refused twice; importing the file again brings the items back', async () => {
    const first = await importCsv(
      '1차.csv',
      '티켓번호,접수일시,문의내용,채널,고객ID\n' +
        'U-1,2026-11-03 10:00,배송이 너무 늦어요 언제 오나요,채팅,kim-0001\n' +
        'U-2,2026-11-03 11:00,환불 요청합니다 카드 취소 부탁드려요,채팅,lee-0002\n' +
        'U-3,2026-11-04 09:00,앱 로그인이 안 돼요,이메일,park-0003\n',
    );
    expect(first).toMatchObject({ inserted: 3, rejected: 0 });
    // The wrong file: two new tickets, and U-2 changed.
    const fileB =
      '티켓번호,접수일시,문의내용,채널,고객ID\n' +
      'U-2,2026-11-03 11:00,환불 요청합니다 카드 취소 부탁드려요 (추가: 영수증도 보내 주세요),채팅,lee-0002\n' +
      'W-1,2026-11-05 10:00,쿠폰이 적용되지 않아요 잘못된 파일의 행입니다,채팅,choi-0004\n' +
      'W-2,2026-11-05 11:00,포인트 적립이 안 됐어요 잘못된 파일의 행입니다,전화,jung-0005\n';
    const wrong = await importCsv('잘못된파일.csv', fileB);
    expect(wrong).toMatchObject({ inserted: 2, updated: 1 });
    let items = await stored('undo-test');
    expect([items['U-2'].created_run_id, items['W-1'].created_run_id]).toEqual([first.run_id, wrong.run_id]);
    // An operator corrected one of the wrong file's items.
    const [w1] = await db.query<{ id: string }>("SELECT id::text AS id FROM items WHERE workspace_id = $1 AND external_id = 'W-1'", [ws.id]);
    expect((await send('PATCH', `/items/${w1.id}/labels`, { sentiment: 'positive' }, { Cookie: operator })).status).toBe(200);

    const preview = await answer(await send('GET', `/imports/${wrong.run_id}/undo`, undefined, asAdmin()), 'get', '/imports/{id}/undo');
    expect(preview).toMatchObject({ run_id: wrong.run_id, file_name: '잘못된파일.csv', status: 'completed', not_undoable: null, items_to_delete: 2, corrected: 1, updated_kept: 1 });
    expect(String(preview.note)).toContain('not kept');

    // The count the admin saw no longer holds: nothing is deleted.
    const stale = await send('POST', `/imports/${wrong.run_id}/undo`, { expected_count: 3 }, asAdmin());
    expect(stale.status).toBe(409);
    expect(await answer(stale, 'post', '/imports/{id}/undo')).toMatchObject({ code: 'count_changed', count: 2, expected: 3 });
    expect(Object.keys(await stored('undo-test'))).toEqual(['U-1', 'U-2', 'U-3', 'W-1', 'W-2']);

    const done = await answer(await send('POST', `/imports/${wrong.run_id}/undo`, { expected_count: 2 }, asAdmin()), 'post', '/imports/{id}/undo');
    expect(done).toMatchObject({ run_id: wrong.run_id, deleted: 2, corrected: 1, updated_kept: 1 });
    items = await stored('undo-test');
    expect(Object.keys(items)).toEqual(['U-1', 'U-2', 'U-3']);
    // U-2 keeps the wrong file's version: no earlier version is kept to put back.
    expect(items['U-2'].text).toContain('영수증');
    expect((await db.query('SELECT 1 FROM label_corrections WHERE item_id = $1::bigint', [w1.id])).length).toBe(0);
    expect(await diffRollups(db, ws.id)).toEqual([]);

    const again = await send('POST', `/imports/${wrong.run_id}/undo`, { expected_count: 0 }, asAdmin());
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('already_undone');
    const { runs } = (await (await app.request('/api/v1/imports', { headers: bearer(tokens.read) })).json()) as { runs: Record<string, unknown>[] };
    expect(runs.find((r) => r.id === wrong.run_id)).toMatchObject({ undone_by: 'admin@sori.test', undone_items: 2 });
    expect(runs.find((r) => r.id === first.run_id)).toMatchObject({ undone_at: null });
    expect((await audits('imports.undo')).map((a) => [a.actor, a.target, a.detail.deleted, a.detail.file_name])).toEqual([
      ['admin@sori.test', wrong.run_id, 2, '잘못된파일.csv'],
    ]);

    // The same file again: its new items come back (the re-run creates them), U-2 is identical.
    const redo = await importCsv('잘못된파일.csv', fileB);
    expect(redo).toMatchObject({ inserted: 2, updated: 0, unchanged: 1 });
    expect(Object.keys(await stored('undo-test'))).toEqual(['U-1', 'U-2', 'U-3', 'W-1', 'W-2']);

    // The first run created U-2, whatever came after: undoing it deletes it.
    const firstPreview = await answer(await send('GET', `/imports/${first.run_id}/undo`, undefined, bearer(tokens.admin)), 'get', '/imports/{id}/undo');
    expect(firstPreview).toMatchObject({ items_to_delete: 3, updated_kept: 0 });
    expect((await send('POST', `/imports/${first.run_id}/undo`, { expected_count: 3 }, bearer(tokens.admin))).status).toBe(200);
    expect(Object.keys(await stored('undo-test'))).toEqual(['W-1', 'W-2']);
    expect((await audits('imports.undo')).at(-1)!.actor).toMatch(/^token:/);
  });

  it('refuses to undo a running import (cancel first) or a dry run; bad or foreign run ids are 404 problems', async () => {
    const [running] = await db.query<{ id: string }>(
      "INSERT INTO import_runs (workspace_id, file_name, format, status, heartbeat_at) VALUES ($1, '진행중.csv', 'csv', 'running', now()) RETURNING id::text AS id",
      [ws.id],
    );
    const preview = await answer(await send('GET', `/imports/${running.id}/undo`, undefined, asAdmin()), 'get', '/imports/{id}/undo');
    expect(preview.not_undoable).toBe('running');
    const refused = await send('POST', `/imports/${running.id}/undo`, { expected_count: 0 }, asAdmin());
    expect(refused.status).toBe(409);
    expect(await answer(refused, 'post', '/imports/{id}/undo')).toMatchObject({ code: 'import_running' });
    expect(((await db.query<{ undone_at: Date | null }>('SELECT undone_at FROM import_runs WHERE id = $1::bigint', [running.id]))[0]!).undone_at).toBeNull();

    const form = new FormData();
    form.append('file', new Blob(['티켓번호,접수일시,문의내용,채널\nD-1,2026-11-03 10:00,검사만 하는 행,채팅\n']), 'dry.csv');
    form.append('dry_run', 'true');
    form.append('mapping', JSON.stringify({ fields: { external_id: '티켓번호', created_at: '접수일시', text: '문의내용', channel: '채널' } }));
    await app.request('/api/v1/imports', { method: 'POST', headers: bearer(tokens.admin), body: form });
    const [dry] = await db.query<{ id: string }>("SELECT id::text AS id FROM import_runs WHERE file_name = 'dry.csv'");
    expect(((await (await send('POST', `/imports/${dry.id}/undo`, { expected_count: 0 }, asAdmin())).json()) as { code: string }).code).toBe('dry_run_import');

    const other = await ensureWorkspace(db, { slug: 'other-undo', name: '다른 곳' });
    const [foreign] = await db.query<{ id: string }>("INSERT INTO import_runs (workspace_id, file_name, format, status) VALUES ($1, 'x.csv', 'csv', 'completed') RETURNING id::text AS id", [other.id]);
    for (const path of [`/imports/${foreign.id}/undo`, '/imports/abc/undo', '/imports/99999999999999999999/undo']) {
      const res = await send('POST', path, { expected_count: 0 }, asAdmin());
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await send('POST', `/imports/${dry.id}/undo`, {}, asAdmin())).status).toBe(400);
  });

  it('after deleting items, the rollups, insights and duplicate flags equal a workspace that never had them; search no longer finds them', async () => {
    // A workspace of its own (the default one holds the other tests' items), and its twin that never had the deleted items.
    const shop = await ensureWorkspace(db, { slug: 'shop', name: '쇼핑몰' });
    const twin = await ensureWorkspace(db, { slug: 'twin', name: '비교용' });
    const inShop = (path: string) => `${path}${path.includes('?') ? '&' : '?'}workspace=shop`;
    const text = '주문한 상품이 파손되어 도착했어요 교환 부탁드립니다';
    const kept = (source: string) => [
      // The same complaint on two days: the later one is a duplicate of the earlier (7-day window).
      buildItem({ external_id: 'k-1', source, created_at: '2026-11-10T10:00:00+09:00', text, channel: 'chat', status: 'resolved', first_response_at: '2026-11-10T10:20:00+09:00', resolved_at: '2026-11-10T12:00:00+09:00', customer_id: 'cust-a', customer_segment: 'VIP' }),
      buildItem({ external_id: 'k-2', source, created_at: '2026-11-12T09:00:00+09:00', text, channel: 'chat', status: 'open', customer_id: 'cust-b' }),
      buildItem({ external_id: 'k-3', source, created_at: '2026-11-11T15:00:00+09:00', text: '배송지 변경하고 싶어요', channel: 'email', score: 9, customer_id: 'cust-c', customer_segment: '신규' }),
      buildItem({ external_id: 'k-4', source, created_at: '2026-11-11T16:00:00+09:00', text: '멤버십 해지해 주세요 가격이 너무 비싸요', channel: 'phone', status: 'resolved', resolved_at: '2026-11-11T18:00:00+09:00', rating: 2 }),
    ];
    await ingestItems(db, twin, kept('shop'));
    const spam = [
      // The group's first item (a day before k-1): deleting it makes k-1 the first again.
      buildItem({ external_id: 's-1', source: 'spam', created_at: '2026-11-09T10:00:00+09:00', text, channel: 'chat', status: 'resolved', first_response_at: '2026-11-09T10:05:00+09:00', resolved_at: '2026-11-09T11:00:00+09:00', customer_segment: 'VIP' }),
      buildItem({ external_id: 's-2', source: 'spam', created_at: '2026-11-11T15:30:00+09:00', text: '광고 문자 수신거부 테스트 가나다라마바사', channel: 'email', score: 3, customer_segment: '신규' }),
      buildItem({ external_id: 's-3', source: 'spam', created_at: '2026-11-11T16:30:00+09:00', text: '멤버십 해지 요청 광고성 테스트', channel: 'phone', status: 'resolved', resolved_at: '2026-11-12T18:00:00+09:00', rating: 5 }),
    ];
    await ingestItems(db, shop, [...kept('shop'), ...spam]);
    const flags = async (w: Workspace) =>
      Object.fromEntries((await db.query<{ external_id: string; is_duplicate: boolean }>("SELECT external_id, is_duplicate FROM items WHERE workspace_id = $1 AND source IN ('shop', 'spam') ORDER BY 1", [w.id])).map((r) => [r.external_id, r.is_duplicate]));
    expect(await flags(shop)).toMatchObject({ 's-1': false, 'k-1': true, 'k-2': true });
    const search = async (q: string) => ((await (await app.request(`/api/v1/items?q=${encodeURIComponent(q)}&workspace=shop`, { headers: { Cookie: viewer } })).json()) as { items: unknown[] }).items.length;
    expect(await search('수신거부 테스트')).toBe(1);

    // Narrowed by filter; a stale count and an unknown filter key delete nothing.
    const filter = { source: 'spam' };
    const stale = await send('POST', inShop('/items/delete'), { filter, expected_count: 2 }, asAdmin());
    expect(await answer(stale, 'post', '/items/delete')).toMatchObject({ code: 'count_changed', count: 3, expected: 2 });
    const typo = await send('POST', inShop('/items/delete'), { filter: { sourse: 'spam' }, expected_count: 3 }, asAdmin());
    expect(typo.status).toBe(400);
    expect(((await typo.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['filter.sourse']);
    expect((await send('POST', inShop('/items/delete'), { filter }, asAdmin())).status).toBe(400);
    const dry = await answer(await send('POST', inShop('/items/delete'), { filter, dry_run: true }, asAdmin()), 'post', '/items/delete');
    expect(dry).toMatchObject({ dry_run: true, matched: 3, deleted: 0 });
    expect((await db.query("SELECT 1 FROM items WHERE source = 'spam'")).length).toBe(3);

    const res = await answer(await send('POST', inShop('/items/delete'), { filter, expected_count: 3 }, asAdmin()), 'post', '/items/delete');
    expect(res).toMatchObject({ dry_run: false, matched: 3, deleted: 3, not_found: [] });

    expect(await flags(shop)).toEqual(await flags(twin));
    expect(await flags(shop)).toMatchObject({ 'k-1': false, 'k-2': true });
    expect(await diffRollups(db, shop.id)).toEqual([]);
    const rollup = async (table: string, cols: string, w: Workspace, nonZero: string) =>
      db.query(`SELECT ${cols} FROM ${table} WHERE workspace_id = $1 AND ${nonZero} ORDER BY ${cols}`, [w.id]);
    for (const [table, cols, nonZero] of [
      ['item_daily_counts', `day, channel, type, topic_id, sentiment, ${DAILY_COUNT_FIELDS.join(', ')}`, 'items <> 0'],
      ['item_daily_segments', 'day, segment, channel, type, items', 'items <> 0'],
      ['item_daily_lead_sketches', 'dim, day, key, measure, sketch', 'cardinality(sketch) > 0'], // a sketch emptied by the deletion counts nothing
      ['item_daily_churn', 'day, reason, n', 'n <> 0'],
    ]) {
      expect(await rollup(table, cols, shop, nonZero), table).toEqual(await rollup(table, cols, twin, nonZero));
    }
    for (const path of ['/insights/volume?from=2026-11-01&to=2026-11-30', '/insights/support?from=2026-11-01&to=2026-11-30']) {
      const read = async (w: Workspace) => (await app.request(`/api/v1${path}&workspace=${w.slug}`, { headers: { Cookie: viewer } })).json();
      expect(await read(shop), path).toEqual(await read(twin));
    }
    expect(await search('수신거부 테스트')).toBe(0);
    expect((await audits('items.delete')).at(-1)).toMatchObject({ actor: 'admin@sori.test', detail: { filter, deleted: 3 } });
  });

  it('deletes chosen ids (naming those that are no items of the workspace) with their corrections and kept conversation updates', async () => {
    const other = await ensureWorkspace(db, { slug: 'other-ids', name: '다른 곳' });
    await ingestItems(db, other, [buildItem({ external_id: 'x-1', source: 'ids', text: '다른 워크스페이스의 문의' })]);
    await ingestItems(db, ws, [
      buildItem({ external_id: 'd-1', source: 'ids', text: '상담 중인 채팅 첫 메시지', metadata: { conversation_id: 'chat-77' } }),
      buildItem({ external_id: 'd-2', source: 'ids', text: '상담 중인 채팅 둘째 메시지', metadata: { conversation_id: 'chat-77' } }),
      buildItem({ external_id: 'd-3', source: 'ids', text: '다른 채팅', metadata: { conversation_id: 'chat-88' } }),
    ]);
    for (const conversation of ['chat-77', 'chat-88']) {
      await db.query(`INSERT INTO conversation_update_log (workspace_id, source, conversation_id, update_hash, payload) VALUES ($1, 'ids', $2, $3, '{}'::jsonb)`, [ws.id, conversation, `h-${conversation}`]);
    }
    const ids = Object.fromEntries((await db.query<{ external_id: string; id: string }>("SELECT external_id, id::text AS id FROM items WHERE source = 'ids'")).map((r) => [r.external_id, r.id]));
    expect((await send('PATCH', `/items/${ids['d-1']}/labels`, { sentiment: 'positive' }, { Cookie: operator })).status).toBe(200);
    const body = { ids: [ids['d-1'], ids['d-3'], ids['x-1'], '999999999', ids['d-1']], expected_count: 3 };
    expect(((await (await send('POST', '/items/delete', body, asAdmin())).json()) as { code: string }).code).toBe('count_changed');
    const res = await answer(await send('POST', '/items/delete', { ...body, expected_count: 2 }, bearer(tokens.admin)), 'post', '/items/delete');
    expect(res).toMatchObject({ matched: 2, deleted: 2, corrected: 1 });
    expect((res.not_found as string[]).sort()).toEqual([ids['x-1'], '999999999'].sort());
    expect((await db.query<{ external_id: string }>("SELECT external_id FROM items WHERE source = 'ids' ORDER BY 1")).map((r) => r.external_id)).toEqual(['d-2', 'x-1']);
    // chat-77 still has d-2: its updates stay; chat-88 has no item left.
    expect((await db.query<{ conversation_id: string }>("SELECT conversation_id FROM conversation_update_log WHERE source = 'ids'")).map((r) => r.conversation_id)).toEqual(['chat-77']);
    expect((await audits('items.delete')).at(-1)).toMatchObject({ actor: `token:${(await db.query<{ id: number }>("SELECT id FROM api_tokens WHERE name = 'admin'"))[0]!.id}`, detail: { ids: 4, deleted: 2, corrected: 1 } });
    const tooMany = await send('POST', '/items/delete', { ids: Array.from({ length: 10_001 }, (_, i) => String(i + 1)), expected_count: 10_001 }, asAdmin());
    expect(tooMany.status).toBe(400);
  });

  it("erases one customer by the id the source sent: every item of theirs here, rejected rows naming them; the audit keeps the pseudonym, never the id", async () => {
    const elsewhere = await ensureWorkspace(db, { slug: 'elsewhere', name: '다른 곳' });
    const raw = '고객-kim-0001';
    const mine = [
      buildItem({ external_id: 'e-1', source: 'erase', customer_id: raw, text: '제 개인정보를 삭제해 주세요' }),
      buildItem({ external_id: 'e-2', source: 'erase', customer_id: `  ${raw} `, text: '지난 주문 환불 문의' }),
      buildItem({ external_id: 'e-3', source: 'erase', customer_id: 'someone-else', text: '다른 고객의 문의' }),
    ];
    await ingestItems(db, ws, mine);
    await ingestItems(db, elsewhere, [buildItem({ external_id: 'e-1', source: 'erase', customer_id: raw, text: '다른 워크스페이스에 남는 문의' })]);
    // A rejected row of an import names the customer (its customer column holds the pseudonym).
    const form = new FormData();
    form.append('file', new Blob([`티켓번호,접수일시,문의내용,채널,고객ID\nr-1,2026-11-03 10:00,,채팅,${raw}\nr-2,2026-11-03 10:00,,채팅,park-9\n`]), 'rejects.csv');
    form.append('mapping', MAPPING);
    form.append('source', 'erase');
    expect(((await (await app.request('/api/v1/imports', { method: 'POST', headers: bearer(tokens.admin), body: form })).json()) as { rejected: number }).rejected).toBe(2);

    const preview = await answer(await send('POST', '/customers/erase', { customer_id: raw, dry_run: true }, asAdmin()), 'post', '/customers/erase');
    expect(preview).toMatchObject({ dry_run: true, matched: 2, deleted: 0 });
    const ref = String(preview.customer_ref);
    expect(ref).toMatch(/^c_[A-Za-z0-9_-]{16}$/);
    const stale = await send('POST', '/customers/erase', { customer_id: raw, expected_count: 1 }, asAdmin());
    expect(stale.status).toBe(409);
    expect((await db.query("SELECT 1 FROM items WHERE source = 'erase' AND workspace_id = $1", [ws.id])).length).toBe(3);

    const done = await answer(await send('POST', '/customers/erase', { customer_id: raw, expected_count: 2 }, asAdmin()), 'post', '/customers/erase');
    expect(done).toMatchObject({ customer_ref: ref, dry_run: false, deleted: 2, rejects_deleted: 1 });
    expect((await db.query<{ external_id: string }>("SELECT external_id FROM items WHERE source = 'erase' AND workspace_id = $1", [ws.id])).map((r) => r.external_id)).toEqual(['e-3']);
    expect((await db.query("SELECT 1 FROM items WHERE source = 'erase' AND workspace_id = $1", [elsewhere.id])).length).toBe(1);
    const rejects = await db.query<{ row_values: unknown }>("SELECT r.row_values FROM import_rejects r JOIN import_runs i ON i.id = r.run_id WHERE i.file_name = 'rejects.csv'");
    expect(rejects).toHaveLength(1);
    // The other customer's rejected row stays, naming them by their pseudonym.
    const park = (await (await send('POST', '/customers/erase', { customer_id: 'park-9', dry_run: true }, asAdmin())).json()) as { customer_ref: string };
    expect(JSON.stringify(rejects[0]!.row_values)).toContain(park.customer_ref);
    const [entry] = await audits('customers.erase');
    expect(entry).toMatchObject({ actor: 'admin@sori.test', target: ref, detail: { customer_ref: ref, deleted: 2, rejects_deleted: 1 } });
    expect(JSON.stringify(entry)).not.toContain('kim-0001');
    // Its pseudonym as items show it works as well (nothing left to erase now).
    expect(await answer(await send('POST', '/customers/erase', { customer_id: ref, dry_run: true }, asAdmin()), 'post', '/customers/erase')).toMatchObject({ matched: 0 });
  });

  it('erases only on the count shown, and finds a rejected row whose customer id was typed decomposed (NFD, a Mac)', async () => {
    const nfc = '김철수-01';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    await ingestItems(db, ws, [buildItem({ external_id: 'nfd-1', source: 'erase-nfd', customer_id: nfd, text: '탈퇴하고 개인정보도 지워 주세요' })]);
    const form = new FormData();
    form.append('file', new Blob([`티켓번호,접수일시,문의내용,채널,고객ID\nnfd-2,2026-11-03 10:00,,채팅,${nfd}\n`]), 'nfd.csv');
    form.append('mapping', MAPPING);
    form.append('source', 'erase-nfd');
    expect(((await (await app.request('/api/v1/imports', { method: 'POST', headers: bearer(tokens.admin), body: form })).json()) as { rejected: number }).rejected).toBe(1);
    // Never blind: without the count the dry run showed, nothing is erased.
    const blind = await send('POST', '/customers/erase', { customer_id: nfc }, asAdmin());
    expect(blind.status).toBe(400);
    expect((await db.query("SELECT 1 FROM items WHERE source = 'erase-nfd' AND workspace_id = $1", [ws.id])).length).toBe(1);
    const done = await answer(await send('POST', '/customers/erase', { customer_id: nfc, expected_count: 1 }, asAdmin()), 'post', '/customers/erase');
    expect(done).toMatchObject({ deleted: 1, rejects_deleted: 1 });
    expect(await db.query("SELECT 1 FROM import_rejects r JOIN import_runs i ON i.id = r.run_id WHERE i.file_name = 'nfd.csv'")).toHaveLength(0);
  });

  it('a deletion made by another process (a second server, the CLI) reaches this one’s duplicate index', async () => {
    const text = '결제 버튼을 누르면 앱이 꺼져요. 카드 결제가 계속 안 됩니다';
    await ingestItems(db, ws, [buildItem({ external_id: 'dx-1', source: 'dup-elsewhere', channel: 'chat', created_at: '2026-11-10T10:00:00+09:00', text })]);
    const [x] = await db.query<{ id: string }>("SELECT id::text AS id FROM items WHERE workspace_id = $1 AND external_id = 'dx-1'", [ws.id]);
    // The store-level deletion, as another process makes it: this process's index is not told directly.
    await db.transaction(async (tx) => deleteLockedItems(tx, ws.id, await selectItemsToDelete(tx, ws.id, { ids: [x!.id] }, { lock: true })));
    await ingestItems(db, ws, [buildItem({ external_id: 'dx-2', source: 'dup-elsewhere', channel: 'chat', created_at: '2026-11-12T10:00:00+09:00', text })]);
    const [y] = await db.query<{ is_duplicate: boolean }>("SELECT is_duplicate FROM items WHERE workspace_id = $1 AND external_id = 'dx-2'", [ws.id]);
    // Its only earlier copy is gone: it is no duplicate (the stale index made it one of nothing).
    expect(y!.is_duplicate).toBe(false);
  });
});
