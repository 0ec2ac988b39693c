-- Rows of an import whose ticket came again later in the same batch: the later row is what was
-- stored. They were counted as "unchanged" before, which read as if the file matched the store.
ALTER TABLE import_runs ADD COLUMN repeated integer NOT NULL DEFAULT 0;
