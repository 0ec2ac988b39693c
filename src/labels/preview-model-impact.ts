import { itemText } from '../domain/item.js';
import { SoriError } from '../domain/errors.js';
import { DEFAULT_TOPIC_THRESHOLD, DEFAULT_TYPE_THRESHOLD } from '../domain/taxonomy.js';
import type { Db } from '../store/db.js';
import { listItemTypes } from '../store/queries/item-types.js';
import { loadModelWeights, type ModelTask } from '../store/queries/text-models.js';
import { listTopics } from '../store/queries/topics.js';
import { deserializeClassifier } from '../text/classifier.js';
import { activeTypeKeys, assignLabels, buildLabelModels, loadDefaultTypeModel, type ItemLabels } from '../text/labeller.js';

/** Stored items a preview labels at most: the newest ones (a large workspace is sampled, and says so). */
export const IMPACT_SAMPLE = 2_000;

export interface ModelImpact {
  model_id: string;
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

/**
 * What putting a model in use would do to the stored items, without writing anything: the newest
 * IMPACT_SAMPLE items a re-classification would look at are labelled with the workspace's labelling
 * (rules, thresholds, types in use) with this model in place of the task's model in use, and compared
 * with the labels they have. Operators' corrections are left out, as re-classification leaves them.
 */
export async function previewModelImpact(db: Db, workspaceId: number, modelId: string, sample = IMPACT_SAMPLE): Promise<ModelImpact> {
  const stored = await loadModelWeights(db, workspaceId, { id: modelId });
  if (!stored) throw new SoriError('not_found', `model ${modelId} not found / 모델이 없습니다`);
  const task = stored.info.task;
  const model = deserializeClassifier(stored.model.meta, stored.model.weights);
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
  // The items a re-classification of this task would write (reclassify.ts): not locked, and for topics
  // not under an archived topic (or one whose parent is archived).
  const where = `i.workspace_id = $1 AND NOT $2 = ANY(i.locked_labels)
    ${task === 'topic' ? 'AND NOT coalesce(t.archived OR coalesce(parent.archived, false), false)' : ''}`;
  const from = `items i LEFT JOIN topics t ON t.id = i.topic_id LEFT JOIN topics parent ON parent.id = t.parent_id`;
  const [{ eligible }] = await db.query<{ eligible: number }>(`SELECT count(*)::int AS eligible FROM ${from} WHERE ${where}`, [workspaceId, task]);
  const rows = await db.query<{ title: string | null; text: string; metadata: Record<string, unknown> | null; type: string | null; topic_id: string | null }>(
    `SELECT i.title, i.text, i.metadata, i.type, i.topic_id::text AS topic_id FROM ${from} WHERE ${where} ORDER BY i.id DESC LIMIT $3`,
    [workspaceId, task, sample],
  );
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
  return { model_id: stored.info.id, task, eligible, sampled: rows.length, changed, moves, topic_names: topicNames };
}
