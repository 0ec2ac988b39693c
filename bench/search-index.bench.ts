/**
 * Search-index benchmark: imports N generated Korean items spread over D days (a small shop's
 * years of history by default) into a fresh database, then prints what the per-day search filters
 * cost (rows, bytes beside the items', import time) and what searches take (p50/p95, and how many
 * days a term in no item still reads); then indexes every item again from scratch, as migration 041
 * (search spacing) makes `sori serve` do once, and prints how long that took.
 *
 *   node --import tsx bench/search-index.bench.ts [--count 30000] [--days 1095] [--backend pglite|postgres] [--runs 15]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importFile } from '../src/ingest/import-file.js';
import { openDb } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { listItems } from '../src/store/queries/list-items.js';
import { backfillSearchIndex, foldDirtyDays, searchRanges } from '../src/store/queries/search-index.js';
import { ensureWorkspace } from '../src/store/queries/workspaces.js';
import { ingestItems } from '../src/ingest/pipeline.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '30000' },
    days: { type: 'string', default: '1095' },
    backend: { type: 'string', default: 'pglite' },
    runs: { type: 'string', default: '15' },
  },
});
const count = Number(values.count);
const days = Number(values.days);
const runs = Number(values.runs);

const outDir = path.resolve('bench/out');
mkdirSync(outDir, { recursive: true });
const csv = path.join(outDir, `items-${count}-${days}d.csv`);
if (!existsSync(csv)) {
  execFileSync(process.execPath, ['--import', 'tsx', 'bench/gen-items.ts', '--count', String(count), '--days', String(days), '--out', csv], { stdio: 'inherit' });
}

const dataDir = path.join(os.tmpdir(), `sori-bench-search-${process.pid}`);
rmSync(dataDir, { recursive: true, force: true });
const schema = `bench_search_${process.pid}`;
const db =
  values.backend === 'postgres'
    ? await openDb({ databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema })
    : await openDb({ dataDir });
await migrate(db);
const ws = await ensureWorkspace(db, { slug: 'bench-search', name: '검색 벤치' });

const t0 = performance.now();
const summary = await importFile(db, ws, { path: csv, defaults: { source: 'bench' }, batchSize: 10_000, enrich: false });
const importSeconds = (performance.now() - t0) / 1000;

const size = async () => {
  const [r] = await db.query<{ filter_rows: number; filter_bytes: number; item_bytes: number; filter_days: number }>(
    `SELECT (SELECT count(*)::int FROM item_day_bigrams) AS filter_rows,
            pg_total_relation_size('item_day_bigrams')::float8 AS filter_bytes,
            pg_total_relation_size('items')::float8 AS item_bytes,
            (SELECT count(DISTINCT day)::int FROM item_day_bigrams) AS filter_days`,
  );
  return { filter_rows: r!.filter_rows, filter_mb: +(r!.filter_bytes / 1e6).toFixed(2), item_mb: +(r!.item_bytes / 1e6).toFixed(2), filter_days: r!.filter_days };
};
console.log(JSON.stringify({ backend: values.backend, items: summary.accepted, days, import_s: +importSeconds.toFixed(2), items_per_s: Math.round(summary.accepted / importSeconds), ...(await size()) }));

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
// The last four are typed with other spacing than the items' (배송지 변경, 로그인이 안 돼요, 환불 계좌).
for (const term of ['환불', '배송', '군대', '세금계산서', '펭귄', '펭귄 인형', '배송지변경', '로그인이안돼요', '환불계좌', '"배송지 변경 요청"']) {
  const ms: number[] = [];
  let found = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    found = (await listItems(db, ws.id, { q: term }, { limit: 50 })).items.length;
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const ranges = (await searchRanges(db, ws.id, term)) ?? [];
  const daysRead = ranges.reduce((n, r) => n + Math.round((r.to.getTime() - r.from.getTime()) / 86_400_000), 0);
  console.log(JSON.stringify({ search: term, found, days_read: daysRead, p50_ms: +quantile(ms, 0.5).toFixed(1), p95_ms: +quantile(ms, 0.95).toFixed(1) }));
}

// Small writes (an API call each) mark their days; the server's minute fold puts them in.
const end = new Date('2026-03-31T18:00:00+09:00').getTime();
for (let i = 0; i < 200; i++) {
  const at = new Date(end - Math.floor((i * 7919) % days) * 86_400_000);
  await ingestItems(db, ws, [{ external_id: `api-${i}`, channel: 'chat', source: 'api', created_at: at.toISOString(), text: `결제 오류 문의드립니다 주문 ${i}` }], { enrich: false });
}
const t1 = performance.now();
const folded = await foldDirtyDays(db);
console.log(JSON.stringify({ fold_items: folded, fold_s: +((performance.now() - t1) / 1000).toFixed(2), ...(await size()) }));

// The index dropped and every item read again, as after migration 041 (searches read every day meanwhile).
await db.exec('TRUNCATE item_day_bigrams, item_day_filters, item_search_dirty_days');
await db.query('UPDATE workspaces SET search_index_below = (SELECT max(id) + 1 FROM items WHERE workspace_id = $1) WHERE id = $1', [ws.id]);
// What a search pays meanwhile: every day read (a term in no item reads all of them).
const unindexed: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  await listItems(db, ws.id, { q: '펭귄' }, { limit: 50 });
  unindexed.push(performance.now() - t);
}
console.log(JSON.stringify({ search_while_reindexing: '펭귄', median_ms: +unindexed.sort((a, b) => a - b)[1]!.toFixed(1) }));
const t2 = performance.now();
const reindexed = await backfillSearchIndex(db, ws.id);
const reindexSeconds = (performance.now() - t2) / 1000;
console.log(JSON.stringify({ reindex_items: reindexed, reindex_s: +reindexSeconds.toFixed(2), reindex_items_per_s: Math.round(reindexed / reindexSeconds), ...(await size()) }));

if (values.backend === 'postgres') await db.exec(`DROP SCHEMA ${schema} CASCADE`);
await db.close();
rmSync(dataDir, { recursive: true, force: true });
