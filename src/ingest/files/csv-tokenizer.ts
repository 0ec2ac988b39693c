/** One record cut from CSV text. `row` counts records the way a spreadsheet shows rows; `line` is physical. */
export interface CsvRecord {
  fields: string[];
  /** 1-based spreadsheet row: every record (blank lines included) is one row, however many lines it spans. */
  row: number;
  /** 1-based physical line the record starts on (differs from `row` after quoted multi-line fields). */
  line: number;
  /** Set when the record could not be read; `fields` is then empty. */
  error?: string;
  /**
   * Set on the error of a quote left open to the end of a file too long to hold (over
   * MAX_RECORD_CHARS after it): the text after that record's first line was never read as rows.
   * Feed the same text again, from its start, to `CsvTokenizer.resuming(delimiter, resumeAt)`.
   */
  resumeAt?: CsvResume;
}

/** Where reading goes on after an unclosed quote (see CsvRecord.resumeAt). */
export interface CsvResume {
  /** Characters of the text before the broken record; the reading goes on after the line end that follows. */
  offset: number;
  row: number;
  line: number;
  newline: '\n' | '\r';
}

const QUOTE = 0x22;
const CR = 0x0d;
const NO_MATCH = Number.MAX_SAFE_INTEGER;
const UNCLOSED_QUOTE = 'unclosed quote; skipped this line and continued on the next / 따옴표가 닫히지 않았습니다. 이 줄을 건너뛰고 다음 줄부터 읽었습니다';

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
 * - An unclosed quote at the end of the file yields an error record, and reading resumes on the
 *   line after the one where that record started.
 * - A record over MAX_RECORD_CHARS (a huge quoted cell) is not kept: it is followed, quotes and all,
 *   to its real end (the line end after its closing quote) and reported as one error row, so no line
 *   inside its quoted text becomes a row and later row numbers stay right. If the file ends inside
 *   its quotes, it was a stray quote, not a cell: the error record carries `resumeAt`, and the
 *   caller feeds the text again to `CsvTokenizer.resuming`, which reads on from the line after the
 *   quote's as the short case does (the text is not kept, so it must come again: a file is reopened).
 */
export class CsvTokenizer {
  private buf = '';
  private nextRow = 1;
  private nextLine = 1;
  private newline: '\n' | '\r' | null = null;
  /** Characters pushed so far (where `buf` ends in the whole text). */
  private pushed = 0;
  /** Resuming: characters still to pass over, then through the next line end. */
  private discard: { chars: number; line: boolean } | null = null;
  /** Set while an over-long record is followed to its end without keeping its text. */
  private skip: {
    row: number;
    line: number;
    /** Where the record starts in the whole text. */
    offset: number;
    lines: number;
    inQuote: boolean;
    justClosed: boolean;
    fieldStart: boolean;
    chars: number;
  } | null = null;

  /**
   * A tokenizer that reads the same text again after a quote left open to its end (`resumeAt` of
   * that error record): it passes over the text up to the broken record's first line end, then
   * reads on with the row numbers that follow it.
   */
  static resuming(delimiter: string, resume: CsvResume, maxRecordChars = MAX_RECORD_CHARS): CsvTokenizer {
    const t = new CsvTokenizer(delimiter, maxRecordChars);
    t.discard = { chars: resume.offset, line: true };
    t.newline = resume.newline;
    t.nextRow = resume.row;
    t.nextLine = resume.line;
    return t;
  }

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
    this.pushed += chunk.length;
    if (this.discard) {
      const d = this.discard;
      if (d.chars >= chunk.length) {
        d.chars -= chunk.length;
        return;
      }
      chunk = chunk.slice(d.chars);
      d.chars = 0;
      const end = chunk.indexOf(this.newline!);
      if (end === -1) return;
      this.discard = null;
      chunk = chunk.slice(end + 1);
    }
    this.feed(chunk, out);
  }

  private feed(chunk: string, out: CsvRecord[]): void {
    if (this.skip) {
      const end = this.skipThrough(chunk);
      if (end === -1) return;
      this.endSkip(out);
      chunk = chunk.slice(end + 1);
    }
    this.buf = this.buf.length ? this.buf + chunk : chunk;
    this.drain(false, out);
  }

  /** Flushes the last record (which may lack a final line end). */
  end(out: CsvRecord[]): void {
    if (this.discard) this.discard = null;
    else if (this.skip) this.endSkip(out, true);
    else this.drain(true, out);
    this.buf = '';
  }

  /**
   * Follows an over-long record through `text` (quotes, escaped quotes, delimiters): the index of
   * the line end that ends it, or -1 when it goes on past this text.
   */
  private skipThrough(text: string): number {
    const skip = this.skip!;
    const nl = this.newline ?? '\n';
    const delim = this.delimiter;
    skip.chars += text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === nl) skip.lines += 1;
      if (skip.inQuote) {
        // A closing quote; an escaped one ("") opens again on the next character.
        if (c === '"') {
          skip.inQuote = false;
          skip.justClosed = true;
        }
        continue;
      }
      const reopen = skip.justClosed;
      skip.justClosed = false;
      if (c === '"') {
        // At a field's start it opens quotes, and right after a closing quote it is an escaped one.
        if (skip.fieldStart || reopen) skip.inQuote = true;
        skip.fieldStart = false;
      } else if (c === delim) skip.fieldStart = true;
      else if (c === nl) {
        skip.chars -= text.length - i - 1;
        return i;
      } else skip.fieldStart = false;
    }
    return -1;
  }

  private endSkip(out: CsvRecord[], atEnd = false): void {
    const skip = this.skip!;
    this.skip = null;
    const max = this.maxRecordChars.toLocaleString('en-US');
    if (atEnd && skip.inQuote) {
      // A quote that never closes is a stray one: the lines after it are rows, read again from there.
      out.push({
        fields: [],
        row: skip.row,
        line: skip.line,
        error: UNCLOSED_QUOTE,
        resumeAt: { offset: skip.offset, row: skip.row + 1, line: skip.line + 1, newline: this.newline ?? '\n' },
      });
      return;
    }
    // Many lines: perhaps rows swallowed between a stray quote and a later one that closed it.
    const lines = skip.lines + (atEnd ? 1 : 0);
    const span = lines > 2 ? [` (it spans ${lines.toLocaleString('en-US')} lines; if they are rows, look for a stray quote at its start)`, ` (${lines.toLocaleString('en-US')}줄에 걸친 행입니다. 그 줄들이 행이라면 이 행의 따옴표를 확인하세요)`] : ['', ''];
    const error =
      `record is longer than ${max} characters (${skip.chars.toLocaleString('en-US')}); the whole row was skipped${span[0]} / ` +
      `행이 ${max}자보다 깁니다(${skip.chars.toLocaleString('en-US')}자). 이 행 전체를 건너뛰었습니다${span[1]}`;
    out.push({ fields: [], row: skip.row, line: skip.line, error });
    this.nextRow = skip.row + 1;
    this.nextLine = skip.line + skip.lines + (atEnd ? 1 : 0);
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
              this.pushError(UNCLOSED_QUOTE, out);
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
      // Too long to keep: follow it to its end from its first character, without its text.
      const rest = this.buf;
      this.buf = '';
      this.skip = { row: this.nextRow, line: this.nextLine, offset: this.pushed - rest.length, lines: 0, inQuote: false, justClosed: false, fieldStart: true, chars: 0 };
      this.feed(rest, out);
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
