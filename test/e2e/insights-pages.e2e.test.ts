/**
 * The second set of insight pages in real headless Chromium on the small demo workspace:
 * 응대 지표 (Support KPIs, on the 24-hour clock and in business hours), SLA (with the business-hours settings form), and a topic's detail page
 * (with operators' comments). Numbers are checked against the API, and the SLA breaches and churn
 * reasons open item lists whose totals are those numbers; the SLA form saves a change
 * and shows the API's validation error for a block that ends before it starts; a comment with
 * markup renders as text; CSV exports download with their header row; a viewer sees no forms.
 * The tests run in order and share one signed-in admin page.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration } from '../../web/src/insights/durations.js';
import { DEMO_WORKSPACE, loadSmallDemo } from './demo-seed.js';
import { ADMIN, SHOTS_DIR, shot, signIn, startHarness, storyHooks, waitForUrl, type Harness } from './harness.js';

const VIEWER = { email: 'viewer-pages@sori.test', password: 'e2e-viewer-pass-2026', name: '열람 담당자' };
const XSS_COMMENT = '<img src=x onerror=alert(1)> 결제사 장애로 확인됨';

let h: Harness;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  h = await startHarness([], { beforeStart: (config) => loadSmallDemo(config, { days: 60, itemsPerDay: 40 }) });
  const created = await h.api('POST', '/users', { ...VIEWER, role: 'viewer' });
  if (created.status !== 200 && created.status !== 201) throw new Error(`creating the viewer failed: ${created.status} ${JSON.stringify(created.body)}`);
  ({ page, errors: pageErrors } = await signedIn(ADMIN.email, ADMIN.password));
});

storyHooks(() => ({ page, errors: pageErrors }));

afterAll(async () => {
  await h?.close();
});

// ---- helpers -----------------------------------------------------------------------------------

/** A new browser page signed in as `email` on the demo workspace, on /overview. */
async function signedIn(email: string, password: string, options: { viewport?: { width: number; height: number } } = {}) {
  const { page, errors } = await h.newPage(options);
  await page.addInitScript((slug) => window.localStorage.setItem('sori.workspace', slug), DEMO_WORKSPACE);
  await signIn(page, null, { email, password });
  await page.waitForSelector('.badge-demo');
  return { page, errors };
}

/** JSON from the demo workspace as the admin. */
async function demoApi<T = any>(apiPath: string): Promise<T> {
  const res = await fetch(`${h.baseUrl}/api/v1${apiPath}`, {
    headers: { Cookie: h.adminCookie, Accept: 'application/json', 'X-Sori-Workspace': DEMO_WORKSPACE },
  });
  if (!res.ok) throw new Error(`GET ${apiPath}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** PUT JSON to the demo workspace as the admin. */
async function demoPut(apiPath: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${h.baseUrl}/api/v1${apiPath}`, {
    method: 'PUT',
    headers: { Cookie: h.adminCookie, Accept: 'application/json', 'Content-Type': 'application/json', 'X-Sori-Workspace': DEMO_WORKSPACE },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const seoulToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The default range of the insight pages: the last 28 whole days, ending yesterday. */
const last28 = () => {
  const to = addDays(seoulToday(), -1);
  return `from=${addDays(to, -27)}&to=${to}`;
};

// As the pages format shares (formatShare): at most one decimal, none when it is zero (100%, 87.5%).
const share = (value: number, locale = 'ko-KR') => `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)}%`;
const text = async (p: Page, selector: string) => ((await p.textContent(selector)) ?? '').trim();
const digits = (s: string) => s.replace(/[^\d]/g, '');

/** Waits until an insight page's body (`testId`) has its answer and is not refreshing. */
async function waitForBody(p: Page, testId: string): Promise<void> {
  await p.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('aria-busy') === 'false', testId);
}

/** The items page's total for its filters, once its summary has loaded (the page was just opened). */
async function listTotal(p: Page): Promise<number> {
  await p.waitForFunction(() => {
    const strip = document.querySelector('[data-testid="summary"]');
    return strip?.getAttribute('aria-busy') === 'false' && /\d/.test(document.querySelector('[data-testid="summary-total"]')?.textContent ?? '');
  });
  return Number(digits(await text(p, '[data-testid="summary-total"]')));
}

/** Clicks a download link and returns the file's text. */
async function download(p: Page, selector: string): Promise<{ name: string; body: string }> {
  const [file] = await Promise.all([p.waitForEvent('download'), p.click(selector)]);
  const saved = await file.path();
  return { name: file.suggestedFilename(), body: await readFile(saved!, 'utf8') };
}

// ---- tests ---------------------------------------------------------------------------------------

describe('insight pages: support, SLA, topic detail (headless Chromium)', () => {
  it('1. the nav lists Support, SLA, NPS and Churn after Overview and Explore; Overview offers CSV/XLSX of movers and channels', async () => {
    const nav = await page.$$eval('[data-testid="nav"] a', (as) => as.map((a) => a.getAttribute('data-testid')));
    expect(nav.slice(0, 6)).toEqual(['nav-overview', 'nav-explore', 'nav-support', 'nav-sla', 'nav-nps', 'nav-churn']);
    await waitForBody(page, 'overview-body');
    const movers = await page.getAttribute('[data-testid="export-topic_movers-xlsx"]', 'href');
    expect(movers).toContain('table=topic_movers');
    expect(movers).toContain('format=xlsx');
    const csv = await download(page, '[data-testid="export-channels-csv"]');
    // Named by its range (local days), not the download's date.
    expect(csv.name).toMatch(/^sori-channels-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    // The page's download is for people (labels=ko): the page's column names (test/e2e/insight-export-labels.e2e.test.ts).
    expect(csv.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toMatch(/^채널,인입 \(이번 기간\),인입 \(이전 기간\)/);
  });

  it('2. Support shows the API’s response rate and lead times, splits by assignee, and exports its table', async () => {
    await page.click('[data-testid="nav-support"]');
    await waitForUrl(page, (u) => u.pathname === '/support');
    await waitForBody(page, 'support-body');
    const api = await demoApi(`/insights/support?${last28()}`);
    expect(api.total.received).toBeGreaterThan(100);
    expect(await text(page, '[data-testid="support-kpi-response-rate"] [data-testid="kpi-value"]')).toBe(share(api.total.response_rate_pct));
    // The rate counts the days whose answers are due; the card gives its own counts and says so.
    const rateNote = await text(page, '[data-testid="support-kpi-response-rate"] .kpi-note');
    expect(digits(rateNote.split('중')[0]!)).toBe(String(api.total.rate_received));
    if (api.response_rate_before) expect(rateNote).toContain('이전 인입 기준');
    // The chatbot's share sits with the response rate it is part of, not on the reopen card.
    expect(rateNote).toContain(`챗봇 처리 ${share(api.total.bot_share_pct)}`);
    expect(await text(page, '[data-testid="support-kpi-reopen-rate"] .kpi-note')).toBe('해결된 뒤 다시 열린 문의의 비율');
    // The lead-time cards show people's (agents, and no handler recorded): the demo's chatbot answers in seconds.
    expect(await text(page, '[data-testid="support-kpi-first-response"] [data-testid="kpi-value"]')).toBe(formatDuration(api.by_handler.people.first_response.p50_seconds, 'ko'));
    expect(await text(page, '[data-testid="support-kpi-resolution"] [data-testid="kpi-value"]')).toBe(formatDuration(api.by_handler.people.resolution.p50_seconds, 'ko'));
    expect(await page.locator('[data-testid="support-row"]').count()).toBe(api.rows.length);
    expect(digits(await text(page, '[data-testid="support-total-row"] td:first-of-type'))).toBe(String(api.total.received));
    expect(await text(page, '[data-testid="support-precision"]')).toContain('2%');
    expect(await page.locator('[data-testid="backlog-total-row"]').count()).toBe(1);
    await shot(page, 'pages-01-support');

    await page.click('[data-testid="support-by"] button:has-text("담당자")');
    await waitForUrl(page, (u) => u.searchParams.get('by') === 'assignee');
    const byAssignee = await demoApi(`/insights/support?${last28()}&by=assignee`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="support-row"]').length === n, byAssignee.rows.length);
    await waitForBody(page, 'support-body');

    const csv = await download(page, '[data-testid="export-support-csv"]');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    // Named by table, split and range, so the channel split's file is another one.
    expect(csv.name).toMatch(/^sori-support-by-assignee-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    // Each lead time twice for people: the page's words and a number to one decimal (first responses in minutes, resolutions in hours).
    expect(lines[0]).toBe('담당자,인입,응답,응답률 (%),응답률의 인입,응답률의 응답,첫 응답 중앙값,첫 응답 중앙값 (분),첫 응답 90%,첫 응답 90% (분),해결 중앙값,해결 중앙값 (시간),해결 90%,해결 90% (시간),재오픈율 (%),챗봇 처리 비중 (%),시간 기준');
    expect(lines.length).toBe(byAssignee.rows.length + 2); // header, total, one line per assignee
    expect(lines.slice(1).every((line) => line.endsWith(',24시간 기준'))).toBe(true);
  });

  it('2b. Support switches its lead times to business hours (영업시간 기준), keeps the choice in the address, exports it, and says when no hours are set', async () => {
    // Still split by assignee (test 2). The switch sits under the range, on the 24-hour clock by default.
    expect(await page.getAttribute('[data-testid="support-clock-calendar"]', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('[data-testid="support-precision"]', 'data-clock')).toBe('calendar');
    expect(await text(page, '[data-testid="support-clock-business"]')).toBe('영업시간 기준');
    const calendar = await demoApi(`/insights/support?${last28()}&by=assignee`);
    await page.click('[data-testid="support-clock-business"]');
    await waitForUrl(page, (u) => u.searchParams.get('clock') === 'business' && u.searchParams.get('by') === 'assignee');
    await page.waitForFunction(() => document.querySelector('[data-testid="support-precision"]')?.getAttribute('data-clock') === 'business');
    await waitForBody(page, 'support-body');
    const api = await demoApi(`/insights/support?${last28()}&by=assignee&clock=business`);
    expect(api.clock).toBe('business');
    // The same items (the same counts) as the 24-hour clock, measured in business hours: never longer
    // (beyond the 24-hour clock's 2 % histogram precision).
    expect(api.total.first_response.count).toBe(calendar.total.first_response.count);
    expect(api.total.first_response.p50_seconds).toBeLessThanOrEqual(calendar.total.first_response.p50_seconds * 1.02 + 1);
    // Business time is said in hours, never in days ("1일" would read as a working day).
    const hours = (seconds: number) => formatDuration(seconds, 'ko', { largest: 'hour' });
    expect(await text(page, '[data-testid="support-kpi-first-response"] [data-testid="kpi-value"]')).toBe(hours(api.by_handler.people.first_response.p50_seconds));
    expect(await text(page, '[data-testid="support-kpi-resolution"] [data-testid="kpi-value"]')).toBe(hours(api.by_handler.people.resolution.p50_seconds));
    expect(await text(page, '[data-testid="support-kpi-first-response"] .kpi-note')).toContain('영업시간 기준');
    // Which hours, beside the numbers: the SLA settings' (the defaults: weekdays with a lunch break, in Seoul, holidays off).
    const note = await text(page, '[data-testid="support-precision"]');
    expect(note).toContain('영업시간 기준');
    expect(note).toContain('09:00–12:00');
    expect(note).toContain('Asia/Seoul');
    expect(note).toContain('공휴일 제외');
    expect(await text(page, '[data-testid="support-table"] thead th:nth-child(4)')).toContain('(영업시간)');
    expect(await page.locator('[data-testid="support-row"]').count()).toBe(api.rows.length);
    const firstRow = api.rows[0];
    expect(await text(page, `[data-testid="support-row"][data-key="${firstRow.key}"] td:nth-of-type(3)`)).toBe(hours(firstRow.first_response.p50_seconds));
    await shot(page, 'pages-01b-support-business-hours');

    // The export carries the clock.
    expect(await page.getAttribute('[data-testid="export-support-xlsx"]', 'href')).toContain('clock=business');
    const csv = await download(page, '[data-testid="export-support-csv"]');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines.slice(1).every((line) => line.endsWith(',영업시간 기준'))).toBe(true);
    expect(csv.name).toMatch(/^sori-support-by-assignee-business-hours-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    // The total row's first-response median as the page says business time (never days), and in minutes.
    expect(lines[1]!.split(',').slice(6, 8)).toEqual([hours(api.total.first_response.p50_seconds), String(Math.round(api.total.first_response.p50_seconds / 6) / 10)]);

    // A reload keeps the choice (it is in the address).
    await page.reload();
    await waitForBody(page, 'support-body');
    expect(await page.getAttribute('[data-testid="support-clock-business"]', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('[data-testid="support-precision"]', 'data-clock')).toBe('business');

    // A workspace without business hours: said plainly, with the way back to the 24-hour clock.
    const saved = await demoApi('/settings/sla');
    const { is_default: wasDefault, ...settings } = saved;
    expect((await demoPut('/settings/sla', { businessHours: { ...settings.businessHours, twentyFourSeven: false, blocks: [] }, policies: [] })).status).toBe(200);
    try {
      await page.reload();
      await page.waitForSelector('[data-testid="support-no-business-hours"]');
      expect(await text(page, '[data-testid="support-no-business-hours"] .alert-message')).toBe('영업시간이 설정되지 않았습니다.');
      expect(await page.locator('[data-testid="support-body"]').count()).toBe(0);
      await page.click('[data-testid="support-clock-back"]');
      await waitForUrl(page, (u) => u.searchParams.get('clock') === null);
      await waitForBody(page, 'support-body');
      expect(await page.getAttribute('[data-testid="support-precision"]', 'data-clock')).toBe('calendar');
    } finally {
      expect((await demoPut('/settings/sla', wasDefault ? { reset: true } : settings)).status).toBe(200);
    }
  });

  it('3. SLA shows % met as the API computes it and the breaches newest first, each linked to its item', async () => {
    await page.click('[data-testid="nav-sla"]');
    await waitForUrl(page, (u) => u.pathname === '/sla');
    await waitForBody(page, 'sla-body');
    const api = await demoApi(`/insights/sla?${last28()}`);
    expect(await text(page, '[data-testid="sla-kpi-first-response"] [data-testid="kpi-value"]')).toBe(share(api.summary.firstResponse.met_pct));
    expect(await text(page, '[data-testid="sla-kpi-resolution"] [data-testid="kpi-value"]')).toBe(share(api.summary.resolution.met_pct));
    expect(await page.locator('[data-testid="sla-policy-table-row"]').count()).toBe(api.by_policy.length);
    // One row per late item (an item late on both targets is one row with two badges), and the
    // count said honestly: the API lists the newest 100 items of `breached_items`.
    const listed = new Set(api.breaches.map((b: { item_id: string }) => b.item_id)).size;
    expect(api.breached_items).toBeGreaterThanOrEqual(listed);
    expect(await page.getAttribute('[data-testid="sla-breaches"]', 'data-total')).toBe(String(listed));
    expect(await page.getAttribute('[data-testid="sla-breaches"]', 'data-breached-items')).toBe(String(api.breached_items));
    expect(await page.locator('[data-testid="sla-breach"]').count()).toBe(Math.min(15, listed));
    const n = (v: number) => new Intl.NumberFormat('ko-KR').format(v);
    expect(await text(page, '[data-testid="sla-breaches-hint"]')).toContain(
      api.breached_items > listed ? `최근 ${n(listed)}건 (위반 인입 전체 ${n(api.breached_items)}건 중)` : `위반 인입 ${n(listed)}건`,
    );
    await shot(page, 'pages-02-sla');
    if (listed > 15) {
      // "Show more" promises only what it shows: the rest of the listed items, not "all".
      expect(await text(page, '[data-testid="sla-breaches-more"]')).toBe(`${n(listed - 15)}건 더 보기`);
      await page.click('[data-testid="sla-breaches-more"]');
      expect(await page.locator('[data-testid="sla-breach"]').count()).toBe(listed);
      const ids = await page.$$eval('[data-testid="sla-breach"]', (rows) => rows.map((r) => r.getAttribute('data-item-id')));
      expect(new Set(ids).size).toBe(ids.length);
    }
    // Every listed breach is shown now. One still open says how long it has been open (경과), not
    // how long it "took" (걸림).
    const lines = await page.$$eval('[data-testid="sla-breach-elapsed"]', (ps) => ps.map((p) => ({ open: p.getAttribute('data-open') === 'true', text: p.textContent ?? '' })));
    expect(lines.length).toBe(api.breaches.length);
    expect(lines.filter((l) => l.open).length).toBe(api.breaches.filter((b: { completed_at: string | null }) => b.completed_at === null).length);
    for (const line of lines) {
      if (line.open) expect(line.text).toMatch(/경과 \(목표 .+\).*아직 처리되지 않음/);
      else expect(line.text).toMatch(/걸림 \(목표 .+\)/);
      expect(line.text).not.toMatch(/걸림.*아직 처리되지 않음/);
    }
    const newest = [...api.breaches].sort((a: any, b: any) => b.created_at.localeCompare(a.created_at))[0];
    const first = page.locator('[data-testid="sla-breach-link"]').first();
    expect(await first.getAttribute('href')).toBe(`/items?item=${newest.item_id}&workspace=demo`);
    expect((await first.innerText()).trim()).toBe(newest.text.trim());

    // "See all breached items" opens every breached item of the range, not the newest 100: the
    // list's total is the page's number, and the filter shows as a chip that clears it.
    const [from, to] = last28().split('&').map((kv) => kv.split('=')[1]);
    await page.click('[data-testid="sla-breaches-all"]');
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('sla') === 'breached' && u.searchParams.get('from') === from && u.searchParams.get('to') === to);
    // An open target can pass its deadline while the test runs (the demo ends now): the list
    // holds the report's number as it was read before, or as it is now.
    const breachedShown = await listTotal(page);
    expect([api.breached_items, (await demoApi(`/insights/sla?${last28()}`)).breached_items]).toContain(breachedShown);
    expect(await text(page, '[data-testid="filter-sla"]')).toContain('SLA 위반 항목만 보는 중');
    await page.waitForSelector('[data-testid="item-row"]');
    await shot(page, 'pages-02b-sla-breached-items');
    await page.click('[data-testid="filter-sla"]');
    await waitForUrl(page, (u) => u.pathname === '/items' && !u.searchParams.has('sla') && u.searchParams.get('from') === from);
    expect(await page.locator('[data-testid="filter-sla"]').count()).toBe(0);
    await page.goBack(); // filters change the URL in place: one step back is the SLA page
    await waitForUrl(page, (u) => u.pathname === '/sla');
    await waitForBody(page, 'sla-body');
    // Each target's breached count opens its own items.
    await page.click('[data-testid="sla-kpi-first-response"] [data-testid="sla-kpi-breached-link"]');
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('sla') === 'breached_first_response');
    const lateShown = await listTotal(page);
    expect([api.summary.firstResponse.breached, (await demoApi(`/insights/sla?${last28()}`)).summary.firstResponse.breached]).toContain(lateShown);
    await page.goBack();
    await waitForBody(page, 'sla-body');
  });

  it('4. an admin saves a change to the business hours and picks a policy’s types and channels by name, sees the API’s error for a block ending before it starts, and resets after confirming', async () => {
    await page.waitForSelector('[data-testid="sla-settings-form"]');
    const block = page.locator('[data-testid="sla-block"]').first();
    await block.locator('[data-testid="sla-block-end"]').fill('11:30');
    await block.locator('[data-testid="sla-block-day-sat"]').check();
    // The team's own day off, a public holiday it works, and a priority on the incident policy.
    await page.fill('[data-testid="sla-extra-holidays"]', '2026-12-31 종무식');
    await page.fill('[data-testid="sla-worked-holidays"]', '2026-05-01');
    const incident = page.locator('[data-testid="sla-policy"]').first();
    await incident.locator('[data-testid="sla-policy-priorities"]').fill('urgent, high');
    // Types and channels are picked by the names shown everywhere else, and saved as keys.
    const types = incident.locator('[data-testid="sla-policy-types"]');
    await types.locator('[data-testid="sla-policy-type"][data-key="bug"]').waitFor();
    expect(await types.locator('[data-testid="sla-policy-type"][data-key="bug"]').isChecked()).toBe(true);
    expect((await types.innerText()).replace(/\s+/g, ' ')).toContain('버그·오류');
    expect(await types.innerText()).not.toMatch(/\bbug\b/);
    await types.getByText('결제·요금', { exact: true }).click();
    const channels = incident.locator('[data-testid="sla-policy-channels"]');
    expect(await channels.innerText()).toContain('(모든 채널)');
    await channels.getByText('채팅', { exact: true }).click();
    expect(await channels.locator('[data-testid="sla-policy-channel"][data-key="chat"]').isChecked()).toBe(true);
    expect(await page.locator('[data-testid="sla-policy-types"] input[type="text"], [data-testid="sla-policy-channels"] input[type="text"]').count()).toBe(0);
    await incident.screenshot({ path: path.join(SHOTS_DIR, 'pages-03a-sla-policy-pickers.png'), animations: 'disabled' });
    await page.click('[data-testid="sla-save"]');
    await page.waitForSelector('[data-testid="sla-saved"]');
    const saved = await demoApi('/settings/sla');
    expect(saved.is_default).toBe(false);
    expect(saved.businessHours.blocks[0]).toMatchObject({ start: '09:00', end: '11:30' });
    expect(saved.businessHours.blocks[0].days).toContain('sat');
    expect(saved.businessHours.extraHolidays).toEqual([{ date: '2026-12-31', nameKo: '종무식', nameEn: '종무식', kind: 'workspace' }]);
    expect(saved.businessHours.workedHolidays).toEqual(['2026-05-01']);
    expect(saved.policies[0].match).toEqual({ types: ['bug', 'billing'], channels: ['chat'], priorities: ['urgent', 'high'] });

    // A date that does not exist is refused with the API's message, in Korean too; nothing is saved.
    await page.fill('[data-testid="sla-extra-holidays"]', '2026-02-30 없는 날');
    await page.click('[data-testid="sla-save"]');
    const holidayError = page.locator('[data-testid="sla-holiday-error"]');
    await holidayError.waitFor();
    expect(await holidayError.innerText()).toContain('없는 날짜입니다');
    expect((await demoApi('/settings/sla')).businessHours.extraHolidays[0].date).toBe('2026-12-31');
    await page.fill('[data-testid="sla-extra-holidays"]', '2026-12-31 종무식');

    await block.locator('[data-testid="sla-block-start"]').fill('10:00');
    await block.locator('[data-testid="sla-block-end"]').fill('08:00');
    await page.click('[data-testid="sla-save"]');
    const error = page.locator('[data-testid="sla-block"]').first().locator('[data-testid="sla-block-error"]');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/end after it starts/);
    expect(await error.innerText()).toContain('시작 시각보다 뒤여야 합니다');
    expect(await page.locator('[data-testid="sla-save-error"]').count()).toBe(1);
    expect((await demoApi('/settings/sla')).businessHours.blocks[0].end).toBe('11:30'); // nothing saved
    await error.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(SHOTS_DIR, 'pages-03-sla-validation-error.png'), animations: 'disabled' });

    // Resetting erases the team's hours, days off and policies: it asks first, and cancelling keeps them.
    await page.click('[data-testid="sla-reset"]');
    await page.waitForSelector('[data-testid="sla-reset-confirm"]');
    expect(await text(page, '[data-testid="sla-reset-confirm"]')).toContain('지금 설정은 지워집니다');
    expect((await demoApi('/settings/sla')).is_default).toBe(false);
    await page.click('[data-testid="sla-reset-cancel"]');
    expect(await page.locator('[data-testid="sla-reset-confirm"]').count()).toBe(0);
    expect((await demoApi('/settings/sla')).is_default).toBe(false);
    expect(await page.inputValue('[data-testid="sla-extra-holidays"]')).toBe('2026-12-31 종무식');
    await page.click('[data-testid="sla-reset"]');
    await page.click('[data-testid="sla-reset-confirm-yes"]');
    await page.waitForSelector('[data-testid="sla-saved"]');
    expect(await page.locator('[data-testid="sla-reset-confirm"]').count()).toBe(0);
    const reset = await demoApi('/settings/sla');
    expect(reset.is_default).toBe(true);
    expect(reset.businessHours.blocks[0]).toMatchObject({ start: '09:00', end: '12:00' });
    expect(await page.inputValue('[data-testid="sla-block"] >> nth=0 >> [data-testid="sla-block-end"]')).toBe('12:00');
    expect(reset.businessHours.extraHolidays).toEqual([]);
    expect(await page.locator('[data-testid="sla-policy"]').first().locator('[data-testid="sla-policy-channel"]:checked').count()).toBe(0);
  });

  it('5. the Topics tree opens a topic’s detail with the API’s numbers; a comment with markup is shown as text', async () => {
    await page.click('[data-testid="nav-topics"]');
    await page.click('[data-testid="topic-row"][data-topic-name="로그인 오류"] [data-testid="topic-name-text"]');
    await waitForUrl(page, (u) => /^\/topics\/\d+\/insights$/.test(u.pathname));
    const id = new URL(page.url()).pathname.split('/')[2];
    await waitForBody(page, 'topic-insights-body');
    const api = await demoApi(`/insights/topics/${id}?${last28()}`);
    expect(api.total.items).toBeGreaterThan(0);
    expect(await text(page, '[data-testid="topic-insights-name"]')).toBe('로그인 오류');
    expect(digits(await text(page, '[data-testid="topic-kpi-items"] [data-testid="kpi-value"]'))).toBe(String(api.total.items));
    expect(await page.locator('[data-testid="topic-example"]').count()).toBe(api.examples.length);
    expect((await page.locator('[data-testid="topic-example-text"]').first().innerText()).trim()).toBe(api.examples[0].text.trim());
    expect(await page.locator('[data-testid="topic-dup-group"]').count()).toBe(api.duplicate_groups.length);
    if (api.duplicate_groups.length) {
      expect(await page.locator('[data-testid="topic-dup-link"]').first().getAttribute('href')).toBe(`/items?dup_group=${api.duplicate_groups[0].dup_group}&workspace=demo`);
    }

    await page.fill('[data-testid="topic-comment-body"]', XSS_COMMENT);
    await page.click('[data-testid="topic-comment-submit"]');
    const comment = page.locator('[data-testid="topic-comment-body-text"]').first();
    await comment.waitFor();
    expect((await comment.innerText()).trim()).toBe(XSS_COMMENT);
    expect(await page.locator('[data-testid="topic-comments"] img').count()).toBe(0);
    const stored = await demoApi(`/topics/${id}/comments`);
    expect(stored.comments[0].body).toBe(XSS_COMMENT);
    await shot(page, 'pages-04-topic-detail');
    expect(pageErrors).toEqual([]); // no alert dialog, no script error
  });

  it('6. Overview movers and the Explore topic legend link to the topic detail', async () => {
    await page.goto('/overview');
    await waitForBody(page, 'overview-body');
    const link = page.locator('[data-testid="mover-topic-link"]').first();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/topics\/\d+\/insights\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&workspace=demo$/);
    await link.click();
    await waitForUrl(page, (u) => u.pathname === href.split('?')[0]);
    await waitForBody(page, 'topic-insights-body');
    await page.goto('/explore?by=topic');
    await page.waitForSelector('[data-testid="legend-topic-link"]');
  });

  it('7. NPS shows the API’s score and drivers; a driver opens its topic’s items in the range; drivers export as CSV', async () => {
    await page.click('[data-testid="nav-nps"]');
    await waitForUrl(page, (u) => u.pathname === '/nps');
    await waitForBody(page, 'nps-body');
    const api = await demoApi(`/insights/nps?${last28()}`);
    expect(api.current.n).toBeGreaterThan(0);
    // NPS in whole points (changes.ts formatNps), never "-0".
    const whole = (v: number) => new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 0 }).format(v).replace(/^-0$/, '0');
    expect(await text(page, '[data-testid="nps-kpi"] [data-testid="kpi-value"]')).toBe(whole(api.current.nps));
    expect(await text(page, '[data-testid="nps-kpi"] [data-testid="verdict"]')).toMatch(/유의미한 증가|유의미한 감소|변동 범위 내\(노이즈\)|데이터 부족/);
    await page.waitForFunction(() => {
      const host = document.querySelector('[data-testid="nps-chart"]') as (HTMLElement & { __soriChart?: any }) | null;
      return (host?.__soriChart?.getOption()?.series?.length ?? 0) === 3;
    });
    expect(await page.locator('[data-testid="nps-driver"]').count()).toBe(api.drivers.length);
    // Detractors against promoters of the same period: the badges never speak of a rise or fall.
    const findings: Record<string, string> = { more_among_detractors: '비추천 쪽에 유의미하게 많음', more_among_promoters: '추천 쪽에 유의미하게 많음', no_clear_difference: '뚜렷한 차이 없음', insufficient_data: '언급이 적어 판단 보류' };
    const badges = await page.$$eval('[data-testid="nps-driver-verdict"]', (els) => els.map((e) => (e.textContent ?? '').trim()));
    expect(badges).toEqual(api.drivers.map((d: { finding: string }) => findings[d.finding]));
    for (const badge of badges) expect(badge).not.toMatch(/증가|감소/);
    await shot(page, 'pages-05-nps');

    const csv = await download(page, '[data-testid="export-nps_drivers-csv"]');
    expect(csv.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe('토픽 ID,토픽,비추천 응답 수,추천 응답 수,비추천 중 비중 (%),추천 중 비중 (%),차이 (%p),차이 95% 구간 하한 (%p),차이 95% 구간 상한 (%p),보정 p값 (BH),판정');

    const driver = api.drivers.find((d: { key: string }) => /^\d+$/.test(d.key));
    expect(driver).toBeDefined();
    if (driver) {
      await page.click(`[data-testid="nps-driver"][data-key="${driver.key}"] [data-testid="nps-driver-link"]`);
      const [from, to] = last28().split('&').map((kv) => kv.split('=')[1]);
      const topic = driver.key === '0' ? 'none' : driver.key;
      await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('topic') === topic && u.searchParams.get('from') === from && u.searchParams.get('to') === to);
      // The driver was read from scored answers: its link opens those (every item with a score,
      // whatever its kind, as NPS counts them), not every item of the topic.
      expect(new URL(page.url()).searchParams.get('has_score')).toBe('true');
      expect(new URL(page.url()).searchParams.get('kind')).toBeNull();
      await page.waitForSelector('[data-testid="filter-has-score"]');
      await page.waitForSelector('[data-testid="item-row"]');
      await page.goBack();
      await waitForBody(page, 'nps-body');
    }
  });

  it('8. Churn shows the controllable share and the reasons with the customers’ words as text', async () => {
    await page.click('[data-testid="nav-churn"]');
    await waitForUrl(page, (u) => u.pathname === '/churn');
    await waitForBody(page, 'churn-body');
    const api = await demoApi(`/insights/churn?${last28()}`);
    expect(api.total.current).toBeGreaterThan(0);
    expect(await text(page, '[data-testid="churn-kpi-controllable"] [data-testid="kpi-value"]')).toBe(share(api.controllable_share.current));
    expect(digits(await text(page, '[data-testid="churn-kpi-total"] [data-testid="kpi-value"]'))).toBe(String(api.total.current));
    expect(await page.locator('[data-testid="churn-kpi-rate"]').count()).toBe(api.cancellation_rate ? 1 : 0);
    // The demo uploads its membership's numbers: 해지율 reads churned per 100 subscribers a month,
    // titled apart from the order cancellation rate.
    expect(api.churn_rate.current).toBeGreaterThan(0);
    const churnRate = new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 2 }).format(api.churn_rate.current);
    expect(await text(page, '[data-testid="churn-kpi-churn-rate"] [data-testid="kpi-value"]')).toBe(`${churnRate}%`);
    expect(await text(page, '[data-testid="churn-kpi-churn-rate"] .kpi-title')).toBe('해지율 (월 환산)');
    expect(await text(page, '[data-testid="churn-kpi-rate"] .kpi-title')).toBe('주문 취소율');
    expect(await page.locator('[data-testid="churn-reason"]').count()).toBe(api.reasons.length);
    expect(await text(page, '[data-testid="churn-reason"] >> nth=0 >> [data-testid="churn-reason-name"]')).toBe(api.reasons[0].name_ko);
    const example = api.reasons[0].examples[0];
    // Line breaks in a customer's text render as spaces: compare the words.
    const words = (x: string) => x.replace(/\s+/g, ' ').trim();
    if (example) expect(words(await page.locator('[data-testid="churn-example"]').first().innerText())).toBe(words(`“${example.text}”`));
    expect(await page.getAttribute('[data-testid="export-churn_reasons-xlsx"]', 'href')).toContain('table=churn_reasons');
    await shot(page, 'pages-06-churn');

    // A bar of the trend opens that period's cancellations.
    const index = api.series.findIndex((b: any) => b.controllable > 0);
    expect(index).toBeGreaterThanOrEqual(0);
    const bucket = api.series[index];
    const chart = page.locator('[data-testid="churn-chart"]');
    await page.waitForFunction(() => ((document.querySelector('[data-testid="churn-chart"]') as any)?.__soriChart?.getOption()?.series?.length ?? 0) === 3);
    await chart.scrollIntoViewIfNeeded();
    const [x, y] = await chart.evaluate((el, a) => (el as any).__soriChart.convertToPixel({ seriesIndex: 0 }, [a.i, a.v / 2]), { i: index, v: bucket.controllable });
    const box = (await chart.boundingBox())!;
    await page.mouse.click(box.x + x, box.y + y);
    const day = (iso: string) => new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 10);
    const lastDay = day(new Date(Date.parse(bucket.to) - 1).toISOString());
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('churn_reason') === 'churn' && u.searchParams.get('type') === null && u.searchParams.get('from') === day(bucket.from) && u.searchParams.get('to') === lastDay);
    // The bar counts churn only (no order cancellations), and so does the list it opens.
    expect(await listTotal(page)).toBe(bucket.controllable + bucket.involuntary + bucket.unknown);
    await page.goBack();
    await waitForBody(page, 'churn-body');

    // Every reason row opens the cancellations it counts (its number is the list's total).
    for (const reason of api.reasons) {
      const href = (await page.getAttribute(`[data-testid="churn-reason"][data-key="${reason.key}"] [data-testid="churn-reason-link"]`, 'href'))!;
      expect(await page.getAttribute(`[data-testid="churn-reason"][data-key="${reason.key}"] [data-testid="churn-reason-count"]`, 'href')).toBe(href);
      const listed = await demoApi(`/items/summary?${href.split('?')[1]}`);
      expect(listed.total, reason.key).toBe(reason.current);
    }
    // Order cancellations (refunds, returns) are not churn: a note with their own link, which lists exactly them.
    if (api.order_cancellations.current > 0) {
      const href = (await page.getAttribute('[data-testid="churn-orders-link"]', 'href'))!;
      expect((await demoApi(`/items/summary?${href.split('?')[1]}`)).total).toBe(api.order_cancellations.current);
    } else expect(await page.locator('[data-testid="churn-orders"]').count()).toBe(0);
    // 해지·취소 and 탈퇴 (account items asking to leave: the demo has some) apart; each count opens exactly its items.
    expect(api.by_type.account.current).toBeGreaterThan(0);
    for (const type of api.counted_types) {
      const link = page.locator(`[data-testid="churn-by-type-${type}"]`);
      expect(digits(await link.innerText()), type).toBe(String(api.by_type[type].current));
      const href = (await link.getAttribute('href'))!;
      expect((await demoApi(`/items/summary?${href.split('?')[1]}`)).total, type).toBe(api.by_type[type].current);
    }
    const [from, to] = last28().split('&').map((kv) => kv.split('=')[1]);
    const top = api.reasons[0];
    await page.click(`[data-testid="churn-reason"][data-key="${top.key}"] [data-testid="churn-reason-link"]`);
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('churn_reason') === top.key && u.searchParams.get('type') === null && u.searchParams.get('from') === from && u.searchParams.get('to') === to);
    expect(await listTotal(page)).toBe(top.current);
    expect(await text(page, '[data-testid="filter-churn-reason"] span:first-child')).toBe(`해지 사유: ${top.name_ko}`);
    await page.waitForSelector('[data-testid="item-row"]');
    await shot(page, 'pages-06b-churn-reason-items');
    await page.goBack();
    await waitForBody(page, 'churn-body');
  });

  it('9. switches to English: labels and durations follow', async () => {
    await page.goto('/support');
    await waitForBody(page, 'support-body');
    await page.click('[data-testid="lang-switch-en"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-support"]')?.textContent?.trim() === 'Support');
    const api = await demoApi(`/insights/support?${last28()}`);
    expect(await text(page, '.page-title')).toBe('Support');
    expect(await text(page, '[data-testid="support-kpi-first-response"] [data-testid="kpi-value"]')).toBe(formatDuration(api.by_handler.people.first_response.p50_seconds, 'en'));
    expect(await text(page, '[data-testid="support-precision"]')).toContain('within 2%');
    await shot(page, 'pages-07-support-en');
    await page.click('[data-testid="nav-churn"]');
    await waitForBody(page, 'churn-body');
    const churn = await demoApi(`/insights/churn?${last28()}`);
    await page.waitForFunction((name) => document.querySelector('[data-testid="churn-reason-name"]')?.textContent === name, churn.reasons[0].name_en);
    await page.click('[data-testid="lang-switch-ko"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-support"]')?.textContent?.trim() === '응대 지표');
  });

  it('10. a viewer sees the SLA settings and the comments, but no edit form and no comment form', async () => {
    const viewer = await signedIn(VIEWER.email, VIEWER.password, { viewport: { width: 390, height: 844 } });
    try {
      await viewer.page.goto('/sla');
      await viewer.page.waitForSelector('[data-testid="sla-settings-summary"]');
      expect(await viewer.page.locator('[data-testid="sla-settings-form"]').count()).toBe(0);
      // Types and channels by their names, not their keys: the default incident policy is on 버그·오류.
      await viewer.page.waitForFunction(() => document.querySelector('[data-testid="sla-policy-summary"]')?.textContent?.includes('버그·오류'));
      // (The policies' own names are free text, "E-mail and board in 8 business hours": only the details after them.)
      const summaries = await viewer.page.locator('[data-testid="sla-policy-summary"] .muted').allInnerTexts();
      expect(summaries.join('\n')).not.toMatch(/\b(bug|chat|email|board|phone)\b/);
      expect(summaries.join('\n')).toContain('1:1 문의');
      await waitForBody(viewer.page, 'sla-body');
      await viewer.page.screenshot({ path: path.join(SHOTS_DIR, 'pages-08-sla-viewer-phone.png'), animations: 'disabled' });
      await viewer.page.locator('[data-testid="sla-settings"]').screenshot({ path: path.join(SHOTS_DIR, 'pages-08b-sla-settings-viewer-phone.png'), animations: 'disabled' });

      const topics = await demoApi('/topics');
      const login = topics.topics.find((t: { name: string }) => t.name === '로그인 오류');
      await viewer.page.goto(`/topics/${login.id}/insights`);
      await waitForBody(viewer.page, 'topic-insights-body');
      await viewer.page.locator('[data-testid="topic-comment"]').first().waitFor();
      expect((await viewer.page.locator('[data-testid="topic-comment-body-text"]').first().innerText()).trim()).toBe(XSS_COMMENT);
      expect(await viewer.page.locator('[data-testid="topic-comment-form"]').count()).toBe(0);

      await viewer.page.goto('/support');
      await waitForBody(viewer.page, 'support-body');
      await shot(viewer.page, 'pages-09-support-phone');
      // Nothing scrolls sideways on a phone: wide tables stack their cells.
      for (const pagePath of ['/support', '/sla', '/nps', '/churn', `/topics/${login.id}/insights`]) {
        if (pagePath !== '/support') await viewer.page.goto(pagePath);
        await viewer.page.waitForSelector('[aria-busy="false"].insights-body');
        expect(await viewer.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), pagePath).toBeLessThanOrEqual(0);
      }
      expect(viewer.errors).toEqual([]);
    } finally {
      await viewer.page.context().close();
    }
  });
});
