import { itemText } from '../domain/item.js';
import { SoriError } from '../domain/errors.js';
import { DEFAULT_TOPIC_THRESHOLD, DEFAULT_TYPE_THRESHOLD } from '../domain/taxonomy.js';
import type { Db } from '../store/db.js';
import { listItemTypes } from '../store/queries/item-types.js';
import { findPreviousModel, loadModelWeights, type ModelTask } from '../store/queries/text-models.js';
import { listTopics } from '../store/queries/topics.js';
import { deserializeClassifier, type TextClassifier } from '../text/classifier.js';
import { activeTypeKeys, assignLabels, buildLabelModels, loadDefaultTypeModel, type ItemLabels } from '../text/labeller.js';

/** Stored items a preview labels at most: the newest ones (a large workspace is sampled, and says so). */
export const IMPACT_SAMPLE = 2_000;

export interface ModelImpact {
  /** The model that would be in use; null: none — the default (the shipped type model, or topic rules alone). */
  model_id: string | null;
  task: ModelTask;
  /** Stored items the model would relabel: not corrected for this task, not under an archived topic. */
  eligible: number;
  /** Of those, the newest ones labelled for this preview (all of them when eligible ≤ IMPACT_SAMPLE). */
  sampled: number;
  /** Sampled items whose type (or topic) would change. */
  changed: number;
  /** "from>to" → count, as re-classification runs record them ("none": no type or topic). */
  moves: Record<string, number>;
  /** For a topic model: the names of the topic ids in `moves`. */
  topic_names: Record<string, string>;
}

/** What a preview labels with: a task's model (null: the task's default) and its id. */
export interface ImpactTarget {
  task: ModelTask;
  model: TextClassifier | null;
  modelId: string | null;
}

/**
 * What putting a model in use would do to the stored items, without writing anything (see
 * previewImpact). Not found when the workspace has no such model.
 */
export async function previewModelImpact(db: Db, workspaceId: number, modelId: string, sample = IMPACT_SAMPLE): Promise<ModelImpact> {
  const stored = await loadModelWeights(db, workspaceId, { id: modelId });
  if (!stored) throw new SoriError('not_found', `model ${modelId} not found / 모델이 없습니다`);
  const model = deserializeClassifier(stored.model.meta, stored.model.weights);
  return previewImpact(db, workspaceId, { task: stored.info.task, model, modelId: stored.info.id }, sample);
}

/**
 * What a rollback of a task (POST /models/rollback) would do: the stored items labelled with the model
 * it would put back in use — the previous one (findPreviousModel, the rollback's own choice), or from
 * a first model none, so the default. A conflict when no model of the task is in use (the rollback
 * refuses then too).
 */
export async function previewRollbackImpact(db: Db, workspaceId: number, task: ModelTask, sample = IMPACT_SAMPLE): Promise<ModelImpact> {
  const [inUse] = await db.query<{ id: string }>(`SELECT id::text AS id FROM text_models WHERE workspace_id = $1 AND task = $2 AND status = 'active'`, [workspaceId, task]);
  if (!inUse) throw new SoriError('conflict', `no ${task} model of this workspace is in use: the default already applies / 이 워크스페이스가 쓰는 모델이 없어 이미 기본 모델입니다`);
  const previous = await findPreviousModel(db, workspaceId, task);
  const stored = previous ? await loadModelWeights(db, workspaceId, { id: previous.id }) : null;
  const model = stored ? deserializeClassifier(stored.model.meta, stored.model.weights) : null;
  return previewImpact(db, workspaceId, { task, model, modelId: stored?.info.id ?? null }, sample);
}

/**
 * Labels the newest IMPACT_SAMPLE items a re-classification would look at with the workspace's
 * labelling (rules, thresholds, types in use) with the target's model in place of the task's model
 * in use (the other task's model in use stays), and compares with the labels they have. Operators'
 * corrections are left out, as re-classification leaves them.
 */
export async function previewImpact(db: Db, workspaceId: number, target: ImpactTarget, sample = IMPACT_SAMPLE): Promise<ModelImpact> {
  const { task, model } = target;
  const other = await loadModelWeights(db, workspaceId, { task: task === 'type' ? 'topic' : 'type' });
  const otherModel = other ? deserializeClassifier(other.model.meta, other.model.weights) : null;
  const [topics, types, defaultType] = await Promise.all([listTopics(db, workspaceId), listItemTypes(db, workspaceId), loadDefaultTypeModel()]);
  const archived = new Set(topics.filter((t) => t.archived).map((t) => t.id));
  const active = topics
    .filter((t) => !t.archived && !(t.parent_id !== null && archived.has(t.parent_id)))
    .map(({ id, parent_id, position, rules }) => ({ id, parent_id, position, rules }));
  const labelModels = buildLabelModels(task === 'type' ? model : otherModel, defaultType, task === 'topic' ? model : otherModel, active, {
    typeThreshold: DEFAULT_TYPE_THRESHOLD,
    topicThreshold: DEFAULT_TOPIC_THRESHOLD,
    activeTypes: activeTypeKeys(types),
  });
  // Items under these keep their topic in a re-classification (an archived topic, or one whose parent is).
  const hidden = topics.filter((t) => t.archived || (t.parent_id !== null && archived.has(t.parent_id))).map((t) => t.id);
  const [eligible, rows] = await Promise.all([countEligibleItems(db, workspaceId, task, hidden), sampleEligibleItems(db, workspaceId, task, hidden, sample)]);
  const moves: Record<string, number> = {};
  let changed = 0;
  const out = {} as ItemLabels;
  for (const row of rows) {
    assignLabels(labelModels, itemText(row), row.metadata, out);
    const before = task === 'type' ? row.type : row.topic_id;
    const after = (task === 'type' ? out.type : out.topic_id) ?? null;
    if (before === after) continue;
    changed++;
    const move = `${before ?? 'none'}>${after ?? 'none'}`;
    moves[move] = (moves[move] ?? 0) + 1;
  }
  const topicNames: Record<string, string> = {};
  if (task === 'topic') {
    const named = new Map(topics.map((t) => [t.id, t.name]));
    for (const move of Object.keys(moves)) for (const id of move.split('>')) if (named.has(id)) topicNames[id] = named.get(id)!;
  }
  return { model_id: target.modelId, task, eligible, sampled: rows.length, changed, moves, topic_names: topicNames };
}

/**
 * How many stored items a re-classification of the task would relabel (`hiddenTopicIds`: the topics
 * whose items keep their topic — archived, or under an archived parent), without counting them one
 * by one: all of the workspace's items from the daily rollups (a row per day × channel × type ×
 * topic × sentiment: 35,158 rows for 1,000,000 items), less the corrected ones read through their own
 * index (migration 054, an index-only scan) — exact, as the rollups are kept by the items' triggers in
 * the same statement. At 1,000,000 items (bench/model-impact.bench.ts) counting every eligible item took
 * 0.4–1.0 s on PostgreSQL and 0.8–2.2 s on PGlite; this 8–60 ms and 12–120 ms (the more corrected, the longer).
 */
export async function countEligibleItems(db: Db, workspaceId: number, task: ModelTask, hiddenTopicIds: readonly string[] = []): Promise<number> {
  const [[all], [corrected]] = await Promise.all([
    db.query<{ total: number; hidden: number }>(
      `SELECT coalesce(sum(items), 0)::int AS total, coalesce(sum(items) FILTER (WHERE topic_id = ANY($2::bigint[])), 0)::int AS hidden
       FROM item_daily_counts WHERE workspace_id = $1`,
      [workspaceId, hiddenTopicIds],
    ),
    db.query<{ locked: number; hidden_locked: number }>(
      `SELECT count(*) FILTER (WHERE $2 = ANY(locked_labels))::int AS locked,
         count(*) FILTER (WHERE $2 = ANY(locked_labels) AND topic_id = ANY($3::bigint[]))::int AS hidden_locked
       FROM items WHERE workspace_id = $1 AND locked_labels <> '{}'`,
      [workspaceId, task, hiddenTopicIds],
    ),
  ]);
  const uncorrected = all!.total - corrected!.locked;
  return task === 'topic' ? uncorrected - (all!.hidden - corrected!.hidden_locked) : uncorrected;
}

export interface SampledItem {
  title: string | null;
  text: string;
  metadata: Record<string, unknown> | null;
  type: string | null;
  topic_id: string | null;
}

/**
 * The newest `sample` items a re-classification of the task would relabel (reclassify.ts): not
 * corrected for the task, and for topics not under a hidden topic — a filter on the item's own
 * topic id, not a join with the topics per item read: newest items nobody may relabel (a bulk
 * correction of the latest 150,000) are stepped over at the cost of reading them only.
 */
export async function sampleEligibleItems(db: Db, workspaceId: number, task: ModelTask, hiddenTopicIds: readonly string[], sample: number): Promise<SampledItem[]> {
  return db.query<SampledItem>(
    `SELECT i.title, i.text, i.metadata, i.type, i.topic_id::text AS topic_id FROM items i
     WHERE i.workspace_id = $1 AND NOT $2 = ANY(i.locked_labels)
       ${task === 'topic' && hiddenTopicIds.length ? 'AND (i.topic_id IS NULL OR NOT i.topic_id = ANY($4::bigint[]))' : ''}
     ORDER BY i.id DESC LIMIT $3`,
    task === 'topic' && hiddenTopicIds.length ? [workspaceId, task, sample, hiddenTopicIds] : [workspaceId, task, sample],
  );
}
