import type { Context, Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { writeAudit } from '../../auth/audit.js';
import { MAX_PASSWORD_INPUT } from '../../auth/password.js';
import { changeOwnPassword, login, logout, normalizeEmail, redeemSetup } from '../../auth/users.js';
import { SoriError } from '../../domain/errors.js';
import type { RouteDoc } from '../openapi.js';
import { ROLES } from '../../auth/tokens.js';
import { checkSameOrigin, defineRoute, secureCookies, sessionCookieName, sessionLifetime, sessionSecret, type Deps } from '../route.js';

/**
 * Failed attempts per key in a fixed window. An attempt counts as failed from the moment it starts
 * (`begin`), and is handed back if the password was right (`refund`): a burst of guesses sent at once
 * cannot slip past the limit while the first ones are still being hashed. `check` refuses a key that
 * reached `max` (the answer says when to try again); `begin` says whether this attempt reached it.
 */
function failureWindow(max: number, windowMs: number) {
  const hits = new Map<string, { n: number; until: number }>();
  return {
    check(c: Context, key: string) {
      const h = hits.get(key);
      if (h && h.until >= Date.now() && h.n >= max) {
        c.header('Retry-After', String(Math.max(1, Math.ceil((h.until - Date.now()) / 1000))));
        throw new SoriError('rate_limited', 'too many failed login attempts; try again later / 로그인 실패가 너무 많습니다. 잠시 후 다시 시도하세요');
      }
    },
    begin(key: string): boolean {
      const now = Date.now();
      if (hits.size > 10_000) for (const [k, v] of hits) if (v.until < now) hits.delete(k);
      const h = hits.get(key);
      if (!h || h.until < now) hits.set(key, { n: 1, until: now + windowMs });
      else h.n++;
      return hits.get(key)!.n === max;
    },
    refund(key: string) {
      const h = hits.get(key);
      if (h && h.n > 0) h.n--;
    },
  };
}

/** Addresses each account signed in from lately: a password spray on the account does not lock its owner out there. */
function knownAddresses(keepMs: number) {
  const seen = new Map<string, Map<string, number>>();
  return {
    has: (account: string, address: string) => (seen.get(account)?.get(address) ?? 0) > Date.now(),
    add(account: string, address: string) {
      if (seen.size > 10_000) seen.clear();
      const addresses = seen.get(account) ?? new Map<string, number>();
      if (addresses.size > 100) addresses.clear();
      addresses.set(address, Date.now() + keepMs);
      seen.set(account, addresses);
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

/**
 * The key an address is rate-limited under: an IPv4 address as it is (also when written IPv4-mapped,
 * `::ffff:203.0.113.9`), an IPv6 address by its /64 — one subscriber's network, whose 2^64
 * addresses would otherwise each get their own allowance.
 */
export function rateLimitKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '').toLowerCase();
  const [head = '', tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  // Only the first four groups matter: with "::" they come from before it, padded with zeros.
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - tail.split(':').filter(Boolean).length)).fill('0'), ...tail.split(':').filter(Boolean)];
  return `${groups.slice(0, 4).map((g) => (g.includes('.') ? g : Number.parseInt(g || '0', 16).toString(16))).join(':')}::/64`;
}

/**
 * The largest body the auth routes read: an e-mail, a password (MAX_PASSWORD_INPUT) and a setup
 * secret fit many times over. Login and setup are public and their bodies are read before the
 * rate limit can count the attempt, so they get no more than this.
 */
export const MAX_AUTH_BODY_BYTES = 16 * 1024;

/** A user as the API answers it (auth/users.ts User); `#/components/schemas/User`. */
export const userSchema = z
  .object({
    id: z.number().int().describe("the user's id: a number"),
    email: z.string(),
    name: z.string().describe('empty when not given'),
    role: z.enum(ROLES),
    disabled: z.boolean(),
  })
  .meta({ id: 'User' });

/** A workspace as the API answers it (never its pseudonym key); `#/components/schemas/Workspace`. */
export const workspaceSchema = z
  .object({
    id: z.number().int().describe("the workspace's id: a number"),
    slug: z.string().describe('its name in ?workspace= and X-Sori-Workspace'),
    name: z.string(),
    timezone: z.string().describe('IANA time zone (Asia/Seoul): local days are counted in it'),
    is_demo: z.boolean(),
  })
  .meta({ id: 'Workspace' });

/** Login, logout, who am I, own password, first-run setup. */
export function authRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  // Guessing one account's password from one address, spraying many accounts from one address, and
  // many addresses guessing one account (a botnet). The last one spares the addresses the account
  // signed in from lately (this process's memory): an attacker cannot lock its owner out there.
  const perAccountAtAddress = failureWindow(10, 60_000);
  const perAddress = failureWindow(100, 60_000);
  const perAccountEverywhere = failureWindow(20, 15 * 60_000);
  const known = knownAddresses(30 * 86_400_000);
  /**
   * Checks every window before a password is tried and counts the attempt in each (as a failure
   * until it succeeds); returns how to settle it.
   */
  const guard = (c: Context, email: string) => {
    const addr = clientAddress(c, deps.config.trustProxy);
    // Limits count by network (an IPv6 /64), the audit log keeps the address itself.
    const net = rateLimitKey(addr);
    const account = normalizeEmail(email).slice(0, 200);
    const keyAtAddress = `${net}|${account}`;
    const everywhere = !known.has(account, net);
    perAddress.check(c, net);
    perAccountAtAddress.check(c, keyAtAddress);
    if (everywhere) perAccountEverywhere.check(c, account);
    const locked: string[] = [];
    if (perAddress.begin(net)) locked.push('address');
    if (perAccountAtAddress.begin(keyAtAddress)) locked.push('account_at_address');
    // Attempts from an address the account signed in from do not count towards locking it everywhere.
    if (everywhere && perAccountEverywhere.begin(account)) locked.push('account');
    return {
      addr,
      account,
      async failed() {
        // Once per window, not once per refused attempt: a flood must not fill the audit log.
        if (locked.length) await writeAudit(deps.db, account, 'auth.login_locked', undefined, { address: addr, locked });
      },
      /** The attempt was not a wrong password (the password was right, or something else failed). */
      refund() {
        perAddress.refund(net);
        perAccountAtAddress.refund(keyAtAddress);
        if (everywhere) perAccountEverywhere.refund(account);
      },
      succeeded() {
        this.refund();
        known.add(account, net);
      },
    };
  };
  const password = z.string().min(1).max(MAX_PASSWORD_INPUT);

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/auth/login',
      operationId: 'login',
      tag: 'auth',
      response: z.object({ user: userSchema }),
      summary: 'Log in with e-mail and password; sets an HttpOnly, SameSite session cookie',
      access: 'public',
      body: z.object({ email: z.string().min(3).max(200), password }),
      maxBodyBytes: MAX_AUTH_BODY_BYTES,
    },
    async ({ c, body, deps: { db, config } }) => {
      // A login posted from another site would sign the victim's browser in as the attacker.
      checkSameOrigin(c, config);
      const attempt = guard(c, body.email);
      const { user, secret, expiresAt } = await login(db, body.email, body.password, sessionLifetime(config), {
        address: attempt.addr,
        replaces: sessionSecret(c, config),
      }).catch(async (err: unknown) => {
        if (err instanceof SoriError && err.code === 'invalid_credentials') await attempt.failed();
        else attempt.refund(); // not a wrong password (the database failed): not counted
        throw err;
      });
      attempt.succeeded();
      // Secure as the browser sees https (the scheme read as the cross-site check reads it), and
      // then named __Host-: that prefix needs Secure, Path=/ and no Domain, as set here.
      setCookie(c, sessionCookieName(c, config), secret, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: secureCookies(c, config),
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
    { method: 'post', path: '/auth/logout', operationId: 'logout', tag: 'auth', summary: 'Log out (ends the session)', access: 'public', status: 204, responseDescription: 'logged out' },
    async ({ c, deps: { db, config } }) => {
      checkSameOrigin(c, config);
      const cookie = sessionSecret(c, config);
      const email = cookie ? await logout(db, cookie) : null;
      if (email) await writeAudit(db, email, 'auth.logout', undefined, { address: clientAddress(c, config.trustProxy) });
      deleteCookie(c, sessionCookieName(c, config), { path: '/', secure: secureCookies(c, config) });
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/auth/me',
      operationId: 'getSession',
      tag: 'auth',
      summary: "The logged-in user, the current workspace and this server's limits (the largest upload)",
      access: 'session',
      response: z.object({
        user: userSchema,
        workspace: workspaceSchema,
        limits: z.object({ upload_bytes: z.number().int().describe('the largest file upload (SORI_MAX_UPLOAD_MB), in bytes') }),
      }),
    },
    async ({ actor, workspace, deps: { config } }) => {
      if (actor.type !== 'user') throw new SoriError('unauthenticated', 'not logged in');
      const { id, slug, name, timezone, is_demo } = workspace;
      return { user: actor.user, workspace: { id, slug, name, timezone, is_demo }, limits: { upload_bytes: config.maxUploadBytes } };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/auth/password',
      operationId: 'changeOwnPassword',
      tag: 'auth',
      summary: "Change the signed-in user's own password (the current one is asked again); their other sessions end, this one stays",
      access: 'session',
      status: 204,
      responseDescription: 'changed',
      body: z.object({ current_password: password, new_password: password }),
      maxBodyBytes: MAX_AUTH_BODY_BYTES,
    },
    async ({ c, actor, body, deps: { db, config } }) => {
      if (actor.type !== 'user') throw new SoriError('unauthenticated', 'not logged in');
      // A stolen session must not become a way to guess the password: the same limits as a login.
      const attempt = guard(c, actor.user.email);
      const changed = await changeOwnPassword(
        db,
        actor.user,
        { currentPassword: body.current_password, newPassword: body.new_password, session: sessionSecret(c, config)! },
        { address: attempt.addr },
      ).catch((err: unknown) => {
        attempt.refund(); // the current password was right; the new one was refused
        throw err;
      });
      if (changed) attempt.succeeded();
      else {
        await attempt.failed();
        // 400, not 401: the session is fine, only the password typed again is wrong.
        const message = 'the current password is wrong / 현재 비밀번호가 올바르지 않습니다';
        throw new SoriError('validation_failed', message, { errors: [{ field: 'current_password', message }] });
      }
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/auth/setup',
      operationId: 'setupFirstAdmin',
      tag: 'auth',
      response: z.object({ user: userSchema }),
      summary: 'First run: create the first admin with the one-time setup secret printed by the server',
      access: 'public',
      body: z.object({ secret: z.string().min(10).max(200), email: z.string().email().max(200), name: z.string().max(100).optional(), password: z.string().min(10).max(MAX_PASSWORD_INPUT) }),
      maxBodyBytes: MAX_AUTH_BODY_BYTES,
    },
    async ({ c, body, deps: { db, config } }) => {
      checkSameOrigin(c, config);
      return { user: await redeemSetup(db, body.secret, body) };
    },
  );
}
