import { lazy, type ReactNode } from 'react';
import type { Role } from './api';
import type { MessageKey } from './i18n';
import { AccountPage } from './auth/account-page';
import { ImportPage } from './imports/import-page';
import { SettingsPage } from './settings/settings-page';
import { ItemsPage } from './items/items-page';
import { TopicsPage } from './topics/topics-page';
import { MetricsPage } from './metrics/metrics-page';
import { ChartIcon, ClockIcon, CalendarIcon, DoorIcon, GaugeIcon, GearIcon, HeadsetIcon, InboxIcon, TagIcon, TrendIcon, UploadIcon } from './ui/icons';
import { LazyPage } from './ui/lazy-page';

// Chart pages load on first visit: ECharts stays out of the first screen's bundle.
const OverviewPage = lazy(() => import('./insights/overview-page').then((m) => ({ default: m.OverviewPage })));
const ExplorePage = lazy(() => import('./insights/explore-page').then((m) => ({ default: m.ExplorePage })));
const SupportPage = lazy(() => import('./support/support-page').then((m) => ({ default: m.SupportPage })));
const SlaPage = lazy(() => import('./sla/sla-page').then((m) => ({ default: m.SlaPage })));
const NpsPage = lazy(() => import('./nps/nps-page').then((m) => ({ default: m.NpsPage })));
const ChurnPage = lazy(() => import('./churn/churn-page').then((m) => ({ default: m.ChurnPage })));
const TopicInsightsPage = lazy(() => import('./topics/topic-insights-page').then((m) => ({ default: m.TopicInsightsPage })));

/**
 * Every signed-in page, in left-nav order. A page that needs a path parameter
 * (e.g. `/topics/:id`) uses `nav: null` and reads `params`. Heavy pages (charts) should be
 * `lazy()`-loaded so the first screen stays small.
 */
export interface RouteDef {
  path: string;
  nav: { label: MessageKey; icon: ReactNode } | null;
  /** Roles that may open the page; everyone when absent. */
  roles?: readonly Role[];
  render: (params: Record<string, string>) => ReactNode;
}

export const ROUTES: readonly RouteDef[] = [
  {
    path: '/overview',
    nav: { label: 'nav.overview', icon: <ChartIcon /> },
    render: () => (
      <LazyPage>
        <OverviewPage />
      </LazyPage>
    ),
  },
  {
    path: '/explore',
    nav: { label: 'nav.explore', icon: <TrendIcon /> },
    render: () => (
      <LazyPage>
        <ExplorePage />
      </LazyPage>
    ),
  },
  {
    path: '/support',
    nav: { label: 'nav.support', icon: <HeadsetIcon /> },
    render: () => (
      <LazyPage>
        <SupportPage />
      </LazyPage>
    ),
  },
  {
    path: '/sla',
    nav: { label: 'nav.sla', icon: <ClockIcon /> },
    render: () => (
      <LazyPage>
        <SlaPage />
      </LazyPage>
    ),
  },
  {
    path: '/nps',
    nav: { label: 'nav.nps', icon: <GaugeIcon /> },
    render: () => (
      <LazyPage>
        <NpsPage />
      </LazyPage>
    ),
  },
  {
    path: '/churn',
    nav: { label: 'nav.churn', icon: <DoorIcon /> },
    render: () => (
      <LazyPage>
        <ChurnPage />
      </LazyPage>
    ),
  },
  { path: '/items', nav: { label: 'nav.items', icon: <InboxIcon /> }, render: () => <ItemsPage /> },
  { path: '/topics', nav: { label: 'nav.topics', icon: <TagIcon /> }, render: () => <TopicsPage /> },
  {
    path: '/topics/:id/insights',
    nav: null,
    render: (params) => (
      <LazyPage>
        <TopicInsightsPage key={params.id} id={params.id} />
      </LazyPage>
    ),
  },
  { path: '/metrics', nav: { label: 'nav.metrics', icon: <CalendarIcon /> }, render: () => <MetricsPage /> },
  {
    path: '/import',
    nav: { label: 'nav.import', icon: <UploadIcon /> },
    roles: ['admin', 'operator'],
    render: () => <ImportPage />,
  },
  {
    path: '/settings',
    nav: { label: 'nav.settings', icon: <GearIcon /> },
    roles: ['admin'],
    render: () => <SettingsPage />,
  },
  // Reached from the user's e-mail in the header.
  { path: '/account', nav: null, render: () => <AccountPage /> },
];

/** Where `/` and a successful sign-in go. */
export const HOME_PATH = '/overview';

/** True when `role` may open `route`. */
export function allows(route: RouteDef, role: Role): boolean {
  return !route.roles || route.roles.includes(role);
}
