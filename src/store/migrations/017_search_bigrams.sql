-- Which character pairs occur in a workspace's items on each local day (text, title, order and
-- external ids; see src/text/bigrams.ts). A search looks up the days that hold every pair of its
-- term and reads only those days' items: a term in no item is answered without reading any, and a
-- two-syllable Korean word works as well as a long one. Written with the items (ingest), rows are
-- never removed (a deleted item's pairs only cost a day read for nothing).
CREATE TABLE item_day_bigrams (
  workspace_id integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  code         integer NOT NULL,
  day          date NOT NULL,
  PRIMARY KEY (workspace_id, code, day)
);

-- Items with an id below this were stored before their pairs were kept (this migration, a
-- restore): search reads every day until they are indexed (store/queries/search-index.ts), then
-- it is set to NULL.
ALTER TABLE workspaces ADD COLUMN search_index_below bigint;
UPDATE workspaces w SET search_index_below = m.below
FROM (SELECT workspace_id, max(id) + 1 AS below FROM items GROUP BY workspace_id) m
WHERE m.workspace_id = w.id;
