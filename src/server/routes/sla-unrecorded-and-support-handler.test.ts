import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { getSlaReport } from '../../insights/sla.js';
import { ingestItems } from '../../ingest/pipeline.js';
import type { Db } from '../../store/db.js';
import { listItems } from '../../store/queries/list-items.js';
import { ensureWorkspace, type Workspace } from '../../store/queries/workspaces.js';

const kst = (wall: string) => `${wall}+09:00`;
const NOW = new Date(kst('2026-10-20T12:00:00'));

/**
 * The SLA page's 해결 시각 없음 (`unrecorded`) drills down to the items list (`?sla=unrecorded_…`), which
 * lists exactly the items the report counts; and GET /insights/support answers lead times by handler.
 */
describe(`SLA unrecorded drill-down and Support by handler over HTTP (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let ws: Workspace;

  const get = async (path: string) => {
    const res = await app.request(`/api/v1${path}`, { headers: { Authorization: `Bearer ${tokens.read}` } });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens } = await buildTestApp(db));
    ws = await ensureWorkspace(db, { slug: 'default', name: '기본 워크스페이스' });
    await ingestItems(db, ws, [
      // 완료 with an answer time but no resolution time: resolution unrecorded only.
      buildItem({ external_id: 'done-answered', channel: 'email', status: 'resolved', created_at: kst('2026-10-06T10:00:00'), first_response_at: kst('2026-10-06T12:00:00'), text: '환불 요청드립니다. 처리 부탁해요' }),
      // 완료 with neither time: both unrecorded.
      buildItem({ external_id: 'done-bare', channel: 'email', status: 'resolved', created_at: kst('2026-10-06T11:00:00'), text: '배송지 변경 가능할까요' }),
      buildItem({ external_id: 'closed-bare', channel: 'board', status: 'closed', created_at: kst('2026-10-07T09:30:00'), text: '쿠폰이 적용되지 않아요' }),
      // Open without times: pending or late, never unrecorded.
      buildItem({ external_id: 'open-bare', channel: 'chat', status: 'open', created_at: kst('2026-10-07T10:00:00'), text: '결제가 두 번 됐어요' }),
      // Resolved with its times: met or breached, never unrecorded.
      buildItem({ external_id: 'done-timed', channel: 'chat', status: 'resolved', handled_by: 'human', created_at: kst('2026-10-07T10:00:00'), first_response_at: kst('2026-10-07T10:05:00'), resolved_at: kst('2026-10-07T11:00:00'), text: '비밀번호를 잊어버렸어요' }),
      // A review marked closed: no answer expected, no deadline.
      buildItem({ external_id: 'review-closed', channel: 'app_store', kind: 'review', status: 'closed', created_at: kst('2026-10-07T10:00:00'), text: '앱이 자꾸 꺼져요' }),
      // Outside the range: left out by from/to.
      buildItem({ external_id: 'done-bare-later', channel: 'email', status: 'resolved', created_at: kst('2026-10-09T10:00:00'), text: '영수증 재발행 부탁드립니다' }),
      // The chatbot's session, for the Support answer.
      buildItem({ external_id: 'bot-1', channel: 'chat', status: 'resolved', handled_by: 'bot', created_at: kst('2026-10-07T12:00:00'), first_response_at: kst('2026-10-07T12:00:05'), resolved_at: kst('2026-10-07T12:00:10'), text: '배송 조회는 어디서 하나요' }),
    ]);
  });
  afterAll(() => close());

  it('lists the items the SLA report counts as unrecorded, per target, through the store and GET /items', async () => {
    const report = await getSlaReport(db, ws, { from: '2026-10-06', to: '2026-10-07', now: NOW });
    expect([report.summary.firstResponse.unrecorded, report.summary.resolution.unrecorded]).toEqual([2, 3]);
    const range = { from: new Date(kst('2026-10-06T00:00:00')), to: new Date(kst('2026-10-08T00:00:00')) };
    const ids = async (sla: 'unrecorded_first_response' | 'unrecorded_resolution') =>
      (await listItems(db, ws.id, { sla, now: NOW, ...range }, { limit: 50 })).items.map((i) => i.external_id).sort();
    expect(await ids('unrecorded_first_response')).toEqual(['closed-bare', 'done-bare']);
    expect(await ids('unrecorded_resolution')).toEqual(['closed-bare', 'done-answered', 'done-bare']);
    // The same over HTTP, days in the workspace's zone as the SLA page's link sends them.
    const res = await get('/items?sla=unrecorded_resolution&from=2026-10-06&to=2026-10-07');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { external_id: string }) => i.external_id).sort()).toEqual(['closed-bare', 'done-answered', 'done-bare']);
    const first = await get('/items?sla=unrecorded_first_response&from=2026-10-06&to=2026-10-07');
    expect(first.body.items.map((i: { external_id: string }) => i.external_id).sort()).toEqual(['closed-bare', 'done-bare']);
    // Once its resolution time arrives, an item leaves the list as it leaves the report's count.
    await ingestItems(db, ws, [buildItem({ external_id: 'done-bare', channel: 'email', status: 'resolved', created_at: kst('2026-10-06T11:00:00'), resolved_at: kst('2026-10-06T15:00:00'), text: '배송지 변경 가능할까요' })]);
    const after = await getSlaReport(db, ws, { from: '2026-10-06', to: '2026-10-07', now: NOW });
    expect(after.summary.resolution.unrecorded).toBe(2);
    expect(await ids('unrecorded_resolution')).toEqual(['closed-bare', 'done-answered']);
    expect(await ids('unrecorded_first_response')).toEqual(['closed-bare']);
  });

  it('refuses an SLA filter it does not know, naming the ones it takes', async () => {
    const res = await get('/items?sla=unrecorded');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('unrecorded_resolution');
  });

  it('answers Support’s lead times by handler beside the fields it had', async () => {
    const res = await get('/insights/support?from=2026-10-06&to=2026-10-07');
    expect(res.status).toBe(200);
    // The old fields as they were, the groups added.
    // Six on channels that expect an answer (the review is not one).
    expect(res.body.total).toMatchObject({ key: 'all', received: 6 });
    expect(Object.keys(res.body.by_handler)).toEqual(['people', 'bot', 'all']);
    expect(res.body.by_handler.bot).toMatchObject({ received: 1, without_handler: 0, first_response: { count: 1, p50_seconds: 5 } });
    expect(res.body.by_handler.people).toMatchObject({ received: 5, without_handler: 4 });
    expect(res.body.by_handler.all.first_response).toEqual(res.body.total.first_response);
    // Nothing before the data: the comparison says so in its words, never a verdict.
    expect(res.body.by_handler.people.change.first_response).toMatchObject({ verdict: 'insufficient_data', previous: null });
    const business = await get('/insights/support?from=2026-10-06&to=2026-10-07&clock=business');
    expect(business.body.by_handler.people.change).toBeNull();
    expect(business.body.by_handler.bot.first_response.count).toBe(1);
  });
});
