import { wallClockText } from '../../domain/calendar/zone.js';
import { SOURCE_VERSION_FIELD } from '../../domain/item.js';
import { storable } from '../../text/language.js';
import { redactPii } from '../../text/pii.js';
import type { ItemRow } from '../../store/queries/upsert-items.js';
import type { Workspace } from '../../store/queries/workspaces.js';
import { prepareItem, redactValues, rowNames, type FieldError, type ItemDefaults } from '../prepare-item.js';
import { maskedReason, preparedRowReason } from '../reject-reason.js';
import { applyMapping, autoMapping, missingRequiredFields, resolveMapping, type ColumnMapping, type ItemField } from './column-mapping.js';
import { readRecords, type FileFormat, type FileInfo, type RawRecord, type RecordError } from './read-records.js';

/** What the import page shows before anything is imported: the file's columns, a few rows, the automatic mapping. */
export interface FilePreview {
  format: FileFormat;
  /** The text encoding used (detected unless given); null for XLSX. */
  encoding: string | null;
  /** CSV/TSV: the delimiter found in the header line. */
  delimiter: string | null;
  /** XLSX: the sheet read and all sheet names. */
  sheet: string | null;
  sheets: string[];
  /**
   * Every column, in file order (JSON: keys in order of first appearance), with a few distinct
   * non-empty values. Samples and shown rows are masked as the store masks an item's metadata
   * (maskedCell): nothing unmasked reaches the page. Column names are the file's own.
   */
  columns: { name: string; samples: string[]; filled: number }[];
  /**
   * The first data rows as text, values cut to MAX_CELL_CHARS; with `read` asked for, each also as
   * Sori would store it (`read`, null when the rows cannot be read: see PreviewRead) and why it
   * would be rejected (`problem`, null when it would land).
   */
  rows: PreviewRow[];
  /** Rows among the sampled ones that could not be read. */
  errors: RecordError[];
  /** Data rows read for the samples (at most SAMPLE_ROWS). */
  sampled_rows: number;
  /** What the import would use without a mapping. */
  mapping: ColumnMapping;
  unmapped: string[];
  /** The sampled rows read under the mapping and defaults asked for (PreviewOptions.read); null when not asked. */
  read: PreviewRead | null;
}

/** One shown row: the file's cells, and (when read) the item fields as they would be stored. */
export interface PreviewRow {
  row_number: number;
  values: Record<string, string>;
  /** Item field → value as stored (dates as wall-clock time in the workspace's zone, text masked); absent fields left out. */
  read: Record<string, string> | null;
  problem: RowProblem | null;
}

/** Why a row would be rejected, worded as the import's reject (field: the first field named, null for the whole row). */
export interface RowProblem {
  field: string | null;
  reason: string;
}

/** What reading the sampled rows as the import would found. */
export interface PreviewRead {
  /** The zone created_at and the other times are shown in. */
  time_zone: string;
  /** Required fields that neither a column nor the form gives: the import would refuse the file, so no row is read. */
  missing_fields: string[];
  /** Columns the mapping names that the file does not have: likewise refused (CSV/TSV/XLSX). */
  missing_columns: string[];
  /** Sampled rows (of sampled_rows) that would land. */
  accepted: number;
  /** Sampled rows that would be rejected by the prepare step (rows the reader could not read are in `errors`). */
  rejected: number;
  /** The first MAX_ERRORS of them, in file order. */
  rejects: { row: number; field: string | null; reason: string }[];
}

/** What to read the sampled rows with: the import's mapping (automatic when absent) and defaults. */
export interface PreviewReadOptions {
  workspace: Workspace;
  mapping?: ColumnMapping;
  defaults?: ItemDefaults;
}

export interface PreviewOptions {
  format: FileFormat;
  encoding?: string;
  sheet?: string;
  /** The file is the first part of a bigger one: a last row cut in the middle is not reported. */
  partial?: boolean;
  /** The workspace's zone: XLSX date cells are read and shown as wall-clock time in it (default Asia/Seoul). */
  timeZone?: string;
  /** Also read each sampled row as the import would (prepareItem under this mapping and these defaults). */
  read?: PreviewReadOptions;
}

const SAMPLE_ROWS = 50;
const SHOWN_ROWS = 5;
const SAMPLES_PER_COLUMN = 3;
const MAX_CELL_CHARS = 200;
const MAX_ERRORS = 20;

/**
 * Reads the head of a file the way an import would (same reader, same encoding detection) and
 * describes it; nothing is stored. Stops after SAMPLE_ROWS data rows.
 */
export async function previewFile(file: string, opts: PreviewOptions): Promise<FilePreview> {
  const timeZone = opts.read?.workspace.timezone ?? opts.timeZone ?? 'Asia/Seoul';
  const info: FileInfo = {};
  const columns = new Map<string, { samples: string[]; filled: number }>();
  const rows: FilePreview['rows'] = [];
  const results: (RawRecord | RecordError)[] = [];
  let sampled = 0;
  let ended = true;
  const addColumn = (name: string) => {
    let column = columns.get(name);
    if (!column) columns.set(name, (column = { samples: [], filled: 0 }));
    return column;
  };
  const records = readRecords(file, {
    format: opts.format,
    encoding: opts.encoding,
    sheet: opts.sheet,
    timeZone,
    onInfo: (found) => Object.assign(info, found),
  });
  for await (const record of records) {
    if (!('error' in record)) {
      if (sampled === SAMPLE_ROWS) {
        ended = false;
        break;
      }
      sampled++;
    }
    results.push(record);
  }
  // A part of a file ends wherever the slice did: its last row may be cut short, or a quoted
  // cell cut open makes the reader skip line by line to the end (errors after the last good row).
  if (opts.partial && ended) {
    let cut = false;
    // Only the end of the text leaves a quote unclosed, so in a slice that is the cut: the lines
    // read after it (short rows, now accepted) are part of the cut row too.
    const open = results.findIndex((r) => 'reason' in r && r.reason.startsWith('unclosed quote'));
    if (open !== -1) {
      for (const r of results.splice(open)) if (!('reason' in r)) sampled--;
      cut = true;
    }
    while (results.length && 'reason' in results[results.length - 1]) {
      results.pop();
      cut = true;
    }
    if (!cut && results.length) {
      results.pop();
      sampled--;
    }
  }

  for (const header of info.headers ?? []) addColumn(header);
  const errors: RecordError[] = [];
  for (const record of results) {
    if ('reason' in record) {
      // A reader's reason may quote the raw line.
      if (errors.length < MAX_ERRORS) errors.push({ rowNumber: record.rowNumber, reason: redactPii(record.reason).text });
      continue;
    }
    const shown: Record<string, string> = {};
    const people = rowNames(record.values);
    for (const [name, value] of Object.entries(record.values)) {
      const column = addColumn(name);
      const text = cut(maskedCell(name, cellText(value, timeZone), people));
      if (text === '') continue;
      column.filled++;
      if (column.samples.length < SAMPLES_PER_COLUMN && !column.samples.includes(text)) column.samples.push(text);
      shown[name] = text;
    }
    if (rows.length < SHOWN_ROWS) rows.push({ row_number: record.rowNumber, values: shown, read: null, problem: null });
  }
  const names = [...columns.keys()];
  const auto = autoMapping(names);
  const read = opts.read ? readSampledRows(results, rows, opts.format, opts.read) : null;
  return {
    format: opts.format,
    encoding: info.encoding ?? null,
    delimiter: info.delimiter ?? null,
    sheet: info.sheet ?? null,
    sheets: info.sheets ?? [],
    columns: names.map((name) => ({ name, ...columns.get(name)! })),
    rows,
    errors,
    sampled_rows: sampled,
    mapping: auto.mapping,
    unmapped: auto.unmapped,
    read,
  };
}

/**
 * The sampled rows as the import reads them: the same mapping resolution, applyMapping and
 * prepareItem (validation, the workspace's zone, enum words such as 카카오톡, redaction) that
 * importFile runs, without storing. Fills each shown row's `read` and `problem`.
 */
function readSampledRows(results: readonly (RawRecord | RecordError)[], shown: PreviewRow[], format: FileFormat, opts: PreviewReadOptions): PreviewRead {
  const { workspace, defaults } = opts;
  const read: PreviewRead = { time_zone: workspace.timezone, missing_fields: [], missing_columns: [], accepted: 0, rejected: 0, rejects: [] };
  const tabular = format === 'csv' || format === 'tsv' || format === 'xlsx';
  const byKeys = new Map<string, ColumnMapping>();
  const shownByRow = new Map(shown.map((r) => [r.row_number, r]));
  for (const record of results) {
    if ('reason' in record) continue;
    const keys = Object.keys(record.values);
    const signature = keys.join('\u0000');
    let mapping = byKeys.get(signature);
    if (!mapping) {
      const resolved = resolveMapping(keys, opts.mapping);
      // A table's mapping is checked once, as importFile checks it before any row: the file would be refused whole.
      if (tabular) {
        read.missing_columns = resolved.missing.map((c) => redactPii(c).text);
        read.missing_fields = read.missing_columns.length ? [] : missingRequiredFields(resolved.mapping, defaults);
        if (read.missing_columns.length || read.missing_fields.length) return read;
      }
      mapping = resolved.mapping;
      byKeys.set(signature, mapping);
    }
    const prepared = prepareItem(applyMapping(record.values, mapping), workspace, defaults, null);
    const row = shownByRow.get(record.rowNumber);
    if (prepared.ok) {
      read.accepted++;
      if (row) row.read = readValues(prepared.row, mapping, workspace.timezone);
      continue;
    }
    const problem = rowProblem(prepared.errors, record.formulaEmpty, mapping);
    read.rejected++;
    if (read.rejects.length < MAX_ERRORS) read.rejects.push({ row: record.rowNumber, ...problem });
    if (row) row.problem = problem;
  }
  return read;
}

/** The fields a shown row says how it will be stored, whatever the mapping (channel and kind may come from the form or a default). */
const ALWAYS_SHOWN: readonly ItemField[] = ['created_at', 'channel', 'kind', 'text'];

/** A prepared row's fields as text: the mapped ones and ALWAYS_SHOWN, times on the workspace's clock, texts cut to MAX_CELL_CHARS. */
function readValues(row: ItemRow, mapping: ColumnMapping, timeZone: string): Record<string, string> {
  const fields = new Set<string>([...ALWAYS_SHOWN, ...Object.keys(mapping.fields), ...Object.keys(mapping.constants ?? {})]);
  const out: Record<string, string> = {};
  for (const field of fields) {
    const value =
      field === 'customer_id'
        ? row.customer_ref // the pseudonym stored in place of the id
        : field === SOURCE_VERSION_FIELD
          ? row.metadata[SOURCE_VERSION_FIELD]
          : field === 'metadata'
            ? null // kept whole in the item's metadata; the columns show it
            : (row as unknown as Record<string, unknown>)[field];
    if (value === null || value === undefined || value === '') continue;
    out[field] =
      value instanceof Date
        ? wallClockText(value, timeZone, 'when-set')
        : typeof value === 'string' && field === SOURCE_VERSION_FIELD
          ? wallClockText(new Date(value), timeZone, 'when-set')
          : cut(String(value));
  }
  return out;
}

/** What the import's reject would say of a row prepareItem refused (the same words: reject-reason.ts). */
function rowProblem(errors: readonly FieldError[], formulaEmpty: readonly string[] | undefined, mapping: ColumnMapping): RowProblem {
  const field = errors[0]?.field ?? null;
  return { field: field === null ? null : storable(field), reason: maskedReason(preparedRowReason(errors, formulaEmpty, mapping)) };
}

/**
 * A shown cell masked as a stored item's metadata value under the column's name would be
 * (prepare-item.ts redactValues: redactPii on the text, and a column whose name says personal
 * data — 연락처, 고객명, email — masked whatever it holds; the row's named people masked in
 * every other cell). Masked before it is cut to
 * MAX_CELL_CHARS: a phone number cut in half would no longer look like one.
 */
function maskedCell(column: string, text: string, people: readonly string[]): string {
  if (text === '') return text;
  // One cell under its own name (a name that is itself an e-mail address is masked as a key there),
  // with the people its row's name columns give masked in it too.
  const masked = Object.values(redactValues({ [column]: text }, people))[0];
  return typeof masked === 'string' ? masked : masked === undefined || masked === null ? '' : String(masked);
}

/** XLSX date cells were read as wall-clock time in the zone (see readRecords): shown as the person typed them. */
function cellText(value: unknown, timeZone: string): string {
  if (value === null || value === undefined) return '';
  const text =
    value instanceof Date
      ? wallClockText(value, timeZone, 'when-set')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return text.trim();
}

function cut(text: string): string {
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
}

/** The item fields an item cannot do without (channel may come from the import form instead). */
export const REQUIRED_FIELDS = ['text', 'created_at', 'channel'] as const;
