/**
 * Bulk label corrections: stores N generated Korean items (bench/gen-items.ts, labelled at import)
 * in a fresh database, then times correcting the largest allowed selection — 10,000 items, by id
 * and by a filter (a search), as `POST /items/labels` does (src/labels/correct-label.ts) — and
 * checks the rollups still equal a recount; then takes the first correction back (POST /items/labels/undo,
 * src/labels/undo-correction.ts) and times that too, and the correction history's pages (GET
 * /labels/corrections, src/labels/correction-history.ts) with those two 10,000-item corrections among
 * 200 single ones. Measures wall time; never fails on it.
 *
 *   node --import tsx bench/bulk-labels.bench.ts [--count 100000] [--backend pglite|postgres]
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importFile } from '../src/ingest/import-file.js';
import { correctManyItemLabels, MAX_BULK_CORRECTION } from '../src/labels/correct-label.js';
import { undoCorrection } from '../src/labels/undo-correction.js';
import { listCorrections } from '../src/labels/correction-history.js';
import { correctItemLabels } from '../src/labels/correct-label.js';
import { openDb } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { diffRollups } from '../src/store/queries/item-daily-counts.js';
import { matchingItemIds } from '../src/store/queries/list-items.js';
import { createTopic } from '../src/store/queries/topics.js';
import { ensureWorkspace } from '../src/store/queries/workspaces.js';
import { itemsCsv } from './items-csv.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '100000' }, backend: { type: 'string', default: 'pglite' } } });
const count = Number(values.count);
const csv = itemsCsv(count);

const dataDir = path.join(os.tmpdir(), `sori-bench-bulk-${process.pid}`);
const schema = `bench_bulk_${process.pid}`;
const db = values.backend === 'postgres'
  ? await openDb({ databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema })
  : await openDb({ dataDir });
try {
  await migrate(db);
  const ws = await ensureWorkspace(db, { slug: 'bench', name: '일괄 수정 벤치' });
  await importFile(db, ws, { path: csv, defaults: { source: 'bench' } });
  if (db.kind === 'postgres') await db.exec('VACUUM (ANALYZE) items');
  const topic = await createTopic(db, ws.id, { name: '일괄 수정' });

  const time = async (label: string, ids: () => Promise<string[]>, correction: Parameters<typeof correctManyItemLabels>[3]) => {
    const t0 = performance.now();
    const targets = await ids();
    const t1 = performance.now();
    const r = await correctManyItemLabels(db, ws.id, targets, correction, null);
    const t2 = performance.now();
    console.log(JSON.stringify({ backend: db.kind, stored: count, case: label, matched: r.matched, changed: r.changed,
      select_ms: Math.round(t1 - t0), correct_ms: Math.round(t2 - t1), items_per_s: Math.round(r.matched / ((t2 - t1) / 1000)) }));
    return r.batch_id;
  };
  const newest = async () => (await db.query<{ id: string }>('SELECT id::text AS id FROM items WHERE workspace_id = $1 ORDER BY id DESC LIMIT $2', [ws.id, MAX_BULK_CORRECTION])).map((r) => r.id);
  const first = await time('10,000 ids: topic and sentiment', newest, { topic_id: topic.id, sentiment: 'negative' });
  await time('the same again: nothing to change', newest, { topic_id: topic.id, sentiment: 'negative' });
  await time('filter q=배송 (newest 10,000 of its matches): type', () => matchingItemIds(db, ws.id, { q: '배송' }, MAX_BULK_CORRECTION), { type: 'delivery' });
  console.log(JSON.stringify({ rollups_consistent: (await diffRollups(db, ws.id)).length === 0 }));
  // The history: 200 single-item corrections on top, then the page that reaches the two large ones.
  const singles = (await db.query<{ id: string }>('SELECT id::text AS id FROM items WHERE workspace_id = $1 ORDER BY id LIMIT 200', [ws.id])).map((r) => r.id);
  for (const [i, id] of singles.entries()) await correctItemLabels(db, ws.id, id, { sentiment: i % 2 ? 'positive' : 'neutral' }, null, 'bench');
  const page = async (limit: number, before?: string) => {
    const h0 = performance.now();
    const got = await listCorrections(db, ws.id, { limit, before });
    console.log(JSON.stringify({ backend: db.kind, stored: count, case: `history: ${limit} a page${before ? ` before ${before}` : ''}`, listed: got.length, largest: Math.max(...got.map((c) => c.items)), ms: Math.round(performance.now() - h0) }));
    return got.length === limit ? got.at(-1)!.id : undefined;
  };
  await page(20);
  // Pages of 100 down to the first: the last holds the three large corrections.
  for (let before = await page(100); before; ) before = await page(100, before);
  // The first correction taken back (its topic and sentiment labels; none was corrected again since).
  const t0 = performance.now();
  const undone = await undoCorrection(db, ws.id, first!, 'bench');
  const t1 = performance.now();
  console.log(JSON.stringify({ backend: db.kind, stored: count, case: 'undo the first correction', restored: undone.restored, kept: undone.kept, undo_ms: Math.round(t1 - t0) }));
  console.log(JSON.stringify({ rollups_consistent: (await diffRollups(db, ws.id)).length === 0 }));
} finally {
  if (db.kind === 'postgres') await db.exec(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
