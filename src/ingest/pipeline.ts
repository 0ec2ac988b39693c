import type { Db } from '../store/db.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { upsertItems, type ItemRow, type UpsertCounts } from '../store/queries/upsert-items.js';
import { textEnrichmentFor } from './enrich.js';
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
 */
export interface Enrichment {
  before(rows: ItemRow[]): Promise<void> | void;
}

/** The default enrichment of a database handle: text intelligence. */
export function defaultEnrichment(db: Db): Enrichment {
  const te = textEnrichmentFor(db);
  return { before: (rows) => te.enrich(rows) };
}

/** Resolves the `enrich` option: an Enrichment, the default, or none. */
export function resolveEnrichment(db: Db, option: Enrichment | false | undefined): Enrichment | null {
  return option === false ? null : (option ?? defaultEnrichment(db));
}

/**
 * The ingest pipeline for a batch: validate → redact → (enrich) → store idempotently.
 * Good inputs land even when others are rejected; each rejected one is reported with its reason.
 */
export async function ingestItems(
  db: Db,
  workspace: Workspace,
  inputs: unknown[],
  opts: { defaults?: ItemDefaults; enrich?: Enrichment | false; importRunId?: string | null } = {},
): Promise<IngestResult> {
  const rows: ItemRow[] = [];
  const errors: ItemError[] = [];
  inputs.forEach((input, index) => {
    const prepared = prepareItem(input, workspace, opts.defaults, opts.importRunId);
    if (prepared.ok) rows.push(prepared.row);
    else for (const e of prepared.errors) errors.push({ index, ...e });
  });
  const enrichment = resolveEnrichment(db, opts.enrich);
  if (enrichment && rows.length) await enrichment.before(rows);
  const counts = await upsertItems(db, rows);
  return {
    received: inputs.length,
    accepted: rows.length,
    rejected: inputs.length - rows.length,
    errors,
    ...counts,
  };
}
