-- Search ignores Korean spacing (띄어쓰기): a whitespace run with a Hangul character on either side
-- does not count, in the query or in the item (src/text/spacing.ts), so 환불언제 finds "환불 언제
-- 되나요" and "배송지 변경" finds 배송지변경. The search index must then hold the pairs of each text
-- with its spacing folded ("환불 언제" → 환불, 불언, 언제); the filters written so far hold 불␠ and ␠언
-- instead and would skip the day a search for 환불언제 needs. They are dropped, and every stored
-- item is indexed again from its text: `sori serve` reads each workspace's items below
-- `search_index_below` in the background (backfillSearchIndex, newest first, resumable), and until
-- it is done that workspace's searches read every day (right, only slower). TRUNCATE gives the
-- space back at once (no VACUUM after it). Days marked dirty are below the mark too: dropped.
TRUNCATE item_day_bigrams, item_day_filters, item_search_dirty_days;

UPDATE workspaces w SET search_index_below = m.below
FROM (SELECT workspace_id, max(id) + 1 AS below FROM items GROUP BY workspace_id) m
WHERE m.workspace_id = w.id;
