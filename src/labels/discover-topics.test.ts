import { describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { ingestItems } from '../ingest/pipeline.js';
import { migrate } from '../store/migrate.js';
import { ensureWorkspace } from '../store/queries/workspaces.js';
import { distinctExamples, listClusters, runTopicDiscovery } from './discover-topics.js';

describe(`discovered topics stored before migration 052 (${TEST_BACKEND})`, () => {
  it('get their examples and reach from the migration, as the read used to work them out', async () => {
    const old = await openTestDb({ through: '051' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'discovered', name: '발견' });
      const day = (d: number) => new Date(Date.parse('2026-11-30T03:00:00Z') - d * 86_400_000).toISOString();
      // The same form sentence three times (spaces and case apart), then distinct ones; one member deleted since.
      const texts = ['영수증 발급해 주세요', '영수증  발급해 주세요 ', '영수증 발급해 주세요', '현금영수증 발급 문의드려요', '영수증 재발급 문의드립니다', '지출증빙 영수증 발급 문의요'];
      await ingestItems(old.db, ws, texts.map((text, i) => buildItem({ external_id: `r${i}`, created_at: day(2 + i * 3), text })), { enrich: false });
      await ingestItems(old.db, ws, [buildItem({ external_id: 'p0', created_at: day(1), text: '포인트 적립이 안 됐어요', title: '적립 누락' })], { enrich: false });
      const ids = (await old.db.query<{ id: string }>("SELECT id::text AS id FROM items WHERE workspace_id = $1 AND external_id LIKE 'r%' ORDER BY external_id", [ws.id])).map((r) => r.id);
      const [p0] = await old.db.query<{ id: string }>("SELECT id::text AS id FROM items WHERE external_id = 'p0'");
      const runAt = '2026-11-30T03:00:00Z';
      const insert = (members: string[], at = runAt) =>
        old.db.query<{ id: string }>(
          `INSERT INTO topic_clusters (workspace_id, run_at, name, keywords, size, coherence, recent, previous, example_ids, member_ids)
           VALUES ($1, $2, 'c', '{영수증}', $3, 0.5, 1, 1, $4::bigint[], $4::bigint[]) RETURNING id::text AS id`,
          [ws.id, at, members.length, members],
        );
      const [receipts] = await insert([...ids, '999999']);
      const [points] = await insert([p0!.id]);
      // An earlier run's cluster whose members are all gone: no reach, no examples.
      const [gone] = await insert(['999998'], '2026-10-01T00:00:00Z');
      expect(await migrate(old.db)).toContain('052_discovery_examples_reach.sql');
      const rows = await old.db.query<{ id: string; shown: string[]; first_at: Date | null; last_at: Date | null }>(
        'SELECT id::text AS id, shown_example_ids::text[] AS shown, run_first_at AS first_at, run_last_at AS last_at FROM topic_clusters ORDER BY id',
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      // The form sentence once, then the next distinct texts: what the read showed.
      expect(byId.get(receipts!.id)!.shown).toEqual([ids[0], ids[3], ids[4]]);
      expect(byId.get(points!.id)!.shown).toEqual([p0!.id]);
      expect(byId.get(gone!.id)).toMatchObject({ shown: [], first_at: null, last_at: null });
      // Both clusters of the run reach from its earliest member (17 days back) to its latest (1 day back).
      for (const id of [receipts!.id, points!.id]) {
        expect(byId.get(id)!.first_at!.toISOString()).toBe(day(17));
        expect(byId.get(id)!.last_at!.toISOString()).toBe(day(1));
      }
      // JS picks the same on the same members (the next runs store them from runTopicDiscovery).
      const members = await old.db.query<{ id: string; title: string | null; text: string }>('SELECT id::text AS id, title, text FROM items WHERE id = ANY($1::bigint[]) ORDER BY id', [ids]);
      expect(distinctExamples(members)).toEqual(byId.get(receipts!.id)!.shown);
      const listed = await listClusters(old.db, ws.id);
      expect(listed.find((c) => c.id === receipts!.id)!.examples.map((e) => e.text)).toEqual([texts[0], texts[3], texts[4]]);
      expect(listed.find((c) => c.id === points!.id)!.examples).toEqual([{ id: p0!.id, title: '적립 누락', text: '포인트 적립이 안 됐어요' }]);
    } finally {
      await old.close();
    }
  });
});

describe(`a discovery run over call memos (${TEST_BACKEND})`, () => {
  it("reads each item's channel, so the agents' memo phrasing names no cluster", async () => {
    const t = await openTestDb();
    try {
      await migrate(t.db);
      const ws = await ensureWorkspace(t.db, { slug: 'memos', name: '상담 메모' });
      const now = new Date('2026-11-30T03:00:00Z');
      const at = (i: number) => new Date(now.getTime() - (1 + (i % 20)) * 86_400_000).toISOString();
      const chats = ['로그인이 안 돼요', '로그인 오류가 계속 나요', '배송이 너무 늦어요', '배송 지연 언제 풀리나요', '쿠폰 적용이 안 돼요', '쿠폰 코드 입력 오류'];
      const memos = ['로그인 불가 호소', '배송 지연 문의', '포인트 적립 누락', '배송지 주소 변경'];
      const actions = ['안내 후 종료', '확인 후 회신 예정, 담당 부서 이관', '처리 방법 재안내 후 종료'];
      const prefixes = ['부재중 콜백. ', '재인입. ', '항의성 인입. ', ''];
      const items = [
        ...Array.from({ length: 60 }, (_, i) => buildItem({ external_id: `c${i}`, channel: 'chat', created_at: at(i), text: chats[i % chats.length]! })),
        ...Array.from({ length: 72 }, (_, i) =>
          buildItem({ external_id: `m${i}`, channel: 'phone', created_at: at(i), text: `${prefixes[Math.floor(i / 4) % 4]}${memos[i % memos.length]}. ${actions[(i + Math.floor(i / 16)) % 3]}` }),
        ),
      ];
      await ingestItems(t.db, ws, items, { enrich: false });
      const clusters = await runTopicDiscovery(t.db, ws.id, { now });
      expect(clusters.length).toBeGreaterThan(0);
      for (const c of clusters) expect(c.keywords.join(' '), c.name).not.toMatch(/안내|종료|회신|예정|콜백|부재중|재인입|이관/);
      // The memo-only subjects still get a cluster of their own.
      expect(clusters.some((c) => c.keywords.join(' ').includes('포인트'))).toBe(true);
      expect(clusters.some((c) => c.keywords.join(' ').includes('주소'))).toBe(true);
    } finally {
      await t.close();
    }
  });
});
