import { SoriError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { listItems } from '../store/queries/list-items.js';
import { listTopicComments } from '../store/queries/topic-comments.js';
import { listTopics } from '../store/queries/topics.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { expandTopicFilter, getVolume } from './volume.js';

export interface TopicDetailInput {
  from?: string;
  to?: string;
  metric?: string;
  per?: number;
}

/**
 * One topic (with its children) over a range: its trend and rate against the period before, its
 * split by sentiment and channel, the newest items in the customers' words, its largest duplicate
 * groups (the same problem reported again and again), and the operators' comments.
 */
export async function getTopicDetail(db: Db, ws: Workspace, topicId: string, input: TopicDetailInput = {}) {
  const topics = await listTopics(db, ws.id);
  const topic = topics.find((t) => t.id === topicId);
  if (!topic) throw new SoriError('not_found', `no topic ${topicId} / 토픽이 없습니다`);
  const ids = expandTopicFilter([topicId], topics)!;
  const [trend, bySentiment, byChannel] = await Promise.all([
    getVolume(db, ws, { ...input, topic: [topicId], limit: 1 }),
    getVolume(db, ws, { ...input, topic: [topicId], by: 'sentiment' }),
    getVolume(db, ws, { ...input, topic: [topicId], by: 'channel' }),
  ]);
  const range = trend.range;
  const window = { from: new Date(range.instants.from), to: new Date(range.instants.to) };
  const [examples, groups, comments] = await Promise.all([
    listItems(db, ws.id, { topic: ids, ...window }, { limit: 10 }),
    db.query<{ dup_group: string; items: number; customers: number; example_id: string; example: string; last_at: Date }>(
      `SELECT dup_group::text AS dup_group, count(*)::int AS items, count(DISTINCT customer_ref)::int AS customers,
              (array_agg(id::text ORDER BY created_at))[1] AS example_id,
              (array_agg(left(text, 300) ORDER BY created_at))[1] AS example, max(created_at) AS last_at
       FROM items WHERE workspace_id = $1 AND topic_id = ANY($2::bigint[]) AND created_at >= $3 AND created_at < $4 AND dup_group IS NOT NULL
       GROUP BY dup_group HAVING count(*) > 1 ORDER BY count(*) DESC, max(created_at) DESC LIMIT 10`,
      [ws.id, ids, window.from, window.to],
    ),
    listTopicComments(db, ws.id, topicId),
  ]);
  return {
    topic: { ...topic, children: topics.filter((t) => t.parent_id === topicId).map((t) => ({ id: t.id, name: t.name })) },
    range,
    /** The trend's bucket size (day, week or month by the range's length), as the volume answer names it. */
    granularity: trend.granularity,
    denominator: trend.denominator,
    total: trend.total,
    points: trend.lines[0]?.points ?? [],
    by_sentiment: bySentiment.lines.map(({ key, items, previous_items, rate }) => ({ key, items, previous_items, rate })),
    by_channel: byChannel.lines.map(({ key, items, previous_items, rate }) => ({ key, items, previous_items, rate })),
    examples: examples.items,
    duplicate_groups: groups,
    comments,
  };
}
