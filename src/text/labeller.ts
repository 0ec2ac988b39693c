import { fileURLToPath } from 'node:url';
import { UNCERTAIN_TYPE } from '../domain/taxonomy.js';
import { cancellationReason } from './churn-reasons.js';
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
  sentiment: string;
  sentiment_score: number;
}

/** A workspace's labelling: its models, its active topics' rules, and thresholds. */
export interface LabelModels {
  typeModel: TextClassifier;
  typeSource: 'model' | 'default_model';
  topicModel: TextClassifier | null;
  /** Topics that may be assigned (a model trained before a topic was archived may still predict it). */
  activeTopics: Set<string>;
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
  typeThreshold: number;
  topicThreshold: number;
}

/** A workspace's labelling from its models (null: the shipped default type model) and active topics. */
export function buildLabelModels(
  own: TextClassifier | null,
  defaultTypeModel: TextClassifier,
  topicModel: TextClassifier | null,
  activeTopics: TopicForRules[],
  thresholds: { typeThreshold: number; topicThreshold: number },
): LabelModels {
  return {
    typeModel: own ?? defaultTypeModel,
    typeSource: own ? 'model' : 'default_model',
    topicModel,
    activeTopics: new Set(activeTopics.map((t) => t.id)),
    rules: compileTopicRules(activeTopics),
    typeThreshold: thresholds.typeThreshold,
    topicThreshold: thresholds.topicThreshold,
  };
}

export function labelModelsFromSpec(spec: LabelModelsSpec, defaultTypeModel: TextClassifier): LabelModels {
  const load = (m: LabelModelsSpec['typeModel']) => (m ? deserializeClassifier(m.meta, m.weights) : null);
  return buildLabelModels(load(spec.typeModel), defaultTypeModel, load(spec.topicModel), spec.topics, {
    typeThreshold: spec.typeThreshold,
    topicThreshold: spec.topicThreshold,
  });
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
  const type = models.typeModel.predict(text);
  out.type = type.confidence >= models.typeThreshold ? type.label : UNCERTAIN_TYPE;
  out.type_confidence = round3(type.confidence);
  out.type_source = models.typeSource;
  // Only cancellations carry a reason: the source's own field when it gives a known one.
  out.churn_reason = out.type === 'cancellation' ? cancellationReason(text, metadata) : null;
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
    const s = sentiment.analyze(texts[i]!, languages[i]);
    labels.sentiment = s.label;
    labels.sentiment_score = s.score;
    out[i] = labels;
  }
  return out;
}
