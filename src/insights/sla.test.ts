import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { getSlaReport } from './sla.js';
import { loadSlaSettings, saveSlaSettings } from '../store/queries/sla-settings.js';

const kst = (s: string) => `${s}+09:00`;
const NOW = new Date(kst('2026-09-30T12:00:00'));

// The default settings: Mon–Fri 09–12 and 13–18 in Seoul, Korean holidays off; chat: first
// response 3 business minutes; e-mail: 8 business hours; bugs: resolved within 24 clock hours.
describe(`SLA report (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'sla', name: 'SLA' });
    const chat = (id: string, created: string, fr: string | null, extra: Record<string, unknown> = {}) =>
      buildItem({ external_id: id, channel: 'chat', created_at: kst(created), first_response_at: fr ? kst(fr) : undefined, text: '주문 취소하고 싶어요', ...extra });
    await ingestItems(db, ws, [
      // Fri 17:58 → Mon 09:00:30: 2 minutes on Friday + 30 s on Monday = 2.5 business minutes: met.
      chat('a', '2026-09-04T17:58:00', '2026-09-07T09:00:30'),
      // Tue 11:59 → 13:01: 1 minute before lunch + 1 after = 2: met.
      chat('b', '2026-09-08T11:59:00', '2026-09-08T13:01:00'),
      // Tue 10:00 → 10:05: 5 minutes: breached at 10:03.
      chat('c', '2026-09-08T10:00:00', '2026-09-08T10:05:00'),
      // Wed 9/23 17:00, 추석 9/24–26: 1 h Wed + Mon 9/28 09–12 (3 h) + 13–17 (4 h) → due Mon 17:00; answered 16:30: met.
      buildItem({ external_id: 'd', channel: 'email', created_at: kst('2026-09-23T17:00:00'), first_response_at: kst('2026-09-28T16:30:00'), text: '세금계산서 발행 부탁드립니다' }),
      // A crash report on chat: answered in 2 minutes (met), resolved after 25 hours (breached: 24 h on the clock).
      chat('e', '2026-09-08T10:00:00', '2026-09-08T10:02:00', { resolved_at: kst('2026-09-09T11:00:00'), text: '앱 업데이트 후 실행하면 바로 앱이 꺼져요. 오류가 계속 나요' }),
      // 11:59:30 today, not answered: due 13:02:30 after lunch, so at 12:00 it is pending.
      chat('f', '2026-09-30T11:59:30', null),
    ]);
  });
  afterAll(() => close());

  it('measures first response on business hours with lunch and 추석, and incidents on the clock', async () => {
    const [crash] = await db.query<{ type: string }>("SELECT type FROM items WHERE workspace_id = $1 AND external_id = 'e'", [ws.id]);
    // The incident policy needs the crash report classified as a bug by the default model.
    expect(crash!.type).toBe('bug');
    const r = await getSlaReport(db, ws, { from: '2026-09-01', to: '2026-09-30', now: NOW });
    expect(r.settings.is_default).toBe(true);
    expect(r.summary.firstResponse).toMatchObject({ met: 4, breached: 1, pending: 1, unrecorded: 0, met_pct: 80 });
    expect(r.by_policy.find((p) => p.policy_id === 'incident')!.resolution).toEqual({ met: 0, breached: 1, pending: 0, unrecorded: 0, met_pct: 0 });
    const breachedChat = r.breaches.find((b) => b.target === 'firstResponse')!;
    expect(breachedChat).toMatchObject({ channel: 'chat', policy_id: 'chat', target_ms: 180_000, elapsed_ms: 300_000 });
    expect(new Date(breachedChat.due_at).toISOString()).toBe(new Date(kst('2026-09-08T10:03:00')).toISOString());
    const incident = r.breaches.find((b) => b.target === 'resolution' && b.policy_id === 'incident')!;
    expect(incident.elapsed_ms).toBe(25 * 3_600_000);
    // The list is capped; breached_items still counts every late item once, whatever the cap.
    const items = new Set(r.breaches.map((b) => b.item_id));
    expect(r.breached_items).toBe(items.size);
    const capped = await getSlaReport(db, ws, { from: '2026-09-01', to: '2026-09-30', now: NOW, breaches: 1 });
    expect(new Set(capped.breaches.map((b) => b.item_id)).size).toBe(1);
    expect(capped.breached_items).toBe(items.size);
  });

  it('stores a workspace’s own policies, refuses invalid ones, and restores the defaults', async () => {
    await expect(saveSlaSettings(db, ws.id, { businessHours: { blocks: [{ days: ['mon'], start: '18:00', end: '09:00' }] }, policies: [] }))
      .rejects.toMatchObject({ code: 'validation_failed' });
    // Around the clock, every chat answered within 10 minutes: c (5 min) is met now, a (Fri 17:58 →
    // Mon 09:00:30, 63 hours) and b (62 minutes) are breached.
    await saveSlaSettings(db, ws.id, {
      businessHours: { twentyFourSeven: true },
      policies: [{ id: 'chat10', name: '채팅 10분', match: { channels: ['chat'] }, firstResponseTargetMs: 600_000, calendar: 'business' }],
    }, { recomputeSince: new Date('2026-01-01T00:00:00Z') });
    const r = await getSlaReport(db, ws, { from: '2026-09-01', to: '2026-09-30', now: NOW });
    expect(r.settings.is_default).toBe(false);
    // a breached (63 h), b breached (62 min), c met, e met, f pending; the e-mail has no policy now.
    expect(r.summary.firstResponse).toMatchObject({ met: 2, breached: 2, pending: 1, unrecorded: 0, met_pct: 50 });
    expect(r.evaluated).toBe(5);
    await saveSlaSettings(db, ws.id, null);
    expect((await loadSlaSettings(db, ws.id)).isDefault).toBe(true);
  });

  it('counts an item done by its status but without answer times as neither pending nor late, in the report and its drill-down', async () => {
    // A CSV with a 상태 column and no answer times: the ticket is closed, when it was answered is unknown.
    await ingestItems(db, ws, [buildItem({ external_id: 'closed-no-times', channel: 'chat', status: 'closed', created_at: kst('2026-09-15T10:00:00'), text: '주문 취소하고 싶어요' })]);
    const r = await getSlaReport(db, ws, { from: '2026-09-15', to: '2026-09-15', now: NOW });
    expect(r.summary.firstResponse).toMatchObject({ met: 0, breached: 0, pending: 0, unrecorded: 1, met_pct: null });
    const { listItems } = await import('../store/queries/list-items.js');
    for (const sla of ['breached', 'breached_first_response', 'open_overdue'] as const) {
      const listed = await listItems(db, ws.id, { sla, now: NOW, from: new Date(kst('2026-09-15T00:00:00')), to: new Date(kst('2026-09-16T00:00:00')) }, { limit: 10 });
      expect(listed.items.map((i) => i.external_id), sla).toEqual([]);
    }
  });

  it('counts items 완료 by their status without a resolution time as unrecorded, outside the % met', async () => {
    // An imported sheet: 상태 "완료" on every row, 답변일시 on some, 해결일시 on none (October, a range of its own).
    await ingestItems(db, ws, [
      // Answered 2 business hours after it came in (met), 완료 without a resolution time.
      buildItem({ external_id: 'imp-1', channel: 'email', status: 'resolved', created_at: kst('2026-10-06T10:00:00'), first_response_at: kst('2026-10-06T12:00:00'), text: '환불 요청드립니다. 처리 부탁해요' }),
      // Neither answer nor resolution time: both targets unrecorded.
      buildItem({ external_id: 'imp-2', channel: 'email', status: 'resolved', created_at: kst('2026-10-06T11:00:00'), text: '배송지 변경 가능할까요' }),
      buildItem({ external_id: 'imp-3', channel: 'board', status: 'closed', created_at: kst('2026-10-07T09:30:00'), text: '쿠폰이 적용되지 않아요' }),
      // Still open, answered late (Tue 10:00 + 8 business hours = Wed 10:00; answered Thu): breached; resolution pending.
      buildItem({ external_id: 'imp-4', channel: 'email', created_at: kst('2026-10-06T10:00:00'), first_response_at: kst('2026-10-08T10:00:00'), text: '결제가 두 번 됐어요' }),
    ]);
    const now = new Date(kst('2026-10-08T12:00:00'));
    const r = await getSlaReport(db, ws, { from: '2026-10-06', to: '2026-10-07', now });
    expect(r.summary.firstResponse).toMatchObject({ met: 1, breached: 1, pending: 0, unrecorded: 2, met_pct: 50 });
    // Resolution: three done without a time (not met, not breached), one still open and not due yet.
    expect(r.summary.resolution).toMatchObject({ met: 0, breached: 0, pending: 1, unrecorded: 3, met_pct: null });
    // Per policy (the e-mail and board one, or the incident one for a text read as a bug), adding up to the summary.
    expect(r.by_policy.reduce((n, p) => n + p.resolution.unrecorded, 0)).toBe(3);
    expect(r.by_channel.reduce((n, c) => n + c.resolution.unrecorded, 0)).toBe(3);
    expect(r.by_channel.find((c) => c.channel === 'board')!.firstResponse).toMatchObject({ unrecorded: 1, met: 0, breached: 0 });
    // The one resolved later with its time is no longer unrecorded: it is met.
    await ingestItems(db, ws, [buildItem({ external_id: 'imp-2', channel: 'email', status: 'resolved', created_at: kst('2026-10-06T11:00:00'), first_response_at: kst('2026-10-06T11:30:00'), resolved_at: kst('2026-10-06T15:00:00'), text: '배송지 변경 가능할까요' })]);
    const after = await getSlaReport(db, ws, { from: '2026-10-06', to: '2026-10-07', now });
    expect(after.summary.firstResponse).toMatchObject({ met: 2, breached: 1, pending: 0, unrecorded: 1, met_pct: (2 * 100) / 3 });
    expect(after.summary.resolution).toMatchObject({ met: 1, breached: 0, pending: 1, unrecorded: 2, met_pct: 100 });
  });
});
