import { useEffect, useState } from 'react';
import { isAbortError, listWorkspaces, setWorkspace, type Workspace } from '../api';
import { canEdit, useMe } from '../auth/session';
import { useI18n } from '../i18n';
import { Link } from '../router';

/**
 * No items in the chosen period: says so, and offers what gets data in — importing a file, or
 * the demo workspace (`sori demo`), which it opens directly when the server has one.
 */
export function InsightsEmpty({ returnTo }: { returnTo: string }) {
  const { t } = useI18n();
  const { user, workspace } = useMe();
  const [demo, setDemo] = useState<Workspace | null>(null);

  useEffect(() => {
    if (workspace.is_demo) return;
    const controller = new AbortController();
    listWorkspaces(controller.signal)
      .then((r) => setDemo(r.workspaces.find((w) => w.is_demo && w.slug !== workspace.slug) ?? null))
      .catch((error) => {
        if (!isAbortError(error)) setDemo(null);
      });
    return () => controller.abort();
  }, [workspace.slug, workspace.is_demo]);

  return (
    <div className="empty-state" data-testid="insights-empty">
      <p className="empty-title">{t('insights.empty')}</p>
      <p className="muted">{t(workspace.is_demo ? 'insights.emptyHintDemo' : canEdit(user.role) ? 'insights.emptyHint' : 'insights.emptyHintViewer')}</p>
      <div className="empty-actions">
        {canEdit(user.role) && (
          <Link to="/import" className="button button-primary" data-testid="insights-empty-import">
            {t('items.goImport')}
          </Link>
        )}
        {demo && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setWorkspace(demo.slug);
              // Every page reads the workspace on load: a reload is the simplest complete switch.
              window.location.assign(returnTo);
            }}
            data-testid="insights-empty-demo"
          >
            {t('insights.openDemo')}
          </button>
        )}
      </div>
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
