import type { SoriConfig } from '../config/config.js';
import { SoriError } from '../domain/errors.js';
import { t } from './i18n.js';
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
 *
 * Work that stops on the signal says so by throwing (`interrupted`); work that does not watch it (a
 * restore's one transaction, a backup) runs to its end, and then its result is the command's: it
 * was done, so "stopped, run it again" would be untrue (a restore run again is refused, its
 * workspace now holding data).
 */
export async function withStore<T>(config: SoriConfig, command: string, fn: (db: Db, signal: AbortSignal) => Promise<T>): Promise<T> {
  const store = await openStore(config, { command });
  const controller = new AbortController();
  let grace: NodeJS.Timeout | null = null;
  const force = (code: number) => void store.close().finally(() => process.exit(code));
  const stop = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    process.exitCode = code;
    if (controller.signal.aborted) return force(code);
    controller.abort();
    grace = setTimeout(() => force(code), STOP_GRACE_MS);
    grace.unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const result = await fn(store.db, controller.signal);
    if (controller.signal.aborted) {
      // The exit code is the command's again (bin/sori.js sets it from what main returns).
      process.exitCode = undefined;
      console.error(t('중단 요청을 받았지만 중간에 멈추지 않는 작업이라 끝까지 마쳤습니다 (결과는 위와 같습니다).', 'asked to stop, but this work does not stop midway: it was completed (the result is above).'));
    }
    return result;
  } finally {
    if (grace) clearTimeout(grace);
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
