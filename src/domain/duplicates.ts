import { ANSWERABLE_CHANNELS } from './item.js';

/**
 * An item is a duplicate (`is_duplicate`, the overview's duplicate share) when another item of its
 * group was created at most this many days before it (migration 022). The group (`dup_group`)
 * still links all members; without the window the share only grows as history accumulates.
 * Enrichment sets the flag of the rows it writes (ingest/enrich.ts); the upsert recounts the
 * members after them that other writes stored (store/queries/upsert-items.ts `reconcileDuplicates`).
 */
export const DUPLICATE_WINDOW_DAYS = 7;

/**
 * The channels whose items count as duplicates — the one rule of the Overview's duplicate share, the
 * list's `duplicate` filter and the list's duplicate badge: those that expect an answer (a customer
 * asking again, or many customers reporting the same problem). Reviews, app-store reviews and survey
 * answers repeat each other by nature ("좋아요", "배송 빨라요" a hundred times a day): their groups are
 * kept (a link to similar texts) but are no duplicate.
 */
export const DUPLICATE_CHANNELS = ANSWERABLE_CHANNELS;

/** True when an item on this channel can count as a duplicate (DUPLICATE_CHANNELS). */
export function countsAsDuplicate(channel: string): boolean {
  return (DUPLICATE_CHANNELS as readonly string[]).includes(channel);
}
