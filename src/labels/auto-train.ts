import { SoriError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import type { ModelTask } from '../store/queries/text-models.js';
import { trainWorkspaceModel, type TrainResult } from './train-workspace-model.js';

/**
 * Automatic retraining: once `threshold` corrections of a task (type or topic) have arrived since
 * the workspace's last training learned — its `metrics.last_correction_id` — the model is trained
 * again in the background (on the worker thread). It is put in use only when the gate lets it
 * (labels/model-gate.ts: not worse than the model in use on the same held-out examples), and only
 * then does the caller's `onTrained` re-label the stored items; a model held as a candidate
 * relabels nothing and goes to `onHeld`. One training per workspace and task at a time in this
 * process; corrections made while it runs are counted by the check that follows it. When there is still too little to learn from (a
 * topic model needs two topics with three items each), the attempt is remembered, and the next
 * one waits for `threshold` further corrections instead of re-reading the labelled items on
 * every click.
 */

export interface AutoTrainOptions {
  /** Corrections since the model in use that trigger a retraining; 0 turns it off. */
  threshold: number;
  /** The new model is in use: re-label the stored items. */
  onTrained: (result: TrainResult) => void;
  /** The new model is held as a candidate for an admin (nothing relabelled). */
  onHeld?: (result: TrainResult) => void;
  onError: (error: unknown) => void;
}

interface State {
  again: boolean;
  done: Promise<void>;
}

const running = new WeakMap<Db, Map<string, State>>();
/** The newest correction a failed attempt counted, per workspace and task. */
const attempted = new WeakMap<Db, Map<string, string>>();

/**
 * Corrections of a task made after the newest model learned (or after `after`, if later). The newest
 * model of any state, not only the one in use: a retraining held as a candidate, discarded, or
 * rolled back from has learned these corrections already, and counting from the model in use would
 * train again at the next click (and after a rollback, put back by itself the model just left).
 */
export async function correctionsSinceModel(db: Db, workspaceId: number, task: ModelTask, after: string | null = null): Promise<{ count: number; last: string | null }> {
  const [row] = await db.query<{ count: number; last: string | null }>(
    `WITH model AS (
       SELECT coalesce((m.metrics->>'last_correction_id')::bigint,
                       (SELECT max(x.id) FROM label_corrections x WHERE x.workspace_id = $1 AND x.field = $2 AND x.created_at <= m.created_at)) AS learned
       FROM text_models m WHERE m.workspace_id = $1 AND m.task = $2 ORDER BY m.id DESC LIMIT 1
     )
     SELECT count(*)::int AS count, max(c.id)::text AS last FROM label_corrections c
     WHERE c.workspace_id = $1 AND c.field = $2
       AND c.id > greatest(coalesce((SELECT learned FROM model), 0), coalesce($3::bigint, 0))`,
    [workspaceId, task, after],
  );
  return row!;
}

/** The corrections counted towards each task's next automatic retraining. */
export async function pendingCorrections(db: Db, workspaceId: number): Promise<Record<ModelTask, number>> {
  const key = (task: ModelTask) => attempted.get(db)?.get(`${workspaceId}:${task}`) ?? null;
  const [type, topic] = await Promise.all([
    correctionsSinceModel(db, workspaceId, 'type', key('type')),
    correctionsSinceModel(db, workspaceId, 'topic', key('topic')),
  ]);
  return { type: type.count, topic: topic.count };
}

/**
 * Called after a correction of `task`: trains the workspace's model in the background when
 * enough corrections have arrived. Resolves when this workspace and task are idle again.
 */
export function retrainWhenDue(db: Db, workspaceId: number, task: ModelTask, opts: AutoTrainOptions): Promise<void> {
  if (opts.threshold <= 0) return Promise.resolve();
  const key = `${workspaceId}:${task}`;
  let byKey = running.get(db);
  if (!byKey) running.set(db, (byKey = new Map()));
  let failed = attempted.get(db);
  if (!failed) attempted.set(db, (failed = new Map()));
  const current = byKey.get(key);
  if (current) {
    current.again = true;
    return current.done;
  }
  const state: State = { again: true, done: Promise.resolve() };
  const attempts = failed;
  const states = byKey;
  state.done = (async () => {
    // Let the correction's request answer first.
    await new Promise((resolve) => setImmediate(resolve));
    while (state.again) {
      state.again = false;
      try {
        const due = await correctionsSinceModel(db, workspaceId, task, attempts.get(key) ?? null);
        if (due.count < opts.threshold) continue;
        try {
          const result = await trainWorkspaceModel(db, workspaceId, task, 'corrections');
          attempts.delete(key);
          if (result.applied) opts.onTrained(result);
          else opts.onHeld?.(result);
        } catch (error) {
          if (due.last) attempts.set(key, due.last);
          if (!(error instanceof SoriError && error.code === 'not_enough_labels')) throw error;
        }
      } catch (error) {
        opts.onError(error);
      }
    }
    states.delete(key);
  })();
  byKey.set(key, state);
  return state.done;
}
