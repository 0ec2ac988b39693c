import type { Hono } from 'hono';
import { loadConfig } from '../../src/config/config.js';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { createUser } from '../../src/auth/users.js';
import type { Db } from '../../src/store/db.js';
import { ensureWorkspace } from '../../src/store/queries/workspaces.js';
import { createApp } from '../../src/server/app.js';

export const PASSWORD = '비밀번호-테스트-1234';

/** The roles buildTestApp makes one user of (`<role>@sori.test`) and the scopes it makes one token of. */
export type TestRole = 'admin' | 'operator' | 'viewer';
export type TestTokenScope = 'ingest' | 'read' | 'admin';

/** Signs a user in through the API; their session cookie as a Cookie header's value (`sori_session=…`). */
export async function loginAs(app: Hono, email: string, password = PASSWORD): Promise<string> {
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** Each of buildTestApp's roles signed in (one after another: sign-in hashes); their session cookies. */
export async function loginEachRole(login: (role: TestRole) => Promise<string>): Promise<Record<TestRole, string>> {
  return { admin: await login('admin'), operator: await login('operator'), viewer: await login('viewer') };
}

/** Who calls in a route test: a signed-in user by their cookies' key, a token of buildTestApp's by scope, or any bearer secret. */
export type TestCaller<U extends string> = U | `token:${TestTokenScope}` | { bearer: string };

/** The headers that authenticate `who`: a bearer secret, one of `tokens`, or the session in `cookies`. */
export function authHeaders<U extends string>(who: TestCaller<U>, tokens: Record<TestTokenScope, string>, cookies: Record<U, string>): Record<string, string> {
  if (typeof who === 'object') return { Authorization: `Bearer ${who.bearer}` };
  if (who.startsWith('token:')) return { Authorization: `Bearer ${tokens[who.slice(6) as TestTokenScope]}` };
  return { Cookie: cookies[who as U] };
}

/** Sends `body` (if any) as JSON to `/api/v1<path>` with `headers`; the status and the parsed answer (null when empty). */
export async function callJson<B>(app: Hono, headers: Record<string, string>, method: string, path: string, body?: unknown): Promise<{ status: number; body: B }> {
  const res = await app.request(`/api/v1${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as B };
}

/** An app on a test database with one user per role and tokens per scope. */
export async function buildTestApp(
  db: Db,
  opts: { env?: Record<string, string>; log?: (msg: string, err?: unknown) => void } = {},
): Promise<{ app: Hono; tokens: Record<TestTokenScope, string>; login: (role: TestRole) => Promise<string> }> {
  const config = loadConfig({ SORI_DATA_DIR: '/nonexistent', SORI_LOG_LEVEL: 'silent', ...opts.env });
  const ws = await ensureWorkspace(db, { slug: 'default', name: '기본 워크스페이스' });
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    await createUser(db, { email: `${role}@sori.test`, role, password: PASSWORD });
  }
  const tokens = {} as Record<TestTokenScope, string>;
  for (const scope of ['ingest', 'read', 'admin'] as const) {
    tokens[scope] = (await createApiToken(db, { workspaceId: ws.id, name: scope, scopes: [scope] }, 'test')).secret;
  }
  const app = createApp({ db, config, version: 'test', log: opts.log ?? (() => undefined) });
  const login = (role: TestRole) => loginAs(app, `${role}@sori.test`);
  return { app, tokens, login };
}
