/**
 * 비즈니스 지표 in real headless Chromium on a Korean workspace: an operator adds a metric under its
 * Korean name and types a day's number (stored as the built-in `orders`), pastes a block copied from
 * a spreadsheet into last month (a word and a negative count are refused cell by cell, the other
 * numbers land), sees the day the block skipped marked as missing, clears a cell to take a number
 * back, removes a month after confirming; the Overview's rate link opens with the metric chosen, and
 * the Overview names the holidays of a 추석 week it compares; a viewer sees the same numbers with no way
 * to change them. The tests run in order.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../web/src/format.js';
import { SEED, shot, signIn, startHarness, storyHooks, waitForUrl, type Harness } from './harness.js';

const OPERATOR = { email: 'jipyo@sori.test', password: 'e2e-metrics-2026!', name: '지표 담당자' };
const VIEWER = { email: 'bogi@sori.test', password: 'e2e-looking-2026!', name: '열람자' };

let h: Harness;
let page: Page;
let pageErrors: string[];
const today = todayIn('Asia/Seoul');
const thisMonth = today.slice(0, 7);
// Last month's days, every one of them past (the paste goes there, whatever today's date).
const firstOfMonth = new Date(`${thisMonth}-01T00:00:00Z`);
const lastDays = Array.from({ length: 31 }, (_, i) => new Date(firstOfMonth.getTime() - (31 - i) * 86_400_000).toISOString().slice(0, 10));
const lastMonth = lastDays.at(-1)!.slice(0, 7);
lastDays.splice(0, lastDays.findIndex((d) => d.startsWith(lastMonth)));

const stored = async () =>
  (await h.api('GET', `/metrics?from=${lastDays[0]}&to=${today}`)).body.metrics.map((m: { day: string; name: string; value: number }) => `${m.name} ${m.day} ${m.value}`).sort();

const cell = (p: Page, name: string, day: string) => p.locator(`tr[data-day="${day}"] td[data-metric="${name}"]`);

/** Dispatches a paste of spreadsheet text on the focused cell input, as Ctrl+V from Excel does. */
async function pasteInto(p: Page, text: string): Promise<void> {
  await p.locator('[data-testid="metrics-input"]').evaluate((input, data) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', data);
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, text);
}

beforeAll(async () => {
  h = await startHarness(SEED);
  for (const [user, role] of [[OPERATOR, 'operator'], [VIEWER, 'viewer']] as const) {
    const created = await h.api('POST', '/users', { ...user, role });
    if (created.status !== 200) throw new Error(`creating the ${role} failed: ${created.status} ${JSON.stringify(created.body)}`);
  }
  ({ page, errors: pageErrors } = await h.newPage());
  await signIn(page, '/metrics', OPERATOR);
});

storyHooks(() => ({ page, errors: pageErrors }));

afterAll(async () => {
  await h?.close();
});

describe('business metrics as a sheet (headless Chromium)', () => {
  it('starts empty with a hint; a metric added under its Korean name takes today’s number and is stored as orders', async () => {
    await page.waitForSelector('[data-testid="metrics-empty"]');
    expect(await page.textContent('[data-testid="metrics-empty"]')).toContain('아직 저장된 지표가 없습니다');
    expect(await page.getAttribute('[data-testid="metrics-month"]', 'data-month')).toBe(thisMonth);
    // A name no metric can have is refused before anything is sent.
    await page.fill('[data-testid="metrics-new-name"]', '주문 (건)!');
    await page.click('[data-testid="metrics-add"]');
    await page.waitForSelector('[data-testid="metrics-new-name-error"]');
    await page.fill('[data-testid="metrics-new-name"]', '주문수');
    await page.click('[data-testid="metrics-add"]');
    // The server says what 주문수 is stored under: the built-in orders, its column named in Korean.
    const input = cell(page, 'orders', today).locator('[data-testid="metrics-input"]');
    await input.waitFor();
    expect(await page.textContent('th[data-metric="orders"]')).toBe('주문');
    await page.keyboard.type('1,200');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`tr[data-day="${today}"] td[data-metric="orders"][data-value="1200"]`);
    await expect.poll(stored).toEqual([`orders ${today} 1200`]);
    // Today is not over: its number is on the sheet, marked as partial, and left out of the month's
    // total (as the overview leaves today out), which the page says.
    expect(await page.getAttribute('[data-testid="metrics-month-total"] td[data-metric="orders"]', 'data-value')).toBe('');
    expect(await page.getAttribute('[data-testid="metrics-month-total"] td[data-metric="orders"]', 'data-days')).toBe('0');
    expect(await page.textContent(`tr[data-day="${today}"] [data-testid="metrics-today-partial"]`)).toBe('집계 중');
    expect(await page.textContent('[data-testid="metrics-today-left-out"]')).toContain('‘이 달’ 합계와 평균에서 뺐습니다');
    // The same Korean name again opens the orders column, not a second one that would write over it.
    await page.fill('[data-testid="metrics-new-name"]', '주문수');
    await page.click('[data-testid="metrics-add"]');
    await cell(page, 'orders', today).locator('[data-testid="metrics-input"]').waitFor();
    expect(await page.textContent('[data-testid="metrics-notice"]')).toContain('"주문수"는 "주문" 지표로 저장되므로');
    expect(await page.locator('thead th[data-metric]').count()).toBe(1);
    await page.keyboard.press('Escape');
    await shot(page, 'metrics-01-today');
  });

  it('a block pasted from a spreadsheet lands day by day; a word and a negative count are refused in their cells, the rest stored', async () => {
    await page.click('[data-testid="metrics-prev"]');
    await waitForUrl(page, (u) => u.searchParams.get('month') === lastMonth);
    await cell(page, 'orders', lastDays[0]!).locator('[data-testid="metrics-cell-edit"]').click();
    // Day 1..6: orders and a second column (the paste runs past the sheet's last column: its 6 cells are counted, not stored).
    await pasteInto(page, '1,000\t9\r\n1,100\t9\r\n약 300\t9\r\n\t9\r\n-5\t9\r\n1,300\t9\r\n');
    await page.waitForSelector('[data-testid="metrics-cell-error"]');
    const errors = await page.locator('[data-testid="metrics-cell-error"]').allTextContents();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('숫자가 아닙니다: 약 300');
    expect(errors[1]).toMatch(/음수|negative/);
    await page.waitForSelector(`tr[data-day="${lastDays[5]}"] td[data-metric="orders"][data-value="1300"]`);
    await expect.poll(stored).toEqual([`orders ${lastDays[0]} 1000`, `orders ${lastDays[1]} 1100`, `orders ${lastDays[5]} 1300`, `orders ${today} 1200`].sort());
    await expect.poll(() => page.textContent('[data-testid="metrics-notice"]')).toContain('6칸은 저장하지 않았습니다');
    // Days 3–5 have no number between stored ones: marked missing (the rates leave them out).
    expect((await cell(page, 'orders', lastDays[3]!).textContent())?.trim()).toBe('빠짐');
    expect(await cell(page, 'orders', lastDays[3]!).getAttribute('class')).toContain('is-gap');
    expect(await cell(page, 'orders', lastDays[0]!).getAttribute('class')).not.toContain('is-gap');
    // Before the metric's first number nothing is missing: that is before it was kept.
    await page.click('[data-testid="metrics-prev"]');
    await page.waitForSelector('tr[data-day] td[data-metric="orders"]');
    expect(await page.locator('td.is-gap').count()).toBe(0);
    await page.click('[data-testid="metrics-next"]');
    await waitForUrl(page, (u) => u.searchParams.get('month') === lastMonth);
    await shot(page, 'metrics-02-pasted');
  });

  it('Enter walks down the days, typing replaces a number, a cleared cell takes it back, Escape leaves a cell as it was', async () => {
    // Typing into a cell that holds a number replaces it, as in a spreadsheet (not 10001500).
    await cell(page, 'orders', lastDays[0]!).locator('[data-testid="metrics-cell-edit"]').click();
    await page.keyboard.type('1500');
    await page.keyboard.press('Escape');
    expect(await cell(page, 'orders', lastDays[0]!).getAttribute('data-value')).toBe('1000');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('metrics-cell-edit');
    await cell(page, 'orders', lastDays[2]!).locator('[data-testid="metrics-cell-edit"]').click();
    const input = page.locator('[data-testid="metrics-input"]');
    await page.keyboard.type('1200');
    await input.press('Enter');
    await page.waitForSelector(`tr[data-day="${lastDays[3]}"] td[data-metric="orders"] [data-testid="metrics-input"]`);
    await page.locator('[data-testid="metrics-input"]').fill('1250');
    await page.locator('[data-testid="metrics-input"]').press('Escape');
    await page.waitForSelector('[data-testid="metrics-input"]', { state: 'detached' });
    await page.waitForSelector(`tr[data-day="${lastDays[2]}"] td[data-metric="orders"][data-value="1200"]`);
    await expect.poll(async () => (await stored()).filter((s: string) => s.includes(lastDays[2]!))).toEqual([`orders ${lastDays[2]} 1200`]);
    expect((await stored()).filter((s: string) => s.includes(lastDays[3]!))).toEqual([]);

    await cell(page, 'orders', lastDays[1]!).locator('[data-testid="metrics-cell-edit"]').click();
    await page.locator('[data-testid="metrics-input"]').fill('');
    await page.locator('[data-testid="metrics-input"]').press('Enter');
    await page.waitForSelector(`tr[data-day="${lastDays[1]}"] td[data-metric="orders"][data-value=""]`);
    await expect.poll(stored).toEqual([`orders ${lastDays[0]} 1000`, `orders ${lastDays[2]} 1200`, `orders ${lastDays[5]} 1300`, `orders ${today} 1200`].sort());
    await page.keyboard.press('Escape');
  });

  it('the coverage table counts the missing days, links the rate, and removes a month after asking', async () => {
    const row = page.locator('[data-testid="metrics-coverage-row"][data-metric="orders"]');
    await row.waitFor();
    const missing = Number(await row.locator('[data-testid="metrics-missing"]').textContent());
    // Stored: days 1, 3, 6 of last month and today; everything between is missing.
    const span = lastDays.length + Number(today.slice(8, 10));
    expect(missing).toBe(span - 4);
    await row.locator('[data-testid="metrics-delete-month"]').click();
    expect(await row.locator('[data-testid="metrics-delete-month-question"]').textContent()).toContain('3건');
    expect(await stored()).toHaveLength(4);
    await row.locator('[data-testid="metrics-delete-month"]').click();
    await expect.poll(() => page.textContent('[data-testid="metrics-status"]')).toContain('숫자 3건을 지웠습니다');
    expect(await stored()).toEqual([`orders ${today} 1200`]);
    // The keyboard stays on the page's sheet, not at its top.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('metrics-coverage-title');
    const [audit] = (await h.api('GET', '/audit?action=metrics')).body.entries;
    expect(audit).toMatchObject({ actor: OPERATOR.email, action: 'metrics.delete', detail: { names: ['orders'], from: lastDays[0], to: lastDays.at(-1), deleted: 3 } });

    // Quick typing down the emptied days: every number lands where it was typed, none is lost while the saves run.
    await cell(page, 'orders', lastDays[0]!).locator('[data-testid="metrics-cell-edit"]').click();
    await page.keyboard.type('111', { delay: 20 });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.type('222\n333\n', { delay: 20 });
    await page.keyboard.press('Escape');
    await expect.poll(stored).toEqual([`orders ${lastDays[0]} 111`, `orders ${lastDays[1]} 222`, `orders ${lastDays[2]} 333`, `orders ${today} 1200`].sort());
    // A past month: every day is over and counts; no partial day to leave out.
    await page.waitForSelector('[data-testid="metrics-month-total"] td[data-metric="orders"][data-value="666"]');
    expect(await page.locator('[data-testid="metrics-today-left-out"]').count()).toBe(0);

    // A month that has not come yet says so instead of an empty sheet.
    const nextMonth = new Date(Date.UTC(+thisMonth.slice(0, 4), +thisMonth.slice(5, 7), 1)).toISOString().slice(0, 7);
    await page.goto(`/metrics?month=${nextMonth}`);
    await page.waitForSelector('[data-testid="metrics-future"]');
    expect(await page.locator('[data-testid="metrics-sheet"]').count()).toBe(0);
    await page.goto(`/metrics?month=${lastMonth}`);

    await row.locator('a', { hasText: '문의율' }).click();
    await waitForUrl(page, (u) => u.pathname === '/overview' && u.searchParams.get('metric') === 'orders');
  });

  it('the Overview names the holidays when the compared weeks hold a different number of them (추석 week against the one before)', async () => {
    await page.goto('/overview?from=2026-09-21&to=2026-09-27');
    await page.waitForSelector('[data-testid="holiday-note"]');
    const note = await page.textContent('[data-testid="holiday-note"]');
    expect(note).toContain('이번 2일, 이전 0일');
    expect(note).toContain('추석 (9월 25일)');
    // A week without holidays against one without: no note.
    await page.goto('/overview?from=2026-09-07&to=2026-09-13');
    await page.waitForSelector('[data-testid="overview-body"], [data-testid="insights-empty"]');
    expect(await page.locator('[data-testid="holiday-note"]').count()).toBe(0);
  });

  it('a viewer sees the numbers with no cell to edit, no add form and no removal', async () => {
    const viewer = await h.newPage();
    try {
      await signIn(viewer.page, '/metrics', VIEWER);
      await viewer.page.waitForSelector(`tr[data-day="${today}"] td[data-metric="orders"][data-value="1200"]`);
      expect(await viewer.page.locator('[data-testid="metrics-cell-edit"]').count()).toBe(0);
      expect(await viewer.page.locator('[data-testid="metrics-new-name"]').count()).toBe(0);
      expect(await viewer.page.locator('[data-testid="metrics-delete-all"]').count()).toBe(0);
      expect(await viewer.page.textContent(`tr[data-day="${today}"] td[data-metric="orders"]`)).toBe('1,200');
      expect(viewer.errors).toEqual([]);
    } finally {
      await viewer.context.close();
    }
  });
});
