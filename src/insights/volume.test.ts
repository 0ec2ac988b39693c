import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { eachDay } from '../domain/local-day.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { summarizeItems } from '../store/queries/list-items.js';
import { createTopic } from '../store/queries/topics.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { getTopicDetail } from './topic-detail.js';
import { getVolume } from './volume.js';

// 5/8–5/14 (Seoul): a day each of 배송 (the parent's own items), two of 배송 지연 (its child) and,
// on three days, one item without a topic. Parent 7 + child 14 = 21 items of 배송.
describe(`Explore split by topic (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  let parent: string;
  let child: string;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'default', name: '기본 워크스페이스' });
    parent = (await createTopic(db, ws.id, { name: '배송', rules: [{ kind: 'keyword', pattern: '배송' }] })).id;
    child = (await createTopic(db, ws.id, { name: '배송 지연', parentId: parent, rules: [{ kind: 'keyword', pattern: '지연' }] })).id;
    const items = [];
    let n = 0;
    for (const day of eachDay('2026-05-08', '2026-05-14')) {
      items.push(buildItem({ external_id: `p-${n++}`, created_at: `${day}T12:00:00+09:00`, text: `배송 문의 드려요 (${n})` }));
      items.push(buildItem({ external_id: `c-${n++}`, created_at: `${day}T12:00:00+09:00`, text: `지연 되고 있어요 (${n})` }));
      items.push(buildItem({ external_id: `c-${n++}`, created_at: `${day}T13:00:00+09:00`, text: `지연 이 너무 심해요 (${n})` }));
    }
    for (const day of ['2026-05-08', '2026-05-10', '2026-05-12']) items.push(buildItem({ external_id: `x-${n++}`, created_at: `${day}T09:00:00+09:00`, text: `앱 화면이 하얗게 나와요 (${n})` }));
    expect((await ingestItems(db, ws, items)).inserted).toBe(items.length);
  });
  afterAll(() => close());

  const week = { from: '2026-05-08', to: '2026-05-14' };

  it("counts a parent's line as the parent and its children, as many items as its link opens", async () => {
    const v = await getVolume(db, ws, { ...week, by: 'topic' });
    const items = Object.fromEntries(v.lines.map((l) => [l.key, l.items]));
    expect(items).toEqual({ [parent]: 21, [child]: 14, '0': 3 });
    // The child's items are inside its parent's line: stacked bars leave the child out (parent_key).
    expect(Object.fromEntries(v.lines.map((l) => [l.key, l.parent_key]))).toEqual({ [parent]: null, [child]: parent, '0': null });
    expect(v.lines.find((l) => l.key === parent)!.points.reduce((s, p) => s + p.items, 0)).toBe(21);
    const opened = await summarizeItems(db, ws.id, ws.timezone, { topic: [parent], from: new Date(v.range.instants.from), to: new Date(v.range.instants.to) });
    expect(opened.total).toBe(21);
    // The total counts each item once.
    expect(v.total.items).toBe(24);
  });

  it('sums into "other" only the items of no line shown, each once', async () => {
    // The parent's line (21) is kept; its child's 14 are in it, so "other" is the 3 without a topic.
    const one = await getVolume(db, ws, { ...week, by: 'topic', limit: 1 });
    expect(one.lines.map((l) => [l.key, l.items])).toEqual([[parent, 21], ['__other__', 3]]);
    expect(one.lines.every((l) => l.parent_key === null)).toBe(true);
    expect(one.lines.reduce((s, l) => s + l.items, 0)).toBe(one.total.items);
  });

  it('adds no parent line for a filter on the child alone', async () => {
    const v = await getVolume(db, ws, { ...week, by: 'topic', topic: [child] });
    expect(v.lines.map((l) => [l.key, l.items])).toEqual([[child, 14]]);
    const both = await getVolume(db, ws, { ...week, by: 'topic', topic: [parent] });
    expect(Object.fromEntries(both.lines.map((l) => [l.key, l.items]))).toEqual({ [parent]: 21, [child]: 14 });
  });

  it("names the topic page's bucket size, so the page does not guess weeks from month buckets", async () => {
    const week = await getTopicDetail(db, ws, parent, { from: '2026-05-08', to: '2026-05-14' });
    expect(week).toMatchObject({ granularity: 'day', total: { items: 21 } });
    const long = await getTopicDetail(db, ws, parent, { from: '2025-04-01', to: '2026-05-31' });
    expect(long.granularity).toBe('month');
    expect(long.points.slice(0, 2).map((p) => p.period)).toEqual(['2025-04-01', '2025-05-01']);
    expect(long.points.find((p) => p.period === '2026-05-01')!.items).toBe(21);
  });
});
