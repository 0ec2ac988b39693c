/**
 * Repeat contacts (재문의율) on a large workspace: the one query of insights/repeat-contacts.ts (items
 * of the range and the 7 days after → contacts → a window over each customer's contacts) for a
 * 28-day and a 90-day range, per channel, per agent and narrowed to chat, and getSupportKpis whole
 * (the Support page's request) for comparison. Loads N items spread over 180 days by plain SQL (the
 * rollup triggers run; no text enrichment). Prints p50/max per query; never fails on time.
 *
 *   node --import tsx bench/repeat-contacts.bench.ts [--count 100000] [--backend pglite|postgres] [--runs 5] [--keep DIR]
 *
 * Half the items are chat messages, three to a conversation (metadata.conversation_id) a minute or
 * two apart; the other half stand alone on e-mail, board, phone, social or the chatbot. Customers:
 * N / 8, drawn uniformly (about 5 contacts each over the 180 days, so ~1 in 5 is repeated within
 * 7 days); 1 in 10 contacts has no customer id. 40 agents.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveRange } from '../src/insights/range.js';
import { countRepeatContacts } from '../src/insights/repeat-contacts.js';
import { getSupportKpis } from '../src/insights/support.js';
import { ANSWERABLE_CHANNELS } from '../src/domain/item.js';
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
/** Items from 2026-01-02 for 180 days (to 07-01); read on 07-02, so both ranges are judged in full. */
const NOW = new Date('2026-07-02T12:00:00+09:00');
const RANGES = { '28 days': { from: '2026-05-26', to: '2026-06-22' }, '90 days': { from: '2026-03-25', to: '2026-06-22' } };
const BATCH = 100_000;

async function load(db: Db, workspaceId: number): Promise<void> {
  const t0 = performance.now();
  const customers = Math.max(1, Math.floor(count / 8));
  for (let start = 0; start < count; start += BATCH) {
    // x: the conversation (2 × (g / 6): three chat messages, even g) or the item alone (odd g); its start
    // (Knuth's multiplicative hash) and customer (md5: independent of the start) are hashes of x, so
    // a conversation's messages agree.
    await db.query(
      `INSERT INTO items (workspace_id, channel, source, external_id, kind, created_at, text, content_hash, customer_ref, assignee, handled_by, metadata)
       SELECT $1, c.channel, 'bench', 'rc-' || r.g, CASE WHEN c.channel = 'chatbot' THEN 'chatbot_session' ELSE 'inquiry' END,
         timestamptz '2026-01-02 00:00+09' + (r.h / 4294967296.0) * interval '180 days' + (r.g % 6) * interval '1 minute',
         '환불 문의드립니다 ' || r.g, md5(r.g::text),
         CASE WHEN r.c % 10 <> 0 THEN 'cust-' || (r.c % $4) END,
         '상담원' || (r.x % 40), CASE WHEN c.channel = 'chatbot' THEN 'bot' ELSE 'human' END,
         CASE WHEN r.chat THEN jsonb_build_object('conversation_id', 'conv-' || r.x) ELSE '{}'::jsonb END
       FROM (SELECT g, chat, x, (x * 2654435761) % 4294967296 AS h, ('x' || substr(md5(x::text), 1, 8))::bit(32)::bigint AS c
             FROM generate_series($2::bigint, $3::bigint) g
             CROSS JOIN LATERAL (SELECT g % 2 = 0 AS chat, CASE WHEN g % 2 = 0 THEN 2 * (g / 6) ELSE g END AS x) k) r
       CROSS JOIN LATERAL (SELECT CASE WHEN r.chat THEN 'chat' ELSE (ARRAY['email','board','phone','social','chatbot'])[1 + (r.g / 2) % 5] END AS channel) c`,
      [workspaceId, start + 1, Math.min(count, start + BATCH), customers],
    );
  }
  await db.exec(db.kind === 'postgres' ? 'VACUUM (ANALYZE)' : 'ANALYZE');
  console.log(JSON.stringify({ load: 'plain SQL insert with rollup triggers', items: count, customers, seconds: +((performance.now() - t0) / 1000).toFixed(1) }));
}

async function time(name: string, fn: () => Promise<unknown>): Promise<void> {
  await timeRuns(name, runs, fn);
}

const { db, fresh, cleanup } = await openBenchDb({ backend: values.backend, keep: values.keep, name: 'repeat' });
await migrate(db);
const ws = await ensureWorkspace(db, { slug: 'bench-repeat', name: '재문의율 벤치마크' });
if (fresh) {
  await load(db, ws.id);
  if (values.keep && values.backend !== 'postgres') writeFileSync(path.join(values.keep, 'sori-bench-loaded'), new Date().toISOString());
}
console.log(JSON.stringify({ backend: values.backend, items: count, node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model }));

const all = [...ANSWERABLE_CHANNELS];
for (const [name, days] of Object.entries(RANGES)) {
  const range = resolveRange(days, ws.timezone, NOW);
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3::timestamptz + interval \'7 days\'', [
    ws.id,
    range.instants.from,
    range.instants.to,
  ]);
  const answer = await countRepeatContacts(db, ws.id, { by: 'channel', range, channels: all, now: NOW });
  console.log(JSON.stringify({ range: name, items_scanned: n, contacts: answer.total.contacts, due: answer.total.due, repeated: answer.total.repeated, rate_pct: answer.total.rate_pct, without_customer: answer.total.without_customer }));
  await time(`${name}: repeat contacts by channel`, () => countRepeatContacts(db, ws.id, { by: 'channel', range, channels: all, now: NOW }));
  await time(`${name}: repeat contacts by agent`, () => countRepeatContacts(db, ws.id, { by: 'assignee', range, channels: all, now: NOW }));
  await time(`${name}: repeat contacts, chat only`, () => countRepeatContacts(db, ws.id, { by: 'channel', range, channels: ['chat'], now: NOW }));
  await time(`${name}: getSupportKpis by channel (the page's request)`, () => getSupportKpis(db, ws, { ...days, now: NOW }));
}
console.log(JSON.stringify({ rss_mb: Math.round(process.memoryUsage().rss / 1e6) }));
await db.close();
await cleanup();
