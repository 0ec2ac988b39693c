import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import { createRng } from '../ingest/demo/generate.js';
import { ingestItems } from '../ingest/pipeline.js';
import { openDb, type Db } from './db.js';
import { migrate } from './migrate.js';
import { diffRollups } from './queries/item-daily-counts.js';
import { listItems } from './queries/list-items.js';
import { backfillSearchIndex, searchRanges, searchTerms } from './queries/search-index.js';
import { ensureWorkspace } from './queries/workspaces.js';
import { addBigramCodes, bloomPositions, searchBigramCodes } from '../text/bigrams.js';

describe(`migrations (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let schema: string | undefined;
  beforeAll(async () => {
    ({ db, close, schema } = await openTestDb());
  });
  afterAll(() => close());

  it('applies every migration once and is a no-op the second time', async () => {
    const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toContain('001_init.sql');
    expect(await migrate(db)).toEqual([]);
  });

  it('loads pg_trgm with a UTF-8 ctype so Hangul makes trigrams', async () => {
    const [row] = await db.query<{ n: number }>("SELECT array_length(show_trgm('로그인 오류'), 1) AS n");
    expect(row.n).toBeGreaterThan(3);
  });

  it.runIf(TEST_BACKEND === 'postgres')('two processes migrating at once apply each migration exactly once', async () => {
    // Two separate pools (as two processes would have) on a fresh schema, racing.
    const fresh = `${schema}_race`;
    const a = await openDb({ databaseUrl: process.env.TEST_DATABASE_URL, schema: fresh });
    const b = await openDb({ databaseUrl: process.env.TEST_DATABASE_URL, schema: fresh });
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      expect([...ra, ...rb].filter((n) => n === '001_init.sql')).toHaveLength(1);
    } finally {
      await a.exec(`DROP SCHEMA ${fresh} CASCADE`);
      await a.close();
      await b.close();
    }
  });

  it('018 turns the lead-time bucket rows of 017 into sketches the triggers then keep', async () => {
    const old = await openTestDb({ through: '017' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'sketch', name: '리드타임' });
      const items = Array.from({ length: 40 }, (_, i) =>
        buildItem({
          external_id: `lt-${i}`, created_at: `2026-08-0${1 + (i % 3)}T09:00:00+09:00`, channel: i % 4 ? 'chat' : 'email',
          assignee: ['김상담', '이상담', null][i % 3], handled_by: i % 5 ? 'human' : 'bot', reopened_count: i % 7 ? 0 : 1,
          first_response_at: `2026-08-0${1 + (i % 3)}T09:${String(1 + i).padStart(2, '0')}:00+09:00`,
          resolved_at: i % 2 ? `2026-08-0${1 + (i % 3)}T1${i % 10}:00:00+09:00` : null,
        }));
      await ingestItems(old.db, ws, items, { enrich: false });
      const [{ n }] = await old.db.query<{ n: number }>('SELECT count(*)::int AS n FROM item_daily_lead_times WHERE workspace_id = $1', [ws.id]);
      expect(n).toBeGreaterThan(100);
      expect(await migrate(old.db)).toContain('018_lead_time_sketch_rows.sql');
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
      const [sketches] = await old.db.query<{ rows: number; pairs: number }>(
        'SELECT count(*)::int AS rows, sum(array_length(sketch, 1))::int AS pairs FROM item_daily_lead_sketches WHERE workspace_id = $1', [ws.id]);
      // Every bucket row became a pair; 021 then splits the reopened measure into resolved-now
      // (bucket 0) and open-again (bucket 1) items, which can only add pairs.
      expect(sketches!.pairs).toBeGreaterThanOrEqual(n);
      expect(sketches!.rows).toBeLessThan(n);
      // Updates and deletes after the move keep them consistent (and a pair that reaches zero goes).
      await ingestItems(old.db, ws, items.slice(0, 10).map((item) => ({ ...item, assignee: '박상담', resolved_at: null })), { enrich: false });
      await old.db.query("DELETE FROM items WHERE workspace_id = $1 AND external_id IN ('lt-11', 'lt-12', 'lt-13')", [ws.id]);
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
      const [{ zero }] = await old.db.query<{ zero: number }>(
        'SELECT count(*)::int AS zero FROM item_daily_lead_sketches s, generate_subscripts(s.sketch, 1) AS i WHERE s.sketch[i][2] = 0');
      expect(zero).toBe(0);
    } finally {
      await old.close();
    }
  });

  it('019 folds the full-size search filters of 017 to their days\' sizes, and searches find the same days', async () => {
    const old = await openTestDb({ through: '018' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'filters', name: '검색 필터' });
      const texts = ['환불 요청드립니다', '배송이 너무 늦어요', '로그인이 안 돼요', '쿠폰 적용이 안 됩니다', '멤버십 해지하려고 합니다'];
      const rng = createRng(5);
      const syllables = (n: number) => Array.from({ length: n }, () => String.fromCharCode(0xac00 + Math.floor(rng() * 11172))).join('');
      // Six quiet days and a busy one (its filter folds to more than one row).
      const items = Array.from({ length: 260 }, (_, i) =>
        i < 60
          ? { external_id: `f-${i}`, created_at: `2026-08-0${1 + (i % 6)}T10:00:00+09:00`, text: `${texts[i % 5]} ${i}` }
          : { external_id: `f-${i}`, created_at: '2026-08-07T11:00:00+09:00', text: `${texts[i % 5]} ${syllables(8)}` });
      // Small writes only mark days dirty: the filter rows are written below as 017's code wrote them.
      for (let i = 0; i < items.length; i += 20) await ingestItems(old.db, ws, items.slice(i, i + 20).map((item) => buildItem(item)), { enrich: false });
      await old.db.query('DELETE FROM item_search_dirty_days WHERE workspace_id = $1', [ws.id]);
      const full = new Map<string, Map<number, Uint8Array>>();
      for (const item of items) {
        const day = item.created_at.slice(0, 10);
        if (!full.has(day)) full.set(day, new Map());
        const buckets = full.get(day)!;
        const into = {
          add(code: number) {
            for (const pos of bloomPositions(code)) {
              if (!buckets.has(pos >>> 13)) buckets.set(pos >>> 13, new Uint8Array(1024));
              buckets.get(pos >>> 13)![(pos & 8191) >>> 3]! |= 0x80 >>> (pos & 7);
            }
          },
        };
        addBigramCodes(item.text, into);
        addBigramCodes(item.external_id, into);
      }
      const rows = [...full].flatMap(([day, buckets]) => [...buckets].map(([bucket, bytes]) => ({ day, bucket, bits: `x${Buffer.from(bytes).toString('hex')}` })));
      await old.db.query(
        `INSERT INTO item_day_bigrams (workspace_id, bucket, day, bits)
         SELECT $1, b, d::date, x::bit(8192) FROM unnest($2::int[], $3::text[], $4::text[]) AS t(b, d, x)`,
        [ws.id, rows.map((r) => r.bucket), rows.map((r) => r.day), rows.map((r) => r.bits)],
      );
      expect(rows.length).toBeGreaterThan(6 * 50 + 250);
      // The days a search reads (its ranges merge adjacent days), newest first.
      const term = async (q: string) =>
        ((await searchRanges(old.db, ws.id, q)) ?? []).flatMap((r) =>
          Array.from({ length: Math.round((r.to.getTime() - r.from.getTime()) / 86_400_000) }, (_, k) => new Date(r.to.getTime() - (k + 1) * 86_400_000).toISOString()));
      const bytes = async () => Number((await old.db.query<{ b: string }>("SELECT pg_total_relation_size('item_day_bigrams')::text AS b"))[0]!.b);
      const liveBytes = async () => Number((await old.db.query<{ b: string }>('SELECT COALESCE(sum(pg_column_size(t.*)), 0)::text AS b FROM item_day_bigrams t'))[0]!.b);
      const before = await bytes();
      const liveBefore = await liveBytes();
      expect(await migrate(old.db, { through: '019' })).toContain('019_search_filter_sizes.sql');
      // The filters are folded to a fraction of their size…
      expect(await liveBytes()).toBeLessThan(liveBefore / 4);
      // …and their old pages are given back (VACUUM FULL after the migration's transaction). On a
      // PostgreSQL server shared with other test files, VACUUM FULL must keep the rows an older
      // snapshot of another session might still see, so only the embedded database, which has no
      // other session, can promise the space back at once.
      if (TEST_BACKEND === 'pglite') expect(await bytes()).toBeLessThan(before / 4);
      const days = await old.db.query<{ size_log2: number; bits_set: number; rows: number; counted: number }>(
        `SELECT d.size_log2, d.bits_set, count(f.bucket)::int AS rows, sum(bit_count(f.bits))::int AS counted
         FROM item_day_filters d JOIN item_day_bigrams f ON f.workspace_id = d.workspace_id AND f.day = d.day AND f.size_log2 = d.size_log2
         WHERE d.workspace_id = $1 GROUP BY d.day, d.size_log2, d.bits_set`,
        [ws.id],
      );
      expect(days).toHaveLength(7);
      const sizes = days.map((d) => d.size_log2).sort((a, b) => a - b);
      expect(sizes.slice(0, 6)).toEqual([13, 13, 13, 13, 13, 13]);
      expect(sizes[6]).toBeGreaterThan(14);
      for (const d of days) {
        expect(d.size_log2).toBeLessThan(17);
        expect(d.rows).toBeLessThanOrEqual(2 ** (d.size_log2 - 13));
        expect(d.counted).toBe(d.bits_set);
      }
      const [{ n }] = await old.db.query<{ n: number }>('SELECT count(*)::int AS n FROM item_day_bigrams WHERE workspace_id = $1', [ws.id]);
      expect(n).toBe(days.reduce((sum, d) => sum + d.rows, 0));
      // The days whose items hold every character pair of each word of a search are the days found
      // (the filters are pairs: '늦어요 1' is on every day with '늦어요'; '1' alone narrows nothing).
      const codes = new Map<string, Set<number>>();
      for (const item of items) {
        const day = item.created_at.slice(0, 10);
        if (!codes.has(day)) codes.set(day, new Set());
        addBigramCodes(item.text, codes.get(day)!);
        addBigramCodes(item.external_id, codes.get(day)!);
      }
      for (const q of ['환불 요청', '늦어요 1', '로그인이 안 돼요 57', '해지하려고', 'f-33', items[200]!.text.slice(-5), items[77]!.text.slice(-4)]) {
        const wanted = new Set<number>();
        for (const word of searchTerms(q)) for (const code of searchBigramCodes(word) ?? []) wanted.add(code);
        const holding = [...codes].filter(([, day]) => [...wanted].every((c) => day.has(c))).map(([day]) => day);
        const expected = holding.map((day) => new Date(`${day}T00:00:00+09:00`).toISOString()).sort().reverse();
        expect(holding.length, q).toBeGreaterThan(0);
        expect(await term(q), q).toEqual(expected);
      }
      expect(await term('펭귄')).toEqual([]);
    } finally {
      await old.close();
    }
  });

  it('021 recounts CSAT without review stars and the reopen rate over ever-resolved items, and the triggers keep them', async () => {
    const old = await openTestDb({ through: '020' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'defs', name: '정의' });
      const day = '2026-08-03';
      await ingestItems(old.db, ws, [
        buildItem({ external_id: 'sv', channel: 'survey', kind: 'survey_response', created_at: `${day}T09:00:00+09:00`, rating: 5 }),
        buildItem({ external_id: 'rv', channel: 'review', kind: 'review', created_at: `${day}T09:00:00+09:00`, rating: 1 }),
        buildItem({ external_id: 'as', channel: 'app_store', kind: 'review', created_at: `${day}T09:00:00+09:00`, rating: 2 }),
        // Reopened and open again; reopened and resolved again; resolved.
        buildItem({ external_id: 'ro', created_at: `${day}T09:00:00+09:00`, status: 'open', reopened_count: 1 }),
        buildItem({ external_id: 'rr', created_at: `${day}T09:00:00+09:00`, status: 'resolved', reopened_count: 2, resolved_at: `${day}T12:00:00+09:00` }),
        buildItem({ external_id: 'ok', created_at: `${day}T09:00:00+09:00`, status: 'resolved', resolved_at: `${day}T11:00:00+09:00` }),
      ], { enrich: false });
      const [before] = await old.db.query<{ rated: number }>('SELECT sum(rated)::int AS rated FROM item_daily_counts WHERE workspace_id = $1', [ws.id]);
      expect(before!.rated).toBe(3);
      expect(await migrate(old.db)).toContain('021_insight_definitions.sql');
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
      const sums = (cols: string[]) => old.db.query<Record<string, number>>(`SELECT ${cols.map((c) => `sum(${c})::int AS ${c}`).join(', ')} FROM item_daily_counts WHERE workspace_id = $1`, [ws.id]);
      expect((await sums(['rated', 'rating_sum', 'satisfied', 'review_rated', 'review_rating_sum', 'review_satisfied', 'resolved', 'reopened', 'ever_resolved']))[0]).toEqual({
        rated: 1, rating_sum: 5, satisfied: 1, review_rated: 2, review_rating_sum: 3, review_satisfied: 0, resolved: 2, reopened: 2, ever_resolved: 3,
      });
      // Reopened items: one resolved now (bucket 0), one open again (bucket 1), per dimension.
      const x = await old.db.query<{ sketch: number[][] }>("SELECT sketch FROM item_daily_lead_sketches WHERE workspace_id = $1 AND dim = 'channel' AND measure = 'x'", [ws.id]);
      expect(x.map((r) => r.sketch)).toEqual([[[0, 1], [1, 1]]]);
      // The open one is resolved again: it moves to bucket 0.
      await ingestItems(old.db, ws, [buildItem({ external_id: 'ro', created_at: `${day}T09:00:00+09:00`, status: 'resolved', reopened_count: 1, resolved_at: `${day}T15:00:00+09:00` })], { enrich: false });
      await old.db.query("DELETE FROM items WHERE workspace_id = $1 AND external_id = 'as'", [ws.id]);
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
    } finally {
      await old.close();
    }
  });
  it('022 recounts duplicates within 7 days of an earlier item of the group, and the rollups follow', async () => {
    const old = await openTestDb({ through: '021' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'dups', name: '중복' });
      const text = '앱 업데이트 후에 로그인이 계속 풀려요. 다시 로그인해도 똑같습니다';
      await ingestItems(old.db, ws, [
        buildItem({ external_id: 'd1', created_at: '2026-08-01T09:00:00+09:00', text, customer_id: 'c1' }),
        buildItem({ external_id: 'd2', created_at: '2026-08-03T09:00:00+09:00', text, customer_id: 'c2' }), // 2 days after d1
        buildItem({ external_id: 'd3', created_at: '2026-08-20T09:00:00+09:00', text, customer_id: 'c3' }), // 17 days after d2
        buildItem({ external_id: 'd4', created_at: '2026-08-22T09:00:00+09:00', text, customer_id: 'c4' }), // 2 days after d3
      ], { enrich: false }); // (today's enrichment reads columns of later migrations)
      const flags = async () =>
        Object.fromEntries((await old.db.query<{ external_id: string; is_duplicate: boolean }>('SELECT external_id, is_duplicate FROM items WHERE workspace_id = $1', [ws.id])).map((r) => [r.external_id, r.is_duplicate]));
      // As stored before 022 (one group, every later member flagged), then recounted.
      await old.db.query("UPDATE items SET dup_group = 4242, is_duplicate = external_id <> 'd1' WHERE workspace_id = $1", [ws.id]);
      expect(await flags()).toEqual({ d1: false, d2: true, d3: true, d4: true });
      const groups = await old.db.query<{ n: number }>('SELECT count(DISTINCT dup_group)::int AS n FROM items WHERE workspace_id = $1', [ws.id]);
      expect(groups[0]!.n).toBe(1);
      expect(await migrate(old.db)).toContain('022_duplicate_window.sql');
      expect(await flags()).toEqual({ d1: false, d2: true, d3: false, d4: true });
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
      const [{ duplicates }] = await old.db.query<{ duplicates: number }>('SELECT sum(duplicates)::int AS duplicates FROM item_daily_counts WHERE workspace_id = $1', [ws.id]);
      expect(duplicates).toBe(2);
    } finally {
      await old.close();
    }
  });
  it('023 classifies stored cancellations again, so those about an order leave the churn report', async () => {
    const old = await openTestDb({ through: '022' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'orders', name: '주문 취소' });
      await ingestItems(old.db, ws, [
        buildItem({ external_id: 'o1', created_at: '2026-08-03T09:00:00+09:00', text: '주문 취소해 주세요. 다른 데서 더 싸게 팔아서요' }),
        buildItem({ external_id: 'm1', created_at: '2026-08-03T09:00:00+09:00', text: '멤버십 해지해 주세요. 요금이 너무 비싸요' }),
      ], { enrich: false }); // (today's enrichment reads columns of later migrations)
      // As classified before 023: the order's cancellation read as a move to a competitor.
      await old.db.query("UPDATE items SET type = 'cancellation', churn_reason = CASE external_id WHEN 'o1' THEN 'competitor' ELSE 'price' END WHERE workspace_id = $1", [ws.id]);
      expect(await migrate(old.db)).toContain('023_order_cancellations.sql');
      const { getChurnReasons } = await import('../insights/churn.js');
      const report = await getChurnReasons(old.db, ws, { from: '2026-08-01', to: '2026-08-07' });
      expect(report.total.current).toBe(1);
      expect(report.order_cancellations.current).toBe(1);
      expect(report.reasons.map((r) => r.key)).toEqual(['price']);
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
    } finally {
      await old.close();
    }
  });
  it('024 records when the items of topics promoted earlier begin (their clusters\' earliest members)', async () => {
    const old = await openTestDb({ through: '023' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'promoted', name: '발견' });
      await ingestItems(old.db, ws, [
        buildItem({ external_id: 'p1', created_at: '2026-08-03T09:00:00+09:00', text: '결제 단계에서 멈춰요' }),
        buildItem({ external_id: 'p2', created_at: '2026-08-05T09:00:00+09:00', text: '결제 단계에서 또 멈춰요' }),
      ], { enrich: false });
      const ids = (await old.db.query<{ id: string }>('SELECT id::text AS id FROM items WHERE workspace_id = $1', [ws.id])).map((r) => r.id);
      const [topic] = await old.db.query<{ id: string }>("INSERT INTO topics (workspace_id, name) VALUES ($1, '결제 단계') RETURNING id::text AS id", [ws.id]);
      const [ruled] = await old.db.query<{ id: string }>(`INSERT INTO topics (workspace_id, name, rules) VALUES ($1, '규칙 있음', '[{"kind":"keyword","pattern":"결제"}]') RETURNING id::text AS id`, [ws.id]);
      for (const t of [topic!, ruled!]) {
        await old.db.query(
          `INSERT INTO topic_clusters (workspace_id, name, keywords, size, coherence, recent, previous, example_ids, member_ids, promoted_topic_id)
           VALUES ($1, 'c', '{결제}', 2, 0.5, 2, 0, $2::bigint[], $2::bigint[], $3::bigint)`,
          [ws.id, ids, t.id],
        );
      }
      expect(await migrate(old.db)).toContain('024_topic_labelled_since.sql');
      const since = await old.db.query<{ id: string; labelled_since: Date | null }>('SELECT id::text AS id, labelled_since FROM topics WHERE workspace_id = $1 ORDER BY id', [ws.id]);
      expect(since.map((r) => [r.id, r.labelled_since?.toISOString() ?? null])).toEqual([
        [topic!.id, '2026-08-03T00:00:00.000Z'],
        [ruled!.id, null], // its rules re-labelled the history
      ]);
    } finally {
      await old.close();
    }
  });
  it("028 recomputes the deadlines of workspaces outside Seoul on default SLA settings (they were on Seoul's hours)", async () => {
    const old = await openTestDb({ through: '027' });
    try {
      const la = await ensureWorkspace(old.db, { slug: 'la', name: 'LA 지점', timezone: 'America/Los_Angeles' });
      const seoul = await ensureWorkspace(old.db, { slug: 'seoul', name: '서울' });
      const recent = new Date(Date.now() - 3 * 86_400_000).toISOString();
      for (const ws of [la, seoul]) await ingestItems(old.db, ws, [buildItem({ external_id: 'e1', channel: 'email', created_at: recent, text: '환불 문의드립니다' })], { enrich: false });
      // As stored before: computed on Seoul's hours under some version.
      await old.db.query("UPDATE items SET sla_version = 'seoul-hours', sla_fr_due_at = now()");
      expect(await migrate(old.db)).toContain('028_sla_workspace_zone.sql');
      const rows = await old.db.query<{ slug: string; sla_version: string | null; sla_stale: boolean }>(
        'SELECT w.slug, i.sla_version, w.sla_stale FROM items i JOIN workspaces w ON w.id = i.workspace_id ORDER BY w.slug',
      );
      expect(rows).toEqual([
        { slug: 'la', sla_version: null, sla_stale: true },
        { slug: 'seoul', sla_version: 'seoul-hours', sla_stale: false },
      ]);
      const { ensureSlaDueDates } = await import('../insights/sla.js');
      expect(await ensureSlaDueDates(old.db, la)).toBe(1);
    } finally {
      await old.close();
    }
  });

  it('030 keeps the stored metrics and then takes Korean names, still refusing what is no key', async () => {
    const old = await openTestDb({ through: '029' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'shop', name: '가게' });
      const insert = (name: string) =>
        old.db.query("INSERT INTO business_metrics (workspace_id, day, name, value) VALUES ($1, '2026-11-01', $2, 1)", [ws.id, name]);
      await insert('orders');
      await insert('app_installs');
      await expect(insert('재구매수')).rejects.toThrow(/business_metrics_name_check/);
      expect(await migrate(old.db)).toContain('030_metric_names.sql');
      const names = async () => (await old.db.query<{ name: string }>('SELECT name FROM business_metrics ORDER BY name')).map((r) => r.name);
      expect(await names()).toEqual(['app_installs', 'orders']);
      for (const name of ['재구매수', '앱_설치_수', 'day_7_재방문', '가'.repeat(63)]) await insert(name);
      expect(await names()).toHaveLength(6);
      // Whitespace, punctuation, upper case, a digit or _ first, jamo alone, emoji, decomposed Hangul, 64 characters.
      const refused = ['bad name!', '재구매 수', 'Orders', '7일_재방문', '_재구매', 'ㅋㅋ', '재구매😀', '재구매수'.normalize('NFD'), '가'.repeat(64), ''];
      for (const name of refused) await expect(insert(name), name).rejects.toThrow(/business_metrics_name_check/);
      expect(await names()).toHaveLength(6);
    } finally {
      await old.close();
    }
  });

  it('034 counts stored resolutions without a reply as answered, in the daily counts and the first-response sketches', async () => {
    const old = await openTestDb({ through: '033' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'answers', name: '답변' });
      // Board tickets with only a completion time, one with a reply too, one still open.
      await ingestItems(old.db, ws, [
        ...[0, 1, 2].map((i) => buildItem({ external_id: `r-${i}`, channel: 'board', created_at: '2026-08-03T10:00:00+09:00', resolved_at: `2026-08-03T1${1 + i}:00:00+09:00`, status: 'resolved' })),
        buildItem({ external_id: 'a-1', channel: 'board', created_at: '2026-08-03T10:00:00+09:00', first_response_at: '2026-08-03T10:05:00+09:00', resolved_at: '2026-08-03T12:00:00+09:00', status: 'resolved' }),
        buildItem({ external_id: 'o-1', channel: 'board', created_at: '2026-08-03T10:00:00+09:00', status: 'open' }),
      ], { enrich: false });
      const responded = async () => (await old.db.query<{ n: number }>('SELECT sum(responded)::int AS n FROM item_daily_counts WHERE workspace_id = $1', [ws.id]))[0]!.n;
      const firstAnswers = async () => (await old.db.query<{ n: number }>(
        "SELECT COALESCE(sum(s.sketch[i][2]), 0)::int AS n FROM item_daily_lead_sketches s, generate_subscripts(s.sketch, 1) AS i WHERE workspace_id = $1 AND dim = 'channel' AND measure = 'f'",
        [ws.id]))[0]!.n;
      expect([await responded(), await firstAnswers()]).toEqual([1, 1]);
      expect(await migrate(old.db)).toContain('034_first_answer.sql');
      expect([await responded(), await firstAnswers()]).toEqual([4, 4]);
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
      // The replaced triggers keep them so.
      await old.db.query("UPDATE items SET resolved_at = NULL, status = 'open' WHERE workspace_id = $1 AND external_id = 'r-0'", [ws.id]);
      await old.db.query("UPDATE items SET resolved_at = created_at + interval '3 hours', status = 'resolved' WHERE workspace_id = $1 AND external_id = 'o-1'", [ws.id]);
      await old.db.query("DELETE FROM items WHERE workspace_id = $1 AND external_id = 'r-1'", [ws.id]);
      expect([await responded(), await firstAnswers()]).toEqual([3, 3]);
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
    } finally {
      await old.close();
    }
  });

  it('035 clears the reasons of stored cancellations that carry a reason field, and the churn report gives them again', async () => {
    const old = await openTestDb({ through: '034' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'reasons', name: '해지 사유' });
      const text = '멤버십 해지해 주세요. 해지 처리 부탁드립니다';
      await ingestItems(old.db, ws, [
        buildItem({ external_id: 'k-1', created_at: '2026-08-03T10:00:00+09:00', text, metadata: { 해지사유: '가격 부담' } }),
        buildItem({ external_id: 'k-2', created_at: '2026-08-03T10:00:00+09:00', text, metadata: { cancel_reason: '이사' } }),
        buildItem({ external_id: 'k-3', created_at: '2026-08-03T10:00:00+09:00', text: '가격이 너무 비싸서 구독 해지합니다' }),
      ], { enrich: false });
      // As classified before 035: the source's field read only as an exact English key.
      await old.db.query("UPDATE items SET type = 'cancellation', churn_reason = CASE external_id WHEN 'k-3' THEN 'price' ELSE 'unknown' END WHERE workspace_id = $1", [ws.id]);
      await old.db.query('UPDATE workspaces SET churn_stale = false WHERE id = $1', [ws.id]);
      expect(await migrate(old.db)).toContain('035_churn_reason_fields.sql');
      const reasons = async () => (await old.db.query<{ churn_reason: string | null }>('SELECT churn_reason FROM items WHERE workspace_id = $1 ORDER BY external_id', [ws.id])).map((r) => r.churn_reason);
      expect(await reasons()).toEqual([null, null, 'price']);
      const { getChurnReasons } = await import('../insights/churn.js');
      const report = await getChurnReasons(old.db, ws, { from: '2026-08-01', to: '2026-08-07' });
      expect(Object.fromEntries(report.reasons.filter((r) => r.current > 0).map((r) => [r.key, r.current]))).toEqual({ price: 2, moving: 1 });
      expect(await reasons()).toEqual(['price', 'moving', 'price']);
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
    } finally {
      await old.close();
    }
  });

  it("036 finds the maker of a token made with another token in the audit log, so the maker's role limits it", async () => {
    const old = await openTestDb({ through: '035' });
    try {
      const { createApiToken, resolveApiToken } = await import('../auth/api-tokens.js');
      const { createUser, updateUser } = await import('../auth/users.js');
      const ws = await ensureWorkspace(old.db, { slug: 'tokens', name: '토큰' });
      await createUser(old.db, { email: 'stays@sori.test', role: 'admin', password: '비밀번호-테스트-1234' });
      const admin = await createUser(old.db, { email: 'leaver@sori.test', role: 'admin', password: '비밀번호-테스트-1234' });
      const first = await createApiToken(old.db, { workspaceId: ws.id, name: 'by admin', scopes: ['admin'], createdBy: admin.id }, admin.email);
      // Made before session 19 with the first token: no maker recorded, the audit log names the token.
      const second = await createApiToken(old.db, { workspaceId: ws.id, name: 'by token', scopes: ['admin', 'read'] }, `token:${first.token.id}`);
      const third = await createApiToken(old.db, { workspaceId: ws.id, name: 'by token by token', scopes: ['read'] }, `token:${second.token.id}`);
      const cli = await createApiToken(old.db, { workspaceId: ws.id, name: 'cli', scopes: ['admin'] }, 'cli:root');
      const byCli = await createApiToken(old.db, { workspaceId: ws.id, name: 'by cli token', scopes: ['read'] }, `token:${cli.token.id}`);
      expect(await migrate(old.db)).toContain('036_token_makers.sql');
      const makers = await old.db.query<{ name: string; created_by: number | null }>('SELECT name, created_by FROM api_tokens ORDER BY id');
      expect(makers.map((r) => [r.name, r.created_by])).toEqual([['by admin', admin.id], ['by token', admin.id], ['by token by token', admin.id], ['cli', null], ['by cli token', null]]);
      await updateUser(old.db, admin.email, { disabled: true }, 'cli:root');
      expect(await resolveApiToken(old.db, second.secret)).toBeNull();
      expect(await resolveApiToken(old.db, third.secret)).toBeNull();
      expect(await resolveApiToken(old.db, byCli.secret)).not.toBeNull();
    } finally {
      await old.close();
    }
  });

  it('031 keeps the earlier import runs, with no rows counted older than stored', async () => {
    const old = await openTestDb({ through: '030' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'imports', name: '가져오기' });
      await old.db.query("INSERT INTO import_runs (workspace_id, file_name, format, status, total_rows, inserted) VALUES ($1, '문의_10월.csv', 'csv', 'completed', 10, 10)", [ws.id]);
      expect(await migrate(old.db)).toContain('031_import_older.sql');
      expect(await old.db.query('SELECT file_name, inserted, older FROM import_runs')).toEqual([{ file_name: '문의_10월.csv', inserted: 10, older: 0 }]);
    } finally {
      await old.close();
    }
  });

  it('037 composes stored decomposed (NFD) sources, ids, agents and refs, so a re-send finds its item; a taken identity stays apart', async () => {
    const old = await openTestDb({ through: '036' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'nfc', name: '정규화' });
      const nfd = (s: string) => s.normalize('NFD');
      await ingestItems(old.db, ws, [
        buildItem({ external_id: 'n-1', source: '카카오톡', created_at: '2026-08-03T10:00:00+09:00', text: '배송이 늦어요', assignee: '김상담' }),
        buildItem({ external_id: 'n-2', source: '카카오톡', created_at: '2026-08-03T11:00:00+09:00', text: '환불 문의' }),
        buildItem({ external_id: '문의-3', source: 'board', created_at: '2026-08-03T12:00:00+09:00', text: '쿠폰이 안 돼요', order_ref: '주문-77' }),
        // The same ticket stored both ways before 037: the composed one keeps the identity.
        buildItem({ external_id: '문의-4', source: 'board', created_at: '2026-08-03T13:00:00+09:00', text: '결제 오류' }),
      ], { enrich: false });
      // As a client that sent decomposed text stored them before: written straight, as 036's ingest kept them.
      await old.db.query("UPDATE items SET source = $2, assignee = $3 WHERE workspace_id = $1 AND source = '카카오톡'", [ws.id, nfd('카카오톡'), nfd('김상담')]);
      await old.db.query("UPDATE items SET external_id = $2, order_ref = $3 WHERE workspace_id = $1 AND external_id = '문의-3'", [ws.id, nfd('문의-3'), nfd('주문-77')]);
      await old.db.query("INSERT INTO items (workspace_id, channel, source, external_id, kind, created_at, text, content_hash) SELECT workspace_id, channel, source, $2, kind, created_at, text, content_hash FROM items WHERE workspace_id = $1 AND external_id = '문의-4'", [ws.id, nfd('문의-4')]);
      // A receiver created with a decomposed source, and conversation updates kept under it: one kept
      // only decomposed, one kept both ways (the composed key is taken: that row stays apart).
      await old.db.query("INSERT INTO webhook_endpoints (workspace_id, adapter, source, slug, secret) VALUES ($1, 'channeltalk', $2, 'nfc-slug', 'x'), ($1, 'generic', 'board', 'nfc-slug-2', 'y')", [ws.id, nfd('채널톡')]);
      await old.db.query(
        `INSERT INTO conversation_update_log (workspace_id, source, conversation_id, update_hash, payload)
         VALUES ($1, $2, 'uc-1', 'h1', '{}'::jsonb), ($1, $2, 'uc-1', 'h2', '{}'::jsonb), ($1, $3, 'uc-1', 'h2', '{}'::jsonb)`,
        [ws.id, nfd('채널톡'), '채널톡'],
      );
      expect(await migrate(old.db)).toContain('037_nfc_identities.sql');
      expect((await old.db.query<{ source: string }>('SELECT source FROM webhook_endpoints WHERE workspace_id = $1 ORDER BY slug', [ws.id])).map((r) => r.source)).toEqual(['채널톡', 'board']);
      const log = await old.db.query<{ source: string; update_hash: string }>('SELECT source, update_hash FROM conversation_update_log WHERE workspace_id = $1 ORDER BY update_hash, source', [ws.id]);
      expect(log.map((r) => `${r.update_hash}:${r.source === '채널톡' ? 'composed' : r.source.normalize('NFC') === '채널톡' ? 'decomposed' : r.source}`).sort()).toEqual(['h1:composed', 'h2:composed', 'h2:decomposed']);
      const rows = await old.db.query<{ source: string; external_id: string; assignee: string | null; order_ref: string | null }>(
        'SELECT source, external_id, assignee, order_ref FROM items WHERE workspace_id = $1 ORDER BY external_id, length(external_id)', [ws.id]);
      expect(rows.filter((r) => r.external_id.startsWith('n-')).map((r) => [r.source === '카카오톡', r.assignee === null || r.assignee === '김상담'])).toEqual([[true, true], [true, true]]);
      expect(rows.find((r) => r.external_id === '문의-3')?.order_ref).toBe('주문-77');
      // 문의-4 twice: the composed row as it was, the decomposed one left apart (nothing merged, nothing lost).
      expect(rows.filter((r) => r.external_id.normalize('NFC') === '문의-4').map((r) => r.external_id === '문의-4').sort()).toEqual([false, true]);
      // A re-send, decomposed or composed, finds its item.
      const again = await ingestItems(old.db, ws, [
        buildItem({ external_id: nfd('n-1'), source: nfd('카카오톡'), created_at: '2026-08-03T10:00:00+09:00', text: '배송이 늦어요', assignee: nfd('김상담') }),
        buildItem({ external_id: '문의-3', source: 'board', created_at: '2026-08-03T12:00:00+09:00', text: '쿠폰이 안 돼요', order_ref: '주문-77' }),
      ], { enrich: false });
      expect(again.inserted).toBe(0);
      expect((await old.db.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1', [ws.id]))[0]!.n).toBe(5);
      expect(await diffRollups(old.db, ws.id)).toEqual([]);
    } finally {
      await old.close();
    }
  });

  it('041 drops the search filters of unfolded pairs and indexes stored items again, so a word typed without spaces finds its day', async () => {
    const old = await openTestDb({ through: '040' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'spacing', name: '띄어쓰기' });
      const items = Array.from({ length: 80 }, (_, i) => ({
        external_id: `sp-${i}`,
        created_at: `2026-08-0${1 + (i % 8)}T10:00:00+09:00`,
        text: i === 5 ? '환불 언제 되나요' : `배송 문의드립니다 ${i}`,
      }));
      expect((await ingestItems(old.db, ws, items.map((item) => buildItem(item)), { enrich: false })).inserted).toBe(80);
      // The filters as the code before 041 wrote them: the pairs of each text as it is (불␠ and ␠언,
      // no 불언), one row of 8,192 bits a day.
      await old.db.query('DELETE FROM item_day_bigrams WHERE workspace_id = $1', [ws.id]);
      await old.db.query('DELETE FROM item_day_filters WHERE workspace_id = $1', [ws.id]);
      const days = new Map<string, Uint8Array>();
      for (const item of items) {
        const day = item.created_at.slice(0, 10);
        if (!days.has(day)) days.set(day, new Uint8Array(1024));
        const bytes = days.get(day)!;
        const into = { add: (code: number) => bloomPositions(code).forEach((pos) => (bytes[(pos & 8191) >>> 3]! |= 0x80 >>> (pos & 7))) };
        addBigramCodes(item.text, into);
        addBigramCodes(item.external_id, into);
      }
      const rows = [...days].map(([day, bytes]) => ({ day, bits: `x${Buffer.from(bytes).toString('hex')}`, set: bytes.reduce((n, b) => n + b.toString(2).replaceAll('0', '').length, 0) }));
      await old.db.query(
        `INSERT INTO item_day_bigrams (workspace_id, size_log2, bucket, day, bits) SELECT $1, 13, 0, d::date, x::bit(8192) FROM unnest($2::text[], $3::text[]) AS t(d, x)`,
        [ws.id, rows.map((r) => r.day), rows.map((r) => r.bits)],
      );
      await old.db.query(
        'INSERT INTO item_day_filters (workspace_id, day, size_log2, bits_set) SELECT $1, d::date, 13, c FROM unnest($2::text[], $3::int[]) AS t(d, c)',
        [ws.id, rows.map((r) => r.day), rows.map((r) => r.set)],
      );
      const found = async (q: string) => (await listItems(old.db, ws.id, { q }, { limit: 10 })).items.map((i) => i.external_id);
      // Such filters skip the day of "환불 언제" for 환불언제.
      expect(await searchRanges(old.db, ws.id, '환불언제')).toEqual([]);
      expect(await found('환불언제')).toEqual([]);
      expect(await migrate(old.db)).toContain('041_search_spacing.sql');
      // Until the items are read again, every day is read: found all the same.
      expect(await searchRanges(old.db, ws.id, '환불언제')).toBeNull();
      expect(await found('환불언제')).toEqual(['sp-5']);
      expect(await backfillSearchIndex(old.db, ws.id)).toBe(80);
      const ranges = (await searchRanges(old.db, ws.id, '환불언제'))!;
      expect(ranges.map((r) => r.from.toISOString())).toEqual([new Date('2026-08-06T00:00:00+09:00').toISOString()]);
      expect(await found('환불언제')).toEqual(['sp-5']);
      expect(await found('"배송 문의 드립니다 13"')).toEqual(['sp-13']);
    } finally {
      await old.close();
    }
  });
});
