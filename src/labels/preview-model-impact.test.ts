import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { createTopic, updateTopic } from '../store/queries/topics.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { correctManyItemLabels } from './correct-label.js';
import { countEligibleItems, previewImpact } from './preview-model-impact.js';

// The preview's eligible count comes from the rollups less the corrected items (migration 054's
// index), not from counting every item: it must equal that count, whatever is corrected or archived.
describe(`the impact preview's eligible count (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  let other: Workspace;

  /** Every item a re-classification of the task would relabel, counted one by one (the preview's count before session 28). */
  const countedOneByOne = async (workspaceId: number, task: 'type' | 'topic') =>
    (await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM items i LEFT JOIN topics t ON t.id = i.topic_id LEFT JOIN topics parent ON parent.id = t.parent_id
       WHERE i.workspace_id = $1 AND NOT $2 = ANY(i.locked_labels)
       ${task === 'topic' ? 'AND NOT coalesce(t.archived OR coalesce(parent.archived, false), false)' : ''}`,
      [workspaceId, task],
    ))[0]!.n;
  const ids = async (workspaceId: number, like: string) =>
    (await db.query<{ id: string }>('SELECT id::text AS id FROM items WHERE workspace_id = $1 AND external_id LIKE $2 ORDER BY id', [workspaceId, like])).map((r) => r.id);
  const hiddenTopics = async (workspaceId: number) =>
    (await db.query<{ id: string }>(
      `SELECT t.id::text AS id FROM topics t LEFT JOIN topics parent ON parent.id = t.parent_id WHERE t.workspace_id = $1 AND (t.archived OR coalesce(parent.archived, false))`,
      [workspaceId],
    )).map((r) => r.id);
  const expectSame = async (workspaceId: number) => {
    for (const task of ['type', 'topic'] as const) {
      expect(await countEligibleItems(db, workspaceId, task, await hiddenTopics(workspaceId)), task).toBe(await countedOneByOne(workspaceId, task));
    }
  };

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'impact-count', name: '영향 미리보기' });
    other = await ensureWorkspace(db, { slug: 'impact-other', name: '다른 워크스페이스' });
    const refund = await createTopic(db, ws.id, { name: '환불', rules: [{ kind: 'keyword', pattern: '환불' }] });
    await createTopic(db, ws.id, { name: '카드 환불', parentId: refund.id, rules: [{ kind: 'keyword', pattern: '카드' }] });
    await createTopic(db, ws.id, { name: '배송', rules: [{ kind: 'keyword', pattern: '배송' }] });
    const texts = ['환불 언제 되나요', '카드 취소했는데 환불이 안 됐어요', '배송이 늦어요', '로그인이 안 돼요', '앱이 꺼져요'];
    await ingestItems(db, ws, texts.flatMap((text, i) => [0, 1, 2, 3].map((r) => buildItem({ external_id: `i-${i}-${r}`, text: `${text} ${'ㅠ'.repeat(r)}` }))));
    // Another workspace's items and corrections count for it alone.
    await ingestItems(db, other, texts.map((text, i) => buildItem({ external_id: `x-${i}`, text })));
    await correctManyItemLabels(db, other.id, await ids(other.id, 'x-%'), { sentiment: 'negative' }, null);
  });
  afterAll(() => close());

  it('equals counting every item, with corrections, an archived topic and its subtopic', async () => {
    await expectSame(ws.id);
    expect(await countEligibleItems(db, ws.id, 'topic')).toBe(20);
    // Corrections: some topics, some types, some only sentiment (which locks no type and no topic).
    await correctManyItemLabels(db, ws.id, (await ids(ws.id, 'i-0-%')).slice(0, 2), { topic_id: null }, null);
    await correctManyItemLabels(db, ws.id, await ids(ws.id, 'i-3-%'), { type: 'account' }, null);
    await correctManyItemLabels(db, ws.id, await ids(ws.id, 'i-4-%'), { sentiment: 'negative' }, null);
    await expectSame(ws.id);
    expect(await countEligibleItems(db, ws.id, 'topic')).toBe(18);
    expect(await countEligibleItems(db, ws.id, 'type')).toBe(16);
    // The refund topic archived: its items and its subtopic's keep their topics, so they are not eligible.
    const refund = (await db.query<{ id: string }>("SELECT id::text AS id FROM topics WHERE workspace_id = $1 AND name = '환불'", [ws.id]))[0]!;
    await updateTopic(db, ws.id, refund.id, { archived: true });
    await expectSame(ws.id);
    expect(await countEligibleItems(db, ws.id, 'topic', await hiddenTopics(ws.id))).toBeLessThan(18);
    await expectSame(other.id);
  });

  it('previews the default labelling (no model) on the newest eligible items', async () => {
    const impact = await previewImpact(db, ws.id, { task: 'topic', model: null, modelId: null }, 5);
    expect(impact).toMatchObject({ model_id: null, task: 'topic', sampled: 5, eligible: await countedOneByOne(ws.id, 'topic') });
    // Fewer than the sample: every eligible item is labelled — none under the archived topics, none corrected.
    for (const task of ['type', 'topic'] as const) {
      const all = await previewImpact(db, ws.id, { task, model: null, modelId: null });
      expect(all.sampled, task).toBe(await countedOneByOne(ws.id, task));
      expect(all.eligible, task).toBe(all.sampled);
    }
  });
});
