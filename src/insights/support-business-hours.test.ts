import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { buildBusinessSchedule, businessIntervalsBetween, businessMsBetween } from '../domain/calendar/business-hours.js';
import { SoriError } from '../domain/errors.js';
import { quantile } from '../domain/stats.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { saveSlaSettings } from '../store/queries/sla-settings.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { getSupportKpis, type SupportDimension } from './support.js';

const MIN = 60;
const kst = (wall: string) => `${wall}:00+09:00`;
const RANGE = { from: '2026-10-08', to: '2026-10-18', now: new Date('2026-11-02T12:00:00+09:00') };

/**
 * A Seoul team on the default hours (weekdays 09–12 and 13–18, Korean public holidays off).
 * 2026-10-09 (Fri) is 한글날; 10-10/11 and 10-17/18 are weekends.
 */
const SEOUL_ITEMS = [
  // A Friday-evening e-mail answered Monday 10:00 (63 h on the clock, 1 business hour), resolved 11:30 (2.5 h).
  { id: 'fri-evening', channel: 'email', assignee: '김상담', created: '2026-10-16T19:00', answered: '2026-10-19T10:00', resolved: '2026-10-19T11:30', text: '금요일 저녁에 보낸 배송 문의입니다' },
  // Received on Saturday: the clock starts at Monday's opening → 30 minutes.
  { id: 'saturday', channel: 'chat', assignee: '박상담', created: '2026-10-17T10:00', answered: '2026-10-19T09:30', text: '주말에 남긴 채팅 문의' },
  // Across lunch: 11:30 → 13:30 is one business hour; resolved 17:00 → 0.5 h + 4 h.
  { id: 'lunch', channel: 'chat', assignee: '김상담', created: '2026-10-13T11:30', answered: '2026-10-13T13:30', resolved: '2026-10-13T17:00', text: '점심시간에 걸친 환불 문의' },
  // Thursday 17:00 before 한글날 (Friday), answered Monday 10:00: Thursday's last hour + Monday's first → 2 h.
  { id: 'hangul-day', channel: 'email', assignee: '박상담', created: '2026-10-08T17:00', answered: '2026-10-12T10:00', text: '한글날 연휴 전에 보낸 계정 문의' },
  // Answered after hours (21:00): only 17:30–18:00 counts → 30 minutes.
  { id: 'after-hours', channel: 'board', assignee: '김상담', created: '2026-10-14T17:30', answered: '2026-10-14T21:00', text: '1:1 문의 게시판 환불 요청' },
  // A first response stored an hour before the item arrived (set below: ingest refuses it now, but rows
  // stored before that check hold such times): no first-response time, as on the 24-hour clock (the
  // sketches leave it out); its resolution an hour later counts.
  { id: 'skewed', channel: 'chat', assignee: '', created: '2026-10-14T10:00', answered: '2026-10-14T10:00', resolved: '2026-10-14T11:00', text: '응답 시각이 접수보다 빠른 채팅' },
  // Inside hours: 10 minutes, resolved after an hour.
  { id: 'plain', channel: 'chat', assignee: '박상담', created: '2026-10-15T14:00', answered: '2026-10-15T14:10', resolved: '2026-10-15T15:00', text: '배송지 변경 문의드립니다' },
  // Never answered: received, but in no lead time.
  { id: 'open', channel: 'chat', assignee: '박상담', created: '2026-10-15T15:00', text: '아직 답을 못 받은 문의' },
] as const;

type SeoulItem = (typeof SEOUL_ITEMS)[number];

const toItem = (i: SeoulItem) =>
  buildItem({
    external_id: i.id,
    channel: i.channel,
    created_at: kst(i.created),
    first_response_at: 'answered' in i ? kst(i.answered) : undefined,
    resolved_at: 'resolved' in i ? kst(i.resolved) : undefined,
    status: 'resolved' in i ? 'resolved' : 'open',
    assignee: i.assignee || undefined,
    handled_by: 'human',
    text: i.text,
  });

/** Lead times of a row without them, to compare the two clocks' other figures. */
const withoutLeadTimes = <T extends { first_response: unknown; resolution: unknown }>({ first_response: _f, resolution: _r, ...rest }: T) => rest;

describe(`support lead times in business hours (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'business-hours', name: '영업시간 리드타임' });
    const summary = await ingestItems(db, ws, SEOUL_ITEMS.map(toItem));
    expect(summary.rejected).toBe(0);
    await db.query("UPDATE items SET first_response_at = created_at - interval '1 hour' WHERE workspace_id = $1 AND external_id = 'skewed'", [ws.id]);
  });
  afterAll(() => close());

  it('counts only business hours: after hours, weekends, lunch and 한글날 are skipped, percentiles exact', async () => {
    const k = await getSupportKpis(db, ws, { ...RANGE, clock: 'business' });
    expect(k.clock).toBe('business');
    expect(k.business_hours).toMatchObject({ timeZone: 'Asia/Seoul', twentyFourSeven: false, koreanPublicHolidays: true, is_default: true });
    // First answers in business minutes: 60, 30, 60, 120, 30, 10 (the skewed one left out).
    // Sorted 10, 30, 30, 60, 60, 120: median (30 + 60) / 2 = 45; p90 at rank 4.5 → 60 + 0.5 × 60 = 90.
    expect(k.total.first_response).toEqual({ count: 6, p50_seconds: 45 * MIN, p90_seconds: 90 * MIN });
    // Resolutions: 150, 270, 60, 60 → sorted 60, 60, 150, 270: median 105; p90 at rank 2.7 → 150 + 0.7 × 120 = 234.
    expect(k.total.resolution).toEqual({ count: 4, p50_seconds: 105 * MIN, p90_seconds: 234 * MIN });
    const email = k.rows.find((r) => r.key === 'email')!;
    // The Friday-evening e-mail (1 h) and the one before 한글날 (2 h).
    expect(email.first_response).toEqual({ count: 2, p50_seconds: 90 * MIN, p90_seconds: 114 * MIN });
    expect(email.resolution).toEqual({ count: 1, p50_seconds: 150 * MIN, p90_seconds: 150 * MIN });
    // On the 24-hour clock the same e-mails took 63 and 89 hours.
    const calendar = await getSupportKpis(db, ws, RANGE);
    expect(calendar.clock).toBe('calendar');
    expect(calendar.business_hours).toBeNull();
    const calendarEmail = calendar.rows.find((r) => r.key === 'email')!.first_response;
    expect(Math.abs(calendarEmail.p50_seconds! - 76 * 3600)).toBeLessThanOrEqual(76 * 3600 * 0.02 + 1);
  });

  it('counts the same items as the 24-hour clock in every split and channel filter, and changes no other figure', async () => {
    const channelFilters: (string[] | undefined)[] = [undefined, ['chat'], ['email', 'board'], ['survey']];
    for (const by of ['channel', 'assignee', 'type', 'handled_by'] satisfies SupportDimension[]) {
      for (const channel of channelFilters) {
        const calendar = await getSupportKpis(db, ws, { ...RANGE, by, channel });
        const business = await getSupportKpis(db, ws, { ...RANGE, by, channel, clock: 'business' });
        const where = `${by} ${channel?.join(',') ?? 'all'}`;
        expect(business.rows.map((r) => r.key), where).toEqual(calendar.rows.map((r) => r.key));
        for (const [b, c] of [[business.total, calendar.total], ...business.rows.map((r, i) => [r, calendar.rows[i]!] as const)] as const) {
          expect([b.key, b.first_response.count, b.resolution.count], where).toEqual([c.key, c.first_response.count, c.resolution.count]);
          expect(withoutLeadTimes(b), where).toEqual(withoutLeadTimes(c));
        }
        expect(business.backlog.rows.map((r) => [r.key, r.open, r.unanswered]), where).toEqual(calendar.backlog.rows.map((r) => [r.key, r.open, r.unanswered]));
      }
    }
    // Chat alone, by agent: 박상담's Saturday chat (30 min) and plain one (10 min); the open one in no lead time.
    const chat = await getSupportKpis(db, ws, { ...RANGE, by: 'assignee', channel: ['chat'], clock: 'business' });
    const park = chat.rows.find((r) => r.key === '박상담')!;
    expect([park.received, park.first_response]).toEqual([3, { count: 2, p50_seconds: 20 * MIN, p90_seconds: 28 * MIN }]);
  });

  it('follows the business hours as they are now: 24/7 equals the 24-hour clock exactly, and back again', async () => {
    const before = await getSupportKpis(db, ws, { ...RANGE, clock: 'business' });
    await saveSlaSettings(db, ws.id, { businessHours: { twentyFourSeven: true }, policies: [] });
    const always = await getSupportKpis(db, ws, { ...RANGE, clock: 'business' });
    expect(always.business_hours).toMatchObject({ twentyFourSeven: true, is_default: false });
    // Every hour counts: 63 h, 47.5 h, 2 h, 89 h, 3.5 h and 10 min (in minutes: 3780, 2850, 120, 5340, 210, 10).
    // Sorted 10, 120, 210, 2850, 3780, 5340: median (210 + 2850) / 2 = 1530; p90 at rank 4.5 → 3780 + 0.5 × 1560 = 4560.
    expect(always.total.first_response).toEqual({ count: 6, p50_seconds: 1530 * MIN, p90_seconds: 4560 * MIN });
    // Lunch hours and evenings: a shift 10:00–19:00 without a lunch break.
    await saveSlaSettings(db, ws.id, { businessHours: { blocks: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '10:00', end: '19:00' }] }, policies: [] });
    const late = await getSupportKpis(db, ws, { ...RANGE, clock: 'business' });
    // Friday 19:00 → Monday 10:00: 0; Saturday → Monday 09:30: 0; 11:30 → 13:30: 120; Thursday 17:00 → Monday 10:00: 120;
    // 17:30 → 21:00: 90; 14:00 → 14:10: 10. Sorted 0, 0, 10, 90, 120, 120: median 50; p90 at rank 4.5 → 120.
    expect(late.total.first_response).toEqual({ count: 6, p50_seconds: 50 * MIN, p90_seconds: 120 * MIN });
    await saveSlaSettings(db, ws.id, null);
    expect((await getSupportKpis(db, ws, { ...RANGE, clock: 'business' })).total).toEqual(before.total);
  });

  it('refuses business hours when the workspace has none, and still answers on the 24-hour clock', async () => {
    const closed = await ensureWorkspace(db, { slug: 'no-hours', name: '영업시간 없음' });
    await ingestItems(db, closed, [toItem(SEOUL_ITEMS[0])]);
    await saveSlaSettings(db, closed.id, { businessHours: { blocks: [] }, policies: [] });
    const error = await getSupportKpis(db, closed, { ...RANGE, clock: 'business' }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(SoriError);
    expect(error).toMatchObject({ code: 'no_business_hours' });
    expect((error as Error).message).toContain('영업시간이 설정되지 않았습니다');
    expect((await getSupportKpis(db, closed, RANGE)).total.first_response.count).toBe(1);
  });

  it('agrees with the SLA’s own business-time arithmetic item by item: random times across a DST change, lunch and closures', async () => {
    // A Seoul workspace whose team keeps New York hours (the hours' zone is the settings' own).
    const ws2 = await ensureWorkspace(db, { slug: 'random-times', name: '무작위 시각' });
    const hours = {
      timeZone: 'America/New_York',
      blocks: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, start: '08:30', end: '12:00' },
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, start: '13:00', end: '17:30' },
        { days: ['sat'] as const, start: '10:00', end: '14:00' },
      ].map((b) => ({ ...b, days: [...b.days] })),
      extraHolidays: [{ date: '2026-10-30', name: '창립기념일' }],
    };
    await saveSlaSettings(db, ws2.id, { businessHours: hours, policies: [] });
    // A fixed pseudo-random sequence (mulberry32): arrivals over two weeks around the end of US daylight
    // saving (2026-11-01), answers up to 3 days later, resolutions up to 3 weeks later.
    let seed = 20261101;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
    };
    const start = Date.parse('2026-10-26T00:00:00-04:00');
    const items = Array.from({ length: 240 }, (_, i) => {
      const created = start + Math.floor(random() * 14 * 86_400_000);
      const answered = random() < 0.85 ? created + Math.floor(random() * 3 * 86_400_000) : undefined;
      const resolved = random() < 0.6 ? (answered ?? created) + Math.floor(random() * 21 * 86_400_000) : undefined;
      return { i, created, answered, resolved };
    });
    const summary = await ingestItems(db, ws2, items.map((x) =>
      buildItem({
        external_id: `r-${x.i}`, channel: (['chat', 'email', 'board'] as const)[x.i % 3], assignee: `상담원${x.i % 4}`, text: `무작위 문의 ${x.i}`,
        created_at: new Date(x.created).toISOString(),
        first_response_at: x.answered === undefined ? undefined : new Date(x.answered).toISOString(),
        resolved_at: x.resolved === undefined ? undefined : new Date(x.resolved).toISOString(),
      })));
    expect(summary.rejected).toBe(0);
    const schedule = buildBusinessSchedule(hours);
    const business = (from: number, to: number) => businessMsBetween(new Date(from), new Date(to), schedule) / 1000;
    // The intervals the query is handed add up to the same business time.
    const sample = items.find((x) => x.resolved !== undefined)!;
    const total = businessIntervalsBetween(new Date(sample.created), new Date(sample.resolved!), schedule).reduce((s, [a, b]) => s + b - a, 0);
    expect(total / 1000).toBe(business(sample.created, sample.resolved!));
    const k = await getSupportKpis(db, ws2, { from: '2026-10-26', to: '2026-11-10', now: new Date('2026-12-20T12:00:00Z'), by: 'assignee', clock: 'business' });
    const expectLead = (actual: { count: number; p50_seconds: number | null; p90_seconds: number | null }, values: number[]) => {
      expect(actual.count).toBe(values.length);
      // Exact, up to the rounding to whole seconds of a value computed in another order.
      expect(Math.abs(actual.p50_seconds! - Math.round(quantile(values, 0.5)!))).toBeLessThanOrEqual(1);
      expect(Math.abs(actual.p90_seconds! - Math.round(quantile(values, 0.9)!))).toBeLessThanOrEqual(1);
    };
    const firstAnswer = (x: (typeof items)[number]) => x.answered ?? x.resolved;
    expectLead(k.total.first_response, items.filter((x) => firstAnswer(x) !== undefined).map((x) => business(x.created, firstAnswer(x)!)));
    expectLead(k.total.resolution, items.filter((x) => x.resolved !== undefined).map((x) => business(x.created, x.resolved!)));
    for (const row of k.rows) {
      const mine = items.filter((x) => `상담원${x.i % 4}` === row.key);
      expectLead(row.first_response, mine.filter((x) => firstAnswer(x) !== undefined).map((x) => business(x.created, firstAnswer(x)!)));
      expectLead(row.resolution, mine.filter((x) => x.resolved !== undefined).map((x) => business(x.created, x.resolved!)));
    }
    expect(k.rows.length).toBe(4);
  });

  it('counts a workspace in another time zone on its own hours', async () => {
    const ny = await ensureWorkspace(db, { slug: 'new-york', name: '뉴욕 지사', timezone: 'America/New_York' });
    await ingestItems(db, ny, [
      // 08:00 in New York (before opening) answered at 10:00: one business hour there — in Seoul it
      // would be 21:00–23:00, none.
      buildItem({ external_id: 'ny-1', channel: 'email', created_at: '2026-10-13T08:00:00-04:00', first_response_at: '2026-10-13T10:00:00-04:00', text: '뉴욕 고객의 이메일 문의' }),
      // Friday 17:00 → Monday 09:15: Friday's last hour and Monday's first 15 minutes → 75 minutes.
      buildItem({ external_id: 'ny-2', channel: 'email', created_at: '2026-10-16T17:00:00-04:00', first_response_at: '2026-10-19T09:15:00-04:00', text: '금요일 오후 뉴욕 문의' }),
    ]);
    const k = await getSupportKpis(db, ny, { from: '2026-10-12', to: '2026-10-18', now: RANGE.now, clock: 'business' });
    expect(k.business_hours?.timeZone).toBe('America/New_York');
    // 60 and 75 minutes: median 67.5 → 4050 s; p90 at rank 0.9 → 60 + 0.9 × 15 = 73.5 → 4410 s.
    expect(k.total.first_response).toEqual({ count: 2, p50_seconds: 4050, p90_seconds: 4410 });
  });

  it('counts time once where a block edge falls in a DST gap, whatever other items are answered later', async () => {
    // New York hours 00:00–02:30 and 03:00–08:00 every day. On 2026-03-08 clocks skip 02:00 → 03:00, so
    // the first block's end (02:30) reads as 03:30 EDT, after the second block opens (03:00 EDT).
    const dst = await ensureWorkspace(db, { slug: 'dst-gap', name: 'DST 공백', timezone: 'America/New_York' });
    const every = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    await saveSlaSettings(db, dst.id, {
      businessHours: { timeZone: 'America/New_York', koreanPublicHolidays: false, blocks: [{ days: every, start: '00:00', end: '02:30' }, { days: every, start: '03:00', end: '08:00' }] },
      policies: [],
    });
    const night = { from: '2026-03-08', to: '2026-03-08', now: new Date('2026-03-20T12:00:00Z'), clock: 'business' as const, by: 'assignee' as const };
    // 01:55 EST (06:55Z) answered 03:10 EDT (07:10Z): 15 minutes passed, all inside the hours.
    await ingestItems(db, dst, [buildItem({ external_id: 'gap-1', channel: 'chat', assignee: '김상담', created_at: '2026-03-08T01:55:00-05:00', first_response_at: '2026-03-08T03:10:00-04:00', text: '새벽 채팅 문의' })]);
    const alone = await getSupportKpis(db, dst, night);
    expect(alone.rows.find((r) => r.key === '김상담')?.first_response.p50_seconds).toBe(15 * MIN);
    // Another agent's item answered later that day reaches the list further: the first item's time stays.
    await ingestItems(db, dst, [buildItem({ external_id: 'gap-2', channel: 'chat', assignee: '박상담', created_at: '2026-03-08T04:00:00-04:00', first_response_at: '2026-03-08T07:00:00-04:00', text: '아침 채팅 문의' })]);
    const both = await getSupportKpis(db, dst, night);
    expect(both.rows.find((r) => r.key === '김상담')?.first_response.p50_seconds).toBe(15 * MIN);
    expect(both.rows.find((r) => r.key === '박상담')?.first_response.p50_seconds).toBe(3 * 60 * MIN);
  });

  it('walks the calendar no further than the present for an answer stamped years ahead (a typo), counting up to there', async () => {
    const typo = await ensureWorkspace(db, { slug: 'typo-year', name: '연도 오타' });
    await saveSlaSettings(db, typo.id, { businessHours: { twentyFourSeven: true }, policies: [] });
    const now = new Date('2026-10-20T12:00:00+09:00');
    await ingestItems(db, typo, [
      buildItem({ external_id: 'typo-1', channel: 'email', created_at: kst('2026-10-19T12:00'), resolved_at: kst('2026-10-19T13:00'), status: 'resolved', text: '해결 시각 연도를 잘못 입력한 문의' }),
    ]);
    // Ingest now refuses a time more than a day ahead (s25); a row stored before that may hold one.
    await db.query("UPDATE items SET resolved_at = '2199-10-19T12:00:00+09:00' WHERE workspace_id = $1 AND external_id = 'typo-1'", [typo.id]);
    const k = await getSupportKpis(db, typo, { from: '2026-10-19', to: '2026-10-19', now, clock: 'business' });
    // 24/7: from arrival to a day after now (the later of now and the range's end), not to 2199.
    expect(k.total.resolution).toEqual({ count: 1, p50_seconds: 48 * 3600, p90_seconds: 48 * 3600 });
  });
});
