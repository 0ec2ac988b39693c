import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';
import { t } from './i18n.js';

/** One line of a JSONL input, numbered from 1 as an editor shows it. */
export interface JsonlLine {
  lineNo: number;
  text: string;
}

/** Reads lines from a file, or standard input when `path` is "-"; blank lines are skipped. */
export async function* readLines(path: string): AsyncGenerator<JsonlLine[]> {
  const stream: Readable = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 });
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let lineNo = 0;
  let first = true;
  for await (const chunk of stream) {
    let text = rest + decoder.write(chunk as Buffer);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const batch: JsonlLine[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      lineNo++;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end > start) {
        const line = text.slice(start, end);
        if (line.trim()) batch.push({ lineNo, text: line });
      }
      start = nl + 1;
    }
    rest = text.slice(start);
    if (batch.length) yield batch;
  }
  rest += decoder.end();
  if (rest.trim()) yield [{ lineNo: lineNo + 1, text: rest.replace(/\r$/, '') }];
}

/** Parses a line as a JSON object, or says why it is not one. */
export function parseObject(line: JsonlLine): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' };
  return { ok: true, value: value as Record<string, unknown> };
}

/** Buffered line writer to a file, or standard output when `path` is "-"; honours backpressure. */
export class LineWriter {
  private readonly stream: Writable;
  private buffer: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.stream = path === '-' ? process.stdout : createWriteStream(path);
  }

  /**
   * Queues one line (without its newline). Returns a promise only when the buffer was flushed, so
   * the caller awaits once per megabyte, not once per line: `const p = w.write(l); if (p) await p;`.
   */
  write(line: string): Promise<void> | undefined {
    this.buffer.push(line);
    this.size += line.length + 1;
    return this.size >= 1 << 20 ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const text = this.buffer.join('\n') + '\n';
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  /** Flushes and closes (standard output stays open). */
  async close(): Promise<void> {
    await this.flush();
    if (this.stream === process.stdout) return;
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** The text to read from a JSONL object: `text`, or a named field; title + text when both exist. */
export function textOf(value: Record<string, unknown>, field: string): string | null {
  const text = value[field];
  if (typeof text === 'string') {
    const title = field === 'text' ? value.title : undefined;
    return typeof title === 'string' && title ? `${title}\n${text}` : text;
  }
  if (typeof text === 'number') return String(text);
  return null;
}

/** Reports bad input lines on stderr as `file:line: reason` (the first 20 in full, then a count). */
export class LineProblems {
  count = 0;
  constructor(private readonly file: string) {}
  report(lineNo: number, reason: string): void {
    this.count++;
    if (this.count <= 20) console.error(`${this.file}:${lineNo}: ${reason}`);
  }
  summary(): void {
    if (this.count > 20) console.error(t(`… 그 외 ${this.count - 20}개 줄 오류`, `… and ${this.count - 20} more bad lines`));
    if (this.count) console.error(t(`건너뛴 줄: ${this.count}개`, `lines skipped: ${this.count}`));
  }
}

/** Adds fields to a JSON object line without re-serialising it (the line was parsed already). */
export function appendFields(line: string, value: Record<string, unknown>, fields: Record<string, unknown>): string {
  const names = Object.keys(fields);
  if (names.some((n) => n in value)) return JSON.stringify({ ...value, ...fields });
  const close = line.lastIndexOf('}');
  const body = line.slice(0, close).trimEnd();
  const extra = names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(fields[n])}`).join(',');
  return body.endsWith('{') ? `${body}${extra}}` : `${body},${extra}}`;
}
