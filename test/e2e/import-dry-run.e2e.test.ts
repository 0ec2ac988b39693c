/**
 * Seeing what an import would do before doing it, in real headless Chromium: a Korean help desk's
 * CSV (Korean Excel's dates, 카카오톡 as the channel, stars) shows its first rows as Sori would store
 * them, the row with an impossible date marked with why; "먼저 확인 (저장 안 함)" reports what would
 * land and the rejected row, and stores nothing (checked through the API); changing the mapping
 * makes that result stale; the import then runs in one click without choosing the file again. The
 * tests run in order on one server.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, signIn, startHarness, storyHooks, type Harness } from './harness.js';

let h: Harness;
let tmp: string;
let active: { page: Page; errors: string[] } | undefined;

const SOURCE = 'kakao-check';
/** Row 4 (the header is row 1) has 2월 30일, a day February never has. */
const CSV =
  '문의번호,접수일시,채널,문의내용,만족도\r\n' +
  'KK-1,2024. 3. 5 오후 2:13,카카오톡,환불은 언제 되나요? 010-1234-5678로 연락 주세요,★★★★☆\r\n' +
  'KK-2,2024. 3. 6 오전 9:05,전화,배송이 늦어요,5점\r\n' +
  'KK-3,2024. 2. 30 오전 9:00,카카오톡,쿠폰이 안 써져요,\r\n' +
  'KK-4,2024. 3. 7 오후 6:40,카카오톡,교환 신청은 어디서 하나요,3점\r\n';
const BAD_ROW = 4;
const BAD_REASON = '접수 일시: 날짜·시간 형식이 아닙니다: 2024. 2. 30 오전 9:00';

beforeAll(async () => {
  h = await startHarness([]);
  tmp = await mkdtemp(path.join(tmpdir(), 'sori-e2e-check-'));
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const text = async (page: Page, testId: string) => (await page.locator(`[data-testid="${testId}"]`).first().innerText()).trim();
const cell = (page: Page, row: number, field: string) => page.locator(`[data-testid="import-preview-row"][data-row="${row}"] td[data-field="${field}"]`);
const mappingOf = (page: Page, column: string) => page.locator(`[data-testid="import-mapping-row"][data-column="${column}"] [data-testid="import-mapping-select"]`);
/** The rows shown were read under the form's settings (no re-read pending) and could be read. */
const readSettled = (page: Page) => page.waitForSelector('[data-testid="import-preview-read"][data-readable]:not([data-pending])');

describe('checking an import before it stores anything (headless Chromium)', () => {
  let page: Page;

  it('shows the first rows as Sori would store them, and marks the row it would reject with why', async () => {
    active = await h.newPage();
    page = active.page;
    await signIn(page, '/import');

    const file = path.join(tmp, '카카오톡_문의_2024-03.csv');
    await writeFile(file, CSV);
    await page.setInputFiles('[data-testid="import-file"]', file);
    await page.waitForSelector('[data-testid="import-mapper"]');
    await page.fill('[data-testid="import-source"]', SOURCE);
    await readSettled(page);

    // Korean Excel's time as wall-clock time in the workspace's zone, the file's own text beneath it.
    expect(await cell(page, 2, 'created_at').innerText()).toBe('2024-03-05 14:13\n파일: 2024. 3. 5 오후 2:13');
    // 카카오톡 is read as the chat channel (shown by its Korean name), the stars as a rating of 4.
    expect((await cell(page, 2, 'channel').innerText()).split('\n')[0]).toBe('채팅');
    expect((await cell(page, 2, 'kind').innerText()).trim()).toBe('문의');
    expect((await cell(page, 2, 'rating').innerText()).split('\n')[0]).toBe('4');
    expect((await cell(page, 3, 'channel').innerText()).split('\n')[0]).toBe('전화');
    // The text as stored: the phone number masked.
    expect((await cell(page, 2, 'text').innerText()).trim()).toBe('환불은 언제 되나요? [전화번호]로 연락 주세요');
    expect(await page.locator('[data-testid="import-preview-rows"]').innerText()).not.toContain('010-1234-5678');
    expect(await text(page, 'import-preview-zone')).toContain('Asia/Seoul');

    const marked = await page.locator('[data-testid="import-preview-row"][data-rejected]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row')));
    expect(marked).toEqual([String(BAD_ROW)]);
    const verdicts = await page.locator('[data-testid="import-preview-verdict"]').allInnerTexts();
    expect(verdicts.map((v) => v.trim())).toEqual(['들어감', '들어감', '거부', '들어감']);
    // Why, on a line of its own under the row, where it is in sight however wide the row.
    expect(await text(page, 'import-preview-problem')).toBe(`거부: ${BAD_REASON}`);
    expect(await page.locator('[data-testid="import-preview-problem"]').getAttribute('data-row')).toBe(String(BAD_ROW));
    const reason = await page.locator('[data-testid="import-preview-problem"]').boundingBox();
    expect(reason!.x).toBeLessThan((await page.evaluate(() => window.innerWidth)) / 2);
    expect(await text(page, 'import-preview-rejects')).toContain('앞 4행 중 1행이 거부됩니다.');
    await shot(page, 'import-check-01-preview');
  });

  it('"먼저 확인" reports what would land and the rejected row, and stores nothing', async () => {
    // The box ticked (as the page starts), the check is the main button; unticked, the import is,
    // and the check is still one click away beside it.
    expect(await page.isChecked('[data-testid="import-dry-run"]')).toBe(true);
    expect(await text(page, 'import-submit')).toBe('먼저 확인 (저장 안 함)');
    expect(await page.locator('[data-testid="import-check-first"]').count()).toBe(0);
    await page.uncheck('[data-testid="import-dry-run"]');
    expect(await text(page, 'import-submit')).toBe('가져오기');
    expect(await text(page, 'import-check-first')).toBe('먼저 확인 (저장 안 함)');
    await page.click('[data-testid="import-check-first"]');
    await page.waitForSelector('[data-testid="import-result"][data-dry-run="true"]');

    expect(await text(page, 'import-check-summary')).toBe('가져오면 3행이 들어갑니다(새 항목 3 · 갱신 0 · 변경 없음 0). 거부될 행: 1');
    const rejects = page.locator('[data-testid="import-reject-row"]');
    expect(await rejects.count()).toBe(1);
    expect((await rejects.locator('td').nth(0).innerText()).trim()).toBe(String(BAD_ROW));
    expect((await rejects.locator('td').nth(1).innerText()).trim()).toBe('접수 일시');
    expect((await rejects.locator('td').nth(2).innerText()).trim()).toBe('날짜·시간 형식이 아닙니다: 2024. 2. 30 오전 9:00');
    await shot(page, 'import-check-02-result');

    const stored = await h.api('GET', `/items?source=${SOURCE}`);
    expect(stored.status).toBe(200);
    expect(stored.body.items).toEqual([]);
    // The page's box is still unticked: the check did not change what the main button does.
    expect(await page.isChecked('[data-testid="import-dry-run"]')).toBe(false);
  });

  it('a change of mapping makes the check stale (no import with the old settings); undoing it makes it current again', async () => {
    await mappingOf(page, '만족도').selectOption('__skip');
    await page.waitForSelector('[data-testid="import-result"][data-stale]');
    expect(await page.locator('[data-testid="import-run-for-real"]').count()).toBe(0);
    expect(await page.locator('[data-testid="import-recheck"]').count()).toBe(1);
    expect(await text(page, 'import-result-stale')).toContain('다시 확인하세요');
    // The rows are read again under the new mapping: no rating column any more.
    await readSettled(page);
    expect(await page.locator('[data-testid="import-preview-rows"] th[data-field="rating"]').count()).toBe(0);
    await shot(page, 'import-check-03-stale');

    await mappingOf(page, '만족도').selectOption('rating');
    await page.waitForSelector('[data-testid="import-result"]:not([data-stale]) [data-testid="import-run-for-real"]');
  });

  it('imports in one click without choosing the file again, and the items are there', async () => {
    await page.click('[data-testid="import-run-for-real"]');
    await page.waitForSelector('[data-testid="import-result"][data-dry-run="false"]');
    expect(await text(page, 'import-count-inserted')).toBe('3');
    expect(await text(page, 'import-count-rejected')).toBe('1');

    const { status, body } = await h.api('GET', `/items?source=${SOURCE}`);
    expect(status).toBe(200);
    const items = (body.items as { external_id: string; channel: string; created_at: string; rating: number | null; text: string }[])
      .map((i) => [i.external_id, i.channel, i.created_at, i.rating, i.text])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(items).toEqual([
      ['KK-1', 'chat', '2024-03-05T05:13:00.000Z', 4, '환불은 언제 되나요? [전화번호]로 연락 주세요'],
      ['KK-2', 'phone', '2024-03-06T00:05:00.000Z', 5, '배송이 늦어요'],
      ['KK-4', 'chat', '2024-03-07T09:40:00.000Z', 3, '교환 신청은 어디서 하나요'],
    ]);
    expect(active!.errors).toEqual([]);
  });
});
