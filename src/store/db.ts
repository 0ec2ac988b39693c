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

/**
 * PostgreSQL's reserved key words (`pg_get_keywords()` categories R and T, PostgreSQL 17): written
 * unquoted they are no schema name (`CREATE SCHEMA select` is a syntax error). config.test.ts checks
 * the list against the embedded database's own.
 */
const RESERVED_WORDS = new Set(
  ('all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column ' +
    'concurrently constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp ' +
    'current_user default deferrable desc distinct do else end except false fetch for foreign freeze from full grant group having ' +
    'ilike in initially inner intersect into is isnull join lateral leading left like limit localtime localtimestamp natural not ' +
    'notnull null offset on only or order outer overlaps placing primary references returning right select session_user similar ' +
    'some symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when where window with').split(' '),
);

/**
 * Why a name cannot be Sori's PostgreSQL schema ("English / 한국어"), or null. The name is written
 * into SQL and the connection's search_path unquoted, so it must be a plain lower-case identifier
 * (at most 63 bytes, PostgreSQL's limit, past which it would be cut), not a reserved word, and not
 * in pg_ (PostgreSQL keeps those names for its own schemas).
 */
export function schemaNameProblem(name: string): string | null {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    return `must be a plain lower-case identifier: a–z, 0–9 and _, not starting with a digit, at most 63 characters / 영문 소문자, 숫자, _로 된 63자 이하의 이름이어야 하며 숫자로 시작할 수 없습니다: ${JSON.stringify(name)}`;
  }
  if (RESERVED_WORDS.has(name)) {
    return `${JSON.stringify(name)} is an SQL reserved word; choose another name such as sori / ${JSON.stringify(name)}는 SQL 예약어라 쓸 수 없습니다. sori 같은 다른 이름을 쓰세요`;
  }
  if (name.startsWith('pg_')) {
    return `names starting with pg_ are PostgreSQL's own: ${JSON.stringify(name)} / pg_로 시작하는 이름은 PostgreSQL이 씁니다: ${JSON.stringify(name)}`;
  }
  return null;
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
  // Checked again here for callers other than the settings (tests, scripts): it is written into SQL unquoted.
  const problem = schema ? schemaNameProblem(schema) : null;
  if (problem) throw new Error(`schema: ${problem}`);
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
