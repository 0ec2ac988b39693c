-- Whether a workspace has items whose derived facts are missing: SLA deadlines (after a settings
-- change, a type correction, or this migration) and cancellation reasons (after a correction to
-- "cancellation", or migration 006). The reports fill them in once and clear the flag, instead of
-- searching for stale rows on every call.
ALTER TABLE workspaces
  ADD COLUMN sla_stale boolean NOT NULL DEFAULT false,
  ADD COLUMN churn_stale boolean NOT NULL DEFAULT false;
UPDATE workspaces w SET sla_stale = EXISTS (SELECT 1 FROM items i WHERE i.workspace_id = w.id AND i.sla_version IS NULL),
  churn_stale = EXISTS (SELECT 1 FROM items i WHERE i.workspace_id = w.id AND i.type = 'cancellation' AND i.churn_reason IS NULL);
-- An index some development databases got from an earlier draft of migration 009.
DROP INDEX IF EXISTS items_ws_sla_stale;
