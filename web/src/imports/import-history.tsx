import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { ApiError, cancelImport, importRejectsUrl, isAbortError, listImports, type ImportRun } from '../api';
import { canEdit, useMe } from '../auth/session';
import { formatDateTime, formatNumber, safeTimeZone } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { ExportLinks } from '../insights/export-links';
import { ErrorMessage, localizeDetail } from '../ui/error-message';
import { runErrorText, type RunWithReason } from './run-error';
import { mayUndo, UndoImport } from './undo-import';

type Run = ImportRun & RunWithReason;

type State = { status: 'loading' } | { status: 'ready'; runs: Run[] } | { status: 'error'; error: unknown };

/** How often the list is read again while the page is visible: nothing running, and a run running. */
const IDLE_POLL_MS = 15_000;
const RUNNING_POLL_MS = 3_000;
/** A focus or visibility change this soon after a read does not read again (both come with a tab switch). */
const FOCUS_GAP_MS = 1_000;

const isHidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';

/** Two answers with the same runs in the same order and state (a read that found nothing new). */
function sameRuns(a: readonly Run[], b: readonly Run[]): boolean {
  return a.length === b.length && a.every((run, i) => JSON.stringify(run) === JSON.stringify(b[i]));
}

/**
 * The element the user is at in the history, and where it is on the screen: the focused element
 * inside it, else an open undo question in view; null when neither (nothing to keep in place).
 */
function notePlace(section: HTMLElement | null): { el: Element; top: number } | null {
  if (!section) return null;
  const active = document.activeElement;
  let el: Element | null = active && active !== document.body && section.contains(active) ? active : null;
  if (!el) {
    el =
      [...section.querySelectorAll('[data-testid="import-undo-question"], [data-testid="import-undo-refused"]')].find((q) => {
        const box = q.getBoundingClientRect();
        return box.bottom > 0 && box.top < window.innerHeight;
      }) ?? null;
  }
  return el ? { el, top: el.getBoundingClientRect().top } : null;
}

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
  /**
   * Runs whose undo is open here (asking, or undoing): a read of the list that no longer offers
   * the undo (undone meanwhile, here or elsewhere) leaves the question and its answer in place.
   */
  const [openHere, setOpenHere] = useState<ReadonlySet<string>>(new Set());
  const setOpen = (id: string, open: boolean) =>
    setOpenHere((prev) => {
      if (prev.has(id) === open) return prev;
      const next = new Set(prev);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
  const timeZone = safeTimeZone(workspace.timezone);
  const [state, setState] = useState<State>({ status: 'loading' });
  /** Bumped to read the list again: after a stop or an undo, on a timer, and when the page is looked at again. */
  const [tick, setTick] = useState(0);
  /** Lists read (or failed) so far: each answer schedules the next read. */
  const [reads, setReads] = useState(0);
  /** A later read failed: the list shown stays (with this said above it) until one succeeds. */
  const [refreshError, setRefreshError] = useState<unknown>(null);
  const [stopError, setStopError] = useState<unknown>(null);
  const [visible, setVisible] = useState(() => !isHidden());
  /** When the last read started: a focus right after a read (or with the visibility change that came with it) reads nothing. */
  const lastRead = useRef(0);
  const sectionRef = useRef<HTMLElement>(null);
  /** Where the user is in the list (see notePlace), taken just before a new answer is drawn. */
  const place = useRef<{ el: Element; top: number } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    lastRead.current = Date.now();
    listImports(controller.signal)
      .then(({ runs }) => {
        place.current = notePlace(sectionRef.current);
        // The same answer keeps the same list: nothing below re-renders for a read that changed nothing.
        setState((prev) => (prev.status === 'ready' && sameRuns(prev.runs, runs) ? prev : { status: 'ready', runs }));
        setRefreshError(null);
        setReads((n) => n + 1);
      })
      .catch((error) => {
        if (isAbortError(error)) return;
        // The first read's failure is the card's; a later one's leaves the rows where they are.
        setState((prev) => (prev.status === 'ready' ? prev : { status: 'error', error }));
        setRefreshError(error);
        setReads((n) => n + 1);
      });
    return () => controller.abort();
  }, [refreshKey, workspace.slug, tick]);

  // Runs started anywhere (another tab, `sori import`, an API client) show without a reload: the
  // list is read again every 15 seconds while the page is visible — every 3 while a run is running
  // (its counts move and it ends) — and at once when the tab or window is looked at again. Never
  // while the tab is hidden.
  useEffect(() => {
    const look = () => {
      const shown = !isHidden();
      setVisible(shown);
      if (shown && Date.now() - lastRead.current > FOCUS_GAP_MS) setTick((n) => n + 1);
    };
    document.addEventListener('visibilitychange', look);
    window.addEventListener('focus', look);
    return () => {
      document.removeEventListener('visibilitychange', look);
      window.removeEventListener('focus', look);
    };
  }, []);
  // A run added above the row the user is at (its undo question, a focused link or button) would
  // push it down the screen: the page scrolls by as much, so it stays where it was. (The browser's
  // own scroll anchoring keeps what is at the top of the window; this keeps what is in use.)
  useLayoutEffect(() => {
    const was = place.current;
    place.current = null;
    if (!was || !was.el.isConnected) return;
    const moved = was.el.getBoundingClientRect().top - was.top;
    if (Math.abs(moved) >= 1) window.scrollBy(0, moved);
  }, [state]);

  const anyRunning = state.status === 'ready' && state.runs.some((r) => r.status === 'running');
  useEffect(() => {
    if (!visible || reads === 0) return;
    const timer = window.setTimeout(() => setTick((n) => n + 1), anyRunning ? RUNNING_POLL_MS : IDLE_POLL_MS);
    return () => window.clearTimeout(timer);
  }, [visible, anyRunning, reads]);

  const stop = (run: Run) => {
    setStopError(null);
    cancelImport(run.id)
      .catch((error) => {
        if (!(error instanceof ApiError && error.code === 'not_running')) setStopError(error);
      })
      .finally(() => setTick((n) => n + 1));
  };

  const n = (value: number) => formatNumber(value, intlLocale);
  return (
    <section className="card" aria-labelledby="import-history-title" data-testid="import-history" ref={sectionRef}>
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
      {state.status === 'ready' && refreshError !== null && <ErrorMessage error={refreshError} compact onRetry={() => setTick((n) => n + 1)} testId="import-history-refresh-error" />}
      {stopError !== null && <ErrorMessage error={stopError} testId="import-history-stop-error" />}
      {state.status === 'ready' && state.runs.length === 0 && (
        <p className="muted" data-testid="import-history-empty">
          {t('import.history.empty')}
        </p>
      )}
      {state.status === 'ready' && state.runs.length > 0 && (
        <div className="table-wrap history-wrap">
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
                const errorText = run.status === 'failed' && run.error ? runErrorText(run, t, locale) : '';
                return (
                  <tr key={run.id} data-testid="import-history-row" data-run={run.id} data-status={run.status} data-dry-run={run.dry_run}>
                    <td className="num nowrap history-when" data-label={t('import.history.when')}>
                      {formatDateTime(run.started_at, intlLocale, timeZone)}
                      {run.created_by && <span className="muted small block">{run.created_by}</span>}
                    </td>
                    <td className="history-file" data-label={t('import.history.file')}>
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
                    <td className="history-status" data-label={t('import.history.status')}>
                      <span className={`badge import-status-${run.status}`} title={errorText || (run.error ? localizeDetail(run.error, locale) : undefined)} data-testid="import-history-status">
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
                      {/* Wraps, at most three lines until opened: a long message (the file's columns) made the table
                          ~1,800 px wide and pushed 되돌리기 out of the card. */}
                      {errorText && (
                        <details className="small history-error" data-testid="import-history-error">
                          <summary title={errorText} aria-label={`${t('import.history.error.toggle')}: ${errorText}`}>
                            {errorText}
                          </summary>
                        </details>
                      )}
                    </td>
                    <td className="col-num num history-count history-total" data-label={t('import.count.total')}>
                      {n(run.total_rows)}
                      {(run.skipped ?? 0) > 0 && (
                        <span className="muted small block" data-testid="import-history-skipped">
                          {t('import.history.skipped', { count: n(run.skipped!) })}
                        </span>
                      )}
                    </td>
                    <td className="col-num num history-count history-written" data-label={t('import.history.written')} data-testid="import-history-written">
                      {run.dry_run ? '—' : n(written)}
                      {!run.dry_run && run.unchanged > 0 && <span className="muted small block">{t('import.history.unchanged', { count: n(run.unchanged) })}</span>}
                      {!run.dry_run && (run.older ?? 0) > 0 && (
                        <span className="muted small block" data-testid="import-history-older">
                          {t(run.adapter ? 'import.history.stale' : 'import.history.older', { count: n(run.older!) })}
                        </span>
                      )}
                    </td>
                    <td className="col-num num history-count history-rejected" data-label={t('import.count.rejected')} data-testid="import-history-rejected">
                      {n(run.rejected)}
                    </td>
                    <td className="history-actions" data-label={t('import.history.links')}>
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
                      {mayUndoRuns && (mayUndo(run) || undoneHere.has(run.id) || openHere.has(run.id)) && (
                        <UndoImport
                          run={run}
                          onOpenChange={(open) => setOpen(run.id, open)}
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
