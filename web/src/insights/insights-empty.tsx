import { useEffect, useRef, useState } from 'react';
import { isAbortError, listWorkspaces, loadDemoWorkspace, setWorkspace, type Workspace } from '../api';
import { canEdit, useMe } from '../auth/session';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { ErrorMessage } from '../ui/error-message';
import { Spinner } from '../ui/spinner';

/**
 * No items in the chosen period: says so, and offers what gets data in — importing a file, or
 * the demo workspace, which it opens directly when the server has one, or (admins) loads on the
 * server first (POST /demo, as `sori demo`: seconds for ~10,800 items) and then opens.
 */
export function InsightsEmpty({ returnTo }: { returnTo: string }) {
  const { t } = useI18n();
  const { user, workspace } = useMe();
  // undefined until the server said which workspaces there are: no load button offered meanwhile.
  const [demo, setDemo] = useState<Workspace | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (workspace.is_demo) return;
    const controller = new AbortController();
    listWorkspaces(controller.signal)
      .then((r) => setDemo(r.workspaces.find((w) => w.is_demo && w.slug !== workspace.slug) ?? null))
      .catch((error) => {
        // Not knowing is not "there is none": no load button on a failed list.
        if (!isAbortError(error)) setDemo(undefined);
      });
    return () => controller.abort();
  }, [workspace.slug, workspace.is_demo]);

  const open = (slug: string) => {
    setWorkspace(slug);
    // Every page reads the workspace on load: a reload is the simplest complete switch.
    window.location.assign(returnTo);
  };

  const load = () => {
    setLoading(true);
    setLoadError(null);
    loadDemoWorkspace().then(
      (r) => {
        // Left the page meanwhile: the demo is in the workspace menu; no switch under the user's feet.
        if (mounted.current) open(r.workspace.slug);
      },
      (error) => {
        if (!mounted.current) return;
        setLoadError(error);
        setLoading(false);
      },
    );
  };

  const canLoad = user.role === 'admin' && !workspace.is_demo && demo === null;
  const hint = workspace.is_demo ? 'insights.emptyHintDemo' : canLoad ? 'insights.emptyHintAdmin' : canEdit(user.role) ? 'insights.emptyHint' : 'insights.emptyHintViewer';
  return (
    <div className="empty-state" data-testid="insights-empty">
      <p className="empty-title">{t('insights.empty')}</p>
      <p className="muted">{t(hint)}</p>
      <div className="empty-actions">
        {canEdit(user.role) && (
          <Link to="/import" className="button button-primary" data-testid="insights-empty-import">
            {t('items.goImport')}
          </Link>
        )}
        {demo && (
          <button type="button" className="button button-secondary" onClick={() => open(demo.slug)} data-testid="insights-empty-demo">
            {t('insights.openDemo')}
          </button>
        )}
        {canLoad && (
          <button
            type="button"
            className="button button-secondary"
            disabled={loading}
            aria-busy={loading}
            onClick={load}
            data-testid="insights-empty-load-demo"
          >
            {t('insights.loadDemo')}
          </button>
        )}
      </div>
      {loading && (
        <p className="muted" data-testid="insights-empty-load-demo-working">
          <Spinner label={t('insights.loadingDemo')} showLabel />
        </p>
      )}
      {loadError !== null && <ErrorMessage error={loadError} testId="insights-empty-load-demo-error" />}
    </div>
  );
}

/** Grey blocks in the shape of the cards and chart, while the first answer loads. */
export function InsightsSkeleton({ cards = 8 }: { cards?: number }) {
  const { t } = useI18n();
  return (
    <div className="insights-skeleton" aria-busy="true" data-testid="insights-loading">
      <span className="visually-hidden" role="status">
        {t('common.loading')}
      </span>
      {cards > 0 && (
        <div className="kpi-grid" aria-hidden="true">
          {Array.from({ length: cards }, (_, i) => (
            <div key={i} className="kpi-card">
              <span className="skeleton" style={{ width: '45%' }} />
              <span className="skeleton skeleton-number" style={{ width: '60%', height: 28 }} />
              <span className="skeleton" style={{ width: '70%' }} />
            </div>
          ))}
        </div>
      )}
      <div className="card" aria-hidden="true">
        <span className="skeleton" style={{ width: 160 }} />
        <div className="chart chart-skeleton" />
      </div>
    </div>
  );
}
