-- When a re-classification run last made progress: a run marked running that has not moved for
-- minutes belongs to a process that stopped (on PostgreSQL several processes share the table).
ALTER TABLE reclassify_runs ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
