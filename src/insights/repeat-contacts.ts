import { wilsonInterval } from '../domain/stats.js';
import { ANSWERABLE_CHANNELS } from '../domain/item.js';
import { addDays, localDayOf, startOfLocalDay } from '../domain/local-day.js';
import type { Db } from '../store/db.js';
import { sharePct } from './change.js';
import type { InsightRange } from './range.js';
import type { SupportDimension } from './support.js';

/** A contact is repeated when the same customer starts another one within this many days. */
const REPEAT_WINDOW_DAYS = 7;
const REPEAT_WINDOW_MS = REPEAT_WINDOW_DAYS * 86_400_000;

/**
 * The kinds that are a customer getting in touch: an inquiry, a chatbot session. Not a note (a
 * staff member's message or memo, even on the customer's chat), nor a survey answer or review on an
 * answerable channel (the satisfaction score a closed ticket asks for is that contact's, not a new one).
 */
const CONTACT_KINDS = ['inquiry', 'chatbot_session'] as const;

/** The same keys as the other support figures (support.ts KEY_SQL), over the contact's first item. */
const KEY_SQL: Record<SupportDimension, string> = {
  channel: 'channel',
  assignee: "COALESCE(assignee, '')",
  type: "COALESCE(type, '')",
  handled_by: "COALESCE(handled_by, '')",
};

/** One key's repeat contacts (or all of them: key 'all'). */
export interface RepeatContacts {
  /** Contacts with a customer reference that started in the range. */
  contacts: number;
  /** Of those, the ones whose 7 days are over (on days up to `counted_until`): the rate's denominator. */
  due: number;
  /** Of the due ones, those followed by another contact of the same customer within 7 days. */
  repeated: number;
  /** repeated ÷ due, 0–100; null when none is due. */
  rate_pct: number | null;
  /** The rate's 95 % Wilson score interval, 0–100; null when none is due. */
  rate_lower_pct: number | null;
  rate_upper_pct: number | null;
  /** Contacts in the range without a customer reference: left out of every figure above, counted here. */
  without_customer: number;
}

export interface RepeatContactsAnswer {
  window_days: number;
  /** The last local day whose contacts are counted (7 whole days over since its end, by `now`). */
  counted_until: string;
  total: RepeatContacts;
  rows: Map<string, RepeatContacts>;
}

/** A contact counted on a day before this one is due: the whole day's 7 days are over. */
function repeatDueFrom(now: Date, timezone: string): string {
  return localDayOf(new Date(now.getTime() - REPEAT_WINDOW_MS), timezone);
}

/** The counts of one key with their rate and interval. */
function repeatFigures(counts: { contacts: number; due: number; repeated: number; without_customer: number }): RepeatContacts {
  const w = wilsonInterval(counts.repeated, counts.due);
  return {
    ...counts,
    // Exact, as every share (sharePct): rounded, one repeat in 20,000 contacts would read as none.
    rate_pct: w ? sharePct(counts.repeated, counts.due) : null,
    rate_lower_pct: w ? w.lower * 100 : null,
    rate_upper_pct: w ? w.upper * 100 : null,
  };
}

export const noRepeatContacts = (): RepeatContacts => repeatFigures({ contacts: 0, due: 0, repeated: 0, without_customer: 0 });

/**
 * Repeat contacts (재문의율): of the contacts customers started in the range, the share followed by
 * another contact of the same customer within 7 days, on any answerable channel — the inverse of
 * first-contact resolution. A contact is a conversation: one customer's items (`customer_ref`) of a
 * contact kind on the answerable channels, grouped by their source and `metadata.conversation_id`
 * (a Channel Talk chat is stored message by message: one chat is one contact), or an item alone
 * when it has none. It starts at its first item, whose channel, agent, type and handler it is
 * counted under. Only contacts on days whose 7 days are over are judged (`counted_until`); a
 * conversation under way before the range began before it and is not one of its contacts, nor a
 * repeat of one. `channels` narrows the contacts counted, not the ones that make them repeated.
 *
 * One query: the range's items and the next 7 days' collapse to contacts (DISTINCT ON the
 * conversation, first item first), those whose conversation has an earlier item are dropped (the
 * items_conversation index), and a window over each customer's contacts by start asks whether a
 * later one starts within 168 hours: the first start of the frame (start, start + 168 h] — a RANGE
 * frame whose ends only move forward, so linear in the contacts even for a customer with thousands
 * (an aggregate such as max() over it restarts at every row), and two contacts begun at the same
 * instant are not repeats of each other.
 */
export async function countRepeatContacts(
  db: Db,
  workspaceId: number,
  input: { by: SupportDimension; range: InsightRange; channels: string[]; now: Date },
): Promise<RepeatContactsAnswer> {
  const { range, now } = input;
  const dueFrom = repeatDueFrom(now, range.timezone);
  const dueBefore = startOfLocalDay(dueFrom, range.timezone).toISOString();
  const windowEnd = new Date(Date.parse(range.instants.to) + REPEAT_WINDOW_MS).toISOString();
  type Row = { key: string | null; total: boolean; contacts: number; due: number; repeated: number; without_customer: number };
  const sql = `WITH scoped AS (
       SELECT id, customer_ref, source, created_at, channel, ${KEY_SQL[input.by]} AS key,
         CASE WHEN metadata ? 'conversation_id' THEN metadata->>'conversation_id' END AS conversation
       FROM items
       WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3 AND channel = ANY($4::text[]) AND kind = ANY($5::text[])
     ), contacts AS (
       SELECT DISTINCT ON (customer_ref, source, conversation, CASE WHEN conversation IS NULL THEN id END)
         customer_ref, source, conversation, created_at AS start, channel, key
       FROM scoped
       ORDER BY customer_ref, source, conversation, CASE WHEN conversation IS NULL THEN id END, created_at, id
     ), fresh AS (
       SELECT * FROM contacts c
       WHERE c.conversation IS NULL OR NOT EXISTS (
         SELECT 1 FROM items p
         WHERE p.workspace_id = $1 AND p.source = c.source AND p.metadata ? 'conversation_id' AND p.metadata->>'conversation_id' = c.conversation
           AND p.created_at < $2 AND p.customer_ref IS NOT DISTINCT FROM c.customer_ref AND p.channel = ANY($4::text[]) AND p.kind = ANY($5::text[]))
     ), judged AS (
       SELECT key, channel, start, customer_ref IS NULL AS anonymous,
         first_value(start) OVER (PARTITION BY customer_ref ORDER BY start
           RANGE BETWEEN interval '1 microsecond' FOLLOWING AND interval '${REPEAT_WINDOW_DAYS * 24} hours' FOLLOWING) IS NOT NULL AS repeated
       FROM fresh
     )
     SELECT key, GROUPING(key) = 1 AS total,
       count(*) FILTER (WHERE NOT anonymous)::int AS contacts,
       count(*) FILTER (WHERE NOT anonymous AND start < $7)::int AS due,
       count(*) FILTER (WHERE NOT anonymous AND start < $7 AND repeated)::int AS repeated,
       count(*) FILTER (WHERE anonymous)::int AS without_customer
     FROM judged
     WHERE start < $6 AND channel = ANY($8::text[])
     GROUP BY GROUPING SETS ((key), ())`;
  const params = [workspaceId, range.instants.from, windowEnd, [...ANSWERABLE_CHANNELS], [...CONTACT_KINDS], range.instants.to, dueBefore, input.channels];
  // PostgreSQL prices the per-conversation look-back far above what it costs (an index probe that
  // finds nothing) and compiles the plan: JIT took 370 of 570 ms over 54k items (bench/repeat-contacts.bench.ts).
  const rows =
    db.kind === 'postgres'
      ? await db.transaction(async (tx) => {
          await tx.exec('SET LOCAL jit = off');
          return tx.query<Row>(sql, params);
        })
      : await db.query<Row>(sql, params);
  const figures = (r: (typeof rows)[number]) => repeatFigures({ contacts: r.contacts, due: r.due, repeated: r.repeated, without_customer: r.without_customer });
  const total = rows.find((r) => r.total);
  return {
    window_days: REPEAT_WINDOW_DAYS,
    counted_until: addDays(dueFrom, -1),
    total: total ? figures(total) : noRepeatContacts(),
    rows: new Map(rows.filter((r) => !r.total).map((r) => [r.key ?? '', figures(r)])),
  };
}
