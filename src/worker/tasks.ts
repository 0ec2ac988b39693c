import { parentPort } from 'node:worker_threads';
import { trainFromLabelled, type LabelledItem } from '../labels/train-workspace-model.js';
import { serializeClassifier, type ModelMeta } from '../text/classifier.js';
import { labelModelsFromSpec, labelTexts, loadDefaultTypeModel, type LabelModels, type LabelModelsSpec } from '../text/labeller.js';
import { loadSentimentAnalyzer, type SentimentAnalyzer } from '../text/sentiment.js';
import type { ModelTask, SerializedModel } from '../store/queries/text-models.js';
import type { ModelComparison } from '../labels/model-gate.js';

/**
 * The CPU work Sori runs on a worker thread instead of the server's event loop (pool.ts sends the
 * requests): training models, and labelling large ingest batches while the main thread parses and
 * stores. No database here; the only state is the labelling contexts the main thread sent.
 */
export const tasks = {
  /**
   * Labels texts with a workspace's labelling (text/labeller.ts). The labelling is sent once under
   * its key and kept (the last few); a request naming a key this thread does not hold fails with
   * `context_missing`, and the sender sends it again.
   */
  async label(input: { key: string; spec?: LabelModelsSpec; texts: string[]; metadata: (Record<string, unknown> | null)[]; languages: (string | null)[] }) {
    let models = contexts.get(input.key);
    if (!models) {
      if (!input.spec) throw Object.assign(new Error(`no labelling ${input.key} on the worker thread`), { code: 'context_missing' });
      models = labelModelsFromSpec(input.spec, await loadDefaultTypeModel());
    }
    contexts.delete(input.key);
    contexts.set(input.key, models);
    for (const key of contexts.keys()) if (contexts.size > KEPT_CONTEXTS) contexts.delete(key);
    sentiment ??= await loadSentimentAnalyzer();
    return { value: labelTexts(models, sentiment, input.texts, input.metadata, input.languages), transfer: [] };
  },

  /** Trains a workspace model from its labelled items (labels/train-workspace-model.ts). */
  async train(input: { task: ModelTask; items: LabelledItem[]; current?: { model: SerializedModel; probe: SerializedModel | null; shipped?: boolean } | null }) {
    const trained = trainFromLabelled(input.items, input.task, input.current ?? null);
    const { meta, weights } = serializeClassifier(trained.model);
    const out: TrainedModel = {
      meta,
      weights: new Uint8Array(weights),
      examples: trained.examples,
      corrections: trained.corrections,
      holdout: trained.holdout,
      probe: trained.probe,
      comparison: trained.comparison,
    };
    const transfer = [out.weights.buffer as ArrayBuffer];
    if (out.probe) transfer.push(out.probe.weights.buffer as ArrayBuffer);
    return { value: out, transfer };
  },
};

const KEPT_CONTEXTS = 8;
const contexts = new Map<string, LabelModels>();
let sentiment: SentimentAnalyzer | null = null;

export interface TrainedModel {
  meta: ModelMeta;
  weights: Uint8Array;
  examples: number;
  corrections: number;
  holdout: { accuracy: number; macroF1: number; examples: number } | null;
  /** The model trained without the held-out fifth (kept for the next training's comparison). */
  probe: SerializedModel | null;
  /** Scores of this training and of the model in use on the same held-out examples (labels/model-gate.ts). */
  comparison: ModelComparison | null;
}

export type Tasks = typeof tasks;
export type TaskName = keyof Tasks;
export type TaskInput<K extends TaskName> = Parameters<Tasks[K]>[0];
export type TaskOutput<K extends TaskName> = Awaited<ReturnType<Tasks[K]>>['value'];

export interface TaskRequest {
  id: number;
  task: TaskName;
  input: unknown;
}

export type TaskReply = { id: number; value: unknown } | { id: number; error: { message: string; code?: string; stack?: string } };

parentPort?.on('message', async (request: TaskRequest) => {
  let reply: TaskReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const run = tasks[request.task] as (input: unknown) => Promise<{ value: unknown; transfer: ArrayBuffer[] }>;
    const result = await run(request.input);
    reply = { id: request.id, value: result.value };
    transfer = result.transfer;
  } catch (error) {
    const e = error as { message?: string; code?: string; stack?: string };
    reply = { id: request.id, error: { message: String(e?.message ?? error), code: typeof e?.code === 'string' ? e.code : undefined, stack: e?.stack } };
  }
  parentPort!.postMessage(reply, transfer);
});
