import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { buildOpenApi, type RouteDoc } from './openapi.js';
import { onError, problem } from './problem.js';
import type { Deps } from './route.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { importRoutes } from './routes/imports.js';
import { insightRoutes } from './routes/insights.js';
import { itemRoutes } from './routes/items.js';
import { labelRoutes } from './routes/labels.js';
import { webhookRoutes } from './routes/webhooks.js';
import { serveWeb } from './static.js';
import { tooLargeError } from './upload.js';

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

/** Builds the HTTP app: request id, security headers, body limits, the API, the OpenAPI document and the web app. */
export function createApp(deps: Deps): Hono {
  // A trailing slash is the same route (GET /api/v1/items/ is GET /api/v1/items), everywhere.
  const app = new Hono({ strict: false });
  const registry: RouteDoc[] = [];

  app.use('*', async (c, next) => {
    const id = c.req.header('x-request-id')?.slice(0, 100) || randomUUID();
    c.header('X-Request-Id', id);
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
    // API answers hold customers' words and account data: no shared or browser cache keeps them,
    // unless the route says otherwise.
    if (c.req.path.startsWith('/api/') && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });
  const tooLarge = (c: Parameters<typeof problem>[0]) => problem(c, 413, 'payload_too_large', 'request body is too large / 요청 본문이 너무 큽니다');
  const uploads = new Set(['/api/v1/imports', '/api/v1/imports/preview', '/api/v1/imports/metrics']);
  // An upload declaring more than the file limit (and room for the form's other parts) is refused
  // before any of it is read. Not Hono's bodyLimit here: without a Content-Length it holds the
  // whole body in memory to count it; the file is limited as it streams to disk (upload.ts).
  for (const route of uploads) {
    app.use(route, async (c, next) => {
      const declared = Number(c.req.header('content-length'));
      if (declared > deps.config.maxUploadBytes + 1024 * 1024) {
        const e = tooLargeError(deps.config.maxUploadBytes);
        return problem(c, 413, e.code, e.message, e.detail);
      }
      return next();
    });
  }
  app.use('/api/v1/*', async (c, next) => {
    if (uploads.has(c.req.path.replace(/\/+$/, ''))) return next();
    return bodyLimit({ maxSize: 64 * 1024 * 1024, onError: tooLarge })(c, next);
  });

  authRoutes(app, deps, registry);
  itemRoutes(app, deps, registry);
  labelRoutes(app, deps, registry);
  insightRoutes(app, deps, registry);
  importRoutes(app, deps, registry);
  adminRoutes(app, deps, registry);
  webhookRoutes(app, deps, registry);

  app.get('/api/v1/openapi.json', (c) => c.json(buildOpenApi(registry, deps.version)));
  app.get('/healthz', async (c) => {
    await deps.db.query('SELECT 1');
    return c.json({ ok: true, version: deps.version, database: deps.db.kind });
  });
  // A known path asked with another method is 405 with the methods it has; anything else 404.
  const patterns = registry.map((r) => ({ method: r.method.toUpperCase(), re: new RegExp(`^/api/v1${r.path.replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`) }));
  app.all('/api/*', (c) => {
    const allowed = [...new Set(patterns.filter((p) => p.re.test(c.req.path)).map((p) => p.method))];
    if (c.req.path === '/api/v1/openapi.json') allowed.push('GET');
    if (allowed.length) {
      c.header('Allow', allowed.join(', '));
      return problem(c, 405, 'method_not_allowed', `${c.req.path} answers ${allowed.join(', ')}, not ${c.req.method} / 이 경로에서 쓸 수 없는 메서드입니다`);
    }
    return problem(c, 404, 'route_not_found', `no route ${c.req.method} ${c.req.path} / 없는 경로입니다`);
  });
  app.get('*', (c) => serveWeb(c));
  app.onError(onError(deps.log));
  return app;
}
