import { itemText } from '../domain/item.js';
import { SoriError } from '../domain/errors.js';
import { textEnrichmentFor } from '../ingest/enrich.js';
import type { Db } from '../store/db.js';

/**
 * Re-classification of stored items with a workspace's current models and topic rules — after a
 * model was trained from corrections, or a topic's rules changed — so that past items, and the
 * rollups counted from them, follow. Labels an operator corrected (locked) are never touched;
 * items under an archived topic keep it; only items whose type or topic changes are written
 * (their model version then names the new models; items whose labels stay keep their old stamp).
 * Batches of items in id order, each in its own transaction with its progress, so a run stopped
 * half way leaves whole batches, and the next run writes only what is left (a run is idempotent:
 * re-running it changes nothing).
 */

export type ReclassifyTask = 'type' | 'topic';
export type ReclassifyReason = 'model_trained' | 'topic_rules_changed' | 'manual';

export interface ReclassifyRun {
  id: string;
  workspace_id: number;
  tasks: ReclassifyTask[];
  reason: ReclassifyReason;
  model_version: string | null;
  status: 'running' | 'completed' | 'failed';
  scanned: number;
  changed: number;
  types_changed: number;
  topics_changed: number;
  /** Stored items' types moved, "from>to" → count ("none" for no type), written ones only. */
  type_moves: Record<string, number>;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

export interface ReclassifyOptions {
  tasks?: ReclassifyTask[];
  reason?: ReclassifyReason;
  /** Only items the customer wrote at or after this instant (default: all). */
  since?: Date | null;
  batchSize?: number;
  signal?: AbortSignal;
}

/** A run that made no progress for this long is taken for stopped. */
const STALE_RUN_MINUTES = 10;

const RUN_COLUMNS = `id::text AS id, workspace_id, tasks, reason, model_version, status, scanned, changed, types_changed,
  topics_changed, type_moves, error, started_at, finished_at`;

interface StoredLabels {
  id: string;
  title: string | null;
  text: string;
  metadata: Record<string, unknown> | null;
  type: string | null;
  topic_id: string | null;
  topic_source: string | null;
  topic_rule: string | null;
  topic_archived: boolean | null;
  locked_labels: string[];
  content_hash: string;
}

export async function reclassifyItems(db: Db, workspaceId: number, opts: ReclassifyOptions = {}): Promise<ReclassifyRun> {
  const tasks = opts.tasks?.length ? [...new Set(opts.tasks)] : (['type', 'topic'] as ReclassifyTask[]);
  const batchSize = opts.batchSize ?? 2_000;
  const labeller = await textEnrichmentFor(db).labeller(workspaceId);
  // A run still marked running was stopped by a restart: on the embedded database any such run
  // (one process, one run per workspace); on PostgreSQL, where other processes may be running one,
  // a run that made no progress for STALE_RUN_MINUTES (a batch takes seconds).
  await db.query(
    `UPDATE reclassify_runs SET status = 'failed', error = 'interrupted', finished_at = now()
     WHERE workspace_id = $1 AND status = 'running' AND ($2 OR updated_at < now() - make_interval(mins => $3))`,
    [workspaceId, db.kind === 'pglite', STALE_RUN_MINUTES],
  );
  const [run] = await db.query<ReclassifyRun>(
    `INSERT INTO reclassify_runs (workspace_id, tasks, reason, model_version) VALUES ($1, $2, $3, $4) RETURNING ${RUN_COLUMNS}`,
    [workspaceId, tasks, opts.reason ?? 'manual', labeller.modelVersion],
  );
  const doType = tasks.includes('type');
  const doTopic = tasks.includes('topic');
  let cursor = '0';
  const typeMoves: Record<string, number> = {};
  try {
    for (;;) {
      if (opts.signal?.aborted) throw new SoriError('interrupted', 're-classification interrupted / 재분류를 중단했습니다');
      const params: unknown[] = [workspaceId, cursor, batchSize];
      const rows = await db.query<StoredLabels>(
        `SELECT i.id::text AS id, i.title, i.text, i.metadata, i.type, i.topic_id::text AS topic_id, i.topic_source, i.topic_rule,
           (t.archived OR COALESCE(parent.archived, false)) AS topic_archived, i.locked_labels, i.content_hash
         FROM items i LEFT JOIN topics t ON t.id = i.topic_id LEFT JOIN topics parent ON parent.id = t.parent_id
         WHERE i.workspace_id = $1 AND i.id > $2::bigint ${opts.since ? `AND i.created_at >= $${params.push(opts.since)}` : ''}
         ORDER BY i.id LIMIT $3`,
        params,
      );
      if (!rows.length) break;
      cursor = rows[rows.length - 1]!.id;
      // Each label is written with the hash of the text it was read from (`hash`).
      const t = { id: [] as string[], hash: [] as string[], type: [] as (string | null)[], conf: [] as (number | null)[], source: [] as (string | null)[], churn: [] as (string | null)[], from: [] as (string | null)[] };
      const p = { id: [] as string[], hash: [] as string[], topic: [] as (string | null)[], source: [] as (string | null)[], rule: [] as (string | null)[], conf: [] as (number | null)[] };
      for (const row of rows) {
        const labels = labeller.label(itemText(row), row.metadata);
        if (doType && !row.locked_labels.includes('type') && labels.type !== row.type) {
          t.id.push(row.id);
          t.hash.push(row.content_hash);
          t.type.push(labels.type ?? null);
          t.conf.push(labels.type_confidence ?? null);
          t.source.push(labels.type_source ?? null);
          t.churn.push(labels.churn_reason ?? null);
          t.from.push(row.type);
        }
        // An archived topic keeps the items it had (its history stays in the reports), and so do the
        // subtopics archived with it (their rules stop with their parent's archiving).
        if (
          doTopic && !row.locked_labels.includes('topic') && !row.topic_archived &&
          ((labels.topic_id ?? null) !== row.topic_id || (labels.topic_source ?? null) !== row.topic_source || (labels.topic_rule ?? null) !== row.topic_rule)
        ) {
          p.id.push(row.id);
          p.hash.push(row.content_hash);
          p.topic.push(labels.topic_id ?? null);
          p.source.push(labels.topic_source ?? null);
          p.rule.push(labels.topic_rule ?? null);
          p.conf.push(labels.topic_confidence ?? null);
        }
      }
      await db.transaction(async (tx) => {
        // Each UPDATE checks the lock again: an operator may have corrected an item meanwhile. And
        // the text: an import may have replaced it since the batch was read (on PostgreSQL it runs
        // on another connection), and its labels, from the new text, must not be overwritten with
        // the old text's (the item is left to the import, or to the next run).
        const written = new Set<string>();
        let typesWritten = 0;
        let topicsWritten = 0;
        if (t.id.length) {
          // A new type clears the SLA deadlines (policies may match on type; the next SLA report
          // recomputes them) and brings its cancellation reason.
          const up = await tx.query<{ id: string }>(
            `UPDATE items i SET type = v.type, type_confidence = v.conf, type_source = v.source, churn_reason = v.churn,
               sla_version = NULL, model_version = $7, updated_at = now()
             FROM unnest($2::bigint[], $3::text[], $4::real[], $5::text[], $6::text[], $8::text[]) AS v(id, type, conf, source, churn, hash)
             WHERE i.workspace_id = $1 AND i.id = v.id AND i.content_hash = v.hash AND NOT 'type' = ANY(i.locked_labels)
             RETURNING i.id::text AS id`,
            [workspaceId, t.id, t.type, t.conf, t.source, t.churn, labeller.modelVersion, t.hash],
          );
          for (const r of up) written.add(r.id);
          typesWritten = up.length;
          const writtenTypes = new Set(up.map((r) => r.id));
          t.id.forEach((id, i) => {
            if (!writtenTypes.has(id)) return;
            const move = `${t.from[i] ?? 'none'}>${t.type[i] ?? 'none'}`;
            typeMoves[move] = (typeMoves[move] ?? 0) + 1;
          });
          await tx.query('UPDATE workspaces SET sla_stale = true WHERE id = $1', [workspaceId]);
        }
        if (p.id.length) {
          const up = await tx.query<{ id: string }>(
            `UPDATE items i SET topic_id = v.topic, topic_source = v.source, topic_rule = v.rule, topic_confidence = v.conf,
               model_version = $7, updated_at = now()
             FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::real[], $8::text[]) AS v(id, topic, source, rule, conf, hash)
             WHERE i.workspace_id = $1 AND i.id = v.id AND i.content_hash = v.hash AND NOT 'topic' = ANY(i.locked_labels)
             RETURNING i.id::text AS id`,
            [workspaceId, p.id, p.topic, p.source, p.rule, p.conf, labeller.modelVersion, p.hash],
          );
          for (const r of up) written.add(r.id);
          topicsWritten = up.length;
        }
        await tx.query(
          `UPDATE reclassify_runs SET scanned = scanned + $2, changed = changed + $3, types_changed = types_changed + $4,
             topics_changed = topics_changed + $5, type_moves = $6::jsonb, updated_at = now() WHERE id = $1`,
          [run!.id, rows.length, written.size, typesWritten, topicsWritten, JSON.stringify(typeMoves)],
        );
      });
      if (rows.length < batchSize) break;
    }
    const [done] = await db.query<ReclassifyRun>(
      `UPDATE reclassify_runs SET status = 'completed', finished_at = now() WHERE id = $1 RETURNING ${RUN_COLUMNS}`,
      [run!.id],
    );
    return done!;
  } catch (error) {
    await db
      .query("UPDATE reclassify_runs SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1", [run!.id, String((error as Error).message).slice(0, 2000)])
      .catch(() => undefined);
    throw error;
  }
}

/** A workspace's latest re-classification runs, newest first. */
export async function listReclassifyRuns(db: Db, workspaceId: number, limit = 10): Promise<ReclassifyRun[]> {
  return db.query<ReclassifyRun>(`SELECT ${RUN_COLUMNS} FROM reclassify_runs WHERE workspace_id = $1 ORDER BY reclassify_runs.id DESC LIMIT $2`, [workspaceId, limit]);
}

interface Pending {
  tasks: Set<ReclassifyTask>;
  reason: ReclassifyReason;
}
const running = new WeakMap<Db, Map<number, { done: Promise<void>; next: Pending | null }>>();

/**
 * Starts re-classifying a workspace in the background of this process (the server calls it after
 * a model was trained or topic rules changed). One run per workspace at a time: a request that
 * arrives meanwhile is folded into one follow-up run. Resolves when the workspace is idle again;
 * a failed run is recorded in reclassify_runs and reported to `onError`.
 */
export function scheduleReclassify(
  db: Db,
  workspaceId: number,
  tasks: ReclassifyTask[],
  reason: ReclassifyReason,
  onError: (error: unknown) => void = () => undefined,
): Promise<void> {
  let byWorkspace = running.get(db);
  if (!byWorkspace) running.set(db, (byWorkspace = new Map()));
  const current = byWorkspace.get(workspaceId);
  if (current) {
    current.next ??= { tasks: new Set(), reason };
    for (const t of tasks) current.next.tasks.add(t);
    return current.done;
  }
  const state: { done: Promise<void>; next: Pending | null } = { done: Promise.resolve(), next: { tasks: new Set(tasks), reason } };
  state.done = (async () => {
    // Let the request that asked for it answer first.
    await new Promise((resolve) => setImmediate(resolve));
    while (state.next) {
      const { tasks: t, reason: r } = state.next;
      state.next = null;
      await reclassifyItems(db, workspaceId, { tasks: [...t], reason: r }).catch(onError);
    }
    byWorkspace.delete(workspaceId);
  })();
  byWorkspace.set(workspaceId, state);
  return state.done;
}
