import { describe, expect, it } from 'vitest';
import { isKoreanPublicHoliday } from '../../domain/calendar/korean-holidays.js';
import { itemText, type ItemInput } from '../../domain/item.js';
import { DedupeIndex } from '../../text/dedupe.js';
import { compileTopicRules, matchTopicRule, type TopicForRules } from '../../text/topic-rules.js';
import { DEMO_TOPICS } from './demo-topics.js';
import { generateDemoDataset } from './generate.js';

/**
 * What a Korean CX lead notices first in a demo inbox: calls logged on 추석, tickets pending for
 * three months, the same sentence forty times, a 상담 불만 topic full of refunds. The window
 * (1 January – 31 March 2026) holds 설날 (16–18 February) and the 대체공휴일 of 2 March.
 */
const END = new Date('2026-03-31T18:00:00+09:00');
const dataset = generateDemoDataset({ seed: 1, endDate: END });
const items = dataset.items;

type Truth = { type: string; topic: string; incident?: string; reask_of?: string };
const truthOf = (item: ItemInput) => (item.metadata as { demo_truth: Truth }).demo_truth;
const ms = (iso: unknown) => Date.parse(iso as string);
const kstDay = (t: number) => new Date(t + 9 * 3_600_000).toISOString().slice(0, 10);
const kstWeekday = (t: number) => new Date(t + 9 * 3_600_000).getUTCDay();
const closed = (t: number) => kstWeekday(t) === 0 || kstWeekday(t) === 6 || isKoreanPublicHoliday(kstDay(t));
const CONVERSATIONS = ['chat', 'board', 'email', 'phone', 'chatbot'];

describe('the demo calendar is a Korean one', () => {
  it('logs no call and no agent answer on a weekend or a public holiday', () => {
    const calls = items.filter((i) => i.channel === 'phone');
    expect(calls.length).toBeGreaterThan(500);
    expect(calls.filter((i) => closed(ms(i.created_at))).map((i) => i.created_at)).toEqual([]);
    // A chatbot session's first answer is the bot's, at any hour, even when a person takes it over later.
    const answeredOnClosedDays = items.filter((i) => i.handled_by === 'human' && i.channel !== 'chatbot' && i.first_response_at && closed(ms(i.first_response_at)));
    expect(answeredOnClosedDays.map((i) => i.first_response_at)).toEqual([]);
  });

  it('is as quiet on 설날 as on a Sunday, and busy the day after', () => {
    const perDay = new Map<string, number>();
    for (const i of items) perDay.set(kstDay(ms(i.created_at)), (perDay.get(kstDay(ms(i.created_at))) ?? 0) + 1);
    const seollal = ['2026-02-16', '2026-02-17', '2026-02-18'].map((d) => perDay.get(d)!);
    const sundays = ['2026-02-08', '2026-02-15', '2026-02-22'].map((d) => perDay.get(d)!);
    const weekdays = ['2026-02-10', '2026-02-11', '2026-02-24', '2026-02-25'].map((d) => perDay.get(d)!);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(seollal)).toBeLessThan(mean(sundays) * 1.25);
    expect(mean(seollal)).toBeLessThan(mean(weekdays) * 0.7);
    expect(perDay.get('2026-02-19')!).toBeGreaterThan(mean(weekdays));
    // Orders dip on the holiday too, so the contact rate does not jump on a quiet day.
    const orders = (day: string) => dataset.metrics.find((m) => m.day === day && m.name === 'orders')!.value;
    expect(orders('2026-02-17')).toBeLessThan(orders('2026-02-10') * 0.9);
  });

  it('starts a release outage on a working Tuesday to Thursday, whatever day the demo is loaded', () => {
    for (let k = 0; k < 7; k++) {
      const end = new Date(END.getTime() + k * 86_400_000);
      const outage = generateDemoDataset({ seed: 1, days: 60, itemsPerDay: 5, endDate: end }).incidents.find((i) => i.name.includes('로그인'))!;
      const start = ms(outage.from);
      expect([2, 3, 4]).toContain(kstWeekday(start));
      expect(closed(start)).toBe(false);
    }
  });
});

describe('the demo help desk', () => {
  it('keeps nothing pending or on hold for weeks: open items are recent', () => {
    const waiting = items.filter((i) => i.status === 'pending' || i.status === 'on_hold');
    expect(waiting.length).toBeGreaterThan(0);
    const oldest = Math.max(...waiting.map((i) => (END.getTime() - ms(i.created_at)) / 86_400_000));
    expect(oldest).toBeLessThan(15);
    const open = items.filter((i) => ['new', 'open', 'pending', 'on_hold'].includes(i.status as string));
    expect(open.length / items.filter((i) => CONVERSATIONS.includes(i.channel as string)).length).toBeLessThan(0.03);
  });

  it('answers most calls within the one-minute target', () => {
    const waits = items
      .filter((i) => i.channel === 'phone' && i.first_response_at)
      .map((i) => (ms(i.first_response_at) - ms(i.created_at)) / 1000);
    const within = waits.filter((s) => s <= 60).length / waits.length;
    expect(within).toBeGreaterThan(0.6);
    expect(within).toBeLessThan(0.9);
  });

  it('has the chatbot answer in seconds, handed-over sessions included, and people in hours (the 챗봇 row read p90 13 hours)', () => {
    const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(0.9 * (values.length - 1))]!;
    const firstResponseSeconds = (keep: (i: ItemInput) => boolean) =>
      items.filter((i) => keep(i) && i.first_response_at).map((i) => (ms(i.first_response_at) - ms(i.created_at)) / 1000);
    const chatbotSessions = firstResponseSeconds((i) => i.channel === 'chatbot');
    const handedOver = items.filter((i) => i.channel === 'chatbot' && i.handled_by === 'human');
    expect(chatbotSessions.length).toBeGreaterThan(500);
    expect(handedOver.length).toBeGreaterThan(100);
    expect(p90(chatbotSessions)).toBeLessThan(60);
    expect(p90(firstResponseSeconds((i) => i.handled_by === 'bot'))).toBeLessThan(60);
    // People keep human times: their first answers, and the handed-over sessions' resolution.
    const people = firstResponseSeconds((i) => i.handled_by === 'human');
    expect(p90(people) / 3600).toBeGreaterThan(4);
    expect(p90(people) / 3600).toBeLessThan(96);
    const handoverHours = handedOver.filter((i) => i.resolved_at).map((i) => (ms(i.resolved_at) - ms(i.created_at)) / 3_600_000);
    expect(p90(handoverHours)).toBeGreaterThan(4);
    // Every handed-over session has a person on it.
    expect(handedOver.every((i) => typeof i.assignee === 'string')).toBe(true);
  });

  it('has satisfaction answers on some solved conversations, mostly good, worse after trouble', () => {
    const solved = items.filter((i) => CONVERSATIONS.includes(i.channel as string) && i.handled_by === 'human' && i.resolved_at);
    const rated = solved.filter((i) => i.rating !== undefined);
    expect(rated.length / solved.length).toBeGreaterThan(0.08);
    expect(rated.length / solved.length).toBeLessThan(0.3);
    const good = (list: ItemInput[]) => list.filter((i) => (i.rating as number) >= 4).length / list.length;
    expect(good(rated)).toBeGreaterThan(0.7);
    expect(good(rated)).toBeLessThan(0.92);
    expect(good(rated.filter((i) => (i.reopened_count as number) > 0))).toBeLessThan(good(rated));
    expect(items.filter((i) => i.status !== 'resolved' && i.status !== 'closed' && i.kind === 'inquiry' && i.rating !== undefined)).toEqual([]);
  });
});

describe('the demo texts', () => {
  it('are not the same message over and over, but an outage is: its reports are flagged as repeats', () => {
    const sorted = [...items].sort((a, b) => ms(a.created_at) - ms(b.created_at));
    const index = new DedupeIndex();
    let ordinary = 0;
    let ordinaryDuplicates = 0;
    let outage = 0;
    let outageDuplicates = 0;
    for (const item of sorted) {
      const id = item.external_id as string;
      index.add(id, itemText({ title: item.title as string | undefined, text: item.text as string }), item.customer_id as string | undefined, ms(item.created_at));
      const truth = truthOf(item);
      if (['chat', 'board', 'email'].includes(item.channel as string) && !truth.incident && !truth.reask_of) {
        ordinary++;
        if (index.repeatsWithin(id, 7 * 86_400_000)) ordinaryDuplicates++;
      }
      if (truth.incident === 'login_outage') {
        outage++;
        if (index.repeatsWithin(id, 7 * 86_400_000)) outageDuplicates++;
      }
    }
    // Customers with the same question write it differently (it was 40 % of chats).
    expect(ordinaryDuplicates / ordinary).toBeLessThan(0.2);
    // An outage's reports repeat each other far more than ordinary questions do.
    expect(outage).toBeGreaterThan(30);
    expect(outageDuplicates / outage).toBeGreaterThan(2 * (ordinaryDuplicates / ordinary));
  });

  it('say 어제 주문했는데, never 어제에 주문했는데', () => {
    expect(items.filter((i) => /(어제|그저께)에 /.test(i.text as string)).map((i) => i.text)).toEqual([]);
  });
});

describe('the demo topic rules', () => {
  it('file 상담 불만 and 칭찬 on what customers say about the service, not on a greeting or a thank-you', () => {
    const topics: TopicForRules[] = [];
    const names = new Map<string, string>();
    let id = 0;
    DEMO_TOPICS.forEach((parent, p) => {
      const parentId = String(++id);
      names.set(parentId, parent.name);
      topics.push({ id: parentId, parent_id: null, position: p, rules: [] });
      parent.children.forEach((child, c) => {
        const childId = String(++id);
        names.set(childId, child.name);
        topics.push({ id: childId, parent_id: parentId, position: c, rules: child.rules });
      });
    });
    const rules = compileTopicRules(topics);
    const filed = (name: string) =>
      items.filter((i) => {
        const rule = matchTopicRule(rules, itemText({ title: i.title as string | undefined, text: i.text as string }));
        return rule !== null && names.get(rule.topicId) === name;
      });
    const complaints = filed('상담 불만');
    const aboutService = complaints.filter((i) => ['agent_attitude', 'slow_response'].includes(truthOf(i).topic) || truthOf(i).reask_of);
    expect(complaints.length).toBeGreaterThan(50);
    expect(aboutService.length / complaints.length).toBeGreaterThan(0.85);
    const praise = filed('칭찬');
    expect(praise.length).toBeGreaterThan(50);
    expect(praise.filter((i) => truthOf(i).type === 'praise').length / praise.length).toBeGreaterThan(0.9);
  });
});
