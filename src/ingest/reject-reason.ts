import { storable } from '../text/language.js';
import { redactPii } from '../text/pii.js';
import type { ColumnMapping } from './files/column-mapping.js';

/**
 * How a file import words a row that prepareItem refused, shared by the import (import-file.ts)
 * and the preview's reading of the sampled rows (files/preview.ts), so the page shows the reason
 * the import will give.
 */

/**
 * What prepareItem adds to an empty required value's reason: "(a formula cell without a saved
 * result is empty)". True of an XLSX formula that was never calculated, not of a cell left blank
 * (or any CSV or JSON value): kept only when the field's column was such a formula
 * (RawRecord.formulaEmpty), so a plainly empty date is not blamed on a formula.
 */
const FORMULA_NOTE_EN = ' (a formula cell without a saved result is empty)';
const FORMULA_NOTE_KO = '(저장된 결과가 없는 수식 셀은 빈 값입니다)';

function formulaNoteFor(error: { field: string | null; message: string }, formulaEmpty: readonly string[] | undefined, mapping: ColumnMapping): string {
  if (!error.message.includes(FORMULA_NOTE_EN) && !error.message.includes(FORMULA_NOTE_KO)) return error.message;
  const column = error.field === null ? undefined : mapping.fields[error.field as keyof ColumnMapping['fields']];
  if (column !== undefined && formulaEmpty?.includes(column)) return error.message;
  return error.message.replace(FORMULA_NOTE_EN, '').replace(FORMULA_NOTE_KO, '');
}

/** Every field's message of a refused row, "field: message; …" (not yet masked: see maskedReason). */
export function preparedRowReason(
  errors: readonly { field: string | null; message: string }[],
  formulaEmpty: readonly string[] | undefined,
  mapping: ColumnMapping,
): string {
  return errors.map((x) => `${x.field ?? 'row'}: ${formulaNoteFor(x, formulaEmpty, mapping)}`).join('; ');
}

/**
 * A reject reason as it is stored and shown: masked (it may quote the value it refused, "not a
 * date/time: 전화 010-…", or a parser's raw line, NUL included, which PostgreSQL refuses) and
 * naming its field once: "text: cut … / cut …" rather than "text: cut … / text: …".
 */
export function maskedReason(reason: string): string {
  const masked = storable(redactPii(reason).text);
  const m = /^([^:;/]{1,80}): ([\s\S]*?) \/ ([^:;/]{1,80}): /.exec(masked);
  return m && m[1] === m[3] ? `${m[1]}: ${m[2]} / ${masked.slice(m[0].length)}` : masked;
}
