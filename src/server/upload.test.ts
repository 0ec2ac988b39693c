import { serve } from '@hono/node-server';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import type { Db } from '../store/db.js';
import { safeUploadName } from './upload.js';

const MB = 1024 * 1024;
const HEADER = '티켓번호,접수일시,문의내용,채널\n';

/** A CSV of about `bytes` bytes: Korean inquiries, one per row. */
function csvOf(bytes: number): string {
  const rows: string[] = [HEADER];
  let size = Buffer.byteLength(HEADER);
  for (let i = 0; size < bytes; i++) {
    const row = `UP-${i},2026-11-${String((i % 28) + 1).padStart(2, '0')} 10:00,주문한 상품이 아직 도착하지 않았어요 확인 부탁드립니다 (${i}번째 문의),chat\n`;
    rows.push(row);
    size += Buffer.byteLength(row);
  }
  return rows.join('');
}

/** A multipart body by hand, so tests control its parts, their order and where it ends. */
function multipart(parts: { name: string; filename?: string; body: string }[], boundary = 'sori-test-boundary'): string {
  return (
    parts
      .map(
        (p) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}\r\n` +
          `${p.filename !== undefined ? 'Content-Type: text/csv\r\n' : ''}\r\n${p.body}\r\n`,
      )
      .join('') + `--${boundary}--\r\n`
  );
}

/** A request body sent in chunks without a Content-Length (as `Transfer-Encoding: chunked`). */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(at, at + 64 * 1024)));
      at += 64 * 1024;
    },
  });
}

describe(`uploads stream to disk (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let uploadsDir: string;
  const oldTmp = process.env.TMPDIR;

  beforeAll(async () => {
    // Uploads go to the system's temporary folder: a folder of this file's own, to see them removed.
    uploadsDir = mkdtempSync(path.join(tmpdir(), 'sori-upload-test-'));
    process.env.TMPDIR = uploadsDir;
    ({ db, close } = await openTestDb());
    ({ app, tokens } = await buildTestApp(db, { env: { SORI_MAX_UPLOAD_MB: '2' } }));
  });
  afterAll(async () => {
    process.env.TMPDIR = oldTmp;
    rmSync(uploadsDir, { recursive: true, force: true });
    await close();
  });

  const post = (route: string, body: BodyInit, headers: Record<string, string> = {}) =>
    app.request(`/api/v1${route}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.ingest}`, 'Content-Type': 'multipart/form-data; boundary=sori-test-boundary', ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
  const storedCount = async (source: string) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM items WHERE source = $1', [source]))[0]!.n;
  const leftovers = () => readdirSync(uploadsDir);
  /** This process's open files inside the uploads folder (a removed file stays open until closed). */
  const openUploads = () =>
    readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      })
      .filter((target) => target.startsWith(uploadsDir));

  it('imports a file whose fields (source, kind) come after it, under its Korean name made safe, and removes the upload', async () => {
    const body = multipart([
      { name: 'file', filename: '11월 문의 내역.csv', body: csvOf(3_000) },
      { name: 'source', body: 'upload-order' },
      { name: 'kind', body: 'review' },
      { name: 'dry_run', body: 'false' },
    ]);
    const res = await post('/imports', body);
    expect(res.status).toBe(200);
    const summary = await res.json();
    expect(summary).toMatchObject({ rejected: 0, file_name: '11월_문의_내역.csv' });
    expect(summary.inserted).toBeGreaterThan(10);
    expect(await storedCount('upload-order')).toBe(summary.inserted);
    expect(await db.query("SELECT DISTINCT kind FROM items WHERE source = 'upload-order'")).toEqual([{ kind: 'review' }]);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a file over SORI_MAX_UPLOAD_MB that declares its length, before reading it: 413 with the limit, nothing stored', async () => {
    const body = multipart([{ name: 'source', body: 'upload-declared' }, { name: 'file', filename: 'big.csv', body: csvOf(3.2 * MB) }]);
    const res = await post('/imports', body, { 'Content-Length': String(Buffer.byteLength(body)) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large', limit_bytes: 2 * MB });
    expect(await storedCount('upload-declared')).toBe(0);
    expect(leftovers()).toEqual([]);
  });

  it('cuts off a file over the limit sent without a length (chunked) as it streams: 413, no import run, the partial file removed', async () => {
    const runsBefore = (await db.query('SELECT 1 FROM import_runs')).length;
    const res = await post('/imports', chunked(multipart([{ name: 'source', body: 'upload-chunked' }, { name: 'file', filename: 'big.csv', body: csvOf(2.5 * MB) }])));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload_too_large', limit_bytes: 2 * MB });
    expect(await storedCount('upload-chunked')).toBe(0);
    expect((await db.query('SELECT 1 FROM import_runs')).length).toBe(runsBefore);
    expect(leftovers()).toEqual([]);
    // The cut-off file's write is ended, not left waiting with its descriptor open.
    await vi.waitFor(() => expect(openUploads()).toEqual([]));
  });

  it('takes a file just under the limit sent chunked', async () => {
    const res = await post('/imports/preview', chunked(multipart([{ name: 'file', filename: 'near.csv', body: csvOf(1.9 * MB) }])));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ format: 'csv', file_name: 'near.csv' });
    expect(leftovers()).toEqual([]);
  });

  it('refuses two files, a missing file, a body cut mid-part and a form without a boundary, each with a clear 400 and nothing stored', async () => {
    const two = await post('/imports', multipart([
      { name: 'file', filename: 'a.csv', body: csvOf(500) },
      { name: 'file', filename: 'b.csv', body: csvOf(500) },
      { name: 'source', body: 'upload-bad' },
    ]));
    expect(two.status).toBe(400);
    expect((await two.json()).detail).toMatch(/one file per upload/);

    const none = await post('/imports', multipart([{ name: 'source', body: 'upload-bad' }]));
    expect(none.status).toBe(400);
    expect((await none.json()).detail).toMatch(/missing "file"/);

    const whole = multipart([{ name: 'source', body: 'upload-bad' }, { name: 'file', filename: 'cut.csv', body: csvOf(20_000) }]);
    const cut = await post('/imports', whole.slice(0, whole.length - 5_000));
    expect(cut.status).toBe(400);
    expect((await cut.json()).detail).toMatch(/malformed multipart body/);

    const noBoundary = await post('/imports', whole, { 'Content-Type': 'multipart/form-data' });
    expect(noBoundary.status).toBe(400);
    expect((await noBoundary.json()).detail).toMatch(/malformed multipart body/);

    expect(await storedCount('upload-bad')).toBe(0);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a field over 64 KB (a mapping is the largest) and does not import', async () => {
    const res = await post('/imports', multipart([
      { name: 'mapping', body: 'x'.repeat(70 * 1024) },
      { name: 'source', body: 'upload-field' },
      { name: 'file', filename: 'a.csv', body: csvOf(500) },
    ]));
    expect(res.status).toBe(400);
    expect(await storedCount('upload-field')).toBe(0);
  });

  it('over real HTTP on loopback: a file streams in and is read; the upload folder is removed', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      const form = new FormData();
      form.append('file', new Blob([csvOf(1.5 * MB)]), '대용량.csv');
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/imports/preview`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tokens.ingest}` },
        body: form,
      });
      expect(res.status).toBe(200);
      const preview = await res.json();
      expect(preview.file_name).toBe('대용량.csv');
      expect(preview.columns.map((c: { name: string }) => c.name)).toEqual(['티켓번호', '접수일시', '문의내용', '채널']);
      expect(leftovers()).toEqual([]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('safeUploadName', () => {
  it.each([
    ['문의 내역.csv', '문의_내역.csv'],
    ['C:\\fakepath\\11월 리뷰.xlsx', '11월_리뷰.xlsx'],
    ['../../etc/passwd', 'passwd'],
    ['..', 'upload'],
    ['.', 'upload'],
    ['', 'upload'],
    [undefined, 'upload'],
    ['a;rm -rf $HOME.csv', 'a_rm_-rf__HOME.csv'],
  ])('%s → %s', (name, safe) => {
    expect(safeUploadName(name)).toBe(safe);
  });
});
