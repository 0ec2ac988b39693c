-- The correction history (src/labels/correction-history.ts) says how many items a correction changed
-- and shows three of them. Taking a correction back deletes the corrections it restored, so both are
-- kept on the batch when it is made. `undone_items` held the labels put back, not items: renamed.
ALTER TABLE label_correction_batches ADD COLUMN items integer NOT NULL DEFAULT 0;
ALTER TABLE label_correction_batches ADD COLUMN sample_item_ids bigint[] NOT NULL DEFAULT '{}';
ALTER TABLE label_correction_batches RENAME COLUMN undone_items TO undone_labels;
-- Batches made before, from the corrections they still have (one taken back keeps only those it left).
UPDATE label_correction_batches b SET items = s.n, sample_item_ids = s.ids
  FROM (SELECT batch_id, count(DISTINCT item_id)::int AS n, (array_agg(DISTINCT item_id ORDER BY item_id))[1:3] AS ids
          FROM label_corrections WHERE batch_id IS NOT NULL GROUP BY batch_id) s
 WHERE s.batch_id = b.id;
