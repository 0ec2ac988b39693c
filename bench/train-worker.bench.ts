/**
 * What training a workspace model does to the server's event loop: trains a type model from N
 * labelled items (generated demo inquiries, labelled by their intended type) once on this thread
 * and once on the worker thread (src/worker/), while a timer measures how late the event loop
 * answers (`monitorEventLoopDelay`). Prints the training time and the loop's p99/max delay for
 * each; never fails on time.
 *
 *   node --import tsx bench/train-worker.bench.ts [--items 20000]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateItems } from '../src/ingest/demo/generate.js';
import { trainFromLabelled, type LabelledItem } from '../src/labels/train-workspace-model.js';
import { TaskWorker } from '../src/worker/pool.js';

const { values } = parseArgs({ options: { items: { type: 'string', default: '20000' } } });
const n = Number(values.items);
const items: LabelledItem[] = [];
for (const it of generateItems(n, 5, { includeTruth: true, endDate: new Date('2026-11-20T12:00:00+09:00') })) {
  const truth = (it.metadata as { demo_truth?: { type?: string } } | undefined)?.demo_truth?.type;
  if (truth && items.length < n) items.push({ text: it.title ? `${String(it.title)}\n${String(it.text)}` : String(it.text), label: truth, corrected: true });
}
if (items.length < n) console.warn(`only ${items.length} labelled items generated`);

async function measure(name: string, train: () => Promise<unknown>) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  // A request-like tick every 5 ms: what a server would have to answer meanwhile.
  const ticker = setInterval(() => undefined, 5);
  h.enable();
  const t0 = performance.now();
  await train();
  const seconds = (performance.now() - t0) / 1000;
  h.disable();
  clearInterval(ticker);
  console.log(
    JSON.stringify({ where: name, items: items.length, train_s: +seconds.toFixed(2), loop_delay_p99_ms: +(h.percentile(99) / 1e6).toFixed(1), loop_delay_max_ms: +(h.max / 1e6).toFixed(1) }),
  );
}

const worker = new TaskWorker();
// Start the thread first (its start-up is not training).
await worker.run('train', { task: 'type', items: items.slice(0, 50) }).catch(() => undefined);
await measure('main thread', async () => trainFromLabelled(items, 'type'));
await measure('worker thread', () => worker.run('train', { task: 'type', items }));
await worker.close();
