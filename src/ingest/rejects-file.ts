import { guardFormula } from './files/write-records.js';
import { redactValues } from './prepare-item.js';

/**
 * The rejects file of an import (the CLI's FILE.rejects.csv and the web's rejects.csv): why each
 * row was refused, then the row itself in the file's own columns, personal data masked, so the
 * rows can be corrected in a spreadsheet and imported again — the reject_* columns are ignored on
 * import (column-mapping.ts). Columns are the first refused row's; keys another row adds (JSON
 * lines need not share them) go to reject_other as JSON.
 */
export const REJECT_COLUMNS = ['reject_row', 'reject_field', 'reject_reason'] as const;
export const REJECT_OTHER = 'reject_other';

/** At most this many characters of a refused row are kept (a whole book pasted into a cell). */
const MAX_VALUES_CHARS = 64_000;

export interface RejectedRow {
  row: number;
  field: string | null;
  reason: string;
  values?: Record<string, unknown> | null;
}

/**
 * A row's values masked by the rules of a stored item's metadata (redactValues: personal-data
 * columns such as 고객명 masked whatever they hold, every string redacted, nothing PostgreSQL
 * refuses), as JSON-able data; null when there are none or they are too long.
 */
export function maskedValues(values: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!values) return null;
  const json = JSON.stringify(redactValues(values));
  return json.length <= MAX_VALUES_CHARS ? (JSON.parse(json) as Record<string, unknown>) : null;
}

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return `"${guardFormula(s).replace(/"/g, '""')}"`;
};

/** Writes rejected rows as CSV lines (UTF-8 BOM first), the header with the first row. */
export class RejectsCsv {
  private columns: string[] | null = null;

  /** A rejects file without rows: the BOM and the reject_* header. */
  static empty(): string {
    return '\ufeff' + [...REJECT_COLUMNS, REJECT_OTHER].map(cell).join(',') + '\n';
  }

  /** The lines for one rejected row (the header first, the first time). */
  lines(r: RejectedRow): string {
    const values = r.values ?? null;
    let out = '';
    if (!this.columns) {
      this.columns = values ? Object.keys(values).filter((k) => !(REJECT_COLUMNS as readonly string[]).includes(k) && k !== REJECT_OTHER) : [];
      out += '\ufeff' + [...REJECT_COLUMNS, ...this.columns, REJECT_OTHER].map(cell).join(',') + '\n';
    }
    const known = new Set(this.columns);
    const other = values ? Object.fromEntries(Object.entries(values).filter(([k]) => !known.has(k))) : {};
    const cells = [r.row, r.field ?? '', r.reason, ...this.columns.map((c) => values?.[c]), Object.keys(other).length ? other : ''];
    return out + cells.map(cell).join(',') + '\n';
  }
}
