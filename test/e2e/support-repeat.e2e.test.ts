/**
 * The Support page's repeat contact rate (재문의율, 7 days) in real headless Chromium: the headline
 * figure with its counts and interval, the note that defines it (with the contacts left out for
 * want of a customer id, and the last day counted when the range runs past it), the table's column,
 * and the English page. The tests run in order.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDayOf, addDays } from '../../src/domain/local-day.js';
import { SHOTS_DIR, seedItems, signIn, startHarness, storyHooks, type Harness } from './harness.js';

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

// R1 chats (two messages of one conversation), then posts on the board two days later: the chat is
// repeated. R2 e-mails once. One e-mail has no customer id. → 1 of 3, Wilson 95 % 6.15–79.23 %.
const ITEMS = [
  { external_id: 'RP-1', channel: 'chat', created_at: '2026-10-05 10:00', customer_id: 'R1', metadata: { conversation_id: 'rp-chat-1' }, text: '결제가 두 번 됐어요' },
  { external_id: 'RP-2', channel: 'chat', created_at: '2026-10-05 10:03', customer_id: 'R1', metadata: { conversation_id: 'rp-chat-1' }, text: '카드 명세서에 두 건이 찍혀 있어요' },
  { external_id: 'RP-3', channel: 'board', created_at: '2026-10-07 09:30', customer_id: 'R1', text: '중복 결제 환불이 아직 안 됐습니다' },
  { external_id: 'RP-4', channel: 'email', created_at: '2026-10-06 15:00', customer_id: 'R2', text: '배송지 변경 부탁드립니다' },
  { external_id: 'RP-5', channel: 'email', created_at: '2026-10-08 11:00', text: '비회원 주문 조회가 안 돼요' },
];

beforeAll(async () => {
  h = await startHarness([]);
  await seedItems(h, ITEMS, 'e2e-repeat');
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('the Support page’s repeat contact rate (headless Chromium)', () => {
  it('shows the rate with its counts and interval, defines it, and counts the contacts without a customer id', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    await signIn(page, '/support?from=2026-10-01&to=2026-10-31');
    const card = page.locator('[data-testid="support-kpi-repeat-rate"]');
    await card.waitFor();
    expect(await card.locator('.kpi-title').innerText()).toBe('재문의율 (7일)');
    expect(await card.locator('.kpi-title').getAttribute('title')).toContain('7일 안에 같은 고객이 다른 대화로 다시 문의한 비율');
    expect(await card.locator('[data-testid="kpi-value"]').innerText()).toBe('33.3%');
    const note = await card.locator('.kpi-note').innerText();
    expect(note).toContain('3건 중 1건이 7일 안에 다시 문의');
    expect(note).toContain('95% 구간 6.1%–79.2%'); // 6.149…, no longer rounded twice (6.15 → 6.2)
    const help = page.locator('[data-testid="support-repeat-note"]');
    expect(await help.getAttribute('data-without-customer')).toBe('1');
    const helpText = await help.innerText();
    expect(helpText).toContain('한 채팅의 메시지들은 한 건의 문의로 셉니다');
    expect(helpText).toContain('고객 ID가 없는 문의 1건은');
    // The range's days are all long over: no "counted up to" sentence.
    expect(helpText).not.toContain('까지 시작된 문의만 셉니다');
    // The table's column: the chat repeated (1 of 1), the e-mail not (R2's; the anonymous one left out).
    const cell = (key: string) => page.locator(`[data-testid="support-row"][data-key="${key}"] [data-testid="support-repeat-cell"]`);
    expect(await cell('chat').innerText()).toBe('100%');
    expect(await cell('chat').getAttribute('title')).toContain('1건 중 1건 재문의');
    expect(await cell('email').innerText()).toBe('0%');
    expect(await page.locator('[data-testid="support-total-row"] [data-testid="support-repeat-cell"]').innerText()).toBe('33.3%');
    expect(await page.locator('[data-testid="support-table"] thead').innerText()).toContain('재문의율 (7일)');
    // The reopen rate is no longer also called 재문의율.
    expect(await page.locator('[data-testid="support-kpi-reopen-rate"] .kpi-title').innerText()).toBe('재오픈율');
    await page.screenshot({ path: `${SHOTS_DIR}/support-repeat-01-card.png` });
    expect(errors).toEqual([]);
  });

  it('says which day is the last counted when the range runs into the last 7 days', async () => {
    const page = active!.page;
    const yesterday = addDays(localDayOf(new Date(), 'Asia/Seoul'), -1);
    await page.goto(`/support?from=2026-10-01&to=${yesterday}`);
    const help = page.locator('[data-testid="support-repeat-note"]');
    await page.waitForFunction((to) => document.querySelector('[data-testid="support-repeat-note"]') !== null && new URLSearchParams(location.search).get('to') === to, yesterday);
    const until = await help.getAttribute('data-counted-until');
    expect(until).toBe(addDays(localDayOf(new Date(Date.now() - 7 * 86_400_000), 'Asia/Seoul'), -1));
    expect(await help.innerText()).toContain('까지 시작된 문의만 셉니다');
    // The October contacts are all counted still.
    expect(await page.locator('[data-testid="support-kpi-repeat-rate"] [data-testid="kpi-value"]').innerText()).toBe('33.3%');
    expect(active!.errors).toEqual([]);
    await page.context().close();
  });

  it('speaks English on an English page', async () => {
    const { page, errors } = await h.newPage({ locale: 'en-US' });
    active = { page, errors };
    await signIn(page, '/support?from=2026-10-01&to=2026-10-31');
    const card = page.locator('[data-testid="support-kpi-repeat-rate"]');
    await card.waitFor();
    expect(await card.locator('.kpi-title').innerText()).toBe('Repeat contacts (7 days)');
    expect(await card.locator('.kpi-note').innerText()).toContain('1 of 3 came back within 7 days');
    expect(await page.locator('[data-testid="support-repeat-note"]').innerText()).toContain('Contacts without a customer id are left out (no way to tell whether the customer came back): 1.');
    expect(errors).toEqual([]);
  });
});
