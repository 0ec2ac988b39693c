import { inInstantRange, parseTimestamp, SOURCE_VERSION_FIELD } from '../domain/item.js';
import type { Db } from '../store/db.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { ingestQueued } from './ingest-queue.js';
import { storedExternalId } from './prepare-item.js';
import { ingestItems, type IngestResult, type WithinWrite } from './pipeline.js';

/**
 * What `ingestLatestStates` did: the pipeline's counts (stale items count in `received` only), why
 * each stale one was skipped, and its index in the items given (`staleIndex[i]` is `stale[i]`'s).
 */
export interface LatestStatesResult extends IngestResult {
  stale: string[];
  staleIndex: number[];
}

/**
 * How many items of a call were not written for being older than their record: those this check
 * named (`stale`) and those the store's own check kept out (`older`: a write racing the call). The
 * API's and the webhooks' answers count both as `stale`; only the first are named.
 */
export const staleCount = (result: LatestStatesResult): number => result.stale.length + result.older;

/**
 * Where an item's version is: `metadata` — `item.metadata[versionKey]`, as a vendor adapter
 * writes it (Zendesk's ticket `updated_at`); `item` — the item's own field `versionKey`
 * (`source_updated_at`, which the pipeline stores as `metadata[versionKey]`).
 */
export type VersionIn = 'metadata' | 'item';

/**
 * Stores items that each carry a record's whole current state (a Zendesk ticket, or any item with
 * `source_updated_at`), skipping any older than the record's newest known state — the stored
 * row's (`metadata[versionKey]`) or a later copy in the same call — so a late or re-sent event
 * never rolls a record back. An equal version goes through (an identical re-send stays
 * 'unchanged'); an item without a readable version cannot be judged and goes through too (its
 * own field's unreadable version is then rejected by the pipeline). Calls about the same record
 * are checked and stored one after another in this process, so two arriving together cannot
 * both pass the check and land in the wrong order; the store repeats the check for
 * `source_updated_at` under each row's lock (upsert-items.ts), which covers writers in other
 * processes. Error indexes refer to `items`.
 */
export async function ingestLatestStates(
  db: Db,
  workspace: Workspace,
  items: unknown[],
  opts: { source?: string; versionKey: string; versionIn?: VersionIn; importRunId?: string | null; within?: WithinWrite },
): Promise<LatestStatesResult> {
  const { versionKey } = opts;
  const inItem = opts.versionIn === 'item';
  // As the pipeline will store it: blank source takes the default, ids may be numbers, both trimmed.
  const identity = (item: unknown): [string, string] | null => {
    if (item === null || typeof item !== 'object') return null;
    const { source, external_id: id } = item as Record<string, unknown>;
    const externalId = typeof id === 'string' ? id.trim() : typeof id === 'number' ? String(id) : '';
    const blank = source === undefined || source === null || (typeof source === 'string' && !source.trim());
    const src = blank ? opts.source : typeof source === 'string' ? source.trim() : undefined;
    // Stored under a keyed hash when the id is an e-mail address or a phone number.
    return externalId && src ? [src, storedExternalId(workspace, externalId)] : null;
  };
  // Vendor metadata keeps its reading (ISO 8601 from the adapter); an item's own field is read as
  // the item schema reads its timestamps (the workspace's zone, 1970–2199), and so is what it stored.
  const readVersion = (v: unknown): number | null => {
    if (!inItem) {
      const ms = typeof v === 'string' ? Date.parse(v) : NaN;
      return Number.isNaN(ms) ? null : ms;
    }
    if (typeof v !== 'string' && typeof v !== 'number') return null;
    const date = parseTimestamp(v, workspace.timezone);
    return date && inInstantRange(date) ? date.getTime() : null;
  };
  const versionOf = (item: unknown): number | null => {
    if (item === null || typeof item !== 'object') return null;
    const holder = inItem ? item : (item as { metadata?: unknown }).metadata;
    return holder && typeof holder === 'object' ? readVersion((holder as Record<string, unknown>)[versionKey]) : null;
  };
  const ids = items.map(identity);
  const versions = items.map((item, i) => (ids[i] ? versionOf(item) : null));
  const keyOf = ([source, externalId]: [string, string]) => `${workspace.id}\u0001${source}\u0001${externalId}`;
  const known = ids.filter((id): id is [string, string] => id !== null);
  // Only records some item names a version of have a stored version worth reading.
  const judged = ids.filter((id, i): id is [string, string] => id !== null && versions[i] !== null);
  return oneAtATime(db, known.map(keyOf), async () => {
    const newest = new Map<string, number>();
    const keep = (key: string, ms: number | null) => {
      if (ms !== null && ms > (newest.get(key) ?? -Infinity)) newest.set(key, ms);
    };
    if (judged.length) {
      const stored = await db.query<{ source: string; external_id: string; version: string | null }>(
        `SELECT source, external_id, metadata->>$4 AS version FROM items
         WHERE workspace_id = $1 AND (source, external_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
        [workspace.id, judged.map((k) => k[0]), judged.map((k) => k[1]), versionKey],
      );
      for (const row of stored) keep(keyOf([row.source, row.external_id]), readVersion(row.version));
    }
    items.forEach((_, i) => ids[i] && keep(keyOf(ids[i]), versions[i]));
    const fresh: unknown[] = [];
    const freshIndex: number[] = [];
    const stale: string[] = [];
    const staleIndex: number[] = [];
    items.forEach((item, i) => {
      const id = ids[i];
      const ms = versions[i];
      const latest = id ? newest.get(keyOf(id)) : undefined;
      if (id && ms !== null && latest !== undefined && ms < latest) {
        stale.push(`${id[1]}: ${versionKey} ${new Date(ms).toISOString()} is older than the known ${new Date(latest).toISOString()} / 저장된 상태보다 오래된 이벤트입니다`);
        staleIndex.push(i);
      } else {
        fresh.push(item);
        freshIndex.push(i);
      }
    });
    const ingestOpts = { ...(opts.source ? { defaults: { source: opts.source } } : {}), importRunId: opts.importRunId };
    // Work to commit with the write (an import's counters) goes to the pipeline itself: the queue shares its transactions among calls.
    const { within } = opts;
    // The hook sees the call as its caller does: the items skipped here count as older, rejects are indexed into `items`.
    const result = within
      ? await ingestItems(db, workspace, fresh, {
          ...ingestOpts,
          within: (tx, c, errors) => within(tx, { ...c, older: c.older + stale.length }, errors.map((e) => ({ ...e, index: freshIndex[e.index] ?? e.index }))),
        })
      : await ingestQueued(db, workspace, fresh, ingestOpts);
    return {
      ...result,
      received: items.length,
      errors: result.errors.map((e) => ({ ...e, index: freshIndex[e.index] ?? e.index })),
      stale,
      staleIndex,
    };
  });
}

/** Whether any input names its record's version (`source_updated_at`, not blank). */
export function carriesSourceVersion(inputs: readonly unknown[]): boolean {
  for (const input of inputs) {
    if (input === null || typeof input !== 'object') continue;
    const v = (input as Record<string, unknown>)[SOURCE_VERSION_FIELD];
    if (v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '')) return true;
  }
  return false;
}

/**
 * The API's and the generic receiver's writes: a call whose items carry `source_updated_at`
 * skips those older than their record's stored state (`ingestLatestStates`); any other call goes
 * straight to the queue, as before, at no extra query.
 */
export async function ingestSourceStates(db: Db, workspace: Workspace, items: unknown[], opts: { source?: string } = {}): Promise<LatestStatesResult> {
  if (carriesSourceVersion(items)) return ingestLatestStates(db, workspace, items, { source: opts.source, versionKey: SOURCE_VERSION_FIELD, versionIn: 'item' });
  const result = await ingestQueued(db, workspace, items, opts.source ? { defaults: { source: opts.source } } : {});
  return { ...result, stale: [], staleIndex: [] };
}

// Per database: the last pending call about each record (workspace, source, external id).
const pending = new WeakMap<Db, Map<string, Promise<void>>>();

/** Runs `fn` after every earlier call that named one of `keys` has finished (a keyed queue). */
async function oneAtATime<T>(db: Db, keys: string[], fn: () => Promise<T>): Promise<T> {
  let held = pending.get(db);
  if (!held) pending.set(db, (held = new Map()));
  const before = new Set<Promise<void>>();
  for (const k of keys) {
    const p = held.get(k);
    if (p) before.add(p);
  }
  const run = Promise.all(before).then(fn);
  const done = run.then(
    () => undefined,
    () => undefined,
  );
  for (const k of keys) held.set(k, done);
  try {
    return await run;
  } finally {
    for (const k of keys) if (held.get(k) === done) held.delete(k);
  }
}
