import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readlinkSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { SoriError } from '../domain/errors.js';

export interface LockInfo {
  pid: number;
  command: string;
  port?: number;
  /** Where a server holding the folder answers on this host (its bound address, 0.0.0.0 and :: as loopback); set once it listens. */
  address?: string;
  startedAt: string;
  /** Random per holder: a pid can repeat across containers (each has its pid 1). */
  nonce?: string;
  /** Where `pid` means something: the host and its PID namespace (`pid:[4026531836]`). */
  host?: string;
  pidNs?: string;
  /**
   * When `pid` started (Linux: /proc/PID/stat field 22, clock ticks since boot) and in which boot
   * (/proc/sys/kernel/random/boot_id): a live process under that pid that started at another time
   * is some other program that was given the pid after the holder died.
   */
  pidStart?: string;
  bootId?: string;
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

/** This kernel's boot, read once; undefined off Linux (start times are then not compared). */
const OWN_BOOT_ID: string | undefined = (() => {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
})();

/**
 * When a process started, in clock ticks since boot (/proc/PID/stat field 22); undefined without
 * /proc or when it cannot be read (gone, or hidden by hidepid). The name (field 2) may hold spaces
 * and parentheses, so the fields are counted from its last ')'.
 */
export function processStartTicks(pid: number | 'self'): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return ticks && /^\d+$/.test(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/** Held locks of this process by lock file path, so a server can add the address it listens on (`recordServerAddress`). */
const HELD = new Map<string, LockInfo>();

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
 *
 * A pid is reused once its process has ended: the lock records when its holder started (Linux), so
 * a live process under that pid that started at another time in the same boot is not the holder.
 * A lock from an earlier boot of this host is held only while its pid lives and it was touched in
 * the last 2 minutes. Without /proc the pid alone decides.
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
    pidStart: processStartTicks('self'),
    bootId: OWN_BOOT_ID,
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
  HELD.set(lockPath, me);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    if (HELD.get(lockPath)?.nonce === me.nonce) HELD.delete(lockPath);
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

/**
 * Adds where a server holding the data folder answers (the port it was given may be 0, any free
 * one, and its address one `sori import` cannot use as given, 0.0.0.0), so `sori import` can send a
 * file through it. The lock file is replaced whole (written aside, renamed over it), so a reader
 * never sees it half-written; only a lock this process still holds is touched.
 */
export function recordServerAddress(dataDir: string, where: { port: number; address: string }): void {
  const lockPath = path.join(dataDir, 'sori.lock');
  const me = HELD.get(lockPath);
  if (!me) return;
  const current = readLock(lockPath);
  if (typeof current !== 'object' || current.nonce !== me.nonce) return;
  const updated: LockInfo = { ...me, port: where.port, address: where.address };
  const aside = `${lockPath}.${me.nonce}`;
  writeFileSync(aside, JSON.stringify(updated), { mode: 0o600 });
  try {
    renameSync(aside, lockPath);
  } catch (error) {
    unlinkSync(aside);
    throw error;
  }
  HELD.set(lockPath, updated);
}

/** Whether a lock read from the file is still its holder's. */
function held(holder: LockInfo & { mtimeMs: number }): boolean {
  const sameHost = holder.host === undefined || holder.host === hostname();
  const samePidSpace = sameHost && (holder.pidNs === undefined || OWN_PID_NS === undefined || holder.pidNs === OWN_PID_NS);
  const touched = Date.now() - holder.mtimeMs < FOREIGN_STALE_MS;
  if (samePidSpace) {
    // Our own pid in the file: a process before us that had it (pids are reused) — not alive.
    if (holder.pid === process.pid || !processAlive(holder.pid)) return false;
    if (holder.bootId === undefined || OWN_BOOT_ID === undefined) return true;
    // Written in an earlier boot: its start time means nothing now, and a live pid is likely another
    // program's; still, a folder shared by two machines of one name is not taken while touched.
    if (holder.bootId !== OWN_BOOT_ID) return touched;
    // The same boot: a process under that pid that started at another time is not the holder.
    const start = processStartTicks(holder.pid);
    return holder.pidStart === undefined || start === undefined || start === holder.pidStart;
  }
  // Another container or host: its pid means nothing here; its heartbeat does.
  return touched;
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
  const elsewhere = holder.host && holder.host !== hostname() ? holder.host : null;
  // A server on another machine is not at this one's localhost: the message names that machine.
  const address = holder.address ?? 'localhost';
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${holder.port}`;
  const where = !holder.port ? ['', ''] : elsewhere ? [` (port ${holder.port} on ${elsewhere})`, ` (${elsewhere}의 포트 ${holder.port})`] : [` (${url})`, ` (${url})`];
  return new SoriError(
    'data_dir_locked',
    `The data folder ${dataDir} is in use by "sori ${holder.command}" (pid ${holder.pid}${elsewhere ? ` on ${elsewhere}` : ''})${where[0]}. ` +
      `Stop it first, or use the running server's API or web page.\n` +
      `데이터 폴더 ${dataDir}를 다른 Sori 프로세스("sori ${holder.command}", pid ${holder.pid}${elsewhere ? `, ${elsewhere}` : ''})${where[1]}가 사용 중입니다. ` +
      `먼저 종료하거나 실행 중인 서버의 API·웹 화면을 이용하세요.`,
    { pid: holder.pid, command: holder.command, port: holder.port, address: holder.address, host: holder.host },
  );
}
