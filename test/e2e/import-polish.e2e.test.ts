/**
 * The import page's polish, in real headless Chromium: a failed run's long error in 최근 가져오기
 * wraps inside the card (the page does not scroll sideways, 되돌리기 stays on the screen) at a
 * desktop and a phone width, and says what to do on the page (the column mapping step) instead of
 * the CLI's --map; the column mapping screen shows sample values masked. Widths are measured
 * (scrollWidth against clientWidth, button boxes against the window), never time. The tests run in
 * order on one server.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, signIn, startHarness, storyHooks, type Harness } from './harness.js';

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;
let completedRun: string;

/** An upload through the API the page uses (as `sori import` through a server, or an API client). */
async function upload(name: string, csv: string): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), name);
  form.append('dry_run', 'false');
  const res = await fetch(`${h.baseUrl}/api/v1/imports`, { method: 'POST', headers: { Cookie: h.adminCookie, Accept: 'application/json' }, body: form });
  return { status: res.status, body: await res.json() };
}

/** A survey tool's export whose time column no alias knows (제출시각): many columns make the error long. */
const LONG_HEADERS = [
  '응답자번호', '제출시각', '의견', '채널', '유입경로코드', '이용서비스카테고리', '최근문의경험여부', '연령대', '성별', '거주지역',
  '가입기간', '구매빈도', '선호결제수단', '마케팅수신동의여부', '응답소요시간초', '설문버전',
];

/** What overflows: the page sideways, the history's table out of its box, buttons out of the window. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const wrap = document.querySelector('[data-testid="import-history"] .table-wrap') as HTMLElement;
    const card = document.querySelector('[data-testid="import-history"]') as HTMLElement;
    const cardBox = card.getBoundingClientRect();
    const buttons = [...document.querySelectorAll('[data-testid="import-history"] button, [data-testid="import-history"] a')].map((b) => {
      const box = b.getBoundingClientRect();
      return { name: b.getAttribute('data-testid') ?? b.textContent, left: box.left, right: box.right, width: box.width };
    });
    return {
      pageScroll: doc.scrollWidth - doc.clientWidth,
      bodyScroll: document.body.scrollWidth - document.body.clientWidth,
      wrapScroll: wrap.scrollWidth - wrap.clientWidth,
      viewport: window.innerWidth,
      card: { left: cardBox.left, right: cardBox.right },
      buttons,
    };
  });
}

beforeAll(async () => {
  h = await startHarness([]);
  const ok = await upload('설문_정상.csv', 'source,external_id,channel,created_at,text\nshop,POL-1,email,2026-11-01 10:00,되돌리기 버튼 확인용 문의입니다\n');
  if (ok.status !== 200 || ok.body.inserted !== 1) throw new Error(`import failed: ${ok.status} ${JSON.stringify(ok.body)}`);
  completedRun = String(ok.body.run_id);
  const rows = [LONG_HEADERS.join(','), ['R-1', '2026-11-01 10:00', '앱이 자주 멈춰요', '설문', 'CAMPAIGN-11', '배송', '예', '30대', '여', '서울', '2년', '월 2회', '카드', '동의', '95', 'v3'].join(',')];
  const failed = await upload('설문_응답_전체_내보내기_2026년_11월분.csv', rows.join('\n'));
  if (failed.status !== 400) throw new Error(`expected the survey file to fail: ${failed.status} ${JSON.stringify(failed.body)}`);
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('the import page (headless Chromium)', () => {
  for (const viewport of [
    { width: 1440, height: 900, name: 'desktop' },
    { width: 390, height: 844, name: 'phone' },
  ]) {
    it(`wraps a failed run's long error, keeps 되돌리기 on the screen and the page from scrolling sideways (${viewport.width} px)`, async () => {
      const { page, errors } = await h.newPage({ viewport: { width: viewport.width, height: viewport.height } });
      active = { page, errors };
      await signIn(page, '/import');
      await page.waitForSelector('[data-testid="import-history-error"]');
      await page.waitForSelector(`[data-testid="import-history-row"][data-run="${completedRun}"] [data-testid="import-undo-button"]`);
      const m = await measure(page);
      await shot(page, `import-polish-history-${viewport.name}`);
      expect(m.pageScroll, 'the page scrolls sideways').toBeLessThanOrEqual(0);
      expect(m.bodyScroll).toBeLessThanOrEqual(0);
      expect(m.wrapScroll, "the history's table is wider than its card").toBeLessThanOrEqual(1);
      const undo = m.buttons.filter((b) => b.name === 'import-undo-button');
      expect(undo.length).toBeGreaterThan(0);
      for (const b of m.buttons) {
        expect(b.left, `${b.name} starts left of the window`).toBeGreaterThanOrEqual(0);
        expect(b.right, `${b.name} ends past the window`).toBeLessThanOrEqual(viewport.width);
        expect(b.right, `${b.name} ends past the card`).toBeLessThanOrEqual(m.card.right + 0.5);
      }

      // What to do on this page, not the CLI's flag; the whole message can be read (opened, and as a title).
      const error = page.locator('[data-testid="import-history-error"]');
      const text = (await error.innerText()).trim();
      expect(text).not.toContain('--map');
      expect(text).toContain('열 매핑');
      expect(text).toContain('접수 일시');
      const full = await error.evaluate((el) => el.textContent ?? '');
      expect(full).toContain(LONG_HEADERS.at(-1));
      const errorBox = await error.boundingBox();
      expect(errorBox!.x + errorBox!.width).toBeLessThanOrEqual(viewport.width);
      await error.locator('summary').click();
      expect(await error.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
      const opened = await measure(page);
      expect(opened.pageScroll).toBeLessThanOrEqual(0);
      expect(opened.wrapScroll).toBeLessThanOrEqual(1);
      await shot(page, `import-polish-history-${viewport.name}-open`);

      // The undo question opens in the run's own place, its answers inside the card too.
      const row = page.locator(`[data-testid="import-history-row"][data-run="${completedRun}"]`);
      await row.locator('[data-testid="import-undo-button"]').click();
      await row.locator('[data-testid="import-undo-confirm"]').waitFor();
      const asking = await measure(page);
      expect(asking.pageScroll).toBeLessThanOrEqual(0);
      expect(asking.wrapScroll).toBeLessThanOrEqual(1);
      for (const b of asking.buttons) {
        expect(b.left, `${b.name} starts left of the window`).toBeGreaterThanOrEqual(0);
        expect(b.right, `${b.name} ends past the card`).toBeLessThanOrEqual(asking.card.right + 0.5);
      }
      expect(asking.buttons.map((b) => b.name)).toEqual(expect.arrayContaining(['import-undo-confirm', 'import-undo-cancel']));
      await shot(page, `import-polish-history-${viewport.name}-undo`);
      await row.locator('[data-testid="import-undo-cancel"]').click();
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('shows the column mapping screen with sample values masked', async () => {
    const { page, errors } = await h.newPage({ viewport: { width: 1440, height: 900 } });
    active = { page, errors };
    await signIn(page, '/import');
    const csv = '문의번호,접수일시,채널,연락처,메모,문의내용\nQ-1,2026-11-01 10:00,채팅,010-2222-3333,연락처 010-2222-3333,환불해 주세요 010-2222-3333\n';
    await page.setInputFiles('[data-testid="import-file"]', { name: '연락처_포함.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForSelector('[data-testid="import-mapper"]');
    await page.waitForSelector('[data-testid="import-mapping-row"][data-column="연락처"]');
    const shown = await page.locator('[data-testid="import-page"]').innerText();
    expect(shown).not.toContain('010-2222-3333');
    expect(shown).not.toContain('2222-3333');
    expect(shown).toContain('[전화번호]');
    // Column names are the file's own.
    expect(await page.locator('[data-testid="import-mapping-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-column')))).toEqual([
      '문의번호', '접수일시', '채널', '연락처', '메모', '문의내용',
    ]);
    await shot(page, 'import-polish-mapping-masked');
    expect(errors).toEqual([]);
  });
});
