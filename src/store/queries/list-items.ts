import { ALL_CHURN, CANCELLATION_TYPE, CHURN_REASONS, LEAVE_TYPE, ORDER_CANCELLATION, UNKNOWN_CHURN_REASON } from '../../domain/churn-reasons.js';
import { ANSWERABLE_CHANNELS, inInstantRange } from '../../domain/item.js';
import type { Db } from '../db.js';
import { SoriError } from '../../domain/errors.js';
import { DUPLICATE_CHANNELS } from '../../domain/duplicates.js';
import { spacingPatterns } from '../../text/spacing.js';
import { searchRanges, searchTerms } from './search-index.js';

/** The items the churn report counts (item_daily_churn, migration 042): cancellations, and account items that leave (회원 탈퇴; only those carry a reason). */
const CHURN_ITEMS_SQL = `(type = '${CANCELLATION_TYPE}' OR (type = '${LEAVE_TYPE}' AND churn_reason IS NOT NULL))`;

export interface ItemFilter {
  channel?: string[];
  kind?: string[];
  source?: string;
  q?: string;
  /** Inclusive lower bound on created_at. */
  from?: Date;
  /** Exclusive upper bound on created_at. */
  to?: Date;
  status?: string[];
  /** Items last written by this import run. */
  importRun?: string;
  /** Enrichment labels: type keys ("uncertain" included), topic ids ("none" = no topic), sentiments. */
  type?: string[];
  topic?: string[];
  /**
   * `topic` with each parent's subtopics added (`withSubtopics`); when set, the filter is a plain
   * `topic_id = ANY(…)`, which the topic index serves.
   */
  topicIds?: string[];
  sentiment?: string[];
  /** Items of one duplicate group. */
  dupGroup?: string;
  /** Duplicates as the Overview's duplicate share counts them (domain/duplicates.ts: flagged, on a channel that expects an answer). */
  duplicate?: boolean;
  /** Customer segments (as the source sent them, e.g. VIP, 신규). */
  segment?: string[];
  /** One customer's items: their pseudonymous reference (`customer_ref`, as the list shows it). */
  customer?: string;
  /** Items late on an SLA target, as the SLA report counts them (insights/sla.ts). */
  sla?: SlaFilter;
  /** Churn (cancellations, and account items that leave: 회원 탈퇴) with these reasons (`unknown` included), as the churn report counts them. */
  churnReason?: string[];
  /**
   * Items with an NPS score (true) or without one (false). NPS counts every scored item, whatever
   * its kind (a CSV with a score column imports as inquiries), so its drill-downs filter on this.
   */
  hasScore?: boolean;
  /** The clock the SLA filter compares open targets against; the time of the query when absent. */
  now?: Date;
}

/**
 * SLA filters: late on any target, on the first response, on the resolution, or still open past
 * a deadline (the ones to act on now); or done by their status without a target's time
 * (`unrecorded_*`: the SLA report's 해결 시각 없음, neither met nor breached).
 */
export const SLA_FILTERS = ['breached', 'breached_first_response', 'breached_resolution', 'open_overdue', 'unrecorded_first_response', 'unrecorded_resolution'] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];

/** Churn reason filter values: the reason keys and `unknown` (no known reason, or none yet). */
export const CHURN_REASON_FILTERS = [...CHURN_REASONS.map((r) => r.key), UNKNOWN_CHURN_REASON, ORDER_CANCELLATION, ALL_CHURN] as const;

// First response counts as done when the item was resolved without a recorded reply.
const FR_DONE = 'COALESCE(first_response_at, resolved_at)';

/**
 * The SLA breach rules, shared by the SLA report and the items filter so a drill-down lists exactly
 * the items the report counts: a target is breached when it was done after its deadline, or is
 * not done and the deadline (`now`, a SQL parameter) has passed.
 */
export const slaBreachSql = {
  firstResponse: (now: string) => `(${FR_DONE} > sla_fr_due_at OR (${FR_DONE} IS NULL AND ${STILL_OPEN_SQL} AND ${now} > sla_fr_due_at))`,
  resolution: (now: string) => `(resolved_at > sla_res_due_at OR (resolved_at IS NULL AND ${STILL_OPEN_SQL} AND ${now} > sla_res_due_at))`,
};

/**
 * An item not done by its status. One whose status says it is done but that has no answer times
 * (a source that sends the status only: a CSV with a 상태 column, a Zendesk ticket without its
 * metric set) is neither pending nor late: when it was answered is unknown. Statuses are stored
 * normalised: lower case, one of ITEM_STATUSES (the item schema's enum, and items' CHECK constraint).
 */
export const STILL_OPEN_SQL = `(status IS NULL OR status NOT IN ('resolved', 'closed'))`;

/** Targets still open (migration 010's partial index `items_ws_sla_open` holds exactly these items). */
export const SLA_OPEN_SQL = `((sla_fr_due_at IS NOT NULL AND first_response_at IS NULL AND resolved_at IS NULL) OR (sla_res_due_at IS NOT NULL AND resolved_at IS NULL))`;

/**
 * Items done by their status (resolved, closed) with a target but without its time, as the SLA
 * report counts them `unrecorded` (insights/sla.ts): no first answer nor resolution for the first
 * response, no resolution for the resolution.
 */
export const slaUnrecordedSql = {
  firstResponse: `(NOT ${STILL_OPEN_SQL} AND resolved_at IS NULL AND first_response_at IS NULL AND sla_fr_due_at IS NOT NULL AND sla_fr_policy IS NOT NULL)`,
  resolution: `(NOT ${STILL_OPEN_SQL} AND resolved_at IS NULL AND sla_res_due_at IS NOT NULL AND sla_res_policy IS NOT NULL)`,
};

function slaWhere(sla: SlaFilter, now: string): string {
  switch (sla) {
    case 'breached':
      return `(${slaBreachSql.firstResponse(now)} OR ${slaBreachSql.resolution(now)})`;
    case 'breached_first_response':
      return slaBreachSql.firstResponse(now);
    case 'breached_resolution':
      return slaBreachSql.resolution(now);
    case 'open_overdue':
      // The index predicate written out, so the planner can read the few open targets from it.
      return `${SLA_OPEN_SQL} AND ${STILL_OPEN_SQL} AND ((${FR_DONE} IS NULL AND ${now} > sla_fr_due_at) OR (resolved_at IS NULL AND ${now} > sla_res_due_at))`;
    case 'unrecorded_first_response':
      return slaUnrecordedSql.firstResponse;
    case 'unrecorded_resolution':
      return slaUnrecordedSql.resolution;
  }
}

/** An item as the API and exports show it. */
export interface ItemView {
  id: string;
  workspace_id: number;
  channel: string;
  source: string;
  external_id: string;
  kind: string;
  created_at: Date;
  received_at: Date;
  updated_at: Date;
  title: string | null;
  text: string;
  language: string | null;
  pii_kinds: string[];
  customer_ref: string | null;
  customer_segment: string | null;
  customer_plan: string | null;
  rating: number | null;
  score: number | null;
  order_ref: string | null;
  product_ref: string | null;
  metadata: Record<string, unknown>;
  status: string | null;
  assignee: string | null;
  first_response_at: Date | null;
  resolved_at: Date | null;
  reopened_count: number;
  handled_by: string | null;
  type: string | null;
  type_confidence: number | null;
  type_source: string | null;
  topic_id: string | null;
  topic_name: string | null;
  topic_source: string | null;
  topic_rule: string | null;
  topic_confidence: number | null;
  sentiment: string | null;
  sentiment_score: number | null;
  dup_group: string | null;
  model_version: string | null;
  enriched_at: Date | null;
  /** Labels an operator corrected: re-classification leaves them alone. */
  locked_labels: string[];
  /** Items in this item's duplicate group (lists and single items; not exports). */
  dup_group_size?: number;
}

export const ITEM_VIEW_SQL = `id::text AS id, workspace_id, channel, source, external_id, kind, created_at, received_at,
  updated_at, title, text, language, pii_kinds, customer_ref, customer_segment, customer_plan, rating, score,
  order_ref, product_ref, metadata, status, assignee, first_response_at, resolved_at, reopened_count, handled_by,
  type, type_confidence, type_source, topic_id::text AS topic_id,
  (SELECT t.name FROM topics t WHERE t.id = items.topic_id) AS topic_name, topic_source, topic_rule, topic_confidence,
  sentiment, sentiment_score, dup_group::text AS dup_group, model_version, enriched_at, locked_labels`;

/**
 * The filter with its topics' subtopics looked up (`topicIds`): written as a subquery in the
 * filter, the planner could not use the topic index and read the workspace newest first until
 * enough matched — a rare or old topic read every item (audit s18).
 */
export async function withSubtopics(db: Db, workspaceId: number, f: ItemFilter): Promise<ItemFilter> {
  const ids = (f.topic ?? []).filter((t) => /^\d{1,18}$/.test(t));
  if (!ids.length || f.topicIds) return f;
  const children = await db.query<{ id: string }>('SELECT id::text AS id FROM topics WHERE workspace_id = $1 AND parent_id = ANY($2::bigint[])', [workspaceId, ids]);
  return { ...f, topicIds: [...new Set([...ids, ...children.map((c) => c.id)])] };
}

/** Builds the WHERE clause shared by listing, counting and exporting. */
export function itemWhere(workspaceId: number, f: ItemFilter, params: unknown[]): string {
  params.push(workspaceId);
  const wsParam = `$${params.length}`;
  const where = [`workspace_id = ${wsParam}`];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.channel?.length) add((p) => `channel = ANY(${p}::text[])`, f.channel);
  if (f.kind?.length) add((p) => `kind = ANY(${p}::text[])`, f.kind);
  if (f.status?.length) add((p) => `status = ANY(${p}::text[])`, f.status);
  if (f.source) add((p) => `source = ${p}`, f.source);
  if (f.importRun) add((p) => `import_run_id = ${p}::bigint`, f.importRun);
  // "none" stands for an item without the label (not classified yet, or no topic).
  const labelFilter = (column: string, values: string[]) => {
    add((p) => `(${column} = ANY(${p}::text[])${values.includes('none') ? ` OR ${column} IS NULL` : ''})`, values);
  };
  if (f.type?.length) labelFilter('type', f.type);
  if (f.sentiment?.length) labelFilter('sentiment', f.sentiment);
  if (f.topic?.length) {
    const ids = f.topic.filter((t) => /^\d{1,18}$/.test(t));
    const none = f.topic.includes('none');
    // A parent topic stands for itself and its children, as in the insights.
    if (f.topicIds) {
      params.push(f.topicIds);
      where.push(`(topic_id = ANY($${params.length}::bigint[])${none ? ' OR topic_id IS NULL' : ''})`);
    } else {
      params.push(ids);
      where.push(
        `(topic_id = ANY($${params.length}::bigint[]) OR topic_id IN (SELECT id FROM topics WHERE workspace_id = ${wsParam} AND parent_id = ANY($${params.length}::bigint[]))${none ? ' OR topic_id IS NULL' : ''})`,
      );
    }
  }
  if (f.dupGroup) add((p) => `dup_group = ${p}::bigint`, f.dupGroup);
  if (f.duplicate) add((p) => `is_duplicate AND channel = ANY(${p}::text[])`, [...DUPLICATE_CHANNELS]);
  if (f.hasScore !== undefined) where.push(f.hasScore ? 'score IS NOT NULL' : 'score IS NULL');
  if (f.segment?.length) add((p) => `customer_segment = ANY(${p}::text[])`, f.segment);
  if (f.customer) add((p) => `customer_ref = ${p}`, f.customer);
  if (f.sla) {
    // The SLA report covers the channels a team answers (others get no deadlines at ingest anyway).
    add((p) => `channel = ANY(${p}::text[])`, [...ANSWERABLE_CHANNELS]);
    // Done without a target's time needs no clock (an unused parameter has no type: refused); the rest compare open targets with `now`.
    const clock = f.sla.startsWith('unrecorded_') ? '' : `$${params.push(f.now ?? new Date())}::timestamptz`;
    where.push(slaWhere(f.sla, clock));
  }
  if (f.churnReason?.includes(ALL_CHURN)) {
    where.push(`${CHURN_ITEMS_SQL} AND churn_reason IS DISTINCT FROM '${ORDER_CANCELLATION}'`);
  } else if (f.churnReason?.length) {
    // As the churn report (item_daily_churn) counts: cancellations, and account items that leave the
    // service (only those carry a reason); a reason that is not (or no longer) a known key, or not
    // filled in yet, counts as unknown (an order's cancellation, ORDER_CANCELLATION, is its own key,
    // not unknown). Each side is the predicate of a covering index (items_ws_cancellations, items_ws_leaves).
    const known = f.churnReason.filter((r) => r !== UNKNOWN_CHURN_REASON);
    const unknown = f.churnReason.includes(UNKNOWN_CHURN_REASON);
    params.push(known);
    const keys = `$${params.length}::text[]`;
    let unknownSql = '';
    if (unknown) {
      params.push([...CHURN_REASONS.map((r) => r.key), ORDER_CANCELLATION]);
      unknownSql = ` OR churn_reason IS NULL OR churn_reason <> ALL($${params.length}::text[])`;
    }
    where.push(`${CHURN_ITEMS_SQL} AND (churn_reason = ANY(${keys})${unknownSql})`);
  }
  if (f.from) add((p) => `created_at >= ${p}`, f.from);
  if (f.to) add((p) => `created_at < ${p}`, f.to);
  for (const q of f.q?.trim() ? searchTerms(f.q.trim().normalize('NFC')) : []) {
    // Every word (searchTerms) must be found, each by substring, so a two-syllable Korean word
    // ("환불") matches inside any word (환불해, 부분환불), which no trigram index can answer; the days
    // it can occur on come from the search index (search-index.ts). Hangul, digits and symbols have
    // no case: LIKE compares bytes, several times faster than ILIKE, which folds the case of every
    // character it reads.
    const op = /[\p{Lu}\p{Ll}\p{Lt}]/u.test(q) ? 'ILIKE' : 'LIKE';
    const spacing = spacingPatterns(q);
    if (!spacing) {
      const pattern = `%${q.replace(/[\\%_]/g, '\\$&')}%`;
      add((p) => `(text ${op} ${p} OR title ${op} ${p} OR order_ref ${op} ${p} OR external_id ${op} ${p})`, pattern);
      continue;
    }
    // A word joining Hangul is found whatever the spacing around its Hangul (text/spacing.ts):
    // 환불언제 in "환불 언제". Folding each row's spacing (regexp_replace) cost ~18× a LIKE; instead
    // a LIKE of the word's characters in order (as fast as the plain one) picks the few rows the
    // exact regular expression then reads.
    params.push(spacing.like);
    const like = `$${params.length}`;
    params.push(spacing.regex);
    const regex = `$${params.length}`;
    const re = op === 'ILIKE' ? '~*' : '~';
    const field = (column: string) => `(${column} ${op} ${like} AND ${column} ${re} ${regex})`;
    where.push(`(${['text', 'title', 'order_ref', 'external_id'].map(field).join(' OR ')})`);
  }
  return where.join(' AND ');
}

export function encodeCursor(item: { created_at: Date; id: string }): string {
  return Buffer.from(`${item.created_at.toISOString()}|${item.id}`).toString('base64url');
}

/** A cursor as encodeCursor writes it (base64url of `<ISO instant>|<id>`), or null for anything else. */
export function parseCursor(cursor: string): { createdAt: Date; id: string } | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const parts = Buffer.from(cursor, 'base64url').toString().split('|');
  if (parts.length !== 2 || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(parts[0])) return null;
  const [iso, id] = parts;
  const createdAt = new Date(iso);
  // The id is a bigint: at most 19 digits and below 2^63.
  if (!/^\d{1,19}$/.test(id) || BigInt(id) >= 2n ** 63n || Number.isNaN(createdAt.getTime()) || !inInstantRange(createdAt)) return null;
  return { createdAt, id };
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const parsed = parseCursor(cursor);
  if (!parsed) throw new SoriError('bad_request', 'invalid cursor (pass next_cursor as it is) / 올바른 커서가 아닙니다');
  return parsed;
}

/** Lists items newest first with keyset pagination. */
export async function listItems(
  db: Db,
  workspaceId: number,
  filter: ItemFilter,
  page: { cursor?: string; limit: number; groupSizes?: boolean },
): Promise<{ items: ItemView[]; next_cursor: string | null }> {
  const cursor = page.cursor ? decodeCursor(page.cursor) : null;
  const want = page.limit + 1;
  filter = await withSubtopics(db, workspaceId, filter);
  // A search reads only the days whose items hold every character pair of its term (newest first).
  const ranges = filter.q?.trim() ? await searchRanges(db, workspaceId, filter.q.trim().normalize('NFC')) : null;
  let rows: ItemView[];
  if (!ranges) rows = await selectPage(db, workspaceId, filter, cursor, want);
  else {
    rows = [];
    for (const range of ranges) {
      const from = filter.from && filter.from > range.from ? filter.from : range.from;
      const to = filter.to && filter.to < range.to ? filter.to : range.to;
      if (from >= to || (cursor && from > cursor.createdAt)) continue;
      rows.push(...(await selectPage(db, workspaceId, { ...filter, from, to }, cursor, want - rows.length)));
      if (rows.length >= want) break;
    }
  }
  const more = rows.length > page.limit;
  const items = more ? rows.slice(0, page.limit) : rows;
  if (page.groupSizes !== false) await attachGroupSizes(db, workspaceId, items);
  return { items, next_cursor: more ? encodeCursor(items[items.length - 1]) : null };
}

/** Up to `limit` matching items newest first, after the cursor. */
async function selectPage(db: Db, workspaceId: number, filter: ItemFilter, cursor: { createdAt: Date; id: string } | null, limit: number): Promise<ItemView[]> {
  const params: unknown[] = [];
  let where = itemWhere(workspaceId, filter, params);
  if (cursor) {
    params.push(cursor.createdAt, cursor.id);
    where += ` AND (created_at, id) < ($${params.length - 1}, $${params.length}::bigint)`;
  }
  params.push(limit);
  const sql = `SELECT ${ITEM_VIEW_SQL} FROM items WHERE ${where} ORDER BY items.created_at DESC, items.id DESC LIMIT $${params.length}`;
  // Newest first with a LIMIT is one walk down the (workspace, created_at) index that stops early.
  // PostgreSQL may plan it as parallel workers whose ordered streams are merged, and each worker
  // then reads its own share of rows before the merge has enough: a rare search term read 4× the
  // rows (10M items: "군대" 485 ms parallel, 47 ms serial). JIT compilation costs more than it saves here.
  return db.kind === 'postgres'
    ? db.transaction(async (tx) => {
        await tx.exec('SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off');
        return tx.query<ItemView>(sql, params);
      })
    : db.query<ItemView>(sql, params);
}

/**
 * Sets `dup_group_size` on items: one grouped count for the page's distinct groups (a count per
 * row would visit a large group once for each of its members).
 */
async function attachGroupSizes(db: Db, workspaceId: number, items: ItemView[]): Promise<void> {
  const groups = [...new Set(items.map((i) => i.dup_group).filter((g): g is string => g !== null))];
  if (!groups.length) return;
  const rows = await db.query<{ g: string; n: number }>(
    'SELECT dup_group::text AS g, count(*)::int AS n FROM items WHERE workspace_id = $1 AND dup_group = ANY($2::bigint[]) GROUP BY dup_group',
    [workspaceId, groups],
  );
  const sizes = new Map(rows.map((r) => [r.g, r.n]));
  for (const item of items) if (item.dup_group !== null) item.dup_group_size = sizes.get(item.dup_group) ?? 1;
}

/** Finds one item of a workspace by id. */
export async function getItem(db: Db, workspaceId: number, id: string): Promise<ItemView | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const rows = await db.query<ItemView>(`SELECT ${ITEM_VIEW_SQL} FROM items WHERE workspace_id = $1 AND id = $2`, [
    workspaceId,
    id,
  ]);
  if (rows[0]) await attachGroupSizes(db, workspaceId, rows);
  return rows[0] ?? null;
}

/** Streams every matching item in pages (for exports), newest first. */
export async function* iterateItems(db: Db, workspaceId: number, filter: ItemFilter, pageSize = 2_000): AsyncGenerator<ItemView> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listItems(db, workspaceId, filter, { cursor, limit: pageSize, groupSizes: false });
    yield* page.items;
    if (!page.next_cursor) return;
    cursor = page.next_cursor;
  }
}

/**
 * The WHERE clause of every item a filter matches, for a statement that reads them all (a count,
 * a bulk change): a search reads only the days that can hold its term (a few hundred ranges at
 * most; more: every day). Null when a search's term is on no day.
 */
async function filteredWhere(db: Db, workspaceId: number, filter: ItemFilter, params: unknown[]): Promise<string | null> {
  filter = await withSubtopics(db, workspaceId, filter);
  let where = itemWhere(workspaceId, filter, params);
  const ranges = filter.q?.trim() ? await searchRanges(db, workspaceId, filter.q.trim().normalize('NFC')) : null;
  if (ranges && !ranges.length) return null;
  if (ranges && ranges.length <= 200) {
    where += ` AND (${ranges.map((r) => `(created_at >= $${params.push(r.from)} AND created_at < $${params.push(r.to)})`).join(' OR ')})`;
  }
  return where;
}

/** The ids of the items a filter matches, newest first, at most `limit` (the same items as the list and its summary). */
export async function matchingItemIds(db: Db, workspaceId: number, filter: ItemFilter, limit: number): Promise<string[]> {
  const params: unknown[] = [];
  const where = await filteredWhere(db, workspaceId, filter, params);
  if (where === null) return [];
  params.push(limit);
  const rows = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM items WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => r.id);
}

/** Totals by channel and by day (in the workspace time zone) for a filter. */
export async function summarizeItems(
  db: Db,
  workspaceId: number,
  timezone: string,
  filter: ItemFilter,
): Promise<{ total: number; by_channel: { channel: string; count: number }[]; by_day: { day: string; count: number }[] }> {
  const params: unknown[] = [];
  const where = await filteredWhere(db, workspaceId, filter, params);
  if (where === null) return { total: 0, by_channel: [], by_day: [] };
  const byChannel = await db.query<{ channel: string; count: number }>(
    `SELECT channel, count(*)::int AS count FROM items WHERE ${where} GROUP BY channel ORDER BY count DESC`,
    params,
  );
  params.push(timezone);
  const byDay = await db.query<{ day: string; count: number }>(
    `SELECT to_char((created_at AT TIME ZONE $${params.length})::date, 'YYYY-MM-DD') AS day, count(*)::int AS count
     FROM items WHERE ${where} GROUP BY 1 ORDER BY 1`,
    params,
  );
  return { total: byChannel.reduce((s, r) => s + r.count, 0), by_channel: byChannel, by_day: byDay };
}
