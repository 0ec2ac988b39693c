import { useEffect, useState, type ReactNode } from 'react';
import type { Workspace } from '../api';
import { useMe, useSession } from '../auth/session';
import { useI18n } from '../i18n';
import { Link, useLocation } from '../router';
import { allows, ROUTES } from '../routes';
import { LogoutIcon } from '../ui/icons';
import { LanguageSwitch } from './language-switch';
import { WorkspaceSwitch } from './workspace-switch';

/** Insight pages that read their period from `range` or `from`/`to`. */
const RANGE_PAGES = ['/overview', '/explore', '/support', '/sla', '/nps', '/churn'];

/** `?range=N` or `?from=…&to=…` of the current page, or '' for the default period. */
function rangeQuery(params: URLSearchParams): string {
  const range = params.get('range');
  if (range) return `?range=${encodeURIComponent(range)}`;
  const from = params.get('from');
  const to = params.get('to');
  return from && to ? `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` : '';
}

/**
 * The signed-in frame: header (workspace, user, language, logout), left nav, main area.
 * `workspaces`: those the user can open (null until known), for the picker.
 */
export function AppLayout({ children, workspaces }: { children: ReactNode; workspaces: Workspace[] | null }) {
  const { t, label } = useI18n();
  const { user, workspace } = useMe();
  const { logout } = useSession();
  const { pathname, params } = useLocation();
  const [loggingOut, setLoggingOut] = useState(false);

  // A block body: scrollTo returns a Promise in newer Chromium, and an effect must return nothing or a cleanup.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);

  const navRoutes = ROUTES.filter((route) => route.nav && allows(route, user.role));
  // The period chosen on one insight page goes with the links to the others (it stays in the URL).
  const carried = RANGE_PAGES.includes(pathname) ? rangeQuery(params) : '';

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar" data-testid="app-header">
        <div className="topbar-brand">
          <span className="brand-mark" aria-hidden="true">
            S
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <div className="topbar-workspace" title={t('header.workspace')}>
          <WorkspaceSwitch current={workspace} all={workspaces} />
          {workspace.is_demo && <span className="badge badge-demo">{t('header.demo')}</span>}
        </div>
        <div className="topbar-actions">
          <LanguageSwitch />
          <Link to="/account" className="user-chip" title={`${t('header.signedInAs')} · ${t('header.account')}`} data-testid="account-link">
            <span className="user-email" data-testid="user-email">
              {user.email}
            </span>
            <span className="badge badge-role" data-testid="user-role" data-role={user.role}>
              {label('role', user.role)}
            </span>
          </Link>
          <button
            type="button"
            className="button button-ghost button-small"
            data-testid="logout"
            title={t('header.logout')}
            disabled={loggingOut}
            onClick={() => {
              setLoggingOut(true);
              logout().catch(() => setLoggingOut(false));
            }}
          >
            <LogoutIcon size={16} />
            <span className="logout-label">{t('header.logout')}</span>
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label={t('nav.label')} data-testid="nav">
        <ul>
          {navRoutes.map((route) => {
            const current = pathname === route.path || pathname.startsWith(`${route.path}/`);
            return (
              <li key={route.path}>
                <Link
                  to={RANGE_PAGES.includes(route.path) ? `${route.path}${carried}` : route.path}
                  className="nav-link"
                  aria-current={current ? 'page' : undefined}
                  data-testid={`nav-${route.path.slice(1)}`}
                >
                  {route.nav!.icon}
                  <span>{t(route.nav!.label)}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
