import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { getOverview } from '../../insights/overview.js';
import type { Db } from '../../store/db.js';
import { diffRollups } from '../../store/queries/item-daily-counts.js';
import { listTopics } from '../../store/queries/topics.js';
import { ensureWorkspace } from '../../store/queries/workspaces.js';
import { DEMO_TOPICS } from './demo-topics.js';
import { loadDemoWorkspace } from './load-demo.js';

describe(`the demo workspace (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
  });
  afterAll(() => close());

  it('comes with its team’s topic tree, rule-labelled items, business numbers and consistent rollups', async () => {
    const end = new Date('2026-03-31T18:00:00+09:00');
    const { workspace, inserted } = await loadDemoWorkspace(db, { days: 14, endDate: end });
    expect(inserted).toBeGreaterThan(1000);
    const topics = await listTopics(db, workspace.id);
    expect(topics).toHaveLength(DEMO_TOPICS.reduce((n, p) => n + 1 + p.children.length, 0));
    const [{ share }] = await db.query<{ share: number }>(
      "SELECT avg((topic_source = 'rule' IS TRUE)::int)::float8 AS share FROM items WHERE workspace_id = $1", [workspace.id]);
    // The rules cover most inquiries, not all of them (the rest is for the model and discovery).
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.9);
    expect(await diffRollups(db, workspace.id)).toEqual([]);
    const o = await getOverview(db, workspace, { from: '2026-03-25', to: '2026-03-31' });
    expect(o.contact_rate?.metric).toBe('orders');
    expect(o.topic_movers.length).toBeGreaterThan(3);
    // Loading again changes nothing: the topics are not duplicated.
    await loadDemoWorkspace(db, { days: 14, endDate: end });
    expect(await listTopics(db, workspace.id)).toHaveLength(topics.length);
  });

  it('never loads into a real workspace that happens to be called "demo"', async () => {
    const { db: other, close: closeOther } = await openTestDb();
    try {
      const real = await ensureWorkspace(other, { slug: 'demo', name: '우리 팀 데모 준비' });
      expect(real.is_demo).toBe(false);
      await expect(loadDemoWorkspace(other, { days: 3 })).rejects.toThrow(/is not the demo/);
      const [{ n }] = await other.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1', [real.id]);
      expect(n).toBe(0);
    } finally {
      await closeOther();
    }
  });
});
