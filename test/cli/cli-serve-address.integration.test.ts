// `sori import` finds a running `sori serve` through the data-folder lock, which must name where
// the server really listens: the port it was given (PORT=0: any free one) and the address (--host,
// a wildcard reached on loopback) — not the CLI's own PORT and HOST.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, makeSandbox, toCsv, waitForExit, type Sandbox, type startSori } from './run-sori.js';

const SLOW = 180_000;

let sb: Sandbox;
let server: ReturnType<typeof startSori> | null = null;

beforeAll(() => {
  sb = makeSandbox('serve-address', 'en');
});

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await waitForExit(server);
  }
  sb?.remove();
});

const HEADER = ['external_id', 'channel', 'created_at', 'text'];

/** Whether this machine answers on 127.0.0.2 (Linux does, on its whole 127/8; macOS does not by default). */
function canListenOn(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, host, () => probe.close(() => resolve(true)));
  });
}

/** Waits until the server has written where it listens into the lock; returns the lock. */
async function listeningLock(child: ReturnType<typeof startSori>): Promise<{ pid: number; port: number; address: string }> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sori serve exited early\n${child.output.stderr}`);
    if (child.output.stderr.includes('Sori is running at')) return JSON.parse(readFileSync(path.join(sb.dataDir, 'sori.lock'), 'utf8'));
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`sori serve did not start\n${child.output.stderr}`);
}

async function stopServer(): Promise<void> {
  server!.kill('SIGTERM');
  const stopped = await waitForExit(server!);
  expect(stopped.code, describeRun(stopped)).toBe(0);
}

describe('sori import through a server started with PORT=0 or --host', () => {
  it('uploads to the port and address the server bound, read from the lock', { timeout: SLOW }, async () => {
    const made = await sb.run(['tokens', 'create', '--name', 'cli', '--scopes', 'ingest,read']);
    expect(made.code, describeRun(made)).toBe(0);
    const token = made.stdout.trim();

    // PORT=0 on every address: the lock names the free port it got, reached on loopback.
    server = sb.start(['serve'], { PORT: '0', HOST: '0.0.0.0' });
    const lock = await listeningLock(server);
    expect(lock.pid).toBe(server.pid);
    expect(lock.port).toBeGreaterThan(0);
    expect(lock.address).toBe('127.0.0.1');
    expect(server.output.stderr).toContain(`:${lock.port}`);
    writeFileSync(sb.file('a.csv'), toCsv(HEADER, [['P-1', 'chat', '2026-04-01 10:00', 'PORT=0 서버로 보낸 문의']]));
    // The CLI's own PORT (8080, the default) and HOST say nothing about the server.
    const through = await sb.run(['import', 'a.csv'], { SORI_TOKEN: token });
    expect(through.code, describeRun(through)).toBe(0);
    expect(through.stderr).toContain(`importing through the running server at http://127.0.0.1:${lock.port}`);
    expect(through.stdout).toContain('accepted 1 (new 1');
    await stopServer();

    if (!(await canListenOn('127.0.0.2'))) return;
    // --host: the CLI (HOST 127.0.0.1 by default) goes to the server's address, not its own.
    server = sb.start(['serve', '--host', '127.0.0.2'], { PORT: '0' });
    const hosted = await listeningLock(server);
    expect(hosted).toMatchObject({ pid: server.pid, address: '127.0.0.2' });
    writeFileSync(sb.file('b.csv'), toCsv(HEADER, [['P-2', 'email', '2026-04-02 10:00', '--host 서버로 보낸 문의']]));
    const hostedRun = await sb.run(['import', 'b.csv'], { SORI_TOKEN: token });
    expect(hostedRun.code, describeRun(hostedRun)).toBe(0);
    expect(hostedRun.stderr).toContain(`importing through the running server at http://127.0.0.2:${hosted.port}`);
    expect(hostedRun.stdout).toContain('accepted 1 (new 1');
    // Without a token, the refusal names where the server is.
    const blocked = await sb.run(['export', '--out', '-']);
    expect(blocked.code, describeRun(blocked)).toBe(75);
    expect(blocked.stderr).toContain(`(http://127.0.0.2:${hosted.port})`);
    await stopServer();
  });
});
