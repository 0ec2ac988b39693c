-- SLA outcomes that can no longer change — a target answered in time ('met') or late ('late') —
-- counted per workspace × local day × channel × target (f = first response, r = resolution,
-- e = items with any SLA target, outcome 'item') × policy, kept by triggers like
-- item_daily_counts. Targets still open are read live from the items (a partial index holds only
-- those), since whether they are pending or breached depends on the clock.
CREATE TABLE item_daily_sla (
  workspace_id integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day          date NOT NULL,
  channel      text NOT NULL,
  target       "char" NOT NULL,
  policy       text NOT NULL,
  outcome      text NOT NULL,
  n            integer NOT NULL,
  PRIMARY KEY (workspace_id, day, channel, target, policy, outcome)
);

CREATE FUNCTION sori_sla_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_sla AS c (workspace_id, day, channel, target, policy, outcome, n)
  SELECT d.workspace_id, (d.created_at AT TIME ZONE w.timezone)::date, d.channel, t.target, t.policy, t.outcome, sum(d.s)
  FROM (SELECT 1 AS s, workspace_id, created_at, channel, sla_fr_policy, sla_fr_due_at, sla_res_policy, sla_res_due_at, first_response_at, resolved_at FROM sori_new_items) d JOIN workspaces w ON w.id = d.workspace_id
  CROSS JOIN LATERAL (VALUES
    ('f'::"char", d.sla_fr_policy, CASE WHEN d.sla_fr_due_at IS NULL OR COALESCE(d.first_response_at, d.resolved_at) IS NULL THEN NULL
      WHEN COALESCE(d.first_response_at, d.resolved_at) <= d.sla_fr_due_at THEN 'met' ELSE 'late' END),
    ('r'::"char", d.sla_res_policy, CASE WHEN d.sla_res_due_at IS NULL OR d.resolved_at IS NULL THEN NULL
      WHEN d.resolved_at <= d.sla_res_due_at THEN 'met' ELSE 'late' END),
    ('e'::"char", '', CASE WHEN d.sla_fr_due_at IS NOT NULL OR d.sla_res_due_at IS NOT NULL THEN 'item' END)
  ) t(target, policy, outcome)
  WHERE t.outcome IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.s) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (workspace_id, day, channel, target, policy, outcome) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $fn$;

CREATE FUNCTION sori_sla_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_sla AS c (workspace_id, day, channel, target, policy, outcome, n)
  SELECT d.workspace_id, (d.created_at AT TIME ZONE w.timezone)::date, d.channel, t.target, t.policy, t.outcome, sum(d.s)
  FROM (SELECT 1 AS s, workspace_id, created_at, channel, sla_fr_policy, sla_fr_due_at, sla_res_policy, sla_res_due_at, first_response_at, resolved_at FROM sori_new_items UNION ALL SELECT -1, workspace_id, created_at, channel, sla_fr_policy, sla_fr_due_at, sla_res_policy, sla_res_due_at, first_response_at, resolved_at FROM sori_old_items) d JOIN workspaces w ON w.id = d.workspace_id
  CROSS JOIN LATERAL (VALUES
    ('f'::"char", d.sla_fr_policy, CASE WHEN d.sla_fr_due_at IS NULL OR COALESCE(d.first_response_at, d.resolved_at) IS NULL THEN NULL
      WHEN COALESCE(d.first_response_at, d.resolved_at) <= d.sla_fr_due_at THEN 'met' ELSE 'late' END),
    ('r'::"char", d.sla_res_policy, CASE WHEN d.sla_res_due_at IS NULL OR d.resolved_at IS NULL THEN NULL
      WHEN d.resolved_at <= d.sla_res_due_at THEN 'met' ELSE 'late' END),
    ('e'::"char", '', CASE WHEN d.sla_fr_due_at IS NOT NULL OR d.sla_res_due_at IS NOT NULL THEN 'item' END)
  ) t(target, policy, outcome)
  WHERE t.outcome IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.s) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (workspace_id, day, channel, target, policy, outcome) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $fn$;

-- A deleted item takes its outcomes back (a deleted workspace matches no workspace row).
CREATE FUNCTION sori_sla_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_sla AS c (workspace_id, day, channel, target, policy, outcome, n)
  SELECT d.workspace_id, (d.created_at AT TIME ZONE w.timezone)::date, d.channel, t.target, t.policy, t.outcome, sum(d.s)
  FROM (SELECT -1 AS s, workspace_id, created_at, channel, sla_fr_policy, sla_fr_due_at, sla_res_policy, sla_res_due_at, first_response_at, resolved_at FROM sori_old_items) d JOIN workspaces w ON w.id = d.workspace_id
  CROSS JOIN LATERAL (VALUES
    ('f'::"char", d.sla_fr_policy, CASE WHEN d.sla_fr_due_at IS NULL OR COALESCE(d.first_response_at, d.resolved_at) IS NULL THEN NULL
      WHEN COALESCE(d.first_response_at, d.resolved_at) <= d.sla_fr_due_at THEN 'met' ELSE 'late' END),
    ('r'::"char", d.sla_res_policy, CASE WHEN d.sla_res_due_at IS NULL OR d.resolved_at IS NULL THEN NULL
      WHEN d.resolved_at <= d.sla_res_due_at THEN 'met' ELSE 'late' END),
    ('e'::"char", '', CASE WHEN d.sla_fr_due_at IS NOT NULL OR d.sla_res_due_at IS NOT NULL THEN 'item' END)
  ) t(target, policy, outcome)
  WHERE t.outcome IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.s) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (workspace_id, day, channel, target, policy, outcome) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $fn$;

CREATE TRIGGER items_sla_insert AFTER INSERT ON items
  REFERENCING NEW TABLE AS sori_new_items FOR EACH STATEMENT EXECUTE FUNCTION sori_sla_insert();
CREATE TRIGGER items_sla_update AFTER UPDATE ON items
  REFERENCING OLD TABLE AS sori_old_items NEW TABLE AS sori_new_items FOR EACH STATEMENT EXECUTE FUNCTION sori_sla_update();
CREATE TRIGGER items_sla_delete AFTER DELETE ON items
  REFERENCING OLD TABLE AS sori_old_items FOR EACH STATEMENT EXECUTE FUNCTION sori_sla_delete();

INSERT INTO item_daily_sla (workspace_id, day, channel, target, policy, outcome, n)
SELECT i.workspace_id, (i.created_at AT TIME ZONE w.timezone)::date, i.channel, t.target, t.policy, t.outcome, count(*)
FROM items i JOIN workspaces w ON w.id = i.workspace_id
CROSS JOIN LATERAL (VALUES
  ('f'::"char", i.sla_fr_policy, CASE WHEN i.sla_fr_due_at IS NULL OR COALESCE(i.first_response_at, i.resolved_at) IS NULL THEN NULL
    WHEN COALESCE(i.first_response_at, i.resolved_at) <= i.sla_fr_due_at THEN 'met' ELSE 'late' END),
  ('r'::"char", i.sla_res_policy, CASE WHEN i.sla_res_due_at IS NULL OR i.resolved_at IS NULL THEN NULL
    WHEN i.resolved_at <= i.sla_res_due_at THEN 'met' ELSE 'late' END),
  ('e'::"char", '', CASE WHEN i.sla_fr_due_at IS NOT NULL OR i.sla_res_due_at IS NOT NULL THEN 'item' END)
) t(target, policy, outcome)
WHERE t.outcome IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;

-- Targets still open: few, read live by the SLA report.
CREATE INDEX items_ws_sla_open ON items (workspace_id, created_at)
  INCLUDE (channel, sla_fr_policy, sla_fr_due_at, sla_res_policy, sla_res_due_at, first_response_at, resolved_at)
  WHERE (sla_fr_due_at IS NOT NULL AND first_response_at IS NULL AND resolved_at IS NULL)
     OR (sla_res_due_at IS NOT NULL AND resolved_at IS NULL);
