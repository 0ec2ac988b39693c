/**
 * Taking items back out (src/removal/): stores N generated Korean items (bench/gen-items.ts) as two
 * import runs — the first N − 10,000 rows, then the last 10,000 — in a fresh database, then times
 * undoing the second run (10,000 items it created), importing that file again (they come back),
 * deleting the 10,000 newest items by id (as `POST /items/delete` does) and erasing the customer
 * with most items; after each, checks the rollups still equal a recount. Measures wall time; never
 * fails on it.
 *
 *   node --import tsx bench/item-removal.bench.ts [--count 100000] [--backend pglite|postgres]
 */
import { createReadStream, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { importFile } from '../src/ingest/import-file.js';
import { eraseCustomer } from '../src/removal/erase-customer.js';
import { deleteItems, MAX_DELETE } from '../src/removal/remove-items.js';
import { previewImportUndo, undoImport } from '../src/removal/undo-import.js';
import { openDb } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { diffRollups } from '../src/store/queries/item-daily-counts.js';
import { ensureWorkspace } from '../src/store/queries/workspaces.js';
import { itemsCsv } from './items-csv.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '100000' }, backend: { type: 'string', default: 'pglite' } } });
const count = Number(values.count);
const csv = itemsCsv(count);

/** The file's rows split in two files with its header: the first `count − MAX_DELETE` rows, and the rest. */
async function split(file: string, dir: string): Promise<[string, string]> {
  const parts: [string, string] = [path.join(dir, 'first.csv'), path.join(dir, 'last.csv')];
  const out = parts.map((p) => createWriteStream(p));
  // A record ends at a line end outside quotes: after an even number of " (a quoted cell may hold line breaks).
  let record = '';
  let quotes = 0;
  let row = -1;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    record += record ? `\n${line}` : line;
    quotes += line.split('"').length - 1;
    if (quotes % 2) continue;
    if (row < 0) for (const o of out) o.write(`${record}\n`);
    else out[row < count - MAX_DELETE ? 0 : 1]!.write(`${record}\n`);
    row++;
    record = '';
    quotes = 0;
  }
  await Promise.all(out.map((o) => new Promise((resolve) => o.end(resolve))));
  return parts;
}

const work = path.join(os.tmpdir(), `sori-bench-removal-${process.pid}`);
const dataDir = path.join(work, 'data');
const schema = `bench_removal_${process.pid}`;
mkdirSync(work, { recursive: true });
const [firstCsv, lastCsv] = await split(csv, work);
const db = values.backend === 'postgres'
  ? await openDb({ databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', schema })
  : await openDb({ dataDir });
try {
  await migrate(db);
  const ws = await ensureWorkspace(db, { slug: 'bench', name: '삭제 벤치' });
  const stored = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1', [ws.id]))[0]!.n;
  const time = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await fn();
    const ms = Math.round(performance.now() - t0);
    console.log(JSON.stringify({ backend: db.kind, case: label, ms, stored_after: await stored(), result }));
    return result;
  };
  await importFile(db, ws, { path: firstCsv, defaults: { source: 'bench' } });
  const last = await time('import the last 10,000 rows as their own run', async () => {
    const r = await importFile(db, ws, { path: lastCsv, defaults: { source: 'bench' } });
    return { run_id: r.run_id, inserted: r.inserted, rejected: r.rejected };
  });
  if (db.kind === 'postgres') await db.exec('VACUUM (ANALYZE) items');
  const runId = last.run_id!;

  const preview = await time('undo preview (GET /imports/:id/undo)', async () => {
    const p = await previewImportUndo(db, ws, runId);
    return { items_to_delete: p.items_to_delete, updated_kept: p.updated_kept };
  });
  await time('undo the run: delete the 10,000 items it created', async () => {
    const r = await undoImport(db, ws, runId, { expectedCount: preview.items_to_delete, actor: 'bench' });
    return { deleted: r.deleted };
  });
  console.log(JSON.stringify({ rollups_consistent: (await diffRollups(db, ws.id)).length === 0 }));
  await time('import the same file again (the items come back)', async () => {
    const r = await importFile(db, ws, { path: lastCsv, defaults: { source: 'bench' } });
    return { inserted: r.inserted, updated: r.updated, unchanged: r.unchanged };
  });

  const newest = (await db.query<{ id: string }>('SELECT id::text AS id FROM items WHERE workspace_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2', [ws.id, MAX_DELETE])).map((r) => r.id);
  await time('delete the 10,000 newest items by id (POST /items/delete)', async () => {
    const r = await deleteItems(db, ws, newest, { expectedCount: newest.length, actor: 'bench' });
    return { deleted: r.deleted, corrected: r.corrected };
  });
  console.log(JSON.stringify({ rollups_consistent: (await diffRollups(db, ws.id)).length === 0 }));

  const [top] = await db.query<{ customer_ref: string; n: number }>(
    'SELECT customer_ref, count(*)::int AS n FROM items WHERE workspace_id = $1 AND customer_ref IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1',
    [ws.id],
  );
  await time(`erase the customer with most items (${top!.n})`, async () => {
    const r = await eraseCustomer(db, ws, top!.customer_ref, { actor: 'bench' });
    return { deleted: r.deleted };
  });
  console.log(JSON.stringify({ rollups_consistent: (await diffRollups(db, ws.id)).length === 0 }));
} finally {
  if (db.kind === 'postgres') await db.exec(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
  rmSync(work, { recursive: true, force: true });
}
