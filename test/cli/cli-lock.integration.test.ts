// While `sori serve` holds the embedded data folder, every other `sori` command must stop with
// exit code 75 and name the server, and must leave the folder untouched — except `sori import`
// given an API token (SORI_TOKEN), which sends the file through the running server.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, freePort, makeSandbox, parseJsonl, toCsv, waitForExit, waitForHealth, type Sandbox, type startSori } from './run-sori.js';

const SLOW = 120_000;

let sb: Sandbox;
let server: ReturnType<typeof startSori> | null = null;

beforeAll(() => {
  sb = makeSandbox('lock', 'en');
});

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await waitForExit(server);
  }
  sb?.remove();
});

const HEADER = ['external_id', 'channel', 'source', 'created_at', 'text', 'customer_id'];
const FIRST = [1, 2, 3, 4, 5].map((n) => [`K-${n}`, 'chat', 'kakao', `2026-04-0${n} 10:00`, `카카오톡 상담 ${n}: 배송 조회가 안 돼요`, `KU-${n}`]);
const SECOND = [6, 7].map((n) => [`K-${n}`, 'chat', 'kakao', `2026-04-0${n} 10:00`, `서버 실행 중에 가져오려던 문의 ${n}`, `KU-${n}`]);

describe('embedded data-folder lock', () => {
  it('refuses other commands (exit 75) while sori serve runs, and the data survives', { timeout: SLOW }, async () => {
    writeFileSync(sb.file('first.csv'), toCsv(HEADER, FIRST));
    writeFileSync(sb.file('second.csv'), toCsv(HEADER, SECOND));
    const first = await sb.run(['import', 'first.csv']);
    expect(first.code, describeRun(first)).toBe(0);
    expect(first.stdout).toContain('accepted 5 (new 5');
    // Tokens are made while the folder is free (or on the web page's settings while it runs).
    const tokenOf = async (scopes: string) => {
      const made = await sb.run(['tokens', 'create', '--name', `cli ${scopes}`, '--scopes', scopes]);
      expect(made.code, describeRun(made)).toBe(0);
      return made.stdout.trim();
    };
    const ingestRead = await tokenOf('ingest,read');
    const ingestOnly = await tokenOf('ingest');

    const port = await freePort();
    server = sb.start(['serve'], {
      PORT: String(port),
      HOST: '127.0.0.1',
      SORI_ADMIN_EMAIL: 'admin@example.com',
      SORI_ADMIN_PASSWORD: 'change-me-now!',
    });
    const health = await waitForHealth(`http://127.0.0.1:${port}/healthz`, server, 90_000);
    expect(health).toMatchObject({ ok: true, database: 'pglite' });
    const lock = JSON.parse(readFileSync(path.join(sb.dataDir, 'sori.lock'), 'utf8'));
    expect(lock).toMatchObject({ pid: server.pid, command: 'serve', port });

    const blocked = await sb.run(['import', 'second.csv']);
    expect(blocked.code, describeRun(blocked)).toBe(75);
    expect(blocked.stderr).toContain('data_dir_locked');
    expect(blocked.stderr).toContain('"sori serve"');
    expect(blocked.stderr).toContain(`pid ${server.pid}`);
    expect(blocked.stderr).toContain(`:${port}`);
    expect(blocked.stderr).toContain('is in use by');
    expect(blocked.stderr).not.toContain('사용 중입니다'); // SORI_LANG=en: the English half only
    expect(blocked.stderr).toContain('set SORI_TOKEN to an API token with the ingest scope');
    // Stopped before reading the file: no rejects file, nothing half-done.
    expect(existsSync(sb.file('second.csv.rejects.csv'))).toBe(false);

    // With a token the same command goes through the server: the same summary, the rejects file fetched.
    const bad = [['K-8', 'chat', 'kakao', '2026-13-01 10:00', '날짜가 틀린 문의', 'KU-8']];
    writeFileSync(sb.file('second.csv'), toCsv(HEADER, [...SECOND, ...bad]));
    const through = await sb.run(['import', 'second.csv'], { SORI_TOKEN: ingestRead });
    expect(through.code, describeRun(through)).toBe(0);
    expect(through.stderr).toContain(`importing through the running server at http://127.0.0.1:${port}`);
    expect(through.stdout).toContain('second.csv: 3 rows · accepted 2 (new 2, updated 0, unchanged 0) · rejected 1');
    expect(through.stdout).toContain('item id column: external_id');
    expect(through.stdout).toContain('row 4 [created_at]');
    expect(through.stdout).toContain('all rejected rows: second.csv.rejects.csv');
    const rejects = readFileSync(sb.file('second.csv.rejects.csv'), 'utf8');
    expect(rejects).toContain('"reject_row","reject_field","reject_reason","external_id"');
    expect(rejects).toContain('날짜가 틀린 문의');

    // A token without the read scope imports too; its rejects are left on the import page.
    writeFileSync(sb.file('third.csv'), toCsv(HEADER, bad));
    const ingestOnlyRun = await sb.run(['import', 'third.csv'], { SORI_TOKEN: ingestOnly });
    expect(ingestOnlyRun.code, describeRun(ingestOnlyRun)).toBe(1); // no row accepted
    expect(ingestOnlyRun.stdout).toContain('download all rejected rows from recent imports on the import page');
    expect(existsSync(sb.file('third.csv.rejects.csv'))).toBe(false);

    // Business numbers go the same way (POST /imports/metrics), their refused rows written beside the file.
    writeFileSync(sb.file('metrics.csv'), '날짜,주문수\n2026-04-01,120\n2026-04-02,많음\n');
    const metrics = await sb.run(['import', 'metrics.csv', '--metrics'], { SORI_TOKEN: ingestRead });
    expect(metrics.code, describeRun(metrics)).toBe(0);
    expect(metrics.stderr).toContain('importing through the running server');
    expect(metrics.stdout).toContain('1 metric values stored (orders · 2026-04-01~2026-04-01), 1 rejected');
    expect(readFileSync(sb.file('metrics.csv.rejects.csv'), 'utf8')).toMatch(/^\uFEFFrow,reason,column\r\n3,주문수: [^\r]*,주문수\r\n/);

    // A wrong token is the server's clear refusal, and nothing is stored.
    const wrong = await sb.run(['import', 'second.csv'], { SORI_TOKEN: 'sori_pat_not-a-real-token' });
    expect(wrong.code, describeRun(wrong)).toBe(1);
    expect(wrong.stderr).toContain('[invalid_token]');

    for (const args of [['export', '--out', '-'], ['users', 'list'], ['backup', 'b.jsonl.gz']]) {
      const r = await sb.run(args);
      expect(r.code, `${args.join(' ')}: ${describeRun(r)}`).toBe(75);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(sb.file('b.jsonl.gz'))).toBe(false);

    // The refused commands did not disturb the server or its lock.
    expect(await waitForHealth(`http://127.0.0.1:${port}/healthz`, server, 10_000)).toMatchObject({ ok: true });
    expect(JSON.parse(readFileSync(path.join(sb.dataDir, 'sori.lock'), 'utf8')).pid).toBe(server.pid);

    server.kill('SIGTERM');
    const stopped = await waitForExit(server);
    expect(stopped.code, describeRun(stopped)).toBe(0);
    expect(existsSync(path.join(sb.dataDir, 'sori.lock'))).toBe(false);

    const after = await sb.run(['export', '--format', 'jsonl', '--out', '-']);
    expect(after.code, describeRun(after)).toBe(0);
    const items = parseJsonl(after.stdout);
    expect(items.map((i) => i.external_id).sort()).toEqual(['K-1', 'K-2', 'K-3', 'K-4', 'K-5', 'K-6', 'K-7']);
    expect(items.find((i) => i.external_id === 'K-3')!.text).toBe(FIRST[2][4]);
    expect(items.find((i) => i.external_id === 'K-6')!.text).toBe(SECOND[0][4]);

    // And the command works on the folder itself now: what went through the server is there, unchanged.
    const retry = await sb.run(['import', 'second.csv']);
    expect(retry.code, describeRun(retry)).toBe(0);
    expect(retry.stdout).toContain('accepted 2 (new 0, updated 0, unchanged 2)');
  });
});
