// `sori demo` and `sori demo delete` while `sori serve` holds the embedded data folder: refused
// without a token (the folder is not opened), through the server with an admin-scope SORI_TOKEN —
// the same summary, and advice to pick the workspace in the menu rather than to restart the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, freePort, makeSandbox, waitForExit, waitForHealth, type Sandbox, type SoriResult, type startSori } from './run-sori.js';

// Nine runs of the CLI and a server on two shared cores.
const SLOW = 300_000;
const ADMIN = { email: 'admin@example.com', password: 'change-me-now!' };

let sb: Sandbox;
let server: ReturnType<typeof startSori> | null = null;

beforeAll(() => {
  sb = makeSandbox('demo-server', 'ko');
});

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await waitForExit(server);
  }
  sb?.remove();
});

function exits(r: SoriResult, code: number): SoriResult {
  expect(r.code, describeRun(r)).toBe(code);
  expect(r.stderr, describeRun(r)).not.toMatch(/\n\s+at |Unhandled|node:internal/);
  return r;
}

describe('sori demo through a running server', () => {
  it('loads and deletes the demo through sori serve with an admin token, saying to pick it in the menu', { timeout: SLOW }, async () => {
    const made = exits(await sb.run(['tokens', 'create', '--name', 'demo', '--scopes', 'admin']), 0);
    const adminToken = made.stdout.trim();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = sb.start(['serve'], { PORT: String(port), HOST: '127.0.0.1', SORI_ADMIN_EMAIL: ADMIN.email, SORI_ADMIN_PASSWORD: ADMIN.password });
    await waitForHealth(`${base}/healthz`, server, 120_000);

    // No token: refused as before, with the hint, and nothing loaded.
    const blocked = exits(await sb.run(['demo', '--days', '2']), 75);
    expect(blocked.stderr).toContain('admin 권한의 API 토큰');

    const through = exits(await sb.run(['demo', '--days', '2', '--seed', '3'], { SORI_TOKEN: adminToken }), 0);
    expect(through.stderr).toContain(`실행 중인 서버(${base})`);
    expect(through.stdout).toMatch(/데모 워크스페이스 "demo": 항목 [\d,]+건 \(신규 [\d,]+\), 지표 [\d,]+건, 이슈 \d+개\./);
    expect(through.stdout).toContain('워크스페이스 메뉴에서 "데모: 소리마켓 (가상 데이터)"를 고르세요 (열려 있는 페이지는 새로 고침하세요)');
    expect(through.stdout).not.toContain('서버를 다시 켠 뒤');
    const items = Number(/항목 ([\d,]+)건/.exec(through.stdout)![1]!.replace(/,/g, ''));
    expect(items).toBeGreaterThan(100);

    // The running server has it at once: an admin signed in sees the demo workspace and its items.
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ADMIN) });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('sori_session='))!.split(';')[0]!;
    const workspaces = (await (await fetch(`${base}/api/v1/workspaces`, { headers: { Cookie: cookie } })).json()) as { workspaces: { slug: string; is_demo: boolean }[] };
    expect(workspaces.workspaces.find((w) => w.slug === 'demo')).toMatchObject({ is_demo: true });
    const summary = (await (await fetch(`${base}/api/v1/items/summary?workspace=demo`, { headers: { Cookie: cookie } })).json()) as { total: number };
    expect(summary.total).toBe(items);

    // Again, in English: the same data is not written twice.
    const again = exits(await sb.run(['demo', '--days', '2', '--seed', '3'], { SORI_TOKEN: adminToken, SORI_LANG: 'en' }), 0);
    expect(again.stdout).toContain(`demo workspace "demo": ${items.toLocaleString('en')} items (0 new)`);
    expect(again.stdout).toContain('Pick "데모: 소리마켓 (가상 데이터)" in the workspace menu (reload a page that is open).');
    expect(again.stdout).not.toContain('Start the server again');

    // A team's own workspace is refused by the server with the CLI's words; the demo is deleted, then there is none.
    const real = exits(await sb.run(['demo', 'delete', '--workspace', 'default'], { SORI_TOKEN: adminToken }), 1);
    expect(real.stderr).toContain('"default" 워크스페이스는 데모가 아닌 실제 데이터입니다');
    const deleted = exits(await sb.run(['demo', 'delete'], { SORI_TOKEN: adminToken }), 0);
    expect(deleted.stdout).toContain('데모 워크스페이스를 지웠습니다.');
    const none = exits(await sb.run(['demo', 'delete'], { SORI_TOKEN: adminToken }), 0);
    expect(none.stdout).toContain('데모 워크스페이스가 없습니다.');
    const after = (await (await fetch(`${base}/api/v1/workspaces`, { headers: { Cookie: cookie } })).json()) as { workspaces: { slug: string }[] };
    expect(after.workspaces.map((w) => w.slug)).not.toContain('demo');

    server.kill('SIGTERM');
    await waitForExit(server);
    // With the server stopped, the command works on the folder itself and says to start the server again.
    const local = exits(await sb.run(['demo', '--days', '1']), 0);
    expect(local.stdout).toContain('서버를 다시 켠 뒤(npm start)');
  });
});
