import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCsv, fixtureText } from '../../test/fixtures/adapters/load.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { importVendorExport, looksLikeZendeskJson, MAX_CHANNELTALK_BYTES, recogniseVendorExport } from './import-vendor-export.js';
import { ingestItems } from './pipeline.js';
import { buildItem } from '../../test/helpers/factories.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sori-vendor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`vendor export import (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'vendor', name: '업체 내보내기' });
  });
  afterAll(() => close());

  it('imports a Zendesk incremental export page, as JSON or as JSONL of pages, idempotently', async () => {
    const page = path.join(dir, 'tickets.json');
    writeFileSync(page, fixtureText('zendesk-incremental-page.json'));
    const first = await importVendorExport(db, ws, 'zendesk', page);
    expect(first.items).toBeGreaterThan(0);
    expect(first.inserted).toBe(first.items);
    const jsonl = path.join(dir, 'pages.jsonl');
    writeFileSync(jsonl, JSON.stringify(JSON.parse(fixtureText('zendesk-incremental-page.json'))) + '\n');
    expect(await importVendorExport(db, ws, 'zendesk', jsonl)).toMatchObject({ inserted: 0, unchanged: first.items });
    const rows = await db.query<{ text: string }>("SELECT text FROM items WHERE source = 'zendesk'");
    expect(rows.some((r) => /[가-힣]/.test(r.text))).toBe(true);
  });

  it("imports Zendesk's full JSON export (NDJSON: a ticket per line), reporting an unreadable line by its number while the rest land", async () => {
    const { tickets } = JSON.parse(fixtureText('zendesk-incremental-page.json')) as { tickets: Record<string, unknown>[] };
    // As the Admin Center writes it: one ticket per line, its comments inside.
    const lines = tickets.map((t, i) =>
      JSON.stringify({ ...t, id: 90_000 + i, comments: [{ id: 1, public: true, body: String(t.description), author_id: t.requester_id }] }),
    );
    const file = path.join(dir, 'full-export.json');
    writeFileSync(file, `${lines[0]}\n{"id": 90999, "subject": "잘린 줄\n${lines.slice(1).join('\n')}\n\n`);
    const first = await importVendorExport(db, ws, 'zendesk', file, { source: 'zd-full' });
    expect(first).toMatchObject({ items: tickets.length, inserted: tickets.length, rejected: 1 });
    expect(first.rejects).toEqual([{ item: 'line 2 / 2번째 줄', field: null, reason: 'not JSON / JSON이 아닙니다' }]);
    const stored = await db.query<{ external_id: string }>("SELECT external_id FROM items WHERE source = 'zd-full' ORDER BY external_id");
    expect(stored.map((r) => r.external_id)).toEqual(tickets.map((_, i) => String(90_000 + i)));
    // Re-run: nothing new, nothing changed.
    expect(await importVendorExport(db, ws, 'zendesk', file, { source: 'zd-full' })).toMatchObject({ inserted: 0, updated: 0, unchanged: tickets.length });
    // A JSON array of tickets, pretty-printed, is one document.
    const array = path.join(dir, 'tickets-array.json');
    writeFileSync(array, JSON.stringify(tickets, null, 2));
    expect(await importVendorExport(db, ws, 'zendesk', array, { source: 'zd-array' })).toMatchObject({ items: tickets.length, inserted: tickets.length });
  });

  it('leaves a ticket alone when the export holds an older state than the one stored (a webhook delivered a newer one)', async () => {
    const page = JSON.parse(fixtureText('zendesk-incremental-page.json')) as { tickets: Record<string, unknown>[] };
    const ticket = page.tickets[0];
    const write = (t: Record<string, unknown>) => {
      const p = path.join(dir, `one-${String(t.status)}.json`);
      writeFileSync(p, JSON.stringify({ tickets: [t] }));
      return p;
    };
    const newer = { ...ticket, status: 'solved', updated_at: '2025-01-02T00:00:00Z' };
    const older = { ...ticket, status: 'open', updated_at: '2025-01-01T00:00:00Z' };
    expect(await importVendorExport(db, ws, 'zendesk', write(newer), { source: 'zd-stale' })).toMatchObject({ inserted: 1, stale: 0 });
    expect(await importVendorExport(db, ws, 'zendesk', write(older), { source: 'zd-stale' })).toMatchObject({ inserted: 0, updated: 0, stale: 1 });
    const [row] = await db.query<{ status: string }>("SELECT status FROM items WHERE source = 'zd-stale'");
    expect(row.status).toBe('resolved');
  });

  it('imports a Channel Talk desk export workbook with its three sheets', async () => {
    const wb = new ExcelJS.Workbook();
    for (const [name, fixture] of [
      ['UserChat data', 'channeltalk-export-userchats.csv'],
      ['Message data', 'channeltalk-export-messages.csv'],
      ['User data', 'channeltalk-export-users.csv'],
    ] as const) {
      const rows = fixtureCsv(fixture);
      const sheet = wb.addWorksheet(name);
      const headers = Object.keys(rows[0]);
      sheet.addRow(headers);
      for (const r of rows) sheet.addRow(headers.map((h) => r[h]));
    }
    const file = path.join(dir, 'channeltalk.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await importVendorExport(db, ws, 'channeltalk', file);
    expect(r.items).toBe(3);
    expect(r.inserted).toBe(3);
    const rows = await db.query<{ text: string; customer_ref: string | null }>("SELECT text, customer_ref FROM items WHERE source = 'channeltalk' ORDER BY created_at");
    expect(rows.map((x) => x.text).join('\n')).toContain('배송이 3일째 안 와요');
    expect(rows.every((x) => x.customer_ref?.startsWith('c_'))).toBe(true);
  });

  it('reports the rows of a Channel Talk export it cannot read, by sheet and row, instead of dropping them', async () => {
    // The user-chat sheet alone, as CSV: a row with extra cells and one with an unclosed quote.
    const csv = path.join(dir, 'userchats-bad.csv');
    writeFileSync(csv, [
      'id,userId,state,description,createdAt,closedAt',
      'bad-1,u1,closed,배송이 늦어요,2024-11-03 10:00:00,2024-11-03 11:00:00',
      'bad-2,u2,closed,환불 요청,2024-11-03 10:05:00,,남는 칸,또 남는 칸',
      'bad-3,u3,closed,"따옴표가 안 닫힌 문의,2024-11-03 10:06:00,',
      'bad-4,u4,closed,결제 오류,2024-11-03 10:07:00,',
    ].join('\n') + '\n');
    const r = await importVendorExport(db, ws, 'channeltalk', csv, { source: 'ct-bad' });
    expect(r).toMatchObject({ items: 2, inserted: 2, rejected: 2 });
    expect(r.rejects.map((x) => [x.item, x.field])).toEqual([['row 3 / 3행', null], ['row 4 / 4행', null]]);
    expect(r.rejects[0]!.reason).toMatch(/expected 6 columns, found 8/);
    // A workbook: a Message data row cut by Excel's cell limit is reported with its sheet; a missing User data sheet is no error.
    const wb = new ExcelJS.Workbook();
    for (const [name, fixture] of [['UserChat data', 'channeltalk-export-userchats.csv'], ['Message data', 'channeltalk-export-messages.csv']] as const) {
      const rows = fixtureCsv(fixture);
      const sheet = wb.addWorksheet(name);
      const headers = Object.keys(rows[0]);
      sheet.addRow(headers);
      for (const row of rows) sheet.addRow(headers.map((h) => row[h]));
      if (name === 'Message data') sheet.addRow(headers.map((h) => (h === 'plainText' ? '가'.repeat(32_766) + '…' : rows[0][h])));
    }
    const file = path.join(dir, 'channeltalk-cut.xlsx');
    await wb.xlsx.writeFile(file);
    const messages = fixtureCsv('channeltalk-export-messages.csv').length;
    const x = await importVendorExport(db, ws, 'channeltalk', file, { source: 'ct-cut' });
    expect(x).toMatchObject({ items: 3, rejected: 1 });
    expect(x.rejects[0]).toMatchObject({ item: `Message data row ${messages + 2} / Message data 시트 ${messages + 2}행`, field: null, reason: expect.stringMatching(/^plainText: cut at Excel/) });
  });

  it("reads the desk export's offset-less times in the workspace's zone (Seoul by default)", async () => {
    // The user-chat sheet alone, as CSV: "2024-11-03 10:14:58" is that wall-clock time where the team works.
    const file = path.join(dir, 'userchats.csv');
    writeFileSync(file, fixtureText('channeltalk-export-userchats.csv'));
    const times = async (w: Workspace) =>
      db.query<{ external_id: string; created_at: Date; first_response_at: Date | null }>(
        'SELECT external_id, created_at, first_response_at FROM items WHERE workspace_id = $1 ORDER BY created_at', [w.id]);
    const seoul = await ensureWorkspace(db, { slug: 'vendor-seoul', name: '서울 팀' });
    const la = await ensureWorkspace(db, { slug: 'vendor-la', name: 'LA 팀', timezone: 'America/Los_Angeles' });
    await importVendorExport(db, seoul, 'channeltalk', file);
    await importVendorExport(db, la, 'channeltalk', file);
    const [s, l] = [await times(seoul), await times(la)];
    expect(s.length).toBeGreaterThan(0);
    const chat = s.find((r) => r.first_response_at)!;
    expect(chat.created_at.toISOString()).toBe('2024-11-03T01:14:58.000Z'); // 10:14:58 KST
    expect(chat.first_response_at!.toISOString()).toBe('2024-11-03T01:21:40.000Z');
    const there = l.find((r) => r.external_id === chat.external_id)!;
    // 2024-11-03 10:14:58 in Los Angeles is after that night's fall-back: PST, UTC−8.
    expect(there.created_at.toISOString()).toBe('2024-11-03T18:14:58.000Z');
    expect(there.first_response_at!.toISOString()).toBe('2024-11-03T18:21:40.000Z');
  });

  it('leaves out a chat of a Channel Talk CSV export that the webhook already stored message by message (it was counted twice)', async () => {
    const file = path.join(dir, 'userchats-overlap.csv');
    writeFileSync(file, fixtureText('channeltalk-export-userchats.csv'));
    const live = await ensureWorkspace(db, { slug: 'vendor-live', name: '웹훅 연결된 팀' });
    // The webhook stored the first chat's customer message.
    await ingestItems(db, live, [
      buildItem({ external_id: 'msg-1', source: 'channeltalk', channel: 'chat', created_at: '2024-11-03T10:14:58+09:00', text: '택배가 아직 집하도 안 됐대요', metadata: { conversation_id: '6725c2b0a1f3e8d4c901', message_id: 'msg-1' } }),
    ]);
    const summary = await importVendorExport(db, live, 'channeltalk', file);
    expect(summary.ignored).toContainEqual(expect.stringContaining('user chat 6725c2b0a1f3e8d4c901: already stored message by message'));
    const rows = await db.query<{ external_id: string }>(
      "SELECT external_id FROM items WHERE workspace_id = $1 AND metadata->>'conversation_id' = '6725c2b0a1f3e8d4c901'", [live.id]);
    expect(rows.map((r) => r.external_id)).toEqual(['msg-1']);
    // The other chats are stored as before.
    expect(summary.inserted).toBeGreaterThan(0);
    expect((await db.query("SELECT 1 FROM items WHERE workspace_id = $1 AND external_id = '6724a1c3e9f0b2d5a877'", [live.id])).length).toBe(1);
  });

  it('a dry run counts what a real run would do: new, changed, unchanged and older than stored (review: always 0, 0, 0)', async () => {
    const { tickets } = JSON.parse(fixtureText('zendesk-incremental-page.json')) as { tickets: Record<string, unknown>[] };
    const file = path.join(dir, 'dry.json');
    writeFileSync(file, JSON.stringify({ tickets }));
    const first = await importVendorExport(db, ws, 'zendesk', file, { source: 'zd-dry', dryRun: true });
    expect(first).toMatchObject({ items: tickets.length, inserted: tickets.length, updated: 0, unchanged: 0 });
    expect(await db.query("SELECT 1 FROM items WHERE source = 'zd-dry'")).toHaveLength(0);
    const real = await importVendorExport(db, ws, 'zendesk', file, { source: 'zd-dry' });
    expect(real).toMatchObject({ inserted: first.inserted, updated: 0, unchanged: 0 });
    // One ticket changed (newer), one an older state than stored, the rest as they were.
    const changed = tickets.map((t, i) =>
      i === 0 ? { ...t, subject: `${String(t.subject)} (수정)`, updated_at: '2025-06-01T00:00:00Z' } : i === 1 ? { ...t, subject: '옛 제목', updated_at: '2000-01-01T00:00:00Z' } : t,
    );
    writeFileSync(file, JSON.stringify({ tickets: changed }));
    const dry = await importVendorExport(db, ws, 'zendesk', file, { source: 'zd-dry', dryRun: true });
    const wet = await importVendorExport(db, ws, 'zendesk', file, { source: 'zd-dry' });
    expect(dry).toMatchObject({ inserted: 0, updated: 1, stale: 1, unchanged: tickets.length - 2 });
    expect({ ...dry, rejects: [] }).toMatchObject({ inserted: wet.inserted, updated: wet.updated, unchanged: wet.unchanged, stale: wet.stale });
  });

  it('groups skipped rows by why, with their rows, and marks rows without an id as unreadable (a file of items given to --adapter channeltalk)', async () => {
    const csv = path.join(dir, 'not-channeltalk.csv');
    writeFileSync(csv, ['상담ID,문의일시,문의내용', ...Array.from({ length: 8 }, (_, i) => `CT-${i},2026-11-10 10:00,로그인 안 돼요 ${i}`)].join('\n') + '\n');
    const r = await importVendorExport(db, ws, 'channeltalk', csv, { source: 'ct-not' });
    expect(r).toMatchObject({ items: 0, ignoredCount: 8, unreadableSkipped: 8 });
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]).toMatchObject({ count: 8, unreadable: true, where: ['row 2 / 2행', 'row 3 / 3행', 'row 4 / 4행', 'row 5 / 5행', 'row 6 / 6행'] });
    expect(r.skipped[0]!.reason).toMatch(/^user chat row without a chat id .* \/ 상담 ID/);
    // Deleted tickets are skipped on purpose: not unreadable.
    const zd = path.join(dir, 'deleted.json');
    writeFileSync(zd, JSON.stringify({ tickets: [{ id: 5, status: 'deleted', subject: 'x', description: 'y', created_at: '2026-11-01T00:00:00Z' }] }));
    const d = await importVendorExport(db, ws, 'zendesk', zd, { source: 'zd-del' });
    expect(d.unreadableSkipped).toBe(0);
    expect(d.skipped.every((g) => !g.unreadable)).toBe(true);
  });

  describe('recorded as an import run (listed, cancellable, undoable)', () => {
    let rw: Workspace;
    beforeAll(async () => {
      rw = await ensureWorkspace(db, { slug: 'vendor-runs', name: '업체 내보내기 기록' });
    });
    const tickets = () => (JSON.parse(fixtureText('zendesk-incremental-page.json')) as { tickets: Record<string, unknown>[] }).tickets;

    it('records the run with its adapter, counts, skipped entries and rejects named by record; undoing it deletes what it created and keeps what it updated', async () => {
      // One ticket is already stored (a webhook delivered it): the export only updates it.
      const all = tickets();
      const first = path.join(dir, 'run-first.json');
      writeFileSync(first, JSON.stringify({ tickets: [all[0]] }));
      await importVendorExport(db, rw, 'zendesk', first, { source: 'zd-run' });
      const file = path.join(dir, 'run-all.jsonl');
      const lines = [
        JSON.stringify({ ...all[0], subject: `${String(all[0]!.subject)} (수정)`, updated_at: '2025-06-01T00:00:00Z' }),
        ...all.slice(1).map((t) => JSON.stringify(t)),
        '{이건 JSON이 아님',
        JSON.stringify({ id: 777, status: 'deleted', subject: '삭제', description: '삭제된 티켓', created_at: '2026-11-01T00:00:00Z' }),
        JSON.stringify({ id: 778, subject: '=HYPERLINK("http://x")', description: '', created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z' }),
      ];
      writeFileSync(file, lines.join('\n') + '\n');
      const r = await importVendorExport(db, rw, 'zendesk', file, { source: 'zd-run', actor: '상담팀장@sori.test', fileName: '젠데스크 내보내기.jsonl' });
      expect(r.run_id).toMatch(/^\d+$/);
      const [run] = await db.query<Record<string, unknown>>(
        'SELECT file_name, format, source, adapter, status, dry_run, total_rows, inserted, updated, unchanged, older, rejected, skipped, created_by FROM import_runs WHERE id = $1',
        [r.run_id],
      );
      expect(run).toEqual({
        file_name: '젠데스크 내보내기.jsonl',
        format: 'jsonl',
        source: 'zd-run',
        adapter: 'zendesk',
        status: 'completed',
        dry_run: false,
        total_rows: r.items + 1,
        inserted: r.inserted,
        updated: 1,
        unchanged: 0,
        older: 0,
        rejected: r.rejected,
        skipped: 1,
        created_by: '상담팀장@sori.test',
      });
      expect(r.inserted).toBe(all.length - 1 + (r.items - all.length));
      expect(r.rejected).toBeGreaterThanOrEqual(1);
      const rejects = await db.query<{ row_number: number | null; item: string; reason: string }>('SELECT row_number, item, reason FROM import_rejects WHERE run_id = $1', [r.run_id]);
      expect(rejects.length).toBe(r.rejects.length);
      expect(rejects.every((x) => x.row_number === null)).toBe(true);
      expect(rejects.map((x) => x.item)).toContain(`line ${all.length + 1} / ${all.length + 1}번째 줄`);
      // Undo: the run's new tickets go, the ticket it only updated stays (with the update).
      const { previewImportUndo, undoImport } = await import('../removal/undo-import.js');
      const preview = await previewImportUndo(db, rw, r.run_id);
      expect(preview).toMatchObject({ not_undoable: null, items_to_delete: r.inserted, updated_kept: 1 });
      const undone = await undoImport(db, rw, r.run_id, { expectedCount: r.inserted, actor: 'admin@sori.test' });
      expect(undone.deleted).toBe(r.inserted);
      const left = await db.query<{ external_id: string; text: string }>("SELECT external_id, text FROM items WHERE workspace_id = $1 AND source = 'zd-run'", [rw.id]);
      expect(left).toHaveLength(1);
      expect(left[0]!.text).toContain('(수정)');
    });

    it('a dry run is recorded as one and stores nothing; a cancel asked on the run stops it before its next batch', async () => {
      const file = path.join(dir, 'run-dry.json');
      writeFileSync(file, JSON.stringify(tickets()));
      const dry = await importVendorExport(db, rw, 'zendesk', file, { source: 'zd-dry-run', dryRun: true });
      const [run] = await db.query<{ dry_run: boolean; status: string; inserted: number }>('SELECT dry_run, status, inserted FROM import_runs WHERE id = $1', [dry.run_id]);
      expect(run).toEqual({ dry_run: true, status: 'completed', inserted: tickets().length });
      expect(await db.query("SELECT 1 FROM items WHERE source = 'zd-dry-run'")).toHaveLength(0);

      // Many tickets in batches of 2: the cancel is read back with the first batch's counters.
      const many = Array.from({ length: 10 }, (_, i) => ({ ...tickets()[0], id: 90_000 + i, subject: `대량 문의 ${i}번 배송이 늦어요` }));
      writeFileSync(file, JSON.stringify(many));
      const { requestImportCancel } = await import('../store/queries/import-runs.js');
      let asked = false;
      const stopped = importVendorExport(db, rw, 'zendesk', file, {
        source: 'zd-cancel',
        batchSize: 2,
        actor: 'cli',
        onProgress: async () => {
          if (asked) return;
          asked = true;
          const [r] = await db.query<{ id: string }>("SELECT id::text AS id FROM import_runs WHERE source = 'zd-cancel' AND status = 'running'");
          await requestImportCancel(db, rw.id, r!.id, '운영자@sori.test');
        },
      });
      await expect(stopped).rejects.toMatchObject({ code: 'import_cancelled' });
      const [cancelled] = await db.query<{ status: string; inserted: number; cancel_requested_by: string }>("SELECT status, inserted, cancel_requested_by FROM import_runs WHERE source = 'zd-cancel'");
      expect(cancelled!.status).toBe('cancelled');
      expect(cancelled!.cancel_requested_by).toBe('운영자@sori.test');
      const stored = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM items WHERE source = 'zd-cancel'");
      // Asked during the first batch's report: read back with the second batch's counters, so two batches stored, not five.
      expect(stored[0]!.n).toBe(4);
      expect(cancelled!.inserted).toBe(stored[0]!.n);
    });

    it('stores each batch with its counters and rejects in one transaction: a failure between them leaves neither, and a re-run converges (s24)', async () => {
      // A handle whose run-counter update fails on the second batch, as a crash between the two would leave it.
      let counterUpdates = 0;
      const failing = (inner: Db): Db => ({
        ...inner,
        kind: inner.kind,
        query: async <T,>(sql: string, params?: unknown[]) => {
          if (/UPDATE import_runs SET total_rows/.test(sql) && ++counterUpdates === 2) throw new Error('connection lost between the batch and its counters');
          return inner.query<T>(sql, params);
        },
        exec: (sql: string) => inner.exec(sql),
        copyFrom: (t, c, d) => inner.copyFrom(t, c, d),
        transaction: (fn) => inner.transaction((tx) => fn(failing(tx))),
        close: () => inner.close(),
      });
      const many: Record<string, unknown>[] = Array.from({ length: 6 }, (_, i) => ({ ...tickets()[0], id: 91_000 + i, subject: `결제 오류 ${i}번 문의`, description: `결제가 ${i}번 실패했어요` }));
      // The second batch also holds a ticket the pipeline rejects (a date it cannot read): its reject goes with it.
      many[3] = { ...many[3], created_at: '지난주 화요일' };
      const file = path.join(dir, 'run-atomic.json');
      writeFileSync(file, JSON.stringify(many));
      await expect(importVendorExport(failing(db), rw, 'zendesk', file, { source: 'zd-atomic', batchSize: 3 })).rejects.toThrow(/connection lost/);
      const count = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM items WHERE source = 'zd-atomic'"))[0]!.n;
      const [run] = await db.query<{ id: string; status: string; total_rows: number; inserted: number; rejected: number }>(
        "SELECT id::text AS id, status, total_rows, inserted, rejected FROM import_runs WHERE source = 'zd-atomic'",
      );
      // The first batch and its counters; nothing of the second (its items, its reject).
      expect(await count()).toBe(3);
      expect(run).toMatchObject({ status: 'failed', total_rows: 3, inserted: 3, rejected: 0 });
      expect(await db.query('SELECT 1 FROM import_rejects WHERE run_id = $1', [run!.id])).toHaveLength(0);
      const again = await importVendorExport(db, rw, 'zendesk', file, { source: 'zd-atomic', batchSize: 3 });
      expect(again).toMatchObject({ inserted: 2, unchanged: 3, rejected: 1 });
      expect(await count()).toBe(5);
    });
  });

  describe('review fixes (s23): repeats, row counts, file size and format, masked places', () => {
    let fw: Workspace;
    beforeAll(async () => {
      fw = await ensureWorkspace(db, { slug: 'vendor-fixes', name: '리뷰 수정' });
    });
    const runRow = async (id: string) =>
      (await db.query<Record<string, unknown>>('SELECT total_rows, inserted, repeated, older, rejected, skipped, status FROM import_runs WHERE id = $1', [id]))[0];

    it('counts a ticket listed twice as repeated, on the run and in a dry run alike', async () => {
      const [ticket] = (JSON.parse(fixtureText('zendesk-incremental-page.json')) as { tickets: Record<string, unknown>[] }).tickets;
      const file = path.join(dir, 'twice.jsonl');
      writeFileSync(file, [JSON.stringify({ ...ticket, id: 51_001 }), JSON.stringify({ ...ticket, id: 51_001 }), JSON.stringify({ ...ticket, id: 51_002 })].join('\n') + '\n');
      const dry = await importVendorExport(db, fw, 'zendesk', file, { source: 'zd-twice', dryRun: true });
      const real = await importVendorExport(db, fw, 'zendesk', file, { source: 'zd-twice' });
      expect(dry).toMatchObject({ items: 3, inserted: 2, repeated: 1 });
      expect(real).toMatchObject({ items: 3, inserted: 2, repeated: 1 });
      expect(await runRow(real.run_id)).toMatchObject({ total_rows: 3, inserted: 2, repeated: 1 });
    });

    it("counts a Channel Talk export's rows as its batches are stored, not all at the first one", async () => {
      const rows = fixtureCsv('channeltalk-export-userchats.csv');
      const columns = Object.keys(rows[0]!);
      const many: Record<string, string>[] = Array.from({ length: 9 }, (_, i) => ({ ...rows[0]!, id: `ct-batch-${i}` }));
      const csv = path.join(dir, 'ct-batches.csv');
      writeFileSync(csv, [columns.join(','), ...many.map((r) => columns.map((c) => JSON.stringify(r[c] ?? '')).join(','))].join('\n') + '\n');
      const seen: number[] = [];
      const r = await importVendorExport(db, fw, 'channeltalk', csv, {
        source: 'ct-batches',
        batchSize: 4,
        onProgress: async () => {
          const [run] = await db.query<{ total_rows: number }>("SELECT total_rows FROM import_runs WHERE source = 'ct-batches' ORDER BY id DESC LIMIT 1");
          seen.push(run!.total_rows);
        },
      });
      expect(r.inserted).toBe(9);
      expect(seen).toEqual([4, 8, 9]);
    });

    it('refuses a Channel Talk file too large to read whole, and a file in a format the vendor does not export, before a run is made', async () => {
      const runs = async () => (await db.query('SELECT 1 FROM import_runs WHERE workspace_id = $1', [fw.id])).length;
      const before = await runs();
      const big = path.join(dir, 'huge-channeltalk.xlsx');
      writeFileSync(big, Buffer.alloc(MAX_CHANNELTALK_BYTES + 1, 0x61));
      await expect(importVendorExport(db, fw, 'channeltalk', big)).rejects.toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/month at a time.*한 달씩/s) });
      const csv = path.join(dir, 'tickets.csv');
      writeFileSync(csv, 'id,subject,description\n1,배송 문의,언제 오나요\n');
      await expect(importVendorExport(db, fw, 'zendesk', csv)).rejects.toMatchObject({ code: 'unsupported_media_type', detail: { reason: 'adapter_format' } });
      const json = path.join(dir, 'reviews.json');
      writeFileSync(json, '[]');
      await expect(importVendorExport(db, fw, 'googleplay', json)).rejects.toMatchObject({ code: 'unsupported_media_type' });
      expect(await runs()).toBe(before);
    });

    it("masks personal data in skipped entries' places, as in rejects", async () => {
      const csv = path.join(dir, 'ct-pii.csv');
      writeFileSync(csv, ['id,userId,state,description,createdAt', 'kim@example.com,u1,closed,,2024-11-03 10:00:00'].join('\n') + '\n');
      const r = await importVendorExport(db, fw, 'channeltalk', csv, { source: 'ct-pii' });
      expect(r.ignoredCount).toBe(1);
      expect(JSON.stringify([r.skipped, r.ignored])).not.toContain('kim@example.com');
      expect(JSON.stringify(r.skipped)).toContain('[이메일]');
    });

    it('recognises exports by format and by marks no ordinary file has', () => {
      const cols = (...names: string[]) => names.map((name) => ({ name }));
      // An ordinary Korean help desk file: two common words are not Channel Talk's export.
      expect(recogniseVendorExport({ format: 'csv', sheets: [], columns: cols('상담 ID', '상담 상태', '고객명', '문의 내용', '등록일시') })).toBeNull();
      expect(recogniseVendorExport({ format: 'csv', sheets: [], columns: cols('상담 ID', '고객 ID', '담당자', '생성일시', '종료일시', '상담 만족도') })).toBe('channeltalk');
      expect(recogniseVendorExport({ format: 'xlsx', sheets: ['UserChat data', 'Message data'], columns: cols('id') })).toBe('channeltalk');
      // Zendesk's fields in a CSV are a warehouse table, not its export (JSON only).
      const zd = cols('id', 'subject', 'description', 'status', 'requester_id', 'group_id');
      expect(recogniseVendorExport({ format: 'csv', sheets: [], columns: zd })).toBeNull();
      expect(recogniseVendorExport({ format: 'jsonl', sheets: [], columns: zd })).toBe('zendesk');
      expect(recogniseVendorExport({ format: 'csv', sheets: [], columns: cols('tickets', 'text') })).toBeNull();
      expect(recogniseVendorExport({ format: 'json', sheets: [], columns: cols('Review Submit Date and Time', 'Star Rating') })).toBeNull();
      expect(recogniseVendorExport({ format: 'csv', sheets: [], columns: cols('Review Submit Date and Time', 'Star Rating', 'Review Text') })).toBe('googleplay');
      // A Zendesk file's head: a page (tickets anywhere in the first 64 KB), or its full export saved as .json.
      const ticket = (JSON.parse(fixtureText('zendesk-incremental-page.json')) as { tickets: unknown[] }).tickets[0];
      expect(looksLikeZendeskJson(`{"count": 3, "meta": ${JSON.stringify({ pad: 'x'.repeat(5000) })}, "tickets": [`)).toBe(true);
      expect(looksLikeZendeskJson(`${JSON.stringify(ticket)}\n${JSON.stringify(ticket)}\n`)).toBe(true);
      expect(looksLikeZendeskJson('[{"external_id": "A-1", "text": "배송 문의"}]')).toBe(false);
      expect(looksLikeZendeskJson('{"external_id": "A-1", "text": "배송 문의"}\n')).toBe(false);
    });
  });

  describe('Google Play review reports', () => {
    /** As Play Console writes them: UTF-16LE with a byte-order mark. */
    const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    let gw: Workspace;
    beforeAll(async () => {
      gw = await ensureWorkspace(db, { slug: 'play', name: '앱 리뷰' });
    });

    it('imports a UTF-16 report: reviews as app_store reviews, personal data masked, the reply time kept, a rating alone without text (s24)', async () => {
      const file = path.join(dir, 'reviews_kr.co.sori.shop_202611.csv');
      writeFileSync(file, utf16(fixtureText('googleplay-reviews.csv')));
      const r = await importVendorExport(db, gw, 'googleplay', file);
      expect(r).toMatchObject({ items: 5, inserted: 5, rejected: 0, ignoredCount: 0, unreadableSkipped: 0 });
      expect(r.skipped).toEqual([]);
      const rows = await db.query<{ external_id: string; channel: string; kind: string; source: string; text: string; rating: number; first_response_at: Date | null; pii_kinds: string[]; type: string | null; sentiment: string | null; dup_group: string | null }>(
        'SELECT external_id, channel, kind, source, text, rating, first_response_at, pii_kinds, type, sentiment, dup_group FROM items WHERE workspace_id = $1 ORDER BY created_at',
        [gw.id],
      );
      expect(rows.map((x) => [x.channel, x.kind, x.source])).toEqual(Array(5).fill(['app_store', 'review', 'google-play']));
      expect(rows.map((x) => x.rating)).toEqual([1, 2, 5, 4, 5]);
      // The stars alone: nothing to read, so no type, sentiment or duplicate group.
      expect(rows[2]).toMatchObject({ external_id: 'gp:AOqpTORatingOnly01', text: '', type: null, sentiment: null, dup_group: null });
      expect(rows[0]!.first_response_at?.toISOString()).toBe('2026-11-02T03:20:00.000Z');
      expect(rows[1]!.text).toContain('[전화번호]');
      expect(rows[1]!.text).not.toContain('010-2345-6789');
      const [run] = await db.query<{ adapter: string; channel: string; source: string; skipped: number }>('SELECT adapter, channel, source, skipped FROM import_runs WHERE id = $1', [r.run_id]);
      expect(run).toEqual({ adapter: 'googleplay', channel: 'app_store', source: 'google-play', skipped: 0 });
      // The same report again: nothing changes.
      expect(await importVendorExport(db, gw, 'googleplay', file)).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
    });

    it("takes a later report's edit of a review, and leaves a review alone when an older report comes after it", async () => {
      const header = fixtureText('googleplay-reviews.csv').split('\n')[0]!;
      const line = (updated: string, text: string) =>
        `kr.co.sori.shop,412,4.12.0,ko,a52q,2026-11-02T01:15:40Z,1793582140000,${updated},${Date.parse(updated)},3,,${text},,,,https://play.google.com/console/review-details?reviewId=gp:AOqpTOH1aB2cD3eF4gH5`;
      const newer = path.join(dir, 'reviews_newer.csv');
      writeFileSync(newer, utf16(`${header}\n${line('2026-11-20T00:00:00Z', '4.12.1에서 로그인 문제는 고쳐졌어요. 별 하나 올립니다')}\n`));
      const dry = await importVendorExport(db, gw, 'googleplay', newer, { dryRun: true });
      expect(dry).toMatchObject({ updated: 1, inserted: 0, stale: 0 });
      expect(await importVendorExport(db, gw, 'googleplay', newer)).toMatchObject({ updated: 1, inserted: 0 });
      const older = path.join(dir, 'reviews_older.csv');
      writeFileSync(older, utf16(`${header}\n${line('2026-11-10T00:00:00Z', '중간에 쓴 옛 내용')}\n`));
      expect(await importVendorExport(db, gw, 'googleplay', older, { dryRun: true })).toMatchObject({ updated: 0, stale: 1 });
      expect(await importVendorExport(db, gw, 'googleplay', older)).toMatchObject({ updated: 0, stale: 1 });
      const [row] = await db.query<{ text: string; rating: number }>("SELECT text, rating FROM items WHERE workspace_id = $1 AND external_id = 'gp:AOqpTOH1aB2cD3eF4gH5'", [gw.id]);
      expect(row).toEqual({ text: '4.12.1에서 로그인 문제는 고쳐졌어요. 별 하나 올립니다', rating: 3 });
    });
  });
});
