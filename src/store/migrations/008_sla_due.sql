-- SLA deadlines per item, computed in JS (business hours, Korean holidays) at ingest or by the
-- first SLA report after a settings change; sla_version says which settings computed them.
-- Met / breached / pending then follow in SQL from the answer times.
ALTER TABLE items
  ADD COLUMN sla_version    text,
  ADD COLUMN sla_fr_policy  text,
  ADD COLUMN sla_fr_due_at  timestamptz,
  ADD COLUMN sla_res_policy text,
  ADD COLUMN sla_res_due_at timestamptz;
