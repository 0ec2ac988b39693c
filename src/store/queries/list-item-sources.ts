import type { Db } from '../db.js';

/** At most this many sources are listed (a workspace has a handful; a mapping mistake could make thousands). */
export const MAX_LISTED_SOURCES = 200;

/**
 * The distinct sources of a workspace's items (kakaotalk, channeltalk, zendesk, an import's
 * --source …), in order. Read by skipping through the items' identity index (workspace, source,
 * external_id) one source at a time, so it costs a lookup per source, not a scan of the items.
 */
export async function listItemSources(db: Db, workspaceId: number): Promise<string[]> {
  const rows = await db.query<{ source: string }>(
    `WITH RECURSIVE s (source, n) AS (
       (SELECT source, 1 FROM items WHERE workspace_id = $1 ORDER BY source LIMIT 1)
       UNION ALL
       SELECT (SELECT i.source FROM items i WHERE i.workspace_id = $1 AND i.source > s.source ORDER BY i.source LIMIT 1), s.n + 1
       FROM s WHERE s.source IS NOT NULL AND s.n < $2
     )
     SELECT source FROM s WHERE source IS NOT NULL`,
    [workspaceId, MAX_LISTED_SOURCES],
  );
  return rows.map((r) => r.source);
}
