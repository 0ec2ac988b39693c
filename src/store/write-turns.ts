import type { Db } from './db.js';

/**
 * Turns for writes made of several statements, on the embedded database. PGlite runs one
 * transaction or statement at a time, first come first served; a write of an API call is two
 * statements (which rows are new, then the upsert), and while a large import runs its next batch's
 * transaction is always queued before the call's second statement — so each API call waited two
 * or more batches, calls piled up faster than they were stored, and single-item writes took
 * seconds during an import (p99 18 s at 50 requests/s, bench/upload.bench.ts --load 50). Taking a
 * turn here for the whole write, as each import batch does for its transaction, keeps them apart:
 * a call waits for at most the batch being stored.
 * A PostgreSQL server runs them side by side on connections of their own: no turns there.
 * Never nest turns on one database (the inner one would wait for the outer).
 */
export async function inWriteTurn<T>(db: Db, write: () => Promise<T>): Promise<T> {
  if (db.kind !== 'pglite') return write();
  const before = turns.get(db) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  turns.set(db, mine);
  await before;
  try {
    return await write();
  } finally {
    if (turns.get(db) === mine) turns.delete(db);
    done();
  }
}

const turns = new WeakMap<Db, Promise<void>>();
