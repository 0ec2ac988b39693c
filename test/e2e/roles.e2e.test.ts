/**
 * Roles in the browser: a viewer (made through POST /api/v1/users) signs in, reads the items,
 * and sees no Import entry; opening /import directly shows "access denied". An operator does see
 * it, but not Settings, and stops a large import mid-way (last: it leaves thousands of items); an
 * admin manages users and API tokens there.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, SEED, reportFailure, shot, shownText, signIn, startHarness, waitForRows, waitForTotal, waitForUrl, type Harness } from './harness.js';
import { fixtureText } from '../fixtures/adapters/load.js';

const VIEWER = { email: 'viewer@sori.test', password: 'e2e-reading-2026!', name: '열람 담당자' };
const OPERATOR = { email: 'operator@sori.test', password: 'e2e-triage-2026!', name: '운영 담당자' };
const ITEMS = SEED.slice(0, 3);

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

beforeAll(async () => {
  h = await startHarness(ITEMS);
  for (const [user, role] of [[VIEWER, 'viewer'], [OPERATOR, 'operator']] as const) {
    const created = await h.api('POST', '/users', { ...user, role });
    if (created.status !== 200) throw new Error(`creating the ${role} failed: ${created.status} ${JSON.stringify(created.body)}`);
  }
});

afterEach(async ({ task }) => {
  await reportFailure(task, active?.page, active?.errors);
});

afterAll(async () => {
  await h?.close();
});

async function signedIn(email: string, password: string, opts: { rows?: boolean } = {}) {
  const { page, errors } = await h.newPage();
  active = { page, errors };
  await signIn(page, '/items', { email, password }); // the page these tests start from (home is /overview)
  if (opts.rows !== false) await waitForRows(page, ITEMS.map(shownText));
  return { page, errors };
}

/** A sign-in from outside the browser (its own cookie-less request): the page's session stays. */
async function loginStatus(email: string, password: string): Promise<number> {
  const res = await fetch(`${h.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return res.status;
}

async function text(page: Page, testId: string): Promise<string> {
  return ((await page.textContent(`[data-testid="${testId}"]`)) ?? '').trim();
}

describe('roles (headless Chromium)', () => {
  it('7. a viewer reads items but has no Import entry, and /import is denied', async () => {
    const { page, errors } = await signedIn(VIEWER.email, VIEWER.password);
    await waitForTotal(page, ITEMS.length);
    expect(await page.getAttribute('[data-testid="user-role"]', 'data-role')).toBe('viewer');
    expect((await page.textContent('[data-testid="user-role"]'))?.trim()).toBe('열람자');
    expect(await page.locator('[data-testid="nav-items"]').count()).toBe(1);
    expect(await page.locator('[data-testid="nav-import"]').count()).toBe(0);
    // Reading is allowed: the export link is there for a viewer too.
    expect(await page.locator('[data-testid="export-csv"]').count()).toBe(1);
    await shot(page, '13-viewer-items');

    await page.goto('/import');
    await page.waitForSelector('[data-testid="forbidden"]');
    expect(await page.locator('[data-testid="import-form"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="forbidden"]')).toContain('권한이 없습니다');
    await shot(page, '14-viewer-import-forbidden');

    // The server agrees: a viewer's upload is refused.
    const status = await page.evaluate(async () => {
      const form = new FormData();
      form.append('file', new File(['external_id,channel,source,created_at,text\nX,chat,s,2026-11-01,안녕'], 'x.csv'));
      return (await fetch('/api/v1/imports', { method: 'POST', body: form })).status;
    });
    expect(status).toBe(403);
    expect(errors).toEqual([]);
  });

  it('an operator sees the Import entry, but not Settings', async () => {
    const { page, errors } = await signedIn(OPERATOR.email, OPERATOR.password);
    expect(await page.getAttribute('[data-testid="user-role"]', 'data-role')).toBe('operator');
    expect(await page.locator('[data-testid="nav-import"]').count()).toBe(1);
    expect(await page.locator('[data-testid="nav-settings"]').count()).toBe(0);
    await page.click('[data-testid="nav-import"]');
    await page.waitForSelector('[data-testid="import-form"]');
    await page.goto('/settings');
    await page.waitForSelector('[data-testid="forbidden"]');
    expect(await page.locator('[data-testid="settings-page"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('an admin adds a user, changes roles, disables them, and makes a token that works until it is revoked', async () => {
    const { page, errors } = await signedIn(ADMIN.email, ADMIN.password);
    await page.click('[data-testid="nav-settings"]');
    await waitForUrl(page, (u) => u.pathname === '/settings');
    await page.waitForSelector('[data-testid="users-table"]');
    // The admin's own row cannot change its role or disable itself (no lock-out by accident).
    const own = page.locator(`[data-testid="user-row"][data-email="${ADMIN.email}"]`);
    expect(await own.locator('[data-testid="user-role-select"]').isDisabled()).toBe(true);
    expect(await own.locator('[data-testid="user-toggle"]').count()).toBe(0);

    // A new operator, with a name that is markup: shown as text.
    const email = 'newbie@sori.test';
    await page.fill('[data-testid="user-new-email"]', email);
    await page.fill('[data-testid="user-new-name"]', '<b>신입</b> 상담원');
    await page.selectOption('[data-testid="user-new-role"]', 'operator');
    await page.fill('[data-testid="user-new-password"]', 'short');
    expect(await page.locator('[data-testid="user-new-submit"]').isDisabled()).toBe(true);
    await page.fill('[data-testid="user-new-password"]', 'first-day-2026!');
    await page.click('[data-testid="user-new-submit"]');
    await page.waitForSelector('[data-testid="user-created"]');
    const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('<b>신입</b> 상담원');
    expect(await page.locator('[data-testid="settings-users"] b').count()).toBe(0);
    await row.locator('[data-testid="user-role-select"]').selectOption('viewer');
    await row.locator('[data-testid="user-role-confirm-yes"]').click(); // a role change asks first
    await page.waitForFunction(async (e) => {
      const res = await fetch('/api/v1/users');
      const { users } = await res.json();
      return users.find((u: any) => u.email === e)?.role === 'viewer';
    }, email);
    // The admin resets the newcomer's password (a forgotten one) while the server runs: the new one signs in.
    await row.locator('[data-testid="user-reset-password"]').click();
    await page.fill('[data-testid="user-reset-input"]', 'second-day-2026!');
    await page.click('[data-testid="user-reset-submit"]');
    expect(await text(page, 'user-password-set')).toBe(`${email}의 비밀번호를 바꿨습니다. 그 사용자의 로그인은 모두 끝났습니다.`);
    expect(await loginStatus(email, 'first-day-2026!')).toBe(401);
    expect(await loginStatus(email, 'second-day-2026!')).toBe(200);
    await row.locator('[data-testid="user-toggle"]').click();
    await row.locator('[data-testid="user-toggle-question"]').waitFor(); // asked first, like revoking a token
    await row.locator('[data-testid="user-toggle"]').click();
    await page.waitForSelector(`[data-testid="user-row"][data-email="${email}"][data-disabled="true"]`);
    // Disabled: the new user cannot sign in.
    const login = await page.evaluate(async (e) => (await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: e, password: 'second-day-2026!' }) })).status, email);
    expect(login).toBeGreaterThanOrEqual(400);

    // A token for an integration: the secret is shown once and works; revoked, it stops working.
    await page.fill('[data-testid="token-new-name"]', '채널톡 연동');
    await page.click('[data-testid="token-new-submit"]');
    await page.waitForSelector('[data-testid="token-secret"]');
    const secret = (await page.innerText('[data-testid="token-secret"]')).trim();
    expect(secret.length).toBeGreaterThan(20);
    const tokenRow = page.locator('[data-testid="token-row"]').filter({ hasText: '채널톡 연동' });
    await tokenRow.waitFor();
    expect(await tokenRow.locator('[data-testid="token-scope"]').allInnerTexts()).toEqual(['보내기']);
    await shot(page, '15-admin-settings');
    let sent = 0;
    const send = (token: string) =>
      fetch(`${h.baseUrl}/api/v1/items`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ items: [{ external_id: `settings-token-${++sent}`, channel: 'chat', source: 'channeltalk', created_at: '2026-11-20T10:00:00+09:00', text: '연동 토큰으로 보낸 문의입니다' }] }),
      }).then((r) => r.status);
    expect(await send(secret)).toBe(200);
    await tokenRow.locator('[data-testid="token-revoke"]').click();
    await tokenRow.locator('[data-testid="token-revoke-question"]').waitFor();
    expect(await send(secret)).toBe(200); // asking is not revoking
    await tokenRow.locator('[data-testid="token-revoke"]').click();
    await tokenRow.waitFor({ state: 'detached' });
    await page.waitForSelector('[data-testid="tokens-revoked"]');
    expect(await send(secret)).toBe(401);
    expect(errors).toEqual([]);
  });
  it('an admin connects Channel Talk from Settings (the shown URL with its token receives messages) and adds an inquiry type', async () => {
    // (The test before sent items with its token: the list is not the seed's any more.)
    const { page, errors } = await signedIn(ADMIN.email, ADMIN.password, { rows: false });
    await page.click('[data-testid="nav-settings"]');
    await page.waitForSelector('[data-testid="settings-webhooks"]');
    await page.selectOption('[data-testid="webhook-new-adapter"]', 'channeltalk');
    await page.fill('[data-testid="webhook-new-source"]', 'channeltalk-e2e');
    await page.click('[data-testid="webhook-new-submit"]');
    await page.waitForSelector('[data-testid="webhook-created-url"]');
    const shownUrl = (await page.innerText('[data-testid="webhook-created-url"]')).trim();
    expect(shownUrl).toMatch(/\/api\/v1\/webhooks\/[^?]+\?token=.{16,}$/);
    const row = page.locator('[data-testid="webhook-row"]').filter({ hasText: 'channeltalk-e2e' });
    await row.waitFor();
    // The list never shows the token again.
    const token = new URL(shownUrl).searchParams.get('token')!;
    expect(await page.locator('[data-testid="webhooks-table"]').innerText()).not.toContain(token);
    // The URL as shown (its path, on this server) takes a Channel Talk message; a wrong token is refused.
    const url = new URL(shownUrl);
    const post = (search: string) =>
      fetch(`${h.baseUrl}${url.pathname}${search}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: fixtureText('channeltalk-message-user.json') });
    expect((await post('?token=wrong-token-0000000000')).status).toBe(401);
    const delivered = await post(url.search);
    expect(delivered.status).toBe(200);
    expect(await delivered.json()).toMatchObject({ inserted: 1 });

    // A team's own type: added, saved, there after a reload; a key that exists is refused.
    await page.waitForSelector('[data-testid="taxonomy-row"]');
    await page.fill('[data-testid="taxonomy-new-key"]', 'bug');
    expect(await page.locator('[data-testid="taxonomy-new-add"]').isDisabled()).toBe(true);
    await page.fill('[data-testid="taxonomy-new-key"]', 'partnership');
    await page.fill('[data-testid="taxonomy-new-ko"]', '제휴·입점');
    await page.fill('[data-testid="taxonomy-new-en"]', 'Partnership');
    await page.click('[data-testid="taxonomy-new-add"]');
    await page.click('[data-testid="taxonomy-save"]');
    await page.waitForSelector('[data-testid="taxonomy-saved"]');
    await shot(page, '15b-settings-webhooks-types');
    await page.reload();
    await page.waitForSelector('[data-testid="taxonomy-row"][data-key="partnership"]');
    const types = await page.evaluate(async () => (await (await fetch('/api/v1/taxonomy/types')).json()).types.map((t: { key: string }) => t.key));
    expect(types).toContain('partnership');
    expect(types).toContain('bug');
    expect(errors).toEqual([]);
  });
  it('any user changes their own password from 내 계정 (the e-mail in the header): a wrong current one is said, the new one signs in', async () => {
    // (Earlier tests sent items: the list is not the seed's any more.)
    const { page, errors } = await signedIn(VIEWER.email, VIEWER.password, { rows: false });
    await page.click('[data-testid="account-link"]');
    await waitForUrl(page, (u) => u.pathname === '/account');
    expect(await text(page, 'account-email')).toBe(VIEWER.email);
    const next = 'e2e-reading-2027!';
    await page.fill('[data-testid="account-current-password"]', 'not-my-password-1');
    await page.fill('[data-testid="account-new-password"]', next);
    await page.fill('[data-testid="account-again-password"]', 'e2e-reading-2028!');
    expect(await text(page, 'account-mismatch')).toBe('새 비밀번호가 서로 다릅니다.');
    expect(await page.locator('[data-testid="account-submit"]').isDisabled()).toBe(true);
    await page.fill('[data-testid="account-again-password"]', next);
    await page.click('[data-testid="account-submit"]');
    await page.waitForSelector('[data-testid="account-error"]');
    expect(await text(page, 'account-error')).toContain('현재 비밀번호가 올바르지 않습니다');
    await page.fill('[data-testid="account-current-password"]', VIEWER.password);
    await page.click('[data-testid="account-submit"]');
    await page.waitForSelector('[data-testid="account-done"]');
    await shot(page, '19-account-password');
    // Still signed in here; elsewhere the old password no longer works and the new one does.
    await page.click('[data-testid="nav-items"]');
    await waitForUrl(page, (u) => u.pathname === '/items');
    expect(await loginStatus(VIEWER.email, VIEWER.password)).toBe(401);
    expect(await loginStatus(VIEWER.email, next)).toBe(200);
    expect(errors).toEqual([]);
  });
  it('an operator stops a large import from the page while the server stores it, and another run from the history; the stored batches stay', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sori-e2e-stop-'));
    try {
      // Long enough to be caught mid-way: 60,000 rows, about ten seconds of storing here.
      const big = path.join(dir, '상담내역_전체.csv');
      const rows = Array.from({ length: 60_000 }, (_, i) => `STOP-${i},chat,2026-11-20 10:${String(i % 60).padStart(2, '0')},주문 ${i}번 배송이 아직 안 왔어요 확인 부탁드립니다`);
      await writeFile(big, ['티켓번호,채널,접수일시,문의내용', ...rows].join('\r\n') + '\r\n');
      const { page, errors } = await signedIn(OPERATOR.email, OPERATOR.password, { rows: false });
      await page.click('[data-testid="nav-import"]');
      await page.waitForSelector('[data-testid="import-form"]');
      await page.setInputFiles('[data-testid="import-file"]', big);
      await page.waitForSelector('[data-testid="import-mapper"]');
      await page.fill('[data-testid="import-source"]', 'e2e-stop-page');
      if (await page.isChecked('[data-testid="import-dry-run"]')) await page.uncheck('[data-testid="import-dry-run"]');
      await page.click('[data-testid="import-submit"]');
      // Once the server has the file, its run shows up and can be stopped.
      await page.click('[data-testid="import-stop"]', { timeout: 60_000 });
      await page.waitForSelector('[data-testid="import-error"]', { timeout: 60_000 });
      expect(await text(page, 'import-error')).toContain('가져오기를 중지했습니다');
      const runs = async () => (await h.api('GET', '/imports')).body.runs as { id: string; status: string; inserted: number; total_rows: number; cancel_requested_by: string | null; source: string }[];
      const stopped = (await runs()).find((r) => r.source === 'e2e-stop-page')!;
      expect(stopped).toMatchObject({ status: 'cancelled', cancel_requested_by: OPERATOR.email });
      expect(stopped.inserted).toBeGreaterThan(0);
      expect(stopped.inserted).toBeLessThan(60_000);
      expect((await h.api('GET', '/items/summary?source=e2e-stop-page')).body.total).toBe(stopped.inserted);
      await page.waitForFunction(
        (id) => /중지됨/.test(document.querySelector(`[data-testid="import-history-row"][data-run="${id}"]`)?.textContent ?? ''),
        stopped.id,
      );
      expect(await page.textContent(`[data-testid="import-history-row"][data-run="${stopped.id}"] [data-testid="import-history-stopped-by"]`)).toContain(`${OPERATOR.email} 님이 중지`);

      // A run another client started (here an API upload) is stopped from the history.
      const form = new FormData();
      form.append('file', new Blob([await readFile(big)]), '상담내역_전체.csv');
      form.append('source', 'e2e-stop-api');
      const upload = fetch(`${h.baseUrl}/api/v1/imports`, { method: 'POST', headers: { Cookie: h.adminCookie }, body: form });
      let runId = '';
      for (let i = 0; i < 200 && !runId; i++) {
        runId = (await runs()).find((r) => r.source === 'e2e-stop-api' && r.status === 'running')?.id ?? '';
        if (!runId) await new Promise((r) => setTimeout(r, 100));
      }
      expect(runId).not.toBe('');
      await page.reload();
      await page.click(`[data-testid="import-history-row"][data-run="${runId}"] [data-testid="import-history-stop"]`);
      const answer = await upload;
      expect(answer.status).toBe(409);
      expect((await answer.json()).code).toBe('import_cancelled');
      await page.waitForFunction(
        (id) => /중지됨/.test(document.querySelector(`[data-testid="import-history-row"][data-run="${id}"]`)?.textContent ?? ''),
        runId,
      );
      const fromApi = (await runs()).find((r) => r.id === runId)!;
      expect(fromApi).toMatchObject({ status: 'cancelled', cancel_requested_by: OPERATOR.email });
      expect((await h.api('GET', '/items/summary?source=e2e-stop-api')).body.total).toBe(fromApi.inserted);
      await shot(page, 'roles-import-stopped');
      expect(errors).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
