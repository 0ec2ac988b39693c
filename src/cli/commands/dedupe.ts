import { DedupeBatch } from '../../text/dedupe.js';
import { appendFields, LineProblems, LineWriter, parseObject, readLines, textOf, type JsonlLine } from '../jsonl.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, requireFlag, UsageError, type Command } from '../main.js';

/** A string or number field as a string, else null. */
function keyOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

type Parsed = { ok: true; value: Record<string, unknown>; text: string } | { ok: false; reason: string };

function parseItem(line: JsonlLine, textField: string): Parsed {
  const parsed = parseObject(line);
  if (!parsed.ok) return parsed;
  const text = textOf(parsed.value, textField);
  if (text === null) return { ok: false, reason: t(`"${textField}" 문자열이 없습니다`, `no "${textField}" string`) };
  return { ok: true, value: parsed.value, text };
}

/** The lines of `input`: from the buffer when standard input was read, else the file again. */
async function* linesOf(input: string, buffered: JsonlLine[] | null): AsyncGenerator<JsonlLine[]> {
  if (buffered) yield buffered;
  else yield* readLines(input);
}

/**
 * `sori dedupe`: groups near-duplicate lines. Grouping needs every line, so the input is read
 * twice — once keeping only what grouping needs (shingle keys, customer), once to write each
 * line with its "group" (the id of the group's first line, or its line number) and
 * "group_size". Standard input is buffered instead. One output line per input line.
 */
export const dedupeCommand: Command = async (args) => {
  const { flags } = parseFlags(
    args,
    { in: { type: 'string' }, out: { type: 'string' }, threshold: { type: 'string' }, 'text-field': { type: 'string' }, 'customer-field': { type: 'string' } },
    HELP.dedupe,
  );
  const input = requireFlag(flags, 'in', HELP.dedupe);
  const output = requireFlag(flags, 'out', HELP.dedupe);
  const textField = (flags['text-field'] as string) ?? 'text';
  const customerField = flags['customer-field'] as string | undefined;
  const threshold = flags.threshold === undefined ? 0.5 : Number(flags.threshold);
  if (!(threshold > 0 && threshold <= 1)) throw new UsageError(`--threshold 0..1\n\n${HELP.dedupe}`);
  const started = performance.now();

  const problems = new LineProblems(input);
  const batch = new DedupeBatch({ threshold });
  const buffered: JsonlLine[] | null = input === '-' ? [] : null;
  for await (const lines of readLines(input)) {
    if (buffered) for (const line of lines) buffered.push(line);
    for (const line of lines) {
      const item = parseItem(line, textField);
      if (!item.ok) problems.report(line.lineNo, item.reason);
      else batch.add(item.text, customerField ? keyOf(item.value[customerField]) : null);
    }
  }
  const count = batch.size;
  const roots = batch.group();
  const sizes = new Int32Array(count);
  for (let m = 0; m < count; m++) sizes[roots[m]!]++;

  // Second pass. A group's first line always comes before its other lines, so its id is known
  // when they are written; it is kept only while members remain.
  const remaining = sizes.slice();
  const openGroups = new Map<number, string>();
  const writer = new LineWriter(output);
  let m = 0;
  let groups = 0;
  let duplicates = 0;
  try {
    for await (const lines of linesOf(input, buffered)) {
      for (const line of lines) {
        const item = parseItem(line, textField);
        if (!item.ok || m >= count) {
          const error = item.ok ? t('입력이 읽는 중에 바뀌었습니다', 'the input changed while it was read') : item.reason;
          const pending = writer.write(JSON.stringify({ line: line.lineNo, error }));
          if (pending) await pending;
          continue;
        }
        const root = roots[m]!;
        const size = sizes[root]!;
        let group: string;
        if (root === m) {
          group = keyOf(item.value.id) ?? String(line.lineNo);
          groups++;
          if (size > 1) openGroups.set(root, group);
        } else group = openGroups.get(root)!;
        if (size > 1) {
          duplicates++;
          if (--remaining[root]! === 0) openGroups.delete(root);
        }
        const pending = writer.write(appendFields(line.text, item.value, { group, group_size: size }));
        if (pending) await pending;
        m++;
      }
    }
  } finally {
    await writer.close();
  }
  problems.summary();
  const seconds = (performance.now() - started) / 1000;
  console.error(
    t(
      `묶음 완료: ${count}줄 → ${groups}개 묶음, 중복 묶음에 든 줄 ${duplicates}개, ${seconds.toFixed(1)}초 → ${output}`,
      `grouped ${count} lines into ${groups} groups; ${duplicates} lines are in groups of two or more; ${seconds.toFixed(1)} s → ${output}`,
    ),
  );
  return problems.count ? 1 : 0;
};
