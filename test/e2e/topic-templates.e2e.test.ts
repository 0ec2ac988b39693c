/**
 * Topic templates on the Topics page in real headless Chromium: a workspace without topics offers
 * the starter trees with a preview of each; a viewer sees them without a button; an admin applies
 * the online-store one (after a confirm), the tree appears with its rules, the page says stored
 * items are being labelled again, and an item stored before gets its topic; with topics present
 * the quieter "add from a template" says the store template is all here. The viewer's page is in
 * English, the admin's in Korean. The tests run in order.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS_DIR, shot, signIn, startHarness, storyHooks, type Harness } from './harness.js';

const VIEWER = { email: 'templates-viewer@sori.test', password: 'e2e-yeollam-pass-2026', name: '열람자' };
const BEFORE = { external_id: 'TPL-1', channel: 'chat', source: 'e2e-templates', created_at: new Date(Date.now() - 3_600_000).toISOString(), text: '주문한 지 열흘째인데 택배가 아직도 안 왔어요' };

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

beforeAll(async () => {
  h = await startHarness([BEFORE]);
  const made = await h.api('POST', '/users', { ...VIEWER, role: 'viewer' });
  if (made.status !== 200) throw new Error(`creating the viewer failed: ${made.status} ${JSON.stringify(made.body)}`);
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('topic templates (headless Chromium)', () => {
  it('shows a viewer the templates of an empty workspace, without a button to apply one (in English)', async () => {
    const { page, errors } = await h.newPage({ locale: 'en-US' });
    active = { page, errors };
    await signIn(page, '/topics', VIEWER);
    await page.waitForSelector('[data-testid="topic-template"]');
    expect(await page.locator('[data-testid="topics-empty"]').count()).toBe(1);
    expect(await page.locator('[data-testid="topic-template"]').count()).toBeGreaterThanOrEqual(3);
    expect(await page.textContent('[data-testid="topic-templates-viewer"]')).toContain('An operator or admin');
    const store = page.locator('[data-testid="topic-template"][data-template-id="commerce"]');
    expect(await store.locator('[data-testid="topic-template-name"]').textContent()).toBe('Online store');
    expect(await store.locator('[data-testid="topic-template-preview"]').textContent()).toContain('Cancellations, refunds & returns: Order cancellation, Refund, Exchange, Return');
    expect(await page.locator('[data-testid="topic-template-apply"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lets an admin apply the online-store template: the tree appears and stored items are labelled again', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    await signIn(page, '/topics');
    const store = page.locator('[data-testid="topic-template"][data-template-id="commerce"]');
    await store.waitFor();
    expect(await store.locator('[data-testid="topic-template-name"]').textContent()).toBe('쇼핑몰·커머스');
    const preview = (await store.locator('[data-testid="topic-template-preview"]').textContent()) ?? '';
    for (const shown of ['배송', '배송 지연', '취소·환불·반품', '환불', '혜택·쿠폰']) expect(preview).toContain(shown);
    await shot(page, 'topic-templates-empty');

    await store.locator('[data-testid="topic-template-apply"]').click();
    expect(await store.locator('[data-testid="topic-template-confirm"]').textContent()).toContain('다시 분류');
    await store.locator('[data-testid="topic-template-confirm-apply"]').click();

    await page.waitForSelector('[data-testid="topic-tree"]');
    const applied = (await page.textContent('[data-testid="topic-template-applied"]')) ?? '';
    expect(applied).toContain('쇼핑몰·커머스');
    expect(applied).toContain('다시 분류하는 중');
    const names = await page.locator('[data-testid="topic-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-topic-name')));
    expect(names).toEqual(expect.arrayContaining(['계정·로그인', '로그인', '배송', '배송 지연', '환불', '쿠폰']));
    const delay = page.locator('[data-testid="topic-row"][data-topic-name="배송 지연"]');
    expect(await delay.locator('[data-testid="topic-rule"]').count()).toBeGreaterThan(5);
    expect(await page.locator('[data-testid="topics-empty"]').count()).toBe(0);
    // The top of the page as one sees it, with what was done (the whole page is a long tree).
    await page.screenshot({ path: path.join(SHOTS_DIR, 'topic-templates-applied-top.png'), animations: 'disabled' });

    // The item stored before the template joins 배송 지연 once the background run is done.
    let topic: string | null = null;
    for (let i = 0; i < 100 && !topic; i++) {
      const items = (await h.api('GET', '/items?source=e2e-templates')).body.items as { topic_name: string | null }[];
      topic = items[0]?.topic_name ?? null;
      if (!topic) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(topic).toBe('배송 지연');
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid="topic-row"][data-topic-name="배송 지연"] [data-testid="topic-count"]')?.textContent?.includes('1'));
    await shot(page, 'topic-templates-applied');

    // With topics, the templates are one quiet button away, and the store one is all here.
    expect(await page.locator('[data-testid="topic-template"]').count()).toBe(0);
    await page.click('[data-testid="topic-templates-toggle"]');
    const again = page.locator('[data-testid="topic-template"][data-template-id="commerce"] [data-testid="topic-template-apply"]');
    await again.waitFor();
    expect(await again.textContent()).toBe('모두 있음');
    expect(await again.isDisabled()).toBe(true);
    expect(await page.textContent('[data-testid="topic-templates"]')).toContain('아직 없는 것만 추가');
    await page.screenshot({ path: path.join(SHOTS_DIR, 'topic-templates-add.png'), animations: 'disabled' });
    expect(errors).toEqual([]);
  });
});
