import { startOfLocalDay } from '../domain/local-day.js';
import type { Db } from '../store/db.js';
import { CHANNELS } from '../domain/item.js';
import { firstItemDays, sumDailyCounts, sumSegmentCounts, type Granularity, type RollupDimension, type RollupFilter } from '../store/queries/item-daily-counts.js';
import { listTopics, type TopicRow } from '../store/queries/topics.js';
import type { Workspace } from '../store/queries/workspaces.js';
import { rateChange, requireCoverage, testRateChange, requireLabelledFrom, requireWholeDays, type Change } from './change.js';
import { denominatorBasis, loadDenominator } from './denominator.js';
import { compareKeysAtOnce, periodRate, topicsLabelledSince } from './movers.js';
import { buildSeries } from './overview.js';
import { autoGranularity, resolveRange } from './range.js';

export interface VolumeInput {
  from?: string;
  to?: string;
  granularity?: Granularity;
  /** One line per value of this dimension; one line in all when absent. */
  by?: RollupDimension | 'segment';
  channel?: string[];
  type?: string[];
  /** Topic ids ('none' = items without a topic); a parent topic includes its children. */
  topic?: string[];
  sentiment?: string[];
  /** Customer segments ('' = items without one); a filter or split by segment reads the segment rollup. */
  segment?: string[];
  /** Rate denominator (a business metric); a rate is given per point when the workspace has it. */
  metric?: string;
  per?: number;
  /** At most this many lines (the largest); the rest are summed into "other". */
  limit?: number;
}

/** Topic ids a filter means: a parent stands for itself and its children; 'none' is id 0. */
export function expandTopicFilter(ids: string[] | undefined, topics: TopicRow[]): string[] | undefined {
  if (!ids?.length) return undefined;
  const out = new Set<string>();
  for (const id of ids) {
    if (id === 'none') out.add('0');
    else if (/^\d{1,18}$/.test(id)) {
      out.add(id);
      for (const t of topics) if (t.parent_id === id) out.add(t.id);
    }
  }
  return [...out];
}

/**
 * Items over time for the Explore page: per day/week/month, optionally one line per channel, type,
 * topic or sentiment, filtered on the same dimensions; each point with its rate against a business
 * metric and the instants to drill down to its items. Totals compare the range with the period before.
 */
export async function getVolume(db: Db, ws: Workspace, input: VolumeInput = {}) {
  const range = resolveRange(input, ws.timezone);
  const topics = await listTopics(db, ws.id);
  const topicIds = expandTopicFilter(input.topic, topics);
  const filter: Omit<RollupFilter, 'from' | 'to'> = {
    channel: input.channel,
    type: input.type,
    topicIds,
    sentiment: input.sentiment,
  };
  const granularity = input.granularity ?? autoGranularity(range.days);
  const bySegment = !!input.segment?.length || input.by === 'segment';
  const [rows, den, first] = await Promise.all([
    bySegment
      ? sumSegmentCounts(db, ws.id, { ...filter, segment: input.segment, from: range.previous.from, to: range.to }, input.by)
      : sumDailyCounts(db, ws.id, { ...filter, from: range.previous.from, to: range.to }, { granularity: 'day', by: input.by as RollupDimension | undefined }),
    loadDenominator(db, ws.id, { metric: input.metric, per: input.per }, range.previous.from, range.to),
    firstItemDays(db, ws.id, CHANNELS),
  ]);
  // No verdict when the previous period began before the data did: of the workspace, of the
  // channels filtered on, or of a line's channel.
  const channelsFirst = (channels: readonly string[]) => {
    const days = channels.map((c) => first.byChannel.get(c)).filter((d): d is string => !!d).sort();
    return days[0] ?? null;
  };
  const baseFirst = input.channel?.length ? channelsFirst(input.channel) : first.all;
  // Nor for a topic promoted from a discovered cluster before its first item (movers.ts), as a
  // line or as the filter of the total.
  const previousStart = startOfLocalDay(range.previous.from, ws.timezone);
  const since = topicsLabelledSince(topics);
  const filteredSince = (input.topic ?? []).map((id) => since.get(id)).filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
  const covered = (change: Change, key?: string) => {
    const c = requireWholeDays(requireCoverage(change, range.previous.from, input.by === 'channel' && key && key !== '__other__' ? first.byChannel.get(key) : baseFirst), range.includes_today);
    return requireLabelledFrom(c, previousStart, input.by === 'topic' && key ? (since.get(key) ?? filteredSince) : filteredSince);
  };
  // Split by topic, a parent's line counts the parent and its children, as the movers
  // (withParentTotals), the items filter and the topic page do, so its number matches the items
  // its link opens; the children keep their own lines. Only a parent the topic filter lets in:
  // filtered on a child alone, no parent line stands for that child's items.
  const parentOf = new Map<string, string>();
  if (input.by === 'topic') {
    for (const t of topics) if (t.parent_id && (!topicIds || topicIds.includes(t.parent_id))) parentOf.set(t.id, t.parent_id);
  }
  const lines = new Map<string, Map<string, number>>();
  /** Each key's own items (a parent's without its children's): what "other" sums, each item once. */
  const own = new Map<string, Map<string, number>>();
  const all = new Map<string, number>();
  const addTo = (map: Map<string, Map<string, number>>, key: string, day: string, n: number) => {
    let daily = map.get(key);
    if (!daily) map.set(key, (daily = new Map()));
    daily.set(day, (daily.get(day) ?? 0) + n);
  };
  for (const row of rows) {
    const key = input.by ? row.key! : 'all';
    addTo(lines, key, row.period!, row.items);
    addTo(own, key, row.period!, row.items);
    const parent = parentOf.get(key);
    if (parent) addTo(lines, parent, row.period!, row.items);
    all.set(row.period!, (all.get(row.period!) ?? 0) + row.items);
  }
  const topicName = new Map(topics.map((t) => [t.id, t.name]));
  const sized = [...lines].map(([key, daily]) => {
    const cur = periodRate(daily, den, range.from, range.to);
    const prev = periodRate(daily, den, range.previous.from, range.previous.to);
    return { key, daily, cur, prev };
  });
  sized.sort((a, b) => b.cur.items - a.cur.items || a.key.localeCompare(b.key));
  const limit = input.limit ?? 12;
  const kept = sized.slice(0, limit);
  const rest = sized.slice(limit);
  if (rest.length) {
    // "Other" is the items of no line shown: a key's own items, unless it or its parent is kept
    // (a parent's line already holds its children's items; summing lines would count them twice).
    const shown = new Set(kept.map((l) => l.key));
    const daily = new Map<string, number>();
    for (const [key, ownDaily] of own) {
      if (shown.has(key) || shown.has(parentOf.get(key) ?? '')) continue;
      for (const [day, n] of ownDaily) daily.set(day, (daily.get(day) ?? 0) + n);
    }
    kept.push({ key: '__other__', daily, cur: periodRate(daily, den, range.from, range.to), prev: periodRate(daily, den, range.previous.from, range.previous.to) });
  }
  // Many lines compared at once: every key of the split (not only the lines kept) is one family
  // under the false-discovery control, the same family and test as the Overview's movers, so a
  // topic reads the same on both pages (movers.ts compareKeysAtOnce). "Other" sums keys already
  // tested: it is no key of its own, and is held to the strictest bar (Bonferroni over the family
  // and itself) so it adds no verdict the keys do not carry.
  const tested = compareKeysAtOnce(sized, covered);
  const byKey = new Map(sized.map((l, i) => [l.key, tested[i]!]));
  const comparedKeys = tested.filter((r) => !r.change.reason).length;
  const lineRate = (l: (typeof kept)[number]): { change: Change; p_adjusted: number } => {
    const known = byKey.get(l.key);
    if (known && l.key !== '__other__') return known;
    const tested = testRateChange(l.cur, l.prev);
    const p = Math.min(1, tested.change.p_value * (comparedKeys + 1));
    return { change: covered({ ...tested.change, verdict: tested.verdictAt(p) }, l.key), p_adjusted: Number(p.toFixed(6)) };
  };
  const total = { cur: periodRate(all, den, range.from, range.to), prev: periodRate(all, den, range.previous.from, range.previous.to) };
  // What a rate is of, as the overview's contact_rate says it: the days with a business number
  // (a rate over 4 of 7 days is no week's rate) and the metric over them. Null without a denominator.
  type Period = ReturnType<typeof periodRate>;
  const rateBasis = (cur: Period, prev: Period) => ({
    covered_days: den ? { current: cur.coveredDays, previous: prev.coveredDays, of: range.days } : null,
    denominator: den ? { current: cur.denominator, previous: prev.denominator } : null,
  });
  const keptKeys = new Set(kept.map((l) => l.key));
  return {
    range,
    granularity,
    source: bySegment ? 'segment_rollups' : 'rollups',
    denominator: den ? denominatorBasis(den) : null,
    total: { items: total.cur.items, previous_items: total.prev.items, ...rateBasis(total.cur, total.prev), rate: covered(rateChange(total.cur, total.prev)) },
    lines: kept.map((l) => {
      const parent = parentOf.get(l.key);
      const tested = lineRate(l);
      return {
        key: l.key,
        name: input.by === 'topic' ? topicName.get(l.key) ?? null : null,
        // A subtopic whose parent's line is shown too: its items are inside that line (stacked bars leave
        // it out). Not `?? ''`: a line of items without a segment has the key '' and would read as every
        // line's parent (parent_key then went missing from the answer).
        parent_key: parent !== undefined && keptKeys.has(parent) ? parent : null,
        items: l.cur.items,
        previous_items: l.prev.items,
        ...rateBasis(l.cur, l.prev),
        rate: tested.change,
        /** The Benjamini–Hochberg adjusted p-value across every key of the split (the verdict uses it). */
        p_adjusted: tested.p_adjusted,
        points: buildSeries(range, l.daily, den, granularity).points,
      };
    }),
  };
}
