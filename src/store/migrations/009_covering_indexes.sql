-- Reports that read items (the open backlog, cancellation reasons) from covering partial indexes:
-- after a VACUUM they are answered from the index alone, without visiting the table's pages
-- (on the embedded database each page visit is a file read).
DROP INDEX items_ws_open;
CREATE INDEX items_ws_open ON items (workspace_id, created_at)
  INCLUDE (status, channel, type, assignee, handled_by, first_response_at)
  WHERE status IN ('new', 'open', 'pending', 'on_hold');
CREATE INDEX items_ws_cancellations ON items (workspace_id, created_at) INCLUDE (churn_reason)
  WHERE type = 'cancellation';

