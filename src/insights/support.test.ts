import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { getSupportKpis } from './support.js';

const MIN = 60;

/** Lead times come from log-histogram counts: each quantile within 2 % of the exact one (+1 s rounding). */
function expectLeadTime(actual: { count: number; p50_seconds: number | null; p90_seconds: number | null }, count: number, p50: number, p90: number) {
  expect(actual.count).toBe(count);
  expect(Math.abs(actual.p50_seconds! - p50)).toBeLessThanOrEqual(p50 * 0.02 + 1);
  expect(Math.abs(actual.p90_seconds! - p90)).toBeLessThanOrEqual(p90 * 0.02 + 1);
}
const created = (i: number) => new Date(Date.parse('2026-08-03T10:00:00+09:00') + i * 3_600_000);
const after = (i: number, minutes: number) => new Date(created(i).getTime() + minutes * 60_000).toISOString();

describe(`support KPIs (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'support', name: '상담 KPI' });
    // Chat, agent 김상담: first responses after 1, 2, 3, 4 and 10 minutes, all resolved after
    // 30 minutes, one of them reopened. Chat, 박상담: one answered after 20 minutes, one never.
    // Email, bot: answered after 5 minutes. A survey answer (no answer expected): left out.
    const chat = [1, 2, 3, 4, 10].map((m, i) =>
      buildItem({
        external_id: `k-${i}`, channel: 'chat', created_at: created(i).toISOString(), assignee: '김상담', handled_by: 'human',
        first_response_at: after(i, m), resolved_at: after(i, 30), status: 'resolved', reopened_count: i === 0 ? 1 : 0,
        text: '배송지 변경 문의드립니다',
      }));
    await ingestItems(db, ws, [
      ...chat,
      buildItem({ external_id: 'p-1', channel: 'chat', created_at: created(5).toISOString(), assignee: '박상담', handled_by: 'human', first_response_at: after(5, 20), status: 'open', text: '환불 언제 되나요' }),
      buildItem({ external_id: 'p-2', channel: 'chat', created_at: created(6).toISOString(), assignee: '박상담', status: 'new', text: '쿠폰이 안 보여요' }),
      buildItem({ external_id: 'b-1', channel: 'email', created_at: created(7).toISOString(), handled_by: 'bot', first_response_at: after(7, 5), status: 'pending', text: '영수증 재발행 부탁드립니다' }),
      buildItem({ external_id: 's-1', channel: 'survey', kind: 'survey_response', created_at: created(8).toISOString(), score: 9, text: '좋아요' }),
    ]);
  });
  afterAll(() => close());

  it('gives response rate and lead times as median and p90, overall and per channel', async () => {
    const k = await getSupportKpis(db, ws, { from: '2026-08-01', to: '2026-08-07' });
    // 8 answerable items, 7 answered → 87.5 %. First responses (minutes): 1, 2, 3, 4, 10, 20, 5.
    // Sorted 1, 2, 3, 4, 5, 10, 20: median 4; p90 at rank (7 − 1) × 0.9 = 5.4 → 10 + 0.4 × (20 − 10) = 14.
    // The chatbot's share is of all 8: p-2, without a handler recorded, is a person's conversation (as the handler table counts it).
    expect(k.total).toMatchObject({ received: 8, responded: 7, response_rate_pct: 87.5, bot_handled: 1, human_handled: 6, bot_share_pct: 12.5 });
    expectLeadTime(k.total.first_response, 7, 4 * MIN, 14 * MIN);
    // Five resolved after 30 minutes; one reopened → 20 %.
    expectLeadTime(k.total.resolution, 5, 30 * MIN, 30 * MIN);
    expect(k.total.reopen_rate_pct).toBe(20);
    const chat = k.rows.find((r) => r.key === 'chat')!;
    // Chat: 1, 2, 3, 4, 10, 20 → median (3 + 4) / 2 = 3.5; p90 at rank 4.5 → 10 + 0.5 × 10 = 15.
    expectLeadTime(chat.first_response, 6, 3.5 * MIN, 15 * MIN);
    expect(k.rows.map((r) => r.key)).toEqual(['chat', 'email']);
  });

  it('gives empty figures for a filter on channels that expect no answer (never every channel\'s)', async () => {
    const k = await getSupportKpis(db, ws, { from: '2026-08-01', to: '2026-08-07', channel: ['survey'] });
    expect(k.channels).toEqual([]);
    expect(k.total).toMatchObject({ received: 0, responded: 0, bot_handled: 0, human_handled: 0, bot_share_pct: null, response_rate_pct: null });
    expect(k.rows).toEqual([]);
    expect(k.backlog.total).toMatchObject({ open: 0, unanswered: 0 });
    for (const by of ['type', 'assignee', 'handled_by'] as const) {
      const split = await getSupportKpis(db, ws, { from: '2026-08-01', to: '2026-08-07', channel: ['survey'], by });
      expect([split.total.received, split.total.bot_handled, split.total.human_handled, split.rows]).toEqual([0, 0, 0, []]);
    }
  });

  it('leaves days whose answers are not due yet (items under a day old) out of the response rate, as the overview does', async () => {
    // The next noon: the day's unanswered chat (p-2, 18:00) is not a day old — its day is not counted yet.
    const soon = await getSupportKpis(db, ws, { from: '2026-08-01', to: '2026-08-07', now: new Date('2026-08-04T12:00:00+09:00') });
    expect(soon.response_rate_before).toBe('2026-08-03');
    expect(soon.total).toMatchObject({ received: 8, responded: 7, rate_received: 0, rate_responded: 0, response_rate_pct: null });
    expect(soon.rows.find((r) => r.key === 'chat')).toMatchObject({ received: 7, response_rate_pct: null });
    // A day later every answer of that day is due: 7 of 8.
    const later = await getSupportKpis(db, ws, { from: '2026-08-01', to: '2026-08-07', now: new Date('2026-08-05T12:00:00+09:00') });
    expect(later.response_rate_before).toBe('2026-08-04');
    expect(later.total).toMatchObject({ rate_received: 8, rate_responded: 7, response_rate_pct: 87.5 });
    // A range that ended before the cut says nothing was left out.
    expect((await getSupportKpis(db, ws, { from: '2026-08-01', to: '2026-08-03', now: new Date('2026-08-05T12:00:00+09:00') })).response_rate_before).toBeNull();
  });

  it('follows an agent’s reply that arrives later, and splits by agent, type and handler', async () => {
    // p-2 gets its first answer 40 minutes after it came in (an update, not a new item).
    await db.query("UPDATE items SET first_response_at = created_at + interval '40 minutes' WHERE workspace_id = $1 AND external_id = 'p-2'", [ws.id]);
    const k = await getSupportKpis(db, ws, { from: '2026-08-01', to: '2026-08-07', by: 'handled_by' });
    expect(k.total).toMatchObject({ received: 8, responded: 8, response_rate_pct: 100 });
    expect(k.rows.map((r) => [r.key, r.received, r.bot_share_pct])).toEqual([['human', 6, 0], ['', 1, null], ['bot', 1, 100]]);
    await db.query("UPDATE items SET first_response_at = NULL WHERE workspace_id = $1 AND external_id = 'p-2'", [ws.id]);
  });

  it('narrows every figure of a split by type, agent or handler to the channels filtered on', async () => {
    // Chat alone: 김상담's five and 박상담's two (one answered after 20 minutes); the e-mail the bot
    // answered after 5 minutes is in no row — neither in its lead times nor in its received.
    const byHandler = await getSupportKpis(db, ws, { from: '2026-08-01', to: '2026-08-07', by: 'handled_by', channel: ['chat'] });
    expect(byHandler.total).toMatchObject({ received: 7, bot_handled: 0, human_handled: 6 });
    expect(byHandler.rows.map((r) => [r.key, r.received, r.responded, r.bot_handled, r.human_handled])).toEqual([['human', 6, 6, 0, 6], ['', 1, 0, 0, 0]]);
    const byAgent = await getSupportKpis(db, ws, { from: '2026-08-01', to: '2026-08-07', by: 'assignee', channel: ['chat'] });
    expect(byAgent.rows.map((r) => [r.key, r.received, r.responded])).toEqual([['김상담', 5, 5], ['박상담', 2, 1]]);
    expectLeadTime(byAgent.rows.find((r) => r.key === '박상담')!.first_response, 1, 20 * MIN, 20 * MIN);
    const byType = await getSupportKpis(db, ws, { from: '2026-08-01', to: '2026-08-07', by: 'type', channel: ['chat'] });
    for (const row of byType.rows) expect(row.received).toBeGreaterThanOrEqual(row.bot_handled + row.human_handled);
    expect(byType.rows.reduce((s, r) => s + r.received, 0)).toBe(byType.total.received);
    expect(byType.rows.reduce((s, r) => s + r.first_response.count, 0)).toBe(byType.total.first_response.count);
    // E-mail alone, by handler: the bot's one, answered after 5 minutes.
    const email = await getSupportKpis(db, ws, { from: '2026-08-01', to: '2026-08-07', by: 'handled_by', channel: ['email'] });
    expect(email.rows.map((r) => [r.key, r.received, r.bot_share_pct])).toEqual([['bot', 1, 100]]);
    expectLeadTime(email.rows[0]!.first_response, 1, 5 * MIN, 5 * MIN);
  });

  it('splits by agent, counts the open backlog, and reads nothing outside the range', async () => {
    const k = await getSupportKpis(db, ws, { from: '2026-08-01', to: '2026-08-07', by: 'assignee' });
    expect(k.rows.map((r) => [r.key, r.received, r.responded])).toEqual([['김상담', 5, 5], ['박상담', 2, 1], ['', 1, 1]]);
    // Open now: 박상담's two (open, new) and the bot's pending e-mail; one never answered.
    expect(k.backlog.total).toMatchObject({ open: 3, unanswered: 1 });
    expect(k.backlog.rows.map((r) => [r.key, r.open, r.unanswered])).toEqual([['박상담', 2, 1], ['', 1, 0]]);
    // Ages (now − received) of the three open items, hours 5, 6 and 7 after the first: median the
    // middle one, p90 at rank 1.8 → between the middle and the oldest; within 2 %.
    const [{ now }] = await db.query<{ now: Date }>('SELECT now() AS now');
    const ages = [5, 6, 7].map((i) => (new Date(now).getTime() - created(i).getTime()) / 1000).sort((a, b) => a - b);
    expect(Math.abs(k.backlog.total.age_p50_seconds! - ages[1]!)).toBeLessThanOrEqual(ages[1]! * 0.02 + 1);
    const p90 = ages[1]! + 0.8 * (ages[2]! - ages[1]!);
    expect(Math.abs(k.backlog.total.age_p90_seconds! - p90)).toBeLessThanOrEqual(p90 * 0.02 + 1);
    const empty = await getSupportKpis(db, ws, { from: '2026-09-01', to: '2026-09-07' });
    expect(empty.total).toMatchObject({ received: 0, response_rate_pct: null, first_response: { count: 0, p50_seconds: null, p90_seconds: null } });
  });

  it('counts a ticket resolved without a separate reply as answered, its resolution the first response (as the SLA does)', async () => {
    const board = await ensureWorkspace(db, { slug: 'support-board', name: '1:1 문의' });
    // A board export with only a completion time: resolved 60 minutes after, no first-response time.
    await ingestItems(db, board, [0, 1, 2, 3].map((i) =>
      buildItem({ external_id: `q-${i}`, channel: 'board', created_at: created(i).toISOString(), resolved_at: after(i, 60), status: 'resolved', assignee: '김상담', text: '배송 문의드립니다' })));
    const now = new Date('2026-08-10T12:00:00+09:00');
    const k = await getSupportKpis(db, board, { from: '2026-08-01', to: '2026-08-07', now });
    expect(k.total).toMatchObject({ received: 4, responded: 4, response_rate_pct: 100 });
    expectLeadTime(k.total.first_response, 4, 60 * MIN, 60 * MIN);
    // Counted from the items (a split by agent narrowed to a channel): the same.
    const byAgent = await getSupportKpis(db, board, { from: '2026-08-01', to: '2026-08-07', by: 'assignee', channel: ['board'], now });
    expect(byAgent.rows.map((r) => [r.key, r.received, r.responded, r.response_rate_pct])).toEqual([['김상담', 4, 4, 100]]);
    expectLeadTime(byAgent.rows[0]!.first_response, 4, 60 * MIN, 60 * MIN);
  });

  it('forgets a deleted item', async () => {
    await db.query("DELETE FROM items WHERE workspace_id = $1 AND external_id = 'b-1'", [ws.id]);
    const k = await getSupportKpis(db, ws, { from: '2026-08-01', to: '2026-08-07' });
    expect(k.total).toMatchObject({ received: 7, responded: 6 });
    expect(k.rows.map((r) => r.key)).toEqual(['chat']);
  });
});
