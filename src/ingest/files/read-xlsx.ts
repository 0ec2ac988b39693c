import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { SoriError } from '../../domain/errors.js';
import type { ReadResult } from './read-records.js';
import { uniqueHeaders } from './headers.js';

interface SheetReader extends ExcelJS.stream.xlsx.WorksheetReader {
  name?: string;
  state?: string;
}
interface SheetModel {
  name: string;
  state?: string;
}

/**
 * Streams the rows of one worksheet (the first visible one unless `sheet` names one; a number
 * picks by 1-based tab position). The first non-empty row is the header; `rowNumber` is Excel's
 * row number. Cells past the header's last column are ignored: unlike CSV they cannot be a
 * parsing accident, and notes beside the data are common.
 *
 * Memory: rows stream, but Excel keeps all text in one shared-strings table, which exceljs holds
 * in memory while reading (about the size of the distinct text in the sheet).
 */
export async function* readXlsxRecords(
  path: string,
  opts: { sheet?: string; timeZoneOffsetMinutes: number },
): AsyncGenerator<ReadResult> {
  const input = fs.createReadStream(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Hyperlink cells then read as their display text; styles are needed to recognise dates.
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  const seen: string[] = [];
  try {
    for await (const worksheet of workbook as AsyncIterable<SheetReader>) {
      const sheets = ((workbook as unknown as { model?: { sheets?: SheetModel[] } }).model?.sheets ?? []) as SheetModel[];
      const name = worksheet.name ?? `sheet ${seen.length + 1}`;
      seen.push(name);
      if (!isWanted(name, worksheet.state, sheets, opts.sheet, seen.length)) continue;
      yield* readSheetRows(worksheet, opts.timeZoneOffsetMinutes);
      return;
    }
  } finally {
    input.destroy();
  }
  if (opts.sheet !== undefined) {
    throw new SoriError('bad_request', `no worksheet named "${opts.sheet}" (sheets: ${seen.join(', ')})`, {
      reason: 'sheet_not_found',
      sheets: seen,
    });
  }
}

function isWanted(name: string, state: string | undefined, sheets: SheetModel[], wanted: string | undefined, emitted: number): boolean {
  if (wanted !== undefined) {
    if (name === wanted || name.trim().toLowerCase() === wanted.trim().toLowerCase()) return true;
    if (/^\d+$/.test(wanted)) {
      const position = sheets.length ? sheets.findIndex((s) => s.name === name) + 1 : emitted;
      return position === Number(wanted);
    }
    return false;
  }
  if (!sheets.length) return state !== 'hidden' && state !== 'veryHidden';
  const firstVisible = sheets.find((s) => !s.state || s.state === 'visible');
  return name === (firstVisible ?? sheets[0]).name;
}

async function* readSheetRows(worksheet: SheetReader, timeZoneOffsetMinutes: number): AsyncGenerator<ReadResult> {
  let headers: string[] | null = null;
  for await (const row of worksheet) {
    const cells = row.values as unknown[];
    if (!headers) {
      const names = Array.from({ length: Math.max(cells.length - 1, 0) }, (_, i) => {
        const v = normalizeCellValue(cells[i + 1], undefined, timeZoneOffsetMinutes);
        return v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
      });
      if (names.every((n) => !n.trim())) continue;
      headers = uniqueHeaders(names);
      continue;
    }
    const values: Record<string, unknown> = {};
    let empty = true;
    for (let i = 0; i < headers.length; i++) {
      const raw = cells[i + 1];
      const value = raw === undefined ? null : normalizeCellValue(raw, () => row.getCell(i + 1).numFmt, timeZoneOffsetMinutes);
      if (value !== null && value !== '') empty = false;
      values[headers[i]] = value;
    }
    if (empty) continue;
    yield { rowNumber: row.number, values };
  }
}

/**
 * Plain value of an exceljs cell: rich text → string, formula → its cached result,
 * hyperlink → its text, error (#N/A…) → null, date → Date. Excel dates carry no zone: they are
 * wall-clock time, read here at `timeZoneOffsetMinutes` east of UTC (Seoul: 540).
 */
export function normalizeCellValue(
  value: unknown,
  numFmt: (() => string | undefined) | undefined,
  timeZoneOffsetMinutes: number,
): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return shiftWallClock(value, timeZoneOffsetMinutes);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'object') return String(value);
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
  if ('formula' in v || 'sharedFormula' in v) {
    const result = v.result;
    if (typeof result === 'number' && numFmt && isDateFormat(numFmt())) {
      return shiftWallClock(excelSerialToDate(result), timeZoneOffsetMinutes);
    }
    if (result !== null && typeof result === 'object' && 'error' in (result as object)) return null;
    return normalizeCellValue(result, undefined, timeZoneOffsetMinutes);
  }
  if ('hyperlink' in v || 'text' in v) return normalizeCellValue(v.text, undefined, timeZoneOffsetMinutes);
  if ('error' in v) return null;
  return JSON.stringify(value);
}

function shiftWallClock(date: Date, offsetMinutes: number): Date {
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

function excelSerialToDate(serial: number): Date {
  // Serial 25569 is 1970-01-01 in the 1900 date system.
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}
