/**
 * Events on the charts in real headless Chromium, on the small demo workspace with the demo's
 * embedded incidents recorded as events (as `sori demo` records them): Overview marks them; an
 * operator adds an event from the 이벤트 panel beside the range picker — its title markup, which
 * shows as text in the list and in the marker's tooltip —, sees its marker on the chart at its day,
 * clicks the marker to set the range around it, finds it on Explore and a topic's page, and
 * deletes it. A viewer sees the events but no form.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoDataset } from '../../src/ingest/demo/generate.js';
import { recordDemoEvents } from '../../src/ingest/demo/demo-events.js';
import { DEMO_SLUG } from '../../src/ingest/demo/load-demo.js';
import { openStore } from '../../src/store/open-store.js';
import { findWorkspaceBySlug } from '../../src/store/queries/workspaces.js';
import { DEMO_WORKSPACE, loadSmallDemo } from './demo-seed.js';
import { ADMIN, shot, signIn, startHarness, storyHooks, waitForUrl, type Harness } from './harness.js';

const VIEWER = { email: 'viewer-events@sori.test', password: 'e2e-viewer-pass-2026', name: '이벤트 열람자' };
const HOSTILE_TITLE = '<img src=x onerror="window.__xssEvent=1">앱 5.14.0 배포';
const HOSTILE_NOTE = '<script>window.__xssEvent=2</script>결제 화면 개편';

let h: Harness;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  h = await startHarness([], {
    beforeStart: async (config) => {
      await loadSmallDemo(config, { days: 60, itemsPerDay: 40 });
      const store = await openStore(config, { command: 'e2e-events' });
      try {
        const ws = (await findWorkspaceBySlug(store.db, DEMO_SLUG))!;
        await recordDemoEvents(store.db, ws.id, generateDemoDataset({ days: 60, itemsPerDay: 40 }).incidents);
      } finally {
        await store.close();
      }
    },
  });
  const created = await h.api('POST', '/users', { ...VIEWER, role: 'viewer' });
  if (created.status !== 201 && created.status !== 200) throw new Error(`creating the viewer failed: ${created.status}`);
  ({ page, errors: pageErrors } = await signedIn(ADMIN.email, ADMIN.password));
});

storyHooks(() => ({ page, errors: pageErrors }));

afterAll(async () => {
  await h?.close();
});

async function signedIn(email: string, password: string) {
  const { page, errors } = await h.newPage();
  await page.addInitScript((slug) => window.localStorage.setItem('sori.workspace', slug), DEMO_WORKSPACE);
  await signIn(page, null, { email, password });
  await page.waitForSelector('.badge-demo');
  return { page, errors };
}

/** The demo workspace's events over some days, from the API as the admin. */
async function apiEvents(from: string, to: string): Promise<{ id: string; title: string; start_day: string; end_day: string }[]> {
  const res = await fetch(`${h.baseUrl}/api/v1/events?from=${from}&to=${to}`, { headers: { Cookie: h.adminCookie, 'X-Sori-Workspace': DEMO_WORKSPACE } });
  return ((await res.json()) as { events: { id: string; title: string; start_day: string; end_day: string }[] }).events;
}

const seoulToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface Markers {
  lines: { name: string; xAxis: number }[];
  areas: { name: string; from: number; to: number }[];
  axis: string[];
}

/** The event markers a chart draws (ECharts' own option, as the page set it). */
function markersOf(p: Page, testId: string): Promise<Markers> {
  return p.locator(`[data-testid="${testId}"]`).evaluate((el) => {
    const option = (el as HTMLElement & { __soriChart: any }).__soriChart.getOption();
    const series = option.series as { id?: string; markLine?: { data: any[] }; markArea?: { data: any[][] } }[];
    const lines = series.find((s) => s.id === 'sori-event-lines')?.markLine?.data ?? [];
    const areas = series.find((s) => s.id === 'sori-event-areas')?.markArea?.data ?? [];
    return {
      lines: lines.map((d) => ({ name: d.name, xAxis: d.xAxis })),
      areas: areas.map(([a, b]) => ({ name: a.name, from: a.xAxis, to: b.xAxis })),
      axis: option.xAxis[0].data,
    };
  });
}

/** Waits until a chart marks event `id` (a line or a band). */
async function waitForMarker(p: Page, testId: string, id: string, present = true): Promise<void> {
  await p.waitForFunction(
    ({ testId, id, present }) => {
      const host = document.querySelector(`[data-testid="${testId}"]`) as (HTMLElement & { __soriChart?: any }) | null;
      const series = (host?.__soriChart?.getOption()?.series ?? []) as { markLine?: { data: any[] }; markArea?: { data: any[][] } }[];
      const names = series.flatMap((s) => [...(s.markLine?.data ?? []).map((d) => d.name), ...(s.markArea?.data ?? []).map((d) => d[0].name)]);
      return names.includes(id) === present;
    },
    { testId, id, present },
  );
}

describe('event markers on the charts (headless Chromium)', () => {
  let eventId = '';
  let eventDay = '';

  it('1. Overview marks the demo’s incidents; the 이벤트 panel lists them', async () => {
    const to = addDays(seoulToday(), -1);
    const from = addDays(to, -27);
    const demo = await apiEvents(from, to);
    expect(demo.map((e) => e.title)).toEqual(['앱 5.13.0 로그인 장애', '쿠폰 중복 사용 제한 정책 변경']);
    await page.waitForSelector('[data-testid="overview-chart"]');
    for (const e of demo) await waitForMarker(page, 'overview-chart', e.id);
    const markers = await markersOf(page, 'overview-chart');
    // The login outage spans two days (a band), the coupon policy its 17 days (a band to the range's end).
    const outage = markers.areas.find((a) => a.name === demo[0]!.id)!;
    expect(outage.to - outage.from).toBe(1);
    expect(markers.axis).toHaveLength(28);

    await page.click('[data-testid="events-toggle"]');
    await page.waitForSelector('[data-testid="events-item"]');
    const titles = await page.locator('[data-testid="events-item-title"]').allTextContents();
    expect(titles).toEqual(['앱 5.13.0 로그인 장애', '쿠폰 중복 사용 제한 정책 변경']);
    expect(await page.textContent('[data-testid="events-toggle"]')).toBe('이벤트 2');
    await shot(page, 'event-markers-01-overview');
  });

  it('2. an operator adds an event whose title holds markup: the list and the marker’s tooltip show it as text', async () => {
    eventDay = addDays(seoulToday(), -4);
    await page.click('[data-testid="events-add"]');
    await page.selectOption('[data-testid="events-form-kind"]', 'release');
    await page.fill('[data-testid="events-form-start"]', eventDay);
    await page.fill('[data-testid="events-form-title"]', HOSTILE_TITLE);
    await page.fill('[data-testid="events-form-note"]', HOSTILE_NOTE);
    await page.click('[data-testid="events-form-submit"]');
    await page.waitForFunction((title) => [...document.querySelectorAll('[data-testid="events-item-title"]')].some((el) => el.textContent === title), HOSTILE_TITLE);
    expect(await page.locator('[data-testid="events-panel"] img, [data-testid="events-panel"] script').count()).toBe(0);
    const made = (await apiEvents(eventDay, eventDay)).find((e) => e.title === HOSTILE_TITLE)!;
    expect(made).toMatchObject({ start_day: eventDay, end_day: eventDay });
    eventId = made.id;

    // One day: a line at that day's column (the 28 days end yesterday).
    await waitForMarker(page, 'overview-chart', eventId);
    const markers = await markersOf(page, 'overview-chart');
    const line = markers.lines.find((l) => l.name === eventId)!;
    expect(line.xAxis).toBe(27 - 3);

    // The mouse on the line (half-way up the plot) shows the event's own tooltip, escaped.
    const host = page.locator('[data-testid="overview-chart"]');
    await host.scrollIntoViewIfNeeded();
    const box = (await host.boundingBox())!;
    const [x, y] = await host.evaluate((el, index) => {
      const chart = (el as HTMLElement & { __soriChart: any }).__soriChart;
      const [x, bottom] = chart.convertToPixel({ seriesIndex: 0 }, [index, 0]);
      return [x, bottom - 60];
    }, line.xAxis);
    await page.mouse.move(box.x + x - 30, box.y + y);
    await page.mouse.move(box.x + x, box.y + y, { steps: 4 });
    await page.waitForFunction((title) => document.querySelector('[data-testid="overview-chart"] .tt-title')?.textContent === title, HOSTILE_TITLE);
    const tooltip = await host.evaluate((el) => ({ text: el.querySelector('.tt')?.textContent ?? '', markup: el.querySelectorAll('.tt img, .tt script').length }));
    expect(tooltip.markup).toBe(0);
    expect(tooltip.text).toContain('배포');
    expect(tooltip.text).toContain(HOSTILE_NOTE);
    expect(await page.evaluate(() => (window as { __xssEvent?: number }).__xssEvent)).toBeUndefined();
    await shot(page, 'event-markers-02-tooltip');

    // A click on the marker sets the range around the event: a week either side, not past today.
    await page.mouse.click(box.x + x, box.y + y);
    await waitForUrl(page, (u) => u.searchParams.get('from') === addDays(eventDay, -7));
    expect(new URL(page.url()).searchParams.get('to')).toBe(seoulToday());
    await waitForMarker(page, 'overview-chart', eventId);
  });

  it('3. Explore and a topic’s page mark the same event', async () => {
    await page.goto(`/explore?from=${addDays(eventDay, -10)}&to=${addDays(seoulToday(), -1)}`);
    await page.waitForSelector('[data-testid="volume-chart"]');
    await waitForMarker(page, 'volume-chart', eventId);
    const topics = (await h.api<{ topics: { id: string; name: string }[] }>('GET', '/topics?workspace=demo')).body.topics;
    const login = topics.find((t) => t.name === '로그인 오류')!;
    await page.goto(`/topics/${login.id}/insights?from=${addDays(eventDay, -10)}&to=${addDays(seoulToday(), -1)}`);
    await page.waitForSelector('[data-testid="topic-chart"]');
    await waitForMarker(page, 'topic-chart', eventId);
  });

  it('4. a viewer sees the events and no form; the operator deletes the event and its marker goes', async () => {
    const viewer = await signedIn(VIEWER.email, VIEWER.password);
    await viewer.page.click('[data-testid="events-toggle"]');
    await viewer.page.waitForFunction((title) => [...document.querySelectorAll('[data-testid="events-item-title"]')].some((el) => el.textContent === title), HOSTILE_TITLE);
    expect(await viewer.page.locator('[data-testid="events-add"], [data-testid="events-edit"], [data-testid="events-delete"]').count()).toBe(0);
    expect(viewer.errors).toEqual([]);

    await page.goto('/overview');
    await page.waitForSelector('[data-testid="overview-chart"]');
    await waitForMarker(page, 'overview-chart', eventId);
    await page.click('[data-testid="events-toggle"]');
    const item = page.locator(`[data-testid="events-item"][data-event-id="${eventId}"]`);
    await item.locator('[data-testid="events-delete"]').click();
    await item.locator('[data-testid="events-delete"]').click();
    await waitForMarker(page, 'overview-chart', eventId, false);
    expect((await apiEvents(eventDay, eventDay)).map((e) => e.title)).not.toContain(HOSTILE_TITLE);
    expect(pageErrors).toEqual([]);
  });
});
