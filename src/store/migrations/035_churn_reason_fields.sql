-- A cancellation's reason now comes from the source's own reason field under more names (audit
-- s19): metadata 해지사유, 해지 사유, 취소사유, 탈퇴사유, cancellation_reason, cancel_reason or reason
-- (a Korean export's column is kept in metadata under its header), matched by a reason's key or its
-- Korean or English name, case and spaces aside, else read as words (text/churn-reasons.ts
-- `cancellationReason`). Before, only an exact English key in cancel_reason counted, so a file's
-- 해지사유 "가격 부담" was read from the customer's words alone, often as unknown.
-- The reasons of stored cancellations that carry such a field are cleared here and their workspaces
-- flagged, so the next churn report (or items list filtered by reason) classifies them again
-- (fillMissingReasons, as after migration 023). The rollup triggers move the counts.
UPDATE items SET churn_reason = NULL
WHERE type = 'cancellation' AND churn_reason IS NOT NULL
  AND metadata ?| ARRAY['해지사유', '해지 사유', '취소사유', '탈퇴사유', 'cancellation_reason', 'cancel_reason', 'reason'];
UPDATE workspaces w SET churn_stale = true
WHERE EXISTS (SELECT 1 FROM items i WHERE i.workspace_id = w.id AND i.type = 'cancellation' AND i.churn_reason IS NULL);
