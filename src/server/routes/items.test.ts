import type { Hono } from 'hono';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { parse } from 'csv-parse/sync';
import { CHURN_REASONS } from '../../domain/churn-reasons.js';
import { DEFAULT_ITEM_TYPES } from '../../domain/taxonomy.js';
import { generateDemoDataset } from '../../ingest/demo/generate.js';
import { ingestItems } from '../../ingest/pipeline.js';
import { getChurnReasons } from '../../insights/churn.js';
import { getSlaReport } from '../../insights/sla.js';
import type { Db } from '../../store/db.js';
import { saveSlaSettings } from '../../store/queries/sla-settings.js';
import { ensureWorkspace, type Workspace } from '../../store/queries/workspaces.js';
import { toFilter } from './items.js';

describe('toFilter: from/to in the workspace zone', () => {
  const range = (from: string, to: string, zone: string) => {
    const f = toFilter({ from, to } as never, zone);
    return [f.from?.toISOString(), f.to?.toISOString()];
  };

  it('reads a bare day as the whole local day, 23 hours long on a spring-forward day', () => {
    expect(range('2026-11-01', '2026-11-01', 'Asia/Seoul')).toEqual(['2026-10-31T15:00:00.000Z', '2026-11-01T15:00:00.000Z']);
    expect(range('2026-03-08', '2026-03-08', 'America/New_York')).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
  });

  it('reads a local date-time in the zone and keeps an explicit offset as given', () => {
    expect(range('2026-07-01 09:30', '2026-07-01T18:00:00+09:00', 'America/New_York')).toEqual(['2026-07-01T13:30:00.000Z', '2026-07-01T09:00:00.000Z']);
  });

  it('refuses what is no date, with the parameter named', () => {
    expect(() => toFilter({ from: '2026-02-30' } as never, 'Asia/Seoul')).toThrow(/from: not a date/);
    expect(() => toFilter({ to: '어제' } as never, 'Asia/Seoul')).toThrow(/to: not a date/);
    // An offset sent with an unencoded + arrives with a space in its place: the message says so.
    expect(() => toFilter({ from: '2026-06-01T00:30:00 09:00' } as never, 'Asia/Seoul')).toThrow(/from: not a date .*%2B/);
    let caught: unknown = null;
    try {
      toFilter({ to: '어제' } as never, 'Asia/Seoul');
    } catch (e) {
      caught = e;
    }
    expect((caught as { detail?: unknown }).detail).toEqual({ errors: [{ field: 'to', message: expect.stringMatching(/^not a date/) }] });
  });
});

describe(`items filters behind the SLA and churn reports' numbers (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let cookie: string;
  let ws: Workspace;
  // The demo ends on 2026-03-31: its last four weeks, and one week inside them.
  const END = new Date('2026-03-31T18:00:00+09:00');
  const RANGES = [
    { from: '2026-03-04', to: '2026-03-31' },
    { from: '2026-03-16', to: '2026-03-22' },
  ];

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;
    ({ app, login } = await buildTestApp(db));
    cookie = await login('viewer');
    ws = await ensureWorkspace(db, { slug: 'demo', name: '데모' });
    const data = generateDemoDataset({ days: 35, itemsPerDay: 40, endDate: END });
    await ingestItems(db, ws, data.items);
  }, 120_000);
  afterAll(() => close());

  const get = async (path: string) => {
    const res = await app.request(`/api/v1${path}`, { headers: { Cookie: cookie, 'X-Sori-Workspace': 'demo' } });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, body: /\bjson\b/.test(type) ? await res.json() : await res.text() };
  };
  const total = async (query: string) => (await get(`/items/summary?${query}`)).body.total as number;
  /** Every id the list gives for a filter, page after page. */
  const listIds = async (query: string) => {
    const ids: string[] = [];
    let cursor = '';
    do {
      const page = (await get(`/items?${query}&limit=500${cursor ? `&cursor=${cursor}` : ''}`)).body;
      ids.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.next_cursor ?? '';
    } while (cursor);
    return ids;
  };

  it('sla=breached lists exactly the items the SLA report counts as breached, in the list, the summary and the export', async () => {
    for (const range of RANGES) {
      const q = `from=${range.from}&to=${range.to}`;
      const report = await getSlaReport(db, ws, { ...range, breaches: 100_000 });
      expect(report.breached_items).toBeGreaterThan(0);
      expect(await total(`sla=breached&${q}`)).toBe(report.breached_items);
      expect(await total(`sla=breached_first_response&${q}`)).toBe(report.summary.firstResponse.breached);
      expect(await total(`sla=breached_resolution&${q}`)).toBe(report.summary.resolution.breached);
      const open = new Set(report.breaches.filter((b) => b.completed_at === null).map((b) => b.item_id));
      if (range === RANGES[0]) expect(open.size).toBeGreaterThan(0);
      expect(await total(`sla=open_overdue&${q}`)).toBe(open.size);
      const ids = await listIds(`sla=breached&${q}`);
      expect(new Set(ids)).toEqual(new Set(report.breaches.map((b) => b.item_id)));
      expect(ids).toHaveLength(report.breached_items);
    }
    const { body } = await get(`/items/export?format=jsonl&sla=breached&from=${RANGES[0]!.from}&to=${RANGES[0]!.to}`);
    expect((body as string).trim().split('\n')).toHaveLength((await getSlaReport(db, ws, RANGES[0])).breached_items);
    // Filters combine: the breached chats are the chat part of the breached items.
    const chats = await get(`/items/summary?sla=breached&channel=chat&from=${RANGES[0]!.from}&to=${RANGES[0]!.to}`);
    expect(chats.body.total).toBe((await getSlaReport(db, ws, { ...RANGES[0], channel: ['chat'] })).breached_items);
  });

  it('sla= follows a settings change before the SLA report has recomputed the deadlines', async () => {
    const range = RANGES[0]!;
    const before = await total(`sla=breached&from=${range.from}&to=${range.to}`);
    // Every chat answered within 10 minutes, around the clock: other deadlines go, chat ones move.
    await saveSlaSettings(db, ws.id, {
      businessHours: { twentyFourSeven: true },
      policies: [{ id: 'chat10', name: '채팅 10분', match: { channels: ['chat'] }, firstResponseTargetMs: 600_000, calendar: 'business' }],
    }, { recomputeSince: new Date('2026-01-01T00:00:00Z') });
    const after = await total(`sla=breached&from=${range.from}&to=${range.to}`);
    const report = await getSlaReport(db, ws, range);
    expect(after).toBe(report.breached_items);
    expect(after).not.toBe(before);
    await saveSlaSettings(db, ws.id, null, { recomputeSince: new Date('2026-01-01T00:00:00Z') });
    expect(await total(`sla=breached&from=${range.from}&to=${range.to}`)).toBe(before);
  });

  it('churn_reason= counts each reason row of the churn report, unknown and not yet classified ones included', async () => {
    // A reason key that no longer exists counts as unknown; reasons cleared with the workspace
    // flagged (as after a type correction) are filled in by whichever comes first, list or report.
    await db.query(
      `UPDATE items SET churn_reason = 'legacy_reason' WHERE id = (SELECT id FROM items WHERE workspace_id = $1 AND type = 'cancellation'
       AND created_at >= '2026-03-10T00:00:00+09:00' ORDER BY id LIMIT 1)`, [ws.id]);
    await db.query(
      `UPDATE items SET churn_reason = NULL WHERE id IN (SELECT id FROM items WHERE workspace_id = $1 AND type = 'cancellation'
       AND churn_reason <> 'legacy_reason' ORDER BY id DESC LIMIT 5)`, [ws.id]);
    await db.query('UPDATE workspaces SET churn_stale = true WHERE id = $1', [ws.id]);
    const [range] = RANGES;
    const q = `from=${range!.from}&to=${range!.to}`;
    const all = CHURN_REASONS.map((r) => r.key).concat('unknown').join(',');
    const everyReason = await total(`churn_reason=${all}&${q}`);
    const report = await getChurnReasons(db, ws, range);
    expect(report.reasons.length).toBeGreaterThan(2);
    expect(report.reasons.some((r) => r.key === 'unknown')).toBe(true);
    expect(everyReason).toBe(report.total.current);
    for (const reason of report.reasons) {
      expect(await total(`churn_reason=${reason.key}&${q}`), reason.key).toBe(reason.current);
      // Split by the churn type (해지·취소, 탈퇴: an account item that leaves), as the report splits it.
      expect(await total(`churn_reason=${reason.key}&type=cancellation&${q}`), reason.key).toBe(reason.by_type.cancellation);
      expect(await total(`churn_reason=${reason.key}&type=account&${q}`), reason.key).toBe(reason.by_type.account);
    }
    const [top] = report.reasons;
    const ids = await listIds(`churn_reason=${top!.key}&${q}`);
    expect(ids).toHaveLength(top!.current);
    expect(ids).toEqual(expect.arrayContaining(top!.examples.map((e) => e.item_id)));
    // The week before: the previous-period column.
    const previous = await total(`churn_reason=${top!.key}&from=${report.range.previous.from}&to=${report.range.previous.to}`);
    expect(previous).toBe(top!.previous);
  });

  it('sentiment=none lists the items not given a sentiment yet, as type=none and topic=none do', async () => {
    const [row] = await db.query<{ id: string }>("SELECT id::text AS id FROM items WHERE workspace_id = $1 ORDER BY id LIMIT 1", [ws.id]);
    await db.query('UPDATE items SET sentiment = NULL, sentiment_score = NULL WHERE id = $1', [row!.id]);
    const res = await get('/items?sentiment=none');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([row!.id]);
    expect(await total('sentiment=none')).toBe(1);
  });

  it('customer= lists one customer’s items (their contact history) in the list, the summary and the export', async () => {
    const [top] = await db.query<{ ref: string; n: number }>(
      'SELECT customer_ref AS ref, count(*)::int AS n FROM items WHERE workspace_id = $1 AND customer_ref IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1',
      [ws.id],
    );
    expect(top!.n).toBeGreaterThan(1);
    const res = await get(`/items?customer=${encodeURIComponent(top!.ref)}&limit=500`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(top!.n);
    expect(res.body.items.every((i: { customer_ref: string }) => i.customer_ref === top!.ref)).toBe(true);
    expect(await total(`customer=${encodeURIComponent(top!.ref)}`)).toBe(top!.n);
    const jsonl = (await get(`/items/export?format=jsonl&customer=${encodeURIComponent(top!.ref)}`)).body as string;
    expect(jsonl.trim().split('\n').map((line) => JSON.parse(line).customer_ref)).toEqual(Array(top!.n).fill(top!.ref));
    expect(await total('customer=c_nobody')).toBe(0);
  });

  it('customer= takes the customer’s own id too (pseudonymised as stored); type= takes names and refuses an unknown type instead of answering nothing', async () => {
    await ingestItems(db, ws, [
      { external_id: 'own-1', channel: 'chat', source: 'crm-test', created_at: '2026-03-20 10:00', text: '적립금이 안 들어왔어요', customer_id: 'M-20931' },
      { external_id: 'own-2', channel: 'board', source: 'crm-test', created_at: '2026-03-21 11:00', text: '적립금 문의 다시 드립니다', customer_id: 'M-20931' },
    ]);
    const own = await get('/items?customer=M-20931');
    expect(own.status).toBe(200);
    expect(own.body.items.map((i: { external_id: string }) => i.external_id).sort()).toEqual(['own-1', 'own-2']);
    expect(own.body.items[0].customer_ref).toMatch(/^c_/);
    // By key, by Korean or English name: the same items.
    const byKey = await total('type=delivery');
    expect(byKey).toBeGreaterThan(0);
    expect(await total(`type=${encodeURIComponent('배송')}`)).toBe(byKey);
    expect(await total('type=Delivery')).toBe(byKey);
    for (const bad of ['foobar', encodeURIComponent('배달음식')]) {
      const res = await get(`/items?type=${bad}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'validation_failed' });
      expect(res.body.detail).toMatch(/unknown type .*one of bug \(버그·오류 \/ Bug \/ error\)/);
    }
  });

  it('refuses unknown SLA and churn values with problem+json, and documents both filters', async () => {
    for (const path of ['/items?sla=late', '/items/summary?sla=breached,open_overdue', '/items?churn_reason=price,nope', '/items/export?churn_reason=Price']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.code).toBe('validation_failed');
    }
    const doc = await get('/openapi.json');
    for (const path of ['/api/v1/items', '/api/v1/items/summary', '/api/v1/items/export']) {
      const params = doc.body.paths[path].get.parameters as { name: string; schema: { description?: string; enum?: string[] } }[];
      const sla = params.find((p) => p.name === 'sla')!.schema;
      expect(sla.enum, path).toEqual(['breached', 'breached_first_response', 'breached_resolution', 'open_overdue', 'unrecorded_first_response', 'unrecorded_resolution']);
      expect(sla.description).toContain('as the SLA report counts them');
      expect(params.find((p) => p.name === 'churn_reason')!.schema.description, path).toContain('payment_failure');
    }
  });
});

describe(`POST /items and GET /items as an integrator sees them (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens } = await buildTestApp(db));
  });
  afterAll(() => close());

  const post = async (body: unknown) => {
    const res = await app.request('/api/v1/items', {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.ingest}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() };
  };
  const item = (overrides: Record<string, unknown>) => ({ channel: 'chat', source: 'api-contract', text: '배송이 너무 늦어요', created_at: '2026-11-01 10:00', ...overrides });

  it('exports for people with labels=ko|en: the screens’ column names and coded values by name; JSONL keeps codes', async () => {
    const sent = await post({
      items: [
        item({ external_id: 'LBL-1', channel: 'board', status: 'resolved', handled_by: 'human', text: '환불 문의드립니다. 010-2345-6789로 연락 주세요', source: 'label-export' }),
        item({ external_id: 'LBL-2', channel: 'app_store', kind: 'review', rating: 2, text: '업데이트 후 앱이 자꾸 꺼져요', source: 'label-export' }),
      ],
    });
    expect(sent.status).toBe(200);
    const get = async (query: string) => {
      const res = await app.request(`/api/v1/items/export?source=label-export&${query}`, { headers: { Authorization: `Bearer ${tokens.read}` } });
      return { status: res.status, text: await res.text() };
    };
    const ko = await get('format=csv&labels=ko');
    expect(ko.status).toBe(200);
    const rows: Record<string, string>[] = parse(ko.text, { bom: true, columns: true });
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['외부 ID', '채널', '접수 일시', '내용', '상태', '처리 주체', '가린 개인정보', '문의 유형', '감정']));
    const one = rows.find((r) => r['외부 ID'] === 'LBL-1')!;
    expect([one['채널'], one['상태'], one['처리 주체'], one['가린 개인정보']]).toEqual(['1:1 문의', '해결', '상담원', '전화번호']);
    expect(one['내용']).toContain('[전화번호]');
    const typeNames = [...DEFAULT_ITEM_TYPES.map((t) => t.nameKo), '불확실'];
    for (const r of rows) expect(typeNames).toContain(r['문의 유형']);
    const two = rows.find((r) => r['외부 ID'] === 'LBL-2')!;
    expect([two['채널'], two['종류'], two['평점 (1–5)']]).toEqual(['앱 리뷰', '리뷰', '2']);
    expect(['긍정', '중립', '부정', '혼합']).toContain(two['감정']);

    const en: Record<string, string>[] = parse((await get('format=csv&labels=en')).text, { bom: true, columns: true });
    expect(en.find((r) => r['External ID'] === 'LBL-1')!['Channel']).toBe('1:1 inquiry');
    // Without labels: Sori's field names and codes, the file to import again.
    const codes: Record<string, string>[] = parse((await get('format=csv')).text, { bom: true, columns: true });
    expect(codes.find((r) => r.external_id === 'LBL-1')).toMatchObject({ channel: 'board', status: 'resolved', handled_by: 'human', pii_kinds: 'phone' });
    const jsonl = await get('format=jsonl&labels=ko');
    expect(jsonl.status).toBe(400);
    expect(JSON.parse(jsonl.text).errors).toEqual([{ field: 'labels', message: expect.stringMatching(/format=jsonl/) }]);
  });

  it('answers a batch whose every item is refused with a 422 problem+json carrying a stable code and the per-item errors', async () => {
    const res = await post({ items: [item({ external_id: 'x1', channel: 'kakao' }), item({ external_id: 'x2', rating: 6 })] });
    expect(res.status).toBe(422);
    expect(res.type).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 422, code: 'items_rejected', received: 2, accepted: 0, rejected: 2 });
    expect(res.body.detail).toMatch(/[가-힣]/);
    expect(res.body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([[0, 'channel'], [1, 'rating']]);
  });

  it('names an item that is not an object in both languages', async () => {
    const res = await post({ items: [item({ external_id: 'ok-1' }), '배송 문의', null] });
    expect(res.status).toBe(207);
    expect(res.body.errors).toEqual([
      { index: 1, field: null, code: 'not_an_object', message: expect.stringMatching(/JSON object.* \/ .*객체/) },
      { index: 2, field: null, code: 'not_an_object', message: expect.stringMatching(/JSON object.* \/ .*객체/) },
    ]);
  });

  it('stores an item with a field it does not know, and says which field was ignored', async () => {
    const res = await post({ items: [item({ external_id: 'typo-1', ratting: 5, rating: 4 }), item({ external_id: 'typo-2' })] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, inserted: 2 });
    expect(res.body.warnings).toEqual([{ index: 0, field: 'ratting', code: 'unknown_field', message: expect.stringMatching(/ignored.* \/ .*무시/) }]);
  });

  it('reads an item that carries its order’s line items under "items" as one item, and warns about batch wrapper keys it does not read', async () => {
    const single = await post(item({ external_id: 'o-99', text: '주문한 상품 중 하나가 빠졌어요', items: [{ sku: 'A-1', qty: 2 }] }));
    expect([single.status, single.body.inserted]).toEqual([200, 1]);
    expect(single.body.warnings).toEqual([{ index: 0, field: 'items', code: 'unknown_field', message: expect.stringMatching(/ignored/) }]);
    const wrapped = await post({ dry_run: true, items: [item({ external_id: 'w-1' })] });
    expect([wrapped.status, wrapped.body.inserted]).toEqual([200, 1]);
    expect(wrapped.body.warnings).toEqual([{ index: null, field: 'dry_run', code: 'unknown_field', message: expect.stringMatching(/not read.* \/ .*묶음/) }]);
  });

  it('refuses an id past 2^53 sent as a JSON number (it arrives rounded: two reviews would be one item), as a per-item error', async () => {
    const res = await app.request('/api/v1/items', {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.ingest}`, 'Content-Type': 'application/json' },
      body: `{"items": [${JSON.stringify(item({ text: '리뷰 A: 배송이 빨라요' })).slice(0, -1)}, "external_id": 9007199254740993}, ${JSON.stringify(item({ text: '리뷰 B: 포장이 엉망' })).slice(0, -1)}, "external_id": "9007199254740992"}]}`,
    });
    const body = (await res.json()) as any;
    expect(res.status).toBe(207);
    expect(body).toMatchObject({ inserted: 1, rejected: 1 });
    expect(body.errors).toEqual([{ index: 0, field: 'external_id', code: expect.any(String), message: expect.stringMatching(/too large .* string/) }]);
  });

  it('refuses a query key given twice or one the route does not know, instead of answering another filter’s numbers', async () => {
    const get = async (query: string) => {
      const res = await app.request(`/api/v1/items/summary?${query}`, { headers: { Authorization: `Bearer ${tokens.read}` } });
      return { status: res.status, body: (await res.json()) as any };
    };
    const twice = await get('channel=chat&channel=email');
    expect([twice.status, twice.body.code]).toEqual([400, 'validation_failed']);
    expect(twice.body.errors).toEqual([{ field: 'channel', message: expect.stringMatching(/given 2 times.*channel=chat,email/) }]);
    const typo = await get('chanel=chat');
    expect([typo.status, typo.body.errors]).toEqual([400, [{ field: 'chanel', message: expect.stringMatching(/not a parameter/) }]]);
    expect((await get('channel=chat,email&workspace=default&_=1733450000000')).status).toBe(200);
  });

  it('refuses a body that is not UTF-8 (EUC-KR from a legacy system) with 415 and stores nothing; a byte-order mark is fine', async () => {
    const json = JSON.stringify(item({ external_id: 'euc-kr-1', text: '배송이 늦어요' }));
    const send = (bytes: Uint8Array) =>
      app.request('/api/v1/items', { method: 'POST', headers: { Authorization: `Bearer ${tokens.ingest}`, 'Content-Type': 'application/json' }, body: new Blob([new Uint8Array(bytes)]) });
    const refused = await send(iconv.encode(json, 'euc-kr'));
    expect(refused.status).toBe(415);
    expect(await refused.json()).toMatchObject({ code: 'unsupported_media_type', detail: expect.stringMatching(/UTF-8.* \/ .*UTF-8/) });
    expect(await db.query("SELECT 1 FROM items WHERE external_id = 'euc-kr-1'")).toHaveLength(0);
    const withBom = await send(new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)])));
    expect(withBom.status).toBe(200);
    const [row] = await db.query<{ text: string }>("SELECT text FROM items WHERE external_id = 'euc-kr-1'");
    expect(row.text).toBe('배송이 늦어요');
  });

  it('refuses a tampered cursor as a validation error on the cursor, in both languages', async () => {
    for (const cursor of ['abc', Buffer.from('2026-10-01T01:00:00.000Z|1 OR 1=1').toString('base64url')]) {
      const res = await app.request(`/api/v1/items?cursor=${cursor}`, { headers: { Authorization: `Bearer ${tokens.read}` } });
      expect(res.status).toBe(400);
      const problem = await res.json();
      expect(problem).toMatchObject({ code: 'validation_failed', errors: [{ field: 'cursor' }] });
      expect(problem.detail).toMatch(/cursor.*[가-힣]/);
    }
  });

  // ── source_updated_at: a late, older state never rolls a record back ─────────────────────

  /** A chat ticket as the sender's helpdesk holds it at `at` (its source_updated_at; none when undefined). */
  const ticket = (id: string | number, state: 'open' | 'solved', at?: string, source = 'helpdesk-sync') => ({
    external_id: id,
    channel: 'chat',
    source,
    created_at: '2026-12-01T09:50:00+09:00',
    ...(at === undefined ? {} : { source_updated_at: at }),
    ...(state === 'open'
      ? { text: '결제는 됐는데 주문 내역에 안 보여요', status: 'open' }
      : { text: '결제는 됐는데 주문 내역에 안 보여요 (추가: 카드 승인 문자는 받았어요)', status: 'resolved', assignee: '상담원 오세린', resolved_at: '2026-12-01T10:05:00+09:00' }),
  });
  const stored = async (source: string, id: string) => {
    const [row] = await db.query<{ status: string; assignee: string | null; resolved_at: Date | null; text: string; metadata: Record<string, unknown> }>(
      'SELECT status, assignee, resolved_at, text, metadata FROM items WHERE source = $1 AND external_id = $2',
      [source, id],
    );
    return row!;
  };

  it('skips a late older state (source_updated_at) as stale: 200, counted and named in warnings; the solved ticket stays solved; the same version again is unchanged', async () => {
    expect((await post(ticket('H-1', 'solved', '2026-12-01 10:05'))).body).toMatchObject({ inserted: 1, stale: 0 });
    // The first delivery, retried late: 10:00 KST, written in UTC.
    const late = await post(ticket('H-1', 'open', '2026-12-01T01:00:00Z'));
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ received: 1, accepted: 0, rejected: 0, inserted: 0, updated: 0, unchanged: 0, stale: 1, errors: [] });
    expect(late.body.warnings).toEqual([
      {
        index: 0,
        field: 'source_updated_at',
        code: 'stale',
        message: expect.stringMatching(/^H-1: source_updated_at 2026-12-01T01:00:00\.000Z is older than the known 2026-12-01T01:05:00\.000Z \/ .*오래된/),
      },
    ]);
    expect(await stored('helpdesk-sync', 'H-1')).toMatchObject({
      status: 'resolved',
      assignee: '상담원 오세린',
      resolved_at: new Date('2026-12-01T01:05:00Z'),
      text: '결제는 됐는데 주문 내역에 안 보여요 (추가: 카드 승인 문자는 받았어요)',
      metadata: { source_updated_at: '2026-12-01T01:05:00.000Z' },
    });
    // Re-sent with the same version (written either way): identical, left alone.
    for (const at of ['2026-12-01 10:05', '2026-12-01T10:05:00+09:00']) {
      const again = await post(ticket('H-1', 'solved', at));
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ accepted: 1, unchanged: 1, updated: 0, stale: 0, warnings: [] });
    }
  });

  it('stores states sent in order (open, then solved); without source_updated_at the later write wins as before', async () => {
    expect((await post(ticket('H-2', 'open', '2026-12-01T10:00:00+09:00'))).body).toMatchObject({ inserted: 1, stale: 0 });
    expect((await post(ticket('H-2', 'solved', '2026-12-01T10:05:00+09:00'))).body).toMatchObject({ updated: 1, stale: 0 });
    expect(await stored('helpdesk-sync', 'H-2')).toMatchObject({ status: 'resolved', metadata: { source_updated_at: '2026-12-01T01:05:00.000Z' } });

    await post(ticket('H-3', 'solved'));
    const unversioned = await post(ticket('H-3', 'open'));
    expect(unversioned.body).toMatchObject({ accepted: 1, updated: 1, stale: 0, warnings: [] });
    expect(await stored('helpdesk-sync', 'H-3')).toMatchObject({ status: 'open', text: '결제는 됐는데 주문 내역에 안 보여요' });
    // Once the sender names versions, the record is protected.
    await post(ticket('H-3', 'solved', '2026-12-01T10:05:00+09:00'));
    expect((await post(ticket('H-3', 'open', '2026-12-01T10:00:00+09:00'))).body).toMatchObject({ stale: 1 });
    expect((await stored('helpdesk-sync', 'H-3')).status).toBe('resolved');
  });

  it('stores the newer of two states of one record in a batch whichever comes first, and of two calls arriving together (numeric ids too)', async () => {
    const res = await post({
      items: [
        ticket('H-4', 'solved', '2026-12-01T10:05:00+09:00'),
        ticket('H-4', 'open', '2026-12-01T10:00:00+09:00'),
        ticket(9005, 'open', '2026-12-01T10:00:00+09:00'),
        ticket(9005, 'solved', '2026-12-01T10:05:00+09:00'),
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 4, accepted: 2, inserted: 2, repeated: 0, stale: 2 });
    expect(res.body.warnings.map((w: { index: number; code: string }) => [w.index, w.code])).toEqual([[1, 'stale'], [2, 'stale']]);
    expect((await stored('helpdesk-sync', 'H-4')).status).toBe('resolved');
    expect((await stored('helpdesk-sync', '9005')).status).toBe('resolved');

    // Both states of several tickets sent at once, the newer first: the group commit must not reorder them.
    const ids = [9101, 9102, 9103, 9104, 9105, 9106];
    await Promise.all(
      ids.flatMap((id) => [post(ticket(id, 'solved', '2026-12-01T10:05:00+09:00', 'helpdesk-race')), post(ticket(id, 'open', '2026-12-01T10:00:00+09:00', 'helpdesk-race'))]),
    );
    const rows = await db.query<{ external_id: string; status: string }>("SELECT external_id, status FROM items WHERE source = 'helpdesk-race' ORDER BY external_id");
    expect(rows).toEqual(ids.map((id) => ({ external_id: String(id), status: 'resolved' })));
  });

  it('refuses an unreadable or out-of-range source_updated_at as a validation error on that item', async () => {
    const alone = await post(ticket('H-5', 'open', '지난주 화요일'));
    expect(alone.status).toBe(422);
    expect(alone.body).toMatchObject({ code: 'items_rejected', received: 1, accepted: 0, rejected: 1, stale: 0 });
    expect(alone.body.errors).toEqual([{ index: 0, field: 'source_updated_at', code: 'invalid_field', message: expect.stringMatching(/not a date\/time .*날짜/) }]);
    const mixed = await post({ items: [ticket('H-6', 'open', '2026-12-01T10:00:00+09:00'), ticket('H-7', 'open', '1969-12-31T23:00:00Z')] });
    expect(mixed.status).toBe(207);
    expect(mixed.body).toMatchObject({ accepted: 1, rejected: 1, inserted: 1, errors: [{ index: 1, field: 'source_updated_at', message: expect.stringMatching(/out of range/) }] });
    expect(await db.query("SELECT external_id FROM items WHERE source = 'helpdesk-sync' AND external_id IN ('H-5', 'H-6', 'H-7')")).toEqual([{ external_id: 'H-6' }]);
  });

  it('reads stored versions only for a call that carries source_updated_at (none on the hot path)', async () => {
    const versionReads: string[] = [];
    const query = db.query.bind(db);
    db.query = ((sql: string, params?: unknown[]) => {
      if (/metadata->>\$4 AS version/.test(sql)) versionReads.push(sql);
      return query(sql, params);
    }) as Db['query'];
    try {
      expect((await post(ticket('H-8', 'open'))).body).toMatchObject({ inserted: 1, stale: 0 });
      expect((await post({ items: [ticket('H-9', 'open'), ticket('H-10', 'open', '')] })).body).toMatchObject({ inserted: 2, stale: 0 });
      expect(versionReads).toHaveLength(0);
      expect((await post(ticket('H-8', 'solved', '2026-12-01T10:05:00+09:00'))).body).toMatchObject({ updated: 1, stale: 0 });
      expect(versionReads).toHaveLength(1);
    } finally {
      db.query = query;
    }
  });

  it('documents the ingest answer: counts, per-item errors and warnings, and the problem fields', async () => {
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    const responses = doc.paths['/api/v1/items'].post.responses;
    for (const status of ['200', '207']) {
      const schema = responses[status].content['application/json'].schema;
      expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['received', 'accepted', 'rejected', 'inserted', 'updated', 'unchanged', 'repeated', 'stale', 'errors', 'warnings']));
      expect(schema.properties.warnings.description).toContain('code stale');
      expect(Object.keys(schema.properties.errors.items.properties)).toEqual(['index', 'field', 'code', 'message']);
    }
    expect(responses['422'].content['application/problem+json']).toBeDefined();
    expect(Object.keys(doc.components.schemas.Problem.properties)).toContain('errors');
    // Every field of an item says what it takes (not {}, which a client generator reads as "anything").
    const [single] = doc.paths['/api/v1/items'].post.requestBody.content['application/json'].schema.anyOf;
    for (const [field, schema] of Object.entries(single.properties as Record<string, { type?: unknown; anyOf?: unknown; enum?: unknown }>)) {
      expect(schema.type ?? schema.anyOf ?? schema.enum, field).toBeDefined();
    }
    expect(single.properties.created_at.description).toContain('Asia/Seoul');
    expect(single.properties.source_updated_at.description).toMatch(/last changed this record.*older than the record's stored source_updated_at.*[가-힣]/);
  });
});
