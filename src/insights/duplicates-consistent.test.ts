import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { countsAsDuplicate } from '../domain/duplicates.js';
import { ingestItems } from '../ingest/pipeline.js';
import type { Db } from '../store/db.js';
import { listItemSources } from '../store/queries/list-item-sources.js';
import { listItems } from '../store/queries/list-items.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { getOverview } from './overview.js';

// One week of a shop (5/8–5/14, Seoul days) with the week before it:
// - 결제 오류: the same inquiry six times this week (chat, 카카오톡 and 채널톡), twice last week;
// - "좋아요 배송 빨라요": the same short review ten times this week, and "만족합니다" five times on the
//   app store — a near-duplicate group each, but no duplicate by the rule (reviews repeat by nature);
// - distinct inquiries around them, each its own.
const at = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00+09:00`;
const CURRENT = ['2026-05-08', '2026-05-09', '2026-05-10', '2026-05-11', '2026-05-12', '2026-05-13'];
const DISTINCT = [
  '비밀번호 재설정 메일이 오지 않아요. 스팸함에도 없습니다',
  '환불 신청했는데 카드 취소가 아직 안 됐어요. 언제 처리되나요?',
  '주소를 잘못 입력했어요. 배송지 변경 가능한가요?',
  '쿠폰 코드를 넣으면 유효하지 않다고 나옵니다',
  '회원 등급 혜택이 어떻게 바뀌었는지 알려주세요',
  '세금계산서 발행을 요청드립니다. 사업자 정보는 첨부했어요',
];
const PAYMENT = '결제하기 버튼을 누르면 앱이 멈추고 꺼져요. 카드를 바꿔도 똑같습니다';

describe(`duplicates: list and Overview by one rule (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let ws: Workspace;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  const get = async (path: string) => {
    const res = await app.request(path, { headers: { Authorization: `Bearer ${tokens.read}` } });
    expect(res.status, path).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens } = await buildTestApp(db));
    ws = await ensureWorkspace(db, { slug: 'default', name: '기본 워크스페이스' });
    const items = [
      ...['2026-05-02', '2026-05-05'].map((day, i) => buildItem({ external_id: `pay-prev-${i}`, created_at: at(day, 10), text: PAYMENT })),
      ...CURRENT.map((day, i) => buildItem({ external_id: `pay-${i}`, source: i % 2 ? 'kakaotalk' : 'channeltalk', created_at: at(day, 11), text: PAYMENT })),
      ...DISTINCT.map((text, i) => buildItem({ external_id: `own-${i}`, channel: i % 2 ? 'email' : 'board', source: i % 2 ? 'zendesk' : 'kakaotalk', created_at: at(CURRENT[i]!, 15), text })),
      ...['포인트 적립 내역이 사라졌어요. 확인 부탁드립니다', '영수증을 이메일로 다시 받을 수 있을까요'].map((text, i) =>
        buildItem({ external_id: `own-prev-${i}`, created_at: at('2026-05-03', 9 + i), text }),
      ),
      ...Array.from({ length: 10 }, (_, i) =>
        buildItem({ external_id: `rv-${i}`, channel: 'review', kind: 'review', source: 'product-review', created_at: at(CURRENT[i % 6]!, 13), text: '좋아요 배송 빨라요', rating: 5 }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        buildItem({ external_id: `as-${i}`, channel: 'app_store', kind: 'review', source: 'google-play', created_at: at(CURRENT[i]!, 14), text: '만족합니다', rating: 5 }),
      ),
    ];
    expect((await ingestItems(db, ws, items)).inserted).toBe(items.length);
  });
  afterAll(async () => close?.());

  it('the seeds hold what the rule separates: review groups with flagged repeats, and repeated inquiries', async () => {
    // Without this, the test below could pass on data with no review group at all.
    const rows = await db.query<{ channel: string; flagged: number; grouped: number }>(
      `SELECT channel, count(*) FILTER (WHERE is_duplicate)::int AS flagged, count(*) FILTER (WHERE dup_group IS NOT NULL)::int AS grouped
       FROM items WHERE workspace_id = $1 GROUP BY channel ORDER BY channel`,
      [ws.id],
    );
    const by = Object.fromEntries(rows.map((r) => [r.channel, r]));
    expect(by.review).toMatchObject({ grouped: 10, flagged: 9 });
    expect(by.app_store).toMatchObject({ grouped: 5, flagged: 4 });
    // The payment inquiry: 2 last week, 6 this week; every one after the first within 7 days is flagged.
    expect(by.chat!.flagged).toBe(7);
    expect(countsAsDuplicate('review')).toBe(false);
    expect(countsAsDuplicate('app_store')).toBe(false);
    expect(countsAsDuplicate('survey')).toBe(false);
    expect(countsAsDuplicate('chat')).toBe(true);
  });

  it('the Overview counts exactly the items the list’s duplicate filter shows, in both periods', async () => {
    const overview = await getOverview(db, ws, { from: '2026-05-08', to: '2026-05-14', now: new Date('2026-05-20T00:00:00+09:00') });
    // This week: 6 payment repeats (the first of them follows last week's) of 6 + 6 inquiries; last week: 1 of 2 + 2.
    expect(overview.duplicate_counts).toEqual({ current: { duplicates: 6, items: 12 }, previous: { duplicates: 1, items: 4 } });
    expect(overview.duplicate_share.current).toBe(50);
    expect(overview.duplicate_share.previous).toBe(25);

    const listed = await listItems(db, ws.id, { duplicate: true, from: new Date('2026-05-08T00:00:00+09:00'), to: new Date('2026-05-15T00:00:00+09:00') }, { limit: 100 });
    expect(listed.items.map((i) => i.external_id).sort()).toEqual(CURRENT.map((_, i) => `pay-${i}`).sort());
    const before = await listItems(db, ws.id, { duplicate: true, from: new Date('2026-05-01T00:00:00+09:00'), to: new Date('2026-05-08T00:00:00+09:00') }, { limit: 100 });
    expect(before.items.map((i) => i.external_id)).toEqual(['pay-prev-1']);
  });

  it('through the API: the Overview’s counts, the list’s duplicate filter and its summary agree; reviews are never listed', async () => {
    const overview = await get('/api/v1/insights/overview?from=2026-05-08&to=2026-05-14');
    const summary = await get('/api/v1/items/summary?duplicate=true&from=2026-05-08&to=2026-05-14');
    expect(summary.total).toBe(overview.duplicate_counts.current.duplicates);
    expect(summary.by_channel).toEqual([{ channel: 'chat', count: 6 }]);
    const page = await get('/api/v1/items?duplicate=true&from=2026-05-01&to=2026-05-14&limit=100');
    expect(page.items).toHaveLength(7);
    expect(page.items.every((i: { channel: string }) => countsAsDuplicate(i.channel))).toBe(true);
    // With another filter: the duplicates among 카카오톡's items.
    const kakao = await get('/api/v1/items?duplicate=true&source=kakaotalk&from=2026-05-08&to=2026-05-14');
    expect(kakao.items.map((i: { external_id: string }) => i.external_id).sort()).toEqual(['pay-1', 'pay-3', 'pay-5']);
    const refused = await app.request('/api/v1/items?duplicate=yes', { headers: { Authorization: `Bearer ${tokens.read}` } });
    expect(refused.status).toBe(400);
  });

  it('lists the sources of the items, in order, for the source filter', async () => {
    expect(await listItemSources(db, ws.id)).toEqual(['channeltalk', 'google-play', 'kakaotalk', 'product-review', 'zendesk']);
    expect(await get('/api/v1/items/sources')).toEqual({ sources: ['channeltalk', 'google-play', 'kakaotalk', 'product-review', 'zendesk'] });
    const other = await ensureWorkspace(db, { slug: 'other', name: '다른 워크스페이스' });
    expect(await listItemSources(db, other.id)).toEqual([]);
    const kakao = await get('/api/v1/items/summary?source=kakaotalk');
    expect(kakao.total).toBe(3 + 3);
  });
});
