import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../src/store/db.js';

/**
 * A query's time over repeated runs, printed as one JSON line: p50, p95 and the slowest of `runs`
 * after one warm-up run (the benches of the insights: insights, support business hours, repeat contacts).
 */
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

export async function timeRuns(name: string, runs: number, fn: () => Promise<unknown>): Promise<void> {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(JSON.stringify({ query: name, runs, p50_ms: +quantile(ms, 0.5).toFixed(1), p95_ms: +quantile(ms, 0.95).toFixed(1), max_ms: +ms[ms.length - 1]!.toFixed(1) }));
}

/**
 * The bench's database: a schema on PostgreSQL (BENCH_DATABASE_URL, default the local `test`), or a
 * PGlite folder. With `keep` (a schema name or folder) it is kept for the next run and `fresh` says
 * whether it still has to be loaded (PGlite: until the bench writes `sori-bench-loaded` in it);
 * without, it is named after the process and removed by `cleanup` (a million rows left on a shared
 * server otherwise).
 */
export async function openBenchDb(opts: { backend: string | undefined; keep: string | undefined; name: string }): Promise<{ db: Db; fresh: boolean; cleanup: () => Promise<void> }> {
  const { keep } = opts;
  if (opts.backend === 'postgres') {
    const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = keep ?? `bench_${opts.name.replaceAll('-', '_')}_${process.pid}`;
    const probe = await openDb({ databaseUrl: url });
    const [{ n }] = await probe.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1', [schema]);
    await probe.close();
    const cleanup = async () => {
      if (keep) return;
      const admin = await openDb({ databaseUrl: url });
      await admin.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.close();
    };
    return { db: await openDb({ databaseUrl: url, schema }), fresh: n === 0, cleanup };
  }
  const dir = keep ?? path.join(os.tmpdir(), `sori-${opts.name}-${process.pid}`);
  const cleanup = async () => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  return { db: await openDb({ dataDir: dir }), fresh: !existsSync(path.join(dir, 'sori-bench-loaded')), cleanup };
}
