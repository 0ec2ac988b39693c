import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import type { ItemInput } from '../domain/item.js';
import { addDays, eachDay, localDayOf } from '../domain/local-day.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { upsertMetrics } from '../store/queries/business-metrics.js';
import { diffRollups } from '../store/queries/item-daily-counts.js';
import { summarizeItems } from '../store/queries/list-items.js';
import { createTopic, listTopics, updateTopic } from '../store/queries/topics.js';
import { trainWorkspaceModel } from '../labels/train-workspace-model.js';
import { promoteCluster } from '../labels/discover-topics.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { shareChange, rateChange } from './change.js';
import { getChurnReasons } from './churn.js';
import { getOverview } from './overview.js';
import { getSupportKpis } from './support.js';
import { getVolume } from './volume.js';

// Insight definitions checked against numbers recomputed by hand from the raw items (audit s10/h1).
// Each workspace is its own small case; weeks are 5/1–5/7 (previous) and 5/8–5/14 (current), Seoul days.
const PREVIOUS = eachDay('2026-05-01', '2026-05-07');
const CURRENT = eachDay('2026-05-08', '2026-05-14');
const WEEK = { from: '2026-05-08', to: '2026-05-14' };
const at = (day: string, minute = 0) => `${day}T10:${String(minute % 60).padStart(2, '0')}:00+09:00`;

describe(`insight definitions (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let n = 0;
  const item = (day: string, extra: Partial<ItemInput> = {}) => buildItem({ external_id: `d-${n++}`, created_at: `${day}T09:${String(n % 60).padStart(2, "0")}:00+09:00`, text: `문의 ${n}`, ...extra });
  const workspace = (slug: string) => ensureWorkspace(db, { slug, name: slug });
  const ingest = async (ws: Workspace, items: ItemInput[]) => {
    const r = await ingestItems(db, ws, items, { enrich: false });
    expect(r.errors ?? [], JSON.stringify(r).slice(0, 500)).toEqual([]);
    expect(r.inserted).toBe(items.length);
  };

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
  });
  afterAll(() => close());

  it('#1 reopen rate: reopened over ever resolved, so a ticket open again never pushes it past 100 % (Overview and Support)', async () => {
    const ws = await workspace('reopen');
    // Previous week: 7 resolved. Current week: 6 reopened and open again (resolved_at cleared), 2 resolved.
    await ingest(ws, [
      ...PREVIOUS.map((d) => item(d, { status: 'resolved', first_response_at: at(d, 5), resolved_at: at(d, 30) })),
      ...CURRENT.slice(0, 6).map((d) => item(d, { status: 'open', first_response_at: at(d, 5), reopened_count: 1 })),
      item('2026-05-14', { status: 'resolved', first_response_at: at('2026-05-14', 5), resolved_at: at('2026-05-14', 30) }),
      item('2026-05-14', { status: 'resolved', first_response_at: at('2026-05-14', 6), resolved_at: at('2026-05-14', 40) }),
    ]);
    const o = await getOverview(db, ws, WEEK);
    expect(o.reopen_rate.current).toBe(75); // 6 of 8 ever resolved
    expect(o.reopen_rate.previous).toBe(0);
    const s = await getSupportKpis(db, ws, WEEK);
    expect(s.total).toMatchObject({ resolved: 2, reopened: 6, ever_resolved: 8, reopen_rate_pct: 75 });
    expect(s.rows.find((r) => r.key === 'chat')).toMatchObject({ reopened: 6, ever_resolved: 8, reopen_rate_pct: 75 });
    // One of them is resolved again: it moves from "open again" to resolved; the rate stays 6 of 8.
    await ingestItems(db, ws, [{ ...item('2026-05-08'), external_id: 'd-7', status: 'resolved', first_response_at: at('2026-05-08', 5), resolved_at: at('2026-05-09'), reopened_count: 1 }], { enrich: false });
    expect((await getSupportKpis(db, ws, WEEK)).total).toMatchObject({ resolved: 3, reopened: 6, ever_resolved: 8, reopen_rate_pct: 75 });
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('#1 a share test never throws: a part larger than its whole says "insufficient data"', () => {
    expect(shareChange(6, 2, 0, 7)).toMatchObject({ verdict: 'insufficient_data', current: null, previous: 0, change: null, reason: 'invalid_counts' });
    expect(shareChange(-1, 2, 0, 7).verdict).toBe('insufficient_data');
    expect(rateChange({ count: 71, exposure: 0, value: null }, { count: 70, exposure: 700, value: 10 })).toMatchObject({ verdict: 'insufficient_data', reason: 'invalid_counts' });
  });

  it('#2 a business number of 0 is a day without exposure: left out of both sides, never HTTP 500', async () => {
    const ws = await workspace('zero-orders');
    await ingest(ws, [...PREVIOUS, ...CURRENT].flatMap((d) => Array.from({ length: 10 }, () => item(d))));
    await upsertMetrics(db, ws.id, [...PREVIOUS, ...CURRENT].flatMap((day) => [
      { day, name: 'orders', value: day === '2026-05-10' ? 0 : 500 },
      { day, name: 'payments', value: day >= '2026-05-08' ? 0 : 100 },
    ]));
    const o = await getOverview(db, ws, WEEK);
    expect(o.contact_rate).toMatchObject({ current: 2, previous: 2, change: 0, covered_days: { current: 6, previous: 7, of: 7 } });
    expect(o.series.points.find((p) => p.period === '2026-05-10')!.rate).toBeNull();
    const v = await getVolume(db, ws, WEEK);
    expect(v.total.rate).toMatchObject({ current: 2, previous: 2, change: 0 });
    // Every current day 0: no rate and no verdict (it threw "events over zero exposure" before).
    const zero = await getOverview(db, ws, { ...WEEK, metric: 'payments' });
    expect(zero.contact_rate).toMatchObject({ current: null, previous: 10, verdict: 'insufficient_data', covered_days: { current: 0, previous: 7, of: 7 } });
    expect((await getVolume(db, ws, { ...WEEK, metric: 'payments', by: 'channel' })).total.rate.verdict).toBe('insufficient_data');
  });

  it('#5 rates per DAU are per 1,000 DAU per day: a missing day or a short week does not lower them', async () => {
    const ws = await workspace('dau');
    const days = eachDay('2026-04-27', '2026-05-14');
    await ingest(ws, days.flatMap((d) => Array.from({ length: 10 }, () => item(d))));
    await upsertMetrics(db, ws.id, days.filter((d) => d !== '2026-05-10').map((day) => ({ day, name: 'dau', value: 10_000 })));
    const o = await getOverview(db, ws, { ...WEEK, metric: 'dau' });
    // 10 items a day over 10,000 DAU: 1 per 1,000 DAU per day, whatever the covered days (6 vs 7).
    expect(o.contact_rate).toMatchObject({ per: 1000, aggregation: 'mean', current: 1, previous: 1, change: 0, covered_days: { current: 6, previous: 7 } });
    const v = await getVolume(db, ws, { from: '2026-04-29', to: '2026-05-14', metric: 'dau', granularity: 'week' });
    // Weeks of 5, 6 (5/10 missing) and 4 covered days: the same rate on every bar.
    expect(v.lines[0]!.points.map((p) => p.rate)).toEqual([1, 1, 1]);
    expect(v.total.rate).toMatchObject({ current: 1, previous: 1 });
  });

  it('#4 the cancellation rate counts only days that have both cancellations and orders', async () => {
    const ws = await workspace('cancel-rate');
    await ingest(ws, [item('2026-05-09', { text: '해지해 주세요' })]);
    await upsertMetrics(db, ws.id, [
      ...[...PREVIOUS, ...CURRENT].map((day) => ({ day, name: 'orders', value: 1000 })),
      // Cancellations lag: the current week has numbers for 5/8–5/10 only.
      ...[...PREVIOUS, '2026-05-08', '2026-05-09', '2026-05-10'].map((day) => ({ day, name: 'cancellations', value: 10 })),
    ]);
    const r = await getChurnReasons(db, ws, WEEK);
    expect(r.cancellation_rate).toMatchObject({ current: 1, previous: 1, change: 0, verdict: 'within_noise', covered_days: { current: 3, previous: 7, of: 7 } });
    // No churned or subscribers numbers: no churn rate, rather than one against orders.
    expect(r.churn_rate).toBeNull();
  });

  it('#7 CSAT counts survey and conversation ratings; review and app-store stars are their own figure', async () => {
    const ws = await workspace('csat');
    const survey = (rating: number) => item('2026-05-09', { channel: 'survey', kind: 'survey_response', rating });
    const review = (rating: number, channel: 'review' | 'app_store') => item('2026-05-09', { channel, kind: 'review', rating });
    const firstReview = review(1, 'review');
    await ingest(ws, [
      survey(5), survey(4), survey(1),
      item('2026-05-09', { channel: 'chat', rating: 5 }), // a post-chat satisfaction answer (Zendesk, Channel Talk)
      firstReview, review(1, 'review'), review(2, 'app_store'), review(5, 'app_store'),
      item('2026-05-02', { channel: 'survey', kind: 'survey_response', rating: 5 }),
    ]);
    const o = await getOverview(db, ws, WEEK);
    expect(o.csat.current).toMatchObject({ n: 4, csat_pct: 75, mean_rating: 3.75 });
    expect(o.csat.previous).toMatchObject({ n: 1, csat_pct: 100 });
    expect(o.review_rating.current).toMatchObject({ n: 4, csat_pct: 25, mean_rating: 2.25 });
    expect(o.review_rating.previous).toMatchObject({ n: 0, csat_pct: null });
    // Kept by the triggers through a move between the two (a review re-sent as a survey answer) and a delete.
    await ingestItems(db, ws, [{ ...firstReview, channel: 'survey', kind: 'survey_response' }], { enrich: false });
    expect((await getOverview(db, ws, WEEK)).csat.current).toMatchObject({ n: 5, csat_pct: 60 });
    await db.query("DELETE FROM items WHERE workspace_id = $1 AND channel = 'app_store' AND rating = 5", [ws.id]);
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('#8 splits by type and channel control the false-discovery rate: they agree with the type movers', async () => {
    const ws = await workspace('splits');
    const typed = (type: string, count: number, days: string[]) => Array.from({ length: count }, (_, i) => item(days[i % 7]!, { metadata: { t: type } }));
    // bug 93 → 125 (p ≈ 0.035 alone), complaint 50 → 50.
    await ingest(ws, [...typed('bug', 93, PREVIOUS), ...typed('bug', 125, CURRENT), ...typed('complaint', 50, PREVIOUS), ...typed('complaint', 50, CURRENT)]);
    await db.query("UPDATE items SET type = metadata->>'t' WHERE workspace_id = $1", [ws.id]);
    const o = await getOverview(db, ws, WEEK);
    const split = o.by_type.find((r) => r.key === 'bug')!;
    const mover = o.type_movers.find((r) => r.key === 'bug')!;
    expect(split.change.p_value).toBeLessThan(0.05);
    expect(split.change.verdict).toBe('within_noise');
    expect(split.change.verdict).toBe(mover.rate.verdict);
    expect(split.p_adjusted).toBeGreaterThan(0.05);
    expect(o.by_channel[0]!.p_adjusted).toBe(o.by_channel[0]!.change.p_value); // one key: nothing to adjust
  });

  it('#9 a parent topic’s mover row counts the parent and its children, as the items its link opens', async () => {
    const ws = await workspace('parent-topic');
    const parent = (await createTopic(db, ws.id, { name: '계정' })).id;
    const child = (await createTopic(db, ws.id, { name: '로그인', parentId: parent })).id;
    await ingest(ws, [
      ...Array.from({ length: 3 }, () => item('2026-05-09', { metadata: { topic: parent } })),
      ...Array.from({ length: 10 }, () => item('2026-05-10', { metadata: { topic: child } })),
      ...Array.from({ length: 4 }, () => item('2026-05-02', { metadata: { topic: child } })),
    ]);
    await db.query("UPDATE items SET topic_id = (metadata->>'topic')::bigint WHERE workspace_id = $1", [ws.id]);
    const o = await getOverview(db, ws, WEEK);
    const row = o.topic_movers.find((m) => m.key === parent)!;
    expect(row).toMatchObject({ current_items: 13, previous_items: 4 });
    expect(o.topic_movers.find((m) => m.key === child)).toMatchObject({ current_items: 10, previous_items: 4 });
    const linked = await summarizeItems(db, ws.id, ws.timezone, { topic: [parent], from: new Date(o.range.instants.from), to: new Date(o.range.instants.to) });
    expect(linked.total).toBe(row.current_items);
  });

  it('a topic promoted from a discovered cluster gives no verdict against a period before its items (rules clear that)', async () => {
    const ws = await workspace('promoted');
    const parent = (await createTopic(db, ws.id, { name: '결제' })).id;
    // Steady traffic both weeks; the cluster found this week's 결제 단계 complaints only.
    await ingest(ws, [...PREVIOUS, ...CURRENT].flatMap((day) => Array.from({ length: 6 }, () => item(day))));
    await ingest(ws, CURRENT.flatMap((day) => Array.from({ length: 5 }, () => item(day, { text: '결제 단계에서 계속 멈춰요' }))));
    const members = (await db.query<{ id: string }>("SELECT id::text AS id FROM items WHERE workspace_id = $1 AND text LIKE '결제 단계%'", [ws.id])).map((r) => r.id);
    const [cluster] = await db.query<{ id: string }>(
      `INSERT INTO topic_clusters (workspace_id, name, keywords, size, coherence, recent, previous, example_ids, member_ids)
       VALUES ($1, '결제 · 결제 단계', '{결제,단계}', $2, 0.6, $2, 0, $3::bigint[], $3::bigint[]) RETURNING id::text AS id`,
      [ws.id, members.length, members],
    );
    const { topic } = await promoteCluster(db, ws.id, cluster!.id, { parentId: parent, userId: null });
    const o = await getOverview(db, ws, WEEK);
    const row = (key: string) => o.topic_movers.find((m) => m.key === key)!;
    // Without the guard: 35 against 0, a "significant increase" (the audit saw +1,924 %).
    expect(row(topic.id)).toMatchObject({ current_items: 35, previous_items: 0 });
    expect(row(topic.id).rate).toMatchObject({ verdict: 'insufficient_data', reason: 'topic_labelled_since' });
    expect(row(parent).rate).toMatchObject({ verdict: 'insufficient_data', reason: 'topic_labelled_since' });
    expect(topic.labelled_since).toBeInstanceOf(Date); // the promotion's answer says so too
    // Explore's topic lines and a total filtered on the topic say the same.
    const explore = await getVolume(db, ws, { ...WEEK, by: 'topic' });
    expect(explore.lines.find((l) => l.key === topic.id)!.rate).toMatchObject({ verdict: 'insufficient_data', reason: 'topic_labelled_since' });
    expect((await getVolume(db, ws, { ...WEEK, topic: [topic.id] })).total.rate).toMatchObject({ reason: 'topic_labelled_since' });
    // A topic model trained on it does not make its history known: it finds only some of the older
    // items (the walkthrough of s24: 14 of 79 before, 46 of 87 after — a "significant increase", +209 %).
    const trained = await trainWorkspaceModel(db, ws.id, 'topic');
    expect(trained.labels).toContain(topic.id);
    expect((await listTopics(db, ws.id)).find((t) => t.id === topic.id)!.labelled_since).toBeInstanceOf(Date);
    expect((await getOverview(db, ws, WEEK)).topic_movers.find((m) => m.key === topic.id)!.rate).toMatchObject({ verdict: 'insufficient_data', reason: 'topic_labelled_since' });
    // A rule re-labels the whole history: the topic is known for every period again.
    const ruled = await updateTopic(db, ws.id, topic.id, { rules: [{ kind: 'keyword', pattern: '결제 단계' }] });
    expect(ruled.labelled_since).toBeNull();
    expect((await getOverview(db, ws, WEEK)).topic_movers.find((m) => m.key === topic.id)!.rate.reason).toBeUndefined();
  });

  it('#3 a range that ends today gives no verdict on counts (a day not over yet reads as a fall); shares keep theirs', async () => {
    const ws = await workspace('today');
    const today = localDayOf(new Date(), 'Asia/Seoul');
    const days = eachDay(addDays(today, -20), addDays(today, -1));
    await ingest(ws, days.flatMap((day) => Array.from({ length: 10 }, (_, k) => item(day, { score: k < 5 ? 10 : 3 }))));
    const o = await getOverview(db, ws, { from: addDays(today, -6), to: today });
    expect(o.range.includes_today).toBe(true);
    expect(o.volume).toMatchObject({ verdict: 'insufficient_data', reason: 'partial_day' });
    expect(o.by_channel.every((r) => r.change.reason === 'partial_day')).toBe(true);
    expect(o.nps.change.reason).toBeUndefined(); // a share: both of its parts are partial alike
    const whole = await getOverview(db, ws, { from: addDays(today, -7), to: addDays(today, -1) });
    expect(whole.volume.reason).toBeUndefined();
    expect((await getVolume(db, ws, { from: addDays(today, -6), to: today })).total.rate.reason).toBe('partial_day');
  });

  it('#11 no verdict when the previous period starts before the first item (of the workspace, or of the channel)', async () => {
    const ws = await workspace('coverage');
    // Chat: 30 a day since 4/24. Email: 20 a day, connected on 5/5.
    await ingest(ws, [
      ...eachDay('2026-04-24', '2026-05-14').flatMap((d) => Array.from({ length: 30 }, () => item(d))),
      ...eachDay('2026-05-05', '2026-05-14').flatMap((d) => Array.from({ length: 20 }, () => item(d, { channel: 'email' }))),
    ]);
    const o = await getOverview(db, ws, WEEK);
    expect(o.by_channel.find((r) => r.key === 'email')!.change).toMatchObject({ current: 140, previous: 60, verdict: 'insufficient_data', reason: 'previous_not_covered' });
    expect(o.by_channel.find((r) => r.key === 'chat')!.change.verdict).toBe('within_noise');
    const lines = (await getVolume(db, ws, { ...WEEK, by: 'channel' })).lines;
    expect(lines.find((l) => l.key === 'email')!.rate).toMatchObject({ verdict: 'insufficient_data', reason: 'previous_not_covered' });
    // The workspace's data starts 4/24, inside the previous period 4/21–4/27.
    const early = await getOverview(db, ws, { from: '2026-04-28', to: '2026-05-04' });
    expect(early.volume).toMatchObject({ current: 210, previous: 120, verdict: 'insufficient_data', reason: 'previous_not_covered' });
    expect((await getVolume(db, ws, { from: '2026-04-28', to: '2026-05-04' })).total.rate.verdict).toBe('insufficient_data');
  });
});
