import path from 'node:path';
import type { SoriConfig } from '../config/config.js';
import { openDb, type Db } from './db.js';
import { lockDataDir } from './data-dir-lock.js';
import { migrate } from './migrate.js';
import { DEFAULT_WORKSPACE_SLUG, ensureWorkspace } from './queries/workspaces.js';
import { settleAbandonedImports } from './queries/import-runs.js';

export interface Store {
  db: Db;
  /** Closes the database and releases the data-folder lock. */
  close(): Promise<void>;
}

/** The embedded database's own folder inside SORI_DATA_DIR. */
export function pgliteDir(config: Pick<SoriConfig, 'dataDir'>): string {
  return path.join(config.dataDir, 'pglite');
}

/**
 * Opens Sori's database as configured (PostgreSQL when DATABASE_URL is set, else the embedded
 * folder, locked for this process), applies migrations and makes sure the default workspace exists.
 */
export async function openStore(
  config: Pick<SoriConfig, 'dataDir' | 'databaseUrl' | 'databaseSchema' | 'defaultTimezone'>,
  lock: { command: string; port?: number },
): Promise<Store> {
  const release = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir, lock);
  try {
    const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : pgliteDir(config), schema: config.databaseSchema });
    try {
      await migrate(db);
      await ensureWorkspace(db, { slug: DEFAULT_WORKSPACE_SLUG, name: '기본 워크스페이스', timezone: config.defaultTimezone });
      // The embedded folder is this process's alone now: an import still 'running' was killed.
      if (db.kind === 'pglite') await settleAbandonedImports(db, null, { all: true });
    } catch (error) {
      await db.close();
      throw error;
    }
    return {
      db,
      async close() {
        try {
          await db.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
