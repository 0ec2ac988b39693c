import path from 'node:path';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { epochOfWallClock } from '../../domain/calendar/zone.js';
import { SoriError } from '../../domain/errors.js';
import type { FileInfo, ReadResult } from './read-records.js';
import { holdsTitleLine, titleAbove, uniqueHeaders } from './headers.js';
import { isKnownHeader } from './column-mapping.js';
import { ZipEntries, ZipFormatError, ZipLimitError, type InflateLimits } from './zip-entries.js';
import { XLSX_CUT_MARKER, XLSX_MAX_CELL_CHARS } from './write-records.js';

type SheetReader = ExcelJS.stream.xlsx.WorksheetReader & { name?: string };
interface SheetModel {
  name: string;
  rId: string;
  state?: string;
}
/** The parts of exceljs's streaming WorkbookReader we drive ourselves (see readXlsxRecords). */
interface WorkbookReaderParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ index: number; text: unknown }>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(entry: Readable, sheetNo: string): Generator<{ eventType: string; value: SheetReader }>;
  /** The table the worksheet reader resolves `t="s"` cells from (filled here, see readXlsxRecords). */
  sharedStrings?: unknown[];
  model?: { sheets?: SheetModel[] };
  properties?: { model?: { date1904?: boolean } };
  workbookRels?: { Id: string; Target: string }[];
}

/**
 * How far a workbook's parts may unpack (ZipEntries InflateLimits). The shared-strings table is
 * held in memory whole, so it has the tightest cap; a sheet streams row by row; the other parts
 * (relationships, workbook, styles) are small in any real file. Beyond `ratioAfterBytes`, a part
 * unpacking to more than `maxRatio` times its packed bytes is a decompression bomb.
 */
export interface XlsxLimits {
  sharedStringsBytes: number;
  sheetBytes: number;
  otherPartBytes: number;
  maxRatio: number;
  ratioAfterBytes: number;
}

const MiB = 1024 * 1024;

/** The limits the server and the CLI read workbooks with. */
export const XLSX_LIMITS: Readonly<XlsxLimits> = {
  sharedStringsBytes: 256 * MiB,
  sheetBytes: 1024 * MiB,
  otherPartBytes: 64 * MiB,
  maxRatio: 100,
  ratioAfterBytes: 8 * MiB,
};

/**
 * What a shared string longer than Excel's cell limit (32,767 characters, which Excel cannot
 * write) is kept as: a NUL, which XML text cannot hold, so no real string is mistaken for it. Its
 * rows are refused (overlongReason) like a too-long inline cell; the text itself is dropped at once.
 */
const OVERLONG_TEXT = '\u0000sori:overlong-text\u0000';

/**
 * Streams the rows of one worksheet (the first visible one unless `sheet` names one; a number
 * picks by 1-based tab position). The first non-empty row is the header; `rowNumber` is Excel's
 * row number. Cells past the header's last column are ignored: unlike CSV they cannot be a
 * parsing accident, and notes beside the data are common.
 *
 * exceljs's streaming WorkbookReader parses the XML, but we open the zip ourselves and hand it
 * the parts in dependency order (rels, workbook, shared strings, styles, then the one sheet).
 * Its own front-to-back unzip (unzipper 0.10) emits 'end' early when the parser runs ahead of
 * a slow consumer, silently dropping small trailing parts — in small Excel-saved files that
 * is sharedStrings.xml or styles.xml, i.e. all text or all dates. Reading parts by name avoids
 * that, needs no temp files, and skips the sheets we do not want.
 *
 * Memory: rows stream; the shared-strings table (all distinct text of the workbook) is held.
 * Every part is read under XlsxLimits (`limits` lowers them in tests): past one, the file is
 * refused (413 payload_too_large, reason `xlsx_unpacked_too_large`). A cell longer than Excel's
 * 32,767 characters refuses its row (not truncated: that would store a different text).
 */
export async function* readXlsxRecords(
  file: string,
  opts: { sheet?: string; timeZone: string; onInfo?: (info: FileInfo) => void; limits?: Partial<XlsxLimits> },
): AsyncGenerator<ReadResult> {
  try {
    yield* readWorkbook(file, opts, { ...XLSX_LIMITS, ...opts.limits });
  } catch (e) {
    throw e instanceof ZipLimitError ? unpackedTooLarge(file, e) : e;
  }
}

async function* readWorkbook(
  file: string,
  opts: { sheet?: string; timeZone: string; onInfo?: (info: FileInfo) => void },
  limits: XlsxLimits,
): AsyncGenerator<ReadResult> {
  let zip: ZipEntries;
  try {
    zip = await ZipEntries.open(file);
  } catch (e) {
    if (e instanceof ZipFormatError) throw notAWorkbook(file, e.message);
    throw e;
  }
  if (!zip.has('xl/workbook.xml')) throw notAWorkbook(file, 'no xl/workbook.xml');

  const book = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    // Emitted one by one and kept here (not exceljs's 'cache'), so an over-long one is never kept.
    sharedStrings: 'emit',
    // Hyperlink cells then read as their display text; styles are needed to recognise dates.
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  }) as unknown as WorkbookReaderParts;
  // The parts as text: exceljs decodes each chunk on its own (a TextDecoder without `stream`), so a
  // Korean character cut by a chunk boundary became U+FFFD; setEncoding carries it over instead.
  const ratio = { maxRatio: limits.maxRatio, ratioAfterBytes: limits.ratioAfterBytes };
  const part = async (name: string, maxBytes = limits.otherPartBytes) => (await zip.stream(name, { maxBytes, ...ratio })).setEncoding('utf8');
  if (zip.has('xl/_rels/workbook.xml.rels')) await book._parseRels(await part('xl/_rels/workbook.xml.rels'));
  await book._parseWorkbook(await part('xl/workbook.xml'));
  if (zip.has('xl/sharedStrings.xml')) {
    const strings: unknown[] = [];
    for await (const { text } of book._parseSharedStrings(await part('xl/sharedStrings.xml', limits.sharedStringsBytes))) {
      strings.push(textLength(text) > XLSX_MAX_CELL_CHARS ? OVERLONG_TEXT : text);
    }
    book.sharedStrings = strings;
  }
  if (zip.has('xl/styles.xml')) await book._parseStyles(await part('xl/styles.xml'));

  const sheets = book.model?.sheets ?? [];
  const names = sheets.map((s) => s.name);
  const sheet = pickSheet(sheets, opts.sheet);
  if (!sheet) {
    throw new SoriError('bad_request', `no worksheet "${opts.sheet}" (sheets: ${names.join(', ')}) / "${opts.sheet}" 시트가 없습니다 (시트: ${names.join(', ')})`, {
      reason: 'sheet_not_found',
      sheets: names,
    });
  }
  // Unless a sheet is named, a first sheet with no data row (blank, or a summary's title alone) is
  // passed over for the next visible sheet that has one; onInfo reports the sheet read. When none
  // has a data row, the first sheet with a header is reported (else the first sheet).
  const tried = opts.sheet === undefined ? [sheet, ...sheets.filter((s) => s !== sheet && (!s.state || s.state === 'visible'))] : [sheet];
  const date1904 = book.properties?.model?.date1904 === true;
  let first: { sheet: string; headers: string[] | null } | null = null;
  for (const [i, candidate] of tried.entries()) {
    const target = book.workbookRels?.find((rel) => rel.Id === candidate.rId)?.Target;
    const sheetPart = target ? (target.startsWith('/') ? target.slice(1) : `xl/${target}`) : null;
    if (!sheetPart || !zip.has(sheetPart)) {
      if (i === 0) throw notAWorkbook(file, `worksheet "${candidate.name}" has no data part`);
      continue;
    }
    opts.onInfo?.({ sheet: candidate.name, sheets: names });
    const entry = await part(sheetPart, limits.sheetBytes);
    let read: SheetRead;
    try {
      const [event] = [...book._parseWorksheet(entry, /(\d+)\.xml$/.exec(sheetPart)?.[1] ?? '1')];
      read = yield* readSheetRows(event.value, { timeZone: opts.timeZone, date1904 }, opts.onInfo);
    } finally {
      entry.destroy();
    }
    if (read.rows > 0) return;
    if (!first || (!first.headers && read.headers)) first = { sheet: candidate.name, headers: read.headers };
  }
  if (first) opts.onInfo?.({ sheet: first.sheet, sheets: names, ...(first.headers ? { headers: first.headers } : {}) });
}

/** What one sheet gave: how many rows it yielded (data or rejected), and its header if it has one. */
interface SheetRead {
  rows: number;
  headers: string[] | null;
}

/**
 * The characters of a cell's text (plain, or rich text's runs together) as it will be read: Excel
 * writes a CR as `_x000D_`, so only a text past the limit as written is measured again, decoded.
 */
function textLength(text: unknown): number {
  const runs = (text as { richText?: { text?: unknown }[] } | null)?.richText;
  const plain = typeof text === 'string' ? text : Array.isArray(runs) ? runs.map((r) => (typeof r.text === 'string' ? r.text : '')).join('') : '';
  return plain.length > XLSX_MAX_CELL_CHARS ? decodeXlsxEscapes(plain).length : plain.length;
}

function formatBytes(n: number): string {
  return n >= MiB ? `${Math.round(n / MiB)} MB` : `${n} bytes`;
}

/** A part unpacked past its limit: the file is refused as a whole (413), saying which part and why. */
function unpackedTooLarge(file: string, e: ZipLimitError): SoriError {
  const name = path.basename(file);
  const limits: InflateLimits = e.limits;
  const [en, ko] =
    e.reason === 'size'
      ? [`${e.entry} unpacks to more than ${formatBytes(limits.maxBytes)}`, `${e.entry}의 압축을 풀면 ${formatBytes(limits.maxBytes)}를 넘습니다`]
      : [`${e.entry} unpacks to more than ${limits.maxRatio} times its compressed size (a decompression bomb?)`, `${e.entry}의 압축을 풀면 압축된 크기의 ${limits.maxRatio}배를 넘습니다(압축 폭탄?)`];
  return new SoriError(
    'payload_too_large',
    `${name}: ${en}; split the workbook or save it as CSV / ${name}: ${ko}. 통합 문서를 나누거나 CSV로 저장하세요`,
    { reason: 'xlsx_unpacked_too_large', part: e.entry, ...(e.reason === 'size' ? { limit_bytes: limits.maxBytes } : { max_ratio: limits.maxRatio }) },
  );
}

function notAWorkbook(file: string, why: string): SoriError {
  const name = path.basename(file);
  return new SoriError('unsupported_media_type', `${name} is not a readable .xlsx workbook (${why}) / ${name}은(는) 읽을 수 있는 .xlsx 통합 문서가 아닙니다 (${why})`, {
    reason: 'not_xlsx',
  });
}

function pickSheet(sheets: SheetModel[], wanted: string | undefined): SheetModel | undefined {
  if (wanted === undefined) return sheets.find((s) => !s.state || s.state === 'visible') ?? sheets[0];
  const key = wanted.trim().toLowerCase();
  const byName = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.trim().toLowerCase() === key);
  if (byName) return byName;
  return /^\d+$/.test(key) ? sheets[Number(key) - 1] : undefined;
}

async function* readSheetRows(
  worksheet: SheetReader,
  dates: DateSystem,
  onInfo: ((info: FileInfo) => void) | undefined,
): AsyncGenerator<ReadResult, SheetRead> {
  let headers: string[] | null = null;
  // The first non-empty row while it may still be a report title above the header (see titleAbove).
  let candidate: string[] | null = null;
  // One-cell rows under a one-cell title that names no column (the report's period…): held while
  // the header may still follow (read-records.ts does the same for CSV), given back as data rows
  // of a one-column sheet when none does.
  let held: { row: (typeof worksheet extends AsyncIterable<infer R> ? R : never); names: string[] }[] = [];
  let rows = 0;
  const dataRow = (row: { number: number; values: unknown; getCell: (i: number) => { numFmt?: string } }, headers: string[]): ReadResult | null => {
    const cells = row.values as unknown[];
    const values: Record<string, unknown> = {};
    let empty = true;
    let tooLong: string | null = null;
    let formulaEmpty: string[] | undefined;
    for (let i = 0; i < headers.length; i++) {
      const raw = cells[i + 1];
      if (overlong(raw)) {
        tooLong ??= headers[i];
        empty = false;
        continue;
      }
      const value = raw === undefined ? null : normalizeCellValue(raw, () => row.getCell(i + 1).numFmt, dates);
      if (value !== null && value !== '') empty = false;
      else if (isUncalculatedFormula(raw)) (formulaEmpty ??= []).push(headers[i]);
      values[headers[i]] = value;
    }
    if (empty) return null;
    if (tooLong !== null) return { rowNumber: row.number, error: true, reason: overlongReason(tooLong) };
    const cut = cutColumn(values);
    if (cut !== null) return { rowNumber: row.number, error: true, reason: cutReason(cut) };
    return formulaEmpty ? { rowNumber: row.number, values, formulaEmpty } : { rowNumber: row.number, values };
  };
  const takeHeader = (cells: string[]): string[] => {
    const names = uniqueHeaders(cells);
    onInfo?.({ headers: names });
    return names;
  };
  /** The held rows as data rows under `names` (counted), emptying the hold. */
  const heldRows = (names: string[]): ReadResult[] => {
    const out = held.map((h) => dataRow(h.row, names)).filter((r): r is ReadResult => r !== null);
    rows += out.length;
    held = [];
    return out;
  };
  for await (const row of worksheet) {
    const cells = row.values as unknown[];
    if (!headers) {
      const names = Array.from({ length: Math.max(cells.length - 1, 0) }, (_, i) => {
        if (overlong(cells[i + 1])) {
          throw new SoriError(
            'bad_request',
            `row ${row.number}: a cell longer than Excel's ${XLSX_MAX_CELL_CHARS.toLocaleString('en')} characters where the header should be / ` +
              `${row.number}행: 머리글 자리에 엑셀 셀 한도(${XLSX_MAX_CELL_CHARS.toLocaleString('en')}자)보다 긴 값이 있습니다`,
            { reason: 'cell_too_long' },
          );
        }
        const v = normalizeCellValue(cells[i + 1], undefined, dates);
        return v === null ? '' : v instanceof Date ? v.toISOString() : String(v);
      });
      if (names.every((n) => !n.trim())) continue;
      const last = held.length ? held[held.length - 1]!.names : candidate;
      if (!last || (titleAbove(last, names) && (!held.length || names.some(isKnownHeader)))) {
        candidate = names;
        held = [];
        continue;
      }
      if (holdsTitleLine(candidate!, last, names, held.length)) {
        held.push({ row, names });
        continue;
      }
      headers = takeHeader(candidate!);
      for (const result of heldRows(headers)) yield result;
    }
    const result = dataRow(row, headers);
    if (!result) continue;
    rows++;
    yield result;
  }
  if (!headers && candidate && held.length) {
    // A one-column sheet whose rows were all held: its first row is the header after all.
    headers = takeHeader(candidate);
    for (const result of heldRows(headers)) yield result;
  }
  // A header and no data row: the caller reports it, once it knows no later sheet is read instead.
  return { rows, headers: headers ?? (candidate ? uniqueHeaders(candidate) : null) };
}

/**
 * The column of a cell Sori's XLSX export cut at Excel's limit (exactly XLSX_MAX_CELL_CHARS long,
 * ending with XLSX_CUT_MARKER; write-records.ts xlsxText), or null. Such a row is refused: storing
 * it would replace the full text kept in Sori with its first 32,766 characters.
 */
export function cutColumn(values: Record<string, unknown>): string | null {
  for (const [column, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.length === XLSX_MAX_CELL_CHARS && value.endsWith(XLSX_CUT_MARKER)) return column;
  }
  return null;
}

/** A formula cell that holds no saved result (`<f>` without `<v>`): exceljs gives `{ formula }` with no result. */
function isUncalculatedFormula(raw: unknown): boolean {
  if (raw === null || typeof raw !== 'object') return false;
  const v = raw as { formula?: unknown; sharedFormula?: unknown; result?: unknown };
  return (v.formula !== undefined || v.sharedFormula !== undefined) && (v.result === undefined || v.result === null || v.result === '');
}

/** A cell past Excel's limit: a shared string dropped as OVERLONG_TEXT, or an inline one (`t="inlineStr"`, a formula's text). */
function overlong(raw: unknown): boolean {
  if (raw === OVERLONG_TEXT) return true;
  if (typeof raw === 'string') return textLength(raw) > XLSX_MAX_CELL_CHARS;
  const v = raw as { richText?: unknown; result?: unknown } | null;
  if (v && typeof v === 'object') return textLength(v) > XLSX_MAX_CELL_CHARS || textLength(v.result) > XLSX_MAX_CELL_CHARS;
  return false;
}

function overlongReason(column: string): string {
  const limit = XLSX_MAX_CELL_CHARS.toLocaleString('en');
  return (
    `${column}: longer than Excel's ${limit}-character cell limit (Excel cannot write it); not imported rather than cut / ` +
    `엑셀 셀 한도(${limit}자)보다 긴 값이라 가져오지 않았습니다(잘라서 저장하지 않습니다)`
  );
}

function cutReason(column: string): string {
  return (
    `${column}: cut at Excel's ${XLSX_MAX_CELL_CHARS.toLocaleString('en')}-character cell limit by an XLSX export; not imported so the full text stays (export CSV or JSONL for full text) / ` +
    `XLSX 내보내기에서 엑셀 셀 한도(${XLSX_MAX_CELL_CHARS.toLocaleString('en')}자)로 잘린 값이라 가져오지 않았습니다. 저장된 전체 본문은 그대로입니다 (전체 본문은 CSV나 JSONL로 내보내세요)`
  );
}

/** How to read Excel date serials: the zone of their wall-clock time, and the workbook's epoch. */
export interface DateSystem {
  /** IANA zone of the workbook's wall-clock times. */
  timeZone: string;
  date1904?: boolean;
}

/**
 * Plain value of an exceljs cell: rich text → string, formula → its cached result,
 * hyperlink → its text, error (#N/A…) → null, date → Date. Excel dates carry no zone: they are
 * wall-clock time, read here in `dates.timeZone` (daylight saving included).
 */
export function normalizeCellValue(
  value: unknown,
  numFmt: (() => string | undefined) | undefined,
  dates: DateSystem,
): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return shiftWallClock(value, dates.timeZone);
  if (typeof value === 'string') return decodeXlsxEscapes(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object') return String(value);
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.richText)) return decodeXlsxEscapes((v.richText as { text?: string }[]).map((r) => r.text ?? '').join(''));
  if ('formula' in v || 'sharedFormula' in v) {
    const result = v.result;
    if (typeof result === 'number' && numFmt && isDateFormat(numFmt())) {
      return shiftWallClock(excelSerialToDate(result, dates.date1904 === true), dates.timeZone);
    }
    if (result !== null && typeof result === 'object' && 'error' in result) return null;
    return normalizeCellValue(result, undefined, dates);
  }
  if ('hyperlink' in v || 'text' in v) return normalizeCellValue(v.text, undefined, dates);
  if ('error' in v) return null;
  return JSON.stringify(value);
}

const XLSX_ESCAPE_RE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * A cell's text with Excel's escapes read: `_xHHHH_` is the character U+HHHH (a CR is `_x000D_`,
 * which XML would otherwise turn into a line feed), and `_x005F_` an underscore, which is how a
 * literal `_x000D_` is written (`_x005F_x000D_`). exceljs's streaming reader leaves them as they are.
 */
export function decodeXlsxEscapes(s: string): string {
  return s.indexOf('_x') === -1 ? s : s.replace(XLSX_ESCAPE_RE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** exceljs gives a cell's wall-clock time as a UTC Date: the instant it names in the zone. */
function shiftWallClock(date: Date, timeZone: string): Date {
  return Number.isNaN(date.getTime()) ? date : new Date(epochOfWallClock(date.getTime(), timeZone));
}

function excelSerialToDate(serial: number, date1904: boolean): Date {
  // 1970-01-01 is serial 25569 in the 1900 date system and 24107 in the 1904 one.
  return new Date(Math.round((serial - (date1904 ? 24107 : 25569)) * 86_400_000));
}

function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}
