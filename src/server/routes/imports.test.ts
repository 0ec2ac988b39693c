import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import type { Db } from '../../store/db.js';
import { ensureWorkspace } from '../../store/queries/workspaces.js';

/** A CSV as Korean Excel saves it: CP949, CRLF, a header no alias knows ("고객 메시지"), an internal note column. */
const CSV = iconv.encode(
  '티켓번호,접수일시,고객 메시지,채널,상담메모,카테고리\r\n' +
    'IMP-1,2026-11-01 10:00,환불 요청합니다. 연락처 010-1234-5678,채팅,VIP 고객,환불\r\n' +
    'IMP-2,2026-11-01 11:00,배송 조회가 안 돼요,전화,,배송\r\n',
  'cp949',
);

describe(`import preview and mapped upload (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let login: (role: 'admin' | 'operator' | 'viewer') => Promise<string>;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens, login } = await buildTestApp(db));
  });
  afterAll(() => close());

  const post = (path: string, token: string, fields: Record<string, string>, file?: { name: string; body: Buffer | string }) => {
    const form = new FormData();
    if (file) form.append('file', new Blob([typeof file.body === 'string' ? file.body : new Uint8Array(file.body)]), file.name);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return app.request(`/api/v1${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  };

  it('previews a file: encoding, columns with samples, the automatic mapping, the fields to map to; nothing is stored', async () => {
    const res = await post('/imports/preview', tokens.ingest, {}, { name: '문의 내역.csv', body: CSV });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ format: 'csv', encoding: 'cp949', delimiter: ',', sampled_rows: 2, errors: [] });
    expect(body.columns.map((c: { name: string }) => c.name)).toEqual(['티켓번호', '접수일시', '고객 메시지', '채널', '상담메모', '카테고리']);
    // Masked as the store masks it: the page never receives the raw number (sample values and shown rows alike).
    expect(body.columns[2].samples).toEqual(['환불 요청합니다. 연락처 [전화번호]', '배송 조회가 안 돼요']);
    expect(body.rows[0].values['고객 메시지']).toBe('환불 요청합니다. 연락처 [전화번호]');
    expect(JSON.stringify(body)).not.toContain('1234-5678');
    expect(body.mapping.fields).toEqual({ external_id: '티켓번호', created_at: '접수일시', channel: '채널' });
    expect(body.unmapped).toEqual(['고객 메시지', '상담메모', '카테고리']);
    expect(body.fields).toContainEqual({ name: 'text', required: true });
    expect(body.fields).toContainEqual({ name: 'customer_segment', required: false });
    expect((await db.query("SELECT 1 FROM items WHERE source = 'preview-test'")).length).toBe(0);
    expect((await db.query('SELECT 1 FROM import_runs')).length).toBe(0);
  });

  it("names the run in the preview as the run's record does, personal data in the file name masked (review s19)", async () => {
    const name = '홍길동_010-5555-6666.csv';
    const preview = await (await post('/imports/preview', tokens.ingest, {}, { name, body: CSV })).json();
    expect(preview.file_name).toBe('홍길동_[전화번호].csv');
    await post('/imports', tokens.ingest, { source: 'name-test', mapping: '{"text":"고객 메시지"}', dry_run: 'true' }, { name, body: CSV });
    const { runs } = await (await app.request('/api/v1/imports', { headers: { Authorization: `Bearer ${tokens.read}` } })).json();
    expect(runs.map((r: { file_name: string }) => r.file_name)).toContain(preview.file_name);
  });

  it('imports with the mapping the page builds: a column mapped by hand, one kept as metadata, one left out', async () => {
    const mapping = JSON.stringify({
      fields: { external_id: '티켓번호', created_at: '접수일시', text: '고객 메시지', channel: '채널' },
      metadata: ['카테고리'],
    });
    const res = await post('/imports', tokens.ingest, { source: 'preview-test', mapping, dry_run: 'false' }, { name: 'a.csv', body: CSV });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ total_rows: 2, inserted: 2, rejected: 0 });
    const rows = await db.query<{ external_id: string; channel: string; text: string; metadata: Record<string, unknown> }>(
      "SELECT external_id, channel, text, metadata FROM items WHERE source = 'preview-test' ORDER BY external_id",
    );
    expect(rows.map((r) => [r.external_id, r.channel, r.metadata])).toEqual([
      ['IMP-1', 'chat', { 카테고리: '환불' }],
      ['IMP-2', 'phone', { 카테고리: '배송' }],
    ]);
    expect(rows[0].text).toBe('환불 요청합니다. 연락처 [전화번호]');
    expect(JSON.stringify(rows)).not.toContain('VIP 고객'); // the internal note was left out
  });

  it("stores a file's rows under sori import's source (file-import) when no source is sent, so the same file from the CLI and the page matches", async () => {
    const csv = '접수일시,문의내용\n2026-11-02 09:00,출처 없이 올린 파일의 문의입니다\n';
    const first = await post('/imports', tokens.ingest, { channel: 'email', dry_run: 'false' }, { name: 'no-source.csv', body: csv });
    expect(await first.json()).toMatchObject({ inserted: 1 });
    const again = await post('/imports', tokens.ingest, { channel: 'email', source: 'file-import', dry_run: 'false' }, { name: 'no-source.csv', body: csv });
    expect(await again.json()).toMatchObject({ inserted: 0, unchanged: 1 });
    const rows = await db.query<{ source: string }>("SELECT source FROM items WHERE text LIKE '출처 없이%'");
    expect(rows).toEqual([{ source: 'file-import' }]);
  });

  it('reads the sampled rows as the import would under the mapping and options sent, marks the row it would reject, stores nothing; the dry run agrees', async () => {
    // Korean Excel's dates, 카카오톡 as the channel, a message column no alias knows; row 3 has 2월 30일.
    const csv = iconv.encode(
      '티켓번호,접수일시,채널,고객 메시지,만족도\r\n' +
        'KK-1,2024. 3. 5 오후 2:13,카카오톡,환불 요청합니다. 연락처 010-1234-5678,★★★★★\r\n' +
        'KK-2,2024. 2. 30 오전 9:00,카카오톡,쿠폰이 안 써져요,\r\n' +
        'KK-3,2024. 3. 6 오전 10:00,전화,배송 조회가 안 돼요,3점\r\n',
      'cp949',
    );
    const runsBefore = (await db.query('SELECT 1 FROM import_runs')).length;
    // The automatic mapping gives no text column: the import would refuse the file, so no row is read.
    const auto = await (await post('/imports/preview', tokens.ingest, {}, { name: '카톡 문의.csv', body: csv })).json();
    expect(auto.read).toMatchObject({ time_zone: 'Asia/Seoul', missing_fields: ['text'], accepted: 0, rejected: 0 });
    expect(auto.rows.every((r: { read: unknown; problem: unknown }) => r.read === null && r.problem === null)).toBe(true);

    const mapping = JSON.stringify({ fields: { external_id: '티켓번호', created_at: '접수일시', channel: '채널', text: '고객 메시지', rating: '만족도' }, metadata: [] });
    const res = await post('/imports/preview', tokens.ingest, { mapping, source: 'kakao-preview' }, { name: '카톡 문의.csv', body: csv });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.read).toMatchObject({ missing_fields: [], missing_columns: [], accepted: 2, rejected: 1 });
    expect(body.rows[0]).toMatchObject({
      row_number: 2,
      values: { 접수일시: '2024. 3. 5 오후 2:13', 채널: '카카오톡' },
      read: { external_id: 'KK-1', created_at: '2024-03-05 14:13', channel: 'chat', kind: 'inquiry', rating: '5', text: '환불 요청합니다. 연락처 [전화번호]' },
      problem: null,
    });
    expect(body.rows[1]).toMatchObject({ row_number: 3, read: null, problem: { field: 'created_at', reason: expect.stringContaining('2024. 2. 30 오전 9:00') } });
    expect(body.rows[2].read).toMatchObject({ channel: 'phone', rating: '3', created_at: '2024-03-06 10:00' });
    expect(JSON.stringify(body)).not.toContain('1234-5678');
    expect((await db.query("SELECT 1 FROM items WHERE source = 'kakao-preview'")).length).toBe(0);
    expect((await db.query('SELECT 1 FROM import_runs')).length).toBe(runsBefore);

    // The dry run of the same upload rejects the same row for the same reason: one reading, two answers.
    const dry = await (await post('/imports', tokens.ingest, { mapping, source: 'kakao-preview', dry_run: 'true' }, { name: '카톡 문의.csv', body: csv })).json();
    expect(dry).toMatchObject({ total_rows: 3, accepted: 2, inserted: 2, rejected: 1 });
    expect(dry.rejects).toEqual(body.read.rejects);

    // A channel and kind from the form, for a file with no channel column.
    const plain = '접수일시,문의내용\n2024. 3. 7 오후 11:59,앱 후기입니다\n';
    const formChannel = await (await post('/imports/preview', tokens.ingest, { channel: 'app_store', kind: 'review' }, { name: 'plain.csv', body: plain })).json();
    expect(formChannel.rows[0].read).toMatchObject({ channel: 'app_store', kind: 'review', created_at: '2024-03-07 23:59', text: '앱 후기입니다' });
    const badChannel = await post('/imports/preview', tokens.ingest, { channel: 'fax' }, { name: 'plain.csv', body: plain });
    expect([badChannel.status, (await badChannel.json()).code]).toEqual([400, 'validation_failed']);
    const badMapping = await post('/imports/preview', tokens.ingest, { mapping: '{"fields":{"body":"x"}}' }, { name: 'plain.csv', body: plain });
    expect([badMapping.status, (await badMapping.json()).detail]).toEqual([400, expect.stringContaining('unknown item field(s) "body"')]);
  });

  it('forgives a cut last row only for a partial upload, refuses what it cannot read', async () => {
    const cut = '\ufefftext,created_at\n첫 번째,2026-11-01\n두 번째,2026-1';
    const partial = await (await post('/imports/preview', tokens.ingest, { partial: 'true' }, { name: 'head.csv', body: cut })).json();
    expect(partial.rows.map((r: { values: { text: string } }) => r.values.text)).toEqual(['첫 번째']);
    const whole = await (await post('/imports/preview', tokens.ingest, {}, { name: 'head.csv', body: cut })).json();
    expect(whole.rows).toHaveLength(2);

    const unknown = await post('/imports/preview', tokens.ingest, {}, { name: 'notes.txt2', body: 'a' });
    expect([unknown.status, (await unknown.json()).code]).toEqual([415, 'unsupported_media_type']);
    const badEncoding = await post('/imports/preview', tokens.ingest, { encoding: 'klingon' }, { name: 'a.csv', body: CSV });
    expect([badEncoding.status, (await badEncoding.json()).code]).toEqual([400, 'bad_request']);
    const noFile = await post('/imports/preview', tokens.ingest, {});
    expect((await noFile.json()).code).toBe('validation_failed');
    const badMapping = await post('/imports', tokens.ingest, { mapping: '{"fields":{"body":"x"}}' }, { name: 'a.csv', body: CSV });
    expect([badMapping.status, (await badMapping.json()).detail]).toEqual([400, expect.stringContaining('unknown item field(s) "body"')]);
  });

  it('previews and imports the sheet asked for in a workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('안내').addRow(['이 시트는 설명입니다']);
    const data = wb.addWorksheet('3월 문의');
    data.addRow(['문의번호', '작성일시', '내용', '채널']);
    data.addRow(['XL-1', '2026-03-02 10:00', '포인트가 사라졌어요', '채팅']);
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    const first = await (await post('/imports/preview', tokens.ingest, {}, { name: 'book.xlsx', body })).json();
    // The first sheet is a note with no data row: the preview reads the next sheet, and says so.
    expect([first.sheet, first.sheets, first.mapping.fields]).toEqual(['3월 문의', ['안내', '3월 문의'], { external_id: '문의번호', created_at: '작성일시', text: '내용', channel: '채널' }]);
    expect(first.file_name).toBe('book.xlsx');
    const second = await (await post('/imports/preview', tokens.ingest, { sheet: '안내' }, { name: 'book.xlsx', body })).json();
    expect([second.sheet, second.columns.map((c: { name: string }) => c.name)]).toEqual(['안내', ['이 시트는 설명입니다']]);
    const imported = await post('/imports', tokens.ingest, { source: 'xlsx-test', sheet: '3월 문의', dry_run: 'false' }, { name: 'book.xlsx', body });
    expect(await imported.json()).toMatchObject({ total_rows: 1, inserted: 1, rejected: 0 });
    const missing = await post('/imports/preview', tokens.ingest, { sheet: '4월' }, { name: 'book.xlsx', body });
    expect([missing.status, (await missing.json()).detail]).toEqual([400, expect.stringContaining('no worksheet "4월"')]);
  });

  it('refuses a workbook that unpacks ~1,000:1 (a decompression bomb) with a 413 problem, for preview and import', async () => {
    // 300 shared strings of 30,000 characters: 9 MB unpacked from a few kilobytes.
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('문의');
    sheet.addRow(['문의번호', '작성일시', '내용', '채널']);
    for (let i = 0; i < 300; i++) sheet.addRow([`B-${i}`, '2026-03-02 10:00', 'A'.repeat(30_000) + i, '채팅']);
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    expect(body.length).toBeLessThan(200_000);
    for (const path of ['/imports/preview', '/imports']) {
      const res = await post(path, tokens.ingest, path === '/imports' ? { source: 'bomb', dry_run: 'true' } : {}, { name: 'bomb.xlsx', body });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await res.json();
      expect(problem).toMatchObject({ code: 'payload_too_large', reason: 'xlsx_unpacked_too_large', part: 'xl/sharedStrings.xml', max_ratio: 100 });
      expect(problem.detail).toMatch(/^bomb\.xlsx: xl\/sharedStrings\.xml unpacks to more than 100 times .* \/ bomb\.xlsx: .*압축을 풀면/);
    }
  });

  it("gives a run that failed for want of a column a stable reason the page words itself, the CLI's message kept", async () => {
    const csv = '내용,채널,연락처\n환불해 주세요,채팅,010-3333-4444\n';
    const res = await post('/imports', tokens.ingest, { source: 'reason-test' }, { name: 'no-time.csv', body: csv });
    expect(res.status).toBe(400);
    const { runs } = await (await app.request('/api/v1/imports', { headers: { Authorization: `Bearer ${tokens.read}` } })).json();
    const run = runs.find((r: { file_name: string }) => r.file_name === 'no-time.csv');
    expect(run).toMatchObject({ status: 'failed', error: expect.stringContaining('name one with --map') });
    expect(run.error_reason).toEqual({ code: 'missing_columns', fields: ['created_at'], columns: '내용, 채널, 연락처', first_row_data: false });
    // A file whose first row is data (no header): said too, its "columns" masked as the message masks them.
    const headless = '환불해 주세요 빨리요 제발 부탁드립니다,010-3333-4444,2026-11-01\n배송이 늦어요 언제 오나요 알려 주세요,010-5555-6666,2026-11-02\n';
    await post('/imports', tokens.ingest, { source: 'reason-test' }, { name: 'headless.csv', body: headless });
    const again = (await (await app.request('/api/v1/imports', { headers: { Authorization: `Bearer ${tokens.read}` } })).json()).runs;
    const h = again.find((r: { file_name: string }) => r.file_name === 'headless.csv');
    expect(h.error_reason).toMatchObject({ code: 'missing_columns', first_row_data: true });
    expect(h.error_reason.columns).not.toContain('3333');
    // Completed runs (and failures of other kinds) have none.
    expect(again.filter((r: { status: string }) => r.status !== 'failed').every((r: { error_reason: unknown }) => r.error_reason === null)).toBe(true);
  });

  it('lists the runs, and exports the list with spreadsheet formulas guarded', async () => {
    const res = await post('/imports', tokens.ingest, { source: 'formula-test', mapping: '{"text":"고객 메시지"}', dry_run: 'true' }, { name: '-2+3.csv', body: CSV });
    expect((await res.json()).file_name).toBe('-2_3.csv');
    const list = await app.request('/api/v1/imports', { headers: { Authorization: `Bearer ${tokens.read}` } });
    const { runs } = await list.json();
    expect(runs[0]).toMatchObject({ file_name: '-2_3.csv', dry_run: true, status: 'completed', total_rows: 2 });
    const csv = await app.request('/api/v1/insights/export?table=import_runs&format=csv', { headers: { Authorization: `Bearer ${tokens.read}` } });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(runs.length + 1);
    expect(lines[0]).toMatch(/^id,started_at,finished_at,created_by,file_name,/);
    expect(lines[1]).toContain(`,'-2_3.csv,`);
  });

  it('takes business numbers from a file: wide Korean headers, a bad cell reported by row and column (its day\'s other numbers stored), a dry run storing nothing', async () => {
    const metrics = iconv.encode(['일자,주문,MAU,취소', '2026-11-01,"1,200",50000,31', '2026-11-02,1300,많음,28', '2026.11.03,1250,50200,30'].join('\r\n'), 'cp949');
    const dry = await (await post('/imports/metrics', tokens.ingest, { dry_run: 'true' }, { name: '지표.csv', body: metrics })).json();
    expect(dry).toMatchObject({ dry_run: true, accepted: 8, rejected: 1, rejected_cells: 1 });
    const none = await (await app.request('/api/v1/metrics?name=orders', { headers: { Authorization: `Bearer ${tokens.read}` } })).json();
    expect(none.metrics).toEqual([]);
    const res = await post('/imports/metrics', tokens.ingest, {}, { name: '지표.csv', body: metrics });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ dry_run: false, accepted: 8, rejected: 1, rejected_cells: 1, names: ['cancellations', 'mau', 'orders'], from: '2026-11-01', to: '2026-11-03' });
    expect(body.rejects).toEqual([{ row: 3, column: 'MAU', reason: 'MAU: not a number (많음) / 숫자가 아닙니다 (많음)' }]);
    const stored = await (await app.request('/api/v1/metrics?name=orders', { headers: { Authorization: `Bearer ${tokens.read}` } })).json();
    expect(stored.metrics.map((m: { day: string; value: number }) => [m.day, m.value])).toEqual([['2026-11-01', 1200], ['2026-11-02', 1300], ['2026-11-03', 1250]]);
    expect((await post('/imports/metrics', tokens.read, {}, { name: '지표.csv', body: metrics })).status).toBe(403);
  });

  it('gives the refused rows back in the file’s own columns, masked, with why (the rejects file)', async () => {
    const bad = iconv.encode(
      '티켓번호,접수일시,고객 메시지,채널\r\n' +
        'RJ-1,2026-11-01 10:00,정상입니다,채팅\r\n' +
        'RJ-2,2026-11-31 10:00,=HYPERLINK("http://x") 연락처 010-1234-5678,채팅\r\n',
      'cp949',
    );
    const res = await post('/imports', tokens.ingest, { source: 'rejects-test', dry_run: 'false', mapping: JSON.stringify({ fields: { external_id: '티켓번호', created_at: '접수일시', text: '고객 메시지', channel: '채널' } }) }, { name: 'bad.csv', body: bad });
    const body = await res.json();
    expect(body).toMatchObject({ inserted: 1, rejected: 1 });
    const csv = await app.request(body.rejects_url, { headers: { Authorization: `Bearer ${tokens.read}` } });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    const [header, row] = text.replace(/^\ufeff/, '').trim().split('\n');
    expect(header).toBe('"reject_row","reject_field","reject_reason","티켓번호","접수일시","고객 메시지","채널","reject_other"');
    expect(row).toContain('"3","created_at"');
    expect(row).toContain('"RJ-2","2026-11-31 10:00","\'=HYPERLINK(""http://x"") 연락처 [전화번호]","채팅"');
    expect(text).not.toContain('010-1234');
  });

  it('names the rejects file\'s columns after the first readable row, even when an unreadable row comes first', async () => {
    const file = '티켓번호,접수일시,고객 메시지\r\n' + 'U-1,2026-11-01 10:00,첫 줄,넘치는 칸,또 넘침\r\n' + 'U-2,2026-11-31 10:00,날짜가 없는 날\r\n' + 'U-3,2026-11-02 10:00,정상\r\n';
    const mapping = JSON.stringify({ fields: { external_id: '티켓번호', created_at: '접수일시', text: '고객 메시지' }, constants: { channel: 'chat' } });
    const res = await post('/imports', tokens.ingest, { source: 'rejects-unreadable', dry_run: 'false', mapping }, { name: 'u.csv', body: Buffer.from(file) });
    const body = await res.json();
    expect(body).toMatchObject({ inserted: 1, rejected: 2 });
    const text = await (await app.request(body.rejects_url, { headers: { Authorization: `Bearer ${tokens.read}` } })).text();
    const [header, first, second] = text.replace(/^\ufeff/, '').trim().split('\n');
    expect(header).toBe('"reject_row","reject_field","reject_reason","티켓번호","접수일시","고객 메시지","reject_other"');
    // The row with too many cells keeps them: its own under the header, the extra ones in reject_other.
    expect(first).toMatch(/^"2",/);
    expect(first).toContain('"U-1","2026-11-01 10:00","첫 줄","{""(초과 4)"":""넘치는 칸"",""(초과 5)"":""또 넘침""}"');
    expect(second).toContain('"U-2","2026-11-31 10:00","날짜가 없는 날"');
  });

  it('never reads a file of the server named as the mapping (a mapping file is the CLI\'s): 400, nothing of the file told, nothing stored', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sori-mapping-'));
    const secretFile = path.join(dir, 'settings.json');
    writeFileSync(secretFile, JSON.stringify({ smtp_password: 'hunter2-비밀', fields: { text: 'x' } }));
    try {
      const res = await post('/imports', tokens.ingest, { source: 'mapping-path', mapping: secretFile, dry_run: 'false' }, { name: 'a.csv', body: CSV });
      expect(res.status).toBe(400);
      const detail = (await res.json()).detail as string;
      expect(detail).toMatch(/mapping file is read by the CLI only/);
      expect(detail).not.toMatch(/smtp_password|hunter2/);
      expect((await db.query("SELECT 1 FROM items WHERE source = 'mapping-path'")).length).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops a running import on request (ingest scope or operator), refuses a run that has ended or is another workspace\'s', async () => {
    const [ws] = await db.query<{ id: number }>("SELECT id FROM workspaces WHERE slug = 'default'");
    const other = await ensureWorkspace(db, { slug: 'elsewhere', name: '다른 워크스페이스' });
    const runIn = async (workspaceId: number, status = 'running') =>
      (
        await db.query<{ id: string }>(
          "INSERT INTO import_runs (workspace_id, file_name, format, status) VALUES ($1, '1백만건.csv', 'csv', $2) RETURNING id::text AS id",
          [workspaceId, status],
        )
      )[0].id;
    const cancel = (id: string, headers: Record<string, string>) => app.request(`/api/v1/imports/${id}/cancel`, { method: 'POST', headers });
    const running = await runIn(ws.id);
    expect((await cancel(running, { Authorization: `Bearer ${tokens.read}` })).status).toBe(403);
    const res = await cancel(running, { Authorization: `Bearer ${tokens.ingest}` });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ id: running, status: 'running', cancel_requested_by: expect.stringMatching(/^token:/) });
    const [audit] = await db.query<{ action: string; target: string }>("SELECT action, target FROM audit_log WHERE action = 'import.cancel' ORDER BY id DESC LIMIT 1");
    expect(audit).toEqual({ action: 'import.cancel', target: running });
    // The page: an operator's session may, a viewer's may not.
    const page = async (role: 'operator' | 'viewer', id: string) =>
      cancel(id, { Cookie: await login(role) });
    const second = await runIn(ws.id);
    expect((await page('viewer', second)).status).toBe(403);
    const byOperator = await page('operator', second);
    expect(byOperator.status).toBe(202);
    expect((await byOperator.json()).cancel_requested_by).toBe('operator@sori.test');
    const ended = await runIn(ws.id, 'completed');
    const late = await cancel(ended, { Authorization: `Bearer ${tokens.ingest}` });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'not_running', status: 409, run_status: 'completed' });
    const theirs = await runIn(other.id);
    expect((await cancel(theirs, { Authorization: `Bearer ${tokens.admin}` })).status).toBe(404);
    const [untouched] = await db.query<{ cancel_requested_by: string | null }>('SELECT cancel_requested_by FROM import_runs WHERE id = $1', [theirs]);
    expect(untouched.cancel_requested_by).toBeNull();
    await db.query("UPDATE import_runs SET status = 'failed' WHERE status = 'running'");
  });

  it('needs the ingest scope', async () => {
    const res = await post('/imports/preview', tokens.read, {}, { name: 'a.csv', body: CSV });
    expect(res.status).toBe(403);
  });
});
