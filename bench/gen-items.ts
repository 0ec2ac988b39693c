// Writes demo items to a CSV for the ingest benchmark.
//   npx tsx bench/gen-items.ts --count 1000000 --out bench/out/items.csv [--seed 1] [--days 90] [--end 2026-03-31T18:00:00+09:00] [--versioned]
// --versioned adds 수정일시 (the ticket's last change: resolved, first answered or created), which the
// import reads as source_updated_at.
// Prints rows, bytes and seconds. Same seed and --end → byte-identical file.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import type { ItemInput } from '../src/domain/item.js';
import { DEFAULT_DEMO_SEED, generateItems } from '../src/ingest/demo/generate.js';

/** CSV columns, in order: the item fields a file import maps. */
const CSV_COLUMNS = [
  'external_id', 'channel', 'source', 'kind', 'created_at', 'text', 'customer_id', 'customer_segment', 'customer_plan',
  'rating', 'score', 'order_ref', 'status', 'assignee', 'first_response_at', 'resolved_at', 'handled_by',
] as const satisfies readonly (keyof ItemInput)[];

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/** One RFC 4180 field: quoted only when it holds a comma, quote or line break. */
function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = typeof value === 'string' ? value : String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(QUOTE, '""')}"` : s;
}

function csvRow(item: ItemInput, versioned: boolean): string {
  let line = csvField(item[CSV_COLUMNS[0]]);
  for (let i = 1; i < CSV_COLUMNS.length; i++) line += ',' + csvField(item[CSV_COLUMNS[i]]);
  if (versioned) line += ',' + csvField(item.resolved_at ?? item.first_response_at ?? item.created_at);
  return line + '\r\n';
}

const CHUNK_BYTES = 1 << 20;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000000' },
      out: { type: 'string', default: 'bench/out/items.csv' },
      seed: { type: 'string', default: String(DEFAULT_DEMO_SEED) },
      days: { type: 'string', default: '90' },
      end: { type: 'string' },
      versioned: { type: 'boolean', default: false },
    },
  });
  const versioned = values.versioned!;
  const count = Number(values.count);
  const seed = Number(values.seed);
  const days = Number(values.days);
  // A fixed default end keeps the file reproducible from run to run.
  const endDate = new Date(values.end ?? '2026-03-31T18:00:00+09:00');
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(seed) || !Number.isInteger(days) || days < 1 || Number.isNaN(endDate.getTime())) {
    console.error('usage: npx tsx bench/gen-items.ts --count N --out FILE [--seed N] [--days N] [--end ISO-DATE]');
    process.exit(2);
  }
  const out = values.out!;
  await mkdir(dirname(out), { recursive: true });

  const started = performance.now();
  const stream = createWriteStream(out, { highWaterMark: 4 * CHUNK_BYTES });
  let bytes = 0;
  let rows = 0;
  // Rows are UTF-8 encoded straight into 1 MB buffers: one write call per buffer, no big strings.
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  const flush = async () => {
    if (used === 0) return;
    bytes += used;
    const ok = stream.write(buffer.subarray(0, used));
    buffer = Buffer.allocUnsafe(CHUNK_BYTES); // the stream keeps the old one until written
    used = 0;
    if (!ok) await once(stream, 'drain'); // backpressure: let the disk catch up
  };
  const append = async (line: string) => {
    // A UTF-16 unit never takes more than 3 UTF-8 bytes.
    if (used + line.length * 3 > CHUNK_BYTES) await flush();
    if (line.length * 3 > CHUNK_BYTES) {
      bytes += Buffer.byteLength(line);
      if (!stream.write(line)) await once(stream, 'drain');
      return;
    }
    used += buffer.write(line, used);
  };
  await append(CSV_COLUMNS.join(',') + (versioned ? ',수정일시' : '') + '\r\n');
  for (const item of generateItems(count, seed, { days, endDate })) {
    const line = csvRow(item, versioned);
    // Fast path without an await per row.
    if (used + line.length * 3 <= CHUNK_BYTES) used += buffer.write(line, used);
    else await append(line);
    rows++;
  }
  await flush();
  stream.end();
  await once(stream, 'finish');
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `rows=${rows} bytes=${bytes} (${(bytes / 1e6).toFixed(1)} MB) seconds=${seconds.toFixed(2)} ` +
      `rate=${Math.round(rows / seconds)} rows/s file=${out}`,
  );
}

await main();
