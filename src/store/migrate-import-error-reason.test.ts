import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { importFile } from '../ingest/import-file.js';
import { migrate } from './migrate.js';
import { listImportRuns } from './queries/import-runs.js';
import { ensureWorkspace } from './queries/workspaces.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sori-migrate-048-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Files an import refuses for want of a column: the failures 048 gives a reason code to. */
const REFUSED: Record<string, string> = {
  'no-channel.csv': '의견,제출시각,연락처\n좋아요,2026-11-01,010-1234-5678\n',
  // No header row: the first customer's data, masked, became the "columns" (a newline inside one of them).
  'headless.csv': '"환불해 주세요\n빨리요 제발 부탁드립니다",010-3333-4444,2026-11-01\n배송이 늦어요,010-5555-6666,2026-11-02\n',
  // So many columns that the stored message (2,000 characters) ends before its Korean half.
  'wide.csv': `${Array.from({ length: 300 }, (_, i) => `설문문항_${i}_응답값`).join(',')}\n${Array.from({ length: 300 }, () => '네').join(',')}\n`,
};

// Migration 048 (a failed import run keeps why as a code), in a file of its own beside migrate.test.ts.
describe(`migration 048 (${TEST_BACKEND})`, () => {
  it('gives runs that failed for want of a column, before it, the reason code an import stores now; other runs none', async () => {
    // What the import stores today, failing on each file: its message and its reason.
    const now = await openTestDb();
    const today = new Map<string, { error: string; error_reason: unknown }>();
    try {
      const ws = await ensureWorkspace(now.db, { slug: 'today', name: '오늘' });
      for (const [name, content] of Object.entries(REFUSED)) {
        const file = path.join(dir, name);
        writeFileSync(file, content);
        await expect(importFile(now.db, ws, { path: file, defaults: { source: 'mig' } })).rejects.toThrow(/name one with --map/);
      }
      for (const run of await listImportRuns(now.db, ws.id)) today.set(run.file_name, { error: run.error!, error_reason: run.error_reason });
    } finally {
      await now.close();
    }
    expect(today.get('headless.csv')!.error_reason).toMatchObject({ first_row_data: true, columns: expect.stringContaining('[전화번호]') });
    expect(today.get('wide.csv')!.error_reason).toMatchObject({ columns: null });

    const old = await openTestDb({ through: '047' });
    try {
      const ws = await ensureWorkspace(old.db, { slug: 'before', name: '이전' });
      // The same failures as 047 kept them (the message alone), and runs that must get no reason.
      const runs: [name: string, status: string, error: string | null][] = [
        ...[...today].map(([name, run]): [string, string, string] => [name, 'failed', run.error]),
        ['bad-map.csv', 'failed', "column mapping names column(s) the file does not have: 본문; the file's columns: 내용, 등록일 / 파일에 없는 열을 지정했습니다: 본문 (파일의 열: 내용, 등록일)"],
        ['died.csv', 'failed', 'interrupted'],
        ['done.csv', 'completed', null],
        // Not failed: no reason, whatever its message says.
        ['stopped.csv', 'cancelled', today.get('no-channel.csv')!.error],
      ];
      for (const [name, status, error] of runs) {
        await old.db.query('INSERT INTO import_runs (workspace_id, file_name, format, status, error) VALUES ($1, $2, $3, $4, $5)', [ws.id, name, 'csv', status, error]);
      }
      expect(await migrate(old.db)).toContain('048_import_error_reason.sql');
      const after = new Map((await listImportRuns(old.db, ws.id)).map((run) => [run.file_name, run.error_reason]));
      for (const [name, run] of today) expect(after.get(name), name).toEqual(run.error_reason);
      for (const name of ['bad-map.csv', 'died.csv', 'done.csv', 'stopped.csv']) expect(after.get(name), name).toBeNull();
    } finally {
      await old.close();
    }
  });
});
