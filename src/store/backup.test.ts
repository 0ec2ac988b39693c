import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { constants as zlib, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { textEnrichmentFor } from '../ingest/enrich.js';
import { ingestItems } from '../ingest/pipeline.js';
import { listItems } from './queries/list-items.js';
import { searchRanges } from './queries/search-index.js';
import { SoriError } from '../domain/errors.js';
import { backupWorkspace, restoreWorkspace } from './backup.js';
import { openDb, type Db } from './db.js';
import { migrate } from './migrate.js';
import { upsertMetrics } from './queries/business-metrics.js';
import { ensureWorkspace, findWorkspaceBySlug } from './queries/workspaces.js';
import { diffRollups } from './queries/item-daily-counts.js';
import { listItemTypes, replaceItemTypes } from './queries/item-types.js';
import { addTopicComment } from './queries/topic-comments.js';
import { createTopic } from './queries/topics.js';
import { loadSlaSettings, saveSlaSettings } from './queries/sla-settings.js';
import { createUser } from '../auth/users.js';
import { correctionsSinceModel } from '../labels/auto-train.js';
import { correctItemLabels } from '../labels/correct-label.js';
import { trainWorkspaceModel } from '../labels/train-workspace-model.js';
import { applyConversationUpdates, applyPendingConversationUpdates } from '../ingest/conversation-updates.js';
import { createWebhookEndpoint } from './queries/webhook-endpoints.js';

const snapshot = (db: Db, slug: string) =>
  db.query(
    `SELECT i.source, i.external_id, i.channel, i.created_at, i.text, i.pii_kinds, i.customer_ref, i.metadata, i.rating
     FROM items i JOIN workspaces w ON w.id = i.workspace_id WHERE w.slug = $1 ORDER BY i.source, i.external_id`,
    [slug],
  );

describe(`backup and restore (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  const dir = mkdtempSync(path.join(tmpdir(), 'sori-backup-'));
  const file = path.join(dir, 'ws.jsonl.gz');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    const ws = await ensureWorkspace(db, { slug: 'shop', name: '쇼핑몰' });
    const items = Array.from({ length: 2_345 }, (_, i) =>
      buildItem({ external_id: `b-${i}`, text: `문의 ${i}: 주문 취소하고 싶어요 ${i % 10 === 0 ? 'park@daum.net' : ''}`, rating: (i % 5) + 1, metadata: { 태그: ['취소', `t${i % 3}`] } }),
    );
    await ingestItems(db, ws, items);
    await upsertMetrics(db, ws.id, [{ day: '2026-11-01', name: 'orders', value: 999 }]);
    // The team's taxonomy, topic tree with rules, a comment and SLA settings travel with the items.
    await replaceItemTypes(db, ws.id, [
      { key: 'cancel', name_ko: '취소', name_en: 'Cancel', archived: false },
      { key: 'other', name_ko: '기타', name_en: 'Other', archived: false },
    ]);
    const parent = await createTopic(db, ws.id, { name: '주문' });
    const child = await createTopic(db, ws.id, { name: '주문 취소', parentId: parent.id, rules: [{ kind: 'keyword', pattern: '배송지' }] });
    textEnrichmentFor(db).invalidate(ws.id); // the new rules apply from the next item on
    await ingestItems(db, ws, [buildItem({ external_id: 'topic-1', text: '배송지 변경하고 싶어요' })]);
    await addTopicComment(db, ws.id, child.id, { userId: null, author: '운영팀', body: '11월 프로모션 이후 증가' });
    await saveSlaSettings(db, ws.id, { businessHours: { twentyFourSeven: true }, policies: [{ id: 'all', name: '전체 1시간', firstResponseTargetMs: 3_600_000 }] });
  });
  afterAll(() => close());

  it('round-trips a workspace under another name; a second restore into it is refused', async () => {
    const counts = await backupWorkspace(db, 'shop', file);
    expect(counts).toMatchObject({ items: 2_346, business_metrics: 1, topics: 2, item_types: 2, topic_comments: 1 });
    const first = await restoreWorkspace(db, file, 'shop-copy');
    expect(first.counts.items).toBe(2_346);
    await expect(restoreWorkspace(db, file, 'shop-copy')).rejects.toMatchObject({ code: 'conflict' });
    expect(await snapshot(db, 'shop-copy')).toEqual(await snapshot(db, 'shop'));
    // Topics are new rows with new ids; the items and comments point at them.
    const tree = (slug: string) =>
      db.query(
        `SELECT t.name, p.name AS parent, t.rules, (SELECT count(*)::int FROM items i WHERE i.topic_id = t.id) AS items,
                (SELECT array_agg(c.body) FROM topic_comments c WHERE c.topic_id = t.id) AS comments
         FROM topics t JOIN workspaces w ON w.id = t.workspace_id LEFT JOIN topics p ON p.id = t.parent_id
         WHERE w.slug = $1 ORDER BY t.name`,
        [slug],
      );
    expect(await tree('shop-copy')).toEqual(await tree('shop'));
    expect((await tree('shop-copy')).find((t) => t.name === '주문 취소')).toMatchObject({ items: 1, comments: ['11월 프로모션 이후 증가'] });
    const copy = (await findWorkspaceBySlug(db, 'shop-copy'))!;
    expect((await listItemTypes(db, copy.id)).map((t) => t.key)).toEqual(['cancel', 'other']);
    expect((await loadSlaSettings(db, copy.id)).settings.policies.map((p) => p.id)).toEqual(['all']);
    // Rollups of the copy were kept by the triggers as the rows arrived.
    expect(await diffRollups(db, copy.id)).toEqual([]);
    // The restored items are in the search index: a search reads only their days and finds them.
    expect(await searchRanges(db, copy.id, '배송지')).toHaveLength(1);
    expect((await listItems(db, copy.id, { q: '배송지' }, { limit: 10 })).items.map((i) => i.external_id)).toEqual(['topic-1']);
    expect(await searchRanges(db, copy.id, '펭귄')).toEqual([]);
  });

  it("carries the team's learning: the correction log (items by identity, authors by e-mail, topics remapped) and the trained models", async () => {
    const ws = await ensureWorkspace(db, { slug: 'learned', name: '학습된 워크스페이스' });
    const author = await createUser(db, { email: 'cx-lead@example.kr', name: '상담 리더', role: 'operator' });
    const coupon = ['쿠폰이 적용이 안 돼요', '쿠폰 사용 기간 알려주세요', '할인 쿠폰 어디서 받나요', '쿠폰 코드 입력했는데 반영이 안 돼요', '생일 쿠폰이 안 들어왔어요', '쿠폰함에 쿠폰이 안 보여요', '쿠폰 중복 사용 되나요', '쿠폰이 사라졌어요'];
    await createTopic(db, ws.id, { name: '계정', rules: [{ kind: 'keyword', pattern: '비밀번호' }] });
    const delivery = await createTopic(db, ws.id, { name: '배송' });
    textEnrichmentFor(db).invalidate(ws.id);
    const others = ['비밀번호를 잊어버렸어요', '비밀번호 변경이 안 돼요', '비밀번호 재설정 메일이 안 와요', '비밀번호 오류가 계속 나요', '배송 조회가 안 돼요', '배송지 변경 부탁드려요', '배송 언제 와요'];
    await ingestItems(db, ws, [...coupon, ...others].map((text, i) => buildItem({ external_id: `l-${i}`, text })));
    const idOf = async (externalId: string) =>
      (await db.query<{ id: string }>('SELECT id::text AS id FROM items WHERE workspace_id = $1 AND external_id = $2', [ws.id, externalId]))[0]!.id;
    for (let i = 0; i < 6; i++) await correctItemLabels(db, ws.id, await idOf(`l-${i}`), { type: 'billing' }, author.id);
    for (const i of [12, 13, 14]) await correctItemLabels(db, ws.id, await idOf(`l-${i}`), { topic_id: delivery.id }, null);
    await trainWorkspaceModel(db, ws.id, 'type');
    await trainWorkspaceModel(db, ws.id, 'topic');
    // Two corrections after the type model learned: they count towards its next retraining.
    for (const i of [6, 7]) await correctItemLabels(db, ws.id, await idOf(`l-${i}`), { type: 'billing' }, author.id);
    const before = await correctionsSinceModel(db, ws.id, 'type');
    expect(before.count).toBe(2);

    const out = path.join(dir, 'learned.jsonl.gz');
    const counts = await backupWorkspace(db, 'learned', out);
    expect(counts).toMatchObject({ label_corrections: 11, text_models: 2 });
    const { workspace: copy } = await restoreWorkspace(db, out, 'learned-copy');

    const log = (id: number) =>
      db.query(
        `SELECT i.external_id, c.field, COALESCE(ot.name, c.old_value) AS old_value, COALESCE(nt.name, c.new_value) AS new_value, u.email, c.created_at
         FROM label_corrections c JOIN items i ON i.id = c.item_id LEFT JOIN users u ON u.id = c.user_id
         LEFT JOIN topics ot ON c.field = 'topic' AND ot.id::text = c.old_value LEFT JOIN topics nt ON c.field = 'topic' AND nt.id::text = c.new_value
         WHERE c.workspace_id = $1 ORDER BY c.id`,
        [id],
      );
    const original = await log(ws.id);
    expect(original).toHaveLength(11);
    expect(original.filter((r) => r.new_value === '배송')).toHaveLength(3);
    expect(await log(copy.id)).toEqual(original);
    expect((await log(copy.id))[0]).toMatchObject({ email: 'cx-lead@example.kr', new_value: 'billing' });
    // The restored models learned up to the same correction: the same two wait for the next retraining.
    expect((await correctionsSinceModel(db, copy.id, 'type')).count).toBe(2);
    expect((await correctionsSinceModel(db, copy.id, 'topic')).count).toBe(0);
    // New items are read by the restored models as by the originals (the topic model by the copy's own topic ids).
    const probe = [buildItem({ external_id: 'p-1', text: '쿠폰 코드를 입력했는데 적용이 안 돼요' }), buildItem({ external_id: 'p-2', text: '패스워드 재설정 메일이 안 와요 비번 찾기 해도 안 돼요' })];
    textEnrichmentFor(db).invalidate(ws.id);
    textEnrichmentFor(db).invalidate(copy.id);
    await ingestItems(db, ws, probe);
    await ingestItems(db, copy, probe);
    const read = (id: number) =>
      db.query(
        `SELECT i.external_id, i.type, i.type_source, i.topic_source, t.name AS topic FROM items i LEFT JOIN topics t ON t.id = i.topic_id AND t.workspace_id = i.workspace_id
         WHERE i.workspace_id = $1 AND i.external_id LIKE 'p-%' ORDER BY i.external_id`,
        [id],
      );
    const originalRead = await read(ws.id);
    expect(originalRead[0]).toMatchObject({ external_id: 'p-1', type: 'billing', type_source: 'model' });
    expect(originalRead.filter((r) => r.topic_source === 'model' && r.topic)).not.toHaveLength(0);
    expect(await read(copy.id)).toEqual(originalRead);
  });

  it('pages through each table with a cursor: small pages write the same file', async () => {
    const paged = path.join(dir, 'paged.jsonl.gz');
    const counts = await backupWorkspace(db, 'shop', paged, { pageRows: 1_000 });
    expect(counts.items).toBe(2_346);
    const body = (f: string) => gunzipSync(readFileSync(f)).toString('utf8').split('\n').slice(1);
    const whole = body(file);
    expect(whole.length).toBeGreaterThan(2_346);
    expect(body(paged)).toEqual(whole);
  });

  // PostgreSQL only: the embedded database has one connection, so nothing can write during a backup.
  it.runIf(TEST_BACKEND === 'postgres')('writes one snapshot while another connection deletes and adds items', async () => {
    const ws = await ensureWorkspace(db, { slug: 'busy', name: '바쁜 워크스페이스' });
    await ingestItems(db, ws, Array.from({ length: 300 }, (_, i) => buildItem({ external_id: `s-${String(i).padStart(3, '0')}`, text: `배송 문의 ${i}` })));
    const before = (await snapshot(db, 'busy')).map((r) => r.external_id);
    const out = path.join(dir, 'busy.jsonl.gz');
    let page = 0;
    const counts = await backupWorkspace(db, 'busy', out, {
      pageRows: 50,
      // After each page another connection deletes the oldest item and adds a new one: pages by
      // OFFSET outside one snapshot would skip rows and pick up the new ones.
      afterPage: async () => {
        page++;
        await db.query("DELETE FROM items WHERE workspace_id = $1 AND external_id = (SELECT min(external_id) FROM items WHERE workspace_id = $1 AND external_id LIKE 's-%')", [ws.id]);
        await ingestItems(db, ws, [buildItem({ external_id: `new-${page}`, text: '백업 중 들어온 문의' })]);
      },
    });
    expect(page).toBeGreaterThan(5);
    expect(counts.items).toBe(300);
    const lines = gunzipSync(readFileSync(out)).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    const ids = lines.filter((l) => l.t === 'items').map((l) => l.r.external_id as string);
    expect(ids.sort()).toEqual(before.sort());
  });

  /** What a failed restore must leave untouched: every workspace and every item in the database. */
  const everything = async () => ({
    workspaces: await db.query('SELECT slug, pseudonym_key, timezone, sla_settings FROM workspaces ORDER BY slug'),
    items: await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items'),
    topics: await db.query<{ n: number }>('SELECT count(*)::int AS n FROM topics'),
    metrics: await db.query<{ n: number }>('SELECT count(*)::int AS n FROM business_metrics'),
  });
  const failure = async (promise: Promise<unknown>): Promise<SoriError> => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SoriError);
    return error as SoriError;
  };

  it('refuses to restore into a workspace that has items, and leaves its pseudonym key alone', async () => {
    const before = await everything();
    const shop = (await findWorkspaceBySlug(db, 'shop'))!;
    const other = await ensureWorkspace(db, { slug: 'other-shop', name: '다른 쇼핑몰' });
    await ingestItems(db, other, [buildItem({ external_id: 'o-1', customer_id: 'cust-1' })]);
    const [refBefore] = await snapshot(db, 'other-shop');
    for (const [slug, key] of [
      ['other-shop', other.pseudonym_key],
      ['shop', shop.pseudonym_key], // the backup's own workspace, without --as
    ] as const) {
      const error = await failure(restoreWorkspace(db, file, slug === 'shop' ? undefined : slug));
      expect(error.code).toBe('conflict');
      expect(error.message).toContain(`workspace "${slug}" already has data`);
      expect(error.message).toContain('--as');
      expect(error.message).toContain('이미 데이터가 있습니다');
      expect((await findWorkspaceBySlug(db, slug))!.pseudonym_key).toBe(key);
    }
    // Nothing merged in: the other workspace still has its one item, with the same customer ref.
    expect(await snapshot(db, 'other-shop')).toEqual([refBefore]);
    // The same customer sent again still gets the same ref (one customer, one ref).
    await ingestItems(db, other, [buildItem({ external_id: 'o-2', customer_id: 'cust-1' })]);
    const refs = (await snapshot(db, 'other-shop')).map((r) => r.customer_ref);
    expect(new Set(refs).size).toBe(1);
    expect((await everything()).workspaces).toHaveLength(before.workspaces.length + 1);
  });

  it('refuses a workspace with data other than items (a business metric)', async () => {
    const ws = await ensureWorkspace(db, { slug: 'metrics-only', name: '지표만' });
    await upsertMetrics(db, ws.id, [{ day: '2026-11-01', name: 'orders', value: 1 }]);
    expect((await failure(restoreWorkspace(db, file, 'metrics-only'))).code).toBe('conflict');
    expect((await findWorkspaceBySlug(db, 'metrics-only'))!.pseudonym_key).toBe(ws.pseudonym_key);
  });

  it('restores into an existing empty workspace (like the auto-created default), taking the backup\'s key and time zone', async () => {
    const empty = await ensureWorkspace(db, { slug: 'empty-one', name: '빈 워크스페이스', timezone: 'UTC' });
    const shop = (await findWorkspaceBySlug(db, 'shop'))!;
    expect(empty.pseudonym_key).not.toBe(shop.pseudonym_key);
    const { workspace, counts } = await restoreWorkspace(db, file, 'empty-one');
    expect(workspace.id).toBe(empty.id);
    expect(workspace.name).toBe('빈 워크스페이스');
    expect(workspace.timezone).toBe(shop.timezone);
    expect(workspace.pseudonym_key).toBe(shop.pseudonym_key);
    expect(counts.items).toBe(2_346);
    expect(await snapshot(db, 'empty-one')).toEqual(await snapshot(db, 'shop'));
    expect(await diffRollups(db, empty.id)).toEqual([]);
  });

  it('raises the restored workspace\'s "work out again" flags: items may come with SLA deadlines or cancellation reasons not worked out yet', async () => {
    // (A backup taken after SLA settings were saved, before any report: deadlines not worked out,
    // the original's flag raised — the copy's was false, and its reports used the old deadlines for good.)
    const { workspace } = await restoreWorkspace(db, file, 'stale-copy');
    const [flags] = await db.query<{ sla_stale: boolean; churn_stale: boolean }>('SELECT sla_stale, churn_stale FROM workspaces WHERE id = $1', [workspace.id]);
    expect(flags).toEqual({ sla_stale: true, churn_stale: true });
  });

  it('two restores into the same new slug at once: one wins, the other is refused', async () => {
    const results = await Promise.allSettled([restoreWorkspace(db, file, 'race'), restoreWorkspace(db, file, 'race')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'conflict' });
    expect(await snapshot(db, 'race')).toEqual(await snapshot(db, 'shop'));
  });

  it('a truncated file is all or nothing: no workspace, no items, a clear message', async () => {
    const gz = readFileSync(file);
    // Cut near the end, so the first batches of items were written before the error.
    const truncated = path.join(dir, 'truncated.jsonl.gz');
    writeFileSync(truncated, gz.subarray(0, gz.length - 64));
    const readable = gunzipSync(gz.subarray(0, gz.length - 64), { finishFlush: zlib.Z_SYNC_FLUSH }).toString('utf8');
    expect(readable.split('\n').filter((l) => l.startsWith('{"t":"items"')).length).toBeGreaterThan(2_000); // a whole batch of 2,000
    const before = await everything();
    const error = await failure(restoreWorkspace(db, truncated, 'truncated'));
    expect(error.code).toBe('validation_failed');
    expect(error.message).toContain('backup file is damaged or truncated');
    expect(error.message).toContain('백업 파일이 손상되었거나 잘렸습니다');
    expect(await findWorkspaceBySlug(db, 'truncated')).toBeNull();
    expect(await everything()).toEqual(before);
  });

  it('a bad line after thousands of good ones rolls everything back', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(2_300);
    const broken = path.join(dir, 'broken.jsonl.gz');
    writeFileSync(broken, gzipSync([...lines, '{"t":"items","r":'].join('\n') + '\n'));
    const before = await everything();
    const error = await failure(restoreWorkspace(db, broken, 'broken'));
    expect(error.message).toContain(`backup line ${lines.length + 1} is not JSON`);
    expect(await findWorkspaceBySlug(db, 'broken')).toBeNull();
    expect(await everything()).toEqual(before);
  });

  it('a file cut between two lines (no end line, or fewer rows than it counts) is refused, nothing restored', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ end: { items: 2_346, business_metrics: 1 } });
    const before = await everything();
    // Whole lines only: the items kept, the metrics, webhooks and comments after them gone.
    const cut = path.join(dir, 'cut.jsonl.gz');
    const lastItem = lines.map((l) => l.startsWith('{"t":"items"')).lastIndexOf(true);
    writeFileSync(cut, gzipSync(lines.slice(0, lastItem + 1).join('\n') + '\n'));
    const noEnd = await failure(restoreWorkspace(db, cut, 'cut'));
    expect(noEnd.message).toContain('backup file is incomplete (the end of the file is missing)');
    expect(noEnd.message).toContain('백업 파일이 완전하지 않아');
    // The end line kept, an item line dropped.
    writeFileSync(cut, gzipSync([...lines.slice(0, 5), ...lines.slice(6)].join('\n') + '\n'));
    expect((await failure(restoreWorkspace(db, cut, 'cut'))).message).toMatch(/items: 2345 of 2346 rows/);
    expect(await findWorkspaceBySlug(db, 'cut')).toBeNull();
    expect(await everything()).toEqual(before);
    // A newer format says so.
    writeFileSync(cut, gzipSync(lines[0]!.replace('sori-backup/1', 'sori-backup/2') + '\n'));
    expect((await failure(restoreWorkspace(db, cut, 'cut'))).message).toContain('made by a newer Sori (sori-backup/2');
  });

  it('a backup that fails keeps the earlier backup of that name; the file is readable by its owner only', async () => {
    const target = path.join(dir, 'keep.jsonl.gz');
    // Items a file import stored carry its run id (a run of this database, not in the backup).
    await db.query("UPDATE items SET import_run_id = 424242 WHERE external_id = 'b-1' AND workspace_id = (SELECT id FROM workspaces WHERE slug = 'shop')");
    await backupWorkspace(db, 'shop', target);
    const good = readFileSync(target);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    let pages = 0;
    const failed = await backupWorkspace(db, 'shop', target, { pageRows: 500, afterPage: async () => {
      if (++pages === 3) throw new Error('disk full');
    } }).catch((e: Error) => e);
    expect((failed as Error).message).toBe('disk full');
    expect(readFileSync(target).equals(good)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    // The restored items carry no import run of the database they came from.
    const { workspace } = await restoreWorkspace(db, target, 'keep-check');
    const [{ runs }] = await db.query<{ runs: number }>('SELECT count(import_run_id)::int AS runs FROM items WHERE workspace_id = $1', [workspace.id]);
    expect(runs).toBe(0);
  });

  it('a file that is not gzip, a missing file, or a bad --as slug: clear errors, nothing written', async () => {
    const before = await everything();
    const plain = path.join(dir, 'plain.jsonl');
    writeFileSync(plain, '{"format":"sori-backup/1"}\n');
    const notGzip = await failure(restoreWorkspace(db, plain, 'plain'));
    expect(notGzip.message).toContain('not a Sori backup');

    const missing = await failure(restoreWorkspace(db, path.join(dir, 'nope.jsonl.gz'), 'nope'));
    expect(missing.code).toBe('not_found');
    expect(missing.message).toContain('backup file not found');
    expect(missing.message).toContain('백업 파일이 없습니다');

    const folder = await failure(restoreWorkspace(db, dir, 'folder'));
    expect(folder.message).toContain('not a file');

    for (const slug of ['한글 슬러그', 'Shop', '-shop', '', 'a'.repeat(64), 'shop_copy']) {
      const bad = await failure(restoreWorkspace(db, file, slug));
      expect(bad.code, slug).toBe('validation_failed');
      expect(bad.message).toContain('is not a workspace slug');
      expect(bad.message).toContain('슬러그');
    }
    expect((await restoreWorkspace(db, file, 'a'.repeat(63))).workspace.slug).toBe('a'.repeat(63));
    expect((await everything()).workspaces).toHaveLength(before.workspaces.length + 1);
    await db.query('DELETE FROM workspaces WHERE slug = $1', ['a'.repeat(63)]);
    expect(await everything()).toEqual(before);
  });

  it('a backup to a path that cannot be written is a clear error and leaves no file', async () => {
    const noFolder = await failure(backupWorkspace(db, 'shop', path.join(dir, 'no-such-folder', 'x.jsonl.gz')));
    expect(noFolder.code).toBe('bad_request');
    expect(noFolder.message).toContain('cannot write the backup file');
    expect(noFolder.message).toContain('ENOENT');
    expect(noFolder.message).toContain('백업 파일을 쓸 수 없습니다');
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder);
    expect((await failure(backupWorkspace(db, 'shop', folder))).message).toContain('EISDIR');
    expect((await failure(backupWorkspace(db, 'no-such-ws', path.join(dir, 'y.jsonl.gz')))).code).toBe('workspace_not_found');
  });

  /** A small workspace of its own for the tests below (the shop's 2,346 items make slow files). */
  const small = async (slug: string) => {
    const ws = await ensureWorkspace(db, { slug, name: `작은 ${slug}` });
    await ingestItems(db, ws, Array.from({ length: 5 }, (_, i) => buildItem({ external_id: `${slug}-${i}`, text: `배송 문의 ${i}` })));
    return ws;
  };
  const linesOf = (f: string) => gunzipSync(readFileSync(f)).toString('utf8').trimEnd().split('\n');
  const writeLines = (f: string, lines: string[]) => writeFileSync(f, gzipSync(lines.join('\n') + '\n'));

  it("carries the conversation update log: a customer's message that arrives after the restore is answered as in the original", async () => {
    const ws = await small('chats');
    // An agent answered a chat whose customer message has not arrived yet: the update waits in the log.
    const update = { source: 'channeltalk', conversation_id: 'chat-77', at: '2026-11-03T10:05:00+09:00', first_response_at: '2026-11-03T10:05:00+09:00', handled_by: 'human' as const };
    expect((await applyConversationUpdates(db, ws, 'channeltalk', [update])).pending).toEqual(['chat-77']);
    const out = path.join(dir, 'chats.jsonl.gz');
    expect(await backupWorkspace(db, 'chats', out)).toMatchObject({ conversation_update_log: 1 });
    const { workspace: copy, counts } = await restoreWorkspace(db, out, 'chats-copy');
    expect(counts.conversation_update_log).toBe(1);
    const message = buildItem({ external_id: 'late-1', source: 'channeltalk', created_at: '2026-11-03T10:00:00+09:00', text: '환불 언제 되나요?', metadata: { conversation_id: 'chat-77' } });
    const answered = async (target: typeof ws) => {
      await ingestItems(db, target, [message]);
      await applyPendingConversationUpdates(db, target, 'channeltalk', ['chat-77'], ['late-1']);
      const [row] = await db.query<{ first_response_at: Date | null }>("SELECT first_response_at FROM items WHERE workspace_id = $1 AND external_id = 'late-1'", [target.id]);
      return row?.first_response_at ?? null;
    };
    const original = await answered(ws);
    expect(original).toEqual(new Date('2026-11-03T01:05:00Z'));
    expect(await answered(copy)).toEqual(original);
  });

  it('restore --as keeps webhook receivers whose slug is free here, and reports the ones it skips (slug taken)', async () => {
    const ws = await small('hooks');
    const kept = await createWebhookEndpoint(db, { workspaceId: ws.id, adapter: 'generic', source: 'crm' });
    const taken = await createWebhookEndpoint(db, { workspaceId: ws.id, adapter: 'channeltalk', source: 'channeltalk' });
    const out = path.join(dir, 'hooks.jsonl.gz');
    expect(await backupWorkspace(db, 'hooks', out)).toMatchObject({ webhook_endpoints: 2 });
    // The original gave up one receiver since (as if it was restored into another installation).
    await db.query('DELETE FROM webhook_endpoints WHERE id = $1', [kept.id]);
    const restored = await restoreWorkspace(db, out, 'hooks-copy');
    expect(restored.skippedWebhooks).toEqual([{ slug: taken.slug, adapter: 'channeltalk', source: 'channeltalk' }]);
    expect(restored.counts.webhook_endpoints).toBe(1);
    const hooks = await db.query<{ slug: string; secret: string; workspace_id: number }>('SELECT slug, secret, workspace_id FROM webhook_endpoints WHERE slug = ANY($1) ORDER BY id', [[kept.slug, taken.slug]]);
    expect(hooks).toEqual([
      { slug: taken.slug, secret: taken.secret, workspace_id: ws.id }, // left to its owner
      { slug: kept.slug, secret: kept.secret, workspace_id: restored.workspace.id },
    ]);
  });

  it('keeps correction and comment authors: users matched by e-mail, unmatched e-mails kept on the corrections and reported', async () => {
    const ws = await small('authors');
    const stay = await createUser(db, { email: 'stay@example.kr', name: '남는 사람', role: 'operator' });
    const gone = await createUser(db, { email: 'gone@example.kr', name: '없는 사람', role: 'operator' });
    const [first, second] = await db.query<{ id: string }>('SELECT id::text AS id FROM items WHERE workspace_id = $1 ORDER BY id LIMIT 2', [ws.id]);
    await correctItemLabels(db, ws.id, first!.id, { type: 'billing' }, stay.id);
    await correctItemLabels(db, ws.id, second!.id, { type: 'cancellation' }, gone.id);
    const topic = await createTopic(db, ws.id, { name: '배송' });
    await addTopicComment(db, ws.id, topic.id, { userId: stay.id, author: '남는 사람', body: '택배사 파업' });
    const out = path.join(dir, 'authors.jsonl.gz');
    await backupWorkspace(db, 'authors', out);
    // The target installation has no user gone@example.kr (a fresh one has none at all).
    await db.query('DELETE FROM users WHERE id = $1', [gone.id]);
    const restored = await restoreWorkspace(db, out, 'authors-copy');
    expect(restored.unmatchedAuthors).toEqual(['gone@example.kr']);
    const authors = (id: number) =>
      db.query(
        `SELECT c.new_value, c.user_id, c.author_email FROM label_corrections c WHERE c.workspace_id = $1 ORDER BY c.id`,
        [id],
      );
    expect(await authors(restored.workspace.id)).toEqual([
      { new_value: 'billing', user_id: stay.id, author_email: null },
      { new_value: 'cancellation', user_id: null, author_email: 'gone@example.kr' },
    ]);
    const [comment] = await db.query('SELECT user_id, author, body FROM topic_comments WHERE workspace_id = $1', [restored.workspace.id]);
    expect(comment).toEqual({ user_id: stay.id, author: '남는 사람', body: '택배사 파업' });
    // A backup of the copy still names both authors.
    const again = path.join(dir, 'authors-again.jsonl.gz');
    await backupWorkspace(db, 'authors-copy', again);
    const emails = linesOf(again).map((l) => JSON.parse(l)).filter((l) => l.t === 'label_corrections').map((l) => l.r.user_email);
    expect(emails).toEqual(['stay@example.kr', 'gone@example.kr']);
  });

  it("refuses a header whose time zone or SLA settings the API would refuse; nothing restored", async () => {
    await small('header');
    const out = path.join(dir, 'header.jsonl.gz');
    await backupWorkspace(db, 'header', out);
    const [head, ...rest] = linesOf(out);
    const edited = path.join(dir, 'header-edited.jsonl.gz');
    const withHeader = (change: (w: Record<string, unknown>) => void) => {
      const h = JSON.parse(head!);
      change(h.workspace);
      writeLines(edited, [JSON.stringify(h), ...rest]);
    };
    const before = await everything();
    withHeader((w) => (w.timezone = 'IST'));
    const zone = await failure(restoreWorkspace(db, edited, 'header-copy'));
    expect(zone.code).toBe('validation_failed');
    expect(zone.message).toContain(`the backup's time zone "IST" is not an IANA time zone name`);
    expect(zone.message).toContain('IANA 시간대 이름이 아니어서');
    withHeader((w) => (w.sla_settings = { businessHours: { twentyFourSeven: true }, policies: [{ id: 'chat', name: '채팅', firstResponseTargetMs: '5분' }] }));
    const sla = await failure(restoreWorkspace(db, edited, 'header-copy'));
    expect(sla.message).toContain("the backup's SLA settings are not valid (workspace.sla_settings.policies.0.firstResponseTargetMs");
    expect(sla.message).toContain('백업의 SLA 설정이 올바르지 않아');
    expect(await findWorkspaceBySlug(db, 'header-copy')).toBeNull();
    expect(await everything()).toEqual(before);
    // A zone by another spelling of its IANA name is stored by its canonical name.
    withHeader((w) => (w.timezone = 'asia/tokyo'));
    expect((await restoreWorkspace(db, edited, 'header-copy')).workspace.timezone).toBe('Asia/Tokyo');
  });

  it('a row the database refuses names its table and line (in a batch, or one by one); everything rolls back', async () => {
    await small('refused');
    const ws = (await findWorkspaceBySlug(db, 'refused'))!;
    const [item] = await db.query<{ id: string }>('SELECT id::text AS id FROM items WHERE workspace_id = $1 ORDER BY id LIMIT 1', [ws.id]);
    await correctItemLabels(db, ws.id, item!.id, { type: 'billing' }, null);
    const out = path.join(dir, 'refused.jsonl.gz');
    await backupWorkspace(db, 'refused', out);
    const lines = linesOf(out);
    const edited = path.join(dir, 'refused-edited.jsonl.gz');
    const before = await everything();
    // An item's channel no channel is (a batch of items: found again one by one).
    const itemLine = lines.findIndex((l) => l.startsWith('{"t":"items"')) + 2;
    writeLines(edited, lines.map((l, i) => (i === itemLine - 1 ? l.replace(/"channel":"chat"/, '"channel":"fax"') : l)));
    const channel = await failure(restoreWorkspace(db, edited, 'refused-copy'));
    expect(channel.code).toBe('validation_failed');
    expect(channel.message).toContain(`backup line ${itemLine} (items) cannot be restored`);
    expect(channel.message).toContain('items_channel_check');
    expect(channel.message).toContain(`백업 파일 ${itemLine}번째 줄(items)을 복원할 수 없어`);
    // A correction of a field there is none of (restored one by one).
    const correctionLine = lines.findIndex((l) => l.startsWith('{"t":"label_corrections"')) + 1;
    writeLines(edited, lines.map((l, i) => (i === correctionLine - 1 ? l.replace('"field":"type"', '"field":"mood"') : l)));
    const field = await failure(restoreWorkspace(db, edited, 'refused-copy'));
    expect(field.message).toContain(`backup line ${correctionLine} (label_corrections) cannot be restored`);
    expect(await findWorkspaceBySlug(db, 'refused-copy')).toBeNull();
    expect(await everything()).toEqual(before);
  });

  it('restores into the other kind of database (PGlite ↔ PostgreSQL)', async () => {
    // In the PGlite run the target is a second PGlite; in the PostgreSQL run it is PGlite too.
    const target = await openDb({});
    try {
      await migrate(target);
      await restoreWorkspace(target, file);
      expect(await snapshot(target, 'shop')).toEqual(await snapshot(db, 'shop'));
    } finally {
      await target.close();
    }
  });
});
