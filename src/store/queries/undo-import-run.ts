import type { Db } from '../db.js';

/** What undoing a run needs to know of it. */
export interface UndoableRun {
  id: string;
  file_name: string;
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  dry_run: boolean;
  undone_at: Date | null;
  undone_by: string | null;
}

/**
 * One run of the workspace, or null; with `lock`, its row locked for this transaction (two undos of
 * the same run wait for each other, and an import's batch counter update waits for the undo).
 */
export async function findRunToUndo(db: Db, workspaceId: number, runId: string, opts: { lock?: boolean } = {}): Promise<UndoableRun | null> {
  const [run] = await db.query<UndoableRun>(
    `SELECT id::text AS id, file_name, status, dry_run, undone_at, undone_by FROM import_runs
     WHERE id = $1::bigint AND workspace_id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
    [runId, workspaceId],
  );
  return run ?? null;
}

/**
 * Items whose last write was this run's update but which another run or an API call created: an
 * undo keeps them as they are now (previous versions are not kept).
 */
export async function countItemsRunUpdated(db: Db, workspaceId: number, runId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM items WHERE workspace_id = $1 AND import_run_id = $2::bigint AND created_run_id IS DISTINCT FROM $2::bigint`,
    [workspaceId, runId],
  );
  return row?.n ?? 0;
}

/** Records that the run was undone: when, by whom, how many items that deleted. */
export async function markRunUndone(tx: Db, runId: string, by: string, deleted: number): Promise<void> {
  await tx.query('UPDATE import_runs SET undone_at = now(), undone_by = $2, undone_items = $3 WHERE id = $1::bigint', [runId, by, deleted]);
}
