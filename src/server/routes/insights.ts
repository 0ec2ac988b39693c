import type { Hono } from 'hono';
import { z } from 'zod';
import { getOverview } from '../../insights/overview.js';
import { getChurnReasons } from '../../insights/churn.js';
import { getNpsInsights } from '../../insights/nps.js';
import { getSlaReport } from '../../insights/sla.js';
import { loadSlaSettings, saveSlaSettings } from '../../store/queries/sla-settings.js';
import { getSupportKpis, SUPPORT_CLOCKS } from '../../insights/support.js';
import { getTopicDetail } from '../../insights/topic-detail.js';
import { buildReportInfoSheet, buildReportTable, reportFileName, reportRange, REPORT_TABLES, todayIn } from '../../insights/report-tables.js';
import { createRecordWriter } from '../../ingest/files/write-records.js';
import { PassThrough, Readable } from 'node:stream';
import { getVolume } from '../../insights/volume.js';
import { listSegments } from '../../store/queries/item-daily-counts.js';
import { addDays, localDayOf } from '../../domain/local-day.js';
import { CSV_TYPE, dayDoc, instantDoc, XLSX_TYPE, type RouteDoc } from '../openapi.js';
import { CHANNELS } from '../../domain/item.js';
import { SENTIMENT_LABELS } from '../../text/sentiment.js';
import { oneOrMoreOf } from './items.js';
import { topicCommentSchema, topicSchema } from './labels.js';
import { csvList, defineRoute, idParam, type Deps } from '../route.js';
import { daySchema, metricNameSchema } from './admin.js';

/** Days the segment list looks back by default. */
const SEGMENT_DAYS = 90;

/** A day that exists, 1900–2199 (9999-12-31 or 2026-02-30 is a 400, not a failed date sum). */
const day = daySchema;
const rangeQuery = {
  from: day.optional().describe('first day, in the workspace time zone (default: 27 days before `to`; alone, it runs 28 days but not past yesterday)'),
  to: day.optional().describe('last day, inclusive (default: yesterday, so no half-finished day is compared; a later day is cut to today, and `range.includes_today` says when today is in)'),
  metric: metricNameSchema
    .optional()
    .describe('business metric for rates (default: orders, payments, dau or mau), named as POST /metrics takes it: orders, 주문수, MAU, 재구매수 (percent-encoded in the URL)'),
  per: z.coerce.number().positive().max(1e9).optional().describe('rate per this many of the metric (default 100; 1,000 for people and levels such as DAU; 1,000,000 won for money such as revenue, 매출)'),
  granularity: z.enum(['day', 'week', 'month']).optional(),
};

const overviewQuery = z.object({ ...rangeQuery, movers: z.coerce.number().int().min(1).max(100).optional() });

const VOLUME_SPLITS = ['channel', 'type', 'topic', 'sentiment', 'segment'] as const;
const SUPPORT_SPLITS = ['channel', 'assignee', 'type', 'handled_by'] as const;
/** Topic ids, or "none" (items without a topic): anything else would match nothing, and say so. */
const topicList = csvList.refine((ids) => !ids || ids.every((id) => id === 'none' || /^\d{1,18}$/.test(id)), {
  message: 'topic ids (digits) or "none" / 토픽 id(숫자)나 none이어야 합니다',
});

/** GET /insights/volume's query: Explore's filters (saved views check a stored Explore view against it). */
export const volumeQuery = z.object({
  ...rangeQuery,
  by: z.enum(VOLUME_SPLITS).optional().describe('one line per value of this dimension (customer segment included)'),
  channel: csvList.describe(oneOrMoreOf(CHANNELS, 'channels')),
  type: csvList.describe('type keys, e.g. bug,billing'),
  topic: topicList.describe('topic ids ("none" = no topic); a parent includes its children'),
  sentiment: csvList.describe(oneOrMoreOf(SENTIMENT_LABELS, 'sentiments')),
  segment: csvList.describe('customer segments'),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

const supportQuery = z.object({
  from: rangeQuery.from,
  to: rangeQuery.to,
  by: z.enum(SUPPORT_SPLITS).optional(),
  channel: csvList.describe(oneOrMoreOf(CHANNELS, 'channels')),
  clock: z
    .enum(SUPPORT_CLOCKS)
    .optional()
    .describe('lead times on the 24-hour clock (calendar, the default) or in business hours (business: the SLA settings’ hours and holidays as they are now, exact percentiles; 422 no_business_hours when the workspace has none)'),
});

const npsQuery = z.object({
  from: rangeQuery.from,
  to: rangeQuery.to,
  granularity: rangeQuery.granularity,
  drivers_by: z.enum(['topic', 'type']).optional(),
});

const slaQuery = z.object({
  from: rangeQuery.from,
  to: rangeQuery.to,
  channel: csvList.describe(oneOrMoreOf(CHANNELS, 'channels')),
  breaches: z.coerce.number().int().min(0).max(1000).optional(),
});

const churnQuery = z.object({
  from: rangeQuery.from,
  to: rangeQuery.to,
  granularity: rangeQuery.granularity,
  examples: z.coerce.number().int().min(0).max(20).optional(),
});

/** The period an insight covers and the one it is compared with (insights/range.ts); `#/components/schemas/InsightRange`. */
const rangeDoc = z
  .object({
    from: dayDoc,
    to: dayDoc.describe('inclusive'),
    days: z.number().int(),
    previous: z.object({ from: dayDoc, to: dayDoc }).describe('the period before, as long'),
    timezone: z.string(),
    instants: z.object({ from: instantDoc, to: instantDoc }).describe('the same period as instants, for drilling down to the items (created_at from ≤ t < to)'),
    includes_today: z.boolean().describe('the range ends today: its counts are not complete'),
  })
  .meta({ id: 'InsightRange' });

/** A number now and before, how much it moved and whether that is noise (insights/change.ts); `#/components/schemas/Change`. */
const changeDoc = z
  .looseObject({
    current: z.number().nullable(),
    previous: z.number().nullable(),
    unit: z.enum(['percent', 'points']).describe('of change and interval: percent for counts and rates, points for shares and NPS'),
    change: z.number().nullable(),
    interval: z.object({ lower: z.number().nullable(), upper: z.number().nullable() }).nullable(),
    p_value: z.number(),
    verdict: z.enum(['significant_increase', 'significant_decrease', 'within_noise', 'insufficient_data']),
    dispersion: z.number().optional(),
    reason: z.enum(['previous_not_covered', 'invalid_counts', 'topic_labelled_since', 'partial_day']).optional().describe('why the verdict is insufficient_data, when it is not just too few events'),
  })
  .meta({ id: 'Change', description: 'rates add what they are of (metric, per, covered_days, denominator …)' });

const npsSummaryDoc = z.object({
  n: z.number().int(),
  nps: z.number().nullable(),
  promotersPct: z.number().nullable(),
  passivesPct: z.number().nullable(),
  detractorsPct: z.number().nullable(),
  interval: z.object({ lower: z.number(), upper: z.number(), confidence: z.number() }).nullable(),
});
const csatSummaryDoc = z.looseObject({ n: z.number().int(), csat_pct: z.number().nullable(), mean_rating: z.number().nullable() });
const pointDoc = z.looseObject({ period: z.string().describe('the period’s first day'), from: instantDoc, to: instantDoc });
const denominatorBasisDoc = z
  .object({ metric: z.string(), per: z.number(), aggregation: z.enum(['sum', 'mean']), metric_unit: z.enum(['people', 'money', 'count']) })
  .nullable()
  .describe('what the rates are of; null without a business metric');
const volumeTotalDoc = z.looseObject({ items: z.number().int(), previous_items: z.number().int(), rate: changeDoc.nullable().optional() });
const slaSettingsDoc = z.looseObject({
  businessHours: z.looseObject({ timeZone: z.string().optional(), twentyFourSeven: z.boolean().optional(), blocks: z.array(z.looseObject({})).optional() }),
  policies: z.array(z.looseObject({ id: z.string(), name: z.string(), match: z.looseObject({}) })),
});

const leadTimeDoc = z.looseObject({ count: z.number().int(), p50_seconds: z.number().nullable(), p90_seconds: z.number().nullable() });
const supportRowDoc = z.looseObject({
  key: z.string(),
  received: z.number().int(),
  responded: z.number().int(),
  resolved: z.number().int(),
  reopened: z.number().int(),
  ever_resolved: z.number().int(),
  bot_handled: z.number().int(),
  human_handled: z.number().int(),
  response_rate_pct: z.number().nullable(),
  reopen_rate_pct: z.number().nullable(),
  bot_share_pct: z.number().nullable(),
  first_response: leadTimeDoc,
  resolution: leadTimeDoc,
  repeat_contacts: z
    .number()
    .int()
    .describe('contacts begun in the range by a known customer: a conversation (items sharing metadata.conversation_id, e.g. one chat message by message) or an item alone; inquiries and chatbot sessions on answerable channels, under the key of their first item'),
  repeat_due: z.number().int().describe('of repeat_contacts, those on days up to repeat_counted_until (7 days over): the repeat rate’s denominator'),
  repeat_repeated: z.number().int().describe('of repeat_due, those followed by another contact of the same customer within 7 days (start < next ≤ start + 7 days), on any answerable channel, whatever the channel filter'),
  repeat_rate_pct: z.number().nullable().describe('repeat contact rate (재문의율): repeat_repeated ÷ repeat_due, 0–100; null when none is due'),
  repeat_rate_lower_pct: z.number().nullable().describe('the repeat rate’s 95 % Wilson score interval, lower end (0–100)'),
  repeat_rate_upper_pct: z.number().nullable().describe('the repeat rate’s 95 % Wilson score interval, upper end (0–100)'),
  repeat_without_customer: z.number().int().describe('contacts begun in the range without a customer id: left out of the repeat figures'),
});
const backlogRowDoc = z.looseObject({ key: z.string(), open: z.number().int(), unanswered: z.number().int(), age_p50_seconds: z.number().nullable(), age_p90_seconds: z.number().nullable() });
const slaOutcomeDoc = z.looseObject({
  met: z.number().int(),
  breached: z.number().int(),
  pending: z.number().int(),
  unrecorded: z.number().int().describe('items done by their status (resolved, closed) without the target’s time: neither met nor breached, left out of met_pct'),
  met_pct: z.number().nullable(),
});
/** A target's overall outcomes with the previous period's and the change of % met (the page's headline). */
const slaSummaryOutcomeDoc = slaOutcomeDoc
  .extend({ previous: slaOutcomeDoc, change: changeDoc })
  .describe(
    'previous: the same counts for the items received in range.previous (open ones by the same clock); change: met_pct against it in percentage points (met ÷ (met + breached) each period, two-proportion test)',
  );

/** Insights: numbers for the dashboard, read from the daily rollups. */
const holidayDoc = z.object({
  date: dayDoc,
  name_ko: z.string(),
  name_en: z.string(),
  weekday: z.boolean().describe('Monday to Friday'),
});

const handlerLeadDoc = z.looseObject({
  received: z.number().int().describe('items received in the range (answerable channels)'),
  without_handler: z.number().int().describe('of them, items without a handler recorded (counted with people; 0 for the bot)'),
  first_response: leadTimeDoc,
  resolution: leadTimeDoc,
  change: z
    .looseObject({ first_response: changeDoc, resolution: changeDoc, previous: z.looseObject({ first_response: leadTimeDoc, resolution: leadTimeDoc }) })
    .nullable()
    .describe('the medians against the previous period, of the items received on days whose answers are all due (Mood’s median test); null on the business-hours clock'),
});

export function insightRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/insights/overview',
      operationId: 'getOverview',
      response: z.looseObject({
        range: rangeDoc,
        holidays: z
          .object({ current: z.array(holidayDoc), previous: z.array(holidayDoc) })
          .describe("each period's holidays by the workspace calendar (Korean public holidays when kept, and its own closures from the SLA settings): a period with more weekday holidays reads lower for the calendar alone"),
        volume: changeDoc,
        contact_rate: changeDoc.nullable().describe('items per `per` of the business metric; null without one'),
        duplicate_share: changeDoc.describe('duplicates of the items on channels that expect an answer (reviews and survey answers are never duplicates); GET /items?duplicate=true lists them'),
        duplicate_counts: z
          .object({ current: z.object({ duplicates: z.number().int(), items: z.number().int() }), previous: z.object({ duplicates: z.number().int(), items: z.number().int() }) })
          .describe('the duplicate share’s counts: duplicates of items on channels that expect an answer'),
        self_service_share: changeDoc,
        response_rate: changeDoc.describe('every item on a channel that expects an answer, the chatbot’s sessions included'),
        response_rate_by_handler: z
          .object({
            people: changeDoc.describe('items handled by people, or with no handler recorded: the dashboard’s headline'),
            bot: changeDoc.nullable().describe('items handled by the chatbot; null when it handled none in either period'),
          })
          .describe('the response rate by who handled the item (handled_by), from the lead-time rollup, over the same days as response_rate'),
        response_rate_before: dayDoc.nullable().describe('the response rate counts days before this one; null when the range ends earlier'),
        answer_times_recorded: z.boolean().describe('false when no item on a channel that expects an answer has ever had an answer time (first_response_at or resolved_at): the data carries no answers, and the response rate says nothing'),
        reopen_rate: changeDoc,
        nps: z.object({ current: npsSummaryDoc, previous: npsSummaryDoc, change: changeDoc }),
        csat: z.object({ current: csatSummaryDoc, previous: csatSummaryDoc, change: changeDoc }),
        review_rating: z.object({ current: csatSummaryDoc, previous: csatSummaryDoc, change: changeDoc }),
        series: z.object({ granularity: z.enum(['day', 'week', 'month']), points: z.array(pointDoc) }),
        by_channel: z.array(z.looseObject({ key: z.string(), current: z.number(), previous: z.number(), change: changeDoc })),
        by_type: z.array(z.looseObject({ key: z.string(), current: z.number(), previous: z.number(), change: changeDoc })),
        topic_movers: z.array(
          z.looseObject({ key: z.string().describe('topic id'), name: z.string().nullable(), parent_name: z.string().nullable(), rate: changeDoc, p_adjusted: z.number() }),
        ).describe('tested together with every topic of the split (items without a topic too), as Explore’s split by topic: the same topic gets the same verdict on both'),
        type_movers: z.array(z.looseObject({ key: z.string().describe('type key'), rate: changeDoc, p_adjusted: z.number() })),
        topic_coverage: changeDoc,
      }),
      tag: 'insights',
      summary: 'Volume, contact rate, shares, NPS, CSAT (survey and conversation ratings), review stars and top movers for a range against the period before, with significance (insufficient_data when the previous period starts before the first item)',
      responseDescription: 'response_rate: answered ÷ received on channels that expect an answer, answered meaning a first response or, without one, a resolution (as the SLA counts it)',
      access: 'read',
      query: overviewQuery,
    },
    async ({ query, workspace, deps: { db } }) => getOverview(db, workspace, { ...query, moversLimit: query.movers }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/insights/volume',
      operationId: 'getVolume',
      response: z.looseObject({
        range: rangeDoc,
        granularity: z.enum(['day', 'week', 'month']),
        source: z.string().describe('what the numbers were read from (rollups, or the items for a filter the rollups cannot answer)'),
        denominator: denominatorBasisDoc,
        total: volumeTotalDoc,
        lines: z.array(
          volumeTotalDoc.extend({
            key: z.string(),
            name: z.string().nullable(),
            parent_key: z.string().nullable().describe('by=topic: the parent topic when its line is shown too, else null'),
            p_adjusted: z
              .number()
              .optional()
              .describe('Benjamini–Hochberg across every key of the split, not only the lines shown (the Overview’s movers use the same family); "__other__" is held to Bonferroni over them and itself'),
            points: z.array(pointDoc),
          }),
        ),
      }),
      tag: 'insights',
      summary: 'Items per day/week/month, filtered and split by channel, type, topic, sentiment or customer segment, with rates and drill-down instants',
      responseDescription:
        'total and each line carry covered_days {current, previous, of} (days with a business number, which the rate counts over) and denominator {current, previous} (the metric over them), null without a metric; each point its own covered_days and days',
      access: 'read',
      query: volumeQuery,
    },
    async ({ query, workspace, deps: { db } }) => getVolume(db, workspace, query),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/insights/segments',
      operationId: 'listSegments',
      response: z.object({ from: dayDoc, to: dayDoc, segments: z.array(z.object({ segment: z.string().describe('"" = items without one'), items: z.number().int() })) }),
      tag: 'insights',
      summary: 'The customer segments of the workspace’s items in a range (default: the last 90 days) with their counts, largest first ("" = items without one)',
      access: 'read',
      query: z.object({ from: rangeQuery.from, to: rangeQuery.to }),
    },
    async ({ query, workspace, deps: { db } }) => {
      const to = query.to ?? localDayOf(new Date(), workspace.timezone);
      const from = query.from ?? addDays(to, -(SEGMENT_DAYS - 1));
      return { from, to, segments: await listSegments(db, workspace.id, { from, to }) };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/insights/support',
      operationId: 'getSupportKpis',
      response: z.looseObject({
        range: rangeDoc,
        by: z.enum(SUPPORT_SPLITS),
        channels: z.array(z.string()).describe('the channels counted (those that expect an answer, or as asked)'),
        response_rate_before: dayDoc.nullable(),
        answer_times_recorded: z.boolean().describe('false when no item on a channel that expects an answer has ever had an answer time: the response rate says nothing'),
        repeat_window_days: z.number().int().describe('a contact is repeated when the same customer starts another within this many days (7)'),
        repeat_counted_until: dayDoc.describe('the last day whose contacts the repeat figures judge: a later day’s 7 days are not over (whatever the range; days after it count in repeat_contacts, not in repeat_due)'),
        repeat_without_customer: z.number().int().describe('contacts begun in the range without a customer id, left out of the repeat figures (the total row’s)'),
        clock: z.enum(SUPPORT_CLOCKS).describe('what first_response and resolution are measured on'),
        business_hours: z
          .looseObject({ timeZone: z.string(), twentyFourSeven: z.boolean(), blocks: z.array(z.looseObject({})), koreanPublicHolidays: z.boolean(), is_default: z.boolean() })
          .nullable()
          .describe('clock=business: the hours counted (the SLA settings, without their holiday lists); else null'),
        total: supportRowDoc.describe('every channel counted together (key: all)'),
        rows: z.array(supportRowDoc).describe('one per value of `by`'),
        backlog: z.looseObject({ total: backlogRowDoc, rows: z.array(backlogRowDoc) }),
        by_handler: z
          .looseObject({ people: handlerLeadDoc, bot: handlerLeadDoc.nullable(), all: handlerLeadDoc })
          .describe('the headline lead times by who handled the conversation: people (an agent, or no handler recorded, as the Overview counts them), the chatbot (null when it handled nothing in either period) and all'),
      }),
      tag: 'insights',
      summary: 'Support KPIs: response rate, first-response and resolution lead time (median, p90), reopen rate, repeat contact rate (7 days), bot vs human, backlog',
      responseDescription:
        'An item counts as responded when it has a first response or, without one, a resolution (as the SLA counts it); the first-response lead time runs to that moment. clock=business counts the same items (the same counts) in business hours only: an item received outside them starts at the next opening',
      access: 'read',
      query: supportQuery,
    },
    async ({ query, workspace, deps: { db } }) => getSupportKpis(db, workspace, query),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/insights/nps',
      operationId: 'getNps',
      response: z.looseObject({
        range: rangeDoc,
        granularity: z.enum(['day', 'week', 'month']),
        drivers_by: z.enum(['topic', 'type']),
        current: npsSummaryDoc,
        previous: npsSummaryDoc,
        change: changeDoc,
        series: z.array(pointDoc),
        drivers: z.array(
          z.looseObject({
            key: z.string(),
            name: z.string().nullable(),
            detractors: z.number().int(),
            promoters: z.number().int(),
            detractor_share_pct: z.number().nullable(),
            promoter_share_pct: z.number().nullable(),
            difference_pp: z.number().nullable(),
            p_adjusted: z.number(),
            test: z.enum(['z_pooled', 'fisher_exact', 'none']),
            verdict: z
              .enum(['significant_increase', 'significant_decrease', 'within_noise', 'insufficient_data'])
              .describe('kept for older clients: increase = more among detractors than promoters (no change over time)'),
            finding: z
              .enum(['more_among_detractors', 'more_among_promoters', 'no_clear_difference', 'insufficient_data'])
              .describe('what the test found between the two groups of the same period'),
          }),
        ),
      }),
      tag: 'insights',
      summary: 'NPS with its interval against the period before, a trend, and the topics detractors mention more than promoters',
      access: 'read',
      query: npsQuery,
    },
    async ({ query, workspace, deps: { db } }) => getNpsInsights(db, workspace, { ...query, driversBy: query.drivers_by }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/insights/sla',
      operationId: 'getSlaReport',
      response: z.looseObject({
        range: rangeDoc,
        settings: slaSettingsDoc,
        evaluated: z.number().int(),
        summary: z.looseObject({ firstResponse: slaSummaryOutcomeDoc, resolution: slaSummaryOutcomeDoc }),
        by_policy: z.array(z.looseObject({})),
        by_channel: z.array(z.looseObject({})),
        breached_items: z.number().int(),
        breaches: z.array(z.looseObject({})),
      }),
      tag: 'insights',
      summary: 'SLA % met per target, policy and channel on business hours (Korean holidays), the overall % met against the previous period, and the breaches',
      access: 'read',
      query: slaQuery,
    },
    async ({ query, workspace, deps: { db } }) => getSlaReport(db, workspace, query),
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'get', path: '/settings/sla', operationId: 'getSlaSettings', response: slaSettingsDoc.extend({ is_default: z.boolean() }), tag: 'settings', summary: 'Business hours and SLA policies (the defaults, in the workspace zone, until set)', access: 'read' },
    async ({ workspace, deps: { db } }) => {
      const { settings, isDefault } = await loadSlaSettings(db, workspace.id);
      return { ...settings, is_default: isDefault };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'put',
      path: '/settings/sla',
      operationId: 'replaceSlaSettings',
      response: slaSettingsDoc.extend({ is_default: z.boolean() }),
      tag: 'settings',
      summary: 'Replace business hours and SLA policies (hours without `timeZone` are in the workspace zone; policies name type keys of the workspace taxonomy and Sori channel keys, else 400; {"reset": true} restores the defaults)',
      access: 'admin',
      body: z.record(z.string(), z.unknown()),
    },
    async ({ body, workspace, deps: { db } }) => ({ ...(await saveSlaSettings(db, workspace.id, body.reset === true ? null : body)), is_default: body.reset === true }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/insights/churn',
      operationId: 'getChurnReasons',
      response: z.looseObject({
        range: rangeDoc,
        granularity: z.enum(['day', 'week', 'month']),
        total: z.looseObject({ current: z.number().int(), previous: z.number().int() }),
        order_cancellations: z.looseObject({ current: z.number().int(), previous: z.number().int(), examples: z.array(z.looseObject({})) }),
        controllable_share: changeDoc,
        classified_share: changeDoc,
        reasons: z.array(z.looseObject({})),
        series: z.array(pointDoc),
        cancellation_rate: changeDoc.nullable().describe('cancellations per 100 orders; null without those metrics'),
        churn_rate: changeDoc.nullable(),
      }),
      tag: 'insights',
      summary: 'Cancellation and churn reasons (해지·취소 and 회원 탈퇴, apart in by_type): controllable vs involuntary, shares against the period before, examples, cancellation rate',
      access: 'read',
      query: churnQuery,
    },
    async ({ query, workspace, deps: { db } }) => getChurnReasons(db, workspace, query),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/insights/topics/:id',
      operationId: 'getTopicInsights',
      response: z.looseObject({
        topic: topicSchema.extend({ children: z.array(topicSchema) }),
        range: rangeDoc,
        granularity: z.enum(['day', 'week', 'month']),
        denominator: denominatorBasisDoc,
        total: volumeTotalDoc,
        points: z.array(pointDoc),
        by_sentiment: z.array(z.looseObject({})),
        by_channel: z.array(z.looseObject({})),
        examples: z.array(z.looseObject({})).describe('the newest items'),
        duplicate_groups: z.array(z.looseObject({})),
        comments: z.array(topicCommentSchema),
      }),
      tag: 'insights',
      summary: 'One topic: trend and rate against the period before, sentiment and channel split, newest items, duplicate groups, comments',
      access: 'read',
      params: z.object({ id: idParam() }),
      query: z.object({ from: rangeQuery.from, to: rangeQuery.to, metric: rangeQuery.metric, per: rangeQuery.per }),
    },
    async ({ params, query, workspace, deps: { db } }) => getTopicDetail(db, workspace, params.id, query),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/insights/export',
      operationId: 'exportInsightTable',
      produces: [CSV_TYPE, XLSX_TYPE],
      tag: 'insights',
      summary: 'Export a dashboard list (movers, channels, volume, support, SLA breaches, NPS drivers, churn reasons) as CSV or XLSX, formula-injection guarded',
      responseDescription:
        'the list as CSV or XLSX (with labels=ko|en: the page’s column names and values by name; XLSX with a second sheet saying what it covers); the file name carries table, split and range (sori-support-by-channel-2026-11-30_2026-12-06.xlsx); the movers and volume tables end with metric, per, covered_days_current, covered_days_previous (what the rate is of; empty without a metric), volume also gives each period its period_days and period_covered_days',
      access: 'read',
      query: volumeQuery
        .extend({
          table: z.enum(REPORT_TABLES),
          format: z.enum(['csv', 'xlsx']).default('csv'),
          by: z.enum([...new Set([...VOLUME_SPLITS, ...SUPPORT_SPLITS])]).optional().describe('volume: channel, type, topic, sentiment, segment; support: channel, assignee, type, handled_by'),
          clock: supportQuery.shape.clock.describe('support: lead times on the 24-hour clock (calendar, default) or in business hours; the table’s last column, clock, says which'),
          labels: z
            .enum(['ko', 'en'])
            .optional()
            .describe('for people: columns by the names the page uses and coded values by name in that language (채널 1:1 문의, 판정 유의미한 증가, the workspace’s type names), each duration (seconds, ms) as the page’s words and as a number to one decimal — minutes for first responses and SLA targets and elapsed times, hours for resolutions (첫 응답 중앙값 / 첫 응답 중앙값 (분), 해결 중앙값 (시간)) —, the business metric by name; an XLSX gets a second sheet, 정보 / About: workspace, table, range, comparison range, clock, split, filters, time zone, generated at, Sori version; without it, field names, codes and raw seconds and ms'),
        })
        .refine((q) => !q.by || (q.table === 'volume' ? (VOLUME_SPLITS as readonly string[]) : q.table === 'support' ? (SUPPORT_SPLITS as readonly string[]) : []).includes(q.by), {
          message: 'by: not a split of this table (volume: channel, type, topic, sentiment, segment; support: channel, assignee, type, handled_by) / 이 표에 없는 분할 기준입니다',
          path: ['by'],
        }),
    },
    async ({ query, workspace, deps: { db, version } }) => {
      const now = new Date();
      // Resolved as the tables resolve it, so the file name and the 정보 sheet say what the rows are of.
      const range = reportRange(workspace, query.table, query, now);
      const { columns, rows, numberFormats } = await buildReportTable(db, workspace, query.table, query, query.labels);
      // For people, an XLSX says on a second sheet which period, comparison, clock, split and filters it is of;
      // the first sheet stays the table, and CSV one table (its name carries the range).
      const extraSheets = query.labels && query.format === 'xlsx' ? [await buildReportInfoSheet(db, workspace, query.table, query, query.labels, { range, version, now })] : undefined;
      const out = new PassThrough();
      const writer = createRecordWriter(query.format, out, columns, { sheetName: query.table, timeZone: workspace.timezone, numberFormats, extraSheets });
      (async () => {
        for (const row of rows) await writer.write(row);
        await writer.close();
      })().catch((error) => out.destroy(error));
      const type = query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      const name = reportFileName(query.table, query, range, query.format, todayIn(workspace, now));
      return new Response(Readable.toWeb(out) as ReadableStream, {
        headers: { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' },
      });
    },
  );
}
