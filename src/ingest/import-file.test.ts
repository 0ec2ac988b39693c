import fs, { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { parseMappingSpec } from './files/column-mapping.js';
import { RejectsCsv } from './rejects-file.js';
import { importFile } from './import-file.js';
import { ingestItems } from './pipeline.js';
import { prepareItem } from './prepare-item.js';
import { importMetricsFile } from './import-metrics.js';
import { defaultEnrichment, type Enrichment } from './pipeline.js';
import { listMetrics } from '../store/queries/business-metrics.js';
import { ABANDONED_IMPORT_MINUTES, requestImportCancel, settleAbandonedImports } from '../store/queries/import-runs.js';
import { SoriError } from '../domain/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sori-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe(`file import (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  const count = async (source: string) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE workspace_id = $1 AND source = $2', [ws.id, source]))[0].n;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'imp', name: '가져오기' });
  });
  afterAll(() => close());

  it('imports good rows, reports bad ones by spreadsheet row number and field, and converges on re-run', async () => {
    const csv = [
      'external_id,channel,created_at,text,customer_id,rating',
      'A-1,chat,2026-11-01 10:00,"배송이 늦어요, 언제 오나요?",u1,',
      'A-2,email,2026-11-01 11:00,결제가 두 번 됐어요 010-2222-3333,u2,',
      'A-3,review,2026-13-01 11:00,날짜가 틀린 행,u3,',
      'A-4,review,2026-11-02 09:00,별점이 범위 밖,u4,9',
      'A-5,chat,2026-11-02 09:30,,u5,',
      'A-6,board,2026-11-03 14:00,"여러 줄\n문의입니다",u6,',
      'A-7,app_store,2026-11-03 15:00,앱 최고예요,u7,5',
    ].join('\n');
    const p = file('inquiries.csv', csv);
    const s = await importFile(db, ws, { path: p, defaults: { source: 'csv-a' } });
    expect(s).toMatchObject({ total_rows: 7, accepted: 4, inserted: 4, rejected: 3 });
    expect(s.rejects.map((r) => [r.row, r.field])).toEqual([
      [4, 'created_at'],
      [5, 'rating'],
      [6, 'text'],
    ]);
    const stored = await db.query<{ row_number: number }>(
      'SELECT row_number FROM import_rejects WHERE run_id = $1 ORDER BY row_number',
      [s.run_id],
    );
    expect(stored.map((r) => r.row_number)).toEqual([4, 5, 6]);
    const again = await importFile(db, ws, { path: p, defaults: { source: 'csv-a' } });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, rejected: 3 });
    expect(await count('csv-a')).toBe(4);
    const [multi] = await db.query<{ text: string }>("SELECT text FROM items WHERE external_id = 'A-6' AND source = 'csv-a'");
    expect(multi.text).toBe('여러 줄\n문의입니다');
  });

  it('takes over the items a board export without ids was stored as before h2: ids (one per first-formula id, in file order), not copies', async () => {
    const source = 'board-legacy';
    const rows = [
      { title: '환불 요청', text: '환불 계좌 신한 110-123-456789 입니다', at: '2024-03-05 10:00' },
      { title: '환불 요청', text: '환불 계좌 신한 110-987-654321 입니다', at: '2024-03-05 10:00' },
      { title: '배송 문의', text: '배송 언제 되나요', at: '2024-03-05 11:00' },
    ];
    const item = (r: (typeof rows)[number]) => ({ channel: 'board', source, created_at: r.at, title: r.title, text: r.text });
    const legacyOf = (r: (typeof rows)[number]) => {
      const p = prepareItem(item(r), ws);
      if (!p.ok) throw new Error('rejected');
      return [p.row.external_id, p.row.legacy_external_ids![0]!];
    };
    // As the first formula stored them: the two refund posts were one item (same masked text, no title), with duplicate labels.
    const before = await ingestItems(db, ws, [rows[0]!, rows[2]!].map((r) => ({ channel: 'board', source, created_at: r.at, text: r.text, external_id: legacyOf(r)[1] })));
    expect(before.inserted).toBe(2);
    const old = await db.query<{ id: string }>('SELECT id::text FROM items WHERE workspace_id = $1 AND source = $2 ORDER BY items.id', [ws.id, source]);
    const csv = ['제목,내용,작성일시', ...rows.map((r) => `${r.title},${r.text},${r.at}`)].join('\n');
    const opts = { path: file('board-legacy.csv', csv), defaults: { channel: 'board' as const, source } };
    expect(await importFile(db, ws, opts)).toMatchObject({ accepted: 3, inserted: 1, updated: 2 });
    const stored = await db.query<{ id: string; external_id: string; title: string; text: string; is_duplicate: boolean | null }>(
      'SELECT id::text, external_id, title, text, is_duplicate FROM items WHERE workspace_id = $1 AND source = $2 ORDER BY items.id', [ws.id, source]);
    expect(stored.map((r) => [r.id, r.external_id, r.title, r.text])).toEqual([
      [old[0]!.id, legacyOf(rows[0]!)[0], '환불 요청', '환불 계좌 신한 [계좌번호] 입니다'],
      [old[1]!.id, legacyOf(rows[2]!)[0], '배송 문의', '배송 언제 되나요'],
      [expect.any(String), legacyOf(rows[1]!)[0], '환불 요청', '환불 계좌 신한 [계좌번호] 입니다'],
    ]);
    // The taken-over items are not duplicates of themselves under their old ids; the second refund post is one of the first.
    expect(stored.map((r) => r.is_duplicate)).toEqual([false, false, true]);
    expect(await importFile(db, ws, opts)).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it('decodes a CP949 file with Korean headers and maps them without a mapping', async () => {
    const csv = ['티켓번호,문의내용,접수일시,고객ID,상태', 'K-1,환불은 언제 되나요?,2026-11-05 09:00,m1,완료', 'K-2,비밀번호를 잊어버렸어요,2026-11-05 10:00,m2,처리중'].join('\r\n');
    const p = file('board.csv', iconv.encode(csv, 'cp949'));
    const s = await importFile(db, ws, { path: p, defaults: { source: 'board-export', channel: 'board' } });
    expect(s).toMatchObject({ accepted: 2, rejected: 0 });
    const rows = await db.query<{ external_id: string; text: string; status: string }>(
      "SELECT external_id, text, status FROM items WHERE source = 'board-export' ORDER BY external_id",
    );
    expect(rows).toEqual([
      { external_id: 'K-1', text: '환불은 언제 되나요?', status: 'resolved' },
      { external_id: 'K-2', text: '비밀번호를 잊어버렸어요', status: 'open' },
    ]);
  });

  it("reads times without an offset in the workspace's zone, from CSV text and from XLSX date cells", async () => {
    const nyc = await ensureWorkspace(db, { slug: 'nyc', name: '뉴욕 지사', timezone: 'America/New_York' });
    const csv = file('nyc.csv', 'external_id,created_at,text,channel\nN-1,2026-07-01 23:30,늦은 밤 문의입니다,chat\nN-2,2026-12-01T10:00:00Z,오프셋이 있는 시각,chat\n');
    expect(await importFile(db, nyc, { path: csv, defaults: { source: 'nyc-csv' } })).toMatchObject({ inserted: 2, rejected: 0 });
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('문의');
    sheet.addRow(['external_id', 'created_at', 'text', 'channel']);
    sheet.addRow(['N-3', new Date(Date.UTC(2026, 11, 1, 10, 0)), '엑셀 날짜 셀', 'chat']).getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
    const xlsx = path.join(dir, 'nyc.xlsx');
    await wb.xlsx.writeFile(xlsx);
    expect(await importFile(db, nyc, { path: xlsx, defaults: { source: 'nyc-xlsx' } })).toMatchObject({ inserted: 1, rejected: 0 });
    const rows = await db.query<{ external_id: string; at: string }>(
      `SELECT external_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS at FROM items WHERE workspace_id = $1 ORDER BY external_id`,
      [nyc.id],
    );
    expect(rows).toEqual([
      { external_id: 'N-1', at: '2026-07-02T03:30' }, // 23:30 EDT
      { external_id: 'N-2', at: '2026-12-01T10:00' }, // as given
      { external_id: 'N-3', at: '2026-12-01T15:00' }, // 10:00 EST in the cell
    ]);
    // Counted on the local day it happened, not the UTC day.
    const days = await db.query<{ day: string }>(
      "SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day FROM item_daily_counts WHERE workspace_id = $1 ORDER BY 1",
      [nyc.id],
    );
    expect(days.map((d) => d.day)).toEqual(['2026-07-01', '2026-12-01']);
  });

  it('masks the person a refused row names in its name column wherever else the row writes them', async () => {
    const csv = ['문의번호,접수일시,고객명,메모,문의내용', 'NM-1,2026-13-45 10:00,홍길동,홍길동 고객님 재문의,홍길동입니다. 환불해 주세요'].join('\n');
    const s = await importFile(db, ws, { path: file('names-rj.csv', csv), defaults: { source: 'names-rj', channel: 'board' } });
    expect(s).toMatchObject({ inserted: 0, rejected: 1 });
    const [stored] = await db.query<{ row_values: Record<string, unknown> }>('SELECT row_values FROM import_rejects WHERE run_id = $1', [s.run_id]);
    expect(stored!.row_values).toMatchObject({ 문의번호: 'NM-1', 메모: '[이름] 고객님 재문의', 문의내용: '[이름]입니다. 환불해 주세요' });
    expect(JSON.stringify(stored)).not.toContain('홍길동');
  });

  it('keeps each refused row (masked) to give it back in its own columns; corrected, the rejects file imports as the rows', async () => {
    const csv = [
      '티켓번호,접수일시,문의내용,채널,고객 연락처',
      'RJ-1,2026-11-01 10:00,정상 문의입니다,chat,010-1234-5678',
      'RJ-2,2026-13-45 10:00,날짜가 틀린 문의 010-9876-5432,chat,010-2222-3333',
      'RJ-3,2026-11-02 11:00,,email,',
    ].join('\n');
    const s = await importFile(db, ws, { path: file('rj.csv', csv), defaults: { source: 'rj' } });
    expect(s).toMatchObject({ inserted: 1, rejected: 2 });
    const stored = await db.query<{ row_number: number; row_values: Record<string, unknown> }>(
      'SELECT row_number, row_values FROM import_rejects WHERE run_id = $1 ORDER BY row_number',
      [s.run_id],
    );
    expect(stored.map((r) => r.row_number)).toEqual([3, 4]);
    expect(stored[0]!.row_values).toMatchObject({ 티켓번호: 'RJ-2', 문의내용: '날짜가 틀린 문의 [전화번호]', '고객 연락처': '[전화번호]' });
    expect(JSON.stringify(stored)).not.toContain('010-');
    // The file the web and the CLI give back, corrected in a spreadsheet and imported again.
    const lines = new RejectsCsv();
    const rejects = stored.map((r, i) => lines.lines({ row: r.row_number, field: s.rejects[i]!.field, reason: s.rejects[i]!.reason, values: r.row_values })).join('');
    expect(rejects.split('\n')[0]).toBe('\ufeff"reject_row","reject_field","reject_reason","티켓번호","접수일시","문의내용","채널","고객 연락처","reject_other"');
    const fixed = rejects.replace('"RJ-2","2026-13-45 10:00"', '"RJ-2","2026-11-03 10:00"').replace('"RJ-3","2026-11-02 11:00",""', '"RJ-3","2026-11-02 11:00","답변 부탁드립니다"');
    const again = await importFile(db, ws, { path: file('rj.rejects.csv', fixed), defaults: { source: 'rj' } });
    expect(again).toMatchObject({ inserted: 2, rejected: 0, unmapped_columns: ['고객 연락처'] }); // as in the first import; reject_* ignored
    const items = await db.query<{ external_id: string; metadata: Record<string, unknown> }>("SELECT external_id, metadata FROM items WHERE workspace_id = $1 AND source = 'rj' ORDER BY external_id", [ws.id]);
    expect(items.map((i) => i.external_id)).toEqual(['RJ-1', 'RJ-2', 'RJ-3']);
    expect(Object.keys(items[1]!.metadata).filter((k) => k.startsWith('reject_'))).toEqual([]);
  });

  it('gives refused rows back under their own ids and customers (not placeholders): the corrected rejects file imports as the same distinct items', async () => {
    const csv = [
      '접수번호,고객ID,채널,접수일시,내용',
      '240512-1234567,010-1111-2222,chat,2024-02-31 10:00,첫 번째 문의',
      '240513-2234567,010-3333-4444,chat,2024-02-30 11:00,두 번째 문의 010-5555-6666',
      'kim@example.com,kim@example.com,chat,2024-13-14 11:00,세 번째 문의',
      '240514-1234568,010-7777-8888,chat,2024-05-14 11:00,정상 문의',
    ].join('\n');
    const lines = new RejectsCsv(null, { waitForValues: true });
    let rejectsFile = '';
    const s = await importFile(db, ws, {
      path: file('rj-ids.csv', csv),
      defaults: { source: 'rj-ids' },
      onColumns: (columns, tabular) => tabular && lines.useColumns(columns),
      onReject: (r) => {
        rejectsFile += lines.lines(r);
      },
    });
    rejectsFile += lines.end();
    expect(s).toMatchObject({ inserted: 1, rejected: 3 });
    expect(rejectsFile).not.toMatch(/010-|kim@example|\[주민등록번호\]|\[전화번호\],|\[이메일\]/);
    const [stored] = await db.query<{ row_values: Record<string, unknown> }>('SELECT row_values FROM import_rejects WHERE run_id = $1 AND row_number = 3', [s.run_id]);
    expect(stored!.row_values).toMatchObject({ 접수번호: '240513-2234567', 고객ID: expect.stringMatching(/^c_[\w-]{16}$/), 내용: '두 번째 문의 [전화번호]' });
    // Corrected in a spreadsheet and imported again: three items, each under the id and customer the original row would have had.
    const correct = (text: string) => text.replaceAll('2024-02-31 10:00', '2024-03-01 10:00').replaceAll('2024-02-30 11:00', '2024-03-02 11:00').replaceAll('2024-13-14 11:00', '2024-03-03 11:00');
    const fixed = correct(rejectsFile);
    const again = await importFile(db, ws, { path: file('rj-ids.rejects.csv', fixed), defaults: { source: 'rj-ids' } });
    expect(again).toMatchObject({ total_rows: 3, inserted: 3, repeated: 0, rejected: 0 });
    const original = await importFile(db, ws, {
      path: file('rj-ids.fixed.csv', correct(csv)),
      defaults: { source: 'rj-ids' },
    });
    // The original rows, corrected, find exactly those items.
    expect(original).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, rejected: 0 });
    const items = await db.query<{ external_id: string; customer_ref: string }>("SELECT external_id, customer_ref FROM items WHERE workspace_id = $1 AND source = 'rj-ids' ORDER BY created_at", [ws.id]);
    expect(items).toHaveLength(4);
    expect(items.map((i) => i.external_id).slice(0, 2)).toEqual(['240512-1234567', '240513-2234567']);
    expect(items[2]!.external_id).toMatch(/^pii_/); // an e-mail as an id: its keyed hash, in both files
    expect(new Set(items.map((i) => i.customer_ref)).size).toBe(4);
  });

  it('refuses a malformed JSON line holding a NUL by its line number and stores the rest; a failed run keeps its error', async () => {
    const line = (i: number) => JSON.stringify({ external_id: `N-${i}`, channel: 'chat', created_at: '2026-11-03 15:12', text: `문의 내용입니다 ${i}` });
    const lines = [...Array.from({ length: 100 }, (_, i) => line(i)), 'bad line \u0000 here', ...Array.from({ length: 10 }, (_, i) => line(100 + i))];
    const s = await importFile(db, ws, { path: file('nul.jsonl', lines.join('\n') + '\n'), defaults: { source: 'nul-jsonl' } });
    expect(s).toMatchObject({ total_rows: 111, accepted: 110, inserted: 110, rejected: 1 });
    expect(s.rejects.map((r) => r.row)).toEqual([101]);
    expect(s.rejects[0]!.reason).not.toContain('\u0000');
    const [stored] = await db.query<{ row_number: number; reason: string }>('SELECT row_number, reason FROM import_rejects WHERE run_id = $1', [s.run_id]);
    expect(stored).toMatchObject({ row_number: 101, reason: expect.stringMatching(/^malformed JSON: .*bad line/) });
    const [run] = await db.query<{ status: string }>('SELECT status FROM import_runs WHERE id = $1', [s.run_id]);
    expect(run!.status).toBe('completed');
    // An error that quotes a NUL (here a mapping's column name) is stored on the run too, which ends failed.
    const csv = file('nul-map.csv', 'external_id,channel,created_at,text\nM-1,chat,2026-11-03 15:12,문의\n');
    await expect(importFile(db, ws, { path: csv, defaults: { source: 'nul-map' }, mapping: { fields: { text: 'no\u0000such' }, partial: true } })).rejects.toThrow(/no.such/);
    const [failed] = await db.query<{ status: string; error: string }>("SELECT status, error FROM import_runs WHERE workspace_id = $1 AND file_name = 'nul-map.csv'", [ws.id]);
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('nosuch') });
  });

  it("keeps the CLI's --map message on a run that lacks columns, and stores why as a code with the run when it fails", async () => {
    const reasonOf = async (fileName: string) =>
      (await db.query<{ status: string; error: string; error_reason: unknown }>('SELECT status, error, error_reason FROM import_runs WHERE workspace_id = $1 AND file_name = $2', [ws.id, fileName]))[0]!;
    const csv = file('no-channel.csv', '의견,제출시각,연락처\n좋아요,2026-11-01,010-1234-5678\n');
    await expect(importFile(db, ws, { path: csv })).rejects.toThrow(/name one with --map/);
    const run = await reasonOf('no-channel.csv');
    expect(run.error).toMatch(/^no column gives created_at, channel, source: name one with --map .* or pass --channel; /);
    expect(run.error_reason).toEqual({ code: 'missing_columns', fields: ['created_at', 'channel', 'source'], columns: '의견, 제출시각, 연락처', first_row_data: false });
    // A file without a header row: its first customer's data, masked, as the "columns".
    const headless = file('headless-reason.csv', '환불해 주세요 빨리요 제발 부탁드립니다,010-3333-4444,2026-11-01\n배송이 늦어요,010-5555-6666,2026-11-02\n');
    await expect(importFile(db, ws, { path: headless, defaults: { source: 'reason' } })).rejects.toThrow(/name one with --map/);
    const h = (await reasonOf('headless-reason.csv')).error_reason as { columns: string };
    expect(h).toMatchObject({ code: 'missing_columns', fields: ['text', 'created_at', 'channel'], first_row_data: true });
    expect(h.columns).toContain('[전화번호]');
    expect(h.columns).not.toContain('3333');
    // Columns too many to keep (the message is cut before its Korean half): the fields still, the columns null.
    const wide = file('wide-reason.csv', `${Array.from({ length: 300 }, (_, i) => `설문문항_${i}_응답값`).join(',')}\n${Array.from({ length: 300 }, () => '네').join(',')}\n`);
    await expect(importFile(db, ws, { path: wide, defaults: { source: 'reason', channel: 'survey' } })).rejects.toThrow(/name one with --map/);
    expect((await reasonOf('wide-reason.csv')).error_reason).toEqual({ code: 'missing_columns', fields: ['text', 'created_at'], columns: null, first_row_data: false });
    // Other failures have no code: a mapping naming a column the file lacks, a cancelled run.
    const badMap = file('bad-map-reason.csv', '내용,등록일\n문의,2026-11-01\n');
    await expect(importFile(db, ws, { path: badMap, mapping: { fields: { text: '본문' }, partial: true } })).rejects.toThrow(/does not have/);
    expect(await reasonOf('bad-map-reason.csv')).toMatchObject({ status: 'failed', error_reason: null });
  });

  it('tells the encoding it read the file in (the CLI prints it), and refuses rows with bytes that encoding could not read', async () => {
    const bytes = Buffer.concat([
      iconv.encode('external_id,channel,created_at,text\r\nE-1,chat,2026-11-01 10:00,배송 문의입니다\r\n', 'cp949'),
      Buffer.from('E-2,chat,2026-11-01 10:00,\xc9\x20깨진 바이트\r\n'.replace('깨진 바이트', 'broken'), 'latin1'),
      iconv.encode('E-3,chat,2026-11-01 11:00,환불 요청\r\n', 'cp949'),
    ]);
    const s = await importFile(db, ws, { path: file('cp949-bad.csv', bytes), defaults: { source: 'enc' }, dryRun: true });
    expect(s).toMatchObject({ encoding: 'cp949', accepted: 2, rejected: 1 });
    expect(s.rejects[0]).toMatchObject({ row: 3, field: null, reason: expect.stringMatching(/not valid cp949/) });
    const xlsxless = await importFile(db, ws, { path: file('enc.jsonl', '{"external_id":"E-9","channel":"chat","created_at":"2026-11-01","text":"a"}\n'), defaults: { source: 'enc' }, dryRun: true });
    expect(xlsxless.encoding).toBe('utf-8');
  });

  it('keeps a dry run\'s memory per ticket small (it remembers every identity it saw, as two numbers)', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const rows = 60_000;
    const lines = Array.from({ length: rows }, (_, i) => `{"external_id":"mem-${String(i).padStart(8, '0')}","channel":"chat","created_at":"2026-11-01 10:00","text":"메모리 ${i}"}`);
    const p = file('dry-mem.jsonl', lines.join('\n'));
    const samples: [number, number][] = [];
    const s = await importFile(db, ws, {
      path: p, defaults: { source: 'dry-mem' }, dryRun: true, batchSize: 5_000,
      onProgress: (progress) => {
        gc();
        samples.push([progress.rows, process.memoryUsage().heapUsed]);
      },
    });
    expect(s).toMatchObject({ inserted: rows, updated: 0, unchanged: 0 });
    // Heap that survives a full GC, per ticket remembered between the second and the last batch:
    // ~170 bytes each here (~620 on a real export) when it kept the identity and hash strings, ~30 now.
    const [from, to] = [samples[1], samples.at(-1)!];
    // (On PostgreSQL two batches are in flight, so the samples fall later; 60k rows leave enough between them.)
    expect(to[0] - from[0]).toBeGreaterThanOrEqual(35_000);
    expect((to[1] - from[1]) / (to[0] - from[0])).toBeLessThan(80);
  });

  it('tells its progress in bytes of the file read, for the CLI\'s bar', async () => {
    const lines = Array.from({ length: 3_000 }, (_, i) => `{"external_id":"bytes-${i}","channel":"chat","created_at":"2026-11-01 10:00","text":"진행 막대 ${i}"}`);
    const p = file('bytes.jsonl', lines.join('\n') + '\n');
    const seen: (number | null)[] = [];
    await importFile(db, ws, { path: p, defaults: { source: 'bytes' }, dryRun: true, batchSize: 500, onProgress: (progress) => seen.push(progress.bytes) });
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(seen.every((b, i) => b !== null && (i === 0 || b >= seen[i - 1]!))).toBe(true);
    expect(seen.at(-1)).toBe(fs.statSync(p).size);
  });

  it('a dry run stores no item', async () => {
    const p = file('dry.jsonl', '{"external_id":"D-1","channel":"chat","created_at":"2026-11-01T10:00:00+09:00","text":"테스트"}\n{bad json\n');
    const s = await importFile(db, ws, { path: p, defaults: { source: 'dry' }, dryRun: true });
    // inserted: what storing would do; nothing is stored.
    expect(s).toMatchObject({ total_rows: 2, accepted: 1, rejected: 1, inserted: 1, dry_run: true });
    expect(s.rejects[0].row).toBe(2);
    expect(await count('dry')).toBe(0);
  });

  it('refuses a file whose format it cannot tell as unsupported (415), in both languages, before any run is recorded', async () => {
    const runs = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM import_runs'))[0]!.n;
    const before = await runs();
    for (const [name, words] of [['문의.doc', '지원하지 않는 파일 형식'], ['예전.xls', '.xls']] as const) {
      const p = file(name, '외부 ID,본문\n1,안녕하세요\n');
      await expect(importFile(db, ws, { path: p })).rejects.toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining(words) });
      await expect(importMetricsFile(db, ws, p)).rejects.toMatchObject({ code: 'unsupported_media_type' });
    }
    expect(await runs()).toBe(before);
  });

  it('a crash mid-import leaves whole batches only, and a re-run converges', async () => {
    const lines = ['external_id,channel,created_at,text'];
    for (let i = 0; i < 2_500; i++) lines.push(`C-${i},chat,2026-11-01 10:00,문의 번호 ${i}번 배송 언제 오나요`);
    const p = file('crash.csv', lines.join('\n'));
    let batches = 0;
    await expect(
      importFile(db, ws, {
        path: p,
        defaults: { source: 'crash' },
        batchSize: 1_000,
        // The third batch dies before it is stored (as a killed process would).
        enrich: {
          before: () => {
            if (++batches === 3) throw new Error('simulated crash');
          },
        },
      }),
    ).rejects.toThrow('simulated crash');
    expect(await count('crash')).toBe(2_000);
    const [run] = await db.query<{ status: string; total_rows: number }>(
      "SELECT status, total_rows FROM import_runs WHERE file_name = 'crash.csv' ORDER BY id DESC LIMIT 1",
    );
    expect(run).toEqual({ status: 'failed', total_rows: 2_000 });
    const s = await importFile(db, ws, { path: p, defaults: { source: 'crash' }, batchSize: 1_000 });
    expect(s).toMatchObject({ inserted: 500, unchanged: 2_000 });
    expect(await count('crash')).toBe(2_500);
  });

  it('stops before its next batch when someone cancels the run, ends as cancelled, and a re-run adds the rest', async () => {
    const lines = ['external_id,channel,created_at,text'];
    for (let i = 0; i < 2_000; i++) lines.push(`X-${i},chat,2026-11-02 10:00,잘못 올린 파일 ${i}번 문의`);
    const p = file('wrong-file.csv', lines.join('\n'));
    let asked: Promise<unknown> | null = null;
    const error = await importFile(db, ws, {
      path: p,
      defaults: { source: 'cancel' },
      batchSize: 100,
      actor: 'cli',
      // An operator presses 중지 on the page once the first batch is in.
      onProgress: (progress) => {
        asked ??= db.query('SELECT id FROM import_runs WHERE file_name = $1 ORDER BY id DESC LIMIT 1', ['wrong-file.csv']).then(([run]) =>
          requestImportCancel(db, ws.id, (run as { id: string }).id, 'operator@sori.test').then((r) => expect(r?.status).toBe('running')),
        );
        expect(progress.rows).toBeLessThan(2_000);
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    await asked;
    expect(error).toBeInstanceOf(SoriError);
    expect((error as SoriError).code).toBe('import_cancelled');
    expect((error as SoriError).message).toContain('operator@sori.test');
    const [run] = await db.query<{ status: string; total_rows: number; inserted: number; cancel_requested_by: string; finished_at: Date | null }>(
      "SELECT status, total_rows, inserted, cancel_requested_by, finished_at FROM import_runs WHERE file_name = 'wrong-file.csv' ORDER BY id DESC LIMIT 1",
    );
    expect(run).toMatchObject({ status: 'cancelled', cancel_requested_by: 'operator@sori.test' });
    expect(run.finished_at).not.toBeNull();
    // Whole batches only, and well short of the file (a batch or three in flight when it was asked).
    const stored = await count('cancel');
    expect(stored).toBe(run.inserted);
    expect(stored % 100).toBe(0);
    expect(stored).toBeGreaterThanOrEqual(100);
    expect(stored).toBeLessThanOrEqual(500);
    // A cancel of a run that has ended changes nothing.
    const [ended] = await db.query<{ id: string }>("SELECT id::text AS id FROM import_runs WHERE file_name = 'wrong-file.csv' ORDER BY id DESC LIMIT 1");
    expect(await requestImportCancel(db, ws.id, ended.id, 'someone-else')).toMatchObject({ status: 'cancelled', cancel_requested_by: 'operator@sori.test' });
    // Another workspace cannot see or stop it.
    const other = await ensureWorkspace(db, { slug: 'imp-other', name: '다른 곳' });
    expect(await requestImportCancel(db, other.id, ended.id, 'intruder')).toBeNull();
    const again = await importFile(db, ws, { path: p, defaults: { source: 'cancel' }, batchSize: 100 });
    expect(again).toMatchObject({ inserted: 2_000 - stored, unchanged: stored });
    expect(await count('cancel')).toBe(2_000);
  });

  it('a second import started while one runs (two uploads to one server) does not mark the first interrupted; both complete', async () => {
    const lines = ['external_id,channel,created_at,text'];
    for (let i = 0; i < 600; i++) lines.push(`LONG-${i},chat,2026-11-03 10:00,긴 파일 ${i}번 문의`);
    const long = file('long-upload.csv', lines.join('\n'));
    const short = file('short-upload.csv', 'external_id,channel,created_at,text\nSHORT-1,chat,2026-11-03 11:00,짧은 파일 문의\n');
    let second: Promise<unknown> | null = null;
    const first = await importFile(db, ws, {
      path: long,
      defaults: { source: 'two-uploads' },
      batchSize: 100,
      onProgress: () => {
        second ??= importFile(db, ws, { path: short, defaults: { source: 'two-uploads' } });
      },
    });
    await second;
    expect(first).toMatchObject({ inserted: 600 });
    // Marked at the second one's start, the first would keep error 'interrupted' (and its early
    // finished_at) even after it completed.
    const runs = await db.query<{ file_name: string; status: string; error: string | null }>(
      "SELECT file_name, status, error FROM import_runs WHERE file_name IN ('long-upload.csv', 'short-upload.csv') ORDER BY id",
    );
    expect(runs).toEqual([
      { file_name: 'long-upload.csv', status: 'completed', error: null },
      { file_name: 'short-upload.csv', status: 'completed', error: null },
    ]);
  });

  it('marks a run whose process died as interrupted: on PostgreSQL after a quarter of an hour without a batch, on the embedded database when its folder is opened', async () => {
    const [stale] = await db.query<{ id: string }>(
      `INSERT INTO import_runs (workspace_id, file_name, format, started_at, heartbeat_at)
       VALUES ($1, 'killed.csv', 'csv', now() - interval '2 hours', now() - interval '${ABANDONED_IMPORT_MINUTES + 1} minutes') RETURNING id::text AS id`,
      [ws.id],
    );
    const [slow] = await db.query<{ id: string }>(
      `INSERT INTO import_runs (workspace_id, file_name, format, started_at, heartbeat_at)
       VALUES ($1, 'slow.csv', 'csv', now() - interval '2 hours', now() - interval '1 minute') RETURNING id::text AS id`,
      [ws.id],
    );
    const statusOf = async (id: string) =>
      (await db.query<{ status: string; error: string | null }>('SELECT status, error FROM import_runs WHERE id = $1', [id]))[0];
    await settleAbandonedImports(db, ws.id);
    expect(await statusOf(stale.id)).toEqual({ status: 'failed', error: 'interrupted' });
    expect(await statusOf(slow.id)).toEqual({ status: 'running', error: null });
    // The embedded database's open (openStore): every run still running was its own process's, now gone.
    await settleAbandonedImports(db, null, { all: true });
    expect(await statusOf(slow.id)).toEqual({ status: 'failed', error: 'interrupted' });
  });

  it('a re-run labels only the rows it writes once the batches turn out to be re-sends', async () => {
    const inner = defaultEnrichment(db);
    let labelled = 0;
    const counting: Enrichment = {
      before: (rows) => inner.before(rows),
      label: (rows) => ((labelled += rows.length), inner.label!(rows)),
      finish: (rows) => inner.finish!(rows),
    };
    const lines = (changed: number) => {
      const out = ['external_id,channel,created_at,text'];
      for (let i = 0; i < 1_000; i++) out.push(`R-${i},chat,2026-11-02 09:00,${i}번 주문 환불 요청${i >= 1_000 - changed ? ' (다시 문의)' : ''}`);
      return out.join('\n');
    };
    const opts = { defaults: { source: 'rerun' }, batchSize: 200, enrich: counting };
    expect(await importFile(db, ws, { path: file('rerun.csv', lines(0)), ...opts })).toMatchObject({ inserted: 1_000 });
    expect(labelled).toBe(1_000);
    labelled = 0;
    // The first batch is labelled before its lookup says it is unchanged; the other four are not.
    expect(await importFile(db, ws, { path: file('rerun.csv', lines(0)), ...opts })).toMatchObject({ unchanged: 1_000 });
    expect(labelled).toBe(200);
    labelled = 0;
    // Ten rows of the last batch changed: they (only) are labelled, and stored with their labels.
    expect(await importFile(db, ws, { path: file('rerun.csv', lines(10)), ...opts })).toMatchObject({ updated: 10, unchanged: 990 });
    expect(labelled).toBe(200 + 10);
    const [row] = await db.query<{ n: number; typed: number }>(
      "SELECT count(*)::int AS n, count(type)::int AS typed FROM items WHERE source = 'rerun' AND text LIKE '%다시 문의%'");
    expect(row).toEqual({ n: 10, typed: 10 });
    expect(await count('rerun')).toBe(1_000);
  });

  it('a file that repeats the same tickets across batches converges (concurrent batches on PostgreSQL)', async () => {
    // Ticket exports list a ticket once per update: the same identities in many batches, any order.
    const lines = ['external_id,channel,created_at,text,status'];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 1_200; i++) {
        const id = round % 2 ? 1_199 - i : i;
        lines.push(`T-${id},email,2026-11-01 10:00,티켓 ${id} 환불 문의 (수정 ${round}),${round === 2 ? '완료' : '처리중'}`);
      }
    }
    const p = file('repeats.csv', lines.join('\n'));
    const s = await importFile(db, ws, { path: p, defaults: { source: 'repeats' }, batchSize: 300 });
    expect(s).toMatchObject({ total_rows: 3_600, accepted: 3_600, rejected: 0 });
    expect(s.inserted + s.updated + s.unchanged).toBe(3_600);
    expect(await count('repeats')).toBe(1_200);
    const [run] = await db.query<{ inserted: number; updated: number; total_rows: number; status: string }>(
      'SELECT inserted, updated, total_rows, status FROM import_runs WHERE id = $1',
      [s.run_id],
    );
    expect(run).toEqual({ inserted: s.inserted, updated: s.updated, total_rows: 3_600, status: 'completed' });
    // The file's last version of every ticket wins, even with batches stored concurrently.
    const last = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM items WHERE source = 'repeats' AND status = 'resolved' AND text LIKE '%(수정 2)'");
    expect(last[0].n).toBe(1_200);
  });

  it('maps each JSON line by its own keys: a field first seen on line 2 is read there', async () => {
    const p = file('hetero.jsonl', [
      JSON.stringify({ id: 'J-1', created_at: '2026-11-01 10:00', text: '배송 문의', channel: 'chat' }),
      JSON.stringify({ id: 'J-2', created_at: '2026-11-01 11:00', text: '환불 문의', channel: 'chat', rating: 1, customer_id: 'cust-9', 주문금액: 35000 }),
    ].join('\n'));
    const s = await importFile(db, ws, { path: p, defaults: { source: 'hetero' } });
    expect(s).toMatchObject({ accepted: 2, rejected: 0 });
    const rows = await db.query<{ external_id: string; rating: number | null; customer_ref: string | null; metadata: Record<string, unknown> }>(
      "SELECT external_id, rating, customer_ref, metadata FROM items WHERE workspace_id = $1 AND source = 'hetero' ORDER BY external_id",
      [ws.id],
    );
    expect(rows[1]).toMatchObject({ external_id: 'J-2', rating: 1, metadata: { 주문금액: 35000 } });
    expect(rows[1].customer_ref).toMatch(/^c_/);
    expect(s.unmapped_columns).toEqual(['주문금액']);
  });

  it('lays --map over the recognised headers, and stops before storing when a named or required column is missing', async () => {
    const csv = ['티켓번호,접수일시,고객 메시지,평점', 'M-1,2026-11-02 09:00,쿠폰이 적용이 안 돼요,2'].join('\n');
    const p = file('partial-map.csv', csv);
    const s = await importFile(db, ws, { path: p, mapping: parseMappingSpec('text=고객 메시지'), defaults: { source: 'map', channel: 'board' } });
    expect(s).toMatchObject({ accepted: 1, rejected: 0 });
    const [row] = await db.query<{ external_id: string; rating: number; text: string }>(
      "SELECT external_id, rating, text FROM items WHERE workspace_id = $1 AND source = 'map'",
      [ws.id],
    );
    expect(row).toEqual({ external_id: 'M-1', rating: 2, text: '쿠폰이 적용이 안 돼요' });

    const missing = importFile(db, ws, { path: p, mapping: parseMappingSpec('text=없는열'), defaults: { source: 'map2', channel: 'board' } });
    await expect(missing).rejects.toThrow(/없는열.*the file's columns: 티켓번호, 접수일시, 고객 메시지, 평점/);
    const noText = file('no-text.csv', ['번호,등록일,메모', '1,2026-11-02,안녕하세요'].join('\n'));
    await expect(importFile(db, ws, { path: noText, defaults: { source: 'map3' } })).rejects.toThrow(/no column gives text, channel.*본문\(text\), 채널\(channel\)에 해당하는 열이 없습니다/s);
    expect(await count('map2')).toBe(0);
    expect(await count('map3')).toBe(0);
    const runs = await db.query<{ status: string }>("SELECT status FROM import_runs WHERE source IN ('map2', 'map3')");
    expect(runs.map((r) => r.status)).toEqual(['failed', 'failed']);
  });

  it('counts a ticket repeated within the file apart from unchanged rows, and a dry run tells what it would do', async () => {
    const csv = ['external_id,created_at,text,channel', 'D-1,2026-11-01 10:00,첫 문의,chat', 'D-2,2026-11-01 11:00,다른 문의,chat', 'D-1,2026-11-01 10:00,첫 문의 (수정),chat', 'D-1,2026-11-01 10:00,첫 문의 (최종),chat'].join('\n');
    const p = file('dups.csv', csv);
    const dry = await importFile(db, ws, { path: p, dryRun: true, defaults: { source: 'dups' } });
    expect(dry).toMatchObject({ accepted: 4, inserted: 2, updated: 0, unchanged: 0, repeated: 2 });
    expect(await count('dups')).toBe(0);
    const s = await importFile(db, ws, { path: p, defaults: { source: 'dups' } });
    expect(s).toMatchObject({ accepted: 4, inserted: 2, updated: 0, unchanged: 0, repeated: 2 });
    const [row] = await db.query<{ text: string }>("SELECT text FROM items WHERE workspace_id = $1 AND source = 'dups' AND external_id = 'D-1'", [ws.id]);
    expect(row.text).toBe('첫 문의 (최종)');
    const [run] = await db.query<{ repeated: number; unchanged: number }>('SELECT repeated, unchanged FROM import_runs WHERE id = $1', [s.run_id]);
    expect(run).toEqual({ repeated: 2, unchanged: 0 });
    const edited = file('dups-edited.csv', csv.replace('다른 문의', '다른 문의 (추가)'));
    expect(await importFile(db, ws, { path: edited, dryRun: true, defaults: { source: 'dups' } })).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, repeated: 2 });
  });

  it('a dry run counts a ticket listed again in a later batch as the import would: changed or unchanged, not new twice', async () => {
    const csv = ['external_id,created_at,text,channel', 'X-1,2026-11-01 10:00,첫 문의,chat', 'X-2,2026-11-01 11:00,다른 문의,chat', 'X-1,2026-11-01 10:00,첫 문의 (수정),chat', 'X-2,2026-11-01 11:00,다른 문의,chat', 'X-3,2026-11-01 12:00,새 문의,chat'].join('\n');
    const p = file('cross-batch.csv', csv);
    const dry = await importFile(db, ws, { path: p, dryRun: true, batchSize: 2, defaults: { source: 'cross' } });
    const real = await importFile(db, ws, { path: p, batchSize: 2, defaults: { source: 'cross' } });
    expect(real).toMatchObject({ inserted: 3, updated: 1, unchanged: 1, repeated: 0 });
    const pick = ({ inserted, updated, unchanged, repeated }: typeof dry) => ({ inserted, updated, unchanged, repeated });
    expect(pick(dry)).toEqual(pick(real));
  });

  it("an older export imported after newer updates keeps the newer states: rows older than their stored ticket (수정일시) are counted apart, not written", async () => {
    const header = '티켓번호,접수일시,문의내용,채널,상태,수정일시';
    const december = file('december.csv', [header, 'T-1,2026-11-28 10:00,환불 언제 되나요,board,resolved,2026-12-02 10:00', 'T-2,2026-11-29 09:00,배송지 변경 문의,board,open,2026-12-02 09:00'].join('\n'));
    expect(await importFile(db, ws, { path: december, defaults: { source: 'board-versions' } })).toMatchObject({ inserted: 2, older: 0 });
    // November's export, imported later: T-1 as it was before it was solved, T-2 changed since, T-3 new,
    // T-4 listed twice (its newer state first).
    const november = file('november.csv', [
      header,
      'T-1,2026-11-28 10:00,환불 언제 되나요,board,open,2026-11-30 18:00',
      'T-2,2026-11-29 09:00,배송지 변경 문의,board,pending,2026-12-03 08:00',
      'T-3,2026-11-30 11:00,쿠폰이 안 보여요,board,open,2026-11-30 11:00',
      'T-4,2026-11-30 12:00,교환 신청,board,resolved,2026-12-01 09:00',
      'T-4,2026-11-30 12:00,교환 신청,board,open,2026-11-30 12:00',
    ].join('\n'));
    // In one batch T-4's two rows are one repeat (the newer kept); in batches of two they fall in two
    // batches, the older after the newer: older, not repeated. A dry run counts as the import does.
    const one = { inserted: 2, updated: 1, unchanged: 0, older: 1, repeated: 1 };
    const twos = { inserted: 2, updated: 1, unchanged: 0, older: 2, repeated: 0 };
    expect(await importFile(db, ws, { path: november, dryRun: true, defaults: { source: 'board-versions' } })).toMatchObject(one);
    expect(await importFile(db, ws, { path: november, dryRun: true, batchSize: 2, defaults: { source: 'board-versions' } })).toMatchObject(twos);
    const s = await importFile(db, ws, { path: november, batchSize: 2, defaults: { source: 'board-versions' } });
    expect(s).toMatchObject({ accepted: 5, ...twos });
    const states = await db.query<{ external_id: string; status: string }>("SELECT external_id, status FROM items WHERE workspace_id = $1 AND source = 'board-versions' ORDER BY external_id", [ws.id]);
    expect(states).toEqual([
      { external_id: 'T-1', status: 'resolved' },
      { external_id: 'T-2', status: 'pending' },
      { external_id: 'T-3', status: 'open' },
      { external_id: 'T-4', status: 'resolved' },
    ]);
    const [run] = await db.query<{ older: number; unchanged: number }>('SELECT older, unchanged FROM import_runs WHERE id = $1', [s.run_id]);
    expect(run).toEqual({ older: 2, unchanged: 0 });
    // Again in one batch: the file's two T-4 rows are one repeat, the newer kept; nothing else changes.
    expect(await importFile(db, ws, { path: november, defaults: { source: 'board-versions' } })).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, older: 1, repeated: 1 });
  });

  it('masks personal data a reject reason quotes, and refuses dates out of range row by row', async () => {
    const csv = [
      'external_id,created_at,text,channel',
      'P-1,전화 010-1234-5678,문의,chat',
      'P-2,9999-12-31 23:59,연도 오류,chat',
      'P-3,45599.5,엑셀 날짜 숫자,chat',
      'P-4,2026-11-03 10:00,정상,chat',
    ].join('\n');
    const s = await importFile(db, ws, { path: file('pii-reason.csv', csv), defaults: { source: 'pii-reason' } });
    expect(s).toMatchObject({ accepted: 2, rejected: 2 });
    const stored = await db.query<{ row_number: number; reason: string }>('SELECT row_number, reason FROM import_rejects WHERE run_id = $1 ORDER BY row_number', [s.run_id]);
    expect(stored.map((r) => r.row_number)).toEqual([2, 3]);
    expect(stored[0].reason).toContain('[전화번호]');
    expect(stored[0].reason).not.toContain('010-1234-5678');
    expect(stored[1].reason).toMatch(/out of range/);
    const [excel] = await db.query<{ created_at: Date }>("SELECT created_at FROM items WHERE workspace_id = $1 AND external_id = 'P-3'", [ws.id]);
    expect(excel.created_at.toISOString()).toBe('2024-11-03T03:00:00.000Z'); // Excel's serial day, noon in Seoul
  });

  it('masks the columns a mapping error lists, and says when the first row looks like data (a file without a header row)', async () => {
    const csv = [
      '홍길동,010-1234-5678,900101-1234568,환불해주세요 카드 5555-5555-5555-4444,2024-03-05 14:30',
      '김철수,010-2222-3333,800101-1234567,배송 문의,2024-03-05 15:00',
    ].join('\n');
    const p = file('noheader.csv', csv);
    let message = '';
    await importFile(db, ws, { path: p, defaults: { source: 'noheader', channel: 'chat' } }).catch((e: Error) => (message = e.message));
    expect(message).toMatch(/the file's columns: 홍길동, \[전화번호\], \[주민등록번호\], 환불해주세요 카드 \[카드번호\], 2024-03-05 14:30/);
    expect(message).toMatch(/The first row looks like data, not column names.* \/ .*첫 행이 열 이름이 아니라 데이터로 보입니다/s);
    const mapped = importFile(db, ws, { path: p, mapping: parseMappingSpec('text=내용'), defaults: { source: 'noheader2', channel: 'chat' } });
    await expect(mapped).rejects.toThrow(/파일의 열: 홍길동, \[전화번호\], \[주민등록번호\].*첫 행이 열 이름이 아니라/s);
    const runs = await db.query<{ error: string }>("SELECT error FROM import_runs WHERE source IN ('noheader', 'noheader2')");
    expect(runs).toHaveLength(2);
    expect(JSON.stringify(runs)).not.toMatch(/010-|900101|5555-5555/);
    // A header of names says nothing of the kind.
    const named = file('named.csv', '번호,등록일,메모\n1,2026-11-02,안녕하세요\n');
    await expect(importFile(db, ws, { path: named, defaults: { source: 'named' } })).rejects.toThrow(/^(?![\s\S]*looks like data)[\s\S]*파일의 열: 번호, 등록일, 메모$/);
  });

  it("stores the run's file name with personal data masked", async () => {
    const p = file('홍길동_010-5555-6666.jsonl', JSON.stringify({ external_id: 'FN-1', channel: 'chat', created_at: '2026-11-03 10:00', text: '문의' }) + '\n');
    const s = await importFile(db, ws, { path: p, defaults: { source: 'fname' } });
    expect(s.file_name).toBe('홍길동_[전화번호].jsonl');
    const [run] = await db.query<{ file_name: string }>('SELECT file_name FROM import_runs WHERE id = $1', [s.run_id]);
    expect(run!.file_name).toBe('홍길동_[전화번호].jsonl');
  });

  it('names the column of a refused XLSX cell once in its reason, in either language', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('문의');
    sheet.addRow(['external_id', 'channel', 'created_at', 'text']);
    sheet.addRow(['X-1', 'chat', '2026-11-03 10:00', '정상 문의']);
    sheet.addRow(['X-2', 'chat', '2026-11-03 10:00', '긴 문의 '.repeat(7_000)]);
    const p = path.join(dir, 'overlong.xlsx');
    await wb.xlsx.writeFile(p);
    const s = await importFile(db, ws, { path: p, defaults: { source: 'overlong' } });
    expect(s).toMatchObject({ accepted: 1, rejected: 1 });
    const reason = s.rejects[0]!.reason;
    expect(reason).toMatch(/^text: /);
    expect(reason).not.toMatch(/ \/ text: /);
    expect(reason).toMatch(/ \/ 엑셀 셀 한도/);
  });

  it('says a formula cell without a saved result is empty only when the empty cell was such a formula (XLSX)', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('문의');
    sheet.addRow(['external_id', 'channel', 'created_at', 'text']);
    sheet.addRow(['F-1', 'chat', '2026-11-03 10:00', '정상 문의']);
    sheet.addRow(['F-2', 'chat', null, '날짜 칸이 그냥 비어 있는 문의']);
    const formulaRow = sheet.addRow(['F-3', 'chat', null, '날짜가 수식인데 계산된 값이 없는 문의']);
    formulaRow.getCell(3).value = { formula: 'TODAY()' } as ExcelJS.CellFormulaValue; // no cached result saved
    const p = path.join(dir, 'empty-dates.xlsx');
    await wb.xlsx.writeFile(p);
    const s = await importFile(db, ws, { path: p, defaults: { source: 'empty-dates' }, dryRun: true });
    expect(s).toMatchObject({ accepted: 1, rejected: 2 });
    const [plain, formula] = s.rejects;
    expect([plain!.row, plain!.field]).toEqual([3, 'created_at']);
    expect(plain!.reason).toBe('created_at: required, but missing or empty / 필수 값이 비어 있습니다');
    expect(plain!.reason).not.toMatch(/formula|수식/);
    expect([formula!.row, formula!.field]).toEqual([4, 'created_at']);
    expect(formula!.reason).toMatch(/formula cell without a saved result/);
    expect(formula!.reason).toMatch(/저장된 결과가 없는 수식 셀/);
    // A CSV has no formulas: an empty cell is just empty.
    const csv = await importFile(db, ws, { path: file('empty-date.csv', 'external_id,channel,created_at,text\nC-1,chat,,비어 있는 날짜\n'), defaults: { source: 'empty-dates' }, dryRun: true });
    expect(csv.rejects[0]!.reason).not.toMatch(/formula|수식/);
  });

  it('imports business metrics, wide and long, with a bad cell reported and its day\'s other numbers stored', async () => {
    const wide = file('metrics.csv', ['day,orders,mau,결제', '2026-11-01,1200,50000,1100', '2026-11-02,1300,50100,abc', '2026/11/03,1250,50200,1150'].join('\n'));
    const r = await importMetricsFile(db, ws, wide);
    expect(r).toMatchObject({ accepted: 8, rejected: 1, rejected_cells: 1, names: ['mau', 'orders', 'payments'], from: '2026-11-01', to: '2026-11-03' });
    expect([r.rejects[0].row, r.rejects[0].column]).toEqual([3, '결제']);
    const long = file('metrics-long.csv', ['day,name,value', '2026-11-01,cancellations,31'].join('\n'));
    await importMetricsFile(db, ws, long);
    const points = await listMetrics(db, ws.id, { names: ['orders', 'payments', 'cancellations'] });
    expect(points).toEqual([
      { day: '2026-11-01', name: 'cancellations', value: 31 },
      { day: '2026-11-01', name: 'orders', value: 1200 },
      { day: '2026-11-02', name: 'orders', value: 1300 },
      { day: '2026-11-03', name: 'orders', value: 1250 },
      { day: '2026-11-01', name: 'payments', value: 1100 },
      { day: '2026-11-03', name: 'payments', value: 1150 },
    ]);
  });

  it('reads the days of an XLSX metrics sheet as they show in Excel (date cells are local days)', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('지표');
    sheet.addRow(['일자', '주문', 'MAU']);
    for (const d of [1, 2]) sheet.addRow([new Date(Date.UTC(2026, 9, d)), 900 + d, 40_000]).getCell(1).numFmt = 'yyyy-mm-dd';
    const p = path.join(dir, 'metrics.xlsx');
    await wb.xlsx.writeFile(p);
    const r = await importMetricsFile(db, ws, p);
    expect(r).toMatchObject({ accepted: 4, rejected: 0, from: '2026-10-01', to: '2026-10-02' });
    expect(await listMetrics(db, ws.id, { names: ['orders'], from: '2026-09-30', to: '2026-10-31' })).toEqual([
      { day: '2026-10-01', name: 'orders', value: 901 },
      { day: '2026-10-02', name: 'orders', value: 902 },
    ]);
  });
});
