// What text intelligence adds to ingest, per item.
//   node --import tsx bench/enrich.bench.ts [--items 20000]
// (1) `TextEnrichment.enrich` alone (type + topic rules + sentiment) on prepared demo rows;
// (2) `ingestItems` into an in-memory PGlite with enrichment off vs on (on = also duplicate
// groups: one SELECT and the UPDATEs of items that join a group, per batch).
import { parseArgs } from 'node:util';
import { generateItems } from '../src/ingest/demo/generate.js';
import { textEnrichmentFor } from '../src/ingest/enrich.js';
import { ingestItems } from '../src/ingest/pipeline.js';
import { prepareItem } from '../src/ingest/prepare-item.js';
import { openDb } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import type { ItemRow } from '../src/store/queries/upsert-items.js';
import { createTopic } from '../src/store/queries/topics.js';
import { ensureWorkspace } from '../src/store/queries/workspaces.js';

const { values } = parseArgs({ options: { items: { type: 'string' } } });
const count = Number(values.items ?? 20_000);
const db = await openDb({});
await migrate(db);
const ws = await ensureWorkspace(db, { slug: 'bench', name: '벤치' });
const other = await ensureWorkspace(db, { slug: 'bench-off', name: '벤치 (끔)' });
for (const [name, pattern] of [['배송', '배송'], ['로그인', '로그인'], ['환불', '환불'], ['쿠폰', '쿠폰'], ['결제 오류', '결제.{0,10}오류']] as const) {
  await createTopic(db, ws.id, { name, rules: [{ kind: pattern.includes('.') ? 'regex' : 'keyword', pattern }] });
}
const end = new Date('2026-11-20T00:00:00+09:00');
const inputs = [...generateItems(count, 4242, { endDate: end })];
const rows: ItemRow[] = [];
for (const input of inputs) {
  const p = prepareItem(input, ws);
  if (p.ok) rows.push(p.row);
}
const te = textEnrichmentFor(db);
await te.enrich(rows.slice(0, 500)); // load models, warm up
let started = performance.now();
// CPU time too: on a shared machine, wall time also counts the other processes.
const cpuStarted = process.cpuUsage();
for (let i = 0; i < rows.length; i += 1_000) await te.enrich(rows.slice(i, i + 1_000));
const enrichUs = ((performance.now() - started) * 1000) / rows.length;
const cpu = process.cpuUsage(cpuStarted);
console.log(`enrich (type + topic rules + sentiment + duplicate group): ${enrichUs.toFixed(1)} µs/item over ${rows.length} items (CPU ${((cpu.user + cpu.system) / rows.length).toFixed(1)} µs/item)`);

const second = [...generateItems(count, 4343, { endDate: end })];
started = performance.now();
for (let i = 0; i < second.length; i += 1_000) await ingestItems(db, other, second.slice(i, i + 1_000), { enrich: false });
const offUs = ((performance.now() - started) * 1000) / second.length;
started = performance.now();
for (let i = 0; i < second.length; i += 1_000) await ingestItems(db, ws, second.slice(i, i + 1_000));
const onUs = ((performance.now() - started) * 1000) / second.length;
const [groups] = await db.query<{ grouped: number; groups: number }>(
  'SELECT count(*) FILTER (WHERE dup_group IS NOT NULL)::int AS grouped, count(DISTINCT dup_group)::int AS groups FROM items WHERE workspace_id = $1',
  [ws.id],
);
console.log(`ingestItems on PGlite, batches of 1,000: off ${offUs.toFixed(1)} µs/item, on ${onUs.toFixed(1)} µs/item → enrichment adds ${(onUs - offUs).toFixed(1)} µs/item`);
console.log(`duplicate groups: ${groups!.grouped} of ${second.length} items in ${groups!.groups} groups`);
await db.close();
