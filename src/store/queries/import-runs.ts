import type { Db } from '../db.js';

/** One import run as the import page and its export list it. */
export interface ImportRunRow {
  id: string;
  file_name: string;
  format: string;
  source: string | null;
  channel: string | null;
  status: 'running' | 'completed' | 'failed';
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
}

/** The workspace's newest import runs (page, CLI and API alike), newest first. */
export function listImportRuns(db: Db, workspaceId: number, limit = 100): Promise<ImportRunRow[]> {
  return db.query<ImportRunRow>(
    `SELECT id::text AS id, file_name, format, source, channel, status, dry_run, total_rows, inserted, updated, unchanged, older, repeated,
            rejected, error, started_at, finished_at, created_by
     FROM import_runs WHERE workspace_id = $1 ORDER BY import_runs.id DESC LIMIT $2`,
    [workspaceId, limit],
  );
}
