import type { Db } from '../store/db.js';
import { listLeadSketches } from '../store/queries/lead-sketches.js';

/** Items received on channels that expect an answer, and those answered, on days whose answers are all due. */
export interface DueResponses {
  received: number;
  responded: number;
}

/** Two runs of local days (inclusive): a range and the period it is compared with. */
export interface ComparedDays {
  current: { from: string; to: string };
  previous: { from: string; to: string };
}

/**
 * Counts the response rate's items per handler (`bot`, `human`, '' when the source does not say)
 * in a range and its previous period, only days before `dueFrom` (as the Overview's response rate),
 * from the lead-time sketches: received (`n`) and first answered (`f`, sori_first_answer_at) by the
 * day received — one read over both periods. The Overview's headline counts people's
 * conversations, so a chatbot that answers every session in seconds does not make the rate (or its
 * 99.9 %) about the bot.
 */
export async function countDueResponsesByHandler(
  db: Db,
  workspaceId: number,
  periods: ComparedDays,
  dueFrom: string,
): Promise<{ current: Map<string, DueResponses>; previous: Map<string, DueResponses> }> {
  const from = periods.previous.from < periods.current.from ? periods.previous.from : periods.current.from;
  const to = periods.previous.to > periods.current.to ? periods.previous.to : periods.current.to;
  const rows = await listLeadSketches(db, workspaceId, { dim: 'handled_by', from, to, measures: ['n', 'f'], before: dueFrom });
  const out = { current: new Map<string, DueResponses>(), previous: new Map<string, DueResponses>() };
  for (const row of rows) {
    const within = (p: { from: string; to: string }) => row.day >= p.from && row.day <= p.to;
    for (const side of ['current', 'previous'] as const) {
      if (!within(periods[side])) continue;
      let c = out[side].get(row.key);
      if (!c) out[side].set(row.key, (c = { received: 0, responded: 0 }));
      const n = row.sketch.reduce((s, pair) => s + Number(pair[1]), 0);
      if (row.measure === 'n') c.received += n;
      else c.responded += n;
    }
  }
  return out;
}
