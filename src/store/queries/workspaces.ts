import { canonicalTimeZone } from '../../domain/calendar/business-hours.js';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db.js';

export interface Workspace {
  id: number;
  slug: string;
  name: string;
  timezone: string;
  is_demo: boolean;
  pseudonym_key: string;
}

const COLUMNS = 'id, slug, name, timezone, is_demo, pseudonym_key';

/** Finds a workspace by slug. */
export async function findWorkspaceBySlug(db: Db, slug: string): Promise<Workspace | null> {
  const rows = await db.query<Workspace>(`SELECT ${COLUMNS} FROM workspaces WHERE slug = $1`, [slug]);
  return rows[0] ?? null;
}

/** Finds a workspace by id. */
export async function findWorkspaceById(db: Db, id: number): Promise<Workspace | null> {
  const rows = await db.query<Workspace>(`SELECT ${COLUMNS} FROM workspaces WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Lists all workspaces. */
export async function listWorkspaces(db: Db): Promise<Workspace[]> {
  return db.query<Workspace>(`SELECT ${COLUMNS} FROM workspaces ORDER BY id`);
}

/** Creates a workspace if its slug is free and returns it (idempotent). */
export async function ensureWorkspace(
  db: Db,
  input: { slug: string; name: string; timezone?: string; isDemo?: boolean },
): Promise<Workspace> {
  await db.query(
    `INSERT INTO workspaces (slug, name, timezone, is_demo, pseudonym_key)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING`,
    [input.slug, input.name, (input.timezone && canonicalTimeZone(input.timezone)) ?? input.timezone ?? 'Asia/Seoul', input.isDemo ?? false, randomBytes(32).toString('base64url')],
  );
  return (await findWorkspaceBySlug(db, input.slug))!;
}

/** Deletes a workspace and everything in it. */
export async function deleteWorkspace(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM workspaces WHERE id = $1', [id]);
}

export const DEFAULT_WORKSPACE_SLUG = 'default';

/** The workspaces table's own rule for a slug (migration 001's CHECK): lower-case letters, digits and -, 1–63 characters, not starting with -. */
export const WORKSPACE_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function isWorkspaceSlug(slug: string): boolean {
  return WORKSPACE_SLUG_PATTERN.test(slug);
}
