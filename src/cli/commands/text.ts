import { trainClassifier, type LabelledText, type TextClassifier } from '../../text/classifier.js';
import { evaluate, type EvalReport } from '../../text/metrics.js';
import { loadClassifier, saveClassifier } from '../../text/model-files.js';
import { loadSentimentAnalyzer } from '../../text/sentiment.js';
import { appendFields, LineProblems, LineWriter, parseObject, readLines, textOf, type JsonlLine } from '../jsonl.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, requireFlag, UsageError, type Command } from '../main.js';

function labelOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() ? value : null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Reads labelled examples; bad lines are reported and skipped. */
async function readLabelled(path: string, textField: string, labelField: string): Promise<{ examples: LabelledText[]; problems: LineProblems }> {
  const problems = new LineProblems(path);
  const examples: LabelledText[] = [];
  for await (const batch of readLines(path)) {
    for (const line of batch) {
      const parsed = parseObject(line);
      if (!parsed.ok) {
        problems.report(line.lineNo, parsed.reason);
        continue;
      }
      const text = textOf(parsed.value, textField);
      const label = labelOf(parsed.value[labelField]);
      if (text === null) problems.report(line.lineNo, t(`"${textField}" 문자열이 없습니다`, `no "${textField}" string`));
      else if (label === null) problems.report(line.lineNo, t(`"${labelField}" 값이 없습니다`, `no "${labelField}" value`));
      else examples.push({ text, label });
    }
  }
  return { examples, problems };
}

export const trainCommand: Command = async (args) => {
  const { flags } = parseFlags(
    args,
    {
      task: { type: 'string' },
      in: { type: 'string' },
      out: { type: 'string' },
      'text-field': { type: 'string' },
      'label-field': { type: 'string' },
      c: { type: 'string' },
    },
    HELP.train,
  );
  const task = requireFlag(flags, 'task', HELP.train);
  const input = requireFlag(flags, 'in', HELP.train);
  const out = requireFlag(flags, 'out', HELP.train);
  const c = flags.c === undefined ? 1 : Number(flags.c);
  if (!(c > 0)) throw new UsageError(`--c > 0\n\n${HELP.train}`);
  const started = performance.now();
  const { examples, problems } = await readLabelled(input, (flags['text-field'] as string) ?? 'text', (flags['label-field'] as string) ?? 'label');
  problems.summary();
  if (new Set(examples.map((e) => e.label)).size < 2) {
    console.error(t('학습하려면 레이블이 두 종류 이상 필요합니다.', 'training needs at least two distinct labels.'));
    return 1;
  }
  const model = trainClassifier(examples, task, flags.c === undefined ? {} : { cCandidates: [c] });
  await saveClassifier(model, out);
  const seconds = (performance.now() - started) / 1000;
  const m = model.meta;
  console.error(
    t(
      `학습 완료: ${m.version} — 예시 ${m.trainExamples}개, 레이블 ${m.labels.length}개, 특징 ${m.vocabularySize}개, ${seconds.toFixed(1)}초 → ${out}`,
      `trained ${m.version} — ${m.trainExamples} examples, ${m.labels.length} labels, ${m.vocabularySize} features, ${seconds.toFixed(1)} s → ${out}`,
    ),
  );
  return 0;
};

/**
 * Runs `fn` over every JSON object line of `input` and writes its result line to `output`, one
 * output line per input line; a bad line becomes `{"line": N, "error": …}` in place, so input and
 * output stay aligned, and is reported on stderr.
 */
async function mapLines(input: string, output: string, fn: (value: Record<string, unknown>, line: JsonlLine) => string | { error: string }): Promise<LineProblems> {
  const problems = new LineProblems(input);
  const writer = new LineWriter(output);
  try {
    for await (const batch of readLines(input)) {
      for (const line of batch) {
        const parsed = parseObject(line);
        const result = parsed.ok ? fn(parsed.value, line) : { error: parsed.reason };
        let out: string;
        if (typeof result === 'string') out = result;
        else {
          problems.report(line.lineNo, result.error);
          out = JSON.stringify({ line: line.lineNo, error: result.error });
        }
        const pending = writer.write(out);
        if (pending) await pending;
      }
    }
  } finally {
    await writer.close();
  }
  problems.summary();
  return problems;
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

export const classifyCommand: Command = async (args) => {
  const { flags } = parseFlags(
    args,
    { model: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' }, 'text-field': { type: 'string' }, threshold: { type: 'string' } },
    HELP.classify,
  );
  const model = await loadModel(requireFlag(flags, 'model', HELP.classify));
  const input = requireFlag(flags, 'in', HELP.classify);
  const output = requireFlag(flags, 'out', HELP.classify);
  const textField = (flags['text-field'] as string) ?? 'text';
  const threshold = flags.threshold === undefined ? 0 : Number(flags.threshold);
  if (!(threshold >= 0 && threshold <= 1)) throw new UsageError(`--threshold 0..1\n\n${HELP.classify}`);
  const problems = await mapLines(input, output, (value, line) => {
    const text = textOf(value, textField);
    if (text === null) return { error: t(`"${textField}" 문자열이 없습니다`, `no "${textField}" string`) };
    const p = model.predict(text);
    return appendFields(line.text, value, { prediction: p.confidence < threshold ? 'uncertain' : p.label, confidence: round4(p.confidence) });
  });
  return problems.count ? 1 : 0;
};

async function loadModel(dir: string): Promise<TextClassifier> {
  try {
    return await loadClassifier(dir);
  } catch (error) {
    throw new UsageError(t(`모델을 읽을 수 없습니다 (${dir}): ${(error as Error).message}`, `cannot read the model in ${dir}: ${(error as Error).message}`));
  }
}

export const evalCommand: Command = async (args) => {
  const { flags } = parseFlags(
    args,
    { model: { type: 'string' }, in: { type: 'string' }, json: { type: 'boolean' }, 'text-field': { type: 'string' }, 'label-field': { type: 'string' } },
    HELP.eval,
  );
  const model = await loadModel(requireFlag(flags, 'model', HELP.eval));
  const input = requireFlag(flags, 'in', HELP.eval);
  const { examples, problems } = await readLabelled(input, (flags['text-field'] as string) ?? 'text', (flags['label-field'] as string) ?? 'label');
  problems.summary();
  if (!examples.length) {
    console.error(t('평가할 예시가 없습니다.', 'no examples to evaluate.'));
    return 1;
  }
  const report = evaluate(
    examples.map((e) => e.label),
    examples.map((e) => model.predict(e.text).label),
  );
  if (flags.json) console.log(JSON.stringify({ model: model.meta.version, ...report }));
  else console.log(formatReport(report, model.meta.version));
  return 0;
};

/** A plain-text report: headline numbers, per-class table, confusion matrix (when it fits). */
export function formatReport(report: EvalReport, version: string): string {
  const pct = (x: number): string => x.toFixed(4);
  const width = Math.max(8, ...report.perClass.map((c) => c.label.length + String(report.perClass.length).length + 1));
  const lines = [
    `${t('모델', 'model')}: ${version}`,
    `${t('예시', 'examples')}: ${report.examples}`,
    `${t('정확도 accuracy', 'accuracy')}: ${pct(report.accuracy)}`,
    `macro-F1: ${pct(report.macroF1)}`,
    '',
    `${'label'.padEnd(width)}  precision  recall     f1  support`,
    ...report.perClass.map((c) => `${c.label.padEnd(width)}  ${pct(c.precision).padStart(9)}  ${pct(c.recall).padStart(6)}  ${pct(c.f1).padStart(5)}  ${String(c.support).padStart(7)}`),
  ];
  const { labels, matrix } = report.confusion;
  if (labels.length <= 20) {
    const cell = Math.max(5, ...matrix.flat().map((n) => String(n).length + 1));
    lines.push('', t('혼동 행렬 (행 = 정답, 열 = 예측)', 'confusion matrix (rows = truth, columns = predicted)'));
    lines.push(' '.repeat(width) + labels.map((_, i) => String(i).padStart(cell)).join(''));
    matrix.forEach((row, i) => lines.push(`${`${i} ${labels[i]}`.slice(0, width).padEnd(width)}${row.map((n) => String(n).padStart(cell)).join('')}`));
  } else lines.push('', t(`혼동 행렬은 레이블이 ${labels.length}개라 --json 으로만 출력합니다.`, `the confusion matrix (${labels.length} labels) is printed with --json only.`));
  return lines.join('\n');
}

export const sentimentCommand: Command = async (args) => {
  const { flags } = parseFlags(args, { in: { type: 'string' }, out: { type: 'string' }, 'text-field': { type: 'string' } }, HELP.sentiment);
  const input = requireFlag(flags, 'in', HELP.sentiment);
  const output = requireFlag(flags, 'out', HELP.sentiment);
  const textField = (flags['text-field'] as string) ?? 'text';
  const analyzer = await loadSentimentAnalyzer();
  const problems = await mapLines(input, output, (value, line) => {
    const text = textOf(value, textField);
    if (text === null) return { error: t(`"${textField}" 문자열이 없습니다`, `no "${textField}" string`) };
    const language = typeof value.language === 'string' ? value.language : null;
    const r = analyzer.analyze(text, language);
    return appendFields(line.text, value, { sentiment: r.label, sentiment_score: r.score });
  });
  return problems.count ? 1 : 0;
};
