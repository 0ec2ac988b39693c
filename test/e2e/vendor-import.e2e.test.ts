/**
 * A vendor's own export imported from the import page, in real headless Chromium: a Channel Talk
 * desk export (its user-chat sheet as CSV, Korean data) is recognised by the preview and read by the
 * Channel Talk adapter — no column mapper, no channel — first as a dry run (counts shown, nothing
 * stored), then for real (the items stored; the history tags the run as a Channel Talk export),
 * then undone from the history. An ordinary CSV of items still goes through the column mapper, and
 * read as a Channel Talk export it is said not to be one. On a phone, in English, the page fits.
 * The tests run in order on one page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SHOTS_DIR, signIn, startHarness, storyHooks, type Harness } from './harness.js';

const FIXTURE = readFileSync(path.join(ROOT, 'test/fixtures/adapters/channeltalk-export-userchats.csv'), 'utf8');
/** The fixture's two chats (id, customer text). */
const CHATS = [
  { id: '6725c2b0a1f3e8d4c901', text: '배송 지연 - 택배사 집하 지연 안내' },
  { id: '6724a1c3e9f0b2d5a877', text: '사이즈 교환 문의' },
];
/** A chat row without its chat id (an unreadable row: skipped, and said where). 15 columns as the header. */
const ROW_WITHOUT_ID = ['', '6726b0c1d2e3f4a5b6c7', '박서준', '결제 오류 문의', 'opened', 'native', '결제', '', '2024-11-04 09:00:00', '', '', '', '', '', ''].join(',');
/** The Channel Talk export the story uploads: the fixture's chats, and one row that cannot be read. */
const CHANNELTALK_CSV = `${FIXTURE.trimEnd()}\n${ROW_WITHOUT_ID}\n`;
const CHANNELTALK_NAME = '채널톡_상담_내보내기.csv';

/** A chat whose id is markup and whose time is no date: rejected (the id is shown as text). */
const XSS_ID = '<img src=x onerror=window.__xss=1>';
const BAD_CSV = `${FIXTURE.split('\n')[0]}\n${[XSS_ID, 'u-1', '최유나', '환불 문의', 'closed', 'native', '', '', '2024-13-45 99:00:00', '', '', '', '', '', ''].join(',')}\n${FIXTURE.split('\n')[1]}\n`;

const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();
/** An ordinary file of items: mapped column by column, and no Channel Talk export. */
const ORDINARY_CSV = [
  'external_id,channel,created_at,text',
  `ORD-1,email,${at(5)},환불 요청합니다. 주문번호 확인 부탁드려요`,
  `ORD-2,board,${at(4)},앱이 자꾸 꺼져요`,
].join('\n');
const ORDINARY_NAME = '게시판_문의.csv';

/** A page of Zendesk's incremental ticket export ({"tickets": [...]}): three tickets. */
const ZENDESK_PAGE = readFileSync(path.join(ROOT, 'test/fixtures/adapters/zendesk-incremental-page.json'), 'utf8');
const ZENDESK_TICKETS = (JSON.parse(ZENDESK_PAGE) as { tickets: unknown[] }).tickets.length;

const csvFile = (name: string, body: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(body, 'utf8') });

let h: Harness;
let page: Page;
let pageErrors: string[];
let active: { page: Page; errors: string[] } | undefined;

const items = async () => (await h.api('GET', '/items?limit=500')).body.items as { external_id: string; text: string; source: string }[];
const text = (p: Page, testId: string) => p.locator(`[data-testid="${testId}"]`).first().innerText().then((s) => s.trim());
const focusedTestId = (p: Page) => p.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id ?? null);
/** A full-page screenshot from the top (scrolled, the fixed header and nav would be drawn mid-page). */
const fullShot = async (p: Page, name: string) => {
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
};
const fitsWidth = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Picks a file and waits for the preview to have been read (the kind choice then says what the file is). */
async function pickFile(p: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await p.setInputFiles('[data-testid="import-file"]', file);
  await p.waitForFunction((name) => document.querySelector('[data-testid="import-file-name"]')?.textContent?.includes(name), file.name);
  await p.waitForSelector('[data-testid="import-preview-loading"]', { state: 'detached' });
}

beforeAll(async () => {
  h = await startHarness([]);
  ({ page, errors: pageErrors } = await h.newPage());
  active = { page, errors: pageErrors };
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe("a vendor's own export from the import page (headless Chromium)", () => {
  it('recognises a Channel Talk export: the kind is pre-selected and said why, no column mapper, no channel; the user can switch back', async () => {
    await signIn(page, '/import');
    await page.waitForSelector('[data-testid="import-form"]');
    // Before any file: an ordinary file, mapped column by column.
    expect(await page.isChecked('[data-testid="import-kind-file"]')).toBe(true);
    await pickFile(page, csvFile(CHANNELTALK_NAME, CHANNELTALK_CSV));

    const suggestion = page.locator('[data-testid="import-kind-suggestion"]');
    await suggestion.waitFor();
    expect(await suggestion.getAttribute('data-suggested')).toBe('channeltalk');
    expect(await suggestion.innerText()).toContain('채널톡 상담 내보내기 파일로 보입니다');
    expect(await page.isChecked('[data-testid="import-kind-channeltalk"]')).toBe(true);
    // The adapter maps everything: no mapper, no channel; a source (the adapter's name when empty).
    expect(await page.locator('[data-testid="import-mapper"]').count()).toBe(0);
    expect(await page.locator('[data-testid="import-channel"]').count()).toBe(0);
    expect(await page.getAttribute('[data-testid="vendor-source"]', 'placeholder')).toBe('channeltalk');
    expect(await page.isChecked('[data-testid="import-dry-run"]')).toBe(true);
    await fullShot(page, 'vendor-01-recognised');

    // Switching back to an ordinary file brings the mapper; the suggestion stays, with a way back.
    await page.click('[data-testid="import-kind-file"]');
    await page.waitForSelector('[data-testid="import-mapper"]');
    expect(await page.locator('[data-testid="import-channel"]').count()).toBe(1);
    await page.click('[data-testid="import-kind-use-suggested"]');
    await expect.poll(() => page.isChecked('[data-testid="import-kind-channeltalk"]')).toBe(true);
    expect(await page.locator('[data-testid="import-mapper"]').count()).toBe(0);
  });

  it('a dry run shows the counts, the skipped row and where it is, and stores nothing', async () => {
    await page.click('[data-testid="import-submit"]');
    const result = page.locator('[data-testid="vendor-result"][data-dry-run="true"]');
    await result.waitFor();
    expect(await result.getAttribute('data-looks-like-export')).toBe('true');
    expect(await text(page, 'vendor-count-items')).toBe(String(CHATS.length));
    expect(await text(page, 'vendor-count-inserted')).toBe(String(CHATS.length));
    expect(await text(page, 'vendor-count-updated')).toBe('0');
    expect(await text(page, 'vendor-count-stale')).toBe('0');
    expect(await text(page, 'vendor-count-rejected')).toBe('0');
    expect(await text(page, 'vendor-count-skipped')).toBe('1');
    expect(await text(page, 'vendor-result-kind')).toBe('채널톡 내보내기');
    expect(await text(page, 'vendor-summary')).toContain('아직 아무것도 저장되지 않았습니다');
    // The skipped row's reason in Korean only (the server writes "English / 한국어"), with its place.
    const skip = page.locator('[data-testid="vendor-skip"]');
    expect(await skip.count()).toBe(1);
    expect(await skip.getAttribute('data-unreadable')).toBe('true');
    const skipText = await skip.innerText();
    expect(skipText).toContain('1건');
    expect(skipText).toContain('상담 ID');
    expect(skipText).not.toContain(' / ');
    expect(await text(page, 'vendor-skip-where')).toBe('위치: 4행');
    expect(await text(page, 'vendor-no-rejects')).toBe('거부된 항목이 없습니다.');
    // The result's title has the focus: keyboard and screen-reader users land on it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('vendor-result-title');
    await fullShot(page, 'vendor-02-dry-run');

    expect(await items()).toEqual([]);
  });

  it('runs it for real: the chats are stored, and the history shows the run as a Channel Talk export with its skipped row', async () => {
    await page.click('[data-testid="vendor-run-for-real"]');
    const result = page.locator('[data-testid="vendor-result"][data-dry-run="false"]');
    await result.waitFor();
    expect(await text(page, 'vendor-count-inserted')).toBe(String(CHATS.length));
    expect(await text(page, 'vendor-summary')).toContain(`새로 ${CHATS.length}건`);
    expect(await page.isChecked('[data-testid="import-dry-run"]')).toBe(false);

    const stored = await items();
    expect(stored.map((i) => i.external_id).sort()).toEqual(CHATS.map((c) => c.id).sort());
    expect(stored.every((i) => i.source === 'channeltalk')).toBe(true);
    for (const chat of CHATS) expect(stored.find((i) => i.external_id === chat.id)?.text).toContain(chat.text);

    const runs = (await h.api('GET', '/imports')).body.runs as { id: string; adapter: string | null; dry_run: boolean; skipped: number }[];
    const real = runs.find((r) => r.adapter === 'channeltalk' && !r.dry_run);
    expect(real).toBeDefined();
    expect(real!.skipped).toBe(1);
    const row = page.locator(`[data-testid="import-history-row"][data-run="${real!.id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid="import-history-vendor"]').innerText()).toBe('채널톡 내보내기');
    expect(await row.locator('[data-testid="import-history-skipped"]').innerText()).toBe('건너뜀 1');
    expect(await row.locator('[data-testid="import-history-written"]').innerText()).toContain(String(CHATS.length));
    await fullShot(page, 'vendor-03-stored');

    // "인입 목록에서 보기" opens the items this run wrote.
    expect(await page.getAttribute('[data-testid="vendor-view-items"]', 'href')).toBe(`/items?import_run=${real!.id}`);
  });

  it('undoes the run from the history: the chats it created are gone', async () => {
    const runs = (await h.api('GET', '/imports')).body.runs as { id: string; adapter: string | null; dry_run: boolean }[];
    const real = runs.find((r) => r.adapter === 'channeltalk' && !r.dry_run)!;
    const row = page.locator(`[data-testid="import-history-row"][data-run="${real.id}"]`);
    await row.locator('[data-testid="import-undo-button"]').click();
    const question = row.locator('[data-testid="import-undo-question"]');
    await question.waitFor();
    expect(await question.innerText()).toContain(`새로 생긴 항목 ${CHATS.length}건을 삭제합니다`);
    await row.locator('[data-testid="import-undo-confirm"]').click();
    await row.locator('[data-testid="import-history-undone"]').waitFor();
    expect(await row.locator('[data-testid="import-undo-done"]').innerText()).toContain(`${CHATS.length}건을 삭제했습니다`);
    await fullShot(page, 'vendor-04-undone');
    expect(await items()).toEqual([]);
  });

  it('an ordinary CSV of items still goes through the column mapper (not flagged), and read as a Channel Talk export it is said not to be one', async () => {
    await page.goto('/import');
    await page.waitForSelector('[data-testid="import-form"]');
    await pickFile(page, csvFile(ORDINARY_NAME, ORDINARY_CSV));
    await page.waitForSelector('[data-testid="import-mapper"]');
    expect(await page.isChecked('[data-testid="import-kind-file"]')).toBe(true);
    expect(await page.locator('[data-testid="import-kind-suggestion"]').count()).toBe(0);
    expect(await page.inputValue('[data-testid="import-channel"]')).toBe('__file');
    await page.fill('[data-testid="import-source"]', 'e2e-ordinary');
    await page.click('[data-testid="import-submit"]');
    await page.waitForSelector('[data-testid="import-result"][data-dry-run="true"]');
    expect(await text(page, 'import-count-total')).toBe('2');
    expect(await text(page, 'import-count-accepted')).toBe('2');

    // Told it is a Channel Talk export, the server finds no chat in it: said, with the way back.
    await page.click('[data-testid="import-kind-channeltalk"]');
    expect(await page.locator('[data-testid="import-result"]').count()).toBe(0);
    await page.click('[data-testid="import-submit"]');
    const result = page.locator('[data-testid="vendor-result"][data-dry-run="true"]');
    await result.waitFor();
    expect(await result.getAttribute('data-looks-like-export')).toBe('false');
    expect(await text(page, 'vendor-not-export')).toContain('이 파일은 채널톡 내보내기로 읽을 수 있는 행이 없습니다 — 일반 파일로 가져오세요');
    expect(await page.locator('[data-testid="vendor-run-for-real"]').count()).toBe(0);
    await fullShot(page, 'vendor-05-not-an-export');
    await page.click('[data-testid="vendor-use-ordinary"]');
    await page.waitForSelector('[data-testid="import-mapper"]');
    expect(await page.isChecked('[data-testid="import-kind-file"]')).toBe(true);
    await expect.poll(() => focusedTestId(page)).toBe('import-kind-file');
    expect(await items()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('lists a rejected chat by its item, field and reason, as text, with the link to all rejects', async () => {
    await page.goto('/import');
    await page.waitForSelector('[data-testid="import-form"]');
    await pickFile(page, csvFile('채널톡_날짜오류.csv', BAD_CSV));
    await page.locator('[data-testid="import-kind-suggestion"][data-suggested="channeltalk"]').waitFor();
    await page.click('[data-testid="import-submit"]');
    await page.waitForSelector('[data-testid="vendor-result"][data-dry-run="true"]');
    expect(await text(page, 'vendor-count-rejected')).toBe('1');
    expect(await text(page, 'vendor-count-inserted')).toBe('1');
    const reject = page.locator('[data-testid="vendor-reject-row"]');
    expect(await reject.count()).toBe(1);
    // The id is markup: shown as its characters, never as an element.
    expect((await reject.locator('td').nth(0).innerText()).trim()).toBe(XSS_ID);
    expect(await reject.locator('img').count()).toBe(0);
    // The field by its name on the page, the reason in the page's language only.
    expect((await reject.locator('td').nth(1).innerText()).trim()).toBe('접수 일시');
    expect(await reject.locator('td').nth(1).getAttribute('title')).toBe('created_at');
    const reason = (await reject.locator('td').nth(2).innerText()).trim();
    expect(reason).toContain('날짜·시간 형식이 아닙니다');
    expect(reason).not.toContain('not a date');
    // The whole list as CSV, read with the session (as the link does).
    const href = await page.getAttribute('[data-testid="vendor-rejects-download"]', 'href');
    expect(href).toMatch(/^\/api\/v1\/imports\/\d+\/rejects\.csv\?workspace=default$/);
    const csv = await (await fetch(`${h.baseUrl}${href}`, { headers: { Cookie: h.adminCookie } })).text();
    expect(csv.replace(/^\ufeff/, '').split(/\r?\n/)[0]).toMatch(/item,.*field,.*reason/);
    expect(csv).toContain(XSS_ID);
    await fullShot(page, 'vendor-06-rejects');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('recognises a Zendesk tickets page the same way, and its dry run counts the tickets', async () => {
    await page.goto('/import');
    await page.waitForSelector('[data-testid="import-form"]');
    await pickFile(page, { name: 'zendesk_tickets.json', mimeType: 'application/json', buffer: Buffer.from(ZENDESK_PAGE, 'utf8') });
    const suggestion = page.locator('[data-testid="import-kind-suggestion"]');
    await suggestion.waitFor();
    expect(await suggestion.getAttribute('data-suggested')).toBe('zendesk');
    expect(await suggestion.innerText()).toContain('Zendesk 티켓 내보내기 파일로 보입니다');
    expect(await page.isChecked('[data-testid="import-kind-zendesk"]')).toBe(true);
    expect(await page.locator('[data-testid="import-mapper"]').count()).toBe(0);
    expect(await page.getAttribute('[data-testid="vendor-source"]', 'placeholder')).toBe('zendesk');
    expect(await page.isChecked('[data-testid="import-dry-run"]')).toBe(true);
    await page.click('[data-testid="import-submit"]');
    await page.waitForSelector('[data-testid="vendor-result"][data-dry-run="true"][data-adapter="zendesk"]');
    expect(await text(page, 'vendor-count-items')).toBe(String(ZENDESK_TICKETS));
    expect(await text(page, 'vendor-count-inserted')).toBe(String(ZENDESK_TICKETS));
    expect(await text(page, 'vendor-result-kind')).toBe('Zendesk 내보내기');
    await fullShot(page, 'vendor-07-zendesk-dry-run');
    expect(await items()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('on a phone, in English: the choice, the form and the result fit the screen', async () => {
    const phone = await h.newPage({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    active = phone;
    await signIn(phone.page, '/import');
    await phone.page.waitForSelector('[data-testid="import-form"]');
    await pickFile(phone.page, csvFile(CHANNELTALK_NAME, CHANNELTALK_CSV));
    const suggestion = phone.page.locator('[data-testid="import-kind-suggestion"]');
    await suggestion.waitFor();
    expect(await suggestion.innerText()).toContain('This looks like a Channel Talk chat export');
    expect(await fitsWidth(phone.page)).toBe(true);
    await fullShot(phone.page, 'vendor-08-phone-form');
    await phone.page.click('[data-testid="import-submit"]');
    await phone.page.waitForSelector('[data-testid="vendor-result"][data-dry-run="true"]');
    expect(await text(phone.page, 'vendor-result-kind')).toBe('Channel Talk export');
    const skip = await text(phone.page, 'vendor-skip');
    // The reason's English half only (its Korean half names the row as "…가 없는 행").
    expect(skip).toMatch(/without a chat id/);
    expect(skip).not.toContain('없는 행');
    expect(await text(phone.page, 'vendor-skip-where')).toBe('at: row 4');
    expect(await fitsWidth(phone.page)).toBe(true);
    await fullShot(phone.page, 'vendor-09-phone-result');
    expect(await items()).toEqual([]);
    expect(phone.errors).toEqual([]);
    await phone.context.close();
    active = { page, errors: pageErrors };
  });

  it('recognises a Google Play review report (UTF-16) and stores its reviews as app store reviews, a rating alone too (without text)', async () => {
    await page.goto('/import');
    await page.waitForSelector('[data-testid="import-form"]');
    const report = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(path.join(ROOT, 'test/fixtures/adapters/googleplay-reviews.csv'), 'utf8'), 'utf16le')]);
    await pickFile(page, { name: 'reviews_kr.co.sori.shop_202611.csv', mimeType: 'text/csv', buffer: report });
    const suggestion = page.locator('[data-testid="import-kind-suggestion"]');
    await suggestion.waitFor();
    expect(await suggestion.getAttribute('data-suggested')).toBe('googleplay');
    expect(await suggestion.innerText()).toContain('Google Play 리뷰 보고서로 보입니다');
    expect(await page.isChecked('[data-testid="import-kind-googleplay"]')).toBe(true);
    expect(await page.getAttribute('[data-testid="vendor-source"]', 'placeholder')).toBe('google-play');
    await page.uncheck('[data-testid="import-dry-run"]');
    await page.click('[data-testid="import-submit"]');
    await page.waitForSelector('[data-testid="vendor-result"][data-dry-run="false"][data-adapter="googleplay"]');
    expect(await text(page, 'vendor-count-inserted')).toBe('5');
    expect(await page.locator('[data-testid="vendor-skip"]').count()).toBe(0);
    await fullShot(page, 'vendor-10-google-play');
    const stored = (await h.api('GET', '/items?source=google-play&limit=50')).body.items as { channel: string; kind: string; rating: number; text: string }[];
    expect(stored).toHaveLength(5);
    // Stars alone (s24): a review without text, counted in the ratings.
    expect(stored.filter((i) => i.text === '').map((i) => i.rating)).toEqual([5]);
    // The items page says what it is rather than showing an empty cell.
    await page.goto('/items?source=google-play');
    await page.waitForSelector('[data-testid="item-no-text"]');
    expect(await page.locator('[data-testid="item-no-text"]').innerText()).toBe('(글 없이 점수·별점만 남긴 응답)');
    expect(stored.every((i) => i.channel === 'app_store' && i.kind === 'review')).toBe(true);
    expect(stored.map((i) => i.text).join('\n')).not.toContain('010-2345-6789');
    expect(pageErrors).toEqual([]);
  });
});
