import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `sori serve` on a fresh embedded database in a child process, for benchmarks that load it from
 * this process over loopback: it resolves once `/healthz` answers, with an API token of `scopes`
 * made through the API (as an admin signed in), and `stop()` ends it and removes its data.
 */
export async function startSoriServer(opts: { port: number; scopes: string[]; name: string }): Promise<{
  base: string;
  child: ChildProcess;
  token: string;
  stop: () => Promise<void>;
}> {
  const base = `http://127.0.0.1:${opts.port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `sori-${opts.name}-`));
  const email = 'bench@sori.test';
  const password = 'load-test-2026!';
  const child = spawn(process.execPath, ['bin/sori.js', 'serve'], {
    env: { ...process.env, SORI_DATA_DIR: dataDir, PORT: String(opts.port), SORI_ADMIN_EMAIL: email, SORI_ADMIN_PASSWORD: password, SORI_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUp(base);
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const made = await fetch(`${base}/api/v1/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: JSON.stringify({ name: opts.name, scopes: opts.scopes }) });
    return { base, child, token: ((await made.json()) as { secret: string }).secret, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitUp(base: string): Promise<void> {
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
