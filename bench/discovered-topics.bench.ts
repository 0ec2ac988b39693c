/**
 * Discovered topics (labels/discover-topics.ts): stores a month of generated Korean demo items with
 * no topic (`--per-day` a day, default 700: ~21,000, so a run reads its 20,000 maximum), runs topic
 * discovery once, then times `listClusters` — what GET /topics/discovered answers — over repeated
 * reads. Prints the run's clusters and timings as JSON lines; never fails on time.
 *
 *   node --import tsx bench/discovered-topics.bench.ts [--per-day 700] [--backend pglite|postgres]
 */
import { parseArgs } from 'node:util';
import { generateDemoDataset } from '../src/ingest/demo/generate.js';
import { ingestItems } from '../src/ingest/pipeline.js';
import { listClusters, runTopicDiscovery } from '../src/labels/discover-topics.js';
import { migrate } from '../src/store/migrate.js';
import { ensureWorkspace } from '../src/store/queries/workspaces.js';
import { openBenchDb, timeRuns } from './timing.js';

const { values } = parseArgs({ options: { 'per-day': { type: 'string', default: '700' }, backend: { type: 'string', default: 'pglite' }, runs: { type: 'string', default: '20' } } });
const { db, cleanup } = await openBenchDb({ backend: values.backend, keep: undefined, name: 'discovered-topics' });
try {
  await migrate(db);
  const ws = await ensureWorkspace(db, { slug: 'bench-discovery', name: '발견 벤치' });
  const now = new Date('2026-11-30T12:00:00+09:00');
  const { items } = generateDemoDataset({ days: 30, itemsPerDay: Number(values['per-day']), endDate: now });
  for (let i = 0; i < items.length; i += 5_000) await ingestItems(db, ws, items.slice(i, i + 5_000), { enrich: false });
  // As after a large import (and autovacuum on PostgreSQL): the planner knows the table's size.
  await db.exec('VACUUM (ANALYZE) items');
  let t = performance.now();
  const clusters = await runTopicDiscovery(db, ws.id, { now });
  const members = (await db.query<{ n: number }>('SELECT coalesce(sum(cardinality(member_ids)), 0)::int AS n FROM topic_clusters WHERE workspace_id = $1', [ws.id]))[0]!.n;
  console.log(JSON.stringify({ items: items.length, clusters: clusters.length, members, discovery_ms: Math.round(performance.now() - t), names: clusters.map((c) => c.name) }));
  await timeRuns(`GET /topics/discovered (${values.backend})`, Number(values.runs), () => listClusters(db, ws.id));
} finally {
  await db.close();
  await cleanup();
}
