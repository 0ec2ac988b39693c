import { Component, Suspense, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Spinner } from './spinner';

/**
 * Shows a lazily loaded page: a spinner while its code downloads, and a reload button if the
 * download fails (e.g. the server was updated and the old chunk is gone).
 */
export function LazyPage({ children }: { children: ReactNode }) {
  return (
    <ChunkErrorBoundary>
      <Suspense fallback={<PageLoading />}>{children}</Suspense>
    </ChunkErrorBoundary>
  );
}

function PageLoading() {
  return (
    <div className="center-block" data-testid="page-loading">
      <Spinner showLabel />
    </div>
  );
}

class ChunkErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <ChunkFailed /> : this.props.children;
  }
}

function ChunkFailed() {
  const { t } = useI18n();
  return (
    <div className="page empty-state" role="alert" data-testid="page-load-failed">
      <p className="empty-title">{t('lazy.failed')}</p>
      <button type="button" className="button button-secondary" onClick={() => window.location.reload()}>
        {t('lazy.reload')}
      </button>
    </div>
  );
}
