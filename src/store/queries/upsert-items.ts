import { CHURN_TYPES } from '../../domain/churn-reasons.js';
import { DUPLICATE_WINDOW_DAYS } from '../../domain/duplicates.js';
import { ANSWER_CLOCK_SKEW_MS, CONVERSATION_UPDATED_FIELD, itemText, SOURCE_VERSION_FIELD, UNRESOLVED_STATUSES } from '../../domain/item.js';
import { churnReasonOf } from '../../text/churn-reasons.js';
import { copyValue, type Db } from '../db.js';
import { indexItemBigrams, searchIndexDone } from './search-index.js';

/** A redacted, validated item ready to store (one row of `items`, minus ids and enrichment). */
export interface ItemRow {
  workspace_id: number;
  channel: string;
  source: string;
  external_id: string;
  kind: string;
  created_at: Date;
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
  content_hash: string;
  import_run_id: string | null;
  /**
   * The ids the item may have had under the first derived-id formula (`h:`), when it now has
   * another (`h2:`), likeliest first: an item stored under one of them is renamed to `external_id`
   * before the write (takeOverLegacyItems). Not a column.
   */
  legacy_external_ids?: string[];
  /** Enrichment (text intelligence); absent when the row was stored without it. */
  type?: string | null;
  type_confidence?: number | null;
  type_source?: string | null;
  topic_id?: string | null;
  topic_source?: string | null;
  topic_rule?: string | null;
  topic_confidence?: number | null;
  sentiment?: string | null;
  sentiment_score?: number | null;
  dup_group?: string | null;
  /** True when an earlier item began its duplicate group. */
  is_duplicate?: boolean | null;
  /** A cancellation's reason (churn-reasons.ts key or 'unknown'); null for other types. */
  churn_reason?: string | null;
  /** SLA deadlines under the workspace's settings (`sla_version`) when it was enriched. */
  sla_version?: string | null;
  sla_fr_policy?: string | null;
  sla_fr_due_at?: Date | null;
  sla_res_policy?: string | null;
  sla_res_due_at?: Date | null;
  model_version?: string | null;
  enriched_at?: Date | null;
}

export const ITEM_ROW_COLUMNS = [
  'workspace_id', 'channel', 'source', 'external_id', 'kind', 'created_at', 'title', 'text', 'language', 'pii_kinds',
  'customer_ref', 'customer_segment', 'customer_plan', 'rating', 'score', 'order_ref', 'product_ref', 'metadata',
  'status', 'assignee', 'first_response_at', 'resolved_at', 'reopened_count', 'handled_by', 'content_hash',
  'import_run_id', 'type', 'type_confidence', 'type_source', 'topic_id', 'topic_source', 'topic_rule', 'topic_confidence',
  'sentiment', 'sentiment_score', 'dup_group', 'is_duplicate', 'churn_reason', 'sla_version', 'sla_fr_policy', 'sla_fr_due_at', 'sla_res_policy', 'sla_res_due_at',
  'model_version', 'enriched_at',
] as const satisfies readonly (keyof ItemRow)[];

// Enrichment columns and the label that locks them: an operator's correction is never
// overwritten by re-classification of a re-sent item.
const LOCKED_BY: Record<string, string> = {
  type: 'type', type_confidence: 'type', type_source: 'type',
  topic_id: 'topic', topic_source: 'topic', topic_rule: 'topic', topic_confidence: 'topic',
  sentiment: 'sentiment', sentiment_score: 'sentiment',
};
const ENRICHMENT = new Set([...Object.keys(LOCKED_BY), 'dup_group', 'is_duplicate', 'churn_reason', 'model_version', 'enriched_at']);
// SLA deadlines follow the item as it is now (a re-sent item may have changed channel or type).
const REPLACED = new Set(['sla_version', 'sla_fr_policy', 'sla_fr_due_at', 'sla_res_policy', 'sla_res_due_at']);

// Identity columns never change on update; received_at keeps the first arrival.
const UPDATED_COLUMNS = ITEM_ROW_COLUMNS.filter((c) => !['workspace_id', 'source', 'external_id'].includes(c));
// Conversation fields may have been filled by later events (an agent's reply arrives as a
// conversation update); a re-sent item that lacks them must not erase them.
const KEEP_WHEN_NULL = new Set(['status', 'assignee', 'first_response_at', 'resolved_at', 'handled_by']);
// A kept answer time must still follow the item's creation when a re-send moves created_at (an
// answer before its question counted as responded in the daily counts and not in the lead times):
// the rule ingest applies to a sent one (`answerTimeFor`: up to a minute early is clock skew).
const ANSWER_TIMES = new Set(['first_response_at', 'resolved_at']);
const keptAnswerTime = (c: string) =>
  `CASE WHEN items.${c} >= EXCLUDED.created_at THEN items.${c}
        WHEN items.${c} >= EXCLUDED.created_at - interval '${ANSWER_CLOCK_SKEW_MS / 1000} seconds' THEN EXCLUDED.created_at END`;
/**
 * A label column of a written row: as the row has it, no label included, when the row was labelled
 * (an edited ticket's new text has no topic, no cancellation reason: the old text's stayed, and
 * counted under the old topic — audit s18); the stored one when the row was written unlabelled.
 */
const freshLabel = (c: string) => `CASE WHEN EXCLUDED.enriched_at IS NOT NULL THEN EXCLUDED.${c} ELSE COALESCE(EXCLUDED.${c}, items.${c}) END`;
/**
 * The row's SLA deadlines were worked out from the model's type, but an operator's corrected type
 * is kept: the stored deadlines stay — worked out from the kept type, or waiting to be after the
 * correction (a re-sent ticket got its model type's deadlines back — audit s18).
 */
const TYPE_KEPT_OVER_MODEL = `('type' = ANY(items.locked_labels) AND EXCLUDED.sla_version IS NOT NULL AND EXCLUDED.type IS DISTINCT FROM items.type)`;
/**
 * A labelled row's churn reason was worked out for the model's type, but an operator's corrected
 * type is kept: the reason must be the kept type's for the new words (a leave under a kept
 * 'account', a cancellation's under a kept 'cancellation', none under any other), which only the
 * kept type tells. The statement writes none; `giveKeptTypesReasons` then reads the words for the
 * rows whose kept type carries reasons (RETURNING's `reread`), in the same transaction for a batch.
 */
const TYPE_KEPT_OVER_LABELS = `('type' = ANY(items.locked_labels) AND EXCLUDED.enriched_at IS NOT NULL AND EXCLUDED.type IS DISTINCT FROM items.type)`;
/** A written row whose locked churn type may lack its reason (see TYPE_KEPT_OVER_LABELS): the model's type is compared in JavaScript. */
const REREAD_SQL = `('type' = ANY(locked_labels) AND churn_reason IS NULL AND type IN (${CHURN_TYPES.map((t) => `'${t}'`).join(', ')}))`;
const setColumn = (c: string): string =>
  c === 'metadata'
    ? `metadata = ${carriedMetadata}`
    : c === 'status' || c === 'assignee'
    ? `${c} = CASE WHEN ${STORED_STATE_NEWER} THEN items.${c} ELSE COALESCE(EXCLUDED.${c}, items.${c}) END`
    : c === 'resolved_at'
    ? `resolved_at = CASE WHEN ${STORED_STATE_NEWER} THEN ${keptAnswerTime(c)} WHEN ${REOPENED} THEN EXCLUDED.resolved_at
                          ELSE COALESCE(EXCLUDED.resolved_at, ${keptAnswerTime(c)}) END`
    : c === 'reopened_count'
    ? `reopened_count = CASE WHEN NOT ${STORED_STATE_NEWER} AND ${REOPENED} THEN GREATEST(EXCLUDED.reopened_count, items.reopened_count + 1)
                             ELSE GREATEST(EXCLUDED.reopened_count, items.reopened_count) END`
    : ANSWER_TIMES.has(c)
    ? `${c} = COALESCE(EXCLUDED.${c}, ${keptAnswerTime(c)})`
    : REPLACED.has(c)
    ? `${c} = CASE WHEN EXCLUDED.sla_version IS NULL OR ${TYPE_KEPT_OVER_MODEL} THEN items.${c} ELSE EXCLUDED.${c} END`
    : LOCKED_BY[c]
    ? `${c} = CASE WHEN '${LOCKED_BY[c]}' = ANY(items.locked_labels) THEN items.${c} ELSE ${freshLabel(c)} END`
    : c === 'churn_reason'
    ? `churn_reason = CASE WHEN ${TYPE_KEPT_OVER_LABELS} THEN NULL ELSE ${freshLabel(c)} END`
    : ENRICHMENT.has(c)
      ? `${c} = ${freshLabel(c)}`
      : KEEP_WHEN_NULL.has(c) ? `${c} = COALESCE(EXCLUDED.${c}, items.${c})` : `${c} = EXCLUDED.${c}`;

const STAGE_DDL = `CREATE TEMP TABLE IF NOT EXISTS item_stage (
  workspace_id integer, channel text, source text, external_id text, kind text, created_at timestamptz,
  title text, text text, language text, pii_kinds text[], customer_ref text, customer_segment text,
  customer_plan text, rating smallint, score smallint, order_ref text, product_ref text, metadata jsonb,
  status text, assignee text, first_response_at timestamptz, resolved_at timestamptz, reopened_count integer,
  handled_by text, content_hash text, import_run_id bigint, type text, type_confidence real, type_source text,
  topic_id bigint, topic_source text, topic_rule text, topic_confidence real, sentiment text, sentiment_score real,
  dup_group bigint, is_duplicate boolean, churn_reason text, sla_version text, sla_fr_policy text, sla_fr_due_at timestamptz,
  sla_res_policy text, sla_res_due_at timestamptz, model_version text, enriched_at timestamptz) ON COMMIT DELETE ROWS`;

const COLS = ITEM_ROW_COLUMNS.join(', ');

/**
 * A record's version as ingest stores it (`metadata.source_updated_at`, written by prepare-item as
 * `Date.toISOString()`, years 1970–2199): in that one form two versions compare as text, in byte
 * order. A value in any other form (sent inside `metadata` by hand) is no version.
 */
const ISO_VERSION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** The unresolved statuses as an SQL list ('new', 'open', …). */
export const OPEN_STATUSES_SQL = UNRESOLVED_STATUSES.map((st) => `'${st}'`).join(', ');
/** A time in the one ISO form ingest writes (`Date.toISOString()`), as an SQL regular expression. */
export const ISO_VERSION_SQL = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$'`;
const versionSql = (row: string) => `(${row}.metadata->>'${SOURCE_VERSION_FIELD}')`;
/**
 * An update whose version is older than the stored row's is not written, whoever sent it: the
 * API's check (ingest/latest-states.ts) skips and names such items before they get here, but it
 * reads the stored version first and holds the record only within its own process — two servers
 * on one PostgreSQL, or a file import beside them, could each pass it; this condition is checked
 * on the row under its lock. Rows it keeps out count as unchanged.
 */
const NOT_OLDER = `NOT COALESCE(${versionSql('EXCLUDED')} ~ ${ISO_VERSION_SQL} AND ${versionSql('items')} ~ ${ISO_VERSION_SQL}
      AND ${versionSql('EXCLUDED')} COLLATE "C" < ${versionSql('items')} COLLATE "C", false)`;
/**
 * When a conversation's state was last set on the row (`metadata.conversation_updated_at`: by a
 * conversation update, or by the item when its adapter knows its snapshot's time, as Channel Talk's
 * user chat `updatedAt`), in the stored form; null when unknown.
 */
const convAtSql = (row: string) => `(CASE WHEN ${row}.metadata->>'${CONVERSATION_UPDATED_FIELD}' ~ ${ISO_VERSION_SQL} THEN ${row}.metadata->>'${CONVERSATION_UPDATED_FIELD}' END) COLLATE "C"`;
/** How new a written item's state is: its own conversation time or its record's version, whichever is later. */
const snapshotSql = `GREATEST(${convAtSql('EXCLUDED')}, (CASE WHEN ${versionSql('EXCLUDED')} ~ ${ISO_VERSION_SQL} THEN ${versionSql('EXCLUDED')} END) COLLATE "C")`;
/**
 * The stored conversation state is newer than a re-sent item's (a late or retried event carrying an
 * older snapshot of its chat, or one with no time at all after updates were applied): the item's
 * status, assignee and resolution do not replace it (audit s18: a late "opened" event reopened a closed chat).
 */
const STORED_STATE_NEWER = `(${convAtSql('items')} IS NOT NULL AND (${snapshotSql} IS NULL OR ${snapshotSql} < ${convAtSql('items')}))`;
/** How new the stored row's state is: its conversation time or its record's version, whichever is later. */
const storedSnapshotSql = `GREATEST(${convAtSql('items')}, (CASE WHEN ${versionSql('items')} ~ ${ISO_VERSION_SQL} THEN ${versionSql('items')} END) COLLATE "C")`;
/**
 * A written item reopens a resolved or closed one: its resolution goes, and the reopening is
 * counted. Only a state known to be newer does (a versioned record, a chat's snapshot): two exports
 * of different days imported in turn, without a version, would count a reopening at each import.
 */
const REOPENED = `(EXCLUDED.status IN (${OPEN_STATUSES_SQL}) AND items.status IN ('resolved', 'closed')
    AND ${snapshotSql} IS NOT NULL AND (${storedSnapshotSql} IS NULL OR ${storedSnapshotSql} < ${snapshotSql}))`;
/** The written item's metadata, keeping the stored conversation time when it is the later one. */
const carriedMetadata = `CASE WHEN ${convAtSql('items')} IS NOT NULL AND (${convAtSql('EXCLUDED')} IS NULL OR ${convAtSql('EXCLUDED')} < ${convAtSql('items')})
    THEN jsonb_set(EXCLUDED.metadata, '{${CONVERSATION_UPDATED_FIELD}}', items.metadata->'${CONVERSATION_UPDATED_FIELD}') ELSE EXCLUDED.metadata END`;

const ON_CONFLICT = `ON CONFLICT (workspace_id, source, external_id) DO UPDATE SET
    ${UPDATED_COLUMNS.map(setColumn).join(', ')}, updated_at = now()
  WHERE items.content_hash <> EXCLUDED.content_hash AND ${NOT_OLDER}`;

/** A row's version (`metadata.source_updated_at` in the stored form), or null. */
export function rowVersion(row: ItemRow): string | null {
  const v = row.metadata[SOURCE_VERSION_FIELD];
  return typeof v === 'string' && ISO_VERSION.test(v) ? v : null;
}
const CONFLICT_SQL = `${ON_CONFLICT}
  RETURNING (xmax = 0) AS inserted, id, type, workspace_id || E'\\x01' || source || E'\\x01' || external_id AS k, ${REREAD_SQL} AS reread)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated,
  array_agg(k) FILTER (WHERE reread) AS reread_keys, array_agg(id::text) FILTER (WHERE reread) AS reread_ids,
  array_agg(type) FILTER (WHERE reread) AS reread_types FROM up`;
const UPSERT_SQL = `WITH up AS (INSERT INTO items (${COLS}) SELECT ${COLS} FROM item_stage ${CONFLICT_SQL}`;

/**
 * Keeps `is_duplicate` to its definition (migration 022: another item of the group was created at
 * most DUPLICATE_WINDOW_DAYS before) around rows just written — in their transaction for a batch;
 * after the write, and only when its statement saw such a member, for a few rows. Enrichment set
 * the written rows' flags from the items it knew; a member of the same group stored by another
 * transaction (`updated_at` before this one began) and created in the week after a written row —
 * an earlier copy that arrived later — may have had its flag wrong since. For those groups only,
 * the members from a week before the written rows to a week after them are recounted, in order of
 * creation (ties: lower id first), as 022 did for all; the rollup triggers move the counts.
 * A time-ordered import finds no such member and pays one index probe per group. (`moved` is
 * MATERIALIZED: inlined, the planner once joined every member of a 10,000-item group with every
 * other — 90 million rows, 150 s for a 1,000-row batch.)
 */
async function reconcileDuplicates(tx: Db, rows: ItemRow[]): Promise<void> {
  const windows = new Map<string, { ws: number; group: string; lo: number; hi: number }>();
  for (const r of rows) {
    if (r.dup_group == null) continue;
    const key = `${r.workspace_id}:${r.dup_group}`;
    const t = r.created_at.getTime();
    const w = windows.get(key);
    if (!w) windows.set(key, { ws: r.workspace_id, group: String(r.dup_group), lo: t, hi: t });
    else {
      if (t < w.lo) w.lo = t;
      if (t > w.hi) w.hi = t;
    }
  }
  if (!windows.size) return;
  const list = [...windows.values()];
  const week = `interval '${DUPLICATE_WINDOW_DAYS} days'`;
  await tx.query(
    `WITH w AS (SELECT * FROM unnest($1::int[], $2::bigint[], $3::timestamptz[], $4::timestamptz[]) AS x(ws, g, lo, hi)),
     moved AS MATERIALIZED (
       SELECT w.* FROM w WHERE EXISTS (
         SELECT 1 FROM items i WHERE i.workspace_id = w.ws AND i.dup_group = w.g
           AND i.created_at > w.lo AND i.created_at <= w.hi + ${week} AND i.updated_at < now())),
     m AS (
       SELECT i.id, i.created_at, mv.lo,
         COALESCE(lag(i.created_at) OVER (PARTITION BY i.workspace_id, i.dup_group ORDER BY i.created_at, i.id) >= i.created_at - ${week}, false) AS dup
       FROM moved mv JOIN items i ON i.workspace_id = mv.ws AND i.dup_group = mv.g
         AND i.created_at >= mv.lo - ${week} AND i.created_at <= mv.hi + ${week})
     UPDATE items i SET is_duplicate = m.dup FROM m
     WHERE i.id = m.id AND m.created_at >= m.lo AND i.is_duplicate IS DISTINCT FROM m.dup`,
    [list.map((w) => w.ws), list.map((w) => w.group), list.map((w) => new Date(w.lo)), list.map((w) => new Date(w.hi))],
  );
}

/** A written row whose operator-locked type was kept (TYPE_KEPT_OVER_LABELS): its identity (`identityKey`), id and kept type. */
interface KeptType {
  key: string;
  id: string;
  type: string;
}

/**
 * Gives written rows whose locked type was kept over the model's their kept type's churn reason for
 * the words just written (text/churn-reasons.ts `churnReasonOf`): the reason the rollup triggers
 * then count, as a correction to that type would have given. Rows the model typed as the kept type
 * already have theirs.
 */
async function giveKeptTypesReasons(db: Db, rows: readonly ItemRow[], kept: readonly KeptType[]): Promise<void> {
  const byKey = new Map(rows.map((r) => [identityKey(r), r]));
  const ids: string[] = [];
  const types: string[] = [];
  const reasons: string[] = [];
  for (const k of kept) {
    const row = byKey.get(k.key);
    if (!row || row.enriched_at == null || row.type === k.type) continue;
    const reason = churnReasonOf(k.type, itemText(row), row.metadata);
    if (reason === null) continue;
    ids.push(k.id);
    types.push(k.type);
    reasons.push(reason);
  }
  if (!ids.length) return;
  await db.query(
    `UPDATE items SET churn_reason = v.reason FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, type, reason)
     WHERE items.id = v.id AND items.type = v.type AND items.churn_reason IS NULL`,
    [ids, types, reasons],
  );
}

/** Up to this many rows go in one parameterised INSERT (`upsertFew`: the API's path); more are COPYed. */
export const FEW_ROWS = 64;
const ROW_TYPES: Partial<Record<(typeof ITEM_ROW_COLUMNS)[number], string>> = {
  pii_kinds: '::text[]', metadata: '::jsonb', import_run_id: '::bigint', topic_id: '::bigint', type_confidence: '::real',
  topic_confidence: '::real', sentiment_score: '::real', dup_group: '::bigint', is_duplicate: '::boolean', sla_fr_due_at: '::timestamptz', sla_res_due_at: '::timestamptz', enriched_at: '::timestamptz',
};

function directUpsertSql(n: number): string {
  const width = ITEM_ROW_COLUMNS.length;
  const tuples = Array.from({ length: n }, (_, r) => `(${ITEM_ROW_COLUMNS.map((c, i) => `$${r * width + i + 1}${ROW_TYPES[c] ?? ''}`).join(', ')})`);
  // `later`: another item of the row's duplicate group created in the week after it, as the
  // statement's snapshot has them (without the rows it writes): only then is the duplicate recount
  // worth a statement of its own (see reconcileDuplicates) — an API call about a message just
  // written pays nothing more.
  return `WITH up AS (INSERT INTO items (${COLS}) VALUES ${tuples.join(', ')} ${ON_CONFLICT}
      RETURNING id, type, workspace_id, source, external_id, dup_group, created_at, (xmax = 0) AS inserted, ${REREAD_SQL} AS reread)
    SELECT up.id::text AS id, up.type, up.reread, up.workspace_id, up.source, up.external_id, up.inserted,
      EXISTS (SELECT 1 FROM items i WHERE i.workspace_id = up.workspace_id AND i.dup_group = up.dup_group
        AND i.created_at > up.created_at AND i.created_at <= up.created_at + interval '${DUPLICATE_WINDOW_DAYS} days') AS later
    FROM up`;
}

/**
 * Stores at most FEW_ROWS rows of distinct identities in one parameterised INSERT … ON CONFLICT,
 * telling which it wrote: the identities (`identityKey`) inserted and updated; the others were
 * identical re-sends. Their days are marked for the search index by trigger (cheaper than its
 * filter rows for a few items).
 */
export async function upsertFew(db: Db, rows: ItemRow[]): Promise<{ inserted: Set<string>; updated: Set<string> }> {
  const out = { inserted: new Set<string>(), updated: new Set<string>() };
  if (!rows.length) return out;
  if (rows.length > FEW_ROWS) throw new Error(`upsertFew takes at most ${FEW_ROWS} rows`);
  const write = (q: Db) => {
    const params: unknown[] = [];
    for (const row of rows) for (const c of ITEM_ROW_COLUMNS) params.push(c === 'metadata' ? JSON.stringify(row.metadata) : (row[c] ?? null));
    return q.query<{ id: string; type: string | null; reread: boolean; workspace_id: number; source: string; external_id: string; inserted: boolean; later: boolean }>(directUpsertSql(rows.length), params);
  };
  // A legacy id's rename and the write that updates the renamed item commit together.
  const written = rows.some((r) => r.legacy_external_ids?.length)
    ? await db.transaction(async (tx) => {
        await takeOverLegacyItems(tx, rows);
        return write(tx);
      })
    : await write(db);
  const later = new Set<string>();
  const reread: KeptType[] = [];
  for (const w of written) {
    (w.inserted ? out.inserted : out.updated).add(identityKey(w));
    if (w.later) later.add(identityKey(w));
    if (w.reread) reread.push({ key: identityKey(w), id: w.id, type: w.type! });
  }
  if (reread.length) await giveKeptTypesReasons(db, rows, reread);
  if (later.size) await db.transaction((tx) => reconcileDuplicates(tx, rows.filter((r) => later.has(identityKey(r)))));
  return out;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Changed rows not written: their version (`metadata.source_updated_at`) is older than the stored record's. */
  older: number;
  /** Rows whose identity came again in the same call: one of them was stored (`latestByIdentity`). */
  repeated: number;
}

/**
 * Stores rows idempotently on (workspace, source, external_id): new rows are inserted, changed
 * rows updated, identical re-sends left alone; their character pairs go to the search index. A
 * few rows go in one parameterised INSERT … ON CONFLICT; more are COPYed (`upsertCopied`); inside
 * the caller's transaction when there is one.
 */
export async function upsertItems(db: Db, rows: ItemRow[]): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0, older: 0, repeated: 0 };
  // ON CONFLICT cannot touch a row twice: one row per identity.
  const byKey = latestByIdentity(rows);
  const unique = byKey.size === rows.length ? rows : [...byKey.values()];
  const repeated = rows.length - unique.length;
  // Rows with versions take the copied path whatever their number: it reads the stored versions
  // and so tells an older row (not written) from an identical one.
  if (unique.length <= FEW_ROWS && !unique.some((r) => rowVersion(r) !== null)) {
    const { inserted, updated } = await upsertFew(db, unique);
    return { inserted: inserted.size, updated: updated.size, unchanged: unique.length - inserted.size - updated.size, older: 0, repeated };
  }
  return { ...(await upsertCopied(db, unique)), repeated };
}

/**
 * One row per identity (`identityKey`), in order of first appearance: the last one given wins,
 * unless it carries an older version than the one it would replace (both `metadata.source_updated_at`).
 */
export function latestByIdentity<R extends ItemRow>(rows: readonly R[]): Map<string, R> {
  const byKey = new Map<string, R>();
  for (const row of rows) {
    const key = identityKey(row);
    const kept = byKey.get(key);
    const was = kept && rowVersion(kept);
    const now = was && rowVersion(row);
    if (!(was && now && now < was)) byKey.set(key, row);
  }
  return byKey;
}

/** A row's identity as one string: workspace, source and external id. */
export const identityKey = (row: Pick<ItemRow, 'workspace_id' | 'source' | 'external_id'>): string =>
  `${row.workspace_id}\u0001${row.source}\u0001${row.external_id}`;

/** What is stored under the rows' identities, by `identityKey` (absent: not stored). */
export interface StoredStates {
  hashes: Map<string, string>;
  /** Versions in `rowVersion`'s form, of the identities that have one; read only when asked for. */
  versions: Map<string, string>;
}

/**
 * The content hashes (and, when `withVersions`, the versions: `metadata.source_updated_at`, only
 * then is the metadata read) stored for these rows' identities. The three-column IN keeps the
 * planner on the identity index, one probe per row: written as `workspace_id = $1 AND (source,
 * external_id) IN …` it read the workspace's every item and hashed them whenever its statistics
 * were stale (every batch of a large import, on both databases).
 */
export async function storedStates(db: Db, rows: Pick<ItemRow, 'workspace_id' | 'source' | 'external_id'>[], withVersions: boolean): Promise<StoredStates> {
  const version = withVersions ? `CASE WHEN ${versionSql('items')} ~ ${ISO_VERSION_SQL} THEN ${versionSql('items')} END` : 'NULL::text';
  const stored = await db.query<{ k: string; h: string; v: string | null }>(
    `SELECT workspace_id || E'\\x01' || source || E'\\x01' || external_id AS k, content_hash AS h, ${version} AS v FROM items
     WHERE (workspace_id, source, external_id) IN (SELECT * FROM unnest($1::int[], $2::text[], $3::text[]))`,
    [rows.map((r) => r.workspace_id), rows.map((r) => r.source), rows.map((r) => r.external_id)],
  );
  const out: StoredStates = { hashes: new Map(), versions: new Map() };
  for (const r of stored) {
    out.hashes.set(r.k, r.h);
    if (r.v !== null) out.versions.set(r.k, r.v);
  }
  return out;
}

/** The content hashes stored for these rows' identities (`storedStates` without versions). */
export async function storedHashes(db: Db, rows: Pick<ItemRow, 'workspace_id' | 'source' | 'external_id'>[]): Promise<Map<string, string>> {
  return (await storedStates(db, rows, false)).hashes;
}

/**
 * Items stored under the rows' legacy ids (`legacy_external_ids`, the first derived-id formula),
 * renamed to the rows' own ids, so the write that follows updates them (their text masked as it is
 * now) instead of storing a copy. Only where no item has the row's id yet, and one item a row (its
 * likeliest legacy id stored). Of rows sharing a legacy id (two posts that formula merged), the
 * first in order takes the item over and the others are new items; a legacy id that is itself a
 * row's id is left to that row. Call it in the write's transaction, with the rows in file order and
 * of distinct identities (`latestByIdentity`). When enrichment put a row in the renamed item's
 * duplicate group (it matched the item, itself under its old id), the item keeps its stored
 * duplicate flag: its place in the group is unchanged.
 */
export async function takeOverLegacyItems(tx: Db, rows: readonly ItemRow[]): Promise<void> {
  if (!rows.some((r) => r.legacy_external_ids?.length)) return;
  const own = new Set(rows.map(identityKey));
  const claimed = new Set<string>();
  const ws: number[] = [];
  const sources: string[] = [];
  const legacies: string[] = [];
  const ids: string[] = [];
  const ranks: number[] = [];
  const byKey = new Map<string, ItemRow>();
  for (const row of rows) {
    const list = row.legacy_external_ids;
    if (!list?.length) continue;
    list.forEach((legacy, rank) => {
      const key = identityKey({ workspace_id: row.workspace_id, source: row.source, external_id: legacy });
      if (own.has(key) || claimed.has(key)) return;
      claimed.add(key);
      ws.push(row.workspace_id);
      sources.push(row.source);
      legacies.push(legacy);
      ids.push(row.external_id);
      ranks.push(rank);
      byKey.set(identityKey(row), row);
    });
  }
  if (!ids.length) return;
  const renamed = await tx.query<{ k: string; dup_group: string | number | bigint | null; is_duplicate: boolean | null }>(
    `WITH x AS (SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[]) AS x(ws, source, legacy, id, rank)),
     pick AS (
       SELECT DISTINCT ON (x.ws, x.source, x.id) i.id AS item_id, x.id FROM x
         JOIN items i ON i.workspace_id = x.ws AND i.source = x.source AND i.external_id = x.legacy
        WHERE NOT EXISTS (SELECT 1 FROM items n WHERE n.workspace_id = x.ws AND n.source = x.source AND n.external_id = x.id)
        ORDER BY x.ws, x.source, x.id, x.rank)
     UPDATE items SET external_id = pick.id FROM pick WHERE items.id = pick.item_id
     RETURNING items.workspace_id || E'\\x01' || items.source || E'\\x01' || items.external_id AS k, items.dup_group, items.is_duplicate`,
    [ws, sources, legacies, ids, ranks],
  );
  for (const item of renamed) {
    const row = byKey.get(item.k);
    if (row && row.dup_group != null && item.dup_group != null && String(row.dup_group) === String(item.dup_group)) row.is_duplicate = item.is_duplicate;
  }
}

/** Whether `row` would replace a stored record of version `stored` with an older one (both carry one): then it is not written. */
export function isOlderThanStored(row: ItemRow, stored: string | undefined): boolean {
  if (stored === undefined) return false;
  const version = rowVersion(row);
  return version !== null && version < stored;
}

/** A row as one line of COPY text (PostgreSQL text format, no newline). */
function copyLine(row: ItemRow): string {
  let line = '';
  for (let c = 0; c < ITEM_ROW_COLUMNS.length; c++) {
    if (c) line += '\t';
    line += copyValue(row[ITEM_ROW_COLUMNS[c]]);
  }
  return line;
}

/**
 * Stores rows (distinct identities) idempotently: identities not stored yet are COPYed straight
 * into items (half the work of staging them); changed ones go through the stage and one
 * INSERT … ON CONFLICT; identical ones are not written (nor turned into COPY text: a re-run of an
 * import is a read).
 */
async function upsertCopied(db: Db, rows: ItemRow[]): Promise<Omit<UpsertCounts, 'repeated'>> {
  return db.transaction(async (tx) => {
    await takeOverLegacyItems(tx, rows);
    const known = await storedStates(tx, rows, rows.some((r) => rowVersion(r) !== null));
    const fresh: string[] = [];
    let old: string[] = [];
    const written: ItemRow[] = [];
    let older = 0;
    for (const row of rows) {
      const key = identityKey(row);
      const hash = known.hashes.get(key);
      if (hash === undefined) fresh.push(copyLine(row));
      else if (hash === row.content_hash) continue;
      else if (isOlderThanStored(row, known.versions.get(key))) {
        older++;
        continue;
      } else old.push(copyLine(row));
      written.push(row);
    }
    // The written rows' character pairs go into the search index with them (search-index.ts); an
    // unchanged row's text is in it already.
    await indexItemBigrams(tx, written);
    let inserted = 0;
    if (fresh.length) {
      await tx.exec('SAVEPOINT sori_fresh');
      try {
        await tx.copyFrom('items', [...ITEM_ROW_COLUMNS], fresh.join('\n') + '\n');
        await tx.exec('RELEASE SAVEPOINT sori_fresh');
        inserted = fresh.length;
      } catch (error) {
        // Another writer stored one of them meanwhile: merge them all instead.
        if ((error as { code?: string }).code !== '23505') throw error;
        await tx.exec('ROLLBACK TO SAVEPOINT sori_fresh');
        old = rows.map(copyLine);
        await indexItemBigrams(tx, rows);
      }
    }
    let updated = 0;
    if (old.length) {
      await tx.exec(STAGE_DDL);
      await tx.copyFrom('item_stage', [...ITEM_ROW_COLUMNS], old.join('\n') + '\n');
      const [counts] = await tx.query<{ inserted: number; updated: number; reread_keys: string[] | null; reread_ids: string[] | null; reread_types: string[] | null }>(UPSERT_SQL);
      await tx.exec('TRUNCATE item_stage');
      inserted += counts!.inserted;
      updated = counts!.updated;
      const reread = (counts!.reread_keys ?? []).map((key, i) => ({ key, id: counts!.reread_ids![i]!, type: counts!.reread_types![i]! }));
      if (reread.length) await giveKeptTypesReasons(tx, rows, reread);
    }
    await searchIndexDone(tx);
    await reconcileDuplicates(tx, written);
    // A row the statement's own version check kept out (a newer one landed since the read) counts as unchanged.
    return { inserted, updated, unchanged: rows.length - inserted - updated - older, older };
  });
}
