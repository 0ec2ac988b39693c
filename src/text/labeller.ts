import { fileURLToPath } from 'node:url';
import { UNCERTAIN_TYPE } from '../domain/taxonomy.js';
import { churnReasonOf } from './churn-reasons.js';
import { deserializeClassifier, type ModelMeta, type TextClassifier } from './classifier.js';
import { loadClassifier } from './model-files.js';
import type { SentimentAnalyzer } from './sentiment.js';
import { compileTopicRules, matchTopicRule, type CompiledRule, type TopicForRules } from './topic-rules.js';

/**
 * The per-text labels of an item — type (or "uncertain" below the threshold), cancellation
 * reason, topic (a rule wins over the model), sentiment — given a workspace's models and rules.
 * Pure CPU work on the text alone, so it runs on the ingest thread or on the worker thread
 * (src/worker/tasks.ts) alike; duplicate groups and SLA deadlines are not here (they depend on
 * the items seen before, and on the workspace's settings).
 */

export interface ItemLabels {
  type: string | null;
  type_confidence: number | null;
  type_source: string | null;
  churn_reason: string | null;
  topic_id: string | null;
  topic_source: string | null;
  topic_rule: string | null;
  topic_confidence: number | null;
}

export interface TextLabels extends ItemLabels {
  /** Null for an item without text (a survey answer or review with only its score). */
  sentiment: string | null;
  sentiment_score: number | null;
}

/** Whether there are words to read: a survey answer or review may come with its score alone. */
export const hasWords = (text: string): boolean => text.trim() !== '';

/** A workspace's labelling: its models, its active topics' rules, and thresholds. */
export interface LabelModels {
  typeModel: TextClassifier;
  typeSource: 'model' | 'default_model';
  topicModel: TextClassifier | null;
  /** Topics that may be assigned (a model trained before a topic was archived may still predict it). */
  activeTopics: Set<string>;
  /**
   * Types that may be assigned (null: any the model knows). The shipped model and a model trained
   * before the taxonomy changed still predict types the workspace archived or removed.
   */
  activeTypes: Set<string> | null;
  rules: CompiledRule[];
  typeThreshold: number;
  topicThreshold: number;
}

/**
 * The same labelling in a form that crosses to a worker thread: serialized workspace models
 * (null: the shipped default type model / no topic model) and the active topics' rules.
 */
export interface LabelModelsSpec {
  typeModel: { meta: ModelMeta; weights: Uint8Array } | null;
  topicModel: { meta: ModelMeta; weights: Uint8Array } | null;
  topics: TopicForRules[];
  /** The workspace's types in use (`activeTypeKeys`; absent or null: any). */
  activeTypes?: string[] | null;
  typeThreshold: number;
  topicThreshold: number;
}

/**
 * A workspace's labelling from its models (null: the shipped default type model), active topics
 * and, when it edited its taxonomy, the types in use (`activeTypeKeys`).
 */
export function buildLabelModels(
  own: TextClassifier | null,
  defaultTypeModel: TextClassifier,
  topicModel: TextClassifier | null,
  activeTopics: TopicForRules[],
  settings: { typeThreshold: number; topicThreshold: number; activeTypes?: readonly string[] | null },
): LabelModels {
  return {
    typeModel: own ?? defaultTypeModel,
    typeSource: own ? 'model' : 'default_model',
    topicModel,
    activeTopics: new Set(activeTopics.map((t) => t.id)),
    activeTypes: settings.activeTypes ? new Set(settings.activeTypes) : null,
    rules: compileTopicRules(activeTopics),
    typeThreshold: settings.typeThreshold,
    topicThreshold: settings.topicThreshold,
  };
}

export function labelModelsFromSpec(spec: LabelModelsSpec, defaultTypeModel: TextClassifier): LabelModels {
  const load = (m: LabelModelsSpec['typeModel']) => (m ? deserializeClassifier(m.meta, m.weights) : null);
  return buildLabelModels(load(spec.typeModel), defaultTypeModel, load(spec.topicModel), spec.topics, {
    typeThreshold: spec.typeThreshold,
    topicThreshold: spec.topicThreshold,
    activeTypes: spec.activeTypes ?? null,
  });
}

/**
 * The types a workspace's items may be given, from its taxonomy (store/queries/item-types.ts):
 * the keys not archived, or null while it has none of its own (the default taxonomy: any type).
 */
export function activeTypeKeys(types: readonly { key: string; archived: boolean }[]): string[] | null {
  return types.length ? types.filter((t) => !t.archived).map((t) => t.key) : null;
}

/** The shipped default type model (models/type-default), used until a workspace trains its own. */
export const TYPE_MODEL_DIR = fileURLToPath(new URL('../../models/type-default/', import.meta.url));

let defaultTypeModel: Promise<TextClassifier> | null = null;
export function loadDefaultTypeModel(): Promise<TextClassifier> {
  defaultTypeModel ??= loadClassifier(TYPE_MODEL_DIR);
  defaultTypeModel.catch(() => (defaultTypeModel = null));
  return defaultTypeModel;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** A workspace topic model's "no topic" class (labels/train-workspace-model.ts): never a topic id. */
export const NO_TOPIC = '__none__';

/** Type, cancellation reason and topic of a text, written into `out`. */
export function assignLabels(models: LabelModels, text: string, metadata: Record<string, unknown> | null, out: ItemLabels): void {
  // Nothing to read (a score alone): no type, reason or topic — "uncertain" would count it among the unread.
  if (!hasWords(text)) {
    Object.assign(out, { type: null, type_confidence: null, type_source: null, churn_reason: null, topic_id: null, topic_source: null, topic_rule: null, topic_confidence: null });
    return;
  }
  const type = restrictedType(models, text);
  out.type = type.confidence >= models.typeThreshold ? type.label : UNCERTAIN_TYPE;
  out.type_confidence = round3(type.confidence);
  out.type_source = models.typeSource;
  // Only churn carries a reason — a cancellation, or an account item whose words leave the service
  // (회원 탈퇴, 계정 삭제): the source's own field when it gives a known one (churn-reasons.ts). It is
  // the model type's: when a re-sent item's type is locked by a correction, the upsert gives the row
  // the kept type's reason instead (store/queries/upsert-items.ts TYPE_KEPT_OVER_LABELS).
  out.churn_reason = churnReasonOf(out.type, text, metadata);
  // Rules win over the model and say which rule fired.
  const rule = matchTopicRule(models.rules, text);
  if (rule) {
    out.topic_id = rule.topicId;
    out.topic_source = 'rule';
    out.topic_rule = rule.description;
    out.topic_confidence = 1;
  } else if (models.topicModel) {
    const topic = models.topicModel.predict(text);
    const ok = topic.confidence >= models.topicThreshold && models.activeTopics.has(topic.label);
    out.topic_id = ok ? topic.label : null;
    out.topic_source = ok ? 'model' : null;
    out.topic_rule = null;
    // "No topic" is no topic, not a confident one.
    out.topic_confidence = topic.label === NO_TOPIC ? null : round3(topic.confidence);
  } else {
    out.topic_id = null;
    out.topic_source = null;
    out.topic_rule = null;
    out.topic_confidence = null;
  }
}

/**
 * The type model's answer among the workspace's types in use. When its best type was archived or
 * removed, the best type in use at that type's own probability (not renormalised: a text the model
 * reads as a retired type is not confidently something else, so it is usually "uncertain"); no type
 * in use the model knows is "uncertain" too.
 */
function restrictedType(models: LabelModels, text: string): { label: string; confidence: number } {
  const type = models.typeModel.predict(text);
  const active = models.activeTypes;
  if (!active || active.has(type.label)) return type;
  const labels = models.typeModel.labels;
  const probabilities = models.typeModel.calibrated(text);
  let best = -1;
  for (let j = 0; j < labels.length; j++) if (active.has(labels[j]!) && (best < 0 || probabilities[j]! > probabilities[best]!)) best = j;
  return best < 0 ? { label: UNCERTAIN_TYPE, confidence: 0 } : { label: labels[best]!, confidence: probabilities[best]! };
}

/** Every label of each text, in order. */
export function labelTexts(
  models: LabelModels,
  sentiment: SentimentAnalyzer,
  texts: string[],
  metadata: (Record<string, unknown> | null)[],
  languages: (string | null)[],
): TextLabels[] {
  const out: TextLabels[] = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const labels = {} as TextLabels;
    assignLabels(models, texts[i]!, metadata[i] ?? null, labels);
    if (hasWords(texts[i]!)) {
      const s = sentiment.analyze(texts[i]!, languages[i]);
      labels.sentiment = s.label;
      labels.sentiment_score = s.score;
    } else {
      labels.sentiment = null;
      labels.sentiment_score = null;
    }
    out[i] = labels;
  }
  return out;
}
