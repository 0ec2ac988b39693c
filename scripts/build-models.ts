// Builds the models shipped in models/ from the public data in ../shared/data (licences below).
//   node --import tsx scripts/build-models.ts [--data ../shared/data] [--only type-default|sentiment-ko] [--refresh-generated]
// Deterministic: the same data gives the same model versions. `--only` builds one model and leaves
// the other as shipped (the shipped sentiment-ko is no longer reproduced by this script, so
// retraining the type model alone is `--only type-default`). The type model's generated examples are
// read from src/labels/generated-type-examples.jsonl; `--refresh-generated` draws them again from
// today's demo generator and rewrites that file first (the model then changes: measure it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { trainClassifier } from '../src/text/classifier.js';
import { saveClassifier } from '../src/text/model-files.js';
import { cxSentimentExamples, drawGeneratedTypeExamples, GENERATED_PER_TYPE, GENERATED_TYPE_EXAMPLES_FILE, shippedTypeExamples } from '../src/labels/default-training-data.js';
import { CURATED_TYPE_EXAMPLES } from '../src/labels/curated-type-examples.js';

const MODEL_NAMES = ['sentiment-ko', 'type-default'] as const;
const { values } = parseArgs({ options: { data: { type: 'string' }, only: { type: 'string' }, 'refresh-generated': { type: 'boolean', default: false } } });
if (values.only !== undefined && !(MODEL_NAMES as readonly string[]).includes(values.only)) {
  console.error(`--only must be one of ${MODEL_NAMES.join(', ')}, got "${values.only}"`);
  process.exit(2);
}
const build = (name: (typeof MODEL_NAMES)[number]): boolean => values.only === undefined || values.only === name;
const DATA = values.data ?? join(import.meta.dirname, '..', '..', 'shared', 'data');
const MODELS = join(import.meta.dirname, '..', 'models');

function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

if (build('sentiment-ko')) {
  // Korean sentiment: NSMC reviews (CC0 1.0, github.com/e9t/nsmc), rating 1–4 negative, 9–10 positive.
  const reviews = readJsonl(join(DATA, 'ko_nsmc_reviews_dev.jsonl'))
    .filter((r) => Number(r.rating) <= 4 || Number(r.rating) >= 9)
    .map((r) => ({ text: String(r.text), label: Number(r.rating) <= 4 ? 'negative' : 'positive' }));
  const cx = cxSentimentExamples();
  const sentiment = trainClassifier([...reviews, ...cx], 'sentiment-ko', {
    minDf: 2,
    source: `NSMC movie reviews (CC0 1.0, github.com/e9t/nsmc): ${reviews.length} reviews, rating 1–4 negative / 9–10 positive; plus ${cx.length} generated customer-service texts (Sori demo generator, Apache-2.0) labelled by topic`,
  });
  await saveClassifier(sentiment, join(MODELS, 'sentiment-ko'));
  console.log(`sentiment-ko: ${sentiment.meta.version}, ${sentiment.meta.vocabularySize} features, ${reviews.length} reviews + ${cx.length} CX texts`);
}

if (build('type-default')) {
  // Default type model: hand-written Korean/English customer messages (src/labels/curated-type-examples.ts,
  // written for Sori, Apache-2.0) plus at most GENERATED_PER_TYPE inquiries per type from Sori's own
  // demo generator (src/ingest/demo), each with the type it was generated for. A workspace that
  // trains its own model keeps this set and adds its corrections (labels/train-workspace-model.ts).
  if (values['refresh-generated']) {
    const drawn = drawGeneratedTypeExamples();
    writeFileSync(GENERATED_TYPE_EXAMPLES_FILE, drawn.map((e) => JSON.stringify({ text: e.text, label: e.label })).join('\n') + '\n');
    console.log(`${GENERATED_TYPE_EXAMPLES_FILE}: ${drawn.length} examples drawn from today's generator`);
  }
  const typeExamples = shippedTypeExamples();
  const typeModel = trainClassifier(typeExamples, 'type-default', {
    minDf: 2,
    source: `${CURATED_TYPE_EXAMPLES.length} hand-written customer messages (Sori, Apache-2.0) and ${typeExamples.length - CURATED_TYPE_EXAMPLES.length} generated inquiries (Sori demo generator, at most ${GENERATED_PER_TYPE} per type) with their type`,
  });
  await saveClassifier(typeModel, join(MODELS, 'type-default'));
  console.log(`type-default: ${typeModel.meta.version}, ${typeModel.meta.vocabularySize} features, ${typeExamples.length} examples, labels ${typeModel.labels.join(',')}`);
}
