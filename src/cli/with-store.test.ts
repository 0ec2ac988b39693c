import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = new URL('./main.ts', import.meta.url).pathname;
/** The child runs from the repository (tsx resolves from there); every path it is given is absolute. */
const REPO = new URL('../..', import.meta.url).pathname;

/**
 * Runs `sori import`, then `sori backup` and `sori restore` with Ctrl-C (a real SIGINT to the
 * process) arriving right after each has opened the store — the commands do not stop midway, so
 * they finish. In one process, through main(), so the signal lands while the work runs.
 */
function runWithCtrlC(dir: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const script = `
    import { main } from ${JSON.stringify(MAIN)};
    const dir = ${JSON.stringify(dir)};
    const say = (x) => process.stdout.write('RESULT ' + JSON.stringify(x) + '\\n');
    process.env.SORI_DATA_DIR = dir + '/data';
    if (await main(['import', dir + '/in.csv']) !== 0) process.exit(9);
    // Also keeps a SIGINT that came too late (after the command) from killing this process.
    let signalledAt = 0;
    process.on('SIGINT', () => (signalledAt ||= Date.now()));
    // Ctrl-C as soon as the command listens for it (withStore, the store open).
    const on = process.on.bind(process);
    let armed = false;
    process.on = (event, listener) => {
      const r = on(event, listener);
      if (event === 'SIGINT' && armed) {
        armed = false;
        setImmediate(() => process.kill(process.pid, 'SIGINT'));
      }
      return r;
    };
    for (const [name, args] of [['backup', ['backup', dir + '/bk.jsonl.gz']], ['restore', ['restore', dir + '/bk.jsonl.gz', '--as', 'copy']]]) {
      signalledAt = 0;
      armed = true;
      process.exitCode = undefined;
      const code = await main(args);
      say({ name, code, during: signalledAt > 0 && signalledAt <= Date.now() });
    }
    say({ name: 'list', code: await main(['workspaces', 'list']) });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, SORI_LANG: 'en', DATABASE_URL: '', SORI_LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.once('error', reject);
    child.once('close', (code) => resolve({ stdout, stderr, code }));
  });
}

describe('Ctrl-C during a command that does not stop midway', () => {
  it('reports the finished backup and restore as done (exit 0), not as stopped', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sori-ctrl-c-'));
    try {
      writeFileSync(path.join(dir, 'in.csv'), 'external_id,channel,created_at,text\nA-1,chat,2026-04-01 10:00,배송이 늦어요\nA-2,email,2026-04-02 11:00,환불해 주세요\n');
      const run = await runWithCtrlC(dir);
      const results = run.stdout
        .split('\n')
        .filter((l) => l.startsWith('RESULT '))
        .map((l) => JSON.parse(l.slice(7)) as { name: string; code: number; during?: boolean });
      const where = `exit ${run.code}\n${run.stdout}\n${run.stderr}`;
      expect(run.code, where).toBe(0);
      expect(results, where).toEqual([
        { name: 'backup', code: 0, during: true },
        { name: 'restore', code: 0, during: true },
        { name: 'list', code: 0 },
      ]);
      // Their normal output, and why they did not stop.
      expect(run.stdout).toContain('backup written:');
      expect(run.stdout).toContain('restored into workspace copy');
      expect(run.stdout).toMatch(/^copy\t/m);
      expect(run.stderr).not.toContain('stopped. Stored batches stay');
      expect(run.stderr.match(/asked to stop, but this work does not stop midway: it was completed/g)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
