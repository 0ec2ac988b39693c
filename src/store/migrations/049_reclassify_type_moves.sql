-- What a re-classification did to the types of stored items, as "from>to" → count ("delivery>praise": 18;
-- "none" for an item without a type): an automatic retraining that re-labels history says which labels
-- it moved, so a team sees the change instead of finding last month's dashboard different.
ALTER TABLE reclassify_runs ADD COLUMN type_moves jsonb NOT NULL DEFAULT '{}'::jsonb;
