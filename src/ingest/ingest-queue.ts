import type { Db } from '../store/db.js';
import { FEW_ROWS, latestByIdentity, upsertFew, type ItemRow } from '../store/queries/upsert-items.js';
import { inWriteTurn } from '../store/write-turns.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { enrichChanged, ingestItems, prepareInputs, resolveEnrichment, type IngestResult } from './pipeline.js';
import type { ItemDefaults } from './prepare-item.js';

/**
 * The API's and webhooks' writes, coalesced (group commit). Storing one item costs about as much
 * as storing eight: the statement, its rollup triggers and their transition tables are paid per
 * statement, not per row (PGlite: 5–6 ms for one item, 7.5 ms for eight). So calls are queued,
 * and each statement stores every call waiting — up to FEW_ROWS items of one workspace — each
 * caller still getting its own counts and errors.
 * The queue waits one turn of the event loop before it takes calls (`setImmediate`): the embedded
 * database runs a statement on this thread without yielding, so requests that arrived meanwhile
 * are only read from their sockets in that turn; without it every request was stored alone (1.01
 * calls per statement under overload). An idle server loses nothing by it (microseconds).
 * Order is kept: a call whose items share an identity with a call queued before it is never
 * stored in the same statement nor ahead of it, so the later version wins as it would one by one.
 * A statement that fails is retried call by call, so one call's bad data fails only that call.
 * A call of more than FEW_ROWS items goes straight through `ingestItems`.
 */
export function ingestQueued(db: Db, workspace: Workspace, inputs: unknown[], opts: { defaults?: ItemDefaults; importRunId?: string | null } = {}): Promise<IngestResult> {
  if (inputs.length > FEW_ROWS) return ingestItems(db, workspace, inputs, opts);
  const { rows, errors } = prepareInputs(workspace, inputs, opts);
  if (!rows.length) return Promise.resolve({ received: inputs.length, accepted: 0, rejected: inputs.length, errors, inserted: 0, updated: 0, unchanged: 0, older: 0, repeated: 0 });
  // The same identity twice in one call: the last one wins unless older, as in `upsertItems`.
  const byKey = latestByIdentity(rows);
  // `older` stays 0: a call with versions was checked before it came here (latest-states.ts); one
  // the statement's own check keeps out (a race with another process) counts as unchanged.
  const result = { received: inputs.length, accepted: rows.length, rejected: inputs.length - rows.length, errors, older: 0, repeated: rows.length - byKey.size };
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = new IngestQueue(db)));
  return queue.submit({ workspaceId: workspace.id, rows: byKey, result });
}

interface Job {
  workspaceId: number;
  /** The call's valid rows by identity. */
  rows: Map<string, ItemRow>;
  result: Omit<IngestResult, 'inserted' | 'updated' | 'unchanged'>;
}

interface Waiting extends Job {
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

const queues = new WeakMap<Db, IngestQueue>();

class IngestQueue {
  private readonly waiting: Waiting[] = [];
  private running = false;
  constructor(private readonly db: Db) {}

  submit(job: Job): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...job, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.run());
      }
    });
  }

  private async run(): Promise<void> {
    try {
      while (this.waiting.length) {
        await this.write(this.take());
        // Requests that arrived during the statement are read in this turn.
        if (this.waiting.length) await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.running = false;
    }
  }

  /** The calls at the head of the queue that go in one statement: one workspace, distinct identities, at most FEW_ROWS rows. */
  private take(): Waiting[] {
    const group: Waiting[] = [];
    const keys = new Set<string>();
    while (this.waiting.length) {
      const job = this.waiting[0]!;
      if (group.length && (job.workspaceId !== group[0]!.workspaceId || keys.size + job.rows.size > FEW_ROWS)) break;
      if ([...job.rows.keys()].some((k) => keys.has(k))) break;
      group.push(this.waiting.shift()!);
      for (const k of job.rows.keys()) keys.add(k);
    }
    return group;
  }

  private async write(group: Waiting[]): Promise<void> {
    try {
      const results = await writeGroup(this.db, group);
      group.forEach((job, i) => job.resolve(results[i]!));
    } catch (error) {
      if (group.length === 1) return group[0]!.reject(error);
      for (const job of group) {
        try {
          job.resolve((await writeGroup(this.db, [job]))[0]!);
        } catch (alone) {
          job.reject(alone);
        }
      }
    }
  }
}

/** Enriches and stores the calls' rows in one statement; each call's counts from the identities written. */
async function writeGroup(db: Db, group: Job[]): Promise<IngestResult[]> {
  const rows = group.flatMap((job) => [...job.rows.values()]);
  const enrichment = resolveEnrichment(db, undefined);
  // Its lookup and its upsert in one turn: an import's batches do not come between them.
  const written = await inWriteTurn(db, async () => {
    if (enrichment) await enrichChanged(db, enrichment, rows);
    return upsertFew(db, rows);
  });
  return group.map((job) => {
    let inserted = 0;
    let updated = 0;
    for (const key of job.rows.keys()) {
      if (written.inserted.has(key)) inserted++;
      else if (written.updated.has(key)) updated++;
    }
    return { ...job.result, inserted, updated, unchanged: job.result.accepted - job.result.repeated - inserted - updated };
  });
}
