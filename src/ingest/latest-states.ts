import type { ItemInput } from '../domain/item.js';
import type { Db } from '../store/db.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { ingestQueued } from './ingest-queue.js';
import type { IngestResult } from './pipeline.js';

/** What `ingestLatestStates` did: the pipeline's counts (stale items count in `received` only), and why each stale one was skipped. */
export interface LatestStatesResult extends IngestResult {
  stale: string[];
}

/**
 * Stores items that each carry a vendor record's whole current state (a Zendesk ticket), skipping
 * any older than the record's newest known state — the stored row's or a later copy in the same
 * delivery — by `metadata[versionKey]`, so a late or re-sent event never rolls a record back. An
 * equal version goes through (an identical re-send stays 'unchanged'); an item without a
 * readable version cannot be judged and goes through too. Deliveries about the same record are
 * checked and stored one after another in this process, so two arriving together cannot both
 * pass the check and land in the wrong order. Error indexes refer to `items`.
 */
export async function ingestLatestStates(
  db: Db,
  workspace: Workspace,
  items: ItemInput[],
  opts: { source: string; versionKey: string },
): Promise<LatestStatesResult> {
  const identity = (item: ItemInput): [string, string] | null =>
    typeof item.external_id === 'string' && item.external_id.trim() ? [item.source || opts.source, item.external_id.trim()] : null;
  const versionMs = (metadata: unknown): number | null => {
    const v = metadata && typeof metadata === 'object' ? (metadata as Record<string, unknown>)[opts.versionKey] : undefined;
    const ms = typeof v === 'string' ? Date.parse(v) : NaN;
    return Number.isNaN(ms) ? null : ms;
  };
  const ids = items.map(identity);
  const known = ids.filter((id): id is [string, string] => id !== null);
  const keyOf = ([source, externalId]: [string, string]) => `${workspace.id}\u0001${source}\u0001${externalId}`;
  return oneAtATime(db, known.map(keyOf), async () => {
    const newest = new Map<string, number>();
    const keep = (key: string, ms: number | null) => {
      if (ms !== null && ms > (newest.get(key) ?? -Infinity)) newest.set(key, ms);
    };
    if (known.length) {
      const stored = await db.query<{ source: string; external_id: string; version: string | null }>(
        `SELECT source, external_id, metadata->>$4 AS version FROM items
         WHERE workspace_id = $1 AND (source, external_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
        [workspace.id, known.map((k) => k[0]), known.map((k) => k[1]), opts.versionKey],
      );
      for (const row of stored) keep(keyOf([row.source, row.external_id]), versionMs({ [opts.versionKey]: row.version }));
    }
    items.forEach((item, i) => ids[i] && keep(keyOf(ids[i]), versionMs(item.metadata)));
    const fresh: ItemInput[] = [];
    const freshIndex: number[] = [];
    const stale: string[] = [];
    items.forEach((item, i) => {
      const id = ids[i];
      const ms = versionMs(item.metadata);
      const latest = id ? newest.get(keyOf(id)) : undefined;
      if (id && ms !== null && latest !== undefined && ms < latest) {
        stale.push(`${id[1]}: ${opts.versionKey} ${new Date(ms).toISOString()} is older than the known ${new Date(latest).toISOString()} / 저장된 상태보다 오래된 이벤트입니다`);
      } else {
        fresh.push(item);
        freshIndex.push(i);
      }
    });
    const result = await ingestQueued(db, workspace, fresh, { defaults: { source: opts.source } });
    return {
      ...result,
      received: items.length,
      errors: result.errors.map((e) => ({ ...e, index: freshIndex[e.index] ?? e.index })),
      stale,
    };
  });
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
