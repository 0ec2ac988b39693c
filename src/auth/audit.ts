import { userInfo } from 'node:os';
import type { Db } from '../store/db.js';

/** Appends one line to the audit log (who did what to which thing). */
export async function writeAudit(db: Db, actor: string, action: string, target?: string, detail: Record<string, unknown> = {}): Promise<void> {
  await db.query('INSERT INTO audit_log (actor, action, target, detail) VALUES ($1, $2, $3, $4)', [actor, action, target ?? null, detail]);
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: string;
  /** Who the actor is to a reader: a user's name, or a token's name and workspace ("Zendesk 연동 · default"); null for the CLI, anonymous, or one since deleted. */
  actor_name: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

/** The audit log newest first, `limit` entries older than the entry `before` (a page back). */
export async function listAudit(db: Db, opts: { limit: number; before?: number; action?: string }): Promise<AuditEntry[]> {
  const rows = await db.query<AuditEntry & { id: string | number }>(
    `SELECT a.id, a.at, a.actor, a.action, a.target, a.detail,
            COALESCE(NULLIF(u.name, ''), t.name || ' · ' || w.slug) AS actor_name
     FROM audit_log a
     LEFT JOIN users u ON u.email = a.actor
     LEFT JOIN api_tokens t ON a.actor LIKE 'token:%' AND t.id::text = substr(a.actor, 7)
     LEFT JOIN workspaces w ON w.id = t.workspace_id
     WHERE ($1::bigint IS NULL OR a.id < $1) AND ($2::text IS NULL OR a.action = $2 OR a.action LIKE $2 || '.%')
     ORDER BY a.id DESC LIMIT $3`,
    [opts.before ?? null, opts.action ?? null, opts.limit],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Who a CLI command acts as in the audit log: `cli:` and the operating-system account that ran it. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli'; // no passwd entry for this uid (some containers)
  }
}
