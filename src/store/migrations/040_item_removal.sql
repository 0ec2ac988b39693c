-- Taking items back out (src/removal/): undoing an import run, deleting chosen items, erasing one
-- customer's items (개인정보 삭제 요청).
--
-- `items.import_run_id` names the run that last wrote a row (a later run's update overwrites it),
-- so it cannot say which run created an item. `created_run_id` does: set when the row is inserted,
-- never by an update. A BEFORE INSERT trigger sets it from the inserted row's import_run_id, so
-- every insert path (COPY of a batch's new rows, the staged and the few-row INSERT … ON CONFLICT,
-- a restore) records it without naming the column; an ON CONFLICT update does not fire it, and no
-- UPDATE sets the column.
ALTER TABLE items ADD COLUMN created_run_id bigint;

CREATE FUNCTION sori_item_created_run() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.created_run_id := NEW.import_run_id;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER items_created_run BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION sori_item_created_run();

-- Stored rows, as well as can be known now (APPROXIMATE): a row is taken as created by the run it
-- names when it first arrived (received_at, kept from the first insert) between that run's start
-- and end (its finish, else its last batch, else now for a run still going). Rows are left NULL —
-- never undone by any run — when their creating run was overwritten by a later run's or an API
-- write's update, or when they arrived outside the named run's time. Wrongly attributed can be a
-- row that an API call or webhook created while that run was importing and that the run then
-- updated (its received_at falls inside the run): undoing that run deletes it too.
UPDATE items i SET created_run_id = r.id
FROM import_runs r
WHERE r.id = i.import_run_id AND r.workspace_id = i.workspace_id AND NOT r.dry_run
  AND i.received_at >= r.started_at AND i.received_at <= COALESCE(r.finished_at, r.heartbeat_at, now());

-- Undo reads one run's items (preview and delete); only imported rows are indexed.
CREATE INDEX items_created_run ON items (workspace_id, created_run_id) WHERE created_run_id IS NOT NULL;

-- An undone run keeps its status (how the import ended) and says when, by whom and how many items
-- the undo deleted; undoing it again is refused.
ALTER TABLE import_runs ADD COLUMN undone_at timestamptz;
ALTER TABLE import_runs ADD COLUMN undone_by text;
ALTER TABLE import_runs ADD COLUMN undone_items integer;
