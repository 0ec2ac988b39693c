import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { generateSecret, hashSecret } from '../auth/tokens.js';
import type { Db } from '../store/db.js';

type Principal = 'anonymous' | 'viewer' | 'operator' | 'admin' | 'token:read' | 'token:ingest' | 'token:admin';
const PRINCIPALS: Principal[] = ['anonymous', 'viewer', 'operator', 'admin', 'token:read', 'token:ingest', 'token:admin'];

/**
 * Who each access level lets in, written out here (not imported from route.ts) so the test is the
 * specification: a route whose access says X must answer exactly these principals and refuse the rest.
 * A new access level must be added here, or every route using it fails below.
 */
const ALLOWED: Record<string, Principal[]> = {
  public: PRINCIPALS,
  session: ['viewer', 'operator', 'admin'],
  read: ['viewer', 'operator', 'admin', 'token:read', 'token:admin'],
  ingest: ['operator', 'admin', 'token:ingest', 'token:admin'],
  operate: ['operator', 'admin', 'token:admin'],
  admin: ['admin', 'token:admin'],
  'admin-session': ['admin'],
};

/** Handlers the app has besides the API routes of the registry, with who may call them. */
const NON_REGISTRY_ROUTES: Record<string, string> = {
  'GET /api/v1/openapi.json': 'public',
  'GET /healthz': 'public',
  'ALL /api/*': 'public', // 405/404 answers for unknown API paths
  'GET /*': 'public', // the dashboard (static files, index.html)
};

// Every route in the OpenAPI document (built from the route registry), for every kind of caller:
// a route added later is covered without touching this file, and one whose access is wrong fails.
describe(`route access matrix (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens } = await buildTestApp(db));
  });
  afterAll(() => close());

  // A fresh session per request (logout ends one), written straight to the table: no password hashing.
  const sessionOf = async (role: 'viewer' | 'operator' | 'admin') => {
    const secret = generateSecret('ses');
    await db.query("INSERT INTO sessions (token_hash, user_id, expires_at) SELECT $1, id, now() + interval '1 hour' FROM users WHERE email = $2", [
      hashSecret(secret),
      `${role}@sori.test`,
    ]);
    return `sori_session=${secret}`;
  };
  const credentials = async (who: Principal): Promise<Record<string, string>> => {
    if (who === 'anonymous') return {};
    if (who.startsWith('token:')) return { Authorization: `Bearer ${tokens[who.slice(6) as 'read']}` };
    return { Cookie: await sessionOf(who as 'viewer') };
  };

  it('lets exactly the callers each route’s access names through, on every route of the registry', async () => {
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    const routes = Object.entries(doc.paths as Record<string, Record<string, { 'x-sori-access': string }>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, access: op['x-sori-access'] })),
    );
    expect(routes.length).toBeGreaterThan(40);
    const mismatches: string[] = [];
    for (const route of routes) {
      const allowed = ALLOWED[route.access];
      if (!allowed) {
        mismatches.push(`${route.method} ${route.path}: unknown access "${route.access}"`);
        continue;
      }
      // Ids that exist nowhere and a body that is not JSON: a caller let in gets a 400/404 from
      // parsing (or a harmless read), never a change; one refused gets 401/403 before any of it.
      const url = route.path.replace(/\{[^}]+\}/g, '999999');
      for (const who of PRINCIPALS) {
        const headers = await credentials(who);
        const init: RequestInit = { method: route.method, headers };
        if (route.method !== 'GET') {
          headers['Content-Type'] = 'application/json';
          init.body = '{not json';
        }
        const res = await app.request(url, init);
        const problem = res.headers.get('content-type')?.includes('json') ? await res.clone().json().catch(() => ({})) : {};
        const refused = (res.status === 401 && problem.code === 'unauthenticated') || (res.status === 403 && problem.code === 'forbidden');
        const expected = allowed.includes(who);
        if (res.status >= 500 || problem.code === 'route_not_found') mismatches.push(`${route.method} ${route.path} as ${who}: ${res.status} ${problem.code}`);
        else if (refused === expected) mismatches.push(`${route.method} ${route.path} (${route.access}) as ${who}: ${res.status} ${problem.code ?? ''}, expected ${expected ? 'in' : 'refused'}`);
        else if (!expected && res.status !== (who === 'anonymous' ? 401 : 403)) mismatches.push(`${route.method} ${route.path} as ${who}: ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('has no handler outside the registry except the ones listed here with their access', async () => {
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
      ),
    );
    // Middleware (request id, headers, body limits) takes (c, next); a handler that answers takes (c).
    const handlers = app.routes.filter((r) => r.handler.length < 2);
    expect(handlers.length).toBeLessThan(app.routes.length);
    const others = [...new Set(handlers.map((r) => `${r.method} ${r.path}`))].filter((r) => !documented.has(r));
    expect(others.sort()).toEqual(Object.keys(NON_REGISTRY_ROUTES).sort());
    for (const [route, access] of Object.entries(NON_REGISTRY_ROUTES)) expect(ALLOWED[access], route).toEqual(PRINCIPALS);
  });

  it('serves the dashboard, the health check and the OpenAPI document to anyone, with the security headers', async () => {
    for (const path of ['/', '/items', '/setup', '/healthz', '/api/v1/openapi.json']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
    }
    // Attacker text in a path comes back only inside JSON (problem+json) or plain text, never as HTML.
    const evil = encodeURIComponent('<script>alert(1)</script>');
    for (const path of [`/api/v1/${evil}`, `/api/v1/items/${evil}`, `/api/v1/items?workspace=${evil}`, `/assets/${evil}.js`]) {
      const res = await app.request(path, { headers: { Authorization: `Bearer ${tokens.read}` } });
      expect(res.headers.get('content-type'), path).toMatch(/^(application\/problem\+json|text\/plain)/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    // The health check says nothing about users, tokens or data.
    expect(Object.keys(await (await app.request('/healthz')).json()).sort()).toEqual(['database', 'ok', 'version']);
  });
});
