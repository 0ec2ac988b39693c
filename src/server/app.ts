import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { buildOpenApi, type RouteDoc } from './openapi.js';
import { onError, problem } from './problem.js';
import { bodyTooLarge, externalScheme, MAX_JSON_BODY_BYTES, type Deps } from './route.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { customerRoutes } from './routes/customers.js';
import { demoRoutes } from './routes/demo.js';
import { eventRoutes } from './routes/events.js';
import { savedViewRoutes } from './routes/saved-views.js';
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

/** How long a browser that saw Sori over https keeps to https (a year). */
const HSTS_MAX_AGE_SEC = 31_536_000;

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
    // The browser sees https (as the session cookie's Secure flag reads it): it should never try
    // plain http here again. No includeSubDomains: other hosts under the domain are not ours to pin.
    if (externalScheme(c, deps.config) === 'https:') c.res.headers.set('Strict-Transport-Security', `max-age=${HSTS_MAX_AGE_SEC}`);
    // API answers hold customers' words and account data: no shared or browser cache keeps them,
    // unless the route says otherwise.
    if (c.req.path.startsWith('/api/') && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });
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
  // Any other body declaring more than the largest any route reads is refused here, unread. Nothing
  // is read here either: each route reads its body after its access check, counting as it streams
  // (route.ts readBodyLimited; webhook receivers and uploads their own way, with their own limits).
  app.use('/api/v1/*', async (c, next) => {
    if (uploads.has(c.req.path.replace(/\/+$/, ''))) return next();
    if (Number(c.req.header('content-length')) > MAX_JSON_BODY_BYTES) {
      const e = bodyTooLarge(MAX_JSON_BODY_BYTES);
      return problem(c, 413, e.code, e.message, e.detail);
    }
    return next();
  });

  authRoutes(app, deps, registry);
  itemRoutes(app, deps, registry);
  customerRoutes(app, deps, registry);
  labelRoutes(app, deps, registry);
  insightRoutes(app, deps, registry);
  importRoutes(app, deps, registry);
  adminRoutes(app, deps, registry);
  demoRoutes(app, deps, registry);
  eventRoutes(app, deps, registry);
  savedViewRoutes(app, deps, registry);
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
