import { groupByWorkspace } from '../../domain/item.js';
import { localDayOf } from '../../domain/local-day.js';
import { addBigramCodes, bloomPositions, BUCKET_BITS_LOG2, searchBigramCodes } from '../../text/bigrams.js';
import type { Db } from '../db.js';

/**
 * The search index: which character pairs occur on which local day of a workspace, as a Bloom
 * filter per day (`item_day_bigrams`, migration 017). A large batch puts its pairs in the filter
 * in the transaction that writes its items; a small one (an API call) leaves its days marked
 * dirty by the items' trigger, and the server folds those days in every minute. A search reads
 * only the days holding every pair of its term, and the dirty days. Items stored without their
 * pairs (before the migration, by a restore) are below the workspace's `search_index_below` until
 * `backfillSearchIndex` has read them; until then searches read every day. Days are the
 * workspace's local days, so a workspace's time zone must not change once it has items (nothing
 * changes it today; a change would have to re-index, as a restore does).
 */

interface IndexedRow {
  workspace_id: number;
  created_at: Date;
  title?: string | null;
  text: string;
  order_ref?: string | null;
  external_id: string;
}

const BUCKET_BYTES = 1 << (BUCKET_BITS_LOG2 - 3);
const BUCKET_MASK = (1 << BUCKET_BITS_LOG2) - 1;

/**
 * The filter rows a batch of one workspace's rows sets bits in: per local day and bucket, the
 * bucket's 8,192 bits as PostgreSQL's hex bit-string input ("x…", first bit = highest bit).
 */
function filterRows(rows: IndexedRow[], timezone: string): { days: string[]; buckets: number[]; bits: string[] } {
  const filters = new Map<string, DayFilter>();
  // Local days change on quarter hours in every zone: one conversion per quarter hour.
  const dayOfQuarter = new Map<number, string>();
  for (const row of rows) {
    const quarter = Math.floor(row.created_at.getTime() / 900_000);
    let day = dayOfQuarter.get(quarter);
    if (day === undefined) dayOfQuarter.set(quarter, (day = localDayOf(row.created_at, timezone)));
    let filter = filters.get(day);
    if (!filter) filters.set(day, (filter = new DayFilter()));
    addBigramCodes(row.text, filter);
    if (row.title) addBigramCodes(row.title, filter);
    if (row.order_ref) addBigramCodes(row.order_ref, filter);
    addBigramCodes(row.external_id, filter);
  }
  const out = { days: [] as string[], buckets: [] as number[], bits: [] as string[] };
  for (const [day, filter] of filters) {
    // Bucket order, so two batches writing the same day take the rows' locks in the same order.
    for (const bucket of [...filter.buckets.keys()].sort((x, y) => x - y)) {
      out.days.push(day);
      out.buckets.push(bucket);
      out.bits.push(`x${Buffer.from(filter.buckets.get(bucket)!).toString('hex')}`);
    }
  }
  return out;
}

/** One day's filter bits, by bucket; `add` sets a pair code's two bits (setting twice is harmless). */
class DayFilter {
  readonly buckets = new Map<number, Uint8Array>();
  add(code: number): void {
    const [a, b] = bloomPositions(code);
    this.set(a);
    this.set(b);
  }
  private set(pos: number): void {
    const bucket = pos >>> BUCKET_BITS_LOG2;
    let bytes = this.buckets.get(bucket);
    if (!bytes) this.buckets.set(bucket, (bytes = new Uint8Array(BUCKET_BYTES)));
    const bit = pos & BUCKET_MASK;
    bytes[bit >>> 3]! |= 0x80 >>> (bit & 7);
  }
}

/**
 * Puts the character pairs of rows about to be stored into the filter (call inside the
 * transaction that writes them, before) and tells the items' triggers not to mark their days
 * dirty; `searchIndexDone` hands that back. Writes that skip this (small batches) have their days
 * marked dirty by trigger, and `foldDirtyDays` puts them in later.
 */
export async function indexItemBigrams(tx: Db, rows: IndexedRow[]): Promise<void> {
  if (!rows.length) return;
  await writeFilters(tx, rows);
  await tx.query("SELECT set_config('sori.search_indexed', 'on', true)");
}

/** Ends what `indexItemBigrams` set: later writes in the same transaction mark their days again. */
export async function searchIndexDone(tx: Db): Promise<void> {
  await tx.query("SELECT set_config('sori.search_indexed', 'off', true)");
}

async function workspaceZones(db: Db, rows: IndexedRow[]): Promise<{ id: number; timezone: string; rows: IndexedRow[] }[]> {
  const byWorkspace = groupByWorkspace(rows);
  const zones = await db.query<{ id: number; timezone: string }>('SELECT id, timezone FROM workspaces WHERE id = ANY($1::int[]) ORDER BY id', [[...byWorkspace.keys()]]);
  return zones.map((z) => ({ ...z, rows: byWorkspace.get(z.id)! }));
}

/** Folds the days marked dirty into the filter: each day's items are read again (the server does this every minute). */
export async function foldDirtyDays(db: Db, opts: { signal?: AbortSignal } = {}): Promise<number> {
  let items = 0;
  for (;;) {
    if (opts.signal?.aborted) return items;
    const folded = await db.transaction(async (tx) => {
      // Taken off the list first: items written meanwhile mark their day again for the next round.
      const [dirty] = await tx.query<{ workspace_id: number; day: string; timezone: string }>(
        `DELETE FROM item_search_dirty_days d USING workspaces w
         WHERE w.id = d.workspace_id AND (d.workspace_id, d.day) = (SELECT workspace_id, day FROM item_search_dirty_days ORDER BY workspace_id, day LIMIT 1)
         RETURNING d.workspace_id, to_char(d.day, 'YYYY-MM-DD') AS day, w.timezone`,
      );
      if (!dirty) return null;
      const rows = await tx.query<IndexedRow>(
        `SELECT workspace_id, created_at, title, text, order_ref, external_id FROM items
         WHERE workspace_id = $1 AND created_at >= ($2::date::timestamp AT TIME ZONE $3) AND created_at < (($2::date + 1)::timestamp AT TIME ZONE $3)`,
        [dirty.workspace_id, dirty.day, dirty.timezone],
      );
      if (rows.length) await writeFilters(tx, rows);
      return rows.length;
    });
    if (folded === null) return items;
    items += folded;
  }
}

async function writeFilters(db: Db, rows: IndexedRow[]): Promise<void> {
  for (const { id, timezone, rows: group } of await workspaceZones(db, rows)) {
    const { days, buckets, bits } = filterRows(group, timezone);
    await db.query(
      `INSERT INTO item_day_bigrams AS f (workspace_id, bucket, day, bits)
       SELECT $1, b, d::date, x::bit(8192) FROM unnest($2::int[], $3::text[], $4::text[]) AS t(b, d, x)
       ORDER BY b, d
       ON CONFLICT (workspace_id, bucket, day) DO UPDATE SET bits = f.bits | EXCLUDED.bits
       WHERE f.bits | EXCLUDED.bits <> f.bits`,
      [id, buckets, days, bits],
    );
  }
}

/**
 * The instants a search for `term` needs to read, newest first: the workspace's local days that
 * hold every character pair of the term, and the days marked dirty, adjacent days merged. Null
 * when the index cannot narrow it (a one-character term, letters with case outside ASCII, items
 * not indexed yet): read all.
 */
export async function searchRanges(db: Db, workspaceId: number, term: string): Promise<{ from: Date; to: Date }[] | null> {
  const codes = searchBigramCodes(term);
  if (!codes) return null;
  const [ws] = await db.query<{ ready: boolean }>('SELECT search_index_below IS NULL AS ready FROM workspaces WHERE id = $1', [workspaceId]);
  if (!ws?.ready) return null;
  const positions = new Set<number>();
  for (const code of codes) for (const pos of bloomPositions(code)) positions.add(pos);
  const days = await db.query<{ from: Date; to: Date }>(
    `SELECT (d.day::timestamp AT TIME ZONE w.timezone) AS "from", ((d.day + 1)::timestamp AT TIME ZONE w.timezone) AS "to"
     FROM (SELECT f.day FROM item_day_bigrams f JOIN unnest($2::int[], $3::int[]) AS q(bucket, bit) ON f.bucket = q.bucket
           WHERE f.workspace_id = $1 AND get_bit(f.bits, q.bit) = 1
           GROUP BY f.day HAVING count(*) = $4
           UNION
           SELECT day FROM item_search_dirty_days WHERE workspace_id = $1) d
     JOIN workspaces w ON w.id = $1
     ORDER BY d.day DESC`,
    [workspaceId, [...positions].map((p) => p >>> BUCKET_BITS_LOG2), [...positions].map((p) => p & BUCKET_MASK), positions.size],
  );
  const ranges: { from: Date; to: Date }[] = [];
  for (const d of days) {
    const last = ranges[ranges.length - 1];
    if (last && last.from.getTime() === d.to.getTime()) last.from = d.from;
    else ranges.push({ from: d.from, to: d.to });
  }
  return ranges;
}

/**
 * Indexes a workspace's items stored without their pairs (id below `search_index_below`), newest
 * first, in batches each committed with the new watermark; at the end searches use the index.
 * Resumable: a stopped run goes on from its watermark.
 */
export async function backfillSearchIndex(db: Db, workspaceId: number, opts: { batchSize?: number; signal?: AbortSignal } = {}): Promise<number> {
  const batchSize = opts.batchSize ?? 5_000;
  let done = 0;
  for (;;) {
    if (opts.signal?.aborted) return done;
    const more = await db.transaction(async (tx) => {
      const [ws] = await tx.query<{ below: string | null }>('SELECT search_index_below::text AS below FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
      if (!ws?.below) return false;
      const rows = await tx.query<IndexedRow & { id: string }>(
        `SELECT id::text AS id, workspace_id, created_at, title, text, order_ref, external_id FROM items
         WHERE workspace_id = $1 AND items.id < $2::bigint ORDER BY items.id DESC LIMIT $3`,
        [workspaceId, ws.below, batchSize],
      );
      if (rows.length) await writeFilters(tx, rows);
      done += rows.length;
      const next = rows.length < batchSize ? null : rows[rows.length - 1]!.id;
      await tx.query('UPDATE workspaces SET search_index_below = $2::bigint WHERE id = $1', [workspaceId, next]);
      return next !== null;
    });
    if (!more) return done;
  }
}

/** Workspaces with items still to index. */
export async function workspacesToIndex(db: Db): Promise<number[]> {
  const rows = await db.query<{ id: number }>('SELECT id FROM workspaces WHERE search_index_below IS NOT NULL ORDER BY id');
  return rows.map((r) => r.id);
}
