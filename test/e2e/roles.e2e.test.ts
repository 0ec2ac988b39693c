/**
 * Roles in the browser: a viewer (made through POST /api/v1/users) signs in, reads the items,
 * and sees no Import entry; opening /import directly shows "access denied". An operator does see it.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SEED, reportFailure, shot, shownText, startHarness, waitForRows, waitForTotal, waitForUrl, type Harness } from './harness.js';

const VIEWER = { email: 'viewer@sori.test', password: 'e2e-viewer-pass-2026', name: '열람 담당자' };
const OPERATOR = { email: 'operator@sori.test', password: 'e2e-operator-pass-2026', name: '운영 담당자' };
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

async function signIn(email: string, password: string) {
  const { page, errors } = await h.newPage();
  active = { page, errors };
  await page.goto('/login?next=%2Fitems'); // the page these tests start from (home is /overview)
  await page.fill('[data-testid="login-email"]', email);
  await page.fill('[data-testid="login-password"]', password);
  await page.click('[data-testid="login-submit"]');
  await waitForUrl(page, (u) => u.pathname === '/items');
  await waitForRows(page, ITEMS.map(shownText));
  return { page, errors };
}

describe('roles (headless Chromium)', () => {
  it('7. a viewer reads items but has no Import entry, and /import is denied', async () => {
    const { page, errors } = await signIn(VIEWER.email, VIEWER.password);
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

  it('an operator sees the Import entry', async () => {
    const { page, errors } = await signIn(OPERATOR.email, OPERATOR.password);
    expect(await page.getAttribute('[data-testid="user-role"]', 'data-role')).toBe('operator');
    expect(await page.locator('[data-testid="nav-import"]').count()).toBe(1);
    await page.click('[data-testid="nav-import"]');
    await page.waitForSelector('[data-testid="import-form"]');
    expect(errors).toEqual([]);
  });
});
