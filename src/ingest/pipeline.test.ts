import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import type { Db } from '../store/db.js';
import { getItem, listItems, summarizeItems } from '../store/queries/list-items.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { ingestItems, type Enrichment } from './pipeline.js';
import { WORKER_MIN_ROWS } from './enrich.js';
import type { ItemRow } from '../store/queries/upsert-items.js';
import { prepareItem } from './prepare-item.js';

describe(`ingest pipeline (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  let other: Workspace;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'acme', name: '에이크미' });
    other = await ensureWorkspace(db, { slug: 'other', name: '다른 회사' });
  });
  afterAll(() => close());

  it('stores items with PII redacted and a pseudonymous customer reference', async () => {
    const result = await ingestItems(db, ws, [
      buildItem({
        external_id: 'pii-1',
        text: '환불 받을 계좌는 국민은행 123456-01-123456 이고 연락처는 010-1234-5678 입니다. kim.minsu@naver.com',
        customer_id: 'member-42',
      }),
    ]);
    expect(result).toMatchObject({ received: 1, accepted: 1, inserted: 1, updated: 0, rejected: 0 });
    const { items } = await listItems(db, ws.id, {}, { limit: 10 });
    const item = items.find((i) => i.external_id === 'pii-1')!;
    expect(item.text).not.toContain('010-1234-5678');
    expect(item.text).not.toContain('123456-01-123456');
    expect(item.text).not.toContain('kim.minsu@naver.com');
    expect(item.text).toContain('[전화번호]');
    expect(item.pii_kinds).toEqual(expect.arrayContaining(['phone', 'email', 'account']));
    expect(item.customer_ref).toMatch(/^c_/);
    expect(item.customer_ref).not.toContain('member-42');
    expect(item.language).toBe('ko');
    expect(item.created_at.toISOString()).toBe('2026-11-02T01:15:00.000Z');
  });

  it('is idempotent: a re-sent item updates, never duplicates; an identical one is unchanged', async () => {
    const item = buildItem({ external_id: 'idem-1', text: '로그인이 안 돼요' });
    expect((await ingestItems(db, ws, [item])).inserted).toBe(1);
    expect(await ingestItems(db, ws, [item])).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const changed = { ...item, text: '로그인이 계속 안 돼요. 비밀번호를 바꿔도 안 됩니다', status: 'resolved' as const };
    expect(await ingestItems(db, ws, [changed])).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const rows = await db.query<{ n: number; text: string; status: string }>(
      "SELECT count(*)::int AS n, max(text) AS text, max(status) AS status FROM items WHERE workspace_id = $1 AND external_id = 'idem-1'",
      [ws.id],
    );
    expect(rows[0]).toEqual({ n: 1, text: changed.text, status: 'resolved' });
  });

  it('reads a source, id, customer, agent and order written decomposed (NFD, a macOS clipboard) as the composed ones: one item, one customer', async () => {
    const nfd = (s: string) => s.normalize('NFD');
    const composed = buildItem({ external_id: '문의-5', source: '카카오톡', customer_id: '고객-김민지', assignee: '박상담', order_ref: '주문-991', text: '배송지 변경 가능할까요' });
    const decomposed = { ...composed, external_id: nfd('문의-5'), source: nfd('카카오톡'), customer_id: nfd('고객-김민지'), assignee: nfd('박상담'), order_ref: nfd('주문-991') };
    expect(nfd('카카오톡')).not.toBe('카카오톡');
    expect((await ingestItems(db, ws, [composed])).inserted).toBe(1);
    expect(await ingestItems(db, ws, [decomposed])).toMatchObject({ inserted: 0, unchanged: 1 });
    expect((await ingestItems(db, ws, [{ ...decomposed, external_id: '문의-6', source: undefined }], { defaults: { source: nfd('카카오톡') } })).inserted).toBe(1);
    const rows = await db.query<{ source: string; customer_ref: string; assignee: string; order_ref: string }>(
      "SELECT source, customer_ref, assignee, order_ref FROM items WHERE workspace_id = $1 AND external_id IN ('문의-5', '문의-6')", [ws.id]);
    expect(new Set(rows.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(rows[0]).toMatchObject({ source: '카카오톡', assignee: '박상담' });
  });

  it('keeps the same external id apart across sources and workspaces', async () => {
    const a = buildItem({ external_id: 'shared-1', source: 'zendesk' });
    const b = buildItem({ external_id: 'shared-1', source: 'channeltalk' });
    expect((await ingestItems(db, ws, [a, b])).inserted).toBe(2);
    expect((await ingestItems(db, other, [a])).inserted).toBe(1);
  });

  it('lands the good items of a batch and reports each bad one with field and reason', async () => {
    const result = await ingestItems(db, ws, [
      buildItem({ external_id: 'good-1' }),
      buildItem({ external_id: 'bad-1', channel: 'fax' as never }),
      buildItem({ external_id: 'bad-2', created_at: '2026-02-31 10:00' }),
      buildItem({ external_id: 'bad-3', text: '   ' }),
      buildItem({ external_id: 'bad-4', rating: 9 }),
      'not an object',
      buildItem({ external_id: 'good-2' }),
    ]);
    expect(result).toMatchObject({ received: 7, accepted: 2, inserted: 2, rejected: 5 });
    expect(result.errors.map((e) => [e.index, e.field])).toEqual([
      [1, 'channel'],
      [2, 'created_at'],
      [3, 'text'],
      [4, 'rating'],
      [5, null],
    ]);
  });

  it('derives a stable id for items without one, so a re-import converges', async () => {
    const noId = { channel: 'board', source: 'csv', created_at: '2026-11-03 09:00', text: '배송지 변경 가능한가요?' };
    expect((await ingestItems(db, ws, [noId, noId])).inserted).toBe(1);
    expect((await ingestItems(db, ws, [noId])).unchanged).toBe(1);
  });

  describe('takes over items stored under the first derived-id formula (h:) instead of storing copies', () => {
    const stored = (source: string) =>
      db.query<{ id: string; external_id: string; text: string; title: string | null }>('SELECT id::text, external_id, text, title FROM items WHERE workspace_id = $1 AND source = $2 ORDER BY items.id', [ws.id, source]);
    /** Stores `item` as an earlier version did: under `externalId`, with `text` as that version's detectors left it. */
    const storeAsBefore = async (item: Record<string, unknown>, externalId: string, text: string) => {
      const { title: _title, ...untitled } = item;
      expect((await ingestItems(db, ws, [{ ...untitled, external_id: externalId }], { enrich: false })).inserted).toBe(1);
      // Its content hash was of that text.
      await db.query("UPDATE items SET text = $1, content_hash = 'before' WHERE workspace_id = $2 AND source = $3 AND external_id = $4", [text, ws.id, item.source, externalId]);
    };
    const legacyOf = (item: Record<string, unknown>) => {
      const p = prepareItem(item, ws);
      if (!p.ok) throw new Error('rejected');
      return p.row.legacy_external_ids!;
    };

    for (const [path, extra] of [['one statement', {}], ['the copied batch', { source_updated_at: '2026-03-02T12:00:00+09:00' }]] as const) {
      it(`renames them and updates them, text masked now (${path})`, async () => {
        const source = `legacy-${path.replaceAll(' ', '-')}`;
        const titled = { channel: 'board', source, created_at: '2026-03-02 10:00', title: '환불 문의', text: '환불 언제 되나요', ...extra };
        const spelled = { channel: 'board', source, created_at: '2026-03-02 11:00', text: '연락은 010-1234-5678 로 주세요', ...extra };
        // The titled post under the masked text's h: id; the other stored unmasked, under its unmasked text's.
        await storeAsBefore(titled, legacyOf(titled)[0]!, titled.text);
        await storeAsBefore(spelled, legacyOf(spelled)[1]!, spelled.text);
        const before = await stored(source);
        const result = await ingestItems(db, ws, [titled, spelled], { enrich: false });
        expect(result).toMatchObject({ inserted: 0, updated: 2 });
        const after = await stored(source);
        expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
        expect(after.map((r) => r.external_id)).toEqual([expect.stringMatching(/^h2:/), expect.stringMatching(/^h2:/)]);
        expect(after.map((r) => [r.title, r.text])).toEqual([['환불 문의', '환불 언제 되나요'], [null, '연락은 [전화번호] 로 주세요']]);
        expect((await ingestItems(db, ws, [titled, spelled], { enrich: false })).unchanged).toBe(2);
        expect(await stored(source)).toEqual(after);
      });
    }

    it('gives an item two rows of one batch shared under the first formula to the first of them; the other is a new item', async () => {
      const post = { channel: 'board', source: 'legacy-shared', created_at: '2024-03-05', title: '환불 요청' };
      const a = { ...post, text: '환불 계좌 신한 110-123-456789 입니다' };
      const b = { ...post, text: '환불 계좌 신한 110-987-654321 입니다' };
      expect(legacyOf(a)[0]).toBe(legacyOf(b)[0]);
      await storeAsBefore(a, legacyOf(a)[0]!, '환불 계좌 신한 [계좌번호] 입니다');
      const [old] = await stored('legacy-shared');
      expect(await ingestItems(db, ws, [a, b], { enrich: false })).toMatchObject({ inserted: 1, updated: 1 });
      const after = await stored('legacy-shared');
      expect(after).toHaveLength(2);
      const idOf = (item: Record<string, unknown>) => (prepareItem(item, ws) as { row: { external_id: string } }).row.external_id;
      expect(after[0]).toMatchObject({ id: old!.id, external_id: idOf(a) });
      expect(after[1]!.external_id).toBe(idOf(b));
    });
  });

  it('lists newest first with cursor pagination and filters, and finds by id', async () => {
    const batch = Array.from({ length: 25 }, (_, i) =>
      buildItem({
        external_id: `page-${i}`,
        source: 'paging',
        channel: i % 2 ? 'email' : 'chat',
        created_at: new Date(Date.UTC(2026, 10, 10, 0, i)).toISOString(),
        text: i === 7 ? '환불 요청합니다' : `문의 ${i}`,
      }),
    );
    await ingestItems(db, ws, batch);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listItems(db, ws.id, { source: 'paging' }, { cursor, limit: 10 });
      seen.push(...page.items.map((i) => i.external_id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(seen[0]).toBe('page-24');
    expect(new Set(seen).size).toBe(25);
    const emails = await listItems(db, ws.id, { source: 'paging', channel: ['email'] }, { limit: 100 });
    expect(emails.items).toHaveLength(12);
    const search = await listItems(db, ws.id, { q: '환불' }, { limit: 100 });
    expect(search.items.map((i) => i.external_id)).toContain('page-7');
    const found = await getItem(db, ws.id, search.items[0].id);
    expect(found?.id).toBe(search.items[0].id);
    expect(await getItem(db, other.id, search.items[0].id)).toBeNull();
    const summary = await summarizeItems(db, ws.id, 'Asia/Seoul', { source: 'paging' });
    expect(summary.total).toBe(25);
    expect(summary.by_channel).toEqual([
      { channel: 'chat', count: 13 },
      { channel: 'email', count: 12 },
    ]);
    expect(summary.by_day).toEqual([{ day: '2026-11-10', count: 25 }]);
  });

  it('stores a large batch in one go', async () => {
    const big = Array.from({ length: 3_000 }, (_, i) => buildItem({ external_id: `big-${i}`, source: 'bulk', text: `대량 문의 ${i}\t탭과\n줄바꿈 \\ 역슬래시` }));
    expect((await ingestItems(db, ws, big)).inserted).toBe(3_000);
    const [row] = await db.query<{ text: string }>("SELECT text FROM items WHERE external_id = 'big-5' AND source = 'bulk'");
    expect(row.text).toBe('대량 문의 5\t탭과\n줄바꿈 \\ 역슬래시');
  });

  it('stores a survey answer or review with only its score or stars — no labels, no duplicate group — and still refuses an inquiry without text (s24)', async () => {
    const survey = { channel: 'survey' as const, kind: 'survey_response' as const, source: 'nps-survey', created_at: '2026-11-03T10:00:00+09:00' };
    const r = await ingestItems(db, ws, [
      buildItem({ ...survey, external_id: 'nps-1', text: '', score: 9, customer_id: 'resp-1' }),
      buildItem({ ...survey, external_id: 'nps-2', text: undefined, score: 3 }),
      buildItem({ ...survey, external_id: 'nps-3', text: '   ', score: '10' as never }),
      buildItem({ ...survey, external_id: 'rev-1', channel: 'app_store', kind: 'review', text: '', rating: 5 }),
      buildItem({ ...survey, external_id: 'nps-4', text: '배송이 빨라서 좋아요', score: 10 }),
      // Refused as before: an inquiry (a chat) with a rating and no words, an answer with neither.
      buildItem({ ...survey, external_id: 'chat-1', channel: 'chat', kind: 'inquiry', text: '', rating: 5 }),
      buildItem({ ...survey, external_id: 'nps-5', text: '' }),
    ]);
    expect(r).toMatchObject({ inserted: 5, rejected: 2 });
    expect(r.errors.map((e) => [e.index, e.field, e.message])).toEqual([
      [5, 'text', 'text is empty / 본문이 비어 있습니다'],
      [6, 'text', 'text is empty / 본문이 비어 있습니다'],
    ]);
    const rows = await db.query<{ external_id: string; text: string; score: number | null; rating: number | null; type: string | null; topic_id: string | null; sentiment: string | null; dup_group: string | null; is_duplicate: boolean; language: string | null }>(
      "SELECT external_id, text, score, rating, type, topic_id::text AS topic_id, sentiment, dup_group::text AS dup_group, is_duplicate, language FROM items WHERE workspace_id = $1 AND source = 'nps-survey' ORDER BY external_id",
      [ws.id],
    );
    const blank = rows.filter((x) => x.text === '');
    expect(blank.map((x) => [x.external_id, x.score, x.rating])).toEqual([['nps-1', 9, null], ['nps-2', 3, null], ['nps-3', 10, null], ['rev-1', null, 5]]);
    // Nothing to read: no type ("uncertain" would count it among the unread), topic, sentiment, language or duplicate group
    // (every empty text would have been one group).
    for (const x of blank) expect(x).toMatchObject({ type: null, topic_id: null, sentiment: null, dup_group: null, is_duplicate: false, language: null });
    expect(rows.find((x) => x.external_id === 'nps-4')!.sentiment).not.toBeNull();
    // Counted where scores are counted: four NPS answers (two promoters, one detractor).
    const [day] = await db.query<{ scored: number; promoters: number; detractors: number }>(
      "SELECT sum(scored)::int AS scored, sum(promoters)::int AS promoters, sum(detractors)::int AS detractors FROM item_daily_counts WHERE workspace_id = $1 AND channel = 'survey'",
      [ws.id],
    );
    expect(day).toEqual({ scored: 4, promoters: 3, detractors: 1 });
    // A re-send is unchanged, not a new item.
    expect(await ingestItems(db, ws, [buildItem({ ...survey, external_id: 'nps-1', text: '', score: 9, customer_id: 'resp-1' })])).toMatchObject({ unchanged: 1 });
  });

  describe("a large batch's labels are made before its write turn (s24)", () => {
    const batch = (prefix: string) => Array.from({ length: WORKER_MIN_ROWS }, (_, i) => buildItem({ external_id: `${prefix}-${i}`, source: 'early', text: `배송 문의 ${prefix} ${i}번` }));
    /** An enrichment that labels every row 'bug' and records what it was asked; `during` runs inside the labelling. */
    const recording = (during: (rows: ItemRow[]) => Promise<void>) => {
      const calls: { label: string[][]; finish: string[][] } = { label: [], finish: [] };
      const enrichment: Enrichment = {
        // In one step, as TextEnrichment.enrich does (what the pipeline called before s24).
        before: async (rows) => {
          await enrichment.label!(rows);
          await enrichment.finish!(rows);
        },
        label: async (rows) => {
          calls.label.push(rows.map((r) => r.external_id));
          for (const r of rows) r.type = 'bug';
          await during(rows);
        },
        finish: async (rows) => {
          calls.finish.push(rows.map((r) => r.external_id));
        },
      };
      return { calls, enrichment };
    };

    it('labels a row another writer changed meanwhile in the write turn, so nothing is stored unlabelled', async () => {
      const items = batch('race');
      await ingestItems(db, ws, items, { enrich: false });
      // The same batch again, all identical but one new text: only that row is labelled first; while
      // it is, another writer changes race-7's stored row, so the batch's race-7 is written too.
      items[3] = { ...items[3]!, text: '배송 문의 race 3번 (수정)' };
      const { calls, enrichment } = recording(async (rows) => {
        if (calls.label.length === 1) await db.query("UPDATE items SET content_hash = 'changed-meanwhile', type = NULL WHERE source = 'early' AND external_id = 'race-7'");
        expect(rows.length).toBeGreaterThan(0);
      });
      const r = await ingestItems(db, ws, items, { enrich: enrichment });
      expect(calls.label).toEqual([['race-3'], ['race-7']]);
      expect(calls.finish).toEqual([['race-3', 'race-7']]);
      expect(r).toMatchObject({ updated: 2, unchanged: WORKER_MIN_ROWS - 2 });
      const stored = await db.query<{ external_id: string; type: string | null }>("SELECT external_id, type FROM items WHERE source = 'early' AND external_id IN ('race-3', 'race-7') ORDER BY external_id");
      expect(stored).toEqual([{ external_id: 'race-3', type: 'bug' }, { external_id: 'race-7', type: 'bug' }]);
    });

    it.runIf(TEST_BACKEND === 'pglite')('an API write arriving while the batch is labelled is stored before the batch, not after it', async () => {
      const order: string[] = [];
      const { enrichment } = recording(async () => {
        // A single-item call while the labels are being made (it takes a write turn, as every write does).
        const other = ingestItems(db, ws, [buildItem({ external_id: 'meanwhile', source: 'early', text: '결제가 안 돼요' })], { enrich: false }).then(() => {
          order.push('api write');
        });
        await Promise.race([other, new Promise((resolve) => setTimeout(resolve, 2_000))]);
        order.push('labels made');
      });
      await ingestItems(db, ws, batch('turn'), { enrich: enrichment });
      order.push('batch stored');
      // Before: the labels were made inside the batch's turn, and the call waited for the whole batch.
      expect(order).toEqual(['api write', 'labels made', 'batch stored']);
    });
  });
});

describe.runIf(TEST_BACKEND === 'postgres')('two writers racing on PostgreSQL', () => {
  it('converge on the same rows without duplicates or errors', async () => {
    const { openDb } = await import('../store/db.js');
    const { db, schema, close } = await openTestDb();
    const second = await openDb({ databaseUrl: process.env.TEST_DATABASE_URL, schema });
    try {
      const ws = await ensureWorkspace(db, { slug: 'race', name: '경쟁' });
      const batch = Array.from({ length: 2_000 }, (_, i) => buildItem({ external_id: `race-${i}`, source: 'race', customer_id: 'same' }));
      const results = await Promise.all([ingestItems(db, ws, batch), ingestItems(second, ws, batch), ingestItems(db, ws, batch.slice(500, 1_500))]);
      expect(results.reduce((s, r) => s + r.inserted, 0)).toBe(2_000);
      const [{ n }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM items WHERE source = 'race'");
      expect(n).toBe(2_000);
    } finally {
      await second.close();
      await close();
    }
  });
});
