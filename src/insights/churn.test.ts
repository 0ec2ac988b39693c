import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { upsertMetrics } from '../store/queries/business-metrics.js';
import { diffRollups } from '../store/queries/item-daily-counts.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { getChurnReasons } from './churn.js';
import { listItems } from '../store/queries/list-items.js';
import { correctItemLabels } from '../labels/correct-label.js';
import { churnReasonOf } from '../text/churn-reasons.js';
import { buildReportTable } from './report-tables.js';

describe(`cancellation and churn reasons (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'churn', name: '해지 방어' });
    let n = 0;
    const cancel = (day: string, text: string, metadata?: Record<string, unknown>) =>
      buildItem({ external_id: `x-${n++}`, created_at: `${day}T11:00:00+09:00`, text, metadata });
    // Current range 11/8–11/14: 12 about price, 2 closures, 1 given by the source as "moving", 1 unknown.
    // Previous 11/1–11/7: 3 about price, 2 closures.
    const items = [
      ...Array.from({ length: 12 }, () => cancel('2026-11-10', '요금이 너무 올라서 부담돼요. 해지해 주세요')),
      ...Array.from({ length: 2 }, () => cancel('2026-11-11', '가게를 폐업하게 되어 정기배송 해지합니다')),
      cancel('2026-11-12', '해지 부탁드립니다', { cancel_reason: 'moving' }),
      cancel('2026-11-13', '해지 신청합니다'),
      ...Array.from({ length: 3 }, () => cancel('2026-11-03', '가격이 부담돼서 해지할게요')),
      ...Array.from({ length: 2 }, () => cancel('2026-11-04', '사업을 정리하게 돼서 해지합니다')),
      buildItem({ external_id: 'other', created_at: '2026-11-10T11:00:00+09:00', text: '배송지 변경 문의' }),
      // Cancellations of orders (a refund, a return): typed as cancellations, but not churn.
      cancel('2026-11-10', '주문 취소해 주세요. 다른 데서 더 싸게 팔아서요'),
      cancel('2026-11-12', '반품 접수했는데 환불은 언제 되나요'),
      cancel('2026-11-13', 'Please cancel my order, it has not shipped yet'),
      cancel('2026-11-05', '결제 취소 부탁드립니다'),
    ];
    await ingestItems(db, ws, items);
    // The test is about reasons, not the type model: every "x-" item is a cancellation.
    await db.query("UPDATE items SET type = CASE WHEN external_id LIKE 'x-%' THEN 'cancellation' ELSE 'delivery' END WHERE workspace_id = $1", [ws.id]);
    // As after migration 006 (reasons did not exist yet): the workspace is flagged, the report fills them in.
    await db.query('UPDATE items SET churn_reason = NULL WHERE workspace_id = $1', [ws.id]);
    await db.query('UPDATE workspaces SET churn_stale = true WHERE id = $1', [ws.id]);
    const days = Array.from({ length: 14 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    await upsertMetrics(db, ws.id, days.flatMap((day) => [
      { day, name: 'orders', value: 1000 },
      { day, name: 'cancellations', value: day >= '2026-11-08' ? 30 : 20 },
      // Subscriptions ended (해지수): 40 a day, then 60; subscribers (구독자수) 50,000, but the 14th's is not in yet.
      { day, name: 'churned', value: day >= '2026-11-08' ? 60 : 40 },
      ...(day === '2026-11-14' ? [] : [{ day, name: 'subscribers', value: 50_000 }]),
    ]));
  });
  afterAll(() => close());

  it('splits reasons into controllable and involuntary with the customers’ words and the cancellation rate', async () => {
    const r = await getChurnReasons(db, ws, { from: '2026-11-08', to: '2026-11-14' });
    expect(r.total).toEqual({ current: 16, previous: 5 });
    expect(r.reasons.map((x) => [x.key, x.current, x.previous, x.controllable])).toEqual([
      ['price', 12, 3, true],
      ['closure', 2, 2, false],
      ['moving', 1, 0, false],
      ['unknown', 1, 0, null],
    ]);
    // Controllable among classified: 12 of 15 (80 %) against 3 of 5 (60 %).
    expect(r.controllable_share).toMatchObject({ current: 80, previous: 60, change: 20 });
    expect(r.reasons[0]!.examples[0]!.text).toContain('요금이 너무 올라서');
    expect(r.reasons[0]!.examples).toHaveLength(3);
    // 210 cancellations per 7,000 orders = 3 % against 140 / 7,000 = 2 %: +50 %, and real.
    expect(r.cancellation_rate).toMatchObject({ current: 3, previous: 2, change: 50, verdict: 'significant_increase', covered_days: { current: 7, previous: 7, of: 7 } });
    // Churn against subscribers, on a 30-day scale: 6 days with both numbers, 360 ended over
    // 300,000 subscriber-days × 30 × 100 = 3.6 % a month, against 280 / 350,000 → 2.4 %.
    expect(r.churn_rate).toMatchObject({ current: 3.6, previous: 2.4, change: 50, verdict: 'significant_increase', covered_days: { current: 6, previous: 7, of: 7 } });
    // Counted from the reason rollup, which followed the type change and the filled-in reasons.
    expect(await diffRollups(db, ws.id)).toEqual([]);
    // The trend's buckets (days here) carry the instants they cover, in Seoul time, for drill-down.
    expect(r.series.reduce((n, b) => n + b.controllable + b.involuntary + b.unknown, 0)).toBe(16);
    for (const b of r.series) {
      expect(b.from).toBe(new Date(`${b.period}T00:00:00+09:00`).toISOString());
      expect(Date.parse(b.to) - Date.parse(b.from)).toBe(86_400_000);
    }
    // By week a bucket is cut to the range: 11-04 (a Wednesday) to the week's Sunday, then Monday 11-09 to 11-12.
    const weekly = await getChurnReasons(db, ws, { from: '2026-11-04', to: '2026-11-12', granularity: 'week' });
    expect(weekly.series.map((b) => [b.period, b.from, b.to])).toEqual([
      ['2026-11-02', '2026-11-03T15:00:00.000Z', '2026-11-08T15:00:00.000Z'],
      ['2026-11-09', '2026-11-08T15:00:00.000Z', '2026-11-12T15:00:00.000Z'],
    ]);
  });

  it('draws every day of the range, one without cancellations as zeros, so the chart axis skips none', async () => {
    const r = await getChurnReasons(db, ws, { from: '2026-11-08', to: '2026-11-14', granularity: 'day' });
    expect(r.series.map((b) => b.period)).toEqual(['2026-11-08', '2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14']);
    expect(r.series[0]).toEqual({ period: '2026-11-08', from: '2026-11-07T15:00:00.000Z', to: '2026-11-08T15:00:00.000Z', controllable: 0, involuntary: 0, unknown: 0 });
    expect(r.series.find((b) => b.period === '2026-11-10')).toMatchObject({ controllable: 12 });
  });

  it('counts cancellations of orders (refunds, returns) apart: not churn, not in any share; the drill-downs agree', async () => {
    const r = await getChurnReasons(db, ws, { from: '2026-11-08', to: '2026-11-14' });
    expect(r.order_cancellations).toMatchObject({ current: 3, previous: 1 });
    expect(r.order_cancellations.examples.map((e) => e.text)).toContain('반품 접수했는데 환불은 언제 되나요');
    expect(r.reasons.map((x) => x.key)).not.toContain('order');
    const listed = async (reason: string) =>
      (await listItems(db, ws.id, { type: ['cancellation'], churnReason: [reason], from: new Date('2026-11-07T15:00:00Z'), to: new Date('2026-11-14T15:00:00Z') }, { limit: 100 })).items.map((i) => i.external_id);
    expect(await listed('order')).toHaveLength(3);
    expect(await listed('unknown')).toHaveLength(1); // the "해지 신청합니다" one: orders are not unknown churn
    expect(await listed('churn')).toHaveLength(r.total.current); // the trend's bars: every reason, no orders
  });

  it('gives a cancellation its reason at ingest (the source’s own field first)', async () => {
    await ingestItems(db, ws, [
      buildItem({ external_id: 'in-1', created_at: '2026-11-20T10:00:00+09:00', text: '멤버십 해지 부탁드립니다. 요즘 요금이 너무 비싸서 부담돼요' }),
      buildItem({ external_id: 'in-2', created_at: '2026-11-20T10:00:00+09:00', text: '멤버십 해지 부탁드립니다', metadata: { cancel_reason: 'closure' } }),
      buildItem({ external_id: 'in-3', created_at: '2026-11-20T10:00:00+09:00', text: '배송지를 부산으로 바꾸고 싶어요' }),
      // A Korean export's own column, kept in metadata under its header, naming the reason in Korean.
      buildItem({ external_id: 'in-4', created_at: '2026-11-20T10:00:00+09:00', text: '멤버십 해지 부탁드립니다', metadata: { 해지사유: '가격 부담' } }),
    ]);
    const rows = await db.query<{ external_id: string; type: string; churn_reason: string | null }>(
      "SELECT external_id, type, churn_reason FROM items WHERE workspace_id = $1 AND external_id LIKE 'in-%' ORDER BY external_id", [ws.id]);
    expect(rows.map((r) => [r.external_id, r.type, r.churn_reason])).toEqual([
      ['in-1', 'cancellation', 'price'],
      ['in-2', 'cancellation', 'closure'],
      ['in-3', 'delivery', null],
      ['in-4', 'cancellation', 'price'],
    ]);
  });

  it('reads the source’s reason under its Korean column name or in words when the report fills reasons in', async () => {
    const text = '멤버십 해지해 주세요. 해지 처리 부탁드립니다';
    const items = [
      buildItem({ external_id: 'src-1', created_at: '2026-11-21T10:00:00+09:00', text, metadata: { cancel_reason: '가격 부담' } }),
      buildItem({ external_id: 'src-2', created_at: '2026-11-21T10:00:00+09:00', text, metadata: { 해지사유: '가격 부담' } }),
      buildItem({ external_id: 'src-3', created_at: '2026-11-21T10:00:00+09:00', text, metadata: { cancel_reason: '이사' } }),
      buildItem({ external_id: 'src-4', created_at: '2026-11-21T10:00:00+09:00', text, metadata: { 해지사유: '군입대' } }),
    ];
    await ingestItems(db, ws, items);
    // Typed as cancellations by a correction's path: the reason is found again by the report.
    await db.query("UPDATE items SET type = 'cancellation', churn_reason = NULL WHERE workspace_id = $1 AND external_id LIKE 'src-%'", [ws.id]);
    await db.query('UPDATE workspaces SET churn_stale = true WHERE id = $1', [ws.id]);
    const report = await getChurnReasons(db, ws, { from: '2026-11-21', to: '2026-11-21' });
    expect(Object.fromEntries(report.reasons.filter((r) => r.current > 0).map((r) => [r.key, r.current]))).toEqual({ price: 2, moving: 1, military: 1 });
    const stored = async () => (await db.query<{ external_id: string; churn_reason: string | null }>(
      "SELECT external_id, churn_reason FROM items WHERE workspace_id = $1 AND external_id LIKE 'src-%' ORDER BY external_id", [ws.id])).map((r) => r.churn_reason);
    expect(await stored()).toEqual(['price', 'price', 'moving', 'military']);
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });
  it('counts a member leaving (회원 탈퇴) as churn, apart from 해지, and not another account matter (비밀번호)', async () => {
    const at = '2026-11-26T10:00:00+09:00';
    await ingestItems(db, ws, [
      buildItem({ external_id: 'leave-1', created_at: at, text: '회원 탈퇴하고 싶어요. 요즘 거의 안 써서요' }),
      buildItem({ external_id: 'leave-2', created_at: at, text: '계정 삭제해 주세요' }),
      buildItem({ external_id: 'acct-1', created_at: at, text: '비밀번호를 바꾸고 싶어요' }),
      buildItem({ external_id: 'acct-2', created_at: at, text: '탈퇴 후 재가입 되나요?' }),
      buildItem({ external_id: 'sub-1', created_at: at, text: '멤버십 해지 부탁드립니다. 요즘 요금이 너무 비싸서 부담돼요' }),
    ]);
    const rows = await db.query<{ external_id: string; type: string; churn_reason: string | null }>(
      "SELECT external_id, type, churn_reason FROM items WHERE workspace_id = $1 AND created_at = $2 ORDER BY external_id", [ws.id, at]);
    // Typed by the shipped model at ingest: all four are account matters, two of them leaves.
    expect(rows.map((r) => [r.external_id, r.type, r.churn_reason])).toEqual([
      ['acct-1', 'account', null],
      ['acct-2', 'account', null],
      ['leave-1', 'account', 'low_usage'],
      ['leave-2', 'account', 'unknown'],
      ['sub-1', 'cancellation', 'price'],
    ]);
    const r = await getChurnReasons(db, ws, { from: '2026-11-26', to: '2026-11-26' });
    expect(r.counted_types).toEqual(['cancellation', 'account']);
    expect(r.total.current).toBe(3);
    expect(r.by_type).toEqual({ cancellation: { current: 1, previous: 0 }, account: { current: 2, previous: 0 } });
    expect(r.reasons.map((x) => [x.key, x.current, x.by_type])).toEqual([
      ['low_usage', 1, { cancellation: 0, account: 1 }],
      ['price', 1, { cancellation: 1, account: 0 }],
      ['unknown', 1, { cancellation: 0, account: 1 }],
    ]);
    expect(r.reasons.find((x) => x.key === 'low_usage')!.examples.map((e) => [e.type, e.text])).toEqual([['account', '회원 탈퇴하고 싶어요. 요즘 거의 안 써서요']]);
    // The drill-downs list the same items: the leaves among the churn, the password question nowhere.
    const listed = async (reason: string) =>
      (await listItems(db, ws.id, { churnReason: [reason], from: new Date('2026-11-25T15:00:00Z'), to: new Date('2026-11-26T15:00:00Z') }, { limit: 100 })).items.map((i) => i.external_id).sort();
    expect(await listed('churn')).toEqual(['leave-1', 'leave-2', 'sub-1']);
    expect(await listed('unknown')).toEqual(['leave-2']);
    expect(await listed('low_usage')).toEqual(['leave-1']);
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('reads stored account items for leaves once (after migration 042), and keeps corrections consistent', async () => {
    const at = '2026-11-27T10:00:00+09:00';
    await ingestItems(db, ws, [
      buildItem({ external_id: 'old-1', created_at: at, text: '가게를 폐업해서 회원 탈퇴 부탁드립니다' }),
      buildItem({ external_id: 'old-2', created_at: at, text: '비밀번호 재설정 메일이 안 와요' }),
      buildItem({ external_id: 'fix-1', created_at: at, text: '앱이 너무 느려서 계정 삭제하려고요' }),
    ]);
    const ids = Object.fromEntries((await db.query<{ external_id: string; id: string }>(
      "SELECT external_id, id::text AS id FROM items WHERE workspace_id = $1 AND created_at = $2", [ws.id, at])).map((r) => [r.external_id, r.id]));
    // As stored before migration 042: account items without reasons, the workspace flagged by it.
    await db.query("UPDATE items SET type = 'account', churn_reason = NULL WHERE workspace_id = $1 AND external_id IN ('old-1', 'old-2')", [ws.id]);
    await db.query("UPDATE items SET type = 'bug', churn_reason = NULL WHERE workspace_id = $1 AND external_id = 'fix-1'", [ws.id]);
    await db.query('UPDATE workspaces SET churn_stale = true, leave_stale = true WHERE id = $1', [ws.id]);
    const day = { from: '2026-11-27', to: '2026-11-27' };
    const counted = async () => Object.fromEntries((await getChurnReasons(db, ws, day)).reasons.filter((x) => x.current > 0).map((x) => [x.key, x.by_type]));
    expect(await counted()).toEqual({ closure: { cancellation: 0, account: 1 } });
    expect((await db.query<{ leave_stale: boolean }>('SELECT leave_stale FROM workspaces WHERE id = $1', [ws.id]))[0]!.leave_stale).toBe(false);
    // An operator corrects a bug report to "account": read for a leave at once.
    await correctItemLabels(db, ws.id, ids['fix-1']!, { type: 'account' }, null);
    expect(await counted()).toEqual({ closure: { cancellation: 0, account: 1 }, product: { cancellation: 0, account: 1 } });
    // …to "cancellation": a cancellation's reason, found by the next report.
    await correctItemLabels(db, ws.id, ids['fix-1']!, { type: 'cancellation' }, null);
    expect(await counted()).toEqual({ closure: { cancellation: 0, account: 1 }, product: { cancellation: 1, account: 0 } });
    // …away from churn (the leave was a question about something else): no reason, not counted.
    await correctItemLabels(db, ws.id, ids['old-1']!, { type: 'how_to' }, null);
    await correctItemLabels(db, ws.id, ids['old-2']!, { type: 'account' }, null);
    expect(await counted()).toEqual({ product: { cancellation: 1, account: 0 } });
    const reasons = await db.query<{ external_id: string; churn_reason: string | null }>(
      "SELECT external_id, churn_reason FROM items WHERE workspace_id = $1 AND created_at = $2 ORDER BY external_id", [ws.id, at]);
    expect(reasons.map((x) => [x.external_id, x.churn_reason])).toEqual([['fix-1', 'product'], ['old-1', null], ['old-2', null]]);
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('gives a re-sent item whose type an operator locked the reason of the type it keeps, and the report equals a recount', async () => {
    const at = '2026-11-28T10:00:00+09:00';
    const first = [
      buildItem({ external_id: 'lock-1', created_at: at, text: '배송지 변경 문의' }),
      buildItem({ external_id: 'lock-2', created_at: at, text: '배송지 변경 문의' }),
      buildItem({ external_id: 'lock-3', created_at: at, text: '배송지 변경 문의' }),
      buildItem({ external_id: 'lock-4', created_at: at, text: '배송지 변경 문의' }),
    ];
    await ingestItems(db, ws, first);
    const ids = Object.fromEntries((await db.query<{ external_id: string; id: string }>(
      "SELECT external_id, id::text AS id FROM items WHERE workspace_id = $1 AND external_id LIKE 'lock-%'", [ws.id])).map((r) => [r.external_id, r.id]));
    for (const [key, type] of [['lock-1', 'account'], ['lock-2', 'account'], ['lock-3', 'cancellation'], ['lock-4', 'bug']] as const) {
      await correctItemLabels(db, ws.id, ids[key]!, { type }, null);
    }
    const locked = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM items WHERE workspace_id = $1 AND external_id LIKE 'lock-%' AND 'type' = ANY(locked_labels)", [ws.id]);
    expect(locked[0]!.n).toBe(4);
    // Re-sent with new words the model reads as another type: the operator's type stays, and so must
    // the reason follow it (a leave under a kept 'account', a cancellation's under a kept 'cancellation').
    const resent = {
      'lock-1': '탈퇴하고 싶습니다. 앱이 자꾸 튕기고 오류가 나요',
      'lock-2': '어제 주문한 거 취소하고 환불해주세요',
      'lock-3': '앱이 너무 느려서 계정 삭제하려고요',
      'lock-4': '멤버십 해지 부탁드립니다. 요즘 요금이 너무 비싸서 부담돼요',
    };
    const again = (key: keyof typeof resent) => buildItem({ external_id: key, created_at: at, text: resent[key] });
    // One through the API's few-rows path, the rest through the copied path (more than FEW_ROWS rows).
    await ingestItems(db, ws, [again('lock-1')]);
    await ingestItems(db, ws, [again('lock-2'), again('lock-3'), again('lock-4'),
      ...Array.from({ length: 70 }, (_, i) => buildItem({ external_id: `lock-pad-${i}`, created_at: at, text: `배송 문의 ${i}` }))]);
    const rows = await db.query<{ external_id: string; type: string; churn_reason: string | null; text: string; metadata: Record<string, unknown> }>(
      "SELECT external_id, type, churn_reason, COALESCE(title || E'\\n', '') || text AS text, metadata FROM items WHERE workspace_id = $1 AND created_at = $2 ORDER BY external_id", [ws.id, at]);
    const byKey = Object.fromEntries(rows.map((r) => [r.external_id, r]));
    expect(['lock-1', 'lock-2', 'lock-3', 'lock-4'].map((k) => byKey[k]!.type)).toEqual(['account', 'account', 'cancellation', 'bug']);
    expect(byKey['lock-1']!.churn_reason).toBe('product');
    expect(byKey['lock-2']!.churn_reason).toBeNull();
    expect(byKey['lock-3']!.churn_reason).toBe('product');
    expect(byKey['lock-4']!.churn_reason).toBeNull();
    // Every item's reason is the one its type and words give, and the report counts what a recount does.
    for (const r of rows) expect(r.churn_reason, r.external_id).toBe(churnReasonOf(r.type, r.text, r.metadata));
    const recount = new Map<string, { cancellation: number; account: number }>();
    for (const r of rows) {
      if (r.churn_reason === null || r.churn_reason === 'order' || (r.type !== 'cancellation' && r.type !== 'account')) continue;
      const c = recount.get(r.churn_reason) ?? { cancellation: 0, account: 0 };
      c[r.type] += 1;
      recount.set(r.churn_reason, c);
    }
    const report = await getChurnReasons(db, ws, { from: '2026-11-28', to: '2026-11-28' });
    expect(Object.fromEntries(report.reasons.filter((x) => x.current > 0).map((x) => [x.key, x.by_type]))).toEqual(Object.fromEntries(recount));
    expect(report.by_type.account.current).toBe([...recount.values()].reduce((n, c) => n + c.account, 0));
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('exports churn reasons with the report’s split by type (해지·취소, 탈퇴)', async () => {
    const day = { from: '2026-11-26', to: '2026-11-26' };
    const report = await getChurnReasons(db, ws, day);
    const table = await buildReportTable(db, ws, 'churn_reasons', day);
    expect(table.columns).toEqual(expect.arrayContaining(['current', 'current_cancellation', 'current_account']));
    expect(table.columns.indexOf('current_cancellation')).toBe(table.columns.indexOf('current') + 1);
    expect(table.rows.map((r) => [r.key, r.current, r.current_cancellation, r.current_account])).toEqual(
      report.reasons.map((r) => [r.key, r.current, r.by_type.cancellation, r.by_type.account]));
    expect(table.rows.find((r) => r.key === 'low_usage')).toMatchObject({ current: 1, current_cancellation: 0, current_account: 1 });
  });
});
