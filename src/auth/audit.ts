import type { Db } from '../store/db.js';

/** Appends one line to the audit log (who did what to which thing). */
export async function writeAudit(db: Db, actor: string, action: string, target?: string, detail: Record<string, unknown> = {}): Promise<void> {
  await db.query('INSERT INTO audit_log (actor, action, target, detail) VALUES ($1, $2, $3, $4)', [actor, action, target ?? null, detail]);
}
