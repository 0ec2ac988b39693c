// The embedded database's own thread. PGlite is PostgreSQL compiled to WebAssembly and runs every
// statement on the thread that calls it; here that is this worker, so the main thread keeps
// parsing, preparing and answering HTTP while a statement runs (src/store/db.ts `pgliteThreadDb`
// is the other end). Plain JavaScript: no loader is needed to start it.
//
// Messages in:  { id, op: 'open' | 'query' | 'exec' | 'copy' | 'begin' | 'commit' | 'rollback' | 'close',
//                 tx?, sql?, params?, data?, dataDir? }
// Messages out: { id, rows? } or { id, error: { message, ...the PostgreSQL error's fields } }
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

let pg = null;
/** Open transactions by id: the PGlite transaction and how to end it. */
const open = new Map();

/** The fields of a PostgreSQL error the callers read (code 23505, 40P01 …), as plain data. */
function plainError(error) {
  const out = { message: error instanceof Error ? error.message : String(error) };
  if (error && typeof error === 'object') {
    for (const key of ['code', 'detail', 'hint', 'schema', 'table', 'column', 'constraint', 'severity', 'position', 'where']) {
      if (error[key] !== undefined && error[key] !== null) out[key] = String(error[key]);
    }
  }
  return out;
}

async function connection(tx) {
  if (tx === undefined) return pg;
  const entry = open.get(tx);
  if (!entry) throw new Error(`no open transaction ${tx}`);
  return entry.tx;
}

async function handle(msg) {
  switch (msg.op) {
    case 'open':
      pg = await PGlite.create({ dataDir: msg.dataDir, extensions: { pg_trgm } });
      return undefined;
    case 'query':
      return (await (await connection(msg.tx)).query(msg.sql, msg.params ?? [])).rows;
    case 'exec':
      await (await connection(msg.tx)).exec(msg.sql);
      return undefined;
    case 'copy':
      await (await connection(msg.tx)).query(`COPY ${msg.sql} FROM '/dev/blob'`, [], { blob: new Blob([msg.data]) });
      return undefined;
    case 'begin': {
      // PGlite commits when the callback's promise resolves and rolls back when it rejects; the
      // callback waits here until the main thread says which.
      const entry = { tx: null, commit: null, rollback: null, done: null };
      let started;
      const ready = new Promise((resolve) => (started = resolve));
      entry.done = pg.transaction(
        (tx) =>
          new Promise((commit, rollback) => {
            Object.assign(entry, { tx, commit, rollback });
            open.set(msg.tx, entry);
            started();
          }),
      );
      await Promise.race([ready, entry.done]); // a BEGIN that failed rejects here
      return undefined;
    }
    case 'commit':
    case 'rollback': {
      const entry = open.get(msg.tx);
      if (!entry) throw new Error(`no open transaction ${msg.tx}`);
      open.delete(msg.tx);
      if (msg.op === 'commit') entry.commit(undefined);
      else entry.rollback(new RollbackRequested());
      try {
        await entry.done;
      } catch (error) {
        if (!(error instanceof RollbackRequested)) throw error;
      }
      return undefined;
    }
    case 'close':
      await pg?.close();
      pg = null;
      return undefined;
    default:
      throw new Error(`unknown op ${msg.op}`);
  }
}

class RollbackRequested extends Error {}

parentPort.on('message', (msg) => {
  handle(msg).then(
    (rows) => parentPort.postMessage({ id: msg.id, rows }),
    (error) => parentPort.postMessage({ id: msg.id, error: plainError(error) }),
  );
});
