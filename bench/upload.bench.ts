/**
 * File import through the HTTP API: starts `sori serve` on a fresh embedded database in a child
 * process, uploads the bench CSV of N rows (`POST /api/v1/imports`, multipart, the file streamed
 * from disk by this process) over loopback, and reports the time, rows per second and the server
 * process's peak memory (VmHWM) — the same job as `sori import`, while the server runs.
 *
 * With `--load RPS`, single-item POST /api/v1/items are sent at that rate while the file is imported
 * (open loop), and their latency is reported: what the API's callers see during a large import.
 * With `--reads RPS`, the dashboard's reads (the overview, the item list's first page) likewise.
 *
 * With `--zendesk`, the same rows are written as a Zendesk ticket export (JSON Lines, one ticket per
 * line: bench/out/zendesk-N.jsonl) and uploaded to POST /api/v1/imports/vendor (adapter zendesk):
 * a vendor import's batches beside the API's writes.
 *
 *   node --import tsx bench/upload.bench.ts [--count 200000] [--dry-run] [--zendesk] [--load 50] [--reads 5] [--port 18081]
 */
import { existsSync, openAsBlob, readFileSync, statSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { itemsCsv } from './items-csv.js';
import { startSoriServer } from './sori-server.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200000' },
    'dry-run': { type: 'boolean', default: false },
    load: { type: 'string', default: '0' },
    reads: { type: 'string', default: '0' },
    port: { type: 'string', default: '18081' },
    zendesk: { type: 'boolean', default: false },
  },
});
const csv = values.zendesk ? zendeskExport(itemsCsv(Number(values.count))) : itemsCsv(Number(values.count));

/** The bench rows as Zendesk's full ticket export (one ticket per line), written once beside the CSV. */
function zendeskExport(from: string): string {
  const out = from.replace(/items-(\d+)\.csv$/, 'zendesk-$1.jsonl');
  if (existsSync(out)) return out;
  const rows = parse(readFileSync(from), { columns: true }) as Record<string, string>[];
  const status = (s: string) => (s === 'resolved' || s === 'closed' ? 'solved' : s === 'pending' ? 'pending' : 'open');
  const lines = rows.map((r, i) => {
    const text = r.text ?? '';
    const subject = text.split('\n', 1)[0]!.slice(0, 60);
    const created = new Date(r.created_at!).toISOString();
    return JSON.stringify({
      id: i + 1,
      subject,
      description: text,
      status: status(r.status ?? ''),
      via: { channel: 'web' },
      requester_id: 10_000_000 + (Number((r.customer_id ?? '').replace(/\D/g, '')) % 9_000_000),
      tags: [],
      created_at: created,
      updated_at: r.resolved_at ? new Date(r.resolved_at).toISOString() : created,
    });
  });
  writeFileSync(out, lines.join('\n') + '\n');
  return out;
}

/** A /proc/PID/status field in MB (VmRSS now, VmHWM the peak so far). */
function procMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field));
  return Math.round(Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024);
}

const server = await startSoriServer({ port: Number(values.port), scopes: ['ingest', 'read'], name: 'upload-bench' });
const { base } = server;
try {
  const pid = server.child.pid!;
  const idleMb = procMb(pid, 'VmRSS');
  const form = new FormData();
  form.append('file', await openAsBlob(csv), path.basename(csv));
  form.append('source', 'bench-upload');
  form.append('dry_run', String(values['dry-run']));
  if (values.zendesk) form.append('adapter', 'zendesk');
  const t0 = performance.now();
  const importing = fetch(`${base}/api/v1/imports${values.zendesk ? '/vendor' : ''}`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` }, body: form });
  let importDone = false;
  /** Requests at a fixed rate from the third second until the import answers (open loop: sent on schedule). */
  const openLoop = (rps: number, send: (i: number) => Promise<Response>) => {
    const latencies: number[] = [];
    let errors = 0;
    const done = (async () => {
      if (!rps) return;
      const sent: Promise<void>[] = [];
      for (let i = 0; !importDone; i++) {
        const wait = t0 + 2_000 + (i * 1000) / rps - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (importDone) break;
        const started = performance.now();
        sent.push(
          send(i)
            .then(async (r) => {
              await r.arrayBuffer();
              if (r.status !== 200) errors++;
              latencies.push(performance.now() - started);
            })
            .catch(() => void errors++),
        );
      }
      await Promise.all(sent);
    })();
    const report = (name: string) => {
      latencies.sort((a, b) => a - b);
      const pct = (p: number) => (latencies.length ? +latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1) : null);
      return rps ? { [`${name}_rps`]: rps, [`${name}_sent`]: latencies.length + errors, [`${name}_errors`]: errors, [`${name}_p50_ms`]: pct(50), [`${name}_p95_ms`]: pct(95), [`${name}_p99_ms`]: pct(99), [`${name}_max_ms`]: pct(100) } : {};
    };
    return { done, report };
  };
  const auth = { Authorization: `Bearer ${server.token}` };
  // Single-item writes (an API caller, a webhook).
  const writes = openLoop(Number(values.load), (i) => {
    const item = { external_id: `during-${i}`, channel: 'chat', source: 'during-import', created_at: new Date().toISOString(), text: `가져오는 중에 들어온 문의 ${i}: 결제가 안 돼요` };
    return fetch(`${base}/api/v1/items`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(item) });
  });
  // What the dashboard asks: the overview's numbers and the first page of the item list, in turn.
  const reads = openLoop(Number(values.reads), (i) => fetch(`${base}/api/v1/${i % 2 ? 'items?limit=50' : 'insights/overview'}`, { headers: auth }));
  const res = await importing;
  importDone = true;
  const body = await res.json();
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all([writes.done, reads.done]);
  if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
  console.log(
    JSON.stringify({
      rows: body.total_rows ?? body.items,
      ...(values.zendesk ? { adapter: 'zendesk' } : {}),
      inserted: body.inserted,
      rejected: body.rejected,
      dry_run: values['dry-run'],
      file_mb: Math.round(statSync(csv).size / 1e6),
      seconds: +seconds.toFixed(1),
      items_per_s: Math.round((body.total_rows ?? body.items) / seconds),
      server_idle_rss_mb: idleMb,
      server_peak_rss_mb: procMb(pid, 'VmHWM'),
      ...writes.report('load'),
      ...reads.report('reads'),
    }),
  );
} finally {
  await server.stop();
}
