import { fileURLToPath } from 'node:url';
import { DEFAULT_TOPIC_THRESHOLD, DEFAULT_TYPE_THRESHOLD, UNCERTAIN_TYPE } from '../domain/taxonomy.js';
import type { Db } from '../store/db.js';
import { loadLatestModel } from '../store/queries/text-models.js';
import { listTopics, type TopicRow } from '../store/queries/topics.js';
import type { ItemRow } from '../store/queries/upsert-items.js';
import type { TextClassifier } from '../text/classifier.js';
import { commonShingles, DedupeIndex } from '../text/dedupe.js';
import { loadClassifier } from '../text/model-files.js';
import { loadSentimentAnalyzer, type SentimentAnalyzer } from '../text/sentiment.js';
import { compileTopicRules, matchTopicRule, type CompiledRule } from '../text/topic-rules.js';

/**
 * Enrichment at ingest: every item gets its type, topic, sentiment and model versions before it
 * is stored, and its duplicate group right after. All local CPU work (~20–40 µs an item).
 *
 * Per workspace it keeps a context — its own trained models if any (else the shipped default
 * type model), its topic rules, and an in-memory near-duplicate index of its recent items —
 * loaded on first use and refreshed after `CONTEXT_TTL_MS` or when `invalidate` is called (a
 * model was trained, a topic changed), so several processes converge within seconds.
 */
export const TYPE_MODEL_DIR = fileURLToPath(new URL('../../models/type-default/', import.meta.url));
const CONTEXT_TTL_MS = 10_000;
/** Items older than this are not loaded into the duplicate index (recent duplicates matter). */
export const DEDUPE_WINDOW_DAYS = 30;
const DEDUPE_MAX_ITEMS = 200_000;

interface WorkspaceContext {
  loadedAt: number;
  typeModel: TextClassifier;
  typeSource: 'model' | 'default_model';
  topicModel: TextClassifier | null;
  rules: CompiledRule[];
  typeThreshold: number;
  topicThreshold: number;
}

let defaultTypeModel: Promise<TextClassifier> | null = null;
function loadDefaultTypeModel(): Promise<TextClassifier> {
  defaultTypeModel ??= loadClassifier(TYPE_MODEL_DIR);
  return defaultTypeModel;
}

export class TextEnrichment {
  private readonly contexts = new Map<number, Promise<WorkspaceContext>>();
  private readonly dedupe = new Map<number, Promise<DedupeIndex>>();
  private sentiment: SentimentAnalyzer | null = null;

  constructor(private readonly db: Db) {}

  /** Forget a workspace's context (models, topics) so the next batch reloads it. */
  invalidate(workspaceId: number): void {
    this.contexts.delete(workspaceId);
  }

  /** Forget a workspace's duplicate index (after items were deleted or re-grouped). */
  resetDuplicates(workspaceId: number): void {
    this.dedupe.delete(workspaceId);
  }

  private async context(workspaceId: number): Promise<WorkspaceContext> {
    const cached = this.contexts.get(workspaceId);
    if (cached) {
      const ctx = await cached;
      if (Date.now() - ctx.loadedAt < CONTEXT_TTL_MS) return ctx;
    }
    const loading = this.loadContext(workspaceId);
    this.contexts.set(workspaceId, loading);
    loading.catch(() => this.contexts.delete(workspaceId));
    return loading;
  }

  private async loadContext(workspaceId: number): Promise<WorkspaceContext> {
    const [own, topicModel, topics] = await Promise.all([
      loadLatestModel(this.db, workspaceId, 'type'),
      loadLatestModel(this.db, workspaceId, 'topic'),
      listTopics(this.db, workspaceId),
    ]);
    return {
      loadedAt: Date.now(),
      typeModel: own ?? (await loadDefaultTypeModel()),
      typeSource: own ? 'model' : 'default_model',
      topicModel,
      rules: compileTopicRules(topics.filter((t: TopicRow) => !t.archived)),
      typeThreshold: DEFAULT_TYPE_THRESHOLD,
      topicThreshold: DEFAULT_TOPIC_THRESHOLD,
    };
  }

  /** Labels rows in place (type, topic, sentiment, versions) before they are stored. */
  async enrich(rows: ItemRow[]): Promise<void> {
    if (!rows.length) return;
    this.sentiment ??= await loadSentimentAnalyzer();
    const sentiment = this.sentiment;
    const now = new Date();
    let ctx: WorkspaceContext | null = null;
    for (const row of rows) {
      if (!ctx || row.workspace_id !== (ctx as WorkspaceContext & { id?: number }).id) ctx = Object.assign(await this.context(row.workspace_id), { id: row.workspace_id });
      const text = row.title ? `${row.title}\n${row.text}` : row.text;
      const type = ctx.typeModel.predict(text);
      row.type = type.confidence >= ctx.typeThreshold ? type.label : UNCERTAIN_TYPE;
      row.type_confidence = round3(type.confidence);
      row.type_source = ctx.typeSource;
      const rule = matchTopicRule(ctx.rules, text);
      if (rule) {
        row.topic_id = rule.topicId;
        row.topic_source = 'rule';
        row.topic_rule = rule.description;
        row.topic_confidence = 1;
      } else if (ctx.topicModel) {
        const topic = ctx.topicModel.predict(text);
        const ok = topic.confidence >= ctx.topicThreshold;
        row.topic_id = ok ? topic.label : null;
        row.topic_source = ok ? 'model' : null;
        row.topic_rule = null;
        row.topic_confidence = round3(topic.confidence);
      } else {
        row.topic_id = null;
        row.topic_source = null;
        row.topic_rule = null;
        row.topic_confidence = null;
      }
      const s = sentiment.analyze(text, row.language);
      row.sentiment = s.label;
      row.sentiment_score = s.score;
      row.model_version = [ctx.typeModel.meta.version, ctx.topicModel?.meta.version, sentiment.version].filter(Boolean).join(' ');
      row.enriched_at = now;
    }
  }

  /** `db` is the caller's handle: inside a transaction on PGlite, another handle would wait on it forever. */
  private duplicateIndex(db: Db, workspaceId: number): Promise<DedupeIndex> {
    let index = this.dedupe.get(workspaceId);
    if (!index) {
      index = this.buildDuplicateIndex(db, workspaceId);
      this.dedupe.set(workspaceId, index);
      index.catch(() => this.dedupe.delete(workspaceId));
    }
    return index;
  }

  /** Rebuilds a workspace's index from its recent items, oldest first (group ids stay the same). */
  private async buildDuplicateIndex(db: Db, workspaceId: number): Promise<DedupeIndex> {
    const rows = await db.query<{ id: string; title: string | null; text: string; customer_ref: string | null }>(
      `SELECT id::text AS id, title, text, customer_ref FROM items
       WHERE workspace_id = $1 AND created_at > now() - make_interval(days => $2)
       ORDER BY id DESC LIMIT $3`,
      [workspaceId, DEDUPE_WINDOW_DAYS, DEDUPE_MAX_ITEMS],
    );
    const textOf = (r: { title: string | null; text: string }): string => (r.title ? `${r.title}\n${r.text}` : r.text);
    // The workspace's own boilerplate (its greeting macro, its signature line) is learned from
    // its recent items, as the batch grouping does: shingles in over 2 % of them are ignored.
    const index = new DedupeIndex({ ignoreShingles: rows.length >= 1_000 ? commonShingles(rows.map(textOf)) : [] });
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows[i]!;
      index.add(r.id, textOf(r), r.customer_ref);
    }
    return index;
  }

  /**
   * Assigns duplicate groups to rows just stored. Only items that join a group are written (and
   * the group's first item, once it has company): singletons keep dup_group NULL, so a bulk
   * import of mostly distinct items costs one SELECT and few UPDATEs.
   */
  async assignDuplicates(db: Db, rows: ItemRow[]): Promise<void> {
    if (!rows.length) return;
    const byWorkspace = new Map<number, ItemRow[]>();
    for (const r of rows) byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), r]);
    for (const [workspaceId, list] of byWorkspace) {
      const index = await this.duplicateIndex(db, workspaceId);
      const stored = await db.query<{ id: string; title: string | null; text: string; customer_ref: string | null; dup_group: string | null }>(
        `SELECT id::text AS id, title, text, customer_ref, dup_group::text AS dup_group FROM items
         WHERE workspace_id = $1 AND (source, external_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
         ORDER BY id`,
        [workspaceId, list.map((r) => r.source), list.map((r) => r.external_id)],
      );
      const ids: string[] = [];
      const groups: string[] = [];
      for (const r of stored) {
        if (index.groupOf(r.id) !== undefined) continue; // already placed (a re-send)
        const group = index.add(r.id, r.title ? `${r.title}\n${r.text}` : r.text, r.customer_ref);
        if (group === r.id) continue;
        ids.push(r.id, group);
        groups.push(group, group);
      }
      if (ids.length) {
        await db.query(
          `UPDATE items SET dup_group = g.grp FROM (SELECT DISTINCT * FROM unnest($1::bigint[], $2::bigint[]) AS t(id, grp)) g
           WHERE items.id = g.id AND items.workspace_id = $3 AND items.dup_group IS DISTINCT FROM g.grp`,
          [ids, groups, workspaceId],
        );
      }
    }
  }
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

const instances = new WeakMap<Db, TextEnrichment>();

/** The enrichment shared by everything that ingests into this database handle. */
export function textEnrichmentFor(db: Db): TextEnrichment {
  let instance = instances.get(db);
  if (!instance) {
    instance = new TextEnrichment(db);
    instances.set(db, instance);
  }
  return instance;
}
