/**
 * Re-classification benchmark: stores N generated Korean items (bench/gen-items.ts) in a fresh
 * database, then times re-classifying all of them (src/labels/reclassify.ts) in two cases:
 *   1. a new topic rule that matches a few percent of the items (the common case: few writes);
 *   2. the items stored unlabelled, so every type and topic is written (the worst case).
 * Prints items scanned per second and the rows changed. Measures wall time; never fails on it.
 *
 *   node --import tsx bench/reclassify.bench.ts [--count 200000] [--backend pglite|postgres]
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importFile } from '../src/ingest/import-file.js';
import { reclassifyItems } from '../src/labels/reclassify.js';
import { openDb } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { diffRollups } from '../src/store/queries/item-daily-counts.js';
import { createTopic } from '../src/store/queries/topics.js';
import { ensureWorkspace } from '../src/store/queries/workspaces.js';
import { itemsCsv } from './items-csv.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '200000' }, backend: { type: 'string', default: 'pglite' } } });
const count = Number(values.count);
const csv = itemsCsv(count);

const dataDir = path.join(os.tmpdir(), `sori-bench-reclassify-${process.pid}`);
const schema = `bench_reclassify_${process.pid}`;
const db = values.backend === 'postgres'
  ? await openDb({ databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema })
  : await openDb({ dataDir });
try {
  await migrate(db);
  const ws = await ensureWorkspace(db, { slug: 'bench', name: '재분류 벤치' });
  // Stored without labels: the worst case for the second measurement.
  await importFile(db, ws, { path: csv, defaults: { source: 'bench' }, enrich: false });
  if (db.kind === 'postgres') await db.exec('VACUUM (ANALYZE) items');

  const time = async (label: string, run: () => ReturnType<typeof reclassifyItems>) => {
    const t0 = performance.now();
    const r = await run();
    const s = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ backend: db.kind, case: label, items: r.scanned, changed: r.changed, types_changed: r.types_changed,
      topics_changed: r.topics_changed, seconds: +s.toFixed(1), items_per_s: Math.round(r.scanned / s) }));
  };
  await time('unlabelled: every type and topic written', () => reclassifyItems(db, ws.id, { tasks: ['type', 'topic'] }));
  await createTopic(db, ws.id, { name: '쿠폰', rules: [{ kind: 'keyword', pattern: '쿠폰' }] });
  await time('new keyword rule (쿠폰): topics only', () => reclassifyItems(db, ws.id, { tasks: ['topic'], reason: 'topic_rules_changed' }));
  await time('nothing to change: re-run', () => reclassifyItems(db, ws.id, { tasks: ['type', 'topic'] }));
  const diff = await diffRollups(db, ws.id);
  console.log(JSON.stringify({ rollups_consistent: diff.length === 0 }));
} finally {
  if (db.kind === 'postgres') await db.exec(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
