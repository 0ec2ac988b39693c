-- Rows of a file import not written because their version (source_updated_at: a column such as
-- 수정일시 / Updated at) is older than the stored record's: an export from last month imported after
-- live updates keeps the newer states, and the run says how many rows that was. Counted apart
-- from `unchanged` (identical rows) so the import page can name them.
ALTER TABLE import_runs ADD COLUMN older integer NOT NULL DEFAULT 0;
