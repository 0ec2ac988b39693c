import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';

export type Row = Record<string, unknown>;

/** The one database interface the rest of Sori sees: PGlite (embedded) or a PostgreSQL server. */
export interface Db {
  readonly kind: 'pglite' | 'postgres';
  /** Runs one parameterised statement and returns its rows. */
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction; nested calls reuse it. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** `COPY table (cols) FROM STDIN` with data in PostgreSQL text format. */
  copyFrom(table: string, columns: string[], data: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL URL; when absent the embedded database is used. */
  databaseUrl?: string;
  /** Embedded data folder; undefined means in memory (tests). */
  dataDir?: string;
  /** PostgreSQL schema to use (created if missing); default public. */
  schema?: string;
}

/** Opens PGlite or PostgreSQL. Does not migrate (see migrate.ts). */
export async function openDb(opts: OpenOptions): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.schema) : openPglite(opts.dataDir);
}

async function openPglite(dataDir?: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const pg = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  return pgliteDb(pg, pg);
}

function pgliteDb(root: PGlite, conn: PGlite | Transaction): Db {
  const inTx = conn !== root;
  const db: Db = {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      return (await conn.query<T>(sql, params)).rows;
    },
    async exec(sql) {
      await conn.exec(sql);
    },
    async transaction(fn) {
      if (inTx) return fn(db);
      return root.transaction((tx) => fn(pgliteDb(root, tx)));
    },
    async copyFrom(table, columns, data) {
      await conn.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
        blob: new Blob([data]),
      });
    },
    async close() {
      if (!inTx) await root.close();
    },
  };
  return db;
}

async function openPostgres(url: string, schema?: string): Promise<Db> {
  const pgModule = await import('pg');
  const pg = pgModule.default;
  // Dates stay Date, int8 stays string (we cast to int where we count), numeric as float.
  pg.types.setTypeParser(1700, (v) => Number(v));
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name: ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } catch (error) {
      // Two processes creating the same schema at once: the loser sees a duplicate; that is fine.
      if ((error as { code?: string }).code !== '23505') throw error;
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    options: schema ? `-c search_path=${schema},public` : undefined,
  });
  pool.on('error', () => {
    /* idle client errors surface on the next query */
  });
  return poolDb(pool);
}

function poolDb(pool: Pool): Db {
  const db: Db = {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(clientDb(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async copyFrom(table, columns, data) {
      await db.transaction((tx) => tx.copyFrom(table, columns, data));
    },
    async close() {
      await pool.end();
    },
  };
  return db;
}

function clientDb(client: PoolClient): Db {
  const db: Db = {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    async exec(sql) {
      await client.query(sql);
    },
    async transaction(fn) {
      return fn(db);
    },
    async copyFrom(table, columns, data) {
      const { from } = await import('pg-copy-streams');
      const stream = client.query(from(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      await new Promise<void>((resolve, reject) => {
        stream.on('error', reject);
        stream.on('finish', () => resolve());
        stream.end(data);
      });
    },
    async close() {
      /* the pool owns the client */
    },
  };
  return db;
}

/** Escapes one value for PostgreSQL COPY text format (\N is NULL). */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let s: string;
  if (value instanceof Date) s = value.toISOString();
  else if (Array.isArray(value)) s = `{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  else if (typeof value === 'object') s = JSON.stringify(value);
  else s = String(value);
  // Fast path: most values need no escaping.
  if (!/[\\\t\n\r]/.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
