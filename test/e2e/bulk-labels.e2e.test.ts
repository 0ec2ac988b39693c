/**
 * Bulk label corrections in real headless Chromium: an admin picks the page's rows with the header
 * box, selects every item the search matches (more than a page), gives them a topic and a
 * sentiment after confirming; shift-click picks a range and a type is corrected on it; a count
 * that changed while the operator decided (a new item arrived) is refused with nothing changed;
 * a viewer gets no boxes. The tests run in order on one page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS_DIR, seedItems, shot, signIn, startHarness, storyHooks, waitForTotal, type Harness } from './harness.js';

const SOURCE = 'e2e-bulk';
const VIEWER = { email: 'bulk-viewer@sori.test', password: 'e2e-yeollam-pass-2026', name: '열람자' };
const COUPON_OPENERS = ['쿠폰이 적용되지 않아요', '할인 쿠폰 코드가 안 먹혀요', '결제할 때 쿠폰 할인이 빠져요', '신규 가입 쿠폰이 안 보여요', '쿠폰함에 있던 쿠폰이 사라졌어요'];
const COUPON_DETAILS = ['할인 금액이 그대로예요', '유효기간은 남아 있어요', '장바구니에서도 안 돼요', '조건은 다 맞췄어요', '어제부터 이래요', '확인 부탁드립니다', '급합니다', '다른 상품도 마찬가지예요', '앱과 웹 모두 그래요', '고객센터 연결이 안 돼요', '주말에 쓰려고 했어요', '이벤트 페이지에서 받았어요', '두 번째 문의예요', '친구 초대로 받은 쿠폰입니다'];
const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();

// 70 coupon complaints (more than the list's page of 50) and 6 delivery ones.
const COUPONS = Array.from({ length: 70 }, (_, i) => ({
  external_id: `BULK-C-${i}`,
  channel: ['chat', 'board', 'email'][i % 3],
  created_at: at(2 + i),
  text: `${COUPON_OPENERS[i % 5]}. ${COUPON_DETAILS[Math.floor(i / 5) % 14]}`,
}));
const DELIVERIES = Array.from({ length: 6 }, (_, i) => ({
  external_id: `BULK-D-${i}`,
  channel: 'chat',
  created_at: at(1 + i * 0.1),
  text: ['배송이 일주일째 안 와요', '배송 조회가 안 돼요', '배송 예정일이 지났어요', '배송 기사님과 연락이 안 돼요', '배송지가 잘못 나와요', '배송이 너무 늦어요'][i],
}));

let h: Harness;
let page: Page;
let pageErrors: string[];
let active: { page: Page; errors: string[] } | undefined;
let couponTopic: string;

const stored = async (): Promise<Map<string, any>> => new Map((await h.api('GET', `/items?limit=500&source=${SOURCE}`)).body.items.map((i: any) => [i.external_id, i]));

/** The list has settled on `rows` rows (not refreshing). */
async function waitForRowCount(p: Page, rows: number): Promise<void> {
  await p.waitForFunction(
    (want: number) => {
      const table = document.querySelector('[data-testid="items-table"]');
      return !!table && table.getAttribute('aria-busy') !== 'true' && document.querySelectorAll('[data-testid="item-row"]').length === want;
    },
    rows,
    { timeout: 20_000 },
  );
}

beforeAll(async () => {
  h = await startHarness([]);
  const topic = await h.api('POST', '/topics', { name: '쿠폰 적용 오류' });
  if (topic.status !== 201) throw new Error(`creating the topic failed: ${topic.status}`);
  couponTopic = topic.body.topic.id;
  await seedItems(h, [...COUPONS, ...DELIVERIES], SOURCE);
  const viewer = await h.api('POST', '/users', { ...VIEWER, role: 'viewer' });
  if (viewer.status !== 200) throw new Error(`creating the viewer failed: ${viewer.status} ${JSON.stringify(viewer.body)}`);
  ({ page, errors: pageErrors } = await h.newPage());
  active = { page, errors: pageErrors };
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('bulk label corrections (headless Chromium)', () => {
  it('selects every item a search matches, past the first page, and gives them a topic and a sentiment', async () => {
    await signIn(page, '/items?q=쿠폰');
    await page.waitForSelector('[data-testid="item-row"]');
    await waitForTotal(page, 70);
    await waitForRowCount(page, 50);
    expect(await page.locator('[data-testid="bulk-bar"]').count()).toBe(0);

    await page.click('[data-testid="select-page"]');
    await expect.poll(() => page.textContent('[data-testid="bulk-count"]')).toBe('50건 선택됨');
    expect(await page.locator('[data-testid="select-row"]:checked').count()).toBe(50);
    // Checking a box does not open the item.
    expect(new URL(page.url()).searchParams.get('item')).toBeNull();
    await page.click('[data-testid="bulk-select-all"]');
    await expect.poll(() => page.textContent('[data-testid="bulk-count"]')).toBe('조건에 맞는 70건 모두 선택됨');

    // Nothing to apply until a label is picked; the first press asks, naming how many.
    expect(await page.isDisabled('[data-testid="bulk-apply"]')).toBe(true);
    await page.selectOption('[data-testid="bulk-topic"]', couponTopic);
    await page.selectOption('[data-testid="bulk-sentiment"]', 'negative');
    await page.click('[data-testid="bulk-apply"]');
    expect(await page.textContent('[data-testid="bulk-question"]')).toContain('70건');
    const before = await stored();
    expect(before.get('BULK-C-0').locked_labels).toEqual([]);
    await page.screenshot({ path: `${SHOTS_DIR}/bulk-01-confirm.png` });
    await page.click('[data-testid="bulk-apply"]');

    await page.waitForSelector('[data-testid="bulk-done"]');
    expect(await page.textContent('[data-testid="bulk-done"]')).toContain('70건을 고쳤습니다');
    // Said where the operator is looking (the bar's place at the window's bottom), not after the list.
    const box = (await page.locator('[data-testid="bulk-done"]').boundingBox())!;
    const view = page.viewportSize()!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(view.height);
    await page.screenshot({ path: `${SHOTS_DIR}/bulk-01b-done.png` });
    expect(await page.locator('[data-testid="bulk-bar"]').count()).toBe(0);
    const items = await stored();
    for (const item of COUPONS) {
      const got = items.get(item.external_id);
      expect(got.topic_id, item.external_id).toBe(couponTopic);
      expect(got.sentiment).toBe('negative');
      // A label that already had the value is not a correction: only the changed ones are locked.
      const changedSentiment = before.get(item.external_id).sentiment !== 'negative';
      expect([...got.locked_labels].sort()).toEqual(changedSentiment ? ['sentiment', 'topic'] : ['topic']);
    }
    for (const item of DELIVERIES) expect(items.get(item.external_id).topic_id).not.toBe(couponTopic);
    // The list shows the new topic on its rows.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="item-row"] [data-testid="badge-topic"]')].filter((b) => b.textContent?.includes('쿠폰 적용 오류')).length === 50);
  });

  it('picks a range with shift-click and corrects its type; the rest stay as they were', async () => {
    await page.goto('/items?q=배송');
    await waitForRowCount(page, 6);
    const before = await stored();
    const boxes = page.locator('[data-testid="select-row"]');
    await boxes.nth(1).click();
    await boxes.nth(4).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.textContent('[data-testid="bulk-count"]')).toBe('4건 선택됨');
    const picked = await page.$$eval('[data-testid="item-row"].is-picked', (rows) => rows.map((r) => r.getAttribute('data-item-id')));
    const ids = await page.$$eval('[data-testid="item-row"]', (rows) => rows.map((r) => r.getAttribute('data-item-id')));
    expect(picked).toEqual(ids.slice(1, 5));
    // No "select all": the whole page is not picked.
    expect(await page.locator('[data-testid="bulk-select-all"]').count()).toBe(0);

    await page.selectOption('[data-testid="bulk-type"]', 'delivery');
    await page.click('[data-testid="bulk-apply"]');
    await page.click('[data-testid="bulk-apply"]');
    await page.waitForSelector('[data-testid="bulk-done"]');
    const after = await stored();
    for (const item of after.values()) {
      if (picked.includes(item.id)) {
        expect(item.type).toBe('delivery');
        // Locked only where the type changed (an item already typed delivery is not a correction).
        if (before.get(item.external_id).type !== 'delivery') expect(item.locked_labels).toContain('type');
        else expect(item.locked_labels).toEqual(before.get(item.external_id).locked_labels);
      } else {
        const old = before.get(item.external_id);
        expect(item.type).toBe(old.type);
        expect(item.locked_labels).toEqual(old.locked_labels);
      }
    }
  });

  it('takes the range correction back with 되돌리기: every item is as it was before, and the list shows it', async () => {
    const before = await stored();
    const changedIds = [...before.values()].filter((item) => item.locked_labels.includes('type') && item.type === 'delivery').map((item) => item.id);
    expect(changedIds.length).toBeGreaterThan(0);
    await page.click('[data-testid="bulk-undo"]');
    await page.waitForSelector('[data-testid="bulk-undone"]');
    expect(await page.textContent('[data-testid="bulk-undone"]')).toMatch(/되돌렸습니다: 라벨 \d+개를 고치기 전 값으로/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('bulk-undone');
    expect(await page.locator('[data-testid="bulk-undo"]').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS_DIR}/bulk-labels-undone.png` });
    const after = await stored();
    for (const id of changedIds) {
      const item = [...after.values()].find((x) => x.id === id)!;
      expect(item.locked_labels).not.toContain('type');
      expect(item.type).not.toBe('delivery');
    }
    // Nothing else moved.
    for (const item of after.values()) if (!changedIds.includes(item.id)) expect(item).toEqual(before.get(item.external_id));
  });

  it('refuses when more items match than the operator saw, and changes nothing', async () => {
    await page.goto('/items?q=쿠폰');
    await waitForTotal(page, 70);
    await waitForRowCount(page, 50);
    await page.click('[data-testid="select-page"]');
    await page.selectOption('[data-testid="bulk-sentiment"]', 'neutral');
    await page.click('[data-testid="bulk-apply"]');
    expect(await page.textContent('[data-testid="bulk-question"]')).toContain('50건');
    // The question named the page's 50: selecting all 70 takes it back, and the next press asks about 70.
    await page.click('[data-testid="bulk-select-all"]');
    await expect.poll(() => page.locator('[data-testid="bulk-question"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="bulk-apply"]')).toBe('선택한 인입 고치기');
    await page.click('[data-testid="bulk-apply"]');
    expect(await page.textContent('[data-testid="bulk-question"]')).toContain('70건');
    // While the operator reads the question, another coupon complaint arrives.
    await seedItems(h, [{ external_id: 'BULK-C-LATE', channel: 'chat', created_at: at(0.5), text: '쿠폰이 또 안 돼요' }], SOURCE);
    await page.click('[data-testid="bulk-apply"]');
    await page.waitForSelector('[data-testid="bulk-failed"]');
    expect(await page.textContent('[data-testid="bulk-failed"]')).toContain('71건');
    expect([...(await stored()).values()].filter((i) => i.sentiment === 'neutral' && i.locked_labels.includes('sentiment'))).toHaveLength(0);
    // The selection is gone (never carried over to the 71), the totals read again.
    expect(await page.locator('[data-testid="bulk-bar"]').count()).toBe(0);
    await waitForTotal(page, 71);
    await shot(page, 'bulk-02-refused');
    await page.click('[data-testid="select-page"]');
    await page.click('[data-testid="bulk-select-all"]');
    await expect.poll(() => page.textContent('[data-testid="bulk-count"]')).toBe('조건에 맞는 71건 모두 선택됨');
  });

  it('shows a viewer no boxes and no bar', async () => {
    const viewer = await h.newPage();
    await signIn(viewer.page, '/items?q=쿠폰', VIEWER);
    await viewer.page.waitForSelector('[data-testid="item-row"]');
    await waitForRowCount(viewer.page, 50);
    expect(await viewer.page.locator('[data-testid="select-row"], [data-testid="select-page"]').count()).toBe(0);
    expect(viewer.errors).toEqual([]);
    await viewer.context.close();
  });
});
