-- Support KPIs as counts (src/insights/support.ts): per workspace × local day × dimension (channel,
-- type, assignee, handled_by) × key × measure × bucket, for items on channels that expect an
-- answer. Measures: n = received and x = reopened (bucket 0), f = first response and
-- r = resolution lead time as log-histogram counts (src/domain/duration-sketch.ts). Median and p90 of any range and slice come from these counts, within
-- 2 % of the exact value, without sorting the items. Kept by the same kind of triggers as
-- item_daily_counts.

CREATE TABLE item_daily_lead_times (
  workspace_id integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  dim          text NOT NULL,
  day          date NOT NULL,
  key          text NOT NULL,
  measure      "char" NOT NULL,
  bucket       smallint NOT NULL,
  n            integer NOT NULL,
  PRIMARY KEY (workspace_id, dim, day, key, measure, bucket)
);

-- γ = 1.02 / 0.98: bucket i holds (γ^(i−1), γ^i] seconds; under one second is bucket 0.
CREATE FUNCTION sori_sketch_bucket(seconds double precision) RETURNS smallint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN seconds < 1 THEN 0 ELSE GREATEST(1, ceil(ln(seconds) / ln(1.02 / 0.98) - 1e-9))::smallint END;

CREATE FUNCTION sori_lead_times_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_lead_times AS c (workspace_id, dim, day, key, measure, bucket, n)
  SELECT n.workspace_id, x.dim, (n.created_at AT TIME ZONE w.timezone)::date, x.key, m.measure, sori_sketch_bucket(m.secs), count(*)
  FROM sori_new_items n JOIN workspaces w ON w.id = n.workspace_id
  CROSS JOIN LATERAL (VALUES ('channel', n.channel), ('type', COALESCE(n.type, '')), ('assignee', COALESCE(n.assignee, '')),
                             ('handled_by', COALESCE(n.handled_by, ''))) x(dim, key)
  CROSS JOIN LATERAL (VALUES ('n'::"char", 0::float8), ('x'::"char", CASE WHEN n.reopened_count > 0 THEN 0::float8 END),
                             ('f'::"char", extract(epoch FROM n.first_response_at - n.created_at)::float8),
                             ('r'::"char", extract(epoch FROM n.resolved_at - n.created_at)::float8)) m(measure, secs)
  WHERE m.secs >= 0 AND n.channel IN ('chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other')
  GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (workspace_id, dim, day, key, measure, bucket) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $fn$;

CREATE FUNCTION sori_lead_times_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_lead_times AS c (workspace_id, dim, day, key, measure, bucket, n)
  SELECT d.workspace_id, x.dim, (d.created_at AT TIME ZONE w.timezone)::date, x.key, m.measure, sori_sketch_bucket(m.secs), sum(d.s)
  FROM (
    SELECT 1 AS s, workspace_id, created_at, channel, type, assignee, handled_by, first_response_at, resolved_at, reopened_count FROM sori_new_items
    UNION ALL
    SELECT -1, workspace_id, created_at, channel, type, assignee, handled_by, first_response_at, resolved_at, reopened_count FROM sori_old_items
  ) d JOIN workspaces w ON w.id = d.workspace_id
  CROSS JOIN LATERAL (VALUES ('channel', d.channel), ('type', COALESCE(d.type, '')), ('assignee', COALESCE(d.assignee, '')),
                             ('handled_by', COALESCE(d.handled_by, ''))) x(dim, key)
  CROSS JOIN LATERAL (VALUES ('n'::"char", 0::float8), ('x'::"char", CASE WHEN d.reopened_count > 0 THEN 0::float8 END),
                             ('f'::"char", extract(epoch FROM d.first_response_at - d.created_at)::float8),
                             ('r'::"char", extract(epoch FROM d.resolved_at - d.created_at)::float8)) m(measure, secs)
  WHERE m.secs >= 0 AND d.channel IN ('chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other')
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.s) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (workspace_id, dim, day, key, measure, bucket) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $fn$;

-- A deleted item leaves its buckets; a whole workspace being deleted matches no workspace row.
CREATE FUNCTION sori_lead_times_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE item_daily_lead_times c SET n = c.n - d.n
  FROM (
    SELECT o.workspace_id, x.dim, (o.created_at AT TIME ZONE w.timezone)::date AS day, x.key, m.measure, sori_sketch_bucket(m.secs) AS bucket, count(*) AS n
    FROM sori_old_items o JOIN workspaces w ON w.id = o.workspace_id
    CROSS JOIN LATERAL (VALUES ('channel', o.channel), ('type', COALESCE(o.type, '')), ('assignee', COALESCE(o.assignee, '')),
                               ('handled_by', COALESCE(o.handled_by, ''))) x(dim, key)
    CROSS JOIN LATERAL (VALUES ('n'::"char", 0::float8), ('x'::"char", CASE WHEN o.reopened_count > 0 THEN 0::float8 END),
                               ('f'::"char", extract(epoch FROM o.first_response_at - o.created_at)::float8),
                               ('r'::"char", extract(epoch FROM o.resolved_at - o.created_at)::float8)) m(measure, secs)
    WHERE m.secs >= 0 AND o.channel IN ('chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other')
    GROUP BY 1, 2, 3, 4, 5, 6
  ) d
  WHERE c.workspace_id = d.workspace_id AND c.dim = d.dim AND c.day = d.day AND c.key = d.key AND c.measure = d.measure AND c.bucket = d.bucket;
  RETURN NULL;
END $fn$;

CREATE TRIGGER items_lead_times_insert AFTER INSERT ON items
  REFERENCING NEW TABLE AS sori_new_items FOR EACH STATEMENT EXECUTE FUNCTION sori_lead_times_insert();
CREATE TRIGGER items_lead_times_update AFTER UPDATE ON items
  REFERENCING OLD TABLE AS sori_old_items NEW TABLE AS sori_new_items FOR EACH STATEMENT EXECUTE FUNCTION sori_lead_times_change();
CREATE TRIGGER items_lead_times_delete AFTER DELETE ON items
  REFERENCING OLD TABLE AS sori_old_items FOR EACH STATEMENT EXECUTE FUNCTION sori_lead_times_delete();

INSERT INTO item_daily_lead_times (workspace_id, dim, day, key, measure, bucket, n)
SELECT i.workspace_id, x.dim, (i.created_at AT TIME ZONE w.timezone)::date, x.key, m.measure, sori_sketch_bucket(m.secs), count(*)
FROM items i JOIN workspaces w ON w.id = i.workspace_id
CROSS JOIN LATERAL (VALUES ('channel', i.channel), ('type', COALESCE(i.type, '')), ('assignee', COALESCE(i.assignee, '')),
                           ('handled_by', COALESCE(i.handled_by, ''))) x(dim, key)
CROSS JOIN LATERAL (VALUES ('n'::"char", 0::float8), ('x'::"char", CASE WHEN i.reopened_count > 0 THEN 0::float8 END),
                           ('f'::"char", extract(epoch FROM i.first_response_at - i.created_at)::float8),
                           ('r'::"char", extract(epoch FROM i.resolved_at - i.created_at)::float8)) m(measure, secs)
WHERE m.secs >= 0 AND i.channel IN ('chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other')
GROUP BY 1, 2, 3, 4, 5, 6;

-- The open backlog is read straight from the items: only the open ones are indexed.
CREATE INDEX items_ws_open ON items (workspace_id, created_at) WHERE status IN ('new', 'open', 'pending', 'on_hold');
