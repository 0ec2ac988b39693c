import type { SoriConfig } from '../config/config.js';
import { SoriError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { openStore } from '../store/open-store.js';
import { DEFAULT_WORKSPACE_SLUG, findWorkspaceBySlug, type Workspace } from '../store/queries/workspaces.js';

/** How long a command may take to stop at a safe point after Ctrl-C before the database is closed under it. */
const STOP_GRACE_MS = 15_000;

/**
 * Opens the store for one CLI command (taking the data-folder lock), runs fn, and closes it.
 * Ctrl-C or SIGTERM aborts `signal`: long work (an import) stops at its next batch boundary, so a
 * transaction is never cut in half, and the store is closed on the normal path. A second signal,
 * or a command that does not stop within STOP_GRACE_MS, closes the database at once.
 */
export async function withStore<T>(config: SoriConfig, command: string, fn: (db: Db, signal: AbortSignal) => Promise<T>): Promise<T> {
  const store = await openStore(config, { command });
  const controller = new AbortController();
  const force = (code: number) => void store.close().finally(() => process.exit(code));
  const stop = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    process.exitCode = code;
    if (controller.signal.aborted) return force(code);
    controller.abort();
    setTimeout(() => force(code), STOP_GRACE_MS).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const result = await fn(store.db, controller.signal);
    if (controller.signal.aborted) throw new SoriError('interrupted', 'stopped / 중단했습니다');
    return result;
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
