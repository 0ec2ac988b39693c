// `sori train` / `classify` / `eval` as a user runs them: child processes of `node bin/sori.js`
// on real Korean reviews (test/fixtures/text, NSMC, CC0). Steps build on the model trained first.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextClassifier } from '../../src/text/classifier.js';
import { evaluate } from '../../src/text/metrics.js';
import { loadClassifier } from '../../src/text/model-files.js';
import { describeRun, makeSandbox, parseJsonl, SORI_BIN, type Sandbox, type SoriResult } from './run-sori.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/text/ko-nsmc-sample.jsonl', import.meta.url));

interface Labelled {
  text: string;
  label: string;
}

const rows = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Labelled);
const split = Math.floor(rows.length * 0.8);
const trainRows = rows.slice(0, split);
const heldRows = rows.slice(split);

/** Held-out reviews as a CX export would carry them: ids, channel, nested metadata, Unicode. */
const items = heldRows.slice(0, 40).map((r, i) => ({
  id: `VOC-${String(i + 1).padStart(3, '0')}`,
  channel: i % 2 ? 'app-review' : 'board',
  text: r.text,
  meta: { rating: r.label === 'positive' ? 10 : 1, tags: ['영화', i] },
}));

const toJsonl = (values: unknown[]): string => values.map((v) => JSON.stringify(v)).join('\n') + '\n';

let sb: Sandbox;
let modelDir: string;
let model: TextClassifier;

/** Runs the CLI with `input` piped to its standard input. */
function runWithStdin(args: string[], input: string): Promise<SoriResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SORI_BIN, ...args], { cwd: sb.dir, env: sb.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

function ok(r: SoriResult): SoriResult {
  expect(r.code, describeRun(r)).toBe(0);
  return r;
}

/** Every output line is its input object with "prediction" and "confidence" appended, in order. */
function expectAnnotated(output: Record<string, unknown>[], inputs: Record<string, unknown>[]): void {
  expect(output).toHaveLength(inputs.length);
  output.forEach((out, i) => {
    const { prediction, confidence, ...rest } = out;
    expect(rest).toEqual(inputs[i]);
    expect(Object.keys(out)).toEqual([...Object.keys(inputs[i]!), 'prediction', 'confidence']);
    // The same answer as the library gives for the same model, confidence rounded to 4 places.
    const p = model.predict(inputs[i]!.text as string);
    expect(prediction).toBe(p.label);
    expect(confidence).toBe(Math.round(p.confidence * 10_000) / 10_000);
  });
}

beforeAll(async () => {
  sb = makeSandbox('text', 'en');
  modelDir = sb.file('nsmc-model');
  writeFileSync(sb.file('train.jsonl'), toJsonl(trainRows));
  writeFileSync(sb.file('held.jsonl'), toJsonl(heldRows));
  writeFileSync(sb.file('items.jsonl'), toJsonl(items));
});

afterAll(() => {
  sb?.remove();
});

describe('sori train / classify / eval', () => {
  it('trains a model folder from JSONL', async () => {
    const r = ok(await sb.run(['train', '--task', 'nsmc', '--in', 'train.jsonl', '--out', modelDir]));
    expect(r.stderr).toMatch(/trained nsmc@[0-9a-f]{12} — 1280 examples, 2 labels/);
    expect(existsSync(path.join(modelDir, 'model.json'))).toBe(true);
    expect(existsSync(path.join(modelDir, 'weights.bin'))).toBe(true);
    model = await loadClassifier(modelDir);
    expect(model.labels).toEqual(['negative', 'positive']);
    expect(model.meta.task).toBe('nsmc');
  });

  it('classifies a file into a file, keeping every field, order and count', async () => {
    ok(await sb.run(['classify', '--model', modelDir, '--in', 'items.jsonl', '--out', 'predictions.jsonl']));
    const output = parseJsonl(readFileSync(sb.file('predictions.jsonl'), 'utf8'));
    expectAnnotated(output, items);
    expect(new Set(output.map((o) => o.prediction))).toEqual(new Set(['negative', 'positive']));
  });

  it('classifies standard input to standard output with "-" (CRLF input), the same lines as the file run', async () => {
    const crlf = items.map((v) => JSON.stringify(v)).join('\r\n') + '\r\n';
    const r = ok(await runWithStdin(['classify', '--model', modelDir, '--in', '-', '--out', '-'], crlf));
    expect(r.stdout).toBe(readFileSync(sb.file('predictions.jsonl'), 'utf8'));
    expectAnnotated(parseJsonl(r.stdout), items);
  });

  it('reports bad lines on stderr by line number, keeps the output aligned, exits 1', async () => {
    const lines = items.slice(0, 10).map((v) => JSON.stringify(v));
    lines.splice(4, 0, '{"id": "VOC-BROKEN", "text": "끝나지 않은 줄'); // line 5
    lines.splice(7, 0, '["배열은", "객체가 아님"]'); // line 8
    lines.splice(9, 0, '{"id": "VOC-NOTEXT", "body": "text 필드 없음"}'); // line 10
    const r = await runWithStdin(['classify', '--model', modelDir, '--in', '-', '--out', '-'], lines.join('\n') + '\n');
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toMatch(/^-:5: invalid JSON/m);
    expect(r.stderr).toMatch(/^-:8: not a JSON object/m);
    expect(r.stderr).toMatch(/^-:10: no "text" string/m);
    expect(r.stderr).toContain('lines skipped: 3');

    const output = parseJsonl(r.stdout);
    expect(output).toHaveLength(lines.length);
    expect(output[4]).toEqual({ line: 5, error: expect.stringMatching(/^invalid JSON/) });
    expect(output[7]).toEqual({ line: 8, error: 'not a JSON object' });
    expect(output[9]).toEqual({ line: 10, error: 'no "text" string' });
    const good = output.filter((_, i) => ![4, 7, 9].includes(i));
    expectAnnotated(good, items.slice(0, 10));
  });

  it('overwrites a "prediction" field already in the input and keeps the others', async () => {
    const input = { id: 'VOC-AGAIN', text: heldRows[0]!.text, prediction: 'old', confidence: 0.1, note: '재분류' };
    const r = ok(await runWithStdin(['classify', '--model', modelDir, '--in', '-', '--out', '-'], JSON.stringify(input) + '\n'));
    const [out] = parseJsonl(r.stdout);
    const p = model.predict(input.text);
    expect(out).toEqual({ ...input, prediction: p.label, confidence: Math.round(p.confidence * 10_000) / 10_000 });
  });

  it('--threshold 0.99 marks the less confident lines "uncertain"', async () => {
    ok(await sb.run(['classify', '--model', modelDir, '--in', 'items.jsonl', '--out', 'strict.jsonl', '--threshold', '0.99']));
    const strict = parseJsonl(readFileSync(sb.file('strict.jsonl'), 'utf8'));
    const plain = parseJsonl(readFileSync(sb.file('predictions.jsonl'), 'utf8'));
    expect(strict).toHaveLength(items.length);
    const uncertain = strict.filter((o) => o.prediction === 'uncertain');
    expect(uncertain.length).toBeGreaterThan(0);
    strict.forEach((o, i) => {
      expect(o.confidence).toBe(plain[i]!.confidence);
      if (o.prediction === 'uncertain') expect(o.confidence as number).toBeLessThan(0.99);
      else expect(o.prediction).toBe(plain[i]!.prediction);
    });
    expect(plain.some((o) => o.prediction === 'uncertain')).toBe(false);
  });

  it('rejects a threshold outside 0..1 with a usage message', async () => {
    const r = await sb.run(['classify', '--model', modelDir, '--in', 'items.jsonl', '--out', '-', '--threshold', '1.5']);
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toContain('--threshold 0..1');
  });

  it('eval prints accuracy and macro-F1; --json gives the same numbers as the library', async () => {
    const expected = evaluate(
      heldRows.map((r) => r.label),
      heldRows.map((r) => model.predict(r.text).label),
    );
    expect(expected.accuracy).toBeGreaterThan(0.7);

    const text = ok(await sb.run(['eval', '--model', modelDir, '--in', 'held.jsonl']));
    expect(text.stdout).toContain(`model: ${model.meta.version}`);
    expect(text.stdout).toContain(`examples: ${heldRows.length}`);
    expect(text.stdout).toMatch(new RegExp(`accuracy: ${expected.accuracy.toFixed(4)}$`, 'm'));
    expect(text.stdout).toMatch(new RegExp(`^macro-F1: ${expected.macroF1.toFixed(4)}$`, 'm'));
    expect(text.stdout).toContain('confusion matrix (rows = truth, columns = predicted)');

    const json = ok(await sb.run(['eval', '--model', modelDir, '--in', 'held.jsonl', '--json']));
    const report = JSON.parse(json.stdout) as typeof expected & { model: string };
    expect(report.model).toBe(model.meta.version);
    expect(report.accuracy).toBeCloseTo(expected.accuracy, 12);
    expect(report.macroF1).toBeCloseTo(expected.macroF1, 12);
    expect(report.perClass.map((c) => [c.label, c.support])).toEqual([
      ['negative', heldRows.filter((r) => r.label === 'negative').length],
      ['positive', heldRows.filter((r) => r.label === 'positive').length],
    ]);
    expect(report.confusion).toEqual(expected.confusion);
    // Rows are the truth: each row sums to that label's support.
    report.confusion.matrix.forEach((row, i) => expect(row.reduce((a, b) => a + b, 0)).toBe(report.perClass[i]!.support));
  });

  it('classify and eval without --model exit 2 with the usage', async () => {
    for (const args of [
      ['classify', '--in', 'items.jsonl', '--out', '-'],
      ['eval', '--in', 'held.jsonl'],
    ]) {
      const r = await sb.run(args);
      expect(r.code, describeRun(r)).toBe(2);
      expect(r.stderr).toContain('--model is required');
      expect(r.stderr).toContain(`sori ${args[0]} --model MODEL_DIR`);
      expect(r.stdout).toBe('');
    }
  });

  it('a model folder that does not exist is a clear error, not a stack trace', async () => {
    const missing = sb.file('no-such-model');
    const r = await sb.run(['classify', '--model', missing, '--in', 'items.jsonl', '--out', 'never.jsonl']);
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toContain(`cannot read the model in ${missing}`);
    expect(r.stderr).toContain('ENOENT');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(sb.file('never.jsonl'))).toBe(false);
  });

  it('train refuses data with a single label', async () => {
    writeFileSync(sb.file('one-label.jsonl'), toJsonl(trainRows.filter((r) => r.label === 'positive').slice(0, 50)));
    const r = await sb.run(['train', '--task', 'one', '--in', 'one-label.jsonl', '--out', sb.file('one-model')]);
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain('training needs at least two distinct labels');
    expect(existsSync(sb.file('one-model'))).toBe(false);
  });
});
