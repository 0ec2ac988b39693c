-- An item's identifying fields are composed (NFC) from now on (ingest/prepare-item.ts NFC_FIELDS):
-- 카카오톡 decomposed (NFD, as macOS clipboards and file names give it) and composed were two sources,
-- so one ticket sent both ways was stored twice (review s20). The stored ones are composed here, so a
-- re-send of an item stored decomposed still finds it. Where the composed identity is already taken
-- (the same ticket stored both ways), or two stored rows compose to one, the first keeps it and the
-- others stay as they are: two items that were already apart, none lost.
WITH candidates AS (
  SELECT id, workspace_id, normalize(source, NFC) AS s, normalize(external_id, NFC) AS e
  FROM items
  WHERE source IS NOT NFC NORMALIZED OR external_id IS NOT NFC NORMALIZED
),
chosen AS (
  SELECT DISTINCT ON (workspace_id, s, e) id, s, e
  FROM candidates c
  WHERE NOT EXISTS (SELECT 1 FROM items o WHERE o.workspace_id = c.workspace_id AND o.source = c.s AND o.external_id = c.e)
  ORDER BY workspace_id, s, e, id
)
UPDATE items i SET source = chosen.s, external_id = chosen.e FROM chosen WHERE i.id = chosen.id;

-- An agent, an order and a product written both ways were two as well.
UPDATE items SET assignee = normalize(assignee, NFC) WHERE assignee IS NOT NFC NORMALIZED;
UPDATE items SET order_ref = normalize(order_ref, NFC) WHERE order_ref IS NOT NFC NORMALIZED;
UPDATE items SET product_ref = normalize(product_ref, NFC) WHERE product_ref IS NOT NFC NORMALIZED;

-- A webhook receiver's source is composed too (queries/webhook-endpoints.ts): one created with a
-- decomposed source wrote its items composed, but looked for them, to give them a conversation's
-- replies and close, under the decomposed one — and found none (review s20). No key holds source.
UPDATE webhook_endpoints SET source = normalize(source, NFC) WHERE source IS NOT NFC NORMALIZED;

-- So are the kept conversation updates' sources, which are looked up by the composed one from now
-- on (ingest/conversation-updates.ts). The key is (workspace_id, source, conversation_id,
-- update_hash): where the composed key is taken (the same update kept both ways), or two kept rows
-- compose to one, the first keeps it and the others stay as they are (expired after 7 days).
WITH candidates AS (
  SELECT ctid AS row_id, workspace_id, normalize(source, NFC) AS s, conversation_id, update_hash
  FROM conversation_update_log
  WHERE source IS NOT NFC NORMALIZED
),
chosen AS (
  SELECT DISTINCT ON (workspace_id, s, conversation_id, update_hash) row_id, s
  FROM candidates c
  WHERE NOT EXISTS (SELECT 1 FROM conversation_update_log o
                    WHERE o.workspace_id = c.workspace_id AND o.source = c.s AND o.conversation_id = c.conversation_id AND o.update_hash = c.update_hash)
  ORDER BY workspace_id, s, conversation_id, update_hash, row_id
)
UPDATE conversation_update_log l SET source = chosen.s FROM chosen WHERE l.ctid = chosen.row_id;
