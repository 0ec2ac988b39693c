import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { ingestItems } from '../ingest/pipeline.js';
import { openDb, type Db } from './db.js';
import { migrate } from './migrate.js';
import { diffRollups } from './queries/item-daily-counts.js';
import { ensureWorkspace } from './queries/workspaces.js';

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

  it('018 turns the lead-time bucket rows of 017 into sketches the triggers then keep', async () => {
    const old = await openTestDb({ through: '017' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'sketch', name: '리드타임' });
      const items = Array.from({ length: 40 }, (_, i) =>
        buildItem({
          external_id: `lt-${i}`, created_at: `2026-08-0${1 + (i % 3)}T09:00:00+09:00`, channel: i % 4 ? 'chat' : 'email',
          assignee: ['김상담', '이상담', null][i % 3], handled_by: i % 5 ? 'human' : 'bot', reopened_count: i % 7 ? 0 : 1,
          first_response_at: `2026-08-0${1 + (i % 3)}T09:${String(1 + i).padStart(2, '0')}:00+09:00`,
          resolved_at: i % 2 ? `2026-08-0${1 + (i % 3)}T1${i % 10}:00:00+09:00` : null,
        }));
      await ingestItems(old.db, ws, items, { enrich: false });
      const [{ n }] = await old.db.query<{ n: number }>('SELECT count(*)::int AS n FROM item_daily_lead_times WHERE workspace_id = $1', [ws.id]);
      expect(n).toBeGreaterThan(100);
      expect(await migrate(old.db)).toContain('018_lead_time_sketch_rows.sql');
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
      const [sketches] = await old.db.query<{ rows: number; pairs: number }>(
        'SELECT count(*)::int AS rows, sum(array_length(sketch, 1))::int AS pairs FROM item_daily_lead_sketches WHERE workspace_id = $1', [ws.id]);
      expect(sketches).toEqual({ rows: expect.any(Number), pairs: n });
      expect(sketches!.rows).toBeLessThan(n);
      // Updates and deletes after the move keep them consistent (and a pair that reaches zero goes).
      await ingestItems(old.db, ws, items.slice(0, 10).map((item) => ({ ...item, assignee: '박상담', resolved_at: null })), { enrich: false });
      await old.db.query("DELETE FROM items WHERE workspace_id = $1 AND external_id IN ('lt-11', 'lt-12', 'lt-13')", [ws.id]);
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
      const [{ zero }] = await old.db.query<{ zero: number }>(
        'SELECT count(*)::int AS zero FROM item_daily_lead_sketches s, generate_subscripts(s.sketch, 1) AS i WHERE s.sketch[i][2] = 0');
      expect(zero).toBe(0);
    } finally {
      await old.close();
    }
  });
});
