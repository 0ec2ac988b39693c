/**
 * Duplicates by one rule on the Overview and the item list, and an item's source by name, in real
 * headless Chromium: the Overview's duplicate card counts the repeated inquiries and links to exactly
 * those items; a review group of "좋아요 배송 빨라요" gets no 중복 badge (its panel calls it similar
 * texts, and says why); a 카카오톡 chat shows its source by name in the list and the panel, whose
 * link filters the list by it; a source name of the team's own shows as written. The tests run in order.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS_DIR, seedItems, signIn, startHarness, storyHooks, waitForRows, waitForTotal, waitForUrl, type Harness } from './harness.js';

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

const PAYMENT = '결제하기 버튼을 누르면 앱이 멈추고 꺼져요. 카드를 바꿔도 똑같습니다';
const REVIEW = '좋아요 배송 빨라요';
const OWN_SOURCE = '<i>사내몰</i>';
// 10/12–10/15: the payment inquiry four times (3 repeats), on 카카오톡 and 채널톡; four distinct
// inquiries; the same short review six times (a near-duplicate group, but no duplicate by the rule).
const ITEMS = [
  ...[12, 13, 14, 15].map((d, i) => ({ external_id: `DP-${i}`, channel: 'chat', source: i % 2 ? 'channeltalk' : 'kakaotalk', created_at: `2026-10-${d} 10:00`, text: PAYMENT })),
  { external_id: 'OWN-1', channel: 'email', source: 'zendesk', created_at: '2026-10-12 11:00', text: '세금계산서 발행을 요청드립니다. 사업자 정보는 첨부했어요' },
  { external_id: 'OWN-2', channel: 'board', source: OWN_SOURCE, created_at: '2026-10-13 11:00', text: '쿠폰 코드를 넣으면 유효하지 않다고 나옵니다' },
  { external_id: 'OWN-3', channel: 'chat', source: 'kakaotalk', created_at: '2026-10-14 11:00', text: '주소를 잘못 입력했어요. 배송지 변경 가능한가요?' },
  { external_id: 'OWN-4', channel: 'phone', source: 'callcenter', created_at: '2026-10-15 11:00', text: '회원 등급 혜택이 어떻게 바뀌었는지 알려주세요' },
  ...[10, 11, 12, 13, 14, 15].map((d, i) => ({ external_id: `RV-${i}`, channel: 'review', kind: 'review', source: 'product-review', rating: 5, created_at: `2026-10-${d} 13:00`, text: REVIEW })),
];

beforeAll(async () => {
  h = await startHarness([]);
  await seedItems(h, ITEMS);
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('duplicates agree between the Overview and the list; sources by name (headless Chromium)', () => {
  it('the Overview’s duplicate card counts the repeated inquiries only, and says how many of how many', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    await signIn(page, '/overview?from=2026-10-01&to=2026-10-31');
    const card = page.locator('[data-testid="kpi-duplicate-share"]');
    await card.locator('[data-testid="duplicate-counts"]').waitFor();
    // 3 of the 8 inquiries; the six reviews (five of them flagged repeats) are not counted.
    expect(await card.locator('[data-testid="kpi-value"]').textContent()).toBe('37.5%');
    expect(await card.locator('[data-testid="duplicate-counts"]').innerText()).toContain('답이 필요한 인입 8건 중 3건');
    expect(await card.locator('.kpi-title').getAttribute('title')).toContain('리뷰와 설문 응답은 빼고');
    await page.screenshot({ path: `${SHOTS_DIR}/duplicates-01-overview.png` });
    expect(errors).toEqual([]);
  });

  it('its link lists exactly those items, by the same rule, with a chip that names it', async () => {
    const page = active!.page;
    await page.click('[data-testid="duplicate-counts-link"]');
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('duplicate') === 'true');
    await waitForRows(page, [PAYMENT, PAYMENT, PAYMENT]);
    await waitForTotal(page, 3);
    expect(await page.locator('[data-testid="filter-duplicate"]').innerText()).toContain('중복만 (개요와 같은 기준)');
    // Each row's badge: the group of four, its title stating the rule.
    const badges = page.locator('[data-testid="badge-dup"]');
    expect(await badges.count()).toBe(3);
    expect(await badges.first().innerText()).toBe('중복 4');
    expect(await badges.first().getAttribute('title')).toContain('개요의 중복 비율과 같은 기준');
    await page.screenshot({ path: `${SHOTS_DIR}/duplicates-02-list.png` });
    await page.click('[data-testid="filter-duplicate"]');
    await waitForTotal(page, ITEMS.length);
    expect(active!.errors).toEqual([]);
  });

  it('a review group gets no 중복 badge; its panel calls it similar texts and says why', async () => {
    const page = active!.page;
    await page.goto('/items?channel=review');
    await waitForRows(page, Array(6).fill(REVIEW));
    expect(await page.locator('[data-testid="badge-dup"]').count()).toBe(0);
    // The same items' group is still one link away: similar texts, not counted.
    await page.locator('[data-testid="item-row"] [data-testid="item-text"]').first().click();
    const panel = page.locator('[data-testid="item-detail"]');
    await panel.locator('[data-testid="analysis-similar"]').waitFor();
    expect(await panel.locator('[data-testid="analysis-dup"]').count()).toBe(0);
    expect(await panel.locator('[data-testid="analysis-similar"]').innerText()).toContain('6건');
    expect(await panel.locator('[data-testid="analysis-similar-rule"]').innerText()).toContain('중복으로 세지 않습니다');
    expect(await panel.locator('[data-testid="detail-source-name"]').innerText()).toBe('상품 리뷰');
    await page.screenshot({ path: `${SHOTS_DIR}/duplicates-03-review-panel.png` });
    expect(active!.errors).toEqual([]);
  });

  it('shows a 카카오톡 chat’s source by name in the list and the panel, whose link filters the list by it', async () => {
    const page = active!.page;
    await page.goto('/items?q=배송지');
    await waitForRows(page, ['주소를 잘못 입력했어요. 배송지 변경 가능한가요?']);
    expect(await page.locator('[data-testid="item-row"] [data-testid="item-source"]').innerText()).toBe('카카오톡 · 문의');
    await page.locator('[data-testid="item-row"] [data-testid="item-text"]').first().click();
    const panel = page.locator('[data-testid="item-detail"]');
    await panel.locator('[data-testid="detail-source"]').waitFor();
    expect(await panel.locator('[data-testid="detail-source-tag"]').innerText()).toBe('카카오톡');
    expect(await panel.locator('[data-testid="detail-source"]').innerText()).toContain('저장된 이름: kakaotalk');
    // An inquiry of no duplicate group: neither row.
    expect(await panel.locator('[data-testid="analysis-dup"], [data-testid="analysis-similar"]').count()).toBe(0);
    await page.click('[data-testid="detail-source-link"]');
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('source') === 'kakaotalk' && !u.searchParams.has('q'));
    await waitForRows(page, [PAYMENT, PAYMENT, '주소를 잘못 입력했어요. 배송지 변경 가능한가요?']);
    expect(await page.inputValue('[data-testid="filter-source"]')).toBe('kakaotalk');
    // The source box suggests the workspace's sources by name.
    const choices = await page.$$eval('[data-testid="filter-source-choices"] option', (els) => els.map((el) => [(el as HTMLOptionElement).value, (el as HTMLOptionElement).label]));
    expect(choices).toEqual(
      expect.arrayContaining([
        ['kakaotalk', '카카오톡'],
        ['channeltalk', '채널톡'],
        ['zendesk', 'Zendesk'],
        ['callcenter', '콜센터'],
        // A name of the team's own needs no second name.
        [OWN_SOURCE, ''],
      ]),
    );
    expect(choices).toHaveLength(6);
    await page.screenshot({ path: `${SHOTS_DIR}/duplicates-04-source.png` });
    expect(active!.errors).toEqual([]);
  });

  it('shows a source of the team’s own as written (not as markup), and names known ones in English', async () => {
    const page = active!.page;
    await page.goto('/items?channel=board');
    await waitForRows(page, ['쿠폰 코드를 넣으면 유효하지 않다고 나옵니다']);
    expect(await page.locator('[data-testid="item-row"] [data-testid="item-source"]').innerText()).toBe(`${OWN_SOURCE} · 문의`);
    expect(await page.locator('[data-testid="item-row"] i').count()).toBe(0);
    await page.click('[data-testid="lang-switch-en"]');
    await page.goto('/items?source=channeltalk');
    await waitForRows(page, [PAYMENT, PAYMENT]);
    expect(await page.locator('[data-testid="item-source"]').first().innerText()).toBe('Channel Talk · Inquiry');
    expect(await page.locator('[data-testid="badge-dup"]').first().getAttribute('title')).toContain('the Overview’s duplicate share counts the same');
    await page.goto('/overview?from=2026-10-01&to=2026-10-31');
    await page.locator('[data-testid="duplicate-counts"]').waitFor();
    expect(await page.locator('[data-testid="duplicate-counts"]').innerText()).toContain('3 of 8 items that expect an answer');
    await page.click('[data-testid="lang-switch-ko"]');
    expect(active!.errors).toEqual([]);
  });
});
