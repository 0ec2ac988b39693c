import { SoriError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { loadModelWeights, saveModel, type ModelTask, type SerializedModel, type StoredModelInfo } from '../store/queries/text-models.js';
import { deserializeClassifier, serializeClassifier, trainClassifier, type LabelledText, type TextClassifier } from '../text/classifier.js';
import { evaluate } from '../text/metrics.js';
import { trainingWorker } from '../worker/pool.js';
import { decideGate, type GateDecision, type ModelComparison } from './model-gate.js';
import { shippedTypeExamples } from './default-training-data.js';
import { loadDefaultTypeModel, NO_TOPIC } from '../text/labeller.js';

/** Fewest labelled examples per class for a class to be learned (a type the shipped model knows needs none). */
export const MIN_EXAMPLES_PER_LABEL = 3;
/** A correction counts this many times against the default training data. */
const CORRECTION_WEIGHT = 10;
const MAX_TRAINING_ITEMS = 100_000;
/**
 * Items without a confirmed topic that a topic model learns as "no topic" (NO_TOPIC): twice the
 * labelled ones, at least 200 and at most 5,000, drawn from the newest 50,000 such items.
 */
const BACKGROUND_MIN = 200;
const BACKGROUND_MAX = 5_000;
/** Fewest background items for "no topic" to be learned (a new workspace may have none yet). */
const BACKGROUND_NEEDED = 20;

/**
 * The labelled items of a workspace for a task:
 * - type: items an operator corrected (label_corrections keeps the latest per item);
 * - topic: corrected items plus items a topic rule labelled (rules teach the model the topic's
 *   wording, so it also finds the items the rules miss), items an operator said have no topic
 *   (corrected "no topic"), and a sample of the items nothing gave a topic ("no topic").
 */
async function labelledItems(db: Db, workspaceId: number, task: ModelTask): Promise<LabelledItem[]> {
  if (task === 'type') {
    return db.query(
      `SELECT CASE WHEN title IS NULL THEN text ELSE title || E'\\n' || text END AS text, type AS label, true AS corrected
       FROM items WHERE workspace_id = $1 AND type_source = 'correction' AND type IS NOT NULL
       ORDER BY id DESC LIMIT $2`,
      [workspaceId, MAX_TRAINING_ITEMS],
    );
  }
  // A correction to "no topic" (topic_id NULL) is a correction like any other: an operator saying
  // the model's topic was wrong here is what the next model must learn (they were counted towards
  // automatic retraining, and then left out of it).
  const topics = await db.query<LabelledItem>(
    `SELECT CASE WHEN i.title IS NULL THEN i.text ELSE i.title || E'\\n' || i.text END AS text,
            coalesce(i.topic_id::text, $3) AS label, i.topic_source = 'correction' AS corrected
     FROM items i LEFT JOIN topics t ON t.id = i.topic_id
     WHERE i.workspace_id = $1
       AND ((i.topic_source IN ('correction', 'rule') AND NOT t.archived) OR (i.topic_source = 'correction' AND i.topic_id IS NULL))
     ORDER BY i.id DESC LIMIT $2`,
    [workspaceId, MAX_TRAINING_ITEMS, NO_TOPIC],
  );
  const labelled = topics.filter((t) => t.label !== NO_TOPIC).length;
  // What the topics are not: items without a topic that no operator looked at. Never the items a
  // model gave a topic: as "no topic" examples they taught the next model the opposite of what the
  // last one found, so a retraining with nothing changed dropped the topic from them. Without a
  // background a model trained on one or two topics gave nearly every item one of them (the
  // softmax over the topics alone always sums to one). Some may belong to a topic its rules miss:
  // they are a sample, each counted once against ten per correction.
  const background = await db.query<LabelledItem>(
    `SELECT text, $3::text AS label, false AS corrected FROM (
       SELECT CASE WHEN title IS NULL THEN text ELSE title || E'\\n' || text END AS text FROM items
       WHERE workspace_id = $1 AND topic_id IS NULL AND topic_source IS NULL
       ORDER BY id DESC LIMIT 50000) recent
     ORDER BY md5(text) LIMIT $2`,
    [workspaceId, Math.min(BACKGROUND_MAX, Math.max(BACKGROUND_MIN, 2 * labelled)), NO_TOPIC],
  );
  return background.length >= BACKGROUND_NEEDED ? [...topics, ...background] : topics;
}

/** One labelled item of a workspace (`corrected`: an operator's correction, else a rule's label). */
export interface LabelledItem {
  text: string;
  label: string;
  corrected: boolean;
}

export type TrainTrigger = 'manual' | 'corrections';

export interface TrainResult {
  model: StoredModelInfo;
  examples: number;
  corrections: number;
  labels: string[];
  /** Accuracy on a held-out fifth of the workspace's own labelled items (null when too few). */
  holdout: { accuracy: number; macroF1: number; examples: number } | null;
  /** Put in use now (false: kept as a candidate for an admin, nothing relabelled). */
  applied: boolean;
  /** The comparison with the model in use and what it decided (labels/model-gate.ts). */
  gate: GateDecision;
}

/**
 * Trains a workspace's type or topic model from its labelled items and scores it against the model
 * in use on the same held-out examples (labels/model-gate.ts). A manual training is put in use at
 * once; an automatic one (`corrections`) only when the gate lets it, else it is stored as a
 * candidate with the reason. The training itself runs on the worker thread (src/worker/), so the
 * server keeps answering meanwhile. The model records what triggered it and the newest correction
 * it learned from (automatic retraining counts the corrections after that one).
 */
export async function trainWorkspaceModel(
  db: Db,
  workspaceId: number,
  task: ModelTask,
  trigger: TrainTrigger = 'manual',
  actor: string | null = null,
): Promise<TrainResult> {
  const [{ last }] = await db.query<{ last: string | null }>(
    'SELECT max(id)::text AS last FROM label_corrections WHERE workspace_id = $1 AND field = $2',
    [workspaceId, task],
  );
  const items = await labelledItems(db, workspaceId, task);
  const inUse = await loadModelWeights(db, workspaceId, { task });
  // Without a type model of its own a workspace uses the shipped one, which never saw its texts: the
  // new model is compared with it. A topic model has no such default (rules alone label topics).
  const current = inUse
    ? { model: inUse.model, probe: inUse.probe, shipped: false }
    : task === 'type'
      ? { model: shipped(await loadDefaultTypeModel()), probe: null, shipped: true }
      : null;
  const trained = await trainingWorker().run('train', { task, items, current });
  const gate = decideGate({ trigger, hasModelInUse: inUse !== null, comparison: trained.comparison });
  const stored = await saveModel(
    db,
    workspaceId,
    task,
    trained,
    {
      holdout: trained.holdout,
      corrections: trained.corrections,
      trigger,
      last_correction_id: last,
      gate: { verdict: gate.verdict, comparison: gate.comparison, delta: gate.delta, compared_with: inUse?.info.id ?? null },
    },
    { status: gate.apply ? 'active' : 'candidate', holdReason: gate.holdReason, decidedBy: trigger === 'manual' ? actor : 'system', probe: trained.probe },
  );
  const labels = trained.meta.labels.filter((l) => l !== NO_TOPIC);
  // A promoted topic's `labelled_since` stays: the re-classification that follows a new model finds
  // only some of its older items (a walkthrough: 14 of 79 in the period before, against 46 of 87 its
  // cluster labelled), so a period before it would read as a rise. Rules clear it (topics.ts).
  return { model: stored, examples: trained.examples, corrections: trained.corrections, labels, holdout: trained.holdout, applied: gate.apply, gate };
}

function shipped(model: TextClassifier): SerializedModel {
  const { meta, weights } = serializeClassifier(model);
  return { meta, weights: new Uint8Array(weights) };
}

/** A text's side of the held-out split: the same text is held out at every training (fnv-1a, one in five). */
export function isHeldOut(text: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 5 === 0;
}

/**
 * The training itself, a pure function of the labelled items (it runs on the worker thread).
 * The type model also keeps the shipped model's training data, with each correction counted ten
 * times, so a handful of corrections adjusts the default instead of replacing it with a model that
 * knows only what was corrected. A topic model learns "no topic" (NO_TOPIC) from the background
 * items `labelledItems` adds; the held-out fifth includes them, so its accuracy counts topics
 * given to items that have none.
 */
export function trainFromLabelled(
  own: LabelledItem[],
  task: ModelTask,
  current: { model: SerializedModel; probe: SerializedModel | null; shipped?: boolean } | null = null,
): {
  model: TextClassifier;
  examples: number;
  corrections: number;
  holdout: TrainResult['holdout'];
  probe: SerializedModel | null;
  comparison: ModelComparison | null;
} {
  // The shipped model's own training set (hand-written messages and capped generated ones): a
  // workspace model built on the generated inquiries alone lost a third of its accuracy on
  // messages outside the corrected types (0.70 → 0.41 on a blind set after 30 corrections).
  const base = task === 'type' ? shippedTypeExamples() : [];
  // The minimum keeps a class from being made of one or two examples; a type the shipped examples
  // already teach is not such a class, so one correction to it is learned (two corrections to
  // 배송·주문 were dropped before, and the model kept its wrong answer).
  const known = new Set(base.map((e) => e.label));
  const counts = new Map<string, number>();
  for (const e of own) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const usable = own.filter((e) => known.has(e.label) || (counts.get(e.label) ?? 0) >= MIN_EXAMPLES_PER_LABEL);
  const topicLabels = new Set(usable.filter((e) => e.label !== NO_TOPIC).map((e) => e.label));
  if (task === 'topic' && (topicLabels.size === 0 || new Set(usable.map((e) => e.label)).size < 2)) {
    throw new SoriError(
      'not_enough_labels',
      `a topic model needs a topic with ${MIN_EXAMPLES_PER_LABEL}+ labelled items (by rules or corrections) and other items to tell it from, or two such topics / ` +
        `라벨(규칙 또는 수정)이 ${MIN_EXAMPLES_PER_LABEL}개 이상인 토픽과 비교할 다른 문의가 필요합니다 (또는 그런 토픽 두 개)`,
    );
  }
  if (task === 'type' && usable.length === 0) {
    throw new SoriError(
      'not_enough_labels',
      `no type corrections yet (a type of your own needs ${MIN_EXAMPLES_PER_LABEL}+) / 유형 수정 내역이 아직 없습니다 (새로 만든 유형은 ${MIN_EXAMPLES_PER_LABEL}개 이상 필요)`,
    );
  }

  // Hold out a fifth of the workspace's own items — the same texts at every training — to score the
  // new model, and the model in use, on them (model-gate.ts says why the probes are compared).
  let holdout: TrainResult['holdout'] = null;
  let probe: SerializedModel | null = null;
  let comparison: ModelComparison | null = null;
  if (usable.length >= 50) {
    const test = usable.filter((e) => isHeldOut(e.text));
    const train = [...base, ...weighted(usable.filter((e) => !isHeldOut(e.text)))];
    if (test.length > 0 && new Set(train.map((e) => e.label)).size >= 2) {
      const probeModel = trainClassifier(train, task, { minDf: 2 });
      const truth = test.map((e) => e.label);
      const report = evaluate(truth, test.map((e) => probeModel.predict(e.text).label));
      holdout = { accuracy: report.accuracy, macroF1: report.macroF1, examples: test.length };
      const { meta, weights } = serializeClassifier(probeModel);
      probe = { meta, weights: new Uint8Array(weights) };
      if (current) {
        const basis = current.probe ? 'probe' : current.shipped ? 'shipped_default' : 'model_in_use';
        const theirs = deserializeClassifier((current.probe ?? current.model).meta, (current.probe ?? current.model).weights);
        const other = evaluate(truth, test.map((e) => theirs.predict(e.text).label));
        comparison = {
          examples: test.length,
          basis,
          candidate: { accuracy: report.accuracy, macroF1: report.macroF1 },
          current: { accuracy: other.accuracy, macroF1: other.macroF1 },
        };
      }
    }
  }
  const examples = [...base, ...weighted(usable)];
  const model = trainClassifier(examples, task, { minDf: 2 });
  return { model, examples: examples.length, corrections: usable.filter((e) => e.corrected).length, holdout, probe, comparison };
}

function weighted(items: LabelledItem[]): LabelledText[] {
  const out: LabelledText[] = [];
  for (const e of items) for (let i = 0; i < (e.corrected ? CORRECTION_WEIGHT : 1); i++) out.push({ text: e.text, label: e.label });
  return out;
}
