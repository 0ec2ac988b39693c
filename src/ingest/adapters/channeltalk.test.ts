import { describe, expect, it } from 'vitest';
import { expectValid, errorOf } from '../../../test/helpers/expect.js';
import { fixtureCsv, fixtureJson } from '../../../test/fixtures/adapters/load.js';
import {
  channeltalk,
  channelTalkMessageText,
  mapChannelTalkConversation,
  mapChannelTalkExport,
  mapChannelTalkState,
  parseChannelTalkMessagesPage,
  parseChannelTalkUserChatsPage,
  parseChannelTalkWebhook,
} from './channeltalk.js';
import { signChannelTalkPayload } from './signature.js';

type Json = Record<string, any>;
const userEvent = () => fixtureJson<Json>('channeltalk-message-user.json');
const botEvent = () => fixtureJson<Json>('channeltalk-message-bot.json');
const managerEvent = () => fixtureJson<Json>('channeltalk-message-manager.json');

describe('Channel Talk webhook', () => {
  it('maps a customer message to one chat item', () => {
    const { items, updates, ignored } = parseChannelTalkWebhook(userEvent());
    expect(ignored).toEqual([]);
    expect(items).toEqual([
      {
        external_id: '6725c2b6f0d94e2a7b31',
        channel: 'chat',
        source: 'channeltalk',
        created_at: '2024-11-03T01:15:02.345Z',
        text: '배송이 3일째 안 와요. 주문번호 20241101-000123',
        language: 'ko',
        customer_id: 'shop-88213',
        customer_segment: 'VIP',
        customer_plan: '정기배송',
        status: 'open',
        metadata: {
          conversation_id: '6725c2b0a1f3e8d4c901',
          message_id: '6725c2b6f0d94e2a7b31',
          person_type: 'user',
          user_type: 'member',
          chat_tags: ['배송문의'],
          medium: 'native',
          channeltalk_state: 'opened',
        },
      },
    ]);
    expect(updates).toEqual([{ source: 'channeltalk', conversation_id: '6725c2b0a1f3e8d4c901', at: '2024-11-03T01:15:02.345Z', status: 'open' }]);
    expectValid(items);
  });

  it('never copies the profile name, e-mail or phone number', () => {
    const json = JSON.stringify(parseChannelTalkWebhook(userEvent()));
    for (const pii of ['김하늘', 'haneul.kim@example.com', '+821098765432', '6725c1f2b8e4a7d3c210']) expect(json).not.toContain(pii);
  });

  it('falls back to the Channel Talk user id when there is no memberId, and honours the source', () => {
    const e = userEvent();
    delete e.refers.user.memberId;
    const { items } = parseChannelTalkWebhook(e, { source: 'channeltalk-shop2' });
    expect(items[0].customer_id).toBe('6725c1f2b8e4a7d3c210');
    expect(items[0].source).toBe('channeltalk-shop2');
  });

  it('turns a bot message into a handled_by=bot update, not an item', () => {
    const { items, updates } = parseChannelTalkWebhook(botEvent());
    expect(items).toEqual([]);
    expect(updates).toEqual([{ source: 'channeltalk', conversation_id: '6725c2b0a1f3e8d4c901', at: '2024-11-03T01:15:03.120Z', status: 'open', handled_by: 'bot' }]);
  });

  it('makes bot messages items on request, with the text of their blocks', () => {
    const { items } = parseChannelTalkWebhook(botEvent(), { itemPersonTypes: ['user', 'bot'] });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ handled_by: 'bot', kind: 'note', external_id: '6725c2b7a3c85b1e0f42' });
    expect(items[0].text).toBe("안녕하세요! 배송 조회는 마이페이지 &gt; 주문내역에서 바로 확인하실 수 있어요.\n상담원 연결을 원하시면 '상담원'이라고 입력해 주세요.");
    expectValid(items);
  });

  it('a follow-up message written after the first reply does not take that reply (nor an earlier close) as its own', () => {
    const e = userEvent();
    const entity = e.entity as Json;
    const chat = (e.refers as Json).userChat as Json;
    chat.firstRepliedAtAfterOpen = (entity.createdAt as number) - 5 * 60_000;
    chat.state = 'closed';
    chat.closedAt = (entity.createdAt as number) - 2 * 60_000;
    const [item] = parseChannelTalkWebhook(e).items;
    expect(item.first_response_at).toBeUndefined();
    expect(item.resolved_at).toBeUndefined();
    expectValid([item]);
    // Within a minute it is the two systems' clocks (ANSWER_CLOCK_SKEW_MS): kept, and ingest takes it as the message's own time.
    chat.firstRepliedAtAfterOpen = (entity.createdAt as number) - 30_000;
    expect(parseChannelTalkWebhook(e).items[0]!.first_response_at).toBe(new Date((entity.createdAt as number) - 30_000).toISOString());
  });

  it("turns a manager's reply into first_response_at, assignee and handled_by=human", () => {
    const { items, updates } = parseChannelTalkWebhook(managerEvent());
    expect(items).toEqual([]);
    expect(updates).toEqual([
      {
        source: 'channeltalk',
        conversation_id: '6725c2b0a1f3e8d4c901',
        at: '2024-11-03T01:21:40.512Z',
        status: 'open',
        assignee: '301884',
        first_response_at: '2024-11-03T01:21:40.512Z',
        handled_by: 'human',
      },
    ]);
  });

  it("prefers the chat's own firstRepliedAtAfterOpen when Channel Talk sends it", () => {
    const e = managerEvent();
    e.refers.userChat.firstRepliedAtAfterOpen = 1730596880000;
    expect(parseChannelTalkWebhook(e).updates?.[0].first_response_at).toBe('2024-11-03T01:21:20.000Z');
  });

  it('does not count an internal note as a reply', () => {
    const e = managerEvent();
    e.entity.options = ['private'];
    const { items, updates, ignored } = parseChannelTalkWebhook(e);
    expect(items).toEqual([]);
    expect(ignored).toEqual(['internal note (private message)']);
    expect(updates?.[0].first_response_at).toBeUndefined();
    expect(updates?.[0].handled_by).toBeUndefined();
  });

  it('marks a closed chat resolved_at from closedAt', () => {
    const e = managerEvent();
    Object.assign(e.refers.userChat, { state: 'closed', closedAt: 1730598011000 });
    expect(parseChannelTalkWebhook(e).updates?.[0]).toMatchObject({ status: 'closed', resolved_at: '2024-11-03T01:40:11.000Z' });
  });

  it('maps userChat events to updates', () => {
    const { items, updates } = parseChannelTalkWebhook({
      event: 'update',
      type: 'userChat',
      entity: { id: '6725c2b0a1f3e8d4c901', state: 'snoozed', assigneeId: '301884', updatedAt: 1730597000000 },
      refers: {},
    });
    expect(items).toEqual([]);
    expect(updates).toEqual([{ source: 'channeltalk', conversation_id: '6725c2b0a1f3e8d4c901', at: '2024-11-03T01:23:20.000Z', status: 'on_hold', assignee: '301884' }]);
  });

  it('ignores team chats, user events and messages without text', () => {
    const group = userEvent();
    group.entity.chatType = 'group';
    expect(parseChannelTalkWebhook(group)).toMatchObject({ items: [], ignored: ['message in a group chat (not a customer conversation)'] });
    expect(parseChannelTalkWebhook({ event: 'update', type: 'user', entity: { id: 'u1' } })).toMatchObject({ items: [], ignored: ["event type 'user' is not mapped"] });
    const file = userEvent();
    delete file.entity.plainText;
    delete file.entity.blocks;
    file.entity.files = [{ id: 'f1', type: 'image', name: '송장.jpg' }];
    expect(parseChannelTalkWebhook(file)).toMatchObject({ items: [], ignored: ['message without text'] });
  });

  it('refuses bodies that are not Channel Talk events', () => {
    for (const body of [null, [], 'x', { hello: 'world' }, { type: 'message', entity: 'x' }, { type: 'message', entity: { chatType: 'userChat', plainText: 'hi' } }]) {
      expect(errorOf(() => parseChannelTalkWebhook(body)).code).toBe('bad_request');
    }
    const badTime = userEvent();
    badTime.entity.createdAt = 'soon';
    expect(errorOf(() => parseChannelTalkWebhook(badTime)).message).toMatch(/createdAt/);
  });
});

describe('Channel Talk helpers', () => {
  it('reads text from plainText, else from nested blocks without inline markup', () => {
    expect(channelTalkMessageText({ plainText: '  안녕하세요  ' })).toBe('안녕하세요');
    expect(channelTalkMessageText({ blocks: [{ type: 'text', value: '<b>환불</b> 문의요 <link type="url" value="https://shop.example/o/1">주문</link>' }] })).toBe('환불 문의요 주문');
    expect(channelTalkMessageText({ blocks: [] })).toBeUndefined();
  });

  it('maps v5 and v4 states', () => {
    expect(['opened', 'snoozed', 'closed', 'unassigned', 'assigned', 'holding', 'solved', 'weird'].map(mapChannelTalkState)).toEqual([
      'open', 'on_hold', 'closed', 'new', 'open', 'on_hold', 'resolved', undefined,
    ]);
  });
});

describe('Channel Talk adapter verify', () => {
  const token = 'a3f1c09e4b7d2e8f61c5a0b9d3e7f214';
  const raw = JSON.stringify(userEvent());

  it('checks ?token= against the secret', () => {
    expect(channeltalk.verify(raw, {}, { token }, token)).toEqual({ ok: true });
    expect(channeltalk.verify(raw, {}, { token: 'guess' }, token)).toEqual({ ok: false, code: 'signature_mismatch' });
    expect(channeltalk.verify(raw, {}, {}, token)).toEqual({ ok: false, code: 'signature_missing' });
  });

  it('accepts an app X-Signature when no token is given', () => {
    expect(channeltalk.verify(raw, { 'x-signature': signChannelTalkPayload(raw, token) }, {}, token)).toEqual({ ok: true });
    expect(channeltalk.verify(raw + ' ', { 'x-signature': signChannelTalkPayload(raw, token) }, {}, token)).toEqual({ ok: false, code: 'signature_mismatch' });
  });
});

describe('Channel Talk Open API v5 (pull)', () => {
  it('maps a user chat and its messages; first reply and handling come from the history', () => {
    const page = parseChannelTalkUserChatsPage(fixtureJson('channeltalk-openapi-userchats.json'));
    expect(page.next).toBe('eyJjaGF0S2V5IjoidXNlckNoYXQtNjcyNGExYzNlOWYwYjJkNWE4NzcifQ==');
    const { messages } = parseChannelTalkMessagesPage(fixtureJson('channeltalk-openapi-messages.json'));
    const userChat = page.userChats[0];
    const { items, ignored } = mapChannelTalkConversation({ userChat, messages, user: page.users.get(userChat.userId!) });
    expect(ignored).toEqual(['message 6725c2b5aa01bb02cc03 has no text']);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      external_id: '6725c2b6f0d94e2a7b31',
      text: '배송이 3일째 안 와요. 주문번호 20241101-000123',
      customer_id: 'shop-88213',
      customer_segment: 'VIP',
      status: 'closed',
      assignee: '301884',
      first_response_at: '2024-11-03T01:21:40.512Z',
      resolved_at: '2024-11-03T01:40:11.000Z',
      handled_by: 'human',
      metadata: { conversation_id: '6725c2b0a1f3e8d4c901', chat_tags: ['배송문의', '배송지연'] },
    });
    expectValid(items);
  });

  it('computes first_response_at from messages when the chat lacks it', () => {
    const page = parseChannelTalkUserChatsPage(fixtureJson('channeltalk-openapi-userchats.json'));
    const { messages } = parseChannelTalkMessagesPage(fixtureJson('channeltalk-openapi-messages.json'));
    const userChat = { ...page.userChats[0], firstRepliedAtAfterOpen: undefined };
    expect(mapChannelTalkConversation({ userChat, messages }).items[0].first_response_at).toBe('2024-11-03T01:21:40.512Z');
  });

  it('refuses a body that is not a user-chats page', () => {
    expect(errorOf(() => parseChannelTalkUserChatsPage({ chats: [] })).code).toBe('bad_request');
    expect(errorOf(() => parseChannelTalkMessagesPage(null)).code).toBe('bad_request');
  });
});

describe('Channel Talk desk export', () => {
  const data = () => ({
    userChats: fixtureCsv('channeltalk-export-userchats.csv'),
    messages: fixtureCsv('channeltalk-export-messages.csv'),
    users: fixtureCsv('channeltalk-export-users.csv'),
  });

  it('maps every customer message with its conversation fields', () => {
    const { items, ignored } = mapChannelTalkExport(data());
    expect(ignored).toEqual([]);
    expect(items.map((i) => i.external_id)).toEqual(['6725c2b6f0d94e2a7b31', '6725c4a0b1c2d3e4f5a6', '6724a1c5f0e1d2c3b4a5']);
    expect(items[0]).toMatchObject({
      channel: 'chat',
      source: 'channeltalk',
      created_at: '2024-11-03T01:15:02.000Z', // naive export times are Korea time
      customer_id: 'shop-88213',
      customer_segment: 'VIP',
      customer_plan: '정기배송',
      status: 'closed',
      assignee: '301884',
      first_response_at: '2024-11-03T01:21:40.000Z',
      resolved_at: '2024-11-03T01:40:11.000Z',
      handled_by: 'human',
      metadata: { conversation_id: '6725c2b0a1f3e8d4c901', chat_tags: ['배송문의', '배송지연'] },
    });
    expect(items[2]).toMatchObject({ customer_id: '6724a0aa11c2d3e4f5a6', status: 'on_hold', metadata: { medium: 'appKakao', chat_tags: ['교환'] } });
    expect(items[2].first_response_at).toBeUndefined();
    expect(items[2].handled_by).toBeUndefined();
    // The follow-up message (10:23:05, after the reply at 10:21:40) was not answered by that reply:
    // no later reply, so no first response; the chat closed after it, so it is resolved.
    expect(items[1].first_response_at).toBeUndefined();
    expect(items[1].resolved_at).toBe('2024-11-03T01:40:11.000Z');
    expectValid(items);
    const json = JSON.stringify(items);
    for (const pii of ['김하늘', '이도윤', 'haneul.kim@example.com', '고객 VIP']) expect(json).not.toContain(pii);
  });

  it('can make one item per conversation', () => {
    const { items } = mapChannelTalkExport(data(), { unit: 'conversation' });
    expect(items.map((i) => [i.external_id, i.text])).toEqual([
      ['6725c2b0a1f3e8d4c901', '배송이 3일째 안 와요. 주문번호 20241101-000123\n네 감사합니다. 오늘 꼭 보내주세요!'],
      ['6724a1c3e9f0b2d5a877', '어제 받은 니트가 작아서 L 사이즈로 교환하고 싶어요.'],
    ]);
    expect(items[0].metadata).toMatchObject({ message_count: 2 });
    expect(items[0].metadata).not.toHaveProperty('message_id');
    expectValid(items);
  });

  it('falls back to the chat description when the export has no messages', () => {
    const { items } = mapChannelTalkExport({ userChats: data().userChats });
    expect(items.map((i) => [i.external_id, i.text, (i.metadata as Json).text_from])).toEqual([
      ['6725c2b0a1f3e8d4c901', '배송 지연 - 택배사 집하 지연 안내', 'description'],
      ['6724a1c3e9f0b2d5a877', '사이즈 교환 문의', 'description'],
    ]);
    expectValid(items);
  });

  it('reads sheets re-labelled with Korean headers', () => {
    const { items } = mapChannelTalkExport({
      userChats: [{ '상담 ID': 'c-1', '고객 ID': 'u-1', '상담 상태': 'opened', '상담 태그': '환불', '생성일시': '2024-11-05 09:00:00' }],
      messages: [{ '메시지 ID': 'm-1', '상담 ID': 'c-1', personType: 'user', '작성일시': '2024-11-05 09:00:10', '메시지': '환불 언제 되나요?' }],
    });
    expect(items).toEqual([
      expect.objectContaining({ external_id: 'm-1', text: '환불 언제 되나요?', customer_id: 'u-1', status: 'open', created_at: '2024-11-05T00:00:10.000Z' }),
    ]);
  });
});

describe('Channel Talk userChat event carrying a message (audit s11 L7)', () => {
  it("stores the customer's message from refers.message, beside the chat's own update", () => {
    const msg = fixtureJson('channeltalk-message-user.json') as Record<string, any>;
    const event = { event: 'push', type: 'userChat', entity: { ...msg.refers.userChat, updatedAt: 1730596502400 }, refers: { message: msg.entity, user: msg.refers.user } };
    const r = parseChannelTalkWebhook(event);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ external_id: '6725c2b6f0d94e2a7b31', text: '배송이 3일째 안 와요. 주문번호 20241101-000123', status: 'open', metadata: { conversation_id: '6725c2b0a1f3e8d4c901' } });
    expect(r.updates![0]).toMatchObject({ conversation_id: '6725c2b0a1f3e8d4c901', status: 'open' });
    // A manager's message there is an answer, not customer voice; a broken one is reported, not fatal.
    const reply = fixtureJson('channeltalk-message-manager.json') as Record<string, any>;
    const answered = parseChannelTalkWebhook({ ...event, refers: { message: reply.entity } });
    expect(answered.items).toEqual([]);
    expect(answered.updates).toContainEqual(expect.objectContaining({ handled_by: 'human', first_response_at: '2024-11-03T01:21:40.512Z' }));
    const broken = parseChannelTalkWebhook({ ...event, refers: { message: { personType: 'user', plainText: '문의' } } });
    expect(broken.items).toEqual([]);
    expect(broken.ignored).toEqual([expect.stringContaining('refers.message: message without id or chatId')]);
  });
});

