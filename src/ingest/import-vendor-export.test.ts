import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureCsv, fixtureText } from '../../test/fixtures/adapters/load.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { importVendorExport } from './import-vendor-export.js';

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
});
