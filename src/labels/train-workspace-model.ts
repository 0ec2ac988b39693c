import { SoriError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { saveModel, type ModelTask, type StoredModelInfo } from '../store/queries/text-models.js';
import { trainClassifier, type LabelledText, type TextClassifier } from '../text/classifier.js';
import { evaluate } from '../text/metrics.js';
import { prng } from '../text/linear-svm.js';
import { taskWorker } from '../worker/pool.js';
import { defaultTypeExamples } from './default-training-data.js';

/** Fewest labelled examples per class for a class to be learned. */
export const MIN_EXAMPLES_PER_LABEL = 3;
/** A correction counts this many times against the default training data. */
const CORRECTION_WEIGHT = 10;
/** Default training examples kept per type when a workspace trains its own model. */
const BASE_PER_LABEL = 300;
const MAX_TRAINING_ITEMS = 100_000;

/**
 * The labelled items of a workspace for a task:
 * - type: items an operator corrected (label_corrections keeps the latest per item);
 * - topic: corrected items plus items a topic rule labelled (rules teach the model the topic's
 *   wording, so it also finds the items the rules miss).
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
  return db.query(
    `SELECT CASE WHEN i.title IS NULL THEN i.text ELSE i.title || E'\\n' || i.text END AS text, i.topic_id::text AS label,
            i.topic_source = 'correction' AS corrected
     FROM items i JOIN topics t ON t.id = i.topic_id AND NOT t.archived
     WHERE i.workspace_id = $1 AND i.topic_source IN ('correction', 'rule')
     ORDER BY i.id DESC LIMIT $2`,
    [workspaceId, MAX_TRAINING_ITEMS],
  );
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
}

/**
 * Trains a workspace's type or topic model from its labelled items and stores it (the newest
 * model is the one in use). The training itself runs on the worker thread (src/worker/), so the
 * server keeps answering meanwhile. The model records what triggered it and the newest
 * correction it learned from (automatic retraining counts the corrections after that one).
 */
export async function trainWorkspaceModel(db: Db, workspaceId: number, task: ModelTask, trigger: TrainTrigger = 'manual'): Promise<TrainResult> {
  const [{ last }] = await db.query<{ last: string | null }>(
    'SELECT max(id)::text AS last FROM label_corrections WHERE workspace_id = $1 AND field = $2',
    [workspaceId, task],
  );
  const items = await labelledItems(db, workspaceId, task);
  const trained = await taskWorker().run('train', { task, items });
  const stored = await saveModel(db, workspaceId, task, trained, {
    holdout: trained.holdout,
    corrections: trained.corrections,
    trigger,
    last_correction_id: last,
  });
  return { model: stored, examples: trained.examples, corrections: trained.corrections, labels: trained.meta.labels, holdout: trained.holdout };
}

/**
 * The training itself, a pure function of the labelled items (it runs on the worker thread).
 * The type model also keeps a sample of the default training data (300 per type), with each
 * correction counted ten times, so a handful of corrections adjusts the default instead of
 * replacing it with a model that knows only what was corrected.
 */
export function trainFromLabelled(
  own: LabelledItem[],
  task: ModelTask,
): { model: TextClassifier; examples: number; corrections: number; holdout: TrainResult['holdout'] } {
  const counts = new Map<string, number>();
  for (const e of own) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const usable = own.filter((e) => (counts.get(e.label) ?? 0) >= MIN_EXAMPLES_PER_LABEL);
  const base = task === 'type' ? capPerLabel(defaultTypeExamples(), BASE_PER_LABEL) : [];
  if (task === 'topic' && new Set(usable.map((e) => e.label)).size < 2) {
    throw new SoriError(
      'not_enough_labels',
      `a topic model needs at least two topics with ${MIN_EXAMPLES_PER_LABEL}+ labelled items (by rules or corrections) / 토픽마다 ${MIN_EXAMPLES_PER_LABEL}개 이상 라벨이 있는 토픽이 두 개 이상 필요합니다`,
    );
  }
  if (task === 'type' && usable.length === 0) {
    throw new SoriError('not_enough_labels', `no type corrections yet (need ${MIN_EXAMPLES_PER_LABEL}+ of a type) / 유형 수정 내역이 아직 없습니다`);
  }

  // Hold out a fifth of the workspace's own items to report how the new model does on them.
  let holdout: TrainResult['holdout'] = null;
  if (usable.length >= 50) {
    const random = prng(7);
    const shuffled = usable.map((e) => [random(), e] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
    const cut = Math.floor(shuffled.length * 0.2);
    const test = shuffled.slice(0, cut);
    const train = [...base, ...weighted(shuffled.slice(cut))];
    if (new Set(train.map((e) => e.label)).size >= 2) {
      const probe = trainClassifier(train, task, { minDf: 2 });
      const report = evaluate(
        test.map((e) => e.label),
        test.map((e) => probe.predict(e.text).label),
      );
      holdout = { accuracy: report.accuracy, macroF1: report.macroF1, examples: test.length };
    }
  }
  const examples = [...base, ...weighted(usable)];
  const model = trainClassifier(examples, task, { minDf: 2 });
  return { model, examples: examples.length, corrections: usable.filter((e) => e.corrected).length, holdout };
}

/** The first `cap` examples of each label (the generator's order is already shuffled). */
function capPerLabel(examples: LabelledText[], cap: number): LabelledText[] {
  const seen = new Map<string, number>();
  return examples.filter((e) => {
    const n = (seen.get(e.label) ?? 0) + 1;
    seen.set(e.label, n);
    return n <= cap;
  });
}

function weighted(items: LabelledItem[]): LabelledText[] {
  const out: LabelledText[] = [];
  for (const e of items) for (let i = 0; i < (e.corrected ? CORRECTION_WEIGHT : 1); i++) out.push({ text: e.text, label: e.label });
  return out;
}
