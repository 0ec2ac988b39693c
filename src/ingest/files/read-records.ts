import fs from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { pipeline } from 'node:stream';
import iconv from 'iconv-lite';
import { SoriError } from '../../domain/errors.js';
import { CsvTokenizer, type CsvRecord } from './csv-tokenizer.js';
import { JsonArrayTokenizer, NotAJsonArray, type JsonElement } from './json-array-tokenizer.js';
import { readXlsxRecords } from './read-xlsx.js';
import { holdsTitleLine, titleAbove, uniqueHeaders } from './headers.js';
import { isKnownHeader } from './column-mapping.js';
import { storable } from '../../text/language.js';

export const FILE_FORMATS = ['csv', 'tsv', 'jsonl', 'json', 'xlsx'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/**
 * One data row. `rowNumber` is where a person finds it: the spreadsheet row for CSV/TSV/XLSX
 * (header = row 1, so data starts at 2; a record with a quoted multi-line cell is still one row,
 * as Excel shows it), the 1-based line for JSONL, the 1-based element position for JSON.
 */
export interface RawRecord {
  rowNumber: number;
  values: Record<string, unknown>;
  /**
   * XLSX: the columns whose cell is a formula without a saved result (a workbook written by a
   * program that does not calculate), read as empty. Only then does a reject say so.
   */
  formulaEmpty?: string[];
}

/** A row that could not be read (malformed JSON line, CSV row with the wrong column count…). */
export interface RecordError {
  rowNumber: number;
  reason: string;
  /**
   * What could be read of the row, for the rejects file (a row with more cells than the header:
   * its cells under the header's names, the extra ones as `(초과 N)`), so it can be corrected and
   * imported again.
   */
  values?: Record<string, unknown>;
}

export type RecordFailure = RecordError & { error: true };
export type ReadResult = RawRecord | RecordFailure;

export interface ReadOptions {
  format?: FileFormat;
  /** An iconv-lite encoding name, or 'auto' (default) to detect it from the first 64 KB. */
  encoding?: string;
  /** XLSX worksheet name or 1-based position; default the first visible sheet. */
  sheet?: string;
  /** XLSX date cells are wall-clock time in this IANA zone (the workspace's); default Asia/Seoul. */
  timeZone?: string;
  /**
   * Told what was found before the rows: the text encoding (text formats), then the header row
   * and delimiter (CSV/TSV/XLSX) — also when no data row follows, so an empty file still shows
   * its columns (the import page's preview uses it).
   */
  onInfo?: (info: FileInfo) => void;
  /** Told how many bytes of the file have been read so far (text formats; a progress bar's measure). */
  onBytes?: (bytesRead: number) => void;
}

export interface FileInfo {
  encoding?: string;
  /** XLSX: the sheet read and every sheet's name. */
  sheet?: string;
  sheets?: string[];
  delimiter?: string;
  headers?: string[];
}

export type DetectedEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'cp949';

const SAMPLE_BYTES = 64 * 1024;
const READ_CHUNK_BYTES = 256 * 1024;
const MAX_LINE_CHARS = 1_000_000;

const FORMAT_BY_EXTENSION: Record<string, FileFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  // Excel's "텍스트 (탭으로 분리)" / "Unicode text": the delimiter (TAB, comma, semicolon) is detected.
  '.txt': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
};

/** File format from the file name's extension (case-insensitive), or null when unknown. */
export function detectFormat(fileName: string): FileFormat | null {
  return FORMAT_BY_EXTENSION[path.extname(fileName).toLowerCase()] ?? null;
}

/** The format a file name says, or a clear error (with a word for old .xls workbooks). */
export function requireFormat(fileName: string): FileFormat {
  const format = detectFormat(fileName);
  if (format) return format;
  throw new SoriError(
    'unsupported_media_type',
    path.extname(fileName).toLowerCase() === '.xls'
      ? 'old Excel .xls files are not supported; save it as .xlsx or CSV (UTF-8) / 예전 엑셀 .xls 파일은 읽지 못합니다. .xlsx나 CSV(UTF-8)로 저장해 주세요'
      : `cannot tell the file format from "${path.basename(fileName)}"; use .csv, .tsv, .jsonl, .json or .xlsx, or pass the format / 지원하지 않는 파일 형식입니다`,
    { reason: 'unknown_format' },
  );
}

/**
 * Guesses a text file's encoding from its first bytes: a BOM wins; then strictly valid UTF-8
 * (a multi-byte character cut by the end of the sample is allowed); else the one of UTF-8 and CP949
 * (EUC-KR superset, what Korean Excel saves) that reads the sample with fewer bytes it cannot
 * decode — by evidence, not the first bad byte: a CP949 file with one stray byte is still CP949,
 * and a UTF-8 file with one CP949 line is still UTF-8. A tie goes to UTF-8.
 */
export function detectEncoding(head: Buffer): DetectedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // UTF-16 without a BOM: the ASCII in it (delimiters, digits, line ends) is half zero bytes, on
  // odd offsets in little-endian, even ones in big-endian; UTF-8 and CP949 text has none.
  const utf16 = utf16WithoutBom(head);
  if (utf16) return utf16;
  const body = withoutCutUtf8Char(head);
  if (isUtf8(body)) return 'utf-8';
  const asUtf8 = new TextDecoder('utf-8').decode(body);
  const utf8Bad = countReplacements(asUtf8) - countLiteralReplacements(body);
  // Hangul syllables read as UTF-8 are strong evidence (three bytes EA–ED 80–BF 80–BF, which CP949's
  // Hangul never forms: its lead bytes are B0–C8): with at least as many of their bytes as invalid
  // sequences, UTF-8 it is. Other valid sequences are not counted: CP949 text forms 2-byte ones by
  // chance (카드 is C4 AB B5 E5, and C4 AB reads "ī"), enough to outweigh a small file's errors.
  let utf8Good = 0;
  for (let i = 0; i < asUtf8.length; i++) {
    const c = asUtf8.charCodeAt(i);
    if (c >= 0xac00 && c <= 0xd7a3) utf8Good += 3;
  }
  if (utf8Good >= utf8Bad) return 'utf-8';
  // The streaming decoder holds back a lead byte cut off at the end instead of replacing it.
  const cp949Bad = countReplacements(iconv.getDecoder('cp949').write(head));
  return cp949Bad < utf8Bad ? 'cp949' : 'utf-8';
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

/** U+FFFD written in the file itself (EF BF BD), which is no decoding error. */
function countLiteralReplacements(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(REPLACEMENT_UTF8); i !== -1; i = bytes.indexOf(REPLACEMENT_UTF8, i + 3)) n++;
  return n;
}
const REPLACEMENT_UTF8 = Buffer.from([0xef, 0xbf, 0xbd]);

function utf16WithoutBom(head: Buffer): DetectedEncoding | null {
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 2) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZero++;
    if (head[2 * i + 1] === 0) oddZero++;
  }
  if (oddZero >= pairs * 0.2 && evenZero === 0) return 'utf-16le';
  if (evenZero >= pairs * 0.2 && oddZero === 0) return 'utf-16be';
  return null;
}

function withoutCutUtf8Char(buf: Buffer): Buffer {
  const len = buf.length;
  for (let back = 1; back <= Math.min(3, len); back++) {
    const byte = buf[len - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    if (byte < 0xc0) return buf;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return needed > back ? buf.subarray(0, len - back) : buf;
  }
  return buf;
}

/**
 * Streams the records of a CSV/TSV/JSONL/JSON/XLSX file, one at a time and in file order, with
 * backpressure (nothing more is read until the caller asks). Bad rows come back as
 * `{ error: true, rowNumber, reason }` and reading goes on; only an unusable file throws
 * (unknown format or encoding, no CSV header, JSON that is not an array, missing sheet).
 */
export async function* readRecords(input: string, opts: ReadOptions = {}): AsyncGenerator<ReadResult> {
  const format = opts.format ?? requireFormat(input);
  const head = await readHead(input);
  const kind = sniffContainer(head);
  if (format === 'xlsx') {
    if (kind !== 'zip') {
      throw new SoriError('unsupported_media_type', `${path.basename(input)} is not an .xlsx workbook / 엑셀 .xlsx 통합 문서가 아닙니다`, { reason: 'not_xlsx' });
    }
    yield* readXlsxRecords(input, {
      sheet: opts.sheet,
      timeZone: opts.timeZone ?? 'Asia/Seoul',
      onInfo: opts.onInfo,
    });
    return;
  }
  if (kind !== 'text') {
    throw new SoriError(
      'unsupported_media_type',
      `${path.basename(input)} is an Excel workbook, not ${format.toUpperCase()} text; import it as .xlsx / ${format.toUpperCase()} 텍스트가 아니라 엑셀 통합 문서입니다. .xlsx로 가져오세요`,
      { reason: 'binary_file' },
    );
  }
  // A head of plain ASCII tells nothing (English headers and ids, Korean text further down):
  // judge by the file's first non-ASCII bytes instead.
  const sample = (opts.encoding === undefined || opts.encoding.toLowerCase() === 'auto') && head.length === SAMPLE_BYTES && isAscii(head) ? await firstNonAscii(input) : head;
  const encoding = chooseEncoding(opts.encoding, sample);
  refuseBinary(input, head, encoding, opts.encoding === undefined || opts.encoding.toLowerCase() === 'auto');
  opts.onInfo?.({ encoding });
  const decoding: DecodeStats = { replaced: false };
  const text = decodeFile(input, encoding, decoding, opts.onBytes);
  // Bytes the encoding could not read became U+FFFD: such a row is refused (and reported with its
  // row number), not stored as "���". Checked inside each reader, as an extra generator layer
  // would cost every row promise ticks.
  const screen = (record: ReadResult): ReadResult =>
    decoding.replaced && !('error' in record) && holdsReplacement(record.values)
      ? {
          error: true,
          rowNumber: record.rowNumber,
          reason:
            `some bytes in this row are not valid ${encoding} and were read as "\uFFFD" (is another encoding mixed into the file?); fix the row or choose the file's encoding / ` +
            `이 행의 일부 바이트가 ${encoding} 문자가 아니어서 "\uFFFD"로 읽혔습니다(다른 인코딩이 섞였나요?). 행을 고치거나 파일의 인코딩을 지정하세요`,
        }
      : record;
  // A quote left open to the end of the file is read past by reading the file again (readCsv).
  const reopen = () => decodeFile(input, encoding, decoding);
  if (format === 'csv' || format === 'tsv') yield* readCsv(text, format === 'tsv' ? '\t' : null, opts.onInfo, screen, reopen);
  else if (format === 'jsonl') yield* readJsonLines(text, screen);
  else yield* readJsonArray(text, screen);
}

type Screen = (record: ReadResult) => ReadResult;

/** Whether decoding has replaced bytes it could not read with U+FFFD (not counting any the file itself holds). */
interface DecodeStats {
  replaced: boolean;
}

/** Whether a string anywhere in the row's values holds U+FFFD. */
function holdsReplacement(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\uFFFD');
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  for (const key of Object.keys(value)) {
    if (key.includes('\uFFFD') || holdsReplacement((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

/**
 * Refuses a file that is no text at all (an image or archive renamed .csv): NUL bytes making more
 * than 1 % of the first 8 KB outside UTF-16, or a sample of which over a tenth is unreadable bytes
 * and control characters in both UTF-8 and CP949. One clear error instead of hundreds of bytes of
 * mojibake shown as "column names". A stray NUL or two in a text export is no such sign (it is
 * dropped from what is stored, like one further on), and an encoding the caller chose is never
 * second-guessed here: its rows are refused one by one if it is the wrong one.
 */
function refuseBinary(input: string, head: Buffer, encoding: string, detected: boolean): void {
  if (!detected || head.length === 0 || /^utf-?16/i.test(encoding)) return;
  const sample = head.subarray(0, 8192);
  let nuls = 0;
  for (let i = sample.indexOf(0); i !== -1; i = sample.indexOf(0, i + 1)) nuls++;
  let bad = nuls > 1 && nuls * 100 > sample.length ? sample.length : 0;
  if (!bad) {
    const text = iconv.decode(sample, encoding);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c)) bad++;
    }
    bad = bad * 10 > text.length ? sample.length : 0; // over a tenth unreadable
  }
  if (bad) {
    throw new SoriError(
      'unsupported_media_type',
      `${path.basename(input)} does not look like a text file (CSV, TSV, JSON): it holds binary data; check that it is the right file, saved as CSV or .xlsx / ` +
        `텍스트 파일(CSV, TSV, JSON)이 아닌 것 같습니다. 바이너리 데이터가 들어 있습니다. 올바른 파일인지, CSV나 .xlsx로 저장했는지 확인하세요`,
      { reason: 'binary_file' },
    );
  }
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SAMPLE_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isAscii(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) if (buf[i] >= 0x80) return false;
  return true;
}

/** Up to SAMPLE_BYTES of the file from its first byte ≥ 0x80 (empty when it is all ASCII). */
async function firstNonAscii(file: string): Promise<Buffer> {
  let offset = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    const at = chunk.findIndex((b) => b >= 0x80);
    if (at >= 0) {
      const handle = await open(file, 'r');
      try {
        const buf = Buffer.alloc(SAMPLE_BYTES);
        const { bytesRead } = await handle.read(buf, 0, SAMPLE_BYTES, offset + at);
        return buf.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    }
    offset += chunk.length;
  }
  return Buffer.alloc(0);
}

function sniffContainer(head: Buffer): 'zip' | 'ole' | 'text' {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return 'zip';
  if (head.length >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) return 'ole';
  return 'text';
}

function chooseEncoding(requested: string | undefined, head: Buffer): string {
  if (requested === undefined || requested.toLowerCase() === 'auto') return detectEncoding(head);
  if (!iconv.encodingExists(requested)) {
    throw new SoriError('bad_request', `unknown encoding "${requested}" (try utf-8, cp949, euc-kr, utf-16le) / 알 수 없는 인코딩입니다: "${requested}" (utf-8, cp949, euc-kr, utf-16le 중 하나를 쓰세요)`, {
      reason: 'unknown_encoding',
    });
  }
  return requested;
}

/**
 * Decoded text chunks of the file, BOM removed; pulling drives reading (backpressure).
 * UTF-8 goes through the built-in TextDecoder (streaming mode), about twice as fast as
 * iconv-lite's UTF-8 path on Korean text; every other encoding through an iconv-lite stream.
 */
async function* decodeFile(file: string, encoding: string, stats: DecodeStats, onBytes?: (bytesRead: number) => void): AsyncGenerator<string> {
  const source = fs.createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  if (/^utf-?8$/i.test(encoding)) {
    const decoder = new TextDecoder('utf-8');
    // U+FFFD in the text is a decoding error unless the file holds it (EF BF BD, maybe cut by a chunk's end).
    let produced = 0;
    let literal = 0;
    let tailBytes = Buffer.alloc(0);
    for await (const bytes of source) {
      onBytes?.(source.bytesRead);
      const text = decoder.decode(bytes as Buffer, { stream: true });
      if (!stats.replaced && text.includes('\uFFFD')) {
        produced += countReplacements(text);
        literal += countLiteralReplacements(Buffer.concat([tailBytes, bytes as Buffer]));
        stats.replaced = produced > literal;
      }
      tailBytes = Buffer.from((bytes as Buffer).subarray(Math.max(0, (bytes as Buffer).length - 2)));
      if (text) yield text;
    }
    const tail = decoder.decode();
    if (tail.includes('\uFFFD')) stats.replaced = true;
    if (tail) yield tail;
    return;
  }
  // Piped, so read by 'data' events: count the bytes there.
  if (onBytes) source.on('data', () => onBytes(source.bytesRead));
  const decoded = pipeline(source, iconv.decodeStream(encoding), () => {
    // Errors surface through the iteration below.
  });
  // UTF-16 turns no bytes into U+FFFD (a U+FFFD there is the file's own); the legacy encodings do.
  const replaces = !/^utf-?16/i.test(encoding);
  for await (const chunk of decoded) {
    if (replaces && !stats.replaced && (chunk as string).includes('\uFFFD')) stats.replaced = true;
    yield chunk as string;
  }
}

async function* readCsv(
  text: AsyncIterable<string>,
  fixedDelimiter: string | null,
  onInfo: ReadOptions['onInfo'],
  screen: Screen,
  reopen?: () => AsyncIterable<string>,
): AsyncGenerator<ReadResult> {
  let tokenizer: CsvTokenizer | null = null;
  let pending = '';
  const state: CsvState = { headers: null, lineOffset: 0, textStart: 0, delimiter: ',', onInfo };
  const records: CsvRecord[] = [];
  const results: ReadResult[] = [];

  let sawContent = false;
  for await (const chunk of text) {
    if (!sawContent && /[^\s\uFEFF]/.test(chunk)) sawContent = true;
    if (tokenizer) tokenizer.push(chunk, records);
    else {
      // The delimiter is chosen from the header line, so wait until that line is complete.
      pending += chunk;
      if (firstContentLine(pending) === null && pending.length < MAX_LINE_CHARS) continue;
      tokenizer = startCsv(pending, fixedDelimiter, state, records);
      pending = '';
    }
    csvResults(records, state, results);
    // Plain loops, not yield* over a sync generator: each delegated item costs extra promise ticks.
    for (const result of results) yield screen(result);
    results.length = 0;
  }
  tokenizer ??= startCsv(pending, fixedDelimiter, state, records);
  tokenizer.end(records);
  // A quote left open to the end of a file too long to hold: the tokenizer could keep none of the
  // text after it, so the file is read again from the line after the quote's (as many times as
  // such quotes come, each further on).
  for (let resume = records.at(-1)?.resumeAt; resume && reopen; resume = records.at(-1)?.resumeAt) {
    csvResults(records, state, results);
    for (const result of results) yield screen(result);
    results.length = 0;
    const again = CsvTokenizer.resuming(state.delimiter, resume);
    let skip = state.textStart; // Excel's `sep=` line, never given to the tokenizer
    for await (let chunk of reopen()) {
      if (skip) {
        const n = Math.min(skip, chunk.length);
        chunk = chunk.slice(n);
        skip -= n;
        if (!chunk) continue;
      }
      again.push(chunk, records);
      csvResults(records, state, results);
      for (const result of results) yield screen(result);
      results.length = 0;
    }
    again.end(records);
  }
  csvResults(records, state, results);
  for (const result of results) yield screen(result);
  if (!state.headers && state.candidate) {
    // A header and no data row — or a one-column file whose rows were held as possible title lines.
    state.headers = uniqueHeaders(state.candidate);
    state.onInfo?.({ headers: state.headers, delimiter: state.delimiter });
    for (const rec of state.held ?? []) {
      const result = csvResult(rec, state.headers, state.lineOffset);
      if (result) yield screen(result);
    }
    state.held = undefined;
  }
  if (!state.headers) {
    // Nothing but blank lines (or nothing at all, a BOM aside): say so, not that a header is missing.
    if (!sawContent) {
      throw new SoriError('bad_request', 'the file is empty / 빈 파일입니다', { reason: 'empty_file' });
    }
    throw new SoriError('bad_request', 'the file has no header row: the first line must name the columns / 머리글 행이 없습니다. 첫 줄에 열 이름이 있어야 합니다', {
      reason: 'missing_header',
    });
  }
}

interface CsvState {
  headers: string[] | null;
  /** The first non-blank record while it may still be a title line above the header. */
  candidate?: string[];
  /**
   * One-cell records after a one-cell candidate (a report's title, then its period, then the
   * header): held while a header may still follow, replayed as data rows when none does (a
   * one-column file).
   */
  held?: CsvRecord[];
  /** Physical lines before the tokenizer's text (Excel's `sep=` line). */
  lineOffset: number;
  /** Characters of the text before the tokenizer's (that `sep=` line). */
  textStart: number;
  delimiter: string;
  onInfo: ReadOptions['onInfo'];
}

/** Turns tokenized records into results (the first non-blank record is the header); empties `records`. */
function csvResults(records: CsvRecord[], state: CsvState, results: ReadResult[]): void {
  for (const rec of records) {
    if (!state.headers) {
      if (!rec.error && isBlankRow(rec.fields)) continue;
      // A report title above the header ("1:1 문의 내역 (2024-11-01 ~ 11-30),,,,"): one filled
      // cell followed by a row of several is the title, and that row the header (titleLine).
      const held = state.held ?? [];
      const last = held.length ? held[held.length - 1]!.fields : state.candidate;
      // After held lines, only a row that names known columns is the header (else a wider data row
      // of a one-column file would take the header's place and its rows read as titles).
      if (!rec.error && (!last || (titleLine(last, rec.fields) && (!held.length || rec.fields.some(isKnownHeader))))) {
        state.candidate = rec.fields;
        state.held = undefined;
        continue;
      }
      // More lines of one cell under a one-cell line that names no column ("상담 내역 보고서", "기간:
      // 11/1~11/30", then the header): a few are held while the header may still follow. A one-column
      // file's header names its column (내용), so its rows are never held.
      if (!rec.error && state.candidate && holdsTitleLine(state.candidate, last!, rec.fields, held.length)) {
        held.push(rec);
        state.held = held;
        continue;
      }
      if (!state.candidate) continue; // a broken line before any header
      state.headers = uniqueHeaders(state.candidate);
      state.candidate = undefined;
      state.onInfo?.({ headers: state.headers, delimiter: state.delimiter });
      // No header came after them: the held lines are the one-column file's first rows.
      for (const h of held) {
        const result = csvResult(h, state.headers, state.lineOffset);
        if (result) results.push(result);
      }
      state.held = undefined;
    }
    const result = csvResult(rec, state.headers, state.lineOffset);
    if (result) results.push(result);
  }
  records.length = 0;
}

/**
 * Whether `first` is a title line above the header `next`: one filled cell then a row of two or
 * more (titleAbove), or a title of a few cells ("1:1 문의 내역,2024년 3월") above a row with at
 * least twice as many that names known columns while the title names none — a header with some
 * blank names over fuller rows still names its columns, so it stays the header.
 */
function titleLine(first: string[], next: string[]): boolean {
  if (titleAbove(first, next)) return true;
  const filledFirst = first.filter((c) => c.trim() !== '');
  const filledNext = next.filter((c) => c.trim() !== '');
  return filledFirst.length >= 2 && filledFirst.length * 2 <= filledNext.length && !filledFirst.some(isKnownHeader) && filledNext.some(isKnownHeader);
}

/**
 * Sets up the tokenizer from the first line and feeds it that text: Excel's `sep=;` hint line
 * (which Excel hides, so it is not counted as a row), else the most frequent of `,` `;` TAB.
 */
function startCsv(firstText: string, fixedDelimiter: string | null, state: CsvState, records: CsvRecord[]): CsvTokenizer {
  const sep = /^sep=([^\r\n"])(\r\n|\n|\r|$)/i.exec(firstText);
  if (sep) {
    state.delimiter = sep[1];
    state.lineOffset = 1;
    state.textStart = sep[0].length;
    firstText = firstText.slice(sep[0].length);
  } else {
    state.delimiter = fixedDelimiter ?? detectDelimiter(firstContentLine(firstText) ?? firstText);
  }
  const tokenizer = new CsvTokenizer(state.delimiter);
  tokenizer.push(firstText, records);
  return tokenizer;
}

/** The first complete line with something on it (blank lines may precede the header), or null. */
function firstContentLine(text: string): string | null {
  const line = /^[ \t]*\S.*?(?:\r\n|\n|\r)/m.exec(text);
  return line ? line[0].replace(/[\r\n]+$/, '') : null;
}

/** The most frequent of `,` `;` TAB outside quotes in the header line; `,` on a tie or when absent. */
export function detectDelimiter(headerLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
  }
  let best: ',' | ';' | '\t' = ',';
  for (const d of [';', '\t'] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

function csvResult(rec: CsvRecord, headers: string[], lineOffset: number): ReadResult | null {
  const rowNumber = rec.row;
  if (rec.error) return { error: true, rowNumber, reason: whereItStarts(rec, lineOffset, rec.error) };
  const fields = rec.fields;
  if (fields.length !== headers.length) {
    if (isBlankRow(fields)) return null;
    // Extra cells that are all empty (a trailing delimiter) are harmless; so are missing ones at
    // the end (Excel and many tools leave trailing empty cells out): those read as empty.
    let extraFilled = false;
    for (let i = headers.length; i < fields.length && !extraFilled; i++) extraFilled = fields[i] !== '';
    if (extraFilled) {
      const values: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) values[i < headers.length ? headers[i] : extraCellKey(i + 1)] = fields[i];
      return {
        error: true,
        rowNumber,
        values,
        reason: whereItStarts(
          rec,
          lineOffset,
          `expected ${headers.length} columns, found ${fields.length} / 열이 ${headers.length}개여야 하는데 ${fields.length}개입니다`,
        ),
      };
    }
  } else if (isBlankRow(fields)) return null;
  const values: Record<string, unknown> = {};
  for (let i = 0; i < headers.length; i++) values[headers[i]] = i < fields.length ? fields[i] : '';
  return { rowNumber, values };
}

/** The key of a row's cell beyond the header (its 1-based position): the rejects file puts these in reject_other. */
export const extraCellKey = (position: number): string => `(초과 ${position})`;
export const isExtraCellKey = (key: string): boolean => /^\(초과 \d+\)$/.test(key);

/** A bilingual reason ("english / 한국어") with where the row starts in the file, when that differs from its row number. */
function whereItStarts(rec: CsvRecord, lineOffset: number, reason: string): string {
  const line = rec.line + lineOffset;
  if (line === rec.row) return reason;
  const cut = reason.indexOf(' / ');
  const [en, ko] = cut === -1 ? [reason, ''] : [reason.slice(0, cut), reason.slice(cut + 3)];
  return `${en} (the row starts on line ${line} of the file)${ko ? ` / ${ko} (파일의 ${line}번째 줄에서 시작하는 행)` : ''}`;
}

/** Blank lines and rows of empty cells (`,,,,` that Excel leaves after formatted rows) are skipped. */
function isBlankRow(fields: string[]): boolean {
  for (const f of fields) if (f !== '' && f.trim() !== '') return false;
  return true;
}

async function* readJsonLines(text: AsyncIterable<string>, screen: Screen): AsyncGenerator<ReadResult> {
  let buf = '';
  let lineNumber = 0;
  let skipping = false;
  for await (const chunk of text) {
    buf += chunk;
    let start = 0;
    for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n', start)) {
      lineNumber += 1;
      if (skipping) skipping = false;
      else {
        const result = jsonLineResult(buf.slice(start, nl), lineNumber);
        if (result) yield screen(result);
      }
      start = nl + 1;
    }
    buf = buf.slice(start);
    if (buf.length > MAX_LINE_CHARS && !skipping) {
      yield { error: true, rowNumber: lineNumber + 1, reason: `line is longer than ${MAX_LINE_CHARS} characters / 줄이 ${MAX_LINE_CHARS}자보다 깁니다` };
      skipping = true;
    }
    if (skipping) buf = '';
  }
  if (!skipping && buf.trim()) {
    const result = jsonLineResult(buf, lineNumber + 1);
    if (result) yield screen(result);
  }
}

function jsonLineResult(line: string, rowNumber: number): ReadResult | null {
  const trimmed = line.trim();
  if (!trimmed) return null;
  return parseJsonObject(trimmed, rowNumber);
}

function parseJsonObject(text: string, rowNumber: number): ReadResult {
  let value: unknown;
  try {
    value = JSON.parse(exactBigIntegers(text));
  } catch (e) {
    // The parser's message quotes the text, which may hold a NUL or half a surrogate pair: a reason is stored.
    return { error: true, rowNumber, reason: `malformed JSON: ${storable((e as Error).message)} / JSON 형식이 올바르지 않습니다` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { error: true, rowNumber, reason: `expected a JSON object, found ${jsonType(value)} / JSON 객체({…})가 와야 하는데 ${jsonTypeKo(value)}입니다` };
  }
  return { rowNumber, values: value as Record<string, unknown> };
}

/** Sixteen digits in a row: the only way a JSON text can hold an integer beyond 2^53 (9007199254740992). */
const LONG_DIGITS = /\d{16}/;

/**
 * The JSON text with every integer literal that is not a safe integer (beyond ±2^53) written as a
 * string of its digits: JSON.parse would round it, so 9007199254740993 and 9007199254740992 would
 * become one ticket id and 12345678901234567890 would read 12345678901234567000. An id, order
 * number or customer number that long is an identifier, never arithmetic. Numbers with a fraction
 * or an exponent are left to JSON.parse. The text itself when it holds no such literal.
 */
export function exactBigIntegers(text: string): string {
  if (!LONG_DIGITS.test(text)) return text;
  let out = '';
  let copied = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) continue;
    // A number token: -?digits[.digits][e±digits]
    let j = c === 0x2d ? i + 1 : i;
    while (j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
    const next = text.charCodeAt(j);
    const integer = next !== 0x2e && next !== 0x65 && next !== 0x45;
    if (integer && j - i >= 16 && !Number.isSafeInteger(Number(text.slice(i, j)))) {
      out += `${text.slice(copied, i)}"${text.slice(i, j)}"`;
      copied = j;
    }
    // Skip the rest of the token (fraction, exponent) so its digits are not read as a new number.
    while (j < text.length && /[0-9.eE+-]/.test(text[j])) j++;
    i = j - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function jsonTypeKo(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return '배열';
  return typeof value === 'string' ? '문자열' : typeof value === 'number' ? '숫자' : typeof value === 'boolean' ? '참/거짓 값' : typeof value;
}

/**
 * A `.json` file holding one top-level array of objects, streamed element by element (see
 * JsonArrayTokenizer), so size is not limited by memory; each element may be up to 1M characters.
 * Wrapped exports such as `{"tickets": [...]}` are refused: convert them to JSONL first.
 */
async function* readJsonArray(text: AsyncIterable<string>, screen: Screen): AsyncGenerator<ReadResult> {
  const tokenizer = new JsonArrayTokenizer(MAX_LINE_CHARS);
  const out: JsonElement[] = [];
  const results = function* (): Generator<ReadResult> {
    for (const el of out) {
      if ('error' in el) yield { error: true, rowNumber: el.index, reason: el.error };
      else yield screen(parseJsonObject(el.text, el.index));
    }
    out.length = 0;
  };
  try {
    for await (const chunk of text) {
      tokenizer.push(chunk, out);
      yield* results();
    }
  } catch (e) {
    if (!(e instanceof NotAJsonArray)) throw e;
    throw new SoriError('bad_request', `${e.message}: a .json file must hold an array of objects; for one object per line name it .jsonl or pass the jsonl format / .json 파일은 객체의 배열([…])이어야 합니다. 한 줄에 객체 하나라면 .jsonl로 이름을 바꾸거나 jsonl 형식으로 가져오세요`, {
      reason: 'not_a_json_array',
    });
  }
  tokenizer.end(out);
  yield* results();
}
