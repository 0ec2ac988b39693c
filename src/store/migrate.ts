import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same in every Sori process.
const MIGRATION_LOCK_KEY = 7_053_424_801;

/**
 * What a migration leaves to do outside its transaction: giving back the space of the rows it
 * removed (VACUUM cannot run in a transaction; the embedded database has no autovacuum, and even
 * PostgreSQL's keeps the pages for the table's own later rows). 019 folds the search filters to a
 * fraction of their size.
 */
const AFTER: Record<string, string> = {
  '019_search_filter_sizes.sql': 'VACUUM FULL item_day_bigrams',
};

/**
 * Applies numbered SQL migrations (NNN_name.sql) not yet applied, in one transaction under an
 * advisory lock, so two processes starting at once apply each migration exactly once.
 */
export async function migrate(db: Db, opts: { through?: string } = {}): Promise<string[]> {
  // `through` (a migration's number, for tests of a migration's data move) stops after that one.
  const files = (await readdir(MIGRATIONS_DIR))
    .filter((f) => /^\d{3}_.+\.sql$/.test(f) && (!opts.through || f.slice(0, 3) <= opts.through))
    .sort();
  const applied = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      await tx.exec(await readFile(path.join(MIGRATIONS_DIR, file), 'utf8'));
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
    // New columns and indexes need fresh statistics, or the planner guesses (e.g. that every row
    // of a new column is NULL) and picks full scans.
    if (applied.length) await tx.exec('ANALYZE');
    return applied;
  });
  for (const file of applied) if (AFTER[file]) await db.exec(AFTER[file]);
  return applied;
}
