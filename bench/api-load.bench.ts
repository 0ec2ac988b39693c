/**
 * Live API benchmark: starts `sori serve` on a fresh embedded database in a child process, then
 * this process sends single-item POST /api/v1/items at a fixed rate (open loop, loopback only) and
 * reports latency percentiles; afterwards it checks nothing was lost or duplicated.
 *
 *   node --import tsx bench/api-load.bench.ts [--rps 200] [--seconds 30]
 */
import { parseArgs } from 'node:util';
import { startSoriServer } from './sori-server.js';

const { values } = parseArgs({ options: { rps: { type: 'string', default: '200' }, seconds: { type: 'string', default: '30' }, port: { type: 'string', default: '18080' } } });
const rps = Number(values.rps);
const seconds = Number(values.seconds);
const port = Number(values.port);
const TEXTS = ['로그인이 안 돼요. 비밀번호 재설정 메일도 안 와요', '배송이 3일째 멈춰 있어요 언제 오나요?', '결제가 두 번 됐어요 환불해 주세요 010-1234-5678', '앱이 자꾸 꺼져요 ㅠㅠ', '쿠폰 적용이 안 됩니다'];

const server = await startSoriServer({ port, scopes: ['ingest', 'read'], name: 'load' });
const { base } = server;
try {
  const auth = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' };

  // Warm-up (JIT, caches) for 3 s at the same rate; not measured.
  for (let i = 0; i < rps * 3; i++) {
    const due = performance.now() + 1000 / rps;
    void fetch(`${base}/api/v1/items`, { method: 'POST', headers: auth, body: JSON.stringify({ external_id: `warm-${i}`, channel: 'chat', source: 'warmup', created_at: new Date().toISOString(), text: TEXTS[i % TEXTS.length] }) }).then((r) => r.arrayBuffer());
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
  }
  const total = rps * seconds;
  const slowest: { at: number; ms: number }[] = [];
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rps;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const body = JSON.stringify({ external_id: `load-${i}`, channel: 'chat', source: 'load', created_at: new Date().toISOString(), text: `${TEXTS[i % TEXTS.length]} #${i}` });
    const t0 = performance.now();
    inflight.push(
      fetch(`${base}/api/v1/items`, { method: 'POST', headers: auth, body })
        .then(async (res) => {
          await res.arrayBuffer();
          if (res.status !== 200) errors++;
          const ms = performance.now() - t0;
          latencies.push(ms);
          if (ms > 50) slowest.push({ at: Math.round((t0 - started) / 100) / 10, ms: Math.round(ms) });
        })
        .catch(() => void errors++),
    );
  }
  await Promise.all(inflight);
  const wall = (performance.now() - started) / 1000;
  // Re-send the first 500: they must not duplicate.
  for (let i = 0; i < 500; i++) {
    await fetch(`${base}/api/v1/items`, { method: 'POST', headers: auth, body: JSON.stringify({ external_id: `load-${i}`, channel: 'chat', source: 'load', created_at: '2026-01-01T00:00:00Z', text: 'resent' }) });
  }
  const summary = await (await fetch(`${base}/api/v1/items/summary?source=load`, { headers: auth })).json();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => +latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
  if (process.env.BENCH_VERBOSE) console.log('requests over 50 ms (second, ms):', JSON.stringify(Object.entries(slowest.reduce((m: Record<number, number>, s) => ((m[Math.floor(s.at)] = Math.max(m[Math.floor(s.at)] ?? 0, s.ms)), m), {}))));
  console.log(JSON.stringify({ rps_target: rps, sent: total, achieved_rps: Math.round(total / wall), errors, p50_ms: pct(50), p95_ms: pct(95), p99_ms: pct(99), max_ms: pct(100), stored: summary.total, lost: total - summary.total }));
} finally {
  await server.stop();
}
