import type { Db } from '../store/db.js';
import { CORRECTED_FIELD_VALUE, stillStands } from './undo-correction.js';

/** One correction request (a batch of migration 045) as the history lists it. */
export interface CorrectionEntry {
  id: string;
  created_at: Date;
  created_by: string | null;
  /** What was asked; a label not part of it is null. `clears_topic`: the correction took the topic away. */
  correction: { type: string | null; topic_id: string | null; topic_name: string | null; sentiment: string | null; clears_topic: boolean };
  /** Labels it changed. */
  changed: number;
  /** Items it changed (distinct; kept when it is taken back). */
  items: number;
  /** Up to three of its items still stored, for context (their masked text, cut at 120 characters with "…"). */
  sample: { id: string; text: string }[];
  undone_at: Date | null;
  undone_by: string | null;
  /** Labels the undo put back. */
  undone_labels: number | null;
  /**
   * Labels taking it back would put back now: those still holding the value it set and not
   * corrected since (as `undoCorrection` judges them); 0 once taken back.
   */
  undoable: number;
}

export const MAX_HISTORY_PAGE = 100;
/** A sample item's text is cut here (in characters, then "…"). */
const SAMPLE_CHARS = 120;

/**
 * The workspace's label corrections, newest first, `limit` a page (`before`: the last id of the
 * page before). Each says who asked for what, how many labels and items it changed, three of the
 * items, and whether it was taken back — or how many labels an undo would put back now. Only
 * corrections made since migration 045 are batches (older ones cannot be taken back and are not
 * listed).
 */
export async function listCorrections(db: Db, workspaceId: number, opts: { limit?: number; before?: string } = {}): Promise<CorrectionEntry[]> {
  const limit = Math.min(Math.max(1, opts.limit ?? 20), MAX_HISTORY_PAGE);
  const rows = await db.query<Omit<CorrectionEntry, 'correction' | 'sample'> & { correction: Record<string, unknown>; topic_name: string | null }>(
    `SELECT b.id::text AS id, b.created_at, b.created_by, b.correction, b.changed, b.items, b.undone_at, b.undone_by, b.undone_labels,
            t.name AS topic_name,
            CASE WHEN b.undone_at IS NOT NULL THEN 0 ELSE (
              SELECT count(*)::int FROM label_corrections c JOIN items i ON i.id = c.item_id
              WHERE c.batch_id = b.id AND ${stillStands(`(${CORRECTED_FIELD_VALUE})`)}
            ) END AS undoable
       FROM label_correction_batches b
       LEFT JOIN topics t ON t.workspace_id = b.workspace_id AND t.id::text = b.correction->>'topic_id'
      WHERE b.workspace_id = $1 AND ($2::bigint IS NULL OR b.id < $2::bigint)
      ORDER BY b.id DESC
      LIMIT $3`,
    [workspaceId, opts.before ?? null, limit],
  );
  // Three items of each, kept on the batch when it was made (its corrections go when it is taken back).
  const samples = new Map<string, { id: string; text: string }[]>();
  if (rows.length) {
    const picked = await db.query<{ batch_id: string; id: string; text: string }>(
      `SELECT b.id::text AS batch_id, i.id::text AS id, left(i.text, ${SAMPLE_CHARS + 1}) AS text
         FROM label_correction_batches b CROSS JOIN LATERAL unnest(b.sample_item_ids) AS s(item_id)
         JOIN items i ON i.id = s.item_id AND i.workspace_id = b.workspace_id
        WHERE b.id = ANY($1::bigint[]) AND b.workspace_id = $2
        ORDER BY b.id, i.id`,
      [rows.map((r) => r.id), workspaceId],
    );
    for (const p of picked) {
      const list = samples.get(p.batch_id) ?? [];
      // By code point, as left() counts: an emoji is never cut in half.
      const chars = Array.from(p.text);
      list.push({ id: p.id, text: chars.length > SAMPLE_CHARS ? `${chars.slice(0, SAMPLE_CHARS).join('')}…` : p.text });
      samples.set(p.batch_id, list);
    }
  }
  return rows.map(({ correction: asked, topic_name, ...row }) => {
    const text = (key: string) => (typeof asked[key] === 'string' ? (asked[key] as string) : null);
    return {
      ...row,
      sample: samples.get(row.id) ?? [],
      correction: {
        type: text('type'),
        topic_id: asked.topic_id === undefined || asked.topic_id === null ? null : String(asked.topic_id),
        topic_name,
        sentiment: text('sentiment'),
        clears_topic: 'topic_id' in asked && asked.topic_id === null,
      },
    };
  });
}
