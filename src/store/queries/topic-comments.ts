import type { Db } from '../db.js';

export interface TopicComment {
  id: string;
  topic_id: string;
  author: string;
  body: string;
  created_at: Date;
}

const COLUMNS = 'id::text AS id, topic_id::text AS topic_id, author, body, created_at';

/** A topic's comments, newest first. */
export async function listTopicComments(db: Db, workspaceId: number, topicId: string, limit = 50): Promise<TopicComment[]> {
  return db.query<TopicComment>(
    `SELECT ${COLUMNS} FROM topic_comments WHERE workspace_id = $1 AND topic_id = $2::bigint ORDER BY created_at DESC, id DESC LIMIT $3`,
    [workspaceId, topicId, limit],
  );
}

/** Adds a comment to a topic of the workspace; null when the topic is not the workspace's. */
export async function addTopicComment(
  db: Db,
  workspaceId: number,
  topicId: string,
  input: { userId: number | null; author: string; body: string },
): Promise<TopicComment | null> {
  const rows = await db.query<TopicComment>(
    `INSERT INTO topic_comments (workspace_id, topic_id, user_id, author, body)
     SELECT $1, id, $3, $4, $5 FROM topics WHERE workspace_id = $1 AND id = $2::bigint
     RETURNING ${COLUMNS}`,
    [workspaceId, topicId, input.userId, input.author, input.body],
  );
  return rows[0] ?? null;
}
