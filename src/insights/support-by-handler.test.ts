import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { quantile } from '../domain/stats.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { getSupportKpis } from './support.js';

const MIN = 60;
const RANGE = { from: '2026-08-03', to: '2026-08-09', now: new Date('2026-08-12T12:00:00+09:00') };

/** Within 2 % of the exact quantile (+1 s rounding): the 24-hour clock reads the sketches. */
function near(actual: number | null, exact: number) {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - exact)).toBeLessThanOrEqual(exact * 0.02 + 1);
}

/**
 * Weekday mornings in Seoul, inside business hours (09:00–12:00, no lunch crossed), so both clocks
 * count the same times. `week` 0 is the range (Mon 2026-08-03 …), −1 the previous period.
 */
const at = (week: number, i: number, plusSeconds = 0) => {
  const day = 3 + week * 7 + (i % 5);
  const start = Date.parse(`2026-0${day > 0 ? 8 : 7}-${String(day > 0 ? day : 31 + day).padStart(2, '0')}T09:00:00+09:00`) + Math.floor(i / 5) * 5 * MIN * 1000;
  return new Date(start + plusSeconds * 1000).toISOString();
};

// Agents: 40 chats a week. Now answered after 20–59 minutes, before after 5–14: slower now.
const agentNow = Array.from({ length: 40 }, (_, i) => 20 + i);
const agentBefore = Array.from({ length: 40 }, (_, i) => 5 + (i % 10));
// No handler recorded: one e-mail now, answered after 45 minutes (counted with people).
const unknownNow = [45];

describe(`Support's lead times by handler (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'support-handler', name: '상담원·챗봇 응대 시간' });
    const agent = (week: number, minutes: number[]) =>
      minutes.map((m, i) =>
        buildItem({
          external_id: `agent-${week}-${i}`, channel: 'chat', handled_by: 'human', assignee: '김상담', created_at: at(week, i),
          first_response_at: at(week, i, m * MIN), resolved_at: at(week, i, (m + 40) * MIN), status: 'resolved', text: '주문한 상품이 아직 안 왔어요',
        }));
    // The chatbot answers in 5 seconds and closes in 10, both weeks: 30 sessions each.
    const bot = (week: number) =>
      Array.from({ length: 30 }, (_, i) =>
        buildItem({
          external_id: `bot-${week}-${i}`, channel: 'chat', handled_by: 'bot', created_at: at(week, i, 30),
          first_response_at: at(week, i, 35), resolved_at: at(week, i, 40), status: 'resolved', text: '배송 조회는 어디서 하나요',
        }));
    await ingestItems(db, ws, [
      ...agent(0, agentNow),
      ...agent(-1, agentBefore),
      ...bot(0),
      ...bot(-1),
      buildItem({ external_id: 'unknown-0', channel: 'email', created_at: at(0, 3), first_response_at: at(0, 3, unknownNow[0]! * MIN), status: 'open', text: '환불 요청드립니다' }),
    ]);
  });
  afterAll(() => close());

  it('gives people (agents, and items without a handler) as the headline, the chatbot apart, and every item', async () => {
    const k = await getSupportKpis(db, ws, RANGE);
    const { people, bot, all } = k.by_handler;
    expect([people.received, people.without_handler, bot!.received, all.received]).toEqual([41, 1, 30, 71]);
    const peopleTimes = [...agentNow, ...unknownNow].map((m) => m * MIN);
    near(people.first_response.p50_seconds, quantile(peopleTimes, 0.5)!);
    near(people.first_response.p90_seconds, quantile(peopleTimes, 0.9)!);
    expect(people.first_response.count).toBe(41);
    expect(people.resolution.count).toBe(40);
    near(people.resolution.p50_seconds, quantile(agentNow.map((m) => (m + 40) * MIN), 0.5)!);
    expect(bot!.first_response).toMatchObject({ count: 30, p50_seconds: 5, p90_seconds: 5 });
    // Every item: the total row's own figures (the bot's 30 sessions in 5 seconds pull its median down).
    expect(all.first_response).toEqual(k.total.first_response);
    expect(all.resolution).toEqual(k.total.resolution);
    near(all.first_response.p50_seconds, quantile([...peopleTimes, ...Array(30).fill(5)], 0.5)!);
    expect(all.first_response.p50_seconds!).toBeLessThan(people.first_response.p50_seconds!);
  });

  it('compares each group with the previous period in the verdict words: the agents slower, the bot the same', async () => {
    const { people, bot, all } = (await getSupportKpis(db, ws, RANGE)).by_handler;
    expect(people.change!.first_response).toMatchObject({ verdict: 'significant_increase', unit: 'percent', interval: null });
    near(people.change!.first_response.previous, quantile(agentBefore.map((m) => m * MIN), 0.5)!);
    expect(people.change!.previous.first_response.count).toBe(40);
    expect(people.change!.first_response.change!).toBeGreaterThan(100);
    expect(bot!.change!.first_response).toMatchObject({ current: 5, previous: 5, verdict: 'within_noise' });
    expect(all.change!.first_response.verdict).not.toBe('insufficient_data');
    // A range with nothing before it: no verdict, whatever its numbers.
    const back = (await getSupportKpis(db, ws, { from: '2026-07-27', to: '2026-08-02', now: RANGE.now })).by_handler;
    expect(back.people.change!.first_response.verdict).toBe('insufficient_data'); // nothing before it
  });

  it('compares only the days whose answers are all due, as the response rate counts', async () => {
    // On Friday noon (08-07) the range is cut to Mon–Fri, its period before is Wed–Fri of last week,
    // and the days from Thursday on are not all due: Mon–Wed against last Wed–Fri.
    const early = await getSupportKpis(db, ws, { ...RANGE, now: new Date('2026-08-07T12:00:00+09:00') });
    expect([early.range.from, early.range.to, early.range.previous.from, early.response_rate_before]).toEqual(['2026-08-03', '2026-08-07', '2026-07-29', '2026-08-06']);
    const change = early.by_handler.people.change!;
    expect(change.previous.first_response.count).toBe(24);
    // The headline still counts every day of the range.
    expect(early.by_handler.people.first_response.count).toBe(41);
    near(change.first_response.current, quantile(agentNow.filter((_, i) => i % 5 <= 2).map((m) => m * MIN), 0.5)!);
    near(change.first_response.previous, quantile(agentBefore.filter((_, i) => i % 5 >= 2).map((m) => m * MIN), 0.5)!);
  });

  it('gives the groups in business hours from the same scan, and no comparison there', async () => {
    const k = await getSupportKpis(db, ws, { ...RANGE, clock: 'business' });
    const { people, bot, all } = k.by_handler;
    // Every time lies inside the hours: business hours count them exactly as they are.
    const peopleTimes = [...agentNow, ...unknownNow].map((m) => m * MIN);
    expect(people.first_response).toEqual({ count: 41, p50_seconds: Math.round(quantile(peopleTimes, 0.5)!), p90_seconds: Math.round(quantile(peopleTimes, 0.9)!) });
    expect(bot!.first_response).toEqual({ count: 30, p50_seconds: 5, p90_seconds: 5 });
    expect(all.first_response).toEqual(k.total.first_response);
    expect([people.change, bot!.change, all.change]).toEqual([null, null, null]);
  });

  it('narrows the groups to the channels filtered on (counted from the items)', async () => {
    const chat = (await getSupportKpis(db, ws, { ...RANGE, channel: ['chat'] })).by_handler;
    expect([chat.people.received, chat.people.without_handler, chat.bot!.received]).toEqual([40, 0, 30]);
    near(chat.people.first_response.p50_seconds, quantile(agentNow.map((m) => m * MIN), 0.5)!);
    expect(chat.people.change!.first_response.verdict).toBe('significant_increase');
    const email = (await getSupportKpis(db, ws, { ...RANGE, channel: ['email'] })).by_handler;
    // The bot handled no e-mail in either period: no bot group.
    expect([email.people.received, email.people.without_handler, email.bot]).toEqual([1, 1, null]);
  });

  it('splits by handler from the same read, agreeing with the groups', async () => {
    const k = await getSupportKpis(db, ws, { ...RANGE, by: 'handled_by' });
    expect(k.rows.map((r) => [r.key, r.received, r.first_response.count])).toEqual([['human', 40, 40], ['bot', 30, 30], ['', 1, 1]]);
    expect(k.rows.find((r) => r.key === 'bot')!.first_response).toEqual(k.by_handler.bot!.first_response);
  });
});
