/** One record cut from CSV text. `row` counts records the way a spreadsheet shows rows; `line` is physical. */
export interface CsvRecord {
  fields: string[];
  /** 1-based spreadsheet row: every record (blank lines included) is one row, however many lines it spans. */
  row: number;
  /** 1-based physical line the record starts on (differs from `row` after quoted multi-line fields). */
  line: number;
  /** Set when the record could not be read; `fields` is then empty. */
  error?: string;
}

const QUOTE = 0x22;
const CR = 0x0d;
const NO_MATCH = Number.MAX_SAFE_INTEGER;

/** Longest record kept in memory while looking for its end; longer ones are reported and skipped. */
export const MAX_RECORD_CHARS = 1_000_000;

/**
 * Incremental CSV tokenizer over decoded text chunks (RFC 4180, lenient the way Excel is).
 * Hand-written because csv-parse reached ~130k rows/s on our 150-byte Korean rows; this one
 * does several times that, and it reports a broken record and carries on instead of aborting.
 *
 * - Line ends: LF, CRLF, or CR alone (old Mac Excel); the style is fixed by the first line end seen.
 * - A quote opens a quoted field only at the start of a field; elsewhere it is a literal character.
 * - Text after a closing quote is kept (`"ab"c` → `abc`), as Excel does.
 * - An unclosed quote (at end of file, or a record over MAX_RECORD_CHARS) yields an error record,
 *   and reading resumes on the line after the one where that record started.
 */
export class CsvTokenizer {
  private buf = '';
  private nextRow = 1;
  private nextLine = 1;
  private newline: '\n' | '\r' | null = null;
  private skippingLongLine = false;

  constructor(
    private readonly delimiter: string,
    private readonly maxRecordChars = MAX_RECORD_CHARS,
  ) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new Error(`unusable CSV delimiter ${JSON.stringify(delimiter)}`);
    }
  }

  /** Adds text and appends every record completed by it to `out`. */
  push(chunk: string, out: CsvRecord[]): void {
    if (this.skippingLongLine) {
      const nl = this.newline === '\r' ? chunk.indexOf('\r') : chunk.indexOf('\n');
      if (nl === -1) return;
      this.skippingLongLine = false;
      chunk = chunk.slice(nl + 1);
    }
    this.buf = this.buf.length ? this.buf + chunk : chunk;
    this.drain(false, out);
  }

  /** Flushes the last record (which may lack a final line end). */
  end(out: CsvRecord[]): void {
    if (!this.skippingLongLine) this.drain(true, out);
    this.buf = '';
  }

  private drain(final: boolean, out: CsvRecord[]): void {
    const b = this.buf;
    const len = b.length;
    if (this.newline === null) {
      const lf = b.indexOf('\n');
      const cr = b.indexOf('\r');
      if (cr !== -1 && (lf === -1 || cr < lf) && (cr + 1 < len || final) && b.charCodeAt(cr + 1) !== 0x0a) this.newline = '\r';
      else if (lf !== -1) this.newline = '\n';
      else if (!final) return; // no line end yet: wait for more text
      else this.newline = '\n';
    }
    const nl = this.newline;
    const stripCr = nl === '\n';
    const delim = this.delimiter;
    let nextNl = -1;
    let nextDelim = -1;
    let pos = 0;

    records: while (pos < len) {
      const start = pos;
      const fields: string[] = [];
      let innerLines = 0;
      let p = pos;
      fields: for (;;) {
        if (b.charCodeAt(p) === QUOTE) {
          // Quoted field: runs to the next quote not followed by another quote.
          let value = '';
          let i = p + 1;
          for (;;) {
            const q = b.indexOf('"', i);
            if (q === -1 || (q === len - 1 && !final)) {
              if (!final) break records; // need more text
              this.pushError('unclosed quote; skipped this line and continued on the next', out);
              const n = b.indexOf(nl, start);
              pos = n === -1 ? len : n + 1;
              continue records;
            }
            if (b.charCodeAt(q + 1) === QUOTE) {
              value += b.slice(i, q + 1);
              i = q + 2;
              continue;
            }
            value += b.slice(i, q);
            innerLines += countChar(b, nl, p + 1, q);
            p = q + 1;
            break;
          }
          // After the closing quote: a delimiter, a line end, end of text, or stray text kept as is.
          for (;;) {
            if (p >= len) {
              if (!final) break records;
              fields.push(value);
              pos = len;
              break fields;
            }
            const c = b[p];
            if (c === delim) {
              fields.push(value);
              p += 1;
              continue fields;
            }
            if (c === nl) {
              fields.push(value);
              pos = p + 1;
              break fields;
            }
            if (stripCr && b.charCodeAt(p) === CR) {
              if (p + 1 >= len && !final) break records;
              if (p + 1 >= len || b[p + 1] === nl) {
                fields.push(value);
                pos = p + 2;
                break fields;
              }
            }
            // Stray text: keep it up to the next delimiter or line end.
            let stop = len;
            const d = b.indexOf(delim, p);
            const n = b.indexOf(nl, p);
            if (d !== -1) stop = d;
            if (n !== -1 && n < stop) stop = n;
            if (stop === len && !final) break records;
            let piece = b.slice(p, stop);
            if (stop === n && stripCr && piece.endsWith('\r')) piece = piece.slice(0, -1);
            value += piece;
            p = stop;
          }
        } else {
          if (nextNl < p) {
            const n = b.indexOf(nl, p);
            nextNl = n === -1 ? NO_MATCH : n;
          }
          if (nextDelim < p) {
            const d = b.indexOf(delim, p);
            nextDelim = d === -1 ? NO_MATCH : d;
          }
          if (nextDelim < nextNl && nextDelim < len) {
            fields.push(b.slice(p, nextDelim));
            p = nextDelim + 1;
            continue;
          }
          if (nextNl === NO_MATCH && !final) break records;
          const lineEnd = nextNl === NO_MATCH ? len : nextNl;
          const last = stripCr && lineEnd > p && b.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
          fields.push(b.slice(p, last));
          pos = lineEnd + 1;
          break;
        }
      }
      out.push({ fields, row: this.nextRow, line: this.nextLine });
      this.nextRow += 1;
      this.nextLine += 1 + innerLines;
    }

    this.buf = pos >= len ? '' : b.slice(pos);
    if (this.buf.length > this.maxRecordChars) {
      this.pushError(`record is longer than ${this.maxRecordChars} characters (unclosed quote?); skipped its first line and continued on the next`, out);
      const rest = this.buf;
      const n = rest.indexOf(nl);
      this.buf = '';
      if (n === -1) this.skippingLongLine = true;
      else this.push(rest.slice(n + 1), out);
    }
  }

  private pushError(error: string, out: CsvRecord[]): void {
    out.push({ fields: [], row: this.nextRow, line: this.nextLine, error });
    this.nextRow += 1;
    this.nextLine += 1;
  }
}

function countChar(s: string, ch: string, from: number, to: number): number {
  let count = 0;
  let i = s.indexOf(ch, from);
  while (i !== -1 && i < to) {
    count += 1;
    i = s.indexOf(ch, i + 1);
  }
  return count;
}
