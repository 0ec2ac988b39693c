/**
 * Several workspaces in the browser: the picker lists them, switching shows only that
 * workspace's items (and survives a reload), and switching back restores the default.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, SEED, reportFailure, shot, shownText, signIn, startHarness, waitForRows, waitForTotal, waitForUrl, type Harness } from './harness.js';

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
    await signIn(page, '/items'); // the page these tests start from (home is /overview)
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

  it('moves a workspace to another time zone from Settings, after asking', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    // A shared link to another workspace's settings, opened signed out: after signing in it opens
    // in that workspace (it used to open in the last one picked).
    await page.goto('/settings?workspace=shop-b');
    await waitForUrl(page, (u) => u.pathname === '/login');
    await page.fill('[data-testid="login-email"]', ADMIN.email);
    await page.fill('[data-testid="login-password"]', ADMIN.password);
    await page.click('[data-testid="login-submit"]');
    await waitForUrl(page, (u) => u.pathname === '/settings');
    await page.locator('[data-testid="workspace-select"]').waitFor();
    expect(await page.locator('[data-testid="workspace-select"]').inputValue()).toBe('shop-b');
    const input = page.locator('[data-testid="time-zone-input"]');
    await input.waitFor();
    expect(await input.inputValue()).toBe('Asia/Seoul');
    await input.fill('America/Los_Angeles');
    await page.click('[data-testid="time-zone-save"]');
    // Asked first, in the page; nothing changes until confirmed.
    await page.waitForSelector('[data-testid="time-zone-confirm"]');
    expect(await page.innerText('[data-testid="time-zone-confirm"]')).toContain('America/Los_Angeles');
    expect(((await h.api('GET', '/workspaces')).body as { workspaces: { slug: string; timezone: string }[] }).workspaces.find((w) => w.slug === 'shop-b')?.timezone).toBe('Asia/Seoul');
    await page.click('[data-testid="time-zone-confirm-yes"]');
    await page.waitForSelector('[data-testid="time-zone-changed"]');
    expect(await page.innerText('[data-testid="time-zone-changed"]')).toContain('Asia/Seoul → America/Los_Angeles');
    await shot(page, '21-workspace-time-zone');
    const list = await h.api('GET', '/workspaces');
    const shopB = (list.body as { workspaces: { slug: string; timezone: string }[] }).workspaces.find((w) => w.slug === 'shop-b');
    expect(shopB?.timezone).toBe('America/Los_Angeles');
    // The default workspace kept its zone.
    expect((list.body as { workspaces: { slug: string; timezone: string }[] }).workspaces.find((w) => w.slug === 'default')?.timezone).toBe('Asia/Seoul');
    // The backup link downloads this workspace's file while the server runs.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="backup-download"]')]);
    expect(download.suggestedFilename()).toMatch(/^sori-shop-b-backup-\d{4}-\d{2}-\d{2}\.jsonl\.gz$/);
    const saved = await download.path();
    const lines = gunzipSync(readFileSync(saved!)).toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!).workspace.slug).toBe('shop-b');
    expect(JSON.parse(lines.at(-1)!).end.items).toBe(1);
    expect(errors).toEqual([]);
  });
});
