import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processAlive } from '../store/data-dir-lock.js';

/**
 * The server's temporary folders (an upload being received and imported, a backup being sent)
 * carry the process id in their name, `sori-upload-<pid>-XXXXXX`, so that a server killed in the
 * middle of one leaves something the next start can recognise as abandoned and remove.
 */
export type TempKind = 'upload' | 'backup';

const NAME = /^sori-(upload|backup)-(?:(\d+)-)?[A-Za-z0-9]{6}$/;
/** A folder of the older naming (no process id) is taken for abandoned after this long. */
const UNOWNED_AFTER_MS = 24 * 60 * 60 * 1000;

/** Folders this process made: a folder with this process's id and not in here is a previous process's (ids repeat, e.g. in a container). */
const made = new Set<string>();

export async function makeTempDir(kind: TempKind, base: string = tmpdir()): Promise<string> {
  const dir = await mkdtemp(path.join(base, `sori-${kind}-${process.pid}-`));
  made.add(dir);
  return dir;
}

/** Removes a folder makeTempDir made (an upload or backup is done with it). */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  made.delete(dir);
}


/**
 * Removes the temporary folders of Sori processes that no longer run (and folders of the older
 * naming a day old); a folder of a running server (this one or another on the same machine) is
 * left alone. A folder named with this process's id that this process did not make is a previous
 * process's: a restarted container often gets the same id. Returns the folders removed. Called at the server's start.
 */
export async function sweepTempDirs(base: string = tmpdir(), now: number = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(base);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const full = path.join(base, name);
    try {
      if (m[2] !== undefined) {
        const pid = Number(m[2]);
        if (pid === process.pid ? made.has(full) : processAlive(pid)) continue;
      } else {
        const info = await stat(full);
        if (!info.isDirectory() || now - info.mtimeMs < UNOWNED_AFTER_MS) continue;
      }
      await rm(full, { recursive: true, force: true });
      removed.push(full);
    } catch {
      // Another process's folder we may not read or remove: not ours to insist on.
    }
  }
  return removed;
}
