-- is_duplicate now means: another item of the same duplicate group was created at most 7 days
-- before it (DUPLICATE_WINDOW_DAYS in src/ingest/enrich.ts). It meant "not the first item of its
-- group, however long ago", so the overview's duplicate share only grew as history accumulated
-- (28 % → 78 % over the demo's weeks, ~44 % flat within 7 days). Items stored before are recounted
-- here the same way (ties in created_at: the lower id came first); the rollup triggers move the
-- daily `duplicates` counts with them. dup_group is unchanged.
UPDATE items i SET is_duplicate = d.dup
FROM (
  SELECT id, COALESCE(lag(created_at) OVER w >= created_at - interval '7 days', false) AS dup
  FROM items WHERE dup_group IS NOT NULL
  WINDOW w AS (PARTITION BY workspace_id, dup_group ORDER BY created_at, id)
) d
WHERE i.id = d.id AND i.is_duplicate IS DISTINCT FROM d.dup;
