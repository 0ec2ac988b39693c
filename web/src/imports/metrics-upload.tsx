import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isAbortError, uploadMetrics, type MetricsImportResult } from '../api';
import { formatNumber } from '../format';
import { countKey, useI18n } from '../i18n';
import { metricName } from '../insights/changes';
import { ErrorMessage, localizeDetail, localizeReason } from '../ui/error-message';

type State =
  | { name: 'idle' }
  | { name: 'sending' }
  | { name: 'done'; result: MetricsImportResult }
  | { name: 'error'; error: unknown };

/** Rejected rows and cells shown; a metrics file is small, and the first ones say what is wrong. */
const MAX_REJECTS_SHOWN = 20;

/**
 * 사업 지표 올리기: the daily business numbers contact rates are counted against (orders, payments,
 * cancellations, MAU, DAU, …) from a wide or long file, with a dry run; says which names and days
 * landed and which rows were refused.
 */
export function MetricsUpload() {
  const { t, intlLocale, locale } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [state, setState] = useState<State>({ name: 'idle' });
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setState({ name: 'sending' });
    uploadMetrics(file, { dryRun, signal: current.signal })
      .then((result) => setState({ name: 'done', result }))
      .catch((error) => {
        if (!isAbortError(error)) setState({ name: 'error', error });
      });
  };

  const result = state.name === 'done' ? state.result : null;
  const rejectedCells = result?.rejected_cells ?? 0;
  const rejectedRows = (result?.rejected ?? 0) - rejectedCells;
  /** "행 5, 주문수: 숫자가 아닙니다 (12,3a4)" for a cell (its reason begins with its column), "행 5: 일자: …" for a row. */
  const rejectLine = (r: MetricsImportResult['rejects'][number]): string => {
    const said = localizeReason(r.reason, locale, () => null, { anyField: true });
    if (typeof r.column !== 'string') return `${t('import.rejects.row')} ${r.row}: ${said}`;
    const reason = said.startsWith(`${r.column}: `) ? said.slice(r.column.length + 2) : said;
    return t('metricsUpload.rejectCell', { row: String(r.row), column: r.column, reason });
  };
  return (
    <section className="card" aria-labelledby="metrics-upload-title" data-testid="metrics-upload">
      <h2 className="section-title" id="metrics-upload-title">
        {t('metricsUpload.title')}
      </h2>
      <p className="hint">{t('metricsUpload.help')}</p>
      <form className="metrics-upload-form" onSubmit={submit}>
        {/* The browser's own file button speaks the browser's language; this one speaks the page's. */}
        <label className="button button-secondary file-pick">
          <input
            type="file"
            className="visually-hidden"
            accept=".csv,.tsv,.txt,.jsonl,.xlsx"
            aria-label={t('metricsUpload.file')}
            disabled={state.name === 'sending'}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setState({ name: 'idle' });
            }}
            data-testid="metrics-file"
          />
          {t('metricsUpload.choose')}
        </label>
        <span className={file ? 'file-pick-name' : 'file-pick-name muted'} data-testid="metrics-file-name">
          {file ? file.name : t('metricsUpload.noFile')}
        </span>
        <label className="checkbox">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} data-testid="metrics-dry-run" />
          <span className="checkbox-label">{t('import.dryRun')}</span>
        </label>
        <button type="submit" className="button button-secondary" disabled={!file || state.name === 'sending'} data-testid="metrics-submit">
          {state.name === 'sending' ? t('import.processing') : t('metricsUpload.submit')}
        </button>
      </form>
      {state.name === 'error' && <ErrorMessage error={state.error} testId="metrics-error" />}
      {result && (
        <div className="metrics-result" role="status" data-testid="metrics-result" data-dry-run={result.dry_run}>
          <p data-testid="metrics-summary">
            {t(countKey(result.dry_run ? 'metricsUpload.checked' : 'metricsUpload.stored', result.accepted), { count: formatNumber(result.accepted, intlLocale) })}
            {result.accepted > 0 && (
              <span className="muted">
                {' '}
                ({result.names.map((n) => metricName(n, t)).join(', ')} · {result.from} ~ {result.to})
              </span>
            )}
            {(result.repeated ?? 0) > 0 && <> · {t('metricsUpload.repeated', { count: formatNumber(result.repeated ?? 0, intlLocale) })}</>}
            {rejectedRows > 0 && <> · {t(countKey('metricsUpload.rejected', rejectedRows), { count: formatNumber(rejectedRows, intlLocale) })}</>}
            {rejectedCells > 0 && (
              <span data-testid="metrics-rejected-cells">
                {' '}
                · {t(countKey('metricsUpload.rejectedCells', rejectedCells), { count: formatNumber(rejectedCells, intlLocale) })}
              </span>
            )}
          </p>
          {result.rejects.length > 0 && (
            <ul className="plain-list small" data-testid="metrics-rejects">
              {result.rejects.slice(0, MAX_REJECTS_SHOWN).map((r, i) => (
                <li key={`${r.row}:${r.column ?? ''}:${i}`} data-column={r.column ?? undefined}>
                  {rejectLine(r)}
                </li>
              ))}
            </ul>
          )}
          {rejectedCells > 0 && (
            <p className="hint" data-testid="metrics-cells-note">
              {t('metricsUpload.cellsNote')}
            </p>
          )}
          {result.skipped_columns.length > 0 && (
            <ul className="plain-list small muted" data-testid="metrics-skipped">
              {result.skipped_columns.map((col) => (
                <li key={col.column}>
                  {t('metricsUpload.skipped', { column: col.column })}: {localizeDetail(col.reason, locale)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
