-- Conversation updates (a manager's reply, a bot message, a chat closed; a Zendesk staff comment)
-- that arrive before any item of their conversation: webhooks are delivered in no order, and a
-- bot greeting or an agent-initiated chat comes before the customer's message. They were dropped
-- (audit s11 M1); now they wait here and are applied when an item of the conversation is stored
-- (ingest/conversation-updates.ts), and are dropped after 7 days. A redelivered update is kept
-- once (update_hash: sha256 of its JSON).
CREATE TABLE pending_conversation_updates (
  workspace_id    integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  source          text NOT NULL,
  conversation_id text NOT NULL,
  update_hash     text NOT NULL,
  payload         jsonb NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, source, conversation_id, update_hash)
);
CREATE INDEX pending_conversation_updates_received ON pending_conversation_updates (received_at);

-- Signed generic deliveries seen within the signature window (±5 minutes): a delivery replayed
-- with its captured X-Sori-Signature passed the check and rolled its items back (audit s11 L6).
-- Only a hash of what the signature signs (its timestamp and the body) is kept, per receiver;
-- rows older than the window are pruned when one is written (server/routes/webhooks.ts).
CREATE TABLE webhook_signatures_seen (
  endpoint_id    integer NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  signature_hash text NOT NULL,
  seen_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (endpoint_id, signature_hash)
);
CREATE INDEX webhook_signatures_seen_at ON webhook_signatures_seen (seen_at);
