import { describe, expect, it } from 'vitest';
import { expectValid, errorOf } from '../../../test/helpers/expect.js';
import { fixtureJson, fixtureText } from '../../../test/fixtures/adapters/load.js';
import { signZendeskPayload } from './signature.js';
import { MAX_WEBHOOK_ITEMS } from './types.js';
import {
  mapZendeskChannel,
  mapZendeskStatus,
  mapZendeskTicket,
  mapZendeskTickets,
  NO_TICKET_TEXT,
  parseZendeskWebhook,
  zendesk,
  ZENDESK_TRIGGER_BODY_TEMPLATE,
} from './zendesk.js';

type Json = Record<string, any>;

describe('Zendesk event-subscription webhook', () => {
  it('maps ticket.created to one item', () => {
    const { items, ignored } = parseZendeskWebhook(fixtureJson('zendesk-ticket-created.json'));
    expect(ignored).toBeUndefined();
    expect(items).toEqual([
      {
        external_id: '48213',
        channel: 'board',
        source: 'zendesk',
        created_at: '2024-11-04T02:31:07.000Z',
        title: '이어폰 한쪽 충전 불량 교환 문의',
        text: '이어폰 한쪽 충전 불량 교환 문의\n\n지난주에 받은 무선 이어폰 왼쪽이 충전이 안 됩니다. 케이스 LED도 안 켜져요. 교환 가능한가요? 연락은 010-2345-6789로 부탁드립니다.',
        customer_id: '9001234567',
        status: 'new',
        source_updated_at: '2024-11-04T02:31:07.000Z',
        metadata: {
          zendesk_status: 'new',
          priority: 'high',
          ticket_type: 'incident',
          tags: ['교환', '불량'],
          via: 'web_form',
          group_id: '360004455667',
          brand_id: '360001122334',
          updated_at: '2024-11-04T02:31:07.000Z',
          conversation_id: '48213',
          zendesk_event: 'ticket.created',
          zendesk_event_id: '0f8d5b1e-7c2a-4e55-9d0c-3b7a51f2c8e4',
        },
      },
    ]);
    expectValid(items);
  });

  it('treats any ticket.* event as the latest state of the ticket', () => {
    const e = fixtureJson<Json>('zendesk-ticket-created.json');
    e.type = 'zen:event-type:ticket.status_changed';
    Object.assign(e.detail, { status: 'SOLVED', assignee_id: '8807700112' });
    const [item] = parseZendeskWebhook(e).items;
    expect(item).toMatchObject({ external_id: '48213', status: 'resolved', assignee: '8807700112', metadata: { zendesk_event: 'ticket.status_changed' } });
  });

  it('carries the ticket updated_at for ordering, or the event time when the detail lacks it', () => {
    const e = fixtureJson<Json>('zendesk-ticket-created.json');
    e.time = '2024-11-05T09:10:00.120Z';
    e.detail.updated_at = '2024-11-05T09:10:00Z';
    expect(parseZendeskWebhook(e).items[0].metadata).toMatchObject({ updated_at: '2024-11-05T09:10:00.000Z' });
    // The same version as every writer states it (stored as metadata.source_updated_at).
    expect(parseZendeskWebhook(e).items[0].source_updated_at).toBe('2024-11-05T09:10:00.000Z');
    delete e.detail.updated_at;
    expect(parseZendeskWebhook(e).items[0].metadata).toMatchObject({ updated_at: '2024-11-05T09:10:00.120Z' });
    expect(parseZendeskWebhook(e).items[0].source_updated_at).toBe('2024-11-05T09:10:00.120Z');
    expect(zendesk.stateVersionKey).toBe('updated_at');
  });

  it('ignores deletions, spam and non-ticket events', () => {
    const e = fixtureJson<Json>('zendesk-ticket-created.json');
    e.type = 'zen:event-type:ticket.soft_deleted';
    expect(parseZendeskWebhook(e)).toEqual({ items: [], ignored: ['event ticket.soft_deleted is not ingested'] });
    expect(parseZendeskWebhook({ type: 'zen:event-type:user.active_changed', detail: { id: '1' }, event: {} })).toEqual({
      items: [],
      ignored: ['event user.active_changed is not a ticket event'],
    });
  });

  it('refuses an event without detail', () => {
    expect(errorOf(() => parseZendeskWebhook({ type: 'zen:event-type:ticket.created' })).code).toBe('bad_request');
  });
});

describe('Zendesk trigger webhook', () => {
  it('maps the body built from the documented template', () => {
    const { items } = parseZendeskWebhook(fixtureJson('zendesk-trigger-body.json'));
    expect(items).toEqual([
      expect.objectContaining({
        external_id: '48214',
        channel: 'email',
        status: 'open',
        customer_id: '9001234999',
        assignee: '8807700112',
        created_at: '2024-11-04T05:12:44.000Z',
        text: '환불 요청드립니다\n\n주문 취소했는데 아직 환불이 안 됐어요. 카드 결제 취소 확인 부탁드려요.',
        metadata: expect.objectContaining({ tags: ['환불', '카드결제'], priority: 'normal', via: 'mail' }),
      }),
    ]);
    expectValid(items);
  });

  it('treats unrendered placeholders as absent and accepts a flat ticket', () => {
    const { items } = parseZendeskWebhook({ id: '48215', subject: '문의', description: '배송지 변경 가능한가요?', assignee_id: '{{ticket.assignee.id}}', created_at: '2024-11-04T05:12:44Z' });
    expect(items[0].assignee).toBeUndefined();
    expect(items[0].text).toBe('문의\n\n배송지 변경 가능한가요?');
  });

  it('the published template is valid JSON naming the fields we read', () => {
    const t = JSON.parse(ZENDESK_TRIGGER_BODY_TEMPLATE).ticket;
    expect(Object.keys(t)).toEqual(['id', 'subject', 'description', 'status', 'priority', 'via', 'requester_id', 'assignee_id', 'tags', 'created_at', 'updated_at']);
  });

  it('refuses bodies that are not tickets', () => {
    for (const body of [null, [], 'x', { hello: 1 }, { ticket: { foo: 1 } }, { subject: 'no id', description: 'x' }]) {
      expect(errorOf(() => parseZendeskWebhook(body)).code, JSON.stringify(body)).toBe('bad_request');
    }
  });
});

describe('Zendesk incremental export page', () => {
  const page = () => fixtureJson<Json>('zendesk-incremental-page.json');

  it('maps three tickets with their metric sets', () => {
    const r = mapZendeskTickets(page());
    expect(r.ignored).toEqual([]);
    expect(r.afterCursor).toBe('MTczMDYyNjIwMC4wfHw0ODIwN3w=');
    expect(r.endOfStream).toBe(true);
    const [coupon, login, packaging] = r.items;
    expect(coupon).toMatchObject({
      external_id: '48190',
      channel: 'chat',
      status: 'resolved',
      rating: 5,
      customer_id: '9001200011',
      assignee: '8807700112',
      first_response_at: '2024-11-01T00:19:12.000Z', // created + 14 calendar minutes
      resolved_at: '2024-11-01T03:40:00.000Z',
      reopened_count: 0,
      metadata: { satisfaction_score: 'good', satisfaction_comment: '빠르게 해결해 주셔서 감사합니다', tags: ['쿠폰', '결제'] },
    });
    expect(login).toMatchObject({ external_id: '48201', channel: 'phone', status: 'on_hold', title: '앱 로그인 오류…' });
    // The subject was cut from the description, so the text is not doubled.
    expect(login.text).toBe('앱 로그인 오류가 계속 발생합니다. 비밀번호를 바꿔도 같은 화면으로 돌아가요.');
    expect(login.rating).toBeUndefined();
    expect(login.first_response_at).toBeUndefined();
    expect(login.metadata).toMatchObject({ satisfaction_score: 'unoffered' });
    expect(packaging).toMatchObject({ external_id: '48207', channel: 'chat', status: 'closed', rating: 1, reopened_count: 1, first_response_at: '2024-11-03T09:30:00.000Z' });
    expectValid(r.items);
  });

  it('skips deleted tickets and reads an inline metric_set', () => {
    const p = page();
    p.tickets[1].status = 'deleted';
    delete p.metric_sets;
    p.tickets[0].metric_set = { reply_time_in_minutes: { calendar: 60 } };
    const r = mapZendeskTickets(p);
    expect(r.items.map((i) => i.external_id)).toEqual(['48190', '48207']);
    expect(r.ignored).toEqual(['ticket 48201: deleted']);
    expect(r.items[0].first_response_at).toBe('2024-11-01T01:05:12.000Z');
  });

  it('is also accepted as a webhook body, up to 1,000 tickets', () => {
    expect(parseZendeskWebhook(page()).items).toHaveLength(3);
    const tickets = Array.from({ length: MAX_WEBHOOK_ITEMS + 1 }, (_, i) => ({ id: i + 1, subject: '배송 문의', created_at: '2024-11-04T02:31:07Z' }));
    const e = errorOf(() => parseZendeskWebhook({ tickets }));
    expect(e.code).toBe('payload_too_large');
    expect(e.detail).toMatchObject({ adapter: 'zendesk', limit: MAX_WEBHOOK_ITEMS });
    expect(parseZendeskWebhook({ tickets: tickets.slice(1) }).items).toHaveLength(MAX_WEBHOOK_ITEMS);
    // The export importer reads its pages directly and is not capped here.
    expect(mapZendeskTickets({ tickets }).items).toHaveLength(MAX_WEBHOOK_ITEMS + 1);
  });
});

describe('Zendesk field mappings', () => {
  it('maps statuses in any case, and Korean labels', () => {
    expect(['new', 'OPEN', 'Pending', 'hold', 'solved', 'closed', '해결됨', 'archived'].map(mapZendeskStatus)).toEqual([
      'new', 'open', 'pending', 'on_hold', 'resolved', 'closed', 'resolved', undefined,
    ]);
  });

  it('maps via channels, numeric via ids and rendered labels', () => {
    const cases: [unknown, string][] = [
      [{ channel: 'web' }, 'board'],
      [{ channel: 'email' }, 'email'],
      [{ channel: 'chat' }, 'chat'],
      [{ channel: 'native_messaging' }, 'chat'],
      [{ channel: 'mobile_sdk' }, 'chat'],
      [{ channel: 'voice' }, 'phone'],
      [{ channel: 'api' }, 'other'],
      [{ channel: 'twitter' }, 'social'],
      [{ channel: 'facebook_message' }, 'chat'],
      [{ channel: 4 }, 'email'],
      [{ channel: '34' }, 'phone'],
      [{ channel: 999 }, 'other'],
      ['Web Form', 'board'],
      [null, 'other'],
    ];
    for (const [via, channel] of cases) expect(mapZendeskChannel(via as never), JSON.stringify(via)).toBe(channel);
  });

  it('uses a numeric satisfaction score as the rating', () => {
    expect(mapZendeskTicket({ id: 1, subject: 'x', created_at: '2024-11-01T00:00:00Z', satisfaction_rating: { score: 4 } })?.rating).toBe(4);
  });
});

describe('Zendesk adapter verify', () => {
  it('checks the signature headers against the signing secret', () => {
    const raw = fixtureText('zendesk-ticket-created.json');
    const ts = '2024-11-04T02:31:08Z';
    const secret = 'dGhpc19pc19hX3Rlc3Rfc2lnbmluZ19zZWNyZXQ=';
    const headers = { 'x-zendesk-webhook-signature': signZendeskPayload(raw, ts, secret), 'x-zendesk-webhook-signature-timestamp': ts };
    const now = Date.parse(ts) + 2000;
    expect(zendesk.verify(raw, headers, {}, secret, now)).toEqual({ ok: true });
    expect(zendesk.verify(raw, headers, {}, 'other', now)).toEqual({ ok: false, code: 'signature_mismatch' });
    expect(zendesk.verify(raw, {}, {}, secret, now)).toEqual({ ok: false, code: 'signature_missing' });
  });
});

// ── Answer times from webhooks (audit s11 H3) and payload gaps (L7) ─────────────────────────

describe('Zendesk webhooks without a metric set: answer times', () => {
  /** A documented ticket event (version 2022-11-06) for ticket 7001, created 01:00Z. */
  function event(type: string, detail: Json, extra: Json = {}): Json {
    const e = fixtureJson('zendesk-ticket-created.json') as Json;
    return {
      ...e,
      type: `zen:event-type:ticket.${type}`,
      id: `7001-${type}-${detail.updated_at}`,
      time: detail.updated_at,
      detail: { ...e.detail, id: '7001', subject: '택배 분실 문의', description: '배송 완료로 나오는데 물건을 못 받았어요.', created_at: '2026-11-20T01:00:00Z', ...detail },
      ...extra,
    };
  }

  it('a status change to solved (any case) sets resolved_at to the ticket updated_at', () => {
    const r = parseZendeskWebhook(event('status_changed', { status: 'Solved', updated_at: '2026-11-20T03:00:00Z' }));
    expect(r.items[0]).toMatchObject({ status: 'resolved', resolved_at: '2026-11-20T03:00:00.000Z', metadata: { conversation_id: '7001' } });
    expect(r.updates).toBeUndefined();
  });

  it('a closed ticket, or another event about a solved one, only fills a missing resolution', () => {
    const closed = parseZendeskWebhook(event('status_changed', { status: 'CLOSED', updated_at: '2026-11-24T03:00:00Z' }));
    expect(closed.items[0]!.resolved_at).toBeUndefined();
    expect(closed.updates).toEqual([{ source: 'zendesk', conversation_id: '7001', at: '2026-11-24T03:00:00.000Z', resolved_at_if_none: '2026-11-24T03:00:00.000Z' }]);
    const tagged = parseZendeskWebhook(event('tags_changed', { status: 'SOLVED', updated_at: '2026-11-21T00:00:00Z' }));
    expect(tagged.items[0]!.resolved_at).toBeUndefined();
    expect(tagged.updates).toEqual([expect.objectContaining({ resolved_at_if_none: '2026-11-21T00:00:00.000Z' })]);
  });

  it('takes the event time when the detail has no updated_at, and never resolves before created_at', () => {
    const e = event('status_changed', { status: 'SOLVED', updated_at: undefined });
    e.time = '2026-11-20T02:30:00.123456789Z';
    expect(parseZendeskWebhook(e).items[0]!.resolved_at).toBe('2026-11-20T02:30:00.123Z');
    // Thirty seconds before creation is two clocks apart: resolved at its own time. An hour is no resolution.
    expect(parseZendeskWebhook(event('status_changed', { status: 'SOLVED', updated_at: '2026-11-20T00:59:30Z' })).items[0]!.resolved_at).toBe('2026-11-20T01:00:00.000Z');
    const early = parseZendeskWebhook(event('status_changed', { status: 'SOLVED', updated_at: '2026-11-20T00:00:00Z' }));
    expect(early.items[0]!.resolved_at).toBeUndefined();
    expect(early.updates).toBeUndefined();
  });

  it('a trigger body with the Korean label 해결됨 gives a fill-only resolution', () => {
    const body = fixtureJson('zendesk-trigger-body.json') as Json;
    body.ticket.status = '해결됨';
    const r = parseZendeskWebhook(body);
    expect(r.items[0]).toMatchObject({ status: 'resolved', metadata: { conversation_id: '48214' } });
    expect(r.updates).toEqual([{ source: 'zendesk', conversation_id: '48214', at: '2024-11-04T06:01:02.000Z', resolved_at_if_none: '2024-11-04T06:01:02.000Z' }]);
  });

  it("a public comment by staff is a first-response candidate; the requester's own comment and a private note are not", () => {
    const comment = (c: Json) => event('comment_added', { status: 'OPEN', updated_at: '2026-11-20T02:00:00Z' }, { event: { comment: { id: '9876543210', body: '확인해 보니 택배사 분실로 재발송해 드리겠습니다.', ...c } } });
    const staff = parseZendeskWebhook(comment({ is_public: true, author: { id: '8447388090495', is_staff: true, name: '상담원 김' } }));
    expect(staff.updates).toEqual([
      { source: 'zendesk', conversation_id: '7001', at: '2026-11-20T02:00:00.000Z', first_response_at: '2026-11-20T02:00:00.000Z', handled_by: 'human' },
    ]);
    expect(staff.items[0]!.metadata).toMatchObject({ conversation_id: '7001', zendesk_event: 'ticket.comment_added' });
    expect(parseZendeskWebhook(comment({ is_public: false, author: { id: '8447388090495', is_staff: true } })).updates).toBeUndefined();
    expect(parseZendeskWebhook(comment({ is_public: true, author: { id: '9001234567', is_staff: false } })).updates).toBeUndefined();
    // An agent who is also the requester (a ticket an agent opened for themselves) answers nobody.
    expect(parseZendeskWebhook(comment({ is_public: true, author: { id: '9001234567', is_staff: true } })).updates).toBeUndefined();
  });

  it('an event whose detail has neither subject nor description is still a ticket with a status', () => {
    const e = event('created', { subject: null, description: undefined, status: 'OPEN', updated_at: '2026-11-20T01:00:00Z' });
    const [item] = parseZendeskWebhook(e).items;
    expect(item).toMatchObject({ external_id: '7001', status: 'open', text: NO_TICKET_TEXT });
    expect(item!.title).toBeUndefined();
    expect(item!.text).toBe('(제목·내용 없음) / (no subject or description)');
    expectValid([item!]);
  });

  it("reports a trigger updated_at rendered by {{ticket.updated_at}} (a date, no time nor zone) instead of dropping it silently", () => {
    const body = fixtureJson('zendesk-trigger-body.json') as Json;
    body.ticket.updated_at = 'November 4, 2024';
    const r = parseZendeskWebhook(body);
    expect(r.items[0]!.metadata).not.toHaveProperty('updated_at');
    expect(r.warnings).toEqual([expect.stringContaining('ticket 48214: updated_at "November 4, 2024" is not a time with a zone')]);
    expect(r.warnings![0]).toContain('{{ticket.updated_at_with_timestamp}}');
    body.ticket.created_at = 'November 4, 2024';
    expect(parseZendeskWebhook(body).warnings).toHaveLength(2);
    // ISO forms say nothing.
    expect(parseZendeskWebhook(fixtureJson('zendesk-trigger-body.json')).warnings).toBeUndefined();
  });
});
