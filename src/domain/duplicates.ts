/**
 * An item is a duplicate (`is_duplicate`, the overview's duplicate share) when another item of its
 * group was created at most this many days before it (migration 022). The group (`dup_group`)
 * still links all members; without the window the share only grows as history accumulates.
 * Enrichment sets the flag of the rows it writes (ingest/enrich.ts); the upsert recounts the
 * members after them that other writes stored (store/queries/upsert-items.ts `reconcileDuplicates`).
 */
export const DUPLICATE_WINDOW_DAYS = 7;
