import { createHash, randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import { MIN_WEBHOOK_SECRET, WEBHOOK_ADAPTER_NAMES } from '../../domain/webhooks.js';
import { SoriError } from '../../domain/errors.js';
import { parseTimestamp } from '../../domain/item.js';
import { ADAPTERS } from '../../ingest/adapters/index.js';
import { DEFAULT_TOLERANCE_SEC, SORI_SIGNATURE_HEADER } from '../../ingest/adapters/signature.js';
import { checkWebhookItemCount, headerValue, type ConversationUpdate, type HeaderMap, type QueryMap, type SignatureErrorCode } from '../../ingest/adapters/types.js';
import { applyConversationUpdates, applyPendingConversationUpdates, PENDING_UPDATE_DAYS } from '../../ingest/conversation-updates.js';
import { ingestLatestStates, ingestSourceStates, staleCount } from '../../ingest/latest-states.js';
import { createWebhookEndpoint, findWebhookEndpoint, forgetDelivery, listWebhookEndpoints, recordDelivery, updateWebhookEndpoint } from '../../store/queries/webhook-endpoints.js';
import { findWorkspaceById } from '../../store/queries/workspaces.js';
import type { Db } from '../../store/db.js';
import type { RouteDoc } from '../openapi.js';
import { ingestItemErrorDoc } from './items.js';
import { problem } from '../problem.js';
import { writeAudit } from '../../auth/audit.js';
import { defineRoute, idParam, readBodyLimited, utf8JsonText, type Deps } from '../route.js';

/**
 * Largest webhook body read. Vendors' deliveries are kilobytes and a generic batch is at most
 * 1,000 items; anyone can post to a receiver, and the whole body is read before its signature
 * can be checked, so the limit is far below the API's 64 MB.
 */
export const MAX_WEBHOOK_BODY_BYTES = 5 * 1024 * 1024;

const tooLarge = () =>
  new SoriError('payload_too_large', `webhook body over ${MAX_WEBHOOK_BODY_BYTES / 1024 / 1024} MB / 웹훅 본문이 ${MAX_WEBHOOK_BODY_BYTES / 1024 / 1024}MB를 넘습니다`, {
    limit_bytes: MAX_WEBHOOK_BODY_BYTES,
  });

/**
 * Records a verified generic delivery's signature, so the same delivery replayed inside the
 * signature window is known (audit s11 L6): the hash recorded, or null when it was seen already. The hash is of what
 * the signature signs (its timestamp and the body), so adding `v1=` entries to a captured header
 * does not make a replay new. Hashes older than twice the window (a timestamp may be up to the
 * window ahead) are pruned here.
 */
async function firstDelivery(db: Db, endpointId: number, headers: HeaderMap, raw: Buffer): Promise<string | null | undefined> {
  // Verified already, so the header has its timestamp; without one there is nothing to record.
  const t = /(?:^|,)\s*t=(\d+)/.exec(headerValue(headers, SORI_SIGNATURE_HEADER) ?? '')?.[1];
  if (!t) return undefined;
  const hash = createHash('sha256').update(`${t}.`).update(raw).digest('hex');
  return (await recordDelivery(db, endpointId, hash, 2 * DEFAULT_TOLERANCE_SEC)) ? hash : null;
}

/** A key no receiver has (hex, so every adapter's check runs to its comparison): what a slug without a receiver is checked against. */
const DECOY_SECRET = randomBytes(32).toString('hex');
const FAILURE_RANK: Record<SignatureErrorCode, number> = { signature_missing: 0, signature_malformed: 1, signature_mismatch: 2, signature_expired: 2 };

/**
 * What a slug without a receiver answers: as a receiver of whichever adapter the request's
 * headers fit best would answer a wrong signature (missing, malformed, else mismatch), so the
 * answer does not tell which receivers exist.
 */
function unknownReceiverFailure(raw: Buffer, headers: HeaderMap, query: QueryMap): SignatureErrorCode {
  let worst: SignatureErrorCode = 'signature_missing';
  for (const adapter of Object.values(ADAPTERS)) {
    const verdict = adapter.verify(raw, headers, query, DECOY_SECRET);
    const code = verdict.ok ? 'signature_mismatch' : verdict.code === 'signature_expired' ? 'signature_mismatch' : verdict.code;
    if (FAILURE_RANK[code] > FAILURE_RANK[worst]) worst = code;
  }
  return worst;
}

/** The conversations the items of a delivery belong to (`metadata.conversation_id`). */
function conversationIds(items: unknown[]): string[] {
  const ids = new Set<string>();
  for (const item of items) {
    const id = (item as { metadata?: { conversation_id?: unknown } } | null)?.metadata?.conversation_id;
    if (typeof id === 'string' && id) ids.add(id);
  }
  return [...ids];
}

/**
 * What a stale item still knows that the stored state may not: the exact time its ticket was solved
 * (a Zendesk solve delivered after a later event of the ticket, whose resolution was only inferred).
 */
function lateResolutions(items: unknown[], staleIndex: number[], source: string): ConversationUpdate[] {
  const updates: ConversationUpdate[] = [];
  for (const i of staleIndex) {
    const item = items[i] as { resolved_at?: unknown; metadata?: { conversation_id?: unknown; updated_at?: unknown } } | null;
    const conversation = item?.metadata?.conversation_id;
    const resolved = typeof item?.resolved_at === 'string' ? parseTimestamp(item.resolved_at) : null;
    if (typeof conversation !== 'string' || !conversation || !resolved) continue;
    updates.push({ source, conversation_id: conversation, at: resolved.toISOString(), late_resolved_at: resolved.toISOString() });
  }
  return updates;
}

/** The external ids of a delivery's items (strings or numbers, as the pipeline takes them). */
function externalIdsOf(items: unknown[]): string[] {
  const ids: string[] = [];
  for (const item of items) {
    const id = (item as { external_id?: unknown } | null)?.external_id;
    if (typeof id === 'string' && id.trim()) ids.push(id.trim());
    else if (typeof id === 'number') ids.push(String(id));
  }
  return ids;
}

const webhookAnswerDoc = z.object({
  duplicate: z.literal(true).optional().describe('generic: a replayed delivery (same signature within the window), not stored again'),
  received: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  repeated: z.number().int(),
  stale: z.number().int().describe('items older than the stored state of their record, not stored (each named in ignored)'),
  conversation_updates: z.number().int().describe('first-response, resolution and reopening times applied to stored items'),
  errors: z.array(ingestItemErrorDoc).describe('why each rejected item was rejected'),
  pending: z.array(z.string()).describe('updates kept until their conversation has an item'),
  warnings: z.array(z.string()).describe("what the adapter could not read as sent (a trigger body's time without a zone …)"),
  ignored: z.array(z.string()).describe('events not stored, and why (a replayed delivery, a stale item, an event type not read)'),
});

const endpointDoc = z.object({
  id: z.number().int().describe("the receiver's id: a number"),
  adapter: z.enum(WEBHOOK_ADAPTER_NAMES),
  source: z.string().describe('the source its items are stored under'),
  url: z.string().describe('where the vendor posts (POST /webhooks/{slug}; Channel Talk: add ?token=<secret>)'),
});

/** Webhook receivers (signature-verified, public) and their management (admin). */
export function webhookRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/webhooks/:slug',
      operationId: 'receiveWebhook',
      tag: 'webhooks',
      summary:
        'Receive a webhook (generic JSON with X-Sori-Signature HMAC-SHA256, Channel Talk, Zendesk); verified with the endpoint secret; ' +
        'at most 5 MB and 1,000 items, stored under the receiver\'s source; generic: 422 when every item is rejected, 207 when some are',
      access: 'public',
      rawBody: true,
      bodyContentType: 'application/json',
      docBody: z.unknown().meta({
        description:
          "the vendor's payload (generic: one item or {items: [...]}, as POST /items; an item with source_updated_at older than its record's stored one is skipped as stale)",
      }),
      headers: {
        'X-Sori-Signature': 'generic: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>',
        'X-Zendesk-Webhook-Signature': 'Zendesk: base64 HMAC-SHA256(secret, timestamp + body)',
        'X-Zendesk-Webhook-Signature-Timestamp': 'Zendesk: the signed timestamp',
        'X-Signature': "Channel Talk app webhooks (or the receiver URL's ?token=)",
      },
      responses: {
        '200': {
          description:
            'stored: counts, errors per item, stale (items older than the stored state of their record — a Zendesk ticket\'s updated_at, a generic item\'s source_updated_at — not stored, each named in ignored), conversation_updates, ' +
            'pending (updates kept until their conversation has an item), warnings, ignored; generic: duplicate (a replayed delivery, not stored again)',
          schema: webhookAnswerDoc,
        },
        '207': { description: 'generic: some items rejected', schema: webhookAnswerDoc },
        '422': {
          description: 'generic: every item rejected (problem+json, code items_rejected, with the same fields)',
          contentType: 'application/problem+json',
          schema: webhookAnswerDoc.extend({ type: z.string(), title: z.string(), status: z.literal(422), detail: z.string(), code: z.literal('items_rejected') }),
        },
      },
    },
    async ({ c, params, deps: { db } }) => {
      const endpoint = await findWebhookEndpoint(db, params.slug);
      const headers = Object.fromEntries([...c.req.raw.headers.entries()].map(([k, v]) => [k.toLowerCase(), v]));
      const query = c.req.query();
      // The same words whether the receiver exists or not: a wrong URL is among the causes.
      const refuse = (code: string) =>
        new SoriError(
          code,
          code === 'signature_expired'
            ? // Only a known receiver says so (an unknown one answers a mismatch): the signature's time is the cause.
              "webhook signature check failed (signature_expired): its time is more than 5 minutes from the server's — check the sender's clock, and sign each delivery when it is sent (a delivery kept and sent again later is refused) / 웹훅 서명 시각이 서버 시각과 5분 넘게 다릅니다: 보내는 쪽 시계를 확인하고, 보낼 때마다 새로 서명하세요"
            : `webhook signature check failed (${code}); check the receiver's URL and secret / 웹훅 서명 확인 실패: 수신 주소와 서명 키를 확인하세요`,
        );
      if (!endpoint) {
        // Refused at the same steps as a known receiver (before the body, after reading it), so
        // neither the answer nor when it comes tells that no receiver has this slug.
        const early = unknownReceiverFailure(Buffer.alloc(0), headers, query);
        if (early !== 'signature_mismatch') throw refuse(early);
        throw refuse(unknownReceiverFailure(await readBodyLimited(c.req.raw, MAX_WEBHOOK_BODY_BYTES, tooLarge), headers, query));
      }
      const adapter = ADAPTERS[endpoint.adapter];
      // A missing or malformed signature is known from the headers alone: refused before the body is read.
      const early = adapter.verify(Buffer.alloc(0), headers, query, endpoint.secret);
      if (!early.ok && (early.code === 'signature_missing' || early.code === 'signature_malformed')) throw refuse(early.code);
      const raw = await readBodyLimited(c.req.raw, MAX_WEBHOOK_BODY_BYTES, tooLarge);
      const verdict = adapter.verify(raw, headers, query, endpoint.secret);
      if (!verdict.ok) throw refuse(verdict.code);
      let body: unknown;
      try {
        body = JSON.parse(utf8JsonText(raw, c.req.header('content-type') ?? ''));
      } catch (error) {
        if (error instanceof SoriError) throw error;
        throw new SoriError('invalid_json', 'webhook body is not valid JSON / 웹훅 본문이 올바른 JSON이 아닙니다');
      }
      const parsed = adapter.parseWebhook(body, headers, { source: endpoint.source });
      checkWebhookItemCount(parsed.items.length + (parsed.updates?.length ?? 0), adapter.name);
      // A generic delivery seen before (a replay inside the signature window) is not stored again:
      // it would roll its items back to an older state.
      const seen = adapter.name === 'generic' ? await firstDelivery(db, endpoint.id, headers, raw) : undefined;
      if (seen === null) {
        const nothing = { accepted: 0, rejected: 0, inserted: 0, updated: 0, unchanged: 0, repeated: 0, stale: 0, conversation_updates: 0 };
        return c.json({
          duplicate: true,
          received: parsed.items.length,
          ...nothing,
          errors: [],
          pending: [],
          warnings: [],
          ignored: ['delivery already received (same signature within the 5-minute window); not stored again / 이미 받은 전송입니다(같은 서명). 다시 저장하지 않았습니다'],
        });
      }
      try {
        const workspace = (await findWorkspaceById(db, endpoint.workspace_id))!;
        // A vendor's items carry their ticket's version (Zendesk); a generic sender's may carry
        // source_updated_at. Either way an item older than its record's stored state is skipped.
        const stored = adapter.stateVersionKey
          ? await ingestLatestStates(db, workspace, parsed.items, { source: endpoint.source, versionKey: adapter.stateVersionKey })
          : await ingestSourceStates(db, workspace, parsed.items, { source: endpoint.source });
        const { stale, staleIndex, older: _older, ...result } = stored;
        // Updates kept about these items' conversations (ones that came first, or a late message's
        // chat already answered and closed) are applied now that the items are stored.
        const caughtUp = await applyPendingConversationUpdates(db, workspace, endpoint.source, conversationIds(parsed.items), externalIdsOf(parsed.items));
        const updates = [...(parsed.updates ?? []), ...lateResolutions(parsed.items, staleIndex, endpoint.source)];
        const own = updates.length ? await applyConversationUpdates(db, workspace, endpoint.source, updates) : { changed: 0, pending: [] };
        const answer = {
          ...result,
          stale: staleCount(stored),
          conversation_updates: caughtUp.changed + own.changed,
          pending: own.pending.map(
            (id) => `conversation ${id}: no item stored yet; the update is kept ${PENDING_UPDATE_DAYS} days and applied when one arrives / 아직 저장된 항목이 없어 ${PENDING_UPDATE_DAYS}일 동안 보관했다가 항목이 오면 적용합니다`,
          ),
          warnings: parsed.warnings ?? [],
          ignored: [...(parsed.ignored ?? []), ...stale],
        };
        // The generic sender is told as POST /items tells it. Vendors retry a delivery answered
        // other than 2xx and finally switch the webhook off, and a rejected item does not get
        // better by retrying: their receivers answer 200 with the errors in the body.
        // Every item rejected: not when some were only stale (their newer state is stored).
        if (adapter.name === 'generic' && result.rejected > 0 && result.rejected === result.received) {
          // Nothing stored: a retry of this delivery is checked again, not answered 'duplicate'.
          if (seen) await forgetDelivery(db, endpoint.id, seen);
          return problem(c, 422, 'items_rejected', `every item was rejected (${result.rejected}); see errors / 모든 항목이 거부되었습니다. errors를 확인하세요`, answer);
        }
        return c.json(answer, (adapter.name === 'generic' && result.rejected > 0 ? 207 : 200) as 200);
      } catch (error) {
        // Not stored: the sender's retry with the same signature must go through.
        if (seen) await forgetDelivery(db, endpoint.id, seen).catch(() => undefined);
        throw error;
      }
    },
  );

  defineRoute(app, deps, registry, {
      method: 'get',
      path: '/webhook-endpoints',
      operationId: 'listWebhookEndpoints',
      tag: 'webhooks',
      summary: 'Webhook receivers of the workspace',
      access: 'admin',
      response: z.object({ endpoints: z.array(endpointDoc.extend({ workspace_id: z.number().int(), slug: z.string(), disabled: z.boolean() })) }),
    }, async ({ workspace, deps: { db, config } }) => ({
    endpoints: (await listWebhookEndpoints(db, workspace.id)).map(({ secret: _s, ...e }) => ({ ...e, url: `${config.publicUrl}/api/v1/webhooks/${e.slug}` })),
  }));

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/webhook-endpoints',
      operationId: 'createWebhookEndpoint',
      response: z.object({ endpoint: endpointDoc, secret: z.string().describe('the signing secret: shown in this answer only') }),
      tag: 'webhooks',
      summary: 'Create a webhook receiver; the signing secret is in this answer only',
      access: 'admin',
      body: z.object({ adapter: z.enum(WEBHOOK_ADAPTER_NAMES), source: z
          .string()
          .min(1)
          .max(100)
          .optional()
          .describe('the source its items are stored under; default: the vendor (zendesk, channeltalk — as their exports import), or generic, generic-2… one per generic receiver'), secret: z.string().min(MIN_WEBHOOK_SECRET).max(200).optional() }),
    },
    async ({ body, workspace, actor, deps: { db, config } }) => {
      const e = await createWebhookEndpoint(db, { workspaceId: workspace.id, adapter: body.adapter, source: body.source, secret: body.secret });
      await writeAudit(db, actor.label, 'webhook.create', String(e.id), { adapter: e.adapter, source: e.source, workspace_id: workspace.id });
      return { endpoint: { id: e.id, adapter: e.adapter, source: e.source, url: `${config.publicUrl}/api/v1/webhooks/${e.slug}` }, secret: e.secret };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'patch',
      path: '/webhook-endpoints/:id',
      operationId: 'updateWebhookEndpoint',
      response: z.object({
        endpoint: endpointDoc.extend({ disabled: z.boolean() }),
        secret: z.string().optional().describe('the new secret, with rotate_secret only (shown in this answer only)'),
      }),
      tag: 'webhooks',
      summary:
        'Switch a receiver off (`disabled: true`; its deliveries are answered as an unknown receiver’s, 401) or on again, or give it a new signing secret: `rotate_secret: true` makes one (in this answer only; the Channel Talk token URL changes with it), `secret` sets a vendor’s new one (Zendesk, 16+ characters). The old secret stops working at once',
      access: 'admin',
      params: z.object({ id: idParam() }),
      body: z
        .object({ disabled: z.boolean().optional(), rotate_secret: z.literal(true).optional(), secret: z.string().min(MIN_WEBHOOK_SECRET).max(200).optional() })
        .strict()
        .refine((b) => !(b.rotate_secret && b.secret), { message: 'rotate_secret or secret, not both / 둘 중 하나만 보내세요' }),
    },
    async ({ body, params, workspace, actor, deps: { db, config } }) => {
      const e = await updateWebhookEndpoint(db, workspace.id, Number(params.id), { disabled: body.disabled, rotateSecret: body.rotate_secret, secret: body.secret }, actor.label);
      if (!e) throw new SoriError('not_found', `no webhook receiver ${params.id} / 웹훅 수신 주소가 없습니다`);
      const endpoint = { id: e.id, adapter: e.adapter, source: e.source, disabled: e.disabled, url: `${config.publicUrl}/api/v1/webhooks/${e.slug}` };
      // A made secret is shown this once; one the admin gave is not echoed.
      return body.rotate_secret ? { endpoint, secret: e.secret } : { endpoint };
    },
  );
}
