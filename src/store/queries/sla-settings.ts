import { isTimeZone } from '../../domain/calendar/business-hours.js';
import { SoriError } from '../../domain/errors.js';
import { defaultSlaSettings, normaliseSlaPolicies, slaPolicyKeyErrors, slaSettingsSchema, slaSettingsVersion, withDefaultTimeZone, type SlaSettings } from '../../domain/sla-settings.js';
import { DEFAULT_ITEM_TYPES, type ItemTypeDef } from '../../domain/taxonomy.js';
import type { Db } from '../db.js';
import { listItemTypes } from './item-types.js';

/** Business hours fall back to the workspace's zone; this one only for a zone no runtime knows (a typo stored before the checks). */
const FALLBACK_TIME_ZONE = 'Asia/Seoul';

async function readWorkspace(db: Db, workspaceId: number): Promise<{ stored: unknown; timeZone: string }> {
  const [row] = await db.query<{ sla_settings: unknown; timezone: string }>('SELECT sla_settings, timezone FROM workspaces WHERE id = $1', [workspaceId]);
  const stored = row?.sla_settings ?? null;
  return {
    stored: typeof stored === 'string' ? JSON.parse(stored) : stored,
    timeZone: row && isTimeZone(row.timezone) ? row.timezone : FALLBACK_TIME_ZONE,
  };
}

/** A workspace's SLA settings, or the defaults when it has none; business hours without a zone are in the workspace's. */
export async function loadSlaSettings(db: Db, workspaceId: number): Promise<{ settings: SlaSettings; isDefault: boolean; version: string }> {
  const { stored, timeZone } = await readWorkspace(db, workspaceId);
  const parsed = stored === null ? null : slaSettingsSchema.safeParse(withDefaultTimeZone(stored, timeZone));
  if (parsed?.success) return { settings: parsed.data, isDefault: false, version: slaSettingsVersion(parsed.data) };
  const settings = slaSettingsSchema.parse(defaultSlaSettings(timeZone));
  return { settings, isDefault: true, version: slaSettingsVersion(settings) };
}

/** Items younger than this get their SLA deadlines recomputed after a settings change; older ones keep theirs. */
export const SLA_RECOMPUTE_DAYS = 180;

/**
 * Clears the deadlines of the items created since `since` (default: the last SLA_RECOMPUTE_DAYS)
 * and flags the workspace: the next SLA report recomputes them under the settings as they are now
 * (after a settings change, or a time-zone change the default hours follow).
 */
export async function clearRecentDeadlines(db: Db, workspaceId: number, since = new Date(Date.now() - SLA_RECOMPUTE_DAYS * 86_400_000)): Promise<void> {
  await db.query('UPDATE items SET sla_version = NULL WHERE workspace_id = $1 AND sla_version IS NOT NULL AND created_at > $2', [workspaceId, since]);
  await db.query('UPDATE workspaces SET sla_stale = true WHERE id = $1', [workspaceId]);
}

/** The types a workspace's items can carry: its own taxonomy (archived types included: old items keep them), or the default one. */
async function workspaceTypes(db: Db, workspaceId: number): Promise<ItemTypeDef[]> {
  const own = await listItemTypes(db, workspaceId);
  return own.length ? own.map((t) => ({ key: t.key, nameKo: t.name_ko, nameEn: t.name_en })) : [...DEFAULT_ITEM_TYPES];
}

const refuse = (errors: { field: string | null; message: string }[]): SoriError =>
  new SoriError('validation_failed', `invalid SLA settings / SLA 설정이 올바르지 않습니다: ${errors.map((e) => `${e.field ?? ''}: ${e.message}`).join('; ')}`, { errors });

/**
 * Validates and stores a workspace's SLA settings (null restores the defaults). Business hours
 * given without `timeZone` are stored in the workspace's zone; any change, the zone's included,
 * has the recent items' deadlines recomputed. Policies' type and channel keys are lower-cased and
 * must be ones items can carry (the workspace's taxonomy, Sori's channels); priorities stay free
 * (items' `metadata.priority`), trimmed and without repeats.
 */
export async function saveSlaSettings(
  db: Db,
  workspaceId: number,
  input: unknown | null,
  opts: { recomputeSince?: Date } = {},
): Promise<SlaSettings> {
  const since = opts.recomputeSince;
  const { timeZone } = await readWorkspace(db, workspaceId);
  if (input === null) {
    await db.query('UPDATE workspaces SET sla_settings = NULL WHERE id = $1', [workspaceId]);
    await clearRecentDeadlines(db, workspaceId, since);
    return slaSettingsSchema.parse(defaultSlaSettings(timeZone));
  }
  const parsed = slaSettingsSchema.safeParse(withDefaultTimeZone(input, timeZone));
  if (!parsed.success) throw refuse(parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || null, message: i.message })));
  const settings = normaliseSlaPolicies(parsed.data);
  const keyErrors = slaPolicyKeyErrors(settings, await workspaceTypes(db, workspaceId));
  if (keyErrors.length) throw refuse(keyErrors);
  await db.query('UPDATE workspaces SET sla_settings = $2::jsonb WHERE id = $1', [workspaceId, JSON.stringify(settings)]);
  await clearRecentDeadlines(db, workspaceId, since);
  return settings;
}
