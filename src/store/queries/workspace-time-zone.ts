import { canonicalTimeZone, isTimeZone } from '../../domain/calendar/business-hours.js';
import { SoriError } from '../../domain/errors.js';
import type { Db } from '../db.js';
import { rebuildRollups } from './item-daily-counts.js';
import { backfillSearchIndex } from './search-index.js';
import { clearRecentDeadlines } from './sla-settings.js';

export interface TimeZoneChange {
  from: string;
  to: string;
  /** Items whose local days were counted again. */
  items: number;
  /** Items put back into the search index under their new days. */
  indexed: number;
}

/**
 * Moves a workspace to another time zone. Everything keyed by local day follows: every rollup is
 * recounted from the items and the search index rebuilt (its days are local days), in one
 * transaction with the change, so no report ever mixes the two zones' days; searches read every
 * day until the index is rebuilt, right after. When the SLA settings are the defaults, business
 * hours follow the workspace's zone, so the recent items' deadlines are recomputed (by the next SLA
 * report, as after a settings change). Stored instants do not move; business-metric days, written
 * as dates, stay as they were written, and so do all-day chart events (their midnights move with the zone).
 */
export async function changeWorkspaceTimeZone(db: Db, workspaceId: number, given: string, opts: { signal?: AbortSignal } = {}): Promise<TimeZoneChange> {
  // Stored by its canonical name (asia/seoul was stored as typed).
  const zone = canonicalTimeZone(given) ?? given;
  if (!isTimeZone(zone)) {
    throw new SoriError('validation_failed', `not an IANA time zone name such as Asia/Seoul: ${JSON.stringify(zone)} / Asia/Seoul 같은 IANA 시간대 이름이 아닙니다: ${JSON.stringify(zone)}`, {
      errors: [{ field: 'timezone', message: 'not an IANA time zone / IANA 시간대가 아닙니다' }],
    });
  }
  const change = await db.transaction(async (tx) => {
    const [ws] = await tx.query<{ timezone: string; default_sla: boolean }>(
      'SELECT timezone, sla_settings IS NULL AS default_sla FROM workspaces WHERE id = $1 FOR UPDATE',
      [workspaceId],
    );
    if (!ws) throw new SoriError('not_found', `no workspace ${workspaceId} / 워크스페이스가 없습니다`);
    const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1', [workspaceId]);
    if (ws.timezone === zone) return { from: ws.timezone, to: zone, items: n };
    await tx.query('UPDATE workspaces SET timezone = $2 WHERE id = $1', [workspaceId, zone]);
    await rebuildRollups(tx, workspaceId);
    // The search index: dropped, and every item below the mark is indexed again (backfillSearchIndex);
    // until then searches read every day.
    for (const table of ['item_day_bigrams', 'item_day_filters', 'item_search_dirty_days']) {
      await tx.query(`DELETE FROM ${table} WHERE workspace_id = $1`, [workspaceId]);
    }
    await tx.query('UPDATE workspaces SET search_index_below = (SELECT max(id) + 1 FROM items WHERE workspace_id = $1) WHERE id = $1', [workspaceId]);
    if (ws.default_sla) await clearRecentDeadlines(tx, workspaceId);
    // An all-day event is its local days (stored as their midnights): it keeps its days in the new zone.
    await tx.query(
      `UPDATE workspace_events SET starts_at = (starts_at AT TIME ZONE $2) AT TIME ZONE $3,
         ends_at = (ends_at AT TIME ZONE $2) AT TIME ZONE $3
       WHERE workspace_id = $1 AND all_day`,
      [workspaceId, ws.timezone, zone],
    );
    return { from: ws.timezone, to: zone, items: n };
  });
  const indexed = change.from === change.to ? 0 : await backfillSearchIndex(db, workspaceId, { signal: opts.signal });
  return { ...change, indexed };
}
