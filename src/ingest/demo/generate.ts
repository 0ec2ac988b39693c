// Deterministic, realistic Korean VOC data for 소리마켓, an imaginary shopping + membership app:
// the `sori demo` workspace and the ingest benchmark. Same seed and end date → same items.
//
// Every item draws its content from its own stream, seeded by (seed, id): channel, source, topic
// and wording of `demo-000123` are the same whatever the end date, only its timestamps move. So
// loading the demo again on another day updates the same (source, external_id) rows in place.

import type { Channel, ItemInput } from '../../domain/item.js';
import {
  DAY_MS,
  formatKst,
  formatKstDay,
  HOUR_MS,
  isClosedDay,
  isWorkingTime,
  kstDayNumber,
  kstDayStartMs,
  nextWorkingMs,
  WORK_END_HOUR,
  WORK_START_HOUR,
} from './calendar.js';
import { planDays, sampleTimeOfDay, type DayPlan, type PlannedIncident } from './day-plan.js';
import { generateMetrics, type DemoMetric } from './metrics.js';
import { createReseedableRng, createRng, hashInt, intBetween, logNormal, pick, weighted, type Rng } from './rng.js';
import {
  appReview,
  boardText,
  chatbotText,
  chatText,
  chooseReason,
  emailText,
  englishText,
  INCIDENT_BODIES,
  phoneMemo,
  piiSentence,
  productReview,
  REASK_PREFIXES,
  sampleConversationTopic,
  sampleEnglishTopic,
  surveyComment,
  topicByName,
  withContext,
  type CompiledTopic,
  type Truth,
} from './texts.js';
import type { Render } from './template.js';
import { AGENTS, createTextContext, PRODUCTS, productRef, resetTextContext, SLOTS, type TextContext } from './vocabulary.js';

export { createRng } from './rng.js';
export type { DemoMetric } from './metrics.js';

export const DEFAULT_DEMO_SEED = 1;
export const DEFAULT_DEMO_DAYS = 90;
export const DEFAULT_ITEMS_PER_DAY = 120;

export interface DemoOptions {
  seed?: number;
  /** Length of the window in KST calendar days, ending with the day of `endDate`. Default 90. */
  days?: number;
  /** The instant the data ends ("now" of the demo): nothing is later. Default: the current time. */
  endDate?: Date;
  /** Average items per day (all channels): the dataset has itemsPerDay × days items. Default 120. */
  itemsPerDay?: number;
}

export interface DemoIncident {
  name: string;
  from: string;
  to: string;
  description: string;
}

export interface DemoDataset {
  items: ItemInput[];
  /** One value per day (YYYY-MM-DD in Asia/Seoul) for orders, payments, cancellations, mau, dau, signups. */
  metrics: DemoMetric[];
  incidents: DemoIncident[];
}

export interface ItemStreamOptions {
  /** Default 90. */
  days?: number;
  /** Default: the current time, so pass one for reproducible output. */
  endDate?: Date;
  /** Adds `metadata.demo_truth` ({type, topic, reason?, incident?, reask_of?}): the intended labels. */
  includeTruth?: boolean;
}

/** A workspace's worth of demo data: ~`itemsPerDay` inquiries a day, business metrics, incidents. */
export function generateDemoDataset(opts: DemoOptions = {}): DemoDataset {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const days = opts.days ?? DEFAULT_DEMO_DAYS;
  const endMs = (opts.endDate ?? new Date()).getTime();
  const itemsPerDay = opts.itemsPerDay ?? DEFAULT_ITEMS_PER_DAY;
  // A count that does not depend on the time of day keeps the set of external ids the same on
  // every run, so loading the demo again updates items and never leaves stale ones behind.
  const plan = planDays(Math.round(itemsPerDay * days), days, endMs);

  const items = [...new ItemFactory(seed, plan, true).run()];

  const dayIndex = new Map<string, number>();
  for (let i = 0; i < plan.days; i++) dayIndex.set(formatKstDay(plan.firstDay + i), i);
  const cancelInquiries = new Int32Array(plan.days);
  for (const item of items) {
    const truth = (item.metadata as { demo_truth: Truth }).demo_truth;
    const i = dayIndex.get((item.created_at as string).slice(0, 10));
    if (truth.type === 'cancellation' && i !== undefined) cancelInquiries[i]++;
  }

  return {
    items,
    metrics: generateMetrics(plan, cancelInquiries, seed),
    incidents: plan.incidents.map((i) => ({
      name: i.spec.name,
      from: formatKst(i.fromMs),
      to: formatKst(i.toMs),
      description: i.spec.description,
    })),
  };
}

/** Streams `count` demo items (oldest day first) without holding them: for benchmarks of a million. */
export function* generateItems(count: number, seed: number = DEFAULT_DEMO_SEED, opts: ItemStreamOptions = {}): Generator<ItemInput> {
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, got ${count}`);
  const plan = planDays(count, opts.days ?? DEFAULT_DEMO_DAYS, (opts.endDate ?? new Date()).getTime());
  yield* new ItemFactory(seed, plan, opts.includeTruth ?? false).run();
}

// ---- the factory ------------------------------------------------------------------------------

type ConversationChannel = 'chat' | 'board' | 'email' | 'phone' | 'chatbot';
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Item = Mutable<ItemInput>;

const MINUTE_MS = 60_000;
const ENGLISH_SHARE = 0.04; // of chat, board, email and app reviews: ~3% of all items
const REASK_SHARE = 0.05;

// One channel mix for all hours, so an item's channel (and source) never depends on its time;
// phone calls are moved into office hours instead.
const CHANNEL_MIX = weighted<Channel>([['chat', 34], ['board', 14], ['email', 6], ['phone', 10], ['chatbot', 13], ['app_store', 7], ['review', 10], ['survey', 6]]);
const APP_RATING = weighted([[1, 30], [2, 8], [3, 10], [4, 14], [5, 38]]);
const REVIEW_RATING = weighted([[1, 8], [2, 5], [3, 10], [4, 22], [5, 55]]);
const NPS_SCORE = weighted([[0, 3], [1, 1], [2, 1.5], [3, 2], [4, 2.5], [5, 5], [6, 6], [7, 10], [8, 15], [9, 22], [10, 24]]);
// Satisfaction answers to the survey sent after a solved conversation, by channel.
const CSAT_ANSWER_SHARE: Record<ConversationChannel, number> = { chat: 0.22, chatbot: 0.1, board: 0.12, email: 0.08, phone: 0.15 };
const CSAT_RATING = weighted([[1, 3], [2, 2], [3, 6], [4, 17], [5, 72]]);
const CSAT_AFTER_TROUBLE = weighted([[1, 12], [2, 10], [3, 18], [4, 25], [5, 35]]);
const PENDING_MAX_MS = 7 * DAY_MS;
const ON_HOLD_MAX_MS = 14 * DAY_MS;
const PHONE_AGENTS = ['정민호', '오세영', '한소희'];
const CHAT_AGENTS = AGENTS.filter((a) => !PHONE_AGENTS.includes(a));
const REASK_CHANNELS: Record<'chat' | 'board' | 'email' | 'phone', readonly ('chat' | 'board' | 'email' | 'phone')[]> = {
  chat: ['board', 'phone', 'email', 'board'],
  board: ['chat', 'phone', 'chat'],
  email: ['chat', 'board', 'phone'],
  phone: ['chat', 'board', 'chat'],
};

/** A block of ids handed out in time order; a re-ask takes the next id and skips the next slot. */
interface IdLane {
  next: number;
  last: number;
  skip: number;
}

class ItemFactory {
  private readonly stream = createReseedableRng();
  /** Content: reseeded for every id. */
  private readonly rng: Rng = this.stream.rng;
  /** Slot times: the only draws that depend on the calendar. */
  private readonly timeRng: Rng;
  private readonly seedBase: number;
  private readonly ctx: TextContext;
  private readonly customerPool: number;
  private readonly idWidth: number;
  private readonly windowStartMs: number;
  private readonly incidentChannels: Map<string, (rng: Rng) => Channel>;
  private reask: Item | null = null;

  constructor(
    seed: number,
    private readonly plan: DayPlan,
    private readonly includeTruth: boolean,
  ) {
    this.seedBase = hashInt(seed >>> 0, 0x5a17);
    this.timeRng = createRng(hashInt(seed >>> 0, 0x71e5));
    this.ctx = createTextContext(this.rng);
    const count = plan.regularTotal + plan.incidentCounts.reduce((a, b) => a + b, 0);
    // About two items per customer, skewed: a few regulars write often.
    this.customerPool = Math.max(200, Math.round(count * 0.45));
    this.idWidth = Math.max(6, String(count).length);
    this.windowStartMs = kstDayStartMs(plan.firstDay);
    this.incidentChannels = new Map(plan.incidents.map((i) => [i.spec.key, weighted(i.spec.channels)]));
  }

  *run(): Generator<ItemInput> {
    const { plan, timeRng } = this;
    const regular: IdLane = { next: 1, last: plan.regularTotal, skip: 0 };
    const extra: IdLane = { next: plan.regularTotal + 1, last: plan.regularTotal + plan.incidentCounts.reduce((a, b) => a + b, 0), skip: 0 };
    for (let d = 0; d < plan.days; d++) {
      const n = plan.counts[d];
      const m = plan.incidentCounts[d];
      if (n + m === 0) continue;
      const dayStart = kstDayStartMs(plan.firstDay + d);
      const dayEnd = Math.min(dayStart + DAY_MS, plan.endMs);
      const incident = plan.incidentOfDay[d] >= 0 ? plan.incidents[plan.incidentOfDay[d]] : null;
      // Sorted times of the day. Incident items are tagged with one extra millisecond (all other
      // times are whole seconds), so one sort keeps the tag with its time.
      const times = new Float64Array(n + m);
      for (let k = 0; k < n; k++) times[k] = sampleTimeOfDay(timeRng, dayStart, dayStart, dayEnd);
      for (let k = n; k < n + m; k++) {
        times[k] = sampleTimeOfDay(timeRng, dayStart, Math.max(dayStart, incident!.fromMs), Math.min(dayEnd, incident!.toMs)) + 1;
      }
      times.sort();
      for (let k = 0; k < times.length; k++) {
        const tagged = times[k] % 1000 !== 0;
        const lane = tagged ? extra : regular;
        if (lane.skip > 0) {
          // A re-ask took this slot: drop one near its original, keeping the hourly shape.
          lane.skip--;
          continue;
        }
        if (lane.next > lane.last) continue;
        const id = lane.next++;
        yield this.item(id, tagged ? times[k] - 1 : times[k], tagged ? incident : null, id < lane.last);
        if (this.reask !== null) {
          yield this.reask;
          this.reask = null;
          lane.next++;
          lane.skip++;
        }
      }
    }
  }

  private begin(id: number): void {
    this.stream.reseed(hashInt((this.seedBase + id) >>> 0, 0x1d));
  }

  private externalId(id: number): string {
    return `demo-${String(id).padStart(this.idWidth, '0')}`;
  }

  private item(id: number, createdMs: number, incident: PlannedIncident | null, mayReask: boolean): ItemInput {
    const { rng, ctx } = this;
    this.begin(id);
    resetTextContext(ctx, createdMs);
    const channel = incident ? this.incidentChannels.get(incident.spec.key)!(rng) : CHANNEL_MIX(rng);
    switch (channel) {
      case 'app_store':
        return this.appStoreItem(id, createdMs, incident);
      case 'review':
        return this.reviewItem(id, createdMs);
      case 'survey':
        return this.surveyItem(id, createdMs);
      default:
        return this.conversationItem(id, channel as ConversationChannel, createdMs, incident, mayReask);
    }
  }

  /**
   * Calls happen in office hours. A call whose slot fell outside them moves into the office hours
   * of the same day, or of the next (else the previous) working day, within [lo, hi]: a Saturday
   * or 추석 call becomes a callback on the next working day. When no working day is in reach of
   * [lo, hi] (an outage over a weekend), the call waits for the next working day before the end
   * of the data: a team that takes no calls on Sunday logs none.
   */
  private duringOfficeHours(ms: number, lo: number, hi: number): number {
    if (isWorkingTime(ms)) return ms;
    const day = kstDayNumber(ms);
    const later: number[] = [];
    const earlier: number[] = [];
    for (let d = day; later.length < 2 && d <= day + 14; d++) if (!isClosedDay(d)) later.push(d);
    for (let d = day - 1; earlier.length < 1 && d >= day - 14; d--) if (!isClosedDay(d)) earlier.push(d);
    const bounds: [number, number][] = [[lo, hi], [lo, this.plan.endMs]];
    for (const [from0, to0] of bounds) {
      for (const candidate of [...later, ...earlier]) {
        const start = kstDayStartMs(candidate);
        const from = Math.max(start + WORK_START_HOUR * HOUR_MS, from0, candidate === day ? ms : -Infinity);
        const to = Math.min(start + WORK_END_HOUR * HOUR_MS, to0);
        if (from < to) return sampleTimeOfDay(this.timeRng, start, Math.ceil(from / 1000) * 1000, to);
      }
    }
    return ms; // no office hours in reach (a window of one weekend): keep the time
  }

  private base(id: number, channel: Channel, source: string, kind: ItemInput['kind'], createdMs: number, text: string): Item {
    return { external_id: this.externalId(id), channel, source, kind, created_at: formatKst(createdMs), text };
  }

  private withTruth(item: Item, truth: Truth, incident: PlannedIncident | null, reaskOf?: string): void {
    if (!this.includeTruth) return;
    const t: Record<string, string> = { type: truth.type, topic: truth.topic };
    if (truth.reason) t.reason = truth.reason;
    if (incident) t.incident = incident.spec.key;
    if (reaskOf) t.reask_of = reaskOf;
    item.metadata = { demo_truth: t };
  }

  private pickCustomer(): number {
    return Math.floor(this.customerPool * Math.pow(this.rng(), 1.25));
  }

  /** Segment and plan are a function of the customer, so they agree across all their items. */
  private setCustomer(item: Item, index: number): void {
    const h = hashInt(index, 0x51) / 4294967296;
    const h2 = hashInt(index, 0x77) / 4294967296;
    const regular = index < this.customerPool * 0.03;
    const segment = (regular && h < 0.7) || h < 0.04 ? 'VIP' : h > 0.86 ? '신규' : '일반';
    const plan = segment === 'VIP' ? (h2 < 0.25 ? '베이직' : '프로') : h2 < 0.52 ? '무료' : h2 < 0.84 ? '베이직' : '프로';
    item.customer_id = `M${10_000_001 + index}`;
    item.customer_segment = segment;
    item.customer_plan = plan;
  }

  private conversationItem(
    id: number,
    channel: ConversationChannel,
    slotMs: number,
    incident: PlannedIncident | null,
    mayReask: boolean,
  ): ItemInput {
    const { rng, ctx } = this;
    let createdMs = slotMs;
    if (channel === 'phone') {
      createdMs = incident
        ? this.duringOfficeHours(slotMs, incident.fromMs, incident.toMs)
        : this.duringOfficeHours(slotMs, this.windowStartMs, this.plan.endMs);
      ctx.createdMs = createdMs;
    }
    const english = (channel === 'chat' || channel === 'board' || channel === 'email') && incident === null && rng() < ENGLISH_SHARE;

    let topic: CompiledTopic;
    let incidentBody: Render<TextContext> | null = null;
    if (incident) {
      const bodies = INCIDENT_BODIES.get(incident.spec.key)!;
      const spill = incident.spec.spill;
      if (spill && bodies.spill && rng() < spill.share) {
        topic = topicByName(spill.topic);
        incidentBody = bodies.spill;
      } else {
        topic = topicByName(incident.spec.topic);
        ctx.incidentAppVersion = incident.spec.appVersion ?? null;
        // Mostly the incident's own wording, sometimes the usual words for the same problem.
        incidentBody = rng() < 0.75 ? bodies.body : topic.body;
      }
    } else {
      topic = english ? sampleEnglishTopic(rng) : sampleConversationTopic(rng);
    }
    // A quarter of chatbot visitors are not logged in.
    ctx.customerIndex = channel === 'chatbot' && rng() < 0.25 ? -1 : this.pickCustomer();
    const spec = topic.spec;
    const truth: Truth = { type: spec.type, topic: spec.topic };
    if (spec.reasons) truth.reason = chooseReason(ctx);
    const render: Render<TextContext> = incidentBody ?? (english ? topic.en! : topic.body);

    // Phone memos are the agent's words: no customer body needed unless a re-ask wants one.
    const said = channel === 'phone' ? null : render(ctx);
    // Around an ordinary question, what the customer adds (since when, what they tried, why it
    // is urgent); incident messages stay as alike as the customers of an outage write them.
    const body = said !== null && incidentBody === null && !english && channel !== 'chatbot' ? withContext(said, spec.type, ctx) : said;
    const escalated = channel === 'chatbot' && rng() < 0.35;
    const item = this.renderConversation(id, channel, topic, body, english, false, escalated);
    if (ctx.customerIndex >= 0) this.setCustomer(item, ctx.customerIndex);
    if (spec.order && (ctx.orderNo !== undefined || rng() < 0.5)) item.order_ref = SLOTS.orderNo(ctx);
    const handledBy = channel === 'chatbot' ? (escalated ? 'human' : 'bot') : channel === 'chat' && rng() < 0.06 ? 'bot' : 'human';
    const reask =
      mayReask &&
      channel !== 'chatbot' &&
      item.customer_id !== undefined &&
      spec.type !== 'praise' &&
      spec.type !== 'feature_request' &&
      rng() < REASK_SHARE;
    // From here on draws depend on the calendar (response times), so nothing content-like follows.
    this.conversationFields(item, channel, createdMs, handledBy);
    this.withTruth(item, truth, incident);
    if (reask) this.reask = this.makeReask(id + 1, item, channel, createdMs, topic, body, english, render, truth, incident);
    return item;
  }

  private renderConversation(
    id: number,
    channel: ConversationChannel,
    topic: CompiledTopic,
    body: string | null,
    english: boolean,
    reask: boolean,
    escalated = false,
  ): Item {
    const { rng, ctx } = this;
    const createdMs = ctx.createdMs;
    const type = topic.spec.type;
    const refundish = topic.spec.topic === 'refund' || topic.spec.topic === 'order_cancel';
    switch (channel) {
      case 'chat': {
        let text = english ? englishText('chat', body!, rng).text : chatText(body!, type, rng);
        if (!english && rng() < 0.05) text += ` ${piiSentence(ctx, 'contact')}`;
        if (!english && refundish && rng() < 0.12) text += `\n${piiSentence(ctx, 'refund')}`;
        return this.base(id, 'chat', rng() < 0.8 ? 'channeltalk' : 'kakaotalk', 'inquiry', createdMs, text);
      }
      case 'board':
      case 'email': {
        const { title, text } = english ? englishText(channel, body!, rng) : channel === 'board' ? boardText(topic, body!, ctx) : emailText(topic, body!, ctx);
        let full = text;
        // An email signature may already carry the phone number.
        if (!english && rng() < (channel === 'board' ? 0.1 : 0.05) && !full.includes('010')) full += `\n${piiSentence(ctx, 'contact')}`;
        if (!english && refundish && rng() < 0.15) full += `\n${piiSentence(ctx, 'refund')}`;
        const item = this.base(id, channel, channel === 'board' ? 'board' : 'zendesk', 'inquiry', createdMs, full);
        if (title) item.title = title;
        return item;
      }
      case 'phone': {
        let text = phoneMemo(topic, ctx, reask);
        if (rng() < 0.08) text += ` / ${piiSentence(ctx, 'memo')}`;
        return this.base(id, 'phone', 'callcenter', 'inquiry', createdMs, text);
      }
      case 'chatbot': {
        let text = chatbotText(topic, ctx, escalated);
        if (rng() < 0.02) text += `\n${SLOTS.phone(ctx)}`;
        return this.base(id, 'chatbot', 'channeltalk', 'chatbot_session', createdMs, text);
      }
    }
  }

  /** The same customer asks again about the same issue on another channel, within a day. */
  private makeReask(
    id: number,
    original: Item,
    channel: 'chat' | 'board' | 'email' | 'phone',
    originalMs: number,
    topic: CompiledTopic,
    body: string | null,
    english: boolean,
    render: Render<TextContext>,
    truth: Truth,
    incident: PlannedIncident | null,
  ): Item {
    const { rng, ctx } = this;
    this.begin(id); // its own stream, like every id; the text context keeps product and order
    const waitMs = Math.min(20 * HOUR_MS, Math.max(15 * MINUTE_MS, logNormal(rng, 2 * HOUR_MS, 0.9)));
    const next = pick(rng, REASK_CHANNELS[channel]);
    const sameWords = rng() < 0.6;
    const prefixed = !english && rng() < 0.7;
    // Within a day, and while an incident lasts: once it is fixed, nobody asks again.
    const latest = Math.min(originalMs + DAY_MS, this.plan.endMs, incident ? incident.toMs : Infinity);
    let createdMs = Math.min(originalMs + Math.round(waitMs / 1000) * 1000, latest);
    if (next === 'phone') createdMs = this.duringOfficeHours(createdMs, originalMs, latest);
    ctx.createdMs = createdMs;
    // Mostly the same words again (a near-duplicate), sometimes told differently.
    let again = sameWords && body !== null ? body : render(ctx);
    if (prefixed) again = `${REASK_PREFIXES[channel](ctx)} ${again}`;
    const item = this.renderConversation(id, next, topic, again, english, true);
    item.customer_id = original.customer_id;
    item.customer_segment = original.customer_segment;
    item.customer_plan = original.customer_plan;
    if (original.order_ref !== undefined) item.order_ref = original.order_ref;
    this.conversationFields(item, next, createdMs, 'human');
    this.withTruth(item, truth, incident, original.external_id as string);
    return item;
  }

  /** Status, assignee and response times, as a help desk would export them at `plan.endMs`. */
  private conversationFields(item: Item, channel: ConversationChannel, createdMs: number, handledBy: 'bot' | 'human'): void {
    const rng = this.rng;
    const endMs = this.plan.endMs;
    let firstMs: number;
    let resolvedMs: number;
    // How long the customer waited for a person, where that is not the first response (a chatbot's handover).
    let personWaitMs: number | undefined;
    if (handledBy === 'bot') {
      firstMs = createdMs + intBetween(rng, 1, 3) * 1000;
      resolvedMs = createdMs + intBetween(rng, 30, 240) * 1000;
    } else if (channel === 'chatbot') {
      // A chatbot session is answered by the bot first, in seconds, even when it then hands over:
      // the person's part keeps human times (a handover at night waits for the morning), so it
      // shows in the resolution time and the CSAT, not as a chatbot that takes hours to reply.
      firstMs = createdMs + intBetween(rng, 1, 3) * 1000;
      const agentMs = nextWorkingMs(firstMs) + Math.min(2 * HOUR_MS, Math.max(20_000, logNormal(rng, 3 * MINUTE_MS, 0.9)));
      resolvedMs = agentMs + logNormal(rng, 15 * MINUTE_MS, 0.9) + (rng() < 0.08 ? logNormal(rng, 20 * HOUR_MS, 0.7) : 0);
      personWaitMs = agentMs - createdMs;
    } else if (channel === 'phone') {
      // Time in the queue: mostly under a minute, a long tail at peak hours (a team near its
      // 1-minute target, not one that misses it on most calls).
      firstMs = createdMs + Math.min(10 * MINUTE_MS, Math.max(5_000, logNormal(rng, 35_000, 0.9)));
      resolvedMs = rng() < 0.8 ? firstMs + logNormal(rng, 5 * MINUTE_MS, 0.5) : nextWorkingMs(firstMs + logNormal(rng, 5 * HOUR_MS, 0.8));
    } else if (channel === 'chat') {
      // Chat is answered in minutes while the team works; at night it waits for the morning.
      firstMs = nextWorkingMs(createdMs) + Math.min(2 * HOUR_MS, Math.max(20_000, logNormal(rng, 3 * MINUTE_MS, 0.9)));
      resolvedMs = firstMs + logNormal(rng, 15 * MINUTE_MS, 0.9) + (rng() < 0.08 ? logNormal(rng, 20 * HOUR_MS, 0.7) : 0);
    } else {
      // Board and email: hours, rolling over to the next working day; Friday evening waits till Monday.
      const median = channel === 'board' ? 4 * HOUR_MS : 6 * HOUR_MS;
      firstMs = nextWorkingMs(nextWorkingMs(createdMs) + logNormal(rng, median, 0.9));
      resolvedMs = firstMs + (rng() < 0.6 ? intBetween(rng, 0, 600) * 1000 : logNormal(rng, 20 * HOUR_MS, 0.8));
    }
    firstMs = Math.round(firstMs / 1000) * 1000;
    resolvedMs = Math.max(firstMs, Math.round(resolvedMs / 1000) * 1000);

    item.handled_by = handledBy;
    if (handledBy === 'human') item.assignee = pick(rng, channel === 'phone' ? PHONE_AGENTS : CHAT_AGENTS);
    item.reopened_count = 0;
    if (firstMs > endMs) {
      item.status = 'new';
      return;
    }
    item.first_response_at = formatKst(firstMs);
    const r = rng();
    // Waiting on the customer (pending) or on a courier or partner (on_hold) lasts days, not
    // months: help desks solve a pending ticket after a few days without reply.
    const ageMs = endMs - createdMs;
    if (resolvedMs > endMs) {
      item.status = r < 0.6 ? 'open' : 'pending';
    } else if (r < 0.02 && handledBy === 'human' && ageMs < ON_HOLD_MAX_MS) {
      item.status = 'on_hold';
    } else if (r < 0.035 && handledBy === 'human' && ageMs < PENDING_MAX_MS) {
      item.status = 'pending';
    } else {
      // Zendesk closes solved tickets after four days; other tools keep them "resolved".
      item.status = channel === 'email' && resolvedMs + 4 * DAY_MS < endMs ? 'closed' : 'resolved';
      item.resolved_at = formatKst(resolvedMs);
      const reopen = rng();
      const reopened = handledBy === 'human' && reopen < 0.06;
      if (reopened) item.reopened_count = reopen < 0.01 ? 2 : 1;
      // The satisfaction survey sent after a solved conversation (채널톡's 상담 평가, a help
      // desk's CSAT mail, the call centre's 해피콜 text): a minority answers, mostly 5 stars, fewer
      // after a long wait or a reopened case.
      if (handledBy === 'human' && rng() < CSAT_ANSWER_SHARE[channel]) {
        const slow = (personWaitMs ?? firstMs - createdMs) > (channel === 'board' || channel === 'email' ? 2 * DAY_MS : 2 * HOUR_MS);
        item.rating = (slow || reopened ? CSAT_AFTER_TROUBLE : CSAT_RATING)(rng);
      }
    }
  }

  private appStoreItem(id: number, createdMs: number, incident: PlannedIncident | null): ItemInput {
    const { rng, ctx } = this;
    let incidentBody: string | null = null;
    if (incident) {
      ctx.incidentAppVersion = incident.spec.appVersion ?? null;
      incidentBody = INCIDENT_BODIES.get(incident.spec.key)!.body(ctx);
    }
    const rating = incident ? (rng() < 0.85 ? 1 : 2) : APP_RATING(rng);
    const { text, truth } = appReview(rating, ctx, incident === null && rng() < ENGLISH_SHARE, incidentBody);
    const item = this.base(id, 'app_store', rng() < 0.62 ? 'google-play' : 'app-store', 'review', createdMs, text);
    item.rating = rating;
    this.withTruth(item, incident ? { type: 'bug', topic: incident.spec.topic } : truth, incident);
    return item;
  }

  private reviewItem(id: number, createdMs: number): ItemInput {
    const { rng, ctx } = this;
    const rating = REVIEW_RATING(rng);
    ctx.productIndex = (rng() * PRODUCTS.length) | 0;
    const { text, truth } = productReview(rating, ctx);
    const item = this.base(id, 'review', 'product-review', 'review', createdMs, text);
    this.setCustomer(item, this.pickCustomer());
    item.rating = rating;
    item.product_ref = productRef(ctx.productIndex);
    this.withTruth(item, truth, null);
    return item;
  }

  private surveyItem(id: number, createdMs: number): ItemInput {
    const { rng, ctx } = this;
    const score = NPS_SCORE(rng);
    const { text, truth } = surveyComment(score, ctx, rng() < 0.03);
    const item = this.base(id, 'survey', 'nps-survey', 'survey_response', createdMs, text);
    this.setCustomer(item, this.pickCustomer());
    item.score = score;
    this.withTruth(item, truth, null);
    return item;
  }
}
