import type { Db } from '../store/db.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { upsertItems, type ItemRow, type UpsertCounts } from '../store/queries/upsert-items.js';
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
 * Enrichment applied to every prepared row before it is stored (type, topic, sentiment,
 * duplicates). Text intelligence plugs in here; the foundation stores rows as they are.
 */
export type Enricher = (rows: ItemRow[], db: Db) => Promise<void> | void;

/**
 * The ingest pipeline for a batch: validate → redact → (enrich) → store idempotently.
 * Good inputs land even when others are rejected; each rejected one is reported with its reason.
 */
export async function ingestItems(
  db: Db,
  workspace: Workspace,
  inputs: unknown[],
  opts: { defaults?: ItemDefaults; enrich?: Enricher; importRunId?: string | null } = {},
): Promise<IngestResult> {
  const rows: ItemRow[] = [];
  const errors: ItemError[] = [];
  inputs.forEach((input, index) => {
    const prepared = prepareItem(input, workspace, opts.defaults, opts.importRunId);
    if (prepared.ok) rows.push(prepared.row);
    else for (const e of prepared.errors) errors.push({ index, ...e });
  });
  if (opts.enrich && rows.length) await opts.enrich(rows, db);
  const counts = await upsertItems(db, rows);
  return {
    received: inputs.length,
    accepted: rows.length,
    rejected: inputs.length - rows.length,
    errors,
    ...counts,
  };
}
