import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { correctItemLabels } from '../labels/correct-label.js';
import { trainWorkspaceModel } from '../labels/train-workspace-model.js';
import type { Db } from '../store/db.js';
import { diffRollups } from '../store/queries/item-daily-counts.js';
import { listItems, type ItemView } from '../store/queries/list-items.js';
import { createTopic, updateTopic } from '../store/queries/topics.js';
import { replaceItemTypes } from '../store/queries/item-types.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { TaskWorker } from '../worker/pool.js';
import { generateDemoDataset } from './demo/generate.js';
import { TextEnrichment, textEnrichmentFor, WORKER_MIN_ROWS } from './enrich.js';
import { prepareItem } from './prepare-item.js';
import { ingestItems } from './pipeline.js';
import { ensureSlaDueDates } from '../insights/sla.js';

describe(`text intelligence at ingest (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'shop', name: '소리마켓' });
  });
  afterAll(() => close());

  async function item(externalId: string): Promise<ItemView> {
    const { items } = await listItems(db, ws.id, { q: externalId }, { limit: 5 });
    const found = items.find((i) => i.external_id === externalId);
    if (!found) throw new Error(`no item ${externalId}`);
    return found;
  }

  it('labels every stored item with type, sentiment, confidence and model versions', async () => {
    await ingestItems(db, ws, [
      buildItem({ external_id: 'e-bug', text: '앱 업데이트 후에 로그인이 안 돼요. 계속 오류 메시지가 떠요 ㅠㅠ' }),
      buildItem({ external_id: 'e-praise', text: '상담원분이 친절하게 바로 해결해 주셨어요. 정말 감사합니다!' }),
      buildItem({ external_id: 'e-delivery', text: '주문한 상품 배송이 아직 출발을 안 했어요. 언제 받을 수 있나요?' }),
    ]);
    const bug = await item('e-bug');
    expect(bug.type).toBe('bug');
    expect(bug.type_source).toBe('default_model');
    expect(bug.type_confidence).toBeGreaterThan(0.3);
    expect(bug.sentiment).toBe('negative');
    expect(bug.model_version).toMatch(/type-default@\w+ sentiment@/);
    expect(bug.enriched_at).toBeInstanceOf(Date);
    const praise = await item('e-praise');
    expect(praise.type).toBe('praise');
    expect(praise.sentiment).toBe('positive');
    expect(praise.sentiment_score).toBeGreaterThan(0.25);
    expect((await item('e-delivery')).type).toBe('delivery');
  });

  it('applies topic rules before any model, child topics first, and says which rule fired', async () => {
    const delivery = await createTopic(db, ws.id, { name: '배송', rules: [{ kind: 'keyword', pattern: '배송' }] });
    const late = await createTopic(db, ws.id, { name: '배송 지연', parentId: delivery.id, rules: [{ kind: 'regex', pattern: '배송.{0,10}(늦|지연|안\\s?와)' }] });
    textEnrichmentFor(db).invalidate(ws.id);
    await ingestItems(db, ws, [
      buildItem({ external_id: 't-late', text: '배송이 너무 늦어요. 일주일째 기다리는 중입니다' }),
      buildItem({ external_id: 't-address', text: '배송지를 바꾸고 싶어요' }),
      buildItem({ external_id: 't-none', text: '비밀번호를 잊어버렸어요' }),
    ]);
    const lateItem = await item('t-late');
    expect(lateItem.topic_id).toBe(late.id);
    expect(lateItem.topic_name).toBe('배송 지연');
    expect(lateItem.topic_source).toBe('rule');
    expect(lateItem.topic_rule).toMatch(/^regex:/);
    const address = await item('t-address');
    expect(address.topic_id).toBe(delivery.id);
    expect(address.topic_rule).toBe('keyword:배송');
    expect((await item('t-none')).topic_id).toBeNull();
  });

  it('keeps an operator correction when the item is re-sent and re-classified', async () => {
    const before = await item('e-delivery');
    const sentiment = before.sentiment === 'negative' ? 'neutral' : 'negative';
    const result = await correctItemLabels(db, ws.id, before.id, { type: 'complaint', sentiment }, null);
    expect(result.changed).toEqual(['type', 'sentiment']);
    // Re-sending the current value is no correction: nothing recorded, nothing locked.
    expect((await correctItemLabels(db, ws.id, before.id, { type: 'complaint' }, null)).changed).toEqual([]);
    const corrected = await item('e-delivery');
    expect(corrected).toMatchObject({ type: 'complaint', type_source: 'correction', sentiment });
    expect(corrected.locked_labels.sort()).toEqual(['sentiment', 'type']);
    // The customer edits the text (a re-send with new content): labels are recomputed, except the locked ones.
    await ingestItems(db, ws, [buildItem({ external_id: 'e-delivery', text: '주문한 상품 배송이 아직 출발을 안 했어요. 언제 받을 수 있나요? 급해요' })]);
    const after = await item('e-delivery');
    expect(after.text).toContain('급해요');
    expect(after).toMatchObject({ type: 'complaint', type_source: 'correction', sentiment });
    const corrections = await db.query<{ field: string; old_value: string; new_value: string }>(
      'SELECT field, old_value, new_value FROM label_corrections WHERE item_id = $1::bigint ORDER BY id',
      [before.id],
    );
    expect(corrections).toEqual([
      { field: 'type', old_value: 'delivery', new_value: 'complaint' },
      { field: 'sentiment', old_value: before.sentiment, new_value: sentiment },
    ]);
  });

  it('refuses corrections to unknown types, topics and items', async () => {
    const some = await item('e-bug');
    await expect(correctItemLabels(db, ws.id, some.id, { type: 'no_such_type' }, null)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(correctItemLabels(db, ws.id, some.id, { topic_id: '999999' }, null)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(correctItemLabels(db, ws.id, '999999', { type: 'bug' }, null)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('groups the same problem re-sent with small changes (across batches and after a restart), not different problems sharing boilerplate', async () => {
    // The index is rebuilt from the last 30 days: these items are from today, whenever the test runs.
    const created_at = new Date(Date.now() - 3_600_000).toISOString();
    await ingestItems(db, ws, [
      buildItem({ external_id: 'd-1', created_at, text: '안녕하세요 문의드립니다. 앱 업데이트 후부터 결제 버튼을 누르면 앱이 꺼져요' }),
      buildItem({ external_id: 'd-2', created_at, text: '앱 업데이트 후부터 결제 버튼 누르면 앱이 꺼져요 확인 부탁드립니다' }),
      buildItem({ external_id: 'd-3', created_at, text: '안녕하세요 문의드립니다. 환불은 언제쯤 입금되나요' }),
    ]);
    // A new process rebuilds the index from the stored items and puts the next one in the same group.
    textEnrichmentFor(db).resetDuplicates(ws.id);
    await ingestItems(db, ws, [buildItem({ external_id: 'd-4', created_at, text: '앱 업데이트 후부터 결제 버튼을 누르면 앱이 꺼져요ㅠㅠ 빨리 고쳐주세요' })]);
    const [a, b, c, d] = await Promise.all(['d-1', 'd-2', 'd-3', 'd-4'].map(item));
    expect(a!.dup_group).toMatch(/^\d+$/);
    expect(b!.dup_group).toBe(a!.dup_group);
    expect(d!.dup_group).toBe(a!.dup_group);
    expect(c!.dup_group).not.toBe(a!.dup_group);
    const { items } = await listItems(db, ws.id, { dupGroup: a!.dup_group! }, { limit: 10 });
    expect(items.map((i) => i.external_id).sort()).toEqual(['d-1', 'd-2', 'd-4']);
    // The first report starts the group; the later ones count as repeats (the duplicate share).
    const repeats = await db.query<{ external_id: string; is_duplicate: boolean }>(
      `SELECT external_id, is_duplicate FROM items WHERE workspace_id = $1 AND external_id LIKE 'd-%' ORDER BY external_id`, [ws.id]);
    expect(repeats.map((r) => [r.external_id, r.is_duplicate])).toEqual([['d-1', false], ['d-2', true], ['d-3', false], ['d-4', true]]);
  });

  it('counts an item as a duplicate only when another item of its group came in the 7 days before it', async () => {
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
    const text = '주문 취소했는데 카드 승인 취소가 아직 안 됐어요 언제 취소되나요';
    await ingestItems(db, ws, [
      buildItem({ external_id: 'w-1', created_at: at(20), text }),
      buildItem({ external_id: 'w-2', created_at: at(18), text: `${text}??` }),
      buildItem({ external_id: 'w-3', created_at: at(6), text: `${text} ㅠㅠ` }),
    ]);
    // A new process rebuilds the index (with the members' times) before the next one.
    textEnrichmentFor(db).resetDuplicates(ws.id);
    await ingestItems(db, ws, [buildItem({ external_id: 'w-4', created_at: at(1), text: `${text} 빨리요` })]);
    const rows = await db.query<{ external_id: string; dup_group: string; is_duplicate: boolean }>(
      `SELECT external_id, dup_group::text AS dup_group, is_duplicate FROM items WHERE workspace_id = $1 AND external_id LIKE 'w-%' ORDER BY external_id`, [ws.id]);
    expect(new Set(rows.map((r) => r.dup_group)).size).toBe(1); // the group still links them all
    expect(rows.map((r) => [r.external_id, r.is_duplicate])).toEqual([['w-1', false], ['w-2', true], ['w-3', false], ['w-4', true]]);
  });

  it('flags duplicates the same way whether a batch lists its items oldest or newest first', async () => {
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
    const text = '앱 알림이 업데이트 이후로 하나도 안 와요 설정은 다 켜져 있어요';
    const flags = async (slug: string, order: number[]) => {
      const w = await ensureWorkspace(db, { slug, name: slug });
      await ingestItems(db, w, order.map((d) => buildItem({ external_id: `o-${d}`, created_at: at(d), text: `${text} (${d})`, customer_id: `c-${d}` })));
      const rows = await db.query<{ external_id: string; is_duplicate: boolean }>('SELECT external_id, is_duplicate FROM items WHERE workspace_id = $1 ORDER BY external_id', [w.id]);
      return rows.map((r) => [r.external_id, r.is_duplicate]);
    };
    const oldestFirst = await flags('order-asc', [5, 4, 3, 2, 1]);
    expect(oldestFirst.filter(([, d]) => d)).toHaveLength(4);
    expect(await flags('order-desc', [1, 2, 3, 4, 5])).toEqual(oldestFirst);
  });

  it('flips a later copy to duplicate when an earlier one arrives afterwards, through both write paths (backfill, newest-first files)', async () => {
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day).toISOString();
    const text = '주문한 운동화가 일주일째 배송 준비중이에요. 언제 출고되나요? 주문번호 확인 부탁드립니다.';
    const flags = async (w: { id: number }) =>
      (await db.query<{ external_id: string; is_duplicate: boolean }>('SELECT external_id, is_duplicate FROM items WHERE workspace_id = $1 ORDER BY external_id', [w.id])).map(
        (r) => [r.external_id, r.is_duplicate],
      );
    // The API: the later copy first, the earlier one a moment after (a webhook then a backfill).
    const api = await ensureWorkspace(db, { slug: 'late-copy', name: '늦게 온 사본' });
    await ingestItems(db, api, [buildItem({ external_id: 'b', created_at: at(3), text, customer_id: 'c1' })]);
    await ingestItems(db, api, [buildItem({ external_id: 'a', created_at: at(5), text, customer_id: 'c1' })]);
    expect(await flags(api)).toEqual([['a', false], ['b', true]]);
    // A file listed newest first, in batches (the COPY path): each batch is older than the one before.
    const file = await ensureWorkspace(db, { slug: 'newest-first', name: '최신순 파일' });
    const batch = (from: number) =>
      Array.from({ length: 70 }, (_, i) => buildItem({ external_id: `n-${String(from + i).padStart(3, '0')}`, created_at: at(1 + (from + i) / 20), text: `${text} ${from + i}번째`, customer_id: `c-${from + i}` }));
    await ingestItems(db, file, batch(0)); // the newest 70, days 1–4.5 ago
    await ingestItems(db, file, batch(70)); // older ones, 4.5–8 days ago, stored after
    // The definition (migration 022), from the stored rows: another member within the 7 days before.
    const defined = await db.query<{ external_id: string; dup: boolean }>(
      `SELECT external_id, COALESCE(lag(created_at) OVER w >= created_at - interval '7 days', false) AS dup
       FROM items WHERE workspace_id = $1 WINDOW w AS (PARTITION BY dup_group ORDER BY created_at, id) ORDER BY external_id`,
      [file.id],
    );
    expect(await flags(file)).toEqual(defined.map((r) => [r.external_id, r.dup]));
    // Not vacuous: the first batch's oldest item had no copy before it until the second batch came.
    expect(Object.fromEntries(await flags(file))['n-069']).toBe(true);
    expect(await diffRollups(db, file.id)).toEqual([]);
  });

  it('keeps different problems apart under a shared form header in a new workspace', async () => {
    const fresh = await ensureWorkspace(db, { slug: 'forms', name: '폼' });
    const header = '안녕하세요 고객님, 항상 저희 서비스를 이용해 주셔서 감사합니다.\n문의하신 내용을 아래에 남겨주시면 확인 후 연락드리겠습니다.\n';
    const bodies = ['주문한 상품 배송이 일주일째 지연되고 있어요', '결제하려는데 카드 결제 오류가 계속 나요', '받은 상품이 파손되어 있어서 교환하고 싶어요', '회원 탈퇴는 어떻게 하나요 메뉴를 못 찾겠어요'];
    await ingestItems(db, fresh, bodies.map((b, i) => buildItem({ external_id: `f-${i}`, customer_id: `form-${i}`, text: header + b })));
    const rows = await db.query<{ dup_group: string; is_duplicate: boolean }>('SELECT dup_group::text AS dup_group, is_duplicate FROM items WHERE workspace_id = $1', [fresh.id]);
    expect(new Set(rows.map((r) => r.dup_group)).size).toBe(4);
    expect(rows.every((r) => !r.is_duplicate)).toBe(true);
  });

  it('trains a workspace type model from corrections; new items use it', async () => {
    // The team files "쿠폰" questions as billing, which the default model does not know.
    const texts = ['쿠폰이 적용이 안 돼요', '쿠폰 사용 기간 알려주세요', '할인 쿠폰 어디서 받나요', '쿠폰 코드 입력했는데 반영이 안 돼요', '생일 쿠폰이 안 들어왔어요', '쿠폰함에 쿠폰이 안 보여요'];
    const unseen = '쿠폰 코드를 입력했는데 적용이 안 돼요';
    await ingestItems(db, ws, [...texts.map((text, i) => buildItem({ external_id: `c-${i}`, text })), buildItem({ external_id: 'c-before', text: unseen })]);
    expect((await item('c-before')).type).not.toBe('billing');
    for (let i = 0; i < texts.length; i++) await correctItemLabels(db, ws.id, (await item(`c-${i}`)).id, { type: 'billing' }, null);
    const result = await trainWorkspaceModel(db, ws.id, 'type');
    expect(result.corrections).toBeGreaterThanOrEqual(texts.length);
    expect(result.model.version).toMatch(/^type@/);
    textEnrichmentFor(db).invalidate(ws.id);
    await ingestItems(db, ws, [buildItem({ external_id: 'c-new', text: unseen })]);
    const fresh = await item('c-new');
    expect(fresh.type_source).toBe('model');
    expect(fresh.type).toBe('billing');
    expect(fresh.model_version).toContain(result.model.version);
  });

  it('trains a topic model from rule-labelled items, so items the rules miss still get the topic', async () => {
    const account = await createTopic(db, ws.id, { name: '계정', rules: [{ kind: 'keyword', pattern: '비밀번호' }] });
    textEnrichmentFor(db).invalidate(ws.id);
    const passwordTexts = ['비밀번호를 잊어버렸어요', '비밀번호 변경이 안 돼요', '비밀번호 재설정 메일이 안 와요', '비밀번호 오류가 계속 나요', '비밀번호 찾기 어디서 해요'];
    const deliveryTexts = ['배송 조회가 안 돼요', '배송지 변경 부탁드려요', '배송 언제 와요', '배송 출발했나요', '배송 기사님 연락처 알려주세요'];
    await ingestItems(db, ws, [...passwordTexts, ...deliveryTexts].map((text, i) => buildItem({ external_id: `tm-${i}`, text })));
    const result = await trainWorkspaceModel(db, ws.id, 'topic');
    expect(result.labels).toContain(account.id);
    textEnrichmentFor(db).invalidate(ws.id);
    await ingestItems(db, ws, [buildItem({ external_id: 'tm-new', text: '패스워드 재설정 메일이 안 와요 비번 찾기 해도 안 돼요' })]);
    const fresh = await item('tm-new');
    expect(fresh.topic_source).toBe('model');
    expect(fresh.topic_id).toBe(account.id);
  });

  it('labels a large batch on the worker thread exactly as on this one, and sends the labelling again to a restarted thread', async () => {
    // This workspace now has its own type and topic models and a rule: all of it crosses to the thread.
    const inputs = generateDemoDataset({ seed: 3, days: 5, itemsPerDay: 80, endDate: new Date('2026-11-20T12:00:00+09:00') }).items;
    expect(inputs.length).toBeGreaterThanOrEqual(WORKER_MIN_ROWS);
    const rows = () => inputs.map((input) => {
      const prepared = prepareItem(input, ws);
      if (!prepared.ok) throw new Error(JSON.stringify(prepared.errors));
      return prepared.row;
    });
    const here = rows();
    const there = rows();
    const worker = new TaskWorker();
    const calls: string[] = [];
    const run = worker.run.bind(worker);
    worker.run = ((task, input, transfer) => {
      calls.push(`${task}${'spec' in input ? ' with labelling' : ''}`);
      return run(task, input, transfer);
    }) as typeof worker.run;
    try {
      await new TextEnrichment(db, null).label(here);
      const onThread = new TextEnrichment(db, worker);
      await onThread.label(there);
      const fields = ['type', 'type_confidence', 'type_source', 'churn_reason', 'topic_id', 'topic_source', 'topic_rule', 'topic_confidence', 'sentiment', 'sentiment_score', 'model_version'] as const;
      const pick = (r: (typeof here)[number]) => fields.map((f) => r[f]);
      expect(there.map(pick)).toEqual(here.map(pick));
      expect(new Set(here.map((r) => r.type)).size).toBeGreaterThan(3);
      expect(here.some((r) => r.topic_source === 'model') || here.some((r) => r.topic_source === 'rule')).toBe(true);

      // A new thread holds no labelling: it asks for it, and gets it.
      await worker.close();
      const again = rows();
      await onThread.label(again);
      expect(again.map(pick)).toEqual(here.map(pick));
      expect(calls).toEqual(['label with labelling', 'label', 'label with labelling']);
    } finally {
      await worker.close();
    }
  });
  it("an edited ticket's labels are its new text's: a topic, rule and cancellation reason the new text has not are dropped (audit s18)", async () => {
    const refund = await createTopic(db, ws.id, { name: '환불 요청', rules: [{ kind: 'keyword', pattern: '환불' }] });
    textEnrichmentFor(db).invalidate(ws.id);
    await ingestItems(db, ws, [buildItem({ external_id: 'edit-1', text: '주문 취소하고 환불 받고 싶어요. 환불 언제 되나요?' })]);
    expect(await item('edit-1')).toMatchObject({ topic_id: refund.id, topic_rule: 'keyword:환불' });
    const before = await db.query<{ churn_reason: string | null }>("SELECT churn_reason FROM items WHERE workspace_id = $1 AND external_id = 'edit-1'", [ws.id]);
    expect(before[0]!.churn_reason).not.toBeNull();
    await ingestItems(db, ws, [buildItem({ external_id: 'edit-1', text: '앱 업데이트 후에 화면이 하얗게 나오고 아무것도 안 눌려요' })]);
    const [edited] = await db.query<{ topic_id: string | null; topic_rule: string | null; churn_reason: string | null; type: string }>(
      "SELECT topic_id, topic_rule, churn_reason, type FROM items WHERE workspace_id = $1 AND external_id = 'edit-1'",
      [ws.id],
    );
    expect(String(edited!.topic_id)).not.toBe(String(refund.id));
    expect(edited).toMatchObject({ topic_rule: null, churn_reason: null });
    expect(edited!.type).not.toBe('cancellation');
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it("a re-sent ticket whose type an operator corrected does not get the model type's SLA deadlines back (audit s18)", async () => {
    const createdAt = new Date(Date.now() - 2 * 3600_000).toISOString();
    const ticket = buildItem({ external_id: 'sla-typed', channel: 'chat', created_at: createdAt, status: 'open', text: '앱이 결제 화면에서 자꾸 오류가 나면서 꺼져요' });
    await ingestItems(db, ws, [ticket]);
    const deadlines = async () =>
      (await db.query<{ sla_version: string | null; sla_res_policy: string | null; sla_res_due_at: Date | null }>(
        "SELECT sla_version, sla_res_policy, sla_res_due_at FROM items WHERE workspace_id = $1 AND external_id = 'sla-typed'",
        [ws.id],
      ))[0]!;
    const model = await deadlines();
    const stored = await item('sla-typed');
    const target = stored.type === 'bug' ? 'how_to' : 'bug';
    await correctItemLabels(db, ws.id, stored.id, { type: target }, null);
    // The SLA report works the deadlines out again from the corrected type.
    await ensureSlaDueDates(db, ws);
    const corrected = await deadlines();
    expect(corrected.sla_version).not.toBeNull();
    expect(corrected.sla_res_policy).not.toBe(model.sla_res_policy);
    // The help desk re-sends the ticket with a new status: the model's type's deadlines come with it and are not taken.
    await ingestItems(db, ws, [{ ...ticket, status: 'pending' }]);
    expect(await item('sla-typed')).toMatchObject({ type: target, status: 'pending' });
    expect(await deadlines()).toEqual(corrected);
    await ensureSlaDueDates(db, ws);
    expect(await deadlines()).toEqual(corrected);
  });

  it('gives new items no type the team archived or removed from its taxonomy (audit s18)', async () => {
    const own = await ensureWorkspace(db, { slug: 'shop-taxonomy', name: '유형 정리한 팀' });
    await replaceItemTypes(db, own.id, [
      { key: 'bug', name_ko: '버그', name_en: 'Bug', archived: false },
      { key: 'how_to', name_ko: '이용 문의', name_en: 'How-to', archived: false },
      { key: 'delivery', name_ko: '배송', name_en: 'Delivery', archived: true },
    ]);
    textEnrichmentFor(db).invalidate(own.id);
    await ingestItems(db, own, [buildItem({ external_id: 'tx-1', text: '주문한 상품 배송이 아직 출발을 안 했어요. 언제 받을 수 있나요?' })]);
    const [row] = await db.query<{ type: string }>("SELECT type FROM items WHERE workspace_id = $1 AND external_id = 'tx-1'", [own.id]);
    expect(['bug', 'how_to', 'uncertain']).toContain(row!.type);
  });

  it("stops a subtopic's rules when its parent topic is archived (new items counted under the archived parent)", async () => {
    const own = await ensureWorkspace(db, { slug: 'shop-archive', name: '토픽 정리한 팀' });
    const pay = await createTopic(db, own.id, { name: '결제' });
    await createTopic(db, own.id, { name: '결제 오류', parentId: pay.id, rules: [{ kind: 'keyword', pattern: '결제 오류' }] });
    await updateTopic(db, own.id, pay.id, { archived: true });
    textEnrichmentFor(db).invalidate(own.id);
    await ingestItems(db, own, [buildItem({ external_id: 'ar-1', text: '결제 오류가 계속 나요. 카드 결제가 안 돼요' })]);
    const [row] = await db.query<{ topic_rule: string | null }>("SELECT topic_rule FROM items WHERE workspace_id = $1 AND external_id = 'ar-1'", [own.id]);
    expect(row!.topic_rule).toBeNull();
  });
});
