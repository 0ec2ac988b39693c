/**
 * Model impact preview benchmark (labels/preview-model-impact.ts, GET /models/:id/impact and
 * /models/rollback/impact): N realistic Korean items (bench/gen-items.ts, imported with enrichment,
 * then copied K−1 more times under new ids: bench/replicate-items.ts, as bench/insights.bench.ts does), then the two queries a
 * preview runs — how many items are eligible (not corrected for the task, not under an archived
 * topic) and the newest 2,000 of them — and the whole preview, in three states of corrections:
 * none; 2% of the items at random; the newest 150,000 corrected (a bulk correction of the latest
 * items, so the newest eligible ones lie deep in the table). Prints p50/p95/max; never fails on time.
 *
 *   node --import tsx bench/model-impact.bench.ts [--count 200000] [--replicate 5] [--backend pglite|postgres]
 *        [--keep DIR|SCHEMA] [--runs 10]
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDemoTopics } from '../src/ingest/demo/demo-topics.js';
import { importFile } from '../src/ingest/import-file.js';
import { countEligibleItems, IMPACT_SAMPLE, previewImpact, sampleEligibleItems } from '../src/labels/preview-model-impact.js';
import type { Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { ensureWorkspace } from '../src/store/queries/workspaces.js';
import { itemsCsv } from './items-csv.js';
import { replicateItems } from './replicate-items.js';
import { openBenchDb, timeRuns } from './timing.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200000' },
    replicate: { type: 'string', default: '5' },
    backend: { type: 'string', default: 'pglite' },
    keep: { type: 'string' },
    runs: { type: 'string', default: '10' },
  },
});
const count = Number(values.count);
const replicate = Number(values.replicate);
const runs = Number(values.runs);

const { db, fresh, cleanup } = await openBenchDb({ backend: values.backend, keep: values.keep, name: 'model-impact' });
await migrate(db);
const ws = await ensureWorkspace(db, { slug: 'bench', name: '모델 영향 벤치' });

async function load(db: Db): Promise<void> {
  await ensureDemoTopics(db, ws.id);
  const t0 = performance.now();
  const summary = await importFile(db, ws, { path: itemsCsv(count), defaults: { source: 'bench' } });
  console.log(JSON.stringify({ load: 'import with enrichment', rows: summary.total_rows, seconds: +((performance.now() - t0) / 1000).toFixed(1) }));
  for (let k = 1; k < replicate; k++) {
    const t1 = performance.now();
    await replicateItems(db, ws.id, k);
    console.log(JSON.stringify({ replicated: k + 1, seconds: +((performance.now() - t1) / 1000).toFixed(1) }));
  }
}

if (fresh) {
  await load(db);
  if (values.keep && values.backend !== 'postgres') writeFileSync(path.join(values.keep, 'sori-bench-loaded'), new Date().toISOString());
}

/** The preview's count before session 28: every eligible item counted, joined with its topic and the topic's parent. */
const fullCount = (task: 'type' | 'topic') =>
  db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM items i LEFT JOIN topics t ON t.id = i.topic_id LEFT JOIN topics parent ON parent.id = t.parent_id
     WHERE i.workspace_id = $1 AND NOT $2 = ANY(i.locked_labels)
     ${task === 'topic' ? 'AND NOT coalesce(t.archived OR coalesce(parent.archived, false), false)' : ''}`,
    [ws.id, task],
  );
/** The preview's sample query before session 28. */
const sampleBefore = (task: 'type' | 'topic') =>
  db.query(
    `SELECT i.title, i.text, i.metadata, i.type, i.topic_id::text AS topic_id
     FROM items i LEFT JOIN topics t ON t.id = i.topic_id LEFT JOIN topics parent ON parent.id = t.parent_id
     WHERE i.workspace_id = $1 AND NOT $2 = ANY(i.locked_labels)
     ${task === 'topic' ? 'AND NOT coalesce(t.archived OR coalesce(parent.archived, false), false)' : ''}
     ORDER BY i.id DESC LIMIT $3`,
    [ws.id, task, IMPACT_SAMPLE],
  );

const state = async (name: string, lock: string | null) => {
  await db.exec(`UPDATE items SET locked_labels = '{}' WHERE workspace_id = ${ws.id} AND locked_labels <> '{}'`);
  if (lock) await db.exec(`UPDATE items SET locked_labels = '{topic}' WHERE workspace_id = ${ws.id} AND ${lock}`);
  await db.exec(db.kind === 'postgres' ? 'VACUUM (ANALYZE) items' : 'VACUUM ANALYZE items');
  const [{ n, locked }] = await db.query<{ n: number; locked: number }>(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE locked_labels <> '{}')::int AS locked FROM items WHERE workspace_id = $1`,
    [ws.id],
  );
  console.log(JSON.stringify({ backend: db.kind, state: name, items: n, corrected: locked, load: os.loadavg().map((x) => +x.toFixed(2)) }));
  await timeRuns(`${name}: full count(*) of eligible (before), topic`, runs, () => fullCount('topic'));
  await timeRuns(`${name}: eligible count (now), topic`, runs, () => countEligibleItems(db, ws.id, 'topic'));
  await timeRuns(`${name}: newest ${IMPACT_SAMPLE} eligible (before's query), topic`, runs, () => sampleBefore('topic'));
  await timeRuns(`${name}: newest ${IMPACT_SAMPLE} eligible (now), topic`, runs, () => sampleEligibleItems(db, ws.id, 'topic', [], IMPACT_SAMPLE));
  await timeRuns(`${name}: whole preview (now), topic rules alone`, runs, () => previewImpact(db, ws.id, { task: 'topic', model: null, modelId: null }));
  const [{ max_id }] = await db.query<{ max_id: string }>('SELECT max(id)::text AS max_id FROM items WHERE workspace_id = $1', [ws.id]);
  return max_id;
};

try {
  const maxId = await state('no corrections', null);
  await state('2% corrected at random', 'random() < 0.02');
  await state('newest 150,000 corrected', `id > ${maxId}::bigint - 150000`);
  console.log(JSON.stringify({ sample: IMPACT_SAMPLE, eligible: await countEligibleItems(db, ws.id, 'topic') }));
} finally {
  await db.close();
  await cleanup();
}
