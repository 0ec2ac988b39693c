/**
 * Channel Talk (채널톡) → Sori items.
 *
 * Built from Channel Talk's developer docs (developers.channel.io) and user guide
 * (docs.channel.io), as published in 2024–2025:
 * - Webhook "Getting started" and "Webhook events": `{event: 'push', type: 'message',
 *   entity: Message, refers: {userChat, user, manager, bot, …}}`; Message has `chatType`
 *   ('userChat' | 'group'), `personType` ('user' | 'manager' | 'bot'), `createdAt` (ms epoch),
 *   `plainText` and `blocks`. Authentication is `?token=` (see signature.ts).
 * - Open API v5: `GET /open/v5/user-chats` (`{prev, next, userChats: [UserChat]}`, states
 *   opened/snoozed/closed) and `GET /open/v5/user-chats/{userChatId}/messages`
 *   (`{prev, next, messages, bots, managers}`), for a future pull sync.
 * - User guide "상담 통계 다운로드" / "Download Analytics Data (by chat)": the XLSX/JSON export has
 *   sheets "UserChat data", "Message data", "User data"… whose headers are the English keys
 *   (id, userId, state, tags, description, …), not Korean labels. The declared mapping below
 *   uses those keys first and the Korean display names of the chat profile ("상담 태그", …) as
 *   aliases for hand-made or re-labelled sheets. The Message sheet's headers are not listed in
 *   the guide; we assume the Message object's keys (id, chatId, personType, createdAt, plainText).
 *
 * Decisions:
 * - One item per customer message (external_id = message id, metadata.conversation_id = the
 *   user chat id), which is what a webhook delivers. Manager and bot messages are not customer
 *   voice: they become `ConversationUpdate`s (first_response_at candidate, handled_by). Export
 *   and pull see whole conversations and can produce one item per conversation instead
 *   (`unit: 'conversation'`, external_id = user chat id).
 * - customer_id is the user's `memberId` (the shop's own customer id) when set, else Channel
 *   Talk's user id. Names, e-mails and phone numbers from the profile are never copied.
 * - Status: opened → open, snoozed → on_hold, closed → closed (resolved_at = closedAt); the
 *   older v4 states (unassigned, assigned, holding, solved) are mapped too.
 * - Internal notes (`options` contains 'private'), system log messages and group (team) chats
 *   are skipped; a message with files but no text is skipped (nothing to analyse).
 * - A `userChat` event that carries a message in `refers.message` (the message that opened or
 *   changed the chat) is read as that message's event too: a customer's becomes an item.
 * - Updates may arrive before the customer's message (a bot greeting, an agent-initiated chat,
 *   deliveries in no order): the receiver keeps them until the conversation has an item.
 */
import { SoriError } from '../../domain/errors.js';
import { answerTimeFor, CONVERSATION_UPDATED_FIELD, parseTimestamp, type ItemInput, type ItemStatus } from '../../domain/item.js';
import { CHANNELTALK_SIGNATURE_HEADER, CHANNELTALK_TOKEN_PARAM, verifyChannelTalkSignature, verifyChannelTalkToken } from './signature.js';
import { headerValue, type ChannelAdapter, type ConversationUpdate, type WebhookParseResult } from './types.js';

export const CHANNELTALK_SOURCE = 'channeltalk';

// ── Vendor shapes (only the fields we read; everything is optional on the wire) ─────────────

export interface ChannelTalkBlock {
  type?: string;
  value?: string;
  blocks?: ChannelTalkBlock[];
}

export interface ChannelTalkMessage {
  id?: string;
  chatType?: string;
  chatId?: string;
  channelId?: string;
  personType?: string;
  personId?: string;
  createdAt?: number | string;
  language?: string;
  plainText?: string;
  blocks?: ChannelTalkBlock[];
  log?: { action?: string } | null;
  options?: string[];
}

export interface ChannelTalkUser {
  id?: string;
  memberId?: string;
  type?: string;
  language?: string;
  profile?: Record<string, unknown> | null;
}

export interface ChannelTalkUserChat {
  id?: string;
  channelId?: string;
  userId?: string;
  state?: string;
  assigneeId?: string | null;
  tags?: string[] | string | null;
  contactMediumType?: string | null;
  createdAt?: number | string | null;
  openedAt?: number | string | null;
  firstOpenedAt?: number | string | null;
  firstRepliedAtAfterOpen?: number | string | null;
  closedAt?: number | string | null;
  updatedAt?: number | string | null;
  description?: string | null;
  priority?: string | null;
  csat?: number | string | null;
}

export type PersonType = 'user' | 'manager' | 'bot';

export interface ChannelTalkOptions {
  /** Source written on items and updates; default 'channeltalk'. */
  source?: string;
  /** Whose messages become items; default ['user'] (customers only). */
  itemPersonTypes?: PersonType[];
  /** Profile keys read as customer_segment, first non-empty wins. */
  segmentProfileKeys?: string[];
  /** Profile keys read as customer_plan, first non-empty wins. */
  planProfileKeys?: string[];
}

export const DEFAULT_SEGMENT_PROFILE_KEYS = ['segment', 'customerSegment', 'customer_segment', 'grade', 'memberGrade', 'membershipLevel', 'tier', '등급', '회원등급'];
export const DEFAULT_PLAN_PROFILE_KEYS = ['plan', 'customerPlan', 'customer_plan', 'subscriptionPlan', '요금제'];

// ── Small helpers ───────────────────────────────────────────────────────────────────────────

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return s === '' ? undefined : s;
};

/** Channel Talk times are ms epoch numbers (exports may hold strings); returns ISO 8601. */
function iso(v: unknown): string | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v !== 'number' && typeof v !== 'string' && !(v instanceof Date)) return undefined;
  return parseTimestamp(v)?.toISOString();
}

const STATUS: Record<string, ItemStatus> = {
  opened: 'open',
  snoozed: 'on_hold',
  closed: 'closed',
  // Open API v4 states, still seen in older integrations.
  unassigned: 'new',
  assigned: 'open',
  holding: 'on_hold',
  solved: 'resolved',
};

/** Maps a user chat state to a Sori status (undefined when unknown). */
export function mapChannelTalkState(state: unknown): ItemStatus | undefined {
  const s = str(state)?.toLowerCase();
  // Own keys only: a state named 'constructor' is no status (it found Object's, and the receiver answered 500).
  return s && Object.hasOwn(STATUS, s) ? STATUS[s] : undefined;
}

// Inline markup that can appear in block values (bold, italics, links, emoji shortcodes).
const INLINE_TAG = /<\/?(?:b|i|s|u|strike|code|link|emoji)(?:\s[^>]*)?>/g;

function blocksText(blocks: ChannelTalkBlock[] | undefined, depth = 0): string[] {
  if (!Array.isArray(blocks) || depth > 5) return [];
  const lines: string[] = [];
  for (const b of blocks as unknown[]) {
    if (!isObj(b)) continue;
    if (typeof b.value === 'string' && b.value.trim()) lines.push(b.value.replace(INLINE_TAG, '').trim());
    lines.push(...blocksText((b as ChannelTalkBlock).blocks, depth + 1));
  }
  return lines;
}

/** A message's text: `plainText`, or the text of its blocks when plainText is absent. */
export function channelTalkMessageText(m: ChannelTalkMessage): string | undefined {
  const plain = str(m.plainText);
  if (plain) return plain;
  const fromBlocks = blocksText(m.blocks).join('\n').trim();
  return fromBlocks === '' ? undefined : fromBlocks;
}

function pickProfile(user: ChannelTalkUser | undefined, keys: string[]): string | undefined {
  const profile = user?.profile;
  if (!isObj(profile)) return undefined;
  for (const k of keys) {
    const v = str(profile[k]);
    if (v) return v;
  }
  return undefined;
}

function tagList(tags: unknown): string[] | undefined {
  if (Array.isArray(tags)) {
    const list = tags.map(str).filter((t): t is string => !!t);
    return list.length ? list : undefined;
  }
  const s = str(tags);
  // Exports join tags with commas.
  return s ? s.split(',').map((t) => t.trim()).filter(Boolean) : undefined;
}

interface ConversationFields {
  status?: ItemStatus;
  assignee?: string;
  first_response_at?: string;
  resolved_at?: string;
}

/** Conversation-level fields a user chat gives every item of the conversation. */
function userChatFields(uc: ChannelTalkUserChat | undefined): ConversationFields {
  if (!uc) return {};
  const status = mapChannelTalkState(uc.state);
  return {
    status,
    assignee: str(uc.assigneeId),
    first_response_at: iso(uc.firstRepliedAtAfterOpen),
    resolved_at: status === 'closed' || status === 'resolved' ? iso(uc.closedAt) : undefined,
  };
}

function userChatMetadata(uc: ChannelTalkUserChat | undefined): Obj {
  if (!uc) return {};
  const meta: Obj = {};
  const tags = tagList(uc.tags);
  if (tags) meta.chat_tags = tags;
  if (str(uc.contactMediumType)) meta.medium = str(uc.contactMediumType);
  if (str(uc.state)) meta.channeltalk_state = str(uc.state);
  if (str(uc.priority)) meta.priority = str(uc.priority);
  return meta;
}

function csatRating(uc: ChannelTalkUserChat | undefined): number | undefined {
  const n = Number(str(uc?.csat));
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : undefined;
}

function customerId(user: ChannelTalkUser | undefined, fallback: string | undefined): string | undefined {
  return str(user?.memberId) ?? str(user?.id) ?? fallback;
}

interface Context {
  source: string;
  itemPersonTypes: PersonType[];
  segmentKeys: string[];
  planKeys: string[];
}

function context(opts: ChannelTalkOptions = {}): Context {
  return {
    source: opts.source ?? CHANNELTALK_SOURCE,
    itemPersonTypes: opts.itemPersonTypes ?? ['user'],
    segmentKeys: opts.segmentProfileKeys ?? DEFAULT_SEGMENT_PROFILE_KEYS,
    planKeys: opts.planProfileKeys ?? DEFAULT_PLAN_PROFILE_KEYS,
  };
}

const personTypeOf = (m: ChannelTalkMessage): PersonType | undefined => {
  const p = str(m.personType)?.toLowerCase();
  return p === 'user' || p === 'manager' || p === 'bot' ? p : undefined;
};
const isPrivate = (m: ChannelTalkMessage) => Array.isArray(m.options) && m.options.includes('private');
const isLog = (m: ChannelTalkMessage) => isObj(m.log);

/** Builds the item for one message (already known to have text). */
function messageItem(m: ChannelTalkMessage, text: string, person: PersonType, uc: ChannelTalkUserChat | undefined, user: ChannelTalkUser | undefined, ctx: Context): ItemInput {
  const conversationId = str(m.chatId) ?? str(uc?.id);
  const item: ItemInput = {
    external_id: str(m.id),
    channel: 'chat',
    source: ctx.source,
    // Unreadable: the text as sent, so the rejection quotes it ("not a date/time: 어제 오후").
    created_at: iso(m.createdAt) ?? (typeof m.createdAt === 'string' ? m.createdAt : ''),
    text,
    language: str(m.language),
    // Staff messages made items still belong to the chat's customer.
    customer_id: customerId(user, (person === 'user' ? str(m.personId) : undefined) ?? str(uc?.userId)),
    customer_segment: pickProfile(user, ctx.segmentKeys),
    customer_plan: pickProfile(user, ctx.planKeys),
    rating: csatRating(uc),
    ...userChatFields(uc),
    metadata: {
      conversation_id: conversationId,
      message_id: str(m.id),
      person_type: person,
      ...(str(user?.type) ? { user_type: str(user?.type) } : {}),
      ...userChatMetadata(uc),
      // When the chat's state above was read: a late or retried event's older snapshot does not
      // replace a newer stored state (upsert-items.ts), and older updates do not apply over it.
      ...(iso(uc?.updatedAt) ? { [CONVERSATION_UPDATED_FIELD]: iso(uc?.updatedAt) } : {}),
    },
  };
  if (person !== 'user') {
    item.kind = 'note';
    item.handled_by = person === 'bot' ? 'bot' : 'human';
  }
  // The chat's answer times are the conversation's: a message written after the first reply (a
  // follow-up) was not answered by it, nor resolved by an earlier close — lead times are never negative.
  const written = msOf(item.created_at);
  for (const field of ['first_response_at', 'resolved_at'] as const) {
    const at = msOf(item[field]);
    if (Number.isNaN(at) || Number.isNaN(written) || at >= written) continue;
    if (answerTimeFor(written, at) === null) delete item[field]; // within the clock skew it stays: ingest takes it as the item's own time
  }
  return stripUndefined(item);
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function conversationUpdate(source: string, conversationId: string, at: string, fields: Omit<ConversationUpdate, 'source' | 'conversation_id' | 'at'>): ConversationUpdate | null {
  const clean = stripUndefined({ ...fields });
  if (Object.keys(clean).length === 0) return null;
  return { source, conversation_id: conversationId, at, ...clean };
}

// ── Webhook ─────────────────────────────────────────────────────────────────────────────────

/** Refuses a body of the wrong shape, in both languages: the sender's delivery log is read by an operator. */
function badRequest(message: string): never {
  throw new SoriError('bad_request', `${message} / 채널톡 웹훅 본문의 형식이 올바르지 않습니다`, { adapter: 'channeltalk' });
}

/**
 * Maps one Channel Talk webhook event. Customer messages become items; manager and bot
 * messages and user-chat events become ConversationUpdates; everything else is ignored.
 */
export function parseChannelTalkWebhook(body: unknown, opts: ChannelTalkOptions = {}): WebhookParseResult {
  if (!isObj(body)) badRequest('Channel Talk webhook body must be a JSON object');
  const type = str(body.type)?.toLowerCase();
  if (!type || !('entity' in body)) badRequest('not a Channel Talk webhook event: expected {event, type, entity, refers}');
  const ctx = context(opts);
  const refers = isObj(body.refers) ? body.refers : {};
  const uc = isObj(refers.userChat) ? (refers.userChat as ChannelTalkUserChat) : undefined;

  if (type === 'userchat') {
    if (!isObj(body.entity)) badRequest('userChat event without an entity object');
    const chat = body.entity as ChannelTalkUserChat;
    const id = str(chat.id);
    if (!id) badRequest('userChat event without entity.id');
    const at = iso(chat.updatedAt) ?? iso(chat.closedAt) ?? iso(chat.openedAt) ?? iso(chat.createdAt);
    if (!at) badRequest('userChat event without any timestamp');
    const update = conversationUpdate(ctx.source, id, at, userChatFields(chat));
    const result: WebhookParseResult = { items: [], updates: update ? [update] : [], ignored: update ? [] : ['userChat event without state'] };
    // A userChat event may carry the message that opened or changed the chat in refers.message
    // (audit s11 L7): the customer's message is theirs to store, a manager's or bot's is an update.
    if (isObj(refers.message)) {
      try {
        const fromMessage = parseChannelTalkWebhook(
          { event: body.event, type: 'message', entity: { chatType: 'userChat', chatId: id, ...refers.message }, refers: { ...refers, userChat: chat } },
          opts,
        );
        result.items.push(...fromMessage.items);
        result.updates!.push(...(fromMessage.updates ?? []));
        result.ignored!.push(...(fromMessage.ignored ?? []).map((r) => `refers.message: ${r}`));
      } catch (error) {
        if (!(error instanceof SoriError)) throw error;
        result.ignored!.push(`refers.message: ${error.message}`);
      }
    }
    return result;
  }
  if (type !== 'message') return { items: [], updates: [], ignored: [`event type '${type}' is not mapped`] };

  if (!isObj(body.entity)) badRequest('message event without an entity object');
  const m = body.entity as ChannelTalkMessage;
  if (str(m.chatType) && str(m.chatType) !== 'userChat') return { items: [], updates: [], ignored: [`message in a ${m.chatType} chat (not a customer conversation)`] };
  if (!str(m.id) || !str(m.chatId)) badRequest('message without id or chatId');
  if (!iso(m.createdAt)) badRequest('message without a valid createdAt');
  const person = personTypeOf(m);
  if (!person) return { items: [], updates: [], ignored: [`message from unknown personType '${String(m.personType)}'`] };

  const user = (isObj(refers.user) ? refers.user : isObj(refers.veil) ? refers.veil : undefined) as ChannelTalkUser | undefined;
  const items: ItemInput[] = [];
  const ignored: string[] = [];
  const at = iso(m.createdAt)!;
  const text = channelTalkMessageText(m);

  if (isPrivate(m)) ignored.push('internal note (private message)');
  else if (isLog(m)) ignored.push('system log message');
  else if (!text) ignored.push('message without text');
  else if (ctx.itemPersonTypes.includes(person)) items.push(messageItem(m, text, person, uc, user, ctx));

  const answered = person === 'manager' && !isPrivate(m) && !isLog(m);
  const fromChat = userChatFields(uc);
  const update = conversationUpdate(ctx.source, str(m.chatId)!, at, {
    ...fromChat,
    // The chat's own first-reply time wins over this message's time when Channel Talk sent it.
    first_response_at: fromChat.first_response_at ?? (answered ? at : undefined),
    handled_by: answered ? 'human' : person === 'bot' ? 'bot' : undefined,
  });
  return { items, updates: update ? [update] : [], ignored };
}

// ── Whole conversations: Open API v5 pull and desk export ───────────────────────────────────

export interface ChannelTalkConversation {
  userChat: ChannelTalkUserChat;
  messages: ChannelTalkMessage[];
  user?: ChannelTalkUser;
}

export interface ConversationMapOptions extends ChannelTalkOptions {
  /** 'message' (default): one item per customer message; 'conversation': one per user chat. */
  unit?: 'message' | 'conversation';
}

export interface MappedBatch {
  items: ItemInput[];
  ignored: string[];
}

const msOf = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? (parseTimestamp(v)?.getTime() ?? Number.NaN) : Number.NaN);

/**
 * Maps one complete conversation (a user chat and its messages). Because the whole history is
 * known, first_response_at and handled_by are computed here and set on the items directly.
 */
export function mapChannelTalkConversation(conv: ChannelTalkConversation, opts: ConversationMapOptions = {}): MappedBatch {
  const ctx = context(opts);
  const uc = conv.userChat;
  const chatId = str(uc.id);
  if (!chatId) return { items: [], ignored: ['user chat without id'] };
  const usable = conv.messages
    .filter((m) => isObj(m) && !isPrivate(m) && !isLog(m) && personTypeOf(m) && !Number.isNaN(msOf(m.createdAt)))
    .sort((a, b) => msOf(a.createdAt) - msOf(b.createdAt));
  const firstCustomerMs = usable.find((m) => personTypeOf(m) === 'user')?.createdAt;
  const firstReply = usable.find((m) => personTypeOf(m) === 'manager' && firstCustomerMs !== undefined && msOf(m.createdAt) >= msOf(firstCustomerMs));
  const handledBy = usable.some((m) => personTypeOf(m) === 'manager') ? 'human' : usable.some((m) => personTypeOf(m) === 'bot') ? 'bot' : undefined;
  const conversationFields = {
    first_response_at: iso(uc.firstRepliedAtAfterOpen) ?? iso(firstReply?.createdAt),
    handled_by: handledBy,
  } as const;

  const ignored: string[] = [];
  const items: ItemInput[] = [];
  if ((opts.unit ?? 'message') === 'conversation') {
    const customer = usable.filter((m) => ctx.itemPersonTypes.includes(personTypeOf(m)!));
    const texts = customer.map(channelTalkMessageText).filter((t): t is string => !!t);
    const text = texts.length ? texts.join('\n') : str(uc.description);
    if (!text) return { items: [], ignored: [`user chat ${chatId} has no customer text`] };
    const first = customer[0];
    const item = messageItem(
      { id: chatId, chatId, createdAt: first?.createdAt ?? uc.createdAt ?? uc.openedAt ?? undefined, language: first?.language, personId: uc.userId },
      text,
      'user',
      uc,
      conv.user,
      ctx,
    );
    item.external_id = chatId;
    const { message_id: _messageId, ...meta } = item.metadata as Obj;
    item.metadata = { ...meta, message_count: customer.length, ...(texts.length ? {} : { text_from: 'description' }) };
    items.push(stripUndefined({ ...item, ...conversationFields, first_response_at: item.first_response_at ?? conversationFields.first_response_at }));
    return { items, ignored };
  }
  for (const m of usable) {
    const person = personTypeOf(m)!;
    if (!ctx.itemPersonTypes.includes(person)) continue;
    const text = channelTalkMessageText(m);
    if (!text) {
      ignored.push(`message ${str(m.id) ?? '?'} has no text`);
      continue;
    }
    const item = messageItem({ ...m, chatId: str(m.chatId) ?? chatId }, text, person, uc, conv.user, ctx);
    // A message's first response: the chat's, unless the message came after it; then the next reply.
    const at = msOf(m.createdAt);
    const chatReply = conversationFields.first_response_at;
    const answers = (t: unknown) => answerTimeFor(at, msOf(t)) !== null;
    const reply = chatReply !== undefined && answers(chatReply) ? chatReply : iso(usable.find((r) => personTypeOf(r) === 'manager' && answers(r.createdAt))?.createdAt);
    items.push(stripUndefined({ ...item, first_response_at: item.first_response_at ?? reply, handled_by: item.handled_by ?? conversationFields.handled_by }));
  }
  return { items, ignored };
}

/** The parts of a `GET /open/v5/user-chats` page a pull sync needs. */
export interface UserChatsPage {
  userChats: ChannelTalkUserChat[];
  users: Map<string, ChannelTalkUser>;
  /** Pass as `since` to fetch the next page; absent on the last page. */
  next?: string;
}

/** Reads a `GET /open/v5/user-chats` response body. */
export function parseChannelTalkUserChatsPage(body: unknown): UserChatsPage {
  if (!isObj(body) || !Array.isArray(body.userChats)) badRequest('expected an Open API v5 user-chats response: {userChats: [...], next}');
  const users = new Map<string, ChannelTalkUser>();
  if (Array.isArray(body.users)) for (const u of body.users) if (isObj(u) && str(u.id)) users.set(str(u.id)!, u as ChannelTalkUser);
  return { userChats: (body.userChats as unknown[]).filter(isObj) as ChannelTalkUserChat[], users, next: str(body.next) };
}

/** Reads a `GET /open/v5/user-chats/{id}/messages` response body. */
export function parseChannelTalkMessagesPage(body: unknown): { messages: ChannelTalkMessage[]; next?: string } {
  if (!isObj(body) || !Array.isArray(body.messages)) badRequest('expected an Open API v5 messages response: {messages: [...], next}');
  return { messages: (body.messages as unknown[]).filter(isObj) as ChannelTalkMessage[], next: str(body.next) };
}

// ── Desk export (XLSX / CSV / JSON rows) ────────────────────────────────────────────────────

/** Accepted column headers per field, the documented header first. */
export type ColumnAliases<F extends string> = { [K in F]?: readonly string[] };

/** Which export column feeds which field, per sheet. */
export interface ChannelTalkExportColumns {
  userChat: ColumnAliases<keyof ChannelTalkUserChat & string>;
  message: ColumnAliases<keyof ChannelTalkMessage & string>;
  user: ColumnAliases<keyof ChannelTalkUser & string>;
}

export const CHANNELTALK_EXPORT_COLUMNS: ChannelTalkExportColumns = {
  /** Sheet "UserChat data". */
  userChat: {
    id: ['id', 'userChatId', '상담 ID', '유저챗 ID'],
    userId: ['userId', '고객 ID'],
    state: ['state', '상담 상태'],
    tags: ['tags', '상담 태그'],
    description: ['description', '상담 설명'],
    assigneeId: ['assigneeId', '담당자 ID'],
    priority: ['priority', '우선순위'],
    contactMediumType: ['contactMediumType'],
    createdAt: ['createdAt', '생성일시'],
    openedAt: ['openedAt'],
    firstOpenedAt: ['firstOpenedAt'],
    firstRepliedAtAfterOpen: ['firstRepliedAtAfterOpen'],
    closedAt: ['closedAt', '종료일시'],
    csat: ['csat', 'CSAT', '상담 만족도'],
  },
  /** Sheet "Message data" (present when the export includes messages). */
  message: {
    id: ['id', 'messageId', '메시지 ID'],
    chatId: ['chatId', 'userChatId', '상담 ID'],
    personType: ['personType', '작성자 유형'],
    personId: ['personId', '작성자 ID'],
    createdAt: ['createdAt', '작성일시'],
    plainText: ['plainText', 'message', '메시지', '내용'],
    language: ['language'],
    options: ['options'],
  },
  /** Sheet "User data". Profile fields appear as `profile.<key>` columns. */
  user: {
    id: ['id', 'userId', '고객 ID'],
    memberId: ['memberId', '회원 ID'],
    type: ['type'],
  },
};

type Row = Record<string, unknown>;

function pickColumn(row: Row, headers: readonly string[]): unknown {
  for (const h of headers) {
    const v = row[h];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

const TIME_FIELDS = new Set(['createdAt', 'updatedAt', 'openedAt', 'firstOpenedAt', 'firstRepliedAtAfterOpen', 'closedAt']);

/**
 * One export row as the API's field names. Times (TIME_FIELDS) become epoch ms: the desk
 * writes them as local wall-clock text ("2024-11-03 10:14:58"), read in `timeZone`; text that is
 * no time is kept, and rejected later with the item.
 */
function mapRow(row: Row, columns: Record<string, readonly string[] | undefined>, timeZone = 'Asia/Seoul'): Row {
  const out: Row = {};
  for (const [field, headers] of Object.entries(columns)) {
    if (!headers) continue;
    const v = pickColumn(row, headers);
    if (v === undefined) continue;
    if (v instanceof Date) out[field] = v.getTime();
    else if (typeof v === 'string' && TIME_FIELDS.has(field)) out[field] = parseTimestamp(v, timeZone)?.getTime() ?? v;
    else out[field] = v;
  }
  return out;
}

function exportUser(row: Row, columns: ChannelTalkExportColumns['user']): ChannelTalkUser {
  const user = mapRow(row, columns) as ChannelTalkUser & Row;
  const profile: Obj = {};
  for (const [k, v] of Object.entries(row)) if (k.startsWith('profile.') && v !== '' && v != null) profile[k.slice('profile.'.length)] = v;
  return { id: str(user.id), memberId: str(user.memberId), type: str(user.type), profile };
}

export interface ChannelTalkExport {
  userChats: Row[];
  messages?: Row[];
  users?: Row[];
}

/**
 * Maps a Channel Talk desk export (rows of the "UserChat data", "Message data" and "User data"
 * sheets, keyed by header). Without a Message sheet each user chat becomes one item whose text
 * is the chat description (a manager's summary), flagged `metadata.text_from = 'description'`.
 * `timeZone` is the zone of the export's times written without an offset (default Asia/Seoul).
 */
export function mapChannelTalkExport(
  data: ChannelTalkExport,
  opts: ConversationMapOptions & { columns?: ChannelTalkExportColumns; timeZone?: string } = {},
): MappedBatch {
  const columns = opts.columns ?? CHANNELTALK_EXPORT_COLUMNS;
  const users = new Map<string, ChannelTalkUser>();
  for (const row of data.users ?? []) {
    const u = exportUser(row, columns.user);
    if (u.id) users.set(u.id, u);
  }
  const messagesByChat = new Map<string, ChannelTalkMessage[]>();
  for (const row of data.messages ?? []) {
    const m = mapRow(row, columns.message, opts.timeZone) as ChannelTalkMessage & Row;
    if (typeof m.options === 'string') m.options = (m.options as string).split(',').map((s) => s.trim());
    const chatId = str(m.chatId);
    if (!chatId) continue;
    m.chatId = chatId;
    m.id = str(m.id);
    if (!messagesByChat.has(chatId)) messagesByChat.set(chatId, []);
    messagesByChat.get(chatId)!.push(m);
  }
  const hasMessages = (data.messages?.length ?? 0) > 0;
  const items: ItemInput[] = [];
  const ignored: string[] = [];
  for (const row of data.userChats) {
    const uc = mapRow(row, columns.userChat, opts.timeZone) as ChannelTalkUserChat;
    uc.id = str(uc.id);
    if (!uc.id) {
      ignored.push('user chat row without id');
      continue;
    }
    const user = uc.userId ? users.get(str(uc.userId)!) : undefined;
    const unit = hasMessages ? opts.unit : 'conversation';
    const r = mapChannelTalkConversation({ userChat: uc, messages: messagesByChat.get(uc.id) ?? [], user }, { ...opts, unit });
    items.push(...r.items);
    ignored.push(...r.ignored);
  }
  return { items, ignored };
}

// ── Adapter ─────────────────────────────────────────────────────────────────────────────────

export const channeltalk: ChannelAdapter = {
  name: 'channeltalk',
  defaultSource: CHANNELTALK_SOURCE,
  parseWebhook(body, _headers, options) {
    return parseChannelTalkWebhook(body, { source: options?.source });
  },
  verify(rawBody, headers, query, secret) {
    // Channel Talk webhooks carry ?token=; Channel Talk app calls carry X-Signature instead.
    const token = query[CHANNELTALK_TOKEN_PARAM];
    if (token !== undefined) return verifyChannelTalkToken(token, secret);
    const signature = headerValue(headers, CHANNELTALK_SIGNATURE_HEADER);
    if (signature !== undefined) return verifyChannelTalkSignature(rawBody, signature, secret);
    return { ok: false, code: 'signature_missing' };
  },
};
