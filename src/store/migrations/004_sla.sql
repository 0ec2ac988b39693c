-- SLA: a workspace's business hours and SLA policies, one validated JSON document
-- (src/insights/sla-settings.ts); NULL = the defaults.
ALTER TABLE workspaces ADD COLUMN sla_settings jsonb;
