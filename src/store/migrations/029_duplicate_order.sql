-- `is_duplicate` (022: another item of the group was created at most 7 days before) was set only on
-- the rows being written, so an earlier copy that arrived later (a backfill of last month after the
-- webhooks went live, a newest-first export) never flipped the later item it precedes (audit s11:
-- 112 of ~1,900 flags wrong in one random run). Writes now recount the flags of the group's
-- members within 7 days after them when another transaction stored such a member
-- (upsert-items.ts `reconcileDuplicates`), which asks for a group's members by time: the index on
-- (workspace, group) gains created_at. The flags already stored are recounted as 022 did.
CREATE INDEX items_ws_dup_time ON items (workspace_id, dup_group, created_at) WHERE dup_group IS NOT NULL;
DROP INDEX items_ws_dup;

UPDATE items i SET is_duplicate = d.dup
FROM (
  SELECT id, COALESCE(lag(created_at) OVER w >= created_at - interval '7 days', false) AS dup
  FROM items WHERE dup_group IS NOT NULL
  WINDOW w AS (PARTITION BY workspace_id, dup_group ORDER BY created_at, id)
) d
WHERE i.id = d.id AND i.is_duplicate IS DISTINCT FROM d.dup;
