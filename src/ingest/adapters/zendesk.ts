/**
 * Zendesk Support → Sori items.
 *
 * Built from Zendesk Developer Docs (developer.zendesk.com), Support API v2, as published 2024:
 * - Webhooks: "Webhook event types" / "Ticket events" — event-subscription payloads
 *   `{type: 'zen:event-type:ticket.created', id, time, zendesk_event_version: '2022-11-06',
 *   subject: 'zen:ticket:<id>', detail: {id, subject, description, status, priority,
 *   requester_id, assignee_id, tags, via: {channel}, created_at, …}, event: {…}}`; ids in
 *   `detail` are strings and enum values may be upper-case ('OPEN'). Trigger/automation
 *   webhooks send a JSON body the admin writes with placeholders; we accept the template
 *   below, `{ticket: {...}}`, or a flat ticket object.
 * - Tickets API and Incremental Exports (`GET /api/v2/incremental/tickets/cursor.json`,
 *   `{tickets, after_cursor, end_of_stream}`, `include=metric_sets` sideloads `metric_sets`),
 *   Ticket Metrics (`reply_time_in_minutes.calendar`, `solved_at`, `reopens`).
 * - "Via types reference" for `via.channel` (strings such as web, email, chat, voice, api,
 *   mobile_sdk, native_messaging, or the numeric via id).
 *
 * Decisions:
 * - One item per ticket, external_id = ticket id; a later event or export of the same ticket
 *   re-upserts it with its latest status/assignee, so "ticket updated" needs no special case.
 *   Zendesk does not guarantee delivery order and retries failed deliveries, so every item
 *   carries the ticket's `updated_at` (an event's `time` when its detail lacks it) in
 *   metadata.updated_at; the receiver skips a delivery older than the stored ticket
 *   (`stateVersionKey`), and a re-sent `ticket.created` cannot reopen a solved ticket.
 * - text = subject + blank line + description (the first comment); subject alone when the
 *   description merely repeats it. title = subject.
 * - status new/open/pending/hold/solved/closed → new/open/pending/on_hold/resolved/closed.
 * - satisfaction_rating.score good → rating 5, bad → rating 1 (Zendesk's classic CSAT is
 *   binary; 5/1 keeps "share of 4–5" CSAT correct across sources, averages of Zendesk-only
 *   data are then just that share scaled). offered/unoffered → no rating. A numeric score
 *   1–5 (newer CSAT surveys) is used as is. The raw score and the comment go to metadata.
 * - first_response_at = created_at + reply_time_in_minutes.calendar from the ticket's metric
 *   set; resolved_at = metric solved_at; reopened_count = metric reopens.
 * - Webhooks carry no metric set (the documented event `detail` and the trigger placeholders
 *   have none), so their answer times come from what they do carry (audit s11 H3):
 *   - Webhook event types → "Ticket events", `zen:event-type:ticket.comment_added` ("Comment
 *     created", event version 2022-11-06): `event: {comment: {id, body, is_public, author: {id,
 *     is_staff, name}}}` beside the ticket's `detail`, the event `time` being when it was
 *     written. A public comment by staff who is not the ticket's requester is a first-response
 *     candidate, sent as a ConversationUpdate (the ticket id is the item's conversation_id), so
 *     the earliest one wins whatever order the events come in.
 *   - A ticket whose status is solved or closed (any case, or the Korean labels below) is
 *     resolved at its `detail.updated_at` (trigger: `{{ticket.updated_at_with_timestamp}}`;
 *     else the event `time`), never before created_at (`answerTimeFor`). Only a
 *     `ticket.status_changed` to solved is the moment it was solved and sets resolved_at on the
 *     item (a re-solve after a reopen moves it); any other event about a solved or closed ticket
 *     (a later tag change, the automatic close four days on, a trigger on any update) has a
 *     later updated_at, so its time only fills a resolution the ticket does not have yet
 *     (`resolved_at_if_none`).
 * - An event whose detail has neither subject nor description (third-party samples show such
 *   details) is still a ticket with a status: it is stored with the text NO_TICKET_TEXT.
 * - A trigger `updated_at` rendered by `{{ticket.updated_at}}` ("Zendesk placeholders reference":
 *   `ticket.created_at` is a date such as "May 18, 2014", no time of day nor zone; only the
 *   `_with_timestamp` forms are ISO 8601) cannot order deliveries: the ticket is stored without
 *   out-of-order protection and the answer says so in `warnings`.
 * - Deleted, spam and merged tickets are skipped (ignored), not turned into items.
 */
import { SoriError } from '../../domain/errors.js';
import { answerTimeFor, parseTimestamp, type Channel, type ItemInput, type ItemStatus } from '../../domain/item.js';
import { verifyZendeskSignature, ZENDESK_SIGNATURE_HEADER, ZENDESK_TIMESTAMP_HEADER } from './signature.js';
import { checkWebhookItemCount, headerValue, type ChannelAdapter, type ConversationUpdate, type WebhookParseResult } from './types.js';

export const ZENDESK_SOURCE = 'zendesk';

/** The text of a ticket whose subject and description are both empty: it is still a ticket with a status. */
export const NO_TICKET_TEXT = '(제목·내용 없음) / (no subject or description)';

/**
 * The JSON body to paste into a Zendesk trigger's "Notify webhook" action (placeholders are
 * rendered by Zendesk). `ticket.via` renders a label such as "Web Form" or "Mail".
 */
export const ZENDESK_TRIGGER_BODY_TEMPLATE = `{
  "ticket": {
    "id": "{{ticket.id}}",
    "subject": "{{ticket.title}}",
    "description": "{{ticket.description}}",
    "status": "{{ticket.status}}",
    "priority": "{{ticket.priority}}",
    "via": "{{ticket.via}}",
    "requester_id": "{{ticket.requester.id}}",
    "assignee_id": "{{ticket.assignee.id}}",
    "tags": "{{ticket.tags}}",
    "created_at": "{{ticket.created_at_with_timestamp}}",
    "updated_at": "{{ticket.updated_at_with_timestamp}}"
  }
}`;

/** A Zendesk ticket as the API, an event `detail` or a trigger body presents it. */
export interface ZendeskTicket {
  id?: number | string;
  subject?: string | null;
  raw_subject?: string | null;
  description?: string | null;
  status?: string | null;
  priority?: string | null;
  type?: string | null;
  via?: { channel?: string | number | null } | string | null;
  requester_id?: number | string | null;
  assignee_id?: number | string | null;
  group_id?: number | string | null;
  organization_id?: number | string | null;
  brand_id?: number | string | null;
  tags?: string[] | string | null;
  created_at?: string | null;
  updated_at?: string | null;
  satisfaction_rating?: { score?: string | number | null; comment?: string | null } | string | null;
  metric_set?: ZendeskTicketMetrics | null;
}

/** The fields of a ticket metric set we use. */
export interface ZendeskTicketMetrics {
  ticket_id?: number | string;
  reply_time_in_minutes?: { calendar?: number | null; business?: number | null } | null;
  solved_at?: string | null;
  reopens?: number | null;
}

export interface ZendeskOptions {
  /** Source written on items; default 'zendesk'. */
  source?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A trimmed string, or undefined for empty values and unrendered `{{placeholders}}`. */
function str(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return s === '' || /^\{\{[^}]*\}\}$/.test(s) ? undefined : s;
}

const iso = (v: unknown): string | undefined => {
  const s = str(v);
  return s ? parseTimestamp(s)?.toISOString() : undefined;
};

/** Refuses a body of the wrong shape, in both languages: the sender's delivery log is read by an operator. */
function badRequest(message: string): never {
  throw new SoriError('bad_request', `${message} / Zendesk 웹훅 본문의 형식이 올바르지 않습니다`, { adapter: 'zendesk' });
}

// ── Field mappings ──────────────────────────────────────────────────────────────────────────

const STATUS: Record<string, ItemStatus> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  hold: 'on_hold',
  'on-hold': 'on_hold',
  on_hold: 'on_hold',
  solved: 'resolved',
  closed: 'closed',
  // Korean agent-interface labels, as a trigger placeholder may render them.
  신규: 'new',
  열림: 'open',
  '보류 중': 'pending',
  '대기 중': 'on_hold',
  해결됨: 'resolved',
  종료됨: 'closed',
};

/** Maps a Zendesk ticket status (any case) to a Sori status. */
export function mapZendeskStatus(status: unknown): ItemStatus | undefined {
  const s = str(status)?.toLowerCase();
  // Own keys only: a status named 'constructor' is no status.
  return s && Object.hasOwn(STATUS, s) ? STATUS[s] : undefined;
}

// Via types (string form, or the label a trigger placeholder renders, lower-cased with
// spaces as underscores) → Sori channel. Public social posts are 'social'; private messaging
// (DMs, messaging apps, SMS, the messaging widget and mobile SDKs) is 'chat'.
const VIA: Record<string, Channel> = {
  web: 'board',
  web_form: 'board',
  web_widget: 'board',
  dropbox: 'board',
  help_center: 'board',
  closed_ticket: 'board',
  batch: 'board',
  forum: 'board',
  topic: 'board',
  email: 'email',
  mail: 'email',
  chat: 'chat',
  chat_transcript: 'chat',
  messaging: 'chat',
  native_messaging: 'chat',
  web_messaging: 'chat',
  mobile_sdk: 'chat',
  sunshine_conversations_api: 'chat',
  sms: 'chat',
  text_message: 'chat',
  whatsapp: 'chat',
  line: 'chat',
  wechat: 'chat',
  telegram: 'chat',
  kakaotalk: 'chat',
  messenger: 'chat',
  facebook_message: 'chat',
  instagram_dm: 'chat',
  twitter_dm: 'chat',
  x_dm: 'chat',
  voice: 'phone',
  voicemail: 'phone',
  phone_call_inbound: 'phone',
  phone_call_outbound: 'phone',
  twitter: 'social',
  x: 'social',
  twitter_favorite: 'social',
  facebook: 'social',
  facebook_post: 'social',
  api: 'other',
  web_service: 'other',
  import: 'other',
  ticket_sharing: 'other',
  rule: 'other',
  mobile: 'other',
  any_channel: 'other',
};

// Numeric via ids from the "Via types reference" table.
const VIA_ID: Record<number, string> = {
  0: 'web_form', 4: 'mail', 5: 'web_service', 8: 'rule', 17: 'dropbox', 20: 'batch', 23: 'twitter_favorite',
  24: 'topic', 26: 'twitter_dm', 27: 'closed_ticket', 29: 'chat', 30: 'twitter', 31: 'ticket_sharing',
  33: 'voicemail', 34: 'phone_call_inbound', 35: 'phone_call_outbound', 37: 'text_message',
  38: 'facebook_post', 39: 'import', 41: 'facebook_message',
};

function viaType(via: ZendeskTicket['via']): string | undefined {
  const raw = isObj(via) ? via.channel : via;
  if (typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw.trim()))) return (Object.hasOwn(VIA_ID, Number(raw)) ? VIA_ID[Number(raw)] : undefined) ?? `via_${Number(raw)}`;
  return str(raw)?.toLowerCase().replace(/[\s-]+/g, '_');
}

/** Maps a ticket's `via.channel` to a Sori channel ('other' when unknown). */
export function mapZendeskChannel(via: ZendeskTicket['via']): Channel {
  const t = viaType(via);
  // Own keys only: via '__proto__' is no channel (it gave the item the channel {}).
  return (t && Object.hasOwn(VIA, t) && VIA[t]) || 'other';
}

function satisfaction(sr: ZendeskTicket['satisfaction_rating']): { rating?: number; score?: string; comment?: string } {
  if (!sr) return {};
  const scoreRaw = isObj(sr) ? sr.score : sr;
  const score = str(scoreRaw)?.toLowerCase();
  const comment = isObj(sr) ? str(sr.comment) : undefined;
  if (!score) return { comment };
  const n = Number(score);
  if (Number.isInteger(n) && n >= 1 && n <= 5) return { rating: n, score, comment };
  if (score === 'good' || score.startsWith('good')) return { rating: 5, score: 'good', comment };
  if (score === 'bad' || score.startsWith('bad')) return { rating: 1, score: 'bad', comment };
  return { score, comment };
}

function tagList(tags: ZendeskTicket['tags']): string[] | undefined {
  const list = Array.isArray(tags) ? tags.map(str) : (str(tags)?.split(/[\s,]+/) ?? []);
  const clean = list.filter((t): t is string => !!t);
  return clean.length ? clean : undefined;
}

function ticketText(subject: string | undefined, description: string | undefined): string {
  if (!subject) return description ?? '';
  if (!description) return subject;
  // Tickets made without a subject get the start of the description as subject (maybe "…").
  const head = subject.replace(/(?:\.\.\.|…)$/, '').trim();
  if (description.startsWith(head)) return description;
  return `${subject}\n\n${description}`;
}

function addMinutes(isoTime: string | undefined, minutes: unknown): string | undefined {
  if (!isoTime || typeof minutes !== 'number' || !Number.isFinite(minutes)) return undefined;
  const at = new Date(Date.parse(isoTime) + minutes * 60_000);
  // A reply time past the dates a Date holds is no time (toISOString threw: the receiver answered 500).
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

const SKIPPED_STATUSES = new Set(['deleted', 'scrubbed']);

/**
 * Maps one ticket (API object, event detail or trigger body) to an item; null when it has no
 * id (the caller reports it) or is deleted.
 */
export function mapZendeskTicket(t: ZendeskTicket, metrics?: ZendeskTicketMetrics, opts: ZendeskOptions = {}): ItemInput | null {
  const id = str(t.id);
  if (!id) return null;
  if (SKIPPED_STATUSES.has(str(t.status)?.toLowerCase() ?? '')) return null;
  const subject = str(t.subject) ?? str(t.raw_subject);
  const description = str(t.description);
  const createdAt = iso(t.created_at);
  const m: ZendeskTicketMetrics | undefined = metrics ?? (isObj(t.metric_set) ? (t.metric_set as ZendeskTicketMetrics) : undefined);
  const csat = satisfaction(t.satisfaction_rating);
  const metadata: Obj = {
    zendesk_status: str(t.status)?.toLowerCase(),
    priority: str(t.priority)?.toLowerCase(),
    ticket_type: str(t.type)?.toLowerCase(),
    tags: tagList(t.tags),
    via: viaType(t.via),
    group_id: str(t.group_id),
    organization_id: str(t.organization_id),
    brand_id: str(t.brand_id),
    satisfaction_score: csat.score,
    satisfaction_comment: csat.comment,
    updated_at: iso(t.updated_at),
  };
  for (const k of Object.keys(metadata)) if (metadata[k] === undefined) delete metadata[k];
  const item: ItemInput = {
    external_id: id,
    channel: mapZendeskChannel(t.via),
    source: opts.source ?? ZENDESK_SOURCE,
    created_at: createdAt ?? str(t.created_at) ?? '',
    title: subject,
    text: ticketText(subject, description) || NO_TICKET_TEXT,
    customer_id: str(t.requester_id),
    assignee: str(t.assignee_id),
    status: mapZendeskStatus(t.status),
    rating: csat.rating,
    first_response_at: addMinutes(createdAt, m?.reply_time_in_minutes?.calendar),
    resolved_at: iso(m?.solved_at),
    reopened_count: typeof m?.reopens === 'number' ? m.reopens : undefined,
    // The ticket's version as every other writer states it (kept as metadata.source_updated_at):
    // an API write of the same ticket is checked against it, and the store's own check covers it.
    source_updated_at: metadata.updated_at as string | undefined,
    metadata,
  };
  for (const k of Object.keys(item) as (keyof ItemInput)[]) if (item[k] === undefined) delete item[k];
  return item;
}

// ── Webhooks ────────────────────────────────────────────────────────────────────────────────

const EVENT_PREFIX = 'zen:event-type:';
const SKIPPED_EVENTS = new Set(['ticket.soft_deleted', 'ticket.permanently_deleted', 'ticket.marked_as_spam', 'ticket.merged']);

/**
 * Maps a Zendesk webhook body: an event-subscription payload (any `ticket.*` event carries the
 * ticket's current state in `detail`), a trigger body `{ticket: {...}}`, a flat ticket, or
 * `{tickets: [...]}`. Non-ticket events are ignored.
 */
export function parseZendeskWebhook(body: unknown, opts: ZendeskOptions = {}): WebhookParseResult {
  if (!isObj(body)) badRequest('Zendesk webhook body must be a JSON object');
  const type = str(body.type);
  if (type?.startsWith(EVENT_PREFIX)) {
    const event = type.slice(EVENT_PREFIX.length);
    if (!event.startsWith('ticket.')) return { items: [], ignored: [`event ${event} is not a ticket event`] };
    if (SKIPPED_EVENTS.has(event)) return { items: [], ignored: [`event ${event} is not ingested`] };
    if (!isObj(body.detail)) badRequest(`${type} without a detail object`);
    const detail = body.detail as ZendeskTicket;
    const item = mapZendeskTicket(detail, undefined, opts);
    if (!item) return { items: [], ignored: [`${type}: ticket without id or deleted`] };
    const metadata: Obj = { ...(item.metadata as Obj), zendesk_event: event, zendesk_event_id: str(body.id) };
    // The detail's updated_at is documented; the event's time is as good when a payload lacks it.
    if (metadata.updated_at === undefined && iso(body.time)) item.source_updated_at = metadata.updated_at = iso(body.time);
    item.metadata = metadata;
    const updates = answerTimes(
      item,
      { solvedNow: event === 'ticket.status_changed', comment: event === 'ticket.comment_added' ? body.event : undefined, detail, eventTime: iso(body.time) },
      opts,
    );
    const warnings = timeWarnings(detail, item);
    return { items: [item], ...(updates.length ? { updates } : {}), ...(warnings.length ? { warnings } : {}) };
  }
  if (Array.isArray(body.tickets)) {
    // Counted before mapping; the export importer reads its pages through mapZendeskTickets directly.
    checkWebhookItemCount(body.tickets.length, 'zendesk');
    return mapZendeskTickets(body, opts);
  }
  // A trigger body {ticket: {...}} is a ticket whatever fields it renders; a flat object must name one.
  const ticket = isObj(body.ticket) ? body.ticket : 'id' in body && ('subject' in body || 'description' in body || 'status' in body) ? body : undefined;
  if (!ticket) {
    badRequest('not a Zendesk ticket payload: expected a zen:event-type:ticket.* event, {ticket: {...}} or a ticket object');
  }
  const item = mapZendeskTicket(ticket as ZendeskTicket, undefined, opts);
  if (!item) {
    if (!str(ticket.id)) badRequest('ticket without id');
    return { items: [], ignored: ['deleted ticket'] };
  }
  // A trigger may fire on any update of a solved ticket: its time only fills a missing resolution.
  const updates = answerTimes(item, { solvedNow: false }, opts);
  const warnings = timeWarnings(ticket as ZendeskTicket, item);
  return { items: [item], ...(updates.length ? { updates } : {}), ...(warnings.length ? { warnings } : {}) };
}

const isTrue = (v: unknown) => v === true || v === 'true';

/**
 * A webhook ticket's answer times (see the header): resolved_at from a solved/closed status, set
 * on the item for a status change to solved, else as a fill-only update; first_response_at from
 * a public staff comment, as an update. Gives the item its conversation_id (the ticket id), which
 * the updates are applied through.
 */
function answerTimes(
  item: ItemInput,
  ctx: { solvedNow: boolean; comment?: unknown; detail?: ZendeskTicket; eventTime?: string },
  opts: ZendeskOptions,
): ConversationUpdate[] {
  const ticketId = String(item.external_id);
  const metadata = item.metadata as Obj;
  item.metadata = { ...metadata, conversation_id: ticketId };
  const source = opts.source ?? ZENDESK_SOURCE;
  const updatedAt: string | undefined = typeof metadata.updated_at === 'string' ? metadata.updated_at : undefined;
  const at: string | undefined = updatedAt ?? ctx.eventTime;
  const createdMs = parseTimestamp(item.created_at ?? '')?.getTime();
  const updates: ConversationUpdate[] = [];
  if (!item.resolved_at && (item.status === 'resolved' || item.status === 'closed') && at && createdMs !== undefined) {
    const resolvedMs = answerTimeFor(createdMs, Date.parse(at));
    if (resolvedMs !== null) {
      const resolvedAt = new Date(resolvedMs).toISOString();
      if (ctx.solvedNow && item.status === 'resolved') item.resolved_at = resolvedAt;
      else updates.push({ source, conversation_id: ticketId, at, resolved_at_if_none: resolvedAt });
    }
  }
  const comment = isObj(ctx.comment) && isObj(ctx.comment.comment) ? ctx.comment.comment : undefined;
  if (comment) {
    const author = isObj(comment.author) ? comment.author : {};
    const byRequester = str(author.id) !== undefined && str(author.id) === str(ctx.detail?.requester_id);
    const writtenAt: string | undefined = ctx.eventTime ?? updatedAt;
    if (isTrue(comment.is_public) && isTrue(author.is_staff) && !byRequester && writtenAt) {
      updates.push({ source, conversation_id: ticketId, at: writtenAt, first_response_at: writtenAt, handled_by: 'human' });
    }
  }
  return updates;
}

/** Why a ticket's times could not be read (a trigger rendering the date-only placeholders), for the answer. */
function timeWarnings(t: ZendeskTicket, item: ItemInput): string[] {
  const warnings: string[] = [];
  const id = item.external_id;
  const updated = str(t.updated_at);
  if (updated && !iso(updated)) {
    warnings.push(
      `ticket ${id}: updated_at "${updated}" is not a time with a zone (the {{ticket.updated_at}} placeholder renders a date for people); ` +
        'no out-of-order protection for this delivery — use {{ticket.updated_at_with_timestamp}} / ' +
        'updated_at이 시간대가 있는 시각(ISO 8601)이 아니어서 이 전송은 순서 보호 없이 처리했습니다. {{ticket.updated_at_with_timestamp}}를 쓰세요',
    );
  }
  const created = str(t.created_at);
  if (created && !iso(created)) {
    warnings.push(
      `ticket ${id}: created_at "${created}" is not a time with a zone — use {{ticket.created_at_with_timestamp}} / ` +
        'created_at이 시각(ISO 8601)이 아닙니다. {{ticket.created_at_with_timestamp}}를 쓰세요',
    );
  }
  return warnings;
}

/**
 * Maps a Support API page of tickets: `{tickets: [...]}` from the Tickets API or the
 * incremental export, with `metric_sets` / `ticket_metrics` sideloads when present.
 */
export function mapZendeskTickets(body: unknown, opts: ZendeskOptions = {}): WebhookParseResult & { afterCursor?: string; endOfStream?: boolean } {
  if (!isObj(body) || !Array.isArray(body.tickets)) badRequest('expected a Zendesk tickets page: {tickets: [...]}');
  const metrics = new Map<string, ZendeskTicketMetrics>();
  for (const list of [body.metric_sets, body.ticket_metrics]) {
    if (!Array.isArray(list)) continue;
    for (const m of list) if (isObj(m) && str(m.ticket_id)) metrics.set(str(m.ticket_id)!, m as ZendeskTicketMetrics);
  }
  const items: ItemInput[] = [];
  const ignored: string[] = [];
  for (const t of body.tickets as unknown[]) {
    if (!isObj(t)) {
      ignored.push('non-object entry in tickets');
      continue;
    }
    const item = mapZendeskTicket(t as ZendeskTicket, metrics.get(str(t.id) ?? ''), opts);
    if (item) items.push(item);
    else ignored.push(`ticket ${str(t.id) ?? '(no id)'}: ${str(t.id) ? 'deleted' : 'no id'}`);
  }
  return {
    items,
    ignored,
    afterCursor: str(body.after_cursor),
    endOfStream: typeof body.end_of_stream === 'boolean' ? body.end_of_stream : undefined,
  };
}

// ── Adapter ─────────────────────────────────────────────────────────────────────────────────

export const zendesk: ChannelAdapter = {
  name: 'zendesk',
  defaultSource: ZENDESK_SOURCE,
  stateVersionKey: 'updated_at',
  parseWebhook(body, _headers, options) {
    const { items, updates, ignored, warnings } = parseZendeskWebhook(body, { source: options?.source });
    return { items, updates, ignored, warnings };
  },
  verify(rawBody, headers, _query, secret, nowMs) {
    return verifyZendeskSignature(rawBody, headerValue(headers, ZENDESK_SIGNATURE_HEADER), headerValue(headers, ZENDESK_TIMESTAMP_HEADER), secret, nowMs);
  },
};
