/**
 * What training a workspace model does to the server's event loop: trains a type model from N
 * corrected items (generated demo inquiries, labelled by their intended type; each correction
 * counts ten times, plus 300 default examples per type, and a held-out probe model is trained
 * first, as a workspace's training does) once on this thread and once on the worker thread
 * (src/worker/), while a 5 ms timer measures how late the event loop answers. Prints the training
 * time and the loop's worst and p99 lateness for each; never fails on time.
 *
 *   node --import tsx bench/train-worker.bench.ts [--items 2000]
 */
import { parseArgs } from 'node:util';
import { generateItems } from '../src/ingest/demo/generate.js';
import { trainFromLabelled, type LabelledItem } from '../src/labels/train-workspace-model.js';
import { TaskWorker } from '../src/worker/pool.js';

const { values } = parseArgs({ options: { items: { type: 'string', default: '2000' } } });
const n = Number(values.items);
const items: LabelledItem[] = [];
for (const it of generateItems(n, 5, { includeTruth: true, endDate: new Date('2026-11-20T12:00:00+09:00') })) {
  const truth = (it.metadata as { demo_truth?: { type?: string } } | undefined)?.demo_truth?.type;
  if (truth && items.length < n) items.push({ text: it.title ? `${String(it.title)}\n${String(it.text)}` : String(it.text), label: truth, corrected: true });
}
if (items.length < n) console.warn(`only ${items.length} labelled items generated`);

async function measure(name: string, train: () => Promise<unknown>) {
  // A request-like tick every 5 ms: how late each one comes is how long a request would wait.
  const late: number[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    late.push(Math.max(0, now - last - 5));
    last = now;
  }, 5);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const t0 = performance.now();
  await train();
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 50));
  clearInterval(ticker);
  late.sort((a, b) => a - b);
  const p99 = late[Math.min(late.length - 1, Math.floor(late.length * 0.99))] ?? 0;
  console.log(
    JSON.stringify({ where: name, corrected_items: items.length, train_s: +seconds.toFixed(2), ticks: late.length, loop_late_p99_ms: +p99.toFixed(1), loop_late_max_ms: +(late.at(-1) ?? 0).toFixed(1) }),
  );
}

const worker = new TaskWorker();
// Start the thread first (its start-up is not training).
await worker.run('train', { task: 'type', items: items.slice(0, 50) }).catch(() => undefined);
await measure('main thread', async () => trainFromLabelled(items, 'type'));
await measure('worker thread', () => worker.run('train', { task: 'type', items }));
await worker.close();
