/**
 * Per-row cost of the JS side of a file import, on one core: reading the CSV, mapping columns to
 * item fields, and prepareItem (validation, redaction, pseudonymisation, hashing). Prints µs/row
 * and rows/s per stage; never fails on time.
 *
 *   head -100001 bench/out/items.csv > /tmp/items-100k.csv   # or: npx tsx bench/gen-items.ts --count 100000 --out /tmp/items-100k.csv
 *   npx tsx bench/prepare.bench.ts [--file /tmp/items-100k.csv] [--rounds 3]
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { applyMapping, autoMapping, type ColumnMapping } from '../src/ingest/files/column-mapping.js';
import { readRecords } from '../src/ingest/files/read-records.js';
import { prepareItem } from '../src/ingest/prepare-item.js';
import type { Workspace } from '../src/store/queries/workspaces.js';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: '/tmp/items-100k.csv' },
    rounds: { type: 'string', default: '3' },
  },
});
const file = values.file!;
const rounds = Number(values.rounds);
if (!existsSync(file)) {
  console.error(`${file} is missing: npx tsx bench/gen-items.ts --count 100000 --out ${file}`);
  process.exit(2);
}

const workspace: Workspace = { id: 1, slug: 'bench', name: 'bench', timezone: 'Asia/Seoul', is_demo: false, pseudonym_key: 'k'.repeat(40) };
const defaults = { source: 'bench' };

let mapping: ColumnMapping | null = null;
const mappingFor = (values: Record<string, unknown>): ColumnMapping => (mapping ??= autoMapping(Object.keys(values)).mapping);

/** Streams the file through `perRow`; returns rows seen and elapsed ms. */
async function pass(perRow: (values: Record<string, unknown>) => void): Promise<{ rows: number; ms: number }> {
  const started = performance.now();
  let rows = 0;
  for await (const record of readRecords(file, {})) {
    if ('error' in record) continue;
    perRow(record.values);
    rows++;
  }
  return { rows, ms: performance.now() - started };
}

function report(stage: string, rows: number, ms: number): void {
  const usPerRow = (ms * 1000) / rows;
  console.log(`${stage.padEnd(26)} ${usPerRow.toFixed(2).padStart(7)} µs/row  ${Math.round((rows / ms) * 1000).toLocaleString('en-US').padStart(9)} rows/s`);
}

let rejected = 0;
const stages: [string, (values: Record<string, unknown>) => void][] = [
  ['read', () => {}],
  ['read+map', (v) => void applyMapping(v, mappingFor(v))],
  ['read+map+prepare', (v) => {
    if (!prepareItem(applyMapping(v, mappingFor(v)), workspace, defaults).ok) rejected++;
  }],
];

// prepareItem alone, on rows already mapped in memory: the number this file exists to watch.
const mapped: Record<string, unknown>[] = [];
await pass((v) => void mapped.push(applyMapping(v, mappingFor(v))));

console.log(`${file}: ${mapped.length.toLocaleString('en-US')} rows, ${rounds} round(s)`);
for (let round = 1; round <= rounds; round++) {
  console.log(`-- round ${round}`);
  for (const [stage, perRow] of stages) {
    const { rows, ms } = await pass(perRow);
    report(stage, rows, ms);
  }
  const started = performance.now();
  for (const item of mapped) prepareItem(item, workspace, defaults);
  report('prepare (in memory)', mapped.length, performance.now() - started);
}
if (rejected) console.log(`rejected rows: ${rejected / rounds} per round`);
