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

/**
 * Enriches the rows that will be written: an identical re-send (same identity and content hash)
 * is left alone by the upsert, so labelling it again would be wasted work — re-running a
 * million-row import would otherwise spend a minute and a half on it.
 */
export async function enrichChanged(db: Db, enrichment: Enrichment, rows: ItemRow[]): Promise<void> {
  if (!rows.length) return;
  const existing = await db.query<{ k: string; h: string }>(
    `SELECT source || E'\\x01' || external_id AS k, content_hash AS h FROM items
     WHERE workspace_id = $1 AND (source, external_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
    [rows[0]!.workspace_id, rows.map((r) => r.source), rows.map((r) => r.external_id)],
  );
  if (!existing.length) return enrichment.before(rows);
  const known = new Map(existing.map((r) => [r.k, r.h]));
  const changed = rows.filter((r) => r.workspace_id !== rows[0]!.workspace_id || known.get(`${r.source}\u0001${r.external_id}`) !== r.content_hash);
  if (changed.length) await enrichment.before(changed);
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
  if (enrichment && rows.length) await enrichChanged(db, enrichment, rows);
  const counts = await upsertItems(db, rows);
  return {
    received: inputs.length,
    accepted: rows.length,
    rejected: inputs.length - rows.length,
    errors,
    ...counts,
  };
}
