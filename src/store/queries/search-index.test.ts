import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { ingestItems } from '../../ingest/pipeline.js';
import { createRng } from '../../ingest/demo/generate.js';
import type { Db } from '../db.js';
import { iterateItems, summarizeItems } from './list-items.js';
import { backfillSearchIndex, foldDirtyDays, searchRanges, searchTerms, sizeLog2For } from './search-index.js';
import { ensureWorkspace, type Workspace } from './workspaces.js';

const TEXTS = [
  '환불 요청드립니다. 부분환불도 가능한가요?',
  '배송이 너무 늦어요 택배 조회가 안 됩니다',
  '로그인이 안 돼요 비밀번호 재설정 메일이 안 와요',
  '세금계산서 발행 부탁드립니다 사업자번호 첨부했어요',
  'The App crashes on Login since the last update',
  '쿠폰 적용이 안 됩니다. 쿠폰코드 WELCOME10 입력했어요',
  '군대 가게 되어서 멤버십 해지하려고 합니다',
  '상담원분이 친절했어요 감사합니다 😊 최고예요',
];

describe(`search index: days by character pair (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  const ids = async (q: string) => {
    const out: string[] = [];
    // Small pages: the cursor must walk across the days the index picked.
    for await (const item of iterateItems(db, ws.id, { q }, 3)) out.push(item.id);
    return out;
  };
  // The same search with the index switched off (every day read).
  const scanned = async <T>(run: () => Promise<T>): Promise<T> => {
    await db.query('UPDATE workspaces SET search_index_below = 9223372036854775807 WHERE id = $1', [ws.id]);
    try {
      return await run();
    } finally {
      await db.query('UPDATE workspaces SET search_index_below = NULL WHERE id = $1', [ws.id]);
    }
  };

  // Every day's filter rows have the day's one size, its bits_set is what they hold, and it is not
  // fuller than one bit in 8 below the largest size.
  const filterState = async () => {
    const days = await db.query<{ day: string; size_log2: number; bits_set: number; counted: number; rows: number; other: number }>(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, d.size_log2, d.bits_set, COALESCE(sum(bit_count(f.bits)), 0)::int AS counted,
              count(f.bucket)::int AS rows, count(f.bucket) FILTER (WHERE f.size_log2 <> d.size_log2)::int AS other
       FROM item_day_filters d LEFT JOIN item_day_bigrams f ON f.workspace_id = d.workspace_id AND f.day = d.day
       WHERE d.workspace_id = $1 GROUP BY 1, 2, 3 ORDER BY 1`,
      [ws.id],
    );
    for (const d of days) {
      expect(d.counted, d.day).toBe(d.bits_set);
      expect(d.other, d.day).toBe(0);
      expect(d.rows, d.day).toBeLessThanOrEqual(2 ** (d.size_log2 - 13));
      if (d.size_log2 < 21) expect(d.bits_set * 8, d.day).toBeLessThanOrEqual(2 ** d.size_log2);
    }
    const [orphans] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM item_day_bigrams f WHERE workspace_id = $1 AND NOT EXISTS (SELECT 1 FROM item_day_filters d WHERE d.workspace_id = f.workspace_id AND d.day = f.day)',
      [ws.id],
    );
    expect(orphans!.n).toBe(0);
    return new Map(days.map((d) => [d.day, d]));
  };

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'search', name: '검색' });
    const rng = createRng(11);
    const items = [];
    for (let i = 0; i < 120; i++) {
      const day = 1 + Math.floor(rng() * 20);
      const text = TEXTS[Math.floor(rng() * TEXTS.length)]!;
      items.push(
        buildItem({
          external_id: `s-${i}`,
          created_at: `2026-10-${String(day).padStart(2, '0')}T${String(Math.floor(rng() * 24)).padStart(2, '0')}:30:00+09:00`,
          text: `${text} (${i})`,
          order_ref: i % 10 === 0 ? `ORD-${1000 + i}` : undefined,
        }),
      );
    }
    const stored = await ingestItems(db, ws, items, { enrich: false });
    expect(stored.errors).toEqual([]);
    expect(stored.inserted).toBe(120);
  });
  afterAll(() => close());

  it('finds exactly what reading every day finds: two-syllable words, phrases, mixed case, ids, emoji, other spacing', async () => {
    const terms = ['환불', '부분환불', '택배 조회', '비밀번호', '군대', 'login', 'LOGIN', 'App', 'ORD-10', 'welcome10', '😊 최고', '요', '사업자번호 첨부'];
    // Typed with other spacing than the texts' (택배 조회, 쿠폰코드 WELCOME10 입력, 재설정 메일).
    terms.push('택배조회가안됩니다', '쿠폰코드welcome10입력', '"비밀번호 재설정메일"');
    for (const q of terms) {
      const found = await ids(q);
      expect(found, q).toEqual(await scanned(() => ids(q)));
      if (q !== '요') expect(found.length, q).toBeGreaterThan(0);
      expect(await summarizeItems(db, ws.id, 'Asia/Seoul', { q }), q).toEqual(await scanned(() => summarizeItems(db, ws.id, 'Asia/Seoul', { q })));
    }
  });

  it('answers a term in no item without reading any day, and narrows a rare one to its days', async () => {
    expect(await searchRanges(db, ws.id, '펭귄')).toEqual([]);
    expect(await searchRanges(db, ws.id, '환불 없는 문장')).toEqual([]);
    expect(await ids('펭귄')).toEqual([]);
    expect(await summarizeItems(db, ws.id, 'Asia/Seoul', { q: '펭귄' })).toEqual({ total: 0, by_channel: [], by_day: [] });
    // 군대 is in one template of eight: its days are a subset of the twenty.
    const ranges = (await searchRanges(db, ws.id, '군대'))!;
    const days = ranges.reduce((n, r) => n + (r.to.getTime() - r.from.getTime()) / 86_400_000, 0);
    expect(days).toBeGreaterThan(0);
    expect(days).toBeLessThan(20);
    // One character, or letters with case outside ASCII: the index cannot narrow it (null: read all).
    expect(await searchRanges(db, ws.id, '요')).toBeNull();
    expect(await searchRanges(db, ws.id, 'Ärger')).toBeNull();
  });

  it('a small write marks its day instead of writing the filter; searches read that day until it is folded in', async () => {
    for (let i = 0; i < 3; i++) {
      await ingestItems(db, ws, [buildItem({ external_id: `one-${i}`, created_at: '2026-10-25T09:00:00+09:00', text: `두루미 모양 쿠키 주문했어요 ${i}` })], { enrich: false });
    }
    expect(await db.query('SELECT to_char(day, $2) AS day FROM item_search_dirty_days WHERE workspace_id = $1', [ws.id, 'YYYY-MM-DD'])).toEqual([{ day: '2026-10-25' }]);
    // The dirty day is read whatever the term: the new items are found, nothing else changes.
    expect(await ids('두루미')).toHaveLength(3);
    expect(await ids('환불')).toEqual(await scanned(() => ids('환불')));
    expect(await foldDirtyDays(db)).toBe(3);
    expect(await db.query('SELECT day FROM item_search_dirty_days WHERE workspace_id = $1', [ws.id])).toEqual([]);
    expect((await searchRanges(db, ws.id, '두루미'))!.length).toBe(1);
    expect(await ids('두루미')).toHaveLength(3);
    expect(await searchRanges(db, ws.id, '두루미 인형')).toEqual([]);
  });

  it('indexes items stored without their pairs (before the index, by a restore) before searches use it', async () => {
    // Items written straight into the table, as an older version or a restore would.
    await db.query(
      `INSERT INTO items (workspace_id, channel, source, external_id, kind, created_at, received_at, text, content_hash)
       SELECT $1, 'chat', 'legacy', 'old-' || g, 'inquiry', '2026-09-15T10:00:00+09:00', now(), '예전 문의: 펭귄 인형 배송 ' || g, 'h' || g
       FROM generate_series(1, 7) g`,
      [ws.id],
    );
    await db.query('UPDATE workspaces SET search_index_below = (SELECT max(id) + 1 FROM items WHERE workspace_id = $1) WHERE id = $1', [ws.id]);
    expect(await searchRanges(db, ws.id, '펭귄')).toBeNull();
    expect(await ids('펭귄')).toHaveLength(7);
    // Batches of 50 in id order (ids past 99: a text-ordered id would skip some).
    expect(await backfillSearchIndex(db, ws.id, { batchSize: 50 })).toBe(130);
    const [{ below }] = await db.query<{ below: string | null }>('SELECT search_index_below::text AS below FROM workspaces WHERE id = $1', [ws.id]);
    expect(below).toBeNull();
    expect((await searchRanges(db, ws.id, '펭귄'))!.length).toBe(1);
    expect(await ids('펭귄')).toHaveLength(7);
    expect(await ids('환불')).toEqual(await scanned(() => ids('환불')));
  });

  it('a re-sent batch indexes what changed: new words of changed rows are found, an identical re-send changes nothing', async () => {
    const batch = (changed: number) =>
      Array.from({ length: 100 }, (_, i) =>
        buildItem({
          external_id: `re-${i}`,
          created_at: i < changed ? '2026-10-29T11:00:00+09:00' : '2026-10-28T10:00:00+09:00',
          text: i < changed ? `황새치 요리 재료 문의드려요 ${i}` : `재전송 시험 문의입니다 ${i}`,
          customer_id: 'cust-re',
        }),
      );
    const filter = async () =>
      (await db.query<{ f: string }>("SELECT md5(string_agg(bits::text, ',' ORDER BY bucket, day)) AS f FROM item_day_bigrams WHERE workspace_id = $1", [ws.id]))[0].f;
    expect((await ingestItems(db, ws, batch(0), { enrich: false })).inserted).toBe(100);
    const before = await filter();
    expect((await ingestItems(db, ws, batch(0), { enrich: false })).unchanged).toBe(100);
    expect(await filter()).toBe(before);
    const resent = await ingestItems(db, ws, batch(5), { enrich: false });
    expect([resent.updated, resent.unchanged]).toEqual([5, 95]);
    // Indexed with the batch, not left to the minute's fold: no dirty day, and the new day is found.
    expect(await db.query("SELECT day FROM item_search_dirty_days WHERE workspace_id = $1 AND day IN ('2026-10-28', '2026-10-29')", [ws.id])).toEqual([]);
    expect(await ids('황새치')).toHaveLength(5);
    expect(await ids('황새치')).toEqual(await scanned(() => ids('황새치')));
    expect(await ids('재전송 시험')).toHaveLength(95);
  });

  it("sizes a day's filter to its pairs: a few items take one row of 8,192 bits, not 256", async () => {
    const days = await filterState();
    expect(days.size).toBeGreaterThan(15);
    for (const d of days.values()) {
      // Six items a day or so: a few hundred pairs.
      expect(d.size_log2, d.day).toBeLessThan(16);
      expect(d.rows, d.day).toBeLessThanOrEqual(4);
    }
    expect(sizeLog2For(0)).toBe(13);
    expect(sizeLog2For(512)).toBe(13);
    expect(sizeLog2For(513)).toBe(14);
    expect(sizeLog2For(131_072)).toBe(21);
    expect(sizeLog2For(10_000_000)).toBe(21);
  });

  it('rebuilds a day larger from its items as it grows, through small writes, folds and batches, and still finds every item', async () => {
    const rng = createRng(19);
    const syllable = () => String.fromCharCode(0xac00 + Math.floor(rng() * 11172));
    let n = 0;
    const wave = (count: number) =>
      Array.from({ length: count }, () => {
        const i = n++;
        return {
          external_id: `grow-${i}`,
          created_at: `2026-11-03T${String(i % 24).padStart(2, '0')}:15:00+09:00`,
          text: `${Array.from({ length: 14 }, syllable).join('')} 성장 문의 ${i}`,
        };
      });
    const sizes: number[] = [];
    const all: ReturnType<typeof wave> = [];
    for (const count of [3, 40, 300, 1_500]) {
      const items = wave(count);
      all.push(...items);
      // Under 64 items the write marks the day dirty and the fold puts it in; larger batches index themselves.
      expect((await ingestItems(db, ws, items.map((item) => buildItem(item)), { enrich: false })).inserted).toBe(count);
      await foldDirtyDays(db);
      const day = (await filterState()).get('2026-11-03')!;
      sizes.push(day.size_log2);
    }
    // ~20 pairs an item, nearly all new (14 random syllables), two bits a pair: 3 items fit the
    // smallest filter, 1,843 need ~70,000 bits set, so at least 2^20 bits.
    expect(sizes[0]).toBe(13);
    expect(sizes[3]).toBeGreaterThanOrEqual(20);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeGreaterThan(sizes[i - 1]!);
    // Every item's own syllables lead the search to its day, and the search finds exactly it.
    for (const item of all.filter((_, i) => i % 37 === 0)) {
      const term = item.text.slice(3, 9);
      const ranges = (await searchRanges(db, ws.id, term))!;
      expect(ranges.some((r) => r.from <= new Date(item.created_at) && new Date(item.created_at) < r.to), term).toBe(true);
      expect(await ids(term), term).toEqual(await scanned(() => ids(term)));
    }
    // A term that is nowhere is answered without reading the day (its false-positive rate is kept low).
    let read = 0;
    for (let i = 0; i < 50; i++) if ((await searchRanges(db, ws.id, `${syllable()}${syllable()}${syllable()}`))!.length) read++;
    expect(read).toBeLessThan(5);
  });

  it('two batches writing the same new days at once (two connections on PostgreSQL) leave each day one consistent filter', async () => {
    const rng = createRng(23);
    const syllable = () => String.fromCharCode(0xac00 + Math.floor(rng() * 11172));
    const batch = (tag: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        external_id: `${tag}-${i}`,
        created_at: `2026-11-${String(10 + (i % 3)).padStart(2, '0')}T12:00:00+09:00`,
        text: `${Array.from({ length: 10 }, syllable).join('')} 동시 ${tag}`,
      }));
    const a = batch('con-a', 400);
    const b = batch('con-b', 900);
    const results = await Promise.all([a, b].map((items) => ingestItems(db, ws, items.map((item) => buildItem(item)), { enrich: false })));
    expect(results.map((r) => r.inserted)).toEqual([400, 900]);
    const days = await filterState();
    for (const day of ['2026-11-10', '2026-11-11', '2026-11-12']) expect(days.get(day)!.size_log2).toBeGreaterThan(13);
    for (const item of [...a, ...b].filter((_, i) => i % 29 === 0)) {
      const term = item.text.slice(2, 7);
      expect(await ids(term), term).toEqual(await scanned(() => ids(term)));
      expect((await ids(term)).length, term).toBeGreaterThan(0);
    }
  });
});

describe(`search index: the database's local days (${TEST_BACKEND})`, () => {
  // PGlite 0.5.16's time-zone data and Node 20's disagree on America/Edmonton from November 2026
  // (PGlite keeps −06:00 in winter, Node −07:00): 06:30Z on 2 November is 00:30 on the 2nd to the
  // database, 23:30 on the 1st to Node. Searches read the database's days, so the index must file
  // items under them — through a batch and through a small write folded in later. (On a PostgreSQL
  // server that agrees with Node, the same items must be found as well.)
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await openTestDb()));
  afterAll(() => close());

  it('files items under the day the database gives them, so a search finds them', async () => {
    const ws = await ensureWorkspace(db, { slug: 'edmonton', name: '캘거리 지점', timezone: 'America/Edmonton' });
    const batch = Array.from({ length: 80 }, (_, i) =>
      buildItem({ external_id: `ab-${i}`, created_at: '2026-11-02T06:30:00Z', text: `앨버타 배송 문의 zqxw${i % 2 ? '' : ' 묶음'}` }),
    );
    expect((await ingestItems(db, ws, batch, { enrich: false })).inserted).toBe(80); // the batch path writes the filter itself
    await ingestItems(db, ws, [buildItem({ external_id: 'ab-api', created_at: '2026-11-03T06:40:00Z', text: '한 건만 들어온 문의 qjxv' })], { enrich: false });
    await foldDirtyDays(db); // the small write's day, folded as the server does every minute
    const found = async (q: string) => {
      let n = 0;
      for await (const _ of iterateItems(db, ws.id, { q }, 50)) n++;
      return n;
    };
    expect(await found('zqxw')).toBe(80);
    expect(await found('qjxv')).toBe(1);
    const [day] = await db.query<{ d: string }>(`SELECT to_char(('2026-11-02T06:30:00Z'::timestamptz AT TIME ZONE 'America/Edmonton')::date, 'YYYY-MM-DD') AS d`);
    const filed = await db.query<{ day: string }>('SELECT to_char(day, \'YYYY-MM-DD\') AS day FROM item_day_filters WHERE workspace_id = $1 ORDER BY day', [ws.id]);
    expect(filed.map((f) => f.day)).toContain(day!.d);
  });
});

describe(`search index: a write during the fold (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await openTestDb()));
  afterAll(() => close());

  // Needs two connections: PGlite has one, so a fold there cannot run inside a writer's transaction.
  it.runIf(TEST_BACKEND === 'postgres')('indexes an item written to an already dirty day while the fold reads that day', async () => {
    const ws = await ensureWorkspace(db, { slug: 'fold-race', name: '접기 경합' });
    const item = (id: string, word: string) => buildItem({ external_id: id, created_at: '2026-11-02T10:00:00+09:00', text: `배송 문의 ${word}` });
    await ingestItems(db, ws, [item('a', 'firstword')], { enrich: false }); // a small write: its day is marked dirty
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let stored!: () => void;
    const wrote = new Promise<void>((resolve) => (stored = resolve));
    const writer = db.transaction(async (tx) => {
      await ingestItems(tx, ws, [item('b', 'secondword')], { enrich: false }); // the same day, not committed yet
      stored();
      await held;
    });
    await wrote;
    const folding = foldDirtyDays(db); // the server's fold, meanwhile: must wait for the writer
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await writer;
    await folding;
    await foldDirtyDays(db);
    for (const q of ['firstword', 'secondword']) {
      let n = 0;
      for await (const _ of iterateItems(db, ws.id, { q }, 10)) n++;
      expect(n, q).toBe(1);
    }
  });
});

describe(`search index: Korean spacing (${TEST_BACKEND})`, () => {
  // A word typed without the item's spaces (or with spaces it does not have) is found, and the
  // index leads to its day: it keeps the pairs across a space next to Hangul (환불 언제 → 불언).
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  const ids = async (q: string) => {
    const out: string[] = [];
    for await (const item of iterateItems(db, ws.id, { q }, 4)) out.push(item.external_id);
    return out.sort();
  };
  const scanned = async <T>(run: () => Promise<T>): Promise<T> => {
    await db.query('UPDATE workspaces SET search_index_below = 9223372036854775807 WHERE id = $1', [ws.id]);
    try {
      return await run();
    } finally {
      await db.query('UPDATE workspaces SET search_index_below = NULL WHERE id = $1', [ws.id]);
    }
  };
  // The Seoul days a search reads (null: every day), newest first.
  const daysRead = async (q: string) =>
    (await searchRanges(db, ws.id, q))?.flatMap((r) =>
      Array.from({ length: Math.round((r.to.getTime() - r.from.getTime()) / 86_400_000) }, (_, k) =>
        new Date(r.to.getTime() - (k + 1) * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10)));

  const SPACED = [
    ['sp-a', '2026-10-03', '환불 언제 되나요?'],
    ['sp-b', '2026-10-05', '배송지변경 하고 싶어요'],
    ['sp-c', '2026-10-07', '로그인이 안 돼요'],
    ['sp-d', '2026-10-09', '로그인이안돼요 급해요'],
    ['sp-e', '2026-10-11', '환불은 언제 되나요'],
    ['sp-f', '2026-10-13', '배송지를 변경했어요'],
  ] as const;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'spacing', name: '띄어쓰기' });
    // Filler on other days, and a batch large enough to write the filter itself.
    const items = SPACED.map(([id, day, text]) => buildItem({ external_id: id, created_at: `${day}T10:00:00+09:00`, text }));
    for (let i = 0; i < 80; i++) {
      items.push(buildItem({ external_id: `fill-${i}`, created_at: `2026-10-${String(14 + (i % 10)).padStart(2, '0')}T10:00:00+09:00`, text: `주문 상품 문의드립니다 ${i}` }));
    }
    expect((await ingestItems(db, ws, items, { enrich: false })).inserted).toBe(86);
    expect(await db.query('SELECT day FROM item_search_dirty_days WHERE workspace_id = $1', [ws.id])).toEqual([]);
  });
  afterAll(() => close());

  it('finds a word typed without the spaces of the text, and with spaces the text does not have, on its day only', async () => {
    const cases: [string, string[], string[]][] = [
      ['환불언제', ['sp-a'], ['2026-10-03']],
      ['"환불 언제"', ['sp-a'], ['2026-10-03']],
      ['배송지 변경', ['sp-b', 'sp-f'], ['2026-10-05', '2026-10-13']], // two words, each anywhere: as before
      ['"배송지 변경"', ['sp-b'], ['2026-10-05']],
      ['로그인이안돼요', ['sp-c', 'sp-d'], ['2026-10-07', '2026-10-09']],
      ['로그인이 안돼요', ['sp-c', 'sp-d'], ['2026-10-07', '2026-10-09']],
    ];
    for (const [q, want, days] of cases) {
      expect(await ids(q), q).toEqual(want);
      expect(await scanned(() => ids(q)), q).toEqual(want);
      expect(await daysRead(q), q).toEqual([...days].reverse());
    }
    // Near misses: another syllable in between is not spacing.
    expect(await ids('환불언제되나요')).toEqual(['sp-a']);
    expect(await ids('배송지변경했어요')).toEqual([]);
    expect(await daysRead('배송지변경했어요')).toEqual([]);
  });

  it('indexes a small write folded in later the same way', async () => {
    await ingestItems(db, ws, [buildItem({ external_id: 'sp-api', created_at: '2026-10-25T09:00:00+09:00', text: '쿠폰 코드 입력이 안 돼요' })], { enrich: false });
    expect(await ids('쿠폰코드')).toEqual(['sp-api']);
    await foldDirtyDays(db);
    expect(await daysRead('쿠폰코드')).toEqual(['2026-10-25']);
    expect(await ids('쿠폰코드')).toEqual(['sp-api']);
    expect(await ids('입력이안돼요')).toEqual(['sp-api']);
  });
});

describe('searchTerms', () => {
  it('splits a search into words (each to be found), keeps a quoted phrase whole with its spacing folded, drops repeats', () => {
    expect(searchTerms('로그인 안')).toEqual(['로그인', '안']);
    expect(searchTerms('  환불   refund  환불 ')).toEqual(['환불', 'refund']);
    expect(searchTerms('"로그인 안" 앱')).toEqual(['로그인안', '앱']);
    expect(searchTerms('"배송지 변경" 배송지변경')).toEqual(['배송지변경']);
    expect(searchTerms('"ORD 12" "a  b"')).toEqual(['ORD 12', 'a  b']);
    expect(searchTerms('"열린 따옴표')).toEqual(['열린', '따옴표']);
  });

  it('keeps every word, past the eighth too', () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`);
    expect(searchTerms(words.join(' '))).toEqual(words);
  });
});
