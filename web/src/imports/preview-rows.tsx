import type { ImportPreview, ImportPreviewRead, ImportPreviewRow } from '../api';
import { formatNumber } from '../format';
import { hasMessage, useI18n } from '../i18n';
import { localizeReason } from '../ui/error-message';
import { fieldColumns, previewFieldNames, type Choices } from './mapping';
import './preview-rows.css';

/**
 * The preview's rows as the server read them under one mapping and channel (`key`): the page asks
 * again when either changes, so what a row would become, or why it would be rejected, is the
 * server's own prepare step (POST /imports/preview runs prepareItem), not a guess made here.
 */
export interface RowsRead {
  key: string;
  rows: ImportPreviewRow[];
  read: ImportPreviewRead | undefined;
  error?: unknown;
}

/** Fields whose stored value is one of Sori's names, shown by its label (카카오톡 → chat → 채팅). */
const LABELLED: Record<string, 'channel' | 'kind' | 'status' | 'handledBy'> = { channel: 'channel', kind: 'kind', status: 'status', handled_by: 'handledBy' };

/**
 * The first rows as Sori would store them — times on the workspace's clock, channel and kind by
 * name, ratings as numbers, text masked — with the file's own cell beneath a value it changed, and
 * each row marked as landing or rejected (with the import's reason). Before the rows can be read
 * (a required field has no column yet) the file's cells are shown as they are.
 */
export function PreviewRowsTable({
  preview,
  rows,
  read,
  choices,
  pending,
  onReread,
}: {
  preview: ImportPreview;
  rows: ImportPreviewRow[];
  read: ImportPreviewRead | undefined;
  choices: Choices;
  /** The rows shown were read under other settings than the form's now. */
  pending: boolean;
  onReread?: () => void;
}) {
  const { t, label, locale, intlLocale } = useI18n();
  const fieldName = (key: string) => {
    const k = `field.${key}`;
    return hasMessage(k) ? t(k) : null;
  };
  const fieldLabel = (name: string) => fieldName(name) ?? name;
  const readable = read !== undefined && read.missing_fields.length === 0 && read.missing_columns.length === 0;
  const mapped = fieldColumns(choices);
  const fields = previewFieldNames(preview, choices, readable);
  const shown = (field: string, value: string) => (LABELLED[field] ? label(LABELLED[field], value) : value);
  const shownRows = new Set(rows.map((r) => r.row_number));
  const otherRejects = readable ? read.rejects.filter((r) => !shownRows.has(r.row)) : [];

  return (
    <div className="preview-rows" data-testid="import-preview-read" data-pending={pending || undefined} data-readable={readable || undefined}>
      {readable && (
        <p className="hint" data-testid="import-preview-zone">
          {t('import.preview.asRead', { zone: read.time_zone })}
        </p>
      )}
      {read && read.missing_fields.length > 0 && (
        <p className="hint" data-testid="import-preview-need-fields">
          {t('import.preview.needFields', { fields: read.missing_fields.map(fieldLabel).join(', ') })}
        </p>
      )}
      {pending && (
        <p className="muted small" role="status" data-testid="import-preview-rereading">
          {onReread ? (
            <button type="button" className="button button-secondary button-small" onClick={onReread} data-testid="import-preview-reread">
              {t('import.preview.reread')}
            </button>
          ) : (
            t('import.preview.rereading')
          )}
        </p>
      )}
      <div className="table-wrap">
        <table className="data-table preview-table" data-testid="import-preview-rows" aria-busy={pending || undefined}>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('import.preview.row')}
              </th>
              {readable && <th scope="col">{t('import.preview.check')}</th>}
              {fields.map((field) => (
                <th key={field} scope="col" data-field={field}>
                  {fieldLabel(field)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const rejected = readable && row.problem != null;
              const cells = (
                <tr key={row.row_number} className={rejected ? 'preview-row-rejected' : undefined} data-testid="import-preview-row" data-row={row.row_number} data-rejected={rejected || undefined}>
                  <td className="num">{row.row_number}</td>
                  {readable && (
                    <td className="preview-verdict" data-testid="import-preview-verdict">
                      {rejected ? <span className="preview-problem">{t('import.preview.rejectedMark')}</span> : row.read ? <span className="preview-lands">{t('import.preview.lands')}</span> : null}
                    </td>
                  )}
                  {fields.map((field) => {
                    const column = mapped.get(field);
                    const raw = column === undefined ? '' : (row.values[column] ?? '');
                    const value = readable && row.read ? (row.read[field] ?? '') : raw;
                    const text = readable && row.read && value !== '' ? shown(field, value) : value;
                    return (
                      <td key={field} data-field={field} className="preview-cell" title={raw && raw !== text ? t('import.preview.inFile', { value: raw }) : text || undefined}>
                        {text}
                        {readable && row.read && raw !== '' && raw !== value && (
                          <span className="preview-raw" data-testid="import-preview-raw">
                            {t('import.preview.inFile', { value: raw })}
                          </span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
              if (!rejected || !row.problem) return cells;
              // Why, under the row and across the table: in sight however wide the row is.
              return [
                cells,
                <tr key={`${row.row_number}-problem`} className="preview-row-rejected preview-problem-row">
                  <td />
                  <td colSpan={fields.length + 1} className="preview-problem" data-testid="import-preview-problem" data-row={row.row_number}>
                    {t('import.preview.rejected', { reason: localizeReason(row.problem.reason, locale, fieldName) })}
                  </td>
                </tr>,
              ];
            })}
          </tbody>
        </table>
      </div>
      {readable && read.rejected > 0 && (
        <div className="alert alert-warning" data-testid="import-preview-rejects">
          <p>
            {t('import.preview.sampleRejects', {
              rejected: formatNumber(read.rejected, intlLocale),
              sampled: formatNumber(preview.sampled_rows, intlLocale),
            })}
          </p>
          {otherRejects.length > 0 && (
            <ul className="plain-list">
              {otherRejects.map((r) => (
                <li key={r.row} data-testid="import-preview-reject">
                  {t('import.preview.rejectLine', { row: formatNumber(r.row, intlLocale), reason: localizeReason(r.reason, locale, fieldName) })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
