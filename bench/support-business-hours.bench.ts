/**
 * Support lead times in business hours (clock=business) against the 24-hour clock: the calendar
 * numbers come from the lead-time sketches (rollups), the business ones from every item of the range
 * (one row per item, business time per item in TypeScript, exact percentiles). Loads N items, all in
 * a 28-day range, by plain SQL (the rollup triggers run; no text enrichment: only times matter here),
 * then times getSupportKpis on both clocks and, apart, the item read alone. Prints p50/max per query;
 * never fails on time.
 *
 *   node --import tsx bench/support-business-hours.bench.ts [--count 100000] [--backend pglite|postgres] [--runs 5] [--keep DIR]
 *
 * Arrivals all day and night (more by day); first answers log-normal around 30 minutes, resolutions
 * around 6 hours after (a tail of days); 1 in 10 never answered, 1 in 4 not resolved; 5 channels,
 * 40 agents; the default business hours (weekdays 09–12 and 13–18, Korean public holidays off).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getSupportKpis, type SupportInput } from '../src/insights/support.js';
import type { Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { ensureWorkspace } from '../src/store/queries/workspaces.js';
import { openBenchDb, timeRuns } from './timing.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    backend: { type: 'string', default: 'pglite' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'string' },
  },
});
const count = Number(values.count);
const runs = Number(values.runs);
const RANGE = { from: '2026-03-04', to: '2026-03-31', now: new Date('2026-04-15T12:00:00+09:00') };
const BATCH = 100_000;

async function load(db: Db, workspaceId: number): Promise<void> {
  const t0 = performance.now();
  await db.query('SELECT setseed(0.42)');
  for (let start = 0; start < count; start += BATCH) {
    // Box–Muller normals z1, z2 for the log-normal delays; arrivals uniform over the 28 days, with
    // every other one moved into 09:00–18:00 Seoul time (more items by day).
    await db.query(
      `INSERT INTO items (workspace_id, channel, source, external_id, kind, created_at, text, content_hash, assignee, handled_by,
         first_response_at, resolved_at, status)
       SELECT $1, (ARRAY['chat','email','board','phone','social'])[1 + r.g % 5], 'bench', 'bh-' || r.g, 'inquiry', t.created,
         '배송 문의드립니다 ' || r.g, md5(r.g::text), '상담원' || (r.g % 40), CASE WHEN r.g % 10 = 0 THEN 'bot' ELSE 'human' END,
         CASE WHEN r.g % 10 <> 9 THEN t.created + make_interval(secs => exp(ln(1800) + 1.5 * t.z1)) END,
         CASE WHEN r.g % 4 <> 3 THEN t.created + make_interval(secs => exp(ln(1800) + 1.5 * t.z1) + exp(ln(21600) + 1.2 * t.z2)) END,
         CASE WHEN r.g % 4 <> 3 THEN 'resolved' ELSE 'open' END
       FROM (SELECT g, random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS day, random() AS hour
             FROM generate_series($2::int, $3::int) g) r
       CROSS JOIN LATERAL (SELECT
           timestamptz '2026-03-04 00:00+09' + r.day * interval '28 days' * CASE WHEN r.g % 2 = 0 THEN 1 ELSE 0 END
             + CASE WHEN r.g % 2 = 1 THEN floor(r.day * 28) * interval '1 day' + interval '9 hours' + r.hour * interval '9 hours' ELSE interval '0' END AS created,
           sqrt(-2 * ln(1 - r.u1)) * cos(2 * pi() * r.u2) AS z1,
           sqrt(-2 * ln(1 - r.u3)) * cos(2 * pi() * r.u4) AS z2) t`,
      [workspaceId, start + 1, Math.min(count, start + BATCH)],
    );
  }
  await db.exec(db.kind === 'postgres' ? 'VACUUM (ANALYZE)' : 'ANALYZE');
  console.log(JSON.stringify({ load: 'plain SQL insert with rollup triggers', items: count, seconds: +((performance.now() - t0) / 1000).toFixed(1) }));
}

async function time(name: string, fn: () => Promise<unknown>): Promise<void> {
  await timeRuns(name, runs, fn);
}

const { db, fresh, cleanup } = await openBenchDb({ backend: values.backend, keep: values.keep, name: 'support-bh' });
await migrate(db);
const ws = await ensureWorkspace(db, { slug: 'bench-support-bh', name: '영업시간 벤치마크' });
if (fresh) {
  await load(db, ws.id);
  if (values.keep && values.backend !== 'postgres') writeFileSync(path.join(values.keep, 'sori-bench-loaded'), new Date().toISOString());
}
const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3', [
  ws.id,
  '2026-03-03T15:00:00Z',
  '2026-03-31T15:00:00Z',
]);
console.log(JSON.stringify({ backend: values.backend, items_in_range: n, node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model }));

const cases: [string, SupportInput][] = [
  ['by channel', {}],
  ['by assignee', { by: 'assignee' }],
  ['chat only, by assignee', { by: 'assignee', channel: ['chat'] }],
];
for (const [name, input] of cases) {
  await time(`calendar: ${name}`, () => getSupportKpis(db, ws, { ...RANGE, ...input }));
  await time(`business: ${name}`, () => getSupportKpis(db, ws, { ...RANGE, ...input, clock: 'business' }));
}
// The first design, for the record: every item's times read into JavaScript (business time per item
// there). The read alone, before any arithmetic.
await time('rejected design: every item read into JS (read alone, by channel)', () =>
  db.query(
    `SELECT channel AS key, date_part('epoch', created_at) * 1000 AS created_ms,
       date_part('epoch', sori_first_answer_at(first_response_at, resolved_at)) * 1000 AS answered_ms,
       date_part('epoch', resolved_at) * 1000 AS resolved_ms
     FROM items
     WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 AND channel = ANY($4::text[])
       AND (sori_first_answer_at(first_response_at, resolved_at) >= created_at OR resolved_at >= created_at)`,
    [ws.id, '2026-03-03T15:00:00Z', '2026-03-31T15:00:00Z', ['chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other']],
  ),
);
const k = await getSupportKpis(db, ws, { ...RANGE, clock: 'business' });
const c = await getSupportKpis(db, ws, RANGE);
console.log(JSON.stringify({ business_total: k.total.first_response, calendar_total: c.total.first_response, business_resolution: k.total.resolution, calendar_resolution: c.total.resolution }));
console.log(JSON.stringify({ rss_mb: Math.round(process.memoryUsage().rss / 1e6) }));
await db.close();
await cleanup();
