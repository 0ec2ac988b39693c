import { createHash } from 'node:crypto';
import { cancellationReason } from '../text/churn-reasons.js';
import { fileURLToPath } from 'node:url';
import { buildBusinessSchedule, type BusinessSchedule } from '../domain/calendar/business-hours.js';
import { ANSWERABLE_CHANNELS, itemText } from '../domain/item.js';
import { slaDueDates, type SlaPolicy } from '../domain/sla.js';
import { DEFAULT_TOPIC_THRESHOLD, DEFAULT_TYPE_THRESHOLD, UNCERTAIN_TYPE } from '../domain/taxonomy.js';
import type { Db } from '../store/db.js';
import { loadLatestModel } from '../store/queries/text-models.js';
import { listTopics, type TopicRow } from '../store/queries/topics.js';
import { loadSlaSettings } from '../store/queries/sla-settings.js';
import type { ItemRow } from '../store/queries/upsert-items.js';
import type { TextClassifier } from '../text/classifier.js';
import { commonShingles, DedupeIndex } from '../text/dedupe.js';
import { loadClassifier } from '../text/model-files.js';
import { loadSentimentAnalyzer, type SentimentAnalyzer } from '../text/sentiment.js';
import { compileTopicRules, matchTopicRule, type CompiledRule } from '../text/topic-rules.js';

/**
 * Enrichment at ingest: every item gets its type, topic, sentiment, duplicate group and model
 * versions before it is stored. All local CPU work (bench/enrich.bench.ts).
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
const DEDUPE_MAX_ITEMS = 50_000;
/** An index grown to this size (a bulk import) is rebuilt from the newest items: memory stays ~100 MB. */
const DEDUPE_REBUILD_AT = 2 * DEDUPE_MAX_ITEMS;

interface WorkspaceContext {
  loadedAt: number;
  typeModel: TextClassifier;
  typeSource: 'model' | 'default_model';
  topicModel: TextClassifier | null;
  /** Topics that may be assigned (a model trained before a topic was archived may still predict it). */
  activeTopics: Set<string>;
  rules: CompiledRule[];
  typeThreshold: number;
  topicThreshold: number;
  /** The model versions every item enriched with this context records. */
  modelVersion: string;
  /** SLA: the workspace's policies on its business hours, and which settings they are. */
  sla: { policies: SlaPolicy[]; schedule: BusinessSchedule; version: string };
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
    const [own, topicModel, topics, sla] = await Promise.all([
      loadLatestModel(this.db, workspaceId, 'type'),
      loadLatestModel(this.db, workspaceId, 'topic'),
      listTopics(this.db, workspaceId),
      loadSlaSettings(this.db, workspaceId),
    ]);
    const typeModel = own ?? (await loadDefaultTypeModel());
    this.sentiment ??= await loadSentimentAnalyzer();
    return {
      loadedAt: Date.now(),
      typeModel,
      typeSource: own ? 'model' : 'default_model',
      topicModel,
      activeTopics: new Set(topics.filter((t: TopicRow) => !t.archived).map((t) => t.id)),
      rules: compileTopicRules(topics.filter((t: TopicRow) => !t.archived)),
      typeThreshold: DEFAULT_TYPE_THRESHOLD,
      topicThreshold: DEFAULT_TOPIC_THRESHOLD,
      modelVersion: [typeModel.meta.version, topicModel?.meta.version, this.sentiment.version].filter(Boolean).join(' '),
      sla: { policies: sla.settings.policies, schedule: buildBusinessSchedule(sla.settings.businessHours), version: sla.version },
    };
  }

  /** Labels rows in place (type, topic, sentiment, versions) before they are stored. */
  async enrich(rows: ItemRow[]): Promise<void> {
    if (!rows.length) return;
    this.sentiment ??= await loadSentimentAnalyzer();
    const sentiment = this.sentiment;
    const now = new Date();
    let ctx: WorkspaceContext | null = null;
    let ctxWorkspace = -1;
    let dedupe: DedupeIndex | null = null;
    for (const row of rows) {
      if (!ctx || !dedupe || row.workspace_id !== ctxWorkspace) {
        ctx = await this.context(row.workspace_id);
        dedupe = await this.duplicateIndex(row.workspace_id);
        ctxWorkspace = row.workspace_id;
      }
      const text = itemText(row);
      assignLabels(ctx, text, row.metadata, row);
      const key = identityKey(row);
      const first = dedupe.add(key, text, row.customer_ref);
      row.dup_group = groupId(first);
      row.is_duplicate = first !== key;
      const s = sentiment.analyze(text, row.language);
      row.sentiment = s.label;
      row.sentiment_score = s.score;
      setSlaDueDates(row, ctx.sla);
      row.model_version = ctx.modelVersion;
      row.enriched_at = now;
    }
  }

  /**
   * A workspace's current type and topic labelling (its newest models, its topic rules), for
   * re-classifying stored items after a model was trained or a rule changed.
   */
  async labeller(workspaceId: number): Promise<{ modelVersion: string; label: (text: string, metadata: Record<string, unknown> | null) => ItemLabels }> {
    this.invalidate(workspaceId);
    const ctx = await this.context(workspaceId);
    return {
      modelVersion: ctx.modelVersion,
      label: (text, metadata) => {
        const out = {} as ItemLabels;
        assignLabels(ctx, text, metadata, out);
        return out;
      },
    };
  }

  private async duplicateIndex(workspaceId: number): Promise<DedupeIndex> {
    let index = this.dedupe.get(workspaceId);
    if (index && (await index).size >= DEDUPE_REBUILD_AT) index = undefined;
    if (!index) {
      index = this.buildDuplicateIndex(workspaceId);
      this.dedupe.set(workspaceId, index);
      index.catch(() => this.dedupe.delete(workspaceId));
    }
    return index;
  }

  /** Rebuilds a workspace's index from its recent items, oldest first (groups come out the same). */
  private async buildDuplicateIndex(workspaceId: number): Promise<DedupeIndex> {
    const rows = await this.db.query<{ source: string; external_id: string; title: string | null; text: string; customer_ref: string | null }>(
      `SELECT source, external_id, title, text, customer_ref FROM items
       WHERE workspace_id = $1 AND created_at > now() - make_interval(days => $2)
       ORDER BY id DESC LIMIT $3`,
      [workspaceId, DEDUPE_WINDOW_DAYS, DEDUPE_MAX_ITEMS],
    );
    // The workspace's own boilerplate (its greeting macro, its signature line) is learned from
    // its recent items, as the batch grouping does: shingles in over 2 % of them are ignored.
    const index = new DedupeIndex({ ignoreShingles: rows.length >= 1_000 ? commonShingles(rows.map(itemText)) : [] });
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows[i]!;
      index.add(identityKey(r), itemText(r), r.customer_ref);
    }
    return index;
  }

}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The labels a workspace's models and rules give a text: type (or uncertain), cancellation reason, topic. */
export type ItemLabels = Pick<
  ItemRow,
  'type' | 'type_confidence' | 'type_source' | 'churn_reason' | 'topic_id' | 'topic_source' | 'topic_rule' | 'topic_confidence'
>;

function assignLabels(ctx: WorkspaceContext, text: string, metadata: Record<string, unknown> | null, row: ItemLabels): void {
  const type = ctx.typeModel.predict(text);
  row.type = type.confidence >= ctx.typeThreshold ? type.label : UNCERTAIN_TYPE;
  row.type_confidence = round3(type.confidence);
  row.type_source = ctx.typeSource;
  // Only cancellations carry a reason: the source's own field when it gives a known one.
  row.churn_reason = row.type === 'cancellation' ? cancellationReason(text, metadata) : null;
  // Rules win over the model and say which rule fired.
  const rule = matchTopicRule(ctx.rules, text);
  if (rule) {
    row.topic_id = rule.topicId;
    row.topic_source = 'rule';
    row.topic_rule = rule.description;
    row.topic_confidence = 1;
  } else if (ctx.topicModel) {
    const topic = ctx.topicModel.predict(text);
    const ok = topic.confidence >= ctx.topicThreshold && ctx.activeTopics.has(topic.label);
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
}

/** Sets an item's SLA deadlines under the given settings (only channels that expect an answer). */
export function setSlaDueDates(
  row: Pick<ItemRow, 'channel' | 'type' | 'metadata' | 'created_at' | 'sla_version' | 'sla_fr_policy' | 'sla_fr_due_at' | 'sla_res_policy' | 'sla_res_due_at'>,
  sla: { policies: SlaPolicy[]; schedule: BusinessSchedule; version: string },
): void {
  const answerable = (ANSWERABLE_CHANNELS as readonly string[]).includes(row.channel);
  const priority = typeof row.metadata?.priority === 'string' ? row.metadata.priority : null;
  const due = answerable ? slaDueDates({ channel: row.channel, type: row.type, priority, created_at: row.created_at }, sla.policies, sla.schedule) : null;
  row.sla_version = sla.version;
  row.sla_fr_policy = due?.firstResponse?.policyId ?? null;
  row.sla_fr_due_at = due?.firstResponse?.dueAt ?? null;
  row.sla_res_policy = due?.resolution?.policyId ?? null;
  row.sla_res_due_at = due?.resolution?.dueAt ?? null;
}

/** An item's identity within its workspace: what the duplicate index knows it by. */
function identityKey(row: { source: string; external_id: string }): string {
  return `${row.source}\u0001${row.external_id}`;
}

/**
 * A duplicate group's id: a 52-bit hash of its first item's identity. Known before the item is
 * stored, so the group is written with the row (no second pass, no UPDATE); every item has one,
 * and "duplicates" are the groups with more than one item.
 */
export function groupId(firstItemKey: string): string {
  const digest = createHash('sha256').update(firstItemKey).digest();
  return String(digest.readUIntBE(0, 6) * 16 + (digest[6]! >> 4));
}

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
