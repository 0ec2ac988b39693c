import { addDays, isDay } from '../format';
import { BUILT_IN_METRICS } from '../insights/changes';

/**
 * The business-metrics sheet (비즈니스 지표): one month of days down, one column per metric, as an
 * operator keeps the numbers in a spreadsheet. Pure helpers, tested without a browser.
 */

const MONTH = /^(\d{4})-(\d{2})$/;

/** True for a month written YYYY-MM between 1900 and 2199 (the API's day range). */
export function isMonth(value: string | null): value is string {
  const m = MONTH.exec(value ?? '');
  return !!m && +m[1] >= 1900 && +m[1] <= 2199 && +m[2] >= 1 && +m[2] <= 12;
}

/** The month a YYYY-MM-DD day is in. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The month `n` months after `month` (before, for a negative n). */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y! * 12 + (m! - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every day of a month, first to last. */
export function monthDays(month: string): string[] {
  const days: string[] = [];
  for (let day = `${month}-01`; isDay(day) && monthOf(day) === month; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The value a typed cell holds, nothing (the cell was cleared), or why it is no number. */
export type CellValue = { kind: 'value'; value: number } | { kind: 'empty' } | { kind: 'invalid' };

/**
 * A number as people type or paste it: 1,234 · 1 234 · 12.5 · −3 · full-width １２３ · with a unit or
 * currency sign around it (1,200원, ₩1,200, 350명, 42건). A percentage is no day's count (invalid), and a
 * European decimal comma (1,5) is not guessed: a comma followed by other than three digits is invalid.
 */
export function parseCellValue(raw: string): CellValue {
  let s = raw.normalize('NFKC').trim();
  if (!s) return { kind: 'empty' };
  s = s.replace(/^[₩$]\s*/, '').replace(/\s*(원|명|건|회|개)$/u, '');
  s = s.replace(/^[−–]/, '-');
  if (!/^[-+]?(\d{1,3}([, ]\d{3})+|\d+)(\.\d+)?$/.test(s)) return { kind: 'invalid' };
  const value = Number(s.replace(/[, ]/g, ''));
  return Number.isFinite(value) ? { kind: 'value', value } : { kind: 'invalid' };
}

/** Rows of cells from a spreadsheet's clipboard (tab-separated lines), the trailing line break dropped. */
export function parsePastedBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return lines.map((line) => line.split('\t'));
}

/** True when a paste holds more than one cell (a single value is typed into the cell as usual). */
export function isBlockPaste(text: string): boolean {
  return /[\t\n\r]/.test(text.replace(/(\r\n?|\n)+$/, ''));
}

export interface SheetCell {
  day: string;
  name: string;
  /** The text that was pasted into the cell. */
  raw: string;
}

/**
 * Where a pasted block lands: rows down the days from `day`, cells right across the columns from
 * `name`. A cell past the sheet's last day or column, or on a day after `lastDay` (a future day), is
 * not stored and counted in `dropped` (the page says so); an empty cell is skipped (a paste never
 * clears a stored number).
 */
export function placeBlock(
  block: string[][],
  at: { day: string; name: string },
  days: readonly string[],
  columns: readonly string[],
  lastDay: string,
): { cells: SheetCell[]; dropped: number } {
  const row0 = days.indexOf(at.day);
  const col0 = columns.indexOf(at.name);
  const cells: SheetCell[] = [];
  let dropped = 0;
  block.forEach((row, r) => {
    const day = row0 < 0 ? undefined : days[row0 + r];
    row.forEach((raw, c) => {
      if (!raw.trim()) return;
      const name = col0 < 0 ? undefined : columns[col0 + c];
      if (!day || day > lastDay || !name) dropped++;
      else cells.push({ day, name, raw });
    });
  });
  return { cells, dropped };
}

/**
 * The sheet's columns: built-in metrics first in the server's order of preference (orders, payments,
 * dau, …), then the workspace's own names in Korean dictionary order, then columns added on the page
 * that hold no number yet, in the order they were added.
 */
export function sheetColumns(stored: readonly string[], added: readonly string[]): string[] {
  const rank = (name: string) => {
    const i = (BUILT_IN_METRICS as readonly string[]).indexOf(name);
    return i < 0 ? BUILT_IN_METRICS.length : i;
  };
  const sorted = [...new Set(stored)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, 'ko'));
  return [...sorted, ...added.filter((name) => !sorted.includes(name))];
}

/**
 * Days a metric has no number for between its first and its last stored day: the gaps its rates
 * leave out (a missing day is not a zero). `stored` is the days the month has a number on.
 */
export function gapDays(days: readonly string[], stored: ReadonlySet<string>, span: { first_day: string; last_day: string } | undefined): Set<string> {
  const gaps = new Set<string>();
  if (!span) return gaps;
  for (const day of days) if (day >= span.first_day && day <= span.last_day && !stored.has(day)) gaps.add(day);
  return gaps;
}

/** Days between a metric's first and last stored day without a number, over all its days. */
export function missingDays(span: { days: number; first_day: string; last_day: string }): number {
  const a = Date.UTC(+span.first_day.slice(0, 4), +span.first_day.slice(5, 7) - 1, +span.first_day.slice(8, 10));
  const b = Date.UTC(+span.last_day.slice(0, 4), +span.last_day.slice(5, 7) - 1, +span.last_day.slice(8, 10));
  return Math.max(0, Math.round((b - a) / 86_400_000) + 1 - span.days);
}

/**
 * A metric's figure in the sheet's "이 달" row: the sum of the month's stored days, or their mean for a
 * level such as DAU (`mean`). Only days that are over count: `today` (the workspace's date, a partial
 * day) and any later day are left out, as the overview's rates leave today out. `days`: how many
 * counted; `leftOut`: stored days left out for being today or later.
 */
export function monthTotal(
  days: readonly string[],
  valueOf: (day: string) => number | undefined,
  mean: boolean,
  today: string,
): { total: number | null; days: number; leftOut: number } {
  let sum = 0;
  let counted = 0;
  let leftOut = 0;
  for (const day of days) {
    const value = valueOf(day);
    if (value === undefined) continue;
    if (day >= today) leftOut++;
    else {
      sum += value;
      counted++;
    }
  }
  return { total: counted === 0 ? null : mean ? sum / counted : sum, days: counted, leftOut };
}

/** A cell's key in the page's maps. */
export const cellKey = (name: string, day: string) => `${name}\u0000${day}`;
/** The day of a cellKey. */
export const dayOfKey = (key: string) => key.slice(key.indexOf('\u0000') + 1);

/**
 * The cells a refused POST /metrics named (its field errors `metrics.3.value`), by their index in
 * the call, with the reason; empty when the refusal names none.
 */
export function refusedCells(error: unknown): Map<number, string> {
  const refused = new Map<number, string>();
  const errors = (error as { errors?: { field: string | null; message: string }[] } | null)?.errors ?? [];
  for (const e of errors) {
    const m = /^metrics\.(\d+)(\.|$)/.exec(e.field ?? '');
    if (m && !refused.has(+m[1]!)) refused.set(+m[1]!, e.message);
  }
  return refused;
}
