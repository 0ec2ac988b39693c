import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SoriError } from '../domain/errors.js';
import { lockDataDir, processStartTicks, recordServerAddress } from './data-dir-lock.js';

/** The message lockDataDir refuses with (throws when it takes the lock instead). */
function refusal(dir: string): SoriError {
  try {
    lockDataDir(dir, { command: 'import' })();
  } catch (error) {
    return error as SoriError;
  }
  throw new Error('the lock was taken');
}

const LINUX_PROC = existsSync('/proc/self/stat') && existsSync('/proc/sys/kernel/random/boot_id');

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

  it.skipIf(!LINUX_PROC)('takes over a lock whose pid now belongs to another program (it started at another time)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sori-lock-'));
    const lockPath = path.join(dir, 'sori.lock');
    // A live, unrelated process that was given the dead holder's pid.
    const other = spawn('sleep', ['30']);
    await new Promise((r) => other.once('spawn', r));
    try {
      const pid = other.pid!;
      const start = processStartTicks(pid)!;
      expect(start).toMatch(/^\d+$/);
      const ours = { pid, command: 'serve', port: 8080, startedAt: new Date().toISOString(), host: hostname() };
      const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      const pidNs = readlinkSync('/proc/self/ns/pid');
      // Written by the holder itself: its own start time, so the live process is the holder.
      writeFileSync(lockPath, JSON.stringify({ ...ours, nonce: 'same', pidNs, bootId, pidStart: start }));
      expect(refusal(dir).code).toBe('data_dir_locked');
      // A lock from before start times were recorded (or without /proc): a live pid holds it, as before.
      writeFileSync(lockPath, JSON.stringify({ ...ours, nonce: 'old', pidNs }));
      expect(refusal(dir).message).toContain(`pid ${pid}`);
      // The holder started at another time: the pid is another program's now, the lock abandoned.
      writeFileSync(lockPath, JSON.stringify({ ...ours, nonce: 'reused', pidNs, bootId, pidStart: String(Number(start) - 1) }));
      const release = lockDataDir(dir, { command: 'import' });
      const mine = JSON.parse(readFileSync(lockPath, 'utf8'));
      expect(mine).toMatchObject({ command: 'import', pid: process.pid, bootId, pidStart: processStartTicks('self') });
      release();
      expect(existsSync(lockPath)).toBe(false);
      // Written in an earlier boot: held only while touched (two machines of one name may share the folder).
      writeFileSync(lockPath, JSON.stringify({ ...ours, nonce: 'earlier boot', pidNs, bootId: 'another-boot', pidStart: start }));
      expect(refusal(dir).code).toBe('data_dir_locked');
      const old = new Date(Date.now() - 180_000);
      utimesSync(lockPath, old, old);
      lockDataDir(dir, { command: 'import' })();
      expect(existsSync(lockPath)).toBe(false);
    } finally {
      other.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records where a server listens once it does, and names the other machine that holds a folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sori-lock-'));
    const lockPath = path.join(dir, 'sori.lock');
    const release = lockDataDir(dir, { command: 'serve', port: 0 });
    const before = JSON.parse(readFileSync(lockPath, 'utf8'));
    recordServerAddress(dir, { port: 43117, address: '127.0.0.2' });
    const after = JSON.parse(readFileSync(lockPath, 'utf8'));
    // The same holder (nonce), now with the bound port and address.
    expect(after).toEqual({ ...before, port: 43117, address: '127.0.0.2' });
    release();
    expect(existsSync(lockPath)).toBe(false);
    // Released: nothing is written any more.
    recordServerAddress(dir, { port: 1, address: '127.0.0.1' });
    expect(existsSync(lockPath)).toBe(false);

    // A holder's server on this machine: its address; on another: that machine, never this one's localhost.
    const here = { pid: process.ppid, command: 'serve', port: 43117, address: '::1', startedAt: new Date().toISOString(), nonce: 'here', host: hostname() };
    writeFileSync(lockPath, JSON.stringify(here));
    const local = refusal(dir);
    expect(local.message).toContain('(http://[::1]:43117)');
    expect(local.detail).toMatchObject({ port: 43117, address: '::1' });
    writeFileSync(lockPath, JSON.stringify({ ...here, host: 'voc-box-2', pidNs: 'pid:[1]', address: '127.0.0.1' }));
    const remote = refusal(dir).message;
    expect(remote).not.toContain('localhost');
    expect(remote).not.toContain('http://');
    expect(remote).toContain('(pid ' + process.ppid + ' on voc-box-2) (port 43117 on voc-box-2)');
    expect(remote).toContain('voc-box-2의 포트 43117');
    rmSync(dir, { recursive: true, force: true });
  });
});
