-- A token keeps only the scopes its maker's current role allows (auth/api-tokens.ts, session 19),
-- and a token made with another token now records that token's maker. Tokens made that way before
-- recorded none (created_by NULL), which reads as "made with `sori tokens`, tied to no user": a
-- disabled admin's token could keep working through a token it had made (review s19). Their maker
-- is found again in the audit log: `token.create` with the actor `token:<id>`, followed up the
-- chain until a token made by a user. A chain that ends in a CLI-made token stays NULL, as that token.
WITH RECURSIVE made AS (
  SELECT t.id, (regexp_match(a.actor, '^token:([0-9]{1,18})$'))[1]::bigint AS maker
  FROM api_tokens t
  JOIN audit_log a ON a.action = 'token.create' AND a.target = t.id::text AND a.actor ~ '^token:[0-9]{1,18}$'
  WHERE t.created_by IS NULL
),
resolved (id, via, creator, depth) AS (
  SELECT m.id, m.maker, k.created_by, 1 FROM made m JOIN api_tokens k ON k.id = m.maker
  UNION ALL
  SELECT r.id, m.maker, k.created_by, r.depth + 1
  FROM resolved r JOIN made m ON m.id = r.via JOIN api_tokens k ON k.id = m.maker
  WHERE r.creator IS NULL AND r.depth < 100
)
UPDATE api_tokens t SET created_by = r.creator
FROM resolved r
WHERE r.id = t.id AND r.creator IS NOT NULL AND t.created_by IS NULL;
