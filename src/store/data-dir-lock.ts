import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readlinkSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { SoriError } from '../domain/errors.js';

export interface LockInfo {
  pid: number;
  command: string;
  port?: number;
  startedAt: string;
  /** Random per holder: a pid can repeat across containers (each has its pid 1). */
  nonce?: string;
  /** Where `pid` means something: the host and its PID namespace (`pid:[4026531836]`). */
  host?: string;
  pidNs?: string;
}

/** How often a holder touches its lock, and how old a lock from another PID namespace must be to count as abandoned. */
const HEARTBEAT_MS = 10_000;
const FOREIGN_STALE_MS = 120_000;
/** A lock file being written (created, not yet filled) is someone's for this long. */
const FRESH_MS = 10_000;

/** Whether a process of this id runs on this host (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This process's PID namespace (`pid:[4026531836]`), read once; undefined off Linux (the pid is checked as on one host). */
const OWN_PID_NS: string | undefined = (() => {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
})();

/**
 * Takes the exclusive lock on an embedded data folder. PGlite is single-process: a second
 * process opening the same folder would corrupt it, so it must stop here with a clear message.
 *
 * A lock is held while its holder lives. Its pid is checked only where it means something: the
 * same host and PID namespace (`/proc/self/ns/pid`). A lock written from another container or
 * host sharing the folder counts as held while its holder keeps touching it (every 10 s); only
 * one untouched for 2 minutes is abandoned. A lock file still empty (its holder is writing it) is
 * held. Taking over an abandoned lock happens under a takeover mutex (`takeOver`): the lock is
 * read again there and removed only if it is still the abandoned one; then the process creates
 * its own, exclusively, like any other.
 */
export function lockDataDir(dataDir: string, info: Omit<LockInfo, 'pid' | 'startedAt'>): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'sori.lock');
  const me: LockInfo = {
    ...info,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    nonce: randomBytes(12).toString('base64url'),
    host: hostname(),
    pidNs: OWN_PID_NS,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return holdLock(lockPath, me);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLock(lockPath);
    if (holder === 'gone') continue;
    if (holder === 'unreadable' || held(holder)) throw lockedError(dataDir, holder === 'unreadable' ? null : holder);
    takeOver(lockPath, holder);
  }
  throw new SoriError('data_dir_locked', `could not lock ${dataDir} / 데이터 폴더를 잠글 수 없습니다`);
}

/** Keeps the lock fresh while held; the returned function releases it (only if it is still ours). */
function holdLock(lockPath: string, me: LockInfo): () => void {
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(lockPath, now, now);
    } catch {
      /* the folder went away; the release below copes */
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    const current = readLock(lockPath);
    if (typeof current === 'object' && current.nonce === me.nonce) {
      try {
        unlinkSync(lockPath);
      } catch {
        /* already gone */
      }
    }
  };
}

/** Whether a lock read from the file is still its holder's. */
function held(holder: LockInfo & { mtimeMs: number }): boolean {
  const sameHost = holder.host === undefined || holder.host === hostname();
  const samePidSpace = sameHost && (holder.pidNs === undefined || OWN_PID_NS === undefined || holder.pidNs === OWN_PID_NS);
  // Our own pid in the file: a process before us that had it (pids are reused) — not alive.
  if (samePidSpace) return holder.pid !== process.pid && processAlive(holder.pid);
  // Another container or host: its pid means nothing here; its heartbeat does.
  return Date.now() - holder.mtimeMs < FOREIGN_STALE_MS;
}

/** A takeover mutex older than this was left by a process that died in the middle of one (which takes milliseconds). */
const TAKEOVER_STALE_MS = 30_000;

/**
 * Removes an abandoned lock, under a takeover mutex (`sori.lock.takeover`, created exclusively):
 * the lock is read again under it and removed only if it is still the abandoned one that was read.
 * (Moving it aside without one let two holders through: a process could move away a lock another
 * had just created, and while it put it back a third created its own — found by CI, four processes
 * taking over at once.) A process that finds the mutex taken returns; its next attempt decides.
 */
function takeOver(lockPath: string, stale: LockInfo): void {
  const mutexPath = `${lockPath}.takeover`;
  try {
    closeSync(openSync(mutexPath, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(mutexPath).mtimeMs > TAKEOVER_STALE_MS) unlinkSync(mutexPath);
    } catch {
      /* gone meanwhile */
    }
    return;
  }
  try {
    const now = readLock(lockPath);
    const same = typeof now === 'object' && now.pid === stale.pid && now.startedAt === stale.startedAt && now.nonce === stale.nonce;
    if (same) unlinkSync(lockPath);
  } finally {
    try {
      unlinkSync(mutexPath);
    } catch {
      /* cleared as stale by another: it will not be, within milliseconds */
    }
  }
}

function readLock(lockPath: string): (LockInfo & { mtimeMs: number }) | 'gone' | 'unreadable' {
  let text: string;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(lockPath).mtimeMs;
    text = readFileSync(lockPath, 'utf8');
  } catch {
    return 'gone';
  }
  try {
    const info = JSON.parse(text) as LockInfo;
    if (typeof info?.pid === 'number') return { ...info, mtimeMs };
  } catch {
    /* being written, or damaged */
  }
  // Empty or half-written: its writer is filling it in. Damaged and old: abandoned.
  return Date.now() - mtimeMs < FRESH_MS ? 'unreadable' : { pid: -1, command: '?', startedAt: '', mtimeMs: 0, host: '?' };
}

function lockedError(dataDir: string, holder: LockInfo | null): SoriError {
  if (!holder) {
    return new SoriError(
      'data_dir_locked',
      `The data folder ${dataDir} is being locked by another Sori process right now. Try again in a moment.\n` +
        `데이터 폴더 ${dataDir}를 다른 Sori 프로세스가 막 잠그는 중입니다. 잠시 후 다시 시도하세요.`,
    );
  }
  const where = holder.port ? ` (http://localhost:${holder.port})` : '';
  const elsewhere = holder.host && holder.host !== hostname() ? ` on ${holder.host}` : '';
  return new SoriError(
    'data_dir_locked',
    `The data folder ${dataDir} is in use by "sori ${holder.command}" (pid ${holder.pid}${elsewhere})${where}. ` +
      `Stop it first, or use the running server's API or web page.\n` +
      `데이터 폴더 ${dataDir}를 다른 Sori 프로세스("sori ${holder.command}", pid ${holder.pid}${elsewhere ? `, ${holder.host}` : ''})${where}가 사용 중입니다. ` +
      `먼저 종료하거나 실행 중인 서버의 API·웹 화면을 이용하세요.`,
    { pid: holder.pid, command: holder.command, port: holder.port, host: holder.host },
  );
}
