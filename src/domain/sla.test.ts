import { describe, expect, it } from 'vitest';
import { buildBusinessSchedule } from './calendar/business-hours.js';
import {
  evaluateItemSla,
  evaluateSla,
  pickPolicy,
  slaDueDates,
  slaPolicySchema,
  summarizeSla,
  type SlaEvaluation,
  type SlaItem,
  type SlaPolicy,
  type SlaPolicyInput,
} from './sla.js';
import { slaSettingsSchema } from './sla-settings.js';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const kst = (local: string) => new Date(`${local.replace(' ', 'T')}${local.length > 16 ? '' : ':00'}+09:00`);

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
/** Mon–Fri 09–12 and 13–18 KST, Korean public holidays off. */
const desk = buildBusinessSchedule({
  blocks: [
    { days: [...WEEKDAYS], start: '09:00', end: '12:00' },
    { days: [...WEEKDAYS], start: '13:00', end: '18:00' },
  ],
});

const policy = (input: SlaPolicyInput): SlaPolicy => slaPolicySchema.parse(input);
// The product brief's examples: chat first response within 3 business minutes; an official answer
// to an incident within 24 hours of the plain clock.
const chatFirstResponse = policy({ id: 'chat-fr', name: '채팅 첫 응답 3분', match: { channels: ['chat'] }, firstResponseTargetMs: 3 * MIN });
const incidentAnswer = policy({ id: 'incident', name: '장애 공식 답변 24시간', match: { types: ['incident'] }, resolutionTargetMs: 24 * HOUR, calendar: 'calendar' });

const item = (overrides: Partial<SlaItem> = {}): SlaItem => ({
  channel: 'chat',
  type: 'how_to',
  priority: null,
  created_at: kst('2024-03-11 10:00'),
  first_response_at: null,
  resolved_at: null,
  ...overrides,
});

describe('evaluateSla — first response on business hours', () => {
  it('is met up to and including the deadline, breached after it', () => {
    // Created Mon 10:00:00, due 10:03:00.
    const at = (reply: string) => evaluateSla(item({ first_response_at: kst(reply) }), chatFirstResponse, desk, kst('2024-03-11 11:00')).firstResponse;
    expect(at('2024-03-11 10:02:59')).toEqual({
      target: 'firstResponse',
      policyId: 'chat-fr',
      status: 'met',
      targetMs: 3 * MIN,
      elapsedMs: 2 * MIN + 59 * SEC,
      dueAt: kst('2024-03-11 10:03'),
      breachedAt: null,
      completedAt: kst('2024-03-11 10:02:59'),
    });
    expect(at('2024-03-11 10:03:00')?.status).toBe('met');
    expect(at('2024-03-11 10:03:01')).toMatchObject({ status: 'breached', breachedAt: kst('2024-03-11 10:03'), elapsedMs: 3 * MIN + SEC });
  });

  it('does not count the weekend', () => {
    // Created Fri 17:59: 1 min left on Friday, due Mon 09:02. Replied Mon 09:01:30 → 2.5 business
    // minutes although 2 days 15 h passed on the wall clock.
    const e = evaluateSla(
      item({ created_at: kst('2024-03-08 17:59'), first_response_at: kst('2024-03-11 09:01:30') }),
      chatFirstResponse,
      desk,
      kst('2024-03-11 12:00'),
    ).firstResponse;
    expect(e).toMatchObject({ status: 'met', elapsedMs: 2.5 * MIN, dueAt: kst('2024-03-11 09:02') });
  });

  it('is pending until the deadline passes, then breached without an answer', () => {
    // Created during lunch (12:30): the clock starts at 13:00, due 13:03.
    const open = item({ created_at: kst('2024-03-11 12:30') });
    expect(evaluateSla(open, chatFirstResponse, desk, kst('2024-03-11 13:02')).firstResponse).toMatchObject({
      status: 'pending',
      elapsedMs: 2 * MIN,
      dueAt: kst('2024-03-11 13:03'),
      breachedAt: null,
      completedAt: null,
    });
    expect(evaluateSla(open, chatFirstResponse, desk, kst('2024-03-11 13:04')).firstResponse).toMatchObject({
      status: 'breached',
      elapsedMs: 4 * MIN,
      breachedAt: kst('2024-03-11 13:03'),
      completedAt: null,
    });
  });

  it('waits out 설날: a chat on the eve is due after the holidays', () => {
    // Thu 2024-02-08 17:58 → 2 min Thursday, then 설날 02-09..11 and 대체 Mon 02-12 → due Tue 09:01.
    const e = evaluateSla(item({ created_at: kst('2024-02-08 17:58') }), chatFirstResponse, desk, kst('2024-02-12 15:00')).firstResponse;
    expect(e).toMatchObject({ status: 'pending', dueAt: kst('2024-02-13 09:01'), elapsedMs: 2 * MIN });
  });

  it('takes a resolution without a recorded reply as the first response', () => {
    const e = evaluateSla(item({ resolved_at: kst('2024-03-11 10:01') }), chatFirstResponse, desk, kst('2024-03-12 10:00'));
    expect(e.firstResponse).toMatchObject({ status: 'met', completedAt: kst('2024-03-11 10:01') });
    expect(e.resolution).toBeNull(); // the policy sets no resolution target
  });
});

describe('evaluateSla — resolution on the 24-hour clock', () => {
  const incident = item({ channel: 'email', type: 'incident', created_at: kst('2024-03-09 10:00') }); // a Saturday

  it('counts weekends and nights', () => {
    // Sat 10:00 → Sun 09:00 is 23 h on the plain clock (0 business hours): met.
    const e = evaluateSla({ ...incident, resolved_at: kst('2024-03-10 09:00') }, incidentAnswer, desk, kst('2024-03-11 00:00'));
    expect(e.resolution).toMatchObject({ status: 'met', elapsedMs: 23 * HOUR, dueAt: kst('2024-03-10 10:00') });
    expect(e.firstResponse).toBeNull();
  });

  it('breaches at due time while unresolved', () => {
    const e = evaluateSla(incident, incidentAnswer, desk, kst('2024-03-10 10:00:01'));
    expect(e.resolution).toMatchObject({ status: 'breached', breachedAt: kst('2024-03-10 10:00'), elapsedMs: 24 * HOUR + SEC });
  });
});

describe('pickPolicy', () => {
  const anyItem = policy({ id: 'default', name: '기본', firstResponseTargetMs: 8 * HOUR });
  const chat = policy({ id: 'chat', name: '채팅', match: { channels: ['chat'] }, firstResponseTargetMs: 3 * MIN });
  const chatUrgent = policy({ id: 'chat-urgent', name: '채팅 긴급', match: { channels: ['chat'], priorities: ['urgent', 'high'] }, firstResponseTargetMs: MIN });
  const chatAgain = policy({ id: 'chat-2', name: '채팅 2', match: { channels: ['chat', 'chatbot'] }, firstResponseTargetMs: 5 * MIN });
  const policies = [anyItem, chatAgain, chat, chatUrgent];

  it('prefers the policy that constrains the most fields', () => {
    expect(pickPolicy(item({ priority: 'urgent' }), policies)?.id).toBe('chat-urgent');
    expect(pickPolicy(item({ priority: 'low' }), policies)?.id).toBe('chat-2'); // tie with 'chat': earlier wins
    expect(pickPolicy(item({ priority: null }), policies)?.id).toBe('chat-2'); // no priority: the priority policy is out
    expect(pickPolicy(item({ channel: 'email' }), policies)?.id).toBe('default');
    expect(pickPolicy(item({ channel: 'email' }), [chat, chatUrgent])).toBeNull();
  });

  it('treats an empty list as "any"', () => {
    const empty = policy({ id: 'empty', name: '빈 조건', match: { channels: [], types: [] }, resolutionTargetMs: HOUR });
    expect(pickPolicy(item({ channel: 'phone' }), [empty])?.id).toBe('empty');
    expect(pickPolicy(item({ priority: 'urgent' }), [empty, chat])?.id).toBe('chat');
  });

  it('with a target, only considers policies that set it', () => {
    const chatIncident = item({ type: 'incident' });
    expect(pickPolicy(chatIncident, [chatFirstResponse, incidentAnswer], 'resolution')?.id).toBe('incident');
    expect(pickPolicy(chatIncident, [incidentAnswer, chatFirstResponse], 'firstResponse')?.id).toBe('chat-fr');
  });
});

describe('evaluateItemSla', () => {
  it('takes each target from its own policy (chat reply on business time, incident answer on the clock)', () => {
    // A chat about an incident on Fri 17:59: reply due Mon 09:02 (business), answer due Sat 17:59 (clock).
    const chatIncident = item({ type: 'incident', created_at: kst('2024-03-08 17:59'), first_response_at: kst('2024-03-11 09:05') });
    const e = evaluateItemSla(chatIncident, [chatFirstResponse, incidentAnswer], desk, kst('2024-03-11 10:00'));
    expect(e.firstResponse).toMatchObject({ policyId: 'chat-fr', status: 'breached', dueAt: kst('2024-03-11 09:02'), elapsedMs: 6 * MIN });
    expect(e.resolution).toMatchObject({ policyId: 'incident', status: 'breached', breachedAt: kst('2024-03-09 17:59') });
    expect(evaluateItemSla(item({ channel: 'email' }), [chatFirstResponse], desk, kst('2024-03-11 10:00'))).toEqual({ firstResponse: null, resolution: null });
  });
});

describe('summarizeSla', () => {
  const withStatus = (first: 'met' | 'breached' | 'pending' | null, resolution: 'met' | 'breached' | 'pending' | null): SlaEvaluation => {
    const target = (status: 'met' | 'breached' | 'pending' | null) =>
      status && { target: 'firstResponse' as const, policyId: 'p', status, targetMs: 1, elapsedMs: 1, dueAt: new Date(0), breachedAt: null, completedAt: null };
    return { firstResponse: target(first), resolution: target(resolution) };
  };

  it('counts per target and gives the share met among decided items', () => {
    const summary = summarizeSla([
      withStatus('met', 'pending'),
      withStatus('met', 'breached'),
      withStatus('met', null),
      withStatus('breached', 'pending'),
      withStatus('pending', null),
      withStatus(null, null),
    ]);
    expect(summary.firstResponse).toEqual({ met: 3, breached: 1, pending: 1, metPercent: 75 });
    expect(summary.resolution).toEqual({ met: 0, breached: 1, pending: 2, metPercent: 0 });
    expect(summarizeSla([withStatus('pending', null)]).firstResponse.metPercent).toBeNull();
    expect(summarizeSla([]).resolution).toEqual({ met: 0, breached: 0, pending: 0, metPercent: null });
  });
});

describe('slaPolicySchema', () => {
  it('defaults to business hours and any item, and needs a target', () => {
    expect(slaPolicySchema.parse({ id: 'a', name: 'A', firstResponseTargetMs: 60_000 })).toEqual({ id: 'a', name: 'A', match: {}, firstResponseTargetMs: 60_000, calendar: 'business' });
    expect(slaPolicySchema.safeParse({ id: 'a', name: 'A' }).success).toBe(false);
    expect(slaPolicySchema.safeParse({ id: 'a', name: 'A', resolutionTargetMs: 0 }).success).toBe(false);
    expect(slaPolicySchema.safeParse({ id: 'a', name: 'A', resolutionTargetMs: 1, calendar: 'weekdays' }).success).toBe(false);
  });
});

describe('settings without business hours (audit s11: every chat item then failed to store)', () => {
  const noHours = { timeZone: 'Asia/Seoul', twentyFourSeven: false, blocks: [] };

  it('are refused when a policy counts business time, with the field and a bilingual reason', () => {
    const result = slaSettingsSchema.safeParse({ businessHours: noHours, policies: [{ id: 'x', name: '채팅 첫 응답', match: { channels: ['chat'] }, firstResponseTargetMs: 60_000 }] });
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(['businessHours', 'blocks']);
    expect(issue.message).toMatch(/no business hours.*채팅 첫 응답.*영업시간이 없는데/);
  });

  it('are accepted when every policy runs on the 24-hour clock, or the hours are 24/7', () => {
    const onClock = [{ id: 'x', name: '장애', firstResponseTargetMs: 60_000, calendar: 'calendar' as const }];
    expect(slaSettingsSchema.safeParse({ businessHours: noHours, policies: onClock }).success).toBe(true);
    expect(slaSettingsSchema.safeParse({ businessHours: { ...noHours, twentyFourSeven: true }, policies: [{ id: 'x', name: '채팅', firstResponseTargetMs: 60_000 }] }).success).toBe(true);
  });

  it('leave other mistakes to their own fields: a day that does not exist or a bad zone is reported, not thrown', () => {
    const policies = [{ id: 'x', name: '채팅', firstResponseTargetMs: 60_000 }];
    const badDay = slaSettingsSchema.safeParse({ businessHours: { blocks: [], extraHolidays: [{ date: '2026-02-30', name: '없는 날' }] }, policies });
    expect(badDay.success).toBe(false);
    expect(badDay.error!.issues.map((i) => i.path.join('.'))).toContain('businessHours.extraHolidays.0.date');
    const badZone = slaSettingsSchema.safeParse({ businessHours: { timeZone: 'KST', blocks: [] }, policies });
    expect(badZone.error!.issues.map((i) => i.path.join('.'))).toEqual(['businessHours.timeZone']);
    expect(slaSettingsSchema.safeParse({ businessHours: noHours, policies: 'none' }).success).toBe(false);
  });

  it('give a business-time target no deadline instead of throwing (settings stored before the check)', () => {
    const empty = buildBusinessSchedule(noHours);
    const due = slaDueDates(item(), [chatFirstResponse, incidentAnswer], empty);
    expect(due.firstResponse).toBeNull();
    const incident = slaDueDates(item({ type: 'incident' }), [chatFirstResponse, incidentAnswer], empty);
    expect(incident.resolution?.dueAt.toISOString()).toBe(new Date(kst('2024-03-11 10:00').getTime() + 24 * HOUR).toISOString());
  });
});
