-- A topic promoted from a discovered cluster labels only the cluster's members, which lie in the
-- discovery's window: before them nothing has the topic, and a comparison with an earlier period
-- read as a rise (+1,924 %, "significant", in an audit). labelled_since records the earliest
-- labelled item; the movers give no verdict for a period that starts before it. Rules re-label the
-- whole history (labels/reclassify.ts), so giving the topic rules clears it.
ALTER TABLE topics ADD COLUMN labelled_since timestamptz;
COMMENT ON COLUMN topics.labelled_since IS 'items before this instant were never labelled with the topic (set by promoting a discovered cluster; cleared by rules)';

-- Topics promoted before this migration: their clusters' earliest members (no rules: rules relabel).
UPDATE topics t SET labelled_since = (SELECT min(i.created_at) FROM items i WHERE i.workspace_id = t.workspace_id AND i.id = ANY(c.member_ids))
FROM topic_clusters c
WHERE c.promoted_topic_id = t.id AND c.workspace_id = t.workspace_id AND t.rules = '[]'::jsonb AND t.labelled_since IS NULL;
