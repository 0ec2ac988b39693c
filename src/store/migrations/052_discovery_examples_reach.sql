-- Topic discovery stores what GET /topics/discovered used to work out on every read by unnesting
-- every cluster's members (labels/discover-topics.ts listClusters):
--   shown_example_ids: the cluster's distinct example items, best members first (a text sent again
--     and again is shown once). Ids, not texts: the text stays in the item alone, so deleting or
--     erasing an item (src/removal/) leaves no copy of a customer's words here; the deletion
--     chooses the next distinct member in its place.
--   run_first_at / run_last_at: how far the run's items reached (the first and last created_at it
--     read), the same on every cluster of a run; the growth verdict needs the week before covered.
ALTER TABLE topic_clusters
  ADD COLUMN shown_example_ids bigint[] NOT NULL DEFAULT '{}',
  ADD COLUMN run_first_at timestamptz,
  ADD COLUMN run_last_at timestamptz;
COMMENT ON COLUMN topic_clusters.shown_example_ids IS 'distinct example items shown, best first (ids: the text is read from the item)';
COMMENT ON COLUMN topic_clusters.run_first_at IS 'earliest created_at among the items the discovery run read';

-- Runs stored before: the items a run read are not known any more, so its reach is what the read
-- used to compute — its clusters' earliest and latest members —, and the examples are chosen as
-- the read chose them: the first 3 distinct texts among the first 30 members (title and text cut
-- at 300 characters, NFC, spaces collapsed, lower case).
UPDATE topic_clusters c SET run_first_at = r.first_at, run_last_at = r.last_at
FROM (
  SELECT c2.workspace_id, c2.run_at, min(i.created_at) AS first_at, max(i.created_at) AS last_at
  FROM topic_clusters c2 CROSS JOIN LATERAL unnest(c2.member_ids) AS m(item_id)
  JOIN items i ON i.workspace_id = c2.workspace_id AND i.id = m.item_id
  GROUP BY c2.workspace_id, c2.run_at
) r
WHERE r.workspace_id = c.workspace_id AND r.run_at = c.run_at;

WITH candidates AS (
  SELECT c.id AS cluster_id, m.item_id, m.ord,
    lower(btrim(regexp_replace(normalize(CASE WHEN i.title IS NOT NULL AND i.title <> '' THEN left(i.title, 300) || E'\n' ELSE '' END || left(i.text, 300), NFC), '\s+', ' ', 'g'))) AS text_key
  FROM topic_clusters c CROSS JOIN LATERAL unnest(c.member_ids[1:30]) WITH ORDINALITY AS m(item_id, ord)
  JOIN items i ON i.workspace_id = c.workspace_id AND i.id = m.item_id
), firsts AS (
  SELECT DISTINCT ON (cluster_id, text_key) cluster_id, item_id, ord FROM candidates ORDER BY cluster_id, text_key, ord
), ranked AS (
  SELECT cluster_id, item_id, ord, row_number() OVER (PARTITION BY cluster_id ORDER BY ord) AS rank FROM firsts
)
UPDATE topic_clusters c SET shown_example_ids = ARRAY(SELECT r.item_id FROM ranked r WHERE r.cluster_id = c.id AND r.rank <= 3 ORDER BY r.ord)
WHERE EXISTS (SELECT 1 FROM ranked r WHERE r.cluster_id = c.id);
