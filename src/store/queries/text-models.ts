import { deserializeClassifier, serializeClassifier, type ModelMeta, type TextClassifier } from '../../text/classifier.js';
import type { Db } from '../db.js';

export type ModelTask = 'type' | 'topic';

export interface StoredModelInfo {
  id: string;
  task: ModelTask;
  version: string;
  examples: number;
  metrics: Record<string, unknown>;
  created_at: Date;
}

/** Stores a trained model (or its serialized form); the newest one per (workspace, task) is the one in use. */
export async function saveModel(
  db: Db,
  workspaceId: number,
  task: ModelTask,
  model: TextClassifier | { meta: ModelMeta; weights: Uint8Array },
  metrics: Record<string, unknown>,
): Promise<StoredModelInfo> {
  const { meta, weights } = model.weights instanceof Uint8Array ? (model as { meta: ModelMeta; weights: Uint8Array }) : serializeClassifier(model as TextClassifier);
  const rows = await db.query<StoredModelInfo>(
    `INSERT INTO text_models (workspace_id, task, version, meta, weights, metrics, examples)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7)
     RETURNING id::text AS id, task, version, examples, metrics, created_at`,
    [workspaceId, task, meta.version, JSON.stringify(meta), weights, JSON.stringify(metrics), meta.trainExamples],
  );
  return rows[0]!;
}

/** The model in use for a task, or null (the shipped default applies). */
export async function loadLatestModel(db: Db, workspaceId: number, task: ModelTask): Promise<TextClassifier | null> {
  const rows = await db.query<{ meta: ModelMeta | string; weights: Uint8Array }>(
    'SELECT meta, weights FROM text_models WHERE workspace_id = $1 AND task = $2 ORDER BY id DESC LIMIT 1',
    [workspaceId, task],
  );
  const row = rows[0];
  if (!row) return null;
  const meta = typeof row.meta === 'string' ? (JSON.parse(row.meta) as ModelMeta) : row.meta;
  return deserializeClassifier(meta, row.weights);
}

/** The models trained for a workspace, newest first (without weights). */
export async function listModels(db: Db, workspaceId: number): Promise<StoredModelInfo[]> {
  return db.query<StoredModelInfo>(
    `SELECT id::text AS id, task, version, examples, metrics, created_at FROM text_models
     WHERE workspace_id = $1 ORDER BY text_models.id DESC LIMIT 100`,
    [workspaceId],
  );
}
