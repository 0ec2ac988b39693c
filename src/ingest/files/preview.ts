import { zoneOffsetMs } from '../../domain/calendar/zone.js';
import { redactPii } from '../../text/pii.js';
import { redactValues } from '../prepare-item.js';
import { autoMapping, type ColumnMapping } from './column-mapping.js';
import { readRecords, type FileFormat, type FileInfo, type RecordError } from './read-records.js';

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
  /** The first data rows as text, values cut to MAX_CELL_CHARS. */
  rows: { row_number: number; values: Record<string, string> }[];
  /** Rows among the sampled ones that could not be read. */
  errors: RecordError[];
  /** Data rows read for the samples (at most SAMPLE_ROWS). */
  sampled_rows: number;
  /** What the import would use without a mapping. */
  mapping: ColumnMapping;
  unmapped: string[];
}

export interface PreviewOptions {
  format: FileFormat;
  encoding?: string;
  sheet?: string;
  /** The file is the first part of a bigger one: a last row cut in the middle is not reported. */
  partial?: boolean;
  /** The workspace's zone: XLSX date cells are read and shown as wall-clock time in it (default Asia/Seoul). */
  timeZone?: string;
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
  const timeZone = opts.timeZone ?? 'Asia/Seoul';
  const info: FileInfo = {};
  const columns = new Map<string, { samples: string[]; filled: number }>();
  const rows: FilePreview['rows'] = [];
  const results: ({ rowNumber: number; values: Record<string, unknown> } | RecordError)[] = [];
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
    for (const [name, value] of Object.entries(record.values)) {
      const column = addColumn(name);
      const text = cut(maskedCell(name, cellText(value, timeZone)));
      if (text === '') continue;
      column.filled++;
      if (column.samples.length < SAMPLES_PER_COLUMN && !column.samples.includes(text)) column.samples.push(text);
      shown[name] = text;
    }
    if (rows.length < SHOWN_ROWS) rows.push({ row_number: record.rowNumber, values: shown });
  }
  const names = [...columns.keys()];
  const auto = autoMapping(names);
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
  };
}

/**
 * A shown cell masked as a stored item's metadata value under the column's name would be
 * (prepare-item.ts redactValues: redactPii on the text, and a column whose name says personal
 * data — 연락처, 고객명, email — masked whatever it holds). Masked before it is cut to
 * MAX_CELL_CHARS: a phone number cut in half would no longer look like one.
 */
function maskedCell(column: string, text: string): string {
  if (text === '') return text;
  // One cell under its own name (a name that is itself an e-mail address is masked as a key there).
  const masked = Object.values(redactValues({ [column]: text }))[0];
  return typeof masked === 'string' ? masked : masked === undefined || masked === null ? '' : String(masked);
}

/** XLSX date cells were read as wall-clock time in the zone (see readRecords): shown as the person typed them. */
function cellText(value: unknown, timeZone: string): string {
  if (value === null || value === undefined) return '';
  const text =
    value instanceof Date
      ? new Date(value.getTime() + zoneOffsetMs(value.getTime(), timeZone)).toISOString().slice(0, 19).replace('T', ' ').replace(/:00$/, '')
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
