import { SoriError } from '../domain/errors.js';
import { itemText } from '../domain/item.js';
import type { Db } from '../store/db.js';
import { createTopic, type TopicRow } from '../store/queries/topics.js';
import { discoverTopics } from '../text/topic-discovery.js';

/** Items read per discovery run at most (the newest uncovered ones). */
export const MAX_DISCOVERY_ITEMS = 20_000;

export interface StoredCluster {
  id: string;
  run_at: Date;
  name: string;
  keywords: string[];
  size: number;
  coherence: number;
  recent: number;
  previous: number;
  example_ids: string[];
  promoted_topic_id: string | null;
}

const CLUSTER_COLUMNS = `id::text AS id, run_at, name, keywords, size, coherence, recent, previous,
  example_ids::text[] AS example_ids, promoted_topic_id::text AS promoted_topic_id`;

/**
 * Clusters the workspace's recent items that no topic covers and stores the clusters (replacing
 * the previous run's unpromoted ones). Growth compares the last 7 days with the 7 before.
 */
export async function runTopicDiscovery(db: Db, workspaceId: number, opts: { days?: number; now?: Date } = {}): Promise<StoredCluster[]> {
  const days = opts.days ?? 30;
  const now = opts.now ?? new Date();
  // Ordered to the id (items of one import share their instant): the same items give the same clusters on every run.
  const rows = await db.query<{ id: string; title: string | null; text: string; created_at: Date }>(
    `SELECT id::text AS id, title, text, created_at FROM items
     WHERE workspace_id = $1 AND topic_id IS NULL AND created_at > $2::timestamptz - make_interval(days => $3) AND created_at <= $2::timestamptz
     ORDER BY created_at DESC, id DESC LIMIT $4`,
    [workspaceId, now, days, MAX_DISCOVERY_ITEMS],
  );
  const clusters = discoverTopics(
    rows.map((r) => ({ id: r.id, text: itemText(r), createdAt: r.created_at })),
    { now },
  );
  return db.transaction(async (tx) => {
    await tx.query('DELETE FROM topic_clusters WHERE workspace_id = $1 AND promoted_topic_id IS NULL', [workspaceId]);
    for (const c of clusters) {
      await tx.query(
        `INSERT INTO topic_clusters (workspace_id, run_at, name, keywords, size, coherence, recent, previous, example_ids, member_ids)
         VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9::bigint[], $10::bigint[])`,
        [workspaceId, now, c.name, c.keywords, c.size, c.coherence, c.recent, c.previous, c.exampleIds, c.memberIds],
      );
    }
    return listClusters(tx, workspaceId);
  });
}

/** The latest discovered clusters, largest first. */
export async function listClusters(db: Db, workspaceId: number): Promise<StoredCluster[]> {
  return db.query<StoredCluster>(`SELECT ${CLUSTER_COLUMNS} FROM topic_clusters WHERE workspace_id = $1 ORDER BY promoted_topic_id IS NOT NULL, size DESC, id`, [workspaceId]);
}

/**
 * Promotes a discovered cluster to a topic in one action: the topic is created (named as the
 * operator chooses, by default the cluster's name) and the cluster's members are labelled with it
 * as operator-confirmed labels, so the next topic model learns it.
 */
export async function promoteCluster(
  db: Db,
  workspaceId: number,
  clusterId: string,
  input: { name?: string; parentId?: string | null; userId: number | null },
): Promise<{ topic: TopicRow; labelled: number }> {
  return db.transaction(async (tx) => {
    const [cluster] = await tx.query<{ name: string; member_ids: string[]; promoted_topic_id: string | null }>(
      'SELECT name, member_ids::text[] AS member_ids, promoted_topic_id::text AS promoted_topic_id FROM topic_clusters WHERE workspace_id = $1 AND id = $2::bigint FOR UPDATE',
      [workspaceId, clusterId],
    );
    if (!cluster) throw new SoriError('not_found', `no discovered topic ${clusterId} / 발견된 토픽이 없습니다`);
    if (cluster.promoted_topic_id) throw new SoriError('conflict', 'this cluster was already promoted / 이미 토픽으로 만들었습니다');
    const topic = await createTopic(tx, workspaceId, { name: input.name?.trim() || cluster.name, parentId: input.parentId ?? null });
    const updated = await tx.query<{ id: string }>(
      `UPDATE items SET topic_id = $3::bigint, topic_source = 'correction', topic_confidence = 1, topic_rule = NULL,
         locked_labels = array(SELECT DISTINCT unnest(locked_labels || '{topic}'::text[])), updated_at = now()
       WHERE workspace_id = $1 AND id = ANY($2::bigint[]) AND topic_id IS NULL RETURNING id::text AS id`,
      [workspaceId, cluster.member_ids, topic.id],
    );
    if (updated.length) {
      await tx.query(
        `INSERT INTO label_corrections (workspace_id, item_id, field, old_value, new_value, user_id)
         SELECT $1, id, 'topic', NULL, $3, $4 FROM unnest($2::bigint[]) AS t(id)`,
        [workspaceId, updated.map((u) => u.id), topic.id, input.userId],
      );
    }
    // Only the cluster's members (the discovery's window) have the topic: comparisons with periods
    // before the earliest of them would read as a rise (insights/movers.ts gives no verdict then).
    const [since] = await tx.query<{ labelled_since: Date | null }>(
      `UPDATE topics SET labelled_since = (SELECT min(created_at) FROM items WHERE workspace_id = $1 AND id = ANY($3::bigint[]))
       WHERE workspace_id = $1 AND id = $2::bigint AND rules = '[]'::jsonb RETURNING labelled_since`,
      [workspaceId, topic.id, cluster.member_ids],
    );
    if (since) topic.labelled_since = since.labelled_since;
    await tx.query('UPDATE topic_clusters SET promoted_topic_id = $3::bigint WHERE workspace_id = $1 AND id = $2::bigint', [workspaceId, clusterId, topic.id]);
    return { topic, labelled: updated.length };
  });
}
