/**
 * Addresses name their workspace: a drill-down address copied in one workspace opens in that
 * workspace in another browser whose last workspace is the other one (and after signing in there);
 * switching in the top bar rewrites the address; Back and Forward go between the workspaces' pages;
 * an address naming a workspace that does not exist says so instead of showing another's numbers.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, SEED, shownText, startHarness, storyHooks, waitForRows, waitForTotal, waitForUrl, type Harness } from './harness.js';

/** The default workspace: three October items, one of them a chat. */
const ITEMS = SEED.slice(0, 3);
const DEFAULT_CHATS = ITEMS.filter((i) => i.channel === 'chat').map(shownText);

/** The second workspace: two chats inside the drill-down's days, one outside it, one email. */
const SHOP_B = [
  { external_id: 'B-1', channel: 'chat', created_at: '2026-11-10 10:00', text: '두 번째 쇼핑몰 문의: 쿠폰이 적용되지 않아요' },
  { external_id: 'B-2', channel: 'chat', created_at: '2026-11-20 15:30', text: '두 번째 쇼핑몰 문의: 포인트 적립이 안 됐어요' },
  { external_id: 'B-3', channel: 'chat', created_at: '2026-10-01 09:00', text: '두 번째 쇼핑몰 문의: 기간 밖의 채팅' },
  { external_id: 'B-4', channel: 'email', created_at: '2026-11-15 11:00', text: '두 번째 쇼핑몰 문의: 세금계산서 발행 요청' },
];
const SHOP_B_DRILL = SHOP_B.slice(0, 2).map((i) => i.text);

let h: Harness;
let active: { page?: Page; errors?: string[] } | undefined;

/** The address copied in the first browser, read by the later tests. */
const copied: { drillDown?: string; item?: string; itemText?: string; defaultChats?: string } = {};
let first: { context: BrowserContext; page: Page; errors: string[] };

beforeAll(async () => {
  h = await startHarness(ITEMS);
  const created = await h.api('POST', '/workspaces', { slug: 'shop-b', name: '두 번째 쇼핑몰' });
  if (created.status !== 200) throw new Error(`creating the workspace failed: ${created.status} ${JSON.stringify(created.body)}`);
  const res = await fetch(`${h.baseUrl}/api/v1/items`, {
    method: 'POST',
    headers: { Cookie: h.adminCookie, 'Content-Type': 'application/json', 'X-Sori-Workspace': 'shop-b' },
    body: JSON.stringify({ items: SHOP_B.map((item) => ({ source: 'e2e-b', ...item })) }),
  });
  if (res.status !== 200) throw new Error(`seeding shop-b failed: ${res.status} ${await res.text()}`);
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

/** Signs in on the login page (the address it was opened at decides where it lands). */
async function signIn(page: Page): Promise<void> {
  await page.fill('[data-testid="login-email"]', ADMIN.email);
  await page.fill('[data-testid="login-password"]', ADMIN.password);
  await page.click('[data-testid="login-submit"]');
}

const picked = (page: Page) => page.locator('[data-testid="workspace-select"]').inputValue();

describe('workspace links (headless Chromium)', () => {
  it('1. the address says the workspace, and switching in the top bar rewrites it', async () => {
    first = await h.newPage();
    const { page } = first;
    active = first;
    await page.goto('/login?next=%2Fitems');
    await signIn(page);
    await waitForRows(page, ITEMS.map(shownText));
    // Two workspaces: the address names the default one once the list is known; the rest of it unchanged.
    await waitForUrl(page, (u) => u.pathname === '/items' && u.search === '?workspace=default');
    expect(await page.getAttribute('[data-testid="nav-overview"]', 'href')).toBe('/overview?workspace=default');

    await page.locator('[data-testid="workspace-select"]').selectOption('shop-b');
    await waitForUrl(page, (u) => u.pathname === '/items' && u.search === '?workspace=shop-b');
    await waitForRows(page, SHOP_B.map((i) => i.text));
    await waitForTotal(page, SHOP_B.length);
    expect(await picked(page)).toBe('shop-b');
    expect(await page.getAttribute('[data-testid="nav-items"]', 'href')).toBe('/items?workspace=shop-b');
    expect(await page.getAttribute('[data-testid="account-link"]', 'href')).toBe('/account?workspace=shop-b');

    // Filters set in the page keep it (client-side navigations).
    await page.selectOption('[data-testid="filter-channel"]', 'chat');
    await waitForUrl(page, (u) => u.searchParams.get('channel') === 'chat' && u.searchParams.get('workspace') === 'shop-b');
    await page.fill('[data-testid="filter-from"]', '2026-11-08');
    await waitForUrl(page, (u) => u.searchParams.get('from') === '2026-11-08');
    await page.fill('[data-testid="filter-to"]', '2026-12-05');
    await waitForUrl(page, (u) => u.searchParams.get('to') === '2026-12-05' && u.searchParams.get('workspace') === 'shop-b');
    await waitForRows(page, SHOP_B_DRILL);
    await waitForTotal(page, SHOP_B_DRILL.length);
    copied.drillDown = page.url();
    expect(new URL(copied.drillDown).searchParams.getAll('workspace')).toEqual(['shop-b']);

    // Opening an item adds a history entry that names the workspace too; Back closes it.
    await page.locator('[data-testid="item-row"]').filter({ hasText: SHOP_B[1]!.text }).click();
    await page.waitForSelector('[data-testid="item-detail"]');
    await waitForUrl(page, (u) => u.searchParams.has('item') && u.searchParams.get('workspace') === 'shop-b');
    copied.itemText = SHOP_B[1]!.text;
    copied.item = `/items?item=${new URL(page.url()).searchParams.get('item')}&workspace=shop-b`;
    await page.goBack();
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    expect(page.url()).toBe(copied.drillDown);
    expect(first.errors).toEqual([]);
  });

  it('2. a copied address opens in its workspace in a browser whose last workspace is the other one', async () => {
    const second = await h.newPage();
    const { page, errors } = second;
    active = second;
    await page.goto('/login?next=%2Fitems');
    await signIn(page);
    await waitForRows(page, ITEMS.map(shownText));
    expect(await picked(page)).toBe('default');
    expect(await page.evaluate(() => localStorage.getItem('sori.workspace'))).toBeNull(); // its last workspace: the default

    await page.goto(copied.drillDown!);
    await waitForRows(page, SHOP_B_DRILL);
    await waitForTotal(page, SHOP_B_DRILL.length);
    expect(await picked(page)).toBe('shop-b');
    expect(page.url()).toBe(copied.drillDown); // the address as copied, nothing rewritten

    // An item's address: the item, not "not found".
    await page.goto(copied.item!);
    await page.waitForFunction((want) => document.querySelector('[data-testid="item-detail-text"]')?.textContent === want, copied.itemText);

    // And the other way round: this browser's last workspace is now shop-b; a default-workspace
    // address opens in the default workspace.
    await page.goto('/overview');
    await waitForUrl(page, (u) => u.pathname === '/overview' && u.searchParams.get('workspace') === 'shop-b');
    await first.page.locator('[data-testid="workspace-select"]').selectOption('default');
    await waitForUrl(first.page, (u) => u.searchParams.get('workspace') === 'default');
    await first.page.selectOption('[data-testid="filter-channel"]', 'chat');
    await waitForUrl(first.page, (u) => u.searchParams.get('channel') === 'chat' && u.searchParams.get('workspace') === 'default');
    await waitForRows(first.page, DEFAULT_CHATS);
    copied.defaultChats = first.page.url();
    await page.goto(copied.defaultChats);
    await waitForRows(page, DEFAULT_CHATS);
    await waitForTotal(page, DEFAULT_CHATS.length);
    expect(await picked(page)).toBe('default');
    expect(errors).toEqual([]);
  });

  it('3. signing in from a copied address lands on it, in its workspace', async () => {
    const third = await h.newPage();
    const { page, errors } = third;
    active = third;
    // A browser that used the default workspace last, signed out.
    await page.goto('/login');
    await page.evaluate(() => localStorage.removeItem('sori.workspace'));
    await page.goto(copied.drillDown!);
    await waitForUrl(page, (u) => u.pathname === '/login' && (u.searchParams.get('next') ?? '').includes('workspace=shop-b'));
    await signIn(page);
    await waitForUrl(page, (u) => u.href === copied.drillDown);
    await waitForRows(page, SHOP_B_DRILL);
    await waitForTotal(page, SHOP_B_DRILL.length);
    expect(await picked(page)).toBe('shop-b');
    expect(errors).toEqual([]);
  });

  it('4. Back and Forward go between the workspaces, each page in its own', async () => {
    const { page, errors } = first;
    active = first;
    // On the default workspace's chats (test 2); switch to shop-b, then come back with Back.
    expect(page.url()).toBe(copied.defaultChats);
    await page.locator('[data-testid="workspace-select"]').selectOption('shop-b');
    await waitForUrl(page, (u) => u.pathname === '/items' && u.search === '?workspace=shop-b');
    await waitForRows(page, SHOP_B.map((i) => i.text));
    await page.goBack();
    await waitForUrl(page, (u) => u.href === copied.defaultChats);
    await waitForRows(page, DEFAULT_CHATS);
    expect(await picked(page)).toBe('default');
    await page.goForward();
    await waitForUrl(page, (u) => u.search === '?workspace=shop-b');
    await waitForRows(page, SHOP_B.map((i) => i.text));
    await waitForTotal(page, SHOP_B.length);
    expect(await picked(page)).toBe('shop-b');
    expect(errors).toEqual([]);
  });

  it('5. an address naming a workspace that does not exist says so, with no numbers', async () => {
    const { page, errors } = first;
    active = first;
    await page.goto('/items?channel=chat&workspace=no-such-shop');
    await page.waitForSelector('[data-testid="workspace-unavailable"]');
    expect(await page.textContent('[data-testid="workspace-unavailable"]')).toContain('워크스페이스를 찾을 수 없습니다');
    expect(await page.textContent('[data-testid="workspace-unavailable-slug"]')).toBe('no-such-shop');
    expect(await page.locator('[data-testid="items-table"], [data-testid="summary"]').count()).toBe(0);
    // The way out opens the workspace this browser used last (shop-b), not the missing one.
    await page.click('[data-testid="workspace-unavailable-home"]');
    await waitForUrl(page, (u) => u.pathname === '/overview' && u.searchParams.get('workspace') === 'shop-b');
    expect(await picked(page)).toBe('shop-b');
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
  });
});
