-- Insights: daily rollups kept up to date at ingest, so dashboards never scan the item table.

-- Whether an item repeats an earlier one (its duplicate group began with another item); NULL when
-- it was stored without enrichment. Set by enrichment; rows stored before this column existed get
-- it from their group id, a 52-bit hash of the group's first item's identity (ingest/enrich.ts).
ALTER TABLE items ADD COLUMN is_duplicate boolean;
UPDATE items SET is_duplicate =
  dup_group <> ('x' || substr(encode(sha256(convert_to(source || chr(1) || external_id, 'UTF8')), 'hex'), 1, 13))::bit(52)::bigint
 WHERE dup_group IS NOT NULL;

-- One row per workspace × day (in the workspace's time zone) × channel × type × topic × sentiment.
-- '' / 0 stand for "none" so the key can be a primary key. Counts only: sums and shares are
-- computed from them; durations (first response, handling time) are read from the items.
CREATE TABLE item_daily_counts (
  workspace_id  integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day           date NOT NULL,
  channel       text NOT NULL,
  type          text NOT NULL,
  topic_id      bigint NOT NULL,
  sentiment     text NOT NULL,
  items         integer NOT NULL DEFAULT 0,
  duplicates    integer NOT NULL DEFAULT 0,   -- items repeating an earlier one
  bot_handled   integer NOT NULL DEFAULT 0,   -- handled_by = 'bot' (self-service)
  human_handled integer NOT NULL DEFAULT 0,
  responded     integer NOT NULL DEFAULT 0,   -- first_response_at set
  resolved      integer NOT NULL DEFAULT 0,   -- resolved_at set
  reopened      integer NOT NULL DEFAULT 0,   -- reopened at least once
  scored        integer NOT NULL DEFAULT 0,   -- with a 0–10 score (NPS)
  promoters     integer NOT NULL DEFAULT 0,   -- score 9–10
  detractors    integer NOT NULL DEFAULT 0,   -- score 0–6
  rated         integer NOT NULL DEFAULT 0,   -- with a 1–5 rating (CSAT)
  rating_sum    integer NOT NULL DEFAULT 0,
  satisfied     integer NOT NULL DEFAULT 0,   -- rating 4–5
  PRIMARY KEY (workspace_id, day, channel, type, topic_id, sentiment)
);

-- The trigger functions read the statement's transition tables: one grouped write per statement
-- (a COPY of 10,000 rows is one INSERT … ON CONFLICT here, not 10,000). Rows are written in key
-- order so two concurrent batches lock rollup rows in the same order (no deadlock between them).
CREATE FUNCTION sori_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_counts AS c (workspace_id, day, channel, type, topic_id, sentiment, items, duplicates,
    bot_handled, human_handled, responded, resolved, reopened, scored, promoters, detractors, rated, rating_sum, satisfied)
  SELECT n.workspace_id, (n.created_at AT TIME ZONE w.timezone)::date, n.channel, COALESCE(n.type, ''),
    COALESCE(n.topic_id, 0), COALESCE(n.sentiment, ''), count(*),
    count(*) FILTER (WHERE n.is_duplicate), count(*) FILTER (WHERE n.handled_by = 'bot'),
    count(*) FILTER (WHERE n.handled_by = 'human'), count(n.first_response_at), count(n.resolved_at),
    count(*) FILTER (WHERE n.reopened_count > 0), count(n.score), count(*) FILTER (WHERE n.score >= 9),
    count(*) FILTER (WHERE n.score <= 6), count(n.rating), COALESCE(sum(n.rating), 0),
    count(*) FILTER (WHERE n.rating >= 4)
  FROM sori_new_items n JOIN workspaces w ON w.id = n.workspace_id
  GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (workspace_id, day, channel, type, topic_id, sentiment) DO UPDATE SET
    items = c.items + EXCLUDED.items, duplicates = c.duplicates + EXCLUDED.duplicates,
    bot_handled = c.bot_handled + EXCLUDED.bot_handled, human_handled = c.human_handled + EXCLUDED.human_handled,
    responded = c.responded + EXCLUDED.responded, resolved = c.resolved + EXCLUDED.resolved,
    reopened = c.reopened + EXCLUDED.reopened, scored = c.scored + EXCLUDED.scored,
    promoters = c.promoters + EXCLUDED.promoters, detractors = c.detractors + EXCLUDED.detractors,
    rated = c.rated + EXCLUDED.rated, rating_sum = c.rating_sum + EXCLUDED.rating_sum,
    satisfied = c.satisfied + EXCLUDED.satisfied;
  RETURN NULL;
END $fn$;

-- An update moves an item between keys (a correction changes its type) or changes what it counts
-- (an agent answered): subtract the old rows, add the new ones, and write only keys that moved.
CREATE FUNCTION sori_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_counts AS c (workspace_id, day, channel, type, topic_id, sentiment, items, duplicates,
    bot_handled, human_handled, responded, resolved, reopened, scored, promoters, detractors, rated, rating_sum, satisfied)
  SELECT * FROM (
    SELECT d.workspace_id, (d.created_at AT TIME ZONE w.timezone)::date AS day, d.channel, d.type, d.topic_id, d.sentiment,
      sum(d.s)::int AS items, sum(d.s * (d.is_duplicate IS TRUE)::int)::int AS duplicates,
      sum(d.s * (d.handled_by = 'bot' IS TRUE)::int)::int AS bot_handled, sum(d.s * (d.handled_by = 'human' IS TRUE)::int)::int AS human_handled,
      sum(d.s * (d.first_response_at IS NOT NULL)::int)::int AS responded, sum(d.s * (d.resolved_at IS NOT NULL)::int)::int AS resolved,
      sum(d.s * (d.reopened_count > 0 IS TRUE)::int)::int AS reopened, sum(d.s * (d.score IS NOT NULL)::int)::int AS scored,
      sum(d.s * (d.score >= 9 IS TRUE)::int)::int AS promoters, sum(d.s * (d.score <= 6 IS TRUE)::int)::int AS detractors,
      sum(d.s * (d.rating IS NOT NULL)::int)::int AS rated, sum(d.s * COALESCE(d.rating, 0))::int AS rating_sum,
      sum(d.s * (d.rating >= 4 IS TRUE)::int)::int AS satisfied
    FROM (
      SELECT 1 AS s, n.workspace_id, n.created_at, n.channel, COALESCE(n.type, '') AS type, COALESCE(n.topic_id, 0) AS topic_id,
        COALESCE(n.sentiment, '') AS sentiment, n.is_duplicate, n.handled_by, n.first_response_at, n.resolved_at,
        n.reopened_count, n.score, n.rating
      FROM sori_new_items n
      UNION ALL
      SELECT -1, o.workspace_id, o.created_at, o.channel, COALESCE(o.type, ''), COALESCE(o.topic_id, 0),
        COALESCE(o.sentiment, ''), o.is_duplicate, o.handled_by, o.first_response_at, o.resolved_at,
        o.reopened_count, o.score, o.rating
      FROM sori_old_items o
    ) d JOIN workspaces w ON w.id = d.workspace_id
    GROUP BY 1, 2, 3, 4, 5, 6
  ) g
  -- Keys whose counts did not move (a re-classification that kept the labels) are not written.
  WHERE (g.items, g.duplicates, g.bot_handled, g.human_handled, g.responded, g.resolved, g.reopened, g.scored,
         g.promoters, g.detractors, g.rated, g.rating_sum, g.satisfied) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (workspace_id, day, channel, type, topic_id, sentiment) DO UPDATE SET
    items = c.items + EXCLUDED.items, duplicates = c.duplicates + EXCLUDED.duplicates,
    bot_handled = c.bot_handled + EXCLUDED.bot_handled, human_handled = c.human_handled + EXCLUDED.human_handled,
    responded = c.responded + EXCLUDED.responded, resolved = c.resolved + EXCLUDED.resolved,
    reopened = c.reopened + EXCLUDED.reopened, scored = c.scored + EXCLUDED.scored,
    promoters = c.promoters + EXCLUDED.promoters, detractors = c.detractors + EXCLUDED.detractors,
    rated = c.rated + EXCLUDED.rated, rating_sum = c.rating_sum + EXCLUDED.rating_sum,
    satisfied = c.satisfied + EXCLUDED.satisfied;
  RETURN NULL;
END $fn$;

-- A deleted item leaves its counts. A whole workspace being deleted matches no workspace row here
-- (its rollups go with it by cascade).
CREATE FUNCTION sori_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE item_daily_counts c SET
    items = c.items - d.items, duplicates = c.duplicates - d.duplicates, bot_handled = c.bot_handled - d.bot_handled,
    human_handled = c.human_handled - d.human_handled, responded = c.responded - d.responded,
    resolved = c.resolved - d.resolved, reopened = c.reopened - d.reopened, scored = c.scored - d.scored,
    promoters = c.promoters - d.promoters, detractors = c.detractors - d.detractors, rated = c.rated - d.rated,
    rating_sum = c.rating_sum - d.rating_sum, satisfied = c.satisfied - d.satisfied
  FROM (
    SELECT o.workspace_id, (o.created_at AT TIME ZONE w.timezone)::date AS day, o.channel, COALESCE(o.type, '') AS type,
      COALESCE(o.topic_id, 0) AS topic_id, COALESCE(o.sentiment, '') AS sentiment, count(*) AS items,
      count(*) FILTER (WHERE o.is_duplicate) AS duplicates, count(*) FILTER (WHERE o.handled_by = 'bot') AS bot_handled,
      count(*) FILTER (WHERE o.handled_by = 'human') AS human_handled, count(o.first_response_at) AS responded,
      count(o.resolved_at) AS resolved, count(*) FILTER (WHERE o.reopened_count > 0) AS reopened,
      count(o.score) AS scored, count(*) FILTER (WHERE o.score >= 9) AS promoters,
      count(*) FILTER (WHERE o.score <= 6) AS detractors, count(o.rating) AS rated,
      COALESCE(sum(o.rating), 0) AS rating_sum, count(*) FILTER (WHERE o.rating >= 4) AS satisfied
    FROM sori_old_items o JOIN workspaces w ON w.id = o.workspace_id
    GROUP BY 1, 2, 3, 4, 5, 6
  ) d
  WHERE c.workspace_id = d.workspace_id AND c.day = d.day AND c.channel = d.channel AND c.type = d.type
    AND c.topic_id = d.topic_id AND c.sentiment = d.sentiment;
  RETURN NULL;
END $fn$;

CREATE TRIGGER items_rollup_insert AFTER INSERT ON items
  REFERENCING NEW TABLE AS sori_new_items FOR EACH STATEMENT EXECUTE FUNCTION sori_rollup_insert();
CREATE TRIGGER items_rollup_update AFTER UPDATE ON items
  REFERENCING OLD TABLE AS sori_old_items NEW TABLE AS sori_new_items FOR EACH STATEMENT EXECUTE FUNCTION sori_rollup_update();
CREATE TRIGGER items_rollup_delete AFTER DELETE ON items
  REFERENCING OLD TABLE AS sori_old_items FOR EACH STATEMENT EXECUTE FUNCTION sori_rollup_delete();

-- Items stored before this migration.
INSERT INTO item_daily_counts (workspace_id, day, channel, type, topic_id, sentiment, items, duplicates,
  bot_handled, human_handled, responded, resolved, reopened, scored, promoters, detractors, rated, rating_sum, satisfied)
SELECT i.workspace_id, (i.created_at AT TIME ZONE w.timezone)::date, i.channel, COALESCE(i.type, ''),
  COALESCE(i.topic_id, 0), COALESCE(i.sentiment, ''), count(*), count(*) FILTER (WHERE i.is_duplicate),
  count(*) FILTER (WHERE i.handled_by = 'bot'), count(*) FILTER (WHERE i.handled_by = 'human'),
  count(i.first_response_at), count(i.resolved_at), count(*) FILTER (WHERE i.reopened_count > 0), count(i.score),
  count(*) FILTER (WHERE i.score >= 9), count(*) FILTER (WHERE i.score <= 6), count(i.rating),
  COALESCE(sum(i.rating), 0), count(*) FILTER (WHERE i.rating >= 4)
FROM items i JOIN workspaces w ON w.id = i.workspace_id
GROUP BY 1, 2, 3, 4, 5, 6;
