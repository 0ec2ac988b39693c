-- Cancellations about an order (주문 취소, 환불, 반품, cancel my order, refund) are not churn: they
-- get churn_reason 'order' (src/text/churn-reasons.ts) and the churn report counts them apart.
-- Reasons stored before were computed without that distinction: cleared here, and the workspaces
-- flagged, so the next churn report (or items list filtered by reason) classifies them again
-- (fillMissingReasons, the same path as after migration 011). The rollup triggers move the counts.
UPDATE items SET churn_reason = NULL WHERE type = 'cancellation' AND churn_reason IS NOT NULL;
UPDATE workspaces w SET churn_stale = true
WHERE EXISTS (SELECT 1 FROM items i WHERE i.workspace_id = w.id AND i.type = 'cancellation' AND i.churn_reason IS NULL);
