import { randomBytes } from 'node:crypto';
import type { Db } from '../db.js';
import { SoriError } from '../../domain/errors.js';
import { MIN_WEBHOOK_SECRET } from '../../domain/webhooks.js';
import { writeAudit } from '../../auth/audit.js';

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

const newSecret = () => randomBytes(32).toString('base64url');

/** A secret given by hand (a vendor's own, e.g. Zendesk's) must be long enough not to be guessed. */
function checkSecret(secret: string | undefined): void {
  if (secret !== undefined && secret.length < MIN_WEBHOOK_SECRET) {
    const message = `the signing secret needs at least ${MIN_WEBHOOK_SECRET} characters / 서명 비밀값은 ${MIN_WEBHOOK_SECRET}자 이상이어야 합니다`;
    throw new SoriError('validation_failed', message, { errors: [{ field: 'secret', message }] });
  }
}

/** Creates a webhook receiver with an unguessable path and a fresh signing secret (or the vendor's, 16+ characters). */
export async function createWebhookEndpoint(db: Db, input: { workspaceId: number; adapter: WebhookEndpoint['adapter']; source?: string; secret?: string }): Promise<WebhookEndpoint> {
  checkSecret(input.secret);
  const source = input.source?.trim() ? input.source : await defaultSource(db, input.workspaceId, input.adapter);
  const rows = await db.query<WebhookEndpoint>(
    `INSERT INTO webhook_endpoints (workspace_id, adapter, source, slug, secret) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    // The source composed (NFC), as items store theirs (ingest/prepare-item.ts NFC_FIELDS): a
    // decomposed one ("채널톡" pasted from macOS) named no stored item, and its conversation updates were lost.
    [input.workspaceId, input.adapter, source.normalize('NFC'), randomBytes(12).toString('base64url'), input.secret ?? newSecret()],
  );
  return rows[0];
}

/**
 * The source a receiver writes under when none is named: the vendor's name for Zendesk and Channel
 * Talk (their exports import under it too, so history and live events are one ticket), and for a
 * generic receiver `generic`, or `generic-2`, `generic-3`… when another receiver has it: two systems
 * posting to two generic receivers under one source overwrote each other's items (both had a
 * form-1).
 */
async function defaultSource(db: Db, workspaceId: number, adapter: WebhookEndpoint['adapter']): Promise<string> {
  if (adapter !== 'generic') return adapter;
  const taken = new Set((await db.query<{ source: string }>('SELECT source FROM webhook_endpoints WHERE workspace_id = $1', [workspaceId])).map((r) => r.source));
  let source = 'generic';
  for (let n = 2; taken.has(source); n++) source = `generic-${n}`;
  return source;
}

/**
 * Switches a receiver off or on, or gives it a new signing secret (a fresh one, or the vendor's
 * new one): a leaked secret or Channel Talk token URL stops working at once. Null when the
 * workspace has no such receiver.
 */
export async function updateWebhookEndpoint(
  db: Db,
  workspaceId: number,
  id: number,
  change: { disabled?: boolean; rotateSecret?: boolean; secret?: string },
  actor: string,
): Promise<WebhookEndpoint | null> {
  checkSecret(change.secret);
  const secret = change.secret ?? (change.rotateSecret ? newSecret() : null);
  const rows = await db.query<WebhookEndpoint>(
    `UPDATE webhook_endpoints SET disabled = COALESCE($3, disabled), secret = COALESCE($4, secret)
     WHERE id = $1 AND workspace_id = $2 RETURNING ${COLUMNS}`,
    [id, workspaceId, change.disabled ?? null, secret],
  );
  if (!rows[0]) return null;
  // Audited here, for the API and the CLI alike; the secret itself never.
  await writeAudit(db, actor, 'webhook.update', String(rows[0].id), {
    ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
    ...(secret !== null ? { secret: 'rotated' } : {}),
    workspace_id: workspaceId,
  });
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
