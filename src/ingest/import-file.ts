import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../store/db.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { latestByIdentity, rowVersion, storedStates, upsertItems, type ItemRow, type UpsertCounts } from '../store/queries/upsert-items.js';
import { inWriteTurn } from '../store/write-turns.js';
import { endImportRun, settleAbandonedImports, type RunErrorReason } from '../store/queries/import-runs.js';
import { applyMapping, missingRequiredFields, resolveMapping, type ColumnMapping } from './files/column-mapping.js';
import { readRecords, requireFormat, type FileFormat } from './files/read-records.js';
import { prepareItem, type ItemDefaults } from './prepare-item.js';
import { newPipelineState, pipelineEnrichment, resolveEnrichment, type Enrichment } from './pipeline.js';
import { SoriError } from '../domain/errors.js';
import { redactPii } from '../text/pii.js';
import { storable } from '../text/language.js';
import { maskedValues } from './rejects-file.js';
import { maskedReason, preparedRowReason } from './reject-reason.js';

/** One rejected row: file row number (header = row 1), field (null: whole row), reason and the row as read (masked). */
export interface RowReject {
  row: number;
  field: string | null;
  reason: string;
  values?: Record<string, unknown>;
}

/**
 * What storing these rows would do, read without writing (a dry run). `earlier` holds, for every
 * identity the run's earlier batches would have stored, its content hash (and version), so a
 * ticket listed again in a later batch counts as the import would count it (changed, unchanged or
 * older), not as new twice.
 *
 * It grows by one entry per distinct ticket, so each entry is two numbers (see compactKey; a third,
 * the version, when the file carries one), not the identity string and hash string it was (~620
 * bytes a row retained: 200k rows held ~120 MB of heap).
 */
async function dryRunCounts(db: Db, rows: ItemRow[], earlier: DryRunSeen): Promise<UpsertCounts> {
  const last = latestByIdentity(rows);
  const unseen = [...last].filter(([key]) => !earlier.hashes.has(compactKey(key))).map(([, row]) => row);
  const withVersions = unseen.some((r) => rowVersion(r) !== null);
  const known = unseen.length ? await storedStates(db, unseen, withVersions) : { hashes: new Map<string, string>(), versions: new Map<string, string>() };
  const counts = { inserted: 0, updated: 0, unchanged: 0, older: 0, repeated: rows.length - last.size };
  for (const [key, row] of last) {
    const id = compactKey(key);
    const stored = known.hashes.get(key);
    const seenHash = earlier.hashes.get(id);
    const hash = seenHash ?? (stored === undefined ? undefined : compactHash(stored));
    const mine = compactHash(row.content_hash);
    const version = rowVersion(row);
    const ms = version === null ? null : Date.parse(version);
    const storedVersion = known.versions.get(key);
    const was = seenHash !== undefined ? earlier.versions.get(id) : storedVersion === undefined ? undefined : Date.parse(storedVersion);
    if (hash === undefined) counts.inserted++;
    else if (hash === mine) counts.unchanged++;
    else if (ms !== null && was !== undefined && ms < was) {
      counts.older++;
      continue;
    } else counts.updated++;
    earlier.hashes.set(id, mine);
    if (ms !== null) earlier.versions.set(id, ms);
    else earlier.versions.delete(id);
  }
  return counts;
}

/**
 * What a dry run's earlier batches would have stored: each identity's content hash, and the
 * version of those that carry one (`compactKey` → ms), so a later batch counts as the import would.
 */
interface DryRunSeen {
  hashes: Map<number, number>;
  versions: Map<number, number>;
}

/**
 * An identity as a 52-bit number (two FNV-1a lanes over its UTF-16 units), exact in a double. Two
 * of a million tickets share one with a chance of about 1 in 10,000; then a dry run alone (a real
 * import compares the identities themselves) counts one of them changed/unchanged instead of new.
 */
function compactKey(key: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return (h1 >>> 0) * 0x100000 + ((h2 >>> 0) & 0xfffff);
}

/** The first 52 bits of a content hash (16 hex digits), as a number. */
function compactHash(hash: string): number {
  return Number.parseInt(hash.slice(0, 13), 16);
}

/**
 * A file's name as its import run keeps and shows it: personal data masked, as people name files
 * after a customer (홍길동_010-5555-6666.jsonl → 홍길동_[전화번호].jsonl). What a caller looking for
 * its run by name (GET /imports) must compare with.
 */
export function storedFileName(name: string): string {
  return storable(redactPii(name).text);
}

/** Columns as a message lists them: personal data masked (a file without a header row has a customer's data there). */
function shownColumns(headers: readonly string[]): string {
  return headers.map((h) => redactPii(h).text).join(', ');
}

/**
 * The file's columns for a mapping error, masked, and — when most of them look like values rather
 * than names (dates, numbers, phone numbers, sentences) — what that means, in English and Korean:
 * a file without a header row, whose first customer became the column names.
 */
function describeHeaders(headers: readonly string[]): [columns: string, dataEn: string, dataKo: string] {
  const columns = shownColumns(headers);
  const named = headers.filter((h) => h.trim() !== '');
  const dataLike = named.filter(looksLikeData).length;
  if (named.length === 0 || dataLike * 2 <= named.length) return [columns, '', ''];
  return [
    columns,
    '. The first row looks like data, not column names: add a header row (e.g. 내용,등록일,채널) or name the columns with --map',
    '. 첫 행이 열 이름이 아니라 데이터로 보입니다: 맨 위에 열 이름 행(예: 내용,등록일,채널)을 추가하거나 --map으로 열을 지정하세요',
  ];
}

const DATE_LIKE = /^\d{2,4}[-./년]\s*\d{1,2}[-./월]\s*\d{1,2}/;
const NUMBER_LIKE = /^[+-]?[\d][\d,.\s-]*$/;

/** A header that is a value: a date, a number (phone, RRN, card, amount), personal data, or a sentence. */
function looksLikeData(header: string): boolean {
  const h = header.trim();
  if (DATE_LIKE.test(h) || NUMBER_LIKE.test(h)) return true;
  if (redactPii(h).kinds.length > 0) return true;
  // Column names are a few words; a customer's message is a sentence.
  return h.length > 30 || h.split(/\s+/).length >= 4;
}

/** The most of a file's columns a run's `error_reason` keeps (as many as its message keeps of itself). */
const REASON_COLUMNS_MAX_CHARS = 2_000;

/** The columns a `missing_columns` reason names: as its message shows them (masked), or null when too long to keep. */
function reasonColumns(columns: string): string | null {
  const shown = storable(redactPii(columns).text);
  return shown.length <= REASON_COLUMNS_MAX_CHARS ? shown : null;
}

/**
 * Ends a run that an error stopped: `cancelled` when someone asked, else `failed`, with the error's
 * message (masked: it may quote the file — a header row that was a customer's data, a parser's raw
 * line) and, when the import knew why, its reason's code (`import_runs.error_reason`). Never
 * throws: the caller rethrows the error itself.
 */
export async function endRunOnError(db: Db, runId: string, error: unknown, reason: RunErrorReason | null = null): Promise<void> {
  const cancelled = error instanceof SoriError && error.code === 'import_cancelled';
  await endImportRun(db, runId, {
    status: cancelled ? 'cancelled' : 'failed',
    // Storable: a message may quote what could not be stored (a NUL), and then the run would stay 'running'.
    error: storable(redactPii(String((error as Error).message)).text.slice(0, 2000)),
    reason: cancelled ? null : reason,
  }).catch(() => undefined);
}

const REQUIRED_KO: Record<string, string> = { text: '본문(text)', created_at: '접수 일시(created_at)', channel: '채널(channel)', source: '출처(source)' };

/** Rows read between two turns of the event loop (a power of two). */
const YIELD_EVERY_ROWS = 256;

/** Rows written by one import above which the embedded database is vacuumed afterwards (~15 s per 1M rows). */
const VACUUM_AFTER_ROWS = 50_000;

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
  /** Text intelligence by default; `false` stores rows unlabelled. */
  enrich?: Enrichment | false;
  /**
   * The file's columns, once, before its rows are stored: a table's header (CSV, TSV, XLSX:
   * `tabular`), or the first JSON record's keys — for the caller's messages and rejects file.
   */
  onColumns?: (columns: string[], tabular: boolean) => void;
  /** After each stored batch; `bytes` is how much of the file has been read (text formats), for a progress bar. */
  onProgress?: (p: { rows: number; accepted: number; rejected: number; bytes: number | null }) => void;
  /** Called once for every rejected row, in order (the CLI writes the rejects file with it). */
  onReject?: (reject: RowReject) => void | Promise<void>;
  /** Aborting stops the import at its next batch boundary (Ctrl-C in the CLI); stored batches stay. */
  signal?: AbortSignal;
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
  /** Rows not written because their version (source_updated_at) is older than the stored record's. */
  older: number;
  /** Rows whose ticket came again in the same batch (one was stored: the later, or the newer version). */
  repeated: number;
  rejected: number;
  rejects: RowReject[];
  unmapped_columns: string[];
  dry_run: boolean;
  /** The text encoding the file was read in (detected, or as asked); null for XLSX. */
  encoding: string | null;
}

/** The file's SHA-256 (hex), recorded on its import run. */
export async function sha256File(path: string): Promise<string> {
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
  const givenName = opts.fileName ?? basename(opts.path);
  const format = opts.format ?? requireFormat(givenName);
  const fileName = storedFileName(givenName);
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
    older: 0,
    repeated: 0,
    rejected: 0,
    rejects: [],
    unmapped_columns: [],
    dry_run: !!opts.dryRun,
    encoding: null,
  };
  const keep = opts.keepRejects ?? 1_000;
  const fileSha = await sha256File(opts.path);
  // Runs whose process died (no batch for a quarter of an hour) are marked interrupted; on the
  // embedded database that is done when the folder is opened (openStore), as one process holds it
  // and a server may run several imports at once.
  await settleAbandonedImports(db, workspace.id);
  const [run] = await db.query<{ id: string }>(
    `INSERT INTO import_runs (workspace_id, file_name, file_sha256, format, source, channel, dry_run, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text AS id`,
    [workspace.id, fileName, fileSha, format, opts.defaults?.source ?? null, opts.defaults?.channel ?? null, !!opts.dryRun, opts.actor ?? null],
  );
  summary.run_id = run.id;

  const enrichment = resolveEnrichment(db, opts.enrich);
  // A table (CSV, TSV, XLSX) has one header: its mapping is checked once, before any row is stored.
  // JSON lines and arrays need not share keys: each key set gets its own mapping, so a field
  // that first appears on line 2 is read there too.
  const tabular = format === 'csv' || format === 'tsv' || format === 'xlsx';
  let mapping: ColumnMapping | null = null;
  const byKeys = new Map<string, ColumnMapping>();
  const unmapped = new Set<string>();
  let columnsTold = false;
  const tellColumns = (columns: string[]) => {
    if (columnsTold) return;
    columnsTold = true;
    opts.onColumns?.(columns, tabular);
  };
  /** The error a file was refused with, and why as a code (stored on the run when that error ends it). */
  let refused: { error: SoriError; reason: RunErrorReason } | undefined;
  const mappingOf = (values: Record<string, unknown>): ColumnMapping => {
    if (tabular && mapping) return mapping;
    const headers = Object.keys(values);
    tellColumns(headers);
    const signature = headers.join('\u0000');
    const known = byKeys.get(signature);
    if (known) return known;
    const resolved = resolveMapping(headers, opts.mapping);
    if (tabular) {
      if (resolved.missing.length) {
        const [columns, dataEn, dataKo] = describeHeaders(headers);
        throw new SoriError(
          'bad_request',
          `column mapping names column(s) the file does not have: ${shownColumns(resolved.missing)}; the file's columns: ${columns}${dataEn} / ` +
            `파일에 없는 열을 지정했습니다: ${shownColumns(resolved.missing)} (파일의 열: ${columns})${dataKo}`,
          { reason: 'invalid_mapping' },
        );
      }
      const required = missingRequiredFields(resolved.mapping, opts.defaults);
      if (required.length) {
        const ko = required.map((f) => REQUIRED_KO[f] ?? f).join(', ');
        const [columns, dataEn, dataKo] = describeHeaders(headers);
        const error = new SoriError(
          'bad_request',
          `no column gives ${required.join(', ')}: name one with --map (e.g. --map "text=내용,created_at=등록일")${required.includes('channel') ? ' or pass --channel' : ''}; the file's columns: ${columns}${dataEn} / ` +
            `${ko}에 해당하는 열이 없습니다. --map으로 지정하세요${required.includes('channel') ? ' (채널은 --channel로도 지정할 수 있습니다)' : ''}. 파일의 열: ${columns}${dataKo}`,
          { reason: 'missing_columns', fields: required },
        );
        // The run keeps why as a code too (the page words it: its column mapping step, not --map).
        refused = { error, reason: { code: 'missing_columns', fields: required, columns: reasonColumns(columns), first_row_data: dataEn !== '' } };
        throw error;
      }
      mapping = resolved.mapping;
    }
    if (byKeys.size >= 1_000) byKeys.clear();
    byKeys.set(signature, resolved.mapping);
    // Shown to the operator (CLI, import page): masked like any header in a message.
    for (const h of resolved.unmapped) if (unmapped.size < 200) unmapped.add(redactPii(h).text);
    summary.unmapped_columns = [...unmapped];
    return resolved.mapping;
  };
  // A dry run's view of what its earlier batches would have stored (identity → content hash, version).
  const dryRunSeen: DryRunSeen = { hashes: new Map(), versions: new Map() };
  let batch: ItemRow[] = [];
  let batchRejects: RowReject[] = [];
  let batchRows = 0;

  // The mapping a row that could not be read would have been read by: the table's, or its own keys'.
  let fileHeaders: string[] | null = null;
  let readMapping: ColumnMapping | null = null;
  const rejectMapping = (values: Record<string, unknown> | undefined): ColumnMapping | null => {
    if (tabular) {
      if (mapping) return mapping;
      if (!fileHeaders) return null;
      return (readMapping ??= resolveMapping(fileHeaders, opts.mapping).mapping);
    }
    if (!values) return null;
    return byKeys.get(Object.keys(values).join('\u0000')) ?? resolveMapping(Object.keys(values), opts.mapping).mapping;
  };

  const reject = async (r: RowReject, rowMapping: ColumnMapping | null) => {
    // The row is kept to be corrected and imported again: reason and values are stored and shown, so masked.
    r.reason = maskedReason(r.reason);
    if (r.field !== null) r.field = storable(r.field);
    r.values = maskedValues(r.values, rowMapping ? { workspace, mapping: rowMapping } : undefined) ?? undefined;
    summary.rejected++;
    if (summary.rejects.length < keep) summary.rejects.push(r);
    batchRejects.push(r);
    await opts.onReject?.(r);
  };

  // Batches are labelled (on the worker thread) and stored while the next ones are read and
  // prepared. On PostgreSQL two stores may be in flight (two server backends work while Node
  // prepares); PGlite runs on this thread, so one store, with the next batch being labelled.
  // A failed batch stops the import.
  // A batch that shares an identity with one in flight waits for it, so the file's later row wins.
  const enrichNow = enrichment && !opts.dryRun ? enrichment : null;
  const maxInflight = (db.kind === 'postgres' ? 2 : 1) + (enrichNow ? 1 : 0);
  // Each batch's enrichment completes after the one before it (duplicate groups follow file order).
  let enriched: Promise<void> = Promise.resolve();
  const pipeline = newPipelineState();
  const inflight = new Set<Promise<void>>();
  const inflightKeys = new Map<Promise<void>, Set<string>>();
  let failure: unknown = null;
  let cancelledBy: string | null = null;
  const drain = async (limit: number) => {
    while (inflight.size > limit) await Promise.race(inflight);
    if (failure) throw failure;
  };
  const flush = async () => {
    if (!batchRows) return;
    const rows = batch;
    const rejects = batchRejects;
    const counted = batchRows;
    batch = [];
    batchRejects = [];
    batchRows = 0;
    await drain(maxInflight - 1);
    const keys = new Set<string>();
    if (maxInflight > 1) {
      for (const r of rows) {
        keys.add(`${r.source}\u0001${r.external_id}`);
        // A stored item under a legacy id goes to the first row in file order that has it (takeOverLegacyItems).
        for (const legacy of r.legacy_external_ids ?? []) keys.add(`${r.source}\u0001${legacy}`);
      }
    }
    for (const [other, otherKeys] of inflightKeys) {
      for (const k of keys) {
        if (otherKeys.has(k)) {
          await other;
          break;
        }
      }
    }
    if (failure) throw failure;
    const ready = enrichNow ? (enriched = pipelineEnrichment(db, enrichNow, rows, enriched, pipeline)) : Promise.resolve();
    const p: Promise<void> = ready
      .then(() => store(rows, rejects, counted))
      .catch((error) => {
        failure ??= error;
      })
      .finally(() => {
        inflight.delete(p);
        inflightKeys.delete(p);
      });
    inflight.add(p);
    if (maxInflight > 1) inflightKeys.set(p, keys);
  };
  const store = async (rows: ItemRow[], rejects: RowReject[], counted: number) => {
    // Two turns of the event loop before each batch's transaction: the first reads the requests
    // that arrived meanwhile (the last batch ran the embedded database on this thread, and the next
    // one is often ready at once, in promise callbacks alone), the second lets their writes take a
    // write turn (write-turns.ts) ahead of this batch, so an API call waits for one batch at most.
    await nextTurn();
    await nextTurn();
    for (let attempt = 1; ; attempt++) {
      try {
        const counts = await inWriteTurn(db, () => db.transaction(async (tx) => {
          const c = opts.dryRun ? await dryRunCounts(tx, rows, dryRunSeen) : await upsertItems(tx, rows);
          if (rejects.length) {
            await tx.query(
              `INSERT INTO import_rejects (run_id, row_number, field, reason, row_values)
               SELECT $1, r, f, m, v::json FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS t(r, f, m, v)`,
              [run.id, rejects.map((r) => r.row), rejects.map((r) => r.field), rejects.map((r) => r.reason), rejects.map((r) => (r.values ? JSON.stringify(r.values) : null))],
            );
          }
          // Increments, so concurrent batches each add exactly what they committed. The run's
          // heartbeat, and whether someone asked to stop it (the page, the API), come back with them.
          const [state] = await tx.query<{ cancel_requested_by: string | null }>(
            `UPDATE import_runs SET total_rows = total_rows + $2, inserted = inserted + $3, updated = updated + $4,
               unchanged = unchanged + $5, rejected = rejected + $6, repeated = repeated + $7, older = older + $8,
               heartbeat_at = now()
             WHERE id = $1 RETURNING cancel_requested_by`,
            [run.id, counted, c.inserted, c.updated, c.unchanged, rejects.length, c.repeated, c.older],
          );
          if (state?.cancel_requested_by != null) cancelledBy ??= state.cancel_requested_by;
          return c;
        }));
        summary.inserted += counts.inserted;
        summary.updated += counts.updated;
        summary.unchanged += counts.unchanged;
        summary.older += counts.older;
        summary.repeated += counts.repeated;
        break;
      } catch (error) {
        // Two batches of one file touching the same identities can deadlock; the loser retries.
        const code = (error as { code?: string }).code;
        if (attempt < 4 && (code === '40P01' || code === '40001')) continue;
        throw error;
      }
    }
    opts.onProgress?.({ rows: summary.total_rows, accepted: summary.accepted, rejected: summary.rejected, bytes: bytesRead });
  };

  let bytesRead: number | null = null;
  // Stops before the next batch: Ctrl-C (the signal), or a cancel asked on the run (read back with each batch).
  const stopIfAsked = () => {
    if (opts.signal?.aborted) throw new SoriError('interrupted', 'import interrupted / 가져오기를 중단했습니다');
    if (cancelledBy !== null) {
      throw new SoriError('import_cancelled', `import stopped by ${cancelledBy} / ${cancelledBy} 님이 가져오기를 중지했습니다`, { run_id: run.id, cancelled_by: cancelledBy });
    }
  };
  try {
    for await (const record of readRecords(opts.path, {
      format,
      encoding: opts.encoding,
      sheet: opts.sheet,
      timeZone: workspace.timezone,
      onInfo: (info) => {
        if (info.encoding) summary.encoding = info.encoding;
        if (info.headers) {
          fileHeaders = info.headers;
          tellColumns(info.headers);
        }
      },
      onBytes: (n) => (bytesRead = n),
    })) {
      summary.total_rows++;
      batchRows++;
      // Let the event loop in now and then: a file read ahead is parsed and prepared in promise
      // callbacks alone, and in a server the requests waiting meanwhile (API writes, webhooks,
      // the dashboard) would not even be read until the import ended.
      if ((summary.total_rows & (YIELD_EVERY_ROWS - 1)) === 0) await nextTurn();
      if ('error' in record) {
        await reject({ row: record.rowNumber, field: null, reason: record.reason, values: record.values }, rejectMapping(record.values));
      } else {
        const rowMapping = mappingOf(record.values);
        const prepared = prepareItem(applyMapping(record.values, rowMapping), workspace, opts.defaults, run.id);
        if (prepared.ok) {
          summary.accepted++;
          batch.push(prepared.row);
        } else {
          for (const e of prepared.errors.slice(0, 1)) {
            await reject(
              {
                row: record.rowNumber,
                field: e.field,
                reason: preparedRowReason(prepared.errors, record.formulaEmpty, rowMapping),
                values: record.values,
              },
              rowMapping,
            );
          }
        }
      }
      if (batchRows >= batchSize) {
        stopIfAsked();
        await flush();
      }
    }
    stopIfAsked();
    await flush();
    await drain(0);
    await db.query("UPDATE import_runs SET status = 'completed', finished_at = now(), heartbeat_at = now() WHERE id = $1", [run.id]);
    // The embedded database has no autovacuum: after a large import, mark the pages all-visible
    // and refresh the planner's statistics, so reports can read covering indexes alone.
    if (db.kind === 'pglite' && !opts.dryRun && summary.inserted + summary.updated >= VACUUM_AFTER_ROWS) await db.exec('VACUUM (ANALYZE) items');
    return summary;
  } catch (error) {
    await drain(0).catch(() => undefined);
    await endRunOnError(db, run.id, error, refused && refused.error === error ? refused.reason : null);
    throw error;
  }
}
