/**
 * Labels in the browser: type / topic / sentiment badges and filters on the items list, the
 * duplicate-group link, one-click corrections in the detail panel (kept after a reload), a topic
 * with a keyword rule labelling new items, topic discovery over ~80 items in four themes and the
 * promotion of a cluster, model training, attacker-controlled text in an item and a topic name,
 * and a viewer who sees the labels but no controls. The tests run in order on one admin page.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS_DIR, seedItems, shot, signIn, startHarness, storyHooks, waitForUrl, type Harness } from './harness.js';

const SOURCE = 'e2e-labels';
const XSS = '<img src=x onerror=alert(1)>';
const XSS_ITEM_TEXT = `${XSS} 결제 화면에 이상한 글자가 보여요`;
const DUP_TEXT = '비밀번호 재설정 메일이 오지 않아요. 스팸함에도 없고 벌써 세 번째 요청입니다';
const REFUND_TOPIC = '환불 문의';
const VIEWER = { email: 'label-viewer@sori.test', password: 'e2e-viewer-pass-2026', name: '열람 담당자' };

const DAY_MS = 86_400_000;
/** `daysAgo` days (and a few hours) before now, so discovery's "last 30 days" and growth see it. */
const ago = (daysAgo: number, hours = 3) => new Date(Date.now() - daysAgo * DAY_MS - hours * 3_600_000).toISOString();

/** Four customer-voice themes, each written many ways (so they cluster but are not duplicates). */
const THEMES: { key: string; openers: string[]; details: string[] }[] = [
  {
    key: 'delivery',
    openers: ['주문한 상품이 아직 배송 중이에요', '택배가 일주일째 안 와요', '배송 조회를 해도 움직임이 없어요', '배송 예정일이 지났는데 택배가 안 왔어요', '배송이 너무 늦어요'],
    details: ['택배사에 물어봐도 모른대요', '언제 도착하는지 알려 주세요', '선물용이라 급합니다', '배송 기사님 연락처라도 주세요'],
  },
  {
    key: 'crash',
    openers: ['앱이 자꾸 꺼져요', '업데이트 후 앱이 실행되지 않아요', '앱을 열면 바로 튕겨요', '로그인 화면에서 앱이 멈춰요', '앱이 강제 종료됩니다'],
    details: ['갤럭시에서 그래요', '재설치해도 똑같아요', '아이폰 최신 버전입니다', '업데이트 전에는 괜찮았어요'],
  },
  {
    key: 'coupon',
    openers: ['쿠폰이 적용되지 않아요', '할인 쿠폰 코드가 안 먹혀요', '결제할 때 쿠폰 할인이 빠져요', '신규 가입 쿠폰이 안 보여요', '쿠폰함에 있던 쿠폰이 사라졌어요'],
    details: ['할인 금액이 그대로예요', '유효기간은 남아 있어요', '장바구니에서도 안 돼요', '쿠폰 조건은 다 맞췄어요'],
  },
  {
    key: 'points',
    openers: ['포인트 적립이 안 됐어요', '구매 확정했는데 적립금이 안 들어왔어요', '포인트가 소멸됐다고 나와요', '적립금 사용이 안 돼요', '리뷰 포인트가 지급되지 않았어요'],
    details: ['지난달 주문 건이에요', '포인트 내역에도 없어요', '적립 예정 금액이 0원이에요', '확인 부탁드립니다'],
  },
];

function themeItems(): { external_id: string; channel: string; created_at: string; text: string }[] {
  const channels = ['chat', 'board', 'email', 'app_store', 'phone'];
  const out = [];
  for (let i = 0; i < 80; i++) {
    const theme = THEMES[i % 4];
    const n = Math.floor(i / 4);
    out.push({
      external_id: `THEME-${theme.key}-${n}`,
      channel: channels[i % channels.length],
      // Spread over two weeks; more in the last seven days, so the growth arrows point up.
      created_at: ago(n % 3 === 0 ? 7 + (n % 6) : n % 7),
      // 5 openers × 4 details: each of a theme's 20 texts is different.
      text: `${theme.openers[n % 5]}. ${theme.details[Math.floor(n / 5) % 4]}`,
    });
  }
  return out;
}

const BASE = [
  { external_id: 'L-XSS', channel: 'chat', created_at: ago(1), text: XSS_ITEM_TEXT },
  { external_id: 'L-DUP-1', channel: 'email', created_at: ago(2), text: DUP_TEXT },
  { external_id: 'L-PRAISE', channel: 'survey', kind: 'survey_response', created_at: ago(3), text: '상담원분이 정말 친절하게 도와주셔서 감사했어요' },
  { external_id: 'L-FEATURE', channel: 'board', created_at: ago(4), text: '다크 모드 기능을 추가해 주시면 좋겠어요' },
  ...themeItems(),
];
/** A second batch: copies of L-DUP-1 form a duplicate group with it. */
const DUPLICATES = [
  { external_id: 'L-DUP-2', channel: 'chat', created_at: ago(1, 2), text: `${DUP_TEXT}!!` },
  { external_id: 'L-DUP-3', channel: 'phone', created_at: ago(1, 1), text: DUP_TEXT },
];
/** Sent after the 환불 topic exists: its keyword rule labels them at ingest. */
const REFUNDS = [
  { external_id: 'L-REFUND-1', channel: 'chat', created_at: ago(0, 2), text: '환불 요청했는데 아직 처리가 안 됐어요' },
  { external_id: 'L-REFUND-2', channel: 'email', created_at: ago(0, 1), text: '카드 결제 취소와 환불은 언제 되나요?' },
  { external_id: 'L-REFUND-3', channel: 'board', created_at: ago(0, 1), text: '부분 환불 가능한가요' },
];

let h: Harness;
let page: Page;
let pageErrors: string[];
let active: { page: Page; errors: string[] } | undefined;
let typeNames: Map<string, string>;
let xssTopicId: string;

async function itemByExternalId(externalId: string): Promise<any> {
  const res = await h.api('GET', `/items?limit=500&source=${SOURCE}`);
  const item = res.body.items.find((i: any) => i.external_id === externalId);
  if (!item) throw new Error(`no item ${externalId}`);
  return item;
}

beforeAll(async () => {
  h = await startHarness([]);
  // A topic whose name is markup, with a rule that catches the markup item as it comes in.
  const topic = await h.api('POST', '/topics', { name: XSS, rules: [{ kind: 'keyword', pattern: 'onerror' }] });
  if (topic.status !== 201) throw new Error(`creating the XSS topic failed: ${topic.status} ${JSON.stringify(topic.body)}`);
  xssTopicId = topic.body.topic.id;
  await seedItems(h, BASE, SOURCE);
  await seedItems(h, DUPLICATES, SOURCE);
  const viewer = await h.api('POST', '/users', { ...VIEWER, role: 'viewer' });
  if (viewer.status !== 200) throw new Error(`creating the viewer failed: ${viewer.status} ${JSON.stringify(viewer.body)}`);
  const types = await h.api('GET', '/taxonomy/types');
  typeNames = new Map(types.body.types.map((t: any) => [t.key, t.name_ko]));
  typeNames.set('uncertain', '불확실');
  ({ page, errors: pageErrors } = await h.newPage());
  active = { page, errors: pageErrors };
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

/** Waits until the list is loaded and shows exactly the items with these ids (any order). */
async function waitForIds(p: Page, ids: string[], timeout = 20_000): Promise<void> {
  try {
    await p.waitForFunction(
      (want: string[]) => {
        const table = document.querySelector('[data-testid="items-table"]');
        if (!table || table.getAttribute('aria-busy') === 'true') return false;
        const have = [...document.querySelectorAll('[data-testid="item-row"]')].map((el) => el.getAttribute('data-item-id'));
        return have.length === want.length && [...have].sort().join(',') === [...want].sort().join(',');
      },
      ids,
      { timeout },
    );
  } catch (error) {
    const have = await p.$$eval('[data-testid="item-row"]', (els) => els.map((el) => el.getAttribute('data-item-id')));
    throw new Error(`rows did not become ${JSON.stringify(ids)}; page shows ${JSON.stringify(have)} at ${p.url()}\n${(error as Error).message}`);
  }
}

/** A whole-page screenshot from the top (the sticky header stays in place). */
async function pageShot(p: Page, name: string): Promise<void> {
  await p.evaluate(() => window.scrollTo(0, 0));
  await shot(p, name);
}

/** What the screen shows now (for the detail panel, which is fixed to the viewport). */
async function viewShot(p: Page, name: string): Promise<void> {
  await p.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), animations: 'disabled' });
}

const row = (p: Page, id: string) => p.locator(`[data-testid="item-row"][data-item-id="${id}"]`);

describe('labels (headless Chromium)', () => {
  it('shows type, topic and sentiment badges, filters by them, and follows a duplicate group', async () => {
    await signIn(page, '/items'); // the page these tests start from (home is /overview)
    await page.waitForSelector('[data-testid="item-row"]');
    const all = (await h.api('GET', `/items?limit=500&source=${SOURCE}`)).body.items as any[];
    expect(all).toHaveLength(BASE.length + DUPLICATES.length);

    // Every row on the first page carries a type badge (the taxonomy's Korean name) and a sentiment badge.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="item-row"] [data-testid="badge-type"]').length >= 50);
    const badges = await page.$$eval('[data-testid="item-row"]', (rows) =>
      rows.map((r) => ({
        id: r.getAttribute('data-item-id'),
        type: r.querySelector('[data-testid="badge-type"]')?.getAttribute('data-type'),
        typeText: r.querySelector('[data-testid="badge-type"]')?.textContent,
        sentiment: r.querySelector('[data-testid="badge-sentiment"]')?.textContent,
      })),
    );
    expect(badges.length).toBe(50);
    for (const b of badges) {
      const item = all.find((i) => i.id === b.id);
      expect(b.type).toBe(item.type);
      expect(b.typeText).toBe(typeNames.get(item.type));
      expect(['부정', '중립', '긍정']).toContain(b.sentiment);
    }

    // The markup item got the markup topic by its rule; both render as text.
    const xssItem = all.find((i) => i.external_id === 'L-XSS');
    expect(xssItem.topic_id).toBe(xssTopicId);
    expect(xssItem.topic_rule).toBe('keyword:onerror');
    const xssRow = row(page, xssItem.id);
    expect((await xssRow.locator('[data-testid="item-text"]').innerText()).trim()).toBe(XSS_ITEM_TEXT);
    expect((await xssRow.locator('[data-testid="badge-topic"]').innerText()).trim()).toBe(XSS);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await pageShot(page, 'labels-01-badges');

    // Filters: sentiment, type (kept in the URL), and "no topic".
    await page.selectOption('[data-testid="filter-sentiment"]', 'negative');
    await waitForUrl(page, (u) => u.searchParams.get('sentiment') === 'negative');
    const negative = all.filter((i) => i.sentiment === 'negative').map((i) => i.id);
    if (negative.length <= 50) await waitForIds(page, negative);
    await page.waitForFunction(() => {
      const s = [...document.querySelectorAll('[data-testid="item-row"] [data-testid="badge-sentiment"]')].map((el) => el.getAttribute('data-sentiment'));
      return s.length > 0 && s.every((v) => v === 'negative');
    });
    await page.selectOption('[data-testid="filter-sentiment"]', '');
    const someType = xssItem.type as string;
    await page.selectOption('[data-testid="filter-type"]', someType);
    await waitForUrl(page, (u) => u.searchParams.get('type') === someType && !u.searchParams.has('sentiment'));
    const ofType = all.filter((i) => i.type === someType).map((i) => i.id);
    if (ofType.length <= 50) await waitForIds(page, ofType);
    await page.reload();
    await page.waitForSelector('[data-testid="item-row"]');
    expect(await page.inputValue('[data-testid="filter-type"]')).toBe(someType);
    await page.click('[data-testid="filter-reset"]');
    await waitForUrl(page, (u) => u.search === '');
    await page.selectOption('[data-testid="filter-topic"]', xssTopicId);
    await waitForUrl(page, (u) => u.searchParams.get('topic') === xssTopicId);
    await waitForIds(page, [xssItem.id]);
    await page.click('[data-testid="filter-reset"]');
    await waitForUrl(page, (u) => u.search === '');

    // The duplicate group: L-DUP-1 and its two copies; the "중복" link on a row filters to it.
    const dup = all.find((i) => i.external_id === 'L-DUP-3');
    expect(dup.dup_group).toBeTruthy();
    const group = all.filter((i) => i.dup_group === dup.dup_group).map((i) => i.id);
    expect(group.length).toBe(3);
    expect(all.find((i) => i.external_id === 'L-DUP-1').dup_group).toBe(dup.dup_group);
    await row(page, dup.id).locator('[data-testid="badge-dup"]').click();
    await waitForUrl(page, (u) => u.searchParams.get('dup_group') === dup.dup_group);
    await waitForIds(page, group);
    // The row link filtered the list; it did not also open the item.
    expect(await page.locator('[data-testid="item-detail"]').count()).toBe(0);
    expect(await page.isVisible('[data-testid="filter-dup-group"]')).toBe(true);
    await pageShot(page, 'labels-02-dup-group');
    await page.click('[data-testid="filter-dup-group"]');
    await waitForUrl(page, (u) => !u.searchParams.has('dup_group'));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="item-row"]').length === 50);
    expect(pageErrors).toEqual([]);
  });

  it('corrects a type in the detail panel; the correction is marked and survives a reload', async () => {
    const target = await itemByExternalId('L-FEATURE');
    // "Add a dark mode" is a feature request, whatever the model said.
    const newType = target.type === 'feature_request' ? 'other' : 'feature_request';
    await row(page, target.id).locator('[data-testid="item-text"]').click();
    await page.waitForSelector(`[data-testid="item-detail"][data-item-id="${target.id}"] [data-testid="label-corrections"]`);
    const analysis = page.locator('[data-testid="item-analysis"]');
    expect(await analysis.locator('[data-testid="analysis-type"] .label-value').getAttribute('data-type')).toBe(target.type);
    expect(await page.locator('[data-testid="analysis-type-corrected"]').count()).toBe(0);
    expect(await analysis.locator('[data-testid="analysis-sentiment"]').innerText()).toMatch(/점수 [+−-]?\d\.\d\d|점수 0\.00/);
    expect(await analysis.locator('[data-testid="analysis-model"]').innerText()).toContain(target.model_version.split(' ')[0]);

    // Picking only marks it pending; 저장 saves it.
    await page.selectOption('[data-testid="correct-type"]', newType);
    await page.click('[data-testid="correct-type-save"]');
    await page.waitForSelector('[data-testid="correction-saved"]');
    await page.waitForSelector('[data-testid="analysis-type-corrected"]');
    expect(await analysis.locator('[data-testid="analysis-type"] .label-value').innerText()).toBe(typeNames.get(newType));
    // Marked once: the "수정됨" badge, not also "직접 수정" as its source.
    const typeRow = await analysis.locator('[data-testid="analysis-type"]').innerText();
    expect(typeRow).toContain('수정됨');
    expect(typeRow).not.toContain('직접 수정');
    // The row behind the panel follows.
    expect(await row(page, target.id).locator('[data-testid="badge-type"]').getAttribute('data-type')).toBe(newType);
    await viewShot(page, 'labels-03-corrected');

    const stored = await itemByExternalId('L-FEATURE');
    expect(stored.type).toBe(newType);
    expect(stored.type_source).toBe('correction');
    expect(stored.locked_labels).toContain('type');

    await page.reload();
    await page.waitForSelector(`[data-testid="item-detail"][data-item-id="${target.id}"] [data-testid="analysis-type-corrected"]`);
    expect(await page.locator('[data-testid="item-analysis"] [data-testid="analysis-type"] .label-value').getAttribute('data-type')).toBe(newType);
    expect(await page.inputValue('[data-testid="correct-type"]')).toBe(newType);

    // A sentiment saved by mistake, taken back with 되돌리기: the model's value and no lock, the type correction kept.
    const before = await itemByExternalId('L-FEATURE');
    const wrong = before.sentiment === 'positive' ? 'negative' : 'positive';
    await page.selectOption('[data-testid="correct-sentiment"]', wrong);
    await page.click('[data-testid="correct-sentiment-save"]');
    await page.waitForSelector('[data-testid="correction-undo"]');
    expect((await itemByExternalId('L-FEATURE')).sentiment).toBe(wrong);
    await page.click('[data-testid="correction-undo"]');
    await page.waitForSelector('[data-testid="correction-undone"]');
    expect(await page.inputValue('[data-testid="correct-sentiment"]')).toBe(before.sentiment);
    const undone = await itemByExternalId('L-FEATURE');
    expect(undone).toMatchObject({ sentiment: before.sentiment, sentiment_score: before.sentiment_score, type: newType });
    expect(undone.locked_labels).toEqual(['type']);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="item-detail"]', { state: 'detached' });
    expect(pageErrors).toEqual([]);
  });

  it('creates a topic with a keyword rule; items that come in after get it', async () => {
    await page.click('[data-testid="nav-topics"]');
    await waitForUrl(page, (u) => u.pathname === '/topics');
    await page.waitForSelector('[data-testid="topic-tree"]');
    // The markup topic name is text in the tree.
    const xssRow = page.locator(`[data-testid="topic-row"][data-topic-id="${xssTopicId}"]`);
    expect((await xssRow.locator('[data-testid="topic-name-text"]').innerText()).trim()).toBe(XSS);
    expect(await page.locator('img[src="x"]').count()).toBe(0);

    // Regexes run on a linear-time engine; what it cannot run (a lookahead) is refused, with the
    // pattern named and why.
    await page.fill('[data-testid="topic-name"]', REFUND_TOPIC);
    // A keyword another topic already has is flagged before saving: the older topic's rule fires first.
    await page.fill('[data-testid="topic-keywords"]', 'onerror 태그');
    await page.waitForSelector('[data-testid="topic-overlap"][data-kind="shadowed"]');
    expect(await page.innerText('[data-testid="topic-overlap"]')).toContain('이 토픽이 붙지 않습니다');
    await page.fill('[data-testid="topic-keywords"]', '환불\n');
    expect(await page.locator('[data-testid="topic-overlaps"]').count()).toBe(0);
    await page.fill('[data-testid="topic-regexes"]', '배송(?!완료)');
    await page.click('[data-testid="topic-create-submit"]');
    await page.waitForSelector('[data-testid="topic-rule-error"]');
    expect(await page.innerText('[data-testid="topic-rule-error"]')).toContain('배송(?!완료)');
    expect(await page.innerText('[data-testid="topic-rule-error"]')).toContain('전방·후방 탐색');
    // A pattern the engine cannot read is said in Korean, its English engine text kept after it.
    await page.fill('[data-testid="topic-regexes"]', '배송[완료');
    await page.click('[data-testid="topic-create-submit"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="topic-rule-error"]')?.textContent?.includes('배송[완료'));
    expect(await page.innerText('[data-testid="topic-rule-error"]')).toContain('올바른 정규식이 아닙니다');

    await page.fill('[data-testid="topic-regexes"]', '');
    await page.click('[data-testid="topic-create-submit"]');
    await page.waitForSelector('[data-testid="topic-created"]');
    const created = page.locator(`[data-testid="topic-row"][data-topic-name="${REFUND_TOPIC}"]`);
    await created.waitFor();
    expect(await created.locator('[data-testid="topic-rule"]').allInnerTexts()).toEqual(['키워드: 환불']);
    expect((await created.locator('[data-testid="topic-count"]').innerText()).trim()).toBe('0건');
    const topicId = (await created.getAttribute('data-topic-id'))!;

    // A child topic sits under its parent in the tree.
    await page.fill('[data-testid="topic-name"]', '환불 계좌');
    await page.selectOption('[data-testid="topic-parent"]', topicId);
    await page.fill('[data-testid="topic-keywords"]', '환불 계좌');
    await page.click('[data-testid="topic-create-submit"]');
    await page
      .locator(`[data-testid="topic-row"][data-topic-id="${topicId}"] + .topic-children [data-testid="topic-row"][data-topic-name="환불 계좌"]`)
      .waitFor();

    // The same name again: 409, said in words.
    await page.fill('[data-testid="topic-name"]', REFUND_TOPIC);
    await page.click('[data-testid="topic-create-submit"]');
    await page.waitForSelector('[data-testid="topic-form-error"]');
    expect(await page.innerText('[data-testid="topic-form-error"]')).toContain('이미 있습니다');
    await page.fill('[data-testid="topic-name"]', '');
    await pageShot(page, 'labels-04-topic-created');

    await seedItems(h, REFUNDS, SOURCE);
    const refundIds = await Promise.all(REFUNDS.map(async (r) => (await itemByExternalId(r.external_id)).id));
    await page.reload();
    await page.waitForFunction(
      ({ id, want }) =>
        document.querySelector(`[data-testid="topic-row"][data-topic-id="${id}"] [data-testid="topic-count"]`)?.textContent?.trim() === want,
      { id: topicId, want: `${REFUNDS.length}건` },
    );
    // The count links to the list filtered by the topic.
    await page.click(`[data-testid="topic-row"][data-topic-id="${topicId}"] [data-testid="topic-count"]`);
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('topic') === topicId);
    await waitForIds(page, refundIds);
    expect(await page.inputValue('[data-testid="filter-topic"]')).toBe(topicId);
    const topicBadges = await page.$$eval('[data-testid="item-row"] [data-testid="badge-topic"]', (els) => els.map((el) => el.textContent));
    expect(topicBadges).toEqual(REFUNDS.map(() => REFUND_TOPIC));
    await row(page, refundIds[0]).locator('[data-testid="item-text"]').click();
    await page.waitForSelector('[data-testid="analysis-topic-rule"]');
    expect(await page.innerText('[data-testid="analysis-topic-rule"]')).toContain('키워드: 환불');
    expect(await page.innerText('[data-testid="analysis-topic"]')).toContain('규칙');
    await viewShot(page, 'labels-05-rule-topic-detail');
    await page.keyboard.press('Escape');

    // "No topic" leaves out every item that has one.
    await page.click('[data-testid="filter-reset"]');
    await page.selectOption('[data-testid="filter-topic"]', 'none');
    await waitForUrl(page, (u) => u.searchParams.get('topic') === 'none');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="items-table"]')?.getAttribute('aria-busy') === 'false' &&
        document.querySelectorAll('[data-testid="item-row"]').length > 0 &&
        document.querySelectorAll('[data-testid="item-row"] [data-testid="badge-topic"]').length === 0,
    );

    // A subtopic's items count for its parent too, as the parent's link (topic=<parent>) lists them.
    await seedItems(h, [{ external_id: 'L-REFUND-ACCOUNT', channel: 'chat', created_at: ago(0, 1), text: '환불 계좌를 다른 은행으로 바꾸고 싶어요' }], SOURCE);
    const accountItem = await itemByExternalId('L-REFUND-ACCOUNT');
    expect(accountItem.topic_name).toBe('환불 계좌');
    await page.click('[data-testid="nav-topics"]');
    await waitForUrl(page, (u) => u.pathname === '/topics');
    const countOf = (id: string, want: string) =>
      page.waitForFunction(
        ({ id, want }) => document.querySelector(`[data-testid="topic-row"][data-topic-id="${id}"] [data-testid="topic-count"]`)?.textContent?.trim() === want,
        { id, want },
      );
    await countOf(topicId, `${REFUNDS.length + 1}건`);
    await countOf(accountItem.topic_id, '1건');
    await page.click(`[data-testid="topic-row"][data-topic-id="${topicId}"] [data-testid="topic-count"]`);
    await waitForUrl(page, (u) => u.pathname === '/items' && u.searchParams.get('topic') === topicId);
    await waitForIds(page, [...refundIds, accountItem.id]);
    expect(pageErrors).toEqual([]);
  });

  it('runs topic discovery on the themed items and promotes a cluster to a topic', async () => {
    await page.click('[data-testid="nav-topics"]');
    await waitForUrl(page, (u) => u.pathname === '/topics');
    await page.waitForSelector('[data-testid="discovered-empty"]');
    await page.click('[data-testid="discover-run"]');
    await page.waitForSelector('[data-testid="cluster"]');
    const clusters = (await h.api('GET', '/topics/discovered')).body.clusters as any[];
    expect(clusters.length).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="cluster"]').count()).toBe(clusters.length);

    // Examples: at most three distinct texts per cluster, sent with the clusters (no fetch per item).
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="cluster-examples"]').length === n,
      clusters.filter((c) => c.examples.length > 0).length,
    );
    for (const cluster of clusters) {
      const card = page.locator(`[data-testid="cluster"][data-cluster-id="${cluster.id}"]`);
      expect((await card.locator('[data-testid="cluster-name"]').innerText()).trim()).toBe(cluster.name);
      expect(await card.locator('[data-testid="cluster-keyword"]').allInnerTexts()).toEqual(cluster.keywords);
      expect((await card.locator('[data-testid="cluster-size"]').innerText()).trim()).toBe(`${cluster.size}건`);
      expect(await card.locator('[data-testid="cluster-example"]').count()).toBe(cluster.examples.length);
      expect(cluster.examples.length).toBeLessThanOrEqual(3);
      expect(await card.locator('[data-testid="cluster-verdict"]').getAttribute('data-verdict')).toBe(cluster.change.verdict);
      const direction = await card.locator('[data-testid="cluster-growth"]').getAttribute('data-direction');
      expect(direction).toBe(cluster.previous === 0 ? (cluster.recent > 0 ? 'new' : 'flat') : cluster.recent > cluster.previous ? 'up' : cluster.recent < cluster.previous ? 'down' : 'flat');
    }
    await pageShot(page, 'labels-06-discovered');

    // Promote the largest cluster under a new name.
    const biggest = clusters[0];
    const promotedName = `${biggest.keywords[0]} 문의 (발견)`;
    const card = page.locator(`[data-testid="cluster"][data-cluster-id="${biggest.id}"]`);
    await card.locator('[data-testid="cluster-promote"]').click();
    expect(await card.locator('[data-testid="promote-name"]').inputValue()).toBe(biggest.name);
    await card.locator('[data-testid="promote-name"]').fill(promotedName);
    // The cluster's specific keywords are offered as rules, ticked; the promotion keeps them.
    await card.locator('[data-testid="promote-rules"][aria-busy="false"]').waitFor();
    const ticked = await card.locator('[data-testid="promote-rule"][data-recommended="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-pattern')));
    await card.locator('[data-testid="promote-submit"]').click();
    await page.waitForSelector('[data-testid="promote-done"]');
    expect(await page.innerText('[data-testid="promote-done"]')).toContain(`인입 ${biggest.size}건`);
    await page.waitForSelector(`[data-testid="cluster"][data-cluster-id="${biggest.id}"][data-promoted="true"]`);
    const promoted = page.locator(`[data-testid="topic-row"][data-topic-name="${promotedName}"]`);
    await promoted.waitFor();
    const made = ((await h.api('GET', '/topics')).body.topics as any[]).find((t) => t.name === promotedName);
    expect(made.rules.map((r: any) => r.pattern)).toEqual(ticked);
    // Its members at least; with rules, items of the same wording outside the cluster join too.
    await page.waitForFunction(
      ({ name, want }) =>
        Number(document.querySelector(`[data-testid="topic-row"][data-topic-name="${name}"] [data-testid="topic-count"]`)?.textContent?.replace(/[^0-9]/g, '') ?? 0) >= want,
      { name: promotedName, want: biggest.size },
    );
    await pageShot(page, 'labels-07-promoted');
    expect(pageErrors).toEqual([]);
  });

  it('trains the topic model, then the type model from the corrections made so far', async () => {
    // The corrections made so far count towards the next automatic retraining (every 10 by default).
    const { retraining } = (await h.api('GET', '/models')).body;
    expect(retraining.after_corrections).toBe(10);
    expect(retraining.pending.type).toBeGreaterThan(0);
    expect(await page.innerText('[data-testid="training-type-pending"]')).toBe(`다음 자동 학습까지 수정 ${retraining.pending.type}/10건`);

    await page.click('[data-testid="train-topic"]');
    await page.waitForSelector('[data-testid="train-topic-result"]');
    const result = await page.innerText('[data-testid="train-topic-result"]');
    expect(result).toMatch(/검증 정확도 \d+(\.\d)?%|검증 정확도는 재지 않았습니다/);
    await page.waitForFunction(() => /topic/.test(document.querySelector('[data-testid="training-topic-current"]')?.textContent ?? ''));
    expect(await page.innerText('[data-testid="training-topic-current"]')).toContain('직접 학습');
    // Stored items are re-classified with the new model in the background; the page follows the run.
    await page.waitForFunction(() => /재분류 완료/.test(document.querySelector('[data-testid="reclassify-status"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const [run] = (await h.api('GET', '/reclassify')).body.runs as any[];
    expect(run).toMatchObject({ status: 'completed', reason: 'model_trained', tasks: ['topic'] });
    expect(await page.innerText('[data-testid="reclassify-status"]')).toContain(`${run.scanned.toLocaleString('ko-KR')}건 확인`);

    // A type the shipped model knows is learned from one or two corrections: the team's own are in the model.
    await page.click('[data-testid="train-type"]');
    await page.waitForSelector('[data-testid="train-type-result"]', { timeout: 60_000 });
    const trained = await page.innerText('[data-testid="train-type-result"]');
    const learned = Number(/직접 고친 라벨 (\d+)건/.exec(trained)?.[1]);
    expect(learned).toBeGreaterThanOrEqual(retraining.pending.type);
    await page.waitForFunction(() => document.querySelector('[data-testid="training-type-pending"]')?.textContent === '다음 자동 학습까지 수정 0/10건');
    await expect.poll(async () => ((await h.api('GET', '/reclassify')).body.runs as any[])[0], { timeout: 60_000 }).toMatchObject({ status: 'completed', tasks: ['type'] });
    await pageShot(page, 'labels-08-training');
    expect(pageErrors).toEqual([]);
  });

  it('a viewer sees the labels but no correction, topic or training controls', async () => {
    const viewer = await h.newPage();
    active = viewer;
    await signIn(viewer.page, '/items', VIEWER);
    await viewer.page.waitForSelector('[data-testid="item-row"]');
    // In English the taxonomy's English names and "Uncertain" show.
    await viewer.page.click('[data-testid="lang-switch-en"]');
    await viewer.page.waitForFunction(() => document.querySelector('[data-testid="nav-topics"]')?.textContent?.trim() === 'Topics');
    const all = (await h.api('GET', `/items?limit=50&source=${SOURCE}`)).body.items as any[];
    const types = (await h.api('GET', '/taxonomy/types')).body.types as any[];
    const englishName = (key: string) => (key === 'uncertain' ? 'Uncertain' : types.find((t) => t.key === key).name_en);
    const shownTypes = await viewer.page.$$eval('[data-testid="item-row"]', (rows) =>
      rows.map((r) => [r.getAttribute('data-item-id'), r.querySelector('[data-testid="badge-type"]')?.textContent]),
    );
    expect(shownTypes).toEqual(all.map((i) => [i.id, englishName(i.type)]));
    expect(await viewer.page.textContent('[data-testid="filter-topic"] option[value="none"]')).toBe('No topic');
    await viewer.page.click('[data-testid="lang-switch-ko"]');
    await viewer.page.waitForFunction(() => document.querySelector('[data-testid="nav-topics"]')?.textContent?.trim() === '토픽');
    const target = await itemByExternalId('L-FEATURE');
    await viewer.page.goto(`/items?item=${target.id}`);
    await viewer.page.waitForSelector('[data-testid="item-detail"] [data-testid="analysis-type-corrected"]');
    expect(await viewer.page.locator('[data-testid="label-corrections"]').count()).toBe(0);
    expect(await viewer.page.locator('[data-testid="correct-type"]').count()).toBe(0);
    await viewShot(viewer.page, 'labels-09-viewer-detail');

    // The server agrees: a viewer's correction is refused.
    const status = await viewer.page.evaluate(async (id) => {
      const res = await fetch(`/api/v1/items/${id}/labels`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'bug' }),
      });
      return res.status;
    }, target.id);
    expect(status).toBe(403);

    await viewer.page.keyboard.press('Escape');
    await viewer.page.click('[data-testid="nav-topics"]');
    await viewer.page.waitForSelector('[data-testid="topic-tree"]');
    await viewer.page.waitForSelector('[data-testid="cluster"]');
    expect(await viewer.page.locator('[data-testid="topic-create"]').count()).toBe(0);
    expect(await viewer.page.locator('[data-testid="topic-edit"], [data-testid="topic-archive"]').count()).toBe(0);
    expect(await viewer.page.locator('[data-testid="discover-run"], [data-testid="cluster-promote"]').count()).toBe(0);
    expect(await viewer.page.locator('[data-testid="train-type"], [data-testid="train-topic"], [data-testid="reclassify-start"]').count()).toBe(0);
    expect(await viewer.page.locator('img[src="x"]').count()).toBe(0);
    await pageShot(viewer.page, 'labels-10-viewer-topics');
    expect(viewer.errors).toEqual([]);
    await viewer.context.close();
    active = { page, errors: pageErrors };
  });

  it("edits a topic's rules in place, archives it and restores it", async () => {
    await page.goto('/topics');
    const refund = page.locator(`[data-testid="topic-row"][data-topic-name="${REFUND_TOPIC}"]`);
    await refund.locator('[data-testid="topic-edit"]').first().click();
    const form = refund.locator('[data-testid="topic-form-edit"]');
    expect(await form.locator('[data-testid="topic-keywords"]').inputValue()).toBe('환불');
    await form.locator('[data-testid="topic-keywords"]').fill('환불\n반품');
    await form.locator('[data-testid="topic-edit-submit"]').click();
    await form.waitFor({ state: 'detached' });
    await page.waitForFunction(
      (name) =>
        [...document.querySelectorAll(`[data-testid="topic-row"][data-topic-name="${name}"] > .topic-row-main [data-testid="topic-rule"]`)]
          .map((el) => el.textContent)
          .join('|') === '키워드: 환불|키워드: 반품',
      REFUND_TOPIC,
    );

    await refund.locator('[data-testid="topic-archive"]').first().click();
    await refund.locator('[data-testid="topic-unarchive"]').first().waitFor();
    expect(await refund.getAttribute('class')).toContain('is-archived');
    const stored = (await h.api('GET', '/topics')).body.topics.find((t: any) => t.name === REFUND_TOPIC);
    expect(stored.archived).toBe(true);
    await refund.locator('[data-testid="topic-unarchive"]').first().click();
    await refund.locator('[data-testid="topic-archive"]').first().waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('fits the topics page on a phone-sized screen without sideways scrolling', async () => {
    const phone = await h.newPage({ viewport: { width: 390, height: 844 } });
    active = phone;
    const [name, value] = h.adminCookie.split('=');
    await phone.context.addCookies([{ name, value, url: h.baseUrl }]);
    await phone.page.goto('/topics');
    await phone.page.waitForSelector('[data-testid="topic-tree"]');
    await phone.page.waitForSelector('[data-testid="cluster"] [data-testid="cluster-examples"]');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await pageShot(phone.page, 'labels-11-phone-topics');
    expect(phone.errors).toEqual([]);
    await phone.context.close();
    active = { page, errors: pageErrors };
  });
});
