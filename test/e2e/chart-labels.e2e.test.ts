/**
 * The dashboard's small untidiness, on the small demo workspace in real headless Chromium: no axis
 * label cut at a chart's edge (read from the labels ECharts drew, their rectangles on the canvas,
 * and looked at in the screenshots charts-*.png) at a desktop and a phone width, on Overview,
 * Explore (lines and stacked bars, by topic), NPS and churn reasons; one way of writing a
 * percentage on the Overview's cards ("66%", "45.3%", no "66.0 %"); NPS in whole points with no
 * "-0.1점"; and the demo's chatbot answering in seconds on Support.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WORKSPACE, loadSmallDemo } from './demo-seed.js';
import { ADMIN, reportFailure, shot, signIn, startHarness, type Harness } from './harness.js';

let h: Harness;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  h = await startHarness([], { beforeStart: (config) => loadSmallDemo(config, { days: 60, itemsPerDay: 40 }) });
  ({ page, errors: pageErrors } = await signedIn({ width: 1360, height: 900 }));
});

// Each chart is its own question: one cut label does not skip the others.
afterEach(({ task }) => reportFailure(task, page, pageErrors));

afterAll(async () => {
  await h?.close();
});

async function signedIn(viewport: { width: number; height: number }) {
  const { page, errors } = await h.newPage({ viewport });
  await page.addInitScript((slug) => window.localStorage.setItem('sori.workspace', slug), DEMO_WORKSPACE);
  await signIn(page, null, ADMIN);
  await page.waitForSelector('.badge-demo');
  return { page, errors };
}

const seoulToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface DrawnLabel {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The axis labels a chart drew, with their rectangles on its canvas, and the canvas's size. */
async function drawnLabels(p: Page, testId: string): Promise<{ width: number; height: number; axis: string[]; labels: DrawnLabel[] }> {
  await p.waitForFunction((id) => {
    const host = document.querySelector(`[data-testid="${id}"]`) as (HTMLElement & { __soriChart?: { getOption(): { xAxis?: { data?: unknown[] }[] } } }) | null;
    return (host?.__soriChart?.getOption().xAxis?.[0]?.data?.length ?? 0) > 0;
  }, testId);
  // Past the 300 ms animation, so the labels stand where they end.
  await p.waitForTimeout(700);
  return p.locator(`[data-testid="${testId}"]`).evaluate((el) => {
    const chart = (el as HTMLElement & { __soriChart: any }).__soriChart;
    const axis = (chart.getOption().xAxis[0].data as unknown[]).map((v) => (typeof v === 'string' ? v : String((v as { value: unknown }).value)));
    const labels: DrawnLabel[] = [];
    const visit = (node: any) => {
      if (node.type === 'text' && !node.ignore && !node.invisible && typeof node.style?.text === 'string' && node.style.text) {
        node.updateTransform?.();
        const rect = node.getBoundingRect().clone();
        const m = node.getComputedTransform?.() ?? node.transform;
        if (m) rect.applyTransform(m);
        labels.push({ text: node.style.text, left: rect.x, right: rect.x + rect.width, top: rect.y, bottom: rect.y + rect.height });
      }
      node.childrenRef?.().forEach(visit);
    };
    chart.getZr().storage.getRoots().forEach(visit);
    return { width: chart.getWidth(), height: chart.getHeight(), axis, labels };
  });
}

/** The x-axis labels drawn (those whose text is a category of the axis, or its start cut by a truncation). */
function axisLabels(drawn: Awaited<ReturnType<typeof drawnLabels>>): DrawnLabel[] {
  return drawn.labels.filter((l) => drawn.axis.includes(l.text) || (l.text.endsWith('…') && drawn.axis.some((a) => a.startsWith(l.text.slice(0, -1)))));
}

/** Every label inside the canvas, with a pixel of slack for anti-aliasing. */
function expectInside(drawn: Awaited<ReturnType<typeof drawnLabels>>, what: string): void {
  const outside = drawn.labels.filter((l) => l.left < -1 || l.right > drawn.width + 1 || l.top < -1 || l.bottom > drawn.height + 1);
  expect(outside.map((l) => `${l.text} [${Math.round(l.left)}, ${Math.round(l.right)}] of ${drawn.width}`), what).toEqual([]);
}

/** A GET of the demo workspace's API as the admin. */
async function demoApi(pathAndQuery: string): Promise<any> {
  const res = await fetch(`${h.baseUrl}/api/v1${pathAndQuery}`, { headers: { Cookie: h.adminCookie, 'X-Sori-Workspace': DEMO_WORKSPACE } });
  if (!res.ok) throw new Error(`GET ${pathAndQuery}: ${res.status}`);
  return res.json();
}

const cardTexts = (p: Page, selector: string) => p.$$eval(selector, (els) => els.map((el) => (el as HTMLElement).innerText.trim()));

describe('chart axis labels stay inside the chart (headless Chromium)', () => {
  it('1. Overview at 60 days by day: the first and last day are drawn whole, and some dates are shown', async () => {
    const to = seoulToday();
    await page.goto(`/overview?from=${addDays(to, -59)}&to=${to}&granularity=day`);
    const drawn = await drawnLabels(page, 'overview-chart');
    await shot(page, 'charts-01-overview-day');
    expect(axisLabels(drawn).length).toBeGreaterThan(3);
    expectInside(drawn, 'overview');
  });

  it('2. Explore by topic, lines by day and stacked by week: labels inside, topic names whole in the legend', async () => {
    const to = seoulToday();
    await page.goto(`/explore?from=${addDays(to, -59)}&to=${to}&granularity=day&by=topic`);
    let drawn = await drawnLabels(page, 'volume-chart');
    await shot(page, 'charts-02-explore-lines');
    expectInside(drawn, 'explore lines');
    await page.goto(`/explore?from=${addDays(to, -59)}&to=${to}&granularity=week&by=topic&chart=stacked`);
    drawn = await drawnLabels(page, 'volume-chart');
    await shot(page, 'charts-03-explore-stacked');
    expectInside(drawn, 'explore stacked');
  });

  it('3. NPS and churn reasons: labels inside', async () => {
    const to = seoulToday();
    await page.goto(`/nps?from=${addDays(to, -59)}&to=${to}&granularity=day`);
    let drawn = await drawnLabels(page, 'nps-chart');
    await shot(page, 'charts-04-nps');
    expectInside(drawn, 'nps');
    await page.goto(`/churn?from=${addDays(to, -59)}&to=${to}&granularity=week`);
    drawn = await drawnLabels(page, 'churn-chart');
    await shot(page, 'charts-05-churn');
    expectInside(drawn, 'churn');
  });

  it('4. at a phone’s width, Overview and Explore keep their labels inside too', async () => {
    const phone = await signedIn({ width: 390, height: 844 });
    try {
      const to = seoulToday();
      await phone.page.goto(`/overview?from=${addDays(to, -59)}&to=${to}&granularity=day`);
      let drawn = await drawnLabels(phone.page, 'overview-chart');
      await shot(phone.page, 'charts-06-overview-phone');
      expectInside(drawn, 'overview phone');
      await phone.page.goto(`/explore?from=${addDays(to, -59)}&to=${to}&granularity=day&by=topic`);
      drawn = await drawnLabels(phone.page, 'volume-chart');
      await shot(phone.page, 'charts-07-explore-phone');
      expectInside(drawn, 'explore phone');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.page.context().close();
    }
  });
});

describe('percentages, NPS and the chatbot as the pages write them (headless Chromium)', () => {
  it('5. the Overview’s cards write every percentage one way: number then %, no space, no ".0"; NPS in whole points', async () => {
    const to = seoulToday();
    const from = addDays(to, -27);
    await page.goto(`/overview?from=${from}&to=${to}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="overview-body"]')?.getAttribute('aria-busy') === 'false');
    const values = await cardTexts(page, '[data-testid="headline-cards"] [data-testid="kpi-value"]');
    const shares = values.filter((v) => v.includes('%'));
    expect(shares.length).toBeGreaterThanOrEqual(4);
    for (const v of shares) expect(v).toMatch(/^\d{1,3}(\.\d{1,2})?%$/);
    expect(shares.filter((v) => /\.0%$/.test(v))).toEqual([]);
    const changes = await cardTexts(page, '[data-testid="headline-cards"] [data-testid="change-value"]');
    expect(changes.filter((c) => /\.0(%|%p|점)$/.test(c.replace(/^[▲▼]\s*/, '')))).toEqual([]);
    const api = await demoApi(`/insights/overview?from=${from}&to=${to}`);
    const nps = await page.locator('[data-testid="kpi-nps"] [data-testid="kpi-value"]').innerText();
    expect(nps).toMatch(/^-?\d+$/);
    expect(Math.abs(Number(nps) - api.nps.current.nps)).toBeLessThanOrEqual(0.5);
    await shot(page, 'charts-08-overview-cards');
  });

  it('6. the NPS page writes the score and its change in whole points, never "-0.1점" nor "-0"', async () => {
    const to = seoulToday();
    await page.goto(`/nps?from=${addDays(to, -27)}&to=${to}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="nps-body"]')?.getAttribute('aria-busy') === 'false');
    expect(await page.locator('[data-testid="nps-kpi"] [data-testid="kpi-value"]').innerText()).toMatch(/^-?\d+$/);
    const change = page.locator('[data-testid="nps-kpi"] [data-testid="change-value"]');
    if (await change.count()) {
      const words = (await change.innerText()).replace(/\s+/g, '');
      expect(words).toMatch(/^(±0점|[▲▼][+-]\d+점)$/);
    }
    expect(await page.locator('[data-testid="nps-interval"]').innerText()).not.toMatch(/-0(?!\d)|\d\.\d/);
  });

  it('7. Support: the chatbot’s first response p90 is seconds, people’s hours, as the API says', async () => {
    const to = seoulToday();
    const from = addDays(to, -27);
    const api = await demoApi(`/insights/support?from=${from}&to=${to}`);
    const chatbot = api.rows.find((r: { key: string }) => r.key === 'chatbot');
    expect(chatbot.first_response.p90_seconds).toBeLessThan(60);
    expect(api.by_handler.bot.first_response.p90_seconds).toBeLessThan(60);
    expect(api.by_handler.people.first_response.p90_seconds).toBeGreaterThan(3600);
    await page.goto(`/support?from=${from}&to=${to}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="support-body"]')?.getAttribute('aria-busy') === 'false');
    // 받은 · 응답률 · 첫 응답 중앙값 · 첫 응답 90%: the fourth number of the 챗봇 row, in seconds.
    const p90 = (await page.locator('[data-testid="support-row"][data-key="chatbot"] td').nth(3).innerText()).trim();
    expect(p90).toMatch(/^\d+초$/);
    await shot(page, 'charts-09-support-chatbot');
  });
});
