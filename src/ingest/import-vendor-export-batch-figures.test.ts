import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText } from '../../test/fixtures/adapters/load.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { importVendorExport } from './import-vendor-export.js';


const dir = mkdtempSync(path.join(tmpdir(), 'sori-vendor-figures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`a vendor export batch's counts and rejects (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'vendor-figures', name: '업체 내보내기 집계' });
  });
  afterAll(() => close());

  it('are worked out once, in the write that stores the batch: the summary says what the run row and its rejects say', async () => {
    const [ticket] = (JSON.parse(fixtureText('zendesk-incremental-page.json')) as { tickets: Record<string, unknown>[] }).tickets;
    const tickets: Record<string, unknown>[] = Array.from({ length: 7 }, (_, i) => ({ ...ticket, id: 92_000 + i, subject: `환불 문의 ${i}번`, description: `환불이 ${i}번 늦어요` }));
    // In each batch of three, a ticket the pipeline rejects (a date it cannot read); in the first, one listed twice.
    tickets[1] = { ...tickets[1], created_at: '지난주 화요일 오후' };
    tickets[2] = { ...tickets[0] };
    tickets[4] = { ...tickets[4], created_at: '어제 저녁 무렵' };
    const file = path.join(dir, 'figures.json');
    writeFileSync(file, JSON.stringify(tickets));
    const r = await importVendorExport(db, ws, 'zendesk', file, { source: 'zd-figures', batchSize: 3 });
    expect(r).toMatchObject({ items: 7, inserted: 4, repeated: 1, rejected: 2 });
    expect(r.rejects.map((x) => [x.item, x.field])).toEqual([
      ['92001', 'created_at'],
      ['92004', 'created_at'],
    ]);
    for (const [reject, value] of [[r.rejects[0]!, '지난주 화요일 오후'], [r.rejects[1]!, '어제 저녁 무렵']] as const) expect(reject.reason).toContain(value);
    const [run] = await db.query<Record<string, number>>('SELECT total_rows, inserted, updated, unchanged, repeated, older, rejected FROM import_runs WHERE id = $1', [r.run_id]);
    expect(run).toEqual({ total_rows: 7, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, repeated: r.repeated, older: r.stale, rejected: r.rejected });
    const stored = await db.query<{ item: string; field: string | null; reason: string }>('SELECT item, field, reason FROM import_rejects WHERE run_id = $1 ORDER BY item', [r.run_id]);
    expect(stored).toEqual(r.rejects);
  });
});
