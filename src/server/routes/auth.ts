import type { Context, Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { login, logout, normalizeEmail, redeemSetup } from '../../auth/users.js';
import { SoriError } from '../../domain/errors.js';
import type { RouteDoc } from '../openapi.js';
import { defineRoute, SESSION_COOKIE, type Deps } from '../route.js';

/** Failed attempts per key in a fixed window: `check` refuses a key that failed `max` times, `fail` counts one. */
function failureWindow(max: number, windowMs: number) {
  const hits = new Map<string, { n: number; until: number }>();
  return {
    check(key: string) {
      const h = hits.get(key);
      if (h && h.until >= Date.now() && h.n >= max) {
        throw new SoriError('rate_limited', 'too many failed login attempts; wait a minute / 로그인 실패가 너무 많습니다. 잠시 후 다시 시도하세요');
      }
    },
    fail(key: string) {
      const now = Date.now();
      if (hits.size > 10_000) for (const [k, v] of hits) if (v.until < now) hits.delete(k);
      const h = hits.get(key);
      if (!h || h.until < now) hits.set(key, { n: 1, until: now + windowMs });
      else h.n++;
    },
  };
}

/**
 * The client's address: the connection's, or behind a trusted proxy the last X-Forwarded-For
 * entry (the one the proxy added; the ones before it are whatever the client sent).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const last = c.req.header('x-forwarded-for')?.split(',').pop()?.trim();
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    return 'local'; // no socket (a request made in process)
  }
}

/** Login, logout, who am I, first-run setup. */
export function authRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  // Guessing one account's password from one address, and spraying many accounts from one address.
  const perAccount = failureWindow(10, 60_000);
  const perAddress = failureWindow(100, 60_000);
  const secure = (c: Context) => {
    const { secureCookies, publicUrl, publicUrlSet, trustProxy } = deps.config;
    if (secureCookies !== 'auto') return secureCookies === 'true';
    if (publicUrlSet && publicUrl.startsWith('https:')) return true;
    if (trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
    return c.req.url.startsWith('https:');
  };

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/auth/login',
      tag: 'auth',
      summary: 'Log in with e-mail and password; sets an HttpOnly, SameSite session cookie',
      access: 'public',
      body: z.object({ email: z.string().min(3).max(200), password: z.string().min(1).max(500) }),
    },
    async ({ c, body, deps: { db, config } }) => {
      const addr = clientAddress(c, config.trustProxy);
      const account = `${addr}|${normalizeEmail(body.email)}`;
      perAddress.check(addr);
      perAccount.check(account);
      const { user, secret, expiresAt } = await login(db, body.email, body.password, config.sessionDays).catch((err: unknown) => {
        if (err instanceof SoriError && err.code === 'invalid_credentials') {
          perAddress.fail(addr);
          perAccount.fail(account);
        }
        throw err;
      });
      setCookie(c, SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: secure(c),
        path: '/',
        expires: expiresAt,
      });
      return { user };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'post', path: '/auth/logout', tag: 'auth', summary: 'Log out (ends the session)', access: 'public', status: 204, responseDescription: 'logged out' },
    async ({ c, deps: { db } }) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) await logout(db, cookie);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'get', path: '/auth/me', tag: 'auth', summary: 'The logged-in user and the current workspace', access: 'session' },
    async ({ actor, workspace }) => {
      if (actor.type !== 'user') throw new SoriError('unauthenticated', 'not logged in');
      const { id, slug, name, timezone, is_demo } = workspace;
      return { user: actor.user, workspace: { id, slug, name, timezone, is_demo } };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/auth/setup',
      tag: 'auth',
      summary: 'First run: create the first admin with the one-time setup secret printed by the server',
      access: 'public',
      body: z.object({ secret: z.string().min(10).max(200), email: z.string().email(), name: z.string().max(100).optional(), password: z.string().min(10).max(500) }),
    },
    async ({ body, deps: { db } }) => ({ user: await redeemSetup(db, body.secret, body) }),
  );
}
