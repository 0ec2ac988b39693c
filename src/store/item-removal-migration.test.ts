import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { ingestItems } from '../ingest/pipeline.js';
import { backupWorkspace, restoreWorkspace } from './backup.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { ensureWorkspace } from './queries/workspaces.js';

// Migration 040: the run that created each item (items.created_run_id), backfilled as well as can be known.
describe(`040 item removal: the run that created an item (${TEST_BACKEND})`, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sori-040-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const createdRuns = async (db: Db, workspaceId: number) =>
    Object.fromEntries(
      (await db.query<{ external_id: string; created_run_id: string | null }>(
        'SELECT external_id, created_run_id::text AS created_run_id FROM items WHERE workspace_id = $1 ORDER BY external_id',
        [workspaceId],
      )).map((r) => [r.external_id, r.created_run_id]),
    );

  it('backfills the creating run when the row arrived during the run it names, else leaves it unknown; then inserts set it and updates keep it', async () => {
    const old = await openTestDb({ through: '039' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'shop', name: '쇼핑몰' });
      const other = await ensureWorkspace(old.db, { slug: 'other', name: '다른 곳' });
      const run = async (workspaceId: number, startedAt: string, finishedAt: string | null, status = 'completed', heartbeatAt: string | null = null) =>
        (await old.db.query<{ id: string }>(
          `INSERT INTO import_runs (workspace_id, file_name, format, status, started_at, finished_at, heartbeat_at)
           VALUES ($1, 'f.csv', 'csv', $2, $3, $4, $5) RETURNING id::text AS id`,
          [workspaceId, status, startedAt, finishedAt, heartbeatAt],
        ))[0]!.id;
      const r1 = await run(ws.id, '2026-11-01T01:00:00Z', '2026-11-01T01:10:00Z');
      const r2 = await run(ws.id, '2026-11-02T01:00:00Z', '2026-11-02T01:10:00Z');
      const r3 = await run(ws.id, '2026-11-03T01:00:00Z', null, 'failed', '2026-11-03T01:05:00Z');
      const foreign = await run(other.id, '2026-11-01T01:00:00Z', '2026-11-01T01:10:00Z');
      const items = ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => buildItem({ external_id: k, source: 'old', text: `문의 ${k} 배송 확인 부탁드립니다` }));
      await ingestItems(old.db, ws, items, { enrich: false });
      // As stored before 040: the run each row names (its last writer) and when it first arrived.
      const set = (k: string, runId: string | null, receivedAt: string) =>
        old.db.query('UPDATE items SET import_run_id = $2::bigint, received_at = $3 WHERE workspace_id = $1 AND external_id = $4', [ws.id, runId, receivedAt, k]);
      await set('a', r1, '2026-11-01T01:05:00Z'); // created by r1
      await set('b', r2, '2026-11-01T01:05:00Z'); // created by r1, updated by r2: unknown
      await set('c', null, '2026-11-01T01:05:00Z'); // an API item (or r1's, updated by an API call): unknown
      await set('d', r3, '2026-11-03T01:04:00Z'); // a run that died: within its start and last batch
      await set('e', r3, '2026-11-03T02:00:00Z'); // after r3's last batch: not r3's
      await set('f', foreign, '2026-11-01T01:05:00Z'); // another workspace's run: no
      expect(await migrate(old.db)).toContain('040_item_removal.sql');
      expect(await createdRuns(old.db, ws.id)).toEqual({ a: r1, b: null, c: null, d: r3, e: null, f: null });

      // From now on every insert records its run, and an update by another run keeps it.
      const r4 = await run(ws.id, '2026-11-04T01:00:00Z', null, 'running');
      const r5 = await run(ws.id, '2026-11-05T01:00:00Z', null, 'running');
      const fresh = [buildItem({ external_id: 'g', source: 'old', text: '새로 들어온 문의입니다' })];
      await ingestItems(old.db, ws, fresh, { enrich: false, importRunId: r4 });
      await ingestItems(old.db, ws, [{ ...fresh[0]!, text: '새로 들어온 문의입니다 (수정됨)' }, buildItem({ external_id: 'h', source: 'old', text: '또 다른 문의' })], { enrich: false, importRunId: r5 });
      const [g] = await old.db.query<{ import_run_id: string; created_run_id: string }>("SELECT import_run_id::text AS import_run_id, created_run_id::text AS created_run_id FROM items WHERE external_id = 'g'");
      expect(g).toEqual({ import_run_id: r5, created_run_id: r4 });
      expect((await createdRuns(old.db, ws.id)).h).toBe(r5);

      // A restored item names no run of this database: neither its last writer nor its creator.
      const file = path.join(dir, 'shop.jsonl.gz');
      await backupWorkspace(old.db, 'shop', file);
      await restoreWorkspace(old.db, file, 'shop-copy');
      const [copy] = await old.db.query<{ id: number }>("SELECT id FROM workspaces WHERE slug = 'shop-copy'");
      const restored = await createdRuns(old.db, copy!.id);
      expect(Object.keys(restored)).toHaveLength(8);
      expect(Object.values(restored).every((v) => v === null)).toBe(true);
    } finally {
      await old.close();
    }
  });
});
