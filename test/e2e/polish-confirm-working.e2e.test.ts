/**
 * A ConfirmButton while its confirmed action runs, in real headless Chromium (the item list's bulk
 * delete, its request held back by the test): 취소 is gone (it could no longer take anything back),
 * Escape and a second press do nothing, the answer's button keeps the focus and says it is working
 * (aria-busy, 처리하는 중… / Working…), and after the answer — deleted, or refused — the page goes on
 * as before. The tests run in order.
 */
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, SHOTS_DIR, signIn, startHarness, storyHooks, waitForTotal, type Harness } from './harness.js';

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

/** Holds the page's delete requests until `release` is called; counts them. */
async function holdDeletes(p: Page): Promise<{ count: () => number; release: (answer?: 'continue' | 'fail') => void }> {
  let count = 0;
  let open: (answer: 'continue' | 'fail') => void = () => undefined;
  const answered = new Promise<'continue' | 'fail'>((resolve) => (open = resolve));
  await p.route('**/api/v1/items/delete', async (route: Route) => {
    count += 1;
    const answer = await answered;
    if (answer === 'fail') await route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'unavailable', status: 503, code: 'unavailable', detail: 'held by the test' }) });
    else await route.continue();
  });
  return { count: () => count, release: (answer = 'continue') => open(answer) };
}

const focused = (p: Page) => p.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

beforeAll(async () => {
  h = await startHarness(SEED);
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('a confirm button while its action runs (headless Chromium)', () => {
  it('hides 취소, keeps the focus on the busy answer and ignores Escape and a second press, then deletes (Korean)', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    await signIn(page, '/items');
    await page.waitForSelector('[data-testid="item-row"]');
    await waitForTotal(page, SEED.length);
    await page.locator('[data-testid="select-row"]').nth(0).click();
    await page.locator('[data-testid="select-row"]').nth(1).click();
    await expect.poll(() => page.textContent('[data-testid="bulk-count"]')).toBe('2건 선택됨');

    await page.click('[data-testid="bulk-delete"]');
    await page.waitForSelector('[data-testid="bulk-delete-question"]');
    // Asking: the way back is offered.
    expect(await page.locator('[data-testid="bulk-delete-cancel"]').count()).toBe(1);

    const held = await holdDeletes(page);
    await page.locator('[data-testid="bulk-delete"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(held.count).toBe(1);
    const answer = page.locator('[data-testid="bulk-delete"]');
    // Working: no 취소 (it could not take anything back), the working state said, the focus kept.
    await expect.poll(() => page.locator('[data-testid="bulk-delete-cancel"]').count()).toBe(0);
    expect(await page.locator('[data-testid="bulk-delete-question"]').count()).toBe(1);
    expect(await answer.getAttribute('aria-busy')).toBe('true');
    expect(await answer.innerText()).toContain('처리하는 중');
    expect(await answer.getAttribute('aria-disabled')).toBe('true');
    expect(await answer.locator('[role="status"]').innerText()).toContain('처리하는 중');
    expect(await focused(page)).toBe('bulk-delete');
    await page.screenshot({ path: `${SHOTS_DIR}/polish-confirm-01-working.png` });

    // Escape takes nothing back, and a second press sends nothing.
    await page.keyboard.press('Escape');
    // (aria-disabled: Playwright would wait for it to be enabled; a person can still press it.)
    await answer.click({ force: true });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    expect(held.count()).toBe(1);
    expect(await page.locator('[data-testid="bulk-delete-question"]').count()).toBe(1);

    held.release();
    await page.waitForSelector('[data-testid="bulk-deleted"]');
    expect(await page.textContent('[data-testid="bulk-deleted"]')).toContain('2건을 삭제했습니다');
    await waitForTotal(page, SEED.length - 2);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says Working… in English, and when the delete is refused the button is back, focused, with nothing asked', async () => {
    const { page, errors } = await h.newPage({ locale: 'en-US' });
    active = { page, errors };
    await signIn(page, '/items');
    await page.waitForSelector('[data-testid="item-row"]');
    await waitForTotal(page, SEED.length - 2);
    await page.locator('[data-testid="select-row"]').nth(0).click();
    await page.click('[data-testid="bulk-delete"]');
    await page.waitForSelector('[data-testid="bulk-delete-question"]');

    const held = await holdDeletes(page);
    await page.click('[data-testid="bulk-delete"]');
    await expect.poll(held.count).toBe(1);
    const answer = page.locator('[data-testid="bulk-delete"]');
    await expect.poll(() => answer.getAttribute('aria-busy')).toBe('true');
    expect(await answer.innerText()).toContain('Working…');
    expect(await page.locator('[data-testid="bulk-delete-cancel"]').count()).toBe(0);
    expect(await focused(page)).toBe('bulk-delete');

    held.release('fail');
    await expect.poll(() => page.locator('[data-testid="bulk-delete-question"]').count()).toBe(0);
    expect(await answer.getAttribute('aria-busy')).toBeNull();
    expect(await answer.getAttribute('aria-disabled')).toBeNull();
    expect(await answer.isDisabled()).toBe(false);
    expect(await answer.innerText()).not.toContain('Working');
    expect(await focused(page)).toBe('bulk-delete');
    expect(await page.locator('[data-testid="bulk-delete-cancel"]').count()).toBe(0);
    // Nothing was deleted.
    expect((await h.api('GET', '/items?limit=500')).body.items).toHaveLength(SEED.length - 2);
    await page.screenshot({ path: `${SHOTS_DIR}/polish-confirm-02-refused.png` });
    // The refusal is a page error message, not a script error.
    expect(errors.filter((e) => !/503/.test(e))).toEqual([]);
    await page.context().close();
  });
});
