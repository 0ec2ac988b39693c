// `sori import undo RUN_ID` and `sori customers erase CUSTOMER_ID`: a preview first, nothing deleted
// without --yes when no one can be asked; on the data folder, or — while `sori serve` holds it —
// through the server with an admin-scope SORI_TOKEN, never opening the folder under it.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, freePort, makeSandbox, parseJsonl, toCsv, waitForExit, waitForHealth, type Sandbox, type startSori } from './run-sori.js';

const SLOW = 180_000;

let sb: Sandbox;
let server: ReturnType<typeof startSori> | null = null;

beforeAll(() => {
  sb = makeSandbox('removal', 'ko');
});

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await waitForExit(server);
  }
  sb?.remove();
});

const HEADER = ['external_id', 'channel', 'source', 'created_at', 'text', 'customer_id'];
const FIRST = [1, 2, 3].map((n) => [`R-${n}`, 'chat', 'shop', `2026-04-0${n} 10:00`, `배송 문의 ${n}: 언제 도착하나요`, `RU-${n}`]);
const WRONG = [
  ['R-3', 'chat', 'shop', '2026-04-03 10:00', '배송 문의 3: 언제 도착하나요 (수정)', 'RU-3'],
  ['W-1', 'chat', 'shop', '2026-04-05 10:00', '잘못 올린 파일의 문의 하나', 'RU-1'],
  ['W-2', 'email', 'shop', '2026-04-06 10:00', '잘못 올린 파일의 문의 둘', 'RU-9'],
];

const exported = async (extra: NodeJS.ProcessEnv = {}) => {
  const r = await sb.run(['export', '--format', 'jsonl', '--out', '-'], extra);
  expect(r.code, describeRun(r)).toBe(0);
  return parseJsonl(r.stdout).map((i) => i.external_id as string).sort();
};
const runIdOf = (stdout: string) => String((JSON.parse(stdout.trim().split('\n').at(-1)!) as { run_id: string }).run_id);

describe('sori import undo / sori customers erase', () => {
  it('previews, refuses without --yes when it cannot ask, undoes and erases with --yes; through a running server with an admin token', { timeout: SLOW }, async () => {
    writeFileSync(sb.file('first.csv'), toCsv(HEADER, FIRST));
    writeFileSync(sb.file('wrong.csv'), toCsv(HEADER, WRONG));
    const first = await sb.run(['import', 'first.csv', '--json']);
    expect(first.code, describeRun(first)).toBe(0);
    const wrong = await sb.run(['import', 'wrong.csv', '--json']);
    expect(wrong.code, describeRun(wrong)).toBe(0);
    const [firstRun, wrongRun] = [runIdOf(first.stdout), runIdOf(wrong.stdout)];

    const bad = await sb.run(['import', 'undo', 'abc']);
    expect(bad.code, describeRun(bad)).toBe(2);

    // No terminal to ask on: the preview, and nothing deleted.
    const asked = await sb.run(['import', 'undo', wrongRun]);
    expect(asked.code, describeRun(asked)).toBe(1);
    expect(asked.stdout).toContain(`가져오기 ${wrongRun}`);
    expect(asked.stdout).toContain('항목 2건을 삭제합니다');
    expect(asked.stdout).toContain('변경만 한 항목 1건은 지금 상태로 남습니다');
    expect(asked.stderr).toContain('--yes');
    expect(await exported()).toEqual(['R-1', 'R-2', 'R-3', 'W-1', 'W-2']);

    const undone = await sb.run(['import', 'undo', wrongRun, '--yes', '--json']);
    expect(undone.code, describeRun(undone)).toBe(0);
    expect(JSON.parse(undone.stdout.trim())).toMatchObject({ run_id: wrongRun, deleted: 2, updated_kept: 1 });
    expect(await exported()).toEqual(['R-1', 'R-2', 'R-3']);
    // Flags may come before the subcommand; a run undone already gets its reason, no promise of a deletion first.
    const twice = await sb.run(['import', '--workspace', 'default', 'undo', wrongRun, '--yes']);
    expect(twice.code, describeRun(twice)).toBe(1);
    expect(twice.stderr).toContain('[already_undone]');
    expect(twice.stdout).not.toContain('삭제합니다');
    expect(twice.stderr).toContain('이미 되돌린 가져오기입니다');

    const erased = await sb.run(['customers', 'erase', 'RU-1', '--yes']);
    expect(erased.code, describeRun(erased)).toBe(0);
    expect(erased.stdout).toMatch(/고객 c_[A-Za-z0-9_-]{16}: 항목 1건을 삭제합니다/);
    expect(erased.stdout).toContain('항목 1건');
    expect(await exported()).toEqual(['R-2', 'R-3']);
    expect((await sb.run(['customers', 'frob'])).code).toBe(2);

    // While the server holds the folder: refused without a token (the folder is not opened), through it with one.
    const made = await sb.run(['tokens', 'create', '--name', 'removal', '--scopes', 'admin']);
    expect(made.code, describeRun(made)).toBe(0);
    const adminToken = made.stdout.trim();
    const port = await freePort();
    server = sb.start(['serve'], { PORT: String(port), HOST: '127.0.0.1', SORI_ADMIN_EMAIL: 'admin@example.com', SORI_ADMIN_PASSWORD: 'change-me-now!' });
    await waitForHealth(`http://127.0.0.1:${port}/healthz`, server, 120_000);
    const blocked = await sb.run(['import', 'undo', firstRun, '--yes']);
    expect(blocked.code, describeRun(blocked)).toBe(75);
    expect(blocked.stderr).toContain('admin 권한의 API 토큰');
    const through = await sb.run(['import', 'undo', firstRun, '--yes'], { SORI_TOKEN: adminToken });
    expect(through.code, describeRun(through)).toBe(0);
    expect(through.stderr).toContain(`실행 중인 서버(http://127.0.0.1:${port})`);
    expect(through.stdout).toContain(`가져오기 ${firstRun}를 되돌렸습니다: 항목 2건 삭제`);
    const erasedThrough = await sb.run(['customers', 'erase', 'RU-9', '--yes', '--json'], { SORI_TOKEN: adminToken });
    expect(erasedThrough.code, describeRun(erasedThrough)).toBe(0);
    expect(JSON.parse(erasedThrough.stdout.trim())).toMatchObject({ deleted: 0, dry_run: false });
    const items = (await (await fetch(`http://127.0.0.1:${port}/api/v1/items`, { headers: { Authorization: `Bearer ${adminToken}` } })).json()) as { items: { external_id: string }[] };
    // R-3 was created by the first run (the wrong file only updated it): undoing the first run took it.
    expect(items.items.map((i) => i.external_id)).toEqual([]);
    server.kill('SIGTERM');
    await waitForExit(server);
  });
});
