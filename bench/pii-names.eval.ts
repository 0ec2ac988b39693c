/**
 * Names in free text: how often redactPii masks a name in public Korean text, and what it masks, so
 * the precision of the name detector can be re-measured by hand. Runs over the review, question,
 * curse and hate-speech sets in /work/shared/data (or SORI_DATA_DIR), prints per file the texts read,
 * the texts with a name masked (and per 10k), then a seeded random sample of the masked spans with
 * their context to label as name / not a name. Never fails.
 *
 *   npx tsx bench/pii-names.eval.ts [sampleSize=200] [seed=7] [--all]
 *
 * --all prints every masked span instead of the sample.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PII_PLACEHOLDERS, redactPii } from '../src/text/pii.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const all = process.argv.includes('--all');
const sampleSize = Number(args[0] ?? 200);
let seed = Number(args[1] ?? 7);
const dataDir = process.env.SORI_DATA_DIR ?? '/work/shared/data';

// Each file and the fields that hold its texts.
const files: ReadonlyArray<[string, readonly string[]]> = [
  ['ko_nsmc_reviews_dev.jsonl', ['text']],
  ['ko_question_pairs.jsonl', ['question1', 'question2']],
  ['ko_curse_detection.jsonl', ['text']],
  ['ko_beep_train.jsonl', ['text']],
];

interface Match {
  file: string;
  span: string;
  context: string;
}

const placeholders = Object.values(PII_PLACEHOLDERS.ko);
const placeholderRe = new RegExp(placeholders.map((p) => p.replace(/[[\]]/g, '\\$&')).join('|'), 'g');
const namePlaceholder = PII_PLACEHOLDERS.ko.name;

/** The spans of `input` that became [이름] in `output`, found by walking the text between placeholders. */
function nameSpans(input: string, output: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const parts: Array<{ literal: string; placeholder: string | null }> = [];
  let last = 0;
  for (const m of output.matchAll(placeholderRe)) {
    parts.push({ literal: output.slice(last, m.index), placeholder: m[0] });
    last = m.index + m[0].length;
  }
  const tail = output.slice(last);
  let pos = 0;
  for (let i = 0; i < parts.length; i++) {
    const start = pos + parts[i]!.literal.length;
    const nextLiteral = i + 1 < parts.length ? parts[i + 1]!.literal : tail;
    const end = i + 1 < parts.length ? (nextLiteral === '' ? start + 1 : input.indexOf(nextLiteral, start + 1)) : input.length - tail.length;
    if (end < start) break; // could not align; rare, and only costs a sample
    if (parts[i]!.placeholder === namePlaceholder) spans.push([start, end]);
    pos = end;
  }
  return spans;
}

const matches: Match[] = [];
let totalTexts = 0;
let totalChanged = 0;
for (const [file, fields] of files) {
  let texts = 0;
  let changed = 0;
  let spans = 0;
  const t0 = process.hrtime.bigint();
  for (const line of readFileSync(join(dataDir, file), 'utf8').split('\n')) {
    if (!line) continue;
    const row = JSON.parse(line) as Record<string, unknown>;
    for (const field of fields) {
      const text = row[field];
      if (typeof text !== 'string') continue;
      texts++;
      const r = redactPii(text);
      if (!r.kinds.includes('name')) continue;
      changed++;
      for (const [a, b] of nameSpans(text, r.text)) {
        spans++;
        matches.push({ file, span: text.slice(a, b), context: `${text.slice(Math.max(0, a - 20), a)}⟦${text.slice(a, b)}⟧${text.slice(b, b + 20)}` });
      }
    }
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  totalTexts += texts;
  totalChanged += changed;
  console.log(`${file}: ${texts} texts, ${changed} with a name masked (${((changed / texts) * 10_000).toFixed(1)} per 10k), ${spans} spans, ${ms.toFixed(0)} ms`);
}
console.log(`all: ${totalTexts} texts, ${totalChanged} with a name masked (${((totalChanged / totalTexts) * 10_000).toFixed(1)} per 10k), ${matches.length} spans`);

// Seeded shuffle, so a labelled sample can be drawn again.
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32);
const shown = all ? matches : matches.map((m) => [rand(), m] as const).sort((a, b) => a[0] - b[0]).slice(0, sampleSize).map(([, m]) => m);
console.log(all ? `\nevery span (${shown.length}):` : `\nsample of ${shown.length} (seed ${args[1] ?? 7}):`);
shown.forEach((m, i) => console.log(`${String(i + 1).padStart(3)} ${m.file.replace(/\.jsonl$/, '').padEnd(20)} ${m.span}\t${m.context.replace(/\s+/g, ' ')}`));
