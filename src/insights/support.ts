import { answerTimesRecorded } from '../store/queries/item-daily-counts.js';
import { buildBusinessSchedule, businessIntervalsBetween, hasBusinessHours, type BusinessSchedule } from '../domain/calendar/business-hours.js';
import { sketchQuantile } from '../domain/duration-sketch.js';
import { SoriError } from '../domain/errors.js';
import { loadSlaSettings } from '../store/queries/sla-settings.js';
import type { Db } from '../store/db.js';
import { sumDailyCounts } from '../store/queries/item-daily-counts.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { ANSWERABLE_CHANNELS } from '../domain/item.js';
import { answersDue, dayInstants, resolveRange, type InsightRange } from './range.js';
import { listLeadSketches, type LeadSketchRow } from '../store/queries/lead-sketches.js';
import { botShareBase, sharePct, type Change } from './change.js';
import { leadTimeChange } from './lead-time-change.js';
import { countRepeatContacts, noRepeatContacts, type RepeatContacts } from './repeat-contacts.js';

export type SupportDimension = 'channel' | 'assignee' | 'type' | 'handled_by';
/** What lead times are measured on: every hour of the day, or the workspace's business hours (SLA settings). */
export const SUPPORT_CLOCKS = ['calendar', 'business'] as const;
export type SupportClock = (typeof SUPPORT_CLOCKS)[number];

export interface SupportInput {
  from?: string;
  to?: string;
  by?: SupportDimension;
  channel?: string[];
  /** Lead times on the 24-hour clock (default) or in business hours. */
  clock?: SupportClock;
  /** The clock (tests); now by default. */
  now?: Date;
}

/** Lead times in seconds: median and 90th percentile (type-7 interpolation; on the 24-hour clock from the duration sketch, within 2 %; in business hours exact). */
export interface LeadTime {
  count: number;
  p50_seconds: number | null;
  p90_seconds: number | null;
}

export interface SupportRow {
  /** The dimension's value ('' = none, e.g. unassigned); 'all' on the total row. */
  key: string;
  received: number;
  /** Answered: a first response or, without one, a resolution (the SLA's rule; migration 034). */
  responded: number;
  resolved: number;
  reopened: number;
  /** Resolved now, or reopened (so resolved once): the reopen rate's denominator. */
  ever_resolved: number;
  bot_handled: number;
  human_handled: number;
  /**
   * Answered ÷ received over the days whose answers are all due (see `response_rate_before`),
   * 0–100: an item less than a day old, unanswered only because its answer is not due yet, would
   * read as a falling rate.
   */
  response_rate_pct: number | null;
  /** The response rate's own counts: received and answered on the days it covers. */
  rate_received: number;
  rate_responded: number;
  /**
   * reopened ÷ ever_resolved, 0–100. A ticket reopened and open again still counts (it is a
   * failed resolution), so the numerator is always a part of the denominator.
   */
  reopen_rate_pct: number | null;
  /** bot_handled ÷ (bot + human), 0–100: the self-service share. */
  bot_share_pct: number | null;
  /** Received → first answer (the first response, else the resolution). */
  first_response: LeadTime;
  resolution: LeadTime;
  /**
   * Repeat contacts (재문의율, repeat-contacts.ts): contacts (conversations) with a customer reference
   * begun in the range, counted under their first item's key; `repeat_due` of them on days whose 7
   * days are over (see `repeat_counted_until`), `repeat_repeated` of those followed by another contact
   * of the same customer within 7 days, on any answerable channel.
   */
  repeat_contacts: number;
  repeat_due: number;
  repeat_repeated: number;
  /** repeat_repeated ÷ repeat_due, 0–100, with its 95 % Wilson interval; null when none is due. */
  repeat_rate_pct: number | null;
  repeat_rate_lower_pct: number | null;
  repeat_rate_upper_pct: number | null;
  /** Contacts begun in the range without a customer reference: left out of the repeat figures. */
  repeat_without_customer: number;
}

/** A key's repeat figures under the names of a support row. */
const repeatFields = (r: RepeatContacts) => ({
  repeat_contacts: r.contacts,
  repeat_due: r.due,
  repeat_repeated: r.repeated,
  repeat_rate_pct: r.rate_pct,
  repeat_rate_lower_pct: r.rate_lower_pct,
  repeat_rate_upper_pct: r.rate_upper_pct,
  repeat_without_customer: r.without_customer,
});

const KEY_SQL: Record<SupportDimension, string> = {
  channel: 'channel',
  assignee: "COALESCE(assignee, '')",
  type: "COALESCE(type, '')",
  handled_by: "COALESCE(handled_by, '')",
};

/**
 * Who handled a conversation, as Support's headline groups it: `people` (an agent, or no handler
 * recorded — a source that does not say is taken for people, as the Overview's response rate does)
 * and `bot`, the chatbot, which answers its sessions in seconds and would make the team look fast.
 */
export const HANDLER_GROUPS = ['people', 'bot'] as const;
export type HandlerGroup = (typeof HANDLER_GROUPS)[number];
const handlerGroupOf = (handledBy: string): HandlerGroup => (handledBy === 'bot' ? 'bot' : 'people');
const HANDLER_GROUP_SQL = "CASE WHEN handled_by = 'bot' THEN 'bot' ELSE 'people' END";

/** The first-response and resolution lead times of one handler group (or of every item), with the period comparison. */
export interface HandlerLeadTimes {
  /** Items received in the range (answerable channels). */
  received: number;
  /** Of `received`, items without a handler recorded: counted with people (0 for the bot). */
  without_handler: number;
  /** The range's lead times, on the asked clock (as the total row's). */
  first_response: LeadTime;
  resolution: LeadTime;
  /**
   * Against the previous period, on the 24-hour clock only (null in business hours: a second scan of
   * the previous period's items would double the report's cost): the medians of the items received
   * on days whose answers are all due (before `response_rate_before`, as the response rate), by
   * Mood's median test (lead-time-change.ts). `previous` holds that period's lead times.
   */
  change: { first_response: Change; resolution: Change; previous: { first_response: LeadTime; resolution: LeadTime } } | null;
}

const seconds = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(Number(x)));

interface Tally {
  received: number;
  /** Received and answered on days before the response rate's cut (`dueFrom`). */
  dueReceived: number;
  dueResponded: number;
  reopened: number;
  /** Reopened and not resolved now (sketch x, bucket 1; migration 021). */
  reopenedOpen: number;
  f: Map<number, number>;
  r: Map<number, number>;
}
const newTally = (): Tally => ({ received: 0, dueReceived: 0, dueResponded: 0, reopened: 0, reopenedOpen: 0, f: new Map(), r: new Map() });
const count = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const lead = (m: Map<number, number>): LeadTime => ({ count: count(m), p50_seconds: seconds(sketchQuantile(m, 0.5)), p90_seconds: seconds(sketchQuantile(m, 0.9)) });

/**
 * Sums the lead-time sketches of one dimension per key over a day range. The sketches are read
 * whole and added here: unnesting their pairs in SQL took ~7× longer on the embedded database.
 */
async function tallyByKey(db: Db, workspaceId: number, dim: SupportDimension, from: string, to: string, dueFrom: string, keys?: string[]): Promise<Map<string, Tally>> {
  return foldTallies(await listLeadSketches(db, workspaceId, { dim, from, to, keys }), dueFrom);
}

/** Adds sketch rows (a key's day and measure, with [bucket, count] pairs) into a tally per key. */
function foldTallies(rows: Iterable<{ key: string; day: string; measure: string; sketch: number[][] }>, dueFrom: string): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const row of rows) {
    let t = out.get(row.key);
    if (!t) out.set(row.key, (t = newTally()));
    const due = row.day < dueFrom;
    for (const [bucket, n] of row.sketch) {
      if (row.measure === 'n') {
        t.received += n!;
        if (due) t.dueReceived += n!;
      } else if (row.measure === 'x') {
        t.reopened += n;
        if (bucket === 1) t.reopenedOpen += n;
      }
      else if (row.measure === 'f' || row.measure === 'r') {
        t[row.measure].set(bucket!, (t[row.measure].get(bucket!) ?? 0) + n!);
        if (row.measure === 'f' && due) t.dueResponded += n!;
      }
    }
  }
  return out;
}

/**
 * The same tallies per key of `dim` as `tallyByKey`, counted from the items of some channels: the
 * sketch rollup keeps each dimension apart (no type × channel), so it cannot answer a split by type,
 * agent or handler narrowed to channels. The measures and buckets are the rollup's own
 * (item-daily-counts.ts LEAD_TIMES_FROM_ITEMS_SQL, which the rollup tests check the triggers against).
 */
async function tallyFromItems(db: Db, ws: Workspace, dim: Exclude<SupportDimension, 'channel'>, range: InsightRange, dueFrom: string, channels: string[]): Promise<Map<string, Tally>> {
  return foldTallies(await leadRowsFromItems(db, ws, dim, range.instants, channels), dueFrom);
}

/** The sketch rows (one pair each) of `dim` for the items of some channels received from ≤ created_at < to. */
async function leadRowsFromItems(db: Db, ws: Workspace, dim: Exclude<SupportDimension, 'channel'>, instants: { from: string; to: string }, channels: string[]): Promise<LeadSketchRow[]> {
  const rows = await db.query<{ key: string; day: string; measure: string; bucket: number; n: number }>(
    `SELECT ${KEY_SQL[dim]} AS key, to_char((created_at AT TIME ZONE $5)::date, 'YYYY-MM-DD') AS day, m.measure::text AS measure,
       COALESCE(m.bucket, sori_sketch_bucket(m.secs)) AS bucket, count(*)::int AS n
     FROM items
     CROSS JOIN LATERAL (VALUES ('n'::"char", 0::float8, NULL::int),
                                ('x'::"char", CASE WHEN reopened_count > 0 THEN 0::float8 END, CASE WHEN resolved_at >= created_at THEN 0 ELSE 1 END),
                                ('f'::"char", extract(epoch FROM sori_first_answer_at(first_response_at, resolved_at) - created_at)::float8, NULL::int),
                                ('r'::"char", extract(epoch FROM resolved_at - created_at)::float8, NULL::int)) m(measure, secs, bucket)
     WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 AND channel = ANY($4::text[]) AND m.secs >= 0
     GROUP BY 1, 2, 3, 4`,
    [ws.id, instants.from, instants.to, channels, ws.timezone],
  );
  return rows.map((r) => ({ key: r.key, day: r.day, measure: r.measure as LeadSketchRow['measure'], sketch: [[r.bucket, r.n]] }));
}

/** A workspace's business hours (its SLA settings, or the defaults), refused when they hold no time at all. */
function businessScheduleOf({ settings, isDefault }: Awaited<ReturnType<typeof loadSlaSettings>>): { schedule: BusinessSchedule; hours: BusinessHoursSummary } {
  const schedule = buildBusinessSchedule(settings.businessHours);
  if (!hasBusinessHours(schedule)) {
    throw new SoriError(
      'no_business_hours',
      'this workspace has no business hours, so lead times cannot be counted in them: set hours on the SLA page (or 24/7), or use clock=calendar / 영업시간이 설정되지 않았습니다: SLA 설정에서 영업시간(또는 24시간)을 넣거나 clock=calendar(24시간 기준)로 보세요',
    );
  }
  const h = settings.businessHours;
  return {
    schedule,
    hours: { timeZone: h.timeZone, twentyFourSeven: h.twentyFourSeven, blocks: h.blocks, koreanPublicHolidays: h.koreanPublicHolidays, is_default: isDefault },
  };
}

/** The business hours lead times were counted on (the SLA settings' hours, without their holiday lists). */
export interface BusinessHoursSummary {
  timeZone: string;
  twentyFourSeven: boolean;
  blocks: { days: string[]; start: string; end: string }[];
  koreanPublicHolidays: boolean;
  /** The workspace has not set hours: the defaults (weekdays 09–18 with lunch) are used. */
  is_default: boolean;
}

interface LeadTimes {
  first_response: LeadTime;
  resolution: LeadTime;
}
const noLeadTimes = (): LeadTimes => ({ first_response: { count: 0, p50_seconds: null, p90_seconds: null }, resolution: { count: 0, p50_seconds: null, p90_seconds: null } });

/** Business time up to instant `t` (epoch ms) since the first interval, `i` its interval by width_bucket (0: before the first). */
const cumulativeBusinessSql = (t: string, i: string) => `CASE WHEN ${i} = 0 THEN 0 ELSE ($7::float8[])[${i}] + least(${t} - ($5::float8[])[${i}], ($6::float8[])[${i}]) END`;

/**
 * First-response and resolution lead times in business hours per key of `dim`, and over all keys,
 * counted from the items received in the range on `channels` with the schedule as it is now (a
 * settings change shows at once; nothing is stored). The same items as the calendar sketches count —
 * an answer or resolution earlier than the item's arrival is left out, as there (migration 012,
 * `secs >= 0`) — so the counts match theirs; the quantiles are exact (percentile_cont: type 7).
 *
 * The business intervals from the range's start to its items' last answer are worked out here (the
 * domain's calendar: zones, DST, holidays) and handed to SQL as arrays with their running sum, so
 * each item's business time is two binary searches (width_bucket) and a subtraction in the
 * database, and only a row per key comes back: reading every item's times into JavaScript alone
 * took as long as this whole query, and held them all in memory (bench/support-business-hours.bench.ts).
 * Linear in the range's items: ~5 s for a million on a busy 2-core machine (docs/BENCHMARKS.md).
 */
async function businessLeadTimes(
  db: Db,
  ws: Workspace,
  dim: SupportDimension,
  range: InsightRange,
  channels: string[],
  schedule: BusinessSchedule,
  now: Date,
): Promise<{ rows: Map<string, LeadTimes>; total: LeadTimes; handlers: Map<string, LeadTimes> }> {
  const scope = `FROM items WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 AND channel = ANY($4::text[])
       AND (sori_first_answer_at(first_response_at, resolved_at) >= created_at OR resolved_at >= created_at)`;
  const base = [ws.id, range.instants.from, range.instants.to, channels];
  const [{ last_ms: lastMs }] = await db.query<{ last_ms: number | null }>(
    `SELECT date_part('epoch', max(GREATEST(sori_first_answer_at(first_response_at, resolved_at), resolved_at))) * 1000 AS last_ms ${scope}`,
    base,
  );
  if (lastMs === null) return { rows: new Map(), total: noLeadTimes(), handlers: new Map() };
  // The calendar is walked day by day up to the last answer, on the server's one thread: an answer
  // stamped years ahead (2199 typed for 2026) stalled every request for seconds. Answers lie in the
  // past, so the walk stops a day after the later of the range's end and now; an answer beyond
  // that counts business time up to there.
  const cap = Math.max(Date.parse(range.instants.to), now.getTime()) + 86_400_000;
  const intervals = businessIntervalsBetween(new Date(range.instants.from), new Date(Math.min(Math.ceil(lastMs) + 1, cap)), schedule);
  const starts: number[] = [];
  const lengths: number[] = [];
  const before: number[] = [];
  let sum = 0;
  for (const [from, to] of intervals) {
    starts.push(from);
    lengths.push(to - from);
    before.push(sum);
    sum += to - from;
  }
  if (!starts.length) {
    // No business time at all in the span (it lies within a closure): every lead time is 0.
    starts.push(Date.parse(range.instants.from));
    lengths.push(0);
    before.push(0);
  }
  // The handler groups of Support's headline (people, bot) are one more grouping set of the same scan.
  const rows = await db.query<{ key: string | null; handler: string | null; total: boolean; by_handler: boolean; f_n: number; f: number[] | null; r_n: number; r: number[] | null }>(
    `SELECT key, handler, GROUPING(key, handler) = 3 AS total, GROUPING(key, handler) = 2 AS by_handler,
       count(f)::int AS f_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY f) AS f,
       count(r)::int AS r_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY r) AS r
     FROM (
       SELECT key, handler,
         CASE WHEN a >= c THEN (${cumulativeBusinessSql('a', 'width_bucket(a, $5::float8[])')} - cc) / 1000 END AS f,
         CASE WHEN r >= c THEN (${cumulativeBusinessSql('r', 'width_bucket(r, $5::float8[])')} - cc) / 1000 END AS r
       FROM (
         SELECT key, handler, c, a, r, ${cumulativeBusinessSql('c', 'width_bucket(c, $5::float8[])')} AS cc
         FROM (
           SELECT ${KEY_SQL[dim]} AS key, ${HANDLER_GROUP_SQL} AS handler, date_part('epoch', created_at) * 1000 AS c,
             date_part('epoch', sori_first_answer_at(first_response_at, resolved_at)) * 1000 AS a,
             date_part('epoch', resolved_at) * 1000 AS r
           ${scope}
         ) times
       ) cumulative
     ) business
     GROUP BY GROUPING SETS ((key), (handler), ())`,
    [...base, starts, lengths, before],
  );
  const leadOf = (n: number, q: number[] | null): LeadTime => ({ count: n, p50_seconds: seconds(q?.[0]), p90_seconds: seconds(q?.[1]) });
  const both = (row: (typeof rows)[number]): LeadTimes => ({ first_response: leadOf(row.f_n, row.f), resolution: leadOf(row.r_n, row.r) });
  const total = rows.find((row) => row.total);
  return {
    rows: new Map(rows.filter((row) => !row.total && !row.by_handler).map((row) => [row.key ?? '', both(row)])),
    total: total ? both(total) : noLeadTimes(),
    handlers: new Map(rows.filter((row) => row.by_handler).map((row) => [row.handler!, both(row)])),
  };
}

/**
 * Support KPIs for the items received in a range on channels that expect an answer: response
 * rate, first-response and resolution lead times as median and p90 (never the mean: a few
 * week-old tickets would drown it), reopen rate, repeat contact rate (repeat-contacts.ts: another
 * conversation of the same customer within 7 days), bot vs human; overall and per channel, agent,
 * type or handler. Plus the backlog open right now. Read from the rollups: lead times come from
 * log-histogram counts, within 2 % of the exact percentile. A channel filter narrows every
 * figure, the rows of a split by type, agent or handler too. With `clock: 'business'` the lead
 * times count business hours only (the SLA settings' hours and holidays), exactly, from the items.
 */
export async function getSupportKpis(db: Db, ws: Workspace, input: SupportInput = {}) {
  const now = input.now ?? new Date();
  const range = resolveRange(input, ws.timezone, now);
  // As on the overview: days from due.from on hold items whose answer is not due yet.
  const sla = await loadSlaSettings(db, ws.id);
  const due = answersDue(range, ws.timezone, now, buildBusinessSchedule(sla.settings.businessHours));
  // A filter on channels that expect no answer only (channel=review) leaves none: every figure is
  // then empty — the rollup reads an empty channel list as "none", never as "all".
  const channels = input.channel?.length ? input.channel.filter((c) => (ANSWERABLE_CHANNELS as readonly string[]).includes(c)) : [...ANSWERABLE_CHANNELS];
  const by = input.by ?? 'channel';
  // A channel filter narrows every figure of a row: "chat, by type" means chat's items per type,
  // and a row whose lead times counted every channel beside bot/human counts of chat alone mixed
  // two populations (received above its own total). The lead-time rollup has no channel for the
  // other splits, so a narrowed split by type, agent or handler is counted from the items (slower;
  // refusing the filter would leave a team no way to see its own channel's agents).
  const narrowed = new Set(channels).size < ANSWERABLE_CHANNELS.length;
  const clock = input.clock ?? 'calendar';
  // Business hours are the SLA settings' as they are now, read before anything is counted (refused without any).
  const business = clock === 'business' ? businessScheduleOf(sla) : null;
  // The handlers' sketches over the range and the period before it, in one read (from the items on a channel filter).
  const both = { from: range.previous.from, to: range.to };
  const handlerRows = narrowed
    ? leadRowsFromItems(db, ws, 'handled_by', dayInstants(both.from, both.to, ws.timezone), channels)
    : listLeadSketches(db, ws.id, { dim: 'handled_by', ...both });
  const inCurrent = (row: LeadSketchRow) => row.day >= range.from && row.day <= range.to;
  const [byKey, byChannel, handled, backlog, businessLeads, repeats, recorded, handlerSketches] = await Promise.all([
    by === 'handled_by'
      ? handlerRows.then((rows) => foldTallies(rows.filter(inCurrent), due.from))
      : by !== 'channel' && narrowed
      ? tallyFromItems(db, ws, by, range, due.from, channels)
      : tallyByKey(db, ws.id, by, range.from, range.to, due.from, by === 'channel' ? channels : undefined),
    by === 'channel' ? null : tallyByKey(db, ws.id, 'channel', range.from, range.to, due.from, channels),
    by === 'channel' || by === 'type'
      ? sumDailyCounts(db, ws.id, { from: range.from, to: range.to, channel: channels }, { by })
      : Promise.resolve([]),
    // The open backlog right now, as counts per key and age bucket (no sort of every open item).
    // The status list is spelled out so the planner matches the partial index items_ws_open.
    db.query<{ key: string; bucket: number; open: number; unanswered: number }>(
      `SELECT ${KEY_SQL[by]} AS key, sori_sketch_bucket(extract(epoch FROM now() - created_at)::float8) AS bucket,
         count(*)::int AS open, count(*) FILTER (WHERE first_response_at IS NULL)::int AS unanswered
       FROM items WHERE workspace_id = $1 AND status IN ('new', 'open', 'pending', 'on_hold') AND channel = ANY($2::text[])
       GROUP BY 1, 2`,
      [ws.id, channels],
    ),
    business ? businessLeadTimes(db, ws, by, range, channels, business.schedule, now) : null,
    countRepeatContacts(db, ws.id, { by, range, channels, now }),
    answerTimesRecorded(db, ws.id),
    handlerRows,
  ]);
  const bots = new Map(handled.map((h) => [h.key!, h]));
  const toRow = (key: string, t: Tally, repeat = repeats.rows.get(key) ?? noRepeatContacts()): SupportRow => {
    const responded = count(t.f);
    const resolved = count(t.r);
    const everResolved = resolved + t.reopenedOpen;
    const h = key === 'all' ? null : bots.get(key);
    const bot = by === 'handled_by' ? (key === 'bot' ? t.received : 0) : h?.bot_handled ?? 0;
    const human = by === 'handled_by' ? (key === 'human' ? t.received : 0) : h?.human_handled ?? 0;
    const known = by === 'channel' || by === 'type' || by === 'handled_by';
    return {
      key,
      received: t.received,
      responded,
      resolved,
      reopened: t.reopened,
      ever_resolved: everResolved,
      bot_handled: bot,
      human_handled: human,
      response_rate_pct: sharePct(t.dueResponded, t.dueReceived),
      rate_received: t.dueReceived,
      rate_responded: t.dueResponded,
      reopen_rate_pct: sharePct(t.reopened, everResolved),
      bot_share_pct: known ? sharePct(bot, botShareBase(bot, human, t.received)) : null,
      // In business hours: the same items' lead times (the same counts), exact, from the items.
      ...(businessLeads ? (businessLeads.rows.get(key) ?? noLeadTimes()) : { first_response: lead(t.f), resolution: lead(t.r) }),
      ...repeatFields(repeat),
    };
  };
  const merge = (tallies: Iterable<Tally>): Tally => {
    const all = newTally();
    for (const t of tallies) {
      all.received += t.received;
      all.dueReceived += t.dueReceived;
      all.dueResponded += t.dueResponded;
      all.reopened += t.reopened;
      all.reopenedOpen += t.reopenedOpen;
      for (const m of ['f', 'r'] as const) for (const [b, n] of t[m]) all[m].set(b, (all[m].get(b) ?? 0) + n);
    }
    return all;
  };
  const totalTally = merge((byChannel ?? byKey).values());
  const total = toRow('all', totalTally, repeats.total);
  if (businessLeads) Object.assign(total, businessLeads.total);
  const channelCounts = await sumDailyCounts(db, ws.id, { from: range.from, to: range.to, channel: channels });
  total.bot_handled = channelCounts[0]?.bot_handled ?? 0;
  total.human_handled = channelCounts[0]?.human_handled ?? 0;
  total.bot_share_pct = sharePct(total.bot_handled, botShareBase(total.bot_handled, total.human_handled, total.received));
  const backlogTallies = new Map<string, { open: number; unanswered: number; ages: Map<number, number> }>();
  const allOpen = { open: 0, unanswered: 0, ages: new Map<number, number>() };
  for (const b of backlog) {
    let t = backlogTallies.get(b.key);
    if (!t) backlogTallies.set(b.key, (t = { open: 0, unanswered: 0, ages: new Map() }));
    for (const x of [t, allOpen]) {
      x.open += b.open;
      x.unanswered += b.unanswered;
      x.ages.set(b.bucket, (x.ages.get(b.bucket) ?? 0) + b.open);
    }
  }
  const backlogRow = (key: string, t: typeof allOpen) => ({
    key,
    open: t.open,
    unanswered: t.unanswered,
    age_p50_seconds: seconds(sketchQuantile(t.ages, 0.5)),
    age_p90_seconds: seconds(sketchQuantile(t.ages, 0.9)),
  });
  return {
    range,
    by,
    channels,
    /**
     * First-response and resolution lead times by who handled the item: `people` (상담원: agents, and
     * items without a handler recorded) is the headline a team manages to, `bot` the chatbot's (null
     * when it handled nothing in either period), `all` every item (the total row's).
     */
    by_handler: handlerHeadline(handlerSketches, range, due.from, businessLeads),
    /** What the lead times are measured on; `business_hours` says which hours when in business hours. */
    clock,
    business_hours: business?.hours ?? null,
    /** The response rate counts days before this one; null when the range ends earlier. */
    response_rate_before: due.before,
    /** False when no item has ever had an answer time: the response rate then says nothing (answerTimesRecorded). */
    answer_times_recorded: recorded,
    /** Repeat contacts: another contact of the same customer within this many days. */
    repeat_window_days: repeats.window_days,
    /** The last day whose contacts the repeat figures count (the later ones' 7 days are not over), whatever the range. */
    repeat_counted_until: repeats.counted_until,
    /** Contacts begun in the range without a customer reference, left out of the repeat figures (the total row's). */
    repeat_without_customer: repeats.total.without_customer,
    total,
    rows: [...byKey].map(([key, t]) => toRow(key, t)).sort((a, b) => b.received - a.received || a.key.localeCompare(b.key)),
    backlog: {
      total: backlogRow('all', allOpen),
      rows: [...backlogTallies].map(([key, t]) => backlogRow(key, t)).sort((a, b) => b.open - a.open || a.key.localeCompare(b.key)),
    },
  };
}

/**
 * Support's headline by handler group from the handlers' sketch rows over the range and the period
 * before it: the range's lead times per group and over all, and each compared with the previous
 * period over the days whose answers are all due (before `dueFrom`). In business hours the range's
 * lead times are the business query's (its handler grouping set), and there is no comparison.
 */
function handlerHeadline(
  rows: readonly LeadSketchRow[],
  range: InsightRange,
  dueFrom: string,
  business: { total: LeadTimes; handlers: Map<string, LeadTimes> } | null,
): { people: HandlerLeadTimes; bot: HandlerLeadTimes | null; all: HandlerLeadTimes } {
  type Side = { received: number; withoutHandler: number; f: Map<number, number>; r: Map<number, number> };
  const side = (): Side => ({ received: 0, withoutHandler: 0, f: new Map(), r: new Map() });
  const groups = ['people', 'bot', 'all'] as const;
  // Per group: the range (every day), and the compared days of the range and of the previous period.
  const sides = Object.fromEntries(groups.map((g) => [g, { now: side(), dueNow: side(), before: side() }])) as Record<(typeof groups)[number], { now: Side; dueNow: Side; before: Side }>;
  for (const row of rows) {
    const current = row.day >= range.from && row.day <= range.to;
    const previous = row.day >= range.previous.from && row.day <= range.previous.to;
    if (!current && !previous) continue;
    const due = row.day < dueFrom;
    for (const g of [handlerGroupOf(row.key), 'all'] as const) {
      const targets = [current ? sides[g].now : null, current && due ? sides[g].dueNow : null, previous && due ? sides[g].before : null];
      for (const t of targets) {
        if (!t) continue;
        for (const [bucket, n] of row.sketch) {
          if (row.measure === 'n') {
            t.received += n!;
            if (row.key === '') t.withoutHandler += n!;
          } else if (row.measure === 'f' || row.measure === 'r') t[row.measure].set(bucket!, (t[row.measure].get(bucket!) ?? 0) + n!);
        }
      }
    }
  }
  const build = (g: (typeof groups)[number]): HandlerLeadTimes => {
    const { now, dueNow, before } = sides[g];
    const onClock = business ? (g === 'all' ? business.total : (business.handlers.get(g) ?? noLeadTimes())) : { first_response: lead(now.f), resolution: lead(now.r) };
    return {
      received: now.received,
      without_handler: now.withoutHandler,
      ...onClock,
      change: business
        ? null
        : {
            first_response: leadTimeChange(dueNow.f, before.f),
            resolution: leadTimeChange(dueNow.r, before.r),
            previous: { first_response: lead(before.f), resolution: lead(before.r) },
          },
    };
  };
  const bot = sides.bot;
  return { people: build('people'), bot: bot.now.received + bot.before.received > 0 ? build('bot') : null, all: build('all') };
}
