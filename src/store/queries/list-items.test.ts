import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { ingestItems } from '../../ingest/pipeline.js';
import type { Db } from '../db.js';
import { iterateItems, listItems, summarizeItems } from './list-items.js';
import { createTopic } from './topics.js';
import { ensureWorkspace, type Workspace } from './workspaces.js';

describe(`item listing (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'list', name: '목록' });
    // Ids 1…12 (crossing 9 → 10) and one shared timestamp: order must fall back to the numeric id.
    const sameTime = Array.from({ length: 12 }, (_, i) => buildItem({ external_id: `same-${i}`, created_at: '2026-01-01T00:00:00Z', text: `같은 시각 문의 ${i}` }));
    await ingestItems(db, ws, sameTime);
  });
  afterAll(() => close());

  it('pages through items that share a timestamp without skipping or repeating any', async () => {
    const ids: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listItems(db, ws.id, {}, { cursor, limit: 5 });
      ids.push(...page.items.map((i) => Number(i.id)));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(ids).toHaveLength(12);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const streamed: string[] = [];
    for await (const item of iterateItems(db, ws.id, {}, 5)) streamed.push(item.external_id);
    expect(new Set(streamed).size).toBe(12);
  });

  it('finds two-syllable Korean words inside any word, English in any case, and nothing else', async () => {
    await ingestItems(db, ws, [
      buildItem({ external_id: 'q-1', text: '부분환불 가능한가요?' }),
      buildItem({ external_id: 'q-2', text: '환불해 주세요' }),
      buildItem({ external_id: 'q-3', text: '환율이 바뀌어서 결제 금액이 달라요' }),
      buildItem({ external_id: 'q-4', text: 'Please REFUND my order' }),
      buildItem({ external_id: 'q-5', text: '100% 적립 이벤트 문의' }),
    ]);
    const found = async (q: string) => (await listItems(db, ws.id, { q }, { limit: 50 })).items.map((i) => i.external_id).sort();
    expect(await found('환불')).toEqual(['q-1', 'q-2']);
    expect(await found('refund')).toEqual(['q-4']);
    // A decomposed (NFD) query finds the composed text.
    expect(await found('환불'.normalize('NFD'))).toEqual(['q-1', 'q-2']);
    // LIKE wildcards in the query are literal characters.
    expect(await found('100%')).toEqual(['q-5']);
    expect(await found('10_%')).toEqual([]);
    expect(await found('%적%이')).toEqual([]);
    // (The space before 적 touches Hangul, so it is spacing: "0%적" is in "100% 적립".)
    expect(await found('0%적')).toEqual(['q-5']);
  });

  it('finds every word of a search in any order and spacing; a quoted phrase as written', async () => {
    await ingestItems(db, ws, [
      buildItem({ external_id: 'w-1', text: '로그인이 안 돼요' }),
      buildItem({ external_id: 'w-2', text: '앱 업데이트 후 로그인 안됨' }),
      buildItem({ external_id: 'w-3', text: '안내 문자가 오지 않아요. 로그인은 됩니다' }),
      buildItem({ external_id: 'w-4', text: '회원가입이 안 돼요' }),
    ]);
    const found = async (q: string) => (await listItems(db, ws.id, { q }, { limit: 50 })).items.map((i) => i.external_id).sort();
    // Both words somewhere (w-3 holds 안 inside 안내: a substring search finds it too).
    expect(await found('로그인 안')).toEqual(['w-1', 'w-2', 'w-3']);
    expect(await found('안 로그인')).toEqual(['w-1', 'w-2', 'w-3']);
    expect(await found('"로그인 안"')).toEqual(['w-2']);
    expect(await found('로그인 돼요')).toEqual(['w-1']);
    expect(await found('회원가입 로그인')).toEqual([]);
    expect(await summarizeItems(db, ws.id, 'Asia/Seoul', { q: '로그인 안' })).toMatchObject({ total: 3 });
  });

  it('finds a Korean word whatever its spacing, both ways, in every field; Latin spacing and other syllables still count', async () => {
    await ingestItems(db, ws, [
      buildItem({ external_id: 'sp-1', text: '환불 언제 되나요?' }),
      buildItem({ external_id: 'sp-2', text: '배송지변경 부탁드려요' }),
      buildItem({ external_id: 'sp-3', text: '로그인이\n안  돼요' }),
      buildItem({ external_id: 'sp-4', text: '결제\u3000취소 문의' }),
      buildItem({ external_id: 'sp-5', text: 'iOS 앱에서 결제가 멈춰요' }),
      buildItem({ external_id: 'sp-6', text: '주문번호 남깁니다', order_ref: 'AB 12' }),
      buildItem({ external_id: 'sp-7', text: '주문번호 남깁니다', order_ref: 'AB12' }),
      buildItem({ external_id: 'sp-8', title: '환불', text: '언제쯤 처리되나요' }),
      buildItem({ external_id: 'sp-9', text: '3 개 샀는데 2개만 왔어요' }),
      buildItem({ external_id: 'sp-10', text: '(환불) 요청합니다' }),
      buildItem({ external_id: 'sp-11', text: '환불은 언제 되나요' }),
      buildItem({ external_id: 'sp-12', title: '배송지 변경 요청', text: '주소를 잘못 적었어요' }),
    ]);
    const found = async (q: string) => (await listItems(db, ws.id, { q }, { limit: 50 })).items.map((i) => i.external_id).sort();
    // Typed without the text's spaces (sp-11 has another syllable in between, sp-8 splits it across fields).
    expect(await found('환불언제')).toEqual(['sp-1']);
    expect(await found('로그인이안돼요')).toEqual(['sp-3', 'w-1']);
    expect(await found('결제취소')).toEqual(['sp-4']);
    expect(await found('3개')).toEqual(['sp-9']);
    expect(await found('IOS앱')).toEqual(['sp-5']);
    expect(await found('(환불)요청')).toEqual(['sp-10']);
    // Typed with spaces the text does not have (a quoted phrase; loose words are found anywhere anyway).
    expect(await found('"배송 지변 경"')).toEqual(['sp-12', 'sp-2']);
    expect(await found('"로그인 이안 돼요"')).toEqual(['sp-3', 'w-1']);
    expect(await found('배송지변경요청')).toEqual(['sp-12']);
    // Spaces between Latin letters or digits count: an order number is what it is.
    expect(await found('ab12')).toEqual(['sp-7']);
    expect(await found('"AB 12"')).toEqual(['sp-6']);
    expect(await found('AB 12')).toEqual(['sp-6', 'sp-7']);
    expect(await found('"iOS앱에서결제"')).toEqual(['sp-5']);
    expect(await found('i OS')).toEqual(['sp-5']);
    expect(await found('"i OS"')).toEqual([]);
    expect(await summarizeItems(db, ws.id, 'Asia/Seoul', { q: '환불언제' })).toMatchObject({ total: 1 });
  });

  it('finds a Korean word across any white space JavaScript’s \\s matches (en, em, thin, hair, narrow no-break space), both ways', async () => {
    const spaces = ['\u2002', '\u2003', '\u2009', '\u200a', '\u202f', '\u1680', '\u205f', '\ufeff'];
    await ingestItems(db, ws, spaces.map((c, i) => buildItem({ external_id: `ws-${i}`, text: `취소${c}언제${c}되나요 (${i})` })));
    const found = async (q: string) => (await listItems(db, ws.id, { q }, { limit: 50 })).items.map((i) => i.external_id).sort();
    const all = spaces.map((_, i) => `ws-${i}`).sort();
    expect(await found('취소언제')).toEqual(all);
    expect(await found('"취소 언제 되나요"')).toEqual(all);
    // Typed with such a space, the query finds the text written without it, and with it.
    expect(await found('취소\u2003언제')).toEqual(all);
    expect(await found('"취소\u2009언제"')).toEqual(all);
    expect(await summarizeItems(db, ws.id, 'Asia/Seoul', { q: '취소언제되나요' })).toMatchObject({ total: spaces.length });
  });

  it('matches every word of a long search: a ninth word that is nowhere finds nothing', async () => {
    await ingestItems(db, ws, [buildItem({ external_id: 'long-1', text: '하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉 열' })]);
    const found = async (q: string) => (await listItems(db, ws.id, { q }, { limit: 50 })).items.map((i) => i.external_id);
    const eight = '하나 둘 셋 넷 다섯 여섯 일곱 여덟';
    expect(await found(eight)).toEqual(['long-1']);
    expect(await found(`${eight} 아홉 열`)).toEqual(['long-1']);
    expect(await found(`${eight} 스물`)).toEqual([]);
    expect(await found(`${eight} 아홉 열 스물`)).toEqual([]);
    expect(await summarizeItems(db, ws.id, 'Asia/Seoul', { q: `${eight} 스물` })).toMatchObject({ total: 0 });
  });

  it('lets a parent topic stand for its children, and "none" find unlabelled items', async () => {
    const parent = await createTopic(db, ws.id, { name: '배송' });
    const child = await createTopic(db, ws.id, { name: '배송 지연', parentId: parent.id });
    await ingestItems(db, ws, [buildItem({ external_id: 'tp-1', text: '택배가 안 와요' }), buildItem({ external_id: 'tp-2', text: '포장이 찢어졌어요' })], { enrich: false });
    await db.query("UPDATE items SET topic_id = $2 WHERE workspace_id = $1 AND external_id = 'tp-1'", [ws.id, child.id]);
    const ids = async (f: Parameters<typeof listItems>[2]) => (await listItems(db, ws.id, f, { limit: 100 })).items.map((i) => i.external_id);
    expect(await ids({ topic: [parent.id] })).toEqual(['tp-1']);
    expect(await ids({ topic: [child.id] })).toEqual(['tp-1']);
    // Stored without enrichment: no type, no sentiment.
    expect(await ids({ type: ['none'], q: '포장' })).toEqual(['tp-2']);
    expect(await ids({ sentiment: ['none'], q: '택배' })).toEqual(['tp-1']);
  });
});
