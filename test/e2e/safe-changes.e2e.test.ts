/**
 * Changes that must not happen by accident, and refusals that must say why, in real headless
 * Chromium on a Korean workspace: a label correction picked with the keyboard waits for 저장 or
 * Enter (and Escape takes it back) with the focus kept on the control; disabling a user, changing
 * a role and switching a webhook receiver off ask first; the user and time-zone forms show the
 * server's reason in Korean; a topic's page opened with the last 28 days' dates shows that preset,
 * and a duplicate group of reviews (no customer) shows no "고객 0명". The tests run in order.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, loginCookie, shot, signIn, startHarness, storyHooks, waitForUrl, type Harness } from './harness.js';

const OPERATOR = { email: 'sangdam@sori.test', password: 'e2e-counsel-2026!', name: '상담 담당자' };
const DAY_MS = 86_400_000;
const ago = (days: number, hours = 3) => new Date(Date.now() - days * DAY_MS - hours * 3_600_000).toISOString();
const REVIEW = '앱 결제 화면에서 계속 오류가 나요. 결제 버튼을 누르면 멈춥니다';

let h: Harness;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  h = await startHarness(SEED);
  const created = await h.api('POST', '/users', { ...OPERATOR, role: 'operator' });
  if (created.status !== 200) throw new Error(`creating the operator failed: ${created.status} ${JSON.stringify(created.body)}`);
  ({ page, errors: pageErrors } = await h.newPage());
  await signIn(page, '/items');
});

storyHooks(() => ({ page, errors: pageErrors }));

afterAll(async () => {
  await h?.close();
});

const text = async (selector: string) => ((await page.textContent(selector)) ?? '').trim();
const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

async function itemByExternalId(externalId: string): Promise<any> {
  const res = await h.api('GET', '/items?limit=100');
  const item = res.body.items.find((i: any) => i.external_id === externalId);
  if (!item) throw new Error(`no item ${externalId}`);
  return item;
}

async function userOf(email: string): Promise<any> {
  return (await h.api('GET', '/users')).body.users.find((u: any) => u.email === email);
}

async function openSettings(): Promise<void> {
  await page.goto('/settings');
  await page.waitForSelector('[data-testid="users-table"]');
}

describe('changes that ask first, refusals that say why (headless Chromium)', () => {
  it('a label picked with the keyboard is only pending: Escape takes it back, Enter saves it, the focus stays on the select', async () => {
    const target = await itemByExternalId('E2E-004');
    const patches: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PATCH' && /\/items\/[^/]+\/labels$/.test(new URL(r.url()).pathname)) patches.push(r.url());
    });
    await page.goto(`/items?item=${encodeURIComponent(target.id)}`);
    const select = page.locator(`[data-testid="item-detail"][data-item-id="${target.id}"] [data-testid="correct-type"]`);
    await select.waitFor();
    const before = await select.inputValue();

    // ↓ on the closed select changes its value at once: that must not save a correction.
    await select.focus();
    await page.keyboard.press('ArrowDown');
    if ((await select.inputValue()) === before) await page.keyboard.press('ArrowUp');
    const picked = await select.inputValue();
    expect(picked).not.toBe(before);
    await page.waitForSelector('[data-testid="correct-type-save"]');
    expect(await select.getAttribute('data-pending')).toBe('true');
    expect(await select.isDisabled()).toBe(false);
    expect(await focusedTestId()).toBe('correct-type');
    await page.waitForTimeout(300);
    expect(patches).toEqual([]);
    expect((await itemByExternalId('E2E-004')).type).toBe(target.type);
    expect(await text('[data-testid="label-corrections"] .correction-status')).toContain('저장(또는 Enter)');
    await shot(page, 'safe-01-correction-pending');

    // Escape takes the pick back; the panel stays open.
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="correct-type-save"]', { state: 'detached' });
    expect(await select.inputValue()).toBe(before);
    expect(await page.locator('[data-testid="item-detail"]').count()).toBe(1);
    expect(await focusedTestId()).toBe('correct-type');
    expect(patches).toEqual([]);

    // Picked again and saved with Enter: one correction, the focus still on the select.
    await select.selectOption(picked);
    await select.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="correction-saved"]');
    await page.waitForSelector('[data-testid="analysis-type-corrected"]');
    expect(patches.length).toBe(1);
    expect(await focusedTestId()).toBe('correct-type');
    expect(await select.inputValue()).toBe(picked);
    const stored = await itemByExternalId('E2E-004');
    expect(stored.type).toBe(picked);
    expect(stored.type_source).toBe('correction');

    // The 저장 button saves too, and cancelling a pending sentiment leaves it as it was.
    const sentiment = page.locator('[data-testid="correct-sentiment"]');
    const mood = await sentiment.inputValue();
    const other = ['negative', 'neutral', 'positive'].find((s) => s !== mood)!;
    await sentiment.selectOption(other);
    await page.click('[data-testid="correct-sentiment-cancel"]');
    expect(await sentiment.inputValue()).toBe(mood);
    await sentiment.selectOption(other);
    await page.click('[data-testid="correct-sentiment-save"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="correct-sentiment-save"]') === null);
    await page.waitForSelector('[data-testid="analysis-sentiment"][data-corrected="true"]');
    expect(await focusedTestId()).toBe('correct-sentiment');
    expect((await itemByExternalId('E2E-004')).sentiment).toBe(other);
    expect(patches.length).toBe(2);
    expect(pageErrors).toEqual([]);
  });

  it('a role picked in the users table waits for 역할 바꾸기; 취소 puts it back', async () => {
    await openSettings();
    const row = page.locator(`[data-testid="user-row"][data-email="${OPERATOR.email}"]`);
    const select = row.locator('[data-testid="user-role-select"]');
    await select.selectOption('admin');
    const question = row.locator('[data-testid="user-role-confirm-question"]');
    await question.waitFor();
    expect(await question.innerText()).toContain('관리자로 바꿀까요');
    await page.waitForTimeout(300);
    expect((await userOf(OPERATOR.email)).role).toBe('operator');
    await shot(page, 'safe-02-role-question');

    await row.locator('[data-testid="user-role-confirm-cancel"]').click();
    await question.waitFor({ state: 'detached' });
    expect(await select.inputValue()).toBe('operator');
    expect((await userOf(OPERATOR.email)).role).toBe('operator');

    await select.selectOption('viewer');
    expect(await row.locator('[data-testid="user-role-confirm-question"]').innerText()).toContain('운영자에서 열람자(으)로');
    await row.locator('[data-testid="user-role-confirm-yes"]').click();
    await expect.poll(async () => (await userOf(OPERATOR.email)).role).toBe('viewer');
    await question.waitFor({ state: 'detached' });
    // The users list is read again after the change: the select shows the stored role once it has been.
    await expect.poll(() => select.inputValue()).toBe('viewer');
    expect(pageErrors).toEqual([]);
  });

  it('사용 중지하기 asks first; asking signs no one out, the second press does', async () => {
    const cookie = await loginCookie(h.baseUrl, OPERATOR.email, OPERATOR.password);
    const row = page.locator(`[data-testid="user-row"][data-email="${OPERATOR.email}"]`);
    const toggle = row.locator('[data-testid="user-toggle"]');
    expect((await toggle.innerText()).trim()).toBe('사용 중지하기');
    await toggle.click();
    const question = row.locator('[data-testid="user-toggle-question"]');
    await question.waitFor();
    expect(await question.innerText()).toContain(`${OPERATOR.email} 사용자를 사용 중지할까요?`);
    await page.waitForTimeout(300);
    expect((await userOf(OPERATOR.email)).disabled).toBe(false);
    expect((await h.api('GET', '/auth/me', undefined, cookie)).status).toBe(200);

    // Escape on the asking button takes the question back.
    expect(await focusedTestId()).toBe('user-toggle');
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    expect((await toggle.innerText()).trim()).toBe('사용 중지하기');

    await toggle.click();
    await question.waitFor();
    await toggle.click();
    await page.waitForSelector(`[data-testid="user-row"][data-email="${OPERATOR.email}"][data-disabled="true"]`);
    expect((await userOf(OPERATOR.email)).disabled).toBe(true);
    expect((await h.api('GET', '/auth/me', undefined, cookie)).status).toBe(401);
    expect(pageErrors).toEqual([]);
  });

  it('a webhook receiver is switched off only after 끄기 확인', async () => {
    const made = await h.api('POST', '/webhook-endpoints', { adapter: 'generic', source: '자사몰-문의' });
    expect([200, 201]).toContain(made.status);
    const id = made.body.endpoint.id;
    const isOff = async () => (await h.api('GET', '/webhook-endpoints')).body.endpoints.find((e: any) => e.id === id).disabled;
    await openSettings();
    const row = page.locator('[data-testid="webhook-row"]').filter({ hasText: '자사몰-문의' });
    await row.waitFor();
    const toggle = row.locator('[data-testid="webhook-toggle"]');
    await toggle.click();
    await row.locator('[data-testid="webhook-toggle-question"]').waitFor();
    expect(await row.locator('[data-testid="webhook-toggle-question"]').innerText()).toContain('"자사몰-문의" 수신 주소를 끌까요?');
    await page.waitForTimeout(300);
    expect(await isOff()).toBe(false);
    await row.locator('[data-testid="webhook-toggle-cancel"]').click();
    await row.locator('[data-testid="webhook-toggle-question"]').waitFor({ state: 'detached' });
    expect(await isOff()).toBe(false);

    await toggle.click();
    expect((await toggle.innerText()).trim()).toBe('끄기 확인');
    await toggle.click();
    await expect.poll(isOff).toBe(true);
    await row.locator('.badge').filter({ hasText: '사용 중지됨' }).waitFor();
    // A new secret asks in the page too (no browser dialog).
    await row.locator('[data-testid="webhook-rotate"]').click();
    await row.locator('[data-testid="webhook-rotate-question"]').waitFor();
    await row.locator('[data-testid="webhook-rotate-cancel"]').click();
    expect(pageErrors).toEqual([]);
  });

  it('a refused new user and a refused time zone show the server’s reason in Korean', async () => {
    await openSettings();
    await page.fill('[data-testid="user-new-email"]', 'minsu.kim@sori.test');
    await page.fill('[data-testid="user-new-password"]', 'minsu.kim-2026!');
    await page.click('[data-testid="user-new-submit"]');
    const error = page.locator('[data-testid="user-create-error"]');
    await error.waitFor();
    const said = await error.innerText();
    expect(said).toContain('입력값을 확인하세요');
    expect(said).toContain('비밀번호에 이메일 아이디(minsu.kim)를 넣을 수 없습니다');
    expect(said).not.toContain('must not contain');
    await shot(page, 'safe-03-user-refused');

    await page.fill('[data-testid="time-zone-input"]', 'KST');
    await page.click('[data-testid="time-zone-save"]');
    await page.click('[data-testid="time-zone-confirm-yes"]');
    const tz = page.locator('[data-testid="time-zone-error"]');
    await tz.waitFor();
    expect(await tz.innerText()).toContain('KST');
    expect(await text('[data-testid="time-zone-error-hint"]')).toContain('Asia/Seoul 같은 IANA 이름');
    expect((await h.api('GET', '/auth/me')).body.workspace.timezone).toBe('Asia/Seoul');
    expect(pageErrors).toEqual([]);
  });

  it('a topic page opened with the last 28 days shows that preset; a review duplicate group shows no customer count', async () => {
    const reviews = [0, 1, 2].map((n) => ({ external_id: `REV-${n}`, channel: 'app_store', kind: 'review', rating: 1, source: 'e2e-reviews', created_at: ago(2 + n), text: REVIEW }));
    const sent = await h.api('POST', '/items', { items: reviews });
    expect(sent.body.accepted).toBe(3);
    const created = await h.api('POST', '/topics', { name: '결제 오류', rules: [{ kind: 'keyword', pattern: '결제 화면' }] });
    expect(created.status).toBe(201);
    const topicId: string = created.body.topic.id;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
    const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
    const to = addDays(today, -1);
    const from = addDays(to, -27);
    await expect
      .poll(async () => (await h.api('GET', `/insights/topics/${topicId}?from=${from}&to=${to}`)).body.duplicate_groups?.[0]?.items, { timeout: 20_000 })
      .toBe(3);

    // As the Overview's movers link it: the days, not the preset.
    await page.goto(`/topics/${topicId}/insights?from=${from}&to=${to}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="topic-insights-body"]')?.getAttribute('aria-busy') === 'false');
    expect(await page.getAttribute('[data-testid="range-preset-28"]', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('[data-testid="range-custom"]', 'aria-pressed')).toBe('false');
    expect(await page.locator('[data-testid="range-custom-form"]').count()).toBe(0);
    await waitForUrl(page, (u) => !u.searchParams.has('from') && !u.searchParams.has('to'));

    const group = (await text('[data-testid="topic-dup-link"]')).replace(/\s+/g, ' ');
    expect(group).toBe('3건');
    expect(group).not.toContain('고객');
    // No business number here: the change beside the count is the count's, with its verdict.
    expect(await page.locator('[data-testid="topic-kpi-items"] [data-testid="topic-count-change"] [data-testid="verdict"]').count()).toBe(1);
    expect(await page.locator('[data-testid="topic-kpi-rate"] [data-testid="topic-rate-change"]').count()).toBe(0);
    await shot(page, 'safe-04-topic-preset');
    expect(pageErrors).toEqual([]);
  });
});
