import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { textEnrichmentFor } from '../ingest/enrich.js';
import { ingestItems } from '../ingest/pipeline.js';
import { listItems } from './queries/list-items.js';
import { searchRanges } from './queries/search-index.js';
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

  it('round-trips a workspace under another name, twice without duplicates', async () => {
    const counts = await backupWorkspace(db, 'shop', file);
    expect(counts).toMatchObject({ items: 2_346, business_metrics: 1, topics: 2, item_types: 2, topic_comments: 1 });
    const first = await restoreWorkspace(db, file, 'shop-copy');
    expect(first.counts.items).toBe(2_346);
    await restoreWorkspace(db, file, 'shop-copy');
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
