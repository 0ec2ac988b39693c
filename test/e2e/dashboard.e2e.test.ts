/**
 * The dashboard in real headless Chromium against the real server (embedded database):
 * sign-in, search and the detail panel (XSS, PII), filters, language switch, file import, CSV export,
 * the contact rate against a business metric of the team's own.
 * The tests run in order and share one signed-in page: each starts from where the last one left off.
 */
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  PHONE_SHOWN,
  PHONE_TEXT,
  SEED,
  SHOTS_DIR,
  XSS_TEXT,
  shot,
  shownText,
  startHarness,
  waitForRows,
  waitForTotal,
  waitForUrl,
  rowTexts,
  type Harness,
  storyHooks,
} from './harness.js';

const allTexts = SEED.map(shownText);
const textsWhere = (pred: (item: (typeof SEED)[number]) => boolean) => SEED.filter(pred).map(shownText);

/** A small Korean CSV with one bad row (row 4 counting the header as row 1: month 13). */
const CSV_SOURCE = 'e2e-csv';
const CSV_ROWS = [
  { external_id: 'CSV-001', channel: 'chat', created_at: '2026-11-01 10:00', text: '포인트가 적립되지 않았어요' },
  { external_id: 'CSV-002', channel: 'email', created_at: '2026-11-02 11:30', text: '영수증 재발행 부탁드립니다, 이메일로 보내 주세요' },
  { external_id: 'CSV-003', channel: 'board', created_at: '2026-13-45 10:00', text: '날짜가 잘못된 행입니다' },
  { external_id: 'CSV-004', channel: 'review', created_at: '2026-11-03 09:15', text: '배송 기사님이 정말 친절했어요' },
];
const CSV_GOOD = CSV_ROWS.filter((r) => r.external_id !== 'CSV-003').map((r) => r.text);
const CSV_BAD_ROW = 4;
const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
/** As Korean Excel saves it (CP949), with a text column no alias knows and an internal note column to leave out. */
const CSV_NOTE = '내부 메모: 환불 검토 중';
const CSV_BODY = iconv.encode(
  '티켓번호,채널,출처,접수일시,고객 메시지,상담메모\r\n' +
    CSV_ROWS.map((r) => [r.external_id, r.channel, CSV_SOURCE, r.created_at, r.text, CSV_NOTE].map(csvCell).join(',')).join('\r\n') +
    '\r\n',
  'cp949',
);

let h: Harness;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
let tmp: string;
/** The page a failure report shows (the phone-size test switches it). */
let active: { page: Page; errors: string[] } | undefined;

beforeAll(async () => {
  // A small upload limit, so a file over it is cheap to make (test 9); every other file here is far under it.
  h = await startHarness(SEED, { env: { SORI_MAX_UPLOAD_MB: '1' } });
  ({ context, page, errors: pageErrors } = await h.newPage());
  active = { page, errors: pageErrors };
  tmp = await mkdtemp(path.join(tmpdir(), 'sori-e2e-files-'));
});

/** Each test starts where the previous one stopped: after a failure the rest would only time out. */
storyHooks(() => active);

afterAll(async () => {
  await h?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const text = async (testId: string) => ((await page.textContent(`[data-testid="${testId}"]`)) ?? '').trim();

describe('dashboard (headless Chromium)', () => {
  it('1. signs in through the form: wrong password shows a Korean error, then lands on Overview and opens the items page', async () => {
    await page.goto('/');
    await waitForUrl(page, (u) => u.pathname === '/login');
    await page.waitForSelector('[data-testid="login-form"]');
    expect(await page.getAttribute('html', 'lang')).toBe('ko');
    expect(await text('login-submit')).toBe('로그인');

    await page.fill('[data-testid="login-email"]', ADMIN.email);
    await page.fill('[data-testid="login-password"]', 'wrong-password-123');
    await page.click('[data-testid="login-submit"]');
    await page.waitForSelector('[data-testid="login-error"]');
    expect(await text('login-error')).toContain('이메일 또는 비밀번호가 올바르지 않습니다');
    expect(page.url()).toContain('/login');
    expect(await page.inputValue('[data-testid="login-password"]')).toBe(''); // cleared for the next try
    await shot(page, '01-login-error');

    await page.fill('[data-testid="login-password"]', ADMIN.password);
    await page.click('[data-testid="login-submit"]');
    // Sign-in lands on the home page (Overview); the items are one click away.
    await waitForUrl(page, (u) => u.pathname === '/overview');
    await page.click('[data-testid="nav-items"]');
    await waitForUrl(page, (u) => u.pathname === '/items');
    await waitForRows(page, allTexts);
    await waitForTotal(page, SEED.length);
    expect(await page.locator('[data-testid="item-row"]').count()).toBe(SEED.length);
    expect(await text('user-email')).toBe(ADMIN.email);
    expect(await page.getAttribute('[data-testid="user-role"]', 'data-role')).toBe('admin');
    expect(await text('items-count')).toContain(String(SEED.length));
    // Newest first.
    const newestFirst = [...SEED].sort((a, b) => b.created_at.localeCompare(a.created_at)).map(shownText);
    expect(await rowTexts(page)).toEqual(newestFirst);
    await shot(page, '02-items');
  });

  it('2. searches 환불, shows the XSS text as text in the detail panel, and the phone number redacted', async () => {
    await page.fill('[data-testid="filter-q"]', '환불');
    await waitForUrl(page, (u) => u.searchParams.get('q') === '환불');
    const refunds = textsWhere((i) => i.text.includes('환불'));
    expect(refunds).toHaveLength(2);
    await waitForRows(page, refunds);
    await waitForTotal(page, refunds.length);

    // The attacker-controlled text is in the table as plain text; nothing ran, no <img> was made.
    expect(await rowTexts(page)).toContain(XSS_TEXT);
    await page.locator('[data-testid="item-row"]').filter({ hasText: XSS_TEXT }).click();
    await page.waitForSelector('[data-testid="item-detail"]');
    await waitForUrl(page, (u) => u.searchParams.has('item') && u.searchParams.get('q') === '환불');
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="item-detail-text"]')?.textContent === want,
      XSS_TEXT,
    );
    expect(await page.innerText('[data-testid="item-detail-text"]')).toBe(XSS_TEXT);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.$$eval('[data-testid="item-detail"] img, [data-testid="items-table"] img', (els) => els.length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    await shot(page, '03-search-xss-detail');

    await page.click('[data-testid="item-detail-close"]');
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    await waitForUrl(page, (u) => !u.searchParams.has('item') && u.searchParams.get('q') === '환불');

    // The phone number never reached the database: list and detail show the placeholder.
    await page.fill('[data-testid="filter-q"]', '배송이');
    await waitForUrl(page, (u) => u.searchParams.get('q') === '배송이');
    await waitForRows(page, [PHONE_SHOWN]);
    await page.click('[data-testid="item-row"]');
    await page.waitForFunction(
      (want) => document.querySelector('[data-testid="item-detail-text"]')?.textContent === want,
      PHONE_SHOWN,
    );
    const detail = await page.innerText('[data-testid="item-detail"]');
    expect(detail).toContain('[전화번호]');
    expect(detail).not.toContain('010-1234-5678');
    expect(await page.content()).not.toContain(PHONE_TEXT);
    expect(await page.getAttribute('[data-testid="item-detail"] [data-testid="pii-badge"]', 'data-pii-kind')).toBe('phone');
    expect(await page.textContent('[data-testid="item-detail"] [data-testid="pii-badge"]')).toContain('전화번호');
    await shot(page, '04-phone-redacted-detail');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  });

  it('3. filters by channel and date range, then resets', async () => {
    await page.click('[data-testid="filter-reset"]');
    await waitForUrl(page, (u) => u.search === '');
    await waitForRows(page, allTexts);

    await page.selectOption('[data-testid="filter-channel"]', 'chat');
    await waitForUrl(page, (u) => u.searchParams.get('channel') === 'chat');
    const chats = textsWhere((i) => i.channel === 'chat');
    await waitForRows(page, chats);
    await waitForTotal(page, chats.length);
    const channelCells = await page.$$eval('[data-testid="item-row"] [data-testid="item-channel"]', (els) => els.map((el) => el.textContent?.trim()));
    expect(new Set(channelCells)).toEqual(new Set(['채팅']));
    expect(await page.getAttribute('[data-testid="summary-channel-chat"]', 'aria-pressed')).toBe('true');

    // Whole Seoul days, "to" inclusive.
    await page.fill('[data-testid="filter-from"]', '2026-10-01');
    await waitForUrl(page, (u) => u.searchParams.get('from') === '2026-10-01');
    await page.fill('[data-testid="filter-to"]', '2026-10-10');
    await waitForUrl(page, (u) => u.searchParams.get('to') === '2026-10-10');
    const inRange = (i: (typeof SEED)[number]) => i.created_at >= '2026-10-01' && i.created_at < '2026-10-11';
    const chatsInRange = textsWhere((i) => i.channel === 'chat' && inRange(i));
    expect(chatsInRange).toHaveLength(2);
    await waitForRows(page, chatsInRange);
    await waitForTotal(page, chatsInRange.length);
    await shot(page, '05-filter-channel-dates');

    // Any channel within the dates.
    await page.selectOption('[data-testid="filter-channel"]', '');
    await waitForUrl(page, (u) => !u.searchParams.has('channel') && u.searchParams.get('from') === '2026-10-01');
    const allInRange = textsWhere(inRange);
    expect(allInRange.length).toBeGreaterThan(chatsInRange.length);
    await waitForRows(page, allInRange);
    await waitForTotal(page, allInRange.length);

    // A range with nothing in it shows the filtered empty state.
    await page.fill('[data-testid="filter-from"]', '2026-01-01');
    await waitForUrl(page, (u) => u.searchParams.get('from') === '2026-01-01');
    await page.fill('[data-testid="filter-to"]', '2026-01-31');
    await waitForUrl(page, (u) => u.searchParams.get('to') === '2026-01-31' && u.searchParams.get('from') === '2026-01-01');
    await waitForRows(page, []);
    await waitForTotal(page, 0);
    await shot(page, '06-filter-empty');

    await page.click('[data-testid="filter-reset"]');
    await waitForUrl(page, (u) => u.search === '');
    await waitForRows(page, allTexts);
    await waitForTotal(page, SEED.length);
    expect(await page.inputValue('[data-testid="filter-channel"]')).toBe('');
    expect(await page.inputValue('[data-testid="filter-from"]')).toBe('');
    expect(await page.inputValue('[data-testid="filter-to"]')).toBe('');
    expect(await page.inputValue('[data-testid="filter-q"]')).toBe('');
  });

  it('4. switches the language to English, keeps it after a reload, and switches back', async () => {
    expect(await text('nav-items')).toBe('인입 목록');
    await page.click('[data-testid="lang-switch-en"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-items"]')?.textContent?.trim() === 'Items');
    expect(await text('nav-import')).toBe('Import');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getAttribute('[data-testid="lang-switch-en"]', 'aria-pressed')).toBe('true');
    await shot(page, '07-english');

    await page.reload();
    await page.waitForSelector('[data-testid="nav-items"]');
    await waitForRows(page, allTexts);
    expect(await text('nav-items')).toBe('Items');
    expect(await text('nav-import')).toBe('Import');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.evaluate(() => localStorage.getItem('sori.locale'))).toBe('en');
    // Channel labels follow the language too.
    expect(await page.textContent('[data-testid="summary-channel-chat"]')).toContain('Chat');

    await page.click('[data-testid="lang-switch-ko"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-items"]')?.textContent?.trim() === '인입 목록');
    expect(await text('nav-import')).toBe('가져오기');
    expect(await page.getAttribute('html', 'lang')).toBe('ko');
    expect(await page.evaluate(() => localStorage.getItem('sori.locale'))).toBe('ko');
  });

  it('5. imports a Korean CSV: columns mapped on the page, dry run stores nothing, the real run stores the good rows and reports the bad one', async () => {
    const file = path.join(tmp, '고객문의_2026-11.csv');
    await writeFile(file, CSV_BODY);

    await page.click('[data-testid="nav-import"]');
    await waitForUrl(page, (u) => u.pathname === '/import');
    await page.waitForSelector('[data-testid="import-form"]');
    await page.setInputFiles('[data-testid="import-file"]', file);
    await page.waitForSelector('[data-testid="import-file-name"]');
    expect(await text('import-file-name')).toContain('고객문의_2026-11.csv');

    // The server read the file's head: its columns, the automatic mapping, the encoding it found.
    await page.waitForSelector('[data-testid="import-mapper"]');
    const mappingOf = (column: string) =>
      page.locator(`[data-testid="import-mapping-row"][data-column="${column}"] [data-testid="import-mapping-select"]`);
    expect(await page.locator('[data-testid="import-mapping-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-column')))).toEqual([
      '티켓번호', '채널', '출처', '접수일시', '고객 메시지', '상담메모',
    ]);
    expect(await mappingOf('티켓번호').inputValue()).toBe('external_id');
    expect(await mappingOf('접수일시').inputValue()).toBe('created_at');
    expect(await mappingOf('고객 메시지').inputValue()).toBe('__metadata');
    expect(await page.locator('[data-testid="import-encoding"] option[value=""]').innerText()).toContain('CP949');
    expect(await page.locator('[data-testid="import-mapping-row"][data-column="고객 메시지"] .mapping-sample').first().innerText()).toBe(CSV_ROWS[0].text);
    // A channel column was found, so the channel comes from the file.
    expect(await page.inputValue('[data-testid="import-channel"]')).toBe('__file');
    await page.fill('[data-testid="import-source"]', CSV_SOURCE);

    // No column is the text yet: the page says so instead of sending the file.
    await page.click('[data-testid="import-submit"]');
    await page.waitForSelector('[data-testid="import-invalid"]');
    expect(await text('import-invalid')).toBe('본문으로 가져올 열을 고르세요.');

    await mappingOf('고객 메시지').selectOption('text');
    await mappingOf('상담메모').selectOption('__skip');
    expect(await page.locator('[data-testid="import-invalid"]').count()).toBe(0);
    const previewTexts = await page.locator('[data-testid="import-preview-rows"] td[data-field="text"]').allInnerTexts();
    expect(previewTexts).toEqual(CSV_ROWS.map((r) => r.text));
    expect(await page.isChecked('[data-testid="import-dry-run"]')).toBe(true);
    await shot(page, '08-import-form');

    // Dry run.
    await page.click('[data-testid="import-submit"]');
    await page.waitForSelector('[data-testid="import-result"][data-dry-run="true"]');
    expect(await text('import-count-total')).toBe(String(CSV_ROWS.length));
    expect(await text('import-count-accepted')).toBe(String(CSV_GOOD.length));
    expect(await text('import-count-rejected')).toBe('1');
    const dryRejects = page.locator('[data-testid="import-reject-row"]');
    expect(await dryRejects.count()).toBe(1);
    expect((await dryRejects.locator('td').nth(0).innerText()).trim()).toBe(String(CSV_BAD_ROW));
    // The field by its name on the page, the reason in the page's language only.
    expect((await dryRejects.locator('td').nth(1).innerText()).trim()).toBe('접수 일시');
    expect(await dryRejects.locator('td').nth(1).getAttribute('title')).toBe('created_at');
    expect((await dryRejects.locator('td').nth(2).innerText()).trim()).toBe('날짜·시간 형식이 아닙니다: 2026-13-45 10:00');
    await shot(page, '09-import-dry-run');
    const afterDry = await h.api('GET', '/items/summary');
    expect(afterDry.body.total).toBe(SEED.length);
    expect((await h.api('GET', `/items?source=${CSV_SOURCE}`)).body.items).toHaveLength(0);

    // For real.
    await page.click('[data-testid="import-run-for-real"]');
    await page.waitForSelector('[data-testid="import-result"][data-dry-run="false"]');
    expect(await text('import-count-total')).toBe(String(CSV_ROWS.length));
    expect(await text('import-count-accepted')).toBe(String(CSV_GOOD.length));
    expect(await text('import-count-inserted')).toBe(String(CSV_GOOD.length));
    expect(await text('import-count-rejected')).toBe('1');
    // The encoding the file was read in (an Excel CP949 file), as the CLI says it.
    expect(await text('import-result-encoding')).toBe('· 인코딩 cp949');
    const rejects = page.locator('[data-testid="import-reject-row"]');
    expect(await rejects.count()).toBe(1);
    expect((await rejects.locator('td').nth(0).innerText()).trim()).toBe(String(CSV_BAD_ROW));
    expect(await page.getAttribute('[data-testid="import-rejects-download"]', 'href')).toMatch(/^\/api\/v1\/imports\/\d+\/rejects\.csv\?workspace=default$/);
    // The history lists both runs, newest first, with their counts and links.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-history-row"]').length === 2);
    const history = page.locator('[data-testid="import-history-row"]');
    expect(await history.evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-status'), r.getAttribute('data-dry-run')]))).toEqual([
      ['completed', 'false'],
      ['completed', 'true'],
    ]);
    expect((await history.first().locator('[data-testid="import-history-written"]').innerText()).trim()).toBe(String(CSV_GOOD.length));
    expect((await history.first().locator('[data-testid="import-history-rejected"]').innerText()).trim()).toBe('1');
    expect(await history.first().locator('[data-testid="import-history-rejects"]').getAttribute('href')).toMatch(
      /^\/api\/v1\/imports\/\d+\/rejects\.csv\?workspace=default$/,
    );
    expect(await history.nth(1).locator('[data-testid="import-history-items"]').count()).toBe(0); // a dry run wrote nothing
    expect(await page.getAttribute('[data-testid="export-import_runs-xlsx"]', 'href')).toMatch(/^\/api\/v1\/insights\/export\?.*table=import_runs/);

    // Business numbers, the denominators of every rate, go in from the same page.
    const metricsFile = path.join(tmp, '일별지표.csv');
    await writeFile(metricsFile, iconv.encode('일자,요일,주문,MAU\r\n2026-11-01,일,1200,50000\r\n2026-11-02,월,1300,abc\r\n2026-11-03,화,1250,50200\r\n', 'cp949'));
    // The file button speaks the page's language (the browser's own would say "Choose File").
    expect(await text('metrics-file-name')).toBe('선택한 파일 없음');
    expect((await page.locator('label:has([data-testid="metrics-file"])').innerText()).trim()).toBe('파일 선택');
    await page.setInputFiles('[data-testid="metrics-file"]', metricsFile);
    expect(await text('metrics-file-name')).toBe('일별지표.csv');
    await page.click('[data-testid="metrics-submit"]');
    await page.waitForSelector('[data-testid="metrics-result"][data-dry-run="false"]');
    // The bad MAU cell is refused alone: 11/02's 주문 is stored.
    expect(await text('metrics-summary')).toBe('지표 5건을 저장했습니다 (월간 활성 사용자, 주문 · 2026-11-01 ~ 2026-11-03) · 거부 1칸');
    expect(await text('metrics-rejects')).toBe('행 3, MAU: 숫자가 아닙니다 (abc)'); // in the page's language, with the cell
    expect(await text('metrics-skipped')).toBe('건너뛴 열 요일: 날짜를 설명하는 열이라 건너뛰었습니다');
    const orders = (await h.api('GET', '/metrics?name=orders')).body.metrics as { day: string; value: number }[];
    expect(orders.map((m) => [m.day, m.value])).toEqual([['2026-11-01', 1200], ['2026-11-02', 1300], ['2026-11-03', 1250]]);
    await shot(page, '10-import-done');
    expect((await h.api('GET', '/items/summary')).body.total).toBe(SEED.length + CSV_GOOD.length);
    // The note column was left out; the text came from the column mapped by hand.
    const imported = (await h.api('GET', `/items?source=${CSV_SOURCE}`)).body.items as { text: string; metadata: unknown }[];
    expect(imported.map((i) => i.text).sort()).toEqual([...CSV_GOOD].sort());
    expect(JSON.stringify(imported)).not.toContain(CSV_NOTE);

    // "View in Items" opens the list filtered to what this import wrote.
    await page.click('[data-testid="import-view-items"]');
    await waitForUrl(page, (u) => u.pathname === '/items' && /^\d+$/.test(u.searchParams.get('import_run') ?? ''));
    await waitForRows(page, CSV_GOOD);
    await waitForTotal(page, CSV_GOOD.length);
    // Why the list is short is on screen, as a chip that clears it.
    const runId = new URL(page.url()).searchParams.get('import_run');
    expect(await page.textContent('[data-testid="filter-import-run"] span:first-child')).toBe(`가져오기 #${runId}만 보는 중`);

    // And in the whole list.
    await page.click('[data-testid="nav-items"]');
    await waitForUrl(page, (u) => u.pathname === '/items' && u.search === '');
    await waitForRows(page, [...allTexts, ...CSV_GOOD]);
    await waitForTotal(page, SEED.length + CSV_GOOD.length);
    await shot(page, '11-items-after-import');

    // A file with a header and no rows: the dry run says there is nothing to import, and offers no real run.
    const headerOnly = path.join(tmp, '머리글만.csv');
    await writeFile(headerOnly, '티켓번호,채널,접수일시,문의내용\r\n');
    await page.click('[data-testid="nav-import"]');
    await waitForUrl(page, (u) => u.pathname === '/import');
    await page.setInputFiles('[data-testid="import-file"]', headerOnly);
    await page.waitForSelector('[data-testid="import-mapper"]');
    await page.fill('[data-testid="import-source"]', 'e2e-header-only');
    if (!(await page.isChecked('[data-testid="import-dry-run"]'))) await page.check('[data-testid="import-dry-run"]');
    await page.click('[data-testid="import-submit"]');
    await page.waitForSelector('[data-testid="import-no-rows"]');
    expect(await text('import-no-rows')).toBe('파일에 머리글만 있고 데이터 행이 없습니다. 가져올 것이 없습니다.');
    expect(await page.locator('[data-testid="import-run-for-real"]').count()).toBe(0);

    // While the server works on a long file, the page shows how many rows it has read so far, from
    // its run's count in the run list. This small file would be done before the page looks twice, so
    // the upload is held back here and the run list answered as it reads mid-import.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const runsAnswered: string[] = [];
    const imports = /\/api\/v1\/imports(\?.*)?$/;
    await page.route(imports, async (route) => {
      if (route.request().method() === 'POST') {
        await held;
        await route.continue();
        return;
      }
      const response = await route.fetch();
      const body = (await response.json()) as { runs: Record<string, unknown>[] };
      const midway = { ...body.runs[0], id: '999999', status: 'running', dry_run: true, total_rows: 12_345, finished_at: null };
      runsAnswered.push(String(body.runs[0].file_name));
      await route.fulfill({ response, json: { runs: [midway, ...body.runs] } });
    });
    await page.click('[data-testid="import-submit"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="import-progress"] + span')?.textContent === '처리 중… 12,345행 읽음');
    expect(runsAnswered[0]).toBe('머리글만.csv'); // found by the name the server records the run under
    release();
    await page.waitForSelector('[data-testid="import-no-rows"]');
    await page.unroute(imports);
    // Back to the list, where the next test starts.
    await page.click('[data-testid="nav-items"]');
    await waitForUrl(page, (u) => u.pathname === '/items' && u.search === '');
    await waitForTotal(page, SEED.length + CSV_GOOD.length);
  });

  it('6. exports the filtered items as CSV with a UTF-8 BOM and Korean text', async () => {
    await page.fill('[data-testid="filter-q"]', '환불');
    await waitForUrl(page, (u) => u.searchParams.get('q') === '환불');
    const refunds = textsWhere((i) => i.text.includes('환불'));
    await waitForRows(page, refunds);
    const href = await page.getAttribute('[data-testid="export-csv"]', 'href');
    expect(href).toBeTruthy();
    const exportUrl = new URL(href!, h.baseUrl);
    expect(exportUrl.pathname).toBe('/api/v1/items/export');
    expect(exportUrl.searchParams.get('format')).toBe('csv');
    expect(exportUrl.searchParams.get('q')).toBe('환불');
    expect(exportUrl.searchParams.get('labels')).toBe('ko'); // for people: the screens' names

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    expect(download.suggestedFilename()).toMatch(/^sori-[a-z0-9-]+-items-\d{4}-\d{2}-\d{2}\.csv$/);
    const saved = path.join(tmp, 'export.csv');
    await download.saveAs(saved);
    const bytes = await readFile(saved);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain('환불');
    const rows: Record<string, string>[] = parse(bytes, { bom: true, columns: true, skip_empty_lines: true });
    // Columns and coded values by the names the screens use (채널 채팅, not channel chat).
    expect(rows.map((r) => r['내용']).sort()).toEqual([...refunds].sort());
    expect(rows.every((r) => r['출처'] === 'e2e-seed')).toBe(true);
    expect(new Set(rows.map((r) => r['채널']))).toEqual(new Set(['채팅', '이메일'])); // E2E-001 chat, E2E-003 email
    expect(rows.every((r) => r['감정'] === '' || ['긍정', '중립', '부정', '혼합'].includes(r['감정']!))).toBe(true);
    // Times as the screens show them: the workspace's zone, with its offset.
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+09:00$/.test(r['접수 일시']!))).toBe(true);
    expect(rows.map((r) => r['외부 ID']).sort()).toEqual(['E2E-001', 'E2E-003']);

    // The same link fetched with the page's cookies gives the same file; without them, 401.
    const cookies = await context.cookies(h.baseUrl);
    const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const fetched = await fetch(exportUrl, { headers: { Cookie: cookieHeader } });
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toContain('text/csv');
    const fetchedRows: Record<string, string>[] = parse(Buffer.from(await fetched.arrayBuffer()), { bom: true, columns: true });
    expect(fetchedRows).toHaveLength(refunds.length);
    expect((await fetch(exportUrl)).status).toBe(401);

    // The list is still there after the download (a download must not navigate away).
    await waitForRows(page, refunds);
    await shot(page, '12-export-filtered');
    expect(pageErrors).toEqual([]);
  });

  it('7. counts the contact rate against a Korean metric of one’s own chosen on the Overview: the link keeps it, the unit reads per person per day, a topic’s page counts against it too', async () => {
    // Numbers under the team's own names, from the Import page as before.
    await page.click('[data-testid="nav-import"]');
    await waitForUrl(page, (u) => u.pathname === '/import');
    const ownFile = path.join(tmp, '일별지표_자체.csv');
    await writeFile(ownFile, iconv.encode('일자,재구매수,활성사용자수\r\n2026-11-01,30,5000\r\n2026-11-02,28,5100\r\n2026-11-03,35,5200\r\n', 'cp949'));
    await page.setInputFiles('[data-testid="metrics-file"]', ownFile);
    await page.click('[data-testid="metrics-submit"]');
    await page.waitForFunction(() => /재구매수, 활성사용자수/.test(document.querySelector('[data-testid="metrics-summary"]')?.textContent ?? ''));

    const overviewBody = () => page.waitForFunction(() => document.querySelector('[data-testid="overview-body"]')?.getAttribute('aria-busy') === 'false');
    const rateCard = async () => ((await page.textContent('[data-testid="kpi-contact-rate"] [data-testid="kpi-value"]')) ?? '').replace(/\s+/g, ' ').trim();
    await page.click('[data-testid="nav-overview"]');
    await waitForUrl(page, (u) => u.pathname === '/overview');
    await page.goto('/overview?from=2026-11-01&to=2026-11-03');
    await overviewBody();
    // Automatic: orders, as before; the choice names it, and lists the workspace's metrics by their names.
    expect(await rateCard()).toMatch(/^주문 100건당 [\d.]+건$/);
    // The metric names come in their own request: wait for them rather than read the select before they land.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="rate-metric"] option').length >= 5);
    const options = await page.$$eval('[data-testid="rate-metric"] option', (os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    expect(options).toEqual([
      ['', '자동 (주문)'],
      ['orders', '주문'],
      ['mau', '월간 활성 사용자'],
      ['재구매수', '재구매수'],
      ['활성사용자수', '활성사용자수'],
    ]);

    // A head count is averaged: items per 1,000 of them per day (3 items over 15,300 person-days).
    await page.selectOption('[data-testid="rate-metric"]', '활성사용자수');
    await waitForUrl(page, (u) => u.searchParams.get('metric') === '활성사용자수' && u.searchParams.get('from') === '2026-11-01');
    await page.waitForFunction(() => /활성사용자수/.test(document.querySelector('[data-testid="kpi-contact-rate"]')?.textContent ?? ''));
    await overviewBody();
    expect(await rateCard()).toBe('활성사용자수 1,000명당 하루 0.2건');
    expect(await page.textContent('[data-testid="series-card"] .chart-legend')).toContain('문의율 (활성사용자수 1,000명당 하루)');
    await shot(page, '13-overview-own-metric');

    // The link keeps the choice.
    await page.reload();
    await overviewBody();
    expect(await page.inputValue('[data-testid="rate-metric"]')).toBe('활성사용자수');
    expect(await rateCard()).toBe('활성사용자수 1,000명당 하루 0.2건');

    // A flow of one's own is summed: per 100 of it (3 items over 93 repurchases).
    await page.selectOption('[data-testid="rate-metric"]', '재구매수');
    await waitForUrl(page, (u) => u.searchParams.get('metric') === '재구매수');
    await page.waitForFunction(() => /재구매수/.test(document.querySelector('[data-testid="kpi-contact-rate"]')?.textContent ?? ''));
    expect(await rateCard()).toBe('재구매수 100건당 3.23건');

    // Days without its numbers: said in words, not an empty rate.
    await page.goto(`/overview?from=2026-11-04&to=2026-11-10&metric=${encodeURIComponent('활성사용자수')}`);
    await overviewBody();
    expect(await page.textContent('[data-testid="rate-metric-missing"]')).toBe('이 기간에는 활성사용자수 숫자가 없어 문의율을 셀 수 없습니다. 기간을 바꾸거나 다른 지표를 고르세요.');

    // Automatic again: the parameter leaves the URL, and orders have no numbers these days either.
    await page.selectOption('[data-testid="rate-metric"]', '');
    await waitForUrl(page, (u) => u.pathname === '/overview' && !u.searchParams.has('metric'));
    await page.waitForFunction(() => /주문/.test(document.querySelector('[data-testid="rate-metric-missing"]')?.textContent ?? ''));
    expect(await page.inputValue('[data-testid="rate-metric"]')).toBe('');

    // A topic's page opened from the movers counts against the metric chosen on the Overview, in its unit.
    const created = await h.api('POST', '/topics', { name: '배송 문의', rules: [{ kind: 'keyword', pattern: '배송' }] });
    expect(created.status).toBe(201);
    const topicId: string = created.body.topic.id;
    // Rules relabel the stored items in the background: wait for the 11/3 delivery item.
    await expect.poll(async () => (await h.api('GET', `/insights/topics/${topicId}?from=2026-11-01&to=2026-11-03`)).body.total?.items, { timeout: 20_000 }).toBe(1);
    await page.goto(`/overview?from=2026-11-01&to=2026-11-03&metric=${encodeURIComponent('활성사용자수')}`);
    await overviewBody();
    const topicLink = page.locator(`[data-testid="mover-topic-link"][href^="/topics/${topicId}/"]`);
    expect(new URL((await topicLink.getAttribute('href'))!, h.baseUrl).searchParams.get('metric')).toBe('활성사용자수');
    await topicLink.click();
    await waitForUrl(page, (u) => u.pathname === `/topics/${topicId}/insights` && u.searchParams.get('metric') === '활성사용자수');
    await page.waitForFunction(() => /활성사용자수/.test(document.querySelector('[data-testid="topic-kpi-rate"]')?.textContent ?? ''));
    // 1 item over 15,300 person-days.
    expect(((await page.textContent('[data-testid="topic-kpi-rate"] [data-testid="kpi-value"]')) ?? '').replace(/\s+/g, ' ').trim()).toBe('활성사용자수 1,000명당 하루 0.065건');
    expect(await page.inputValue('[data-testid="topic-rate-metric"]')).toBe('활성사용자수');
    expect(pageErrors).toEqual([]);
  });

  it('shows the items, the detail panel and the import form on a phone-sized screen without sideways scrolling', async () => {
    const phone = await h.newPage({ viewport: { width: 390, height: 844 } });
    active = phone;
    const [name, value] = h.adminCookie.split('=');
    await phone.context.addCookies([{ name, value, url: h.baseUrl }]);
    const fitsWidth = () => phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

    await phone.page.goto('/items');
    await waitForRows(phone.page, [...allTexts, ...CSV_GOOD]);
    expect(await fitsWidth()).toBe(true);
    await shot(phone.page, '15-phone-items');

    await phone.page.locator('[data-testid="item-row"]').filter({ hasText: PHONE_SHOWN }).click();
    await phone.page.waitForFunction(
      (want) => document.querySelector('[data-testid="item-detail-text"]')?.textContent === want,
      PHONE_SHOWN,
    );
    // The panel slides in (0.18 s): measure it where it comes to rest.
    await phone.page.locator('[data-testid="item-detail"]').evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    const box = await phone.page.locator('[data-testid="item-detail"]').boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await phone.page.screenshot({ path: path.join(SHOTS_DIR, '16-phone-detail.png') });
    await phone.page.click('[data-testid="item-detail-close"]');
    await phone.page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });

    await phone.page.click('[data-testid="nav-import"]');
    await phone.page.waitForSelector('[data-testid="import-form"]');
    expect(await fitsWidth()).toBe(true);
    // With a file chosen, the column mapper and the preview rows scroll inside their own boxes.
    await phone.page.setInputFiles('[data-testid="import-file"]', path.join(tmp, '고객문의_2026-11.csv'));
    await phone.page.waitForSelector('[data-testid="import-mapper"]');
    expect(await fitsWidth()).toBe(true);
    await shot(phone.page, '17-phone-import');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });

  it('8. an older export imported after a newer one leaves the newer states: the page counts its rows older than stored, and so does the history', async () => {
    const header = '티켓번호,채널,접수일시,문의내용,처리상태,수정일시';
    const december = path.join(tmp, '게시판_12월.csv');
    const november = path.join(tmp, '게시판_11월.csv');
    await writeFile(december, [header, 'VER-1,board,2026-11-28 10:00,환불 처리 언제 되나요,resolved,2026-12-02 10:00'].join('\r\n') + '\r\n');
    await writeFile(november, [header, 'VER-1,board,2026-11-28 10:00,환불 처리 언제 되나요,open,2026-11-30 18:00', 'VER-2,board,2026-11-30 11:00,쿠폰이 안 보여요,open,2026-11-30 11:00'].join('\r\n') + '\r\n');
    const importForReal = async (file: string, rows: number) => {
      await page.click('[data-testid="nav-import"]');
      await waitForUrl(page, (u) => u.pathname === '/import');
      await page.setInputFiles('[data-testid="import-file"]', file);
      await page.waitForSelector('[data-testid="import-mapper"]');
      // 수정일시 is recognised as the ticket's last change in its own system.
      expect(await page.locator('[data-testid="import-mapping-row"][data-column="수정일시"] [data-testid="import-mapping-select"]').inputValue()).toBe('source_updated_at');
      await page.fill('[data-testid="import-source"]', 'e2e-versions');
      if (await page.isChecked('[data-testid="import-dry-run"]')) await page.uncheck('[data-testid="import-dry-run"]');
      await page.click('[data-testid="import-submit"]');
      await page.waitForFunction(
        (n) => document.querySelector('[data-testid="import-result"][data-dry-run="false"] [data-testid="import-count-total"]')?.textContent?.trim() === n,
        String(rows),
      );
    };
    await importForReal(december, 1);
    expect(await page.locator('[data-testid="import-count-older"]').count()).toBe(0);
    await importForReal(november, 2);
    expect(await text('import-count-inserted')).toBe('1');
    expect(await text('import-count-older')).toBe('1');
    await page.waitForFunction(() => /오래된 행 1 건너뜀/.test(document.querySelector('[data-testid="import-history-older"]')?.textContent ?? ''));
    const items = (await h.api('GET', '/items?source=e2e-versions')).body.items as { external_id: string; status: string }[];
    expect(items.map((i) => [i.external_id, i.status]).sort()).toEqual([['VER-1', 'resolved'], ['VER-2', 'open']]);
    expect(pageErrors).toEqual([]);
  });
  it('9. a file over the server\'s upload limit (SORI_MAX_UPLOAD_MB) is refused on the page before it is sent, the limit named', async () => {
    const big = path.join(tmp, '리뷰_전체.csv');
    const row = (i: number) => `BIG-${i},review,2026-11-20 10:00,배송은 빨랐는데 포장이 아쉬워요 다음에는 꼼꼼하게 부탁드려요 (${i})`;
    await writeFile(big, ['티켓번호,채널,접수일시,문의내용', ...Array.from({ length: 14_000 }, (_, i) => row(i))].join('\r\n') + '\r\n');
    const runsBefore = (await h.api('GET', '/imports')).body.runs.length;
    await page.click('[data-testid="nav-import"]');
    await waitForUrl(page, (u) => u.pathname === '/import');
    expect(await text('import-file-types')).toContain('최대 1MB');
    await page.setInputFiles('[data-testid="import-file"]', big);
    await page.fill('[data-testid="import-source"]', 'e2e-too-large');
    await page.click('[data-testid="import-submit"]');
    await page.waitForSelector('[data-testid="import-invalid"]');
    expect(await text('import-invalid')).toContain('1MB가 넘는 파일은 이 서버에 올릴 수 없습니다');
    // Nothing went to the server: no preview, no run.
    expect(await page.locator('[data-testid="import-mapper"]').count()).toBe(0);
    expect((await h.api('GET', '/imports')).body.runs.length).toBe(runsBefore);
    expect((await h.api('GET', '/items?source=e2e-too-large')).body.items).toHaveLength(0);
  });
});
