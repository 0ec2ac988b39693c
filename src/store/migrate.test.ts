import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { openDb, type Db } from './db.js';
import { migrate } from './migrate.js';

describe(`migrations (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let schema: string | undefined;
  beforeAll(async () => {
    ({ db, close, schema } = await openTestDb());
  });
  afterAll(() => close());

  it('applies every migration once and is a no-op the second time', async () => {
    const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toContain('001_init.sql');
    expect(await migrate(db)).toEqual([]);
  });

  it('loads pg_trgm with a UTF-8 ctype so Hangul makes trigrams', async () => {
    const [row] = await db.query<{ n: number }>("SELECT array_length(show_trgm('로그인 오류'), 1) AS n");
    expect(row.n).toBeGreaterThan(3);
  });

  it.runIf(TEST_BACKEND === 'postgres')('two processes migrating at once apply each migration exactly once', async () => {
    // Two separate pools (as two processes would have) on a fresh schema, racing.
    const fresh = `${schema}_race`;
    const a = await openDb({ databaseUrl: process.env.TEST_DATABASE_URL, schema: fresh });
    const b = await openDb({ databaseUrl: process.env.TEST_DATABASE_URL, schema: fresh });
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      expect([...ra, ...rb].filter((n) => n === '001_init.sql')).toHaveLength(1);
    } finally {
      await a.exec(`DROP SCHEMA ${fresh} CASCADE`);
      await a.close();
      await b.close();
    }
  });
});
