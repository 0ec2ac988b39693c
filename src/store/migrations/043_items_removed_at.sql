-- When items of a workspace were last deleted (src/removal/: an undo, a deletion, an erasure).
-- Each process keeps an in-memory near-duplicate index of a workspace's recent items
-- (ingest/enrich.ts): the process that deletes resets its own, and every other process — a second
-- server on the same PostgreSQL, the CLI — reads this column when it reloads the workspace's
-- context (every few seconds) and drops its index when it changed, so a new item stops joining
-- the group of an item that is gone (it was flagged a duplicate of nothing).
ALTER TABLE workspaces ADD COLUMN items_removed_at timestamptz;
