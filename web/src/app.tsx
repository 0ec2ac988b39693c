import { useEffect, useState } from 'react';
import { addressWorkspace, ApiError, isAbortError, listWorkspaces, type Me, type Workspace } from './api';
import { LoginPage } from './auth/login-page';
import { SetupPage } from './auth/setup-page';
import { SessionProvider, useSession } from './auth/session';
import { useI18n } from './i18n';
import { AppLayout } from './layout/app-layout';
import { isLocalPath, Link, matchPath, Redirect, useAddress, useLocation, useWorkspaceAddress, workspaceOf } from './router';
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
  const { pathname } = useLocation();
  const address = useAddress();

  if (state.status === 'loading') return <BootLoading />;

  if (state.status === 'error') {
    if (isWorkspaceRefusal(state.error)) return <WorkspaceUnavailable error={state.error} />;
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
      // The address as shown, workspace included: signing in returns to the same workspace's page.
      const bare = pathname === '/' && workspaceOf(address) === null;
      const next = bare || state.reason === 'logged_out' ? '' : `?next=${encodeURIComponent(address)}`;
      return <Redirect to={`/login${next}`} />;
    }
    return <LoginPage notice={state.reason} />;
  }

  return <SignedIn me={state.me} />;
}

/** A workspace the server will not open for this user, named by the address (api.ts getMe). */
function isWorkspaceRefusal(error: unknown): error is ApiError {
  return error instanceof ApiError && (error.code === 'workspace_not_found' || error.status === 403) && addressWorkspace() !== null;
}

/**
 * The address names a workspace this user cannot open (gone, mistyped, or not theirs): said as such,
 * never answered with another workspace's numbers. The way out is a page load without it.
 */
function WorkspaceUnavailable({ error }: { error: ApiError }) {
  const { t } = useI18n();
  return (
    <div className="boot-screen">
      <div className="boot-card" data-testid="workspace-unavailable">
        <p className="empty-title">{t(error.code === 'workspace_not_found' ? 'error.code.workspace_not_found' : 'forbidden.title')}</p>
        <p className="muted">
          {t('header.workspace')}: <code data-testid="workspace-unavailable-slug">{addressWorkspace()}</code>
        </p>
        {/* A plain link: a page load, in the workspace this browser used last. */}
        <a href={HOME_PATH} className="button button-secondary" data-testid="workspace-unavailable-home">
          {t('notFound.back')}
        </a>
      </div>
    </div>
  );
}

/** The workspaces this user can open (null until known, or when they could not be read). */
function useWorkspaceList(slug: string): Workspace[] | null {
  const [all, setAll] = useState<Workspace[] | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    listWorkspaces(controller.signal)
      .then((r) => setAll(r.workspaces))
      .catch((error) => {
        if (!isAbortError(error)) setAll(null);
      });
    return () => controller.abort();
  }, [slug]);
  return all;
}

/**
 * Signed in: the addresses name the workspace (router.tsx) once there is more than one to tell
 * apart — at once in any workspace but the default, after the list in the default — then the guard
 * for /login and /, and the matching page.
 */
function SignedIn({ me }: { me: Me }) {
  const { pathname, params } = useLocation();
  const slug = me.workspace.slug;
  const workspaces = useWorkspaceList(slug);
  useWorkspaceAddress(slug, slug !== 'default' || (workspaces?.length ?? 0) > 1);

  if (pathname === '/setup') return <Redirect to={HOME_PATH} />;
  if (pathname === '/login') {
    const next = params.get('next');
    const to = isLocalPath(next) && !next.startsWith('/login') ? next : HOME_PATH;
    // A link that names another workspace (?workspace=SLUG, shared by a colleague) is opened as a page
    // load: the workspace is read from the address then (api.ts), as when the link is followed signed in.
    const named = workspaceOf(to);
    if (named !== null && named !== slug) return <PageLoad to={to} />;
    return <Redirect to={to} />;
  }
  if (pathname === '/') return <Redirect to={HOME_PATH} />;

  const role = me.user.role;
  for (const route of ROUTES) {
    const routeParams = matchPath(route.path, pathname);
    if (!routeParams) continue;
    return (
      <AppLayout workspaces={workspaces}>{allows(route, role) ? route.render(routeParams) : <Forbidden />}</AppLayout>
    );
  }
  return (
    <AppLayout workspaces={workspaces}>
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
