/**
 * Saved views (저장된 보기) on the item list in real headless Chromium: a CX lead filters the list
 * to chats, saves the filters under a name full of markup (shown as text, never run), sees the name
 * on the menu button while the URL matches, reloads and still sees it, clears the filters (the name
 * goes), applies the view from the menu (the URL and the rows come back), renames and deletes it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, shot, shownText, signIn, startHarness, storyHooks, waitForRows, waitForUrl, type Harness } from './harness.js';

const HOSTILE_NAME = '<img src=x onerror="window.__xssView=1">VIP 채팅 중 부정';
const CHATS = SEED.filter((item) => item.channel === 'chat').map(shownText);

let h: Harness;
let page: Page;
let errors: string[];

beforeAll(async () => {
  h = await startHarness();
  ({ page, errors } = await h.newPage());
  await signIn(page, '/items?channel=chat');
});

storyHooks(() => ({ page, errors }));

afterAll(async () => {
  await h?.close();
});

const activeName = () => page.locator('[data-testid="saved-views-active"]');

describe('saved views on the item list', () => {
  it('saves the current filters under a hostile name, shown as text on the menu', async () => {
    await waitForRows(page, CHATS);
    expect(await activeName().count()).toBe(0);
    // Escape closes the panel — also after a click on its text — and gives the focus back to its button;
    // what was half typed is still there when it opens again.
    await page.click('[data-testid="saved-views-toggle"]');
    await page.click('[data-testid="saved-views-save-open"]');
    await page.fill('[data-testid="saved-views-form-name"]', '주간 회의');
    await page.click('#saved-views-title');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="saved-views-panel"]', { state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('saved-views-toggle');
    expect(await page.getAttribute('[data-testid="saved-views-toggle"]', 'aria-expanded')).toBe('false');
    await page.click('[data-testid="saved-views-toggle"]');
    expect(await page.inputValue('[data-testid="saved-views-form-name"]')).toBe('주간 회의');
    await page.fill('[data-testid="saved-views-form-name"]', HOSTILE_NAME);
    // An admin may share with the team; the default is 나만.
    expect(await page.isChecked('[data-testid="saved-views-form-private"]')).toBe(true);
    expect(await page.isEnabled('[data-testid="saved-views-form-shared"]')).toBe(true);
    await page.click('[data-testid="saved-views-form-submit"]');
    await page.waitForSelector('[data-testid="saved-views-item"]');
    expect(await page.textContent('[data-testid="saved-views-name"]')).toBe(HOSTILE_NAME);
    await page.waitForSelector('[data-testid="saved-views-active"]');
    expect(await activeName().textContent()).toBe(HOSTILE_NAME);
    expect(await page.locator('[data-testid="saved-views-panel"] img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xssView?: number }).__xssView)).toBeUndefined();
    await shot(page, 'saved-views-menu');

    const stored = await h.api('GET', '/saved-views?page=items');
    expect(stored.body.views).toMatchObject([{ name: HOSTILE_NAME, query: 'channel=chat', shared: false }]);
  });

  it('still names the view after a reload, and not once the filters differ', async () => {
    await page.reload();
    await waitForRows(page, CHATS);
    await page.waitForSelector('[data-testid="saved-views-active"]');
    expect(await activeName().textContent()).toBe(HOSTILE_NAME);

    await page.goto('/items');
    await waitForRows(page, SEED.map(shownText));
    await page.waitForSelector('[data-testid="saved-views-toggle"]');
    expect(await activeName().count()).toBe(0);
  });

  it('applies the view from the menu: the URL and the rows follow', async () => {
    await page.click('[data-testid="saved-views-toggle"]');
    await page.click('[data-testid="saved-views-apply"]');
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('channel') === 'chat');
    await waitForRows(page, CHATS);
    await page.waitForSelector('[data-testid="saved-views-active"]');
    expect(await activeName().textContent()).toBe(HOSTILE_NAME);
  });

  it('renames and deletes the view', async () => {
    await page.click('[data-testid="saved-views-toggle"]');
    await page.click('[data-testid="saved-views-rename-open"]');
    await page.fill('[data-testid="saved-views-rename-name"]', '채팅 문의');
    await page.click('[data-testid="saved-views-rename-submit"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="saved-views-active"]')?.textContent === '채팅 문의');
    await page.click('[data-testid="saved-views-delete"]');
    await page.click('[data-testid="saved-views-delete"]');
    await page.waitForSelector('[data-testid="saved-views-item"]', { state: 'detached' });
    expect(await activeName().count()).toBe(0);
    expect((await h.api('GET', '/saved-views?page=items')).body.views).toEqual([]);
    expect(errors).toEqual([]);
  });
});
