/**
 * The Topics page's discovered topics in real headless Chromium (walkthrough s26): the clusters come
 * with their example texts in one answer — the page made one GET /items/{id} per example before,
 * ~120 on the demo — the examples are distinct texts, each cluster's growth carries the movers'
 * verdict, and "토픽으로 만들기" offers the cluster's specific keywords as rules, ticked.
 * Requests are counted, not timed.
 */
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, signIn, startHarness, storyHooks, type Harness } from './harness.js';

const DAY_MS = 86_400_000;
const ago = (days: number, minutes = 0) => new Date(Date.now() - days * DAY_MS - (3 * 60 + minutes) * 60_000).toISOString();

/** Five themes written several ways, over three weeks; one form sentence sent many times. */
const THEMES: { key: string; texts: string[] }[] = [
  { key: 'delivery', texts: ['택배가 일주일째 안 와요', '배송 예정일이 지났는데 택배가 안 왔어요', '배송이 너무 늦어요 언제 도착하나요', '택배사에 물어봐도 배송 위치를 모른대요'] },
  { key: 'crash', texts: ['앱이 자꾸 꺼져요 재설치해도 똑같아요', '업데이트 후 앱이 실행되지 않아요', '앱을 열면 바로 튕겨요 갤럭시입니다', '로그인 화면에서 앱이 멈춰요'] },
  { key: 'coupon', texts: ['쿠폰이 적용되지 않아요 할인 금액이 그대로예요', '할인 쿠폰 코드가 안 먹혀요', '결제할 때 쿠폰 할인이 빠져요', '쿠폰함에 있던 쿠폰이 사라졌어요'] },
  { key: 'points', texts: ['포인트 적립이 안 됐어요 확인 부탁드립니다', '구매 확정했는데 포인트 적립이 안 됐어요', '리뷰 포인트 적립이 누락됐어요', '포인트 적립 내역에 없어요'] },
  { key: 'form', texts: ['사이즈 교환 신청합니다 주문서 첨부했어요'] },
];

function items() {
  const channels = ['chat', 'board', 'email', 'phone'];
  const out = [];
  for (const theme of THEMES) {
    for (let n = 0; n < 30; n++) {
      out.push({
        external_id: `DISC-${theme.key}-${n}`,
        channel: channels[n % channels.length],
        created_at: ago(n % 3 === 0 ? 8 + (n % 12) : n % 7, n),
        text: theme.texts[n % theme.texts.length]!,
      });
    }
  }
  return out;
}

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;

beforeAll(async () => {
  h = await startHarness(items());
  const run = await h.api('POST', '/topics/discover', { days: 30 });
  if (run.status !== 200) throw new Error(`discovery failed: ${run.status} ${JSON.stringify(run.body)}`);
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('discovered topics on the Topics page (headless Chromium)', () => {
  it('shows every cluster’s examples from one answer: no request per example item', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    const api: string[] = [];
    page.on('request', (request: Request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/v1/')) api.push(`${request.method()} ${url.pathname}`);
    });
    await signIn(page, '/topics');
    const clusters = (await h.api('GET', '/topics/discovered')).body.clusters as {
      id: string;
      example_ids: string[];
      examples: { text: string }[];
      change: { verdict: string };
    }[];
    expect(clusters.length).toBeGreaterThanOrEqual(3);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="cluster-examples"]').length === n, clusters.filter((c) => c.examples.length).length);
    await page.waitForLoadState('networkidle');

    const itemFetches = api.filter((r) => /^GET \/api\/v1\/items\/\d+$/.test(r));
    const onTopics = api.slice(api.findIndex((r) => r.startsWith('GET /api/v1/topics')));
    // Before (s26): one GET /items/{id} per example shown, up to three per cluster.
    const before = clusters.reduce((n, c) => n + Math.min(3, c.example_ids.length), 0);
    console.log(`[topics page] ${clusters.length} clusters: ${onTopics.length} API requests after sign-in, ${itemFetches.length} item fetches (the per-example fetching made ${before} of them)`);
    expect(itemFetches).toEqual([]);
    expect(api.filter((r) => r === 'GET /api/v1/topics/discovered')).toHaveLength(1);
    expect(onTopics.length).toBeLessThanOrEqual(15);
    expect(before).toBeGreaterThan(onTopics.length);

    for (const cluster of clusters) {
      const card = page.locator(`[data-testid="cluster"][data-cluster-id="${cluster.id}"]`);
      const shown = await card.locator('[data-testid="cluster-example"]').allInnerTexts();
      // Distinct texts: the form sent 30 times is one example, not three of the same.
      expect(new Set(shown).size).toBe(shown.length);
      expect(shown.length).toBe(cluster.examples.length);
      expect(await card.locator('[data-testid="cluster-verdict"]').getAttribute('data-verdict')).toBe(cluster.change.verdict);
    }
    await shot(page, 'topics-discovered-examples');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('offers the cluster’s specific keywords as rules when promoting, and the new topic keeps them', async () => {
    const { page, errors } = await h.newPage();
    active = { page, errors };
    await signIn(page, '/topics');
    const clusters = (await h.api('GET', '/topics/discovered')).body.clusters as { id: string; name: string; keywords: string[] }[];
    const points = clusters.find((c) => c.keywords.some((k) => k.includes('포인트') || k.includes('적립')))!;
    expect(points).toBeDefined();
    const card = page.locator(`[data-testid="cluster"][data-cluster-id="${points.id}"]`);
    await card.locator('[data-testid="cluster-promote"]').click();
    await card.locator('[data-testid="promote-rules"][aria-busy="false"]').waitFor();
    const offered = await card.locator('[data-testid="promote-rule"]').evaluateAll((els) => els.map((e) => ({ pattern: e.getAttribute('data-pattern'), recommended: e.getAttribute('data-recommended') === 'true', checked: (e.querySelector('input') as HTMLInputElement).checked })));
    expect(offered.length).toBeGreaterThan(0);
    for (const o of offered) expect(o.checked).toBe(o.recommended);
    // The operator adds wordings of their own; one the cluster may already offer is kept once, not twice.
    const extras = ['적립 누락', '포인트 미지급 문의'];
    await card.locator('[data-testid="promote-rules-extra"]').fill(extras.join(', '));
    await shot(page, 'topics-promote-rules');
    await card.locator('[data-testid="promote-submit"]').click();
    await page.waitForSelector('[data-testid="promote-done"]');
    const topic = ((await h.api('GET', '/topics')).body.topics as { name: string; rules: { pattern: string }[] }[]).find((t) => t.name === points.name)!;
    expect(topic.rules.map((r) => r.pattern)).toEqual([...new Set([...offered.filter((o) => o.checked).map((o) => o.pattern), ...extras])]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
