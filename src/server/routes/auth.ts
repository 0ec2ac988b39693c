import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { login, logout, redeemSetup } from '../../auth/users.js';
import { SoriError } from '../../domain/errors.js';
import type { RouteDoc } from '../openapi.js';
import { defineRoute, SESSION_COOKIE, type Deps } from '../route.js';

/** A small fixed-window limiter for login attempts per client address and e-mail. */
function loginLimiter(max = 10, windowMs = 60_000) {
  const hits = new Map<string, { n: number; until: number }>();
  return (key: string) => {
    const now = Date.now();
    if (hits.size > 10_000) for (const [k, v] of hits) if (v.until < now) hits.delete(k);
    const h = hits.get(key);
    if (!h || h.until < now) {
      hits.set(key, { n: 1, until: now + windowMs });
      return;
    }
    if (++h.n > max) throw new SoriError('rate_limited', 'too many login attempts; wait a minute / 로그인 시도가 너무 많습니다. 잠시 후 다시 시도하세요');
  };
}

/** Login, logout, who am I, first-run setup. */
export function authRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  const limit = loginLimiter();
  const secure = (url: string) => deps.config.secureCookies === 'true' || (deps.config.secureCookies === 'auto' && url.startsWith('https:'));

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
      const addr = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'local';
      limit(`${addr}|${body.email.toLowerCase()}`);
      const { user, secret, expiresAt } = await login(db, body.email, body.password, config.sessionDays);
      setCookie(c, SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: secure(c.req.url),
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
    { method: 'post', path: '/auth/logout', tag: 'auth', summary: 'Log out (ends the session)', access: 'public' },
    async ({ c, deps: { db } }) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) await logout(db, cookie);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
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
