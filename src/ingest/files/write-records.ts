import fs from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { epochOfWallClock, zoneOffsetMs } from '../../domain/calendar/zone.js';

export type ExportFormat = 'jsonl' | 'csv' | 'xlsx';

export interface RecordWriter {
  /** Writes one row; resolves when the output can take more (backpressure). */
  write(row: Record<string, unknown>): Promise<void>;
  /**
   * Flushes, ends the output (never process.stdout/stderr) and resolves when it is all written;
   * a file path given as the output is then renamed into place (see FileReplacement).
   */
  close(): Promise<void>;
  /** After a failure or an interrupt: a file path's earlier file is left as it was, nothing half-written remains. */
  abort(): Promise<void>;
  /** XLSX: cells cut at Excel's 32,767-character limit so far (always 0 for CSV and JSONL). */
  readonly truncatedCells: number;
}

export interface WriterOptions {
  /**
   * Dates are wall-clock time in this IANA zone (the workspace's; default Asia/Seoul): XLSX date
   * cells show it, CSV writes ISO 8601 with the zone's offset (`2026-12-03T16:00:00.000+09:00`, the
   * time every screen shows, and still one instant when read back). JSONL keeps UTC ISO strings.
   */
  timeZone?: string;
  /** XLSX worksheet name; default "items". */
  sheetName?: string;
  /** XLSX: Excel number formats of the number cells of these columns (hours as `0.0`); CSV and JSONL write numbers as they are. */
  numberFormats?: Readonly<Record<string, string>>;
  /**
   * XLSX: worksheets written after the first (the rows' sheet), each its rows of cells as given
   * (guarded, dates in `timeZone` like the first sheet's); CSV and JSONL have one table and ignore them.
   */
  extraSheets?: readonly { name: string; rows: readonly (readonly unknown[])[]; widths?: readonly number[] }[];
}

/**
 * A cell a spreadsheet may read as a formula: = + - @ TAB or CR, also their full-width (＝ ＋ － ＠)
 * and small (﹦ ﹢ ﹣ ﹫) forms, after any leading whitespace or invisible format characters
 * (zero-width space/joiners, word joiner, BOM: \p{Cf}). Leading apostrophes are skipped too, so
 * a value that already starts with ' + formula character is guarded once more and unguardCell
 * (column-mapping.ts), which removes exactly one, gives back every value exactly.
 */
const FORMULA_START = /^'*[\s\p{Cf}]*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B]/u;
/** Appended to a value cut at Excel's cell limit; the importer refuses a cell that ends with it (read-xlsx.ts). */
export const XLSX_CUT_MARKER = '…';
const FLUSH_CHARS = 64 * 1024;
export const XLSX_MAX_CELL_CHARS = 32_767;
const XLSX_DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';

/** Whether guardFormula puts an apostrophe before this text (see FORMULA_START). */
export function needsFormulaGuard(value: string): boolean {
  return FORMULA_START.test(value);
}

/**
 * Guards a spreadsheet cell against formula injection: text starting with = + - @ TAB or CR (or
 * their full-width and small forms, after any leading whitespace or zero-width characters) gets a
 * leading apostrophe so Excel and Sheets show it as text. XLSX keeps the apostrophe too, visible in
 * the cell: Excel's invisible guard (the cell style's quotePrefix) is one exceljs 4.4.0 cannot write
 * (write-records.test.ts "XLSX formula guard"), and a string cell alone turns into a formula when
 * someone edits it and presses Enter.
 */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A streaming writer of rows for `sori export`, one column per name in `columns`, in that order.
 * CSV: UTF-8 with BOM (so Excel reads Korean), CRLF, dates ISO 8601, objects as JSON, every text
 * cell formula-guarded. JSONL: one object per line with the same keys, values as JSON has them.
 * XLSX: exceljs streaming writer, real date cells, text as string cells (never <f>), formula-guarded.
 */
export function createRecordWriter(
  format: ExportFormat,
  out: NodeJS.WritableStream | string,
  columns: string[],
  opts: WriterOptions = {},
): RecordWriter {
  if (typeof out !== 'string') return streamWriter(format, out, columns, opts);
  const file = new FileReplacement(out);
  const writer = streamWriter(format, file.stream, columns, opts);
  return {
    write: (row) => writer.write(row),
    async close() {
      try {
        await writer.close();
        await file.commit();
      } catch (error) {
        await file.abort();
        throw error;
      }
    },
    abort: () => file.abort(),
    get truncatedCells() {
      return writer.truncatedCells;
    },
  };
}

/**
 * A file written beside its final name (`FILE.tmp-<pid>-<random>`), flushed to disk and renamed
 * over that name only when complete, so an export or rejects file that fails (a full disk) or is
 * stopped leaves the earlier file of that name whole instead of a truncated one (as `sori backup`
 * does). The temporary file is removed on abort and when the process exits before the commit
 * (a second Ctrl-C); only SIGKILL can leave one, and the next write of that name removes it. A path that is no regular file (/dev/stdout, a
 * FIFO) is written directly. Opening throws as fs.openSync does (ENOENT, EACCES).
 */
export class FileReplacement {
  readonly stream: fs.WriteStream;
  /** Where the bytes go until the commit. */
  readonly writePath: string;
  private readonly direct: boolean;
  private settled = false;
  private readonly removeOnExit = () => {
    if (this.settled) return;
    try {
      fs.unlinkSync(this.writePath);
    } catch {
      // already gone
    }
  };

  /** The file replaced: the given name, or the file a symbolic link by that name points to (the link stays a link). */
  readonly target: string;

  constructor(given: string) {
    const existing = fs.statSync(given, { throwIfNoEntry: false });
    this.direct = existing !== undefined && !existing.isFile();
    this.target = existing?.isFile() ? fs.realpathSync(given) : given;
    this.writePath = this.direct ? given : `${this.target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    const fd = fs.openSync(this.writePath, this.direct ? 'w' : 'wx');
    // A file replaced keeps its permissions (an export kept at 0600 stays private).
    if (!this.direct && existing?.isFile()) fs.fchmodSync(fd, existing.mode & 0o7777);
    this.stream = fs.createWriteStream('', { fd });
    if (!this.direct) {
      process.on('exit', this.removeOnExit);
      removeStaleReplacements(this.target);
    }
  }

  /** Once the stream has closed: the data on disk, then the file under its name. */
  async commit(): Promise<void> {
    if (this.settled) return;
    if (!this.stream.closed) await endStream(this.stream);
    if (!this.direct) {
      const handle = await open(this.writePath, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(this.writePath, this.target);
    }
    this.settle();
  }

  /** Stops writing and removes the temporary file (never the target). */
  async abort(): Promise<void> {
    if (this.settled) return;
    this.settle();
    if (!this.stream.closed) {
      const closed = new Promise<void>((resolve) => this.stream.once('close', () => resolve()));
      this.stream.destroy();
      await closed;
    }
    if (!this.direct) await unlink(this.writePath).catch(() => undefined);
  }

  private settle(): void {
    this.settled = true;
    process.off('exit', this.removeOnExit);
  }
}

/** Temporary files of this target left by processes that no longer run (killed with SIGKILL). */
function removeStaleReplacements(target: string): void {
  const folder = path.dirname(path.resolve(target));
  const prefix = `${path.basename(target)}.tmp-`;
  let names: string[];
  try {
    names = fs.readdirSync(folder).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^(\d+)-[0-9a-f]{8}$/.exec(name.slice(prefix.length))?.[1];
    if (!pid || Number(pid) === process.pid || processRuns(Number(pid))) continue;
    try {
      fs.unlinkSync(path.join(folder, name));
    } catch {
      // another process removed it first
    }
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function streamWriter(format: ExportFormat, target: NodeJS.WritableStream, columns: string[], opts: WriterOptions): RecordWriter {
  if (format === 'xlsx') return xlsxWriter(target, columns, opts);
  const sink = new TextSink(target);
  const abort = async () => {};
  if (format === 'csv') {
    const timeZone = opts.timeZone ?? 'Asia/Seoul';
    sink.add('\uFEFF' + columns.map((c) => csvField(guardFormula(c))).join(',') + '\r\n');
    return {
      write: (row) => {
        let line = '';
        for (let i = 0; i < columns.length; i++) {
          if (i) line += ',';
          line += csvField(csvCell(row[columns[i]], timeZone));
        }
        return sink.add(line + '\r\n');
      },
      close: () => sink.close(),
      abort,
      truncatedCells: 0,
    };
  }
  return {
    write: (row) => {
      const picked: Record<string, unknown> = {};
      for (const c of columns) if (row[c] !== undefined) picked[c] = row[c];
      return sink.add(JSON.stringify(picked, jsonReplacer) + '\n');
    },
    close: () => sink.close(),
    abort,
    truncatedCells: 0,
  };
}

function csvCell(value: unknown, timeZone: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return guardFormula(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : isoInZone(value, timeZone);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return guardFormula(JSON.stringify(value, jsonReplacer));
}

/** An instant as ISO 8601 wall-clock time in a zone with its offset: 2026-12-03T16:00:00.000+09:00. */
export function isoInZone(date: Date, timeZone: string): string {
  const offset = zoneOffsetMs(date.getTime(), timeZone);
  const wall = new Date(date.getTime() + offset).toISOString().slice(0, 23);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  return `${wall}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** Batches text into large writes and waits for 'drain' when the stream asks. */
class TextSink {
  private pending = '';
  private failure: Error | null = null;

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (e: Error) => {
      this.failure ??= e;
    });
  }

  async add(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.pending += text;
    if (this.pending.length >= FLUSH_CHARS) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    await endStream(this.stream);
    if (this.failure) throw this.failure;
  }

  private async flush(): Promise<void> {
    if (!this.pending) return;
    const text = this.pending;
    this.pending = '';
    if (!this.stream.write(text)) await waitForDrain(this.stream);
    if (this.failure) throw this.failure;
  }
}

function waitForDrain(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (e?: Error) => {
      stream.off('drain', done);
      stream.off('error', done);
      stream.off('close', done);
      if (e instanceof Error) reject(e);
      else resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
    stream.on('close', done);
  });
}

function isStdio(stream: NodeJS.WritableStream): boolean {
  return stream === process.stdout || stream === process.stderr;
}

/** Ends the stream (stdout/stderr are only drained) and waits until everything is written. */
function endStream(stream: NodeJS.WritableStream): Promise<void> {
  if (isStdio(stream)) {
    const s = stream as NodeJS.WriteStream;
    return s.writableNeedDrain ? waitForDrain(s) : Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const w = stream as NodeJS.WritableStream & { writableFinished?: boolean };
    if (w.writableFinished) return resolve();
    // A file stream has finished writing only when its descriptor is closed.
    const event = stream instanceof fs.WriteStream ? 'close' : 'finish';
    stream.once(event, () => resolve());
    stream.once('error', reject);
    stream.end();
  });
}

function xlsxWriter(target: NodeJS.WritableStream, columns: string[], opts: WriterOptions): RecordWriter {
  const timeZone = opts.timeZone ?? 'Asia/Seoul';
  const numberFormats = columns.map((c) => (opts.numberFormats && Object.hasOwn(opts.numberFormats, c) ? opts.numberFormats[c] : undefined));
  // exceljs ends the stream it writes to and waits for 'finish', which stdout never emits;
  // give it a pass-through and end the real target ourselves.
  const zipOut = new PassThrough();
  let failure: Error | null = null;
  let rejectFailed: (e: Error) => void = () => {};
  // Settles only on the first error, so waits below can race it instead of hanging.
  const failed = new Promise<never>((_, reject) => {
    rejectFailed = reject;
  });
  failed.catch(() => {});
  const onError = (e: Error) => {
    failure ??= e;
    rejectFailed(e);
  };
  target.on('error', onError);
  zipOut.on('error', onError);
  zipOut.pipe(target as NodeJS.WritableStream, { end: false });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: zipOut, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(opts.sheetName ?? 'items', { views: [{ state: 'frozen', ySplit: 1 }] });
  const cut = { cells: 0 };
  sheet.addRow(columns.map((c) => xlsxText(c, cut))).commit();
  let rowsSinceYield = 0;

  return {
    get truncatedCells() {
      return cut.cells;
    },
    abort: async () => {},
    async write(row) {
      if (failure) throw failure;
      const cells = columns.map((c) => xlsxCell(row[c], timeZone, cut));
      const added = sheet.addRow(cells);
      for (let i = 0; i < cells.length; i++) {
        const numFmt = cells[i] instanceof Date ? XLSX_DATE_FORMAT : typeof cells[i] === 'number' ? numberFormats[i] : undefined;
        if (numFmt !== undefined) added.getCell(i + 1).numFmt = numFmt;
      }
      added.commit();
      // exceljs does not apply backpressure itself: let the zip stream catch up now and then.
      if (++rowsSinceYield >= 500) {
        rowsSinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
        // A slow target backs up the pass-through (pipe); wait for it like any writer would.
        if (zipOut.writableNeedDrain) await Promise.race([waitForDrain(zipOut), failed]);
      }
    },
    async close() {
      sheet.commit();
      for (const extra of opts.extraSheets ?? []) {
        const more = workbook.addWorksheet(extra.name);
        if (extra.widths) more.columns = extra.widths.map((width) => ({ width }));
        for (const values of extra.rows) {
          const cells = values.map((v) => xlsxCell(v, timeZone, cut));
          const added = more.addRow(cells);
          for (const [i, cell] of cells.entries()) if (cell instanceof Date) added.getCell(i + 1).numFmt = XLSX_DATE_FORMAT;
          added.commit();
        }
        more.commit();
      }
      const piped = new Promise<void>((resolve) => {
        if (zipOut.readableEnded) resolve();
        else zipOut.once('end', resolve);
      });
      await Promise.race([workbook.commit(), failed]);
      await Promise.race([piped, failed]);
      await Promise.race([endStream(target), failed]);
      if (failure) throw failure;
    },
  };
}

/**
 * A text cell, guarded, cut at Excel's limit with XLSX_CUT_MARKER as its last character (exactly
 * XLSX_MAX_CELL_CHARS long, which is how the importer recognises it and refuses to store it), with
 * Excel's escapes (xlsxEscaped).
 */
function xlsxText(s: string, cut: { cells: number }): string {
  const guarded = guardFormula(s);
  if (guarded.length <= XLSX_MAX_CELL_CHARS) return xlsxEscaped(guarded);
  cut.cells++;
  let end = XLSX_MAX_CELL_CHARS - XLSX_CUT_MARKER.length;
  // Never split a surrogate pair (an emoji) in two.
  if (/[\uD800-\uDBFF]/.test(guarded[end - 1])) end--;
  return xlsxEscaped(guarded.slice(0, end).padEnd(XLSX_MAX_CELL_CHARS - XLSX_CUT_MARKER.length, ' ') + XLSX_CUT_MARKER);
}

// Characters XML text cannot carry as they are: a CR (read back as a line feed) and the other
// control characters (exceljs drops them); and the underscore of a literal `_xHHHH_`.
const XLSX_UNSAFE_RE = /[\x00-\x08\x0B-\x1F\x7F]|_(?=x[0-9A-Fa-f]{4}_)/g;

/**
 * Text as Excel writes it in a cell: `_x000D_` for a CR and `_xHHHH_` for another control
 * character, `_x005F_` for the underscore of a literal `_x000D_` — what Excel and the importer
 * (read-xlsx.ts decodeXlsxEscapes) read back as the same text, so an exported item re-imports unchanged.
 */
function xlsxEscaped(s: string): string {
  XLSX_UNSAFE_RE.lastIndex = 0;
  if (!XLSX_UNSAFE_RE.test(s)) return s;
  return s.replace(XLSX_UNSAFE_RE, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

/** Excel dates have no zone: shift so the cell shows the wall-clock time in the export zone. */
function xlsxCell(value: unknown, timeZone: string, cut: { cells: number }): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return xlsxText(value, cut);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) return null;
    const wall = ms + zoneOffsetMs(ms, timeZone);
    // A wall-clock time a DST fall-back repeats (01:30 twice in New York on 2026-11-01) names two
    // instants, and a date cell keeps no offset: the second is written as text with its offset, so
    // the file still reads as the same instant (a re-import moved it an hour back — audit s18).
    return epochOfWallClock(wall, timeZone) === ms ? new Date(wall) : isoInZone(value, timeZone);
  }
  return xlsxText(JSON.stringify(value, jsonReplacer), cut);
}
