/**
 * The items list by keyboard in real headless Chromium, as an operator going through the day's
 * inquiries: j (with nothing focused) lands on the first row, the arrows and j/k move one row in
 * the Tab order, Space and x pick a row, Enter opens it; in the panel j/k go on to the next and
 * previous item (the table following behind) and past the page's 50th item the next page loads;
 * at the list's end it says so; Escape lands on the row of the item shown last; typing j in the
 * search box moves nothing; ? lists the keys. The tests run in order on one admin page.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS_DIR, seedItems, signIn, startHarness, storyHooks, type Harness } from './harness.js';

const SOURCE = 'e2e-keyboard';
const PHRASES = [
  '배송이 아직 안 왔어요. 언제 도착하나요?',
  '환불 요청했는데 처리 상황을 알려 주세요',
  '앱 업데이트 후 로그인이 안 됩니다',
  '쿠폰이 결제 화면에서 적용되지 않아요',
  '상품이 파손되어 도착했습니다. 교환 원해요',
  '상담원 연결이 너무 오래 걸려요',
];
/** 52 items, a minute apart: the list shows the newest 50, then 2 more on the next page. */
const COUNT = 52;
const textOf = (n: number) => `[${String(n).padStart(2, '0')}] ${PHRASES[n % PHRASES.length]}`;
const ITEMS = Array.from({ length: COUNT }, (_, n) => ({
  external_id: `K-${n}`,
  channel: n % 2 ? 'chat' : 'email',
  created_at: new Date(Date.parse('2026-10-01T00:00:00Z') + n * 60_000).toISOString(),
  text: textOf(n),
}));
/** The item shown at a row of the newest-first list (0: the top row). */
const atRow = (row: number) => ITEMS[COUNT - 1 - row]!;

let h: Harness;
let page: Page;
let errors: string[];
const ids = new Map<string, string>();
const idAtRow = (row: number) => ids.get(atRow(row).external_id)!;
/** The window as the operator sees it (a full-page picture of 50 rows hides the panel and the card). */
const shotWindow = (name: string) => page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), animations: 'disabled' });

/** What has the focus: its test id, and the item of the row it is (or is in). */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      testid: el?.dataset.testid ?? el?.tagName ?? null,
      row: el?.closest('[data-testid="item-row"]')?.getAttribute('data-item-id') ?? null,
      ring: !!el?.matches(':focus-visible'),
      inPanel: !!el?.closest('[data-testid="item-detail"]'),
    };
  });
/** The item ids of the rows in the Tab order (one, with a roving tabindex). */
const tabbableRows = () => page.$$eval('[data-testid="item-row"][tabindex="0"]', (rows) => rows.map((row) => row.getAttribute('data-item-id')));

async function panelShows(row: number): Promise<void> {
  const id = idAtRow(row);
  await page.waitForSelector(`[data-testid="item-detail"][data-item-id="${id}"]`);
  await page.waitForFunction(
    (text: string) => document.querySelector('[data-testid="item-detail-text"]')?.textContent === text,
    atRow(row).text,
  );
  expect(new URL(page.url()).searchParams.get('item')).toBe(id);
}

beforeAll(async () => {
  h = await startHarness([]);
  await seedItems(h, ITEMS, SOURCE);
  const listed = await h.api('GET', `/items?limit=100&source=${SOURCE}`);
  for (const item of listed.body.items) ids.set(item.external_id, item.id);
  ({ page, errors } = await h.newPage());
  await signIn(page, '/items');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="item-row"]').length === 50);
});

storyHooks(() => ({ page, errors }));

afterAll(async () => {
  await h?.close();
});

describe('items list by keyboard (headless Chromium)', () => {
  it('moves one row in the Tab order with j, k and the arrows, with a visible ring', async () => {
    expect(await tabbableRows()).toEqual([idAtRow(0)]);
    // Nothing focused: j goes to the table's row.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('j');
    expect(await focused()).toMatchObject({ testid: 'item-row', row: idAtRow(0), ring: true });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await focused()).toMatchObject({ testid: 'item-row', row: idAtRow(2), ring: true });
    expect(await tabbableRows()).toEqual([idAtRow(2)]);
    // Only that row's box and text button are in the Tab order.
    const tabbable = await page.$$eval('[data-testid="item-row"] input, [data-testid="item-row"] button', (els) =>
      els.filter((el) => (el as HTMLElement).tabIndex >= 0).map((el) => el.closest('tr')?.getAttribute('data-item-id')),
    );
    expect(tabbable).toEqual([idAtRow(2), idAtRow(2)]);
    // End and Home: the page's last and first row (scrolled into view), then back to the third.
    await page.keyboard.press('End');
    expect((await focused()).row).toBe(idAtRow(49));
    expect(await page.locator(`[data-testid="item-row"][data-item-id="${idAtRow(49)}"]`).isVisible()).toBe(true);
    await page.keyboard.press('Home');
    expect((await focused()).row).toBe(idAtRow(0));
    await page.keyboard.press('ArrowUp');
    expect((await focused()).row).toBe(idAtRow(0));
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect((await focused()).row).toBe(idAtRow(2));
  });

  it('picks a row with Space and lets it go with x', async () => {
    const box = page.locator(`[data-testid="item-row"][data-item-id="${idAtRow(2)}"] [data-testid="select-row"]`);
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    await page.waitForSelector('[data-testid="bulk-bar"]');
    expect(await page.textContent('[data-testid="bulk-count"]')).toContain('1');
    // The focus stays on the row (the page did not scroll away on Space).
    expect((await focused()).row).toBe(idAtRow(2));
    await page.keyboard.press('x');
    expect(await box.isChecked()).toBe(false);
    await page.waitForSelector('[data-testid="bulk-bar"]', { state: 'detached' });
  });

  it('opens the row with Enter and goes on to the next and previous item in the panel', async () => {
    await page.keyboard.press('Enter');
    await panelShows(2);
    expect((await focused()).inPanel).toBe(true);
    expect(await page.textContent('[data-testid="item-position"]')).toBe('50건 중 3번째');

    await page.keyboard.press('j');
    await panelShows(3);
    expect(await page.textContent('[data-testid="item-position"]')).toBe('50건 중 4번째');
    // The focus stays in the panel (the page behind is still inert); the table follows behind it.
    expect((await focused()).inPanel).toBe(true);
    expect(await page.locator('[data-testid="item-filters"]').evaluate((el) => !!el.closest('[inert]'))).toBe(true);
    expect(await tabbableRows()).toEqual([idAtRow(3)]);
    await page.keyboard.press('ArrowDown');
    await panelShows(4);
    await page.keyboard.press('k');
    await panelShows(3);
    // The header's buttons do the same.
    await page.click('[data-testid="item-next"]');
    await panelShows(4);
    await page.click('[data-testid="item-previous"]');
    await panelShows(3);
    await page.waitForSelector('[data-testid="correct-type"]');
    await shotWindow('items-keyboard-panel');
  });

  it('leaves j to a label correction select (it moves nothing there)', async () => {
    await page.focus('[data-testid="correct-sentiment"]');
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowUp');
    // Still the same item; the select took the arrow (a pick not saved), and Escape takes it back.
    expect(await page.getAttribute('[data-testid="item-detail"]', 'data-item-id')).toBe(idAtRow(3));
    if (await page.locator('[data-testid="correct-sentiment-pending"]').count()) {
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="correct-sentiment-pending"]', { state: 'detached' });
    }
    expect(await page.locator('[data-testid="item-detail"]').count()).toBe(1);
    await page.focus('[data-testid="item-detail-close"]');
  });

  it('closes with Escape onto the row of the item shown last', async () => {
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    expect(await focused()).toMatchObject({ testid: 'item-row', row: idAtRow(3), ring: true });
    expect(await tabbableRows()).toEqual([idAtRow(3)]);
    expect(await page.locator('[inert]').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('item')).toBeNull();
  });

  it('moves nothing when j is typed in the search box', async () => {
    await page.focus('[data-testid="filter-q"]');
    await page.keyboard.press('j');
    // Read at once, before the box's typing pause applies it as a filter (which reloads the list).
    const right = await page.evaluate(() => ({
      testid: (document.activeElement as HTMLElement | null)?.dataset.testid,
      value: (document.querySelector('[data-testid="filter-q"]') as HTMLInputElement).value,
      tabbable: [...document.querySelectorAll('[data-testid="item-row"][tabindex="0"]')].map((row) => row.getAttribute('data-item-id')),
      panel: document.querySelectorAll('[data-testid="item-detail"]').length,
    }));
    expect(right).toEqual({ testid: 'filter-q', value: 'j', tabbable: [idAtRow(3)], panel: 0 });
    // The box took it as a search; emptied, the list is back.
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'j');
    await page.keyboard.press('Backspace');
    expect(await page.inputValue('[data-testid="filter-q"]')).toBe('');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === null);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="item-row"]').length === 50);
  });

  it('loads the next page from the panel past the 50th item and says when the list ends', async () => {
    await page.focus(`[data-testid="item-row"][data-item-id="${idAtRow(3)}"]`);
    await page.keyboard.press('End');
    expect((await focused()).row).toBe(idAtRow(49));
    await page.keyboard.press('Enter');
    await panelShows(49);
    await page.keyboard.press('j');
    await panelShows(50);
    expect(await page.textContent('[data-testid="item-position"]')).toBe('52건 중 51번째');
    await page.keyboard.press('j');
    await panelShows(51);
    await page.keyboard.press('j');
    await page.waitForFunction(() => document.querySelector('[data-testid="item-key-note"]')?.textContent === '목록의 마지막 인입입니다.');
    expect(await page.getAttribute('[data-testid="item-detail"]', 'data-item-id')).toBe(idAtRow(51));
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    expect(await focused()).toMatchObject({ testid: 'item-row', row: idAtRow(51) });
    // In the table too, at the last row.
    await page.keyboard.press('j');
    await page.waitForFunction(() => document.querySelector('[data-testid="items-key-note"]')?.textContent === '목록의 마지막 인입입니다.');
  });

  it('lists the keys on ? and hides them on Escape, without losing the row', async () => {
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid="shortcuts-card"]');
    const listed = await page.textContent('[data-testid="shortcuts-table"]');
    for (const words of ['다음·이전 인입으로 이동', '인입 열기', 'Home', 'Space']) expect(listed).toContain(words);
    expect(await page.getAttribute('[data-testid="shortcuts-toggle"]', 'aria-expanded')).toBe('true');
    await shotWindow('items-keyboard-shortcuts');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="shortcuts-card"]', { state: 'detached' });
    expect((await focused()).row).toBe(idAtRow(51));
    expect(errors).toEqual([]);
  });

  it('says the keys in English too', async () => {
    const en = await h.newPage({ locale: 'en-US' });
    ({ page, errors } = en);
    await signIn(page, '/items');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="item-row"]').length === 50);
    expect((await page.textContent('[data-testid="shortcuts-toggle"]'))?.trim()).toBe('Shortcuts ?');
    await page.click('[data-testid="shortcuts-toggle"]');
    const listed = await page.textContent('[data-testid="shortcuts-table"]');
    for (const words of ['Next or previous item', 'Open the item', 'Not while typing']) expect(listed).toContain(words);
    await page.click('[data-testid="shortcuts-close"]');
    expect(await focused()).toMatchObject({ testid: 'shortcuts-toggle' });
    await page.focus(`[data-testid="item-row"][data-item-id="${idAtRow(0)}"]`);
    await page.keyboard.press('Enter');
    await panelShows(0);
    expect(await page.textContent('[data-testid="item-position"]')).toBe('1 of 50');
    expect(await page.getAttribute('[data-testid="item-next"]', 'aria-label')).toBe('Next item (j)');
    await page.keyboard.press('k');
    await page.waitForFunction(() => document.querySelector('[data-testid="item-key-note"]')?.textContent === 'This is the first item in the list.');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    expect(await focused()).toMatchObject({ testid: 'item-row', row: idAtRow(0) });
    expect(errors).toEqual([]);
    await en.context.close();
  });
});
