import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { diffRollups, sumDailyCounts } from '../store/queries/item-daily-counts.js';
import { createTopic, updateTopic } from '../store/queries/topics.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { textEnrichmentFor } from '../ingest/enrich.js';
import { correctItemLabels } from './correct-label.js';
import { listReclassifyRuns, reclassifyItems, scheduleReclassify } from './reclassify.js';
import { trainWorkspaceModel } from './train-workspace-model.js';

const NOV = { from: '2026-11-01', to: '2026-11-30' };

describe(`re-classification of stored items (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  const item = async (externalId: string) =>
    (await db.query<{ id: string; type: string | null; type_source: string | null; topic_id: string | null; topic_source: string | null; topic_rule: string | null; model_version: string | null }>(
      'SELECT id::text AS id, type, type_source, topic_id::text AS topic_id, topic_source, topic_rule, model_version FROM items WHERE workspace_id = $1 AND external_id = $2',
      [ws.id, externalId],
    ))[0]!;

  const refundTexts = ['환불 언제 되나요? 취소한 지 일주일 됐어요', '부분 환불 가능한가요', '환불 계좌를 바꾸고 싶어요', '카드 환불이 아직 안 들어왔어요'];
  const otherTexts = ['배송이 너무 늦어요 언제 오나요', '로그인이 안 돼요 비밀번호가 틀리대요', '앱이 자꾸 꺼져요'];

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'reclassify', name: '재분류' });
    await ingestItems(db, ws, [
      ...refundTexts.map((text, i) => buildItem({ external_id: `r-${i}`, text })),
      ...otherTexts.map((text, i) => buildItem({ external_id: `o-${i}`, text })),
    ]);
  });
  afterAll(() => close());

  it('labels items stored before a topic rule existed, and the rollups follow', async () => {
    expect((await item('r-0')).topic_id).toBeNull();
    const refund = await createTopic(db, ws.id, { name: '환불', rules: [{ kind: 'keyword', pattern: '환불' }] });
    const run = await reclassifyItems(db, ws.id, { tasks: ['topic'], reason: 'topic_rules_changed', batchSize: 3 });
    expect(run).toMatchObject({ status: 'completed', scanned: 7, changed: 4, topics_changed: 4, types_changed: 0, tasks: ['topic'] });
    for (let i = 0; i < refundTexts.length; i++) expect(await item(`r-${i}`)).toMatchObject({ topic_id: refund.id, topic_source: 'rule' });
    for (let i = 0; i < otherTexts.length; i++) expect((await item(`o-${i}`)).topic_id).toBeNull();
    const byTopic = await sumDailyCounts(db, ws.id, NOV, { by: 'topic' });
    expect(byTopic.find((r) => r.key === refund.id)?.items).toBe(4);
    expect(await diffRollups(db, ws.id)).toEqual([]);
    // Nothing left to change: a second run writes nothing.
    expect(await reclassifyItems(db, ws.id, { tasks: ['topic'] })).toMatchObject({ scanned: 7, changed: 0 });
  });

  it('keeps corrected labels and archived topics, and takes a topic back when its rule goes', async () => {
    const refund = (await db.query<{ id: string }>("SELECT id::text AS id FROM topics WHERE workspace_id = $1 AND name = '환불'", [ws.id]))[0]!;
    const other = await createTopic(db, ws.id, { name: '결제' });
    await correctItemLabels(db, ws.id, (await item('r-1')).id, { topic_id: other.id }, null);
    const gone = await createTopic(db, ws.id, { name: '로그인', rules: [{ kind: 'keyword', pattern: '로그인' }] });
    await reclassifyItems(db, ws.id, { tasks: ['topic'] });
    expect((await item('o-1')).topic_id).toBe(gone.id);
    await updateTopic(db, ws.id, gone.id, { archived: true });
    // The refund rule now also needs "카드": only the card refund keeps it.
    await updateTopic(db, ws.id, refund.id, { rules: [{ kind: 'regex', pattern: '카드.*환불' }] });
    const run = await reclassifyItems(db, ws.id, { tasks: ['topic'] });
    // Two lose the topic; the card refund keeps it under the new rule (which it now names).
    expect(run.topics_changed).toBe(3);
    expect(await item('r-3')).toMatchObject({ topic_id: refund.id, topic_source: 'rule', topic_rule: expect.stringContaining('카드') });
    expect((await item('r-0')).topic_id).toBeNull();
    expect((await item('r-2')).topic_id).toBeNull();
    expect(await item('r-1')).toMatchObject({ topic_id: other.id, topic_source: 'correction' });
    expect((await item('o-1')).topic_id).toBe(gone.id);
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('re-labels types after a model is trained from corrections, except the corrected ones', async () => {
    // As in the enrichment test: the team files coupon questions as billing; the default model does not.
    const texts = ['쿠폰이 적용이 안 돼요', '쿠폰 사용 기간 알려주세요', '할인 쿠폰 어디서 받나요', '쿠폰 코드 입력했는데 반영이 안 돼요', '생일 쿠폰이 안 들어왔어요', '쿠폰함에 쿠폰이 안 보여요'];
    await ingestItems(db, ws, [
      ...texts.map((text, i) => buildItem({ external_id: `c-${i}`, text })),
      buildItem({ external_id: 'c-before', text: '쿠폰 코드를 입력했는데 적용이 안 돼요' }),
    ]);
    const before = await item('c-before');
    expect(before.type).not.toBe('billing');
    const wasType = before.type ?? 'none';
    for (let i = 0; i < texts.length; i++) await correctItemLabels(db, ws.id, (await item(`c-${i}`)).id, { type: 'billing' }, null);
    // One correction says "how_to" on purpose (a crash is no question): re-classification must not undo it.
    await correctItemLabels(db, ws.id, (await item('o-2')).id, { type: 'how_to' }, null);
    await db.query('UPDATE workspaces SET sla_stale = false WHERE id = $1', [ws.id]);
    const trained = await trainWorkspaceModel(db, ws.id, 'type');
    const run = await reclassifyItems(db, ws.id, { tasks: ['type'], reason: 'model_trained' });
    expect(run.status).toBe('completed');
    expect(run.types_changed).toBeGreaterThanOrEqual(1);
    expect(run.model_version).toContain(trained.model.version);
    // What it moved is kept with the run: the types it changed, from → to, adding up to types_changed.
    expect(run.type_moves[`${wasType}>billing`]).toBeGreaterThanOrEqual(1);
    expect(Object.values(run.type_moves).reduce((a, b) => a + b, 0)).toBe(run.types_changed);
    const after = await item('c-before');
    expect(after).toMatchObject({ type: 'billing', type_source: 'model' });
    expect(after.model_version).toContain(trained.model.version);
    expect(await item('o-2')).toMatchObject({ type: 'how_to', type_source: 'correction' });
    for (let i = 0; i < texts.length; i++) expect(await item(`c-${i}`)).toMatchObject({ type: 'billing', type_source: 'correction' });
    // A new type may meet another SLA policy: the next SLA report recomputes the deadlines.
    const [flags] = await db.query<{ sla_stale: boolean }>('SELECT sla_stale FROM workspaces WHERE id = $1', [ws.id]);
    expect(flags!.sla_stale).toBe(true);
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('leaves an item whose text an import replaced after the batch was read to the import', async () => {
    // On PostgreSQL an import commits on another connection between a batch's read and its
    // UPDATE; the run's labels, from the old text, overwrote the new text's.
    const race = await ensureWorkspace(db, { slug: 'reclassify-race', name: '재분류 경합' });
    const first = buildItem({ external_id: 'race-1', text: '배송 문의드립니다' });
    await ingestItems(db, race, [first, buildItem({ external_id: 'race-2', text: '배송이 늦어요' })]);
    const delivery = await createTopic(db, race.id, { name: '배송', rules: [{ kind: 'keyword', pattern: '배송' }] });
    const refund = await createTopic(db, race.id, { name: '환불', rules: [{ kind: 'keyword', pattern: '환불' }] });
    textEnrichmentFor(db).invalidate(race.id);
    let imported = false;
    const racing: Db = Object.create(db);
    racing.transaction = async (fn) => {
      if (!imported) {
        imported = true;
        expect(await ingestItems(db, race, [{ ...first, text: '환불 요청드립니다' }])).toMatchObject({ updated: 1 });
      }
      return db.transaction(fn);
    };
    const run = await reclassifyItems(racing, race.id, { tasks: ['topic', 'type'] });
    expect(run).toMatchObject({ status: 'completed', changed: 1, topics_changed: 1 });
    const topicOf = async (externalId: string) =>
      (await db.query<{ text: string; topic_id: string | null }>('SELECT text, topic_id::text AS topic_id FROM items WHERE workspace_id = $1 AND external_id = $2', [race.id, externalId]))[0];
    expect(await topicOf('race-1')).toEqual({ text: '환불 요청드립니다', topic_id: refund.id });
    expect(await topicOf('race-2')).toMatchObject({ topic_id: delivery.id });
    expect(await diffRollups(db, race.id)).toEqual([]);
  });

  it('marks a run left running by a stopped process as interrupted', async () => {
    // One that stopped moving 15 minutes ago, and one that moved a minute ago.
    const [stale] = await db.query<{ id: string }>(
      "INSERT INTO reclassify_runs (workspace_id, tasks, reason, updated_at) VALUES ($1, '{topic}', 'manual', now() - interval '15 minutes') RETURNING id::text AS id", [ws.id]);
    const [recent] = await db.query<{ id: string }>(
      "INSERT INTO reclassify_runs (workspace_id, tasks, reason, updated_at) VALUES ($1, '{topic}', 'manual', now() - interval '1 minute') RETURNING id::text AS id", [ws.id]);
    await reclassifyItems(db, ws.id, { tasks: ['topic'] });
    const status = async (id: string) => (await db.query<{ status: string; error: string | null }>('SELECT status, error FROM reclassify_runs WHERE id = $1', [id]))[0];
    expect(await status(stale!.id)).toEqual({ status: 'failed', error: 'interrupted' });
    // On PostgreSQL another process may still be working on a run that moved recently; the embedded
    // folder has one process, so any run still marked running there was stopped.
    expect(await status(recent!.id)).toEqual(TEST_BACKEND === 'pglite' ? { status: 'failed', error: 'interrupted' } : { status: 'running', error: null });
    await db.query("UPDATE reclassify_runs SET status = 'failed' WHERE id = $1", [recent!.id]);
  });

  it('runs one job per workspace at a time and records every run', async () => {
    const first = scheduleReclassify(db, ws.id, ['topic'], 'topic_rules_changed');
    for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve)); // the first run has begun
    const second = scheduleReclassify(db, ws.id, ['type'], 'model_trained');
    const third = scheduleReclassify(db, ws.id, ['topic'], 'topic_rules_changed');
    await Promise.all([first, second, third]);
    const runs = await listReclassifyRuns(db, ws.id, 2);
    // The first request ran; the two that came after it had begun were folded into one more run.
    // (Newest first by number, not as text: this workspace has had ten runs by now.)
    expect(runs.map((r) => [r.status, [...r.tasks].sort()])).toEqual([
      ['completed', ['topic', 'type']],
      ['completed', ['topic']],
    ]);
    expect(runs.every((r) => r.changed === 0)).toBe(true);
  });

  it("keeps the items of a subtopic archived with its parent, as the parent keeps its own", async () => {
    const own = await ensureWorkspace(db, { slug: 'reclassify-archive', name: '보관한 토픽' });
    const pay = await createTopic(db, own.id, { name: '결제', rules: [{ kind: 'keyword', pattern: '결제' }] });
    const failed = await createTopic(db, own.id, { name: '결제 오류', parentId: pay.id, rules: [{ kind: 'keyword', pattern: '결제 오류' }] });
    textEnrichmentFor(db).invalidate(own.id);
    await ingestItems(db, own, [buildItem({ external_id: 'pay-1', text: '결제 오류가 나요' }), buildItem({ external_id: 'pay-2', text: '결제 수단을 바꾸고 싶어요' })]);
    const topicOf = async (id: string) => (await db.query<{ topic_id: string | null }>('SELECT topic_id::text AS topic_id FROM items WHERE workspace_id = $1 AND external_id = $2', [own.id, id]))[0]!.topic_id;
    expect(await topicOf('pay-1')).toBe(String(failed.id));
    await updateTopic(db, own.id, pay.id, { archived: true });
    textEnrichmentFor(db).invalidate(own.id);
    await reclassifyItems(db, own.id, { tasks: ['topic'] });
    expect(await topicOf('pay-1')).toBe(String(failed.id));
    expect(await topicOf('pay-2')).toBe(String(pay.id));
  });
});
