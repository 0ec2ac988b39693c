import type { ImportPreview } from '../api';
import { countKey, hasMessage, useI18n } from '../i18n';
import { ErrorMessage } from '../ui/error-message';
import { PreviewRowsTable, type RowsRead } from './preview-rows';
import { choose, KEEP_METADATA, PASSTHROUGH, SKIP, type Choices } from './mapping';

/** Encodings a Korean file comes in; '' lets the server detect it. */
const ENCODINGS = ['utf-8', 'cp949', 'utf-16le', 'utf-16be'];
const FORMAT_NAMES: Record<ImportPreview['format'], string> = { csv: 'CSV', tsv: 'TSV', jsonl: 'JSONL', json: 'JSON', xlsx: 'XLSX' };

interface Props {
  preview: ImportPreview;
  /** The rows as the server read them (under `key`'s mapping and channel); null before the first answer. */
  rowsRead: RowsRead | null;
  /** The form has changed since `rowsRead` was read: a new reading is on its way (or waits for onReread). */
  readPending: boolean;
  /** Set when the rows are read again only on request (a large workbook). */
  onReread?: () => void;
  choices: Choices;
  onChoices: (choices: Choices) => void;
  encoding: string;
  detectedEncoding: string | null;
  onEncoding: (encoding: string) => void;
  sheet: string;
  onSheet: (sheet: string) => void;
  disabled: boolean;
}

/**
 * The file's columns, each with a few of its values and a choice of the field it goes to, and
 * the first rows as they will be imported. All file content is rendered as text.
 */
export function ColumnMapper({ preview, rowsRead, readPending, onReread, choices, onChoices, encoding, detectedEncoding, onEncoding, sheet, onSheet, disabled }: Props) {
  const { t } = useI18n();
  const fieldLabel = (name: string) => {
    const key = `field.${name}`;
    return hasMessage(key) ? t(key) : name;
  };
  const rows = rowsRead?.rows ?? preview.rows;

  return (
    <section className="column-mapper" aria-labelledby="import-mapping-title" data-testid="import-mapper">
      <div className="column-mapper-head">
        <div>
          <h2 className="section-title" id="import-mapping-title">
            {t('import.preview.title')}
          </h2>
          <p className="hint">{t('import.preview.help')}</p>
          <p className="muted small" data-testid="import-preview-summary">
            {t('import.preview.summary', { format: FORMAT_NAMES[preview.format], columns: preview.columns.length, rows: preview.sampled_rows })}
          </p>
        </div>
        <div className="form-row column-mapper-options">
          {preview.format !== 'xlsx' && (
            <label className="field">
              <span className="field-label">{t('import.preview.encoding')}</span>
              <select
                className="input"
                value={encoding}
                disabled={disabled}
                onChange={(e) => onEncoding(e.target.value)}
                data-testid="import-encoding"
              >
                <option value="">{t('import.preview.encodingAuto', { detected: (detectedEncoding ?? '–').toUpperCase() })}</option>
                {ENCODINGS.map((name) => (
                  <option key={name} value={name}>
                    {name.toUpperCase()}
                  </option>
                ))}
              </select>
            </label>
          )}
          {preview.sheets.length > 1 && (
            <label className="field">
              <span className="field-label">{t('import.preview.sheet')}</span>
              <select
                className="input"
                value={sheet || preview.sheet || ''}
                disabled={disabled}
                onChange={(e) => onSheet(e.target.value)}
                data-testid="import-sheet"
              >
                {preview.sheets.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      </div>

      <div className="table-wrap">
        <table className="data-table mapping-table">
          <thead>
            <tr>
              <th scope="col">{t('import.preview.column')}</th>
              <th scope="col">{t('import.preview.samples')}</th>
              <th scope="col">{t('import.preview.field')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.columns.map((column) => (
              <tr key={column.name} data-testid="import-mapping-row" data-column={column.name}>
                <th scope="row" className="mapping-column">
                  {column.name}
                </th>
                <td className="mapping-samples">
                  {column.samples.length === 0 ? (
                    <span className="muted">{t('import.preview.noSamples')}</span>
                  ) : (
                    column.samples.map((sample, i) => (
                      <span key={i} className="mapping-sample" title={sample}>
                        {sample}
                      </span>
                    ))
                  )}
                </td>
                <td>
                  <select
                    className="input"
                    value={choices[column.name] ?? KEEP_METADATA}
                    disabled={disabled}
                    aria-label={`${column.name} → ${t('import.preview.field')}`}
                    onChange={(e) => onChoices(choose(choices, column.name, e.target.value))}
                    data-testid="import-mapping-select"
                  >
                    <option value={KEEP_METADATA}>{t('import.preview.keepMetadata')}</option>
                    <option value={SKIP}>{t('import.preview.skip')}</option>
                    {choices[column.name] === PASSTHROUGH && <option value={PASSTHROUGH}>{t('import.preview.passthrough')}</option>}
                    <optgroup label={t('import.preview.fieldsGroup')}>
                      {preview.fields.map((field) => (
                        <option key={field.name} value={field.name}>
                          {fieldLabel(field.name)} · {field.name}
                          {field.required ? ` (${t('import.preview.required')})` : ''}
                        </option>
                      ))}
                    </optgroup>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {preview.errors.length > 0 && (
        <p className="alert alert-warning" data-testid="import-preview-errors">
          {t('import.preview.unreadable', { rows: preview.errors.map((e) => e.row).join(', ') })}
        </p>
      )}

      <h3 className="subsection-title">{t(countKey('import.preview.rowsTitle', rows.length), { count: rows.length })}</h3>
      {rows.length === 0 ? (
        <p className="muted" data-testid="import-preview-empty">
          {t('import.preview.noRows')}
        </p>
      ) : (
        <PreviewRowsTable
          preview={preview}
          rows={rows}
          read={rowsRead?.error ? undefined : rowsRead?.read}
          choices={choices}
          pending={readPending}
          onReread={onReread}
        />
      )}
      {rowsRead?.error !== undefined && !readPending && <ErrorMessage error={rowsRead.error} testId="import-preview-read-error" />}
    </section>
  );
}
