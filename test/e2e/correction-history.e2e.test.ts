/**
 * 라벨 수정 기록 on the Topics page in real headless Chromium: empty before any correction; then
 * an operator's single-item correction, an admin's bulk correction (one of whose labels is
 * corrected again later) and older corrections past the first page are listed newest first with
 * when, who, what was set (names, not keys), how many, and sample texts (markup shown as text);
 * 더 보기 reads older ones; the bulk correction is undone through its confirm button and its row
 * says so while the other stays undoable; a viewer sees the list without buttons; English once.
 * The tests run in order on one admin page.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../web/src/format.js';
import { ADMIN, SHOTS_DIR, loginCookie, seedItems, shot, signIn, startHarness, storyHooks, type Harness } from './harness.js';

const SOURCE = 'e2e-history';
const XSS = '<img src=x onerror=alert(1)>';
const XSS_TEXT = `${XSS} 쿠폰 코드를 넣으면 이상한 글자가 보여요`;
const OPERATOR = { email: 'history-operator@sori.test', password: 'e2e-unyeong-pass-2026', name: '운영 담당자' };
const VIEWER = { email: 'history-viewer@sori.test', password: 'e2e-yeollam-pass-2026', name: '열람자' };
const TOPIC = '쿠폰 문의';
/** Older corrections, so the history has three pages (10 a page). */
const FILLERS = 22;
const PAGE = 10;
const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * HOUR).toISOString();

/** Ingested one call each, in this order: the markup item has the lowest id of the bulk's items (the sample is the first three by id). */
const XSS_ITEM = { external_id: 'H-XSS', channel: 'chat', created_at: at(9), text: XSS_TEXT };
const ITEMS = [
  { external_id: 'H-B', channel: 'board', created_at: at(8), text: '쿠폰을 적용했는데 할인 금액이 그대로예요' },
  { external_id: 'H-C', channel: 'email', created_at: at(7), text: '신규 가입 쿠폰이 쿠폰함에 안 보여요' },
  { external_id: 'H-D', channel: 'chat', created_at: at(6), text: '쿠폰 유효기간이 남았는데 만료됐다고 나와요' },
  { external_id: 'H-SINGLE', channel: 'app_store', kind: 'review', rating: 1, created_at: at(5), text: '결제 버튼을 눌러도 아무 반응이 없어요' },
  { external_id: 'H-FILLER', channel: 'survey', kind: 'survey_response', score: 7, created_at: at(4), text: '배송은 빨랐는데 포장이 조금 아쉬웠어요' },
];

let h: Harness;
let page: Page;
let pageErrors: string[];
let active: { page: Page; errors: string[] } | undefined;
let operatorCookie: string;
let couponTopic: string;
let ids: Record<string, string>;
let typeNames: Map<string, { ko: string; en: string }>;
let singleType: string;
let bulkId: string;
let singleId: string;
let recorrectId: string;

async function item(id: string): Promise<any> {
  return (await h.api('GET', `/items/${id}`)).body.item;
}
async function history(): Promise<any[]> {
  const res = await h.api('GET', '/labels/corrections?limit=100');
  if (res.status !== 200) throw new Error(`history failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.corrections;
}

/** The history has read its rows (not refreshing) and shows `count` of them. */
async function waitForHistory(p: Page, count: number): Promise<void> {
  try {
    await p.waitForFunction(
      (want: number) => {
        const list = document.querySelector('[data-testid="corrections-list"]');
        return !!list && list.getAttribute('aria-busy') !== 'true' && list.querySelectorAll('[data-testid="correction-row"]').length === want;
      },
      count,
      { timeout: 20_000 },
    );
  } catch (error) {
    const have = await p.locator('[data-testid="correction-row"]').count();
    throw new Error(`history did not show ${count} rows; it shows ${have} at ${p.url()}\n${(error as Error).message}`);
  }
}

/** The history section alone, from a whole-page capture (an element shot of a tall section catches the sticky header over it). */
async function sectionShot(p: Page, name: string, maxHeight = 100_000): Promise<void> {
  const clip = await p.locator('[data-testid="correction-history"]').evaluate((el, most) => {
    const r = el.getBoundingClientRect();
    return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: Math.min(r.height, most) };
  }, maxHeight);
  await p.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true, clip, animations: 'disabled' });
}

const rowOf = (p: Page, id: string) => p.locator(`[data-testid="correction-row"][data-id="${id}"]`);
const textOf = async (p: Page, id: string, testId: string) => ((await rowOf(p, id).locator(`[data-testid="${testId}"]`).textContent()) ?? '').replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  h = await startHarness([]);
  const topic = await h.api('POST', '/topics', { name: TOPIC });
  if (topic.status !== 201) throw new Error(`creating the topic failed: ${topic.status} ${JSON.stringify(topic.body)}`);
  couponTopic = topic.body.topic.id;
  await seedItems(h, [XSS_ITEM], SOURCE);
  await seedItems(h, ITEMS, SOURCE);
  const stored = (await h.api('GET', `/items?limit=50&source=${SOURCE}`)).body.items as any[];
  ids = Object.fromEntries(stored.map((i) => [i.external_id, i.id]));
  for (const user of [{ ...OPERATOR, role: 'operator' }, { ...VIEWER, role: 'viewer' }]) {
    const made = await h.api('POST', '/users', user);
    if (made.status !== 200) throw new Error(`creating ${user.email} failed: ${made.status} ${JSON.stringify(made.body)}`);
  }
  operatorCookie = await loginCookie(h.baseUrl, OPERATOR.email, OPERATOR.password);
  const types = (await h.api('GET', '/taxonomy/types')).body.types as any[];
  typeNames = new Map(types.map((t) => [t.key, { ko: t.name_ko, en: t.name_en }]));
  ({ page, errors: pageErrors } = await h.newPage());
  active = { page, errors: pageErrors };
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('label correction history (headless Chromium)', () => {
  it('says what the history is for while nothing has been corrected', async () => {
    await signIn(page, '/topics');
    await page.waitForSelector('[data-testid="corrections-empty"]');
    const empty = await page.textContent('[data-testid="corrections-empty"]');
    expect(empty).toContain('아직 라벨을 고친 적이 없습니다');
    expect(empty).toContain('인입 목록');
    expect(empty).toContain('다음 모델 학습');
    expect(await page.textContent('#corrections-title')).toBe('라벨 수정 기록');
    // After 모델 학습, before 재분류.
    const order = await page.$$eval('[data-testid="topics-page"] > section', (sections) => sections.map((s) => s.getAttribute('data-testid')));
    expect(order.indexOf('correction-history')).toBe(order.indexOf('model-training') + 1);
    expect(await page.locator('[data-testid="corrections-more"]').count()).toBe(0);
  });

  it('lists an operator’s single correction and an admin’s bulk correction newest first: when, who, what, how many, with samples', async () => {
    // Older corrections first: one item's sentiment, back and forth (each corrects the one before again).
    const filler = ids['H-FILLER'];
    let sentiment = (await item(filler)).sentiment === 'positive' ? 'neutral' : 'positive';
    for (let i = 0; i < FILLERS; i++) {
      const res = await h.api('PATCH', `/items/${filler}/labels`, { sentiment });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.batch_id).toBeTruthy();
      sentiment = sentiment === 'positive' ? 'neutral' : 'positive';
    }
    // The operator corrects one item's type.
    singleType = (await item(ids['H-SINGLE'])).type === 'bug' ? 'billing' : 'bug';
    const single = await h.api('PATCH', `/items/${ids['H-SINGLE']}/labels`, { type: singleType }, operatorCookie);
    expect(single.status, JSON.stringify(single.body)).toBe(200);
    singleId = single.body.batch_id;
    // The admin gives four coupon complaints (the markup one among them) the topic and a negative sentiment.
    const bulk = await h.api('POST', '/items/labels', { ids: [ids['H-XSS'], ids['H-B'], ids['H-C'], ids['H-D']], topic_id: couponTopic, sentiment: 'negative' });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    expect(bulk.body.changed.topic).toBe(4);
    bulkId = bulk.body.batch_id;
    // Later one of them loses its topic again: that label is no longer the bulk correction's to undo.
    const recorrect = await h.api('PATCH', `/items/${ids['H-C']}/labels`, { topic_id: null }, operatorCookie);
    expect(recorrect.status, JSON.stringify(recorrect.body)).toBe(200);
    recorrectId = recorrect.body.batch_id;

    const api = await history();
    expect(api.map((c) => c.id).slice(0, 3)).toEqual([recorrectId, bulkId, singleId]);
    const bulkEntry = api.find((c) => c.id === bulkId);
    const singleEntry = api.find((c) => c.id === singleId);
    expect(bulkEntry.items).toBe(4);
    expect(bulkEntry.undoable).toBe(bulkEntry.changed - 1);

    await page.goto('/topics');
    await waitForHistory(page, PAGE);
    const shownIds = await page.$$eval('[data-testid="correction-row"]', (rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(shownIds).toEqual(api.slice(0, PAGE).map((c) => c.id));

    // The bulk correction: the topic by its name and the sentiment by its word, by the admin, 4 items.
    const what = await textOf(page, bulkId, 'correction-what');
    expect(what).toContain(`토픽 → ${TOPIC}`);
    expect(what).toContain('감정 → 부정');
    expect(what).not.toContain('negative');
    expect(await textOf(page, bulkId, 'correction-by')).toBe(ADMIN.email);
    expect(await textOf(page, bulkId, 'correction-count')).toBe(`인입 4건 · 라벨 ${bulkEntry.changed}개 변경`);
    const when = await rowOf(page, bulkId).locator('time').textContent();
    expect(when).toBe(formatDateTime(bulkEntry.created_at, 'ko-KR', 'Asia/Seoul'));
    expect(await textOf(page, bulkId, 'correction-partly')).toBe('그 뒤 다시 고친 라벨 1개는 되돌리지 않습니다.');
    // Three samples, the markup one as literal text (and no element made of it).
    const samples = await rowOf(page, bulkId).locator('[data-testid="correction-sample"]').allTextContents();
    expect(samples).toHaveLength(3);
    expect(samples).toContain(XSS_TEXT);
    expect(samples).toContain(ITEMS[0].text);
    expect(await page.locator('[data-testid="correction-history"] img').count()).toBe(0);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    // A sample opens its item.
    expect(await rowOf(page, bulkId).locator('[data-testid="correction-sample"] a').first().getAttribute('href')).toMatch(/^\/items\?item=\d+/);

    // The operator's correction: the type's Korean name, never its key.
    const singleWhat = await textOf(page, singleId, 'correction-what');
    expect(singleWhat).toBe(`문의 유형 → ${typeNames.get(singleType)!.ko}`);
    expect(await textOf(page, singleId, 'correction-by')).toBe(OPERATOR.email);
    expect(await textOf(page, singleId, 'correction-count')).toBe('인입 1건 · 라벨 1개 변경');
    expect(await rowOf(page, singleId).locator('[data-testid="correction-sample"]').allTextContents()).toEqual([ITEMS[3].text]);
    expect(await rowOf(page, singleId).locator('time').textContent()).toBe(formatDateTime(singleEntry.created_at, 'ko-KR', 'Asia/Seoul'));

    // The topic taken away says so.
    expect(await textOf(page, recorrectId, 'correction-what')).toBe('토픽 → 토픽 없음');

    // Undo buttons on what can still be undone; an older filler corrected again since has none and says why.
    for (const id of [recorrectId, bulkId, singleId]) expect(await rowOf(page, id).locator('[data-testid="correction-undo"]').count()).toBe(1);
    const oldFiller = api[5].id;
    expect(await rowOf(page, oldFiller).locator('[data-testid="correction-undo"]').count()).toBe(0);
    expect(await textOf(page, oldFiller, 'correction-nothing')).toContain('되돌릴 라벨이 없습니다');

    await sectionShot(page, 'correction-history-01-list');
  });

  it('reads older corrections with 더 보기', async () => {
    const total = FILLERS + 3;
    await page.click('[data-testid="corrections-more"]');
    await waitForHistory(page, 2 * PAGE);
    await page.click('[data-testid="corrections-more"]');
    await waitForHistory(page, total);
    const shownIds = await page.$$eval('[data-testid="correction-row"]', (rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(shownIds).toEqual((await history()).map((c) => c.id));
    expect(new Set(shownIds).size).toBe(total);
    expect(await page.locator('[data-testid="corrections-more"]').count()).toBe(0);
  });

  it('undoes the bulk correction after asking: its row says it was undone, the other stays undoable', async () => {
    const before = (await history()).find((c) => c.id === bulkId);
    const button = rowOf(page, bulkId).locator('[data-testid="correction-undo"]');
    await button.click();
    const question = await rowOf(page, bulkId).locator('[data-testid="correction-undo-question"]').textContent();
    expect(question).toContain(`라벨 ${before.undoable}개를 고치기 전 값으로 되돌릴까요?`);
    expect(question).toContain('그 뒤 다시 고친 라벨 1개는 지금 값 그대로 둡니다.');
    expect(await button.textContent()).toBe('되돌리기 확인');
    await rowOf(page, bulkId).screenshot({ path: path.join(SHOTS_DIR, 'correction-history-02-question.png') });
    // Nothing changed yet.
    expect((await item(ids['H-B'])).topic_id).toBe(couponTopic);
    await button.click();

    await rowOf(page, bulkId).locator('[data-testid="correction-undo-result"]').waitFor();
    const result = await textOf(page, bulkId, 'correction-undo-result');
    expect(result).toContain(`되돌렸습니다: 라벨 ${before.undoable}개를 고치기 전 값으로 돌려놓았습니다.`);
    expect(result).toContain('그 뒤 다시 고친 라벨 1개는 지금 값 그대로 두었습니다.');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('correction-undo-result');
    // The list is read again (the pages opened stay): the row says who undid it and when.
    await page.waitForFunction(
      (id) => !!document.querySelector(`[data-testid="correction-row"][data-id="${id}"] [data-testid="correction-undone"]`),
      bulkId,
    );
    await waitForHistory(page, FILLERS + 3);
    const after = (await history()).find((c) => c.id === bulkId);
    expect(after.undone_at).not.toBeNull();
    expect(after.undoable).toBe(0);
    expect(await rowOf(page, bulkId).getAttribute('data-undone')).toBe('true');
    expect(await textOf(page, bulkId, 'correction-undone-badge')).toBe('되돌림');
    expect(await textOf(page, bulkId, 'correction-undone')).toBe(
      `${ADMIN.email} 님이 되돌림 · ${formatDateTime(after.undone_at, 'ko-KR', 'Asia/Seoul')} · 라벨 ${after.undone_labels}개`,
    );
    expect(await rowOf(page, bulkId).locator('[data-testid="correction-undo"]').count()).toBe(0);
    // The items are back as they were; the one corrected again since kept its later value.
    expect((await item(ids['H-B'])).topic_id).not.toBe(couponTopic);
    expect((await item(ids['H-C'])).topic_id).toBeNull();
    // The other corrections can still be undone.
    expect(await rowOf(page, singleId).getAttribute('data-undone')).toBe('false');
    expect(await rowOf(page, singleId).locator('[data-testid="correction-undo"]').count()).toBe(1);
    expect(await rowOf(page, recorrectId).locator('[data-testid="correction-undo"]').count()).toBe(1);

    await sectionShot(page, 'correction-history-03-undone', 560);
    await shot(page, 'correction-history-04-page');
    expect(pageErrors).toEqual([]);
  });

  it('says so when someone else undid a correction first, and shows who', async () => {
    // The operator takes their own correction back elsewhere while this page still offers 되돌리기.
    const elsewhere = await h.api('POST', '/items/labels/undo', { batch_id: singleId }, operatorCookie);
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(200);
    const button = rowOf(page, singleId).locator('[data-testid="correction-undo"]');
    await button.click();
    await button.click();
    await rowOf(page, singleId).locator('[data-testid="correction-already-undone"]').waitFor();
    expect(await textOf(page, singleId, 'correction-already-undone')).toBe('이미 되돌린 수정입니다. 목록을 새로 읽었습니다.');
    await page.waitForFunction(
      (id) => document.querySelector(`[data-testid="correction-row"][data-id="${id}"]`)?.getAttribute('data-undone') === 'true',
      singleId,
    );
    expect(await textOf(page, singleId, 'correction-undone')).toContain(`${OPERATOR.email} 님이 되돌림`);
    expect(await rowOf(page, singleId).locator('[data-testid="correction-undo"]').count()).toBe(0);
    expect(await rowOf(page, recorrectId).locator('[data-testid="correction-undo"]').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('shows a viewer the history without undo buttons', async () => {
    // On a phone's width.
    const viewer = await h.newPage({ viewport: { width: 390, height: 844 } });
    active = viewer;
    await signIn(viewer.page, '/topics', VIEWER);
    await waitForHistory(viewer.page, PAGE);
    await sectionShot(viewer.page, 'correction-history-06-viewer-phone', 900);
    // Nothing wider than the screen.
    expect(await viewer.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await viewer.page.locator('[data-testid="correction-undo"]').count()).toBe(0);
    expect(await rowOf(viewer.page, bulkId).getAttribute('data-undone')).toBe('true');
    expect(await rowOf(viewer.page, recorrectId).getAttribute('data-undone')).toBe('false');
    expect(await textOf(viewer.page, singleId, 'correction-what')).toBe(`문의 유형 → ${typeNames.get(singleType)!.ko}되돌림`);
    expect(await viewer.page.locator('[data-testid="correction-history"] img').count()).toBe(0);
    expect(viewer.errors).toEqual([]);
    await viewer.context.close();
    active = { page, errors: pageErrors };
  });

  it('speaks English after the language switch', async () => {
    await page.click('[data-testid="lang-switch-en"]');
    await page.waitForFunction(() => document.querySelector('#corrections-title')?.textContent === 'Label correction history');
    expect(await textOf(page, singleId, 'correction-what')).toBe(`Type → ${typeNames.get(singleType)!.en}Undone`);
    expect(await textOf(page, bulkId, 'correction-undone-badge')).toBe('Undone');
    expect(await textOf(page, recorrectId, 'correction-what')).toBe('Topic → No topic');
    expect(await textOf(page, recorrectId, 'correction-count')).toBe('Items: 1 · labels changed: 1');
    await sectionShot(page, 'correction-history-05-en', 560);
    await page.click('[data-testid="lang-switch-ko"]');
    await page.waitForFunction(() => document.querySelector('#corrections-title')?.textContent === '라벨 수정 기록');
    expect(pageErrors).toEqual([]);
  });

  // Last, so that what it finds does not skip the story above: an undone correction is the row
  // where context matters most, and it should keep saying what it changed.
  it('keeps an undone correction’s item count and samples', async () => {
    const entry = (await history()).find((c) => c.id === bulkId);
    // Every label it changed was put back but the one corrected again since.
    expect({ items: entry.items, samples: entry.sample.length, undone_labels: entry.undone_labels }).toEqual({ items: 4, samples: 3, undone_labels: entry.changed - 1 });
    expect(await textOf(page, bulkId, 'correction-count')).toBe(`인입 4건 · 라벨 ${entry.changed}개 변경`);
    expect(await rowOf(page, bulkId).locator('[data-testid="correction-sample"]').count()).toBe(3);
  });
});
