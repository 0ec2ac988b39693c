// Deterministic, realistic Korean VOC data for 소리마켓, an imaginary shopping + membership app:
// the `sori demo` workspace and the ingest benchmark. Same seed and end date → same items.

import type { Channel, ItemInput } from '../../domain/item.js';
import { DAY_MS, formatKst, formatKstDay, HOUR_MS, isWorkingTime, kstDayStartMs, nextWorkingMs } from './calendar.js';
import { planDays, sampleTimeOfDay, type DayPlan, type PlannedIncident } from './day-plan.js';
import { generateMetrics, type DemoMetric } from './metrics.js';
import { createRng, hashInt, intBetween, logNormal, pick, weighted, type Rng } from './rng.js';
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
  /** Average inquiries per full day. Default 120. */
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
  // The last day is partial (up to endDate), so it gets only its share of a day's inquiries.
  const elapsedDays = planDays(0, days, endMs).elapsed.reduce((a, b) => a + b, 0);
  const plan = planDays(Math.round(itemsPerDay * elapsedDays), days, endMs);

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

// Channel mix while the support team works (weekdays 09–18 KST) and outside: no phone line at
// night, more chatbot and board.
const CHANNEL_IN_HOURS = weighted<Channel>([['chat', 36], ['board', 12], ['email', 6], ['phone', 14], ['chatbot', 10], ['app_store', 6], ['review', 10], ['survey', 6]]);
const CHANNEL_OFF_HOURS = weighted<Channel>([['chat', 30], ['board', 17], ['email', 7], ['chatbot', 18], ['app_store', 9], ['review', 12], ['survey', 7]]);
const APP_RATING = weighted([[1, 30], [2, 8], [3, 10], [4, 14], [5, 38]]);
const REVIEW_RATING = weighted([[1, 8], [2, 5], [3, 10], [4, 22], [5, 55]]);
const NPS_SCORE = weighted([[0, 3], [1, 1], [2, 1.5], [3, 2], [4, 2.5], [5, 5], [6, 6], [7, 10], [8, 15], [9, 22], [10, 24]]);
const PHONE_AGENTS = ['정민호', '오세영', '한소희'];
const CHAT_AGENTS = AGENTS.filter((a) => !PHONE_AGENTS.includes(a));
const REASK_CHANNELS: Record<'chat' | 'board' | 'email' | 'phone', readonly ('chat' | 'board' | 'email' | 'phone')[]> = {
  chat: ['board', 'phone', 'email', 'board'],
  board: ['chat', 'phone', 'chat'],
  email: ['chat', 'board', 'phone'],
  phone: ['chat', 'board', 'chat'],
};

class ItemFactory {
  private readonly rng: Rng;
  private readonly ctx: TextContext;
  private readonly customerPool: number;
  private readonly idWidth: number;
  private readonly incidentChannels: Map<string, (rng: Rng) => Channel>;
  private seq = 0;
  private reask: Item | null = null;

  constructor(
    seed: number,
    private readonly plan: DayPlan,
    private readonly includeTruth: boolean,
  ) {
    this.rng = createRng(seed);
    this.ctx = createTextContext(this.rng);
    const count = plan.counts.reduce((a, b) => a + b, 0);
    // About two items per customer, skewed: a few regulars write often.
    this.customerPool = Math.max(200, Math.round(count * 0.45));
    this.idWidth = Math.max(6, String(count).length);
    this.incidentChannels = new Map(plan.incidents.map((i) => [i.spec.key, weighted(i.spec.channels)]));
  }

  *run(): Generator<ItemInput> {
    const { plan, rng } = this;
    for (let d = 0; d < plan.days; d++) {
      const n = plan.counts[d];
      if (n === 0) continue;
      const dayStart = kstDayStartMs(plan.firstDay + d);
      const dayEnd = Math.min(dayStart + DAY_MS, plan.endMs);
      const incident = plan.incidentOfDay[d] >= 0 ? plan.incidents[plan.incidentOfDay[d]] : null;
      // Sorted times of the day. Incident items are tagged with one extra millisecond (all other
      // times are whole seconds), so one sort keeps the tag with its time.
      const times = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        times[k] =
          incident && rng() < plan.incidentShare[d]
            ? sampleTimeOfDay(rng, dayStart, Math.max(dayStart, incident.fromMs), Math.min(dayEnd, incident.toMs)) + 1
            : sampleTimeOfDay(rng, dayStart, dayStart, dayEnd);
      }
      times.sort();
      let skip = 0;
      for (let k = 0; k < n; k++) {
        if (skip > 0) {
          // A re-ask took this slot: drop a slot near its original, keeping the hourly shape.
          skip--;
          continue;
        }
        const tagged = times[k] % 1000 !== 0;
        yield this.item(tagged ? times[k] - 1 : times[k], tagged ? incident : null);
        if (this.reask !== null) {
          if (k + 1 < n) {
            yield this.reask;
            skip++;
          } else {
            this.seq--; // no slot left today: drop it and reuse its id
          }
          this.reask = null;
        }
      }
    }
  }

  private nextId(): string {
    return `demo-${String(++this.seq).padStart(this.idWidth, '0')}`;
  }

  private item(createdMs: number, incident: PlannedIncident | null): ItemInput {
    const { rng, ctx } = this;
    resetTextContext(ctx, createdMs);
    const working = isWorkingTime(createdMs);
    let channel = incident ? this.incidentChannels.get(incident.spec.key)!(rng) : working ? CHANNEL_IN_HOURS(rng) : CHANNEL_OFF_HOURS(rng);
    if (channel === 'phone' && !working) channel = 'chat';
    switch (channel) {
      case 'app_store':
        return this.appStoreItem(createdMs, incident);
      case 'review':
        return this.reviewItem(createdMs);
      case 'survey':
        return this.surveyItem(createdMs);
      default:
        return this.conversationItem(channel as ConversationChannel, createdMs, incident);
    }
  }

  private base(channel: Channel, source: string, kind: ItemInput['kind'], createdMs: number, text: string): Item {
    return { external_id: this.nextId(), channel, source, kind, created_at: formatKst(createdMs), text };
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
    return Math.floor(this.customerPool * Math.pow(this.rng(), 1.5));
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

  private conversationItem(channel: ConversationChannel, createdMs: number, incident: PlannedIncident | null): ItemInput {
    const { rng, ctx } = this;
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
    const body = channel === 'phone' ? null : render(ctx);
    const escalated = channel === 'chatbot' && rng() < 0.35;
    const item = this.renderConversation(channel, topic, body, english, false, escalated);
    if (ctx.customerIndex >= 0) this.setCustomer(item, ctx.customerIndex);
    if (spec.order && (ctx.orderNo !== undefined || rng() < 0.5)) item.order_ref = SLOTS.orderNo(ctx);
    const handledBy = channel === 'chatbot' ? (escalated ? 'human' : 'bot') : channel === 'chat' && rng() < 0.06 ? 'bot' : 'human';
    this.conversationFields(item, channel, createdMs, handledBy);
    this.withTruth(item, truth, incident);

    if (
      channel !== 'chatbot' &&
      item.customer_id !== undefined &&
      spec.type !== 'praise' &&
      spec.type !== 'feature_request' &&
      rng() < REASK_SHARE
    ) {
      this.reask = this.makeReask(item, channel, createdMs, topic, body ?? render(ctx), english, render, truth, incident);
    }
    return item;
  }

  private renderConversation(
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
        return this.base('chat', rng() < 0.8 ? 'channeltalk' : 'kakaotalk', 'inquiry', createdMs, text);
      }
      case 'board':
      case 'email': {
        const { title, text } = english ? englishText(channel, body!, rng) : channel === 'board' ? boardText(topic, body!, ctx) : emailText(topic, body!, ctx);
        let full = text;
        if (!english && rng() < (channel === 'board' ? 0.1 : 0.05)) full += `\n${piiSentence(ctx, 'contact')}`;
        if (!english && refundish && rng() < 0.15) full += `\n${piiSentence(ctx, 'refund')}`;
        const item = this.base(channel, channel === 'board' ? 'board' : 'zendesk', 'inquiry', createdMs, full);
        if (title) item.title = title;
        return item;
      }
      case 'phone': {
        let text = phoneMemo(topic, ctx, reask);
        if (rng() < 0.08) text += ` / ${piiSentence(ctx, 'memo')}`;
        return this.base('phone', 'callcenter', 'inquiry', createdMs, text);
      }
      case 'chatbot': {
        let text = chatbotText(topic, ctx, escalated);
        if (rng() < 0.02) text += `\n${SLOTS.phone(ctx)}`;
        return this.base('chatbot', 'channeltalk', 'chatbot_session', createdMs, text);
      }
    }
  }

  /** The same customer asks again about the same issue on another channel, within a day. */
  private makeReask(
    original: Item,
    channel: 'chat' | 'board' | 'email' | 'phone',
    originalMs: number,
    topic: CompiledTopic,
    body: string,
    english: boolean,
    render: Render<TextContext>,
    truth: Truth,
    incident: PlannedIncident | null,
  ): Item | null {
    const { rng, ctx } = this;
    const waitMs = Math.min(20 * HOUR_MS, Math.max(15 * MINUTE_MS, logNormal(rng, 2 * HOUR_MS, 0.9)));
    const createdMs = originalMs + Math.round(waitMs / 1000) * 1000;
    if (createdMs >= this.plan.endMs) return null;
    let next = pick(rng, REASK_CHANNELS[channel]);
    if (next === 'phone' && !isWorkingTime(createdMs)) next = channel === 'board' ? 'chat' : 'board';
    ctx.createdMs = createdMs;
    // Mostly the same words again (a near-duplicate), sometimes told differently.
    let again = rng() < 0.6 ? body : render(ctx);
    if (!english && rng() < 0.7) again = `${REASK_PREFIXES[channel](ctx)} ${again}`;
    const item = this.renderConversation(next, topic, again, english, true);
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
    if (handledBy === 'bot') {
      firstMs = createdMs + intBetween(rng, 1, 3) * 1000;
      resolvedMs = createdMs + intBetween(rng, 30, 240) * 1000;
    } else if (channel === 'phone') {
      firstMs = createdMs + intBetween(rng, 10, 300) * 1000; // time in the queue
      resolvedMs = rng() < 0.8 ? firstMs + logNormal(rng, 5 * MINUTE_MS, 0.5) : nextWorkingMs(firstMs + logNormal(rng, 5 * HOUR_MS, 0.8));
    } else if (channel === 'chat' || channel === 'chatbot') {
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
    if (resolvedMs > endMs) {
      item.status = r < 0.6 ? 'open' : 'pending';
    } else if (r < 0.02 && handledBy === 'human') {
      item.status = 'on_hold';
    } else if (r < 0.035 && handledBy === 'human') {
      item.status = 'pending';
    } else {
      // Zendesk closes solved tickets after four days; other tools keep them "resolved".
      item.status = channel === 'email' && resolvedMs + 4 * DAY_MS < endMs ? 'closed' : 'resolved';
      item.resolved_at = formatKst(resolvedMs);
      const reopen = rng();
      if (handledBy === 'human' && reopen < 0.06) item.reopened_count = reopen < 0.01 ? 2 : 1;
    }
  }

  private appStoreItem(createdMs: number, incident: PlannedIncident | null): ItemInput {
    const { rng, ctx } = this;
    let incidentBody: string | null = null;
    if (incident) {
      ctx.incidentAppVersion = incident.spec.appVersion ?? null;
      incidentBody = INCIDENT_BODIES.get(incident.spec.key)!.body(ctx);
    }
    const rating = incident ? (rng() < 0.85 ? 1 : 2) : APP_RATING(rng);
    const { text, truth } = appReview(rating, ctx, incident === null && rng() < ENGLISH_SHARE, incidentBody);
    const item = this.base('app_store', rng() < 0.62 ? 'google-play' : 'app-store', 'review', createdMs, text);
    item.rating = rating;
    this.withTruth(item, incident ? { type: 'bug', topic: incident.spec.topic } : truth, incident);
    return item;
  }

  private reviewItem(createdMs: number): ItemInput {
    const { rng, ctx } = this;
    const rating = REVIEW_RATING(rng);
    ctx.productIndex = (rng() * PRODUCTS.length) | 0;
    const { text, truth } = productReview(rating, ctx);
    const item = this.base('review', 'product-review', 'review', createdMs, text);
    this.setCustomer(item, this.pickCustomer());
    item.rating = rating;
    item.product_ref = productRef(ctx.productIndex);
    this.withTruth(item, truth, null);
    return item;
  }

  private surveyItem(createdMs: number): ItemInput {
    const { rng, ctx } = this;
    const score = NPS_SCORE(rng);
    const { text, truth } = surveyComment(score, ctx, rng() < 0.03);
    const item = this.base('survey', 'nps-survey', 'survey_response', createdMs, text);
    this.setCustomer(item, this.pickCustomer());
    item.score = score;
    this.withTruth(item, truth, null);
    return item;
  }
}
