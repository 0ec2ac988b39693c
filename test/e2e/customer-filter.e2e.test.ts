/**
 * The items list's 고객 box in real headless Chromium: a member number typed as the customer gave it
 * (M10000050) finds that customer's items — the URL holds customer=M10000050 and the server
 * pseudonymises it as at ingest —, the box's × clears it, and the item panel's "이 고객의 다른 문의"
 * link fills the same box with the customer's reference. The 출처 box takes the everyday 카톡.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedItems, shot, signIn, startHarness, storyHooks, waitForRows, waitForUrl, type Harness } from './harness.js';

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

const MEMBER = ['M10000050 회원입니다. 주문한 상품이 아직 배송되지 않았어요', '지난번 문의 이어서요, 환불은 언제 되나요?', '쿠폰 적용이 안 돼서 다시 문의드립니다'];
const OTHERS = ['비밀번호를 바꾸고 싶은데 메일이 안 와요', '앱이 자꾸 꺼집니다. 업데이트 후부터 그래요'];
const ALL = [...MEMBER, ...OTHERS];

beforeAll(async () => {
  h = await startHarness([]);
  await seedItems(h, [
    { source: 'kakaotalk', external_id: 'CF-M1', channel: 'chat', created_at: '2026-10-05 10:00', text: MEMBER[0], customer_id: 'M10000050' },
    { source: 'kakaotalk', external_id: 'CF-M2', channel: 'chat', created_at: '2026-10-06 11:00', text: MEMBER[1], customer_id: 'M10000050' },
    { source: 'zendesk', external_id: 'CF-M3', channel: 'email', created_at: '2026-10-07 09:30', text: MEMBER[2], customer_id: 'M10000050' },
    { source: 'zendesk', external_id: 'CF-O1', channel: 'email', created_at: '2026-10-08 15:10', text: OTHERS[0], customer_id: 'M10000051' },
    { source: 'zendesk', external_id: 'CF-O2', channel: 'email', created_at: '2026-10-09 16:20', text: OTHERS[1] },
  ]);
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

const CUSTOMER_BOX = '[data-testid="filter-customer-input"]';

describe('the items list’s customer box (headless Chromium)', () => {
  it('finds a customer’s items by the member number they gave; the URL holds it, the × clears it', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    await signIn(page, '/items');
    await waitForRows(page, ALL);
    const box = page.locator(CUSTOMER_BOX);
    expect(await box.getAttribute('placeholder')).toBe('회원번호·고객 ID');
    expect(await box.getAttribute('title')).toContain('전화번호는 가려져 저장되어 찾을 수 없습니다');
    expect(await page.locator('label[for="filter-customer-input"]').innerText()).toBe('고객');

    // Enter commits; the id as typed (spaces aside) goes to the URL, never its pseudonym.
    await box.fill(' M10000050 ');
    await box.press('Enter');
    await waitForUrl(page, (u) => u.searchParams.get('customer') === 'M10000050');
    await waitForRows(page, MEMBER);
    await shot(page, 'customer-filter-01-member-id');

    // The × inside the box clears it and the whole list is back.
    await page.click('[data-testid="filter-customer"]');
    await waitForUrl(page, (u) => !u.searchParams.has('customer'));
    await waitForRows(page, ALL);
    expect(await box.inputValue()).toBe('');

    // A pause in typing commits too; another customer's id finds only theirs.
    await box.fill('M10000051');
    await waitForUrl(page, (u) => u.searchParams.get('customer') === 'M10000051');
    await waitForRows(page, [OTHERS[0]]);
    // An id nobody has: an empty list, not an error.
    await box.fill('M99999999');
    await box.press('Tab');
    await waitForUrl(page, (u) => u.searchParams.get('customer') === 'M99999999');
    await waitForRows(page, []);
    expect(errors).toEqual([]);
  });

  it('opens from the address bar with customer= in the box, and the panel’s contact-history link fills the same box', async () => {
    const page = active!.page;
    await page.goto('/items?customer=M10000050');
    await waitForRows(page, MEMBER);
    expect(await page.inputValue(CUSTOMER_BOX)).toBe('M10000050');

    await page.click('[data-testid="filter-reset"]');
    await waitForRows(page, ALL);
    const member = (await h.api('GET', '/items?customer=M10000050')).body.items as { id: string; customer_ref: string }[];
    expect(member).toHaveLength(3);
    await page.goto(`/items?item=${member[0]!.id}`);
    await page.waitForSelector('[data-testid="customer-history-link"]');
    await page.click('[data-testid="customer-history-link"]');
    const ref = member[0]!.customer_ref;
    expect(ref).toMatch(/^c_/);
    await waitForUrl(page, (u) => u.searchParams.get('customer') === ref);
    await waitForRows(page, MEMBER);
    await page.waitForFunction((want: string) => (document.querySelector('[data-testid="filter-customer-input"]') as HTMLInputElement).value === want, ref);
    expect(active!.errors).toEqual([]);
  });

  it('resolves 카톡 in the 출처 box to the kakaotalk source', async () => {
    const page = active!.page;
    await page.goto('/items');
    await waitForRows(page, ALL);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="filter-source-choices"] option').length === 2);
    await page.fill('[data-testid="filter-source"]', '카톡');
    await page.press('[data-testid="filter-source"]', 'Enter');
    await waitForUrl(page, (u) => u.searchParams.get('source') === 'kakaotalk');
    await waitForRows(page, [MEMBER[0], MEMBER[1]]);
    expect(await page.inputValue('[data-testid="filter-source"]')).toBe('kakaotalk');
    expect(await page.locator('[data-testid="filter-source-note"]').count()).toBe(0);

    // Both boxes together: the customer's items from that source.
    await page.fill(CUSTOMER_BOX, 'M10000050');
    await page.press(CUSTOMER_BOX, 'Enter');
    await waitForUrl(page, (u) => u.searchParams.get('customer') === 'M10000050' && u.searchParams.get('source') === 'kakaotalk');
    await waitForRows(page, [MEMBER[0], MEMBER[1]]);
    await shot(page, 'customer-filter-02-with-source');
    expect(active!.errors).toEqual([]);
  });

  it('says it in English, and folds the box with the other filters on a phone', async () => {
    const { page, errors } = await h.newPage({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    active = { page, errors };
    await signIn(page, '/items?customer=M10000050');
    await waitForRows(page, MEMBER);
    // Folded: the toggle counts the customer filter.
    expect(await page.getAttribute('[data-testid="filters-toggle"]', 'data-count')).toBe('1');
    await page.click('[data-testid="filters-toggle"]');
    const box = page.locator(CUSTOMER_BOX);
    await box.waitFor({ state: 'visible' });
    expect(await box.getAttribute('placeholder')).toBe('Member or customer ID');
    expect(await box.inputValue()).toBe('M10000050');
    const right = await box.evaluate((el) => el.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(390);
    await shot(page, 'customer-filter-03-phone-en');
    expect(errors).toEqual([]);
  });
});
