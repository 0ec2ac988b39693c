import { parentPort } from 'node:worker_threads';
import { trainFromLabelled, type LabelledItem } from '../labels/train-workspace-model.js';
import { serializeClassifier, type ModelMeta } from '../text/classifier.js';
import type { ModelTask } from '../store/queries/text-models.js';

/**
 * The CPU work Sori runs on a worker thread instead of the server's event loop (pool.ts sends the
 * requests). Each task is a pure function of its input: no database, no shared state.
 */
export const tasks = {
  /** Trains a workspace model from its labelled items (labels/train-workspace-model.ts). */
  train(input: { task: ModelTask; items: LabelledItem[] }) {
    const trained = trainFromLabelled(input.items, input.task);
    const { meta, weights } = serializeClassifier(trained.model);
    const out: TrainedModel = { meta, weights: new Uint8Array(weights), examples: trained.examples, corrections: trained.corrections, holdout: trained.holdout };
    return { value: out, transfer: [out.weights.buffer as ArrayBuffer] };
  },
};

export interface TrainedModel {
  meta: ModelMeta;
  weights: Uint8Array;
  examples: number;
  corrections: number;
  holdout: { accuracy: number; macroF1: number; examples: number } | null;
}

export type Tasks = typeof tasks;
export type TaskName = keyof Tasks;
export type TaskInput<K extends TaskName> = Parameters<Tasks[K]>[0];
export type TaskOutput<K extends TaskName> = ReturnType<Tasks[K]>['value'];

export interface TaskRequest {
  id: number;
  task: TaskName;
  input: unknown;
}

export type TaskReply = { id: number; value: unknown } | { id: number; error: { message: string; code?: string; stack?: string } };

parentPort?.on('message', (request: TaskRequest) => {
  let reply: TaskReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const run = tasks[request.task] as (input: unknown) => { value: unknown; transfer: ArrayBuffer[] };
    const result = run(request.input);
    reply = { id: request.id, value: result.value };
    transfer = result.transfer;
  } catch (error) {
    const e = error as { message?: string; code?: string; stack?: string };
    reply = { id: request.id, error: { message: String(e?.message ?? error), code: typeof e?.code === 'string' ? e.code : undefined, stack: e?.stack } };
  }
  parentPort!.postMessage(reply, transfer);
});
