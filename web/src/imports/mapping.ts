import type { ColumnMapping, ImportPreview, ImportRequest } from '../api';
import type { MessageKey } from '../i18n';

/** What happens to one column: an item field's name, or one of these. */
export const KEEP_METADATA = '__metadata';
export const SKIP = '__skip';
export const PASSTHROUGH = '__passthrough';
export type Choices = Record<string, string>;

/** The server's automatic mapping as one choice per column. */
export function initialChoices(preview: ImportPreview): Choices {
  const byColumn = new Map<string, string>();
  for (const [field, column] of Object.entries(preview.mapping.fields)) if (column && !byColumn.has(column)) byColumn.set(column, field);
  const metadata = new Set(preview.mapping.metadata ?? preview.unmapped);
  const passthrough = new Set(preview.mapping.passthrough ?? []);
  const choices: Choices = {};
  for (const { name } of preview.columns) {
    choices[name] = byColumn.get(name) ?? (passthrough.has(name) ? PASSTHROUGH : metadata.has(name) ? KEEP_METADATA : SKIP);
  }
  return choices;
}

/** Chooses `choice` for `column`; a field another column had goes back to metadata there (one column per field). */
export function choose(choices: Choices, column: string, choice: string): Choices {
  const next: Choices = { ...choices, [column]: choice };
  if (choice !== KEEP_METADATA && choice !== SKIP && choice !== PASSTHROUGH) {
    for (const other of Object.keys(next)) if (other !== column && next[other] === choice) next[other] = KEEP_METADATA;
  }
  return next;
}

/** The column chosen for each field. */
export function fieldColumns(choices: Choices): Map<string, string> {
  const fields = new Map<string, string>();
  for (const [column, choice] of Object.entries(choices)) {
    if (choice !== KEEP_METADATA && choice !== SKIP && choice !== PASSTHROUGH) fields.set(choice, column);
  }
  return fields;
}

/**
 * The `mapping` form value: '' when the choices are the automatic ones (the server maps the file
 * exactly as `sori import` would), else the chosen ColumnMapping as JSON.
 */
export function mappingValue(preview: ImportPreview, choices: Choices): string {
  const initial = initialChoices(preview);
  if (preview.columns.every(({ name }) => initial[name] === choices[name])) return '';
  const mapping: ColumnMapping = { fields: Object.fromEntries(fieldColumns(choices)), metadata: [] };
  const passthrough: string[] = [];
  for (const { name } of preview.columns) {
    if (choices[name] === KEEP_METADATA) mapping.metadata!.push(name);
    else if (choices[name] === PASSTHROUGH) passthrough.push(name);
  }
  if (passthrough.length) mapping.passthrough = passthrough;
  return JSON.stringify(mapping);
}

/** Fields an item cannot do without that no column gives (the channel may come from the form instead). */
export function missingFields(preview: ImportPreview, choices: Choices, channelChosen: boolean): MessageKey[] {
  const fields = fieldColumns(choices);
  const problems: MessageKey[] = [];
  const required = new Set(preview.fields.filter((f) => f.required).map((f) => f.name));
  if (required.has('text') && !fields.has('text')) problems.push('import.needText');
  if (required.has('created_at') && !fields.has('created_at')) problems.push('import.needCreatedAt');
  if (required.has('channel') && !fields.has('channel') && !channelChosen) problems.push('import.needChannel');
  return problems;
}

/** The item fields a read row shows whatever the mapping: they may come from the form or a default. */
const ALWAYS_READ = ['created_at', 'channel', 'kind', 'text'];

/**
 * The fields the preview table shows, in the fields' order: the mapped ones, and — when the rows
 * were read as Sori would store them — also created_at, channel, kind and text.
 */
export function previewFieldNames(preview: ImportPreview, choices: Choices, read: boolean): string[] {
  const mapped = fieldColumns(choices);
  return preview.fields.map((f) => f.name).filter((name) => mapped.has(name) || (read && ALWAYS_READ.includes(name)));
}

/** What a check (a dry run) was made with, of what an import sends: all but the dry-run choice. */
export type CheckedRequest = Omit<ImportRequest, 'dryRun'>;

/**
 * Whether a check no longer answers what the form says: another file, channel, source, mapping,
 * encoding or sheet. Its "import for real" would send the old settings, so the page asks for a new check.
 */
export function checkIsStale(checked: CheckedRequest, now: CheckedRequest): boolean {
  return (
    checked.file !== now.file ||
    checked.channel !== now.channel ||
    checked.source !== now.source ||
    checked.mapping !== now.mapping ||
    checked.encoding !== now.encoding ||
    checked.sheet !== now.sheet
  );
}
