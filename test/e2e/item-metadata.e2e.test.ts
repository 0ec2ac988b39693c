/**
 * The item detail panel's metadata and language in real headless Chromium: the source's own fields
 * as rows (closed at first, so a demo's answer key is not what an operator reads), a nested object
 * spread one level, a value that is markup shown as text; the language by its name.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS_DIR, seedItems, signIn, startHarness, storyHooks, type Harness } from './harness.js';

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;
const MARKUP = '<img src=x onerror="window.__xss=1">';

beforeAll(async () => {
  h = await startHarness([]);
  await seedItems(h, [
    {
      source: 'e2e-meta',
      external_id: 'MD-1',
      channel: 'board',
      created_at: '2026-10-05 10:00',
      text: '주문한 상품 색상이 사진과 달라요',
      metadata: { 주문채널: '앱', 쿠폰: { 코드: 'WELCOME10', 금액: 3000 }, 메모: MARKUP },
    },
  ]);
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('the item detail panel’s metadata (headless Chromium)', () => {
  it('lists the source’s fields as rows behind a closed section, markup as text, and names the language', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    await signIn(page, '/items');
    await page.locator('[data-testid="item-row"]').first().click();
    await page.waitForSelector('[data-testid="item-detail"]');
    const section = page.locator('[data-testid="item-detail-metadata"]');
    expect(await section.locator('summary').innerText()).toBe('메타데이터 (4)');
    expect(await section.locator('details').getAttribute('open')).toBeNull();
    expect(await section.locator('dl').isVisible()).toBe(false);
    await section.locator('summary').click();
    const rows = await section.locator('.field-row').evaluateAll((els) => els.map((el) => [el.querySelector('dt')!.textContent, el.querySelector('dd')!.textContent]));
    // In the order the database keeps an object's keys (jsonb: shorter keys first).
    expect(rows).toHaveLength(4);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['주문채널', '앱'],
        ['쿠폰.코드', 'WELCOME10'],
        ['쿠폰.금액', '3000'],
        ['메모', MARKUP],
      ]),
    );
    expect(await page.locator('[data-testid="item-detail"] img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('[data-testid="item-detail"]').innerText()).toContain('한국어 (ko)');
    await page.screenshot({ path: `${SHOTS_DIR}/item-metadata-01.png` });
    expect(errors).toEqual([]);
  });
});
