import { SoriError } from '../../domain/errors.js';
import type { Db } from '../db.js';

/** The pages a view can be saved on (their filters live in the URL). */
export const SAVED_VIEW_PAGES = ['items', 'explore'] as const;
export type SavedViewPage = (typeof SAVED_VIEW_PAGES)[number];

/** Longest name and query (migration 053's CHECKs). */
export const SAVED_VIEW_NAME_MAX = 80;
export const SAVED_VIEW_QUERY_MAX = 4000;
/** Most views one list answers (a person keeps a handful; the shared set tens). */
export const MAX_SAVED_VIEWS_LISTED = 200;

/** A saved view as stored (migration 053). */
export interface SavedView {
  id: string;
  page: SavedViewPage;
  name: string;
  /** The page's URL query without `?` (channel=chat&sentiment=negative). */
  query: string;
  /** True: every member of the workspace sees it (owner_user_id NULL). */
  shared: boolean;
  owner_user_id: number | null;
  created_by: string;
  created_by_user_id: number | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id::text AS id, page, name, query, owner_user_id IS NULL AS shared, owner_user_id, created_by, created_by_user_id, created_at, updated_at`;

/** The views of a page a caller sees: the shared ones and, for a user, their own; shared first, then by name. */
export async function listSavedViews(db: Db, workspaceId: number, page: SavedViewPage, userId: number | null): Promise<SavedView[]> {
  return db.query<SavedView>(
    `SELECT ${COLUMNS} FROM saved_views
     WHERE workspace_id = $1 AND page = $2 AND (owner_user_id IS NULL OR owner_user_id = $3)
     ORDER BY owner_user_id IS NOT NULL, name, id LIMIT $4`,
    [workspaceId, page, userId, MAX_SAVED_VIEWS_LISTED],
  );
}

/** One view the caller sees (shared, or their own), or null: another user's private view is not there for them. */
export async function findSavedView(db: Db, workspaceId: number, id: string, userId: number | null): Promise<SavedView | null> {
  const rows = await db.query<SavedView>(
    `SELECT ${COLUMNS} FROM saved_views WHERE workspace_id = $1 AND id = $2::bigint AND (owner_user_id IS NULL OR owner_user_id = $3)`,
    [workspaceId, id, userId],
  );
  return rows[0] ?? null;
}

/** What a caller gives to save a view. */
export interface SavedViewInput {
  page: SavedViewPage;
  name: string;
  query: string;
  /** Null: shared with the workspace. */
  ownerUserId: number | null;
  createdBy: string;
  createdByUserId: number | null;
}

/** Saves a view; a name its owner (or the shared set) already has on the page is a 409. */
export async function createSavedView(db: Db, workspaceId: number, input: SavedViewInput): Promise<SavedView> {
  try {
    const rows = await db.query<SavedView>(
      `INSERT INTO saved_views (workspace_id, owner_user_id, page, name, query, created_by, created_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [workspaceId, input.ownerUserId, input.page, input.name, input.query, input.createdBy, input.createdByUserId],
    );
    return rows[0]!;
  } catch (error) {
    throw sameName(error);
  }
}

/** Renames a view or changes its query (what is undefined stays); null when there is no such view. */
export async function updateSavedView(db: Db, workspaceId: number, id: string, change: { name?: string; query?: string }): Promise<SavedView | null> {
  try {
    const rows = await db.query<SavedView>(
      `UPDATE saved_views SET name = COALESCE($3, name), query = COALESCE($4, query), updated_at = now()
       WHERE workspace_id = $1 AND id = $2::bigint RETURNING ${COLUMNS}`,
      [workspaceId, id, change.name ?? null, change.query ?? null],
    );
    return rows[0] ?? null;
  } catch (error) {
    throw sameName(error);
  }
}

/** Deletes a view; the deleted row, or null when there was none. */
export async function deleteSavedView(db: Db, workspaceId: number, id: string): Promise<SavedView | null> {
  const rows = await db.query<SavedView>(`DELETE FROM saved_views WHERE workspace_id = $1 AND id = $2::bigint RETURNING ${COLUMNS}`, [workspaceId, id]);
  return rows[0] ?? null;
}

/** A unique violation (migration 053: one name per owner, or the shared set, and page) as a 409. */
function sameName(error: unknown): unknown {
  if ((error as { code?: string }).code !== '23505') return error;
  return new SoriError('conflict', 'a view of this name is already saved here / 같은 이름의 보기가 이미 있습니다');
}
