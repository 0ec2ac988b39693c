-- The refused row itself (each string masked by redactPii, at most 64,000 characters as JSON), so
-- the web's rejects file gives the row in the file's own columns to correct and import again, as
-- the CLI's does (src/ingest/rejects-file.ts). Rows refused before have none.
ALTER TABLE import_rejects ADD COLUMN row_values json;  -- json, not jsonb: the file's column order is kept
