-- SLA business hours now default to the workspace's time zone (they were always Asia/Seoul, audit
-- s11): a workspace elsewhere that never saved SLA settings had every deadline computed on Seoul's
-- hours (17 h early in Los Angeles). Its recent items' deadlines are cleared and recomputed by the
-- next SLA report, as a settings change does (SLA_RECOMPUTE_DAYS = 180 days).
UPDATE items SET sla_version = NULL
FROM workspaces w
WHERE items.workspace_id = w.id AND w.sla_settings IS NULL AND w.timezone <> 'Asia/Seoul'
  AND items.sla_version IS NOT NULL AND items.created_at > now() - interval '180 days';

UPDATE workspaces SET sla_stale = true WHERE sla_settings IS NULL AND timezone <> 'Asia/Seoul';
