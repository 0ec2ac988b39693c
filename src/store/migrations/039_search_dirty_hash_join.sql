-- The search index's update trigger pairs each updated row's old and new version (sori_old_items ⋈
-- sori_new_items on id) to mark only rows whose text changed. Transition tables carry no statistics, so
-- the planner joined them in a nested loop: n² row reads, 1.2 s for 3,000 rows and minutes for a bulk
-- correction of 10,000 items on the embedded database (session 21). A hash join reads each side once.
ALTER FUNCTION sori_search_dirty_update() SET enable_nestloop = off;
