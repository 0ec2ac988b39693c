/**
 * Ingest benchmark: generates N realistic Korean items to a CSV (bench/gen-items.ts), then imports
 * the file end to end (read, parse, validate, redact, store) into a fresh embedded database and,
 * when BENCH_DATABASE_URL is set, into PostgreSQL. Prints items/s and peak memory.
 *
 *   npm run bench:ingest -- --count 1000000 [--backend pglite|postgres|both] [--versioned]
 */
import { execFileSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { ensureWorkspace } from '../src/store/queries/workspaces.js';
import { importFile } from '../src/ingest/import-file.js';
import { itemsCsv } from './items-csv.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    backend: { type: 'string', default: 'both' },
    'batch-size': { type: 'string', default: '10000' },
    // A 수정일시 column (source_updated_at): the re-run reads the stored versions too.
    versioned: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const csv = itemsCsv(count, { versioned: values.versioned });
const sizeMb = statSync(csv).size / 1e6;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function run(backend: 'pglite' | 'postgres') {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dataDir = path.join(os.tmpdir(), `sori-bench-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  const schema = `bench_${process.pid}`;
  const db = backend === 'pglite' ? await openDb({ dataDir }) : await openDb({ databaseUrl: url, schema });
  await migrate(db);
  const ws = await ensureWorkspace(db, { slug: 'bench', name: '벤치마크' });
  peakRss = process.memoryUsage().rss;
  const t0 = performance.now();
  const summary = await importFile(db, ws, { path: csv, defaults: { source: 'bench' }, batchSize: Number(values['batch-size']) });
  const seconds = (performance.now() - t0) / 1000;
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1', [ws.id]);
  // Re-run: must converge without duplicates.
  const t1 = performance.now();
  const again = await importFile(db, ws, { path: csv, defaults: { source: 'bench' }, batchSize: Number(values['batch-size']) });
  const rerunSeconds = (performance.now() - t1) / 1000;
  const [{ n: n2 }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1', [ws.id]);
  if (backend === 'postgres') await db.exec(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      backend,
      rows: summary.total_rows,
      stored: n,
      rejected: summary.rejected,
      seconds: +seconds.toFixed(1),
      items_per_s: Math.round(summary.total_rows / seconds),
      file_mb: +sizeMb.toFixed(0),
      peak_rss_mb: Math.round(peakRss / 1e6),
      rerun_seconds: +rerunSeconds.toFixed(1),
      rerun_unchanged: again.unchanged,
      after_rerun_stored: n2,
    }),
  );
}

if (values.backend === 'both') {
  // Each backend in a process of its own: PGlite's WebAssembly memory is not given back when it
  // closes, so a PostgreSQL run after it in the same process reported PGlite's peak (1,494 vs 1,230 MB).
  clearInterval(sampler);
  for (const b of ['pglite', 'postgres']) {
    execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--count', values.count!, '--backend', b, '--batch-size', values['batch-size']!, ...(values.versioned ? ['--versioned'] : [])], { stdio: 'inherit' });
  }
} else {
  await run(values.backend as 'pglite' | 'postgres');
  clearInterval(sampler);
}
