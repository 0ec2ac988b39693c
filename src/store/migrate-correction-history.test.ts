import { describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { ingestItems } from '../ingest/pipeline.js';
import { listCorrections } from '../labels/correction-history.js';
import { migrate } from './migrate.js';
import { ensureWorkspace } from './queries/workspaces.js';

// Migration 047 (the correction history keeps its items on the batch), in a file of its own beside migrate.test.ts.
describe(`migration 047 (${TEST_BACKEND})`, () => {
  it("fills a batch made before it with its items and three of them, and keeps an undo's count under its new name", async () => {
    const old = await openTestDb({ through: '046' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'history', name: '수정 기록' });
      const texts = ['배송이 안 와요', '배송 조회가 안 돼요', '택배가 분실됐어요', '배송지 변경하고 싶어요'];
      await ingestItems(old.db, ws, texts.map((text, i) => buildItem({ external_id: `h-${i}`, text })), { enrich: false });
      const ids = (await old.db.query<{ id: string }>('SELECT id::text AS id FROM items WHERE workspace_id = $1 ORDER BY id', [ws.id])).map((r) => r.id);
      // A correction as 045/046 recorded it: the batch (no items, no samples), a label of each item with its before-state.
      const [batch] = await old.db.query<{ id: string }>(
        `INSERT INTO label_correction_batches (workspace_id, created_by, correction, changed, undone_items) VALUES ($1, '상담원@sori.test', '{"sentiment":"negative"}', 4, 0) RETURNING id::text AS id`,
        [ws.id],
      );
      await old.db.query(
        `INSERT INTO label_corrections (workspace_id, item_id, field, old_value, new_value, batch_id, before)
         SELECT $1, id, 'sentiment', 'neutral', 'negative', $2, '{"locked": false}'::jsonb FROM unnest($3::bigint[]) AS t(id)`,
        [ws.id, batch!.id, ids],
      );
      const made = { batch_id: batch!.id };
      expect(await migrate(old.db)).toContain('047_correction_history.sql');
      const [entry] = await listCorrections(old.db, ws.id);
      expect(entry).toMatchObject({ id: made.batch_id, items: 4, changed: 4, undone_labels: 0 });
      expect(entry!.sample.map((s) => s.id)).toEqual(ids.slice(0, 3));
      expect(entry!.sample[0]!.text).toBe('배송이 안 와요');
    } finally {
      await old.close();
    }
  });
});
