-- 회원 탈퇴 is churn too (session 22). A member leaving a free or marketplace service (회원 탈퇴, 계정
-- 삭제, "delete my account") is its churn, as 해지 is a paid one's. The type model files such
-- messages under 'account', with every other account matter, so an account item carries a churn
-- reason only when its words ask or decide to leave (src/text/churn-reasons.ts isLeaveRequest;
-- NULL otherwise), and the churn rollup counts it then. Cancellations count as before ('' for a
-- reason not filled in yet). The rollup gets the type, so the churn report says how many of its
-- items were 해지·취소 and how many 탈퇴.
ALTER TABLE item_daily_churn ADD COLUMN type text NOT NULL DEFAULT 'cancellation';
ALTER TABLE item_daily_churn ALTER COLUMN type DROP DEFAULT;
ALTER TABLE item_daily_churn DROP CONSTRAINT item_daily_churn_pkey;
ALTER TABLE item_daily_churn ADD PRIMARY KEY (workspace_id, day, type, reason);

CREATE OR REPLACE FUNCTION sori_churn_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_churn AS c (workspace_id, day, type, reason, n)
  SELECT n.workspace_id, (n.created_at AT TIME ZONE w.timezone)::date, n.type, COALESCE(n.churn_reason, ''), count(*)
  FROM sori_new_items n JOIN workspaces w ON w.id = n.workspace_id
  WHERE n.type = 'cancellation' OR (n.type = 'account' AND n.churn_reason IS NOT NULL)
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (workspace_id, day, type, reason) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $fn$;

CREATE OR REPLACE FUNCTION sori_churn_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO item_daily_churn AS c (workspace_id, day, type, reason, n)
  SELECT d.workspace_id, (d.created_at AT TIME ZONE w.timezone)::date, d.type, COALESCE(d.churn_reason, ''), sum(d.s)
  FROM (
    SELECT 1 AS s, workspace_id, created_at, type, churn_reason FROM sori_new_items
    WHERE type = 'cancellation' OR (type = 'account' AND churn_reason IS NOT NULL)
    UNION ALL
    SELECT -1, workspace_id, created_at, type, churn_reason FROM sori_old_items
    WHERE type = 'cancellation' OR (type = 'account' AND churn_reason IS NOT NULL)
  ) d JOIN workspaces w ON w.id = d.workspace_id
  GROUP BY 1, 2, 3, 4 HAVING sum(d.s) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (workspace_id, day, type, reason) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $fn$;

CREATE OR REPLACE FUNCTION sori_churn_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE item_daily_churn c SET n = c.n - d.n
  FROM (
    SELECT o.workspace_id, (o.created_at AT TIME ZONE w.timezone)::date AS day, o.type, COALESCE(o.churn_reason, '') AS reason, count(*) AS n
    FROM sori_old_items o JOIN workspaces w ON w.id = o.workspace_id
    WHERE o.type = 'cancellation' OR (o.type = 'account' AND o.churn_reason IS NOT NULL)
    GROUP BY 1, 2, 3, 4
  ) d
  WHERE c.workspace_id = d.workspace_id AND c.day = d.day AND c.type = d.type AND c.reason = d.reason;
  RETURN NULL;
END $fn$;

-- Recounted from the items (the same rows as before: no account item had a reason yet).
DELETE FROM item_daily_churn;
INSERT INTO item_daily_churn (workspace_id, day, type, reason, n)
SELECT i.workspace_id, (i.created_at AT TIME ZONE w.timezone)::date, i.type, COALESCE(i.churn_reason, ''), count(*)
FROM items i JOIN workspaces w ON w.id = i.workspace_id
WHERE i.type = 'cancellation' OR (i.type = 'account' AND i.churn_reason IS NOT NULL)
GROUP BY 1, 2, 3, 4;

-- The report's examples and the items filter read leaves as they read cancellations (009's
-- items_ws_cancellations): from a covering partial index.
CREATE INDEX items_ws_leaves ON items (workspace_id, created_at) INCLUDE (churn_reason)
  WHERE type = 'account' AND churn_reason IS NOT NULL;

-- Stored account items were never read for a leave: their workspaces are flagged, so the next churn
-- report (or items list filtered by reason) reads them (fillMissingReasons, as after migrations
-- 023 and 035), and the triggers move the counts…

-- …but only once: `leave_stale` says a workspace's account items may hold leaves not read yet (set
-- here and by a restore; a correction to 'account' reads its items at once). The churn fill reads
-- account items only then, and only those with a leave's words (LEAVE_HINT), then clears it —
-- `churn_stale`, which every correction to 'cancellation' raises, never rereads them.
ALTER TABLE workspaces ADD COLUMN leave_stale boolean NOT NULL DEFAULT false;
UPDATE workspaces w SET leave_stale = true, churn_stale = true
WHERE EXISTS (SELECT 1 FROM items i WHERE i.workspace_id = w.id AND i.type = 'account' AND i.churn_reason IS NULL);
