import { useEffect, useState } from 'react';
import { ApiError, cancelImport, importRejectsUrl, isAbortError, listImports, type ImportRun } from '../api';
import { canEdit, useMe } from '../auth/session';
import { formatDateTime, formatNumber, safeTimeZone } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { ExportLinks } from '../insights/export-links';
import { ErrorMessage, localizeDetail } from '../ui/error-message';
import { mayUndo, UndoImport } from './undo-import';

type State = { status: 'loading' } | { status: 'ready'; runs: ImportRun[] } | { status: 'error'; error: unknown };

/**
 * 최근 가져오기: the workspace's last imports (page, CLI and API alike) with who ran them, their
 * counts, and links to the rows each one wrote and to its rejected rows. A vendor's own export
 * (read by its adapter) is tagged as such (채널톡 내보내기, Zendesk 내보내기) with the entries it
 * skipped; its older count is its tickets older than stored. File names are text.
 */
export function ImportHistory({ refreshKey }: { refreshKey: number }) {
  const { t, label, intlLocale, locale } = useI18n();
  const { workspace, user } = useMe();
  const mayStop = canEdit(user.role);
  // Undoing deletes customers' voices: an admin's act, as the server decides.
  const mayUndoRuns = user.role === 'admin';
  /** Runs undone on this page: their row keeps the undo's result after the list is read again. */
  const [undoneHere, setUndoneHere] = useState<ReadonlySet<string>>(new Set());
  const timeZone = safeTimeZone(workspace.timezone);
  const [state, setState] = useState<State>({ status: 'loading' });
  /** Bumped to read the list again: after a stop, and every few seconds while a run is running. */
  const [tick, setTick] = useState(0);
  const [stopError, setStopError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    listImports(controller.signal)
      .then(({ runs }) => setState({ status: 'ready', runs }))
      .catch((error) => {
        if (!isAbortError(error)) setState({ status: 'error', error });
      });
    return () => controller.abort();
  }, [refreshKey, workspace.slug, tick]);

  // A run in progress (this page's, the CLI's, an API client's): its counts move and it ends, so
  // the list is read again every three seconds until none is running.
  const anyRunning = state.status === 'ready' && state.runs.some((r) => r.status === 'running');
  useEffect(() => {
    if (!anyRunning) return;
    const timer = window.setTimeout(() => setTick((n) => n + 1), 3_000);
    return () => window.clearTimeout(timer);
  }, [anyRunning, state]);

  const stop = (run: ImportRun) => {
    setStopError(null);
    cancelImport(run.id)
      .catch((error) => {
        if (!(error instanceof ApiError && error.code === 'not_running')) setStopError(error);
      })
      .finally(() => setTick((n) => n + 1));
  };

  const n = (value: number) => formatNumber(value, intlLocale);
  return (
    <section className="card" aria-labelledby="import-history-title" data-testid="import-history">
      <div className="card-header">
        <h2 className="section-title" id="import-history-title">
          {t('import.history.title')}
        </h2>
        {state.status === 'ready' && state.runs.length > 0 && (
          <div className="card-actions">
            <ExportLinks table="import_runs" query={{}} />
          </div>
        )}
      </div>
      {state.status === 'loading' && <p className="muted small">{t('common.loading')}</p>}
      {state.status === 'error' && <ErrorMessage error={state.error} />}
      {stopError !== null && <ErrorMessage error={stopError} testId="import-history-stop-error" />}
      {state.status === 'ready' && state.runs.length === 0 && (
        <p className="muted" data-testid="import-history-empty">
          {t('import.history.empty')}
        </p>
      )}
      {state.status === 'ready' && state.runs.length > 0 && (
        <div className="table-wrap">
          <table className="data-table history-table">
            <thead>
              <tr>
                <th scope="col">{t('import.history.when')}</th>
                <th scope="col">{t('import.history.file')}</th>
                <th scope="col">{t('import.history.status')}</th>
                <th scope="col" className="col-num">{t('import.count.total')}</th>
                <th scope="col" className="col-num">{t('import.history.written')}</th>
                <th scope="col" className="col-num">{t('import.count.rejected')}</th>
                <th scope="col">{t('import.history.links')}</th>
              </tr>
            </thead>
            <tbody>
              {state.runs.map((run) => {
                const written = run.inserted + run.updated;
                return (
                  <tr key={run.id} data-testid="import-history-row" data-run={run.id} data-status={run.status} data-dry-run={run.dry_run}>
                    <td className="num nowrap">
                      {formatDateTime(run.started_at, intlLocale, timeZone)}
                      {run.created_by && <span className="muted small block">{run.created_by}</span>}
                    </td>
                    <td className="history-file">
                      <span className="history-file-name" title={run.file_name}>
                        {run.file_name}
                      </span>
                      {/* A vendor's own export, read by its adapter (no column mapping). */}
                      {run.adapter && (
                        <span className="badge badge-vendor" data-testid="import-history-vendor" data-adapter={run.adapter}>
                          {t(`import.history.vendor.${run.adapter}`)}
                        </span>
                      )}
                      <span className="muted small block">
                        {[run.source, run.channel ? label('channel', run.channel) : null].filter(Boolean).join(' · ')}
                      </span>
                    </td>
                    <td>
                      <span className={`badge import-status-${run.status}`} title={run.error ? localizeDetail(run.error, locale) : undefined} data-testid="import-history-status">
                        {t(`import.history.status.${run.status}`)}
                      </span>
                      {run.dry_run && <span className="badge">{t('import.history.dryRun')}</span>}
                      {run.cancel_requested_by && (
                        <span className="muted small block" data-testid="import-history-stopped-by">
                          {t(run.status === 'running' ? 'import.history.stopRequested' : 'import.history.cancelledBy', { who: run.cancel_requested_by })}
                        </span>
                      )}
                      {run.status === 'running' && !run.cancel_requested_by && mayStop && (
                        <button type="button" className="button button-ghost button-small" onClick={() => stop(run)} data-testid="import-history-stop">
                          {t('import.stop')}
                        </button>
                      )}
                      {run.undone_at && (
                        <span className="muted small block history-undone" data-testid="import-history-undone">
                          {t('import.history.undoneBy', {
                            who: run.undone_by ?? '—',
                            when: formatDateTime(run.undone_at, intlLocale, timeZone),
                            count: n(run.undone_items ?? 0),
                          })}
                        </span>
                      )}
                      {/* Why a run failed, on the page (a tooltip alone reaches neither keyboards nor touch). */}
                      {run.status === 'failed' && run.error && (
                        <span className="muted small block history-error" data-testid="import-history-error">
                          {localizeDetail(run.error, locale)}
                        </span>
                      )}
                    </td>
                    <td className="col-num num">
                      {n(run.total_rows)}
                      {(run.skipped ?? 0) > 0 && (
                        <span className="muted small block" data-testid="import-history-skipped">
                          {t('import.history.skipped', { count: n(run.skipped!) })}
                        </span>
                      )}
                    </td>
                    <td className="col-num num" data-testid="import-history-written">
                      {run.dry_run ? '—' : n(written)}
                      {!run.dry_run && run.unchanged > 0 && <span className="muted small block">{t('import.history.unchanged', { count: n(run.unchanged) })}</span>}
                      {!run.dry_run && (run.older ?? 0) > 0 && (
                        <span className="muted small block" data-testid="import-history-older">
                          {t(run.adapter ? 'import.history.stale' : 'import.history.older', { count: n(run.older!) })}
                        </span>
                      )}
                    </td>
                    <td className="col-num num" data-testid="import-history-rejected">
                      {n(run.rejected)}
                    </td>
                    <td>
                      {/* The flex box inside the cell: on the <td> itself it left the table's rows. */}
                      <div className="history-links">
                      {!run.dry_run && written > 0 && !run.undone_at && (
                        <Link to={`/items?import_run=${encodeURIComponent(run.id)}`} className="small" data-testid="import-history-items">
                          {t('import.history.items')}
                        </Link>
                      )}
                      {run.rejected > 0 && (
                        <a href={importRejectsUrl(run.id, workspace.slug)} download className="small" data-testid="import-history-rejects">
                          {t(run.adapter ? 'import.history.vendorRejects' : 'import.history.rejects')}
                        </a>
                      )}
                      </div>
                      {mayUndoRuns && (mayUndo(run) || undoneHere.has(run.id)) && (
                        <UndoImport
                          run={run}
                          onDone={(result) => {
                            if (result) setUndoneHere((prev) => new Set(prev).add(run.id));
                            setTick((k) => k + 1);
                          }}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
