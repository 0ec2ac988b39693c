import { deserializeClassifier, serializeClassifier, type ModelMeta, type TextClassifier } from '../../text/classifier.js';
import type { Db } from '../db.js';

export type ModelTask = 'type' | 'topic';

/**
 * A model's state (migration 050): `active` — the one in use (one per workspace and task);
 * `candidate` — trained, held until an admin applies or discards it (`hold_reason` says why);
 * `rejected` — discarded (or superseded by a later training); `retired` — was in use, replaced.
 */
export type ModelStatus = 'active' | 'candidate' | 'rejected' | 'retired';

export interface StoredModelInfo {
  id: string;
  task: ModelTask;
  version: string;
  examples: number;
  metrics: Record<string, unknown>;
  status: ModelStatus;
  hold_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  activated_at: Date | null;
  created_at: Date;
}

/** A model's serialized form (meta + weights bytes). */
export interface SerializedModel {
  meta: ModelMeta;
  weights: Uint8Array;
}

const INFO_COLUMNS = `id::text AS id, task, version, examples, metrics, status, hold_reason, decided_by, decided_at, activated_at, created_at`;

const parseMeta = (meta: ModelMeta | string): ModelMeta => (typeof meta === 'string' ? (JSON.parse(meta) as ModelMeta) : meta);

export interface SaveModelOptions {
  /** `active` puts it in use at once (the one in use is retired); `candidate` keeps it for an admin. */
  status: 'active' | 'candidate';
  holdReason?: string | null;
  /** Who decided (`system` for an automatic retraining). */
  decidedBy?: string | null;
  /** The model trained without the held-out fifth (train-workspace-model.ts), for the next comparison. */
  probe?: SerializedModel | null;
}

/**
 * Stores a trained model. An active one replaces the model in use in the same transaction; either
 * way the candidates still waiting for this task are superseded (rejected): only the newest
 * training's candidate can be applied.
 */
export async function saveModel(
  db: Db,
  workspaceId: number,
  task: ModelTask,
  model: TextClassifier | SerializedModel,
  metrics: Record<string, unknown>,
  opts: SaveModelOptions = { status: 'active' },
): Promise<StoredModelInfo> {
  const { meta, weights } = model.weights instanceof Uint8Array ? (model as SerializedModel) : serializeClassifier(model as TextClassifier);
  return db.transaction(async (tx) => {
    await tx.query(
      `UPDATE text_models SET status = 'rejected', decided_by = 'system', decided_at = now(), hold_reason = coalesce(hold_reason, 'superseded')
       WHERE workspace_id = $1 AND task = $2 AND status = 'candidate'`,
      [workspaceId, task],
    );
    if (opts.status === 'active') {
      await tx.query(`UPDATE text_models SET status = 'retired' WHERE workspace_id = $1 AND task = $2 AND status = 'active'`, [workspaceId, task]);
    }
    const rows = await tx.query<StoredModelInfo>(
      `INSERT INTO text_models (workspace_id, task, version, meta, weights, metrics, examples, status, hold_reason, decided_by, decided_at, activated_at, probe_meta, probe_weights)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8, $9, $10, CASE WHEN $8 = 'active' THEN now() END, CASE WHEN $8 = 'active' THEN now() END, $11::jsonb, $12)
       RETURNING ${INFO_COLUMNS}`,
      [
        workspaceId, task, meta.version, JSON.stringify(meta), weights, JSON.stringify(metrics), meta.trainExamples,
        opts.status, opts.holdReason ?? null, opts.decidedBy ?? null,
        opts.probe ? JSON.stringify(opts.probe.meta) : null, opts.probe ? opts.probe.weights : null,
      ],
    );
    return rows[0]!;
  });
}

/** The model in use for a task (the active one), or null (the shipped default applies). */
export async function loadLatestModel(db: Db, workspaceId: number, task: ModelTask): Promise<TextClassifier | null> {
  const stored = await loadModelWeights(db, workspaceId, { task });
  return stored ? deserializeClassifier(stored.model.meta, stored.model.weights) : null;
}

/**
 * A model's weights — by id, or the active one of a task — with its held-out probe when it kept one.
 */
export async function loadModelWeights(
  db: Db,
  workspaceId: number,
  which: { id: string } | { task: ModelTask },
): Promise<{ info: StoredModelInfo; model: SerializedModel; probe: SerializedModel | null } | null> {
  const byId = 'id' in which;
  const rows = await db.query<StoredModelInfo & { meta: ModelMeta | string; weights: Uint8Array; probe_meta: ModelMeta | string | null; probe_weights: Uint8Array | null }>(
    `SELECT ${INFO_COLUMNS}, meta, weights, probe_meta, probe_weights FROM text_models
     WHERE workspace_id = $1 AND ${byId ? 'id = $2::bigint' : "task = $2 AND status = 'active'"}`,
    [workspaceId, byId ? which.id : which.task],
  );
  const row = rows[0];
  if (!row) return null;
  const { meta, weights, probe_meta, probe_weights, ...info } = row;
  return {
    info,
    model: { meta: parseMeta(meta), weights },
    probe: probe_meta && probe_weights ? { meta: parseMeta(probe_meta), weights: probe_weights } : null,
  };
}

/** The models trained for a workspace, newest first (without weights). */
export async function listModels(db: Db, workspaceId: number): Promise<StoredModelInfo[]> {
  return db.query<StoredModelInfo>(
    `SELECT ${INFO_COLUMNS} FROM text_models
     WHERE workspace_id = $1 ORDER BY text_models.id DESC LIMIT 100`,
    [workspaceId],
  );
}

/** One model of a workspace (without weights), or null. */
export async function findModel(db: Db, workspaceId: number, id: string): Promise<StoredModelInfo | null> {
  const rows = await db.query<StoredModelInfo>(`SELECT ${INFO_COLUMNS} FROM text_models WHERE workspace_id = $1 AND id = $2::bigint`, [workspaceId, id]);
  return rows[0] ?? null;
}

/**
 * The model a rollback returns to: the newest model older than the one in use that was in use once
 * (a rollback from it goes further back, never forth again to the model just left).
 */
export async function findPreviousModel(db: Db, workspaceId: number, task: ModelTask): Promise<StoredModelInfo | null> {
  const rows = await db.query<StoredModelInfo>(
    `SELECT ${INFO_COLUMNS} FROM text_models m
     WHERE m.workspace_id = $1 AND m.task = $2 AND m.status = 'retired' AND m.activated_at IS NOT NULL
       AND m.id < coalesce((SELECT a.id FROM text_models a WHERE a.workspace_id = $1 AND a.task = $2 AND a.status = 'active'), 0)
     ORDER BY m.id DESC LIMIT 1`,
    [workspaceId, task],
  );
  return rows[0] ?? null;
}

/**
 * Puts a model in use (the one in use is retired), in one transaction; `from` is the status it must
 * have (a candidate to approve, a retired one to roll back to). Null when it no longer has it.
 */
export async function activateModel(
  db: Db,
  workspaceId: number,
  id: string,
  from: 'candidate' | 'retired',
  decidedBy: string,
): Promise<{ model: StoredModelInfo; replaced: StoredModelInfo | null } | null> {
  return db.transaction(async (tx) => {
    const [target] = await tx.query<StoredModelInfo>(
      `SELECT ${INFO_COLUMNS} FROM text_models WHERE workspace_id = $1 AND id = $2::bigint AND status = $3 FOR UPDATE`,
      [workspaceId, id, from],
    );
    if (!target) return null;
    const [replaced] = await tx.query<StoredModelInfo>(
      `UPDATE text_models SET status = 'retired', decided_by = $3, decided_at = now()
       WHERE workspace_id = $1 AND task = $2 AND status = 'active' RETURNING ${INFO_COLUMNS}`,
      [workspaceId, target.task, decidedBy],
    );
    const [model] = await tx.query<StoredModelInfo>(
      `UPDATE text_models SET status = 'active', decided_by = $2, decided_at = now(), activated_at = now() WHERE id = $1::bigint RETURNING ${INFO_COLUMNS}`,
      [id, decidedBy],
    );
    return { model: model!, replaced: replaced ?? null };
  });
}

/**
 * Takes the model in use out of use (retired), so the task's default applies again — the shipped type
 * model, or topic rules alone: a rollback from a workspace's first model. Null when none is in use.
 */
export async function retireActiveModel(db: Db, workspaceId: number, task: ModelTask, decidedBy: string): Promise<StoredModelInfo | null> {
  const rows = await db.query<StoredModelInfo>(
    `UPDATE text_models SET status = 'retired', decided_by = $3, decided_at = now()
     WHERE workspace_id = $1 AND task = $2 AND status = 'active' RETURNING ${INFO_COLUMNS}`,
    [workspaceId, task, decidedBy],
  );
  return rows[0] ?? null;
}

/** Discards a candidate; null when the model is not a candidate (any more). */
export async function rejectModel(db: Db, workspaceId: number, id: string, decidedBy: string): Promise<StoredModelInfo | null> {
  const rows = await db.query<StoredModelInfo>(
    `UPDATE text_models SET status = 'rejected', decided_by = $3, decided_at = now()
     WHERE workspace_id = $1 AND id = $2::bigint AND status = 'candidate' RETURNING ${INFO_COLUMNS}`,
    [workspaceId, id, decidedBy],
  );
  return rows[0] ?? null;
}
