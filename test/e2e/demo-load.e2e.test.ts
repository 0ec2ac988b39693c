/**
 * A newcomer's first minutes, in headless Chromium against the real server: the default workspace
 * is empty; an operator is offered no demo load (there is no demo yet, and loading is for admins);
 * the admin clicks "데모 데이터 불러오기", sees it working (the button disabled, a line saying so),
 * and lands on the demo workspace with its numbers — with no `sori demo` and no restart.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, shot, signIn, startHarness, storyHooks, type Harness } from './harness.js';

const OPERATOR = { email: 'operator@sori.test', password: 'e2e-triage-2026!', name: '운영 담당자' };

let h: Harness;
let current: Awaited<ReturnType<Harness['newPage']>> | undefined;

beforeAll(async () => {
  h = await startHarness([]);
  const created = await h.api('POST', '/users', { ...OPERATOR, role: 'operator' });
  if (created.status !== 200) throw new Error(`creating the operator failed: ${created.status} ${JSON.stringify(created.body)}`);
});

storyHooks(() => current);

afterAll(async () => {
  await h?.close();
});

/** Signs in through the login page and waits for the Overview (the home page). */
async function signedIn(email: string, password: string): Promise<Page> {
  current = await h.newPage();
  const { page } = current;
  await signIn(page, null, { email, password });
  return page;
}

const seoulToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('loading the demo from the empty Overview (headless Chromium)', () => {
  it('1. an operator on the empty workspace is offered import, but no demo load', async () => {
    const page = await signedIn(OPERATOR.email, OPERATOR.password);
    await page.waitForSelector('[data-testid="insights-empty"]');
    await page.waitForSelector('[data-testid="insights-empty-import"]');
    // An operator's hint is the import one; loading the demo is an admin's.
    expect(await page.textContent('[data-testid="insights-empty"] .muted')).toContain('파일을 가져오세요');
    // The workspace list has answered (no demo there): still no load button for an operator.
    await page.waitForLoadState('networkidle');
    expect(await page.locator('[data-testid="insights-empty-load-demo"]').count()).toBe(0);
    expect(await page.locator('[data-testid="insights-empty-demo"]').count()).toBe(0);
    expect(current!.errors).toEqual([]);
    await current!.context.close();
  });

  it('2. the admin loads the demo data with one click and lands on the demo workspace with numbers', async () => {
    const page = await signedIn(ADMIN.email, ADMIN.password);
    await page.waitForSelector('[data-testid="insights-empty"]');
    const button = page.locator('[data-testid="insights-empty-load-demo"]');
    await button.waitFor();
    expect((await button.textContent())?.trim()).toBe('데모 데이터 불러오기');
    expect(await page.textContent('[data-testid="insights-empty"] .muted')).toContain('데모 데이터(가상의 쇼핑몰 90일치)를 불러오세요');
    await shot(page, 'demo-load-01-empty');

    await button.click();
    // Working: the button cannot be clicked again, and a line says it takes seconds.
    await page.waitForSelector('[data-testid="insights-empty-load-demo-working"]');
    expect(await button.isDisabled()).toBe(true);
    expect(await page.textContent('[data-testid="insights-empty-load-demo-working"]')).toContain('데모 데이터를 불러오는 중');
    await shot(page, 'demo-load-02-working');

    // Then the page switches to the demo workspace (badge in the top bar) and shows its numbers.
    await page.waitForSelector('.badge-demo', { timeout: 120_000 });
    await page.waitForFunction(() => {
      const body = document.querySelector('[data-testid="overview-body"]');
      return !!body && body.getAttribute('aria-busy') === 'false' && !!document.querySelector('[data-testid="kpi-volume"] [data-testid="kpi-value"]');
    });
    expect(await page.locator('[data-testid="insights-empty"]').count()).toBe(0);
    // The Overview's default range: the 28 whole days ending yesterday.
    const to = addDays(seoulToday(), -1);
    const overview = await fetch(`${h.baseUrl}/api/v1/insights/overview?from=${addDays(to, -27)}&to=${to}`, {
      headers: { Cookie: h.adminCookie, Accept: 'application/json', 'X-Sori-Workspace': 'demo' },
    });
    expect(overview.status).toBe(200);
    const { volume } = (await overview.json()) as { volume: { current: number } };
    expect(volume.current).toBeGreaterThan(1000);
    const shown = ((await page.textContent('[data-testid="kpi-volume"] [data-testid="kpi-value"]')) ?? '').replace(/[^\d]/g, '');
    expect(shown).toBe(String(volume.current));
    await shot(page, 'demo-load-03-demo-overview');

    // The server made it as `sori demo` does: marked demo, loaded once.
    const workspaces = await h.api('GET', '/workspaces');
    expect(workspaces.body.workspaces.filter((w: { is_demo: boolean }) => w.is_demo).map((w: { slug: string }) => w.slug)).toEqual(['demo']);
    const audit = await h.api('GET', '/audit?action=workspace.demo_load');
    expect(audit.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ actor: ADMIN.email, target: 'demo' })]));
    expect(current!.errors).toEqual([]);
  });
});
