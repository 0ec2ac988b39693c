/**
 * The items list's 출처 box in real headless Chromium finds what the operator types: a display name
 * (카카오톡) or a stored name in other case filters by the stored source, and the URL holds the stored
 * name; a name no source has keeps the filter as typed and shows the sources there are, each a button;
 * a name two stored sources share lists both, and so does an everyday name (Kakao) of a service stored
 * under two spellings. The server's `source` filter stays exact.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedItems, shot, signIn, startHarness, storyHooks, waitForRows, waitForUrl, type Harness } from './harness.js';

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

const KAKAO = ['카카오톡으로 문의드려요. 배송이 아직 안 왔어요', '카카오톡 상담 연결이 안 됩니다'];
const ZENDESK = ['환불 요청 티켓입니다. 카드 결제 취소 부탁드려요', '비밀번호 재설정 메일이 오지 않아요'];
const KAKAO_OTHER = '다른 연동에서 들어온 카카오톡 문의: 쿠폰이 적용되지 않아요';

beforeAll(async () => {
  h = await startHarness([]);
  await seedItems(h, [
    { source: 'kakaotalk', external_id: 'SF-K1', channel: 'chat', created_at: '2026-10-05 10:00', text: KAKAO[0] },
    { source: 'kakaotalk', external_id: 'SF-K2', channel: 'chat', created_at: '2026-10-06 11:00', text: KAKAO[1] },
    { source: 'zendesk', external_id: 'SF-Z1', channel: 'email', created_at: '2026-10-07 09:30', text: ZENDESK[0] },
    { source: 'zendesk', external_id: 'SF-Z2', channel: 'email', created_at: '2026-10-08 15:10', text: ZENDESK[1] },
  ]);
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

/** Waits until the source box's suggestions hold the workspace's `count` sources (typing resolves against them). */
async function waitForSources(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n: number) => document.querySelectorAll('[data-testid="filter-source-choices"] option').length === n, count);
}

/** Types `text` into the source box and presses Enter. */
async function typeSource(page: Page, text: string): Promise<void> {
  await page.fill('[data-testid="filter-source"]', text);
  await page.press('[data-testid="filter-source"]', 'Enter');
}

/** The note's buttons: [stored source, shown name]. */
function noteChoices(page: Page): Promise<string[][]> {
  return page.$$eval('[data-testid="filter-source-note"] [data-testid="filter-source-choice"]', (els) =>
    els.map((el) => [el.getAttribute('data-source') ?? '', el.firstChild?.textContent ?? '']),
  );
}

describe('the items list’s source box (headless Chromium)', () => {
  it('filters by kakaotalk when 카카오톡 is typed, and by zendesk for ZENDESK; the URL holds the stored name', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    await signIn(page, '/items');
    await waitForRows(page, [...KAKAO, ...ZENDESK]);
    await waitForSources(page, 2);

    await typeSource(page, '카카오톡');
    await waitForUrl(page, (u) => u.searchParams.get('source') === 'kakaotalk');
    await waitForRows(page, KAKAO);
    expect(await page.inputValue('[data-testid="filter-source"]')).toBe('kakaotalk');
    expect(await page.locator('[data-testid="filter-source-note"]').count()).toBe(0);

    await typeSource(page, ' ZENDESK ');
    await waitForUrl(page, (u) => u.searchParams.get('source') === 'zendesk');
    await waitForRows(page, ZENDESK);
    expect(await page.inputValue('[data-testid="filter-source"]')).toBe('zendesk');

    // A pause in typing filters by the stored source too but leaves the typed text; leaving the box shows the stored name.
    await page.fill('[data-testid="filter-source"]', 'kakaotalk');
    await page.press('[data-testid="filter-source"]', 'Enter');
    await waitForRows(page, KAKAO);
    await page.fill('[data-testid="filter-source"]', 'Zendesk');
    await waitForUrl(page, (u) => u.searchParams.get('source') === 'zendesk');
    await waitForRows(page, ZENDESK);
    expect(await page.inputValue('[data-testid="filter-source"]')).toBe('Zendesk');
    await page.press('[data-testid="filter-source"]', 'Tab');
    await page.waitForFunction(() => (document.querySelector('[data-testid="filter-source"]') as HTMLInputElement).value === 'zendesk');
    expect(errors).toEqual([]);
  });

  it('keeps an unknown name as typed, says so and offers the sources there are; a click filters by one', async () => {
    const page = active!.page;
    await typeSource(page, '당근마켓');
    await waitForUrl(page, (u) => u.searchParams.get('source') === '당근마켓');
    await waitForRows(page, []);
    const note = page.locator('[data-testid="filter-source-note"]');
    await note.waitFor();
    expect(await note.getAttribute('data-kind')).toBe('none');
    expect(await note.innerText()).toContain('이 이름의 출처가 없습니다. 있는 출처:');
    expect(await noteChoices(page)).toEqual([
      ['kakaotalk', '카카오톡'],
      ['zendesk', 'Zendesk'],
    ]);
    expect(await page.getAttribute('[data-testid="filter-source"]', 'aria-describedby')).toBe('filter-source-note');
    await shot(page, 'source-filter-01-none');

    await note.locator('[data-source="kakaotalk"]').click();
    await waitForUrl(page, (u) => u.searchParams.get('source') === 'kakaotalk');
    await waitForRows(page, KAKAO);
    expect(await page.inputValue('[data-testid="filter-source"]')).toBe('kakaotalk');
    expect(await note.count()).toBe(0);

    // The server's filter stays exact: a source no item has is an empty page, not an error.
    const empty = await h.api('GET', `/items?source=${encodeURIComponent('당근마켓')}`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ items: [], next_cursor: null });
    const cased = await h.api('GET', '/items?source=Zendesk');
    expect(cased.status).toBe(200);
    expect(cased.body.items).toEqual([]);
    expect(active!.errors).toEqual([]);
  });

  it('lists both sources when two are 카카오톡, and filters by the one clicked', async () => {
    await seedItems(h, [{ source: 'kakao-talk', external_id: 'SF-K3', channel: 'chat', created_at: '2026-10-09 12:00', text: KAKAO_OTHER }]);
    const page = active!.page;
    await page.goto('/items');
    await waitForRows(page, [...KAKAO, ...ZENDESK, KAKAO_OTHER]);
    await waitForSources(page, 3);

    await typeSource(page, '카카오톡');
    await waitForUrl(page, (u) => u.searchParams.get('source') === '카카오톡');
    const note = page.locator('[data-testid="filter-source-note"]');
    await note.waitFor();
    expect(await note.getAttribute('data-kind')).toBe('several');
    expect(await note.innerText()).toContain('이 이름의 출처가 여럿입니다');
    // Same display name: the stored name beside each tells them apart.
    expect(await noteChoices(page)).toEqual([
      ['kakao-talk', '카카오톡'],
      ['kakaotalk', '카카오톡'],
    ]);
    expect(await note.locator('.source-note-code').allInnerTexts()).toEqual(['kakao-talk', 'kakaotalk']);
    await shot(page, 'source-filter-02-several');

    await note.locator('[data-source="kakao-talk"]').click();
    await waitForUrl(page, (u) => u.searchParams.get('source') === 'kakao-talk');
    await waitForRows(page, [KAKAO_OTHER]);
    expect(await note.count()).toBe(0);
    expect(active!.errors).toEqual([]);
  });

  it('says it in English on a phone, with the filters folded, inside the screen', async () => {
    const { page, errors } = await h.newPage({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    active = { page, errors };
    await signIn(page, `/items?source=${encodeURIComponent('Kakao')}`);
    await waitForRows(page, []);
    const note = page.locator('[data-testid="filter-source-note"]');
    await note.waitFor();
    // Kakao is an everyday name of KakaoTalk: both stored spellings of it, and nothing else.
    expect(await note.getAttribute('data-kind')).toBe('several');
    expect(await note.innerText()).toContain('Several sources have this name. Pick one:');
    expect(await noteChoices(page)).toEqual([
      ['kakao-talk', 'KakaoTalk'],
      ['kakaotalk', 'KakaoTalk'],
    ]);
    for (const box of await note.locator('[data-testid="filter-source-choice"]').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right))) {
      expect(box).toBeLessThanOrEqual(390);
    }
    await shot(page, 'source-filter-03-phone-en');
    await note.locator('[data-source="kakaotalk"]').click();
    await waitForUrl(page, (u) => u.searchParams.get('source') === 'kakaotalk');
    await waitForRows(page, KAKAO);

    // A name no source has, on the phone: the sources there are, in their order.
    await page.goto(`/items?source=${encodeURIComponent('당근마켓')}`);
    await note.waitFor();
    expect(await note.innerText()).toContain('No source has this name. Sources here:');
    expect(await noteChoices(page)).toEqual([
      ['kakao-talk', 'KakaoTalk'],
      ['kakaotalk', 'KakaoTalk'],
      ['zendesk', 'Zendesk'],
    ]);
    await note.locator('[data-source="zendesk"]').click();
    await waitForUrl(page, (u) => u.searchParams.get('source') === 'zendesk');
    await waitForRows(page, ZENDESK);
    expect(errors).toEqual([]);
  });
});
