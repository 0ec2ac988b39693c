import type { Hono } from 'hono';
import { z } from 'zod';
import { SoriError } from '../../domain/errors.js';
import { DEFAULT_ITEM_TYPES, MAX_ITEM_TYPES, TYPE_KEY_PATTERN } from '../../domain/taxonomy.js';
import { textEnrichmentFor } from '../../ingest/enrich.js';
import { correctItemLabels, correctManyItemLabels, MAX_BULK_CORRECTION } from '../../labels/correct-label.js';
import { undoCorrection } from '../../labels/undo-correction.js';
import { listCorrections, MAX_HISTORY_PAGE } from '../../labels/correction-history.js';
import { writeAudit } from '../../auth/audit.js';
import { EXAMPLES_PER_CLUSTER, listClusters, promoteCluster, runTopicDiscovery, suggestClusterRules } from '../../labels/discover-topics.js';
import { applyTopicTemplate, countTemplateTopicsPresent } from '../../labels/apply-topic-template.js';
import { findTopicTemplate, templateTopicCount, TOPIC_TEMPLATES } from '../../labels/topic-templates.js';
import { listReclassifyRuns, scheduleReclassify, type ReclassifyReason, type ReclassifyTask } from '../../labels/reclassify.js';
import { pendingCorrections, retrainWhenDue } from '../../labels/auto-train.js';
import { trainWorkspaceModel } from '../../labels/train-workspace-model.js';
import { previewModelImpact, previewRollbackImpact } from '../../labels/preview-model-impact.js';
import { listItemTypes, replaceItemTypes } from '../../store/queries/item-types.js';
import { loadSlaSettings } from '../../store/queries/sla-settings.js';
import { activateModel, findModel, findPreviousModel, listModels, rejectModel, retireActiveModel, type ModelTask } from '../../store/queries/text-models.js';
import { addTopicComment, listTopicComments } from '../../store/queries/topic-comments.js';
import { createTopic, listTopics, updateTopic } from '../../store/queries/topics.js';
import { ruleProblem } from '../../text/topic-rules.js';
import { bigIdDoc, instantDoc, type RouteDoc } from '../openapi.js';
import { defineRoute, idParam, type Actor, type Deps } from '../route.js';
import { itemsMatchingBodyFilter } from './items.js';

const ruleSchema = z
  .object({ kind: z.enum(['keyword', 'regex']), pattern: z.string().min(1).max(200) })
  .superRefine((rule, ctx) => {
    const problem = ruleProblem(rule);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const topicBody = z.object({
  name: z.string().trim().min(1).max(100),
  parent_id: z.string().regex(/^\d{1,18}$/).nullable().optional(),
  description: z.string().max(1000).nullable().optional(),
  rules: z.array(ruleSchema).max(100).optional(),
  position: z.number().int().min(0).max(100_000).optional(),
});

const topicPatch = topicBody.omit({ parent_id: true }).partial().extend({ archived: z.boolean().optional() });

const correctionFields = z.object({
  type: z.string().regex(TYPE_KEY_PATTERN).optional(),
  topic_id: z.string().regex(/^\d{1,18}$/).nullable().optional(),
  sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
});
const givesLabel = (b: z.output<typeof correctionFields>) => b.type !== undefined || b.topic_id !== undefined || b.sentiment !== undefined;
const correctionBody = correctionFields.refine(givesLabel, 'give type, topic_id or sentiment');

const bulkCorrectionBody = correctionFields
  .extend({
    ids: z
      .array(z.string().regex(/^\d{1,18}$/, 'an item id (digits)'))
      .min(1)
      .max(MAX_BULK_CORRECTION)
      .optional()
      .describe('the items to correct'),
    filter: z
      .record(z.string(), z.string())
      .optional()
      .describe('or every item these filters match — the query keys of GET /items (e.g. {"q": "환불", "topic": "none", "from": "2026-11-01"})'),
    expected_count: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('with filter: how many items the operator was shown; when another number matches now (items arrived or changed), nothing is corrected (409 count_changed)'),
  })
  .strict()
  .refine(givesLabel, 'give type, topic_id or sentiment')
  .refine((b) => (b.ids === undefined) !== (b.filter === undefined), 'give either ids or filter / ids와 filter 중 하나를 주세요');

const typesBody = z.object({
  types: z
    .array(
      z.object({
        key: z.string().regex(TYPE_KEY_PATTERN),
        name_ko: z.string().trim().min(1).max(60),
        name_en: z.string().trim().min(1).max(60),
        archived: z.boolean().default(false),
      }),
    )
    .min(2)
    .max(MAX_ITEM_TYPES)
    .refine((types) => new Set(types.map((t) => t.key)).size === types.length, 'type keys must be unique'),
});

const ruleDoc = z.object({ kind: z.enum(['keyword', 'regex']), pattern: z.string() });

/** A topic as stored (store/queries/topics.ts TopicRow); `#/components/schemas/Topic`. */
export const topicSchema = z
  .object({
    id: bigIdDoc,
    parent_id: bigIdDoc.nullable().describe('the parent topic (two levels), null for a top-level one'),
    name: z.string(),
    description: z.string().nullable(),
    rules: z.array(ruleDoc).describe('keyword/regex rules that label items with the topic'),
    position: z.number().int(),
    archived: z.boolean(),
    labelled_since: instantDoc.nullable().describe('items before this instant were never labelled with it (a promoted cluster); null: its whole history is'),
  })
  .meta({ id: 'Topic' });

const topicAnswer = z.object({ topic: topicSchema, reclassify: z.literal('started').nullable().describe('started: stored items are being re-labelled in the background (rules changed)') });

const itemTypeDoc = z.object({ key: z.string(), name_ko: z.string(), name_en: z.string(), position: z.number().int(), archived: z.boolean() });
const typesAnswer = z.object({ types: z.array(itemTypeDoc), is_default: z.boolean().describe('true: the default taxonomy (the workspace has not edited it)') });

/** A topic comment (store/queries/topic-comments.ts); `#/components/schemas/TopicComment`. */
export const topicCommentSchema = z
  .object({ id: bigIdDoc, topic_id: bigIdDoc, author: z.string(), body: z.string(), created_at: instantDoc })
  .meta({ id: 'TopicComment' });

const modelInfoDoc = z
  .object({
    id: bigIdDoc,
    task: z.enum(['type', 'topic']),
    version: z.string(),
    examples: z.number().int(),
    metrics: z.record(z.string(), z.unknown()).describe('holdout accuracy, trigger (manual, corrections), corrections counted, gate (verdict, comparison with the model in use, delta in points) …'),
    status: z.enum(['active', 'candidate', 'rejected', 'retired']).describe('active: in use (one per task); candidate: held for an admin to apply or discard; rejected: discarded or superseded; retired: was in use'),
    hold_reason: z.string().nullable().describe('why a candidate was held: worse (than the model in use by more than 1 point), no_comparison (too few held-out examples, or a model in use that kept no probe to compare fairly), first_model (the first model of a task, nothing to compare it with); superseded when a later training replaced it'),
    decided_by: z.string().nullable().describe('who applied, discarded or rolled back (system: the automatic retraining or a later training)'),
    decided_at: instantDoc.nullable(),
    activated_at: instantDoc.nullable().describe('when it was last put in use; null if never'),
    created_at: instantDoc,
  })
  .meta({ id: 'Model' });

const scoresDoc = z.object({ accuracy: z.number(), macroF1: z.number() });
const gateDoc = z
  .object({
    verdict: z.enum(['first_model', 'not_worse', 'worse', 'no_comparison']),
    apply: z.boolean(),
    holdReason: z.enum(['worse', 'no_comparison', 'first_model']).nullable(),
    comparison: z
      .object({ examples: z.number().int(), basis: z.enum(['probe', 'shipped_default', 'model_in_use']), candidate: scoresDoc, current: scoresDoc })
      .nullable()
      .describe('both models on the same held-out examples (basis probe: each trained without them; shipped_default: the shipped type model, which never saw them; model_in_use: an older model in use that kept no probe — favoured, so it decides nothing)'),
    delta: z.object({ accuracy: z.number(), macroF1: z.number() }).nullable().describe('new minus in use, in points'),
  })
  .describe('the gate (labels/model-gate.ts): an automatic retraining is put in use only when shown not worse by more than 1 point (else held, the first model too); a manual one always, with this comparison');

const modelImpactDoc = z.object({
  model_id: bigIdDoc,
  task: z.enum(['type', 'topic']),
  eligible: z.number().int().describe('stored items the model would relabel (not corrected, not under an archived topic)'),
  sampled: z.number().int().describe('the newest of them labelled for this preview (at most 2,000)'),
  changed: z.number().int().describe('sampled items whose label would change'),
  moves: z.record(z.string(), z.number().int()).describe('"from>to" → count ("none": no type or topic), as re-classification runs record them'),
  topic_names: z.record(z.string(), z.string()).describe('topic id → name for the ids in moves'),
});

const holdoutDoc = z.object({ accuracy: z.number(), macroF1: z.number(), examples: z.number().int() }).nullable().describe('accuracy on a held-out fifth of the labelled items; null when too few');

/** A discovered cluster's growth (insights/change.ts Change): members per day, last 7 days against the 7 before. */
const clusterChangeDoc = z
  .looseObject({
    current: z.number().nullable(),
    previous: z.number().nullable(),
    unit: z.literal('percent'),
    change: z.number().nullable(),
    interval: z.object({ lower: z.number().nullable(), upper: z.number().nullable() }).nullable(),
    p_value: z.number(),
    verdict: z.enum(['significant_increase', 'significant_decrease', 'within_noise', 'insufficient_data']),
    reason: z.enum(['previous_not_covered']).optional(),
  })
  .describe('with the verdict the movers give (false-discovery rate controlled across the clusters); insufficient_data (previous_not_covered) when the run does not reach back two weeks, and for a promoted cluster');

const clusterDoc = z
  .object({
    id: bigIdDoc,
    run_at: instantDoc,
    name: z.string(),
    keywords: z.array(z.string()),
    size: z.number().int(),
    coherence: z.number(),
    recent: z.number().int(),
    previous: z.number().int(),
    example_ids: z.array(bigIdDoc).describe('item ids'),
    examples: z
      .array(z.object({ id: bigIdDoc, title: z.string().nullable(), text: z.string().describe('cut at 300 characters') }))
      .describe(`up to ${EXAMPLES_PER_CLUSTER} example items, best members first, distinct texts only (a text repeated is shown once)`),
    change: clusterChangeDoc,
    promoted_topic_id: bigIdDoc.nullable(),
    run_first_at: instantDoc.nullable().describe('the earliest item the discovery run read: the growth needs the week before covered'),
    run_last_at: instantDoc.nullable().describe('the latest item the discovery run read'),
  })
  .meta({ id: 'DiscoveredCluster' });

const suggestedRuleDoc = z.object({
  kind: z.literal('keyword'),
  pattern: z.string(),
  members: z.number().int().describe('the cluster’s members it matches'),
  matches: z.number().int().describe('items of the 30 days before the run it matches, members included'),
  recommended: z.boolean().describe('specific enough: ≥ 60% of what it matches is the cluster’s, and it matches ≥ 15% of the cluster'),
});

const reclassifyRunDoc = z.object({
  id: bigIdDoc,
  workspace_id: z.number().int(),
  tasks: z.array(z.enum(['type', 'topic'])),
  reason: z.string().describe('manual, model_trained, topic_rules_changed …'),
  model_version: z.string().nullable(),
  status: z.enum(['running', 'completed', 'failed']),
  scanned: z.number().int(),
  changed: z.number().int(),
  types_changed: z.number().int(),
  topics_changed: z.number().int(),
  type_moves: z
    .record(z.string(), z.number().int())
    .describe('the stored items whose type it moved, "from>to" → count ("delivery>praise": 18; "none": no type): what an automatic retraining changed in past labels'),
  error: z.string().nullable(),
  started_at: instantDoc,
  finished_at: instantDoc.nullable(),
});

const idParams = z.object({ id: idParam() });

const templateTopicDoc = z.object({
  name_ko: z.string(),
  name_en: z.string(),
  rules: z.array(ruleDoc),
  fallback: z.boolean().describe('its rules are general wording, tried after every other topic'),
  first: z.boolean().describe('its rules name one particular thing (a coupon, points): tried before every other topic of the tree'),
});
/** A starter topic tree (labels/topic-templates.ts); `#/components/schemas/TopicTemplate`. */
const topicTemplateDoc = z
  .object({
    id: z.string(),
    name_ko: z.string(),
    name_en: z.string(),
    description_ko: z.string(),
    description_en: z.string(),
    topics: z.array(z.object({ name_ko: z.string(), name_en: z.string(), children: z.array(templateTopicDoc) })).describe('top-level topics with their subtopics (two levels); only subtopics have rules'),
    topic_count: z.number().int().describe('topics the template makes: parents and children'),
    present: z.number().int().describe('of those, topics the workspace has already (same name, Korean or English, any case, under the same parent): applying skips them'),
  })
  .meta({ id: 'TopicTemplate' });

const userId = (actor: Actor): number | null => (actor.type === 'user' ? actor.user.id : null);

/** Labels: corrections, the type taxonomy, topics with rules, and workspace models. */
export function labelRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  const enrichment = textEnrichmentFor(deps.db);
  // Stored items follow a new model or changed rules in the background (labels/reclassify.ts).
  const reclassify = (workspaceId: number, tasks: ReclassifyTask[], reason: ReclassifyReason) => {
    void scheduleReclassify(deps.db, workspaceId, tasks, reason, (error) => deps.log('re-classification failed', error));
  };
  // Enough corrections since the model in use: train it again in the background (labels/auto-train.ts).
  const autoTrain = (workspaceId: number, task: ModelTask) => {
    void retrainWhenDue(deps.db, workspaceId, task, {
      threshold: deps.config.retrainAfterCorrections,
      onTrained: () => {
        enrichment.invalidate(workspaceId);
        reclassify(workspaceId, [task], 'model_trained');
      },
      // Held for an admin (labels/model-gate.ts): nothing relabelled; the audit log says why.
      onHeld: (result) => {
        void writeAudit(deps.db, 'system', 'models.hold', result.model.id, { workspace_id: workspaceId, task, reason: result.gate.holdReason, delta: result.gate.delta }).catch((error) =>
          deps.log('audit of a held model failed', error),
        );
      },
      onError: (error) => deps.log('automatic retraining failed', error),
    });
  };

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/items/labels',
      operationId: 'correctManyItemLabels',
      response: z.object({
        matched: z.number().int().describe('items found (the ids that exist, or the items the filter matches)'),
        changed: z.object({ type: z.number().int(), topic: z.number().int(), sentiment: z.number().int() }).describe('items whose label changed (the others had the value already)'),
        not_found: z.array(bigIdDoc).describe('ids given that are not items of this workspace: nothing done to them'),
        batch_id: bigIdDoc.nullable().describe('this correction, to take back with POST /items/labels/undo; null when it changed nothing'),
      }),
      tag: 'labels',
      summary: `Correct the type, topic or sentiment of many items at once (ids, or every item a filter matches; at most ${MAX_BULK_CORRECTION.toLocaleString('en')}); each change is kept, locks the label and trains the next model, as one correction does`,
      access: 'operate',
      body: bulkCorrectionBody,
    },
    async ({ body, workspace, actor, deps: { db } }) => {
      const { ids, filter, expected_count: expected, ...correction } = body;
      let targets = ids ?? [];
      if (filter) {
        targets = await itemsMatchingBodyFilter(db, workspace, filter, MAX_BULK_CORRECTION);
        if (expected !== undefined && targets.length !== expected) {
          throw new SoriError(
            'count_changed',
            `${targets.length.toLocaleString('en')} items match now, not ${expected.toLocaleString('en')}: nothing was corrected; look at the list again / 지금 해당하는 인입은 ${targets.length.toLocaleString('ko')}건입니다(${expected.toLocaleString('ko')}건이 아님). 아무것도 고치지 않았습니다. 목록을 다시 확인하세요`,
            { count: targets.length, expected },
          );
        }
      }
      const result = await correctManyItemLabels(db, workspace.id, targets, correction, userId(actor), actor.label);
      if (result.changed.type) autoTrain(workspace.id, 'type');
      if (result.changed.topic) autoTrain(workspace.id, 'topic');
      // Hundreds of labels changed in one act: who did it, to what, over which filter.
      await writeAudit(db, actor.label, 'labels.bulk_correct', String(workspace.id), {
        workspace: workspace.slug,
        ...correction,
        ...(filter ? { filter } : { ids: targets.length }),
        matched: result.matched,
        changed: result.changed,
      });
      return result;
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/items/labels/undo',
      operationId: 'undoLabelCorrection',
      tag: 'labels',
      summary:
        'Take a correction back (its batch_id, from POST /items/labels or PATCH /items/{id}/labels): each label it changed that still has its value gets back what it had before (value, confidence, source, lock); its corrections no longer train the next model',
      access: 'operate',
      body: z.object({ batch_id: bigIdDoc }).strict(),
      responses: {
        '200': {
          description: 'taken back',
          schema: z.object({
            batch_id: bigIdDoc,
            restored: z.object({ type: z.number().int(), topic: z.number().int(), sentiment: z.number().int() }).describe('labels put back as they were before the correction'),
            kept: z.number().int().describe('labels of the correction left as they are now: corrected again since, or changed by other means'),
          }),
        },
        '409': {
          description: 'already_undone: taken back before (undone_at, undone_by)',
          contentType: 'application/problem+json',
          schema: z.looseObject({ type: z.string(), title: z.string(), status: z.literal(409), detail: z.string(), code: z.literal('already_undone') }),
        },
      },
    },
    async ({ body, workspace, actor, deps: { db } }) => {
      const result = await undoCorrection(db, workspace.id, body.batch_id, actor.label);
      await writeAudit(db, actor.label, 'labels.undo_correction', body.batch_id, { workspace: workspace.slug, restored: result.restored, kept: result.kept });
      return result;
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/labels/corrections',
      operationId: 'listLabelCorrections',
      tag: 'labels',
      summary:
        "The workspace's label corrections, newest first (one item's or a bulk correction each): who asked for what, how many labels and items it changed, three of the items, and whether it was taken back — or how many labels POST /items/labels/undo would put back now",
      access: 'read',
      query: z.object({
        limit: z.coerce.number().int().min(1).max(MAX_HISTORY_PAGE).default(20),
        before: idParam().optional().describe('the last id of the page before'),
      }),
      response: z.object({
        corrections: z.array(
          z.object({
            id: bigIdDoc.describe('the batch_id to take it back with'),
            created_at: instantDoc,
            created_by: z.string().nullable(),
            correction: z.object({
              type: z.string().nullable(),
              topic_id: bigIdDoc.nullable(),
              topic_name: z.string().nullable().describe('null when no topic was set or the topic was deleted since'),
              sentiment: z.string().nullable(),
              clears_topic: z.boolean().describe('the correction took the items’ topic away'),
            }),
            changed: z.number().int().describe('labels it changed'),
            items: z.number().int().describe('items it changed (still said once it is taken back)'),
            sample: z.array(z.object({ id: bigIdDoc, text: z.string() })).describe('up to three of its items still stored (masked text; past 120 characters cut, with “…”)'),
            undone_at: instantDoc.nullable(),
            undone_by: z.string().nullable(),
            undone_labels: z.number().int().nullable().describe('labels the undo put back'),
            undoable: z.number().int().describe('labels taking it back would put back now (0 once taken back, or when every one was corrected again since)'),
          }),
        ),
        next_before: bigIdDoc.nullable().describe('pass as before for the next page; null on the last'),
      }),
    },
    async ({ query, workspace, deps: { db } }) => {
      const corrections = await listCorrections(db, workspace.id, { limit: query.limit, before: query.before });
      return { corrections, next_before: corrections.length === query.limit ? corrections.at(-1)!.id : null };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'patch',
      path: '/items/:id/labels',
      operationId: 'correctItemLabels',
      response: z.object({
        item_id: bigIdDoc,
        changed: z.array(z.enum(['type', 'topic', 'sentiment'])).describe('the labels this correction changed'),
        batch_id: bigIdDoc.nullable().describe('this correction, to take back with POST /items/labels/undo; null when it changed nothing'),
      }),
      tag: 'labels',
      summary: 'Correct an item’s type, topic or sentiment; the correction is kept, locks the label and trains the next model',
      access: 'operate',
      params: idParams,
      body: correctionBody,
    },
    async ({ params, body, workspace, actor, deps: { db } }) => {
      const result = await correctItemLabels(db, workspace.id, params.id, body, userId(actor), actor.label);
      for (const task of ['type', 'topic'] as const) if (result.changed.includes(task)) autoTrain(workspace.id, task);
      return result;
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'get', path: '/taxonomy/types', operationId: 'listItemTypes', response: typesAnswer, tag: 'labels', summary: 'The workspace’s item types (the default taxonomy until edited)', access: 'read' },
    async ({ workspace, deps: { db } }) => {
      const own = await listItemTypes(db, workspace.id);
      const types = own.length ? own : DEFAULT_ITEM_TYPES.map((t, i) => ({ key: t.key, name_ko: t.nameKo, name_en: t.nameEn, position: i, archived: false }));
      return { types, is_default: own.length === 0 };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'put', path: '/taxonomy/types', operationId: 'replaceItemTypes', response: typesAnswer, tag: 'labels', summary: 'Replace the workspace’s item types', access: 'admin', body: typesBody },
    async ({ body, workspace, deps: { db } }) => {
      // A type an SLA policy names is archived, not removed: removed, the policy matched nothing
      // from then on and nothing said so (the SLA settings refuse unknown types; archived ones stay known).
      const kept = new Set(body.types.map((t) => t.key));
      const { settings, isDefault } = await loadSlaSettings(db, workspace.id);
      const named = isDefault ? [] : settings.policies.flatMap((p) => (p.match.types ?? []).filter((key) => !kept.has(key)).map((key) => ({ key, policy: p.name })));
      if (named.length) {
        throw new SoriError(
          'validation_failed',
          `an SLA policy names a type this list removes: ${named.map((n) => `${n.key} (${n.policy})`).join(', ')}; archive it instead, or change the policy first / ` +
            `SLA 정책이 쓰는 유형을 지우려고 합니다: ${named.map((n) => `${n.key} (${n.policy})`).join(', ')}. 지우지 말고 보관하거나 정책을 먼저 바꾸세요`,
          { errors: named.map((n) => ({ field: 'types', message: `${n.key}: used by the SLA policy "${n.policy}" / SLA 정책 "${n.policy}"에서 쓰는 유형입니다` })) },
        );
      }
      const types = await replaceItemTypes(db, workspace.id, body.types);
      enrichment.invalidate(workspace.id);
      return { types, is_default: false };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/topics',
      operationId: 'listTopics',
      tag: 'labels',
      summary: 'The workspace’s topic tree (two levels) with rules, the rules not applied and why (`rule_problems`), and item counts (a parent’s count includes its subtopics)',
      access: 'read',
      response: z.object({
        topics: z.array(
          topicSchema.extend({
            item_count: z.number().int().describe('items with the topic or one of its subtopics'),
            own_item_count: z.number().int().describe('items with the topic itself'),
            rule_problems: z.array(z.object({ index: z.number().int(), pattern: z.string(), problem: z.string() })).describe('stored rules not applied, and why'),
          }),
        ),
      }),
    },
    async ({ workspace, deps: { db } }) => {
      const topics = await listTopics(db, workspace.id);
      // A parent's count includes its subtopics' items, as the items filter `topic=<parent>` does.
      const counts = await db.query<{ topic_id: string; count: number; own: number }>(
        `SELECT x.id::text AS topic_id, count(*)::int AS count, count(*) FILTER (WHERE x.own)::int AS own
         FROM items i JOIN topics t ON t.id = i.topic_id
         CROSS JOIN LATERAL (VALUES (t.id, true), (t.parent_id, false)) AS x(id, own)
         WHERE i.workspace_id = $1 AND x.id IS NOT NULL GROUP BY x.id`,
        [workspace.id],
      );
      const byId = new Map(counts.map((c) => [c.topic_id, c]));
      // A rule stored before a check that now refuses it (a lookahead or a long counted repeat that
      // V8's linear-time engine cannot run) is not applied: say which and why, so it can be fixed.
      const ruleProblems = (t: (typeof topics)[number]) =>
        (t.rules ?? []).flatMap((rule, index) => {
          const problem = ruleProblem(rule);
          return problem ? [{ index, pattern: rule.pattern, problem }] : [];
        });
      return {
        topics: topics.map((t) => ({ ...t, item_count: byId.get(t.id)?.count ?? 0, own_item_count: byId.get(t.id)?.own ?? 0, rule_problems: ruleProblems(t) })),
      };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'post', path: '/topics', operationId: 'createTopic', response: topicAnswer, tag: 'labels', summary: 'Create a topic (optionally under a parent) with keyword/regex rules', access: 'operate', status: 201, body: topicBody },
    async ({ body, workspace, deps: { db } }) => {
      const topic = await createTopic(db, workspace.id, { name: body.name, parentId: body.parent_id, description: body.description, rules: body.rules, position: body.position });
      enrichment.invalidate(workspace.id);
      // Rules label the items already stored too, not only the next ones.
      const relabel = !!body.rules?.length;
      if (relabel) reclassify(workspace.id, ['topic'], 'topic_rules_changed');
      return { topic, reclassify: relabel ? 'started' : null };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/topics/templates',
      operationId: 'listTopicTemplates',
      response: z.object({ templates: z.array(topicTemplateDoc) }),
      tag: 'labels',
      summary: 'Starter topic trees (online store, subscription/SaaS, fintech) with their Korean and English rules, and how many of each one’s topics the workspace has already',
      access: 'read',
    },
    async ({ workspace, deps: { db } }) => {
      const topics = await listTopics(db, workspace.id);
      return {
        templates: TOPIC_TEMPLATES.map((t) => ({
          id: t.id,
          name_ko: t.nameKo,
          name_en: t.nameEn,
          description_ko: t.descriptionKo,
          description_en: t.descriptionEn,
          topics: t.topics.map((p) => ({
            name_ko: p.nameKo,
            name_en: p.nameEn,
            children: p.children.map((c) => ({ name_ko: c.nameKo, name_en: c.nameEn, rules: [...c.rules], fallback: !!c.fallback, first: !!c.first })),
          })),
          topic_count: templateTopicCount(t),
          present: countTemplateTopicsPresent(t, topics),
        })),
      };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/topics/templates/:id/apply',
      operationId: 'applyTopicTemplate',
      response: z.object({
        template: z.string(),
        created: z.number().int().describe('topics created'),
        skipped: z.number().int().describe('template topics the workspace had already (kept as they are, rules too)'),
        topics: z.array(topicSchema).describe('the topics created'),
        reclassify: z.literal('started').nullable().describe('started: stored items are being re-labelled with the new rules in the background; null when nothing was created'),
      }),
      tag: 'labels',
      summary:
        'Create a starter topic tree’s topics the workspace does not have yet (all in one transaction; topics of the same name under the same parent are kept and skipped, so applying twice changes nothing), then re-label stored items with the new rules',
      access: 'operate',
      params: z.object({ id: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/) }),
      body: z.object({ language: z.enum(['ko', 'en']).default('ko').describe('the language of the created topics’ names (the rules match Korean and English either way)') }).strict(),
    },
    async ({ params, body, workspace, actor, deps: { db } }) => {
      const template = findTopicTemplate(params.id);
      if (!template) {
        const known = TOPIC_TEMPLATES.map((t) => t.id);
        throw new SoriError('not_found', `no topic template "${params.id}"; there are: ${known.join(', ')} / 토픽 템플릿 "${params.id}"이(가) 없습니다. 있는 템플릿: ${known.join(', ')}`, { templates: known });
      }
      const { created, skipped } = await applyTopicTemplate(db, workspace.id, template, body.language);
      const relabel = created.some((t) => t.rules.length > 0);
      if (created.length) enrichment.invalidate(workspace.id);
      // The new rules label the items already stored too, as a topic created by hand does (POST /topics).
      if (relabel) reclassify(workspace.id, ['topic'], 'topic_rules_changed');
      await writeAudit(db, actor.label, 'topics.apply_template', template.id, { workspace: workspace.slug, language: body.language, created: created.length, skipped });
      return { template: template.id, created: created.length, skipped, topics: created, reclassify: relabel ? 'started' : null };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'patch', path: '/topics/:id', operationId: 'updateTopic', response: topicAnswer, tag: 'labels', summary: 'Rename, re-rule, reorder or archive a topic', access: 'operate', params: idParams, body: topicPatch },
    async ({ params, body, workspace, deps: { db } }) => {
      const topic = await updateTopic(db, workspace.id, params.id, body);
      enrichment.invalidate(workspace.id);
      const relabel = body.rules !== undefined;
      if (relabel) reclassify(workspace.id, ['topic'], 'topic_rules_changed');
      return { topic, reclassify: relabel ? 'started' : null };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'get', path: '/topics/:id/comments', operationId: 'listTopicComments', response: z.object({ comments: z.array(topicCommentSchema) }), tag: 'labels', summary: 'Operators’ comments on a topic, newest first', access: 'read', params: idParams },
    async ({ params, workspace, deps: { db } }) => {
      return { comments: await listTopicComments(db, workspace.id, params.id) };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/topics/:id/comments',
      operationId: 'addTopicComment',
      response: z.object({ comment: topicCommentSchema }),
      tag: 'labels',
      summary: 'Comment on a topic (what the team knows, what is being done); shown on the topic page and in digests',
      access: 'operate',
      params: idParams,
      body: z.object({ body: z.string().trim().min(1).max(4000) }),
    },
    async ({ params, body, workspace, actor, deps: { db } }) => {
      const author = actor.type === 'user' ? actor.user.name || actor.user.email : actor.label;
      const comment = await addTopicComment(db, workspace.id, params.id, { userId: userId(actor), author, body: body.body });
      if (!comment) throw new SoriError('not_found', `topic ${params.id} not found / 토픽이 없습니다`);
      return { comment };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/models',
      operationId: 'listModels',
      response: z.object({
        models: z.array(modelInfoDoc),
        retraining: z.object({
          after_corrections: z.number().int().describe('corrections after which a model is trained again by itself'),
          pending: z.object({ type: z.number().int(), topic: z.number().int() }).describe('corrections since the newest training (in use, held or discarded), per task'),
        }),
      }),
      tag: 'labels',
      summary: 'Models trained for this workspace, newest first, and the corrections counted towards the next automatic retraining',
      access: 'read',
    },
    async ({ workspace, deps: { db, config } }) => ({
      models: await listModels(db, workspace.id),
      retraining: { after_corrections: config.retrainAfterCorrections, pending: await pendingCorrections(db, workspace.id) },
    }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/models/train',
      operationId: 'trainModel',
      response: z.object({
        model: modelInfoDoc,
        examples: z.number().int(),
        corrections: z.number().int(),
        labels: z.array(z.string()).describe('the labels the model tells apart (type keys, topic ids)'),
        holdout: holdoutDoc,
        applied: z.boolean().describe('always true for a manual training: it is put in use'),
        gate: gateDoc,
        reclassify: z.literal('started'),
      }),
      tag: 'labels',
      summary: 'Train the workspace’s type or topic model from its corrections (and topic rules); new items use it at once; the answer compares it with the model it replaced',
      access: 'operate',
      status: 201,
      body: z.object({ task: z.enum(['type', 'topic']) }),
    },
    async ({ body, workspace, actor, deps: { db } }) => {
      const result = await trainWorkspaceModel(db, workspace.id, body.task, 'manual', actor.label);
      enrichment.invalidate(workspace.id);
      reclassify(workspace.id, [body.task], 'model_trained');
      return { ...result, reclassify: 'started' };
    },
  );

  // A held candidate, and going back: admins decide what relabels the workspace's history
  // (labels/model-gate.ts). Each change is audited; stored items follow in the background, and
  // operators' corrections (locked labels) are never touched by the re-classification.
  const putInUse = async (db: Deps['db'], workspaceId: number, id: string, from: 'candidate' | 'retired', actor: string) => {
    const done = await activateModel(db, workspaceId, id, from, actor);
    if (!done) return null;
    enrichment.invalidate(workspaceId);
    reclassify(workspaceId, [done.model.task], 'model_trained');
    return done;
  };
  /** A decision only a held candidate takes: a model that is not there is not_found, one that is not a candidate (any more) a conflict. */
  const decideCandidate = async <T>(db: Deps['db'], workspaceId: number, id: string, decide: () => Promise<T | null>): Promise<T> => {
    const found = await findModel(db, workspaceId, id);
    if (!found) throw new SoriError('not_found', `model ${id} not found / 모델이 없습니다`);
    const done = await decide();
    if (!done) throw new SoriError('conflict', `model ${id} is not a candidate (it is ${found.status}) / 적용을 기다리는 모델이 아닙니다`);
    return done;
  };

  // Registered before /models/:id/impact, which would take "rollback" for an id (and refuse it).
  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/models/rollback/impact',
      operationId: 'previewRollbackImpact',
      response: modelImpactDoc.extend({
        model_id: bigIdDoc.nullable().describe('the model the rollback would put back in use; null: none — the default (the shipped type model, or topic rules alone)'),
      }),
      tag: 'labels',
      summary: 'What POST /models/rollback would change: the newest 2,000 stored items (corrections left out) labelled with the model it would put back in use (the previous one, or the default from a first model), by from→to pair; nothing is written. 409 when no model of the task is in use',
      access: 'admin',
      query: z.object({ task: z.enum(['type', 'topic']) }),
    },
    async ({ query, workspace, deps: { db } }) => previewRollbackImpact(db, workspace.id, query.task),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/models/:id/impact',
      operationId: 'previewModelImpact',
      response: modelImpactDoc,
      tag: 'labels',
      summary: 'What putting this model in use would change: of the newest 2,000 stored items (corrections left out), how many would get another type or topic, by from→to pair; nothing is written',
      access: 'read',
      params: idParams,
    },
    async ({ params, workspace, deps: { db } }) => previewModelImpact(db, workspace.id, params.id),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/models/:id/approve',
      operationId: 'approveModel',
      response: z.object({ model: modelInfoDoc, replaced: modelInfoDoc.nullable(), reclassify: z.literal('started') }),
      tag: 'labels',
      summary: 'Put a held candidate in use (the model in use is retired); stored items are re-labelled in the background, corrections kept',
      access: 'admin',
      params: idParams,
    },
    async ({ params, workspace, actor, deps: { db } }) => {
      const done = await decideCandidate(db, workspace.id, params.id, () => putInUse(db, workspace.id, params.id, 'candidate', actor.label));
      await writeAudit(db, actor.label, 'models.approve', params.id, { workspace: workspace.slug, task: done.model.task, replaced: done.replaced?.id ?? null, gate: done.model.metrics.gate ?? null });
      return { ...done, reclassify: 'started' as const };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/models/:id/reject',
      operationId: 'rejectModel',
      response: z.object({ model: modelInfoDoc }),
      tag: 'labels',
      summary: 'Discard a held candidate; nothing is relabelled',
      access: 'admin',
      params: idParams,
    },
    async ({ params, workspace, actor, deps: { db } }) => {
      const model = await decideCandidate(db, workspace.id, params.id, () => rejectModel(db, workspace.id, params.id, actor.label));
      await writeAudit(db, actor.label, 'models.reject', params.id, { workspace: workspace.slug, task: model.task, hold_reason: model.hold_reason });
      return { model };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/models/rollback',
      operationId: 'rollbackModel',
      response: z.object({
        model: modelInfoDoc.nullable().describe('the model now in use; null: none — the default applies again (the shipped type model, or topic rules alone)'),
        replaced: modelInfoDoc.nullable(),
        reclassify: z.literal('started'),
      }),
      tag: 'labels',
      summary: 'Go back to the model in use before the current one (which is retired), or from a first model to the default (the shipped type model, topic rules alone); stored items are re-labelled in the background, corrections kept',
      access: 'admin',
      body: z.object({ task: z.enum(['type', 'topic']) }),
    },
    async ({ body, workspace, actor, deps: { db } }) => {
      const previous = await findPreviousModel(db, workspace.id, body.task);
      if (!previous) {
        // The first model of the task: back to the default it replaced.
        const replaced = await retireActiveModel(db, workspace.id, body.task, actor.label);
        if (!replaced) throw new SoriError('conflict', `no ${body.task} model of this workspace is in use: the default already applies / 이 워크스페이스가 쓰는 모델이 없어 이미 기본 모델입니다`);
        enrichment.invalidate(workspace.id);
        reclassify(workspace.id, [body.task], 'model_trained');
        await writeAudit(db, actor.label, 'models.rollback', replaced.id, { workspace: workspace.slug, task: body.task, replaced: replaced.id, to: 'default' });
        return { model: null, replaced, reclassify: 'started' as const };
      }
      const done = await putInUse(db, workspace.id, previous.id, 'retired', actor.label);
      if (!done) throw new SoriError('conflict', 'the models changed meanwhile; try again / 그 사이 모델이 바뀌었습니다. 다시 시도하세요');
      await writeAudit(db, actor.label, 'models.rollback', previous.id, { workspace: workspace.slug, task: body.task, replaced: done.replaced?.id ?? null });
      return { ...done, reclassify: 'started' as const };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/reclassify',
      operationId: 'startReclassify',
      response: z.object({ reclassify: z.literal('started') }),
      tag: 'labels',
      summary: 'Re-label stored items with the current models and topic rules, in the background (corrected labels are kept)',
      access: 'operate',
      status: 202,
      body: z.object({ tasks: z.array(z.enum(['type', 'topic'])).min(1).max(2).default(['type', 'topic']) }),
    },
    async ({ body, workspace }) => {
      reclassify(workspace.id, body.tasks, 'manual');
      return { reclassify: 'started' };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'get', path: '/reclassify', operationId: 'listReclassifyRuns', response: z.object({ runs: z.array(reclassifyRunDoc) }), tag: 'labels', summary: 'The latest re-classification runs with their progress, newest first', access: 'read' },
    async ({ workspace, deps: { db } }) => ({ runs: await listReclassifyRuns(db, workspace.id) }),
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'get', path: '/topics/discovered', operationId: 'listDiscoveredTopics', response: z.object({ clusters: z.array(clusterDoc) }), tag: 'labels', summary: 'Clusters of items no topic covers, named by keywords, with size, growth and examples', access: 'read' },
    async ({ workspace, deps: { db } }) => ({ clusters: await listClusters(db, workspace.id) }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/topics/discovered/:id/rules',
      operationId: 'suggestDiscoveredTopicRules',
      response: z.object({ rules: z.array(suggestedRuleDoc) }),
      tag: 'labels',
      summary: 'Keyword rules suggested for a discovered cluster about to become a topic: its keywords, each with how much of the cluster and of all recent items it matches',
      access: 'read',
      params: idParams,
    },
    async ({ params, workspace, deps: { db } }) => ({ rules: await suggestClusterRules(db, workspace.id, params.id) }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/topics/discover',
      operationId: 'discoverTopics',
      response: z.object({ clusters: z.array(clusterDoc) }),
      tag: 'labels',
      summary: 'Run topic discovery over the last N days of items without a topic',
      access: 'operate',
      body: z.object({ days: z.number().int().min(1).max(365).default(30) }),
    },
    async ({ body, workspace, deps: { db } }) => ({ clusters: await runTopicDiscovery(db, workspace.id, { days: body.days }) }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/topics/discovered/:id/promote',
      operationId: 'promoteDiscoveredTopic',
      response: z.object({ topic: topicSchema, labelled: z.number().int().describe('items labelled with the new topic') }),
      tag: 'labels',
      summary: 'Promote a discovered cluster to a topic: the topic is created (with the keyword rules given, e.g. the suggested ones) and its items labelled',
      access: 'operate',
      status: 201,
      params: idParams,
      body: z.object({
        name: z.string().trim().min(1).max(100).optional(),
        parent_id: z.string().regex(/^\d{1,18}$/).nullable().optional(),
        rules: z.array(ruleSchema).max(100).optional().describe('rules of the new topic (GET /topics/discovered/{id}/rules suggests them); without: none, and new items get the topic only from the next topic model'),
      }),
    },
    async ({ params, body, workspace, actor, deps: { db } }) => {
      const result = await promoteCluster(db, workspace.id, params.id, { name: body.name, parentId: body.parent_id, rules: body.rules, userId: userId(actor) });
      enrichment.invalidate(workspace.id);
      // Rules label the items already stored too (as POST /topics does), not only the next ones.
      if (result.topic.rules.length) reclassify(workspace.id, ['topic'], 'topic_rules_changed');
      // Its items' labels are corrections (an operator chose the cluster): they count toward the next topic model.
      if (result.labelled) autoTrain(workspace.id, 'topic');
      return result;
    },
  );
}
