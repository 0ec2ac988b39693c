// k-fold cross-validation of the classifier on one JSONL file, for feature decisions that must
// not be tuned on a test split:  node --import tsx bench/text-cv.ts FILE [label-field] ['{"svm":{"c":0.5}}'] [folds] [limit]
import { readFileSync } from 'node:fs';
import { trainClassifier } from '../src/text/classifier.js';
import { prng } from '../src/text/linear-svm.js';
const [file, field = 'label', optsJson = '{}', foldsArg = '5', limitArg = '0'] = process.argv.slice(2);
let data = readFileSync(file!, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).map((r) => ({ text: String(r.text), label: String(r[field]) }));
const r = prng(7);
data = data.map((d) => [r(), d] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
if (+limitArg) data = data.slice(0, +limitArg);
const folds = +foldsArg; let ok = 0; let n = 0;
for (let f = 0; f < folds; f++) {
  const train = data.filter((_, i) => i % folds !== f); const test = data.filter((_, i) => i % folds === f);
  const m = trainClassifier(train, 'x', { ...JSON.parse(optsJson), calibrationShare: 0 });
  for (const e of test) { n++; if (m.predict(e.text).label === e.label) ok++; }
}
console.log(optsJson, (ok / n).toFixed(4));
