import { buildBusinessSchedule } from '../domain/calendar/business-hours.js';
import { ANSWERABLE_CHANNELS, CHANNELS } from '../domain/item.js';
import { adjustedWhereCompared } from '../domain/stats.js';
import { daysBetweenInclusive, eachDay, periodStart, startOfLocalDay } from '../domain/local-day.js';
import type { Db } from '../store/db.js';
import { answerTimesRecorded, DAILY_COUNT_FIELDS, firstItemDays, sumDailyCountsByEach, type CountRow, type DailyCounts, type Granularity } from '../store/queries/item-daily-counts.js';
import { listTopics } from '../store/queries/topics.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { botShareBase, csatFromCounts, npsChange, rateChange, requireCoverage, requireLabelledFrom, requireWholeDays, shareChange, type Change } from './change.js';
import { denominatorBasis, loadDenominator, rateOverDays, type Denominator } from './denominator.js';
import { findMovers, plainDays, topicsLabelledSince, type Mover } from './movers.js';
import { answersDue, autoGranularity, dayInstants, resolveRange, type InsightRange } from './range.js';
import { holidaysBetween } from './holidays.js';
import { countDueResponsesByHandler, type DueResponses } from './responses-by-handler.js';
import { loadSlaSettings } from '../store/queries/sla-settings.js';

export interface OverviewInput {
  from?: string;
  to?: string;
  /** Business metric for the contact rate (default: orders, payments, dau or mau, the first there is). */
  metric?: string;
  per?: number;
  granularity?: Granularity;
  /** How many movers to return per dimension. */
  moversLimit?: number;
  /** The moment "now" (tests); the range's "today" and which items are still due an answer follow it. */
  now?: Date;
}

export interface SeriesPoint {
  period: string;
  /** The point's items, for drilling down: created_at from ≤ t < to. */
  from: string;
  to: string;
  items: number;
  rate: number | null;
  /** Days of the point that have a business number, which its rate counts over (null without a denominator). */
  covered_days: number | null;
  /** Days of the point. */
  days: number;
}

export interface KeyCount {
  key: string;
  current: number;
  previous: number;
  change: Change;
  /** The Benjamini–Hochberg adjusted p-value across the split's keys (the verdict uses it). */
  p_adjusted: number;
}

const zeroCounts = (): DailyCounts => Object.fromEntries(DAILY_COUNT_FIELDS.map((f) => [f, 0])) as DailyCounts;

function addCounts(into: DailyCounts, row: DailyCounts): void {
  for (const f of DAILY_COUNT_FIELDS) into[f] += row[f];
}

/**
 * Everything the Overview page shows, for a range and the period before it: volume, contact rate
 * against a business metric, duplicate / self-service / response shares, NPS, CSAT, a series to
 * chart, the split by channel and type, and the topics and types that moved for real.
 * Reads the daily rollups only.
 */
export async function getOverview(db: Db, ws: Workspace, input: OverviewInput = {}) {
  const now = input.now ?? new Date();
  const range = resolveRange(input, ws.timezone, now);
  const both = { from: range.previous.from, to: range.to };
  const [split, den, topics, first, sla, recorded] = await Promise.all([
    sumDailyCountsByEach(db, ws.id, both, ['channel', 'topic', 'type']),
    loadDenominator(db, ws.id, { metric: input.metric, per: input.per }, both.from, both.to),
    listTopics(db, ws.id),
    firstItemDays(db, ws.id, CHANNELS),
    loadSlaSettings(db, ws.id),
    answerTimesRecorded(db, ws.id),
  ]);
  // Which days' answers are all due: a day, and a working day's hours (Friday evening's are due Monday).
  const due = answersDue(range, ws.timezone, now, buildBusinessSchedule(sla.settings.businessHours));
  const handlers = await countDueResponsesByHandler(db, ws.id, { current: range, previous: range.previous }, due.from);
  // Counts and rates compared with a previous period that began before the first item say
  // "insufficient data": the empty days before a first import would read as a rise.
  // Nor when the range ends today: a day not over yet would read as a fall (counts; shares are fine).
  const covered = (change: Change, firstDay: string | null | undefined = first.all) =>
    requireWholeDays(requireCoverage(change, range.previous.from, firstDay), range.includes_today);
  // A topic promoted from a discovered cluster has items only from its earliest member on (its
  // parent's row counts it too): no verdict against a period that starts before that.
  const previousStart = startOfLocalDay(range.previous.from, ws.timezone);
  const labelledSince = topicsLabelledSince(topics);
  const byChannel = split.get('channel')!;
  const byTopic = split.get('topic')!;
  const byType = split.get('type')!;

  const inCurrent = (row: CountRow) => row.period! >= range.from;
  const cur = zeroCounts();
  const prev = zeroCounts();
  const curAnswerable = zeroCounts();
  const prevAnswerable = zeroCounts();
  // The response rate's own counts: answerable items of days whose answers are all due.
  const curDue = zeroCounts();
  const prevDue = zeroCounts();
  const dailyItems = new Map<string, number>();
  for (const row of byChannel) {
    const current = inCurrent(row);
    addCounts(current ? cur : prev, row);
    if ((ANSWERABLE_CHANNELS as readonly string[]).includes(row.key!)) {
      addCounts(current ? curAnswerable : prevAnswerable, row);
      if (row.period! < due.from) addCounts(current ? curDue : prevDue, row);
    }
    dailyItems.set(row.period!, (dailyItems.get(row.period!) ?? 0) + row.items);
  }

  const topicName = new Map(topics.map((t) => [t.id, t.name]));
  const parentName = new Map(topics.map((t) => [t.id, t.parent_id ? topicName.get(t.parent_id) ?? null : null]));
  const limit = input.moversLimit ?? 10;
  const named = (m: Mover) => ({ ...m, name: topicName.get(m.key) ?? null, parent_name: parentName.get(m.key) ?? null });

  const contactRate = den
    ? (() => {
        const [c, p] = [rateOverDays(den, dailyItems, range.from, range.to), rateOverDays(den, dailyItems, range.previous.from, range.previous.to)];
        return {
          ...denominatorBasis(den),
          covered_days: { current: c!.coveredDays, previous: p!.coveredDays, of: range.days },
          denominator: { current: c!.denominator, previous: p!.denominator },
          ...covered(rateChange({ count: c!.items, exposure: c!.exposure, value: c!.rate, days: c!.days }, { count: p!.items, exposure: p!.exposure, value: p!.rate, days: p!.days })),
        };
      })()
    : null;

  return {
    range,
    /**
     * Holidays in each period by the workspace's calendar (its SLA business hours): a period with
     * more weekday holidays than the other (추석, 설날) reads lower for the calendar alone.
     */
    holidays: {
      current: holidaysBetween(sla.settings.businessHours, range.from, range.to),
      previous: holidaysBetween(sla.settings.businessHours, range.previous.from, range.previous.to),
    },
    volume: covered(
      rateChange(
        { count: cur.items, exposure: range.days, value: cur.items, days: plainDays(dailyItems, range.from, range.to) },
        { count: prev.items, exposure: range.days, value: prev.items, days: plainDays(dailyItems, range.previous.from, range.previous.to) },
      ),
    ),
    contact_rate: contactRate,
    // Duplicates: of items on channels that expect an answer (domain/duplicates.ts DUPLICATE_CHANNELS,
    // the list's duplicate filter and badge follow the same rule). Reviews and survey answers repeat
    // each other by nature ("배송 빨라요" a hundred times a day) and are no duplicate.
    duplicate_share: shareChange(curAnswerable.duplicates, curAnswerable.items, prevAnswerable.duplicates, prevAnswerable.items),
    /** The share's counts: the duplicates (GET /items?duplicate=true over the range lists them) of the items on those channels. */
    duplicate_counts: {
      current: { duplicates: curAnswerable.duplicates, items: curAnswerable.items },
      previous: { duplicates: prevAnswerable.duplicates, items: prevAnswerable.items },
    },
    // The chatbot's share of the conversations on the answering channels (change.ts botShareBase: no handler recorded counts as a person's).
    self_service_share: shareChange(
      curAnswerable.bot_handled,
      botShareBase(curAnswerable.bot_handled, curAnswerable.human_handled, curAnswerable.items),
      prevAnswerable.bot_handled,
      botShareBase(prevAnswerable.bot_handled, prevAnswerable.human_handled, prevAnswerable.items),
    ),
    response_rate: shareChange(curDue.responded, curDue.items, prevDue.responded, prevDue.items),
    response_rate_by_handler: responseRateByHandler(handlers.current, handlers.previous),
    /** The response rate counts days before this one (items younger than a day, or than a working day's hours, are not due an answer); null when the range ends earlier. */
    response_rate_before: due.before,
    /** False when no item has ever had an answer time: the response rate's 0 % then says nothing (answerTimesRecorded). */
    answer_times_recorded: recorded,
    // Reopened over ever resolved (resolved now, or reopened): a ticket reopened and open again
    // still counts as a failed resolution, and the rate stays within 0–100 %.
    reopen_rate: shareChange(curAnswerable.reopened, curAnswerable.ever_resolved, prevAnswerable.reopened, prevAnswerable.ever_resolved),
    nps: npsChange(npsCounts(cur), npsCounts(prev)),
    // CSAT: 1–5 ratings of survey answers and conversations, not of reviews.
    csat: { current: csatFromCounts(cur.satisfied, cur.rated, cur.rating_sum), previous: csatFromCounts(prev.satisfied, prev.rated, prev.rating_sum), change: shareChange(cur.satisfied, cur.rated, prev.satisfied, prev.rated) },
    // Review and app-store stars: share of 4–5 stars, a separate figure.
    review_rating: {
      current: csatFromCounts(cur.review_satisfied, cur.review_rated, cur.review_rating_sum),
      previous: csatFromCounts(prev.review_satisfied, prev.review_rated, prev.review_rating_sum),
      change: shareChange(cur.review_satisfied, cur.review_rated, prev.review_satisfied, prev.review_rated),
    },
    series: buildSeries(range, dailyItems, den, input.granularity ?? autoGranularity(range.days)),
    by_channel: splitByKey(byChannel, range, (key, change) => covered(change, first.byChannel.get(key))),
    by_type: splitByKey(byType, range, (_, change) => covered(change)),
    // Items without a topic (type) are tested with the rest, as Explore's lines of the same split
    // are (compareKeysAtOnce), so both give a topic the same verdict; they are not listed as movers.
    topic_movers: findMovers(withParentTotals(byTopic, topics), range, den, (c, key) => requireLabelledFrom(covered(c), previousStart, labelledSince.get(key)), (key) => key !== '0').slice(0, limit).map(named),
    type_movers: findMovers(byType, range, den, (c) => covered(c), (key) => key !== '').slice(0, limit),
    // How much of the volume the topic tree covers: movers say nothing about the rest.
    topic_coverage: shareChange(
      cur.items - sumWhere(byTopic, (r) => inCurrent(r) && r.key === '0'), cur.items,
      prev.items - sumWhere(byTopic, (r) => !inCurrent(r) && r.key === '0'), prev.items,
    ),
  };
}

/**
 * The response rate split by who handled the conversation: `people` (an agent, or no handler
 * recorded — a source that does not say is taken for people) is the Overview's headline, `bot` the
 * chatbot's own, null when the bot handled nothing in either period. A chatbot answers every
 * session in seconds and, at a third of the items, held the all-items rate at 99.9 % (session 26).
 */
export function responseRateByHandler(now: Map<string, DueResponses>, before: Map<string, DueResponses>): { people: Change; bot: Change | null } {
  const sum = (m: Map<string, DueResponses>, keep: (key: string) => boolean) => {
    const c = { received: 0, responded: 0 };
    for (const [key, v] of m) if (keep(key)) { c.received += v.received; c.responded += v.responded; }
    return c;
  };
  const people = (key: string) => key !== 'bot';
  const bot = (key: string) => key === 'bot';
  const [pn, pb, bn, bb] = [sum(now, people), sum(before, people), sum(now, bot), sum(before, bot)];
  return {
    people: shareChange(pn.responded, pn.received, pb.responded, pb.received),
    bot: bn.received + bb.received > 0 ? shareChange(bn.responded, bn.received, bb.responded, bb.received) : null,
  };
}

const npsCounts = (c: DailyCounts) => ({ promoters: c.promoters, passives: c.scored - c.promoters - c.detractors, detractors: c.detractors });

const sumWhere = (rows: CountRow[], keep: (row: CountRow) => boolean) => rows.reduce((s, r) => s + (keep(r) ? r.items : 0), 0);

/** The range's items (and rate) per day, week or month, each point with its drill-down instants. */
export function buildSeries(range: InsightRange, dailyItems: Map<string, number>, den: Denominator | null, granularity: Granularity): { granularity: Granularity; points: SeriesPoint[] } {
  const buckets = new Map<string, { first: string; last: string }>();
  for (const day of eachDay(range.from, range.to)) {
    const start = periodStart(day, granularity);
    const b = buckets.get(start);
    if (b) b.last = day;
    else buckets.set(start, { first: day, last: day });
  }
  const points = [...buckets].map(([period, b]): SeriesPoint => {
    let items = 0;
    for (const day of eachDay(b.first, b.last)) items += dailyItems.get(day) ?? 0;
    const instants = dayInstants(b.first, b.last, range.timezone);
    const over = den ? rateOverDays(den, dailyItems, b.first, b.last) : null;
    const rate = over?.rate ?? null;
    return {
      period, from: instants.from, to: instants.to, items, rate: rate === null ? null : Number(rate.toFixed(4)),
      covered_days: over ? over.coveredDays : null, days: daysBetweenInclusive(b.first, b.last),
    };
  });
  return { granularity, points };
}

/**
 * A parent topic's row stands for the parent and its children, as the topic filter of the items
 * list and of Explore does: the mover row's count then matches the items its link opens. The
 * children keep their own rows too.
 */
export function withParentTotals(rows: CountRow[], topics: readonly { id: string; parent_id: string | null }[]): CountRow[] {
  const parentOf = new Map(topics.filter((t) => t.parent_id).map((t) => [t.id, t.parent_id!]));
  const out = [...rows];
  for (const row of rows) {
    const parent = parentOf.get(row.key!);
    if (parent) out.push({ ...row, key: parent });
  }
  return out;
}

/**
 * Current and previous counts per key (channel, type), largest first. Each key is tested, so the
 * verdicts control the false-discovery rate across the keys (Benjamini–Hochberg), as the movers
 * and Explore's lines do: the same type never reads "significant" here and "noise" there.
 */
function splitByKey(rows: CountRow[], range: InsightRange, check: (key: string, change: Change) => Change = (_, c) => c): KeyCount[] {
  type Counts = { current: number; previous: number; daily: Map<string, number> };
  const counts = new Map<string, Counts>();
  for (const row of rows) {
    const c = counts.get(row.key!) ?? { current: 0, previous: 0, daily: new Map<string, number>() };
    if (row.period! >= range.from) c.current += row.items;
    else c.previous += row.items;
    c.daily.set(row.period!, (c.daily.get(row.period!) ?? 0) + row.items);
    counts.set(row.key!, c);
  }
  const entries = [...counts];
  const test = (c: Counts, pAdjusted?: number) =>
    rateChange(
      { count: c.current, exposure: range.days, value: c.current, days: plainDays(c.daily, range.from, range.to) },
      { count: c.previous, exposure: range.days, value: c.previous, days: plainDays(c.daily, range.previous.from, range.previous.to) },
      pAdjusted,
    );
  // Keys whose comparison `check` takes back stay out of the false-discovery control (movers.ts).
  const pAdjusted = adjustedWhereCompared(
    entries.map(([, c]) => test(c).p_value),
    entries.map(([key, c]) => !check(key, test(c)).reason),
  );
  return entries
    .map(([key, c], i) => ({
      key,
      current: c.current,
      previous: c.previous,
      change: check(key, test(c, pAdjusted[i]!)),
      p_adjusted: Number(pAdjusted[i]!.toFixed(6)),
    }))
    .sort((a, b) => b.current - a.current || a.key.localeCompare(b.key));
}
