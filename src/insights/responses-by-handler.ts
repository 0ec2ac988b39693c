import type { Db } from '../store/db.js';

/** Items received on channels that expect an answer, and those answered, on days whose answers are all due. */
export interface DueResponses {
  received: number;
  responded: number;
}

/**
 * Counts the response rate's items per handler (`bot`, `human`, '' when the source does not say)
 * over days from..to, only days before `dueFrom` (as the Overview's response rate), from the
 * lead-time sketches: received (`n`) and first answered (`f`, sori_first_answer_at) by the day
 * received. The Overview's headline counts people's conversations, so a chatbot that answers every
 * session in seconds does not make the rate (or its 99.9 %) about the bot.
 */
export async function countDueResponsesByHandler(db: Db, workspaceId: number, from: string, to: string, dueFrom: string): Promise<Map<string, DueResponses>> {
  const rows = await db.query<{ key: string; measure: string; sketch: number[][] }>(
    `SELECT key, measure::text AS measure, sketch FROM item_daily_lead_sketches
     WHERE workspace_id = $1 AND dim = 'handled_by' AND measure::text IN ('n', 'f')
       AND day BETWEEN $2::date AND $3::date AND day < $4::date AND cardinality(sketch) > 0`,
    [workspaceId, from, to, dueFrom],
  );
  const out = new Map<string, DueResponses>();
  for (const row of rows) {
    let c = out.get(row.key);
    if (!c) out.set(row.key, (c = { received: 0, responded: 0 }));
    const n = row.sketch.reduce((s, pair) => s + Number(pair[1]), 0);
    if (row.measure === 'n') c.received += n;
    else c.responded += n;
  }
  return out;
}
