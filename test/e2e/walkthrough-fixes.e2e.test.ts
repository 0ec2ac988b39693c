/**
 * What a CX lead's walkthrough found, checked in real headless Chromium against the real server
 * (a default workspace for imports and users, and a small demo workspace whose data begins 40 days
 * ago, so a 28-day range's previous period is only partly covered):
 * the same Korean file imported without a source (as `sori import` does) and then on the Import
 * page is not stored twice; a viewer sees no link to a page that would answer "access denied"; a
 * card that shows a previous number does not say there is no data for that period; metric names
 * stand capitalised as labels in English; and at a phone's 390 px nothing on Overview, Items or
 * Settings runs past the window's right edge, the search box's placeholder is not cut, and the
 * inline "disable?" question leaves the role select its width. Sizes are measured, never time.
 * The tests run in order on one server.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKSPACE, loadSmallDemo } from './demo-seed.js';
import { ADMIN, shot, signIn, startHarness, storyHooks, type Harness } from './harness.js';

const VIEWER = { email: 'viewer@sori.test', password: 'e2e-reading-2026!', name: '열람 담당자' };
const OPERATOR = { email: 'operator.with.a.long.address@sori.test', password: 'e2e-triage-2026!' };
const PHONE = { width: 390, height: 844 };

/** A Korean export without ticket ids: rows are matched by their content within a source. */
const KOREAN_CSV = [
  '접수일시,문의내용',
  '2026-11-03 09:10,배송이 너무 늦어요. 언제 오나요?',
  '2026-11-03 10:25,환불 요청합니다. 상품이 파손되어 왔어요',
  '2026-11-03 11:40,쿠폰이 적용되지 않습니다',
].join('\n');
const KOREAN_ROWS = 3;

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

beforeAll(async () => {
  h = await startHarness([], { beforeStart: (config) => loadSmallDemo(config, { days: 40, itemsPerDay: 12 }) });
  for (const [user, role] of [[VIEWER, 'viewer'], [OPERATOR, 'operator']] as const) {
    const created = await h.api('POST', '/users', { ...user, role });
    if (created.status !== 200) throw new Error(`creating the ${role} failed: ${created.status} ${JSON.stringify(created.body)}`);
  }
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

// ---- helpers -----------------------------------------------------------------------------------

/** A new page signed in as `email`, on `workspace` (the default one when absent), at `next`. */
async function signedIn(user: { email: string; password: string }, next: string, options: { viewport?: { width: number; height: number }; locale?: string; workspace?: string } = {}) {
  const shown = await h.newPage({ viewport: options.viewport, locale: options.locale });
  active = shown;
  if (options.workspace) await shown.page.addInitScript((slug) => window.localStorage.setItem('sori.workspace', slug), options.workspace);
  await signIn(shown.page, next, user);
  return shown;
}

/** How many items the default workspace holds, by the API. */
async function itemTotal(): Promise<number> {
  const res = await h.api('GET', '/items/summary');
  if (res.status !== 200) throw new Error(`GET /items/summary: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.total as number;
}

/**
 * What runs out of its room sideways: every shown element whose box ends right of the window (or
 * starts left of it), of the page's content box, or of the card it sits in, outside a box that
 * scrolls sideways on purpose (a wide table's wrap, the nav strip); named by its test id or tag and
 * class. A stack-table (rows as blocks on a phone) whose wrap scrolls sideways cuts its content
 * off, and is listed too.
 */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const name = (el: Element) =>
      el.getAttribute('data-testid') ?? `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    const scrolls = (el: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    /** The nearest box the element must stay inside: a scroller (then it may not be judged), a card, the page's content. */
    const room = (el: Element): { right: number; left: number; scroller: boolean } | null => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (scrolls(p)) return { left: -Infinity, right: Infinity, scroller: true };
        if (p.matches('.card, .kpi-card, .page')) {
          const box = p.getBoundingClientRect();
          const style = getComputedStyle(p);
          // A card's border box; the page's content box (inside its padding).
          const pad = p.matches('.page') ? [parseFloat(style.paddingLeft), parseFloat(style.paddingRight)] : [0, 0];
          return { left: box.left + pad[0], right: box.right - pad[1], scroller: false };
        }
      }
      return null;
    };
    const found: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.closest('.visually-hidden, .skip-link')) continue;
      const within = room(el);
      if (within?.scroller) continue;
      const right = Math.min(width, within?.right ?? width);
      const left = Math.max(0, within?.left ?? 0);
      if (box.right > right + 0.5 || box.left < left - 0.5) found.push(`${name(el)} [${Math.round(box.left)}, ${Math.round(box.right)}] in [${Math.round(left)}, ${Math.round(right)}]`);
    }
    for (const table of document.querySelectorAll('.stack-table')) {
      const wrap = table.parentElement!;
      if (getComputedStyle(table).display === 'block' && wrap.scrollWidth > wrap.clientWidth + 1) found.push(`${name(table)} scrolls sideways (${wrap.scrollWidth} in ${wrap.clientWidth})`);
    }
    if (document.documentElement.scrollWidth > width) found.push(`page scrolls sideways (${document.documentElement.scrollWidth} in ${width})`);
    return found;
  });
}

/** How wide a control's text is in its own font, against the room its box leaves for text. */
function textRoom(page: Page, selector: string, text: 'placeholder' | 'selected') {
  return page.locator(selector).first().evaluate((el, which) => {
    const input = el as HTMLInputElement | HTMLSelectElement;
    const style = getComputedStyle(input);
    const shown = which === 'placeholder' ? (input as HTMLInputElement).placeholder : (input as HTMLSelectElement).selectedOptions[0]!.text;
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    // A select keeps room on the right for its arrow (its right padding); the text must fit the rest.
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return { shown, needed: Math.ceil(context.measureText(shown).width), room: Math.floor(room) };
  }, text);
}

// ---- tests ---------------------------------------------------------------------------------------

describe('walkthrough fixes (headless Chromium)', () => {
  it('1. a Korean file without ids imported as `sori import` does (no source) and then on the Import page is stored once', async () => {
    // As `sori import` through the server, or any API client: no source field at all.
    const form = new FormData();
    form.append('file', new Blob([KOREAN_CSV], { type: 'text/csv' }), '상담_내역.csv');
    form.append('channel', 'email');
    form.append('dry_run', 'false');
    const res = await fetch(`${h.baseUrl}/api/v1/imports`, { method: 'POST', headers: { Cookie: h.adminCookie, Accept: 'application/json' }, body: form });
    const first = await res.json();
    expect([res.status, first.inserted]).toEqual([200, KOREAN_ROWS]);
    expect(await itemTotal()).toBe(KOREAN_ROWS);

    const { page, errors } = await signedIn(ADMIN, '/import');
    // The source is filled in with the CLI's, and says why it matters; it can be changed.
    expect(await page.inputValue('[data-testid="import-source"]')).toBe('file-import');
    expect(await page.textContent('[data-testid="import-source-help"]')).toContain('file-import');
    await page.setInputFiles('[data-testid="import-file"]', { name: '상담_내역.csv', mimeType: 'text/csv', buffer: Buffer.from(KOREAN_CSV) });
    await page.waitForSelector('[data-testid="import-preview-summary"]');
    await page.selectOption('[data-testid="import-channel"]', 'email');
    await page.uncheck('[data-testid="import-dry-run"]');
    await page.click('[data-testid="import-submit"]');
    await page.waitForSelector('[data-testid="import-result"], [data-testid="import-error"], [data-testid="import-invalid"]');
    expect(await page.locator('[data-testid="import-invalid"], [data-testid="import-error"]').count()).toBe(0);
    await shot(page, 'walkthrough-01-import-again');
    // The page's run matched every row: nothing new.
    expect(await itemTotal()).toBe(KOREAN_ROWS);
    const runs = (await h.api('GET', '/imports')).body.runs as { source: string | null; inserted: number; unchanged: number; dry_run: boolean }[];
    const real = runs.filter((r) => !r.dry_run);
    expect(real.map((r) => [r.source, r.inserted, r.unchanged])).toEqual([
      ['file-import', 0, KOREAN_ROWS],
      ['file-import', KOREAN_ROWS, 0],
    ]);
    expect(errors).toEqual([]);
  });

  it('1b. a workspace whose items carry no answer time shows no response rate (not 0 %) and says why; the demo, which has them, shows its rate', async () => {
    // The default workspace holds test 1's rows only: a board-style export without 답변일시.
    const { page, errors } = await signedIn(ADMIN, '/overview');
    // The week of the rows (2026-11-03).
    await page.goto('/overview?from=2026-11-01&to=2026-11-07');
    const card = page.locator('[data-testid="kpi-response-rate"]');
    await card.waitFor();
    expect(await card.locator('[data-testid="kpi-value"]').textContent()).toBe('데이터 없음');
    expect(await card.textContent()).toContain('답변 시각이 기록된 인입이 없어 응답률을 셀 수 없습니다');
    await page.goto('/support?from=2026-11-01&to=2026-11-07');
    const supportCard = page.locator('[data-testid="support-kpi-response-rate"]');
    await supportCard.waitFor();
    expect(await supportCard.textContent()).toContain('답변 시각이 기록된 인입이 없어');
    await shot(page, 'walkthrough-01b-no-answer-times');
    const demo = await signedIn(ADMIN, '/overview', { workspace: DEMO_WORKSPACE });
    const demoCard = demo.page.locator('[data-testid="kpi-response-rate"] [data-testid="kpi-value"]');
    await demoCard.waitFor();
    expect(await demoCard.textContent()).toMatch(/%/);
    expect([...errors, ...demo.errors]).toEqual([]);
  });

  it('2. a viewer sees no link to Import or Settings: not on Metrics (파일로 올리기), Overview or Items', async () => {
    const { page, errors } = await signedIn(VIEWER, '/metrics', { workspace: DEMO_WORKSPACE });
    await page.waitForSelector('[data-testid="metrics-coverage-row"]');
    expect(await page.locator('[data-testid="metrics-upload-link"]').count()).toBe(0);
    expect(await page.getByText('파일로 올리기').count()).toBe(0);
    const denied = 'a[href^="/import"], a[href^="/settings"]';
    expect(await page.locator(denied).count()).toBe(0);
    for (const path of ['/overview', '/items']) {
      await page.goto(path);
      await page.waitForSelector('[data-testid="overview-body"], [data-testid="item-row"]');
      expect(await page.locator(denied).count(), path).toBe(0);
    }
    // An operator still has it.
    const operator = await signedIn(OPERATOR, '/metrics', { workspace: DEMO_WORKSPACE });
    await operator.page.waitForSelector('[data-testid="metrics-upload-link"]');
    expect(errors).toEqual([]);
    expect(operator.errors).toEqual([]);
  });

  it('3. a card that shows the previous period\'s number says that period is only partly covered, never that it has no data', async () => {
    const { page, errors } = await signedIn(ADMIN, '/overview', { workspace: DEMO_WORKSPACE });
    await page.waitForSelector('[data-testid="kpi-volume"] [data-testid="verdict"]');
    const cards = await page.$$eval('[data-testid^="kpi-"]:has([data-testid="verdict"])', (els) =>
      els.map((el) => ({
        card: el.getAttribute('data-testid'),
        reason: el.querySelector('[data-testid="verdict"]')!.getAttribute('data-reason'),
        verdict: el.querySelector('[data-testid="verdict"]')!.textContent!.trim(),
        previous: el.querySelector('.kpi-previous')?.textContent?.trim() ?? null,
      })),
    );
    const uncovered = cards.filter((c) => c.reason === 'previous_not_covered');
    // The demo's data begins 40 days ago: the previous 28 days are partly covered, with numbers in them.
    expect(uncovered.map((c) => c.card)).toEqual(expect.arrayContaining(['kpi-volume', 'kpi-contact-rate']));
    for (const c of uncovered) {
      if (c.previous !== null && /[1-9]/.test(c.previous)) expect(c.verdict, `${c.card}: ${c.previous}`).toBe('이전 기간 일부만 집계됨 — 비교하지 않음');
      expect(c.verdict === '비교 기간 데이터 없음' && c.previous !== null && /[1-9]/.test(c.previous), c.card ?? undefined).toBe(false);
    }
    // The type movers' before-rates the same way.
    const movers = await page.$$eval('[data-testid="mover-verdict"][data-reason="previous_not_covered"]', (els) => els.map((el) => el.textContent!.trim()));
    expect(movers).not.toContain('비교 기간 데이터 없음');
    await shot(page, 'walkthrough-03-overview-partly-covered');

    // English: the same, and metric names stand capitalised as labels.
    await page.click('[data-testid="lang-switch-en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect((await page.textContent('[data-testid="kpi-volume"] [data-testid="verdict"]'))?.trim()).toBe('Previous period only partly covered — not compared');
    await page.goto('/metrics');
    await page.waitForSelector('[data-testid="metrics-coverage-row"]');
    const heads = await page.$$eval('[data-testid="metrics-coverage-row"] th', (ths) => ths.map((th) => th.textContent!.trim()));
    expect(heads).toContain('Orders');
    for (const head of heads) expect(head.charAt(0), head).toBe(head.charAt(0).toUpperCase());
    expect(errors).toEqual([]);
  });

  for (const locale of ['en-US', 'ko-KR']) {
    it(`4. at 390 px nothing on Overview, Items or Settings runs out of its room; the search placeholder fits; "disable?" leaves the role select its width (${locale})`, async () => {
      const { page, errors } = await signedIn(ADMIN, '/overview', { viewport: PHONE, locale, workspace: DEMO_WORKSPACE });
      await page.waitForSelector('[data-testid="kpi-volume"] [data-testid="verdict"]');
      expect(await overflowing(page), 'overview').toEqual([]);
      await shot(page, `walkthrough-04-phone-overview-${locale}`);

      await page.goto('/items');
      await page.waitForSelector('[data-testid="item-row"]');
      expect(await overflowing(page), 'items').toEqual([]);
      const search = await textRoom(page, '[data-testid="filter-q"]', 'placeholder');
      expect(search.needed, `"${search.shown}" needs ${search.needed} px in ${search.room}`).toBeLessThanOrEqual(search.room);
      // The whole hint is still there: in the box's title, and what the short placeholder leaves out under it.
      expect(await page.getAttribute('[data-testid="filter-q"]', 'title')).toMatch(/띄어쓰기|Korean spacing/);
      expect(await page.textContent('[data-testid="filter-q-hint"]')).toMatch(/띄어쓰기|Korean spacing/);
      await shot(page, `walkthrough-04-phone-items-${locale}`);

      // Settings is the default workspace's admin page; the users are global. A tablet's width lays
      // the users out as a table, where the role select shrank the most.
      for (const viewport of [PHONE, { width: 800, height: 900 }]) {
        await page.setViewportSize(viewport);
        await page.goto('/settings');
        const row = page.locator(`[data-testid="user-row"][data-email="${OPERATOR.email}"]`);
        await row.waitFor();
        expect(await overflowing(page), `settings at ${viewport.width}`).toEqual([]);
        await row.locator('[data-testid="user-toggle"]').click();
        await row.locator('[data-testid="user-toggle-question"]').waitFor();
        expect(await overflowing(page), `settings at ${viewport.width}, asking to disable`).toEqual([]);
        for (const email of [ADMIN.email, OPERATOR.email]) {
          const role = await textRoom(page, `[data-testid="user-row"][data-email="${email}"] [data-testid="user-role-select"]`, 'selected');
          expect(role.needed, `${email} at ${viewport.width}: "${role.shown}" needs ${role.needed} px in ${role.room}`).toBeLessThanOrEqual(role.room);
        }
        await shot(page, `walkthrough-04-settings-disable-${viewport.width}-${locale}`);
        await row.locator('[data-testid="user-toggle-cancel"]').click();
      }
      expect(errors).toEqual([]);
    });
  }
});
