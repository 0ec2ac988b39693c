/**
 * A vendor's own export through the server (`POST /imports/vendor`): Channel Talk's user-chat CSV
 * and desk workbook, Zendesk's tickets JSON — the report, the run in the import history with its
 * adapter, the rejects file named by record (formulas guarded), the preview recognising each
 * export, roles, and undoing the run.
 */
import type { Hono } from 'hono';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { documentedResponseSchema } from '../openapi.js';
import { fixtureCsv, fixtureText } from '../../../test/fixtures/adapters/load.js';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import type { Db } from '../../store/db.js';

describe(`vendor export upload (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens, login } = await buildTestApp(db));
    doc = (await (await app.request('/api/v1/openapi.json')).json()) as Record<string, unknown>;
  });
  let doc: Record<string, unknown>;
  /** An answer's body, checked against the OpenAPI document. */
  const documented = async (res: Response, method: string, route: string): Promise<Record<string, any>> => {
    const body = (await res.json()) as Record<string, unknown>;
    const schema = documentedResponseSchema(doc, method, `/api/v1${route}`, String(res.status), res.headers.get('content-type') ?? '');
    expect(schema, `${method} ${route} ${res.status} documented`).not.toBeNull();
    const parsed = z.fromJSONSchema(schema as never).safeParse(body);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), `${method} ${route} ${res.status}`).toEqual([]);
    return body;
  };
  afterAll(() => close());

  const post = (route: string, auth: Record<string, string>, fields: Record<string, string>, file?: { name: string; body: Buffer | string }) => {
    const form = new FormData();
    if (file) form.append('file', new Blob([typeof file.body === 'string' ? file.body : new Uint8Array(file.body)]), file.name);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return app.request(`/api/v1${route}`, { method: 'POST', headers: auth, body: form });
  };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const userChats = fixtureText('channeltalk-export-userchats.csv');
  const chats = fixtureCsv('channeltalk-export-userchats.csv').length;

  it('imports a Channel Talk user-chat CSV: the report, and the run in the history with its adapter; a re-run changes nothing', async () => {
    const dry = await post('/imports/vendor', bearer(tokens.ingest), { adapter: 'channeltalk', source: 'ct-page', dry_run: 'true' }, { name: '채널톡 상담.csv', body: userChats });
    expect(dry.status).toBe(200);
    const d = await documented(dry, 'post', '/imports/vendor');
    expect(d).toMatchObject({ adapter: 'channeltalk', dry_run: true, items: chats, inserted: chats, rejected: 0, looks_like_export: true, rejects_url: null });
    expect(await db.query("SELECT 1 FROM items WHERE source = 'ct-page'")).toHaveLength(0);

    const res = await post('/imports/vendor', bearer(tokens.ingest), { adapter: 'channeltalk', source: 'ct-page', dry_run: 'false' }, { name: '채널톡 상담.csv', body: userChats });
    expect(res.status).toBe(200);
    const r = await documented(res, 'post', '/imports/vendor');
    expect(r).toMatchObject({ adapter: 'channeltalk', dry_run: false, items: chats, inserted: chats, updated: 0, unchanged: 0, stale: 0, rejected: 0, skipped: 0, file_name: '채널톡_상담.csv' });
    const stored = await db.query<{ channel: string; import_run_id: string; created_run_id: string }>(
      "SELECT channel, import_run_id::text, created_run_id::text FROM items WHERE source = 'ct-page'",
    );
    expect(stored).toHaveLength(chats);
    expect(stored.every((s) => s.channel === 'chat' && s.created_run_id === r.run_id && s.import_run_id === r.run_id)).toBe(true);

    const runs = (await documented(await app.request('/api/v1/imports', { headers: bearer(tokens.read) }), 'get', '/imports')).runs as Record<string, unknown>[];
    const run = runs.find((x) => x.id === r.run_id)!;
    expect(run).toMatchObject({ adapter: 'channeltalk', source: 'ct-page', channel: 'chat', format: 'csv', status: 'completed', dry_run: false, inserted: chats, skipped: 0, created_by: expect.any(String) });
    expect(runs.find((x) => x.id === d.run_id)).toMatchObject({ adapter: 'channeltalk', dry_run: true });
    // An ordinary file's run says no adapter.
    const plain = await post('/imports', bearer(tokens.ingest), { source: 'plain', channel: 'email', dry_run: 'false' }, { name: 'plain.csv', body: 'external_id,created_at,text\nP-1,2026-11-01 10:00,배송 문의입니다\n' });
    expect(plain.status).toBe(200);
    const plainId = (await plain.json()).run_id;
    const plainRun = ((await (await app.request('/api/v1/imports', { headers: bearer(tokens.read) })).json()).runs as Record<string, unknown>[]).find((x) => x.id === plainId);
    expect(plainRun).toMatchObject({ adapter: null, skipped: 0, source: 'plain' });

    const again = await (await post('/imports/vendor', bearer(tokens.ingest), { adapter: 'channeltalk', source: 'ct-page' }, { name: '채널톡 상담.csv', body: userChats })).json();
    expect(again).toMatchObject({ inserted: 0, unchanged: chats });
  });

  it('lists rejects by record in the answer and in a rejects file with item, field, reason (formulas guarded, personal data masked)', async () => {
    const csv = [
      'id,userId,state,description,createdAt,closedAt',
      'ct-r1,u1,closed,배송이 늦어요,2024-11-03 10:00:00,2024-11-03 11:00:00',
      'ct-r2,u2,closed,환불 요청 010-2222-3333,2024-11-03 10:05:00,,남는 칸,=1+2',
      'ct-r3,u3,closed,결제 오류,2024-11-03 10:07:00,',
      '"=HYPERLINK(""http://x"")",u4,closed,쿠폰 문의,어제 오후,',
    ].join('\n') + '\n';
    const r = await (await post('/imports/vendor', bearer(tokens.ingest), { adapter: 'channeltalk', source: 'ct-rejects' }, { name: 'rejects.csv', body: csv })).json();
    expect(r).toMatchObject({ items: 3, inserted: 2, rejected: 2, looks_like_export: true });
    expect(r.rejects).toEqual([
      { item: 'row 3 / 3행', field: null, reason: expect.stringMatching(/expected 6 columns, found 8/) },
      { item: '=HYPERLINK("http://x")', field: 'created_at', reason: expect.stringContaining('어제 오후') },
    ]);
    expect(JSON.stringify(r)).not.toContain('010-2222-3333');
    expect(r.rejects_url).toMatch(new RegExp(`^/api/v1/imports/${r.run_id}/rejects\\.csv\\?workspace=`));
    const file = await app.request(r.rejects_url, { headers: bearer(tokens.read) });
    expect(file.status).toBe(200);
    const text = await file.text();
    expect(text.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('item,field,reason');
    expect(text).toContain('row 3 / 3행');
    expect(text).not.toContain('010-2222-3333');
    // A chat id that starts with = is text in a spreadsheet, not a formula.
    expect(text).toContain(`"'=HYPERLINK(""http://x"")",created_at,`);
    // Another workspace's token cannot read it.
    expect((await app.request(`/api/v1/imports/${r.run_id}/rejects.csv?workspace=nope`, { headers: bearer(tokens.read) })).status).toBeGreaterThanOrEqual(400);
  });

  it('imports the desk workbook with its three sheets, and a Zendesk tickets page; says when a file is not the export', async () => {
    const wb = new ExcelJS.Workbook();
    for (const [name, fixture] of [['UserChat data', 'channeltalk-export-userchats.csv'], ['Message data', 'channeltalk-export-messages.csv'], ['User data', 'channeltalk-export-users.csv']] as const) {
      const rows = fixtureCsv(fixture);
      const sheet = wb.addWorksheet(name);
      const headers = Object.keys(rows[0]!);
      sheet.addRow(headers);
      for (const row of rows) sheet.addRow(headers.map((h) => row[h]));
    }
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const preview = await (await post('/imports/preview', bearer(tokens.ingest), {}, { name: 'desk.xlsx', body: xlsx })).json();
    expect(preview.vendor_export).toBe('channeltalk');
    const w = await (await post('/imports/vendor', bearer(tokens.ingest), { adapter: 'channeltalk', source: 'ct-book' }, { name: 'desk.xlsx', body: xlsx })).json();
    expect(w).toMatchObject({ adapter: 'channeltalk', rejected: 0, looks_like_export: true });
    expect(w.inserted).toBeGreaterThan(0);

    const page = fixtureText('zendesk-incremental-page.json');
    const zp = await post('/imports/preview', bearer(tokens.ingest), {}, { name: 'tickets.json', body: page });
    expect(zp.status).toBe(200);
    expect(await documented(zp, 'post', '/imports/preview')).toMatchObject({ vendor_export: 'zendesk', columns: [], format: 'json' });
    const lines = (JSON.parse(page) as { tickets: unknown[] }).tickets.map((t) => JSON.stringify(t)).join('\n');
    expect((await (await post('/imports/preview', bearer(tokens.ingest), {}, { name: 'tickets.jsonl', body: lines })).json()).vendor_export).toBe('zendesk');
    // Zendesk's full export (a ticket per line) saved as .json: offered to its adapter, not refused as no JSON array.
    const ndjson = await post('/imports/preview', bearer(tokens.ingest), {}, { name: 'full-export.json', body: lines });
    expect(ndjson.status).toBe(200);
    expect((await ndjson.json()).vendor_export).toBe('zendesk');
    // A format the vendor does not export in: refused before any run is made.
    const csvZendesk = await post('/imports/vendor', bearer(tokens.ingest), { adapter: 'zendesk' }, { name: 'tickets.csv', body: 'id,subject\n1,배송\n' });
    expect(csvZendesk.status).toBe(415);
    expect(await csvZendesk.json()).toMatchObject({ code: 'unsupported_media_type', reason: 'adapter_format' });
    const z = await (await post('/imports/vendor', bearer(tokens.ingest), { adapter: 'zendesk' }, { name: 'tickets.json', body: page })).json();
    expect(z).toMatchObject({ adapter: 'zendesk', looks_like_export: true, rejected: 0 });
    expect(z.inserted).toBe((JSON.parse(page) as { tickets: unknown[] }).tickets.length);
    expect((await db.query("SELECT 1 FROM items WHERE source = 'zendesk'")).length).toBe(z.inserted);

    // An ordinary file of items: the preview offers no adapter; given to one, the answer says it is not its export.
    const items = 'external_id,created_at,text,channel\nX-1,2026-11-01 10:00,로그인이 안 돼요,chat\n';
    expect((await (await post('/imports/preview', bearer(tokens.ingest), {}, { name: 'items.csv', body: items })).json()).vendor_export).toBeNull();
    const wrong = await (await post('/imports/vendor', bearer(tokens.ingest), { adapter: 'channeltalk', source: 'ct-wrong' }, { name: 'items.csv', body: items })).json();
    expect(wrong).toMatchObject({ items: 0, looks_like_export: false, unreadable_skipped: 1 });
  });

  it('recognises a Google Play review report (UTF-16, as Play Console writes it) and imports its reviews as app_store items', async () => {
    const report = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fixtureText('googleplay-reviews.csv'), 'utf16le')]);
    const preview = await documented(await post('/imports/preview', bearer(tokens.ingest), {}, { name: 'reviews_kr.co.sori.shop_202611.csv', body: report }), 'post', '/imports/preview');
    expect(preview).toMatchObject({ vendor_export: 'googleplay', encoding: 'utf-16le' });
    const r = await documented(await post('/imports/vendor', bearer(tokens.ingest), { adapter: 'googleplay' }, { name: 'reviews_kr.co.sori.shop_202611.csv', body: report }), 'post', '/imports/vendor');
    expect(r).toMatchObject({ adapter: 'googleplay', items: 5, inserted: 5, skipped: 0, looks_like_export: true });
    expect((await db.query("SELECT 1 FROM items WHERE source = 'google-play' AND channel = 'app_store' AND kind = 'review'")).length).toBe(5);
  });

  it('checks roles and fields: operators import, viewers and read tokens do not; an unknown adapter or format is refused', async () => {
    const file = { name: 'ct.csv', body: userChats };
    expect((await post('/imports/vendor', { Cookie: await login('operator') }, { adapter: 'channeltalk', source: 'ct-op', dry_run: 'true' }, file)).status).toBe(200);
    expect((await post('/imports/vendor', { Cookie: await login('viewer') }, { adapter: 'channeltalk', dry_run: 'true' }, file)).status).toBe(403);
    expect((await post('/imports/vendor', bearer(tokens.read), { adapter: 'channeltalk', dry_run: 'true' }, file)).status).toBe(403);
    const bad = await post('/imports/vendor', bearer(tokens.ingest), { adapter: 'freshdesk' }, file);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await post('/imports/vendor', bearer(tokens.ingest), { adapter: 'zendesk' }, { name: 'tickets.pdf', body: '{}' })).status).toBe(415);
    expect((await post('/imports/vendor', bearer(tokens.ingest), {}, file)).status).toBe(400);
  });

  it('undoes a vendor run from the API: the chats it created are deleted', async () => {
    const csv = userChats.replace(/\n([0-9a-f]{20}),/g, (_m, id: string) => `\nU${id.slice(1)},`);
    const r = await (await post('/imports/vendor', bearer(tokens.ingest), { adapter: 'channeltalk', source: 'ct-undo' }, { name: 'undo.csv', body: csv })).json();
    expect(r.inserted).toBe(chats);
    const admin = bearer(tokens.admin);
    const preview = await (await app.request(`/api/v1/imports/${r.run_id}/undo`, { headers: admin })).json();
    expect(preview).toMatchObject({ not_undoable: null, items_to_delete: chats });
    const undone = await app.request(`/api/v1/imports/${r.run_id}/undo`, {
      method: 'POST',
      headers: { ...admin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ expected_count: chats }),
    });
    expect(undone.status).toBe(200);
    expect(await db.query("SELECT 1 FROM items WHERE source = 'ct-undo'")).toHaveLength(0);
    const runs = (await (await app.request('/api/v1/imports', { headers: bearer(tokens.read) })).json()).runs as Record<string, unknown>[];
    expect(runs.find((x) => x.id === r.run_id)).toMatchObject({ adapter: 'channeltalk', undone_items: chats });
  });
});
