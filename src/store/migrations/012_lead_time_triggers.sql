-- The lead-time triggers of migration 007, rewritten for speed (same rows, ~3× less work): each
-- changed item's day and buckets are computed once, its measures listed once, and each dimension
-- grouped by hashing those rows, where 007 multiplied every item into 16 rows (4 dimensions ×
-- 4 measures) and sorted them all. On the embedded database this was half the cost of an import.

CREATE OR REPLACE FUNCTION sori_lead_times_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_lead_times AS c (workspace_id, dim, day, key, measure, bucket, n)
  WITH i AS MATERIALIZED (
    SELECT n.workspace_id AS ws, (n.created_at AT TIME ZONE w.timezone)::date AS day, n.channel, COALESCE(n.type, '') AS type,
      COALESCE(n.assignee, '') AS assignee, COALESCE(n.handled_by, '') AS handled_by, n.reopened_count > 0 AS reopened,
      CASE WHEN n.first_response_at >= n.created_at THEN sori_sketch_bucket(extract(epoch FROM n.first_response_at - n.created_at)::float8) END AS fb,
      CASE WHEN n.resolved_at >= n.created_at THEN sori_sketch_bucket(extract(epoch FROM n.resolved_at - n.created_at)::float8) END AS rb
    FROM sori_new_items n JOIN workspaces w ON w.id = n.workspace_id
    WHERE n.channel IN ('chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other')
  ), m AS MATERIALIZED (
    SELECT ws, day, channel, type, assignee, handled_by, 'n'::"char" AS measure, 0::smallint AS bucket FROM i
    UNION ALL SELECT ws, day, channel, type, assignee, handled_by, 'x', 0 FROM i WHERE reopened
    UNION ALL SELECT ws, day, channel, type, assignee, handled_by, 'f', fb FROM i WHERE fb IS NOT NULL
    UNION ALL SELECT ws, day, channel, type, assignee, handled_by, 'r', rb FROM i WHERE rb IS NOT NULL
  )
  SELECT * FROM (
    SELECT ws, 'channel', day, channel, measure, bucket, count(*)::int FROM m GROUP BY ws, day, channel, measure, bucket
    UNION ALL SELECT ws, 'type', day, type, measure, bucket, count(*)::int FROM m GROUP BY ws, day, type, measure, bucket
    UNION ALL SELECT ws, 'assignee', day, assignee, measure, bucket, count(*)::int FROM m GROUP BY ws, day, assignee, measure, bucket
    UNION ALL SELECT ws, 'handled_by', day, handled_by, measure, bucket, count(*)::int FROM m GROUP BY ws, day, handled_by, measure, bucket
  ) g ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (workspace_id, dim, day, key, measure, bucket) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $fn$;

-- An update adds the new rows and subtracts the old ones; keys whose count did not move are not written.
CREATE OR REPLACE FUNCTION sori_lead_times_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_lead_times AS c (workspace_id, dim, day, key, measure, bucket, n)
  WITH i AS MATERIALIZED (
    SELECT d.s, d.workspace_id AS ws, (d.created_at AT TIME ZONE w.timezone)::date AS day, d.channel, COALESCE(d.type, '') AS type,
      COALESCE(d.assignee, '') AS assignee, COALESCE(d.handled_by, '') AS handled_by, d.reopened_count > 0 AS reopened,
      CASE WHEN d.first_response_at >= d.created_at THEN sori_sketch_bucket(extract(epoch FROM d.first_response_at - d.created_at)::float8) END AS fb,
      CASE WHEN d.resolved_at >= d.created_at THEN sori_sketch_bucket(extract(epoch FROM d.resolved_at - d.created_at)::float8) END AS rb
    FROM (
      SELECT 1 AS s, workspace_id, created_at, channel, type, assignee, handled_by, first_response_at, resolved_at, reopened_count FROM sori_new_items
      UNION ALL
      SELECT -1, workspace_id, created_at, channel, type, assignee, handled_by, first_response_at, resolved_at, reopened_count FROM sori_old_items
    ) d JOIN workspaces w ON w.id = d.workspace_id
    WHERE d.channel IN ('chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other')
  ), m AS MATERIALIZED (
    SELECT s, ws, day, channel, type, assignee, handled_by, 'n'::"char" AS measure, 0::smallint AS bucket FROM i
    UNION ALL SELECT s, ws, day, channel, type, assignee, handled_by, 'x', 0 FROM i WHERE reopened
    UNION ALL SELECT s, ws, day, channel, type, assignee, handled_by, 'f', fb FROM i WHERE fb IS NOT NULL
    UNION ALL SELECT s, ws, day, channel, type, assignee, handled_by, 'r', rb FROM i WHERE rb IS NOT NULL
  )
  SELECT * FROM (
    SELECT ws, 'channel', day, channel, measure, bucket, sum(s)::int FROM m GROUP BY ws, day, channel, measure, bucket HAVING sum(s) <> 0
    UNION ALL SELECT ws, 'type', day, type, measure, bucket, sum(s)::int FROM m GROUP BY ws, day, type, measure, bucket HAVING sum(s) <> 0
    UNION ALL SELECT ws, 'assignee', day, assignee, measure, bucket, sum(s)::int FROM m GROUP BY ws, day, assignee, measure, bucket HAVING sum(s) <> 0
    UNION ALL SELECT ws, 'handled_by', day, handled_by, measure, bucket, sum(s)::int FROM m GROUP BY ws, day, handled_by, measure, bucket HAVING sum(s) <> 0
  ) g ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (workspace_id, dim, day, key, measure, bucket) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $fn$;

-- A deleted item leaves its buckets; a whole workspace being deleted matches no workspace row.
CREATE OR REPLACE FUNCTION sori_lead_times_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  WITH i AS MATERIALIZED (
    SELECT o.workspace_id AS ws, (o.created_at AT TIME ZONE w.timezone)::date AS day, o.channel, COALESCE(o.type, '') AS type,
      COALESCE(o.assignee, '') AS assignee, COALESCE(o.handled_by, '') AS handled_by, o.reopened_count > 0 AS reopened,
      CASE WHEN o.first_response_at >= o.created_at THEN sori_sketch_bucket(extract(epoch FROM o.first_response_at - o.created_at)::float8) END AS fb,
      CASE WHEN o.resolved_at >= o.created_at THEN sori_sketch_bucket(extract(epoch FROM o.resolved_at - o.created_at)::float8) END AS rb
    FROM sori_old_items o JOIN workspaces w ON w.id = o.workspace_id
    WHERE o.channel IN ('chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other')
  ), m AS MATERIALIZED (
    SELECT ws, day, channel, type, assignee, handled_by, 'n'::"char" AS measure, 0::smallint AS bucket FROM i
    UNION ALL SELECT ws, day, channel, type, assignee, handled_by, 'x', 0 FROM i WHERE reopened
    UNION ALL SELECT ws, day, channel, type, assignee, handled_by, 'f', fb FROM i WHERE fb IS NOT NULL
    UNION ALL SELECT ws, day, channel, type, assignee, handled_by, 'r', rb FROM i WHERE rb IS NOT NULL
  )
  UPDATE item_daily_lead_times c SET n = c.n - d.n
  FROM (
    SELECT ws, 'channel' AS dim, day, channel AS key, measure, bucket, count(*)::int AS n FROM m GROUP BY ws, day, channel, measure, bucket
    UNION ALL SELECT ws, 'type', day, type, measure, bucket, count(*)::int FROM m GROUP BY ws, day, type, measure, bucket
    UNION ALL SELECT ws, 'assignee', day, assignee, measure, bucket, count(*)::int FROM m GROUP BY ws, day, assignee, measure, bucket
    UNION ALL SELECT ws, 'handled_by', day, handled_by, measure, bucket, count(*)::int FROM m GROUP BY ws, day, handled_by, measure, bucket
  ) d
  WHERE c.workspace_id = d.ws AND c.dim = d.dim AND c.day = d.day AND c.key = d.key AND c.measure = d.measure AND c.bucket = d.bucket;
  RETURN NULL;
END $fn$;
