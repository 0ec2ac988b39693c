-- Conversation updates are now kept for 7 days whether or not their conversation had an item
-- (audit s18): a customer's message delivered after its chat was answered and closed (a retry, a
-- late delivery) is given what the updates before it said, as it would have been on time. Applied
-- updates used to be forgotten, and such a message stayed open and unanswered for good.
ALTER TABLE pending_conversation_updates RENAME TO conversation_update_log;
ALTER INDEX pending_conversation_updates_received RENAME TO conversation_update_log_received;
