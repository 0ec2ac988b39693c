import { buildBusinessSchedule } from '../domain/calendar/business-hours.js';
import { evaluateItemSla, summarizeSla, type SlaEvaluation, type SlaTarget, type SlaTargetEvaluation } from '../domain/sla.js';
import type { Db } from '../store/db.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { ANSWERABLE_CHANNELS } from './overview.js';
import { resolveRange } from './range.js';
import { loadSlaSettings } from './sla-settings.js';

export interface SlaInput {
  from?: string;
  to?: string;
  channel?: string[];
  /** How many breaches to list (newest first). */
  breaches?: number;
  now?: Date;
}

interface SlaRow {
  id: string;
  channel: string;
  type: string | null;
  priority: string | null;
  created_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
  assignee: string | null;
  text: string;
}

const PAGE = 20_000;
const round1 = (x: number | null) => (x === null ? null : Number(x.toFixed(1)));

/**
 * SLA for the items received in a range: each item's first-response and resolution targets from
 * the workspace's policies, on business hours (with lunch breaks and Korean public holidays) or
 * the plain clock; % met per target, per policy and per channel; the breaches, newest first.
 * Items are read in pages, so a large range never holds every row at once.
 */
export async function getSlaReport(db: Db, ws: Workspace, input: SlaInput = {}) {
  const range = resolveRange(input, ws.timezone);
  const now = input.now ?? new Date();
  const { settings, isDefault } = await loadSlaSettings(db, ws.id);
  const schedule = buildBusinessSchedule(settings.businessHours);
  const channels = input.channel?.length ? input.channel : [...ANSWERABLE_CHANNELS];
  const policyName = new Map(settings.policies.map((p) => [p.id, p.name]));
  const evaluations: SlaEvaluation[] = [];
  const perPolicy = new Map<string, SlaEvaluation[]>();
  const perChannel = new Map<string, SlaEvaluation[]>();
  const breaches: { row: SlaRow; e: SlaTargetEvaluation }[] = [];
  const keepBreaches = input.breaches ?? 100;
  let cursor: { created_at: Date; id: string } | null = null;
  for (;;) {
    const params: unknown[] = [ws.id, range.instants.from, range.instants.to, channels, PAGE];
    const after = cursor ? `AND (created_at, id) < ($6, $7::bigint)` : '';
    if (cursor) params.push(cursor.created_at, cursor.id);
    const rows: SlaRow[] = await db.query<SlaRow>(
      `SELECT id::text AS id, channel, type, metadata->>'priority' AS priority, created_at, first_response_at, resolved_at, assignee,
              left(text, 200) AS text
       FROM items WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 AND channel = ANY($4::text[]) ${after}
       ORDER BY created_at DESC, id DESC LIMIT $5`,
      params,
    );
    for (const row of rows) {
      const e = evaluateItemSla(row, settings.policies, schedule, now);
      if (!e.firstResponse && !e.resolution) continue;
      evaluations.push(e);
      for (const t of [e.firstResponse, e.resolution]) {
        if (!t) continue;
        let list = perPolicy.get(t.policyId);
        if (!list) perPolicy.set(t.policyId, (list = []));
        list.push({ firstResponse: t.target === 'firstResponse' ? t : null, resolution: t.target === 'resolution' ? t : null });
        if (t.status === 'breached' && breaches.length < keepBreaches) breaches.push({ row, e: t });
      }
      let list = perChannel.get(row.channel);
      if (!list) perChannel.set(row.channel, (list = []));
      list.push(e);
    }
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1]!;
    cursor = { created_at: last.created_at, id: last.id };
  }
  const counts = (list: SlaEvaluation[]) => {
    const s = summarizeSla(list);
    const out = {} as Record<SlaTarget, { met: number; breached: number; pending: number; met_pct: number | null }>;
    for (const t of ['firstResponse', 'resolution'] as const) out[t] = { met: s[t].met, breached: s[t].breached, pending: s[t].pending, met_pct: round1(s[t].metPercent) };
    return out;
  };
  return {
    range,
    settings: { ...settings, is_default: isDefault },
    evaluated: evaluations.length,
    summary: counts(evaluations),
    by_policy: settings.policies
      .filter((p) => perPolicy.has(p.id))
      .map((p) => ({ policy_id: p.id, name: p.name, calendar: p.calendar, ...counts(perPolicy.get(p.id)!) })),
    by_channel: [...perChannel].map(([channel, list]) => ({ channel, ...counts(list) })).sort((a, b) => a.channel.localeCompare(b.channel)),
    breaches: breaches.map(({ row, e }) => ({
      item_id: row.id,
      channel: row.channel,
      type: row.type,
      assignee: row.assignee,
      text: row.text,
      created_at: row.created_at,
      target: e.target,
      policy_id: e.policyId,
      policy_name: policyName.get(e.policyId) ?? e.policyId,
      target_ms: e.targetMs,
      elapsed_ms: e.elapsedMs,
      due_at: e.dueAt,
      completed_at: e.completedAt,
    })),
  };
}
