import { groupByWorkspace } from '../../domain/item.js';
import { addSearchBigramCodes, BLOOM_BITS_LOG2, bloomPositions, BUCKET_BITS_LOG2, searchBigramCodes } from '../../text/bigrams.js';
import { foldSpacing } from '../../text/spacing.js';
import type { Db } from '../db.js';

/**
 * The search index: which character pairs occur on which local day of a workspace, as a Bloom
 * filter per day (`item_day_bigrams`, migration 017) sized to the day's pairs (`item_day_filters`,
 * migration 019: a quiet day's filter is one row of 8,192 bits, a busy one up to 256; a day that
 * fills up is rebuilt larger from its items, under the lock of its `item_day_filters` row, which
 * every writer of the day's filter takes first). A large batch puts its pairs in the filter
 * in the transaction that writes its items; a small one (an API call) leaves its days marked
 * dirty by the items' trigger, and the server folds those days in every minute. A search reads
 * only the days holding every pair of its term, and the dirty days. Items stored without their
 * pairs (before the migration, by a restore) are below the workspace's `search_index_below` until
 * `backfillSearchIndex` has read them; until then searches read every day. Days are the
 * workspace's local days as the database reckons them (`localDaysOf`); a change of the workspace's
 * zone drops its filters and indexes every item again (workspace-time-zone.ts). The pairs are
 * those of each field with its Korean spacing folded (text/spacing.ts: "환불 언제" holds 불언), as
 * searches ask for them; migration 041 dropped the filters written before that.
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
 * A day's filter has 2^size_log2 bits (migration 019), 13 (one row) to 21 (256 rows): built with
 * at least 16 bits per bit set (per pair ~0.4 % false positives with two bits a pair), rebuilt
 * larger from the day's items once more than one bit in 8 is set (~1.6 %). Full-size filters, at
 * 2^21 bits, fill past that only beyond ~130,000 distinct pairs a day.
 */
const MIN_SIZE_LOG2 = BUCKET_BITS_LOG2;
const MAX_SIZE_LOG2 = BLOOM_BITS_LOG2;

/** The size of a filter built for `bits` distinct full-size positions. */
export function sizeLog2For(bits: number): number {
  return Math.min(MAX_SIZE_LOG2, Math.max(MIN_SIZE_LOG2, Math.ceil(Math.log2(16 * Math.max(bits, 1)))));
}

/** Whether a filter of this size with this many bits set should be rebuilt larger. */
const overfull = (sizeLog2: number, bitsSet: number) => sizeLog2 < MAX_SIZE_LOG2 && bitsSet * 8 > 2 ** sizeLog2;

/**
 * One local day's pairs as full-size filter bits (2^21), by bucket of 8,192; `add` sets a pair
 * code's two bits (setting twice is harmless). `folded` gives the filter at a smaller size: a
 * position p is bit p mod 2^size, so the buckets are OR-ed together by bucket mod 2^(size − 13).
 */
class DayFilter {
  readonly buckets = new Map<number, Uint8Array>();
  /** Distinct full-size positions set. */
  bits = 0;
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
    const mask = 0x80 >>> (bit & 7);
    if (!(bytes[bit >>> 3]! & mask)) {
      bytes[bit >>> 3]! |= mask;
      this.bits++;
    }
  }
  /** The filter's rows at 2^sizeLog2 bits, by bucket in ascending order, with how many bits they set. */
  folded(sizeLog2: number): { buckets: number[]; bytes: Uint8Array[]; bits: number } {
    const count = 1 << (sizeLog2 - BUCKET_BITS_LOG2);
    const out = new Map<number, Uint8Array>();
    for (const [bucket, bytes] of this.buckets) {
      const target = bucket & (count - 1);
      const into = out.get(target);
      if (!into) out.set(target, count === 1 << (BLOOM_BITS_LOG2 - BUCKET_BITS_LOG2) ? bytes : Uint8Array.from(bytes));
      else for (let i = 0; i < BUCKET_BYTES; i++) into[i]! |= bytes[i]!;
    }
    const buckets = [...out.keys()].sort((x, y) => x - y);
    let bits = 0;
    for (const bytes of out.values()) for (let i = 0; i < BUCKET_BYTES; i++) bits += POPCOUNT[bytes[i]!]!;
    return { buckets, bytes: buckets.map((b) => out.get(b)!), bits };
  }
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, i) => {
  let n = 0;
  for (let x = i; x; x >>= 1) n += x & 1;
  return n;
});

/** PostgreSQL's hex bit-string input for a bucket ("x…", first bit = highest bit). */
const bitString = (bytes: Uint8Array) => `x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;

/** Filter rows to write, as the column arrays the statements unnest: (day, size, bucket, bits). */
class FilterRows {
  readonly days: string[] = [];
  private readonly sizes: number[] = [];
  private readonly buckets: number[] = [];
  private readonly bits: string[] = [];
  /** Adds a day's filter folded to 2^sizeLog2 bits; returns how many bits its rows set. */
  add(day: string, sizeLog2: number, filter: DayFilter): number {
    const folded = filter.folded(sizeLog2);
    folded.buckets.forEach((bucket, i) => {
      this.days.push(day);
      this.sizes.push(sizeLog2);
      this.buckets.push(bucket);
      this.bits.push(bitString(folded.bytes[i]!));
    });
    return folded.bits;
  }
  params(workspaceId: number): unknown[] {
    return [workspaceId, this.days, this.sizes, this.buckets, this.bits];
  }
}

/**
 * The local day of each row as the database reckons it. Searches, the minute fold and rebuilds
 * turn days back into instants in SQL, so the index must file rows under the database's days: its
 * time-zone data can differ from Node's (PGlite 0.5.16 and Node 20 disagree on America/Edmonton
 * from November 2026 and on Africa/Casablanca; an item filed under Node's day was never found).
 * One question per quarter hour the rows fall in, asking for the day at both ends of the quarter;
 * only rows in a quarter that a day boundary cuts (an offset that is not a multiple of 15
 * minutes: historical local mean times) are asked about one by one.
 */
async function localDaysOf(db: Db, rows: IndexedRow[], timezone: string): Promise<string[]> {
  const quarterIndex = new Map<number, number>();
  for (const row of rows) {
    const quarter = Math.floor(row.created_at.getTime() / 900_000);
    if (!quarterIndex.has(quarter)) quarterIndex.set(quarter, quarterIndex.size);
  }
  const ends = await db.query<{ a: string; b: string }>(
    `SELECT to_char((to_timestamp(q * 900) AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS a,
            to_char((to_timestamp(q * 900 + 899.999999) AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS b
     FROM unnest($1::float8[]) WITH ORDINALITY AS t(q, n) ORDER BY n`,
    [[...quarterIndex.keys()], timezone],
  );
  const days: (string | null)[] = rows.map((row) => {
    const end = ends[quarterIndex.get(Math.floor(row.created_at.getTime() / 900_000))!]!;
    return end.a === end.b ? end.a : null;
  });
  const cut = days.flatMap((day, i) => (day === null ? [i] : []));
  if (cut.length) {
    const exact = await db.query<{ d: string }>(
      `SELECT to_char((t AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS d FROM unnest($1::timestamptz[]) WITH ORDINALITY AS u(t, n) ORDER BY n`,
      [cut.map((i) => rows[i]!.created_at), timezone],
    );
    cut.forEach((i, k) => (days[i] = exact[k]!.d));
  }
  return days as string[];
}

/** The day filters of one workspace's rows, by local day (the database's: `localDaysOf`). */
async function dayFilters(db: Db, rows: IndexedRow[], timezone: string, into = new Map<string, DayFilter>()): Promise<Map<string, DayFilter>> {
  if (!rows.length) return into;
  const days = await localDaysOf(db, rows, timezone);
  rows.forEach((row, i) => {
    const day = days[i]!;
    let filter = into.get(day);
    if (!filter) into.set(day, (filter = new DayFilter()));
    // The pairs with spacing folded (text/spacing.ts), as searches ask for them: migration 041.
    addSearchBigramCodes(row.text, filter);
    if (row.title) addSearchBigramCodes(row.title, filter);
    if (row.order_ref) addSearchBigramCodes(row.order_ref, filter);
    addSearchBigramCodes(row.external_id, filter);
  });
  return into;
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

/**
 * Puts rows' pairs into their days' filters (a batch being stored, a fold, a backfill): each day's
 * row in `item_day_filters` is locked first (in day order, so two writers cannot deadlock), a new
 * day is sized for the pairs it gets, and the bits are OR-ed in at the day's size. A day that ends
 * up more than one bit in 8 full is rebuilt larger from its stored items and these rows.
 */
async function writeFilters(db: Db, rows: IndexedRow[]): Promise<void> {
  for (const { id, timezone, rows: group } of await workspaceZones(db, rows)) {
    const filters = await dayFilters(db, group, timezone);
    const current = await lockDays(db, id, [...filters.keys()]);
    const n = new FilterRows();
    // A new day (size 0) gets the size its first pairs need.
    for (const [day, now] of current) n.add(day, now || sizeLog2For(filters.get(day)!.bits), filters.get(day)!);
    if (!n.days.length) continue;
    // How many bits each day's rows gained: the rows as they were (o) against the rows written (u);
    // rows whose bits were all set already are not written.
    const after = await db.query<{ day: string; size_log2: number; bits_set: number }>(
      `WITH n AS (
         SELECT d::date AS day, s::smallint AS size_log2, b::smallint AS bucket, x::bit(8192) AS bits
         FROM unnest($2::text[], $3::int[], $4::int[], $5::text[]) AS t(d, s, b, x)),
       o AS (
         SELECT f.day, f.bucket, bit_count(f.bits) AS c FROM item_day_bigrams f
         JOIN n ON f.workspace_id = $1 AND f.size_log2 = n.size_log2 AND f.bucket = n.bucket AND f.day = n.day),
       u AS (
         INSERT INTO item_day_bigrams AS f (workspace_id, size_log2, bucket, day, bits)
         SELECT $1, size_log2, bucket, day, bits FROM n ORDER BY size_log2, bucket, day
         ON CONFLICT (workspace_id, size_log2, bucket, day) DO UPDATE SET bits = f.bits | EXCLUDED.bits
         WHERE f.bits | EXCLUDED.bits <> f.bits
         RETURNING f.day, f.bucket, bit_count(f.bits) AS c)
       UPDATE item_day_filters d SET size_log2 = s.size_log2, bits_set = d.bits_set + COALESCE(a.added, 0)
       FROM (SELECT DISTINCT day, size_log2 FROM n) s
       LEFT JOIN (SELECT u.day, sum(u.c - COALESCE(o.c, 0))::int AS added FROM u LEFT JOIN o ON o.day = u.day AND o.bucket = u.bucket GROUP BY u.day) a
         ON a.day = s.day
       WHERE d.workspace_id = $1 AND d.day = s.day
       RETURNING to_char(d.day, 'YYYY-MM-DD') AS day, d.size_log2, d.bits_set`,
      n.params(id),
    );
    const grow = after.filter((d) => overfull(d.size_log2, d.bits_set));
    if (grow.length) await rebuildDays(db, id, timezone, new Map(grow.map((d) => [d.day, d.size_log2])), filters);
  }
}

/**
 * Locks the days' rows in `item_day_filters` (creating those of new days, size 0: no filter yet)
 * and returns each day's filter size, in day order.
 */
async function lockDays(db: Db, workspaceId: number, days: string[]): Promise<Map<string, number>> {
  const rows = await db.query<{ day: string; size_log2: number }>(
    `INSERT INTO item_day_filters AS f (workspace_id, day, size_log2, bits_set)
     SELECT $1, d::date, 0, 0 FROM unnest($2::text[]) AS t(d) ORDER BY 2
     ON CONFLICT (workspace_id, day) DO UPDATE SET size_log2 = f.size_log2
     RETURNING to_char(day, 'YYYY-MM-DD') AS day, size_log2`,
    [workspaceId, days],
  );
  return new Map(rows.sort((a, b) => (a.day < b.day ? -1 : 1)).map((r) => [r.day, r.size_log2]));
}

/**
 * Rebuilds the days' filters (their rows locked by the caller; `current`: their sizes now) from
 * their stored items and the pairs in `pending` (rows of the caller's batch, not stored yet), each
 * at the size its pairs need.
 */
async function rebuildDays(
  db: Db,
  workspaceId: number,
  timezone: string,
  current: Map<string, number>,
  pending: Map<string, DayFilter>,
): Promise<void> {
  const days = [...current.keys()];
  const stored = await db.query<IndexedRow>(
    `SELECT i.workspace_id, i.created_at, i.title, i.text, i.order_ref, i.external_id
     FROM unnest($2::date[]) AS d(day)
     JOIN items i ON i.workspace_id = $1 AND i.created_at >= (d.day::timestamp AT TIME ZONE $3) AND i.created_at < ((d.day + 1)::timestamp AT TIME ZONE $3)`,
    [workspaceId, days, timezone],
  );
  const filters = new Map<string, DayFilter>(days.map((day) => [day, pending.get(day) ?? new DayFilter()]));
  await dayFilters(db, stored, timezone, filters);
  const n = new FilterRows();
  const size = new Map<string, number>();
  const set = new Map<string, number>();
  for (const [day, filter] of filters) {
    size.set(day, sizeLog2For(filter.bits));
    set.set(day, n.add(day, size.get(day)!, filter));
  }
  // The rows the days have now, each by its whole key (size, bucket, day).
  await db.query(
    `DELETE FROM item_day_bigrams f
     USING (SELECT d::date AS day, s AS size_log2, generate_series(0, (1 << (s - ${BUCKET_BITS_LOG2})) - 1) AS bucket
            FROM unnest($2::text[], $3::int[]) AS t(d, s)) k
     WHERE f.workspace_id = $1 AND f.size_log2 = k.size_log2 AND f.bucket = k.bucket AND f.day = k.day`,
    [workspaceId, days, days.map((day) => current.get(day)!)],
  );
  await db.query(
    `INSERT INTO item_day_bigrams (workspace_id, size_log2, bucket, day, bits)
     SELECT $1, s, b, d::date, x::bit(8192) FROM unnest($2::text[], $3::int[], $4::int[], $5::text[]) AS t(d, s, b, x)
     ORDER BY s, b, d`,
    n.params(workspaceId),
  );
  await db.query(
    `UPDATE item_day_filters f SET size_log2 = t.s, bits_set = t.c
     FROM unnest($2::text[], $3::int[], $4::int[]) AS t(d, s, c) WHERE f.workspace_id = $1 AND f.day = t.d::date`,
    [workspaceId, [...size.keys()], [...size.values()], [...set.values()]],
  );
}

/**
 * The words a search asks for, each to be found somewhere in an item (in any order, as help-desk
 * searches do: "로그인 안" finds "로그인이 안 돼요"); text in double quotes is one phrase. Each comes
 * with its spacing folded (text/spacing.ts), as it is matched: "배송지 변경" in quotes is 배송지변경.
 * Every word counts, however many (an API query is at most 200 characters): dropping some would
 * widen the search behind the operator's back.
 */
export function searchTerms(q: string): string[] {
  const terms = new Set<string>();
  const re = /"([^"]+)"|(\S+)/g;
  for (let m = re.exec(q); m; m = re.exec(q)) {
    const term = foldSpacing((m[1] ?? m[2] ?? '').trim().replace(/^"+|"+$/g, ''));
    if (term) terms.add(term);
  }
  return [...terms];
}

/**
 * The instants a search for `query` needs to read, newest first: the workspace's local days that
 * hold every character pair of its words, and the days marked dirty, adjacent days merged. Null
 * when the index cannot narrow it (only one-character words, letters with case outside ASCII,
 * items not indexed yet): read all.
 */
export async function searchRanges(db: Db, workspaceId: number, query: string): Promise<{ from: Date; to: Date }[] | null> {
  // A day can hold the items only if it holds every pair of every word (words too short or with
  // case to fold narrow nothing and are left to the scan).
  const all = new Set<number>();
  for (const term of searchTerms(query)) for (const code of searchBigramCodes(term) ?? []) all.add(code);
  const codes = all.size ? [...all] : null;
  if (!codes) return null;
  const [ws] = await db.query<{ ready: boolean }>('SELECT search_index_below IS NULL AS ready FROM workspaces WHERE id = $1', [workspaceId]);
  if (!ws?.ready) return null;
  const positions = new Set<number>();
  for (const code of codes) for (const pos of bloomPositions(code)) positions.add(pos);
  // Each position is one bit at each filter size a day may have (bit p mod 2^size): a day's rows
  // all have its one size, so it holds the term's pairs when every position's bit is set there.
  const q = { sizes: [] as number[], buckets: [] as number[], bits: [] as number[] };
  for (const pos of positions) {
    for (let size = MIN_SIZE_LOG2; size <= MAX_SIZE_LOG2; size++) {
      q.sizes.push(size);
      q.buckets.push((pos & ((1 << size) - 1)) >>> BUCKET_BITS_LOG2);
      q.bits.push(pos & BUCKET_MASK);
    }
  }
  const days = await db.query<{ from: Date; to: Date }>(
    `SELECT (d.day::timestamp AT TIME ZONE w.timezone) AS "from", ((d.day + 1)::timestamp AT TIME ZONE w.timezone) AS "to"
     FROM (SELECT f.day FROM item_day_bigrams f JOIN unnest($2::int[], $3::int[], $4::int[]) AS q(size_log2, bucket, bit)
             ON f.size_log2 = q.size_log2 AND f.bucket = q.bucket
           WHERE f.workspace_id = $1 AND get_bit(f.bits, q.bit) = 1
           GROUP BY f.day HAVING count(*) = $5
           UNION
           SELECT day FROM item_search_dirty_days WHERE workspace_id = $1) d
     JOIN workspaces w ON w.id = $1
     ORDER BY d.day DESC`,
    [workspaceId, q.sizes, q.buckets, q.bits, positions.size],
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
