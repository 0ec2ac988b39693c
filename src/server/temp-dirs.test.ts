import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, sweepTempDirs } from './temp-dirs.js';

describe('temporary folders of the server', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'sori-sweep-test-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  /** The id of a process that has exited (a child that ran and was reaped). */
  function deadPid(): number {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    return Number(child.stdout);
  }

  it('removes the folders of a process that no longer runs and keeps those of running ones', async () => {
    const mine = await makeTempDir('upload', base);
    expect(path.basename(mine)).toMatch(new RegExp(`^sori-upload-${process.pid}-`));
    await writeFile(path.join(mine, '문의 내역.csv'), 'text\n안녕하세요\n');
    const gone = deadPid();
    const abandonedUpload = path.join(base, `sori-upload-${gone}-a1B2c3`);
    const abandonedBackup = path.join(base, `sori-backup-${gone}-Zz9Yy8`);
    await mkdir(abandonedUpload);
    await writeFile(path.join(abandonedUpload, 'big.csv'), 'x'.repeat(1000));
    await mkdir(abandonedBackup);
    // This process's id on a folder it did not make: a previous process's (a restarted container reuses ids).
    const samePidBefore = path.join(base, `sori-upload-${process.pid}-R3st4r`);
    await mkdir(samePidBefore);
    // The parent of this test runner runs: its folder is another live server's.
    const otherLive = path.join(base, `sori-upload-${process.ppid}-Q1w2E3`);
    await mkdir(otherLive);
    // Older naming without a process id: removed only when a day old.
    const oldUnowned = path.join(base, 'sori-upload-AbCdEf');
    const newUnowned = path.join(base, 'sori-upload-GhIjKl');
    await mkdir(oldUnowned);
    await mkdir(newUnowned);
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(oldUnowned, twoDaysAgo, twoDaysAgo);
    // Not ours at all, whatever its age.
    const stranger = path.join(base, 'sori-uploads-other');
    await mkdir(stranger);
    await utimes(stranger, twoDaysAgo, twoDaysAgo);

    const removed = await sweepTempDirs(base);
    expect(removed.sort()).toEqual([abandonedBackup, abandonedUpload, oldUnowned, samePidBefore].sort());
    for (const kept of [mine, otherLive, newUnowned, stranger]) expect(existsSync(kept), kept).toBe(true);
    for (const dir of removed) expect(existsSync(dir), dir).toBe(false);
    expect(await sweepTempDirs(base)).toEqual([]);
    // Once this process is done with its folder, it is gone and forgotten.
    await removeTempDir(mine);
    expect(existsSync(mine)).toBe(false);
  });

  it('a missing base folder is nothing to sweep', async () => {
    expect(await sweepTempDirs(path.join(base, 'nope'))).toEqual([]);
  });
});
