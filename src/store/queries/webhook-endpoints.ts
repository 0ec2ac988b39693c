import { randomBytes } from 'node:crypto';
import type { Db } from '../db.js';

export interface WebhookEndpoint {
  id: number;
  workspace_id: number;
  adapter: 'generic' | 'channeltalk' | 'zendesk';
  source: string;
  slug: string;
  secret: string;
  disabled: boolean;
}

const COLUMNS = 'id, workspace_id, adapter, source, slug, secret, disabled';

/** Creates a webhook receiver with an unguessable path and a fresh signing secret. */
export async function createWebhookEndpoint(db: Db, input: { workspaceId: number; adapter: WebhookEndpoint['adapter']; source: string; secret?: string }): Promise<WebhookEndpoint> {
  const rows = await db.query<WebhookEndpoint>(
    `INSERT INTO webhook_endpoints (workspace_id, adapter, source, slug, secret) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [input.workspaceId, input.adapter, input.source, randomBytes(12).toString('base64url'), input.secret ?? randomBytes(32).toString('base64url')],
  );
  return rows[0];
}

/** Finds an enabled receiver by its path slug. */
export async function findWebhookEndpoint(db: Db, slug: string): Promise<WebhookEndpoint | null> {
  const rows = await db.query<WebhookEndpoint>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE slug = $1 AND NOT disabled`, [slug]);
  return rows[0] ?? null;
}

/** Lists a workspace's receivers. */
export async function listWebhookEndpoints(db: Db, workspaceId: number): Promise<WebhookEndpoint[]> {
  return db.query<WebhookEndpoint>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1 ORDER BY id`, [workspaceId]);
}

/**
 * Records a signed delivery's hash for a receiver (migration 026, `webhook_signatures_seen`),
 * pruning hashes older than `keepSeconds`: false when it was recorded already (a replay).
 */
export async function recordDelivery(db: Db, endpointId: number, hash: string, keepSeconds: number): Promise<boolean> {
  await db.query('DELETE FROM webhook_signatures_seen WHERE seen_at < now() - $1::interval', [`${keepSeconds} seconds`]);
  const fresh = await db.query('INSERT INTO webhook_signatures_seen (endpoint_id, signature_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1', [endpointId, hash]);
  return fresh.length > 0;
}

/** Forgets a recorded delivery (it was not stored after all: the sender's retry must go through). */
export async function forgetDelivery(db: Db, endpointId: number, hash: string): Promise<void> {
  await db.query('DELETE FROM webhook_signatures_seen WHERE endpoint_id = $1 AND signature_hash = $2', [endpointId, hash]);
}
