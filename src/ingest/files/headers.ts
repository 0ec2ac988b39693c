import { isKnownHeader } from './column-mapping.js';

/**
 * Header cells → usable, unique column names: trimmed, BOM removed, a blank header becomes
 * `column_N` (1-based position) and a repeated one gets `_2`, `_3`… so no column is lost.
 */
export function uniqueHeaders(raw: string[]): string[] {
  const used = new Set<string>();
  return raw.map((cell, i) => {
    const base = cell.replace(/^\uFEFF/, '').trim() || `column_${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

/** The cells of a row that hold something. */
const filledCount = (cells: readonly unknown[]): number => cells.filter((c) => c !== null && c !== undefined && String(c).trim() !== '').length;

/** Whether `first` is a title line above the header `next`: one filled cell, then a row of two or more. */
export function titleAbove(first: readonly unknown[], next: readonly unknown[]): boolean {
  return filledCount(first) === 1 && filledCount(next) >= 2;
}

/** Most one-cell lines held under a report's title while its header may still follow. */
const MAX_TITLE_LINES = 8;

/**
 * Whether the one-cell line `next`, under the one-cell line `last`, is held as one more title line
 * (a report's title, then its period, then the header) while `heldCount` are held already: only
 * under a first line that names no column (상담 내역 보고서) — a one-column file's header names its
 * column (내용), so its rows are never held. CSV (read-records.ts) and XLSX (read-xlsx.ts) alike.
 */
export function holdsTitleLine(first: readonly string[], last: readonly string[], next: readonly string[], heldCount: number): boolean {
  return heldCount < MAX_TITLE_LINES && filledCount(last) === 1 && filledCount(next) === 1 && !first.some(isKnownHeader);
}
