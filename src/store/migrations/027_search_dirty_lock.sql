-- A small write marks its day dirty for the search index (017); the server's fold takes the mark
-- off, reads the day's items and puts their pairs in the filter. When the day was dirty already,
-- `ON CONFLICT DO NOTHING` took no lock on its mark, so on PostgreSQL a fold could delete the mark
-- and read the day in its snapshot while the writer had not committed yet: the written item was
-- never indexed (audit s11). Updating the existing mark locks it until the writer commits; the
-- fold's DELETE then waits for the writer, and its read sees the item.

CREATE OR REPLACE FUNCTION sori_search_dirty_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('sori.search_indexed', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO item_search_dirty_days AS d (workspace_id, day)
  SELECT DISTINCT n.workspace_id, (n.created_at AT TIME ZONE w.timezone)::date
  FROM sori_new_items n JOIN workspaces w ON w.id = n.workspace_id
  ORDER BY 1, 2
  ON CONFLICT (workspace_id, day) DO UPDATE SET day = d.day;
  RETURN NULL;
END $fn$;

CREATE OR REPLACE FUNCTION sori_search_dirty_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF current_setting('sori.search_indexed', true) = 'on' THEN RETURN NULL; END IF;
  INSERT INTO item_search_dirty_days AS d (workspace_id, day)
  SELECT DISTINCT n.workspace_id, (n.created_at AT TIME ZONE w.timezone)::date
  FROM sori_new_items n JOIN sori_old_items o ON o.id = n.id JOIN workspaces w ON w.id = n.workspace_id
  WHERE n.text IS DISTINCT FROM o.text OR n.title IS DISTINCT FROM o.title OR n.order_ref IS DISTINCT FROM o.order_ref
     OR n.created_at <> o.created_at
  ORDER BY 1, 2
  ON CONFLICT (workspace_id, day) DO UPDATE SET day = d.day;
  RETURN NULL;
END $fn$;
