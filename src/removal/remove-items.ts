import { writeAudit } from '../auth/audit.js';
import { SoriError } from '../domain/errors.js';
import { textEnrichmentFor } from '../ingest/enrich.js';
import { refreshClusterExamples } from '../labels/discover-topics.js';
import type { Db } from '../store/db.js';
import { deleteLockedItems, selectItemsToDelete, type DeletedCounts, type ItemSelection, type LockedItem } from '../store/queries/delete-items.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { retryOnConflict } from '../store/retry.js';

/**
 * Taking items back out of Sori: chosen items (this file), what an import run created
 * (undo-import.ts), one customer's items (erase-customer.ts). Each call is one transaction —
 * the items locked, the count the operator saw checked, the items and what was derived from them
 * deleted (store/queries/delete-items.ts), the audit entry written — run again when it lost a
 * deadlock (an ingest locks the same items in its batch's order).
 */

/** Most items one call deletes (one transaction; as a bulk correction). */
export const MAX_DELETE = 10_000;

/** What a deletion will do (a preview) or did. */
export interface DeletionCounts {
  /** Items found (to delete, or deleted). */
  matched: number;
  /** Of those, items with an operator's label correction (training data the next model will not have). */
  corrected: number;
}

/** The audit entry of a deletion: its action and target, and what to record beside the counts. */
export interface DeletionAudit {
  actor: string;
  action: 'items.delete' | 'imports.undo' | 'customers.erase';
  target: string;
  detail: Record<string, unknown>;
}

/** 409 count_changed: another number of items is there now than the operator was shown; nothing deleted. */
export function countChanged(now: number, expected: number): SoriError {
  return new SoriError(
    'count_changed',
    `${now.toLocaleString('en')} items would be deleted now, not ${expected.toLocaleString('en')}: nothing was deleted; look again / ` +
      `지금 삭제 대상은 ${now.toLocaleString('ko')}건입니다(${expected.toLocaleString('ko')}건이 아님). 아무것도 삭제하지 않았습니다. 다시 확인하세요`,
    { count: now, expected },
  );
}

/** The counts of a selection's items as they are now (nothing locked, nothing deleted). */
export async function previewDeletion(db: Db, workspaceId: number, by: ItemSelection): Promise<DeletionCounts & { items: LockedItem[] }> {
  const items = await selectItemsToDelete(db, workspaceId, by);
  return { matched: items.length, corrected: items.filter((i) => i.corrected).length, items };
}

/**
 * Deletes a selection's items in one transaction: `before` runs first in it (an undo locks and
 * checks its run), then the items are locked and counted — another count than `expectedCount`
 * deletes nothing (409 count_changed) — deleted with what was derived from them, `after` runs
 * (the run marked undone), and the audit entry is written with the counts.
 */
export async function deleteSelection(
  db: Db,
  workspace: Workspace,
  by: ItemSelection,
  opts: {
    expectedCount?: number;
    audit: DeletionAudit;
    before?: (tx: Db) => Promise<void>;
    after?: (tx: Db, counts: DeletedCounts) => Promise<Record<string, unknown> | void>;
  },
): Promise<DeletedCounts & { items: LockedItem[]; extra: Record<string, unknown> }> {
  const result = await retryOnConflict(() =>
    db.transaction(async (tx) => {
      await opts.before?.(tx);
      const items = await selectItemsToDelete(tx, workspace.id, by, { lock: true });
      if (opts.expectedCount !== undefined && items.length !== opts.expectedCount) throw countChanged(items.length, opts.expectedCount);
      const counts = await deleteLockedItems(tx, workspace.id, items);
      // Discovered clusters that showed a deleted item as an example choose another (migration 052).
      await refreshClusterExamples(tx, workspace.id, items.map((i) => i.id));
      const extra = (await opts.after?.(tx, counts)) ?? {};
      await writeAudit(tx, opts.audit.actor, opts.audit.action, opts.audit.target, {
        workspace: workspace.slug,
        ...opts.audit.detail,
        deleted: counts.deleted,
        corrected: counts.corrected,
        conversation_updates: counts.conversation_updates,
        ...extra,
      });
      return { ...counts, items, extra };
    }),
  );
  // This process's near-duplicate index still knows the deleted items' texts: the next ingest would
  // put a new item in a deleted item's group (and flag it a duplicate of nothing). Rebuilt on next use.
  if (result.deleted) textEnrichmentFor(db).resetDuplicates(workspace.id);
  return result;
}

/** What deleting chosen items answers. */
export interface ItemDeletionResult extends DeletionCounts {
  dry_run: boolean;
  deleted: number;
  /** Ids given that are not items of this workspace: nothing done to them. */
  not_found: string[];
}

/**
 * Deletes chosen items of the workspace (at most MAX_DELETE): `expectedCount` is how many the
 * admin was shown (another number found now deletes nothing, 409 count_changed); with `dryRun`,
 * only counts. `auditDetail` says how they were chosen (ids, or the filter).
 */
export async function deleteItems(
  db: Db,
  workspace: Workspace,
  itemIds: readonly string[],
  opts: { expectedCount?: number; dryRun?: boolean; actor: string; auditDetail?: Record<string, unknown> },
): Promise<ItemDeletionResult> {
  // As the database writes them ("007" is item 7).
  const ids = [...new Set(itemIds.map((id) => BigInt(id).toString()))];
  if (ids.length > MAX_DELETE) {
    throw new SoriError('validation_failed', `at most ${MAX_DELETE.toLocaleString('en')} items at once / 한 번에 최대 ${MAX_DELETE.toLocaleString('ko')}건까지 삭제할 수 있습니다`, {
      field: 'ids',
      reason: 'too_many',
    });
  }
  const notFound = (found: readonly LockedItem[]) => {
    const present = new Set(found.map((i) => i.id));
    return ids.filter((id) => !present.has(id));
  };
  if (opts.dryRun) {
    const preview = await previewDeletion(db, workspace.id, { ids });
    return { dry_run: true, matched: preview.matched, corrected: preview.corrected, deleted: 0, not_found: notFound(preview.items) };
  }
  const done = await deleteSelection(db, workspace, { ids }, {
    expectedCount: opts.expectedCount,
    audit: { actor: opts.actor, action: 'items.delete', target: String(workspace.id), detail: { ...opts.auditDetail } },
  });
  return { dry_run: false, matched: done.deleted, corrected: done.corrected, deleted: done.deleted, not_found: notFound(done.items) };
}
