// Sori's classifier vs the peer (scikit-learn TF-IDF char 1–3 + word 1–2 + LinearSVC),
// side by side on the same train/test files, through the real CLI (`sori train` / `sori eval`).
//
//   node --import tsx bench/text-quality.bench.ts [--only banking77,curse] [--speed]
//
// The peer needs Debian's scikit-learn: `apt-get install python3-sklearn` (run with /usr/bin/python3).
// Data: ../shared/data (licences in its README) and bench/data/en_banking77_test.jsonl (CC BY 4.0).
// Splits are stratified 80/20 with a fixed seed, written to bench/out/text/<set>/.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prng } from '../src/text/linear-svm.js';

const { values } = parseArgs({ options: { only: { type: 'string' }, speed: { type: 'boolean' }, data: { type: 'string' } } });
const DATA = values.data ?? join(import.meta.dirname, '..', '..', 'shared', 'data');
const OUT = join(import.meta.dirname, 'out', 'text');
const SORI = join(import.meta.dirname, '..', 'bin', 'sori.js');
const PEER = join(import.meta.dirname, 'peer', 'peer.py');

interface Row {
  text: string;
  label: string;
}

function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function writeJsonl(path: string, rows: Row[]): void {
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** Stratified split: each label keeps `share` of its rows for the test side. */
function split(rows: Row[], share: number, seed: number): { train: Row[]; test: Row[] } {
  const random = prng(seed);
  const byLabel = new Map<string, Row[]>();
  for (const r of rows) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r]);
  const train: Row[] = [];
  const test: Row[] = [];
  for (const group of byLabel.values()) {
    const shuffled = group.map((r) => [random(), r] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
    const cut = Math.round(shuffled.length * share);
    test.push(...shuffled.slice(0, cut));
    train.push(...shuffled.slice(cut));
  }
  return { train, test };
}

const SETS: Record<string, () => { train: Row[]; test: Row[]; note: string }> = {
  banking77: () => ({
    train: readJsonl(join(DATA, 'en_banking77_train.jsonl')).map((r) => ({ text: String(r.text), label: String(r.label) })),
    test: readJsonl(join(import.meta.dirname, 'data', 'en_banking77_test.jsonl')).map((r) => ({ text: String(r.text), label: String(r.label) })),
    note: 'English, 77 intents, official train 10,003 / test 3,080',
  }),
  'nsmc-sentiment': () => ({
    ...split(
      readJsonl(join(DATA, 'ko_nsmc_reviews_dev.jsonl'))
        .filter((r) => Number(r.rating) <= 4 || Number(r.rating) >= 9)
        .map((r) => ({ text: String(r.text), label: Number(r.rating) <= 4 ? 'negative' : 'positive' })),
      0.2,
      42,
    ),
    note: 'Korean movie reviews, rating 1–4 negative / 9–10 positive (NSMC convention), 80/20',
  }),
  'nsmc-3class': () => ({
    ...split(
      readJsonl(join(DATA, 'ko_nsmc_reviews_dev.jsonl')).map((r) => ({
        text: String(r.text),
        label: Number(r.rating) <= 4 ? 'negative' : Number(r.rating) >= 8 ? 'positive' : 'mixed',
      })),
      0.2,
      42,
    ),
    note: 'Korean reviews, all 50k: 1–4 / 5–7 / 8–10, 80/20',
  }),
  curse: () => ({
    ...split(
      readJsonl(join(DATA, 'ko_curse_detection.jsonl')).map((r) => ({ text: String(r.text), label: String(r.label) })),
      0.2,
      42,
    ),
    note: 'Korean comments, abusive / clean, 80/20',
  }),
  beep: () => ({
    ...split(
      readJsonl(join(DATA, 'ko_beep_train.jsonl')).map((r) => ({ text: String(r.text), label: String(r.label) })),
      0.2,
      42,
    ),
    note: 'Korean comments, hate / offensive / none, 80/20',
  }),
};

function run(cmd: string, args: string[]): { out: string; seconds: number } {
  const started = performance.now();
  const out = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  return { out, seconds: (performance.now() - started) / 1000 };
}

const only = values.only?.split(',');
const results: string[] = [];
console.log('| data set | n train / test | Sori acc | Sori macro-F1 | peer acc | peer macro-F1 | Sori train s | peer train s |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, build] of Object.entries(SETS)) {
  if (only && !only.includes(name)) continue;
  const { train, test, note } = build();
  const dir = join(OUT, name);
  mkdirSync(dir, { recursive: true });
  writeJsonl(join(dir, 'train.jsonl'), train);
  writeJsonl(join(dir, 'test.jsonl'), test);
  const trained = run('node', [SORI, 'train', '--task', name, '--in', join(dir, 'train.jsonl'), '--out', join(dir, 'model')]);
  const sori = JSON.parse(run('node', [SORI, 'eval', '--model', join(dir, 'model'), '--in', join(dir, 'test.jsonl'), '--json']).out) as { accuracy: number; macroF1: number };
  const peer = JSON.parse(run('/usr/bin/python3', [PEER, '--train', join(dir, 'train.jsonl'), '--test', join(dir, 'test.jsonl'), '--json']).out) as {
    accuracy: number;
    macro_f1: number;
    train_seconds: number;
  };
  const line = `| ${name} — ${note} | ${train.length} / ${test.length} | **${sori.accuracy.toFixed(4)}** | ${sori.macroF1.toFixed(4)} | ${peer.accuracy.toFixed(4)} | ${peer.macro_f1.toFixed(4)} | ${trained.seconds.toFixed(1)} | ${peer.train_seconds.toFixed(1)} |`;
  console.log(line);
  results.push(line);
}

if (values.speed) {
  // End-to-end `sori classify` on 1M short lines (read JSONL, featurise, predict, write).
  for (const name of ['banking77', 'curse']) {
    const dir = join(OUT, name);
    if (!existsSync(join(dir, 'model'))) continue;
    const texts = readJsonl(join(dir, 'test.jsonl')).map((r) => JSON.stringify({ text: r.text }));
    const lines: string[] = [];
    for (let i = 0; lines.length < 1_000_000; i++) lines.push(texts[i % texts.length]!);
    writeFileSync(join(dir, 'speed.jsonl'), lines.join('\n') + '\n');
    const { seconds } = run('node', [SORI, 'classify', '--model', join(dir, 'model'), '--in', join(dir, 'speed.jsonl'), '--out', join(dir, 'speed.out.jsonl')]);
    const peer = JSON.parse(run('/usr/bin/python3', [PEER, '--train', join(dir, 'train.jsonl'), '--test', join(dir, 'test.jsonl'), '--json', '--speed', '100000']).out) as { speed_items_per_s: number };
    console.log(`classify ${name}: Sori ${Math.round(1_000_000 / seconds)} items/s end to end (1M lines, ${seconds.toFixed(1)} s incl. start-up); peer ${Math.round(peer.speed_items_per_s)} items/s (100k, batch predict)`);
  }
}
