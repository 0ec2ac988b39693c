import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { ingestItems } from '../ingest/pipeline.js';
import { backupWorkspace, restoreWorkspace } from './backup.js';
import { openDb, type Db } from './db.js';
import { migrate } from './migrate.js';
import { upsertMetrics } from './queries/business-metrics.js';
import { ensureWorkspace } from './queries/workspaces.js';

const snapshot = (db: Db, slug: string) =>
  db.query(
    `SELECT i.source, i.external_id, i.channel, i.created_at, i.text, i.pii_kinds, i.customer_ref, i.metadata, i.rating
     FROM items i JOIN workspaces w ON w.id = i.workspace_id WHERE w.slug = $1 ORDER BY i.source, i.external_id`,
    [slug],
  );

describe(`backup and restore (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'sori-backup-')), 'ws.jsonl.gz');

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    const ws = await ensureWorkspace(db, { slug: 'shop', name: '쇼핑몰' });
    const items = Array.from({ length: 2_345 }, (_, i) =>
      buildItem({ external_id: `b-${i}`, text: `문의 ${i}: 주문 취소하고 싶어요 ${i % 10 === 0 ? 'park@daum.net' : ''}`, rating: (i % 5) + 1, metadata: { 태그: ['취소', `t${i % 3}`] } }),
    );
    await ingestItems(db, ws, items);
    await upsertMetrics(db, ws.id, [{ day: '2026-11-01', name: 'orders', value: 999 }]);
  });
  afterAll(() => close());

  it('round-trips a workspace under another name, twice without duplicates', async () => {
    const counts = await backupWorkspace(db, 'shop', file);
    expect(counts).toMatchObject({ items: 2_345, business_metrics: 1 });
    const first = await restoreWorkspace(db, file, 'shop-copy');
    expect(first.counts.items).toBe(2_345);
    await restoreWorkspace(db, file, 'shop-copy');
    expect(await snapshot(db, 'shop-copy')).toEqual(await snapshot(db, 'shop'));
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
