import { hasMessage, type Locale, type Translate } from '../i18n';
import { localizeDetail } from '../ui/error-message';

/**
 * Why a run failed, as a code the page words itself (GET /imports `error_reason`, stored by the
 * server when the run fails, migration 048): the stored `error` is the CLI's message, which tells
 * the reader to use `--map`.
 */
export interface RunErrorReason {
  code: string;
  fields: string[];
  columns: string | null;
  first_row_data: boolean;
}

export interface RunWithReason {
  error: string | null;
  error_reason?: RunErrorReason | null;
}

/**
 * A failed run's error in the reader's language, said as what to do on this page: a file without a
 * column for a required field is mapped in the column mapping step (the server's message names the
 * CLI's --map). Any other error as the server wrote it, in the reader's half.
 */
export function runErrorText(run: RunWithReason, t: Translate, locale: Locale): string {
  const reason = run.error_reason;
  if (reason?.code === 'missing_columns' && reason.fields.length > 0) {
    const fields = reason.fields
      .map((f) => {
        const key = `field.${f}`;
        return hasMessage(key) ? (locale === 'ko' ? `${t(key)}(${f})` : `${t(key)} (${f})`) : f;
      })
      .join(', ');
    const parts = [t('import.history.error.missingColumns', { fields })];
    if (reason.fields.includes('channel')) parts.push(t('import.history.error.channelHint'));
    if (reason.first_row_data) parts.push(t('import.history.error.firstRowData'));
    if (reason.columns) parts.push(t('import.history.error.columns', { columns: reason.columns }));
    return parts.join(' ');
  }
  return run.error ? localizeDetail(run.error, locale) : '';
}
