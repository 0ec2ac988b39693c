/**
 * The import history notices runs started elsewhere, in real headless Chromium: a run started
 * through the API after the page loaded shows without a reload (an open undo question, the focus
 * on its answer and its place on the screen stay as they were), nothing is read while the tab is
 * hidden, the list is read at once when the tab is shown or the window focused again, and nothing
 * is read after the page is left. The tests run in order on one page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS_DIR, signIn, startHarness, storyHooks, waitForUrl, type Harness } from './harness.js';

const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();

let h: Harness;
let page: Page;
let pageErrors: string[];
let active: { page: Page; errors: string[] } | undefined;
let firstRun: string;
/** GET /api/v1/imports requests the page made (the history's list reads). */
let listReads = 0;
let fileNo = 0;

/** An import through the same upload the page uses (as `sori import` or an API client would). */
async function importFile(name: string): Promise<string> {
  fileNo += 1;
  const csv = [
    'source,external_id,channel,created_at,text',
    ...[1, 2].map((i) => `shop,POLL-${fileNo}-${i},email,${at(10 + i)},가져오기 기록 확인용 문의 ${fileNo}-${i}번입니다`),
  ].join('\n');
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), name);
  form.append('dry_run', 'false');
  const res = await fetch(`${h.baseUrl}/api/v1/imports`, { method: 'POST', headers: { Cookie: h.adminCookie, Accept: 'application/json' }, body: form });
  const report = await res.json();
  if (res.status !== 200 || report.inserted !== 2) throw new Error(`import failed: ${res.status} ${JSON.stringify(report)}`);
  return String(report.run_id);
}

const rowOf = (run: string) => `[data-testid="import-history-row"][data-run="${run}"]`;
const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

/** Makes the page believe its tab is hidden (or shown again), as a tab switch does, and says so. */
async function setHidden(hidden: boolean): Promise<void> {
  await page.evaluate((value) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (value ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

beforeAll(async () => {
  h = await startHarness([]);
  firstRun = await importFile('첫_파일.csv');
  ({ page, errors: pageErrors } = await h.newPage());
  active = { page, errors: pageErrors };
  page.on('request', (request) => {
    if (request.method() === 'GET' && new URL(request.url()).pathname === '/api/v1/imports') listReads += 1;
  });
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('the import history reads itself again (headless Chromium)', () => {
  it('shows a run started through the API after the page loaded, without a reload, keeping an open undo question', async () => {
    await signIn(page, '/import');
    await page.waitForSelector(rowOf(firstRun));
    expect(await page.locator('[data-testid="import-history-row"]').count()).toBe(1);

    // An undo question open on the first run, the focus on its answer.
    const first = page.locator(rowOf(firstRun));
    await first.locator('[data-testid="import-undo-button"]').click();
    await first.locator('[data-testid="import-undo-question"]').waitFor();
    await expect.poll(focused).toBe('import-undo-confirm');
    // Marks: a reload forgets the window's, a re-created question the element's.
    await page.evaluate(() => {
      (window as unknown as { __stillHere: boolean }).__stillHere = true;
      (document.querySelector('[data-testid="import-undo-question"]') as HTMLElement & { __same?: boolean }).__same = true;
    });
    const topBefore = await first.locator('[data-testid="import-undo-question"]').evaluate((el) => el.getBoundingClientRect().top);

    const second = await importFile('API로_올린_파일.csv');
    // Read again within 15 seconds (the idle cadence), with no reload.
    await page.waitForSelector(rowOf(second), { timeout: 20_000 });
    expect(await page.locator(`${rowOf(second)} .history-file-name`).innerText()).toBe('API로_올린_파일.csv');
    expect(await page.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere)).toBe(true);
    // The newest run is listed first.
    expect(await page.locator('[data-testid="import-history-row"]').first().getAttribute('data-run')).toBe(second);

    // The question is the same element, still open, the focus still on its answer, and it has not moved on the screen.
    expect(await page.evaluate(() => (document.querySelector('[data-testid="import-undo-question"]') as HTMLElement & { __same?: boolean } | null)?.__same)).toBe(true);
    expect(await focused()).toBe('import-undo-confirm');
    const topAfter = await first.locator('[data-testid="import-undo-question"]').evaluate((el) => el.getBoundingClientRect().top);
    expect(Math.abs(topAfter - topBefore)).toBeLessThan(2);
    await page.screenshot({ path: `${SHOTS_DIR}/polish-import-history-01-new-run.png` });

    // The question still works: Escape takes it back, focus to its button.
    await page.keyboard.press('Escape');
    await expect.poll(() => first.locator('[data-testid="import-undo-question"]').count()).toBe(0);
    await expect.poll(focused).toBe('import-undo-button');
  });

  it('reads nothing while the tab is hidden, and reads at once when it is shown again', async () => {
    await setHidden(true);
    // A read already on its way may still land: count from a second later.
    await page.waitForTimeout(1_000);
    const before = listReads;
    const third = await importFile('숨긴_탭에서.csv');
    await page.waitForTimeout(17_000);
    expect(listReads).toBe(before);
    expect(await page.locator(rowOf(third)).count()).toBe(0);

    await setHidden(false);
    // Shown again: read at once, well before the 15-second timer.
    await page.waitForSelector(rowOf(third), { timeout: 3_000 });
    expect(listReads).toBe(before + 1);
  });

  it("reads at once when the window gets the focus back", async () => {
    await page.waitForTimeout(1_500);
    const fourth = await importFile('다른_창에서.csv');
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.waitForSelector(rowOf(fourth), { timeout: 3_000 });
    expect(await page.locator('[data-testid="import-history-row"]').count()).toBe(4);
  });

  it('reads nothing after the page is left', async () => {
    await page.click('[data-testid="nav-items"]');
    await waitForUrl(page, (u) => u.pathname === '/items');
    await page.waitForSelector('[data-testid="items-page"], [data-testid="item-row"], [data-testid="items-empty"]').catch(() => undefined);
    const before = listReads;
    await page.evaluate(() => {
      window.dispatchEvent(new Event('focus'));
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForTimeout(16_000);
    expect(listReads).toBe(before);
    expect(pageErrors).toEqual([]);
  });
});
