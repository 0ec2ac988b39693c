import type { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import type { Db } from '../../store/db.js';

// Corrections made many at once (a bulk correction, a promoted cluster) train the next model by
// themselves, as corrections made one by one do (PATCH /items/:id/labels).
describe(`automatic retraining after corrections made many at once (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;

  const send = (method: string, path: string, body: unknown, token = tokens.admin) =>
    app.request(path, { method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  const topicModels = async () => {
    const res = await app.request('/api/v1/models', { headers: { Authorization: `Bearer ${tokens.read}` } });
    return ((await res.json()) as { models: { task: string; metrics: { trigger?: string } }[] }).models.filter((m) => m.task === 'topic');
  };
  const waitForTopicModel = async () => {
    for (let i = 0; i < 240 && !(await topicModels()).length; i++) await new Promise((r) => setTimeout(r, 250));
    return topicModels();
  };
  const created_at = new Date(Date.now() - 3_600_000).toISOString();
  const themes = [
    ['포인트 적립이 안 됐어요', '포인트 적립 내역이 안 보여요', '리뷰 포인트 적립 언제 되나요', '포인트 소멸 알림이 왔어요'],
    ['영수증 발급해 주세요', '현금영수증 발급 요청합니다', '세금계산서 발급 가능한가요', '영수증 재발급 부탁드려요'],
  ];
  const items = themes.flatMap((texts, t) =>
    texts.flatMap((text, i) => [0, 1, 2].map((r) => buildItem({ external_id: `t-${t}-${i}-${r}`, source: 'auto', created_at, text: r ? `${text} ${'ㅠ'.repeat(r)}` : text }))),
  );

  beforeEach(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens } = await buildTestApp(db, { env: { SORI_RETRAIN_AFTER_CORRECTIONS: '6' } }));
    expect((await send('POST', '/api/v1/items', { items }, tokens.ingest)).status).toBe(200);
  });
  afterEach(() => close());

  it('a bulk correction of enough items trains the topic model', async () => {
    const ids: Record<string, string[]> = {};
    const listed = ((await (await app.request('/api/v1/items?source=auto&limit=100', { headers: { Authorization: `Bearer ${tokens.read}` } })).json()) as { items: { id: string; external_id: string }[] }).items;
    for (const item of listed) (ids[item.external_id.slice(0, 3)] ??= []).push(item.id);
    for (const [name, key] of [['포인트', 't-0'], ['영수증', 't-1']]) {
      const topic = ((await (await send('POST', '/api/v1/topics', { name })).json()) as { topic: { id: string } }).topic;
      expect((await send('POST', '/api/v1/items/labels', { ids: ids[key], topic_id: topic.id })).status).toBe(200);
    }
    const models = await waitForTopicModel();
    expect(models).toHaveLength(1);
    expect(models[0]!.metrics.trigger).toBe('corrections');
  });

  it('a promoted cluster trains the topic model once it brings enough corrections', async () => {
    // A second topic with labelled items, so a topic model has two to tell apart.
    const other = ((await (await send('POST', '/api/v1/topics', { name: '포인트' })).json()) as { topic: { id: string } }).topic;
    expect((await send('POST', '/api/v1/items/labels', { filter: { q: '포인트' }, topic_id: other.id })).status).toBe(200);
    // Retraining by the bulk correction above needs a second topic: none yet.
    await new Promise((r) => setTimeout(r, 500));
    expect(await topicModels()).toHaveLength(0);
    // More receipt requests, as a real workspace's would be (discovery leaves a dozen near-copies alone).
    const more = ['영수증 다시 보내주실 수 있나요', '영수증 출력은 어디서 하나요', '구매 영수증이 필요합니다', '카드 영수증 발급 부탁드립니다', '영수증에 사업자번호 넣어주세요', '영수증 이메일로 받고 싶어요'];
    expect((await send('POST', '/api/v1/items', { items: more.map((text, i) => buildItem({ external_id: `r-${i}`, source: 'auto', created_at, text })) }, tokens.ingest)).status).toBe(200);
    const { clusters } = (await (await send('POST', '/api/v1/topics/discover', { days: 30 })).json()) as { clusters: { id: string; keywords: string[] }[] };
    const receipts = clusters.find((c) => c.keywords.some((k) => k.includes('영수증') || k.includes('발급')));
    expect(receipts, JSON.stringify(clusters)).toBeDefined();
    const promoted = await send('POST', `/api/v1/topics/discovered/${receipts!.id}/promote`, {});
    expect(promoted.status).toBe(201);
    expect(((await promoted.json()) as { labelled: number }).labelled).toBeGreaterThanOrEqual(6);
    const models = await waitForTopicModel();
    expect(models).toHaveLength(1);
    expect(models[0]!.metrics.trigger).toBe('corrections');
  });
});
