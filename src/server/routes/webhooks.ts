import type { Hono } from 'hono';
import { z } from 'zod';
import { SoriError } from '../../domain/errors.js';
import { ADAPTERS } from '../../ingest/adapters/index.js';
import { applyConversationUpdates } from '../../ingest/conversation-updates.js';
import { ingestQueued } from '../../ingest/ingest-queue.js';
import { createWebhookEndpoint, findWebhookEndpoint, listWebhookEndpoints } from '../../store/queries/webhook-endpoints.js';
import { findWorkspaceById } from '../../store/queries/workspaces.js';
import type { RouteDoc } from '../openapi.js';
import { defineRoute, type Deps } from '../route.js';

/** Webhook receivers (signature-verified, public) and their management (admin). */
export function webhookRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/webhooks/:slug',
      tag: 'webhooks',
      summary: 'Receive a webhook (generic JSON with X-Sori-Signature HMAC-SHA256, Channel Talk, Zendesk); verified with the endpoint secret',
      access: 'public',
      rawBody: true,
    },
    async ({ c, params, deps: { db } }) => {
      const endpoint = await findWebhookEndpoint(db, params.slug);
      if (!endpoint) throw new SoriError('not_found', 'no such webhook receiver');
      const adapter = ADAPTERS[endpoint.adapter];
      const raw = Buffer.from(await c.req.arrayBuffer());
      const headers = Object.fromEntries([...c.req.raw.headers.entries()].map(([k, v]) => [k.toLowerCase(), v]));
      const verdict = adapter.verify(raw, headers, c.req.query(), endpoint.secret);
      if (!verdict.ok) throw new SoriError(verdict.code, `webhook signature check failed: ${verdict.code} / 웹훅 서명 확인 실패`);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new SoriError('invalid_json', 'webhook body is not JSON');
      }
      const parsed = adapter.parseWebhook(body, headers, { source: endpoint.source });
      const workspace = (await findWorkspaceById(db, endpoint.workspace_id))!;
      const result = await ingestQueued(db, workspace, parsed.items, { defaults: { source: endpoint.source } });
      const updated = parsed.updates?.length ? await applyConversationUpdates(db, workspace.id, endpoint.source, parsed.updates) : 0;
      return { ...result, conversation_updates: updated, ignored: parsed.ignored ?? [] };
    },
  );

  defineRoute(app, deps, registry, { method: 'get', path: '/webhook-endpoints', tag: 'webhooks', summary: 'Webhook receivers of the workspace', access: 'admin' }, async ({ workspace, deps: { db, config } }) => ({
    endpoints: (await listWebhookEndpoints(db, workspace.id)).map(({ secret: _s, ...e }) => ({ ...e, url: `${config.publicUrl}/api/v1/webhooks/${e.slug}` })),
  }));

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/webhook-endpoints',
      tag: 'webhooks',
      summary: 'Create a webhook receiver; the signing secret is in this answer only',
      access: 'admin',
      body: z.object({ adapter: z.enum(['generic', 'channeltalk', 'zendesk']), source: z.string().min(1).max(100).optional(), secret: z.string().min(16).max(200).optional() }),
    },
    async ({ body, workspace, deps: { db, config } }) => {
      const e = await createWebhookEndpoint(db, { workspaceId: workspace.id, adapter: body.adapter, source: body.source ?? body.adapter, secret: body.secret });
      return { endpoint: { id: e.id, adapter: e.adapter, source: e.source, url: `${config.publicUrl}/api/v1/webhooks/${e.slug}` }, secret: e.secret };
    },
  );
}
