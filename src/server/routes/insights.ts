import type { Hono } from 'hono';
import { z } from 'zod';
import { getOverview } from '../../insights/overview.js';
import { getChurnReasons } from '../../insights/churn.js';
import { getNpsInsights } from '../../insights/nps.js';
import { getSlaReport } from '../../insights/sla.js';
import { loadSlaSettings, saveSlaSettings } from '../../store/queries/sla-settings.js';
import { getSupportKpis } from '../../insights/support.js';
import { getTopicDetail } from '../../insights/topic-detail.js';
import { buildReportTable, REPORT_TABLES } from '../../insights/report-tables.js';
import { createRecordWriter } from '../../ingest/files/write-records.js';
import { PassThrough, Readable } from 'node:stream';
import { getVolume } from '../../insights/volume.js';
import { listSegments } from '../../store/queries/item-daily-counts.js';
import { addDays, localDayOf } from '../../domain/local-day.js';
import type { RouteDoc } from '../openapi.js';
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

const volumeQuery = z.object({
  ...rangeQuery,
  by: z.enum(VOLUME_SPLITS).optional().describe('one line per value of this dimension (customer segment included)'),
  channel: csvList,
  type: csvList,
  topic: topicList.describe('topic ids ("none" = no topic); a parent includes its children'),
  sentiment: csvList,
  segment: csvList.describe('customer segments'),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});

const supportQuery = z.object({
  from: rangeQuery.from,
  to: rangeQuery.to,
  by: z.enum(SUPPORT_SPLITS).optional(),
  channel: csvList,
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
  channel: csvList,
  breaches: z.coerce.number().int().min(0).max(1000).optional(),
});

const churnQuery = z.object({
  from: rangeQuery.from,
  to: rangeQuery.to,
  granularity: rangeQuery.granularity,
  examples: z.coerce.number().int().min(0).max(20).optional(),
});

/** Insights: numbers for the dashboard, read from the daily rollups. */
export function insightRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/insights/overview',
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
      tag: 'insights',
      summary: 'Support KPIs: response rate, first-response and resolution lead time (median, p90), reopen rate, bot vs human, backlog',
      responseDescription: 'An item counts as responded when it has a first response or, without one, a resolution (as the SLA counts it); the first-response lead time runs to that moment',
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
      tag: 'insights',
      summary: 'SLA % met per target, policy and channel on business hours (Korean holidays), and the breaches',
      access: 'read',
      query: slaQuery,
    },
    async ({ query, workspace, deps: { db } }) => getSlaReport(db, workspace, query),
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'get', path: '/settings/sla', tag: 'settings', summary: 'Business hours and SLA policies (the defaults, in the workspace zone, until set)', access: 'read' },
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
      tag: 'insights',
      summary: 'Cancellation and churn reasons: controllable vs involuntary, shares against the period before, examples, cancellation rate',
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
      tag: 'insights',
      summary: 'Export a dashboard list (movers, channels, volume, support, SLA breaches, NPS drivers, churn reasons) as CSV or XLSX, formula-injection guarded',
      responseDescription:
        'the list as CSV or XLSX; the movers and volume tables end with metric, per, covered_days_current, covered_days_previous (what the rate is of; empty without a metric), volume also gives each period its period_days and period_covered_days',
      access: 'read',
      query: volumeQuery
        .extend({
          table: z.enum(REPORT_TABLES),
          format: z.enum(['csv', 'xlsx']).default('csv'),
          by: z.enum([...new Set([...VOLUME_SPLITS, ...SUPPORT_SPLITS])]).optional().describe('volume: channel, type, topic, sentiment, segment; support: channel, assignee, type, handled_by'),
        })
        .refine((q) => !q.by || (q.table === 'volume' ? (VOLUME_SPLITS as readonly string[]) : q.table === 'support' ? (SUPPORT_SPLITS as readonly string[]) : []).includes(q.by), {
          message: 'by: not a split of this table (volume: channel, type, topic, sentiment, segment; support: channel, assignee, type, handled_by) / 이 표에 없는 분할 기준입니다',
          path: ['by'],
        }),
    },
    async ({ query, workspace, deps: { db } }) => {
      const { columns, rows } = await buildReportTable(db, workspace, query.table, query);
      const out = new PassThrough();
      const writer = createRecordWriter(query.format, out, columns, { sheetName: query.table, timeZone: workspace.timezone });
      (async () => {
        for (const row of rows) await writer.write(row);
        await writer.close();
      })().catch((error) => out.destroy(error));
      const type = query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      // The workspace's own date (an export at 08:15 in Seoul is that day's, not yesterday's in UTC), as /items/export names it.
      const name = `sori-${query.table}-${localDayOf(new Date(), workspace.timezone)}.${query.format}`;
      return new Response(Readable.toWeb(out) as ReadableStream, {
        headers: { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' },
      });
    },
  );
}
