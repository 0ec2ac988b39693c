import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { freePort, makeSandbox, startSori as startRaw, waitForExit, type SoriResult } from './run-sori.js';

const SLOW = 120_000;
const sb = makeSandbox('ops', 'ko');
const startSori = (args: string[], extraEnv: NodeJS.ProcessEnv) => startRaw(args, { cwd: sb.dir, env: { ...sb.env, ...extraEnv } });
afterAll(() => sb.remove());

const describeRun = (r: SoriResult) => `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
/** One clear line, no stack trace. */
const noStack = (r: SoriResult) => expect(r.stderr, describeRun(r)).not.toMatch(/\n\s+at /);

describe('sori CLI: operational failures are one clear line, in both languages', () => {
  it('an unreachable or missing PostgreSQL database', { timeout: SLOW }, async () => {
    const port = await freePort(); // nothing listens there
    const down = await sb.run(['users', 'list'], { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test` });
    expect(down.code, describeRun(down)).toBe(1);
    expect(down.stderr).toContain('cannot reach the database');
    expect(down.stderr).toContain('데이터베이스에 연결할 수 없습니다');
    noStack(down);
  });

  it('a port in use, a bad --port, and an empty PORT= (unset, not "any port")', { timeout: SLOW }, async () => {
    const busy = createServer();
    const port = await freePort();
    await new Promise<void>((r) => busy.listen(port, '127.0.0.1', () => r()));
    try {
      const taken = await sb.run(['serve'], { PORT: String(port), SORI_ADMIN_EMAIL: 'a@example.com', SORI_ADMIN_PASSWORD: 'correct horse battery' });
      expect(taken.code, describeRun(taken)).toBe(1);
      expect(taken.stderr).toContain('already in use');
      expect(taken.stderr).toContain('이미 다른 프로그램이 쓰고 있습니다');
      noStack(taken);
    } finally {
      busy.close();
    }
    const badPort = await sb.run(['serve', '--port', 'abc']);
    expect(badPort.code, describeRun(badPort)).toBe(2);
    expect(badPort.stderr).toContain('--port는 0–65535 사이의 정수여야 합니다: abc');
    // PORT= means unset: the default applies and the config is valid (no configuration error, exit 78).
    const empty = await sb.run(['workspaces', 'list'], { PORT: '', SORI_LANG: '' });
    expect(empty.code, describeRun(empty)).toBe(0);
  });

  it('only one of SORI_ADMIN_EMAIL / SORI_ADMIN_PASSWORD is a configuration error naming the other', { timeout: SLOW }, async () => {
    const r = await sb.run(['users', 'list'], { SORI_ADMIN_EMAIL: 'admin@example.com' });
    expect(r.code, describeRun(r)).toBe(78);
    // In the CLI's language only (SORI_LANG=ko here): the Korean half of the core's message.
    expect(r.stderr).toContain('설정 오류:\n  - SORI_ADMIN_PASSWORD: SORI_ADMIN_EMAIL과 SORI_ADMIN_PASSWORD는 함께 설정하세요');
    expect(r.stderr).not.toContain('set SORI_ADMIN_EMAIL and SORI_ADMIN_PASSWORD together');
  });

  it('users create takes SORI_NEW_PASSWORD; with no password and no terminal it says so instead of waiting', { timeout: SLOW }, async () => {
    const none = await sb.run(['users', 'create', '--email', 'op@example.com', '--role', 'operator']);
    expect(none.code, describeRun(none)).toBe(2);
    expect(none.stderr).toContain('SORI_NEW_PASSWORD');
    const made = await sb.run(['users', 'create', '--email', 'op@example.com', '--role', 'operator'], { SORI_NEW_PASSWORD: '운영자-비밀번호-2026' });
    expect(made.code, describeRun(made)).toBe(0);
    const noRole = await sb.run(['users', 'create', '--email', 'x@example.com']);
    expect(noRole.stderr).toContain('--role 이(가) 필요합니다 (admin|operator|viewer)');
  });

  it('tokens: scopes may be written with spaces; revoke without a valid --id is a usage error', { timeout: SLOW }, async () => {
    const made = await sb.run(['tokens', 'create', '--name', '연동 토큰', '--scopes', 'read, ingest']);
    expect(made.code, describeRun(made)).toBe(0);
    expect(made.stdout).toMatch(/^sori_pat_|^[A-Za-z0-9_-]+/);
    const noId = await sb.run(['tokens', 'revoke']);
    expect(noId.code, describeRun(noId)).toBe(2);
    expect(noId.stderr).toContain('--id 에 폐기할 토큰 번호를 주세요');
  });

  it('a closed stdout (sori … | head) ends quietly, and what was stored stays', { timeout: SLOW }, async () => {
    writeFileSync(sb.file('pipe.csv'), 'external_id,created_at,text\nP-1,2026-11-01 10:00,파이프 테스트\n');
    const child = startSori(['import', 'pipe.csv', '--channel', 'chat', '--source', 'pipe'], {});
    child.stdout!.destroy(); // the reader went away before Sori wrote its summary
    const r = await waitForExit(child);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stderr).not.toContain('EPIPE');
    const out = await sb.run(['export', '--format', 'jsonl', '--out', '-', '--source', 'pipe']);
    expect(out.stdout).toContain('P-1');
  });

  it('sori demo delete leaves alone a real workspace called demo', { timeout: SLOW }, async () => {
    // A team's own workspace named "demo": a backup of the (empty) default restored under that slug.
    expect((await sb.run(['backup', 'default.jsonl.gz'])).code).toBe(0);
    const made = await sb.run(['restore', 'default.jsonl.gz', '--as', 'demo']);
    expect(made.code, describeRun(made)).toBe(0);
    const del = await sb.run(['demo', 'delete']);
    expect(del.code, describeRun(del)).toBe(1);
    expect(del.stderr).toContain('데모가 아닌 실제 데이터입니다');
    const list = await sb.run(['workspaces', 'list']);
    expect(list.stdout).toMatch(/\bdemo\b/);
    expect(list.stdout).toContain('(demo)'); // a copy restored under another slug says so in its name
    const load = await sb.run(['demo', '--days', '0']);
    expect(load.code, describeRun(load)).toBe(2);
  });

  it('deleting the real demo is written to the audit log', { timeout: SLOW }, async () => {
    const other = makeSandbox('ops-demo', 'ko');
    try {
      expect((await other.run(['demo', '--days', '2'])).code).toBe(0);
      const del = await other.run(['demo', 'delete']);
      expect(del.code, describeRun(del)).toBe(0);
      const db = await openDb({ dataDir: path.join(other.dataDir, 'pglite') });
      try {
        const rows = await db.query<{ actor: string; action: string; target: string }>("SELECT actor, action, target FROM audit_log WHERE action = 'workspace.delete'");
        expect(rows).toEqual([{ actor: 'cli', action: 'workspace.delete', target: 'demo' }]);
      } finally {
        await db.close();
      }
    } finally {
      other.remove();
    }
  });
});
