/**
 * Several workspaces in the browser: the picker lists them, switching shows only that
 * workspace's items (and survives a reload), and switching back restores the default.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, SEED, reportFailure, shot, shownText, startHarness, waitForRows, waitForTotal, waitForUrl, type Harness } from './harness.js';

const ITEMS = SEED.slice(0, 2);
const OTHER_TEXT = '데모 워크스페이스에만 있는 문의: 쿠폰이 적용되지 않아요';

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

beforeAll(async () => {
  h = await startHarness(ITEMS);
  const created = await h.api('POST', '/workspaces', { slug: 'shop-b', name: '두 번째 쇼핑몰' });
  if (created.status !== 200) throw new Error(`creating the workspace failed: ${created.status} ${JSON.stringify(created.body)}`);
  const res = await fetch(`${h.baseUrl}/api/v1/items`, {
    method: 'POST',
    headers: { Cookie: h.adminCookie, 'Content-Type': 'application/json', 'X-Sori-Workspace': 'shop-b' },
    body: JSON.stringify({ external_id: 'B-1', channel: 'chat', source: 'e2e-b', created_at: '2026-11-10 10:00', text: OTHER_TEXT }),
  });
  if (res.status !== 200) throw new Error(`seeding shop-b failed: ${res.status} ${await res.text()}`);
});

afterEach(async ({ task }) => {
  await reportFailure(task, active?.page, active?.errors);
});

afterAll(async () => {
  await h?.close();
});

describe('workspaces', () => {
  it('switches to another workspace, keeps it after a reload, and switches back', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    await page.goto('/login?next=%2Fitems'); // the page these tests start from (home is /overview)
    await page.fill('[data-testid="login-email"]', ADMIN.email);
    await page.fill('[data-testid="login-password"]', ADMIN.password);
    await page.click('[data-testid="login-submit"]');
    await waitForUrl(page, (u) => u.pathname === '/items');
    await waitForRows(page, ITEMS.map(shownText));

    const picker = page.locator('[data-testid="workspace-select"]');
    await picker.waitFor();
    expect(await picker.locator('option').allInnerTexts()).toEqual(expect.arrayContaining(['두 번째 쇼핑몰']));
    await picker.selectOption('shop-b');
    await waitForRows(page, [OTHER_TEXT]);
    await waitForTotal(page, 1);
    await shot(page, '20-workspace-switched');

    await page.reload();
    await waitForRows(page, [OTHER_TEXT]);
    expect(await page.locator('[data-testid="workspace-select"]').inputValue()).toBe('shop-b');

    await page.locator('[data-testid="workspace-select"]').selectOption('default');
    await waitForRows(page, ITEMS.map(shownText));
    await waitForTotal(page, ITEMS.length);

    // A link with ?workspace= (shared by a colleague) opens in that workspace, whatever was picked last.
    await page.goto('/items?workspace=shop-b');
    await waitForRows(page, [OTHER_TEXT]);
    expect(await page.locator('[data-testid="workspace-select"]').inputValue()).toBe('shop-b');
    await page.goto('/items?workspace=default');
    await waitForRows(page, ITEMS.map(shownText));
    expect(errors).toEqual([]);
  });
});
