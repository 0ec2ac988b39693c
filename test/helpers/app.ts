import type { Hono } from 'hono';
import { loadConfig } from '../../src/config/config.js';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { createUser } from '../../src/auth/users.js';
import type { Db } from '../../src/store/db.js';
import { ensureWorkspace } from '../../src/store/queries/workspaces.js';
import { createApp } from '../../src/server/app.js';

export const PASSWORD = '비밀번호-테스트-1234';

/** An app on a test database with one user per role and tokens per scope. */
export async function buildTestApp(
  db: Db,
  opts: { env?: Record<string, string>; log?: (msg: string, err?: unknown) => void } = {},
): Promise<{ app: Hono; tokens: Record<'ingest' | 'read' | 'admin', string>; login: (role: 'admin' | 'operator' | 'viewer') => Promise<string> }> {
  const config = loadConfig({ SORI_DATA_DIR: '/nonexistent', SORI_LOG_LEVEL: 'silent', ...opts.env });
  const ws = await ensureWorkspace(db, { slug: 'default', name: '기본 워크스페이스' });
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    await createUser(db, { email: `${role}@sori.test`, role, password: PASSWORD });
  }
  const tokens = {} as Record<'ingest' | 'read' | 'admin', string>;
  for (const scope of ['ingest', 'read', 'admin'] as const) {
    tokens[scope] = (await createApiToken(db, { workspaceId: ws.id, name: scope, scopes: [scope] }, 'test')).secret;
  }
  const app = createApp({ db, config, version: 'test', log: opts.log ?? (() => undefined) });
  const login = async (role: 'admin' | 'operator' | 'viewer') => {
    const res = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: `${role}@sori.test`, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return res.headers.get('set-cookie')!.split(';')[0];
  };
  return { app, tokens, login };
}
