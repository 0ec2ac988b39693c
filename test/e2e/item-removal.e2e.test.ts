/**
 * Taking items back out, in real headless Chromium (admins): an import undone from the import
 * page's history (the items it created go, an item it only changed stays), selected items deleted
 * from the list's bulk bar after a question naming the count, and one customer's data erased from
 * 설정 by the id the source knows them by. An operator sees none of these controls. The tests run
 * in order on one page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS_DIR, seedItems, signIn, startHarness, storyHooks, waitForTotal, type Harness } from './harness.js';

const OPERATOR = { email: 'removal-operator@sori.test', password: 'e2e-unyeong-pass-2026', name: '상담원' };
const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();

// Items sent by API before the import: the file re-sends API-1 with new text (an update it must not
// take back) and adds FILE-1..FILE-4 (created by it).
const API_ITEMS = [
  { source: 'shop', external_id: 'API-1', channel: 'board', created_at: at(30), text: '주문한 상품이 아직 안 왔어요' },
  { source: 'shop', external_id: 'API-2', channel: 'chat', created_at: at(29), text: '배송지 변경 가능한가요?', customer_id: 'M-1001' },
  { source: 'shop', external_id: 'API-3', channel: 'chat', created_at: at(28), text: '포인트 적립이 안 됐어요', customer_id: 'M-1001' },
  { source: 'shop', external_id: 'API-4', channel: 'email', created_at: at(27), text: '영수증 발급 부탁드립니다', customer_id: 'M-2002' },
  { source: 'shop', external_id: 'SPAM-1', channel: 'board', created_at: at(26), text: '[광고] 최저가 대출 상담 환영' },
  { source: 'shop', external_id: 'SPAM-2', channel: 'board', created_at: at(25), text: '[광고] 부업으로 월 500 보장' },
];
const CSV = [
  'source,external_id,channel,created_at,text',
  `shop,API-1,board,${at(30)},주문한 상품이 아직 안 왔어요. 벌써 5일째입니다`,
  ...[1, 2, 3, 4].map((i) => `shop,FILE-${i},email,${at(20 - i)},잘못 올린 파일의 문의 ${i}번입니다`),
].join('\n');

let h: Harness;
let page: Page;
let pageErrors: string[];
let active: { page: Page; errors: string[] } | undefined;
let runId: string;

const externalIds = async (): Promise<string[]> =>
  ((await h.api('GET', '/items?limit=500')).body.items as { external_id: string }[]).map((i) => i.external_id).sort();

beforeAll(async () => {
  h = await startHarness([]);
  await seedItems(h, API_ITEMS);
  // The import, through the same upload the page uses.
  const form = new FormData();
  form.append('file', new Blob([CSV], { type: 'text/csv' }), '잘못된_파일.csv');
  form.append('dry_run', 'false');
  const res = await fetch(`${h.baseUrl}/api/v1/imports`, { method: 'POST', headers: { Cookie: h.adminCookie, Accept: 'application/json' }, body: form });
  const report = await res.json();
  if (res.status !== 200 || report.inserted !== 4 || report.updated !== 1) throw new Error(`import failed: ${res.status} ${JSON.stringify(report)}`);
  runId = String(report.run_id);
  const operator = await h.api('POST', '/users', { ...OPERATOR, role: 'operator' });
  if (operator.status !== 200) throw new Error(`creating the operator failed: ${operator.status} ${JSON.stringify(operator.body)}`);
  ({ page, errors: pageErrors } = await h.newPage());
  active = { page, errors: pageErrors };
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('taking items back out (headless Chromium)', () => {
  it('an operator sees no undo, no delete and no erase', async () => {
    const operator = await h.newPage();
    active = operator;
    await signIn(operator.page, '/import', OPERATOR);
    await operator.page.waitForSelector('[data-testid="import-history-row"]');
    expect(await operator.page.locator('[data-testid="import-undo-button"]').count()).toBe(0);
    await operator.page.goto('/items');
    await operator.page.waitForSelector('[data-testid="item-row"]');
    await operator.page.locator('[data-testid="select-row"]').first().click();
    await operator.page.waitForSelector('[data-testid="bulk-bar"]');
    expect(await operator.page.locator('[data-testid="bulk-delete"]').count()).toBe(0);
    expect(operator.errors).toEqual([]);
    await operator.context.close();
    active = { page, errors: pageErrors };
  });

  it('undoes an import: the question names what goes and what stays, the created items go, the changed one stays', async () => {
    await signIn(page, '/import');
    await page.waitForSelector('[data-testid="import-history-row"]');
    const row = page.locator(`[data-testid="import-history-row"][data-run="${runId}"]`);
    await row.locator('[data-testid="import-undo-button"]').click();
    const question = row.locator('[data-testid="import-undo-question"]');
    await question.waitFor();
    expect(await question.innerText()).toContain('새로 생긴 항목 4건을 삭제합니다');
    expect(await question.innerText()).toContain('기존 항목 1건은 지금 상태 그대로 남습니다');
    // Focus is on the answer; Escape takes the question back and nothing changes.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('import-undo-confirm');
    await page.keyboard.press('Escape');
    await expect.poll(() => row.locator('[data-testid="import-undo-question"]').count()).toBe(0);
    // Focus goes back to the button the question replaced.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('import-undo-button');
    expect(await externalIds()).toContain('FILE-1');

    await row.locator('[data-testid="import-undo-button"]').click();
    await row.locator('[data-testid="import-undo-confirm"]').click();
    await row.locator('[data-testid="import-history-undone"]').waitFor();
    expect(await row.locator('[data-testid="import-history-undone"]').innerText()).toContain('4건 삭제');
    // The result stays said in the row after the list is read again, and focus is on it.
    const done = row.locator('[data-testid="import-undo-done"]');
    expect(await done.innerText()).toContain('4건을 삭제했습니다');
    expect(await done.innerText()).toContain('바뀐 기존 항목 1건은 남았습니다');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('import-undo-done');
    expect(await row.locator('[data-testid="import-undo-button"]').count()).toBe(0);
    expect(await row.locator('[data-testid="import-history-items"]').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS_DIR}/removal-01-undone.png` });

    const ids = await externalIds();
    expect(ids).toEqual(['API-1', 'API-2', 'API-3', 'API-4', 'SPAM-1', 'SPAM-2']);
    const kept = (await h.api('GET', '/items?limit=500')).body.items.find((i: { external_id: string }) => i.external_id === 'API-1');
    expect(kept.text).toContain('벌써 5일째');
  });

  it('deletes selected items from the list after a question naming the count', async () => {
    await page.goto('/items?q=광고');
    await waitForTotal(page, 2);
    await page.click('[data-testid="select-page"]');
    await expect.poll(() => page.textContent('[data-testid="bulk-count"]')).toBe('2건 선택됨');
    await page.click('[data-testid="bulk-delete"]');
    expect(await page.textContent('[data-testid="bulk-delete-question"]')).toContain('2건을 삭제합니다');
    await page.screenshot({ path: `${SHOTS_DIR}/removal-02-bulk-question.png` });
    expect(await externalIds()).toContain('SPAM-1');
    await page.click('[data-testid="bulk-delete"]');
    await page.waitForSelector('[data-testid="bulk-deleted"]');
    expect(await page.textContent('[data-testid="bulk-deleted"]')).toContain('2건을 삭제했습니다');
    await waitForTotal(page, 0);
    expect(await externalIds()).toEqual(['API-1', 'API-2', 'API-3', 'API-4']);
  });

  it("erases one customer's items from 설정 by the id the source knows them by", async () => {
    await page.goto('/settings');
    await page.waitForSelector('[data-testid="settings-erase-customer"]');
    await page.fill('[data-testid="erase-customer-id"]', 'M-1001');
    await page.click('[data-testid="erase-customer-find"]');
    const question = page.locator('[data-testid="erase-customer-question"]');
    await question.waitFor();
    expect(await question.innerText()).toContain('항목 2건을 삭제합니다');
    // The question names the pseudonym, never the id typed.
    expect(await question.innerText()).not.toContain('M-1001');
    expect(await externalIds()).toContain('API-2');
    await page.click('[data-testid="erase-customer-confirm"]');
    await page.waitForSelector('[data-testid="erase-customer-done"]');
    expect(await page.textContent('[data-testid="erase-customer-done"]')).toContain('2건을 삭제했습니다');
    expect(await page.inputValue('[data-testid="erase-customer-id"]')).toBe('');
    await page.screenshot({ path: `${SHOTS_DIR}/removal-03-erased.png` });
    expect(await externalIds()).toEqual(['API-1', 'API-4']);

    // A customer without items: said, nothing asked.
    await page.fill('[data-testid="erase-customer-id"]', 'M-9999');
    await page.click('[data-testid="erase-customer-find"]');
    await page.waitForSelector('[data-testid="erase-customer-none"]');
    expect(await page.locator('[data-testid="erase-customer-confirm"]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
