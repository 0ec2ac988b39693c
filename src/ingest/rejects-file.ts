import type { Workspace } from '../store/queries/workspaces.js';
import { unguardCell, type ColumnMapping } from './files/column-mapping.js';
import { isExtraCellKey } from './files/read-records.js';
import { guardFormula, isoInZone } from './files/write-records.js';
import { IDENTITY_FIELDS, redactRejectedValues, redactValues, type IdentityField } from './prepare-item.js';

/**
 * The rejects file of an import (the CLI's FILE.rejects.csv and the web's rejects.csv): why each
 * row was refused, then the row itself in the file's own columns, personal data masked, so the
 * rows can be corrected in a spreadsheet and imported again — the reject_* columns are ignored on
 * import (column-mapping.ts). Columns are the file's header when the caller knows it (CSV, TSV,
 * XLSX: known before any row), else the first refused row's that has values (JSON lines); keys a
 * row adds beyond them go to reject_other as JSON. A row that could not be read has no values:
 * its raw text, when the reader gives it, goes to reject_other.
 */
export const REJECT_COLUMNS = ['reject_row', 'reject_field', 'reject_reason'] as const;
export const REJECT_OTHER = 'reject_other';
/** The key of an unreadable row's raw text in reject_other when the row also has other values. */
const REJECT_RAW_KEY = 'raw';

/** At most this many characters of a refused row are kept (a whole book pasted into a cell). */
const MAX_VALUES_CHARS = 64_000;

export interface RejectedRow {
  row: number;
  field: string | null;
  reason: string;
  values?: Record<string, unknown> | null;
  /** The row's text as found, for a row that could not be read into values (masked by the caller). */
  raw?: string | null;
}

/** Unreadable rows held back while waiting for a row that names the columns (JSON lines). */
const MAX_WAITING_ROWS = 1_000;

/**
 * A row's values masked by the rules of a stored item's metadata (redactValues: personal-data
 * columns such as 고객명 masked whatever they hold, every string redacted, nothing PostgreSQL
 * refuses), as JSON-able data; null when there are none or they are too long. With the mapping
 * the row was read by, the columns of its identity fields (id, customer, order and product
 * numbers, assignee) hold what the stored item would (redactRejectedValues), so the corrected
 * rows import again as the same distinct items. A date cell (XLSX) is written as the workspace's
 * wall-clock time with its offset (2026-12-03T16:00:00.000+09:00, as the CSV export writes it),
 * not as UTC: the same instant, the time the sheet showed.
 */
export function maskedValues(
  values: Record<string, unknown> | null | undefined,
  read?: { workspace: Workspace; mapping: ColumnMapping },
): Record<string, unknown> | null {
  if (!values) return null;
  if (read?.workspace.timezone) values = datesInZone(values, read.workspace.timezone);
  let masked: Record<string, unknown>;
  if (read?.mapping) {
    const columns: Partial<Record<IdentityField, string>> = {};
    for (const field of IDENTITY_FIELDS) if (read.mapping.fields[field] !== undefined) columns[field] = read.mapping.fields[field];
    masked = redactRejectedValues(values, read.workspace, columns, read.mapping.unguard ? unguardCell : undefined);
  } else masked = redactValues(values);
  const json = JSON.stringify(masked);
  return json.length <= MAX_VALUES_CHARS ? (JSON.parse(json) as Record<string, unknown>) : null;
}

/** The row with its Date values as ISO text in the zone with its offset (others as they are). */
function datesInZone(values: Record<string, unknown>, timeZone: string): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const key of Object.keys(values)) {
    const v = values[key];
    if (!(v instanceof Date) || Number.isNaN(v.getTime())) continue;
    out ??= { ...values };
    out[key] = isoInZone(v, timeZone);
  }
  return out ?? values;
}

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return `"${guardFormula(s).replace(/"/g, '""')}"`;
};

// A cell beyond the header (read-records.ts extraCellKey) is never a column of its own: it goes to reject_other.
const isRejectColumn = (k: string) => (REJECT_COLUMNS as readonly string[]).includes(k) || k === REJECT_OTHER;
const ownColumn = (k: string) => !isRejectColumn(k) && !isExtraCellKey(k);

/** Writes rejected rows as CSV lines (UTF-8 BOM first), the header with the first row. */
export class RejectsCsv {
  private columns: string[] | null = null;
  private waiting: RejectedRow[] = [];

  /**
   * `columns`: the file's header, when known. `waitForValues`: without it, hold rows that have no
   * values back (up to MAX_WAITING_ROWS, written by the first row that has values, or by end())
   * so one unreadable first row does not leave the file without columns.
   */
  constructor(columns?: readonly string[] | null, private readonly opts: { waitForValues?: boolean } = {}) {
    if (columns) this.columns = columns.filter(ownColumn);
  }

  /** The file's header, learnt once the reading has begun; only before the first line is written. */
  useColumns(columns: readonly string[]): void {
    if (!this.columns && !this.started) this.columns = columns.filter(ownColumn);
  }

  /** A rejects file without rows: the BOM and the reject_* header. */
  static empty(): string {
    return '\ufeff' + [...REJECT_COLUMNS, REJECT_OTHER].map(cell).join(',') + '\n';
  }

  /** The lines for one rejected row (the header first, the first time). */
  lines(r: RejectedRow): string {
    const values = r.values ?? null;
    if (!this.columns) {
      if (!values && this.opts.waitForValues && this.waiting.length < MAX_WAITING_ROWS) {
        this.waiting.push(r);
        return '';
      }
      this.columns = values ? Object.keys(values).filter(ownColumn) : [];
      return this.header() + this.waiting.splice(0).map((w) => this.row(w)).join('') + this.row(r);
    }
    return (this.started ? '' : this.header()) + this.row(r);
  }

  /** What is still held back (rows waiting for columns), or '' — call once after the last row. */
  end(): string {
    if (this.columns || !this.waiting.length) return '';
    this.columns = [];
    return this.header() + this.waiting.splice(0).map((w) => this.row(w)).join('');
  }

  private started = false;

  private header(): string {
    this.started = true;
    return '\ufeff' + [...REJECT_COLUMNS, ...this.columns!, REJECT_OTHER].map(cell).join(',') + '\n';
  }

  private row(r: RejectedRow): string {
    const values = r.values ?? null;
    const known = new Set(this.columns);
    // A corrected rejects file imported again brings its own reject_* cells: they are this file's to write anew, not the row's.
    const other: Record<string, unknown> = values ? Object.fromEntries(Object.entries(values).filter(([k]) => !known.has(k) && !isRejectColumn(k))) : {};
    const hasOther = Object.keys(other).length > 0;
    const rest = r.raw ? (hasOther ? { ...other, [REJECT_RAW_KEY]: r.raw } : r.raw) : hasOther ? other : '';
    const cells = [r.row, r.field ?? '', r.reason, ...this.columns!.map((c) => values?.[c]), rest];
    return cells.map(cell).join(',') + '\n';
  }
}
