import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { addDays, eachDay } from '../domain/local-day.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { upsertMetrics } from '../store/queries/business-metrics.js';
import { diffRollups } from '../store/queries/item-daily-counts.js';
import { createTopic } from '../store/queries/topics.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { getOverview } from './overview.js';
import { getVolume } from './volume.js';
import { getSupportKpis } from './support.js';
import { saveSlaSettings } from '../store/queries/sla-settings.js';
import { defaultSlaSettings } from '../domain/sla-settings.js';

// Two weeks of a small shop. Previous week 5/1–5/7, current week 5/8–5/14 (Seoul days).
// Orders: 1,000 a day, except 5/14 which has no number yet.
// 로그인 오류: 10 last week → 40 this week on 5/8–5/13, plus 2 on 5/14.
// 배송 지연: 3 a day both weeks (21 → 18 on 5/8–5/13, plus 3 on 5/14).
// Surveys: last week scores 10, 5, 6, 7 (NPS −25); this week 10, 10, 9, 3 on 5/9 (NPS 50).
const PREVIOUS = eachDay('2026-05-01', '2026-05-07');
const CURRENT_COVERED = eachDay('2026-05-08', '2026-05-13');
const at = (day: string, hour = 12) => `${day}T${String(hour).padStart(2, '0')}:00:00+09:00`;

describe(`overview insights (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let ws: Workspace;
  let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let loginTopic: string;
  let deliveryTopic: string;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens, login } = await buildTestApp(db));
    ws = await ensureWorkspace(db, { slug: 'default', name: '기본 워크스페이스' });
    loginTopic = (await createTopic(db, ws.id, { name: '로그인 오류', rules: [{ kind: 'keyword', pattern: '로그인' }] })).id;
    deliveryTopic = (await createTopic(db, ws.id, { name: '배송 지연', rules: [{ kind: 'keyword', pattern: '배송' }] })).id;
    await upsertMetrics(db, ws.id, [...PREVIOUS, ...CURRENT_COVERED].map((day) => ({ day, name: 'orders', value: 1000 })));

    const items = [];
    let n = 0;
    const loginItem = (day: string) => buildItem({ external_id: `login-${n++}`, created_at: at(day, 9 + (n % 8)), text: `앱 업데이트 후 로그인이 안 돼요. 비밀번호를 바꿔도 똑같아요 (${n})` });
    const delivery = (day: string) => buildItem({ external_id: `dlv-${n++}`, created_at: at(day, 9 + (n % 8)), text: `주문한 지 5일이 지났는데 배송 조회가 안 됩니다 (${n})` });
    for (let i = 0; i < 10; i++) items.push(loginItem(PREVIOUS[i % 7]!));
    for (let i = 0; i < 40; i++) items.push(loginItem(CURRENT_COVERED[i % 6]!));
    items.push(loginItem("2026-05-14"), loginItem("2026-05-14"));
    for (const day of PREVIOUS) for (let i = 0; i < 3; i++) items.push(delivery(day));
    for (const day of [...CURRENT_COVERED, '2026-05-14']) for (let i = 0; i < 3; i++) items.push(delivery(day));
    const survey = (day: string, score: number) =>
      buildItem({ external_id: `s-${n++}`, channel: 'survey', kind: 'survey_response', created_at: at(day), score, text: '서비스 이용 설문 응답입니다' });
    for (const score of [10, 5, 6, 7]) items.push(survey('2026-05-03', score));
    for (const score of [10, 10, 9, 3]) items.push(survey('2026-05-09', score));
    expect((await ingestItems(db, ws, items)).inserted).toBe(items.length);
  });
  afterAll(() => close());

  it('compares the week with the one before: volume, contact rate over days with orders, NPS', async () => {
    const o = await getOverview(db, ws, { from: '2026-05-08', to: '2026-05-14' });
    expect(o.range).toMatchObject({ from: '2026-05-08', to: '2026-05-14', days: 7, previous: { from: '2026-05-01', to: '2026-05-07' } });
    // Volume: 40 + 2 + 18 + 3 + 4 = 67 against 10 + 21 + 4 = 35 → +91.43 %.
    expect(o.volume).toMatchObject({ current: 67, previous: 35, change: 91.43, verdict: 'significant_increase' });
    // Contact rate: 5/14 has no orders, so its 5 items are left out: 62 / 6,000 × 100 = 1.0333
    // against 35 / 7,000 × 100 = 0.5 → +106.67 %.
    expect(o.contact_rate).toMatchObject({
      metric: 'orders', per: 100, current: 1.0333, previous: 0.5, change: 106.67,
      covered_days: { current: 6, previous: 7, of: 7 }, verdict: 'significant_increase',
    });
    expect(o.contact_rate!.interval!.lower!).toBeGreaterThan(0);
    // NPS: this week 3 promoters, 1 detractor of 4 = 50; last week 1 and 2 of 4 = −25.
    expect(o.nps.current).toMatchObject({ n: 4, nps: 50 });
    expect(o.nps.previous).toMatchObject({ n: 4, nps: -25 });
    // Four answers a week are too few to call the NPS change.
    expect(o.nps.change.verdict).toBe('insufficient_data');
    expect(o.by_channel.map((c) => [c.key, c.current, c.previous])).toEqual([['chat', 63, 31], ['survey', 4, 4]]);
  });

  it('names the holidays of each period: 어린이날 fell on a weekday of the week before, none in this one; a workspace closure counts too', async () => {
    const o = await getOverview(db, ws, { from: '2026-05-08', to: '2026-05-14', now: new Date('2026-05-15T09:00:00+09:00') });
    expect(o.holidays.current).toEqual([]);
    expect(o.holidays.previous).toContainEqual({ date: '2026-05-05', name_ko: '어린이날', name_en: "Children's Day", weekday: true });
    // Through the API, with the workspace's own day off from its SLA calendar.
    const cookie = await login('admin');
    const current = await app.request('/api/v1/settings/sla', { headers: { Cookie: cookie } });
    const { is_default: _d, ...settings } = (await current.json()) as Record<string, any>;
    const saved = await app.request('/api/v1/settings/sla', {
      method: 'PUT',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...settings, businessHours: { ...settings.businessHours, extraHolidays: [{ date: '2026-05-12', nameKo: '창립기념일', nameEn: 'Founding day' }] } }),
    });
    expect(saved.status).toBe(200);
    const res = await app.request('/api/v1/insights/overview?from=2026-05-08&to=2026-05-14', { headers: { Authorization: `Bearer ${tokens.read}` } });
    const body = (await res.json()) as { holidays: { current: { date: string; name_ko: string }[] } };
    expect(body.holidays.current.map((h) => [h.date, h.name_ko])).toEqual([['2026-05-12', '창립기념일']]);
  });

  it("leaves out of the response rate the days whose items are not yet due an answer (a day old), so yesterday's open chats are no fall", async () => {
    const due = await ensureWorkspace(db, { slug: 'answer-due', name: '응답 기한' });
    const items = [];
    let n = 0;
    const chat = (day: string, hour: number, answered: boolean) =>
      buildItem({
        external_id: `due-${n++}`,
        created_at: at(day, hour),
        first_response_at: answered ? at(day, hour + 1) : null,
        text: `주문 내역이 안 보여요 (${n})`,
      });
    for (const day of eachDay('2026-06-03', '2026-06-09')) for (let i = 0; i < 20; i++) items.push(chat(day, 9 + (i % 8), true));
    // The range's last day: its chats came in this afternoon and evening and are not answered yet.
    for (let i = 0; i < 20; i++) items.push(chat('2026-06-10', 14 + (i % 9), false));
    expect((await ingestItems(db, due, items)).inserted).toBe(items.length);
    const now = new Date('2026-06-11T12:00:00+09:00');
    const overview = await getOverview(db, due, { from: '2026-06-07', to: '2026-06-10', now });
    expect(overview.response_rate).toMatchObject({ current: 100, previous: 100 });
    expect(overview.response_rate.verdict).not.toBe('significant_decrease');
    expect(overview.response_rate_before).toBe('2026-06-10');
    // A day later every chat of the 10th is due: unanswered, they count, and the fall is real.
    const later = await getOverview(db, due, { from: '2026-06-07', to: '2026-06-10', now: new Date('2026-06-12T12:00:00+09:00') });
    expect(later.response_rate).toMatchObject({ current: 75, verdict: 'significant_decrease' });
    expect(later.response_rate_before).toBeNull();
  });

  it("on a Monday morning leaves Friday's and the weekend's inquiries out of the response rate: with business hours they are not due before Monday (s24)", async () => {
    const weekend = await ensureWorkspace(db, { slug: 'answer-due-weekend', name: '주말 문의' });
    const items = [];
    let n = 0;
    const chat = (day: string, hour: number, answered: boolean) =>
      buildItem({ external_id: `wk-${n++}`, channel: 'board', created_at: at(day, hour), first_response_at: answered ? at(day, hour + 1) : null, text: `환불 문의드립니다 (${n})` });
    // Two weeks, Monday to Sunday: the team answers on weekdays; this week's Friday evening and weekend wait for Monday.
    for (const day of eachDay('2026-05-25', '2026-06-04')) for (let i = 0; i < 12; i++) items.push(chat(day, 9 + (i % 8), true));
    for (const day of ['2026-05-29', '2026-05-30', '2026-05-31']) for (let i = 0; i < 12; i++) items.push(chat(day, 19, true)); // the week before: all answered since
    for (let i = 0; i < 12; i++) items.push(chat('2026-06-05', 19 + (i % 4), false));
    for (const day of ['2026-06-06', '2026-06-07']) for (let i = 0; i < 12; i++) items.push(chat(day, 10 + (i % 8), false));
    expect((await ingestItems(db, weekend, items)).inserted).toBe(items.length);
    const now = new Date('2026-06-08T08:00:00+09:00'); // Monday, before the team starts
    const o = await getOverview(db, weekend, { from: '2026-06-01', to: '2026-06-07', now });
    // Before: only the last day was left out (a day old), so Friday and Saturday read as a significant fall.
    expect(o.response_rate_before).toBe('2026-06-05');
    expect(o.response_rate).toMatchObject({ current: 100, previous: 100 });
    const support = await getSupportKpis(db, weekend, { from: '2026-06-01', to: '2026-06-07', now });
    expect(support.response_rate_before).toBe('2026-06-05');
    expect(support.total.response_rate_pct).toBe(100);
    // On the 24-hour clock alone (24/7 hours), a day is a day: Saturday's count again.
    await saveSlaSettings(db, weekend.id, { ...defaultSlaSettings(weekend.timezone), businessHours: { timeZone: weekend.timezone, twentyFourSeven: true }, policies: [] });
    const always = await getOverview(db, weekend, { from: '2026-06-01', to: '2026-06-07', now });
    expect(always.response_rate_before).toBe('2026-06-07');
    expect(always.response_rate.verdict).toBe('significant_decrease');
  });

  it('counts a ticket resolved without a separate reply as answered in the response rate', async () => {
    const board = await ensureWorkspace(db, { slug: 'resolved-only', name: '처리완료만' });
    const items = eachDay('2026-06-01', '2026-06-07').map((day, i) =>
      buildItem({ external_id: `ro-${i}`, channel: 'board', created_at: `${day}T10:00:00+09:00`, resolved_at: `${day}T11:00:00+09:00`, status: 'resolved', text: `배송 문의드립니다 (${i})` }));
    await ingestItems(db, board, items);
    const o = await getOverview(db, board, { from: '2026-06-01', to: '2026-06-07', now: new Date('2026-06-20T12:00:00+09:00') });
    expect(o.response_rate.current).toBe(100);
  });

  it('says when no item has ever had an answer time (a board export without 답변일시): the response rate of 0 % then says nothing', async () => {
    const bare = await ensureWorkspace(db, { slug: 'no-answers', name: '답변 시각 없음' });
    const items = eachDay('2026-06-01', '2026-06-07').map((day, i) => buildItem({ external_id: `na-${i}`, channel: 'board', created_at: `${day}T10:00:00+09:00`, text: `환불 문의드립니다 (${i})` }));
    // A review with its reply time is no answer to an inquiry: still none recorded.
    items.push(buildItem({ external_id: 'na-review', channel: 'review', kind: 'review', rating: 4, created_at: '2026-06-02T10:00:00+09:00', first_response_at: '2026-06-02T12:00:00+09:00', text: '배송 빨라요' }));
    await ingestItems(db, bare, items);
    const now = new Date('2026-06-20T12:00:00+09:00');
    const o = await getOverview(db, bare, { from: '2026-06-01', to: '2026-06-07', now });
    expect(o.response_rate.current).toBe(0);
    expect(o.answer_times_recorded).toBe(false);
    expect((await getSupportKpis(db, bare, { from: '2026-06-01', to: '2026-06-07', now })).answer_times_recorded).toBe(false);
    // One answered inquiry, whenever: the data carries answers, and 0 % elsewhere means unanswered.
    await ingestItems(db, bare, [buildItem({ external_id: 'na-old', channel: 'chat', created_at: '2026-03-02T10:00:00+09:00', first_response_at: '2026-03-02T10:05:00+09:00', text: '쿠폰 문의' })]);
    expect((await getOverview(db, bare, { from: '2026-06-01', to: '2026-06-07', now })).answer_times_recorded).toBe(true);
  });

  it('counts the chatbot share of all conversations on the answering channels, an item with no handler recorded as a person’s; none when nobody records one', async () => {
    const bots = await ensureWorkspace(db, { slug: 'bot-share', name: '챗봇 비중' });
    const items = [
      buildItem({ external_id: 'bs-1', channel: 'chatbot', handled_by: 'bot', created_at: at('2026-07-06', 9), text: '주문 조회 챗봇 상담' }),
      buildItem({ external_id: 'bs-2', channel: 'chat', handled_by: 'human', created_at: at('2026-07-06', 10), text: '상담원 연결 부탁드려요' }),
      // The desk's export says nothing of who answered: a person's conversation.
      buildItem({ external_id: 'bs-3', channel: 'board', created_at: at('2026-07-06', 11), text: '환불 문의드립니다' }),
      buildItem({ external_id: 'bs-4', channel: 'email', created_at: at('2026-07-06', 12), text: '영수증 재발행 요청' }),
      // Reviews are no conversation.
      buildItem({ external_id: 'bs-5', channel: 'review', kind: 'review', rating: 5, created_at: at('2026-07-06', 13), text: '배송 빨라요' }),
    ];
    expect((await ingestItems(db, bots, items)).inserted).toBe(items.length);
    const o = await getOverview(db, bots, { from: '2026-07-06', to: '2026-07-12' });
    expect(o.self_service_share.current).toBe(25); // 1 of 4, not 1 of 2
    const none = await ensureWorkspace(db, { slug: 'bot-share-none', name: '처리 주체 없음' });
    await ingestItems(db, none, [buildItem({ external_id: 'bn-1', channel: 'chat', created_at: at('2026-07-06', 9), text: '문의드립니다' })]);
    expect((await getOverview(db, none, { from: '2026-07-06', to: '2026-07-12' })).self_service_share.current).toBeNull();
  });

  it('counts the duplicate share over contacts that expect an answer: identical reviews are no repeated contact', async () => {
    const dup = await ensureWorkspace(db, { slug: 'dup-share', name: '중복 문의' });
    const items = [];
    let n = 0;
    const texts = ['환불 요청했는데 처리 상태를 알고 싶어요', '쿠폰 적용이 안 돼서 결제를 못 하고 있어요', '배송지 주소를 바꾸고 싶은데 어디서 하나요', '회원 탈퇴는 어떻게 하나요', '앱에서 영수증 출력이 되나요', '포인트 적립 내역이 안 보여요'];
    for (const [i, text] of texts.entries()) items.push(buildItem({ external_id: `dc-${n++}`, created_at: at('2026-07-06', 9 + i), text }));
    // The same outage reported by four more customers the same day.
    for (let i = 0; i < 4; i++) items.push(buildItem({ external_id: `dc-${n++}`, created_at: at('2026-07-06', 16 + i), text: '앱 업데이트 후 로그인이 안 돼요', customer_id: `outage-${i}` }));
    items.push(buildItem({ external_id: `dc-${n++}`, created_at: at('2026-07-06', 8), text: '앱 업데이트 후 로그인이 안 돼요', customer_id: 'outage-first' }));
    for (let i = 0; i < 20; i++) items.push(buildItem({ external_id: `dr-${n++}`, channel: 'review', kind: 'review', rating: 5, created_at: at('2026-07-07', 9 + (i % 10)), text: '배송 빠르고 좋아요' }));
    expect((await ingestItems(db, dup, items)).inserted).toBe(items.length);
    const flagged = await db.query<{ channel: string; n: number }>('SELECT channel, count(*)::int AS n FROM items WHERE workspace_id = $1 AND is_duplicate GROUP BY channel ORDER BY channel', [dup.id]);
    // Enrichment flags both: the four later outage reports and the reviews after the first.
    expect(flagged).toEqual([{ channel: 'chat', n: 4 }, { channel: 'review', n: 19 }]);
    const o = await getOverview(db, dup, { from: '2026-07-06', to: '2026-07-12' });
    // 4 repeats of 11 chats, not 23 of 31 items.
    expect(o.duplicate_share.current).toBe((4 * 100) / 11);
  });

  it('names the topic that rose for real and leaves the steady one within noise', async () => {
    const o = await getOverview(db, ws, { from: '2026-05-08', to: '2026-05-14' });
    const [first, second] = o.topic_movers;
    // 로그인 오류: 40 items over 6,000 orders (2 more on 5/14, which has no orders) against 10 over
    // 7,000 → expected 8.57, excess 31.
    expect(first).toMatchObject({ key: loginTopic, name: '로그인 오류', current_items: 42, previous_items: 10, excess_items: 31 });
    expect(first!.rate.verdict).toBe('significant_increase');
    expect(first!.p_adjusted).toBeLessThan(0.001);
    // 배송 지연: 18 over 6,000 against 21 over 7,000 — the same rate.
    expect(second).toMatchObject({ key: deliveryTopic, current_items: 21, previous_items: 21, excess_items: 0 });
    expect(second!.rate.verdict).toBe('within_noise');
    expect(second!.rate.change).toBeCloseTo(0, 6);
  });

  it('draws a daily series with drill-down instants in Seoul time and filters by topic', async () => {
    const v = await getVolume(db, ws, { from: '2026-05-08', to: '2026-05-14', topic: [loginTopic] });
    expect(v.total).toMatchObject({ items: 42, previous_items: 10 });
    const points = v.lines[0]!.points;
    expect(points).toHaveLength(7);
    expect(points[0]).toMatchObject({ period: '2026-05-08', from: '2026-05-07T15:00:00.000Z', to: '2026-05-08T15:00:00.000Z' });
    // 40 items over 5/8–5/13, 7 on the first four days and 6 on the last two (i % 6).
    expect(points.map((p) => p.items)).toEqual([7, 7, 7, 7, 6, 6, 2]);
    // 7 items on a day with 1,000 orders = 0.7 per 100; 5/14 has no orders, so no rate.
    expect(points.map((p) => p.rate)).toEqual([0.7, 0.7, 0.7, 0.7, 0.6, 0.6, null]);

    const byTopic = await getVolume(db, ws, { from: '2026-05-08', to: '2026-05-14', by: 'topic', granularity: 'week' });
    expect(byTopic.lines.map((l) => [l.name ?? l.key, l.items])).toEqual([['로그인 오류', 42], ['배송 지연', 21], ['0', 4]]);
    expect(byTopic.lines[0]!.points.map((p) => p.period)).toEqual(['2026-05-04', '2026-05-11']);
    expect(addDays('2026-05-08', 6)).toBe('2026-05-14');
  });

  it('serves the overview over HTTP to readers only, and refuses a bad range', async () => {
    const viewer = await login('viewer');
    const ok = await app.request('/api/v1/insights/overview?from=2026-05-08&to=2026-05-14', { headers: { Cookie: viewer } });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { volume: { current: number } };
    expect(body.volume.current).toBe(67);
    const ingestOnly = await app.request('/api/v1/insights/overview', { headers: { Authorization: `Bearer ${tokens.ingest}` } });
    expect(ingestOnly.status).toBe(403);
    const backwards = await app.request('/api/v1/insights/volume?from=2026-05-14&to=2026-05-01', { headers: { Cookie: viewer } });
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { code: string }).code).toBe('validation_failed');
    const notADay = await app.request('/api/v1/insights/volume?from=2026-02-30', { headers: { Authorization: `Bearer ${tokens.read}` } });
    expect(notADay.status).toBe(400);
    // Every insight route and export refuses what it cannot use with a 400, never a 500 nor a filter silently dropped.
    const read = { Authorization: `Bearer ${tokens.read}` };
    for (const path of [
      '/insights/overview?from=9999-12-31',
      '/insights/segments?from=2026-02-30',
      '/insights/segments?to=2026-13-01',
      '/insights/support?to=9999-12-31',
      '/insights/export?table=volume&by=x',
      '/insights/export?table=support&by=topic',
      '/insights/export?table=channels&from=9999-12-31',
      '/insights/volume?topic=abc',
      '/insights/volume?topic=1,배송',
    ]) {
      const res = await app.request(`/api/v1${path}`, { headers: read });
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { code: string }).code, path).toBe('validation_failed');
    }
    for (const path of ['/insights/volume?topic=none', '/insights/export?table=support&by=assignee&from=2026-05-08&to=2026-05-14']) {
      expect((await app.request(`/api/v1${path}`, { headers: read })).status, path).toBe(200);
    }
    // A list parameter that names nothing (`channel=,`) is no filter: the rollups read an empty list as none.
    const volumeTotal = async (q: string) => ((await (await app.request(`/api/v1/insights/volume?from=2026-05-08&to=2026-05-14${q}`, { headers: read })).json()) as { total: { items: number } }).total.items;
    expect(await volumeTotal('&channel=,')).toBe(await volumeTotal(''));
    expect(await volumeTotal('&channel=,')).toBe(67);
  });

  it('rates against a custom Korean metric named in the URL, summed or averaged as its name reads', async () => {
    await upsertMetrics(db, ws.id, [...PREVIOUS, ...CURRENT_COVERED].flatMap((day) => [
      { day, name: '재구매수', value: 100 },
      { day, name: '활성사용자수', value: 5000 },
      { day, name: 'revenue', value: 10_000_000 },
    ]));
    const viewer = { Cookie: await login('viewer') };
    const overview = async (metric: string) =>
      app.request(`/api/v1/insights/overview?from=2026-05-08&to=2026-05-14&metric=${encodeURIComponent(metric)}`, { headers: viewer });
    // 62 items over 6 days of 100 repurchases against 35 over 7 days of 100.
    expect((await (await overview('재구매수')).json()).contact_rate).toMatchObject({
      metric: '재구매수', per: 100, aggregation: 'sum', metric_unit: 'count', current: 10.3333, previous: 5,
    });
    // A head count of active users is a level: averaged over the days, per 1,000.
    expect((await (await overview('활성사용자수')).json()).contact_rate).toMatchObject({ metric: '활성사용자수', per: 1000, aggregation: 'mean', metric_unit: 'people' });
    // Named as POST /metrics takes it: 주문수 is orders.
    expect((await (await overview('주문수')).json()).contact_rate).toMatchObject({ metric: 'orders', current: 1.0333 });
    const volume = await app.request(`/api/v1/insights/volume?from=2026-05-08&to=2026-05-14&metric=${encodeURIComponent('재구매수')}`, { headers: viewer });
    expect((await volume.json()).denominator).toEqual({ metric: '재구매수', per: 100, aggregation: 'sum', metric_unit: 'count' });
    // Revenue is money: per 1,000,000 won, not per 100 won. 62 items over 6 days of ₩10,000,000.
    // (metric_unit, not unit: unit is the change's own, percent.)
    expect((await (await overview('revenue')).json()).contact_rate).toMatchObject({
      metric: 'revenue', per: 1_000_000, aggregation: 'sum', metric_unit: 'money', current: 1.0333, previous: 0.5, unit: 'percent',
    });
    // The topic page rates against the metric its link names, with the same unit.
    const topic = await app.request(`/api/v1/insights/topics/${loginTopic}?from=2026-05-08&to=2026-05-14&metric=revenue`, { headers: viewer });
    const detail = (await topic.json()) as { denominator: unknown; total: { rate: { current: number } } };
    expect(detail.denominator).toEqual({ metric: 'revenue', per: 1_000_000, aggregation: 'sum', metric_unit: 'money' });
    expect(detail.total.rate.current).toBeCloseTo(0.6667, 4);
    const bad = await overview('bad name!');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/not a metric name.* \/ 지표 이름은/);
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    const param = doc.paths['/api/v1/insights/overview'].get.parameters.find((p: { name?: string }) => p.name === 'metric');
    expect(param.schema.description).toContain('재구매수');
    expect(param.schema.pattern).toBeUndefined();
  });

  it('serves NPS, support KPIs and SLA; only an admin changes SLA settings', async () => {
    const viewer = await login('viewer');
    for (const path of ['/api/v1/insights/nps?from=2026-05-08&to=2026-05-14', '/api/v1/insights/support?from=2026-05-08&to=2026-05-14', '/api/v1/insights/sla?from=2026-05-08&to=2026-05-14', '/api/v1/insights/churn', '/api/v1/settings/sla']) {
      const res = await app.request(path, { headers: { Cookie: viewer } });
      expect(res.status, path).toBe(200);
    }
    const nps = (await (await app.request('/api/v1/insights/nps?from=2026-05-08&to=2026-05-14', { headers: { Cookie: viewer } })).json()) as { current: { nps: number } };
    expect(nps.current.nps).toBe(50);
    const settings = { businessHours: { twentyFourSeven: true }, policies: [{ id: 'all', name: '전체 1시간', firstResponseTargetMs: 3_600_000 }] };
    const put = (cookie: string) =>
      app.request('/api/v1/settings/sla', { method: 'PUT', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: JSON.stringify(settings) });
    expect((await put(viewer)).status).toBe(403);
    expect((await put(await login('operator'))).status).toBe(403);
    const admin = await login('admin');
    const saved = await put(admin);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ is_default: false, policies: [{ id: 'all', calendar: 'business' }] });
    const reset = await app.request('/api/v1/settings/sla', { method: 'PUT', headers: { Cookie: admin, 'Content-Type': 'application/json' }, body: JSON.stringify({ reset: true }) });
    expect(await reset.json()).toMatchObject({ is_default: true });
  });

  it('shows one topic: trend, duplicates, newest items, and the team’s comments (operators write, viewers read)', async () => {
    const operator = await login('operator');
    const viewer = await login('viewer');
    const post = (cookie: string, body: string) =>
      app.request(`/api/v1/topics/${loginTopic}/comments`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: JSON.stringify({ body }) });
    expect((await post(viewer, '보기 전용은 못 씁니다')).status).toBe(403);
    const made = await post(operator, '11/8 앱 배포 후 로그인 오류 증가, 개발팀 확인 중 <script>alert(1)</script>');
    expect(made.status).toBe(200);
    expect((await post(operator, '   ')).status).toBe(400);
    expect((await app.request('/api/v1/topics/999999/comments', { method: 'POST', headers: { Cookie: operator, 'Content-Type': 'application/json' }, body: JSON.stringify({ body: '없는 토픽' }) })).status).toBe(404);

    const res = await app.request(`/api/v1/insights/topics/${loginTopic}?from=2026-05-08&to=2026-05-14`, { headers: { Cookie: viewer } });
    expect(res.status).toBe(200);
    const d = (await res.json()) as {
      topic: { name: string }; total: { items: number; previous_items: number }; points: { items: number }[];
      examples: { text: string }[]; duplicate_groups: { items: number }[]; comments: { body: string; author: string }[];
    };
    expect(d.topic.name).toBe('로그인 오류');
    expect(d.total).toMatchObject({ items: 42, previous_items: 10 });
    expect(d.points.reduce((n, p) => n + p.items, 0)).toBe(42);
    expect(d.examples).toHaveLength(10);
    expect(d.examples.every((e) => e.text.includes('로그인'))).toBe(true);
    // 42 near-identical reports: they form duplicate groups.
    expect(d.duplicate_groups[0]!.items).toBeGreaterThan(1);
    // Stored as written: escaping is the renderer's job (the web app renders it as text).
    expect(d.comments).toEqual([expect.objectContaining({ body: '11/8 앱 배포 후 로그인 오류 증가, 개발팀 확인 중 <script>alert(1)</script>', author: 'operator@sori.test' })]);
    expect((await app.request('/api/v1/insights/topics/999999', { headers: { Cookie: viewer } })).status).toBe(404);
  });

  it('exports a list as CSV and XLSX with spreadsheet formulas defused', async () => {
    const admin = await login('admin');
    // A topic named like a formula: attacker-controlled text must never run in a spreadsheet.
    await app.request(`/api/v1/topics/${deliveryTopic}`, {
      method: 'PATCH', headers: { Cookie: admin, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: '=HYPERLINK("http://evil.example","배송")' }),
    });
    const csv = await app.request('/api/v1/insights/export?table=topic_movers&format=csv&from=2026-05-08&to=2026-05-14', { headers: { Cookie: admin } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 6)).toEqual(['key', 'name', 'parent_name', 'current_items', 'previous_items', 'excess_items']);
    expect(lines[1]).toContain('로그인 오류');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""배송"")"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const xlsx = await app.request('/api/v1/insights/export?table=channels&format=xlsx&from=2026-05-08&to=2026-05-14', { headers: { Cookie: admin } });
    expect(xlsx.status).toBe(200);
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // a zip (XLSX) file
    const bad = await app.request('/api/v1/insights/export?table=passwords', { headers: { Cookie: admin } });
    expect(bad.status).toBe(400);
  });

  it('says what a rate is of: Explore\'s total and lines and the movers and volume exports carry the metric, per and the days with a number', async () => {
    // Orders every day but 5/14: 6 of 7 days this week, 7 the week before, 1,000 a day.
    const v = await getVolume(db, ws, { from: '2026-05-08', to: '2026-05-14', metric: 'orders', granularity: 'week' });
    const basis = { covered_days: { current: 6, previous: 7, of: 7 }, denominator: { current: 6000, previous: 7000 } };
    expect(v.total).toMatchObject(basis);
    expect(v.lines[0]).toMatchObject({ key: 'all', ...basis });
    // Each bucket with its own days: Fri–Sun of one week (3 of 3 with orders), Mon–Thu of the next (3 of 4).
    expect(v.lines[0]!.points.map((p) => [p.period, p.days, p.covered_days])).toEqual([['2026-05-04', 3, 3], ['2026-05-11', 4, 3]]);
    const exported = async (query: string) =>
      (await (await app.request(`/api/v1/insights/export?format=csv&from=2026-05-08&to=2026-05-14&metric=orders&${query}`, { headers: { Authorization: `Bearer ${tokens.read}` } })).text())
        .replace(/^\uFEFF/, '').trim().split('\r\n');
    // The basis columns come last (names and keys before them may hold commas inside quotes).
    const movers = await exported('table=topic_movers');
    expect(movers[0]!.split(',').slice(-4)).toEqual(['metric', 'per', 'covered_days_current', 'covered_days_previous']);
    const loginRow = movers.find((line) => line.startsWith(`${loginTopic},`))!;
    expect(loginRow.split(',').slice(-4)).toEqual(['orders', '100', '6', '7']);
    const volume = await exported('table=volume&granularity=week');
    expect(volume[0]!.split(',').slice(-6)).toEqual(['period_days', 'period_covered_days', 'metric', 'per', 'covered_days_current', 'covered_days_previous']);
    expect(volume.slice(1).map((line) => line.split(',').slice(-6))).toEqual([['3', '3', 'orders', '100', '6', '7'], ['4', '3', 'orders', '100', '6', '7']]);
  });

  it('names an exported list by the workspace’s dates, not the UTC ones', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-12-04T23:30:00Z')); // 12/5 08:30 in Seoul, still 12/4 in UTC
      const nameOf = async (query: string) => {
        const res = await app.request(`/api/v1/insights/export?format=csv&${query}`, { headers: { Authorization: `Bearer ${tokens.read}` } });
        expect(res.status).toBe(200);
        await res.text();
        return res.headers.get('content-disposition');
      };
      // A list of a range by its range; the default range ends yesterday in Seoul (12/4), not in UTC (12/3).
      expect(await nameOf('table=channels&from=2026-05-08&to=2026-05-14')).toBe('attachment; filename="sori-channels-2026-05-08_2026-05-14.csv"');
      expect(await nameOf('table=channels')).toBe('attachment; filename="sori-channels-2026-11-07_2026-12-04.csv"');
      // Import runs, of no range, by the day of the download.
      expect(await nameOf('table=import_runs')).toBe('attachment; filename="sori-import_runs-2026-12-05.csv"');
    } finally {
      vi.useRealTimers();
    }
  });

  it('filters and splits by customer segment from the segment rollup, agreeing with the other rollups and the items', async () => {
    await ingestItems(db, ws, [
      ...[1, 2, 3].map((i) => buildItem({ external_id: `vip-${i}`, created_at: at('2026-06-10'), customer_segment: 'VIP', text: '로그인이 안 돼요 VIP 고객입니다' })),
      buildItem({ external_id: 'new-1', created_at: at('2026-06-11'), customer_segment: '신규', text: '배송 언제 오나요' }),
      buildItem({ external_id: 'plain-1', created_at: at('2026-06-11'), text: '배송 조회가 안 돼요' }),
    ]);
    const june = { from: '2026-06-08', to: '2026-06-14' };
    const vip = await getVolume(db, ws, { ...june, segment: ['VIP'] });
    expect(vip).toMatchObject({ source: 'segment_rollups', total: { items: 3 } });
    const split = await getVolume(db, ws, { ...june, by: 'segment' });
    expect(split.lines.map((l) => [l.key, l.items])).toEqual([['VIP', 3], ['', 1], ['신규', 1]]);
    const rolled = await getVolume(db, ws, june);
    expect(rolled.source).toBe('rollups');
    expect(rolled.total.items).toBe(5);
    // The same filter on both paths gives the same daily points.
    const byItems = await getVolume(db, ws, { ...june, topic: [loginTopic], by: 'segment' });
    const byRollups = await getVolume(db, ws, { ...june, topic: [loginTopic] });
    expect(byItems.total.items).toBe(byRollups.total.items);
    const items = await app.request('/api/v1/items?segment=VIP', { headers: { Authorization: `Bearer ${tokens.read}` } });
    expect(((await items.json()) as { items: unknown[] }).items).toHaveLength(3);
    // The segment list: largest first, '' for items without one.
    const listed = await app.request('/api/v1/insights/segments?from=2026-06-08&to=2026-06-14', { headers: { Authorization: `Bearer ${tokens.read}` } });
    expect(await listed.json()).toEqual({ from: '2026-06-08', to: '2026-06-14', segments: [{ segment: 'VIP', items: 3 }, { segment: '', items: 1 }, { segment: '신규', items: 1 }] });
    // A segment that changes on a re-send moves between keys; the rollup still matches the items.
    await ingestItems(db, ws, [buildItem({ external_id: 'vip-3', created_at: at('2026-06-10'), customer_segment: '일반', text: '로그인이 안 돼요 이제 일반 고객입니다' })]);
    expect((await getVolume(db, ws, { ...june, segment: ['VIP'] })).total.items).toBe(2);
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });
});
