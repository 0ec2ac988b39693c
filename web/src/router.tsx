import { useEffect, useLayoutEffect, useMemo, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A small History API router: real paths (/items, /import), query strings as page state.
 * The server answers every non-API path with index.html so reloads and shared links work.
 *
 * The workspace belongs to every address: once the signed-in workspace is known (useWorkspaceAddress),
 * navigate() and <Link> write `workspace=SLUG` into the query of every path they are given, and the
 * current address gets it too, so a copied or shared address opens in the workspace it was made in
 * (api.ts reads it on load). Pages never see it: useLocation() leaves it out of `search` and `params`,
 * so the addresses they build stay workspace-free and are given the current workspace here.
 */

const listeners = new Set<() => void>();
/** Pages' guards of the address they show, asked before navigate() or Back/Forward changes it (guardAddress). */
const guards = new Set<AddressGuard>();
/**
 * A guard: `next` is the address about to be shown (without `workspace`); true keeps the page where
 * it is. `retry` makes the refused change after all (the page calls it once its question is answered
 * "leave"; guards let it through while they have nothing to keep).
 */
export type AddressGuard = (next: string, retry: () => void) => boolean;
/**
 * Each entry this router writes carries its place in the tab's history (`soriPos` in its state), so a
 * refused Back or Forward can be undone by moving back the same number of steps (history.go), the
 * entries keeping their order, and made later by the same move.
 */
const POS = 'soriPos';
const posOf = (state: unknown): number | null => {
  const pos = state && typeof state === 'object' ? (state as Record<string, unknown>)[POS] : undefined;
  return typeof pos === 'number' && Number.isInteger(pos) ? pos : null;
};
/** Set while history.go() returns to the address a guard kept: that popstate is no change. */
let restoring = false;
/** The address (with its hash) and history state the pages were last told of: what a refused Back/Forward puts back. */
let shown: { address: string; state: unknown } | null = null;

function remember(): void {
  const { pathname, search, hash } = window.location;
  shown = { address: pathname + search + hash, state: window.history.state };
}

/** Whether a guard keeps the page from showing `next`; `retry` makes the change after all. */
function refused(next: string, retry: () => void): boolean {
  return [...guards].some((guard) => guard(next, retry));
}

// One listener for every subscriber, so a guard is asked once and before any page sees the new address.
function onPopState(): void {
  if (restoring) {
    restoring = false;
    return;
  }
  const next = withoutWorkspace(snapshot());
  const from = posOf(shown?.state);
  const to = posOf(window.history.state);
  const steps = from !== null && to !== null ? to - from : null;
  const retry = () => (steps ? window.history.go(steps) : window.history.back());
  if (shown && refused(next, retry)) {
    if (steps) {
      // Back or Forward by `steps`: the same number of steps the other way returns to the entry left.
      restoring = true;
      window.history.go(-steps);
    } else {
      // An entry of unknown place (written before this page loaded): the address left is written again.
      window.history.pushState(shown.state, '', shown.address);
    }
    return;
  }
  notify();
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) {
    if (posOf(window.history.state) === null) {
      const state = window.history.state && typeof window.history.state === 'object' ? window.history.state : {};
      window.history.replaceState({ ...state, [POS]: 0 }, '');
    }
    remember();
    window.addEventListener('popstate', onPopState);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', onPopState);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

function notify(): void {
  remember();
  listeners.forEach((listener) => listener());
}

/**
 * Lets a page hold on to its address while it has something unsaved (an item panel's label pick):
 * before a link, navigate() or Back/Forward (a phone's back gesture) changes the address, `guard`
 * gets the new one (without `workspace`) and returns true to stay. No page sees the change: a
 * refused navigate() does nothing; a refused Back/Forward is moved back (the entries keep their
 * order). The page asks its own question; to go after all it lets the next change through and
 * calls `retry`, which makes the same change. Returns the undo.
 */
export function guardAddress(guard: AddressGuard): () => void {
  guards.add(guard);
  return () => {
    guards.delete(guard);
  };
}

/** The query parameter that names an address's workspace. */
export const WORKSPACE_PARAM = 'workspace';

/** A workspace slug as the server makes them (src/store/queries/workspaces.ts WORKSPACE_SLUG_PATTERN). */
export function isWorkspaceSlug(value: string | null | undefined): value is string {
  return !!value && /^[a-z0-9][a-z0-9-]{0,62}$/.test(value);
}

/** `path` as [before the query, the query without '?', the hash with its '#'] — the texts as written. */
function splitPath(path: string): [string, string, string] {
  const hashAt = path.indexOf('#');
  const hash = hashAt < 0 ? '' : path.slice(hashAt);
  const rest = hashAt < 0 ? path : path.slice(0, hashAt);
  const queryAt = rest.indexOf('?');
  return queryAt < 0 ? [rest, '', hash] : [rest.slice(0, queryAt), rest.slice(queryAt + 1), hash];
}

function isWorkspacePart(part: string): boolean {
  const key = part.split('=', 1)[0]!;
  try {
    return decodeURIComponent(key.replace(/\+/g, ' ')) === WORKSPACE_PARAM;
  } catch {
    return false;
  }
}

function joinPath(base: string, parts: string[], hash: string): string {
  const query = parts.filter((part) => part !== '').join('&');
  return `${base}${query ? `?${query}` : ''}${hash}`;
}

/** The workspace an address names (`workspace=` in its query; the first, as the server reads it), or null. */
export function workspaceOf(path: string): string | null {
  const [, query] = splitPath(path);
  const part = query.split('&').find(isWorkspacePart);
  if (part === undefined) return null;
  return new URLSearchParams(part).get(WORKSPACE_PARAM) ?? '';
}

/** `path` without its `workspace=` parameter; everything else (order, encoding, hash) as written. */
export function withoutWorkspace(path: string): string {
  const [base, query, hash] = splitPath(path);
  if (!query) return path;
  const parts = query.split('&');
  if (!parts.some(isWorkspacePart)) return path;
  return joinPath(base, parts.filter((part) => !isWorkspacePart(part)), hash);
}

/**
 * `path` naming workspace `slug`: the existing `workspace=` parameter gets the new value in its
 * place (any repeat is dropped), or one is added last, before a hash. The rest stays as written.
 */
export function withWorkspace(path: string, slug: string): string {
  const [base, query, hash] = splitPath(path);
  const named = `${WORKSPACE_PARAM}=${encodeURIComponent(slug)}`;
  const parts = query ? query.split('&') : [];
  const at = parts.findIndex(isWorkspacePart);
  if (at < 0) return joinPath(base, [...parts, named], hash);
  return joinPath(base, parts.map((part, i) => (i === at ? named : part)).filter((part, i) => i === at || !isWorkspacePart(part)), hash);
}

/** The signed-in workspace (null when signed out) and whether addresses name it. */
export interface AddressWorkspace {
  slug: string;
  /** False while only one workspace is known to exist: then an address without one is unambiguous. */
  shown: boolean;
}

let addressWorkspace: AddressWorkspace | null = null;
const workspaceListeners = new Set<() => void>();

function subscribeWorkspace(listener: () => void): () => void {
  workspaceListeners.add(listener);
  return () => workspaceListeners.delete(listener);
}

function workspaceSnapshot(): AddressWorkspace | null {
  return addressWorkspace;
}

/**
 * The address to show for `to`: a path on this site is given the workspace when addresses name it
 * and it names none itself (a path that names one keeps it). Other addresses are left alone.
 */
export function addressFor(to: string, workspace: AddressWorkspace | null = addressWorkspace): string {
  if (!workspace?.shown || !to.startsWith('/') || to.startsWith('//') || workspaceOf(to) !== null) return to;
  return withWorkspace(to, workspace.slug);
}

/**
 * What to do with the current address for the signed-in workspace: 'keep' it, 'add' the workspace
 * to it (history.replaceState), or 'reload' — it names another workspace than the one the page
 * works on (Back/Forward onto another workspace's entry), which a page load reads from it.
 */
export function addressAction(address: string, workspace: AddressWorkspace): 'keep' | 'add' | 'reload' {
  const named = workspaceOf(address);
  if (named === null) return workspace.shown ? 'add' : 'keep';
  return named === workspace.slug ? 'keep' : 'reload';
}

/**
 * Tells the router the signed-in workspace (null once signed out) and brings the current address
 * in line: it gets `workspace=SLUG` when addresses name it.
 */
export function setAddressWorkspace(workspace: AddressWorkspace | null): void {
  const same = workspace === addressWorkspace || (!!workspace && !!addressWorkspace && workspace.slug === addressWorkspace.slug && workspace.shown === addressWorkspace.shown);
  if (!same) {
    addressWorkspace = workspace;
    workspaceListeners.forEach((listener) => listener());
  }
  syncAddress();
}

/** Adds the workspace to the current address, or reloads an address that names another one. */
function syncAddress(): void {
  if (!addressWorkspace) return;
  const { pathname, search, hash } = window.location;
  const action = addressAction(pathname + search, addressWorkspace);
  if (action === 'add') {
    window.history.replaceState(window.history.state, '', withWorkspace(pathname + search + hash, addressWorkspace.slug));
    notify();
  } else if (action === 'reload') {
    window.location.reload();
  }
}

/**
 * For the signed-in frame: keeps the router told of the workspace (`slug`; `shown`: addresses name
 * it) and every address the browser shows carrying it, also after Back/Forward. A layout effect,
 * so it runs before the redirects and data loads of the pages inside.
 */
export function useWorkspaceAddress(slug: string, shown: boolean): void {
  const address = useSyncExternalStore(subscribe, snapshot, () => '/');
  useLayoutEffect(() => {
    setAddressWorkspace({ slug, shown });
  }, [slug, shown, address]);
  useLayoutEffect(() => () => setAddressWorkspace(null), []);
}

export interface Location {
  pathname: string;
  search: string;
  params: URLSearchParams;
}

/** The current path and query (without `workspace`); re-renders on navigation and on back/forward. */
export function useLocation(): Location {
  const href = withoutWorkspace(useSyncExternalStore(subscribe, snapshot, () => '/'));
  return useMemo(() => {
    const url = new URL(href, 'http://local');
    return { pathname: url.pathname, search: url.search, params: url.searchParams };
  }, [href]);
}

/** The current address as the browser shows it, `workspace=` included (for `?next=`). */
export function useAddress(): string {
  return useSyncExternalStore(subscribe, snapshot, () => '/');
}

/**
 * Goes to a same-origin path; `replace` rewrites the current history entry instead of adding one.
 * The path is given the current workspace (addressFor); a path that names another workspace is
 * opened with a page load, which reads the workspace from it (api.ts).
 */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const target = addressFor(to);
  const named = workspaceOf(target);
  if (addressWorkspace && named !== null && named !== addressWorkspace.slug && target.startsWith('/') && !target.startsWith('//')) {
    const url = new URL(target, window.location.origin);
    if (url.origin !== window.location.origin) return;
    if (options.replace) window.location.replace(url.href);
    else window.location.assign(url.href);
    return;
  }
  if (target === snapshot()) return;
  if (refused(withoutWorkspace(target), () => navigate(to, options))) return;
  const here = posOf(window.history.state) ?? 0;
  if (options.replace) window.history.replaceState({ [POS]: here }, '', target);
  else window.history.pushState({ [POS]: here + 1 }, '', target);
  notify();
}

/**
 * True for a path on this site, so `?next=` cannot send someone elsewhere. Browsers drop tabs and
 * line breaks anywhere in a URL and read `\` as `/` (`/\t/evil.example` is `//evil.example`), so a
 * path with any control character, space or backslash is refused outright; what is left must
 * still resolve to this origin. `origin` is the page's own (a parameter for tests).
 */
export function isLocalPath(path: string | null | undefined, origin: string = window.location.origin): path is string {
  if (!path || !path.startsWith('/') || path.startsWith('//')) return false;
  if (/[\x00-\x20\x7f\\]/.test(path)) return false;
  try {
    return new URL(path, origin).origin === origin;
  } catch {
    return false;
  }
}

/** Matches `/topics/:id` style patterns; returns the params, or null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(have[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== have[i]) {
      return null;
    }
  }
  return params;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; replace?: boolean };

/**
 * An `<a>` that navigates in-app on a plain click and behaves like a link otherwise (new tab, copy);
 * its address carries the workspace (addressFor), so a copied or new-tab link opens in it.
 */
export function Link({ to, replace, onClick, ...rest }: LinkProps) {
  const workspace = useSyncExternalStore(subscribeWorkspace, workspaceSnapshot, () => null);
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
      event.altKey || (rest.target && rest.target !== '_self')
    ) {
      return;
    }
    event.preventDefault();
    navigate(to, { replace });
  };
  return <a href={addressFor(to, workspace)} onClick={handleClick} {...rest} />;
}

/** Navigates once rendered (for guards); renders nothing. */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
