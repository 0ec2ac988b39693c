import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import type { Db } from '../../store/db.js';

describe(`labels API (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;

  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const send = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    app.request(path, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens, login } = await buildTestApp(db));
  });
  afterAll(() => close());

  async function itemByExternalId(externalId: string): Promise<Record<string, unknown>> {
    const res = await app.request(`/api/v1/items?q=${encodeURIComponent(externalId)}`, { headers: bearer(tokens.read) });
    const { items } = (await res.json()) as { items: Record<string, unknown>[] };
    return items.find((i) => i.external_id === externalId)!;
  }

  it('returns items with their labels; an operator corrects them, a viewer may not', async () => {
    await send('POST', '/api/v1/items', { items: [buildItem({ external_id: 'l-1', text: '결제가 두 번 됐어요. 환불해 주세요' })] }, bearer(tokens.ingest));
    const item = await itemByExternalId('l-1');
    expect(item).toMatchObject({ type_source: 'default_model', locked_labels: [] });
    expect(typeof item.type).toBe('string');
    expect(['negative', 'neutral', 'positive']).toContain(item.sentiment);

    const viewer = await login('viewer');
    const refused = await send('PATCH', `/api/v1/items/${item.id}/labels`, { type: 'billing' }, { Cookie: viewer });
    expect(refused.status).toBe(403);
    const readOnly = await send('PATCH', `/api/v1/items/${item.id}/labels`, { type: 'billing' }, bearer(tokens.read));
    expect(readOnly.status).toBe(403);

    const operator = await login('operator');
    const sentiment = item.sentiment === 'neutral' ? 'negative' : 'neutral';
    const type = item.type === 'billing' ? 'cancellation' : 'billing';
    const ok = await send('PATCH', `/api/v1/items/${item.id}/labels`, { type, sentiment }, { Cookie: operator });
    expect(ok.status).toBe(200);
    const answer = (await ok.json()) as { batch_id: string };
    expect(answer).toEqual({ item_id: item.id, changed: ['type', 'sentiment'], batch_id: expect.stringMatching(/^\d+$/) });
    const corrected = await itemByExternalId('l-1');
    expect(corrected).toMatchObject({ type, type_source: 'correction', sentiment });
    expect((corrected.locked_labels as string[]).sort()).toEqual(['sentiment', 'type']);

    // Taken back: a viewer may not; the operator does, and the item is as the model left it.
    expect((await send('POST', '/api/v1/items/labels/undo', { batch_id: answer.batch_id }, { Cookie: viewer })).status).toBe(403);
    const undo = await send('POST', '/api/v1/items/labels/undo', { batch_id: answer.batch_id }, { Cookie: operator });
    expect(undo.status).toBe(200);
    expect(await undo.json()).toEqual({ batch_id: answer.batch_id, restored: { type: 1, topic: 0, sentiment: 1 }, kept: 0 });
    expect(await itemByExternalId('l-1')).toMatchObject({ type: item.type, type_source: 'default_model', sentiment: item.sentiment, locked_labels: [] });
    const twice = await send('POST', '/api/v1/items/labels/undo', { batch_id: answer.batch_id }, { Cookie: operator });
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ code: 'already_undone' });
    expect((await send('POST', '/api/v1/items/labels/undo', { batch_id: '999999' }, { Cookie: operator })).status).toBe(404);
    // Corrected again, for the checks below.
    expect((await send('PATCH', `/api/v1/items/${item.id}/labels`, { type, sentiment }, { Cookie: operator })).status).toBe(200);

    const unknown = await send('PATCH', `/api/v1/items/${item.id}/labels`, { type: 'nonsense' }, { Cookie: operator });
    expect(unknown.status).toBe(400);
    const empty = await send('PATCH', `/api/v1/items/${item.id}/labels`, {}, { Cookie: operator });
    expect(empty.status).toBe(400);
  });

  it('lists the corrections newest first — who, what, how many, three items, taken back or what an undo would put back — page by page (s24)', async () => {
    const long = `배송이 언제 오나요 ${'가'.repeat(108)}😀😀😀 끝`;
    const texts = ['쿠폰 적용이 안 돼요 010-2345-6789로 연락 주세요', '쿠폰 코드가 만료됐다고 나와요', '<img src=x onerror=alert(1)> 쿠폰 어디서 받나요', long];
    await send('POST', '/api/v1/items', { items: texts.map((text, i) => buildItem({ external_id: `hist-${i}`, source: 'hist', text })) }, bearer(tokens.ingest));
    const items = await Promise.all(texts.map((_, i) => itemByExternalId(`hist-${i}`)));
    const ids = items.map((i) => String(i.id));
    const operator = await login('operator');
    const topic = ((await (await send('POST', '/api/v1/topics', { name: '쿠폰 이력' }, bearer(tokens.admin))).json()) as { topic: { id: string } }).topic;
    const ask = async (method: string, path: string, body: unknown) => {
      const res = await send(method, path, body, { Cookie: operator });
      expect(res.status).toBe(200);
      return (await res.json()) as { batch_id: string };
    };
    const type = items[3]!.type === 'delivery' ? 'complaint' : 'delivery';
    const single = await ask('PATCH', `/api/v1/items/${ids[3]}/labels`, { type });
    const bulkTopic = await ask('POST', '/api/v1/items/labels', { ids: ids.slice(0, 3), topic_id: topic.id });
    // One of the three is corrected again since: an undo of the bulk one would put back two.
    const cleared = await ask('PATCH', `/api/v1/items/${ids[1]}/labels`, { topic_id: null });

    const list = async (query: string, headers: Record<string, string> = { Cookie: operator }) => {
      const res = await app.request(`/api/v1/labels/corrections${query}`, { headers });
      expect(res.status).toBe(200);
      return (await res.json()) as { corrections: Record<string, any>[]; next_before: string | null };
    };
    const all = (await list('?limit=100')).corrections.filter((c) => [single.batch_id, bulkTopic.batch_id, cleared.batch_id].includes(c.id));
    expect(all.map((c) => c.id)).toEqual([cleared.batch_id, bulkTopic.batch_id, single.batch_id]);
    const [c0, c1, c2] = all;
    expect(c0).toMatchObject({ created_by: 'operator@sori.test', changed: 1, items: 1, undoable: 1, correction: { type: null, topic_id: null, topic_name: null, sentiment: null, clears_topic: true } });
    expect(c1).toMatchObject({
      changed: 3,
      items: 3,
      undoable: 2,
      undone_at: null,
      correction: { type: null, topic_id: topic.id, topic_name: '쿠폰 이력', sentiment: null, clears_topic: false },
    });
    // Its items, masked as stored; markup is text for the page to escape.
    expect(c1!.sample.map((x: { id: string }) => x.id)).toEqual(ids.slice(0, 3));
    expect(c1!.sample[0].text).toBe('쿠폰 적용이 안 돼요 [전화번호]로 연락 주세요');
    expect(c1!.sample[2].text).toContain('<img src=x onerror=alert(1)>');
    expect(c2).toMatchObject({ changed: 1, items: 1, undoable: 1, correction: { type, clears_topic: false }, sample: [{ id: ids[3] }] });
    // A long text is cut at 120 characters (an emoji whole), and says so.
    expect(c2!.sample[0].text).toBe(`${Array.from(long).slice(0, 120).join('')}…`);
    expect(c2!.sample[0].text.endsWith('😀…')).toBe(true);

    // Taken back: listed as such, nothing left to put back.
    await ask('POST', '/api/v1/items/labels/undo', { batch_id: bulkTopic.batch_id });
    const after = (await list('?limit=100')).corrections.find((c) => c.id === bulkTopic.batch_id)!;
    // Its items and samples are still said (its corrections are gone: the batch keeps them).
    expect(after).toMatchObject({ undone_by: 'operator@sori.test', undone_labels: 2, undoable: 0, items: 3, changed: 3 });
    expect(after.sample.map((x: { id: string }) => x.id)).toEqual(ids.slice(0, 3));
    expect(Number.isNaN(Date.parse(after.undone_at))).toBe(false);

    // Pages: limit and before; the last page says so.
    const first = await list('?limit=2');
    expect(first.corrections).toHaveLength(2);
    expect(first.next_before).toBe(first.corrections[1]!.id);
    const rest = await list(`?limit=100&before=${first.next_before}`);
    expect(rest.corrections.every((c) => BigInt(c.id) < BigInt(first.next_before!))).toBe(true);
    expect(rest.next_before).toBeNull();
    // Everyone who reads sees it; a token that only ingests does not; a bad page is a 400.
    expect((await list('?limit=1', { Cookie: await login('viewer') })).corrections).toHaveLength(1);
    expect((await app.request('/api/v1/labels/corrections', { headers: bearer(tokens.ingest) })).status).toBe(403);
    expect((await app.request('/api/v1/labels/corrections?limit=0', { headers: bearer(tokens.read) })).status).toBe(400);
    expect((await app.request('/api/v1/labels/corrections?before=x', { headers: bearer(tokens.read) })).status).toBe(400);
    // Another workspace's list is its own.
    const { ensureWorkspace } = await import('../../store/queries/workspaces.js');
    const { listCorrections } = await import('../../labels/correction-history.js');
    const other = await ensureWorkspace(db, { slug: 'hist-other', name: '다른 곳' });
    expect(await listCorrections(db, other.id)).toEqual([]);
    // The type correction is taken back again: the training test below counts this workspace's.
    await ask('POST', '/api/v1/items/labels/undo', { batch_id: single.batch_id });
  });

  it('manages topics with rules; bad and catastrophic regexes are refused; rules label new items', async () => {
    const created = await send('POST', '/api/v1/topics', { name: '결제', rules: [{ kind: 'keyword', pattern: '결제' }] }, bearer(tokens.admin));
    expect(created.status).toBe(201);
    const { topic } = (await created.json()) as { topic: { id: string } };
    const dup = await send('POST', '/api/v1/topics', { name: '결제' }, bearer(tokens.admin));
    expect(dup.status).toBe(409);
    // Renaming onto a name in use is the same conflict (it was a 500).
    const other = ((await (await send('POST', '/api/v1/topics', { name: '결제 문의' }, bearer(tokens.admin))).json()) as { topic: { id: string } }).topic;
    const renamed = await send('PATCH', `/api/v1/topics/${other.id}`, { name: ' 결제 ' }, bearer(tokens.admin));
    expect(renamed.status).toBe(409);
    expect(await renamed.json()).toMatchObject({ code: 'conflict', detail: expect.stringMatching(/already exists.*같은 이름/) });
    const bad = await send('POST', '/api/v1/topics', { name: '나쁜 규칙', rules: [{ kind: 'regex', pattern: '(결제)\\1' }] }, bearer(tokens.admin));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('backreferences');
    // Catastrophic for a backtracking engine, harmless on the linear one the rules run on.
    const linear = await send('POST', '/api/v1/topics', { name: '선형', rules: [{ kind: 'regex', pattern: '(x|x)*y' }] }, bearer(tokens.admin));
    expect(linear.status).toBe(201);
    const child = await send('POST', '/api/v1/topics', { name: '이중 결제', parent_id: topic.id, rules: [{ kind: 'keyword', pattern: '두 번' }] }, bearer(tokens.admin));
    const grandchild = await send('POST', '/api/v1/topics', { name: '너무 깊음', parent_id: ((await child.json()) as { topic: { id: string } }).topic.id }, bearer(tokens.admin));
    expect(grandchild.status).toBe(400);
    expect((await send('POST', '/api/v1/topics', { name: '읽기 전용' }, bearer(tokens.read))).status).toBe(403);

    await send('POST', '/api/v1/items', { items: [buildItem({ external_id: 'l-2', text: '카드 결제가 두 번 됐어요' })] }, bearer(tokens.ingest));
    const labelled = await itemByExternalId('l-2');
    expect(labelled).toMatchObject({ topic_name: '이중 결제', topic_source: 'rule', topic_rule: 'keyword:두 번' });

    const list = await app.request('/api/v1/topics', { headers: bearer(tokens.read) });
    const { topics } = (await list.json()) as { topics: { name: string; item_count: number }[] };
    expect(topics.find((t) => t.name === '이중 결제')?.item_count).toBeGreaterThanOrEqual(1);

    // The rules also re-label what was stored before them, in the background: l-1 ("결제가 두 번
    // 됐어요") joins the new item under "이중 결제" once the runs are done.
    let ids: string[] = [];
    for (let i = 0; i < 200 && ids.length < 2; i++) {
      if (i) await new Promise((resolve) => setTimeout(resolve, 50));
      const filtered = await app.request(`/api/v1/items?topic=${(labelled as { topic_id: string }).topic_id}`, { headers: bearer(tokens.read) });
      ids = ((await filtered.json()) as { items: { external_id: string }[] }).items.map((i) => i.external_id).sort();
    }
    expect(ids).toEqual(['l-1', 'l-2']);
  });

  it('labels items stored before a rule existed, in the background, with the run on the API', async () => {
    await send('POST', '/api/v1/items', { items: [buildItem({ external_id: 'l-old', text: '교환 신청은 어디서 하나요? 사이즈가 안 맞아요' })] }, bearer(tokens.ingest));
    expect((await itemByExternalId('l-old')).topic_id).toBeNull();
    const created = await send('POST', '/api/v1/topics', { name: '교환', rules: [{ kind: 'keyword', pattern: '교환' }] }, bearer(tokens.admin));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ reclassify: 'started' });
    let runs: { status: string; reason: string; tasks: string[]; changed: number }[] = [];
    for (let i = 0; i < 100; i++) {
      runs = ((await (await app.request('/api/v1/reclassify', { headers: bearer(tokens.read) })).json()) as { runs: typeof runs }).runs;
      if (runs.length && runs.every((r) => r.status !== 'running') && (await itemByExternalId('l-old')).topic_id) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(runs[0]).toMatchObject({ status: 'completed', reason: 'topic_rules_changed', tasks: ['topic'] });
    expect(await itemByExternalId('l-old')).toMatchObject({ topic_name: '교환', topic_source: 'rule', topic_rule: 'keyword:교환' });
    expect((await send('POST', '/api/v1/reclassify', { tasks: ['type'] }, bearer(tokens.read))).status).toBe(403);
    expect((await send('POST', '/api/v1/reclassify', { tasks: ['nonsense'] }, bearer(tokens.admin))).status).toBe(400);
    expect((await send('POST', '/api/v1/reclassify', {}, bearer(tokens.admin))).status).toBe(202);
  });

  it('lets operators and admin tokens curate labels, never an ingest token (it sits in a third-party system)', async () => {
    await send('POST', '/api/v1/items', { items: [buildItem({ external_id: 'l-role', text: '쿠폰이 적용이 안 돼요' })] }, bearer(tokens.ingest));
    const item = await itemByExternalId('l-role');
    const operator = await login('operator');
    const topic = ((await (await send('POST', '/api/v1/topics', { name: '쿠폰' }, { Cookie: operator })).json()) as { topic: { id: string } }).topic;
    const writes: [string, string, unknown][] = [
      ['POST', '/api/v1/topics', { name: '토큰이 만든 토픽', rules: [{ kind: 'keyword', pattern: '쿠폰' }] }],
      ['PATCH', `/api/v1/topics/${topic.id}`, { archived: true }],
      ['POST', `/api/v1/topics/${topic.id}/comments`, { body: '토큰의 댓글' }],
      ['PATCH', `/api/v1/items/${item.id}/labels`, { sentiment: 'negative' }],
      ['POST', '/api/v1/models/train', { task: 'type' }],
      ['POST', '/api/v1/reclassify', { tasks: ['topic'] }],
      ['POST', '/api/v1/topics/discover', { days: 30 }],
      ['POST', '/api/v1/topics/discovered/1/promote', {}],
    ];
    for (const [method, path, body] of writes) {
      const res = await send(method, path, body, bearer(tokens.ingest));
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await res.json()).detail, `${method} ${path}`).toMatch(/operate/);
    }
    expect((await itemByExternalId('l-role')).locked_labels).toEqual([]);
    // Operators keep every one of these rights (a refusal would be 403; 404/422 say the sample lacks data).
    for (const [method, path, body] of writes.slice(1)) {
      const res = await send(method, path, body, { Cookie: operator });
      expect(res.status, `${method} ${path}`).not.toBe(403);
    }
    expect((await send('POST', '/api/v1/topics', { name: '관리자 토큰' }, bearer(tokens.admin))).status).toBe(201);
  });

  it('edits the type taxonomy (admin only) and serves the default until then', async () => {
    const before = await app.request('/api/v1/taxonomy/types', { headers: bearer(tokens.read) });
    expect(await before.json()).toMatchObject({ is_default: true });
    const types = [
      { key: 'bug', name_ko: '버그', name_en: 'Bug' },
      { key: 'coupon', name_ko: '쿠폰', name_en: 'Coupon' },
    ];
    expect((await send('PUT', '/api/v1/taxonomy/types', { types }, bearer(tokens.ingest))).status).toBe(403);
    const res = await send('PUT', '/api/v1/taxonomy/types', { types }, bearer(tokens.admin));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ is_default: false, types: [{ key: 'bug' }, { key: 'coupon' }] });

    // A correction to an archived type, or to one the taxonomy no longer has, is refused.
    await send('PUT', '/api/v1/taxonomy/types', { types: [...types, { key: 'delivery', name_ko: '배송', name_en: 'Delivery', archived: true }] }, bearer(tokens.admin));
    const item = await itemByExternalId('l-role');
    const archived = await send('PATCH', `/api/v1/items/${item.id}/labels`, { type: 'delivery' }, bearer(tokens.admin));
    expect(archived.status).toBe(400);
    expect(await archived.json()).toMatchObject({ code: 'validation_failed', reason: 'archived', detail: expect.stringMatching(/archived.*보관된 유형/) });
    const removed = await send('PATCH', `/api/v1/items/${item.id}/labels`, { type: 'praise' }, bearer(tokens.admin));
    expect(removed.status).toBe(400);
    expect(await removed.json()).toMatchObject({ code: 'validation_failed', reason: 'unknown' });
    expect(await itemByExternalId('l-role')).toMatchObject({ type: item.type, type_source: item.type_source });
  });

  it('discovers topics among uncovered items and promotes one in a single action', async () => {
    const themes = [
      ['앱 알림이 안 와요', '푸시 알림 설정했는데 알림이 안 옵니다', '알림 소리가 안 나요', '주문 알림이 안 와요'],
      ['포인트 적립이 안 됐어요', '포인트 적립 내역이 안 보여요', '리뷰 포인트 적립 언제 되나요', '포인트 소멸 알림'],
      ['영수증 발급해 주세요', '현금영수증 발급 요청', '세금계산서 발급 가능한가요', '영수증 재발급 부탁'],
    ];
    // Discovery looks at the last 30 days: these items are from today, whenever the test runs.
    const created_at = new Date(Date.now() - 3_600_000).toISOString();
    const items = themes.flatMap((texts, t) => texts.flatMap((text, i) => [0, 1, 2].map((r) => buildItem({ external_id: `disc-${t}-${i}-${r}`, created_at, text: r ? `${text} ${'ㅠ'.repeat(r)}` : text }))));
    await send('POST', '/api/v1/items', { items }, bearer(tokens.ingest));
    const run = await send('POST', '/api/v1/topics/discover', { days: 30 }, bearer(tokens.admin));
    expect(run.status).toBe(200);
    const { clusters } = (await run.json()) as { clusters: { id: string; name: string; keywords: string[]; size: number }[] };
    const points = clusters.find((c) => c.keywords.some((k) => k.includes('포인트')));
    expect(points).toBeDefined();
    const promoted = await send('POST', `/api/v1/topics/discovered/${points!.id}/promote`, { name: '포인트 적립' }, bearer(tokens.admin));
    expect(promoted.status).toBe(201);
    const result = (await promoted.json()) as { topic: { id: string }; labelled: number };
    expect(result.labelled).toBe(points!.size);
    const again = await send('POST', `/api/v1/topics/discovered/${points!.id}/promote`, {}, bearer(tokens.admin));
    expect(again.status).toBe(409);
    const member = await itemByExternalId('disc-1-0-0');
    expect(member).toMatchObject({ topic_id: result.topic.id, topic_source: 'correction' });
  });

  it('trains a topic model on request and lists it', async () => {
    const one = await send('POST', '/api/v1/models/train', { task: 'type' }, bearer(tokens.admin));
    // One correction (l-1) to a type the shipped model knows is learned; the three-item minimum is
    // for a team's own types (train-workspace-model.test.ts has the refusal).
    expect(one.status).toBe(201);
    expect(await one.json()).toMatchObject({ corrections: 1 });
    const texts = ['결제 수단 변경하고 싶어요', '결제 내역 확인 부탁드려요', '결제 취소 가능한가요', '무통장 결제 계좌 알려주세요'];
    await send('POST', '/api/v1/items', { items: texts.map((text, i) => buildItem({ external_id: `pay-${i}`, text })) }, bearer(tokens.ingest));
    const res = await send('POST', '/api/v1/models/train', { task: 'topic' }, bearer(tokens.admin));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { model: { task: string; version: string } };
    expect(body.model.task).toBe('topic');
    const list = await app.request('/api/v1/models', { headers: bearer(tokens.read) });
    expect(((await list.json()) as { models: { version: string }[] }).models[0]!.version).toBe(body.model.version);
  });

  it('lists stored rules that are not applied, with why (saved before the linear-time check)', async () => {
    const [ws] = await db.query<{ id: number }>("SELECT id FROM workspaces WHERE slug = 'default'");
    await db.query(
      `INSERT INTO topics (workspace_id, name, rules) VALUES ($1, '예전 규칙', $2::jsonb)`,
      [ws!.id, JSON.stringify([{ kind: 'keyword', pattern: '환불' }, { kind: 'regex', pattern: '배송(?!완료)' }])],
    );
    const res = await app.request('/api/v1/topics', { headers: bearer(tokens.read) });
    const { topics } = (await res.json()) as { topics: { name: string; rule_problems: { index: number; pattern: string; problem: string }[] }[] };
    const old = topics.find((t) => t.name === '예전 규칙')!;
    expect(old.rule_problems).toEqual([{ index: 1, pattern: '배송(?!완료)', problem: expect.stringMatching(/lookahead.*전방/) }]);
    expect(topics.filter((t) => t.name !== '예전 규칙').every((t) => t.rule_problems.length === 0)).toBe(true);
  });
});
