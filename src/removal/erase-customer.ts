import { SoriError } from '../domain/errors.js';
import { pseudonymise } from '../ingest/prepare-item.js';
import type { Db } from '../store/db.js';
import { deleteCustomerRejects } from '../store/queries/delete-items.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { deleteSelection, previewDeletion } from './remove-items.js';

/**
 * Erasing one customer (고객 데이터 삭제, a PIPA deletion request): every item of the customer in
 * the workspace, found by the pseudonym ingest stored for the id the source sent — the raw id is
 * never stored, nor written to the audit log (its entry records the pseudonym and the counts) —
 * with the derived data the items take along (store/queries/delete-items.ts) and the rejected
 * import rows that name the customer.
 */

const CUSTOMER_REF = /^c_[A-Za-z0-9_-]{16}$/;

/**
 * The pseudonym stored for a customer id as the source sent it, as ingest computes it
 * (prepare-item.ts: composed, trimmed, HMAC with the workspace's key); a pseudonym given as it is
 * (c_ and 16 characters, as items and exports show it) is taken as it is.
 */
export function customerRefFor(workspace: Workspace, customerId: string): string {
  const id = customerId.normalize('NFC').trim();
  if (!id) throw new SoriError('validation_failed', 'customer_id is empty / 고객 ID가 비어 있습니다', { errors: [{ field: 'customer_id', message: 'empty / 비어 있음' }] });
  return CUSTOMER_REF.test(id) ? id : pseudonymise(workspace.pseudonym_key, id);
}

/**
 * Every pseudonym a rejected import row may hold for the customer: the stored one, and the one of
 * the id decomposed (NFD, as a Mac types Hangul) — rejected rows were pseudonymised from the id as
 * written before they were composed like items.
 */
function rejectRefsFor(workspace: Workspace, customerId: string, ref: string): string[] {
  const id = customerId.trim();
  if (CUSTOMER_REF.test(id)) return [ref];
  return [...new Set([ref, pseudonymise(workspace.pseudonym_key, id.normalize('NFD'))])];
}

export interface CustomerErasure {
  /** The customer's pseudonym in this workspace (what items show as customer_ref). */
  customer_ref: string;
  dry_run: boolean;
  /** The customer's items found (a dry run: to delete). */
  matched: number;
  deleted: number;
  /** Of those, items with an operator's label correction. */
  corrected: number;
  /** Rejected import rows naming the customer, deleted (0 on a dry run). */
  rejects_deleted: number;
}

/**
 * Erases the customer's items, or with `dryRun` counts them. `expectedCount`, when given, must be
 * the number found now (409 count_changed, nothing deleted, otherwise).
 */
export async function eraseCustomer(
  db: Db,
  workspace: Workspace,
  customerId: string,
  opts: { dryRun?: boolean; expectedCount?: number; actor: string },
): Promise<CustomerErasure> {
  const ref = customerRefFor(workspace, customerId);
  if (opts.dryRun) {
    const preview = await previewDeletion(db, workspace.id, { customerRef: ref });
    return { customer_ref: ref, dry_run: true, matched: preview.matched, deleted: 0, corrected: preview.corrected, rejects_deleted: 0 };
  }
  let rejects = 0;
  const done = await deleteSelection(db, workspace, { customerRef: ref }, {
    expectedCount: opts.expectedCount,
    // The pseudonym only: the raw id is personal data the deletion is about.
    audit: { actor: opts.actor, action: 'customers.erase', target: ref, detail: { customer_ref: ref } },
    after: async (tx) => {
      rejects = await deleteCustomerRejects(tx, workspace.id, rejectRefsFor(workspace, customerId, ref));
      return { rejects_deleted: rejects };
    },
  });
  return { customer_ref: ref, dry_run: false, matched: done.deleted, deleted: done.deleted, corrected: done.corrected, rejects_deleted: rejects };
}
