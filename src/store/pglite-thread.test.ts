import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from './db.js';

// The embedded database on its own thread (pglite-thread.mjs) must behave as it did on the
// caller's thread: errors with their PostgreSQL fields, transactions that commit or roll back,
// values that survive the trip between threads.
describe('PGlite on its own thread', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({});
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, body text, at timestamptz, raw bytea, doc jsonb, tags text[])');
  });
  afterAll(() => db.close());

  it('carries values both ways: dates, bytes, JSON, arrays, Korean text', async () => {
    const at = new Date('2026-12-05T01:02:03.456Z');
    const raw = new Uint8Array([0, 1, 254, 255]);
    await db.query('INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6)', [1, '배송이 안 와요', at, raw, { 채널: 'chat', n: 2 }, ['로그인', '결제']]);
    const [row] = await db.query<{ body: string; at: Date; raw: Uint8Array; doc: unknown; tags: string[] }>('SELECT body, at, raw, doc, tags FROM t WHERE id = 1');
    expect(row.body).toBe('배송이 안 와요');
    expect(row.at).toBeInstanceOf(Date);
    expect(row.at.toISOString()).toBe(at.toISOString());
    expect([...row.raw]).toEqual([0, 1, 254, 255]);
    expect(row.doc).toEqual({ 채널: 'chat', n: 2 });
    expect(row.tags).toEqual(['로그인', '결제']);
  });

  it("gives errors the database's code, constraint and message", async () => {
    const error = await db.query('INSERT INTO t (id) VALUES (1)').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505', constraint: 't_pkey' });
    expect((error as Error).message).toMatch(/duplicate key/);
  });

  it('commits a transaction whose function returns, and nested calls share it', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id, body) VALUES (2, '두 번째')");
      await tx.transaction((inner) => inner.query("INSERT INTO t (id, body) VALUES (3, '세 번째')"));
      return 'done';
    });
    expect(result).toBe('done');
    const rows = await db.query<{ id: number }>('SELECT id FROM t WHERE id IN (2, 3) ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([2, 3]);
  });

  it('rolls back everything a throwing function wrote, and keeps working afterwards', async () => {
    const error = await db
      .transaction(async (tx) => {
        await tx.query("INSERT INTO t (id, body) VALUES (4, '없어질 행')");
        await tx.query('INSERT INTO t (id) VALUES (1)'); // duplicate: the transaction is aborted
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '23505' });
    expect(await db.query('SELECT 1 FROM t WHERE id = 4')).toEqual([]);
    const thrown = await db
      .transaction(async (tx) => {
        await tx.query("INSERT INTO t (id, body) VALUES (5, '역시 없어질 행')");
        throw new Error('중단');
      })
      .catch((e: unknown) => e);
    expect((thrown as Error).message).toBe('중단');
    expect(await db.query('SELECT 1 FROM t WHERE id = 5')).toEqual([]);
  });

  it('lets a statement from outside wait for an open transaction instead of joining it', async () => {
    let outsideSaw: number | null = null;
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id, body) VALUES (6, '트랜잭션 안')");
      const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE id = 6').then(([r]) => (outsideSaw = r.n));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(outsideSaw).toBeNull(); // still waiting for the transaction
      void outside;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outsideSaw).toBe(1);
  });

  it('copies rows in with COPY, inside a transaction too', async () => {
    await db.copyFrom('t', ['id', 'body'], '10\t첫 줄\n11\t둘째\\t줄\n');
    await db.transaction((tx) => tx.copyFrom('t', ['id', 'body'], '12\t셋째\n'));
    const rows = await db.query<{ body: string }>('SELECT body FROM t WHERE id >= 10 ORDER BY id');
    expect(rows.map((r) => r.body)).toEqual(['첫 줄', '둘째\t줄', '셋째']);
  });

  it('refuses a parameter that cannot cross to the thread with an error, not a hang', async () => {
    const error = await db.query('SELECT $1::text', [() => 1]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(await db.query<{ n: number }>('SELECT 1 AS n')).toEqual([{ n: 1 }]);
  });

  it('fails every waiting and later call once closed', async () => {
    const other = await openDb({});
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toThrow(/stopped/);
  });
});
