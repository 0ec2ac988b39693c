import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import type { Db } from '../../store/db.js';

/**
 * Discovered topics as the Topics page reads them (walkthrough s26): one answer with each cluster's
 * distinct example texts and its growth judged as the movers judge a topic's; a promotion seeded with
 * keyword rules the operator kept, so new items get the topic at once.
 */
describe(`discovered topics API (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;

  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
  const send = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    app.request(path, { method, headers: { 'Content-Type': 'application/json', ...headers }, ...(method === 'GET' ? {} : { body: JSON.stringify(body) }) });
  const daysAgo = (days: number, i: number) => new Date(Date.now() - days * 86_400_000 - (i % 20) * 60_000).toISOString();

  type Cluster = {
    id: string;
    keywords: string[];
    size: number;
    recent: number;
    previous: number;
    example_ids: string[];
    examples: { id: string; title: string | null; text: string }[];
    change: { verdict: string; reason?: string; change: number | null };
  };

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens, login } = await buildTestApp(db));
    const points = ['리뷰 작성했는데 포인트 적립이 안 됐어요', '구매확정 후에도 포인트 적립이 안 돼요', '포인트 적립 내역이 안 보여요', '이벤트 포인트 적립이 누락됐어요'];
    const receipts = ['현금영수증 발급 문의드려요', '영수증 재발급 문의드립니다', '지출증빙 영수증 발급 문의요'];
    const items = [
      // 포인트: 40 this week against 4 the week before — a real rise.
      ...Array.from({ length: 40 }, (_, i) => buildItem({ external_id: `pt-now-${i}`, created_at: daysAgo(1 + (i % 6), i), text: points[i % points.length]! })),
      ...Array.from({ length: 4 }, (_, i) => buildItem({ external_id: `pt-before-${i}`, created_at: daysAgo(8 + i, i), text: points[i % points.length]! })),
      // 영수증: 12 and 12, and one sentence sent again and again (a form): within noise, one example of it.
      ...Array.from({ length: 24 }, (_, i) =>
        buildItem({ external_id: `rc-${i}`, created_at: daysAgo(i < 12 ? 1 + (i % 6) : 8 + (i % 6), i), text: i < 6 ? '영수증 발급해 주세요' : receipts[i % receipts.length]! }),
      ),
      // Reaching back 20 days: the run covers the week before.
      ...Array.from({ length: 3 }, (_, i) => buildItem({ external_id: `old-${i}`, created_at: daysAgo(20, i), text: `배송지 변경 문의 ${i}번` })),
    ];
    const res = await send('POST', '/api/v1/items', { items }, bearer(tokens.ingest));
    expect(res.status).toBeLessThan(300);
  });
  afterAll(() => close());

  const discover = async (days: number) => {
    const res = await send('POST', '/api/v1/topics/discover', { days }, bearer(tokens.admin));
    expect(res.status).toBe(200);
    return ((await res.json()) as { clusters: Cluster[] }).clusters;
  };
  const ids = async (prefix: string) =>
    (await db.query<{ id: string }>('SELECT id::text AS id FROM items WHERE external_id LIKE $1 ORDER BY external_id', [`${prefix}%`])).map((r) => r.id);

  /** Stores a discovery run's clusters as runTopicDiscovery does (members best first), so the numbers are known. */
  async function storeRun() {
    await db.query('DELETE FROM topic_clusters WHERE promoted_topic_id IS NULL');
    const runAt = new Date();
    const points = [...(await ids('pt-now-')), ...(await ids('pt-before-'))];
    const receipts = [...(await ids('rc-')), ...(await ids('old-'))];
    const [ws] = await db.query<{ workspace_id: number }>("SELECT workspace_id FROM items WHERE external_id = 'rc-0'");
    const insert = (name: string, keywords: string[], members: string[], recent: number, previous: number) =>
      db.query<{ id: string }>(
        `INSERT INTO topic_clusters (workspace_id, run_at, name, keywords, size, coherence, recent, previous, example_ids, member_ids)
         VALUES ($1, $2, $3, $4::text[], $5, 0.6, $6, $7, $8::bigint[], $9::bigint[]) RETURNING id::text AS id`,
        [ws!.workspace_id, runAt, name, keywords, members.length, recent, previous, members.slice(0, 5), members],
      );
    const [p] = await insert('포인트 · 적립', ['포인트 적립', '적립', '문의'], points, 40, 4);
    // The form sentence (rc-0 … rc-5) leads the members, as a form's copies sit closest to the centre.
    const [r] = await insert('영수증 · 발급', ['영수증', '발급'], receipts, 12, 12);
    return { points: p!.id, receipts: r!.id };
  }

  it('answers with each cluster’s distinct example texts, and judges its growth as the movers do', async () => {
    const run = await storeRun();
    const listed = await app.request('/api/v1/topics/discovered', { headers: bearer(tokens.read) });
    expect(listed.status).toBe(200);
    const { clusters } = (await listed.json()) as { clusters: Cluster[] };
    const points = clusters.find((c) => c.id === run.points)!;
    const receipts = clusters.find((c) => c.id === run.receipts)!;
    for (const c of clusters) {
      expect(c.examples).toHaveLength(3);
      // Distinct texts only: the form sentence is not shown three times, though it leads the members.
      expect(new Set(c.examples.map((e) => e.text)).size).toBe(3);
    }
    expect(receipts.example_ids.slice(0, 3)).toHaveLength(3); // three ids of one sentence…
    expect(receipts.examples.map((e) => e.text)).toEqual(['영수증 발급해 주세요', ...receipts.examples.slice(1).map((e) => e.text)]);
    expect(receipts.examples.filter((e) => e.text === '영수증 발급해 주세요')).toHaveLength(1); // …shown once
    // 40 against 4: a real rise; 12 against 12: noise — not "+900%" and "0%" left to the eye.
    expect(points.change).toMatchObject({ verdict: 'significant_increase', unit: 'percent', change: 900 });
    expect(receipts.change).toMatchObject({ verdict: 'within_noise', change: 0 });
  });

  it('gives no verdict when the run does not reach back two weeks (a 7-day run: "2 → 0" says nothing)', async () => {
    const clusters = await discover(7);
    expect(clusters.length).toBeGreaterThan(0);
    for (const c of clusters) expect(c.change).toMatchObject({ verdict: 'insufficient_data', reason: 'previous_not_covered', change: null });
  });

  it('suggests specific keyword rules; a promotion keeps the operator’s, and new items get the topic at once', async () => {
    const points = { id: (await storeRun()).points, size: 44 };
    // Roles: anyone who reads may see suggestions, an ingest token may not; a viewer may not promote.
    expect((await send('GET', `/api/v1/topics/discovered/${points.id}/rules`, null, bearer(tokens.ingest))).status).toBe(403);
    const viewer = await login('viewer');
    const seen = await send('GET', `/api/v1/topics/discovered/${points.id}/rules`, null, { Cookie: viewer });
    expect(seen.status).toBe(200);
    const { rules } = (await seen.json()) as { rules: { kind: string; pattern: string; members: number; matches: number; recommended: boolean }[] };
    expect(rules.length).toBeGreaterThan(0);
    const kept = rules.filter((r) => r.recommended);
    expect(kept.map((r) => r.pattern)).toEqual(['포인트 적립', '적립']);
    // 문의 is in every other inquiry too: shown, not kept by default.
    expect(rules.find((r) => r.pattern === '문의')).toMatchObject({ recommended: false, members: 0 });
    for (const r of kept) expect(r.members / r.matches).toBeGreaterThanOrEqual(0.6);
    expect((await send('POST', `/api/v1/topics/discovered/${points.id}/promote`, {}, { Cookie: viewer })).status).toBe(403);
    // A rule that cannot run is refused before anything is made.
    const bad = await send('POST', `/api/v1/topics/discovered/${points.id}/promote`, { rules: [{ kind: 'regex', pattern: '(a' }] }, bearer(tokens.admin));
    expect(bad.status).toBe(400);

    const operator = await login('operator');
    const promoted = await send('POST', `/api/v1/topics/discovered/${points.id}/promote`, { name: '포인트 적립', rules: kept.map(({ kind, pattern }) => ({ kind, pattern })) }, { Cookie: operator });
    expect(promoted.status).toBe(201);
    const { topic } = (await promoted.json()) as { topic: { id: string; rules: { pattern: string }[]; labelled_since: string | null } };
    expect(topic.rules.map((r) => r.pattern)).toEqual(kept.map((r) => r.pattern));
    // Rules re-label the history: the topic is known for every period (no labelled_since guard).
    expect(topic.labelled_since).toBeNull();

    // A keyword that matches far beyond the cluster (the cluster is one wording of several) is not kept by default.
    for (const r of rules.filter((x) => !x.recommended)) expect(r.members / Math.max(1, r.matches) < 0.6 || r.members < 0.15 * points.size).toBe(true);
    await send('POST', '/api/v1/items', { items: [buildItem({ external_id: 'pt-new', text: `이번에도 ${kept[0]!.pattern} 문제로 연락드려요` })] }, bearer(tokens.ingest));
    const res = await app.request('/api/v1/items?q=pt-new', { headers: bearer(tokens.read) });
    const item = ((await res.json()) as { items: { external_id: string; topic_id: string | null; topic_source: string | null }[] }).items.find((i) => i.external_id === 'pt-new')!;
    expect(item).toMatchObject({ topic_id: topic.id, topic_source: 'rule' });
  });
});
