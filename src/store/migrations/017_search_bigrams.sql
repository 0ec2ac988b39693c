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

-- Days that got items whose pairs are not in the filter yet: a write that does not put its pairs
-- in the filter itself (an API call, a webhook: a few items, where rewriting a hundred filter rows
-- each would cost more than the item) marks its days here, by trigger, in the same transaction;
-- searches read these days in full, and the server folds them into the filter in the background
-- (search-index.ts). A batch that writes its filter rows sets `sori.search_indexed` for itself.
CREATE TABLE item_search_dirty_days (
  workspace_id integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day          date NOT NULL,
  PRIMARY KEY (workspace_id, day)
);

CREATE FUNCTION sori_search_dirty_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('sori.search_indexed', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO item_search_dirty_days (workspace_id, day)
  SELECT DISTINCT n.workspace_id, (n.created_at AT TIME ZONE w.timezone)::date
  FROM sori_new_items n JOIN workspaces w ON w.id = n.workspace_id
  ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $fn$;

-- Only rows whose searched text (or day) changed: label and conversation updates mark nothing.
CREATE FUNCTION sori_search_dirty_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('sori.search_indexed', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO item_search_dirty_days (workspace_id, day)
  SELECT DISTINCT n.workspace_id, (n.created_at AT TIME ZONE w.timezone)::date
  FROM sori_new_items n JOIN sori_old_items o ON o.id = n.id JOIN workspaces w ON w.id = n.workspace_id
  WHERE n.text IS DISTINCT FROM o.text OR n.title IS DISTINCT FROM o.title OR n.order_ref IS DISTINCT FROM o.order_ref
     OR n.created_at <> o.created_at
  ORDER BY 1, 2
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $fn$;

CREATE TRIGGER items_search_dirty_insert AFTER INSERT ON items
  REFERENCING NEW TABLE AS sori_new_items FOR EACH STATEMENT EXECUTE FUNCTION sori_search_dirty_insert();
CREATE TRIGGER items_search_dirty_update AFTER UPDATE ON items
  REFERENCING OLD TABLE AS sori_old_items NEW TABLE AS sori_new_items FOR EACH STATEMENT EXECUTE FUNCTION sori_search_dirty_update();
