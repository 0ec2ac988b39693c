/**
 * Insights benchmark: loads N realistic Korean items (bench/gen-items.ts, 90 days ending
 * 2026-03-31) with business metrics into a database, then times the dashboard's endpoints
 * (the same functions the routes call) and, next to them, the naive query over the raw item table
 * that the rollups replace. Prints p50/p95/max per query; never fails on time.
 *
 *   node --import tsx bench/insights.bench.ts [--count 1000000] [--backend pglite|postgres]
 *        [--keep DIR] [--replicate K] [--runs 20]
 *
 * --keep DIR keeps (and on the next run reuses) the loaded embedded database in DIR.
 * --replicate K (PostgreSQL) copies the loaded items K−1 more times under new ids, for 10M rows
 *   from a 1M-row file without importing ten files (the copies' rollups are kept by the triggers).
 */
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDemoTopics } from '../src/ingest/demo/demo-topics.js';
import { generateDemoDataset } from '../src/ingest/demo/generate.js';
import { importFile } from '../src/ingest/import-file.js';
import { getChurnReasons } from '../src/insights/churn.js';
import { getNpsInsights } from '../src/insights/nps.js';
import { getOverview } from '../src/insights/overview.js';
import { getSlaReport } from '../src/insights/sla.js';
import { getSupportKpis } from '../src/insights/support.js';
import { getVolume } from '../src/insights/volume.js';
import { openDb, type Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { upsertMetrics } from '../src/store/queries/business-metrics.js';
import { listItems } from '../src/store/queries/list-items.js';
import { foldDirtyDays } from '../src/store/queries/search-index.js';
import { ensureWorkspace, type Workspace } from '../src/store/queries/workspaces.js';
import { itemsCsv } from './items-csv.js';
import { replicateItems } from './replicate-items.js';
import { timeRuns } from './timing.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    backend: { type: 'string', default: 'pglite' },
    keep: { type: 'string' },
    replicate: { type: 'string', default: '1' },
    runs: { type: 'string', default: '20' },
    only: { type: 'string' },
  },
});
const count = Number(values.count);
const runs = Number(values.runs);
const replicate = Number(values.replicate);
const END = '2026-03-31T18:00:00+09:00';
const DAYS = 90;

const csv = itemsCsv(count);

async function open(): Promise<{ db: Db; fresh: boolean; schema?: string }> {
  if (values.backend === 'postgres') {
    const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = values.keep ?? `bench_insights_${process.pid}`;
    const probe = await openDb({ databaseUrl: url });
    const [{ n }] = await probe.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [schema]);
    await probe.close();
    return { db: await openDb({ databaseUrl: url, schema }), fresh: n === 0, schema };
  }
  const dir = values.keep ?? path.join(os.tmpdir(), `sori-insights-${process.pid}`);
  const fresh = !existsSync(path.join(dir, 'sori-bench-loaded'));
  return { db: await openDb({ dataDir: dir }), fresh };
}

async function load(db: Db, ws: Workspace): Promise<void> {
  // The demo shop's topic tree, so topic rules label the items as they arrive (as in `sori demo`).
  await ensureDemoTopics(db, ws.id);
  const t0 = performance.now();
  const summary = await importFile(db, ws, { path: csv, defaults: { source: 'bench' } });
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ load: 'import with enrichment and rollups', rows: summary.total_rows, rejected: summary.rejected, seconds: +seconds.toFixed(1), items_per_s: Math.round(summary.total_rows / seconds) }));
  for (let k = 1; k < replicate; k++) {
    const t1 = performance.now();
    await replicateItems(db, ws.id, k);
    console.log(JSON.stringify({ replicated: k + 1, seconds: +((performance.now() - t1) / 1000).toFixed(1) }));
  }
  // The copies were written by plain SQL: their days are marked for the search index, which the
  // server would fold in within a minute; do it here so searches are timed on a folded index.
  if (replicate > 1) {
    const t2 = performance.now();
    console.log(JSON.stringify({ search_index_folded: await foldDirtyDays(db), seconds: +((performance.now() - t2) / 1000).toFixed(1) }));
  }
  // Business numbers for the same 90 days, scaled from the demo's (120 items a day) to this volume.
  const demo = generateDemoDataset({ days: DAYS, endDate: new Date(END) });
  const scale = (count * replicate) / (DAYS * 120);
  await upsertMetrics(db, ws.id, demo.metrics.map((m) => ({ ...m, value: Math.round(m.value * scale) })));
  // Steady state, as autovacuum leaves a server some minutes after a bulk load: statistics fresh and
  // the visibility map set, so index-only scans (open backlog, cancellations) skip the table.
  // (A large embedded import already ends with VACUUM ANALYZE.)
  await db.exec(db.kind === 'postgres' ? 'VACUUM (ANALYZE)' : 'ANALYZE');
}

async function time(name: string, fn: () => Promise<unknown>): Promise<void> {
  if (values.only && !name.includes(values.only)) return;
  await timeRuns(name, runs, fn);
}

const { db, fresh, schema } = await open();
await migrate(db);
const ws = await ensureWorkspace(db, { slug: 'bench', name: '벤치마크' });
if (fresh) {
  await load(db, ws);
  if (values.keep && values.backend !== 'postgres') writeFileSync(path.join(values.keep, 'sori-bench-loaded'), new Date().toISOString());
}
const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1', [ws.id]);
console.log(JSON.stringify({ backend: values.backend, items: n }));

const last28 = { from: '2026-03-04', to: '2026-03-31' };
const instants = { from: new Date('2026-03-03T15:00:00Z'), to: new Date('2026-03-31T15:00:00Z') };
await time('overview (28 days vs previous 28)', () => getOverview(db, ws, last28));
await time('explore: volume, channel=chat + sentiment=negative, by type', () => getVolume(db, ws, { ...last28, channel: ['chat'], sentiment: ['negative'], by: 'type' }));
await time('explore: volume, segment=VIP + channel=chat, by type (segment rollup)', () => getVolume(db, ws, { ...last28, segment: ['VIP'], channel: ['chat'], by: 'type' }));
await time('explore: volume, 28 days split by segment (segment rollup)', () => getVolume(db, ws, { ...last28, by: 'segment' }));
await time('explore: volume, 90 days by topic, weekly', () => getVolume(db, ws, { from: '2026-01-01', to: '2026-03-31', by: 'topic', granularity: 'week' }));
await time('items: newest 50, channel=chat + type=delivery', () => listItems(db, ws.id, { channel: ['chat'], type: ['delivery'], ...instants }, { limit: 50 }));
for (const term of ['환불', '배송', '로그인', '비밀번호', '군대', '세금계산서', '펭귄', '펭귄 인형']) {
  await time(`search "${term}" (${[...term].length} syllables), newest 50`, () => listItems(db, ws.id, { q: term }, { limit: 50 }));
}
await time('search "환불" + channel=email in 28 days', () => listItems(db, ws.id, { q: '환불', channel: ['email'], ...instants }, { limit: 50 }));
await time('support KPIs (28 days, by channel)', () => getSupportKpis(db, ws, last28));
await time('NPS (28 days)', () => getNpsInsights(db, ws, last28));
await time('churn reasons (28 days)', () => getChurnReasons(db, ws, last28));
await time('SLA report (28 days)', () => getSlaReport(db, ws, { ...last28, now: new Date(END) }));

// The naive way: the overview's grouped counts straight from the item table (56 days).
await time('naive: day × channel counts from the items table (56 days)', () =>
  db.query(
    `SELECT (created_at AT TIME ZONE 'Asia/Seoul')::date AS day, channel, count(*), count(*) FILTER (WHERE is_duplicate),
       count(first_response_at), count(*) FILTER (WHERE score >= 9), count(*) FILTER (WHERE score <= 6)
     FROM items WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1, 2`,
    [ws.id, new Date('2026-02-03T15:00:00Z'), instants.to],
  ),
);
await time('naive: day × topic counts from the items table (56 days)', () =>
  db.query(
    `SELECT (created_at AT TIME ZONE 'Asia/Seoul')::date AS day, topic_id, count(*)
     FROM items WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1, 2`,
    [ws.id, new Date('2026-02-03T15:00:00Z'), instants.to],
  ),
);

if (values.backend === 'postgres' && !values.keep) await db.exec(`DROP SCHEMA ${schema} CASCADE`);
await db.close();
