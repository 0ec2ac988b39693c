-- A running import can be stopped from the import page or the API (`POST /imports/:id/cancel`),
-- whichever process runs it (the server, `sori import`, another server on the same PostgreSQL):
-- the request is written on the run, and the import reads it back with each batch's counters and
-- stops before its next batch (stored batches stay). `heartbeat_at` is set with each batch, so a
-- run whose process died is told apart from a slow one on a shared PostgreSQL.
ALTER TABLE import_runs ADD COLUMN cancel_requested_by text;
ALTER TABLE import_runs ADD COLUMN heartbeat_at timestamptz;
ALTER TABLE import_runs DROP CONSTRAINT import_runs_status_check;
ALTER TABLE import_runs ADD CONSTRAINT import_runs_status_check CHECK (status IN ('running', 'completed', 'failed', 'cancelled'));
