import { buildBusinessSchedule, businessMsBetween } from '../domain/calendar/business-hours.js';
import type { SlaSettings } from '../domain/sla-settings.js';
import { ALWAYS_OPEN, type SlaTarget } from '../domain/sla.js';
import { setSlaDueDates } from '../ingest/enrich.js';
import type { Db } from '../store/db.js';
import { slaBreachSql, STILL_OPEN_SQL } from '../store/queries/list-items.js';
import { loadSlaSettings } from '../store/queries/sla-settings.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { ANSWERABLE_CHANNELS } from '../domain/item.js';
import { sharePct, shareChange } from './change.js';
import { dayInstants, resolveRange } from './range.js';

export interface SlaInput {
  from?: string;
  to?: string;
  channel?: string[];
  /** How many breached items to list (newest first; an item late on both targets gives two entries). */
  breaches?: number;
  now?: Date;
}

const FILL_BATCH = 5_000;

/**
 * Computes deadlines for the workspace's items that have none (stored before SLA existed,
 * corrected to another type, or recent items after a settings change: saveSlaSettings clears
 * theirs and flags the workspace). New items get theirs at ingest. Runs only when flagged, so a
 * report does not search for stale rows; the first report after a change pays once.
 */
async function fillDueDates(db: Db, ws: Workspace, settings: SlaSettings, version: string): Promise<number> {
  const [flag] = await db.query<{ sla_stale: boolean }>('SELECT sla_stale FROM workspaces WHERE id = $1', [ws.id]);
  if (!flag?.sla_stale) return 0;
  const sla = { policies: settings.policies, schedule: buildBusinessSchedule(settings.businessHours), version };
  let filled = 0;
  for (;;) {
    const rows = await db.query<{ id: string; channel: string; type: string | null; metadata: Record<string, unknown> | string; created_at: Date }>(
      `SELECT id::text AS id, channel, type, metadata, created_at FROM items WHERE workspace_id = $1 AND sla_version IS NULL LIMIT ${FILL_BATCH}`,
      [ws.id],
    );
    if (!rows.length) break;
    const due = rows.map((r) => {
      const row = { channel: r.channel, type: r.type, created_at: r.created_at, metadata: typeof r.metadata === 'string' ? JSON.parse(r.metadata) : r.metadata } as Parameters<typeof setSlaDueDates>[0];
      setSlaDueDates(row, sla);
      return row;
    });
    await db.query(
      `UPDATE items SET sla_version = $2, sla_fr_policy = v.fp, sla_fr_due_at = v.fd, sla_res_policy = v.rp, sla_res_due_at = v.rd
       FROM unnest($3::bigint[], $4::text[], $5::timestamptz[], $6::text[], $7::timestamptz[]) AS v(id, fp, fd, rp, rd)
       WHERE items.workspace_id = $1 AND items.id = v.id`,
      [ws.id, version, rows.map((r) => r.id), due.map((d) => d.sla_fr_policy), due.map((d) => d.sla_fr_due_at), due.map((d) => d.sla_res_policy), due.map((d) => d.sla_res_due_at)],
    );
    filled += rows.length;
    if (rows.length < FILL_BATCH) break;
  }
  await db.query('UPDATE workspaces SET sla_stale = false WHERE id = $1', [ws.id]);
  return filled;
}

/**
 * Fills in missing deadlines (after a settings change) before anything counts or lists breaches, so
 * the items list filtered by SLA (`?sla=breached`) holds the items this report counts.
 */
export async function ensureSlaDueDates(db: Db, ws: Workspace): Promise<number> {
  const [flag] = await db.query<{ sla_stale: boolean }>('SELECT sla_stale FROM workspaces WHERE id = $1', [ws.id]);
  if (!flag?.sla_stale) return 0;
  const { settings, version } = await loadSlaSettings(db, ws.id);
  return fillDueDates(db, ws, settings, version);
}

/**
 * A target's outcomes. `unrecorded`: items whose status says they are done (resolved, closed) but that
 * carry no time for the target (a 완료 row imported without its 해결일시): neither met nor breached,
 * since when they were done is unknown, and left out of `met_pct` — counted, so the page says so.
 */
type Counts = { met: number; breached: number; pending: number; unrecorded: number };

const zero = (): Counts => ({ met: 0, breached: 0, pending: 0, unrecorded: 0 });
// Exact (sharePct): a rounded share would say 100 while one item missed its target.
const withPct = (c: Counts) => ({ ...c, met_pct: sharePct(c.met, c.met + c.breached) });

/**
 * A target's counts with the previous period's and the change of its % met, in percentage points by
 * the two-proportion test as every share on the dashboard (met of met + breached each period; pending
 * and unrecorded items are outside both shares). A previous period without outcomes gives 데이터 부족.
 */
function withComparison(current: Counts, previous: Counts) {
  return {
    ...withPct(current),
    previous: withPct(previous),
    change: shareChange(current.met, current.met + current.breached, previous.met, previous.met + previous.breached),
  };
}

type Outcomes = { firstResponse: Counts; resolution: Counts };

/**
 * Met / breached / pending / unrecorded per target for the items received in a period of local
 * days (`from`–`to`, and the same as `instants`), overall, per channel and per policy, and how many
 * items were evaluated. Answered targets are final (the triggers' daily rollup); open ones are
 * pending or breached by `now`.
 */
async function countOutcomes(db: Db, workspaceId: Workspace['id'], period: { from: string; to: string; instants: { from: string; to: string } }, channels: readonly string[], now: Date) {
  const params = [workspaceId, period.instants.from, period.instants.to, channels, now];
  const where = 'workspace_id = $1 AND created_at >= $2 AND created_at < $3 AND channel = ANY($4::text[])';
  const [finals, open, unrecorded] = await Promise.all([
    // Answered targets: final, counted by the triggers.
    db.query<{ channel: string; target: string; policy: string; outcome: string; n: number }>(
      `SELECT channel, target::text AS target, policy, outcome, sum(n)::int AS n FROM item_daily_sla
       WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date AND channel = ANY($4::text[]) AND n <> 0
       GROUP BY 1, 2, 3, 4`,
      [workspaceId, period.from, period.to, channels],
    ),
    // Open targets: pending or already breached, by the clock.
    db.query<{ channel: string; fp: string | null; rp: string | null; fr_open: boolean; res_open: boolean; fr_late: boolean; res_late: boolean }>(
      `SELECT channel, sla_fr_policy AS fp, sla_res_policy AS rp,
         (sla_fr_due_at IS NOT NULL AND first_response_at IS NULL AND resolved_at IS NULL) AS fr_open,
         (sla_res_due_at IS NOT NULL AND resolved_at IS NULL) AS res_open,
         ($5 > sla_fr_due_at) IS TRUE AS fr_late, ($5 > sla_res_due_at) IS TRUE AS res_late
       FROM items WHERE ${where} AND ${STILL_OPEN_SQL}
         AND ((sla_fr_due_at IS NOT NULL AND first_response_at IS NULL AND resolved_at IS NULL) OR (sla_res_due_at IS NOT NULL AND resolved_at IS NULL))`,
      params,
    ),
    // Done by their status, without the target's time: no outcome can be told (the triggers count none).
    db.query<{ channel: string; fp: string | null; rp: string | null; fr: number; res: number }>(
      `SELECT channel, sla_fr_policy AS fp, sla_res_policy AS rp,
         count(*) FILTER (WHERE sla_fr_due_at IS NOT NULL AND first_response_at IS NULL)::int AS fr,
         count(*) FILTER (WHERE sla_res_due_at IS NOT NULL)::int AS res
       FROM items WHERE ${where} AND NOT ${STILL_OPEN_SQL} AND resolved_at IS NULL
         AND (sla_res_due_at IS NOT NULL OR (sla_fr_due_at IS NOT NULL AND first_response_at IS NULL))
       GROUP BY 1, 2, 3`,
      params.slice(0, 4),
    ),
  ]);
  const summary: Outcomes = { firstResponse: zero(), resolution: zero() };
  const perChannel = new Map<string, Outcomes>();
  const perPolicy = new Map<string, Outcomes>();
  const slot = (m: Map<string, Outcomes>, k: string) => {
    let v = m.get(k);
    if (!v) m.set(k, (v = { firstResponse: zero(), resolution: zero() }));
    return v;
  };
  const count = (channel: string, policy: string, target: 'firstResponse' | 'resolution', status: keyof Counts, n: number) => {
    summary[target][status] += n;
    slot(perChannel, channel)[target][status] += n;
    slot(perPolicy, policy)[target][status] += n;
  };
  let evaluated = 0;
  for (const f of finals) {
    if (f.target === 'e') evaluated += f.n;
    else count(f.channel, f.policy, f.target === 'f' ? 'firstResponse' : 'resolution', f.outcome === 'met' ? 'met' : 'breached', f.n);
  }
  for (const o of open) {
    if (o.fr_open && o.fp) count(o.channel, o.fp, 'firstResponse', o.fr_late ? 'breached' : 'pending', 1);
    if (o.res_open && o.rp) count(o.channel, o.rp, 'resolution', o.res_late ? 'breached' : 'pending', 1);
  }
  for (const u of unrecorded) {
    if (u.fr && u.fp) count(u.channel, u.fp, 'firstResponse', 'unrecorded', u.fr);
    if (u.res && u.rp) count(u.channel, u.rp, 'resolution', 'unrecorded', u.res);
  }
  return { summary, perChannel, perPolicy, evaluated };
}

/**
 * SLA for the items received in a range: each item's first-response and resolution deadlines
 * (from the workspace's policies, on business hours with lunch breaks and Korean public holidays,
 * or the plain clock; computed in JS at ingest and stored), then met / breached / pending counted
 * in SQL against the answer times; % met per target, per policy and per channel; the items done by
 * their status without the target's time (`unrecorded`, outside the %); the breaches, newest first,
 * with the time they took on the policy's clock; the overall % met of each target against the
 * previous period of as many days (`summary.*.previous`, `summary.*.change` in percentage points).
 */
export async function getSlaReport(db: Db, ws: Workspace, input: SlaInput = {}) {
  const range = resolveRange(input, ws.timezone);
  const now = input.now ?? new Date();
  const { settings, isDefault, version } = await loadSlaSettings(db, ws.id);
  await fillDueDates(db, ws, settings, version);
  const channels = input.channel?.length ? input.channel : [...ANSWERABLE_CHANNELS];
  const params = [ws.id, range.instants.from, range.instants.to, channels, now];
  const where = 'workspace_id = $1 AND created_at >= $2 AND created_at < $3 AND channel = ANY($4::text[])';
  // The same rules as the items filter `sla=breached` (store/queries/list-items.ts), so its drill-down lists these items.
  const frBreached = slaBreachSql.firstResponse('$5');
  const resBreached = slaBreachSql.resolution('$5');
  const breachedWhere = `${where} AND (${frBreached} OR ${resBreached})`;
  const previousPeriod = { from: range.previous.from, to: range.previous.to, instants: dayInstants(range.previous.from, range.previous.to, ws.timezone) };
  const [current, previous, breachRows, [breachedItems]] = await Promise.all([
    countOutcomes(db, ws.id, range, channels, now),
    // The period the page names as its comparison, counted by the same rules (its open items by the same clock).
    countOutcomes(db, ws.id, previousPeriod, channels, now),
    db.query<{ id: string; channel: string; type: string | null; assignee: string | null; text: string; created_at: Date; first_response_at: Date | null;
      resolved_at: Date | null; fp: string | null; fd: Date | null; rp: string | null; rd: Date | null; fr_breached: boolean; res_breached: boolean }>(
      `SELECT id::text AS id, channel, type, assignee, left(text, 200) AS text, created_at, first_response_at, resolved_at,
         sla_fr_policy AS fp, sla_fr_due_at AS fd, sla_res_policy AS rp, sla_res_due_at AS rd,
         ${frBreached} IS TRUE AS fr_breached, ${resBreached} IS TRUE AS res_breached
       FROM items WHERE ${breachedWhere}
       ORDER BY created_at DESC, id DESC LIMIT $6`,
      [...params, input.breaches ?? 100],
    ),
    // The list above is capped: how many items breached at least one target, so the page can say "the newest 100 of N".
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM items WHERE ${breachedWhere}`, params),
  ]);
  const { summary, perChannel, perPolicy, evaluated } = current;
  const schedule = buildBusinessSchedule(settings.businessHours);
  const policyById = new Map(settings.policies.map((p) => [p.id, p]));
  const breaches = breachRows.flatMap((r) => {
    const out = [];
    for (const [target, flag, policyId, dueAt, doneAt] of [
      ['firstResponse', r.fr_breached, r.fp, r.fd, r.first_response_at ?? r.resolved_at],
      ['resolution', r.res_breached, r.rp, r.rd, r.resolved_at],
    ] as [SlaTarget, boolean, string | null, Date | null, Date | null][]) {
      if (!flag || !policyId || !dueAt) continue;
      const policy = policyById.get(policyId);
      const clock = policy?.calendar === 'calendar' ? ALWAYS_OPEN : schedule;
      out.push({
        item_id: r.id,
        channel: r.channel,
        type: r.type,
        assignee: r.assignee,
        text: r.text,
        created_at: r.created_at,
        target,
        policy_id: policyId,
        policy_name: policy?.name ?? policyId,
        target_ms: (target === 'firstResponse' ? policy?.firstResponseTargetMs : policy?.resolutionTargetMs) ?? null,
        elapsed_ms: businessMsBetween(r.created_at, doneAt ?? now, clock),
        due_at: dueAt,
        completed_at: doneAt,
      });
    }
    return out;
  });
  const fmt = (v: Outcomes) => ({ firstResponse: withPct(v.firstResponse), resolution: withPct(v.resolution) });
  return {
    range,
    settings: { ...settings, is_default: isDefault, version },
    evaluated,
    summary: {
      firstResponse: withComparison(summary.firstResponse, previous.summary.firstResponse),
      resolution: withComparison(summary.resolution, previous.summary.resolution),
    },
    by_policy: settings.policies.filter((p) => perPolicy.has(p.id)).map((p) => ({ policy_id: p.id, name: p.name, calendar: p.calendar, ...fmt(perPolicy.get(p.id)!) })),
    by_channel: [...perChannel].map(([channel, v]) => ({ channel, ...fmt(v) })).sort((a, b) => a.channel.localeCompare(b.channel)),
    /** Items that breached at least one target; `breaches` lists the newest of them (one entry per breached target). */
    breached_items: breachedItems?.n ?? 0,
    breaches,
  };
}
