import type { Hono } from 'hono';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { CHURN_REASONS } from '../../domain/churn-reasons.js';
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
      // The page's link names the type too; the counts are the same.
      expect(await total(`churn_reason=${reason.key}&type=cancellation&${q}`), reason.key).toBe(reason.current);
    }
    const [top] = report.reasons;
    const ids = await listIds(`churn_reason=${top!.key}&${q}`);
    expect(ids).toHaveLength(top!.current);
    expect(ids).toEqual(expect.arrayContaining(top!.examples.map((e) => e.item_id)));
    // The week before: the previous-period column.
    const previous = await total(`churn_reason=${top!.key}&from=${report.range.previous.from}&to=${report.range.previous.to}`);
    expect(previous).toBe(top!.previous);
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
      expect(sla.enum, path).toEqual(['breached', 'breached_first_response', 'breached_resolution', 'open_overdue']);
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

  it('documents the ingest answer: counts, per-item errors and warnings, and the problem fields', async () => {
    const doc = await (await app.request('/api/v1/openapi.json')).json();
    const responses = doc.paths['/api/v1/items'].post.responses;
    for (const status of ['200', '207']) {
      const schema = responses[status].content['application/json'].schema;
      expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['received', 'accepted', 'rejected', 'inserted', 'updated', 'unchanged', 'repeated', 'errors', 'warnings']));
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
  });
});
