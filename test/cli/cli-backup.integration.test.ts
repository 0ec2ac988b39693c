// `sori backup` / `sori restore` as a user runs them, and how they fail: into a workspace that
// already has data, from a truncated or missing file, with a bad --as slug, to an unwritable path.
// Each failure is one clear line (no stack trace), a non-zero exit, and leaves the data untouched.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, makeSandbox, parseJsonl, toCsv, type Sandbox, type SoriResult } from './run-sori.js';

const SLOW = 120_000;

// Two data folders: `source` makes the backup; `target` starts fresh (its default workspace empty).
let source: Sandbox;
let target: Sandbox;

beforeAll(() => {
  source = makeSandbox('backup-src', 'ko');
  target = makeSandbox('backup-dst', 'ko');
});

afterAll(() => {
  source?.remove();
  target?.remove();
});

function ok(r: SoriResult): SoriResult {
  expect(r.code, describeRun(r)).toBe(0);
  return r;
}

/** A failed run: the exit code, one clear message, and no stack trace or Node error dump. */
function failed(r: SoriResult, code: number): SoriResult {
  expect(r.code, describeRun(r)).toBe(code);
  expect(r.stderr, describeRun(r)).not.toMatch(/\n\s+at |Unhandled|node:internal|ERR_/);
  return r;
}

async function exportJsonl(sb: Sandbox, extra: string[] = []): Promise<Record<string, unknown>[]> {
  return parseJsonl(ok(await sb.run(['export', '--format', 'jsonl', '--out', '-', ...extra])).stdout);
}

const refs = (items: Record<string, unknown>[]) => new Map(items.map((i) => [i.external_id, i.customer_ref]));

const HEADER = ['external_id', 'channel', 'source', 'created_at', 'text', 'customer_id'];
const ROWS = Array.from({ length: 30 }, (_, i) => [`R-${i}`, 'chat', 'crm', `2026-05-${String(1 + (i % 28)).padStart(2, '0')} 10:00`, `환불 문의 ${i}: 언제 입금되나요?`, `C-${i % 4}`]);

describe('sori backup / restore (embedded database, Korean)', () => {
  it('restores into the empty auto-created default of a fresh data folder; customer refs survive', { timeout: SLOW }, async () => {
    writeFileSync(source.file('items.csv'), toCsv(HEADER, ROWS));
    ok(await source.run(['import', 'items.csv']));
    ok(await source.run(['backup', 'bk.jsonl.gz']));
    writeFileSync(target.file('bk.jsonl.gz'), readFileSync(source.file('bk.jsonl.gz')));

    // The target's first command creates its (empty) default workspace; restore goes into it.
    expect(await exportJsonl(target)).toEqual([]);
    const r = ok(await target.run(['restore', 'bk.jsonl.gz']));
    expect(r.stdout).toContain('복원 완료: 워크스페이스 default');
    expect(refs(await exportJsonl(target))).toEqual(refs(await exportJsonl(source)));
  });

  it('refuses to restore into a workspace that has data; re-importing the same customers keeps their refs', { timeout: SLOW }, async () => {
    const before = await exportJsonl(target);
    const r = failed(await target.run(['restore', 'bk.jsonl.gz', '--as', 'default']), 1);
    expect(r.stderr).toContain('워크스페이스 "default"에 이미 데이터가 있습니다');
    expect(r.stderr).toContain('--as');
    expect(await exportJsonl(target)).toEqual(before);

    // The pseudonym key is the one the backup brought: the same customers get the same refs.
    writeFileSync(target.file('again.csv'), toCsv(HEADER, ROWS.map((row) => [`${row[0]}-again`, ...row.slice(1)])));
    ok(await target.run(['import', 'again.csv']));
    const all = await exportJsonl(target);
    expect(all).toHaveLength(60);
    for (const item of all.filter((i) => String(i.external_id).endsWith('-again'))) {
      expect(item.customer_ref).toBe(refs(before).get(String(item.external_id).replace(/-again$/, '')));
    }
  });

  it('a truncated backup: a clear message, exit 1, and no workspace left behind', { timeout: SLOW }, async () => {
    const gz = readFileSync(target.file('bk.jsonl.gz'));
    writeFileSync(target.file('cut.jsonl.gz'), gz.subarray(0, Math.floor(gz.length * 0.8)));
    const r = failed(await target.run(['restore', 'cut.jsonl.gz', '--as', 'cut']), 1);
    expect(r.stderr).toContain('백업 파일이 손상되었거나 잘렸습니다');
    const missing = failed(await target.run(['export', '--workspace', 'cut', '--format', 'jsonl', '--out', '-']), 1);
    expect(missing.stderr).toContain('workspace_not_found');
  });

  it('a missing file and a bad --as slug are usage errors (exit 2), in Korean or English', { timeout: SLOW }, async () => {
    const missing = failed(await target.run(['restore', 'no-such.jsonl.gz', '--as', 'x']), 2);
    expect(missing.stderr).toContain('백업 파일이 없습니다: no-such.jsonl.gz');
    const bad = failed(await target.run(['restore', 'bk.jsonl.gz', '--as', '한글 슬러그']), 2);
    expect(bad.stderr).toContain('워크스페이스 슬러그는 영문 소문자, 숫자, - 로 1–63자');
    const en = failed(await target.run(['restore', 'bk.jsonl.gz', '--as', 'Shop_2'], { SORI_LANG: 'en' }), 2);
    expect(en.stderr).toContain('a workspace slug is lower-case letters, digits and -');
  });

  it('a backup to a path that cannot be written: a clear message, exit 1', { timeout: SLOW }, async () => {
    const r = failed(await target.run(['backup', 'no-such-folder/bk.jsonl.gz']), 1);
    expect(r.stderr).toContain('백업 파일을 쓸 수 없습니다');
    expect(r.stderr).toContain('폴더가 없습니다');
  });
});
