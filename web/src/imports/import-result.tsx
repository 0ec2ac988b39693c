import type { ImportResult } from '../api';
import { formatNumber } from '../format';
import { hasMessage, useI18n, type MessageKey } from '../i18n';
import { Link } from '../router';
import { localizeReason } from '../ui/error-message';
import { DownloadIcon } from '../ui/icons';

/** Rejects shown on the page; the full list is in the downloadable file. */
const MAX_REJECTS_SHOWN = 200;

type CountKey = 'total_rows' | 'accepted' | 'inserted' | 'updated' | 'unchanged' | 'older' | 'repeated' | 'rejected';

const COUNTS: { key: CountKey; testId: string; label: MessageKey; tone?: 'good' | 'bad' }[] = [
  { key: 'total_rows', testId: 'import-count-total', label: 'import.count.total' },
  { key: 'accepted', testId: 'import-count-accepted', label: 'import.count.accepted', tone: 'good' },
  { key: 'inserted', testId: 'import-count-inserted', label: 'import.count.inserted' },
  { key: 'updated', testId: 'import-count-updated', label: 'import.count.updated' },
  { key: 'unchanged', testId: 'import-count-unchanged', label: 'import.count.unchanged' },
  { key: 'older', testId: 'import-count-older', label: 'import.count.older' },
  { key: 'repeated', testId: 'import-count-repeated', label: 'import.count.repeated' },
  { key: 'rejected', testId: 'import-count-rejected', label: 'import.count.rejected', tone: 'bad' },
];

/**
 * Counts, the rejected rows (row, field, reason) and a link to the rejects file. A check (dry run)
 * says in one line what importing would do, and offers the import itself — unless the form has
 * changed since (`stale`): then only a new check, as importing would send the old settings.
 */
export function ImportResultView({
  result,
  dryRun,
  source,
  onRunForReal,
  stale = false,
  onRecheck,
}: {
  result: ImportResult;
  dryRun: boolean;
  source: string;
  onRunForReal: () => void;
  stale?: boolean;
  onRecheck?: () => void;
}) {
  const { t, intlLocale, locale } = useI18n();
  const fieldName = (key: string) => {
    const k = `field.${key}`;
    return hasMessage(k) ? t(k) : null;
  };
  const rejects = result.rejects ?? [];
  const shown = rejects.slice(0, MAX_REJECTS_SHOWN);
  const rejectedCount = result.rejected ?? rejects.length;

  return (
    <section className="card result-card" aria-labelledby="import-result-title" data-testid="import-result" data-dry-run={dryRun} data-stale={stale || undefined}>
      <header className="result-header">
        <div>
          <h2 id="import-result-title" className="section-title">
            {dryRun ? t('import.dryRunResultTitle') : t('import.resultTitle')}
          </h2>
          <p className="muted small">
            <span data-testid="import-file-name-result">{result.file_name}</span>
            {result.encoding && <span data-testid="import-result-encoding"> · {t('import.readAs', { encoding: result.encoding })}</span>}
            {result.run_id && <span> · {t('import.runNumber', { id: result.run_id })}</span>}
          </p>
        </div>
        {dryRun && result.total_rows === 0 ? null : dryRun && stale ? (
          onRecheck && (
            <button type="button" className="button button-primary" onClick={onRecheck} data-testid="import-recheck">
              {t('import.check.recheck')}
            </button>
          )
        ) : dryRun ? (
          <button type="button" className="button button-primary" onClick={onRunForReal} data-testid="import-run-for-real">
            {t('import.runForReal')}
          </button>
        ) : (
          <Link to={result.run_id ? `/items?import_run=${encodeURIComponent(result.run_id)}` : `/items?source=${encodeURIComponent(source)}`} className="button button-secondary" data-testid="import-view-items">
            {t('import.viewItems')}
          </Link>
        )}
      </header>

      {result.total_rows === 0 ? (
        // A header and no row: nothing to import, so nothing to run for real.
        <div className="alert alert-warning" role="status" data-testid="import-no-rows">
          {t('import.noRows')}
        </div>
      ) : (
        dryRun && (
          <>
            {stale && (
              <div className="alert alert-warning" role="status" data-testid="import-result-stale">
                {t('import.check.stale')}
              </div>
            )}
            <div className="alert alert-info" role="status">
              <div>
                <p data-testid="import-check-summary">
                  {t('import.check.summary', {
                    accepted: formatNumber(result.accepted, intlLocale),
                    inserted: formatNumber(result.inserted, intlLocale),
                    updated: formatNumber(result.updated, intlLocale),
                    unchanged: formatNumber(result.unchanged, intlLocale),
                    rejected: formatNumber(rejectedCount, intlLocale),
                  })}
                </p>
                <p>{t('import.dryRunNotice')}</p>
              </div>
            </div>
          </>
        )
      )}

      <dl className="stat-grid">
        {COUNTS.map(({ key, testId, label, tone }) => {
          const value = result[key];
          // Rows older than their stored ticket, and rows whose ticket came again in the file: shown only when there are some.
          if ((key === 'repeated' || key === 'older') && !value) return null;
          return (
            <div key={key} className={`stat${tone && typeof value === 'number' && value > 0 ? ` stat-${tone}` : ''}`}>
              <dt>{t(label)}</dt>
              <dd className="num" data-testid={testId}>
                {typeof value === 'number' ? formatNumber(value, intlLocale) : '—'}
              </dd>
            </div>
          );
        })}
      </dl>

      {result.unmapped_columns && result.unmapped_columns.length > 0 && (
        <div className="unmapped" data-testid="import-unmapped">
          <h3 className="subsection-title">{t('import.unmapped')}</h3>
          <ul className="badge-list">
            {result.unmapped_columns.map((column) => (
              <li key={column} className="badge mono">
                {column}
              </li>
            ))}
          </ul>
          <p className="hint">{t('import.unmappedHint')}</p>
        </div>
      )}

      <div className="rejects">
        <div className="rejects-header">
          <h3 className="subsection-title">{t('import.rejectsTitle')}</h3>
          {result.rejects_url && rejectedCount > 0 && (
            <a className="button button-secondary button-small" href={result.rejects_url} download data-testid="import-rejects-download">
              <DownloadIcon size={16} />
              {t('import.rejectsDownload')}
            </a>
          )}
        </div>
        {rejectedCount === 0 && rejects.length === 0 && (
          <p className="muted small" data-testid="import-no-rejects">
            {t('import.noRejects')}
          </p>
        )}
        {shown.length > 0 && (
            <div className="table-wrap">
              <table className="data-table rejects-table" data-testid="import-rejects">
                <thead>
                  <tr>
                    <th scope="col" className="num">{t('import.rejects.row')}</th>
                    <th scope="col">{t('import.rejects.field')}</th>
                    <th scope="col">{t('import.rejects.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((reject, index) => (
                    <tr key={`${reject.row}-${reject.field ?? ''}-${index}`} data-testid="import-reject-row">
                      <td data-label={t('import.rejects.row')} className="num">{formatNumber(reject.row, intlLocale)}</td>
                      <td data-label={t('import.rejects.field')} title={reject.field ?? undefined}>
                        {reject.field ? (fieldName(reject.field) ?? <span className="mono">{reject.field}</span>) : '—'}
                      </td>
                      <td data-label={t('import.rejects.reason')}>{localizeReason(reject.reason, locale, fieldName, { shownField: reject.field })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
        )}
        {rejectedCount > shown.length && (
          <p className="muted small" data-testid="import-rejects-truncated">
            {t('import.rejectsTruncated', { shown: formatNumber(shown.length, intlLocale) })}
          </p>
        )}
      </div>
    </section>
  );
}
