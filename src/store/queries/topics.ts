import { SoriError } from '../../domain/errors.js';
import type { TopicRule } from '../../text/topic-rules.js';
import type { Db } from '../db.js';

export interface TopicRow {
  id: string;
  parent_id: string | null;
  name: string;
  description: string | null;
  rules: TopicRule[];
  position: number;
  archived: boolean;
  /** Items before this instant were never labelled with the topic (a promoted cluster); null: its whole history is. */
  labelled_since: Date | null;
}

const COLUMNS = `id::text AS id, parent_id::text AS parent_id, name, description, rules, position, archived, labelled_since`;

/** A workspace's topics, parents before children, by position. */
export async function listTopics(db: Db, workspaceId: number): Promise<TopicRow[]> {
  return db.query<TopicRow>(
    `SELECT ${COLUMNS} FROM topics WHERE workspace_id = $1 ORDER BY COALESCE(parent_id, id), parent_id NULLS FIRST, position, id`,
    [workspaceId],
  );
}

/** Creates a topic; a parent must be a top-level topic of the same workspace (two levels). */
export async function createTopic(
  db: Db,
  workspaceId: number,
  input: { name: string; parentId?: string | null; description?: string | null; rules?: TopicRule[]; position?: number },
): Promise<TopicRow> {
  if (input.parentId) await requireTopLevel(db, workspaceId, input.parentId);
  try {
    const rows = await db.query<TopicRow>(
      `INSERT INTO topics (workspace_id, parent_id, name, description, rules, position)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6) RETURNING ${COLUMNS}`,
      [workspaceId, input.parentId ?? null, input.name.trim(), input.description ?? null, JSON.stringify(input.rules ?? []), input.position ?? 0],
    );
    return rows[0]!;
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new SoriError('conflict', `a topic named "${input.name}" already exists here / 같은 이름의 토픽이 이미 있습니다`);
    throw error;
  }
}

/** Updates a topic's name, description, rules, position or archived flag. */
export async function updateTopic(
  db: Db,
  workspaceId: number,
  id: string,
  patch: { name?: string; description?: string | null; rules?: TopicRule[]; position?: number; archived?: boolean },
): Promise<TopicRow> {
  let rows: TopicRow[];
  try {
    rows = await db.query<TopicRow>(
      `UPDATE topics SET name = COALESCE($3, name), description = CASE WHEN $4::boolean THEN $5 ELSE description END,
         rules = COALESCE($6::jsonb, rules), position = COALESCE($7, position), archived = COALESCE($8, archived), updated_at = now(),
         -- Rules re-label the whole history (labels/reclassify.ts): the topic is then known for every period.
         labelled_since = CASE WHEN $6::jsonb IS NOT NULL AND jsonb_array_length($6::jsonb) > 0 THEN NULL ELSE labelled_since END
       WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [workspaceId, id, patch.name?.trim() ?? null, patch.description !== undefined, patch.description ?? null, patch.rules ? JSON.stringify(patch.rules) : null, patch.position ?? null, patch.archived ?? null],
    );
  } catch (error) {
    // A rename onto a sibling's name: the same conflict as creating it (topics_name is unique per parent).
    if ((error as { code?: string }).code === '23505') throw new SoriError('conflict', `a topic named "${patch.name}" already exists here / 같은 이름의 토픽이 이미 있습니다`);
    throw error;
  }
  if (!rows[0]) throw new SoriError('not_found', `topic ${id} not found / 토픽이 없습니다`);
  return rows[0];
}

async function requireTopLevel(db: Db, workspaceId: number, id: string): Promise<void> {
  const rows = await db.query<{ parent_id: string | null }>('SELECT parent_id::text AS parent_id FROM topics WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (!rows[0]) throw new SoriError('not_found', `parent topic ${id} not found / 상위 토픽이 없습니다`);
  if (rows[0].parent_id !== null) throw new SoriError('bad_request', 'topics have two levels: a parent must be a top-level topic / 토픽은 두 단계까지입니다');
}
