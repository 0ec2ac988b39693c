import { useEffect } from 'react';
import { LoginPage } from './auth/login-page';
import { SetupPage } from './auth/setup-page';
import { SessionProvider, useSession } from './auth/session';
import { useI18n } from './i18n';
import { AppLayout } from './layout/app-layout';
import { isLocalPath, Link, matchPath, Redirect, useLocation } from './router';
import { allows, HOME_PATH, ROUTES } from './routes';
import { ErrorMessage } from './ui/error-message';
import { Spinner } from './ui/spinner';

/** The whole dashboard: session first, then the sign-in guard, then the matching page. */
export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  const { t } = useI18n();
  const { state, retry } = useSession();
  const { pathname, search, params } = useLocation();

  if (state.status === 'loading') return <BootLoading />;

  if (state.status === 'error') {
    return (
      <div className="boot-screen">
        <div className="boot-card">
          <p className="empty-title">{t('boot.failed')}</p>
          <ErrorMessage error={state.error} onRetry={retry} />
        </div>
      </div>
    );
  }

  if (state.status === 'anonymous') {
    if (pathname === '/setup') return <SetupPage />;
    if (pathname !== '/login') {
      const here = pathname + search;
      const next = pathname === '/' || state.reason === 'logged_out' ? '' : `?next=${encodeURIComponent(here)}`;
      return <Redirect to={`/login${next}`} />;
    }
    return <LoginPage notice={state.reason} />;
  }

  if (pathname === '/setup') return <Redirect to={HOME_PATH} />;
  if (pathname === '/login') {
    const next = params.get('next');
    const to = isLocalPath(next) && !next.startsWith('/login') ? next : HOME_PATH;
    // A link that names a workspace (?workspace=SLUG, shared by a colleague) is opened as a page
    // load: the workspace is read from the address then (api.ts), as when the link is followed signed in.
    if (/[?&]workspace=/.test(to)) return <PageLoad to={to} />;
    return <Redirect to={to} />;
  }
  if (pathname === '/') return <Redirect to={HOME_PATH} />;

  const role = state.me.user.role;
  for (const route of ROUTES) {
    const routeParams = matchPath(route.path, pathname);
    if (!routeParams) continue;
    return <AppLayout>{allows(route, role) ? route.render(routeParams) : <Forbidden />}</AppLayout>;
  }
  return (
    <AppLayout>
      <NotFound />
    </AppLayout>
  );
}

/** The screen while the app starts (or leaves for another page). */
function BootLoading() {
  return (
    <div className="boot-screen" data-testid="boot-loading">
      <Spinner showLabel />
    </div>
  );
}

/**
 * Leaves for `to` (a path isLocalPath accepted) with a full page load. The browser is given the URL
 * as resolved here, checked once more to be this origin's, never the raw text it might read otherwise.
 */
function PageLoad({ to }: { to: string }) {
  useEffect(() => {
    const url = new URL(to, window.location.origin);
    window.location.replace(url.origin === window.location.origin ? url.href : HOME_PATH);
  }, [to]);
  return <BootLoading />;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page empty-state" data-testid="not-found">
      <h1 className="page-title">{t('notFound.title')}</h1>
      <Link to={HOME_PATH} className="button button-secondary">
        {t('notFound.back')}
      </Link>
    </div>
  );
}

function Forbidden() {
  const { t } = useI18n();
  return (
    <div className="page empty-state" data-testid="forbidden">
      <h1 className="page-title">{t('forbidden.title')}</h1>
      <p className="muted">{t('forbidden.body')}</p>
      <Link to={HOME_PATH} className="button button-secondary">
        {t('notFound.back')}
      </Link>
    </div>
  );
}
