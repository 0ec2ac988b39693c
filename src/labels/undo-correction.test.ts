import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { diffRollups } from '../store/queries/item-daily-counts.js';
import { createTopic } from '../store/queries/topics.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { correctItemLabels, correctManyItemLabels } from './correct-label.js';
import { undoCorrection } from './undo-correction.js';

describe(`taking a label correction back (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  const ids: Record<string, string> = {};

  type Labels = {
    type: string | null;
    type_confidence: number | null;
    type_source: string | null;
    churn_reason: string | null;
    topic_id: string | null;
    topic_source: string | null;
    topic_rule: string | null;
    sentiment: string | null;
    sentiment_score: number | null;
    locked_labels: string[];
  };
  const labels = async (key: string): Promise<Labels> =>
    (await db.query<Labels>(
      `SELECT type, type_confidence, type_source, churn_reason, topic_id::text AS topic_id, topic_source, topic_rule, sentiment, sentiment_score, locked_labels
       FROM items WHERE id = $1`,
      [ids[key]],
    ))[0]!;
  const corrections = async (key: string) =>
    (await db.query<{ field: string; new_value: string | null }>('SELECT field, new_value FROM label_corrections WHERE item_id = $1 ORDER BY id', [ids[key]])).map((c) => `${c.field}=${c.new_value}`);

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'undo-labels', name: '라벨 되돌리기' });
    const texts: Record<string, string> = {
      model: '앱이 자꾸 꺼져요. 결제 화면에서 튕깁니다',
      corrected: '배송지를 바꾸고 싶은데 어디서 하나요',
      cancel: '가격이 너무 올라서 구독 해지하려고요',
      same: '고객센터 연결이 너무 안 돼요. 정말 불친절하네요',
    };
    await ingestItems(db, ws, Object.entries(texts).map(([key, text]) => buildItem({ external_id: `u-${key}`, text })), { enrich: false });
    for (const row of await db.query<{ id: string; external_id: string }>('SELECT id::text AS id, external_id FROM items WHERE workspace_id = $1', [ws.id])) {
      ids[row.external_id.slice(2)] = row.id;
    }
    const topic = await createTopic(db, ws.id, { name: '앱 오류', rules: [{ kind: 'keyword', pattern: '꺼져' }] });
    // As the models and rules left them.
    await db.query(
      `UPDATE items SET type = 'bug', type_confidence = 0.71, type_source = 'model', topic_id = $2, topic_source = 'rule', topic_rule = 'keyword:꺼져', topic_confidence = 1,
         sentiment = 'negative', sentiment_score = -0.4 WHERE id = $1`,
      [ids.model, topic.id],
    );
    await db.query(`UPDATE items SET type = 'cancellation', type_confidence = 0.93, type_source = 'model', churn_reason = 'price', sentiment = 'neutral', sentiment_score = 0.05 WHERE id = $1`, [ids.cancel]);
    await db.query(`UPDATE items SET type = 'complaint', type_confidence = 0.8, type_source = 'model', sentiment = 'negative', sentiment_score = -0.7 WHERE id = $1`, [ids.same]);
    await db.query(`UPDATE items SET type = 'question', type_confidence = 0.6, type_source = 'model', sentiment = 'neutral', sentiment_score = 0 WHERE id = $1`, [ids.corrected]);
    // An operator's earlier correction of one of them: it stays corrected after the bulk one is taken back.
    await correctItemLabels(db, ws.id, ids.corrected!, { type: 'how_to' }, null, '상담원@sori.test');
  });
  afterAll(() => close());

  it('puts back every label the bulk correction changed — value, confidence, source, rule, score, churn reason, lock — and deletes its corrections', async () => {
    const before = { model: await labels('model'), corrected: await labels('corrected'), cancel: await labels('cancel'), same: await labels('same') };
    const bulk = await correctManyItemLabels(db, ws.id, Object.values(ids), { type: 'complaint', topic_id: null, sentiment: 'negative' }, null, '팀장@sori.test');
    // "same" had complaint and negative already, "model" negative: labels that have the value are no change.
    expect(bulk).toMatchObject({ matched: 4, changed: { type: 3, topic: 1, sentiment: 2 }, batch_id: expect.stringMatching(/^\d+$/) });
    expect(await labels('model')).toMatchObject({ type: 'complaint', type_source: 'correction', topic_id: null, topic_source: 'correction', sentiment: 'negative', sentiment_score: -0.4 });
    expect((await labels('model')).locked_labels.sort()).toEqual(['topic', 'type']);
    expect(await labels('cancel')).toMatchObject({ sentiment: 'negative', sentiment_score: -1 });
    expect(await labels('cancel')).toMatchObject({ type: 'complaint', churn_reason: null });

    const undone = await undoCorrection(db, ws.id, bulk.batch_id!, '팀장@sori.test');
    expect(undone).toEqual({ batch_id: bulk.batch_id, restored: { type: 3, topic: 1, sentiment: 2 }, kept: 0 });
    // Exactly as before, the lock included: the model's labels are unlocked again, the earlier correction stays locked.
    expect(await labels('model')).toEqual(before.model);
    expect(await labels('cancel')).toEqual(before.cancel);
    expect(await labels('same')).toEqual(before.same);
    expect(await labels('corrected')).toEqual(before.corrected);
    expect(before.corrected).toMatchObject({ type: 'how_to', type_source: 'correction', locked_labels: ['type'] });
    // Its corrections are gone (the next model does not learn them); the earlier one stays.
    expect(await corrections('model')).toEqual([]);
    expect(await corrections('corrected')).toEqual(['type=how_to']);
    expect(await diffRollups(db, ws.id)).toEqual([]);
    const [batch] = await db.query<{ undone_by: string; undone_labels: number; changed: number }>('SELECT undone_by, undone_labels, changed FROM label_correction_batches WHERE id = $1', [bulk.batch_id]);
    expect(batch).toEqual({ undone_by: '팀장@sori.test', undone_labels: 6, changed: 6 });
    await expect(undoCorrection(db, ws.id, bulk.batch_id!, '팀장@sori.test')).rejects.toMatchObject({ code: 'already_undone' });
  });

  it('leaves a label corrected again since as it is now, and counts it as kept', async () => {
    const bulk = await correctManyItemLabels(db, ws.id, [ids.model!, ids.cancel!], { sentiment: 'positive' }, null, '팀장@sori.test');
    expect(bulk.changed.sentiment).toBe(2);
    // Someone corrects one of them again before the bulk correction is taken back.
    const again = await correctItemLabels(db, ws.id, ids.cancel!, { sentiment: 'neutral' }, null, '상담원@sori.test');
    expect(again.batch_id).toMatch(/^\d+$/);
    const undone = await undoCorrection(db, ws.id, bulk.batch_id!, '팀장@sori.test');
    expect(undone).toMatchObject({ restored: { type: 0, topic: 0, sentiment: 1 }, kept: 1 });
    expect(await labels('model')).toMatchObject({ sentiment: 'negative', sentiment_score: -0.4 });
    expect((await labels('model')).locked_labels).toEqual([]);
    expect(await labels('cancel')).toMatchObject({ sentiment: 'neutral', sentiment_score: 0 });
    expect(await corrections('cancel')).toEqual(['sentiment=positive', 'sentiment=neutral']);
    // And that single correction is taken back on its own: the value before it (the bulk one's) returns.
    expect(await undoCorrection(db, ws.id, again.batch_id!, '상담원@sori.test')).toMatchObject({ restored: { sentiment: 1 }, kept: 0 });
    expect(await labels('cancel')).toMatchObject({ sentiment: 'positive', sentiment_score: 1 });
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('a correction that changed nothing leaves no batch; another workspace cannot take one back', async () => {
    const none = await correctManyItemLabels(db, ws.id, [ids.same!], { type: 'complaint' }, null, null);
    expect(none).toMatchObject({ changed: { type: 0, topic: 0, sentiment: 0 }, batch_id: null });
    const bulk = await correctManyItemLabels(db, ws.id, [ids.same!], { type: 'praise' }, null, null);
    const other = await ensureWorkspace(db, { slug: 'undo-labels-other', name: '다른 곳' });
    await expect(undoCorrection(db, other.id, bulk.batch_id!, 'x')).rejects.toMatchObject({ code: 'not_found' });
    expect(await labels('same')).toMatchObject({ type: 'praise' });
  });
});
