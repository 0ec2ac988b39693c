import type { Db } from '../db.js';

/** One import run as the import page and its export list it. */
export interface ImportRunRow {
  id: string;
  file_name: string;
  format: string;
  source: string | null;
  channel: string | null;
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  dry_run: boolean;
  total_rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows older than their stored record (source_updated_at), not written. */
  older: number;
  repeated: number;
  rejected: number;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  created_by: string | null;
  /** Who asked a running import to stop (it stops before its next batch), or null. */
  cancel_requested_by: string | null;
  /** When the run was undone (the items it created deleted, migration 040), by whom, and how many items that deleted. */
  undone_at: string | null;
  undone_by: string | null;
  undone_items: number | null;
  /** The vendor whose own export was read through its adapter (migration 044), or null for a file read by column mapping. */
  adapter: 'zendesk' | 'channeltalk' | null;
  /** Entries that adapter left out (deleted tickets, chats stored message by message, rows without an id). */
  skipped: number;
  /** Why the run failed, as a code (migration 048); null when it did not fail, or failed for a reason without one. */
  error_reason: RunErrorReason | null;
}

/**
 * Why a run failed, as a code a page words itself (GET /imports `error_reason`), stored with the
 * run when it fails (`import_runs.error_reason`): its `error` is the CLI's message, naming --map.
 */
export interface RunErrorReason {
  /** missing_columns: no column gives a required field (the message tells the CLI's --map). */
  code: 'missing_columns';
  /** The item fields no column gave (text, created_at, channel, source). */
  fields: string[];
  /** The file's columns as the message lists them (masked), or null when too long to keep (or, for a run failed before 048, cut from its message). */
  columns: string | null;
  /** Most of the "columns" looked like values: the file has no header row. */
  first_row_data: boolean;
}

/** The columns of an ImportRunRow, as the list and a cancel answer read them. */
const RUN_COLUMNS = `id::text AS id, file_name, format, source, channel, status, dry_run, total_rows, inserted, updated, unchanged, older, repeated,
  rejected, error, error_reason, started_at, finished_at, created_by, cancel_requested_by, undone_at, undone_by, undone_items, adapter, skipped`;

/**
 * A run with no stored batch for this long is taken for one whose process died (a batch takes
 * seconds; reading an XLSX sheet before its first batch, a minute at most).
 */
export const ABANDONED_IMPORT_MINUTES = 15;

/**
 * Marks runs left 'running' by a process that died as failed ('interrupted'): every such run when
 * `all` (the embedded folder, just opened by the one process that may use it), else those of the
 * workspace without a batch for ABANDONED_IMPORT_MINUTES (PostgreSQL, where other processes may be
 * importing).
 */
export async function settleAbandonedImports(db: Db, workspaceId: number | null, opts: { all?: boolean } = {}): Promise<void> {
  await db.query(
    `UPDATE import_runs SET status = 'failed', error = 'interrupted', finished_at = now()
     WHERE status = 'running' AND ($1::int IS NULL OR workspace_id = $1)
       AND ($2 OR coalesce(heartbeat_at, started_at) < now() - make_interval(mins => $3))`,
    [workspaceId, !!opts.all, ABANDONED_IMPORT_MINUTES],
  );
}

/**
 * Ends a run that stopped on an error: `failed` (with the reason's code, when it has one) or
 * `cancelled`; `error` is its message, already masked and cut by the caller.
 */
export async function endImportRun(db: Db, runId: string, end: { status: 'failed' | 'cancelled'; error: string; reason: RunErrorReason | null }): Promise<void> {
  await db.query('UPDATE import_runs SET status = $2, finished_at = now(), error = $3, error_reason = $4::jsonb WHERE id = $1', [
    runId,
    end.status,
    end.error,
    end.reason === null ? null : JSON.stringify(end.reason),
  ]);
}

/** The workspace's newest import runs (page, CLI and API alike), newest first. */
export async function listImportRuns(db: Db, workspaceId: number, limit = 100): Promise<ImportRunRow[]> {
  if (db.kind === 'postgres') await settleAbandonedImports(db, workspaceId);
  return db.query<ImportRunRow>(
    `SELECT ${RUN_COLUMNS}
     FROM import_runs WHERE workspace_id = $1 ORDER BY import_runs.id DESC LIMIT $2`,
    [workspaceId, limit],
  );
}

/**
 * Asks a running import to stop (it does so before its next batch, in whichever process runs it);
 * the run as it now is, or null when the workspace has no such run. A run that already ended is
 * returned unchanged.
 */
export async function requestImportCancel(db: Db, workspaceId: number, runId: string, by: string): Promise<ImportRunRow | null> {
  await db.query(
    `UPDATE import_runs SET cancel_requested_by = coalesce(cancel_requested_by, $3)
     WHERE id = $1 AND workspace_id = $2 AND status = 'running'`,
    [runId, workspaceId, by],
  );
  const [run] = await db.query<ImportRunRow>(
    `SELECT ${RUN_COLUMNS}
     FROM import_runs WHERE id = $1 AND workspace_id = $2`,
    [runId, workspaceId],
  );
  return run ?? null;
}
