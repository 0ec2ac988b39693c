/**
 * File import through the HTTP API: starts `sori serve` on a fresh embedded database in a child
 * process, uploads the bench CSV of N rows (`POST /api/v1/imports`, multipart, the file streamed
 * from disk by this process) over loopback, and reports the time, rows per second and the server
 * process's peak memory (VmHWM) — the same job as `sori import`, while the server runs.
 *
 *   node --import tsx bench/upload.bench.ts [--count 200000] [--dry-run] [--port 18081]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openAsBlob, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { itemsCsv } from './items-csv.js';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '200000' }, 'dry-run': { type: 'boolean', default: false }, port: { type: 'string', default: '18081' } },
});
const csv = itemsCsv(Number(values.count));
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sori-upload-bench-'));
const email = 'bench@sori.test';
const password = 'load-test-2026!';

const server = spawn(process.execPath, ['bin/sori.js', 'serve'], {
  env: { ...process.env, SORI_DATA_DIR: dataDir, PORT: String(port), SORI_ADMIN_EMAIL: email, SORI_ADMIN_PASSWORD: password, SORI_LOG_LEVEL: 'error' },
  stdio: ['ignore', 'inherit', 'inherit'],
});

/** A /proc/PID/status field in MB (VmRSS now, VmHWM the peak so far). */
function procMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field));
  return Math.round(Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024);
}

async function waitUp() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

try {
  await waitUp();
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const tok = await (await fetch(`${base}/api/v1/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: JSON.stringify({ name: 'upload', scopes: ['ingest', 'read'] }) })).json();
  const pid = server.pid!;
  const idleMb = procMb(pid, 'VmRSS');
  const form = new FormData();
  form.append('file', await openAsBlob(csv), path.basename(csv));
  form.append('source', 'bench-upload');
  form.append('dry_run', String(values['dry-run']));
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/imports`, { method: 'POST', headers: { Authorization: `Bearer ${tok.secret}` }, body: form });
  const body = await res.json();
  const seconds = (performance.now() - t0) / 1000;
  if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${JSON.stringify(body)}`);
  console.log(
    JSON.stringify({
      rows: body.total_rows,
      inserted: body.inserted,
      rejected: body.rejected,
      dry_run: values['dry-run'],
      file_mb: Math.round(statSync(csv).size / 1e6),
      seconds: +seconds.toFixed(1),
      items_per_s: Math.round(body.total_rows / seconds),
      server_idle_rss_mb: idleMb,
      server_peak_rss_mb: procMb(pid, 'VmHWM'),
    }),
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
