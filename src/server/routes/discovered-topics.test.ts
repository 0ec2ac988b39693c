import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { distinctExamples } from '../../labels/discover-topics.js';
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
    const [ws] = await db.query<{ workspace_id: number; first_at: Date; last_at: Date }>(
      "SELECT workspace_id, min(created_at) AS first_at, max(created_at) AS last_at FROM items WHERE workspace_id = (SELECT workspace_id FROM items WHERE external_id = 'rc-0') GROUP BY workspace_id",
    );
    const texts = new Map((await db.query<{ id: string; title: string | null; text: string }>('SELECT id::text AS id, title, text FROM items')).map((r) => [r.id, r]));
    const insert = (name: string, keywords: string[], members: string[], recent: number, previous: number) =>
      db.query<{ id: string }>(
        `INSERT INTO topic_clusters (workspace_id, run_at, name, keywords, size, coherence, recent, previous, example_ids, member_ids, shown_example_ids, run_first_at, run_last_at)
         VALUES ($1, $2, $3, $4::text[], $5, 0.6, $6, $7, $8::bigint[], $9::bigint[], $10::bigint[], $11, $12) RETURNING id::text AS id`,
        [ws!.workspace_id, runAt, name, keywords, members.length, recent, previous, members.slice(0, 5), members, distinctExamples(members.map((id) => texts.get(id)!)), ws!.first_at, ws!.last_at],
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

  it('a fresh run answers the examples and growth the read used to work out from the member lists (now stored with the run)', async () => {
    const clusters = await discover(30);
    expect(clusters.length).toBeGreaterThan(1);
    const listed = (await (await app.request('/api/v1/topics/discovered', { headers: bearer(tokens.read) })).json()) as { clusters: (Cluster & { run_first_at: string })[] };
    expect(listed.clusters).toEqual(clusters);
    // As the read computed them before migration 052: the first 3 distinct texts among the first 30 members…
    const rows = await db.query<{ cluster_id: string; id: string; title: string | null; text: string }>(
      `SELECT c.id::text AS cluster_id, i.id::text AS id, left(i.title, 300) AS title, left(i.text, 300) AS text
       FROM topic_clusters c CROSS JOIN LATERAL unnest(c.member_ids[1:30]) WITH ORDINALITY AS m(item_id, ord)
       JOIN items i ON i.workspace_id = c.workspace_id AND i.id = m.item_id ORDER BY c.id, m.ord`,
    );
    for (const c of listed.clusters) {
      const seen = new Set<string>();
      const before: string[] = [];
      for (const r of rows.filter((x) => x.cluster_id === c.id)) {
        const key = (r.title ? `${r.title}\n${r.text}` : r.text).normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
        if (before.length < 3 && !seen.has(key)) before.push(r.id);
        seen.add(key);
      }
      expect(c.examples.map((e) => e.id)).toEqual(before);
    }
    // …and the growth: the run covered the week before (its earliest member, 13 days back, did too), so no cluster is left without a verdict for that.
    const [reach] = await db.query<{ earliest: Date; read_from: Date }>(
      `SELECT min(i.created_at) AS earliest, (SELECT min(created_at) FROM items WHERE topic_id IS NULL) AS read_from
       FROM topic_clusters c CROSS JOIN LATERAL unnest(c.member_ids) AS m(item_id) JOIN items i ON i.id = m.item_id`,
    );
    expect(Date.now() - reach!.earliest.getTime()).toBeGreaterThan(13 * 86_400_000);
    for (const c of listed.clusters) {
      expect(new Date(c.run_first_at).getTime()).toBe(reach!.read_from.getTime());
      expect(c.change.reason).toBeUndefined();
    }
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

/**
 * A cluster's examples are stored as item ids (migration 052), never as texts: deleting an item or
 * erasing a customer leaves no copy of their words with the cluster, and the cluster shows the next
 * distinct member in its place.
 */
describe(`discovered topics after deletion and erasure (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' });
  type Listed = { id: string; size: number; examples: { id: string; text: string }[] };
  const list = async () => ((await (await app.request('/api/v1/topics/discovered', { headers: bearer(tokens.read) })).json()) as { clusters: Listed[] }).clusters;
  const post = (path: string, body: unknown) => app.request(`/api/v1${path}`, { method: 'POST', headers: bearer(tokens.admin), body: JSON.stringify(body) });

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens } = await buildTestApp(db));
    const exchanges = ['사이즈 교환 신청했는데', '교환 접수했는데', '사이즈가 안 맞아서 교환 요청했는데', '교환 회수가', '색상 교환 요청했는데', '교환 상품 배송이'];
    const logins = ['로그인이 안 돼요', '로그인 오류가 계속 나요', '앱 로그인하면 오류 메시지가 떠요', '비밀번호 맞는데 로그인 오류'];
    const endings = ['언제 처리되나요', '아직 연락이 없어요', '확인 부탁드려요', '진행 상황 알려주세요', '너무 늦어요', '어떻게 되나요'];
    const at = (i: number) => new Date(Date.now() - (1 + (i % 12)) * 86_400_000).toISOString();
    const items = [
      // Every text once, two per customer: erasing a customer takes every copy of their words.
      ...Array.from({ length: 36 }, (_, i) => buildItem({ external_id: `ex-${i}`, customer_id: `고객-${i >> 1}`, created_at: at(i), text: `${exchanges[i % 6]} ${endings[Math.floor(i / 6)]}` })),
      ...Array.from({ length: 24 }, (_, i) => buildItem({ external_id: `lg-${i}`, customer_id: `회원-${i}`, created_at: at(i), text: `${logins[i % 4]} ${endings[Math.floor(i / 4)]}` })),
    ];
    expect((await post('/items', { items })).status).toBeLessThan(300);
    expect((await post('/topics/discover', { days: 30 })).status).toBe(200);
  });
  afterAll(() => close());

  it('a deleted example is replaced by the next distinct member', async () => {
    const cluster = (await list()).find((c) => c.examples.some((e) => e.text.includes('교환')))!;
    expect(cluster.examples).toHaveLength(3);
    const [gone, ...kept] = cluster.examples;
    const growth = () =>
      db.query<{ recent: number; previous: number; age_days: number }>(
        `SELECT c.recent, c.previous, extract(epoch FROM c.run_at - i.created_at)::float8 / 86400 AS age_days
         FROM topic_clusters c, items i WHERE c.id = $1::bigint AND i.id = $2::bigint`,
        [cluster.id, gone!.id],
      );
    const [before] = await growth();
    const res = await post('/items/delete', { ids: [gone!.id], expected_count: 1 });
    expect(res.status).toBe(200);
    const after = (await list()).find((c) => c.id === cluster.id)!;
    expect(after.examples.map((e) => e.id)).not.toContain(gone!.id);
    // The two kept stay first; a third distinct text comes in (another copy of the deleted text would be one too).
    expect(after.examples.slice(0, 2).map((e) => e.id)).toEqual(kept.map((e) => e.id));
    expect(after.examples).toHaveLength(3);
    expect(new Set(after.examples.map((e) => e.text)).size).toBe(3);
    const [row] = await db.query<{ shown: string[]; members: string[] }>('SELECT shown_example_ids::text[] AS shown, member_ids::text[] AS members FROM topic_clusters WHERE id = $1::bigint', [cluster.id]);
    expect(row!.shown).toEqual(after.examples.map((e) => e.id));
    expect(row!.members).not.toContain(gone!.id);
    // Its growth counts lose it too, in the week it was counted in.
    const [counts] = await db.query<{ recent: number; previous: number }>('SELECT recent, previous FROM topic_clusters WHERE id = $1::bigint', [cluster.id]);
    const age = before!.age_days;
    expect(age).toBeLessThan(14);
    expect(counts).toEqual({ recent: before!.recent - (age < 7 ? 1 : 0), previous: before!.previous - (age >= 7 ? 1 : 0) });
  });

  it('erasing a customer leaves none of their words with a cluster, and its examples stay distinct', async () => {
    const cluster = (await list()).find((c) => c.examples.some((e) => e.text.includes('교환')))!;
    const shown = cluster.examples[0]!;
    const [{ ref, text }] = (await db.query<{ ref: string; text: string }>('SELECT customer_ref AS ref, text FROM items WHERE id = $1::bigint', [shown.id])) as [{ ref: string; text: string }];
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE customer_ref = $1', [ref])) as [{ n: number }];
    // This customer wrote every copy of the shown text: after the erasure no item holds it.
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE text = $1 AND customer_ref <> $2', [text, ref]))[0]!.n).toBe(0);
    expect(n).toBe(2);
    const res = await post('/customers/erase', { customer_id: ref, expected_count: n });
    expect(res.status).toBe(200);
    const after = (await list()).find((c) => c.id === cluster.id)!;
    expect(after.examples.map((e) => e.text)).not.toContain(text);
    expect(after.examples).toHaveLength(3);
    expect(new Set(after.examples.map((e) => e.text)).size).toBe(3);
    // Nothing the clusters store holds the text, nor the erased items' ids.
    const stored = await db.query<{ row: string }>('SELECT row_to_json(c)::text AS row FROM topic_clusters c');
    for (const r of stored) expect(r.row).not.toContain(text);
    const erased = (await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM topic_clusters c, unnest(c.shown_example_ids || c.member_ids) AS m(id) WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.id = m.id)',
    ))[0]!.n;
    expect(erased).toBe(0);
  });
});
