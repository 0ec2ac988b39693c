/**
 * Triage fixes of the items page and the topic detail in real headless Chromium: the item panel
 * keeps the focus inside it and gives it back to the row; a pick not saved is not dropped without
 * a question; the analysis says "corrected" once; a topic's newest item opens on that topic's
 * items; an empty trend says so; a missing item offers no retry; reversed days are named; a
 * refused filter is said in Korean; one customer's other items are a link and a chip; on a phone
 * the filters fold under one button, the page box is reachable and the bulk bar is compact.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS_DIR, reportFailure, seedItems, shot, signIn, startHarness, waitForRows, waitForUrl, type Harness } from './harness.js';

const SOURCE = 'e2e-triage';
const REFUND = ['환불은 언제 처리되나요? 카드 결제 취소 확인 부탁드립니다', '환불 요청했는데 아직 입금이 안 됐어요', '부분 환불 금액이 이상해요'];
const OTHER = ['로그인이 안 됩니다. 비밀번호 재설정 메일이 오지 않아요', '업데이트 후 앱이 자꾸 꺼져요', '주문 취소하고 싶은데 버튼이 안 보여요', '쿠폰 적용이 안 돼요. 결제 금액이 그대로예요'];
// Seoul wall-clock days of October 2026.
const ITEMS = [
  { external_id: 'T-R1', channel: 'email', created_at: '2026-10-05 09:00', text: REFUND[0], customer_id: 'CUST-42' },
  { external_id: 'T-R2', channel: 'chat', created_at: '2026-10-08 10:00', text: REFUND[1], customer_id: 'CUST-42' },
  { external_id: 'T-R3', channel: 'chat', created_at: '2026-10-12 11:00', text: REFUND[2], customer_id: 'CUST-7' },
  { external_id: 'T-O1', channel: 'chat', created_at: '2026-10-10 21:40', text: OTHER[0], customer_id: 'CUST-42' },
  { external_id: 'T-O2', channel: 'app_store', kind: 'review', rating: 2, created_at: '2026-10-12 08:05', text: OTHER[1] },
  { external_id: 'T-O3', channel: 'board', created_at: '2026-10-20 11:11', text: OTHER[2] },
  { external_id: 'T-O4', channel: 'chat', created_at: '2026-09-25 13:00', text: OTHER[3] },
];
const ALL = [...REFUND, ...OTHER];

let h: Harness;
let refundTopic: string;
let emptyTopic: string;
const ids = new Map<string, string>();
let current: { page?: Page; errors?: string[] } | undefined;

async function signedIn(options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await h.newPage(options);
  current = { page, errors };
  await signIn(page, '/items');
  await page.waitForSelector('[data-testid="item-row"]');
  return { page, errors };
}

/** Where the focus is: inside the item panel, or not (with what it is). */
const focusPlace = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { inPanel: !!el?.closest('[data-testid="item-detail"]'), what: `${el?.tagName}#${el?.dataset.testid ?? ''}` };
  });

beforeAll(async () => {
  h = await startHarness([]);
  const topic = await h.api('POST', '/topics', { name: '환불', rules: [{ kind: 'keyword', pattern: '환불' }] });
  if (topic.status !== 201) throw new Error(`creating the topic failed: ${topic.status} ${JSON.stringify(topic.body)}`);
  refundTopic = topic.body.topic.id;
  const empty = await h.api('POST', '/topics', { name: '재고 알림', rules: [{ kind: 'keyword', pattern: '재입고알림' }] });
  if (empty.status !== 201) throw new Error(`creating the topic failed: ${empty.status}`);
  emptyTopic = empty.body.topic.id;
  await seedItems(h, ITEMS, SOURCE);
  const listed = await h.api('GET', `/items?limit=100&source=${SOURCE}`);
  for (const item of listed.body.items) ids.set(item.external_id, item.id);
  // One label corrected by an operator (the analysis shows it with the "corrected" mark).
  const corrected = await h.api('PATCH', `/items/${ids.get('T-O1')}/labels`, { type: 'bug' });
  if (corrected.status !== 200) throw new Error(`correcting failed: ${corrected.status} ${JSON.stringify(corrected.body)}`);
});

afterEach(async ({ task }) => {
  await reportFailure(task, current?.page, current?.errors);
});

afterAll(async () => {
  await h?.close();
});

describe('item triage (headless Chromium)', () => {
  it('keeps Tab inside the open item panel, closes on Escape and gives the focus back to the row', async () => {
    const { page, errors } = await signedIn();
    await waitForRows(page, ALL);
    // The phone's page box is for phones only.
    expect(await page.isVisible('[data-testid="select-page-phone"]')).toBe(false);
    const row = page.locator('[data-testid="item-row"]').nth(2);
    const id = await row.getAttribute('data-item-id');
    await row.locator('[data-testid="item-text"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid="item-detail"][data-item-id="${id}"]`);
    await page.waitForSelector('[data-testid="correct-type"]');
    expect((await focusPlace(page)).inPanel).toBe(true);
    // Around the panel more than once, both ways: never onto the page behind it.
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      const at = await focusPlace(page);
      expect(at.inPanel, `Tab ${i + 1} went to ${at.what}`).toBe(true);
    }
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Shift+Tab');
      const at = await focusPlace(page);
      expect(at.inPanel, `Shift+Tab ${i + 1} went to ${at.what}`).toBe(true);
    }
    // The page behind cannot be reached by a screen reader or a click either.
    expect(await page.locator('[data-testid="item-filters"]').evaluate((el) => !!el.closest('[inert]'))).toBe(true);

    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    const back = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { testid: el?.dataset.testid, row: el?.closest('[data-testid="item-row"]')?.getAttribute('data-item-id') };
    });
    expect(back).toEqual({ testid: 'item-text', row: id });
    expect(await page.locator('[inert]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('asks before a pick that was not saved is dropped by closing the panel', async () => {
    const { page, errors } = await signedIn();
    const id = ids.get('T-O2')!;
    await page.goto(`/items?item=${id}`);
    await page.waitForSelector('[data-testid="correct-sentiment"]');
    const before = (await h.api('GET', `/items/${id}`)).body.item.sentiment;
    const other = ['negative', 'neutral', 'positive'].find((s) => s !== before)!;
    await page.selectOption('[data-testid="correct-sentiment"]', other);
    await page.waitForSelector('[data-testid="correct-sentiment-pending"]');

    await page.click('[data-testid="item-detail-close"]');
    await page.waitForSelector('[data-testid="unsaved-question"]');
    expect(await page.textContent('[data-testid="unsaved-question"]')).toContain('감정');
    await shot(page, 'triage-unsaved-question');
    // The safer answer has the focus; keeping on editing leaves the pick where it was.
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('unsaved-keep');
    await page.click('[data-testid="unsaved-keep"]');
    expect(await page.locator('[data-testid="unsaved-question"]').count()).toBe(0);
    expect(await page.inputValue('[data-testid="correct-sentiment"]')).toBe(other);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('correct-sentiment');

    // Escape on the panel asks too; the backdrop as well; discarding closes without saving.
    await page.focus('[data-testid="item-detail-close"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="unsaved-question"]');
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid="unsaved-question"]').count()).toBe(0);
    expect(await page.locator('[data-testid="item-detail"]').count()).toBe(1);
    await page.click('[data-testid="item-detail-close"]');
    await page.click('[data-testid="unsaved-discard"]');
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    expect((await h.api('GET', `/items/${id}`)).body.item.sentiment).toBe(before);
    expect(errors).toEqual([]);
  });

  it('asks before Back (a phone’s back gesture) drops a pick not saved; without one Back closes and Forward reopens', async () => {
    const { page, errors } = await signedIn();
    await waitForRows(page, ALL);
    const id = ids.get('T-O3')!;
    const panel = `[data-testid="item-detail"][data-item-id="${id}"]`;
    // Opened from the list, nothing picked: Back closes at once, Forward opens it again.
    await page.click(`[data-testid="item-row"][data-item-id="${id}"] [data-testid="item-text"]`);
    await page.waitForSelector(panel);
    const opened = page.url();
    await page.goBack();
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    expect(new URL(page.url()).searchParams.get('item')).toBeNull();
    const list = page.url();
    await page.goForward();
    await page.waitForSelector(panel);
    expect(page.url()).toBe(opened);

    // A pick not saved: Back asks the close button's question, and staying keeps the panel, the pick and the address.
    await page.waitForSelector('[data-testid="correct-sentiment"]');
    const before = (await h.api('GET', `/items/${id}`)).body.item.sentiment;
    const other = ['negative', 'neutral', 'positive'].find((s) => s !== before)!;
    await page.selectOption('[data-testid="correct-sentiment"]', other);
    await page.waitForSelector('[data-testid="correct-sentiment-pending"]');
    await page.goBack();
    await page.waitForSelector('[data-testid="unsaved-question"]');
    expect(await page.textContent('[data-testid="unsaved-question"]')).toContain('감정');
    expect(page.url()).toBe(opened);
    await page.click('[data-testid="unsaved-keep"]');
    expect(await page.locator('[data-testid="unsaved-question"]').count()).toBe(0);
    expect(await page.locator(panel).count()).toBe(1);
    expect(page.url()).toBe(opened);
    expect(await page.inputValue('[data-testid="correct-sentiment"]')).toBe(other);

    // Back again, and leave: closed on the list's address, the pick dropped (nothing saved).
    await page.goBack();
    await page.waitForSelector('[data-testid="unsaved-question"]');
    await page.click('[data-testid="unsaved-discard"]');
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    expect(page.url()).toBe(list);
    expect((await h.api('GET', `/items/${id}`)).body.item.sentiment).toBe(before);
    // Forward opens the item again, without the dropped pick; Back closes it at once again.
    await page.goForward();
    await page.waitForSelector(panel);
    await page.waitForSelector('[data-testid="correct-sentiment"]');
    expect(await page.locator('[data-testid="correct-sentiment-pending"]').count()).toBe(0);
    await page.goBack();
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    expect(page.url()).toBe(list);
    expect(errors).toEqual([]);
  });

  it('asks before a link or a refused Forward drops a pick, and keeps the history in order', async () => {
    const { page, errors } = await signedIn();
    await waitForRows(page, ALL);
    const id = ids.get('T-R1')!;
    const panel = `[data-testid="item-detail"][data-item-id="${id}"]`;
    const list = page.url();
    await page.click(`[data-testid="item-row"][data-item-id="${id}"] [data-testid="item-text"]`);
    await page.waitForSelector(panel);
    const opened = page.url();
    // The customer's other items (a link in the panel), then Back to the open item: a Forward entry lies ahead.
    await page.click('[data-testid="customer-history-link"]');
    await waitForUrl(page, (u) => u.searchParams.has('customer') && !u.searchParams.has('item'));
    const further = page.url();
    await page.goBack();
    await page.waitForSelector(panel);
    await page.waitForSelector('[data-testid="correct-sentiment"]');
    const before = (await h.api('GET', `/items/${id}`)).body.item.sentiment;
    const other = ['negative', 'neutral', 'positive'].find((s) => s !== before)!;
    await page.selectOption('[data-testid="correct-sentiment"]', other);
    await page.waitForSelector('[data-testid="correct-sentiment-pending"]');
    const length = await page.evaluate(() => history.length);

    // The link asks now; staying keeps the panel, the pick and the address.
    await page.click('[data-testid="customer-history-link"]');
    await page.waitForSelector('[data-testid="unsaved-question"]');
    expect(page.url()).toBe(opened);
    await page.click('[data-testid="unsaved-keep"]');
    expect(await page.inputValue('[data-testid="correct-sentiment"]')).toBe(other);

    // Forward asks too; staying puts the address back without a new entry.
    await page.goForward();
    await page.waitForSelector('[data-testid="unsaved-question"]');
    await page.click('[data-testid="unsaved-keep"]');
    await expect.poll(() => page.url()).toBe(opened);
    expect(await page.locator(panel).count()).toBe(1);
    expect(await page.evaluate(() => history.length)).toBe(length);
    // Back now leaves for the list — the entry behind, not the one ahead — once the pick is dropped.
    await page.goBack();
    await page.waitForSelector('[data-testid="unsaved-question"]');
    await page.click('[data-testid="unsaved-discard"]');
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    await expect.poll(() => page.url()).toBe(list);
    // Forward, with nothing picked, opens the item again; once more, the customer's items.
    await page.goForward();
    await page.waitForSelector(panel);
    await page.goForward();
    await expect.poll(() => page.url()).toBe(further);
    expect((await h.api('GET', `/items/${id}`)).body.item.sentiment).toBe(before);
    expect(errors).toEqual([]);
  });

  it('says "corrected" once on a corrected label, in Korean and in English', async () => {
    for (const [locale, mark, source] of [['ko-KR', '수정됨', '직접 수정'], ['en-US', 'corrected', null]] as const) {
      const { page } = await signedIn({ locale });
      await page.goto(`/items?item=${ids.get('T-O1')}`);
      await page.waitForSelector('[data-testid="analysis-type-corrected"]');
      const text = (await page.textContent('[data-testid="analysis-type"]')) ?? '';
      expect(text.split(mark).length - 1, text).toBe(1);
      if (source) expect(text).not.toContain(source);
    }
  });

  it('opens a topic’s newest item on that topic’s items, so closing it stays there', async () => {
    const { page, errors } = await signedIn();
    await page.goto(`/topics/${refundTopic}/insights?from=2026-10-01&to=2026-10-31`);
    await page.waitForSelector('[data-testid="topic-example-text"]');
    await page.click('[data-testid="topic-example-text"] >> nth=0');
    await page.waitForSelector('[data-testid="item-detail"]');
    const opened = new URL(page.url());
    expect(opened.searchParams.get('topic')).toBe(refundTopic);
    expect(opened.searchParams.get('from')).toBe('2026-10-01');
    expect(opened.searchParams.get('to')).toBe('2026-10-31');
    await page.click('[data-testid="item-detail-close"]');
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    const closed = new URL(page.url());
    expect(closed.pathname).toBe('/items');
    expect(closed.searchParams.get('item')).toBeNull();
    expect(closed.searchParams.get('topic')).toBe(refundTopic);
    await waitForRows(page, REFUND);
    expect(errors).toEqual([]);
  });

  it('says a topic’s trend has no data rather than drawing an empty plot', async () => {
    const { page } = await signedIn();
    await page.goto(`/topics/${emptyTopic}/insights?from=2026-10-01&to=2026-10-31`);
    await page.waitForSelector('[data-testid="topic-trend-empty"]');
    expect(await page.textContent('[data-testid="topic-trend-empty"]')).toContain('데이터가 없습니다');
    expect(await page.locator('[data-testid="topic-chart"]').count()).toBe(0);
  });

  it('says a missing item may be in another workspace or removed, without a retry that cannot help', async () => {
    const { page } = await signedIn();
    await page.goto('/items?item=99999999');
    await page.waitForSelector('[data-testid="item-detail-error"]');
    const text = (await page.textContent('[data-testid="item-detail-error"]')) ?? '';
    expect(text).toContain('다른 워크스페이스');
    expect(text).toContain('삭제');
    expect(await page.locator('[data-testid="item-detail-error"] button').count()).toBe(0);
  });

  it('names a reversed date range and swaps it', async () => {
    const { page } = await signedIn();
    await page.goto('/items?from=2026-10-20&to=2026-10-01');
    await page.waitForSelector('[data-testid="items-reversed"]');
    expect(await page.textContent('[data-testid="items-reversed"]')).toContain('시작일(2026-10-20)이 종료일(2026-10-01)보다 늦어');
    await page.click('[data-testid="items-swap-dates"]');
    await waitForUrl(page, (u) => u.searchParams.get('from') === '2026-10-01' && u.searchParams.get('to') === '2026-10-20');
    await waitForRows(page, [REFUND[0], REFUND[1], REFUND[2], OTHER[0], OTHER[1], OTHER[2]]);
  });

  it('says a refused filter value in Korean, naming the filter', async () => {
    const { page } = await signedIn();
    await page.goto('/items?sla=bogus');
    await page.waitForSelector('[data-testid="items-error-fields"]');
    const fields = (await page.textContent('[data-testid="items-error-fields"]')) ?? '';
    expect(fields).toMatch(/^SLA 조건: 허용되/);
    expect(fields).not.toContain('Invalid option');
    expect(await page.locator('[data-testid="items-error"] .alert-message').textContent()).not.toMatch(/invalid/i);
    // Whatever English the server adds stays apart from the reason.
    const engine = page.locator('[data-testid="items-error-engine"]');
    if (await engine.count()) expect(await engine.textContent()).toContain('Invalid option');
  });

  it('links an item to the same customer’s other items, shown as a removable filter', async () => {
    const { page, errors } = await signedIn();
    await page.goto(`/items?item=${ids.get('T-R1')}`);
    await page.waitForSelector('[data-testid="customer-history-link"]');
    expect(await page.textContent('[data-testid="customer-history-link"]')).toBe('이 고객의 다른 문의 2건 보기');
    const ref = (await h.api('GET', `/items/${ids.get('T-R1')}`)).body.item.customer_ref as string;
    await page.click('[data-testid="customer-history-link"]');
    await waitForUrl(page, (u) => u.searchParams.get('customer') === ref && !u.searchParams.has('item'));
    await waitForRows(page, [REFUND[0], REFUND[1], OTHER[0]]);
    expect(await page.textContent('[data-testid="filter-customer"]')).toContain(ref);
    await page.click('[data-testid="filter-customer"]');
    await waitForUrl(page, (u) => !u.searchParams.has('customer'));
    await waitForRows(page, ALL);

    // No other item from the customer, or no customer at all: no link.
    await page.goto(`/items?item=${ids.get('T-R3')}`);
    await page.waitForSelector('[data-testid="item-detail-text"]');
    await page.waitForLoadState('networkidle');
    expect(await page.locator('[data-testid="customer-history-link"]').count()).toBe(0);
    await page.goto(`/items?item=${ids.get('T-O2')}`);
    await page.waitForSelector('[data-testid="item-detail-text"]');
    await page.waitForLoadState('networkidle');
    expect(await page.locator('[data-testid="customer-history-link"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('on a phone, puts the list first with the filters folded, offers the page box and keeps the bulk bar compact', async () => {
    const { page, errors } = await signedIn({ viewport: { width: 390, height: 844 } });
    await page.goto('/items?channel=chat');
    await page.waitForSelector('[data-testid="item-row"]');
    expect(await page.isVisible('[data-testid="filter-channel"]')).toBe(false);
    expect(await page.isVisible('[data-testid="filter-q"]')).toBe(true);
    const toggle = page.locator('[data-testid="filters-toggle"]');
    expect(await toggle.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.textContent()).toContain('1개 적용 중');
    const first = (await page.locator('[data-testid="item-row"]').first().boundingBox())!;
    expect(first.y).toBeLessThan(844 - 100);
    await page.screenshot({ path: `${SHOTS_DIR}/triage-phone-list.png` });

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.isVisible('[data-testid="filter-channel"]')).toBe(true);
    await toggle.click();
    expect(await page.isVisible('[data-testid="filter-channel"]')).toBe(false);

    // The table's header (with its page box) is hidden on a phone: the page box has its own line.
    expect(await page.isVisible('[data-testid="select-page-phone"]')).toBe(true);
    await page.click('[data-testid="select-page-phone"]');
    await page.waitForSelector('[data-testid="bulk-bar"]');
    const rows = await page.locator('[data-testid="item-row"]').count();
    expect(await page.locator('[data-testid="select-row"]:checked').count()).toBe(rows);
    await page.screenshot({ path: `${SHOTS_DIR}/triage-phone-bulk.png` });
    const bar = (await page.locator('[data-testid="bulk-bar"]').boundingBox())!;
    expect(bar.height).toBeLessThan(170);
    // The three selects share one line.
    const tops = await Promise.all(['bulk-type', 'bulk-topic', 'bulk-sentiment'].map(async (id) => (await page.locator(`[data-testid="${id}"]`).boundingBox())!.y));
    expect(new Set(tops.map(Math.round)).size).toBe(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.click('[data-testid="select-page-phone"]');
    await page.waitForSelector('[data-testid="bulk-bar"]', { state: 'detached' });
    expect(errors).toEqual([]);
  });
});
