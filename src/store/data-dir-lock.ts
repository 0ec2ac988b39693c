import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { SoriError } from '../domain/errors.js';

export interface LockInfo {
  pid: number;
  command: string;
  port?: number;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the exclusive lock on an embedded data folder. PGlite is single-process: a second
 * process opening the same folder would corrupt it, so it must stop here with a clear message.
 * A lock left by a dead process is taken over.
 */
export function lockDataDir(dataDir: string, info: Omit<LockInfo, 'pid' | 'startedAt'>): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'sori.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ ...info, pid: process.pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(readFileSync(lockPath, 'utf8')) as LockInfo;
          if (current.pid === process.pid) unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(lockPath);
      if (holder && alive(holder.pid) && holder.pid !== process.pid) {
        const where = holder.port ? ` (http://localhost:${holder.port})` : '';
        throw new SoriError(
          'data_dir_locked',
          `The data folder ${dataDir} is in use by "sori ${holder.command}" (pid ${holder.pid})${where}. ` +
            `Stop it first, or use the running server's API / web page.\n` +
            `데이터 폴더 ${dataDir}를 다른 Sori 프로세스("sori ${holder.command}", pid ${holder.pid})가 사용 중입니다. ` +
            `먼저 종료하거나 실행 중인 서버의 API·웹 화면을 이용하세요.`,
          { pid: holder.pid, command: holder.command, port: holder.port },
        );
      }
      // Stale lock from a process that died: remove it and try once more.
      try {
        unlinkSync(lockPath);
      } catch {
        /* raced with another process; the retry decides */
      }
    }
  }
  throw new SoriError('data_dir_locked', `could not lock ${dataDir} / 데이터 폴더를 잠글 수 없습니다`);
}

function readLock(lockPath: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(lockPath, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}
