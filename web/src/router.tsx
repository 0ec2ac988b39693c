import { useEffect, useMemo, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A small History API router: real paths (/items, /import), query strings as page state.
 * The server answers every non-API path with index.html so reloads and shared links work.
 */

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export interface Location {
  pathname: string;
  search: string;
  params: URLSearchParams;
}

/** The current path and query; re-renders on navigation and on back/forward. */
export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot, () => '/');
  return useMemo(() => {
    const url = new URL(href, 'http://local');
    return { pathname: url.pathname, search: url.search, params: url.searchParams };
  }, [href]);
}

/** Goes to a same-origin path; `replace` rewrites the current history entry instead of adding one. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((listener) => listener());
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

/** An `<a>` that navigates in-app on a plain click and behaves like a link otherwise (new tab, copy). */
export function Link({ to, replace, onClick, ...rest }: LinkProps) {
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
  return <a href={to} onClick={handleClick} {...rest} />;
}

/** Navigates once rendered (for guards); renders nothing. */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
