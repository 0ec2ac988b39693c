import { SoriError } from '../../domain/errors.js';
import { DEFAULT_SLA_SETTINGS, slaSettingsSchema, slaSettingsVersion, type SlaSettings } from '../../domain/sla-settings.js';
import type { Db } from '../db.js';

/** A workspace's SLA settings, or the defaults when it has none. */
export async function loadSlaSettings(db: Db, workspaceId: number): Promise<{ settings: SlaSettings; isDefault: boolean; version: string }> {
  const [row] = await db.query<{ sla_settings: unknown }>('SELECT sla_settings FROM workspaces WHERE id = $1', [workspaceId]);
  const stored = row?.sla_settings ?? null;
  const parsed = stored === null ? null : slaSettingsSchema.safeParse(typeof stored === 'string' ? JSON.parse(stored) : stored);
  if (parsed?.success) return { settings: parsed.data, isDefault: false, version: slaSettingsVersion(parsed.data) };
  const settings = slaSettingsSchema.parse(DEFAULT_SLA_SETTINGS);
  return { settings, isDefault: true, version: slaSettingsVersion(settings) };
}

/** Items younger than this get their SLA deadlines recomputed after a settings change; older ones keep theirs. */
export const SLA_RECOMPUTE_DAYS = 180;

// The next SLA report recomputes these items' deadlines under the new settings.
async function clearRecentDeadlines(db: Db, workspaceId: number, since: Date): Promise<void> {
  await db.query('UPDATE items SET sla_version = NULL WHERE workspace_id = $1 AND sla_version IS NOT NULL AND created_at > $2', [workspaceId, since]);
  await db.query('UPDATE workspaces SET sla_stale = true WHERE id = $1', [workspaceId]);
}

/** Validates and stores a workspace's SLA settings (null restores the defaults). */
export async function saveSlaSettings(
  db: Db,
  workspaceId: number,
  input: unknown | null,
  opts: { recomputeSince?: Date } = {},
): Promise<SlaSettings> {
  const since = opts.recomputeSince ?? new Date(Date.now() - SLA_RECOMPUTE_DAYS * 86_400_000);
  if (input === null) {
    await db.query('UPDATE workspaces SET sla_settings = NULL WHERE id = $1', [workspaceId]);
    await clearRecentDeadlines(db, workspaceId, since);
    return slaSettingsSchema.parse(DEFAULT_SLA_SETTINGS);
  }
  const parsed = slaSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || null, message: i.message }));
    throw new SoriError('validation_failed', `invalid SLA settings / SLA 설정이 올바르지 않습니다: ${errors.map((e) => `${e.field ?? ''}: ${e.message}`).join('; ')}`, { errors });
  }
  await db.query('UPDATE workspaces SET sla_settings = $2::jsonb WHERE id = $1', [workspaceId, JSON.stringify(parsed.data)]);
  await clearRecentDeadlines(db, workspaceId, since);
  return parsed.data;
}
