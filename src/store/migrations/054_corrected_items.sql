-- The items an operator corrected (a locked label), for the model impact preview
-- (labels/preview-model-impact.ts): it counts the items a re-classification would relabel as all of
-- the workspace's items (from the daily rollups) less the corrected ones, read from this index alone
-- (their locked labels and topic are in it: an index-only scan), instead of counting every item
-- (0.4–1.0 s at 1,000,000 items on PostgreSQL, 0.8–2.2 s on PGlite; now 8–120 ms). Only corrected rows
-- are indexed: new items arrive uncorrected, so ingest writes to it only when it updates a corrected item.
CREATE INDEX items_ws_corrected ON items (workspace_id, id) INCLUDE (locked_labels, topic_id) WHERE locked_labels <> '{}';
