-- Lead-time sketches (migration 007) as one row per workspace × dimension × day × key × measure
-- holding its whole histogram, instead of one row per bucket. A 10,000-item import wrote ~20,000
-- bucket rows (first-response and resolution buckets are fine-grained, times four dimensions),
-- each an upsert into a six-column key: on the embedded database that trigger was a third of an
-- import's time. Now such a batch writes a few hundred rows (a 100k-item import: 4,700 rows
-- instead of 195,000), and reports read as many fewer.
--
-- `sketch` is {{bucket, count}, …}: an int[][] of pairs, buckets ascending and distinct, counts
-- not zero (an update adds signed counts; pairs that reach zero are dropped). Buckets are those of
-- sori_sketch_bucket (γ = 1.02 / 0.98); measures n (received) and x (reopened) use bucket 0.

CREATE TABLE item_daily_lead_sketches (
  workspace_id integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  dim          text NOT NULL,
  day          date NOT NULL,
  key          text NOT NULL,
  measure      "char" NOT NULL,
  sketch       integer[] NOT NULL,
  PRIMARY KEY (workspace_id, dim, day, key, measure)
);

-- The sum of two sketches: counts of the same bucket added, zero counts dropped.
CREATE FUNCTION sori_sketch_add(a integer[], b integer[]) RETURNS integer[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (
    SELECT COALESCE(array_agg(ARRAY[s.bucket, s.n] ORDER BY s.bucket), '{}')
    FROM (
      SELECT p.bucket, sum(p.n)::int AS n
      FROM (SELECT a[i][1] AS bucket, a[i][2] AS n FROM generate_subscripts(a, 1) AS i
            UNION ALL SELECT b[i][1], b[i][2] FROM generate_subscripts(b, 1) AS i) p
      GROUP BY p.bucket HAVING sum(p.n) <> 0
    ) s
  );

INSERT INTO item_daily_lead_sketches (workspace_id, dim, day, key, measure, sketch)
SELECT workspace_id, dim, day, key, measure, array_agg(ARRAY[bucket::int, n] ORDER BY bucket)
FROM item_daily_lead_times WHERE n <> 0
GROUP BY 1, 2, 3, 4, 5;

DROP TABLE item_daily_lead_times;

-- The triggers keep their names and transition tables; their functions now count each batch's
-- (dimension, key, measure, bucket) cells in one pass (GROUPING SETS over the four dimensions)
-- and fold the cells into one sketch per row before writing. Rows are written in key order, so
-- two concurrent batches lock them in the same order.
CREATE OR REPLACE FUNCTION sori_lead_times_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_lead_sketches AS c (workspace_id, dim, day, key, measure, sketch)
  WITH i AS MATERIALIZED (
    SELECT n.workspace_id AS ws, (n.created_at AT TIME ZONE w.timezone)::date AS day, n.channel, COALESCE(n.type, '') AS type,
      COALESCE(n.assignee, '') AS assignee, COALESCE(n.handled_by, '') AS handled_by, n.reopened_count > 0 AS reopened,
      CASE WHEN n.first_response_at >= n.created_at THEN sori_sketch_bucket(extract(epoch FROM n.first_response_at - n.created_at)::float8) END AS fb,
      CASE WHEN n.resolved_at >= n.created_at THEN sori_sketch_bucket(extract(epoch FROM n.resolved_at - n.created_at)::float8) END AS rb
    FROM sori_new_items n JOIN workspaces w ON w.id = n.workspace_id
    WHERE n.channel IN ('chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other')
  ), g AS (
    SELECT ws, day, v.measure, v.bucket, channel, type, assignee, handled_by, count(*)::int AS n,
      grouping(channel, type, assignee, handled_by) AS set
    FROM i CROSS JOIN LATERAL (VALUES ('n'::"char", 0::smallint), ('x', CASE WHEN reopened THEN 0::smallint END), ('f', fb), ('r', rb)) v(measure, bucket)
    WHERE v.bucket IS NOT NULL
    GROUP BY ws, day, v.measure, v.bucket, GROUPING SETS ((channel), (type), (assignee), (handled_by))
  )
  SELECT ws, CASE set WHEN 7 THEN 'channel' WHEN 11 THEN 'type' WHEN 13 THEN 'assignee' ELSE 'handled_by' END,
    day, COALESCE(channel, type, assignee, handled_by), measure, array_agg(ARRAY[bucket::int, n] ORDER BY bucket)
  FROM g GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (workspace_id, dim, day, key, measure) DO UPDATE SET sketch = sori_sketch_add(c.sketch, EXCLUDED.sketch);
  RETURN NULL;
END $fn$;

-- An update adds the new rows' cells and subtracts the old ones'; cells that did not move are not written.
CREATE OR REPLACE FUNCTION sori_lead_times_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_lead_sketches AS c (workspace_id, dim, day, key, measure, sketch)
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
  ), g AS (
    SELECT ws, day, v.measure, v.bucket, channel, type, assignee, handled_by, sum(s)::int AS n,
      grouping(channel, type, assignee, handled_by) AS set
    FROM i CROSS JOIN LATERAL (VALUES ('n'::"char", 0::smallint), ('x', CASE WHEN reopened THEN 0::smallint END), ('f', fb), ('r', rb)) v(measure, bucket)
    WHERE v.bucket IS NOT NULL
    GROUP BY ws, day, v.measure, v.bucket, GROUPING SETS ((channel), (type), (assignee), (handled_by))
    HAVING sum(s) <> 0
  )
  SELECT ws, CASE set WHEN 7 THEN 'channel' WHEN 11 THEN 'type' WHEN 13 THEN 'assignee' ELSE 'handled_by' END,
    day, COALESCE(channel, type, assignee, handled_by), measure, array_agg(ARRAY[bucket::int, n] ORDER BY bucket)
  FROM g GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (workspace_id, dim, day, key, measure) DO UPDATE SET sketch = sori_sketch_add(c.sketch, EXCLUDED.sketch);
  RETURN NULL;
END $fn$;

-- A deleted item leaves its cells; a whole workspace being deleted matches no workspace row here
-- (its sketches go with it by cascade).
CREATE OR REPLACE FUNCTION sori_lead_times_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  WITH i AS MATERIALIZED (
    SELECT o.workspace_id AS ws, (o.created_at AT TIME ZONE w.timezone)::date AS day, o.channel, COALESCE(o.type, '') AS type,
      COALESCE(o.assignee, '') AS assignee, COALESCE(o.handled_by, '') AS handled_by, o.reopened_count > 0 AS reopened,
      CASE WHEN o.first_response_at >= o.created_at THEN sori_sketch_bucket(extract(epoch FROM o.first_response_at - o.created_at)::float8) END AS fb,
      CASE WHEN o.resolved_at >= o.created_at THEN sori_sketch_bucket(extract(epoch FROM o.resolved_at - o.created_at)::float8) END AS rb
    FROM sori_old_items o JOIN workspaces w ON w.id = o.workspace_id
    WHERE o.channel IN ('chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other')
  ), g AS (
    SELECT ws, day, v.measure, v.bucket, channel, type, assignee, handled_by, -count(*)::int AS n,
      grouping(channel, type, assignee, handled_by) AS set
    FROM i CROSS JOIN LATERAL (VALUES ('n'::"char", 0::smallint), ('x', CASE WHEN reopened THEN 0::smallint END), ('f', fb), ('r', rb)) v(measure, bucket)
    WHERE v.bucket IS NOT NULL
    GROUP BY ws, day, v.measure, v.bucket, GROUPING SETS ((channel), (type), (assignee), (handled_by))
  ), d AS (
    SELECT ws, CASE set WHEN 7 THEN 'channel' WHEN 11 THEN 'type' WHEN 13 THEN 'assignee' ELSE 'handled_by' END AS dim,
      day, COALESCE(channel, type, assignee, handled_by) AS key, measure, array_agg(ARRAY[bucket::int, n] ORDER BY bucket) AS sketch
    FROM g GROUP BY 1, 2, 3, 4, 5
  )
  UPDATE item_daily_lead_sketches c SET sketch = sori_sketch_add(c.sketch, d.sketch)
  FROM d
  WHERE c.workspace_id = d.ws AND c.dim = d.dim AND c.day = d.day AND c.key = d.key AND c.measure = d.measure;
  RETURN NULL;
END $fn$;
