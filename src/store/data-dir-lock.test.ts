import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SoriError } from '../domain/errors.js';
import { lockDataDir } from './data-dir-lock.js';

describe('embedded data-folder lock', () => {
  it('lets one process in and stops a second with a clear, bilingual message', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sori-lock-'));
    // A real second process holds the lock.
    const holder = spawn(process.execPath, ['-e', `
      const fs = require('fs');
      fs.writeFileSync(${JSON.stringify(path.join(dir, 'sori.lock'))}, JSON.stringify({ pid: process.pid, command: 'serve', port: 8080, startedAt: new Date().toISOString() }), { flag: 'wx' });
      console.log('locked');
      setInterval(() => {}, 1000);`]);
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    try {
      let error: unknown;
      try {
        lockDataDir(dir, { command: 'import' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SoriError);
      expect((error as SoriError).code).toBe('data_dir_locked');
      expect((error as SoriError).message).toContain('sori serve');
      expect((error as SoriError).message).toContain('사용 중');
    } finally {
      holder.kill();
      await new Promise((r) => holder.once('exit', r));
    }
    // The holder died without cleaning up: its lock is stale and taken over.
    const release = lockDataDir(dir, { command: 'import' });
    expect(existsSync(path.join(dir, 'sori.lock'))).toBe(true);
    release();
    expect(existsSync(path.join(dir, 'sori.lock'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts a lock from another container (PID namespace) as held while it is touched, and takes it over when abandoned', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sori-lock-'));
    const lockPath = path.join(dir, 'sori.lock');
    // Pid 1 of another container: alive here (our own pid 1), meaningless there.
    const foreign = { pid: process.pid, command: 'serve', port: 8080, startedAt: new Date().toISOString(), nonce: 'other', host: hostname(), pidNs: 'pid:[1]' };
    writeFileSync(lockPath, JSON.stringify(foreign));
    expect(() => lockDataDir(dir, { command: 'import' })).toThrow(/sori serve/);
    expect(JSON.parse(readFileSync(lockPath, 'utf8')).nonce).toBe('other'); // left in place
    // Untouched for 3 minutes: abandoned.
    const old = new Date(Date.now() - 180_000);
    utimesSync(lockPath, old, old);
    const release = lockDataDir(dir, { command: 'import' });
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ command: 'import', pid: process.pid });
    release();
    expect(existsSync(lockPath)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts a lock file still being written as held, and never releases a lock that is not its own', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sori-lock-'));
    const lockPath = path.join(dir, 'sori.lock');
    writeFileSync(lockPath, ''); // created with 'wx', not yet filled in
    expect(() => lockDataDir(dir, { command: 'import' })).toThrow(/잠그는 중/);
    unlinkSync(lockPath);
    const release = lockDataDir(dir, { command: 'import' });
    // Another process with the same pid (another container) took the folder meanwhile: not ours to remove.
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, command: 'serve', startedAt: '', nonce: 'theirs' }));
    release();
    expect(existsSync(lockPath)).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets only one of many processes take over an abandoned lock at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sori-lock-'));
    const lockPath = path.join(dir, 'sori.lock');
    const dead = JSON.stringify({ pid: 2 ** 22 + 17, command: 'serve', startedAt: 'x', nonce: 'dead' });
    const script = `
      import { lockDataDir } from ${JSON.stringify(new URL('./data-dir-lock.ts', import.meta.url).pathname)};
      const go = Number(process.argv[1]);
      while (Date.now() < go) {}
      try { lockDataDir(${JSON.stringify(dir)}, { command: 'import' }); console.log('held'); setTimeout(() => {}, 1500); }
      catch { console.log('refused'); }`;
    for (let round = 0; round < 4; round++) {
      writeFileSync(lockPath, dead);
      const go = Date.now() + 1500;
      const runs = Array.from({ length: 6 }, () =>
        new Promise<string>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, String(go)]);
          let out = '';
          child.stdout.on('data', (d) => (out += d));
          child.once('exit', () => resolve(out.trim()));
        }),
      );
      const results = await Promise.all(runs);
      expect(results.filter((r) => r === 'held'), results.join()).toHaveLength(1);
      rmSync(lockPath, { force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('takes over a lock file left by a dead process', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sori-lock-'));
    writeFileSync(path.join(dir, 'sori.lock'), JSON.stringify({ pid: 2 ** 22 + 17, command: 'serve', startedAt: '' }));
    const release = lockDataDir(dir, { command: 'serve' });
    release();
    rmSync(dir, { recursive: true, force: true });
  });
});
