-- A vendor's own export (Channel Talk desk XLSX/CSV, Zendesk ticket JSON/JSON Lines) imported
-- through its adapter (ingest/import-vendor-export.ts) is an import run like any file: listed on the
-- import page, followed, cancellable, its rejects kept, undoable (its items carry created_run_id).
-- `adapter` names the vendor (NULL: an ordinary file read by column mapping); `skipped` counts the
-- entries its adapter left out on purpose or could not read as a record (deleted tickets, chats a
-- webhook stored message by message, rows without an id). Its stale tickets count in `older`.
ALTER TABLE import_runs ADD COLUMN adapter text;
ALTER TABLE import_runs ADD COLUMN skipped integer NOT NULL DEFAULT 0;

-- A vendor run's rejects are named by their record (`ticket 123`, `chat 5`, `line 7 / 7번째 줄`),
-- not by a row of the file: `item` holds that place and `row_number` is NULL.
ALTER TABLE import_rejects ALTER COLUMN row_number DROP NOT NULL;
ALTER TABLE import_rejects ADD COLUMN item text;
