import { createHash } from 'node:crypto';
import { buildBusinessSchedule, type BusinessSchedule } from '../domain/calendar/business-hours.js';
import { DUPLICATE_WINDOW_DAYS } from '../domain/duplicates.js';
import { ANSWERABLE_CHANNELS, groupByWorkspace, itemText } from '../domain/item.js';
import { slaDueDates, type SlaPolicy } from '../domain/sla.js';
import { DEFAULT_TOPIC_THRESHOLD, DEFAULT_TYPE_THRESHOLD } from '../domain/taxonomy.js';
import type { Db } from '../store/db.js';
import { loadLatestModel } from '../store/queries/text-models.js';
import { listTopics, type TopicRow } from '../store/queries/topics.js';
import { listItemTypes } from '../store/queries/item-types.js';
import { loadSlaSettings } from '../store/queries/sla-settings.js';
import type { ItemRow } from '../store/queries/upsert-items.js';
import { serializeClassifier } from '../text/classifier.js';
import { commonShingles, DedupeIndex } from '../text/dedupe.js';
import { loadSentimentAnalyzer, type SentimentAnalyzer } from '../text/sentiment.js';
import { activeTypeKeys, assignLabels, buildLabelModels, hasWords, labelTexts, loadDefaultTypeModel, type ItemLabels, type LabelModels, type LabelModelsSpec, type TextLabels } from '../text/labeller.js';
import { taskWorker, type TaskWorker } from '../worker/pool.js';

export type { ItemLabels };

/**
 * Enrichment at ingest: every item gets its type, topic, sentiment, duplicate group and model
 * versions before it is stored. All local CPU work (bench/enrich.bench.ts); the per-text labels
 * of a large batch are computed on the worker thread (src/worker/), the duplicate groups and SLA
 * deadlines here, in row order.
 *
 * Per workspace it keeps a context — its own trained models if any (else the shipped default
 * type model), its topic rules, and an in-memory near-duplicate index of its recent items —
 * loaded on first use and refreshed after `CONTEXT_TTL_MS` or when `invalidate` is called (a
 * model was trained, a topic changed), so several processes converge within seconds.
 */
const CONTEXT_TTL_MS = 10_000;
/** Items older than this are not loaded into the duplicate index (recent duplicates matter). */
export const DEDUPE_WINDOW_DAYS = 30;
const DUPLICATE_WINDOW_MS = DUPLICATE_WINDOW_DAYS * 86_400_000;
const DEDUPE_MAX_ITEMS = 50_000;
/** An index grown to this size (a bulk import) is rebuilt from the newest items: memory stays ~100 MB. */
const DEDUPE_REBUILD_AT = 2 * DEDUPE_MAX_ITEMS;

interface WorkspaceContext extends LabelModels {
  loadedAt: number;
  /** The model versions every item enriched with this context records. */
  modelVersion: string;
  /** The labelling as it crosses to the worker thread, and the key the worker caches it under. */
  spec: () => LabelModelsSpec;
  specKey: string;
  /** SLA: the workspace's policies on its business hours, and which settings they are. */
  sla: { policies: SlaPolicy[]; schedule: BusinessSchedule; version: string };
}

/** Batches of at least this many items are labelled on the worker thread (smaller ones here: the round trip would cost more). */
export const WORKER_MIN_ROWS = 256;

export class TextEnrichment {
  private readonly contexts = new Map<number, Promise<WorkspaceContext>>();
  private readonly dedupe = new Map<number, Promise<DedupeIndex>>();
  /** When each workspace's items were last deleted, as this process last read it (migration 043). */
  private readonly removalsSeen = new Map<number, string | null>();
  private sentiment: SentimentAnalyzer | null = null;

  /** The specs (by key) the worker thread was sent. */
  private readonly sentSpecs = new Set<string>();

  /** `worker`: the thread large batches are labelled on (null: all on this thread). */
  constructor(
    private readonly db: Db,
    private readonly worker: TaskWorker | null = taskWorker(),
  ) {}

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
    const [own, topicModel, topics, sla, types] = await Promise.all([
      loadLatestModel(this.db, workspaceId, 'type'),
      loadLatestModel(this.db, workspaceId, 'topic'),
      listTopics(this.db, workspaceId),
      loadSlaSettings(this.db, workspaceId),
      listItemTypes(this.db, workspaceId),
    ]);
    // Types the team archived or removed are not given to new items (audit s18: they still were).
    const activeTypes = activeTypeKeys(types);
    const typeModel = own ?? (await loadDefaultTypeModel());
    this.sentiment ??= await loadSentimentAnalyzer();
    // A subtopic of an archived topic is archived with it: its rules kept labelling new items, which
    // then counted under the archived parent (audit s18).
    const archived = new Set(topics.filter((t: TopicRow) => t.archived).map((t) => t.id));
    const active = topics
      .filter((t: TopicRow) => !t.archived && !(t.parent_id !== null && archived.has(t.parent_id)))
      .map(({ id, parent_id, position, rules }) => ({ id, parent_id, position, rules }));
    const modelVersion = [typeModel.meta.version, topicModel?.meta.version, this.sentiment.version].filter(Boolean).join(' ');
    let spec: LabelModelsSpec | null = null;
    return {
      ...buildLabelModels(own, typeModel, topicModel, active, { typeThreshold: DEFAULT_TYPE_THRESHOLD, topicThreshold: DEFAULT_TOPIC_THRESHOLD, activeTypes }),
      loadedAt: Date.now(),
      modelVersion,
      spec: () =>
        (spec ??= {
          typeModel: own ? serializeClassifier(own) : null,
          topicModel: topicModel ? serializeClassifier(topicModel) : null,
          topics: active,
          activeTypes,
          typeThreshold: DEFAULT_TYPE_THRESHOLD,
          topicThreshold: DEFAULT_TOPIC_THRESHOLD,
        }),
      specKey: createHash('sha256')
        .update(JSON.stringify([workspaceId, modelVersion, active, activeTypes, DEFAULT_TYPE_THRESHOLD, DEFAULT_TOPIC_THRESHOLD]))
        .digest('hex')
        .slice(0, 24),
      sla: { policies: sla.settings.policies, schedule: buildBusinessSchedule(sla.settings.businessHours), version: sla.version },
    };
  }

  /**
   * Enriches rows in place before they are stored: the per-text labels (`label`), then duplicate
   * groups and SLA deadlines in row order (`finish`).
   */
  async enrich(rows: ItemRow[]): Promise<void> {
    await this.label(rows);
    await this.finish(rows);
  }

  /**
   * Type, cancellation reason, topic, sentiment and model versions of each row. A large batch is
   * labelled on the worker thread, so the caller's thread goes on meanwhile (an import parses the
   * next batch and stores the previous one); rows may be labelled in any order.
   */
  async label(rows: ItemRow[]): Promise<void> {
    for (const group of groupByWorkspace(rows).values()) {
      const ctx = await this.context(group[0]!.workspace_id);
      if (this.worker && group.length >= WORKER_MIN_ROWS) {
        const labels = await this.labelOnWorker(ctx, group);
        for (let i = 0; i < group.length; i++) Object.assign(group[i]!, labels[i]);
      } else {
        this.sentiment ??= await loadSentimentAnalyzer();
        const labels = labelTexts(ctx, this.sentiment, group.map(itemText), group.map((r) => r.metadata), group.map((r) => r.language));
        for (let i = 0; i < group.length; i++) Object.assign(group[i]!, labels[i]);
      }
      for (const row of group) row.model_version = ctx.modelVersion;
    }
  }

  private async labelOnWorker(ctx: WorkspaceContext, rows: ItemRow[]): Promise<TextLabels[]> {
    const input = { key: ctx.specKey, texts: rows.map(itemText), metadata: rows.map((r) => r.metadata), languages: rows.map((r) => r.language) };
    // The worker keeps the labelling it was sent under its key; it says so when it no longer has it (restarted).
    if (this.sentSpecs.has(ctx.specKey)) {
      try {
        return await this.worker!.run('label', input);
      } catch (error) {
        if ((error as { code?: string }).code !== 'context_missing') throw error;
      }
    }
    const labels = await this.worker!.run('label', { ...input, spec: ctx.spec() });
    this.sentSpecs.add(ctx.specKey);
    return labels;
  }

  /**
   * Duplicate groups and SLA deadlines of labelled rows, oldest first within the call (groups and
   * the 7-day duplicate flag depend on the items before: a newest-first export would otherwise flag
   * none). The rows keep their order for the store (the file's later row of a ticket wins).
   */
  async finish(rows: ItemRow[]): Promise<void> {
    if (!rows.length) return;
    const now = new Date();
    let ctx: WorkspaceContext | null = null;
    let ctxWorkspace = -1;
    let dedupe: DedupeIndex | null = null;
    const ordered = [...rows].sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    for (const row of ordered) {
      if (!ctx || !dedupe || row.workspace_id !== ctxWorkspace) {
        ctx = await this.context(row.workspace_id);
        dedupe = await this.duplicateIndex(row.workspace_id);
        ctxWorkspace = row.workspace_id;
      }
      const key = identityKey(row);
      const text = itemText(row);
      if (hasWords(text)) {
        const first = dedupe.add(key, text, row.customer_ref, createdAt(row.created_at));
        row.dup_group = groupId(first);
        row.is_duplicate = dedupe.repeatsWithin(key, DUPLICATE_WINDOW_MS);
      } else {
        // A score alone repeats no one's words (every empty text would be one group).
        row.dup_group = null;
        row.is_duplicate = false;
      }
      setSlaDueDates(row, ctx.sla);
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
    // Items deleted by another process (a second server, the CLI) since this one last looked: the
    // index still holds them, and a new item would join a deleted item's group — a duplicate of
    // nothing. One primary-key read a batch (read through to_jsonb: a store migrated only part way,
    // as the migration tests leave one, has no such column yet).
    const [removal] = await this.db.query<{ at: string | null }>("SELECT to_jsonb(w)->>'items_removed_at' AS at FROM workspaces w WHERE id = $1", [workspaceId]);
    const removedAt = removal?.at ?? null;
    if (this.removalsSeen.has(workspaceId) && this.removalsSeen.get(workspaceId) !== removedAt) this.resetDuplicates(workspaceId);
    this.removalsSeen.set(workspaceId, removedAt);
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
    const rows = await this.db.query<{ source: string; external_id: string; title: string | null; text: string; customer_ref: string | null; created_at: Date }>(
      `SELECT source, external_id, title, text, customer_ref, created_at FROM items
       WHERE workspace_id = $1 AND created_at > now() - make_interval(days => $2)
       ORDER BY id DESC LIMIT $3`,
      [workspaceId, DEDUPE_WINDOW_DAYS, DEDUPE_MAX_ITEMS],
    );
    // The workspace's own boilerplate (its greeting macro, its signature line): with 1,000 recent
    // items or more, shingles in over 2 % of them are left out of the signatures, as the batch
    // grouping does. Independently of that the index sets aside, when it checks a candidate pair,
    // the lines both texts share and the shingles common among the items it has seen (from 200
    // items on), so a new workspace or a template introduced later does not merge problems either.
    const index = new DedupeIndex({ ignoreShingles: rows.length >= 1_000 ? commonShingles(rows.map(itemText)) : [] });
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows[i]!;
      const text = itemText(r);
      if (hasWords(text)) index.add(identityKey(r), text, r.customer_ref, createdAt(r.created_at));
    }
    return index;
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

/** A row's created_at in ms (the driver may hand back a Date or a string). */
function createdAt(value: Date | string | null | undefined): number | null {
  if (value == null) return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
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
