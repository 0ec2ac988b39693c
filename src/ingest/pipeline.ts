import { retryOnConflict } from '../store/retry.js';
import type { Db } from '../store/db.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { identityKey, storedHashes, upsertItems, type ItemRow, type UpsertCounts } from '../store/queries/upsert-items.js';
import { inWriteTurn } from '../store/write-turns.js';
import { textEnrichmentFor, WORKER_MIN_ROWS } from './enrich.js';
import { prepareItem, type FieldError, type ItemDefaults } from './prepare-item.js';

/** Why one input of a batch was rejected; `index` is its 0-based position in the batch. */
export interface ItemError extends FieldError {
  index: number;
}

export interface IngestResult extends UpsertCounts {
  received: number;
  accepted: number;
  rejected: number;
  errors: ItemError[];
}

/**
 * Enrichment of every prepared row before it is stored: type, topic, sentiment, duplicate
 * group. The default is text intelligence (enrich.ts); `false` stores rows unlabelled.
 * `label` + `finish` are the same work in two steps, for pipelines: the per-text labels (rows in
 * any order, possibly on another thread), then what depends on the rows before (duplicate groups).
 */
export interface Enrichment {
  before(rows: ItemRow[]): Promise<void> | void;
  label?(rows: ItemRow[]): Promise<void>;
  finish?(rows: ItemRow[]): Promise<void>;
}

/** The default enrichment of a database handle: text intelligence. */
export function defaultEnrichment(db: Db): Enrichment {
  const te = textEnrichmentFor(db);
  return { before: (rows) => te.enrich(rows), label: (rows) => te.label(rows), finish: (rows) => te.finish(rows) };
}

/**
 * The rows the upsert will write: an identical re-send (same identity and content hash) is left
 * alone by it, so enriching it again would be wasted work — re-running a million-row import would
 * otherwise spend a minute and a half on it, and its duplicate index would count it twice.
 */
async function changedRows(db: Db, rows: ItemRow[]): Promise<ItemRow[]> {
  const stored = await storedHashes(db, rows);
  if (!stored.size) return rows;
  return rows.filter((r) => stored.get(identityKey(r)) !== r.content_hash);
}

/** Enriches the rows that will be written (see `changedRows`). */
export async function enrichChanged(db: Db, enrichment: Enrichment, rows: ItemRow[]): Promise<void> {
  if (!rows.length) return;
  const changed = await changedRows(db, rows);
  if (changed.length) await enrichment.before(changed);
}

/** Labels the rows that would be written now (`label`, the per-text part); returns them. */
async function labelChanged(db: Db, enrichment: Enrichment, rows: ItemRow[]): Promise<Set<ItemRow>> {
  const changed = await changedRows(db, rows);
  if (changed.length) await enrichment.label!(changed);
  return new Set(changed);
}

/**
 * In the write turn, after `labelChanged`: looks again which rows will be written, labels any that
 * were not (another writer changed its stored row meanwhile), and finishes them (duplicate groups,
 * in row order, against the rows stored by now).
 */
async function finishChanged(db: Db, enrichment: Enrichment, rows: ItemRow[], labelled: Set<ItemRow>): Promise<void> {
  const changed = await changedRows(db, rows);
  const missing = changed.filter((r) => !labelled.has(r));
  if (missing.length) await enrichment.label!(missing);
  if (changed.length) await enrichment.finish!(changed);
}

/** What a pipeline of batches learns from the batch before: the share of its rows that were identical re-sends. */
export interface PipelineState {
  unchangedBefore: Promise<number>;
}

/** The state of a new pipeline: nothing seen yet. */
export const newPipelineState = (): PipelineState => ({ unchangedBefore: Promise.resolve(0) });

/**
 * An import's form of `enrichChanged`, for a pipeline: the batch's labels are started early (on
 * the worker thread, while the caller reads the next batch and the database stores the previous
 * one); the rest of its enrichment runs after `previous` — the batch before it — so duplicate
 * groups come out as if the batches were enriched one after the other. Resolves when the batch
 * is ready to store.
 * The batch before decides how: after a batch of mostly new rows, this one is labelled whole
 * without waiting for the lookup that finds its unchanged re-sends (that lookup waits for the
 * database, the labelling should not); after a batch of mostly re-sends (a re-run of a file, an
 * export overlapping the last one) the lookup goes first and only the rows it will write are
 * labelled — re-running a million-row import used to label every row for nothing. (A row found
 * unchanged here that another writer changes before this batch is stored is then written without
 * new labels; the upsert keeps the stored ones, as it does for duplicate groups and deadlines.)
 */
export function pipelineEnrichment(db: Db, enrichment: Enrichment, rows: ItemRow[], previous: Promise<void>, state: PipelineState): Promise<void> {
  if (!rows.length) return previous;
  const { label, finish } = enrichment;
  if (!label || !finish) return previous.then(() => enrichChanged(db, enrichment, rows));
  const changed = changedRows(db, rows);
  const before = state.unchangedBefore;
  state.unchangedBefore = changed.then((write) => 1 - write.length / rows.length, () => 0);
  const labelled = before.then((unchanged) =>
    unchanged >= 0.5 ? changed.then((write) => (write.length ? label.call(enrichment, write) : undefined)) : label.call(enrichment, rows),
  );
  // Whichever fails first is reported through the returned promise; the other must not go unhandled.
  labelled.catch(() => undefined);
  changed.catch(() => undefined);
  return previous.then(async () => {
    await labelled;
    const write = await changed;
    if (write.length) await finish.call(enrichment, write);
  });
}

/** Resolves the `enrich` option: an Enrichment, the default, or none. */
export function resolveEnrichment(db: Db, option: Enrichment | false | undefined): Enrichment | null {
  return option === false ? null : (option ?? defaultEnrichment(db));
}

/** Validates and redacts a call's inputs: the rows to store, and why each other input was rejected. */
export function prepareInputs(
  workspace: Workspace,
  inputs: unknown[],
  opts: { defaults?: ItemDefaults; importRunId?: string | null } = {},
): { rows: ItemRow[]; errors: ItemError[] } {
  const rows: ItemRow[] = [];
  const errors: ItemError[] = [];
  inputs.forEach((input, index) => {
    const prepared = prepareItem(input, workspace, opts.defaults, opts.importRunId);
    if (prepared.ok) rows.push(prepared.row);
    else for (const e of prepared.errors) errors.push({ index, ...e });
  });
  return { rows, errors };
}

/**
 * Work that commits with a batch's write, in its transaction: an import's run counters, so a crash
 * leaves both or neither. Given the batch's counts and rejects; it may run again if the write is
 * retried after a deadlock, so what it keeps outside the transaction (an import's figures, added to
 * its summary once the write has committed) is replaced by each call, never added to.
 */
export type WithinWrite = (tx: Db, counts: UpsertCounts, errors: readonly ItemError[]) => Promise<void>;

/**
 * The ingest pipeline for a batch: validate → redact → (enrich) → store idempotently.
 * Good inputs land even when others are rejected; each rejected one is reported with its reason.
 */
export async function ingestItems(
  db: Db,
  workspace: Workspace,
  inputs: unknown[],
  opts: { defaults?: ItemDefaults; enrich?: Enrichment | false; importRunId?: string | null; within?: WithinWrite } = {},
): Promise<IngestResult> {
  const { rows, errors } = prepareInputs(workspace, inputs, opts);
  const enrichment = resolveEnrichment(db, opts.enrich);
  const { within } = opts;
  // A large batch's labels (on the worker thread, a second or more for thousands of rows) are made
  // before its write turn, not in it: an API call or a webhook arriving meanwhile is stored first
  // instead of waiting for them (a vendor import's batch, an API call of up to 10,000 items).
  const early = enrichment?.label && enrichment.finish && rows.length >= WORKER_MIN_ROWS ? await labelChanged(db, enrichment, rows) : null;
  // Its lookup and its write in one turn: an import's batches do not come between them.
  const counts = await inWriteTurn(db, async () => {
    if (enrichment && early) await finishChanged(db, enrichment, rows, early);
    else if (enrichment && rows.length) await enrichChanged(db, enrichment, rows);
    // A bulk label correction locking the same items in another order may deadlock with this write: the loser runs again.
    return retryOnConflict(() =>
      within
        ? db.transaction(async (tx) => {
            const c = await upsertItems(tx, rows);
            await within(tx, c, errors);
            return c;
          })
        : upsertItems(db, rows),
    );
  });
  return {
    received: inputs.length,
    accepted: rows.length,
    rejected: inputs.length - rows.length,
    errors,
    ...counts,
  };
}
