import { describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { getChurnReasons } from '../insights/churn.js';
import { ingestItems } from '../ingest/pipeline.js';
import { migrate } from './migrate.js';
import { diffRollups } from './queries/item-daily-counts.js';
import { ensureWorkspace } from './queries/workspaces.js';

// Migration 042 (회원 탈퇴 is churn too), in a file of its own beside migrate.test.ts.
describe(`migration 042 (${TEST_BACKEND})`, () => {
  it('keeps the stored cancellations counted, types the rollup, and has the next report read stored account items for leaves', async () => {
    const old = await openTestDb({ through: '041' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'leaves', name: '탈퇴 방어' });
      await ingestItems(old.db, ws, [
        buildItem({ external_id: 'a-1', created_at: '2026-08-03T10:00:00+09:00', text: '회원 탈퇴하고 싶어요. 앱이 너무 느려서요' }),
        buildItem({ external_id: 'a-2', created_at: '2026-08-03T10:00:00+09:00', text: '비밀번호를 잊어버렸어요' }),
        buildItem({ external_id: 'a-3', created_at: '2026-08-03T10:00:00+09:00', text: '탈퇴 후 재가입 되나요?' }),
        buildItem({ external_id: 'c-1', created_at: '2026-08-03T10:00:00+09:00', text: '가격이 너무 비싸서 구독 해지합니다' }),
      ], { enrich: false });
      // As stored before 042: only the cancellation has a reason; the report has nothing left to fill.
      await old.db.query(
        "UPDATE items SET type = CASE WHEN external_id LIKE 'c-%' THEN 'cancellation' ELSE 'account' END, churn_reason = CASE WHEN external_id LIKE 'c-%' THEN 'price' END WHERE workspace_id = $1",
        [ws.id],
      );
      await old.db.query('UPDATE workspaces SET churn_stale = false WHERE id = $1', [ws.id]);
      expect(await migrate(old.db)).toContain('042_leave_churn.sql');
      expect(await old.db.query('SELECT type, reason, n FROM item_daily_churn WHERE workspace_id = $1 AND n <> 0', [ws.id])).toEqual([
        { type: 'cancellation', reason: 'price', n: 1 },
      ]);
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
      expect(await old.db.query('SELECT churn_stale, leave_stale FROM workspaces WHERE id = $1', [ws.id])).toEqual([{ churn_stale: true, leave_stale: true }]);

      const report = await getChurnReasons(old.db, ws, { from: '2026-08-01', to: '2026-08-07' });
      expect(report.by_type).toEqual({ cancellation: { current: 1, previous: 0 }, account: { current: 1, previous: 0 } });
      expect(report.reasons.filter((r) => r.current > 0).map((r) => [r.key, r.by_type])).toEqual([
        ['price', { cancellation: 1, account: 0 }],
        ['product', { cancellation: 0, account: 1 }],
      ]);
      const reasons = await old.db.query<{ external_id: string; churn_reason: string | null }>(
        'SELECT external_id, churn_reason FROM items WHERE workspace_id = $1 ORDER BY external_id', [ws.id]);
      expect(reasons.map((r) => [r.external_id, r.churn_reason])).toEqual([['a-1', 'product'], ['a-2', null], ['a-3', null], ['c-1', 'price']]);
      expect(await old.db.query('SELECT churn_stale, leave_stale FROM workspaces WHERE id = $1', [ws.id])).toEqual([{ churn_stale: false, leave_stale: false }]);
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
    } finally {
      await old.close();
    }
  });
});
