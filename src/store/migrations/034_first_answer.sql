-- A resolution is the first answer when nothing came before it (audit s19): a 1:1 board ticket
-- exported with only its completion time (처리완료일시 → resolved_at), a chat closed with the
-- answer in the closing message. The SLA has always counted it so (domain/sla.ts, migration 010:
-- COALESCE(first_response_at, resolved_at)), but the daily counts' `responded` and the lead-time
-- sketches' first-response measure `f` read first_response_at only, so twenty answered and
-- resolved tickets showed a 0 % response rate and no first-response time beside 100 % first
-- responses in time on the SLA page.
--
-- Now every count of an answer reads sori_first_answer_at: the trigger functions are replaced
-- (same names, same triggers), and the daily counts' `responded` and the sketches' `f` measure are
-- recounted from the items (store/queries/item-daily-counts.ts counts them the same way).

-- When an item was first answered: its first response, else its resolution. One definition for
-- every trigger and recount (a plain SQL function: the planner inlines it).
CREATE FUNCTION sori_first_answer_at(first_response_at timestamptz, resolved_at timestamptz) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT COALESCE(first_response_at, resolved_at) $$;

CREATE OR REPLACE FUNCTION sori_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_counts AS c (workspace_id, day, channel, type, topic_id, sentiment, items, duplicates, bot_handled, human_handled, responded, resolved, reopened, scored, promoters, detractors, rated, rating_sum, satisfied, ever_resolved, review_rated, review_rating_sum, review_satisfied)
  SELECT n.workspace_id, (n.created_at AT TIME ZONE w.timezone)::date, n.channel, COALESCE(n.type, ''),
    COALESCE(n.topic_id, 0), COALESCE(n.sentiment, ''),
    count(*),
    count(*) FILTER (WHERE n.is_duplicate),
    count(*) FILTER (WHERE n.handled_by = 'bot'),
    count(*) FILTER (WHERE n.handled_by = 'human'),
    count(*) FILTER (WHERE sori_first_answer_at(n.first_response_at, n.resolved_at) IS NOT NULL),
    count(*) FILTER (WHERE n.resolved_at IS NOT NULL),
    count(*) FILTER (WHERE n.reopened_count > 0),
    count(*) FILTER (WHERE n.score IS NOT NULL),
    count(*) FILTER (WHERE n.score >= 9),
    count(*) FILTER (WHERE n.score <= 6),
    count(*) FILTER (WHERE n.rating IS NOT NULL AND NOT (sori_is_review(n.kind, n.channel))),
    COALESCE(sum(n.rating) FILTER (WHERE n.rating IS NOT NULL AND NOT (sori_is_review(n.kind, n.channel))), 0),
    count(*) FILTER (WHERE n.rating >= 4 AND NOT (sori_is_review(n.kind, n.channel))),
    count(*) FILTER (WHERE (n.resolved_at IS NOT NULL OR n.reopened_count > 0)),
    count(*) FILTER (WHERE n.rating IS NOT NULL AND (sori_is_review(n.kind, n.channel))),
    COALESCE(sum(n.rating) FILTER (WHERE n.rating IS NOT NULL AND (sori_is_review(n.kind, n.channel))), 0),
    count(*) FILTER (WHERE n.rating >= 4 AND (sori_is_review(n.kind, n.channel)))
  FROM sori_new_items n JOIN workspaces w ON w.id = n.workspace_id
  GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (workspace_id, day, channel, type, topic_id, sentiment) DO UPDATE SET
    items = c.items + EXCLUDED.items,
    duplicates = c.duplicates + EXCLUDED.duplicates,
    bot_handled = c.bot_handled + EXCLUDED.bot_handled,
    human_handled = c.human_handled + EXCLUDED.human_handled,
    responded = c.responded + EXCLUDED.responded,
    resolved = c.resolved + EXCLUDED.resolved,
    reopened = c.reopened + EXCLUDED.reopened,
    scored = c.scored + EXCLUDED.scored,
    promoters = c.promoters + EXCLUDED.promoters,
    detractors = c.detractors + EXCLUDED.detractors,
    rated = c.rated + EXCLUDED.rated,
    rating_sum = c.rating_sum + EXCLUDED.rating_sum,
    satisfied = c.satisfied + EXCLUDED.satisfied,
    ever_resolved = c.ever_resolved + EXCLUDED.ever_resolved,
    review_rated = c.review_rated + EXCLUDED.review_rated,
    review_rating_sum = c.review_rating_sum + EXCLUDED.review_rating_sum,
    review_satisfied = c.review_satisfied + EXCLUDED.review_satisfied;
  RETURN NULL;
END $fn$;

CREATE OR REPLACE FUNCTION sori_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_counts AS c (workspace_id, day, channel, type, topic_id, sentiment, items, duplicates, bot_handled, human_handled, responded, resolved, reopened, scored, promoters, detractors, rated, rating_sum, satisfied, ever_resolved, review_rated, review_rating_sum, review_satisfied)
  SELECT * FROM (
    SELECT d.workspace_id, (d.created_at AT TIME ZONE w.timezone)::date AS day, d.channel, d.type, d.topic_id, d.sentiment,
      sum(d.s)::int AS items,
      sum(d.s * CASE WHEN d.is_duplicate THEN 1 ELSE 0 END)::int AS duplicates,
      sum(d.s * CASE WHEN d.handled_by = 'bot' THEN 1 ELSE 0 END)::int AS bot_handled,
      sum(d.s * CASE WHEN d.handled_by = 'human' THEN 1 ELSE 0 END)::int AS human_handled,
      sum(d.s * CASE WHEN sori_first_answer_at(d.first_response_at, d.resolved_at) IS NOT NULL THEN 1 ELSE 0 END)::int AS responded,
      sum(d.s * CASE WHEN d.resolved_at IS NOT NULL THEN 1 ELSE 0 END)::int AS resolved,
      sum(d.s * CASE WHEN d.reopened_count > 0 THEN 1 ELSE 0 END)::int AS reopened,
      sum(d.s * CASE WHEN d.score IS NOT NULL THEN 1 ELSE 0 END)::int AS scored,
      sum(d.s * CASE WHEN d.score >= 9 THEN 1 ELSE 0 END)::int AS promoters,
      sum(d.s * CASE WHEN d.score <= 6 THEN 1 ELSE 0 END)::int AS detractors,
      sum(d.s * CASE WHEN d.rating IS NOT NULL AND NOT (sori_is_review(d.kind, d.channel)) THEN 1 ELSE 0 END)::int AS rated,
      sum(d.s * CASE WHEN d.rating IS NOT NULL AND NOT (sori_is_review(d.kind, d.channel)) THEN d.rating ELSE 0 END)::int AS rating_sum,
      sum(d.s * CASE WHEN d.rating >= 4 AND NOT (sori_is_review(d.kind, d.channel)) THEN 1 ELSE 0 END)::int AS satisfied,
      sum(d.s * CASE WHEN (d.resolved_at IS NOT NULL OR d.reopened_count > 0) THEN 1 ELSE 0 END)::int AS ever_resolved,
      sum(d.s * CASE WHEN d.rating IS NOT NULL AND (sori_is_review(d.kind, d.channel)) THEN 1 ELSE 0 END)::int AS review_rated,
      sum(d.s * CASE WHEN d.rating IS NOT NULL AND (sori_is_review(d.kind, d.channel)) THEN d.rating ELSE 0 END)::int AS review_rating_sum,
      sum(d.s * CASE WHEN d.rating >= 4 AND (sori_is_review(d.kind, d.channel)) THEN 1 ELSE 0 END)::int AS review_satisfied
    FROM (
      SELECT 1 AS s, n.workspace_id, n.created_at, n.channel, COALESCE(n.type, '') AS type, COALESCE(n.topic_id, 0) AS topic_id,
        COALESCE(n.sentiment, '') AS sentiment, n.is_duplicate, n.handled_by, n.first_response_at, n.resolved_at,
        n.reopened_count, n.score, n.rating, n.kind
      FROM sori_new_items n
      UNION ALL
      SELECT -1, o.workspace_id, o.created_at, o.channel, COALESCE(o.type, ''), COALESCE(o.topic_id, 0),
        COALESCE(o.sentiment, ''), o.is_duplicate, o.handled_by, o.first_response_at, o.resolved_at,
        o.reopened_count, o.score, o.rating, o.kind
      FROM sori_old_items o
    ) d JOIN workspaces w ON w.id = d.workspace_id
    GROUP BY 1, 2, 3, 4, 5, 6
  ) g
  -- Keys whose counts did not move (a re-classification that kept the labels) are not written.
  WHERE (g.items, g.duplicates, g.bot_handled, g.human_handled, g.responded, g.resolved, g.reopened, g.scored, g.promoters, g.detractors, g.rated, g.rating_sum, g.satisfied, g.ever_resolved, g.review_rated, g.review_rating_sum, g.review_satisfied) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (workspace_id, day, channel, type, topic_id, sentiment) DO UPDATE SET
    items = c.items + EXCLUDED.items,
    duplicates = c.duplicates + EXCLUDED.duplicates,
    bot_handled = c.bot_handled + EXCLUDED.bot_handled,
    human_handled = c.human_handled + EXCLUDED.human_handled,
    responded = c.responded + EXCLUDED.responded,
    resolved = c.resolved + EXCLUDED.resolved,
    reopened = c.reopened + EXCLUDED.reopened,
    scored = c.scored + EXCLUDED.scored,
    promoters = c.promoters + EXCLUDED.promoters,
    detractors = c.detractors + EXCLUDED.detractors,
    rated = c.rated + EXCLUDED.rated,
    rating_sum = c.rating_sum + EXCLUDED.rating_sum,
    satisfied = c.satisfied + EXCLUDED.satisfied,
    ever_resolved = c.ever_resolved + EXCLUDED.ever_resolved,
    review_rated = c.review_rated + EXCLUDED.review_rated,
    review_rating_sum = c.review_rating_sum + EXCLUDED.review_rating_sum,
    review_satisfied = c.review_satisfied + EXCLUDED.review_satisfied;
  RETURN NULL;
END $fn$;

CREATE OR REPLACE FUNCTION sori_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE item_daily_counts c SET
    items = c.items - d.items,
    duplicates = c.duplicates - d.duplicates,
    bot_handled = c.bot_handled - d.bot_handled,
    human_handled = c.human_handled - d.human_handled,
    responded = c.responded - d.responded,
    resolved = c.resolved - d.resolved,
    reopened = c.reopened - d.reopened,
    scored = c.scored - d.scored,
    promoters = c.promoters - d.promoters,
    detractors = c.detractors - d.detractors,
    rated = c.rated - d.rated,
    rating_sum = c.rating_sum - d.rating_sum,
    satisfied = c.satisfied - d.satisfied,
    ever_resolved = c.ever_resolved - d.ever_resolved,
    review_rated = c.review_rated - d.review_rated,
    review_rating_sum = c.review_rating_sum - d.review_rating_sum,
    review_satisfied = c.review_satisfied - d.review_satisfied
  FROM (
    SELECT o.workspace_id, (o.created_at AT TIME ZONE w.timezone)::date AS day, o.channel, COALESCE(o.type, '') AS type,
      COALESCE(o.topic_id, 0) AS topic_id, COALESCE(o.sentiment, '') AS sentiment,
      count(*) AS items,
      count(*) FILTER (WHERE o.is_duplicate) AS duplicates,
      count(*) FILTER (WHERE o.handled_by = 'bot') AS bot_handled,
      count(*) FILTER (WHERE o.handled_by = 'human') AS human_handled,
      count(*) FILTER (WHERE sori_first_answer_at(o.first_response_at, o.resolved_at) IS NOT NULL) AS responded,
      count(*) FILTER (WHERE o.resolved_at IS NOT NULL) AS resolved,
      count(*) FILTER (WHERE o.reopened_count > 0) AS reopened,
      count(*) FILTER (WHERE o.score IS NOT NULL) AS scored,
      count(*) FILTER (WHERE o.score >= 9) AS promoters,
      count(*) FILTER (WHERE o.score <= 6) AS detractors,
      count(*) FILTER (WHERE o.rating IS NOT NULL AND NOT (sori_is_review(o.kind, o.channel))) AS rated,
      COALESCE(sum(o.rating) FILTER (WHERE o.rating IS NOT NULL AND NOT (sori_is_review(o.kind, o.channel))), 0) AS rating_sum,
      count(*) FILTER (WHERE o.rating >= 4 AND NOT (sori_is_review(o.kind, o.channel))) AS satisfied,
      count(*) FILTER (WHERE (o.resolved_at IS NOT NULL OR o.reopened_count > 0)) AS ever_resolved,
      count(*) FILTER (WHERE o.rating IS NOT NULL AND (sori_is_review(o.kind, o.channel))) AS review_rated,
      COALESCE(sum(o.rating) FILTER (WHERE o.rating IS NOT NULL AND (sori_is_review(o.kind, o.channel))), 0) AS review_rating_sum,
      count(*) FILTER (WHERE o.rating >= 4 AND (sori_is_review(o.kind, o.channel))) AS review_satisfied
    FROM sori_old_items o JOIN workspaces w ON w.id = o.workspace_id
    GROUP BY 1, 2, 3, 4, 5, 6
  ) d
  WHERE c.workspace_id = d.workspace_id AND c.day = d.day AND c.channel = d.channel AND c.type = d.type
    AND c.topic_id = d.topic_id AND c.sentiment = d.sentiment;
  RETURN NULL;
END $fn$;

-- Lead-time sketches (as in 021; the first-response measure f is the first answer as above).
CREATE OR REPLACE FUNCTION sori_lead_times_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_lead_sketches AS c (workspace_id, dim, day, key, measure, sketch)
  WITH i AS MATERIALIZED (
    SELECT n.workspace_id AS ws, (n.created_at AT TIME ZONE w.timezone)::date AS day, n.channel, COALESCE(n.type, '') AS type,
      COALESCE(n.assignee, '') AS assignee, COALESCE(n.handled_by, '') AS handled_by, n.reopened_count > 0 AS reopened,
      CASE WHEN sori_first_answer_at(n.first_response_at, n.resolved_at) >= n.created_at
        THEN sori_sketch_bucket(extract(epoch FROM sori_first_answer_at(n.first_response_at, n.resolved_at) - n.created_at)::float8) END AS fb,
      CASE WHEN n.resolved_at >= n.created_at THEN sori_sketch_bucket(extract(epoch FROM n.resolved_at - n.created_at)::float8) END AS rb
    FROM sori_new_items n JOIN workspaces w ON w.id = n.workspace_id
    WHERE n.channel IN ('chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other')
  ), g AS (
    SELECT ws, day, v.measure, v.bucket, channel, type, assignee, handled_by, count(*)::int AS n,
      grouping(channel, type, assignee, handled_by) AS set
    FROM i CROSS JOIN LATERAL (VALUES ('n'::"char", 0::smallint), ('x', CASE WHEN reopened THEN (CASE WHEN rb IS NULL THEN 1 ELSE 0 END)::smallint END), ('f', fb), ('r', rb)) v(measure, bucket)
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
      CASE WHEN sori_first_answer_at(d.first_response_at, d.resolved_at) >= d.created_at
        THEN sori_sketch_bucket(extract(epoch FROM sori_first_answer_at(d.first_response_at, d.resolved_at) - d.created_at)::float8) END AS fb,
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
    FROM i CROSS JOIN LATERAL (VALUES ('n'::"char", 0::smallint), ('x', CASE WHEN reopened THEN (CASE WHEN rb IS NULL THEN 1 ELSE 0 END)::smallint END), ('f', fb), ('r', rb)) v(measure, bucket)
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
      CASE WHEN sori_first_answer_at(o.first_response_at, o.resolved_at) >= o.created_at
        THEN sori_sketch_bucket(extract(epoch FROM sori_first_answer_at(o.first_response_at, o.resolved_at) - o.created_at)::float8) END AS fb,
      CASE WHEN o.resolved_at >= o.created_at THEN sori_sketch_bucket(extract(epoch FROM o.resolved_at - o.created_at)::float8) END AS rb
    FROM sori_old_items o JOIN workspaces w ON w.id = o.workspace_id
    WHERE o.channel IN ('chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other')
  ), g AS (
    SELECT ws, day, v.measure, v.bucket, channel, type, assignee, handled_by, -count(*)::int AS n,
      grouping(channel, type, assignee, handled_by) AS set
    FROM i CROSS JOIN LATERAL (VALUES ('n'::"char", 0::smallint), ('x', CASE WHEN reopened THEN (CASE WHEN rb IS NULL THEN 1 ELSE 0 END)::smallint END), ('f', fb), ('r', rb)) v(measure, bucket)
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

-- Recount `responded` from the items (only rows whose count changes are written).
UPDATE item_daily_counts c SET responded = f.responded
FROM (
  SELECT i.workspace_id, (i.created_at AT TIME ZONE w.timezone)::date AS day, i.channel, COALESCE(i.type, '') AS type,
    COALESCE(i.topic_id, 0) AS topic_id, COALESCE(i.sentiment, '') AS sentiment,
    count(*) FILTER (WHERE sori_first_answer_at(i.first_response_at, i.resolved_at) IS NOT NULL)::int AS responded
  FROM items i JOIN workspaces w ON w.id = i.workspace_id
  GROUP BY 1, 2, 3, 4, 5, 6
) f
WHERE c.workspace_id = f.workspace_id AND c.day = f.day AND c.channel = f.channel AND c.type = f.type
  AND c.topic_id = f.topic_id AND c.sentiment = f.sentiment AND c.responded <> f.responded;

-- Recount the first-response measure of the lead-time sketches.
DELETE FROM item_daily_lead_sketches WHERE measure = 'f';
INSERT INTO item_daily_lead_sketches (workspace_id, dim, day, key, measure, sketch)
SELECT workspace_id, dim, day, key, 'f', array_agg(ARRAY[bucket, n] ORDER BY bucket)
FROM (
  SELECT i.workspace_id, x.dim, (i.created_at AT TIME ZONE w.timezone)::date AS day, x.key,
    sori_sketch_bucket(extract(epoch FROM sori_first_answer_at(i.first_response_at, i.resolved_at) - i.created_at)::float8)::int AS bucket,
    count(*)::int AS n
  FROM items i JOIN workspaces w ON w.id = i.workspace_id
  CROSS JOIN LATERAL (VALUES ('channel', i.channel), ('type', COALESCE(i.type, '')), ('assignee', COALESCE(i.assignee, '')),
                             ('handled_by', COALESCE(i.handled_by, ''))) x(dim, key)
  WHERE sori_first_answer_at(i.first_response_at, i.resolved_at) >= i.created_at
    AND i.channel IN ('chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other')
  GROUP BY 1, 2, 3, 4, 5
) p
GROUP BY 1, 2, 3, 4;
