/**
 * Shares near 100 % and 0 % on the pages, in real headless Chromium: the API gives a share exactly
 * (src/insights/change.ts sharePct: 2,000 of 2,001 is 99.95002…, no longer held at 99.99), and the one
 * page formatter (web/src/insights/changes.ts formatPercentNumber) never writes it as 100 % or 0 %:
 * the Overview's response rate and channel split, and the NPS page's promoters and detractors.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedItems, signIn, startHarness, storyHooks, type Harness } from './harness.js';

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

const WEEK_A = { from: '2026-10-05', to: '2026-10-11' };
const WEEK_B = { from: '2026-10-12', to: '2026-10-18' };
const day = (week: typeof WEEK_A, i: number) => `2026-10-${String(Number(week.from.slice(8)) + (i % 7)).padStart(2, '0')}`;
const QUESTIONS = ['배송이 언제 오나요?', '환불 처리 상태가 궁금합니다', '쿠폰이 적용되지 않아요', '주소를 바꾸고 싶어요', '결제가 두 번 됐어요'];

// Week A: 2,000 chats of which one is never answered, and one answered e-mail — 2,000 of 2,001
// answered (99.95002 %), and the e-mail is 1 of 2,001 items (0.04998 %). Week B: 2,000 promoters
// and one detractor answering the NPS survey (99.95002 % and 0.04998 %).
const ITEMS = [
  ...Array.from({ length: 2000 }, (_, i) => ({
    external_id: `CH-${i}`,
    channel: 'chat',
    created_at: `${day(WEEK_A, i)} ${String(9 + (i % 9)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
    ...(i === 0 ? {} : { first_response_at: `${day(WEEK_A, i)} ${String(9 + (i % 9)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:30` }),
    text: `${QUESTIONS[i % QUESTIONS.length]} 주문번호 ${100_000 + i}`,
  })),
  { external_id: 'EM-1', channel: 'email', created_at: `${WEEK_A.from} 10:00`, first_response_at: `${WEEK_A.from} 11:00`, text: '세금계산서 발행을 요청드립니다' },
  ...Array.from({ length: 2001 }, (_, i) => ({
    external_id: `NPS-${i}`,
    channel: 'survey',
    kind: 'survey_response',
    created_at: `${day(WEEK_B, i)} 12:${String(i % 60).padStart(2, '0')}`,
    score: i === 0 ? 0 : 10,
    text: '',
  })),
];

beforeAll(async () => {
  h = await startHarness([]);
  await seedItems(h, ITEMS, 'h5-share-seed');
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('shares near 100 % and 0 % (headless Chromium)', () => {
  it('the API gives the Overview’s response rate exactly; the card writes 99.95%, the channel split 99.95% and 0.05%', async () => {
    const api = await h.api('GET', `/insights/overview?from=${WEEK_A.from}&to=${WEEK_A.to}`);
    expect(api.status).toBe(200);
    expect(api.body.response_rate.current).toBe((2000 * 100) / 2001);
    const { page, errors } = await h.newPage();
    active = { page, errors };
    await signIn(page, `/overview?from=${WEEK_A.from}&to=${WEEK_A.to}`);
    const value = page.locator('[data-testid="kpi-response-rate"] [data-testid="kpi-value"]');
    await value.waitFor();
    expect((await value.innerText()).replace(/\s/g, '')).toBe('99.95%');
    // The split's shares are whole percent unless that would read 100 % or 0 %.
    const share = (key: string) => page.locator(`[data-testid="split-channel"] [data-testid="split-row"][data-key="${key}"] .split-numbers .muted`);
    expect((await share('chat').innerText()).trim()).toBe('· 99.95%');
    expect((await share('email').innerText()).trim()).toBe('· 0.05%');
    expect(errors).toEqual([]);
  });

  it('the NPS page writes 2,000 promoters of 2,001 as 99.95% and the one detractor as 0.05%, never 100% and 0%', async () => {
    const page = active!.page;
    await page.goto(`/nps?from=${WEEK_B.from}&to=${WEEK_B.to}`);
    const part = (key: string) => page.locator(`[data-testid="nps-${key}"] strong`);
    await part('promotersPct').waitFor();
    expect(await part('promotersPct').innerText()).toBe('99.95%');
    expect(await part('detractorsPct').innerText()).toBe('0.05%');
    expect(await part('passivesPct').innerText()).toBe('0%');
    expect(active!.errors).toEqual([]);
  });
});
