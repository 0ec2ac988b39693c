import type { Db } from '../store/db.js';
import { createTopic, listTopics, type TopicRow } from '../store/queries/topics.js';
import { ruleProblem } from '../text/topic-rules.js';
import type { TemplateParent, TemplateTopic, TopicTemplate } from './topic-templates.js';

/** The language of the topic names a template creates (its rules match both). */
export type TemplateLanguage = 'ko' | 'en';

/**
 * Added to a fallback topic's position. Rules are tried children first, by position across the
 * whole tree (text/topic-rules.ts: a child at position 0 of any parent before one at position 1 of
 * another), so a template's children are numbered in the template's order through the whole tree —
 * its order is the order its rules are tried in, after the workspace's own topics — and general
 * wording ("how do I", 오류가 나요) is tried after every specific topic, whichever parent it is under.
 */
export const FALLBACK_POSITION = 1000;

/** A name as topics are matched to a template's: trimmed, NFC, case-insensitive. */
const nameKey = (name: string) => name.normalize('NFC').trim().toLowerCase();
const namesOf = (t: TemplateParent | TemplateTopic) => [nameKey(t.nameKo), nameKey(t.nameEn)];

interface Present {
  /** Top-level topics by name key. */
  parents: Map<string, TopicRow>;
  /** Children by parent id, then name key. */
  children: Map<string, Map<string, TopicRow>>;
}

function presentTopics(topics: readonly TopicRow[]): Present {
  const parents = new Map<string, TopicRow>();
  const children = new Map<string, Map<string, TopicRow>>();
  for (const t of topics) {
    if (t.parent_id === null) parents.set(nameKey(t.name), t);
    else {
      const siblings = children.get(t.parent_id) ?? new Map<string, TopicRow>();
      siblings.set(nameKey(t.name), t);
      children.set(t.parent_id, siblings);
    }
  }
  return { parents, children };
}

/** The workspace's topic matching a template topic by its Korean or English name, or undefined. */
const find = (named: Map<string, TopicRow> | undefined, t: TemplateParent | TemplateTopic) => namesOf(t).map((key) => named?.get(key)).find(Boolean);

/**
 * How many of a template's topics a workspace has already: a parent by its name (Korean or
 * English, any case) among the top-level topics, a child by its name under that parent. Archived
 * topics count: the operator archived them on purpose.
 */
export function countTemplateTopicsPresent(template: TopicTemplate, topics: readonly TopicRow[]): number {
  const present = presentTopics(topics);
  let count = 0;
  for (const parent of template.topics) {
    const top = find(present.parents, parent);
    if (!top) continue;
    count++;
    const siblings = present.children.get(top.id);
    count += parent.children.filter((child) => find(siblings, child)).length;
  }
  return count;
}

/**
 * Creates a template's topics the workspace does not have yet (matched as
 * `countTemplateTopicsPresent` does), in one transaction: all of them or none. The operator's own
 * topics are kept as they are, their rules too; a template child goes under the operator's parent
 * of the same name, after its children. Applying twice creates nothing the second time.
 */
export async function applyTopicTemplate(
  db: Db,
  workspaceId: number,
  template: TopicTemplate,
  language: TemplateLanguage,
): Promise<{ created: TopicRow[]; skipped: number }> {
  for (const parent of template.topics) {
    for (const child of parent.children) {
      const problem = child.rules.map(ruleProblem).find(Boolean);
      if (problem) throw new Error(`topic template ${template.id}, ${child.nameEn}: ${problem}`);
    }
  }
  const nameIn = (t: TemplateParent | TemplateTopic) => (language === 'ko' ? t.nameKo : t.nameEn);
  return db.transaction(async (tx) => {
    // Two applies at once (two operators, a double click) take turns: the second finds the first's
    // topics and creates nothing. Without it, on PostgreSQL, one in Korean and one in English both
    // made the whole tree (the names differ, nothing refuses the second). NO KEY: items and other
    // rows that reference the workspace are still written meanwhile.
    await tx.query('SELECT id FROM workspaces WHERE id = $1 FOR NO KEY UPDATE', [workspaceId]);
    const topics = await listTopics(tx, workspaceId);
    const present = presentTopics(topics);
    const after = (rows: TopicRow[]) => Math.max(-1, ...rows.map((t) => t.position)) + 1;
    const created: TopicRow[] = [];
    let skipped = 0;
    let parentPosition = after(topics.filter((t) => t.parent_id === null));
    // Children are numbered through the whole tree, after every child the workspace has (see
    // FALLBACK_POSITION): the `first` ones (named things: 쿠폰, 적립금) before all others, whichever
    // parent they are under, so their rules are tried first; each group in the template's order.
    const positions = templateChildPositions(template, after(topics.filter((t) => t.parent_id !== null && t.position < FALLBACK_POSITION)));
    for (const parent of template.topics) {
      let top = find(present.parents, parent);
      if (top) skipped++;
      else {
        top = await createTopic(tx, workspaceId, { name: nameIn(parent), position: parentPosition++ });
        created.push(top);
      }
      const siblings = present.children.get(top.id);
      for (const child of parent.children) {
        if (find(siblings, child)) {
          skipped++;
          continue;
        }
        const position = positions.get(child)!;
        created.push(await createTopic(tx, workspaceId, { name: nameIn(child), parentId: top.id, rules: [...child.rules], position }));
      }
    }
    return { created, skipped };
  });
}

/**
 * The position each child of a template gets, numbered from `start`: `first` children, then the
 * others, each in the template's order through the tree; a fallback's plus FALLBACK_POSITION.
 * Rules are tried in this order (text/topic-rules.ts), and a parent's children stay in the
 * template's order as long as its `first` ones are listed before its others.
 */
export function templateChildPositions(template: TopicTemplate, start: number): Map<TemplateTopic, number> {
  const children = template.topics.flatMap((parent) => parent.children);
  const ordered = [...children.filter((c) => c.first), ...children.filter((c) => !c.first)];
  return new Map(ordered.map((child, i) => [child, start + i + (child.fallback ? FALLBACK_POSITION : 0)]));
}
