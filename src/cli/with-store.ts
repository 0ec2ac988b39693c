import type { SoriConfig } from '../config/config.js';
import { SoriError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { openStore } from '../store/open-store.js';
import { DEFAULT_WORKSPACE_SLUG, findWorkspaceBySlug, type Workspace } from '../store/queries/workspaces.js';

/** Opens the store for one CLI command (taking the data-folder lock), runs fn, and closes it. */
export async function withStore<T>(config: SoriConfig, command: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const store = await openStore(config, { command });
  const stop = (signal: NodeJS.Signals) => {
    // Ctrl-C or kill: close the database so the embedded folder is left consistent.
    void store.close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await fn(store.db);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await store.close();
  }
}

/** The workspace named by --workspace (default: default). */
export async function requireWorkspace(db: Db, slug: string | undefined): Promise<Workspace> {
  const ws = await findWorkspaceBySlug(db, slug ?? DEFAULT_WORKSPACE_SLUG);
  if (!ws) throw new SoriError('workspace_not_found', `no workspace "${slug}" / 워크스페이스 "${slug}"가 없습니다`);
  return ws;
}
