-- A trained model is no longer in use just because it is the newest: an automatic retraining that scores
-- worse than the model in use on the same held-out examples is kept as a candidate (hold_reason) until an
-- admin applies or discards it, and an admin can go back to the model used before. One active model per
-- workspace and task (the unique index); `activated_at` marks a model that was once in use (rollback goes
-- back to the newest such one older than the model in use). `probe_meta`/`probe_weights`: the model trained
-- without the held-out fifth, kept so that the next training compares like with like (neither saw them).
ALTER TABLE text_models
  ADD COLUMN status text NOT NULL DEFAULT 'retired' CHECK (status IN ('active', 'candidate', 'rejected', 'retired')),
  ADD COLUMN hold_reason text,
  ADD COLUMN decided_by text,
  ADD COLUMN decided_at timestamptz,
  ADD COLUMN activated_at timestamptz,
  ADD COLUMN probe_meta jsonb,
  ADD COLUMN probe_weights bytea;

-- Until now the newest model of a workspace and task was the one in use; every older one had been.
UPDATE text_models m SET activated_at = m.created_at,
  status = CASE WHEN m.id = (SELECT max(x.id) FROM text_models x WHERE x.workspace_id = m.workspace_id AND x.task = m.task) THEN 'active' ELSE 'retired' END;

CREATE UNIQUE INDEX text_models_one_active ON text_models (workspace_id, task) WHERE status = 'active';
