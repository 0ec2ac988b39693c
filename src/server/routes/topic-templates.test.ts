import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { findTopicTemplate, templateTopicCount } from '../../labels/topic-templates.js';
import type { Db } from '../../store/db.js';

describe(`topic templates API (${TEST_BACKEND})`, () => {
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

  type Listed = { id: string; name_ko: string; name_en: string; topics: { name_ko: string; children: { name_ko: string; rules: unknown[] }[] }[]; topic_count: number; present: number };
  const templates = async (headers: Record<string, string>) => {
    const res = await app.request('/api/v1/topics/templates', { headers });
    expect(res.status).toBe(200);
    return ((await res.json()) as { templates: Listed[] }).templates;
  };
  const topicsByExternalId = async () => {
    const res = await app.request('/api/v1/items?source=tpl&limit=100', { headers: bearer(tokens.read) });
    const { items } = (await res.json()) as { items: { external_id: string; topic_name: string | null; topic_source: string | null }[] };
    return Object.fromEntries(items.map((i) => [i.external_id, i.topic_name]));
  };

  it('applies a starter tree: viewers see the templates but may not apply; unknown ones are a 404; stored items are labelled again; twice changes nothing', async () => {
    // Stored before any topic exists: nothing labels them yet.
    const before = [
      ['tpl-1', '주문한 지 일주일인데 택배가 아직도 안 왔어요'],
      ['tpl-2', 'I would like my money back for the broken kettle, please refund it'],
      ['tpl-3', '쿠폰 코드 입력했는데 할인이 안 돼요'],
    ] as const;
    await send('POST', '/api/v1/items', { items: before.map(([id, text]) => buildItem({ external_id: id, source: 'tpl', text })) }, bearer(tokens.ingest));
    expect(Object.values(await topicsByExternalId())).toEqual([null, null, null]);

    const viewer = await login('viewer');
    const listed = await templates({ Cookie: viewer });
    const commerce = listed.find((t) => t.id === 'commerce')!;
    expect(commerce).toMatchObject({ name_ko: '쇼핑몰·커머스', name_en: 'Online store', topic_count: templateTopicCount(findTopicTemplate('commerce')!), present: 0 });
    expect(commerce.topics.map((p) => p.name_ko)).toContain('배송');
    expect(commerce.topics.flatMap((p) => p.children).every((c) => c.rules.length > 0)).toBe(true);
    expect(listed.map((t) => t.id)).toEqual(expect.arrayContaining(['subscription', 'fintech']));

    // A viewer and a read token may not; an unknown template is a 404 problem.
    expect((await send('POST', '/api/v1/topics/templates/commerce/apply', {}, { Cookie: viewer })).status).toBe(403);
    expect((await send('POST', '/api/v1/topics/templates/commerce/apply', {}, bearer(tokens.read))).status).toBe(403);
    const operator = await login('operator');
    const unknown = await send('POST', '/api/v1/topics/templates/bakery/apply', {}, { Cookie: operator });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await unknown.json()).toMatchObject({ status: 404, code: 'not_found', templates: ['commerce', 'subscription', 'fintech'] });
    expect((await send('POST', '/api/v1/topics/templates/..%2Fx/apply', {}, { Cookie: operator })).status).toBe(404);
    expect((await send('POST', '/api/v1/topics/templates/commerce/apply', { language: 'fr' }, { Cookie: operator })).status).toBe(400);
    expect(((await (await app.request('/api/v1/topics', { headers: bearer(tokens.read) })).json()) as { topics: unknown[] }).topics).toEqual([]);

    const applied = await send('POST', '/api/v1/topics/templates/commerce/apply', { language: 'ko' }, { Cookie: operator });
    expect(applied.status).toBe(200);
    const answer = (await applied.json()) as { created: number; skipped: number; reclassify: string | null; topics: { name: string }[] };
    expect(answer).toMatchObject({ template: 'commerce', created: commerce.topic_count, skipped: 0, reclassify: 'started' });
    expect(answer.topics.map((t) => t.name)).toContain('환불');

    // The items stored before are labelled by the new rules in the background.
    let labelled: Record<string, string | null> = {};
    for (let i = 0; i < 200; i++) {
      const runs = ((await (await app.request('/api/v1/reclassify', { headers: bearer(tokens.read) })).json()) as { runs: { status: string; reason: string }[] }).runs;
      labelled = await topicsByExternalId();
      if (runs.length && runs.every((r) => r.status !== 'running') && Object.values(labelled).every(Boolean)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(labelled).toEqual({ 'tpl-1': '배송 지연', 'tpl-2': '환불', 'tpl-3': '쿠폰' });

    // New items are labelled as they arrive, Korean and English alike.
    const after = [
      ['tpl-4', '비밀번호를 바꾸려는데 링크가 만료됐다고 떠요'],
      ['tpl-5', 'Hi, the parcel says delivered but I never got the package'],
      ['tpl-6', '어제 산 신발 다른 사이즈로 교환 가능한가요'],
      ['tpl-7', 'The app keeps crashing whenever I open my wishlist'],
      ['tpl-8', '좋은 하루 보내세요'],
    ] as const;
    await send('POST', '/api/v1/items', { items: after.map(([id, text]) => buildItem({ external_id: id, source: 'tpl', text })) }, bearer(tokens.ingest));
    expect(await topicsByExternalId()).toMatchObject({ 'tpl-4': '비밀번호', 'tpl-5': '배송완료 미수령', 'tpl-6': '교환', 'tpl-7': '앱 튕김·멈춤', 'tpl-8': null });

    // Applied again (by an admin token, in English): everything is there already.
    const again = await send('POST', '/api/v1/topics/templates/commerce/apply', { language: 'en' }, bearer(tokens.admin));
    expect(await again.json()).toEqual({ template: 'commerce', created: 0, skipped: commerce.topic_count, topics: [], reclassify: null });
    expect((await templates(bearer(tokens.read))).find((t) => t.id === 'commerce')!.present).toBe(commerce.topic_count);

    const [audit] = await db.query<{ actor: string; target: string; detail: Record<string, unknown> }>(
      "SELECT actor, target, detail FROM audit_log WHERE action = 'topics.apply_template' ORDER BY id LIMIT 1",
    );
    expect(audit).toMatchObject({ actor: 'operator@sori.test', target: 'commerce', detail: { created: commerce.topic_count, skipped: 0, language: 'ko' } });
  });

  it('adds another template’s topics beside the tree, keeping an operator’s topic of the same name and its children', async () => {
    const operator = await login('operator');
    const own = await send('POST', '/api/v1/topics', { name: 'performance' }, { Cookie: operator });
    const parent = ((await own.json()) as { topic: { id: string } }).topic;
    await send('POST', '/api/v1/topics', { name: '느림·로딩', parent_id: parent.id, rules: [{ kind: 'keyword', pattern: '버퍼링' }] }, { Cookie: operator });
    const res = await send('POST', '/api/v1/topics/templates/subscription/apply', {}, { Cookie: operator });
    const answer = (await res.json()) as { created: number; skipped: number };
    // Performance (English name of 성능) and its 느림·로딩 are the operator's, kept.
    expect(answer.skipped).toBeGreaterThanOrEqual(2);
    const { topics } = (await (await app.request('/api/v1/topics', { headers: bearer(tokens.read) })).json()) as { topics: { id: string; name: string; parent_id: string | null; rules: { pattern: string }[] }[] };
    expect(topics.filter((t) => t.name.toLowerCase() === 'performance' || t.name === '성능')).toHaveLength(1);
    const under = topics.filter((t) => t.parent_id === parent.id);
    expect(under.map((t) => t.name).sort()).toEqual(['느림·로딩', '접속 장애']);
    expect(under.find((t) => t.name === '느림·로딩')!.rules).toEqual([{ kind: 'keyword', pattern: '버퍼링' }]);
  });
});
