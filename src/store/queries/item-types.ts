import { DEFAULT_ITEM_TYPES, UNCERTAIN_TYPE } from '../../domain/taxonomy.js';
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

/** What `resolveTypeNames` makes of a filter's type values: the keys, or the first value it cannot read. */
export type ResolvedTypes =
  | { ok: true; keys: string[] }
  | { ok: false; value: string; /** the keys a name shared by several types stands for (empty: unknown) */ several: string[]; /** the workspace's types (uncertain and none are allowed too) */ types: { key: string; ko: string; en: string }[] };

/**
 * Type filter values as keys: a key (bug), `uncertain`, `none`, or a type's Korean or English name
 * or a part of it (버그, 배송·주문 → 배송, Delivery), case and spacing aside, in the workspace's
 * taxonomy (the default one until edited). The API (GET /items?type=) and `sori export --type` alike.
 */
export async function resolveTypeNames(db: Db, workspaceId: number, values: readonly string[]): Promise<ResolvedTypes> {
  const own = await listItemTypes(db, workspaceId);
  const types = own.length ? own.map((x) => ({ key: x.key, ko: x.name_ko, en: x.name_en })) : DEFAULT_ITEM_TYPES.map((x) => ({ key: x.key, ko: x.nameKo, en: x.nameEn }));
  const norm = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  const names = (name: string) => [name, ...name.split(/[·/(),]/)].map(norm).filter(Boolean);
  const keys: string[] = [];
  for (const value of values) {
    if (value === UNCERTAIN_TYPE || value === 'none' || types.some((x) => x.key === value)) {
      keys.push(value);
      continue;
    }
    const v = norm(value);
    const found = [...new Set(types.filter((x) => x.key === v || names(x.ko).includes(v) || names(x.en).includes(v)).map((x) => x.key))];
    if (found.length === 1) {
      keys.push(found[0]!);
      continue;
    }
    return { ok: false, value, several: found, types };
  }
  return { ok: true, keys };
}
