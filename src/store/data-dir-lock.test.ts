import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  it('takes over a lock file left by a dead process', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sori-lock-'));
    writeFileSync(path.join(dir, 'sori.lock'), JSON.stringify({ pid: 2 ** 22 + 17, command: 'serve', startedAt: '' }));
    const release = lockDataDir(dir, { command: 'serve' });
    release();
    rmSync(dir, { recursive: true, force: true });
  });
});
