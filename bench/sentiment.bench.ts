// Sentiment quality and speed.
//   node --import tsx bench/sentiment.bench.ts [--data ../shared/data] [--lines 1000000]
// Quality: (1) NSMC reviews, binary (1–4 vs 9–10), with a review model trained on an 80 % split
// only — the shipped model saw all of NSMC, so it is not used here; "neutral" answers count as
// wrong, and also as the sign of the score. (2) Hand-written CX sets in test/fixtures/text
// (the holdout set was written separately and never used for tuning).
// Speed: `sori sentiment` end to end on short Korean lines, through the real CLI.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cxSentimentExamples } from '../src/labels/default-training-data.js';
import { trainClassifier } from '../src/text/classifier.js';
import { prng } from '../src/text/linear-svm.js';
import { loadSentimentAnalyzer, SentimentAnalyzer } from '../src/text/sentiment.js';

const { values } = parseArgs({ options: { data: { type: 'string' }, lines: { type: 'string' } } });
const DATA = values.data ?? join(import.meta.dirname, '..', '..', 'shared', 'data');
const OUT = join(import.meta.dirname, 'out', 'sentiment');
const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures', 'text');
mkdirSync(OUT, { recursive: true });

const readJsonl = (path: string): Record<string, unknown>[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);

// (1) NSMC binary.
const random = prng(42);
const reviews = readJsonl(join(DATA, 'ko_nsmc_reviews_dev.jsonl'))
  .filter((r) => Number(r.rating) <= 4 || Number(r.rating) >= 9)
  .map((r) => ({ text: String(r.text), label: Number(r.rating) <= 4 ? 'negative' : 'positive', key: random() }))
  .sort((a, b) => a.key - b.key);
const cut = Math.round(reviews.length * 0.8);
// The same recipe as the shipped model (scripts/build-models.ts), minus the held-out reviews.
const model = trainClassifier([...reviews.slice(0, cut), ...cxSentimentExamples()], 'sentiment-ko-eval', { minDf: 2 });
const evalAnalyzer = new SentimentAnalyzer(model);
const test = reviews.slice(cut);
let strict = 0;
let bySign = 0;
let modelOnly = 0;
let neutral = 0;
for (const r of test) {
  const s = evalAnalyzer.analyze(r.text, 'ko');
  if (s.label === r.label) strict++;
  if (s.label === 'neutral') neutral++;
  if ((s.score >= 0 ? 'positive' : 'negative') === r.label) bySign++;
  const p = model.probabilities(r.text);
  if ((p[model.labels.indexOf('positive')]! >= p[model.labels.indexOf('negative')]! ? 'positive' : 'negative') === r.label) modelOnly++;
}
console.log(`| NSMC binary held-out (${test.length}) | hybrid, neutral = wrong: ${(strict / test.length).toFixed(4)} | hybrid by sign: ${(bySign / test.length).toFixed(4)} | review model alone: ${(modelOnly / test.length).toFixed(4)} | answered neutral: ${((100 * neutral) / test.length).toFixed(1)} % |`);

// (2) CX sets, with the shipped analyzer.
const shipped = await loadSentimentAnalyzer();
for (const file of ['ko-cx-sentiment.jsonl', 'ko-cx-sentiment-holdout.jsonl']) {
  const path = join(FIXTURES, file);
  if (!existsSync(path)) continue;
  const rows = readJsonl(path);
  const labels = ['negative', 'neutral', 'positive'];
  const confusion = labels.map(() => labels.map(() => 0));
  let ok = 0;
  for (const r of rows) {
    const got = shipped.analyze(String(r.text)).label;
    if (got === r.label) ok++;
    confusion[labels.indexOf(String(r.label))]![labels.indexOf(got)]!++;
  }
  console.log(`| ${file} (${rows.length}) | accuracy ${(ok / rows.length).toFixed(4)} | confusion neg/neu/pos rows=truth: ${JSON.stringify(confusion)} |`);
}

// Speed, end to end through the CLI.
const count = Number(values.lines ?? 1_000_000);
const texts = test.slice(0, 5000).map((r) => JSON.stringify({ text: r.text.slice(0, 60) }));
const lines: string[] = [];
for (let i = 0; lines.length < count; i++) lines.push(texts[i % texts.length]!);
const input = join(OUT, 'speed.jsonl');
writeFileSync(input, lines.join('\n') + '\n');
const started = performance.now();
execFileSync('node', [join(import.meta.dirname, '..', 'bin', 'sori.js'), 'sentiment', '--in', input, '--out', join(OUT, 'speed.out.jsonl')], { stdio: 'inherit' });
const seconds = (performance.now() - started) / 1000;
console.log(`sori sentiment: ${count} lines in ${seconds.toFixed(1)} s = ${Math.round(count / seconds)} items/s end to end (incl. start-up)`);
