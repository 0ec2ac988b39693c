-- Which character pairs occur in a workspace's items on each local day (text, title, order and
-- external ids; see src/text/bigrams.ts), as a Bloom filter per day: 2^21 bits, two per pair, kept
-- as 256 rows of 8,192 bits (bucket = bit >> 13) so a batch ORs in only the rows it touches and a
-- search reads only the rows its bits are in. A search reads the items of the days whose filter
-- holds every pair of its term: a term in no item is answered without reading any (barring a
-- false positive, ~1 % of days per pair at 100k distinct pairs a day), and a two-syllable Korean
-- word is narrowed as well as a long one. Bits are never cleared (a deleted item's pairs only cost
-- a day read for nothing).
CREATE TABLE item_day_bigrams (
  workspace_id integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  bucket       smallint NOT NULL,
  day          date NOT NULL,
  bits         bit(8192) NOT NULL,
  PRIMARY KEY (workspace_id, bucket, day)
);

-- Items with an id below this were stored before their pairs were kept (this migration, a
-- restore): search reads every day until they are indexed (store/queries/search-index.ts), then
-- it is set to NULL.
ALTER TABLE workspaces ADD COLUMN search_index_below bigint;
UPDATE workspaces w SET search_index_below = m.below
FROM (SELECT workspace_id, max(id) + 1 AS below FROM items GROUP BY workspace_id) m
WHERE m.workspace_id = w.id;
