import { UNCERTAIN_TYPE, type ItemType, type Topic, type TopicRule } from '../api';
import { formatNumber } from '../format';
import type { Locale, Translate } from '../i18n';

/**
 * Pure helpers for the enrichment labels (type, topic, sentiment): names in the user's language,
 * the topic tree, topic rules as the forms edit them, and growth of discovered topics.
 */

/** A type key as a name: the taxonomy's name in the user's language; "uncertain" is a UI word. */
export function typeName(key: string, types: readonly ItemType[], locale: Locale, t: Translate): string {
  if (key === UNCERTAIN_TYPE) return t('labels.type.uncertain');
  const type = types.find((candidate) => candidate.key === key);
  if (!type) return key;
  return locale === 'ko' ? type.name_ko : type.name_en;
}

export interface TopicNode {
  topic: Topic;
  children: Topic[];
}

const byPosition = (a: Topic, b: Topic) => a.position - b.position || Number(a.id) - Number(b.id);

/** Top-level topics with their children, by position; a child whose parent is gone shows at the top. */
export function topicTree(topics: readonly Topic[]): TopicNode[] {
  const ids = new Set(topics.map((topic) => topic.id));
  const roots = topics.filter((topic) => topic.parent_id === null || !ids.has(topic.parent_id)).sort(byPosition);
  return roots.map((topic) => ({
    topic,
    children: topics.filter((child) => child.parent_id === topic.id).sort(byPosition),
  }));
}

/** Topics in tree order with their depth (0 or 1), for selects. */
export function topicOptions(topics: readonly Topic[]): { topic: Topic; depth: number }[] {
  return topicTree(topics).flatMap((node) => [
    { topic: node.topic, depth: 0 },
    ...node.children.map((topic) => ({ topic, depth: 1 })),
  ]);
}

/** Rules from the form's two text boxes: one pattern a line, blanks and repeats dropped. */
export function rulesFromLines(keywords: string, regexes: string): TopicRule[] {
  const lines = (text: string) => [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))];
  return [
    ...lines(keywords).map((pattern) => ({ kind: 'keyword' as const, pattern })),
    ...lines(regexes).map((pattern) => ({ kind: 'regex' as const, pattern })),
  ];
}

/** The inverse of `rulesFromLines`, for editing a topic. */
export function rulesToLines(rules: readonly TopicRule[]): { keywords: string; regexes: string } {
  const of = (kind: TopicRule['kind']) => rules.filter((rule) => rule.kind === kind).map((rule) => rule.pattern).join('\n');
  return { keywords: of('keyword'), regexes: of('regex') };
}

/** "keyword:배송" (an item's `topic_rule`) as a rule; null when it is not in that form. */
export function parseFiredRule(description: string | null | undefined): TopicRule | null {
  const m = description ? /^(keyword|regex):([\s\S]+)$/.exec(description) : null;
  return m ? { kind: m[1] as TopicRule['kind'], pattern: m[2] } : null;
}

/** A rule as words: `키워드: 배송`, `정규식: 환불\s*요청`. */
export function describeRule(rule: TopicRule, t: Translate): string {
  return t(rule.kind === 'keyword' ? 'labels.rule.keyword' : 'labels.rule.regex', { pattern: rule.pattern });
}

export interface Growth {
  /** "new": nothing in the 7 days before, something now. */
  direction: 'up' | 'down' | 'flat' | 'new';
  /** Change from the previous week as a fraction (0.5 = +50 %); null for "new" and "flat" at zero. */
  change: number | null;
}

/** How a discovered topic grew: the last 7 days against the 7 before. */
export function growthOf(recent: number, previous: number): Growth {
  if (previous === 0) return recent > 0 ? { direction: 'new', change: null } : { direction: 'flat', change: null };
  const change = (recent - previous) / previous;
  return { direction: change > 0 ? 'up' : change < 0 ? 'down' : 'flat', change };
}

/** "중복 1,234" / "1,234 duplicates": an item's duplicate group size, grouped in the user's language. */
export function duplicateCountLabel(count: number, intlLocale: string, t: Translate): string {
  return t('labels.dup', { count: formatNumber(count, intlLocale) });
}

export function formatScore(score: number, intlLocale: string): string {
  return new Intl.NumberFormat(intlLocale, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    signDisplay: 'exceptZero',
  }).format(score);
}

/** Where a keyword of the topic being edited meets another topic's keyword (a rule may catch the other's items). */
export interface KeywordOverlap {
  keyword: string;
  /** The other topic, named "부모 › 하위" when it has a parent. */
  topicName: string;
  otherKeyword: string;
  /**
   * shadowed: the other topic's rules are read first and its keyword is in every text this one
   * matches — this keyword never labels an item; partly: read first, so the texts holding both go
   * there; takes: this topic is read first and takes some of the other topic's items.
   */
  kind: 'shadowed' | 'partly' | 'takes';
}

const foldKeyword = (keyword: string) => keyword.toLowerCase().replace(/\s+/g, '');

/**
 * The keyword rules of `keywords` that meet another active topic's keyword — equal, or one inside
 * the other, however spaced — with which one the rules read first (src/text/topic-rules.ts
 * compileTopicRules: subtopics before top-level topics, then by position, then the older topic; a
 * new topic is read last among its level's topics at position 0).
 */
export function keywordOverlaps(
  keywords: readonly string[],
  self: { id: string | null; parentId: string | null; position: number },
  topics: readonly Topic[],
): KeywordOverlap[] {
  const rank = (t: { id: string | null; parentId: string | null; position: number }) => [t.parentId === null ? 1 : 0, t.position, t.id === null ? Infinity : Number(t.id)];
  const before = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
  const mine = rank(self);
  const byId = new Map(topics.map((t) => [t.id, t]));
  const out: KeywordOverlap[] = [];
  for (const keyword of keywords) {
    const k = foldKeyword(keyword);
    if (!k) continue;
    for (const topic of topics) {
      if (topic.archived || topic.id === self.id || (topic.parent_id && byId.get(topic.parent_id)?.archived)) continue;
      for (const rule of topic.rules) {
        if (rule.kind !== 'keyword') continue;
        const o = foldKeyword(rule.pattern);
        if (!o || (!k.includes(o) && !o.includes(k))) continue;
        const otherFirst = before(rank({ id: topic.id, parentId: topic.parent_id, position: topic.position }), mine) < 0;
        const parent = topic.parent_id ? byId.get(topic.parent_id) : undefined;
        out.push({
          keyword,
          topicName: parent ? `${parent.name} › ${topic.name}` : topic.name,
          otherKeyword: rule.pattern,
          kind: otherFirst ? (k.includes(o) ? 'shadowed' : 'partly') : 'takes',
        });
      }
    }
  }
  return out;
}

/** The largest type moves of a run, "배송·주문 → 칭찬 18, …" (at most five; how many more after). */
export function describeMoves(moves: Record<string, number>, types: readonly ItemType[], locale: Locale, t: Translate, intlLocale: string): string {
  const name = (key: string) => (key === 'none' ? t('splits.noType') : typeName(key, types, locale, t));
  const sorted = Object.entries(moves).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, 5).map(([move, count]) => {
    const [from = '', to = ''] = move.split('>');
    return `${name(from)} → ${name(to)} ${new Intl.NumberFormat(intlLocale).format(count)}`;
  });
  const rest = sorted.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} ${t('reclassify.movesMore', { count: String(rest) })}` : shown.join(', ');
}
