import type { Db } from '../db.js';

export interface ItemTypeRow {
  key: string;
  name_ko: string;
  name_en: string;
  position: number;
  archived: boolean;
}

/** A workspace's own type taxonomy (empty = the default one applies). */
export async function listItemTypes(db: Db, workspaceId: number): Promise<ItemTypeRow[]> {
  return db.query<ItemTypeRow>(
    'SELECT key, name_ko, name_en, position, archived FROM item_types WHERE workspace_id = $1 ORDER BY position, key',
    [workspaceId],
  );
}

/** Replaces a workspace's taxonomy in one transaction. */
export async function replaceItemTypes(db: Db, workspaceId: number, types: Omit<ItemTypeRow, 'position'>[]): Promise<ItemTypeRow[]> {
  return db.transaction(async (tx) => {
    await tx.query('DELETE FROM item_types WHERE workspace_id = $1', [workspaceId]);
    await tx.query(
      `INSERT INTO item_types (workspace_id, key, name_ko, name_en, position, archived)
       SELECT $1, k, ko, en, p, a FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::boolean[]) AS t(k, ko, en, p, a)`,
      [workspaceId, types.map((t) => t.key), types.map((t) => t.name_ko), types.map((t) => t.name_en), types.map((_, i) => i), types.map((t) => t.archived)],
    );
    return listItemTypes(tx, workspaceId);
  });
}
