import { SoriError } from '../domain/errors.js';
import { itemText } from '../domain/item.js';
import { adjustedWhereCompared } from '../domain/stats.js';
import { insufficientChange, testRateChange, type Change } from '../insights/change.js';
import type { Db } from '../store/db.js';
import { createTopic, type TopicRow } from '../store/queries/topics.js';
import { DEFAULT_DISCOVERY_OPTIONS, discoverTopics } from '../text/topic-discovery.js';
import { compileTopicRules, matchTopicRule, ruleProblem, type TopicRule } from '../text/topic-rules.js';

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
  /** The first and last created_at among the items the run read (migration 052): how far back its counts reach. */
  run_first_at: Date | null;
  run_last_at: Date | null;
}

const CLUSTER_COLUMNS = `id::text AS id, run_at, name, keywords, size, coherence, recent, previous,
  example_ids::text[] AS example_ids, promoted_topic_id::text AS promoted_topic_id, run_first_at, run_last_at`;

/** Example texts shown per cluster, distinct ones (the Topics page shows them under the cluster). */
export const EXAMPLES_PER_CLUSTER = 3;
/** Members read, best first, to find that many distinct texts (a form's text repeated is one example). */
const EXAMPLE_CANDIDATES = 30;
/** An example's text is cut here: the page shows a line of it, with a link to the whole item. */
const EXAMPLE_CHARS = 300;

export interface ClusterExample {
  id: string;
  title: string | null;
  text: string;
}

/** A cluster as the Topics page shows it: its example texts, and whether its growth is more than noise. */
export interface ListedCluster extends StoredCluster {
  examples: ClusterExample[];
  /** Members per day in the last 7 days against the 7 before, with the verdict the movers give (insights/change.ts). */
  change: Change;
}

/**
 * Clusters the workspace's recent items that no topic covers and stores the clusters (replacing
 * the previous run's unpromoted ones). Growth compares the last 7 days with the 7 before.
 */
export async function runTopicDiscovery(db: Db, workspaceId: number, opts: { days?: number; now?: Date } = {}): Promise<StoredCluster[]> {
  const days = opts.days ?? 30;
  const now = opts.now ?? new Date();
  // Ordered to the id (items of one import share their instant): the same items give the same clusters on every run.
  const rows = await db.query<{ id: string; title: string | null; text: string; channel: string; created_at: Date }>(
    `SELECT id::text AS id, title, text, channel, created_at FROM items
     WHERE workspace_id = $1 AND topic_id IS NULL AND created_at > $2::timestamptz - make_interval(days => $3) AND created_at <= $2::timestamptz
     ORDER BY created_at DESC, id DESC LIMIT $4`,
    [workspaceId, now, days, MAX_DISCOVERY_ITEMS],
  );
  const clusters = discoverTopics(
    // The channel: an agent's call memos share their phrasing ("… 안내 후 종료"), which is no topic.
    rows.map((r) => ({ id: r.id, text: itemText(r), createdAt: r.created_at, channel: r.channel })),
    { now },
  );
  // Stored with the run, so a read unnests no member list (migration 052): each cluster's distinct
  // examples, by id (the text stays in the item: a deletion or erasure leaves no copy here), and the
  // reach of the items read (newest first).
  const byId = new Map(rows.map((r) => [r.id, r]));
  const firstAt = rows.length ? rows[rows.length - 1]!.created_at : null;
  const lastAt = rows.length ? rows[0]!.created_at : null;
  return db.transaction(async (tx) => {
    // The example candidates still there, held (FOR KEY SHARE, in id order as a deletion locks them)
    // until the run is stored: an item deleted since the read is not shown, and a deletion that comes
    // now waits and then finds the run's clusters to choose another example for.
    const candidates = clusters.flatMap((c) => c.memberIds.slice(0, EXAMPLE_CANDIDATES));
    const present = new Set(
      candidates.length
        ? (await tx.query<{ id: string }>('SELECT id::text AS id FROM items WHERE workspace_id = $1 AND id = ANY($2::bigint[]) ORDER BY id FOR KEY SHARE', [workspaceId, candidates])).map((r) => r.id)
        : [],
    );
    await tx.query('DELETE FROM topic_clusters WHERE workspace_id = $1 AND promoted_topic_id IS NULL', [workspaceId]);
    for (const c of clusters) {
      const shown = distinctExamples(c.memberIds.slice(0, EXAMPLE_CANDIDATES).flatMap((id) => (present.has(id) ? (byId.get(id) ?? []) : [])));
      await tx.query(
        `INSERT INTO topic_clusters (workspace_id, run_at, name, keywords, size, coherence, recent, previous, example_ids, member_ids, shown_example_ids, run_first_at, run_last_at)
         VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9::bigint[], $10::bigint[], $11::bigint[], $12, $13)`,
        [workspaceId, now, c.name, c.keywords, c.size, c.coherence, c.recent, c.previous, c.exampleIds, c.memberIds, shown, firstAt, lastAt],
      );
    }
    return listClusters(tx, workspaceId);
  });
}

/**
 * The latest discovered clusters, largest first, each with its distinct example texts and its
 * growth's verdict: one answer for the Topics page (it fetched every example with GET /items/:id,
 * ~120 requests on the demo — walkthrough s26). Both come from what the run stored (migration 052):
 * the examples' ids, read by primary key, and the run's reach.
 */
export async function listClusters(db: Db, workspaceId: number): Promise<ListedCluster[]> {
  const clusters = await db.query<StoredCluster & { shown_example_ids: string[] }>(
    `SELECT ${CLUSTER_COLUMNS}, shown_example_ids::text[] AS shown_example_ids FROM topic_clusters WHERE workspace_id = $1 ORDER BY promoted_topic_id IS NOT NULL, size DESC, id`,
    [workspaceId],
  );
  if (!clusters.length) return [];
  const texts = await exampleTexts(db, workspaceId, clusters.flatMap((c) => c.shown_example_ids));
  const changes = clusterChanges(clusters);
  return clusters.map(({ shown_example_ids, ...c }, i) => ({ ...c, examples: shown_example_ids.flatMap((id) => texts.get(id) ?? []), change: changes[i]! }));
}

/** A text as two examples are told apart: "같은 문의입니다" and "같은 문의입니다 " are one. */
const exampleKey = (e: { title: string | null; text: string }) => itemText(e).normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
/** The first `chars` characters (code points, as SQL's left()). */
const cut = (s: string, chars: number) => (s.length <= chars ? s : Array.from(s).slice(0, chars).join(''));

/**
 * A cluster's first distinct example texts among its first members, best first: the same sentence
 * sent three times (a form, a copy-paste) is shown once (walkthrough s26 saw one sentence 3× under a
 * cluster). Texts are compared as the page shows them (cut at EXAMPLE_CHARS). Returns their ids.
 */
export function distinctExamples(members: readonly { id: string; title: string | null; text: string }[]): string[] {
  const keys = new Set<string>();
  const out: string[] = [];
  for (const m of members.slice(0, EXAMPLE_CANDIDATES)) {
    const key = exampleKey({ title: m.title === null ? null : cut(m.title, EXAMPLE_CHARS), text: cut(m.text, EXAMPLE_CHARS) });
    if (keys.has(key)) continue;
    keys.add(key);
    out.push(m.id);
    if (out.length >= EXAMPLES_PER_CLUSTER) break;
  }
  return out;
}

/** The example items' titles and texts, cut for a line of the page; an item deleted since is absent. */
async function exampleTexts(db: Db, workspaceId: number, ids: readonly string[]): Promise<Map<string, ClusterExample>> {
  if (!ids.length) return new Map();
  const rows = await db.query<ClusterExample>(
    'SELECT id::text AS id, left(title, $3) AS title, left(text, $3) AS text FROM items WHERE workspace_id = $1 AND id = ANY($2::bigint[])',
    [workspaceId, [...new Set(ids)], EXAMPLE_CHARS],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * After items were deleted (src/removal/, in its transaction, once store/queries/delete-items.ts cut
 * them from the member lists): the clusters that showed one of them as an example choose their
 * distinct examples again among the members left, so a cluster keeps its examples and never points
 * at a deleted item. Returns how many clusters changed.
 */
export async function refreshClusterExamples(tx: Db, workspaceId: number, deletedIds: readonly string[]): Promise<number> {
  if (!deletedIds.length) return 0;
  const clusters = await tx.query<{ id: string; candidates: string[] }>(
    `SELECT id::text AS id, (member_ids[1:$3])::text[] AS candidates FROM topic_clusters
     WHERE workspace_id = $1 AND shown_example_ids && $2::bigint[] ORDER BY id FOR UPDATE`,
    [workspaceId, [...deletedIds], EXAMPLE_CANDIDATES],
  );
  if (!clusters.length) return 0;
  const texts = await exampleTexts(tx, workspaceId, clusters.flatMap((c) => c.candidates));
  for (const c of clusters) {
    const shown = distinctExamples(c.candidates.flatMap((id) => texts.get(id) ?? []));
    await tx.query('UPDATE topic_clusters SET shown_example_ids = $3::bigint[] WHERE workspace_id = $1 AND id = $2::bigint', [workspaceId, c.id, shown]);
  }
  return clusters.length;
}

/**
 * Each cluster's growth as the movers judge a topic's (insights/movers.ts): members per day in the
 * last week against the week before, by the Poisson test, with the false-discovery rate controlled
 * across the clusters compared at once. No verdict (previous_not_covered) when the run's items do not
 * reach back into the week before — a 7-day run, or a workspace younger than two weeks — where
 * "2 → 0" or "0 → 9" says nothing about growth. Promoted clusters are not compared.
 */
function clusterChanges(clusters: readonly StoredCluster[]): Change[] {
  const growthDays = DEFAULT_DISCOVERY_OPTIONS.growthDays;
  const covered = (c: StoredCluster) =>
    !!c.run_first_at && new Date(c.run_at).getTime() - new Date(c.run_first_at).getTime() >= 2 * growthDays * 86_400_000 - 86_400_000;
  const side = (count: number) => ({ count, exposure: growthDays, value: count / growthDays });
  const compared = clusters.map((c) => !c.promoted_topic_id && covered(c));
  // Each cluster tested once, then verdicted again under its adjusted p.
  const tested = clusters.map((c) => testRateChange(side(c.recent), side(c.previous)));
  const pAdjusted = adjustedWhereCompared(
    tested.map((t) => t.change.p_value),
    compared,
  );
  return clusters.map((c, i) =>
    compared[i]
      ? { ...tested[i]!.change, verdict: tested[i]!.verdictAt(pAdjusted[i]!) }
      : insufficientChange('percent', c.recent / growthDays, c.previous / growthDays, c.promoted_topic_id ? undefined : 'previous_not_covered'),
  );
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
  input: { name?: string; parentId?: string | null; rules?: TopicRule[]; userId: number | null },
): Promise<{ topic: TopicRow; labelled: number }> {
  const rules = input.rules ?? [];
  const problem = rules.map(ruleProblem).find(Boolean);
  if (problem) throw new SoriError('validation_failed', problem);
  return db.transaction(async (tx) => {
    const [cluster] = await tx.query<{ name: string; member_ids: string[]; promoted_topic_id: string | null }>(
      'SELECT name, member_ids::text[] AS member_ids, promoted_topic_id::text AS promoted_topic_id FROM topic_clusters WHERE workspace_id = $1 AND id = $2::bigint FOR UPDATE',
      [workspaceId, clusterId],
    );
    if (!cluster) throw new SoriError('not_found', `no discovered topic ${clusterId} / 발견된 토픽이 없습니다`);
    if (cluster.promoted_topic_id) throw new SoriError('conflict', 'this cluster was already promoted / 이미 토픽으로 만들었습니다');
    // With rules (suggestClusterRules, as the operator kept them) new items get the topic at once,
    // not only after the next topic model; the caller re-labels the stored ones with them.
    const topic = await createTopic(tx, workspaceId, { name: input.name?.trim() || cluster.name, parentId: input.parentId ?? null, rules });
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

/** A keyword suggested as a promoted topic's rule, with what it would have matched. */
export interface SuggestedRule extends TopicRule {
  /** The cluster's members the keyword matches. */
  members: number;
  /** Items of the discovery's window (30 days before the run) it matches, the members among them. */
  matches: number;
  /** Whether it is specific enough to be kept by default: most of what it matches is the cluster's. */
  recommended: boolean;
}

/** Of what a suggested keyword matches, the share that must be the cluster's for it to be recommended. */
export const MIN_RULE_PRECISION = 0.6;
/** Of the cluster's members, the share a suggested keyword must match to be recommended. */
export const MIN_RULE_COVERAGE = 0.15;
const SUGGESTION_WINDOW_DAYS = 30;

/**
 * Keyword rules for a cluster about to become a topic, from its keywords (the words it is named
 * by), each with how many of its members and of all recent items it matches. A keyword is
 * recommended when it is specific: at least 60% of the items it matches are the cluster's and it
 * matches at least 15% of them — "배송" or "문의" alone match half the inbox and are not.
 * Without rules a promoted topic labels no new item until the topic model is trained again.
 */
export async function suggestClusterRules(db: Db, workspaceId: number, clusterId: string): Promise<SuggestedRule[]> {
  const [cluster] = await db.query<{ keywords: string[]; member_ids: string[]; run_at: Date }>(
    'SELECT keywords, member_ids::text[] AS member_ids, run_at FROM topic_clusters WHERE workspace_id = $1 AND id = $2::bigint',
    [workspaceId, clusterId],
  );
  if (!cluster) throw new SoriError('not_found', `no discovered topic ${clusterId} / 발견된 토픽이 없습니다`);
  const candidates = [...new Set(cluster.keywords.map((k) => k.normalize('NFC').trim()))].filter((k) => [...k.replace(/\s/g, '')].length >= 2 && !ruleProblem({ kind: 'keyword', pattern: k }));
  if (!candidates.length) return [];
  const rows = await db.query<{ id: string; title: string | null; text: string }>(
    `SELECT id::text AS id, title, text FROM items
     WHERE workspace_id = $1 AND created_at > $2::timestamptz - make_interval(days => $3) AND created_at <= $2::timestamptz
     ORDER BY created_at DESC, id DESC LIMIT $4`,
    [workspaceId, cluster.run_at, SUGGESTION_WINDOW_DAYS, MAX_DISCOVERY_ITEMS],
  );
  const members = new Set(cluster.member_ids);
  const memberCount = Math.max(1, members.size);
  return candidates.map((pattern) => {
    const rules = compileTopicRules([{ id: '1', parent_id: null, position: 0, rules: [{ kind: 'keyword', pattern }] }]);
    let matches = 0;
    let inCluster = 0;
    for (const r of rows) {
      if (!matchTopicRule(rules, itemText(r))) continue;
      matches++;
      if (members.has(r.id)) inCluster++;
    }
    const recommended = matches > 0 && inCluster / matches >= MIN_RULE_PRECISION && inCluster / memberCount >= MIN_RULE_COVERAGE;
    return { kind: 'keyword' as const, pattern, members: inCluster, matches, recommended };
  });
}
