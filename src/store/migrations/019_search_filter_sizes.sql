-- Search filters sized to their day. Migration 017 gave every local day a Bloom filter of 2^21
-- bits (256 rows of 8,192 bits), whatever the day's volume: a day of a hundred items sets bits in
-- nearly every row, so it cost ~256 KB — the demo workspace's filters (90 days, 120 items a day)
-- were 28 MB beside 11 MB of items, and a small shop's three years of history would have kept
-- ~280 MB of filters for ~20 MB of items. Now a day's filter has 2^size_log2 bits (13–21: 1 to
-- 256 rows), chosen so at most one bit in 16 is set when it is built; a day that grows past one
-- in 8 is rebuilt larger from its items (store/queries/search-index.ts). A smaller filter is the
-- full one folded: a pair's position p (0 … 2^21 − 1) is bit p mod 2^size_log2, so the rows of
-- a folded day are the full rows OR-ed together by bucket mod 2^(size_log2 − 13).

-- One row per indexed day: its filter's size and how many of its bits are set. Writers lock the
-- day's row before they read or write its filter rows (a rebuild reads the day's items under it).
CREATE TABLE item_day_filters (
  workspace_id integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  day          date NOT NULL,
  size_log2    smallint NOT NULL,
  bits_set     integer NOT NULL,
  PRIMARY KEY (workspace_id, day)
);

INSERT INTO item_day_filters (workspace_id, day, size_log2, bits_set)
SELECT workspace_id, day, 21, sum(bit_count(bits))::int FROM item_day_bigrams GROUP BY 1, 2;

-- Size first in the key: a search reads, for each of its bits, the rows of one bucket at one size.
ALTER TABLE item_day_bigrams ADD COLUMN size_log2 smallint NOT NULL DEFAULT 21;
ALTER TABLE item_day_bigrams ALTER COLUMN size_log2 DROP DEFAULT;
ALTER TABLE item_day_bigrams DROP CONSTRAINT item_day_bigrams_pkey;
ALTER TABLE item_day_bigrams ADD PRIMARY KEY (workspace_id, size_log2, bucket, day);

-- The filters written so far, folded to their day's size (the same rule as sizeLog2For in
-- search-index.ts: the smallest size with at least 16 bits per bit set, 13 to 21).
CREATE TEMPORARY TABLE sori_filter_sizes ON COMMIT DROP AS
SELECT workspace_id, day, LEAST(21, GREATEST(13, ceil(log(2, 16.0 * GREATEST(bits_set, 1)))::int))::smallint AS size_log2
FROM item_day_filters;

CREATE TEMPORARY TABLE sori_folded ON COMMIT DROP AS
SELECT f.workspace_id, s.size_log2, (f.bucket % (1 << (s.size_log2 - 13)))::smallint AS bucket, f.day, bit_or(f.bits) AS bits
FROM item_day_bigrams f JOIN sori_filter_sizes s ON s.workspace_id = f.workspace_id AND s.day = f.day
WHERE s.size_log2 < 21
GROUP BY 1, 2, 3, 4;

DELETE FROM item_day_bigrams f USING sori_filter_sizes s
WHERE s.workspace_id = f.workspace_id AND s.day = f.day AND s.size_log2 < 21;

INSERT INTO item_day_bigrams (workspace_id, size_log2, bucket, day, bits)
SELECT workspace_id, size_log2, bucket, day, bits FROM sori_folded;

UPDATE item_day_filters d SET size_log2 = s.size_log2, bits_set = COALESCE(c.bits_set, 0)
FROM sori_filter_sizes s
LEFT JOIN (SELECT workspace_id, day, sum(bit_count(bits))::int AS bits_set FROM sori_folded GROUP BY 1, 2) c
  ON c.workspace_id = s.workspace_id AND c.day = s.day
WHERE s.workspace_id = d.workspace_id AND s.day = d.day AND s.size_log2 < 21;
