/**
 * The SLA and Support pages on a fresh workspace (default SLA policies, Seoul) that imported rows
 * 완료 without their times, in real headless Chromium: the SLA cards count the items done without a
 * time ("해결 시각 없음") instead of leaving them out unsaid; the Support cards say no time was
 * recorded instead of "90%는 — 안에"; the shipped policies are named in the page's language only; a
 * breach on business hours shows the deadline it missed; the left navigation's background runs the
 * whole length of a long page, at 1440 and at 390 px. The tests run in order.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS_DIR, seedItems, signIn, startHarness, storyHooks, type Harness } from './harness.js';

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

const ITEMS = [
  // A sheet with 상태 "완료" and no 답변일시 or 해결일시 (the week of 10월 5일).
  { external_id: 'SW-1', channel: 'email', status: 'resolved', created_at: '2026-10-05 10:00', text: '배송지 변경 부탁드립니다' },
  { external_id: 'SW-2', channel: 'email', status: 'resolved', created_at: '2026-10-06 11:00', text: '세금계산서 발행 부탁드립니다' },
  { external_id: 'SW-3', channel: 'board', status: 'closed', created_at: '2026-10-07 15:00', text: '주문 취소하고 싶어요' },
  // Friday 09:00, 8 business hours: due Friday 18:00; answered Saturday 00:24 — 8 business hours taken, late.
  // Resolved Monday 10:00: 24 business hours not used up (met).
  { external_id: 'SW-4', channel: 'email', status: 'resolved', created_at: '2026-10-16 09:00', first_response_at: '2026-10-17 00:24', resolved_at: '2026-10-19 10:00', text: '환불 요청드립니다. 확인 부탁드려요' },
];

async function waitForBody(p: Page, testId: string): Promise<void> {
  await p.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('aria-busy') === 'false', testId);
}

beforeAll(async () => {
  h = await startHarness([]);
  await seedItems(h, ITEMS, 'e2e-sla-walk');
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('SLA and Support on items done without their times (headless Chromium)', () => {
  it('counts the items 완료 without a time on the SLA cards, outside the share', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    await signIn(page, '/sla?from=2026-10-01&to=2026-10-31');
    await waitForBody(page, 'sla-body');
    const api = (await h.api('GET', '/insights/sla?from=2026-10-01&to=2026-10-31')).body;
    expect(api.summary.resolution).toMatchObject({ met: 1, breached: 0, pending: 0, unrecorded: 3, met_pct: 100 });
    expect(api.summary.firstResponse).toMatchObject({ met: 0, breached: 1, unrecorded: 3, met_pct: 0 });

    const resolution = page.locator('[data-testid="sla-kpi-resolution"]');
    expect(await resolution.locator('[data-testid="sla-kpi-counts"]').innerText()).toBe('달성 1 · 위반 0 · 진행 중 0 · 해결 시각 없음 3');
    expect(await resolution.locator('[data-testid="sla-kpi-unrecorded"]').innerText()).toContain('상태는 완료인데 해결 시각이 없는 인입 3건');
    const first = page.locator('[data-testid="sla-kpi-first-response"]');
    expect(await first.locator('[data-testid="sla-kpi-counts"]').innerText()).toBe('달성 0 · 위반 1 · 진행 중 0 · 답변 시각 없음 3');
    expect(await first.locator('[data-testid="sla-kpi-unrecorded"]').innerText()).toContain('답변 시각이 없는 인입 3건');
    // September holds no item: no previous value, and 데이터 부족 rather than a change.
    expect(api.summary.resolution.change).toMatchObject({ previous: null, verdict: 'insufficient_data' });
    expect(await resolution.locator('[data-testid="verdict"]').getAttribute('data-verdict')).toBe('insufficient_data');
    expect(await resolution.locator('[data-testid="verdict"]').innerText()).toBe('데이터 부족');
    expect(await resolution.locator('[data-testid="sla-kpi-previous"]').count()).toBe(0);
  });

  it('names the shipped policies in Korean only, and shows the deadline a business-hours breach missed', async () => {
    const page = active!.page;
    const names = await page.$$eval('[data-testid="sla-policy-table-row"] th', (ths) => ths.map((th) => th.firstChild?.textContent ?? ''));
    expect(names).toContain('이메일·1:1 문의 8업무시간');
    for (const name of names) expect(name).not.toContain(' / ');
    const line = page.locator('[data-testid="sla-breach-elapsed"]').first();
    const text = await line.innerText();
    // 8 business hours taken against 8: late all the same, which the deadline and the answer show.
    expect(text).toContain('8시간 걸림 (목표 8시간)');
    expect((await line.locator('[data-testid="sla-breach-deadline"]').innerText()).trim()).toBe('· 기한 10. 16. (금) 18:00 → 답변 10. 17. (토) 00:24');
    expect(text).toContain('· 이메일·1:1 문의 8업무시간');
    expect(text).not.toContain('E-mail');
    await page.waitForSelector('[data-testid="sla-settings-form"]');
    const policyNames = await page.$$eval('[data-testid="sla-policy-summary"] strong, [data-testid="sla-policy-name"]', (els) =>
      els.map((el) => (el instanceof HTMLInputElement ? el.value : el.textContent ?? '')),
    );
    expect(policyNames).toEqual(['장애 공식 답변 24시간', '채팅 첫 응답 3분', '전화 응대 1분', '이메일·1:1 문의 8업무시간']);
    await page.screenshot({ path: path.join(SHOTS_DIR, 'sla-walk-01-ko.png'), fullPage: true, animations: 'disabled' });
  });

  it('in English: the policies and the deadline in English, and saving the form keeps the shipped names stored in both languages', async () => {
    const page = active!.page;
    await page.click('[data-testid="lang-switch-en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await waitForBody(page, 'sla-body');
    const names = await page.$$eval('[data-testid="sla-policy-table-row"] th', (ths) => ths.map((th) => th.firstChild?.textContent ?? ''));
    expect(names).toContain('E-mail and board in 8 business hours');
    expect((await page.locator('[data-testid="sla-breach-deadline"]').first().innerText()).trim()).toBe('· due Fri, Oct 16, 18:00 → answered Sat, Oct 17, 00:24');
    expect(await page.locator('[data-testid="sla-kpi-resolution"] [data-testid="sla-kpi-counts"]').innerText()).toBe('1 met · 0 breached · 0 pending · 3 with no resolution time recorded');
    await page.waitForSelector('[data-testid="sla-settings-form"]');
    expect(await page.locator('[data-testid="sla-policy-name"]').first().inputValue()).toBe('Incident answer in 24 h');
    // Renaming one policy and saving: that one keeps its new name, the others their two-language names.
    await page.locator('[data-testid="sla-policy-name"]').nth(1).fill('채팅 5분');
    await page.click('[data-testid="sla-save"]');
    await page.waitForSelector('[data-testid="sla-saved"]');
    const saved = (await h.api('GET', '/settings/sla')).body;
    expect(saved.policies.map((p: { name: string }) => p.name)).toEqual([
      '장애 공식 답변 24시간 / Incident answer in 24 h',
      '채팅 5분',
      '전화 응대 1분 / Phone answered in 1 min',
      '이메일·1:1 문의 8업무시간 / E-mail and board in 8 business hours',
    ]);
    await page.click('[data-testid="lang-switch-ko"]');
    await page.waitForFunction(() => document.documentElement.lang === 'ko');
  });

  it('says no time was recorded on the Support cards instead of "90%는 — 안에"', async () => {
    const page = active!.page;
    await page.goto('/support?from=2026-10-05&to=2026-10-09');
    const first = page.locator('[data-testid="support-kpi-first-response"] .kpi-note');
    await first.waitFor();
    expect(await first.innerText()).toBe('이 기간에 첫 응답 시각이 있는 인입이 없습니다');
    expect(await page.locator('[data-testid="support-kpi-resolution"] .kpi-note').innerText()).toBe('이 기간에 해결 시각이 있는 인입이 없습니다');
    // A range with times still reads "90%는 … 안에".
    await page.goto('/support?from=2026-10-12&to=2026-10-18');
    await page.waitForFunction(() => /90%는 .+ 안에/.test(document.querySelector('[data-testid="support-kpi-first-response"] .kpi-note')?.textContent ?? ''));
  });

  it('shows the previous week’s % met and a significant fall of 50 points on the first-response card', async () => {
    // Chat inquiries on weekdays at 10:00–10:35, answered in 1 minute (met: 3 business minutes) or in 10 (breached):
    // 36 of 40 met in the week of 11월 9일, 16 of 40 in the week of 11월 16일.
    const week = (prefix: string, monday: number, met: number) =>
      Array.from({ length: 40 }, (_, i) => {
        const day = `2026-11-${String(monday + Math.floor(i / 8)).padStart(2, '0')}`;
        const minute = (i % 8) * 5;
        const at = (m: number) => `${day} 10:${String(m).padStart(2, '0')}`;
        const answered = minute + (i < met ? 1 : 10);
        return { external_id: `${prefix}-${i}`, channel: 'chat', status: 'resolved', created_at: at(minute), first_response_at: at(answered), resolved_at: at(answered + 1), text: '주문 취소하고 싶어요' };
      });
    await seedItems(h, [...week('SWC-A', 9, 36), ...week('SWC-B', 16, 16)], 'e2e-sla-walk');
    const page = active!.page;
    await page.goto('/sla?from=2026-11-16&to=2026-11-22');
    await waitForBody(page, 'sla-body');
    const api = (await h.api('GET', '/insights/sla?from=2026-11-16&to=2026-11-22')).body;
    expect(api.summary.firstResponse.change).toMatchObject({ current: 40, previous: 90, change: -50, verdict: 'significant_decrease' });
    const first = page.locator('[data-testid="sla-kpi-first-response"]');
    await first.locator('[data-testid="verdict"]').waitFor();
    expect(await first.locator('[data-testid="kpi-value"]').innerText()).toBe('40%');
    expect(await first.locator('[data-testid="change-value"]').innerText()).toContain('-50%p');
    expect(await first.locator('[data-testid="verdict"]').getAttribute('data-verdict')).toBe('significant_decrease');
    expect(await first.locator('[data-testid="verdict"]').innerText()).toBe('유의미한 감소');
    // Higher % met is good news: a fall is coloured bad.
    expect(await first.locator('[data-testid="verdict"]').getAttribute('class')).toContain('verdict-bad');
    expect(await first.locator('[data-testid="sla-kpi-previous"]').innerText()).toBe('이전 90%');
    await page.screenshot({ path: path.join(SHOTS_DIR, 'sla-walk-compare-ko.png'), fullPage: false, animations: 'disabled' });
  });

  it('runs the navigation’s background down the whole of a long page, at 1440 and at 390 px', async () => {
    for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
      const { page, errors } = await h.newPage({ viewport });
      active = { page, errors };
      await signIn(page, '/sla?from=2026-10-01&to=2026-10-31');
      await waitForBody(page, 'sla-body');
      await page.waitForSelector('[data-testid="sla-settings-form"]');
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const box = await page.evaluate(() => {
        const rect = (el: Element | null) => el!.getBoundingClientRect();
        const nav = rect(document.querySelector('[data-testid="nav"]'));
        const links = rect(document.querySelector('[data-testid="nav"] ul'));
        const main = rect(document.querySelector('#main'));
        return { page: document.documentElement.scrollHeight, viewport: window.innerHeight, navTop: nav.top, navHeight: nav.height, navWidth: nav.width, linksTop: links.top, linksBottom: links.bottom, mainTop: main.top, mainHeight: main.height };
      });
      expect(box.page).toBeGreaterThan(box.viewport * 2);
      if (viewport.width === 1440) {
        // The white column runs beside the whole main area, top to bottom (it stopped after one screen's
        // height: a sticky box of 100vh), and its links stay in view.
        expect(Math.abs(box.navTop - box.mainTop)).toBeLessThanOrEqual(1);
        expect(box.navHeight).toBeGreaterThanOrEqual(box.mainHeight - 1);
        expect(box.linksTop).toBeGreaterThanOrEqual(0);
        expect(box.linksBottom).toBeLessThanOrEqual(box.viewport);
      } else {
        // The phone's strip of links stays at the top of the screen.
        expect(Math.abs(box.navTop)).toBeLessThanOrEqual(1);
        expect(box.navWidth).toBe(390);
      }
      await page.screenshot({ path: path.join(SHOTS_DIR, `sla-walk-nav-${viewport.width}.png`), fullPage: true, animations: 'disabled' });
      await page.screenshot({ path: path.join(SHOTS_DIR, `sla-walk-nav-${viewport.width}-bottom.png`), animations: 'disabled' });
    }
  });
});
