import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addressAction,
  addressFor,
  isLocalPath,
  isWorkspaceSlug,
  navigate,
  setAddressWorkspace,
  withoutWorkspace,
  withWorkspace,
  workspaceOf,
} from './router';

const ORIGIN = 'https://sori.example';

describe('isLocalPath', () => {
  it('accepts paths on this site, with their query', () => {
    for (const path of ['/', '/items', '/items?type=refund&workspace=default', '/topics/12', '/items?q=%ED%99%98%EB%B6%88%20%EC%9A%94%EC%B2%AD#top']) {
      expect(isLocalPath(path, ORIGIN), path).toBe(true);
    }
  });

  it('refuses other sites, however the path is written', () => {
    for (const path of [
      '//evil.example/?workspace=x',
      '/\\evil.example/',
      '/\\/evil.example/',
      // Browsers strip tabs, CR and LF anywhere in a URL: these become //evil.example.
      '/\t/evil.example/?workspace=x',
      '/\n/evil.example/x?workspace=default',
      '/\r/evil.example/',
      '/\r\n/evil.example/',
      '/ /evil.example/',
      '/\x00/evil.example/',
      '/\x7f/evil.example/',
      '/items?next=\\\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'evil.example',
      '',
      null,
      undefined,
    ]) {
      expect(isLocalPath(path, ORIGIN), JSON.stringify(path)).toBe(false);
    }
  });

  it('keeps percent-encoded slashes, backslashes and breaks as path text on this origin', () => {
    // `next` is decoded once (URLSearchParams); nothing decodes these again before navigating.
    for (const path of ['/%2F%2Fevil.example/', '/%5Cevil.example', '/%09/evil.example', '/%0A/evil.example', '/%2F/evil.example']) {
      expect(isLocalPath(path, ORIGIN), path).toBe(true);
      expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
    }
  });
});

describe('workspace in addresses', () => {
  it('reads the workspace an address names, or null', () => {
    expect(workspaceOf('/items?workspace=demo')).toBe('demo');
    expect(workspaceOf('/items?from=2026-11-08&to=2026-12-05&topic=25&workspace=shop-b')).toBe('shop-b');
    expect(workspaceOf('/items?workspace=demo&workspace=other')).toBe('demo'); // the first, as the server reads it
    expect(workspaceOf('/items?%77orkspace=demo')).toBe('demo');
    expect(workspaceOf('/items?workspace=')).toBe('');
    expect(workspaceOf('/items?workspaces=demo&my_workspace=x')).toBeNull();
    expect(workspaceOf('/items#workspace=demo')).toBeNull();
    expect(workspaceOf('/items')).toBeNull();
    expect(workspaceOf('/')).toBeNull();
  });

  it('adds the workspace last and leaves the rest of the address as written', () => {
    expect(withWorkspace('/items', 'demo')).toBe('/items?workspace=demo');
    expect(withWorkspace('/items?', 'demo')).toBe('/items?workspace=demo');
    expect(withWorkspace('/items?from=2026-11-08&to=2026-12-05&topic=25', 'demo')).toBe('/items?from=2026-11-08&to=2026-12-05&topic=25&workspace=demo');
    // Encoding and order of the other parameters are untouched (URLSearchParams would write + and %2C).
    expect(withWorkspace('/items?q=%ED%99%98%EB%B6%88%20%EC%9A%94%EC%B2%AD&channel=chat,email&item=10799', 'shop-b')).toBe(
      '/items?q=%ED%99%98%EB%B6%88%20%EC%9A%94%EC%B2%AD&channel=chat,email&item=10799&workspace=shop-b',
    );
    expect(withWorkspace('/setup?x=1#secret', 'default')).toBe('/setup?x=1&workspace=default#secret');
    expect(withWorkspace('/topics/12/insights#top', 'demo')).toBe('/topics/12/insights?workspace=demo#top');
  });

  it('replaces a workspace in its place, dropping repeats', () => {
    expect(withWorkspace('/items?workspace=default&channel=chat', 'demo')).toBe('/items?workspace=demo&channel=chat');
    expect(withWorkspace('/items?channel=chat&workspace=default&q=a&workspace=x', 'demo')).toBe('/items?channel=chat&workspace=demo&q=a');
    expect(withWorkspace('/overview?workspace=demo', 'demo')).toBe('/overview?workspace=demo');
  });

  it('takes the workspace out without touching the rest', () => {
    expect(withoutWorkspace('/items?workspace=demo')).toBe('/items');
    expect(withoutWorkspace('/items?channel=chat&workspace=demo&q=%20a+b')).toBe('/items?channel=chat&q=%20a+b');
    expect(withoutWorkspace('/items?workspace=demo&workspace=x&item=7#top')).toBe('/items?item=7#top');
    expect(withoutWorkspace('/items?channel=chat')).toBe('/items?channel=chat');
    expect(withoutWorkspace('/items')).toBe('/items');
    for (const path of ['/items?from=2026-11-08&to=2026-12-05&topic=25', '/items?item=10799', '/explore?range=7&by=channel']) {
      expect(withoutWorkspace(withWorkspace(path, 'shop-b'))).toBe(path);
    }
  });

  it('gives paths on this site the workspace when addresses name it', () => {
    const demo = { slug: 'demo', shown: true };
    expect(addressFor('/items?item=10799', demo)).toBe('/items?item=10799&workspace=demo');
    expect(addressFor('/overview', { slug: 'default', shown: true })).toBe('/overview?workspace=default');
    // A path that names a workspace keeps it (a link into another workspace).
    expect(addressFor('/items?workspace=shop-b&channel=chat', demo)).toBe('/items?workspace=shop-b&channel=chat');
    // Not shown (one workspace only), or signed out: as given.
    expect(addressFor('/items?channel=chat', { slug: 'default', shown: false })).toBe('/items?channel=chat');
    expect(addressFor('/items?channel=chat', null)).toBe('/items?channel=chat');
    // Not a path on this site: left alone.
    for (const other of ['https://example.com/x', '//evil.example/', 'mailto:a@b.c', '#top']) expect(addressFor(other, demo)).toBe(other);
  });

  it('says what the current address needs for the signed-in workspace', () => {
    expect(addressAction('/items?channel=chat', { slug: 'demo', shown: true })).toBe('add');
    expect(addressAction('/items?channel=chat', { slug: 'default', shown: false })).toBe('keep');
    expect(addressAction('/items?workspace=demo', { slug: 'demo', shown: true })).toBe('keep');
    expect(addressAction('/items?workspace=default', { slug: 'default', shown: false })).toBe('keep');
    // Back/Forward onto another workspace's address: a page load opens it there.
    expect(addressAction('/items?workspace=shop-b', { slug: 'demo', shown: true })).toBe('reload');
    expect(addressAction('/items?workspace=Demo', { slug: 'demo', shown: true })).toBe('reload');
  });

  it('knows a workspace slug', () => {
    for (const slug of ['default', 'demo', 'shop-b', 'a', '1st']) expect(isWorkspaceSlug(slug), slug).toBe(true);
    for (const slug of ['', 'Demo', '-x', 'a_b', 'a b', 'a/b', 'x'.repeat(64), null, undefined]) expect(isWorkspaceSlug(slug), String(slug)).toBe(false);
  });
});

/** A stand-in for the page's window: its address, history entries and page loads. */
function fakeWindow(start: string) {
  const url = new URL(start, 'https://sori.example');
  const calls: string[] = [];
  const location = {
    origin: url.origin,
    pathname: url.pathname,
    search: url.search,
    hash: url.hash,
    assign: (href: string) => calls.push(`assign ${href}`),
    replace: (href: string) => calls.push(`replace ${href}`),
    reload: () => calls.push('reload'),
  };
  const go = (kind: string, to: string) => {
    const next = new URL(to, url.origin);
    Object.assign(location, { pathname: next.pathname, search: next.search, hash: next.hash });
    calls.push(`${kind} ${to}`);
  };
  return {
    calls,
    window: {
      location,
      history: {
        state: null,
        pushState: (_s: unknown, _t: string, to: string) => go('push', to),
        replaceState: (_s: unknown, _t: string, to: string) => go('replaceState', to),
      },
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    },
  };
}

describe('navigate and the current address', () => {
  let page: ReturnType<typeof fakeWindow>;
  beforeEach(() => {
    page = fakeWindow('/items?from=2026-11-08&to=2026-12-05&topic=25');
    vi.stubGlobal('window', page.window);
  });
  afterEach(() => {
    setAddressWorkspace(null);
    vi.unstubAllGlobals();
  });

  it('adds the workspace to the current address once known, in place (no new history entry)', () => {
    setAddressWorkspace({ slug: 'shop-b', shown: true });
    expect(page.calls).toEqual(['replaceState /items?from=2026-11-08&to=2026-12-05&topic=25&workspace=shop-b']);
    // Told again (a re-render, Back onto the same entry): nothing more to do.
    setAddressWorkspace({ slug: 'shop-b', shown: true });
    expect(page.calls).toHaveLength(1);
  });

  it('leaves the address alone while addresses do not name the workspace', () => {
    setAddressWorkspace({ slug: 'default', shown: false });
    navigate('/items?channel=chat');
    expect(page.calls).toEqual(['push /items?channel=chat']);
  });

  it('keeps the workspace on client-side navigations, pushed or replaced', () => {
    setAddressWorkspace({ slug: 'demo', shown: true });
    page.calls.length = 0;
    navigate('/items?item=10799');
    navigate('/items?channel=chat', { replace: true });
    navigate('/items?channel=chat&workspace=demo', { replace: true }); // already there: nothing to do
    expect(page.calls).toEqual(['push /items?item=10799&workspace=demo', 'replaceState /items?channel=chat&workspace=demo']);
  });

  it('opens an address in another workspace with a page load', () => {
    setAddressWorkspace({ slug: 'demo', shown: true });
    page.calls.length = 0;
    navigate('/items?workspace=shop-b&channel=chat');
    navigate('/overview?workspace=default', { replace: true });
    expect(page.calls).toEqual(['assign https://sori.example/items?workspace=shop-b&channel=chat', 'replace https://sori.example/overview?workspace=default']);
  });

  it('adds the workspace after Back onto an entry without it, and reloads one of another workspace', () => {
    setAddressWorkspace({ slug: 'demo', shown: true });
    page.calls.length = 0;
    Object.assign(page.window.location, { pathname: '/overview', search: '?range=7', hash: '' });
    setAddressWorkspace({ slug: 'demo', shown: true });
    expect(page.calls).toEqual(['replaceState /overview?range=7&workspace=demo']);
    Object.assign(page.window.location, { pathname: '/items', search: '?workspace=shop-b', hash: '' });
    setAddressWorkspace({ slug: 'demo', shown: true });
    expect(page.calls.at(-1)).toBe('reload');
  });

  it('adds nothing once signed out', () => {
    setAddressWorkspace({ slug: 'demo', shown: true });
    setAddressWorkspace(null);
    page.calls.length = 0;
    navigate('/login?next=%2Fitems');
    expect(page.calls).toEqual(['push /login?next=%2Fitems']);
  });
});
