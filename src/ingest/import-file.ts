import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Db } from '../store/db.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { upsertItems, type ItemRow } from '../store/queries/upsert-items.js';
import { autoMapping, applyMapping, type ColumnMapping } from './files/column-mapping.js';
import { detectFormat, readRecords, type FileFormat } from './files/read-records.js';
import { prepareItem, type ItemDefaults } from './prepare-item.js';
import type { Enricher } from './pipeline.js';
import { SoriError } from '../domain/errors.js';

/** One rejected row: file row number (header = row 1), field (null: whole row) and reason. */
export interface RowReject {
  row: number;
  field: string | null;
  reason: string;
  values?: Record<string, unknown>;
}

export interface ImportOptions {
  path: string;
  fileName?: string;
  format?: FileFormat;
  encoding?: string;
  sheet?: string;
  mapping?: ColumnMapping;
  defaults?: ItemDefaults;
  dryRun?: boolean;
  batchSize?: number;
  actor?: string;
  enrich?: Enricher;
  onProgress?: (p: { rows: number; accepted: number; rejected: number }) => void;
  /** Called once for every rejected row, in order (the CLI writes the rejects file with it). */
  onReject?: (reject: RowReject) => void | Promise<void>;
  /** Keep at most this many rejects in the returned summary (all are stored in import_rejects). */
  keepRejects?: number;
}

export interface ImportSummary {
  run_id: string | null;
  file_name: string;
  format: FileFormat;
  total_rows: number;
  accepted: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejects: RowReject[];
  unmapped_columns: string[];
  dry_run: boolean;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Imports a CSV/TSV/JSONL/JSON/XLSX file: streamed, mapped, validated, redacted and stored in
 * batches. Each batch and its progress counters commit in one transaction, so a crash leaves
 * whole batches only, and re-running the same file converges (items are idempotent).
 */
export async function importFile(db: Db, workspace: Workspace, opts: ImportOptions): Promise<ImportSummary> {
  const fileName = opts.fileName ?? basename(opts.path);
  const format = opts.format ?? detectFormat(fileName);
  if (!format) {
    throw new SoriError('validation_failed', `unknown file type: ${fileName} (use .csv, .tsv, .jsonl, .json or .xlsx, or --format) / 지원하지 않는 파일 형식입니다`);
  }
  const batchSize = opts.batchSize ?? 5_000;
  const summary: ImportSummary = {
    run_id: null,
    file_name: fileName,
    format,
    total_rows: 0,
    accepted: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejects: [],
    unmapped_columns: [],
    dry_run: !!opts.dryRun,
  };
  const keep = opts.keepRejects ?? 1_000;
  const fileSha = await sha256File(opts.path);
  if (db.kind === 'pglite') {
    // The embedded folder has one process at a time: a run still 'running' was killed.
    await db.query("UPDATE import_runs SET status = 'failed', error = 'interrupted', finished_at = now() WHERE status = 'running'");
  }
  const [run] = await db.query<{ id: string }>(
    `INSERT INTO import_runs (workspace_id, file_name, file_sha256, format, source, channel, dry_run, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text AS id`,
    [workspace.id, fileName, fileSha, format, opts.defaults?.source ?? null, opts.defaults?.channel ?? null, !!opts.dryRun, opts.actor ?? null],
  );
  summary.run_id = run.id;

  let mapping = opts.mapping;
  let batch: ItemRow[] = [];
  let batchRejects: RowReject[] = [];
  let batchRows = 0;

  const reject = async (r: RowReject) => {
    summary.rejected++;
    if (summary.rejects.length < keep) summary.rejects.push(r);
    batchRejects.push(r);
    await opts.onReject?.(r);
  };

  // One batch is stored while the next one is read and prepared (on PostgreSQL the two really
  // run in parallel); at most one store is in flight, and a failed one stops the import.
  let inflight: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (!batchRows) return;
    const rows = batch;
    const rejects = batchRejects;
    const counted = batchRows;
    batch = [];
    batchRejects = [];
    batchRows = 0;
    await inflight;
    inflight = store(rows, rejects, counted);
  };
  const store = async (rows: ItemRow[], rejects: RowReject[], counted: number) => {
    await db.transaction(async (tx) => {
      const counts = opts.dryRun ? { inserted: 0, updated: 0, unchanged: 0 } : await upsertItems(tx, rows);
      summary.inserted += counts.inserted;
      summary.updated += counts.updated;
      summary.unchanged += counts.unchanged;
      if (rejects.length) {
        await tx.query(
          `INSERT INTO import_rejects (run_id, row_number, field, reason)
           SELECT $1, r, f, m FROM unnest($2::int[], $3::text[], $4::text[]) AS t(r, f, m)`,
          [run.id, rejects.map((r) => r.row), rejects.map((r) => r.field), rejects.map((r) => r.reason)],
        );
      }
      await tx.query(
        `UPDATE import_runs SET total_rows = total_rows + $2, inserted = $3, updated = $4, unchanged = $5, rejected = $6 WHERE id = $1`,
        [run.id, counted, summary.inserted, summary.updated, summary.unchanged, summary.rejected],
      );
    });
    opts.onProgress?.({ rows: summary.total_rows, accepted: summary.accepted, rejected: summary.rejected });
  };

  try {
    for await (const record of readRecords(opts.path, { format, encoding: opts.encoding, sheet: opts.sheet })) {
      summary.total_rows++;
      batchRows++;
      if ('error' in record) {
        await reject({ row: record.rowNumber, field: null, reason: record.reason });
      } else {
        if (!mapping) {
          const auto = autoMapping(Object.keys(record.values));
          mapping = auto.mapping;
          summary.unmapped_columns = auto.unmapped;
        }
        const prepared = prepareItem(applyMapping(record.values, mapping), workspace, opts.defaults, run.id);
        if (prepared.ok) {
          summary.accepted++;
          batch.push(prepared.row);
        } else {
          for (const e of prepared.errors.slice(0, 1)) {
            await reject({
              row: record.rowNumber,
              field: e.field,
              reason: prepared.errors.map((x) => `${x.field ?? 'row'}: ${x.message}`).join('; '),
              values: record.values,
            });
          }
        }
      }
      if (batchRows >= batchSize) {
        if (opts.enrich && batch.length) await opts.enrich(batch, db);
        await flush();
      }
    }
    if (opts.enrich && batch.length) await opts.enrich(batch, db);
    await flush();
    await inflight;
    await db.query("UPDATE import_runs SET status = 'completed', finished_at = now() WHERE id = $1", [run.id]);
    return summary;
  } catch (error) {
    await inflight.catch(() => undefined);
    await db
      .query("UPDATE import_runs SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1", [run.id, String((error as Error).message).slice(0, 2000)])
      .catch(() => undefined);
    throw error;
  }
}
