/**
 * The insight pages in real headless Chromium against the real server, on a small demo workspace
 * (the `sori demo` generator at 40 items a day, with business numbers and incidents, plus a few
 * keyword topics): the empty state's demo switch, headline cards with verdicts, date ranges,
 * drilling down from a chart bar and a mover row, English labels, Explore split by channel and
 * by topic (with a topic name that carries markup), and the phone width.
 * The tests run in order and share one signed-in page.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKSPACE, loadSmallDemo, MARKUP_TOPIC } from './demo-seed.js';
import { ADMIN, shot, SHOTS_DIR, startHarness, waitForTotal, waitForUrl, type Harness, storyHooks } from './harness.js';

let h: Harness;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  h = await startHarness([], { beforeStart: (config) => loadSmallDemo(config, { days: 60, itemsPerDay: 40 }) });
  ({ page, errors: pageErrors } = await h.newPage());
});

storyHooks(() => ({ page, errors: pageErrors }));

afterAll(async () => {
  await h?.close();
});

// ---- helpers -----------------------------------------------------------------------------------

/** GET on the demo workspace as the admin. */
async function demoApi<T = any>(path: string): Promise<T> {
  const res = await fetch(`${h.baseUrl}/api/v1${path}`, {
    headers: { Cookie: h.adminCookie, Accept: 'application/json', 'X-Sori-Workspace': DEMO_WORKSPACE },
  });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const seoulToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The days a "last N days" preset covers: N whole days ending yesterday. */
const lastDays = (n: number) => {
  const to = addDays(seoulToday(), -1);
  return { from: addDays(to, -(n - 1)), to };
};

const VERDICTS_KO = ['유의미한 증가', '유의미한 감소', '변동 범위 내(노이즈)', '데이터 부족', '비교 기간 데이터 없음', '이전 기간 일부만 집계됨 — 비교하지 않음'];
const VERDICTS_EN = ['Significant increase', 'Significant decrease', 'Within noise', 'Not enough data', 'No data for the previous period', 'Previous period only partly covered — not compared'];

/** What the screen shows (a full-page shot of a 50-row items list takes seconds). */
const viewShot = (name: string) => page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), animations: 'disabled' });

const text = async (selector: string) => ((await page.textContent(selector)) ?? '').trim();
const digits = (s: string) => s.replace(/[^\d]/g, '');

/** Waits until the Overview has its answer for `days` days and is not refreshing. */
async function waitForOverview(days: number): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const body = document.querySelector('[data-testid="overview-body"]');
      const summary = document.querySelector('[data-testid="range-summary"]')?.textContent ?? '';
      return !!body && body.getAttribute('aria-busy') === 'false' && new RegExp(`\\(${want}\\s*(일|days)\\)`).test(summary);
    },
    days,
  );
}

/** Waits until the chart `testId` shows `count` categories (its option is set and drawn). */
async function waitForChart(testId: string, count: number): Promise<void> {
  await page.waitForFunction(
    ({ testId, count }) => {
      const host = document.querySelector(`[data-testid="${testId}"]`) as (HTMLElement & { __soriChart?: any }) | null;
      const data = host?.__soriChart?.getOption()?.xAxis?.[0]?.data;
      return Array.isArray(data) && data.length === count;
    },
    { testId, count },
  );
}

/**
 * Clicks series `seriesIndex` at category `dataIndex` the way a user does: the mouse at the
 * pixel where ECharts drew it (the middle of a bar, or a line's point).
 */
async function clickChart(testId: string, seriesIndex: number, dataIndex: number, value: number, bar: boolean): Promise<void> {
  const host = page.locator(`[data-testid="${testId}"]`);
  await host.scrollIntoViewIfNeeded();
  const box = (await host.boundingBox())!;
  const [x, y] = await host.evaluate(
    (el, a) => (el as HTMLElement & { __soriChart: any }).__soriChart.convertToPixel({ seriesIndex: a.seriesIndex }, [a.dataIndex, a.value]),
    { seriesIndex, dataIndex, value: bar ? value / 2 : value },
  );
  await page.mouse.move(box.x + x, box.y + y);
  await page.mouse.click(box.x + x, box.y + y);
}

// ---- tests ---------------------------------------------------------------------------------------

describe('insights (headless Chromium)', () => {
  it('1. signs in to Overview; the empty default workspace offers the demo, which opens with numbers and verdicts', async () => {
    await page.goto('/');
    await waitForUrl(page, (u) => u.pathname === '/login');
    await page.fill('[data-testid="login-email"]', ADMIN.email);
    await page.fill('[data-testid="login-password"]', ADMIN.password);
    await page.click('[data-testid="login-submit"]');
    await waitForUrl(page, (u) => u.pathname === '/overview');
    // Overview is first in the nav and is the home page.
    expect(await page.$$eval('[data-testid="nav"] a', (as) => as.map((a) => a.getAttribute('data-testid')))).toEqual(
      expect.arrayContaining(['nav-overview', 'nav-explore', 'nav-items']),
    );
    expect(await page.getAttribute('[data-testid="nav"] li:first-child a', 'data-testid')).toBe('nav-overview');

    await page.waitForSelector('[data-testid="insights-empty"]');
    expect(await text('[data-testid="insights-empty"]')).toContain('이 기간에 들어온 인입이 없습니다');
    await shot(page, 'insights-01-empty-default-workspace');
    await page.click('[data-testid="insights-empty-demo"]');
    await page.waitForSelector('.badge-demo');

    await waitForOverview(28);
    const { from, to } = lastDays(28);
    const api = await demoApi(`/insights/overview?from=${from}&to=${to}`);
    expect(api.volume.current).toBeGreaterThan(500);

    const volume = await text('[data-testid="kpi-volume"] [data-testid="kpi-value"]');
    expect(digits(volume)).toBe(String(api.volume.current));
    const rate = await text('[data-testid="kpi-contact-rate"] [data-testid="kpi-value"]');
    expect(rate).toMatch(/^주문 100건당\s*\d+\.\d+\s*건$/);
    for (const card of ['contact-rate', 'volume', 'duplicate-share', 'self-service', 'response-rate', 'nps', 'csat']) {
      const verdict = await text(`[data-testid="kpi-${card}"] [data-testid="verdict"]`);
      expect(VERDICTS_KO, card).toContain(verdict);
      // The interval is in the badge's tooltip.
      expect(await page.getAttribute(`[data-testid="kpi-${card}"] [data-testid="verdict"]`, 'title')).toMatch(/95%|데이터가 부족|첫 데이터/);
    }
    expect(await text('[data-testid="kpi-volume"] [data-testid="verdict"]')).toBe(
      api.volume.reason === 'previous_not_covered'
        ? api.volume.previous > 0
          ? '이전 기간 일부만 집계됨 — 비교하지 않음'
          : '비교 기간 데이터 없음'
        : { significant_increase: '유의미한 증가', significant_decrease: '유의미한 감소', within_noise: '변동 범위 내(노이즈)', insufficient_data: '데이터 부족' }[api.volume.verdict as string],
    );
    // Review and app-store stars are their own card, apart from CSAT (which counts no review stars).
    expect(api.review_rating.current.n).toBeGreaterThan(0);
    // One decimal at most, as the page writes percentages (66.04 reads 66%, not 66.0%: the demo's numbers follow the date).
    const stars = await text('[data-testid="kpi-review-stars"] [data-testid="kpi-value"]');
    expect(stars).toMatch(/^\d+(\.\d)?%$/);
    expect(Number(stars.slice(0, -1))).toBeCloseTo(api.review_rating.current.csat_pct, 1);
    // The card says what it counts: the share of 4–5 star reviews, not a star rating.
    expect(await text('[data-testid="kpi-review-stars"] .kpi-title')).toBe('리뷰 4–5점 비율');
    // The response rate's headline counts people's conversations; the chatbot's and every item's are beside it.
    expect(api.response_rate_by_handler.bot).not.toBeNull();
    expect(await text('[data-testid="kpi-response-rate"] .kpi-title')).toBe('응답률 (챗봇 제외)');
    const people = api.response_rate_by_handler.people.current;
    expect(Number((await text('[data-testid="kpi-response-rate"] [data-testid="kpi-value"]')).slice(0, -1))).toBeCloseTo(people, people > 99.9 && people < 100 ? 2 : 1);
    expect(await text('[data-testid="kpi-response-rate"] .kpi-note')).toMatch(/^챗봇 \d+(\.\d+)?% · 전체 \d+(\.\d+)?%$/);
    expect(await text('[data-testid="kpi-nps"]')).toMatch(/95% 구간/);
    await waitForChart('overview-chart', api.series.points.length);
    expect(await page.locator('[data-testid="mover-row"]').count()).toBeGreaterThan(0);
    // Topics are compared per 100 orders, as the contact rate: the rate now and before is on each row.
    expect(await text('[data-testid="movers-rate-head"]')).toBe('주문 100건당 (이번 / 이전)');
    const firstMover = api.topic_movers[0];
    const shownRate = (await text('[data-testid="mover-row"]:first-child [data-testid="mover-rate"]')).split('/').map((v) => Number(v.trim()));
    // Shown with two decimals (three under 0.1).
    const rounding = (v: number) => (v < 0.1 ? 0.0005 : 0.005) + 1e-9;
    expect(Math.abs(shownRate[0] - firstMover.rate.current)).toBeLessThanOrEqual(rounding(firstMover.rate.current));
    expect(Math.abs(shownRate[1] - firstMover.rate.previous)).toBeLessThanOrEqual(rounding(firstMover.rate.previous));
    expect(await page.locator('[data-testid="split-channel"] [data-testid="split-row"]').count()).toBe(api.by_channel.length);
    // The markup in a topic name is text in the movers table.
    expect(await page.locator('[data-testid="movers-table"] b').count()).toBe(0);
    expect(await page.locator('[data-testid="mover-link"]', { hasText: MARKUP_TOPIC }).count()).toBe(1);
    await shot(page, 'insights-02-overview');
  });

  it('2. switches to the last 7 days and to a custom range, kept in the URL', async () => {
    await page.click('[data-testid="range-preset-7"]');
    await waitForUrl(page, (u) => u.pathname === '/overview' && u.searchParams.get('range') === '7');
    await waitForOverview(7);
    const last7 = lastDays(7);
    const api7 = await demoApi(`/insights/overview?from=${last7.from}&to=${last7.to}`);
    expect(digits(await text('[data-testid="kpi-volume"] [data-testid="kpi-value"]'))).toBe(String(api7.volume.current));
    await waitForChart('overview-chart', 7);
    // The chosen period goes with the links to the other insight pages, not to the items list.
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-support"]')?.getAttribute('href') === '/support?range=7&workspace=demo');
    expect(await page.getAttribute('[data-testid="nav-explore"]', 'href')).toBe('/explore?range=7&workspace=demo');
    expect(await page.getAttribute('[data-testid="nav-items"]', 'href')).toBe('/items?workspace=demo');

    await page.click('[data-testid="range-custom"]');
    const custom = { from: addDays(last7.from, -14), to: addDays(last7.from, -1) };
    await page.fill('[data-testid="range-from"]', custom.from);
    await page.fill('[data-testid="range-to"]', custom.to);
    await page.click('[data-testid="range-apply"]');
    await waitForUrl(page, (u) => u.searchParams.get('from') === custom.from && u.searchParams.get('to') === custom.to && !u.searchParams.has('range'));
    await waitForOverview(14);
    const api14 = await demoApi(`/insights/overview?from=${custom.from}&to=${custom.to}`);
    expect(digits(await text('[data-testid="kpi-volume"] [data-testid="kpi-value"]'))).toBe(String(api14.volume.current));
    await waitForChart('overview-chart', 14);
    await shot(page, 'insights-03-overview-custom-range');

    // A reload keeps the range.
    await page.reload();
    await waitForOverview(14);
    expect(await page.inputValue('[data-testid="range-from"]')).toBe(custom.from);

    await page.click('[data-testid="range-preset-7"]');
    await waitForOverview(7);
  });

  it('3. a click on a chart bar opens the items of that day', async () => {
    const { from, to } = lastDays(7);
    const api = await demoApi(`/insights/overview?from=${from}&to=${to}`);
    await waitForChart('overview-chart', api.series.points.length);
    const points = api.series.points as { period: string; items: number }[];
    const index = points.reduce((best, p, i) => (p.items > points[best].items ? i : best), 0);
    const point = points[index];
    expect(point.items).toBeGreaterThan(0);

    await clickChart('overview-chart', 0, index, point.items, true);
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('from') === point.period && u.searchParams.get('to') === point.period);
    await waitForTotal(page, point.items);
    expect(await page.inputValue('[data-testid="filter-from"]')).toBe(point.period);
    await viewShot('insights-04-drilled-to-day');

    await page.goBack();
    await waitForUrl(page, (u) => u.pathname === '/overview' && u.searchParams.get('range') === '7');
    await waitForOverview(7);
  });

  it('4. a click on a mover row opens that topic’s items in the range', async () => {
    const { from, to } = lastDays(7);
    const api = await demoApi(`/insights/overview?from=${from}&to=${to}`);
    const first = api.topic_movers[0];
    expect(first).toBeTruthy();
    const row = page.locator('[data-testid="mover-row"]').first();
    expect(await row.getAttribute('data-key')).toBe(first.key);
    // Anywhere on the row, not only the name's link.
    await row.locator('td').first().click();
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('topic') === (first.key === '0' ? 'none' : first.key) && u.searchParams.get('from') === from && u.searchParams.get('to') === to);
    await waitForTotal(page, first.current_items);
    expect(await page.inputValue('[data-testid="filter-topic"]')).toBe(first.key === '0' ? 'none' : first.key);
    await viewShot('insights-05-drilled-to-topic');
    await page.goBack();
    await waitForOverview(7);
  });

  it('5. shows English labels after the language switch', async () => {
    await page.click('[data-testid="lang-switch-en"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-overview"]')?.textContent?.trim() === 'Overview');
    expect(await text('h1.page-title')).toBe('Overview');
    expect(await text('#kpi-contact-rate-title')).toBe('Contact rate');
    expect(await text('[data-testid="kpi-contact-rate"] [data-testid="kpi-value"]')).toMatch(/^\d+\.\d+\s*per 100 orders$/);
    expect(VERDICTS_EN).toContain(await text('[data-testid="kpi-volume"] [data-testid="verdict"]'));
    expect(await text('[data-testid="range-preset-7"]')).toBe('Last 7 days');
    // The chart's axis labels follow the language too.
    const axis = await page.locator('[data-testid="overview-chart"]').evaluate((el) => (el as any).__soriChart.getOption().xAxis[0].data[0] as string);
    expect(axis).toMatch(/^[A-Z][a-z]{2} \d{1,2}$/);
    await shot(page, 'insights-06-overview-english');
  });

  it('6. Explore splits by channel with per-line verdicts; a point opens that channel’s items', async () => {
    // Overview was left on the last 7 days: the nav link brings that period along.
    await page.click('[data-testid="nav-explore"]');
    await waitForUrl(page, (u) => u.pathname === '/explore' && u.searchParams.get('range') === '7');
    await page.waitForSelector('[data-testid="volume-chart"]');
    await page.click('[data-testid="range-preset-28"]');
    await waitForUrl(page, (u) => u.pathname === '/explore' && !u.searchParams.has('range'));
    await page.click('[data-testid="split-by-channel"]');
    await waitForUrl(page, (u) => u.searchParams.get('by') === 'channel');
    const { from, to } = lastDays(28);
    const api = await demoApi(`/insights/volume?from=${from}&to=${to}&by=channel`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="legend-row"]').length === n, api.lines.length);
    await waitForChart('volume-chart', api.lines[0].points.length);
    const legend = await page.$$eval('[data-testid="legend-row"]', (rows) => rows.map((r) => r.getAttribute('data-key')));
    expect(legend).toEqual(api.lines.map((l: { key: string }) => l.key));
    expect(await text('[data-testid="legend-row"][data-key="chat"] .legend-name')).toBe('Chat');
    for (const verdict of await page.$$eval('[data-testid="line-verdict"]', (els) => els.map((e) => (e.textContent ?? '').trim()))) {
      expect(VERDICTS_EN).toContain(verdict);
    }
    // The change and verdict are of the rate per 100 orders, not of the counts beside them: the
    // legend shows that rate and says "Rate change", as Overview's movers do.
    expect(api.denominator).toMatchObject({ metric: 'orders', per: 100 });
    expect(await text('[data-testid="legend-rate-head"]')).toBe('per 100 orders (now / before)');
    expect(await text('[data-testid="legend-change-head"]')).toBe('Rate change');
    // Now and before with the same decimals: two, three for both when either is under 0.1.
    const chat = api.lines.find((l: { key: string }) => l.key === 'chat');
    const digits = [chat.rate.current, chat.rate.previous].some((v: number) => v !== 0 && Math.abs(v) < 0.1) ? 3 : 2;
    const rate = (v: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
    expect(await text('[data-testid="legend-row"][data-key="chat"] [data-testid="legend-rate"]')).toBe(`${rate(chat.rate.current)} / ${rate(chat.rate.previous)}`);
    await shot(page, 'insights-07-explore-by-channel');

    const line = api.lines[0] as { key: string; points: { period: string; items: number }[] };
    const index = line.points.reduce((best, p, i) => (p.items > line.points[best].items ? i : best), 0);
    const point = line.points[index];
    await clickChart('volume-chart', 0, index, point.items, false);
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('channel') === line.key && u.searchParams.get('from') === point.period && u.searchParams.get('to') === point.period);
    await waitForTotal(page, point.items);
    await page.goBack();
    await waitForUrl(page, (u) => u.pathname === '/explore' && u.searchParams.get('by') === 'channel');

    // "View these items": the same range and filters on the items page.
    await page.selectOption('[data-testid="explore-filter-sentiment"]', 'negative');
    await waitForUrl(page, (u) => u.searchParams.get('sentiment') === 'negative');
    expect(await page.getAttribute('[data-testid="explore-view-items"]', 'href')).toBe(`/items?from=${from}&to=${to}&sentiment=negative&workspace=demo`);
    const negative = await demoApi(`/insights/volume?from=${from}&to=${to}&sentiment=negative`);
    await page.click('[data-testid="explore-view-items"]');
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('sentiment') === 'negative');
    await waitForTotal(page, negative.total.items);
    await page.goBack();
    await waitForUrl(page, (u) => u.pathname === '/explore');
  });

  it('7. Explore split by topic shows a topic name with markup as text, in the legend and the tooltip', async () => {
    await page.click('[data-testid="explore-filter-reset"]');
    await page.click('[data-testid="split-by-topic"]');
    await waitForUrl(page, (u) => u.searchParams.get('by') === 'topic' && !u.searchParams.has('sentiment'));
    await page.waitForSelector(`[data-testid="legend-row"] .legend-name >> text=${MARKUP_TOPIC}`);
    const { from, to } = lastDays(28);
    const api = await demoApi(`/insights/volume?from=${from}&to=${to}&by=topic`);
    await waitForChart('volume-chart', api.lines[0].points.length);
    // Hover a point: the tooltip lists every topic, the markup escaped.
    const line = api.lines[0] as { points: { items: number }[] };
    const host = page.locator('[data-testid="volume-chart"]');
    const box = (await host.boundingBox())!;
    const [x, y] = await host.evaluate((el, v) => (el as any).__soriChart.convertToPixel({ seriesIndex: 0 }, [3, v]), line.points[3].items);
    await page.mouse.move(box.x + x, box.y + y);
    await page.waitForFunction(() => !!document.querySelector('[data-testid="volume-chart"] .tt'));
    const tooltip = await host.evaluate((el) => ({ text: el.querySelector('.tt')?.textContent ?? '', bold: el.querySelectorAll('.tt b').length }));
    expect(tooltip.bold).toBe(0);
    expect(tooltip.text).toContain(MARKUP_TOPIC);
    expect(await page.locator('[data-testid="explore-page"] b').count()).toBe(0);
    // A subtopic sits right under its parent, marked, and a note says the parents' counts hold them (s24).
    const lines = api.lines as { key: string; parent_key: string | null }[];
    const keys = new Set(lines.map((l) => l.key));
    const nestedLine = lines.find((l) => l.parent_key && keys.has(l.parent_key));
    expect(nestedLine).toBeDefined();
    const order = await page.$$eval('[data-testid="legend-row"]', (rows) => rows.map((r) => [r.getAttribute('data-key'), r.getAttribute('data-depth')]));
    const at = order.findIndex(([key]) => key === nestedLine!.key);
    expect(order[at]![1]).toBe('1');
    expect(order.slice(0, at).reverse().find(([, depth]) => depth === '0')![0]).toBe(nestedLine!.parent_key);
    expect(await text('[data-testid="legend-subtopics-note"]')).toContain('count includes its subtopics');
    await shot(page, 'insights-08-explore-by-topic');
    expect(pageErrors).toEqual([]);
  });

  it('7b. Explore filters and splits by customer segment; a segment line opens that segment’s items', async () => {
    const { from, to } = lastDays(28);
    const { segments } = await demoApi(`/insights/segments?from=${from}&to=${to}`);
    const named = (segments as { segment: string }[]).map((s) => s.segment).filter(Boolean);
    expect(named).toEqual(expect.arrayContaining(['VIP', '일반', '신규']));
    // The filter lists the workspace's segments in the page's range, largest first.
    expect(await page.$$eval('[data-testid="explore-filter-segment"] option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean))).toEqual(named);

    await page.click('[data-testid="split-by-segment"]');
    await waitForUrl(page, (u) => u.searchParams.get('by') === 'segment');
    const api = await demoApi(`/insights/volume?from=${from}&to=${to}&by=segment`);
    expect(api.source).toBe('segment_rollups');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="legend-row"]').length === n, api.lines.length);
    const legend = await page.$$eval('[data-testid="legend-row"]', (rows) => rows.map((r) => r.getAttribute('data-key')));
    expect(legend).toEqual(api.lines.map((l: { key: string }) => l.key));
    expect(await text('[data-testid="legend-row"][data-key="VIP"] .legend-name')).toBe('VIP');
    await waitForChart('volume-chart', api.lines[0].points.length);

    const series = api.lines.findIndex((l: { key: string }) => l.key === 'VIP');
    const line = api.lines[series] as { key: string; points: { period: string; items: number }[] };
    const index = line.points.reduce((best, p, i) => (p.items > line.points[best].items ? i : best), 0);
    const point = line.points[index];
    await clickChart('volume-chart', series, index, point.items, false);
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('segment') === 'VIP' && u.searchParams.get('from') === point.period);
    await waitForTotal(page, point.items);
    expect(await page.inputValue('[data-testid="filter-segment"]')).toBe('VIP');
    await page.goBack();
    await waitForUrl(page, (u) => u.pathname === '/explore' && u.searchParams.get('by') === 'segment');

    await page.selectOption('[data-testid="explore-filter-segment"]', '신규');
    await waitForUrl(page, (u) => u.searchParams.get('segment') === '신규');
    const newcomers = await demoApi(`/insights/volume?from=${from}&to=${to}&segment=${encodeURIComponent('신규')}`);
    // "This period N · before M", in either language.
    await page.waitForFunction(
      ([n, m]) => {
        const numbers = (document.querySelector('[data-testid="explore-total"]')?.textContent ?? '').match(/[\d,]+/g) ?? [];
        return numbers.map((x) => x.replace(/,/g, '')).join(' ') === `${n} ${m}`;
      },
      [newcomers.total.items, newcomers.total.previous_items],
    );
    expect(await page.getAttribute('[data-testid="explore-view-items"]', 'href')).toBe(`/items?from=${from}&to=${to}&segment=${encodeURIComponent('신규')}&workspace=demo`);
    await shot(page, 'insights-08b-explore-by-segment');
    await page.click('[data-testid="explore-filter-reset"]');
    await waitForUrl(page, (u) => !u.searchParams.has('segment'));
    expect(pageErrors).toEqual([]);
  });

  it('8. reads on a phone: cards wrap, charts fit, nothing scrolls sideways', async () => {
    await page.click('[data-testid="lang-switch-ko"]');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/overview?range=7');
    await waitForOverview(7);
    const { from, to } = lastDays(7);
    const api = await demoApi(`/insights/overview?from=${from}&to=${to}`);
    await waitForChart('overview-chart', api.series.points.length);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      chart: document.querySelector('[data-testid="overview-chart"] canvas')?.getBoundingClientRect().width ?? 0,
    }));
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.chart).toBeGreaterThan(250);
    expect(widths.chart).toBeLessThanOrEqual(390);
    // Two cards a row.
    const tops = await page.$$eval('[data-testid="headline-cards"] .kpi-card', (cards) => cards.slice(0, 2).map((c) => c.getBoundingClientRect().top));
    expect(tops[0]).toBe(tops[1]);
    await shot(page, 'insights-09-overview-phone');

    await page.goto('/explore?by=channel&range=7');
    await page.waitForSelector('[data-testid="legend-row"]');
    await waitForChart('volume-chart', 7);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'insights-10-explore-phone');
    expect(pageErrors).toEqual([]);
  });

  it('9. a range whose previous period starts before the first item says there is nothing to compare with', async () => {
    const long = lastDays(200);
    const api = await demoApi(`/insights/volume?from=${long.from}&to=${long.to}&granularity=day`);
    const first = api.lines[0].points.find((p: { items: number }) => p.items > 0).period as string;
    const range = { from: first, to: addDays(first, 6) };
    const overview = await demoApi(`/insights/overview?from=${range.from}&to=${range.to}`);
    expect(overview.volume).toMatchObject({ verdict: 'insufficient_data', reason: 'previous_not_covered' });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/overview?from=${range.from}&to=${range.to}`);
    await waitForOverview(7);
    const badge = '[data-testid="kpi-volume"] [data-testid="verdict"]';
    expect(await page.getAttribute(badge, 'data-reason')).toBe('previous_not_covered');
    expect(['비교 기간 데이터 없음', 'No data for the previous period']).toContain(await text(badge));
    expect(await page.getAttribute(badge, 'title')).toMatch(/첫 데이터|first data/);
    expect(pageErrors).toEqual([]);
  });
});
