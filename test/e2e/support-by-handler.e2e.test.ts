/**
 * Support's lead-time headline by who handled the item, in real headless Chromium: agents (상담원) as
 * the headline with the chatbot's and every item's median beside it, the verdict against the
 * previous period, the switch (in the address), the table by handler with counts, business hours
 * (no comparison there); and the SLA page's 해결 시각 없음 opening those items in the list. The tests
 * run in order.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration } from '../../web/src/insights/durations.js';
import { SHOTS_DIR, seedItems, signIn, startHarness, storyHooks, waitForRows, waitForUrl, type Harness } from './harness.js';

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

const pad = (n: number) => String(n).padStart(2, '0');
/** A weekday morning of the week starting Monday `monday` (October 2026), `i`-th item. */
const at = (monday: number, i: number, minutes = 0) => {
  const m = 9 * 60 + Math.floor(i / 5) * 10 + minutes;
  return `2026-10-${pad(monday + (i % 5))} ${pad(Math.floor(m / 60))}:${pad(m % 60)}:${i % 2 ? '30' : '00'}`;
};
// Agents: 15 chats a week, answered after 30–44 minutes this week (from 10-12) and 5–19 the week before.
// The chatbot: 30 sessions a week, answered in 5 seconds. One e-mail with no handler recorded, done
// by its status without any time (the SLA page's 해결 시각 없음).
const agents = (monday: number, first: number) =>
  Array.from({ length: 15 }, (_, i) => ({
    external_id: `HB-A-${monday}-${i}`, channel: 'chat', handled_by: 'human', assignee: '김상담', status: 'resolved',
    created_at: at(monday, i), first_response_at: at(monday, i, first + i), resolved_at: at(monday, i, first + i + 30),
    text: `주문한 상품이 아직 안 왔어요 (${monday}-${i})`,
  }));
const bot = (monday: number) =>
  Array.from({ length: 30 }, (_, i) => ({
    external_id: `HB-B-${monday}-${i}`, channel: 'chat', handled_by: 'bot', status: 'resolved',
    created_at: `${at(monday, i).slice(0, 16)}:00`, first_response_at: `${at(monday, i).slice(0, 16)}:05`, resolved_at: `${at(monday, i).slice(0, 16)}:10`,
    text: `배송 조회는 어디서 하나요 (${monday}-${i})`,
  }));
const UNRECORDED_TEXT = '<b>환불</b> 처리됐다고 하는데 입금이 안 됐어요';
const ITEMS = [
  ...agents(12, 30),
  ...agents(5, 5),
  ...bot(12),
  ...bot(5),
  { external_id: 'HB-U-1', channel: 'email', status: 'closed', created_at: '2026-10-13 11:00', text: UNRECORDED_TEXT },
];
const RANGE = 'from=2026-10-12&to=2026-10-18';

beforeAll(async () => {
  h = await startHarness([]);
  await seedItems(h, ITEMS, 'e2e-handler');
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('Support’s lead times by handler, and the SLA page’s unrecorded items (headless Chromium)', () => {
  it('heads the lead-time cards with the agents’ medians, the chatbot’s and every item’s beside, and the verdict against last week', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    const api = (await h.api('GET', `/insights/support?${RANGE}`)).body;
    expect(api.by_handler.people.received).toBe(16);
    await signIn(page, `/support?${RANGE}`);
    const card = page.locator('[data-testid="support-kpi-first-response"]');
    await card.waitFor();
    expect(await card.getAttribute('data-handler')).toBe('people');
    expect(await card.locator('.kpi-title').innerText()).toBe('첫 응답 시간(중앙값) · 상담원');
    expect(await card.locator('[data-testid="kpi-value"]').innerText()).toBe(formatDuration(api.by_handler.people.first_response.p50_seconds, 'ko'));
    // Slower than last week's 5–19 minutes: a real rise (bad news for a lead time).
    const change = card.locator('[data-testid="support-handler-change"]');
    expect(await change.getAttribute('data-verdict')).toBe('significant_increase');
    expect(await change.innerText()).toContain('유의미한 증가');
    expect(await change.innerText()).toContain(`이전 기간 ${formatDuration(api.by_handler.people.change.first_response.previous, 'ko')}`);
    const others = await card.locator('[data-testid="support-handler-others"]').innerText();
    expect(others).toContain('챗봇 5초');
    expect(others).toContain(`전체 ${formatDuration(api.by_handler.all.first_response.p50_seconds, 'ko')}`);
    expect(others).toContain('처리 주체 기록 없는 1건 포함');
    // The table: people, the chatbot and every item, with counts and verdicts.
    const row = (key: string) => page.locator(`[data-testid="support-handler-row"][data-key="${key}"]`);
    expect(await page.locator('[data-testid="support-handler-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).toEqual(['people', 'bot', 'all']);
    expect(await row('people').locator('th').innerText()).toContain('상담원');
    expect(await row('bot').locator('[data-testid="support-handler-verdict"][data-target="first_response"]').getAttribute('data-verdict')).toBe('within_noise');
    expect(await row('all').locator('td').first().innerText()).toBe('46');
    // Each median with its count: 15 agents' chats answered (the e-mail never was).
    expect(await row('people').locator('[data-testid="support-handler-median"][data-target="first_response"]').getAttribute('data-count')).toBe('15');
    expect(await page.locator('[data-testid="support-handler-card"]').innerText()).toContain('중앙값 검정');
    await page.screenshot({ path: `${SHOTS_DIR}/support-by-handler-01-people.png` });
    expect(errors).toEqual([]);
  });

  it('switches the headline to the chatbot or every item, kept in the address', async () => {
    const page = active!.page;
    await page.click('[data-testid="support-handler-bot"]');
    await waitForUrl(page, (u) => u.searchParams.get('handler') === 'bot');
    const card = page.locator('[data-testid="support-kpi-first-response"][data-handler="bot"]');
    await card.waitFor();
    expect(await card.locator('[data-testid="kpi-value"]').innerText()).toBe('5초');
    expect(await card.locator('[data-testid="support-handler-change"]').getAttribute('data-verdict')).toBe('within_noise');
    await page.click('[data-testid="support-handler-all"]');
    await page.locator('[data-testid="support-kpi-first-response"][data-handler="all"]').waitFor();
    expect(await page.locator('[data-testid="support-handler-all"]').getAttribute('aria-pressed')).toBe('true');
    // People is the default: the address drops it.
    await page.click('[data-testid="support-handler-people"]');
    await waitForUrl(page, (u) => !u.searchParams.has('handler'));
    expect(active!.errors).toEqual([]);
  });

  it('in business hours gives the groups on that clock and says the comparison is on the 24-hour clock only', async () => {
    const page = active!.page;
    await page.click('[data-testid="support-clock-business"]');
    await waitForUrl(page, (u) => u.searchParams.get('clock') === 'business');
    const note = page.locator('[data-testid="support-kpi-first-response"] [data-testid="support-handler-no-compare"]');
    await note.waitFor();
    expect(await note.innerText()).toBe('이전 기간과의 비교는 24시간 기준에서만 합니다.');
    expect(await page.locator('[data-testid="support-handler-verdict"]').count()).toBe(0);
    const botMedian = page.locator('[data-testid="support-handler-row"][data-key="bot"] [data-testid="support-handler-median"][data-target="first_response"]');
    expect(await botMedian.innerText()).toBe('5초\n30건');
    expect(await botMedian.getAttribute('data-count')).toBe('30');
    expect(active!.errors).toEqual([]);
  });

  it('opens the SLA page’s 해결 시각 없음 items in the list, the filter named on its chip', async () => {
    const page = active!.page;
    await page.goto(`/sla?${RANGE}`);
    const link = page.locator('[data-testid="sla-kpi-resolution"] [data-testid="sla-kpi-unrecorded-link"]');
    await link.waitFor();
    expect(await link.innerText()).toBe('1건 보기');
    await link.click();
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('sla') === 'unrecorded_resolution');
    await waitForRows(page, [UNRECORDED_TEXT]);
    expect(await page.locator('[data-testid="filter-sla"]').innerText()).toContain('완료인데 해결 시각 없는 건만 보는 중');
    // The customer's words are text, never markup.
    expect(await page.locator('b', { hasText: '환불' }).count()).toBe(0);
    await page.screenshot({ path: `${SHOTS_DIR}/support-by-handler-02-unrecorded.png` });
    expect(active!.errors).toEqual([]);
    await page.context().close();
  });

  it('speaks English on an English page', async () => {
    const { page, errors } = await h.newPage({ locale: 'en-US' });
    active = { page, errors };
    await signIn(page, `/support?${RANGE}`);
    const card = page.locator('[data-testid="support-kpi-first-response"]');
    await card.waitFor();
    expect(await card.locator('.kpi-title').innerText()).toBe('First response (median) · Agents');
    expect(await card.locator('[data-testid="support-handler-change"]').innerText()).toContain('previous period');
    expect(await card.locator('[data-testid="support-handler-others"]').innerText()).toContain('includes 1 with no handler recorded');
    expect(await page.locator('[data-testid="support-handler-card"] h2').innerText()).toBe('Lead times by who handled it');
    await page.goto(`/items?sla=unrecorded_first_response&${RANGE}`);
    await waitForRows(page, [UNRECORDED_TEXT]);
    expect(await page.locator('[data-testid="filter-sla"]').innerText()).toContain('Done without an answer time only');
    expect(errors).toEqual([]);
  });
});
