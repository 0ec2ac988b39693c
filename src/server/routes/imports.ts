import type { Context, Hono } from 'hono';
import type { Db } from '../../store/db.js';
import { z } from 'zod';
import { CHANNELS, ITEM_INPUT_FIELDS, ITEM_KINDS } from '../../domain/item.js';
import { SoriError } from '../../domain/errors.js';
import { parseMappingSpec } from '../../ingest/files/column-mapping.js';
import { importFile, storedFileName } from '../../ingest/import-file.js';
import { importMetricsFile } from '../../ingest/import-metrics.js';
import { previewFile, REQUIRED_FIELDS } from '../../ingest/files/preview.js';
import { requireFormat } from '../../ingest/files/read-records.js';
import { listImportRuns, requestImportCancel } from '../../store/queries/import-runs.js';
import { writeAudit } from '../../auth/audit.js';
import { RejectsCsv } from '../../ingest/rejects-file.js';
import { bigIdDoc, CSV_TYPE, dayDoc, instantDoc, multipartDoc, type RouteDoc } from '../openapi.js';
import { FILE_FORMATS } from '../../ingest/files/read-records.js';
import { defineRoute, idParam, type Deps } from '../route.js';
import { previewImportUndo, undoImport } from '../../removal/undo-import.js';
import { countChangedDoc } from './items.js';
import { importVendorExport, looksLikeZendeskJson, recogniseVendorExport, VENDOR_EXPORTS, vendorReport } from '../../ingest/import-vendor-export.js';
import { open } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { createRecordWriter } from '../../ingest/files/write-records.js';
import { receiveUpload } from '../upload.js';
import { makeTempDir, removeTempDir } from '../temp-dirs.js';

const previewFields = z.object({
  encoding: z.string().max(20).optional(),
  sheet: z.string().max(200).optional(),
  /** The upload is the first part of a bigger file (the page sends 1 MB of a CSV/JSONL). */
  partial: z.enum(['true', 'false']).optional(),
  // As POST /imports takes them: the sampled rows are read as that import would read them.
  channel: z.enum(CHANNELS).optional(),
  source: z.string().trim().min(1).max(100).optional(),
  kind: z.enum(ITEM_KINDS).optional(),
  mapping: z.string().max(20_000).optional().describe('the column mapping the import would send (automatic when absent)'),
});

const metricsFields = z.object({
  encoding: z.string().max(20).optional(),
  dry_run: z.enum(['true', 'false']).optional(),
});

const vendorFields = z.object({
  adapter: z.enum(VENDOR_EXPORTS),
  source: z.string().trim().min(1).max(100).optional(),
  dry_run: z.enum(['true', 'false']).optional(),
});

/** The source of a file's rows when neither the request nor a column gives one: `sori import`'s, so a file imported by either lands in one source (rows without an id match by content within a source). */
const FILE_IMPORT_SOURCE = 'file-import';

const uploadFields = z.object({
  channel: z.enum(CHANNELS).optional(),
  source: z.string().trim().min(1).max(100).optional().describe(`the rows' source when no column gives one; ${FILE_IMPORT_SOURCE} (as sori import) when absent`),
  kind: z.enum(ITEM_KINDS).optional(),
  mapping: z.string().max(20_000).optional(),
  dry_run: z.enum(['true', 'false']).optional(),
  encoding: z.string().max(20).optional(),
  sheet: z.string().max(200).optional(),
});

/** An import run (store/queries/import-runs.ts ImportRunRow); `#/components/schemas/ImportRun`. */
const importRunSchema = z
  .object({
    id: bigIdDoc,
    file_name: z.string(),
    format: z.string().describe('csv, tsv, jsonl, json or xlsx'),
    source: z.string().nullable(),
    channel: z.string().nullable(),
    status: z.enum(['running', 'completed', 'failed', 'cancelled']),
    dry_run: z.boolean(),
    total_rows: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    older: z.number().int().describe('rows older than their stored record (source_updated_at), not written'),
    repeated: z.number().int(),
    rejected: z.number().int(),
    error: z.string().nullable(),
    error_reason: z
      .object({
        code: z.enum(['missing_columns']).describe('missing_columns: no column of the file gives a required field'),
        fields: z.array(z.string()).describe('the item fields no column gave'),
        columns: z.string().nullable().describe("the file's columns as the error lists them (masked)"),
        first_row_data: z.boolean().describe('the first row looked like data, not column names (no header row)'),
      })
      .nullable()
      .describe("why the run failed, as a code a client words itself (`error` is the CLI's message, naming --map); null for other errors and for runs that did not fail"),
    started_at: instantDoc,
    finished_at: instantDoc.nullable(),
    created_by: z.string().nullable(),
    cancel_requested_by: z.string().nullable().describe('who asked a running import to stop, or null'),
    undone_at: instantDoc.nullable().describe('when the run was undone (the items it created deleted: POST /imports/{id}/undo), or null'),
    undone_by: z.string().nullable().describe('who undid it, or null'),
    undone_items: z.number().int().nullable().describe('how many items the undo deleted, or null'),
    adapter: z.enum(VENDOR_EXPORTS).nullable().describe("the vendor whose own export the file was (POST /imports/vendor), or null for a file read by column mapping; its stale tickets count in `older`"),
    skipped: z.number().int().describe("entries a vendor export's adapter left out (deleted tickets, chats stored message by message, rows without an id); 0 for other files"),
  })
  .meta({ id: 'ImportRun' });

const skipGroupSchema = z.object({
  reason: z.string().describe('why, "English / 한국어"'),
  count: z.number().int(),
  where: z.array(z.string()).describe('the first five places ("ticket 7 / 티켓 7", "row 5 / 5행")'),
  unreadable: z.boolean().describe('skipped for lacking what makes a row that vendor’s record (no id, not an object): a sign the file is not its export'),
  recognised: z.boolean().describe('skipped as a record of that vendor’s it knows (a deleted ticket, a chat the webhook stored): proof the file is its export'),
});

const vendorReportSchema = z.object({
  run_id: bigIdDoc.describe('the import run (a dry run is recorded too)'),
  file_name: z.string(),
  adapter: z.enum(VENDOR_EXPORTS),
  dry_run: z.boolean(),
  items: z.number().int().describe('records the adapter read as items'),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  repeated: z.number().int().describe('records listed more than once in the file: stored once'),
  stale: z.number().int().describe('tickets older than the state stored for them (a webhook stored a newer one): left alone'),
  rejected: z.number().int(),
  skipped: z.number().int().describe('entries left out on purpose or unreadable'),
  unreadable_skipped: z.number().int(),
  skip_groups: z.array(skipGroupSchema),
  rejects: z.array(z.object({ item: z.string().describe('the record or place ("48190", "line 3 / 3번째 줄")'), field: z.string().nullable(), reason: z.string() })).describe('the first 200'),
  rejects_url: z.string().nullable().describe('all rejects as CSV (GET /imports/{id}/rejects.csv); null when none'),
  looks_like_export: z.boolean().describe("false when nothing could be read as this vendor's records: most likely another kind of file (import it without an adapter)"),
});

const importReportSchema = z.object({
  run_id: bigIdDoc.nullable().describe('the import run (null for a dry run)'),
  file_name: z.string(),
  format: z.enum(FILE_FORMATS),
  total_rows: z.number().int(),
  accepted: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  older: z.number().int().describe('rows older than their stored ticket by source_updated_at, not written'),
  repeated: z.number().int(),
  rejected: z.number().int(),
  rejects: z.array(z.object({ row: z.number().int().describe("the row's number in the file (the header is row 1)"), field: z.string().nullable(), reason: z.string() })),
  unmapped_columns: z.array(z.string()),
  dry_run: z.boolean(),
  encoding: z.string().nullable().describe('the text encoding read (null for XLSX)'),
  rejects_url: z.string().nullable().describe('the rejected rows as CSV (GET /imports/{id}/rejects.csv); null when none'),
});

const columnMappingDoc = z.object({
  fields: z.record(z.string(), z.string()).describe('item field → column'),
  constants: z.record(z.string(), z.unknown()).optional(),
  metadata: z.array(z.string()).optional().describe('columns kept in metadata'),
  passthrough: z.array(z.string()).optional(),
  partial: z.boolean().optional(),
  unguard: z.boolean().optional(),
});

const rowProblemDoc = z.object({
  field: z.string().nullable().describe('the first field the reason names (null: the whole row)'),
  reason: z.string().describe('as the import would record the reject, "English / 한국어"'),
});

const previewSchema = z.object({
  format: z.enum(FILE_FORMATS),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  sheet: z.string().nullable(),
  sheets: z.array(z.string()),
  columns: z.array(z.object({ name: z.string(), samples: z.array(z.string()), filled: z.number().int() })),
  rows: z.array(
    z.object({
      row_number: z.number().int(),
      values: z.record(z.string(), z.string()).describe("the file's cells as text (personal data masked)"),
      read: z
        .record(z.string(), z.string())
        .nullable()
        .describe('item field → the value Sori would store under the mapping and options sent (times as wall-clock time in read.time_zone, text masked); null when the row would be rejected or the file refused'),
      problem: rowProblemDoc.nullable().describe('why the import would reject the row; null when it would land'),
    }),
  ),
  read: z
    .object({
      time_zone: z.string(),
      missing_fields: z.array(z.string()).describe('required fields no column nor option gives: the import would refuse the file (no row read)'),
      missing_columns: z.array(z.string()).describe('columns the mapping names that the file lacks: likewise refused'),
      accepted: z.number().int().describe('sampled rows that would land'),
      rejected: z.number().int().describe('sampled rows that would be rejected (unreadable rows are in errors)'),
      rejects: z.array(rowProblemDoc.extend({ row: z.number().int() })).describe('the first 20'),
    })
    .describe('the sampled rows read as the import would read them (the same prepare step, nothing stored)'),
  errors: z.array(z.object({ row: z.number().int(), reason: z.string() })),
  sampled_rows: z.number().int(),
  mapping: columnMappingDoc.describe('the automatic mapping'),
  unmapped: z.array(z.string()),
  file_name: z.string().describe('the name the run will be recorded under'),
  vendor_export: z.enum(VENDOR_EXPORTS).nullable().describe("the vendor whose own export the file looks like (POST /imports/vendor reads it through that vendor's adapter), or null"),
  fields: z.array(z.object({ name: z.string(), required: z.boolean() })).describe('the item fields a column can be mapped to'),
});

const metricsImportSchema = z.object({
  file_name: z.string(),
  dry_run: z.boolean(),
  accepted: z.number().int(),
  repeated: z.number().int(),
  rejected: z.number().int().describe('refusals, whole rows and single cells together (rejects before the cut at 200)'),
  rejected_cells: z.number().int().describe("of rejected, the single cells of a wide row (column set): the row's other cells were read and stored"),
  rejects: z
    .array(z.object({ row: z.number().int(), column: z.string().nullable().describe('the refused cell\'s column (e.g. 주문수); null when the whole row was refused (its day, an unreadable row, a long-layout row)'), reason: z.string() }))
    .describe('at most 200, in the file\'s order'),
  names: z.array(z.string()).describe('the metric names read'),
  from: dayDoc.nullable(),
  to: dayDoc.nullable(),
  skipped_columns: z.array(z.object({ column: z.string(), reason: z.string() })),
});

const undoPreviewSchema = z.object({
  run_id: bigIdDoc,
  file_name: z.string(),
  status: z.enum(['running', 'completed', 'failed', 'cancelled']),
  not_undoable: z
    .enum(['running', 'undone', 'dry_run'])
    .nullable()
    .describe('null when the run can be undone; running: cancel it first; undone: undone already; dry_run: it stored nothing'),
  undone_at: instantDoc.nullable(),
  undone_by: z.string().nullable(),
  items_to_delete: z.number().int().describe('items this run created, whatever happened to them since: the undo deletes them. Send this number as expected_count'),
  corrected: z.number().int().describe('of those, items with an operator label correction (deleted with them)'),
  updated_kept: z.number().int().describe('items this run updated that another run or call created: kept as they are now (earlier versions are not kept)'),
  note: z.string().describe('what an undo does not do, in English / Korean'),
});

const undoResultSchema = z.object({
  run_id: bigIdDoc,
  deleted: z.number().int().describe('items the run created, deleted'),
  corrected: z.number().int().describe('of those, items with an operator label correction'),
  updated_kept: z.number().int().describe('items the run only updated, kept as they are now'),
  note: z.string(),
});

/** A refused undo as documented (409: running, undone already, a dry run, or another count now). */
const undoConflictDoc = {
  description:
    'import_running: cancel the run first; already_undone: undone before (undone_at, undone_by); dry_run_import: nothing was stored; count_changed: another number of items (count) than expected_count — nothing was deleted',
  contentType: 'application/problem+json',
  schema: z.looseObject({
    type: z.string(),
    title: z.string(),
    status: z.literal(409),
    detail: z.string(),
    code: z.enum(['import_running', 'already_undone', 'dry_run_import', 'count_changed']),
    count: countChangedDoc.schema.shape.count.optional(),
    expected: countChangedDoc.schema.shape.expected.optional(),
  }),
};

/**
 * Receives a multipart upload (a `file` plus the fields `schema` allows) into a temporary folder,
 * streamed to disk under a safe name (`receiveUpload`), and runs `use` on it; the folder is
 * removed afterwards.
 */
async function withUpload<S extends z.ZodType<Record<string, unknown>>, T>(
  c: Context,
  maxFileBytes: number,
  schema: S,
  use: (upload: { filePath: string; fileName: string; fields: z.output<S> }) => Promise<T>,
): Promise<T> {
  const dir = await makeTempDir('upload');
  try {
    const { filePath, fileName, fields: raw } = await receiveUpload(c.req.raw, dir, maxFileBytes);
    const fields = schema.safeParse(raw);
    if (!fields.success) throw new SoriError('validation_failed', fields.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return await use({ filePath, fileName, fields: fields.data });
  } finally {
    await removeTempDir(dir);
  }
}

/**
 * Rows per transaction of an import the server runs. The embedded database runs each batch on the
 * server's one thread, and an API call or a page waits for the batch being stored (write-turns.ts):
 * 2,000 rows keep that wait near a quarter of a second (5,000: ~0.6 s) for ~8 % of the import's
 * speed. A PostgreSQL server stores batches on connections of their own: the setting as it is.
 */
export const SERVER_PGLITE_BATCH_ROWS = 2_000;
const serverBatchSize = (db: Db, configured: number) => (db.kind === 'pglite' ? Math.min(configured, SERVER_PGLITE_BATCH_ROWS) : configured);

const itemFieldsDoc = () => ITEM_INPUT_FIELDS.map((name) => ({ name, required: (REQUIRED_FIELDS as readonly string[]).includes(name) }));

/** Rows as a CSV text the way `sori export` writes one (BOM, CRLF, formula-guarded cells). */
async function csvText(columns: string[], rows: object[]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = createRecordWriter('csv', out, columns);
  for (const row of rows) await writer.write(row as Record<string, unknown>);
  await writer.close();
  return Buffer.concat(chunks).toString('utf8');
}

/** A file's first 64 KB as text. */
async function readHeadText(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** What the preview answers for a Zendesk tickets page: no columns to map, its adapter offered. */
function zendeskPagePreview(format: 'json', fileName: string, timeZone: string) {
  return {
    format,
    encoding: 'utf-8',
    delimiter: null,
    sheet: null,
    sheets: [],
    columns: [],
    rows: [],
    errors: [],
    sampled_rows: 0,
    mapping: { fields: {} },
    unmapped: [],
    read: { time_zone: timeZone, missing_fields: [], missing_columns: [], accepted: 0, rejected: 0, rejects: [] },
    file_name: fileName,
    vendor_export: 'zendesk' as const,
    fields: itemFieldsDoc(),
  };
}

/** File import through the web page or API (same job as `sori import`), and its rejects file. */
export function importRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/imports',
      operationId: 'importFile',
      tag: 'imports',
      summary: 'Upload a CSV/TSV/JSONL/XLSX file (multipart: file, channel, source, kind, mapping, encoding, sheet, dry_run); returns the row-level report',
      access: 'ingest',
      rawBody: true,
      docBody: multipartDoc(uploadFields),
      responseDescription:
        'the row-level report: counts (inserted, updated, unchanged, older — rows older than their stored ticket by source_updated_at, not written — repeated, rejected), rejects (row, field, reason), rejects_url',
      response: importReportSchema,
      bodyContentType: 'multipart/form-data',
    },
    async ({ c, actor, workspace, deps: { db, config } }) =>
      withUpload(c, config.maxUploadBytes, uploadFields, async ({ filePath, fileName, fields }) => {
        const summary = await importFile(db, workspace, {
          path: filePath,
          fileName,
          encoding: fields.encoding,
          sheet: fields.sheet,
          mapping: fields.mapping ? parseMappingSpec(fields.mapping, { files: false }) : undefined,
          defaults: { channel: fields.channel, source: fields.source ?? FILE_IMPORT_SOURCE, kind: fields.kind },
          dryRun: fields.dry_run === 'true',
          batchSize: serverBatchSize(db, config.importBatchSize),
          actor: actor.label,
        });
        return {
          ...summary,
          rejects: summary.rejects.map(({ values: _v, ...r }) => r),
          rejects_url: summary.rejected ? `/api/v1/imports/${summary.run_id}/rejects.csv?workspace=${encodeURIComponent(workspace.slug)}` : null,
        };
      }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/imports/preview',
      operationId: 'previewImportFile',
      tag: 'imports',
      response: previewSchema,
      summary:
        'Read the head of a file without importing it (multipart: file, encoding, sheet, partial, and as for POST /imports channel, source, kind, mapping): format, encoding, columns with sample values, the automatic column mapping and the item fields to map to; ' +
        'the first rows as in the file and as the import would store them under the mapping and options sent, each sampled row that it would reject with the reason',
      access: 'ingest',
      rawBody: true,
      docBody: multipartDoc(previewFields),
      bodyContentType: 'multipart/form-data',
    },
    async ({ c, workspace, deps: { config } }) =>
      withUpload(c, config.maxUploadBytes, previewFields, async ({ filePath, fileName, fields }) => {
        const format = requireFormat(fileName);
        // A Zendesk tickets page ({"tickets": [...]}) or its full export saved as .json (a ticket per line)
        // is no list of items: offered to its adapter, not refused.
        if (format === 'json' && looksLikeZendeskJson(await readHeadText(filePath))) return zendeskPagePreview(format, storedFileName(fileName), workspace.timezone);
        const preview = await previewFile(filePath, {
          format,
          encoding: fields.encoding,
          sheet: fields.sheet,
          partial: fields.partial === 'true',
          timeZone: workspace.timezone,
          read: {
            workspace,
            mapping: fields.mapping ? parseMappingSpec(fields.mapping, { files: false }) : undefined,
            defaults: { channel: fields.channel, source: fields.source ?? FILE_IMPORT_SOURCE, kind: fields.kind },
          },
        });
        return {
          ...preview,
          read: preview.read!,
          vendor_export: recogniseVendorExport(preview),
          // The name the run will be recorded under (uploads are stored under a safe name): the page
          // finds its running import by it to show rows read while the server works; personal data
          // in it is masked as the run's record masks it (storedFileName).
          file_name: storedFileName(fileName),
          errors: preview.errors.map((e) => ({ row: e.rowNumber, reason: e.reason })),
          fields: itemFieldsDoc(),
        };
      }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/imports/vendor',
      operationId: 'importVendorExport',
      tag: 'imports',
      summary:
        "Upload a vendor's own export (multipart: file, adapter — channeltalk: the desk export XLSX or its user-chat CSV; zendesk: tickets JSON/JSON Lines — source, dry_run), read through that vendor's adapter (as its webhook is); recorded as an import run (listed, cancellable, undoable)",
      access: 'ingest',
      rawBody: true,
      docBody: multipartDoc(vendorFields),
      responseDescription: "the report: counts, skipped entries grouped by why, rejected records (item, field, reason), rejects_url, and whether the file looked like that vendor's export",
      response: vendorReportSchema,
      bodyContentType: 'multipart/form-data',
    },
    async ({ c, actor, workspace, deps: { db, config } }) =>
      withUpload(c, config.maxUploadBytes, vendorFields, async ({ filePath, fileName, fields }) => {
        // The upload keeps its (safe) name: its extension says CSV, XLSX, JSON or JSON Lines (importVendorExport checks the vendor exports in it).
        requireFormat(fileName);
        const r = await importVendorExport(db, workspace, fields.adapter, filePath, {
          fileName,
          source: fields.source,
          dryRun: fields.dry_run === 'true',
          actor: actor.label,
          batchSize: serverBatchSize(db, config.importBatchSize),
        });
        return {
          ...vendorReport(r, fields.adapter, fields.dry_run === 'true', 200),
          rejects_url: r.rejects.length ? `/api/v1/imports/${r.run_id}/rejects.csv?workspace=${encodeURIComponent(workspace.slug)}` : null,
        };
      }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/imports/metrics',
      operationId: 'importMetricsFile',
      tag: 'metrics',
      response: metricsImportSchema,
      summary:
        'Upload daily business numbers as a CSV/TSV/JSONL/XLSX file (multipart: file, encoding, dry_run): wide (day, orders, mau, …) or long (day, name, value); returns what was accepted and the rejected rows and cells (a bad cell of a wide row is refused alone: the other cells of its row land)',
      access: 'ingest',
      rawBody: true,
      docBody: multipartDoc(metricsFields),
      bodyContentType: 'multipart/form-data',
    },
    async ({ c, workspace, deps: { db, config } }) =>
      withUpload(c, config.maxUploadBytes, metricsFields, async ({ filePath, fileName, fields }) => {
        // The upload keeps its (safe) name, so importMetricsFile tells the format from it, or refuses it.
        const result = await importMetricsFile(db, workspace, filePath, { encoding: fields.encoding, dryRun: fields.dry_run === 'true' });
        return { file_name: fileName, dry_run: fields.dry_run === 'true', ...result, rejects: result.rejects.slice(0, 200) };
      }),
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'get', path: '/imports', operationId: 'listImportRuns', tag: 'imports', summary: 'Recent import runs', access: 'read', response: z.object({ runs: z.array(importRunSchema) }) },
    async ({ workspace, deps: { db } }) => ({ runs: await listImportRuns(db, workspace.id) }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/imports/:id/cancel',
      operationId: 'cancelImport',
      tag: 'imports',
      summary:
        'Stop a running import (the page’s, the API’s or `sori import`’s): it stops before its next batch and ends as cancelled; the batches stored so far stay, and importing the file again completes it. 202 with the run; 409 not_running when it has already ended',
      access: 'ingest',
      params: z.object({ id: idParam() }),
      status: 202,
      responses: {
        '202': { description: 'the run, with cancel_requested_by set', schema: importRunSchema },
        '409': {
          description: 'not_running: the run has already ended (run_status: completed, failed or cancelled)',
          contentType: 'application/problem+json',
          schema: z.looseObject({ type: z.string(), title: z.string(), status: z.literal(409), detail: z.string(), code: z.literal('not_running'), run_status: z.enum(['completed', 'failed', 'cancelled']) }),
        },
      },
    },
    async ({ params, actor, workspace, deps: { db } }) => {
      const run = await requestImportCancel(db, workspace.id, params.id, actor.label);
      if (!run) throw new SoriError('not_found', `no import ${params.id} / 가져오기 기록이 없습니다`);
      if (run.status !== 'running') {
        throw new SoriError('not_running', `import ${params.id} has already ended (${run.status}) / 이미 끝난 가져오기입니다`, { run_status: run.status });
      }
      await writeAudit(db, actor.label, 'import.cancel', run.id, { file_name: run.file_name });
      return run;
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/imports/:id/undo',
      operationId: 'previewImportUndo',
      tag: 'imports',
      summary:
        'What undoing an import would do (admin): the items it created, to be deleted (items_to_delete, of them corrected), and the items it only updated, kept as they are now (updated_kept); not_undoable says why it cannot be undone. Nothing is changed',
      access: 'admin',
      params: z.object({ id: idParam() }),
      response: undoPreviewSchema,
    },
    async ({ params, workspace, deps: { db } }) => previewImportUndo(db, workspace, params.id),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/imports/:id/undo',
      operationId: 'undoImport',
      tag: 'imports',
      summary:
        'Undo an import (admin; 가져오기 되돌리기): every item the run created is deleted in one transaction — whatever happened to it since, its label corrections with it — and the run is marked undone (undone_at, undone_by). ' +
        'Items it only updated are kept as they are now (earlier versions are not kept). expected_count is the preview’s items_to_delete: another number now deletes nothing. Importing the same file again brings the items back. Audited (imports.undo)',
      access: 'admin',
      params: z.object({ id: idParam() }),
      body: z
        .object({ expected_count: z.number().int().min(0).describe("the preview's items_to_delete (GET /imports/{id}/undo) / 미리보기에서 본 삭제 건수") })
        .strict(),
      responses: {
        '200': { description: 'undone', schema: undoResultSchema },
        '409': undoConflictDoc,
      },
    },
    async ({ params, body, actor, workspace, deps: { db } }) => undoImport(db, workspace, params.id, { expectedCount: body.expected_count, actor: actor.label }),
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'get', path: '/imports/:id/rejects.csv', operationId: 'downloadImportRejects', produces: [CSV_TYPE], responseDescription: 'the rejected rows as CSV (UTF-8; Content-Disposition: attachment)', tag: 'imports', summary: 'The rejected rows of an import as CSV: reject_row, reject_field, reject_reason, then the row in the file’s own columns (personal data masked; the reject_* columns are ignored when it is imported again); for a vendor export (adapter set): item, field, reason', access: 'read', params: z.object({ id: idParam() }) },
    async ({ c, params, workspace, deps: { db } }) => {
      // Another workspace's run is as missing as one that never was (not an empty file).
      const [run] = await db.query<{ adapter: string | null }>('SELECT adapter FROM import_runs WHERE id = $1 AND workspace_id = $2', [params.id, workspace.id]);
      if (!run) throw new SoriError('not_found', `no import ${params.id} / 가져오기 기록이 없습니다`);
      const headers = {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="import-${params.id}-rejects.csv"`,
      };
      // A vendor export's rejects are named by their record (a ticket, a chat, a line), as `sori import --adapter` writes them.
      if (run.adapter !== null) {
        const rejects = await db.query<{ item: string | null; field: string | null; reason: string }>(
          'SELECT item, field, reason FROM import_rejects WHERE run_id = $1 ORDER BY seq',
          [params.id],
        );
        return c.body(await csvText(['item', 'field', 'reason'], rejects), 200, headers);
      }
      const rows = await db.query<{ row_number: number; field: string | null; reason: string; row_values: Record<string, unknown> | string | null }>(
        `SELECT r.row_number, r.field, r.reason, r.row_values FROM import_rejects r JOIN import_runs i ON i.id = r.run_id
         WHERE r.run_id = $1 AND i.workspace_id = $2 ORDER BY r.row_number`,
        [params.id, workspace.id],
      );
      // As the CLI writes it: why, then the row in the file's own columns (masked), to correct and import again.
      // Rows that could not be read (no values) wait for the first row that names the columns, as the CLI's do.
      const csv = new RejectsCsv(null, { waitForValues: true });
      let body = '';
      for (const r of rows) {
        const values = typeof r.row_values === 'string' ? (JSON.parse(r.row_values) as Record<string, unknown>) : r.row_values;
        body += csv.lines({ row: r.row_number, field: r.field, reason: r.reason, values });
      }
      body += csv.end();
      if (!body) body = RejectsCsv.empty();
      return c.body(body, 200, headers);
    },
  );
}
