/**
 * Model approval on the Topics page in real headless Chromium (labels/model-gate.ts): an automatic
 * retraining that cannot be shown to be no worse than the model in use is held — the model card
 * says why and what it would relabel, stored items keep their labels — an admin applies it with
 * 적용, and goes back with 이전 모델로 되돌리기 — whose question first shows what going back would
 * relabel (the same preview), and the rollback then writes exactly that. Operators' corrections never
 * move. A topic named with markup is shown as text.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SOURCE, XSS_TEXT, shot, signIn, startHarness, storyHooks, type Harness } from './harness.js';

const created = (n: number) => new Date(Date.now() - (2 + (n % 5)) * 86_400_000).toISOString();
const DELIVERY = ['택배가 일주일째 안 와요', '배송 예정일이 지났는데 택배가 안 왔어요', '배송이 너무 늦어요 언제 도착하나요', '택배사에 물어봐도 배송 위치를 모른대요'];
const REFUND = ['환불 요청합니다 카드 취소해 주세요', '환불이 아직 안 들어왔어요', '반품했는데 환불은 언제 되나요', '결제 취소 후 환불 금액이 달라요'];
const OTHER = ['앱이 자꾸 꺼져요', '비밀번호를 잊어버렸어요', '회원 정보 수정 방법 알려주세요', '고객센터 운영 시간이 궁금해요', '알림이 너무 많이 와요', '사이즈 문의드립니다', '이벤트 참여 방법 알려주세요'];

function items() {
  const out = [];
  for (let n = 0; n < 12; n++) out.push({ external_id: `MG-d-${n}`, channel: 'chat', created_at: created(n), text: `${DELIVERY[n % 4]} (${n})` });
  // Only the four refund inquiries the operators correct: look-alikes nobody corrected would teach the model "no topic" for them.
  for (let n = 0; n < 4; n++) out.push({ external_id: `MG-r-${n}`, channel: 'chat', created_at: created(n), text: `${REFUND[n % 4]} (${n})` });
  for (let n = 0; n < 28; n++) out.push({ external_id: `MG-o-${n}`, channel: 'board', created_at: created(n), text: `${OTHER[n % 7]} ${n}` });
  return out;
}

let h: Harness;
let active: { page: Page; errors: string[] } | undefined;
const ids = new Map<string, string>();
let delivery = '';
let refund = '';
interface Model { id: string; task: string; status: string; hold_reason: string | null }
const topicModels = async () => ((await h.api('GET', '/models')).body.models as Model[]).filter((m) => m.task === 'topic');
const waitFor = async <T>(what: string, get: () => Promise<T | undefined>): Promise<T> => {
  for (let i = 0; i < 600; i++) {
    const value = await get();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};
const topicsOf = async () => {
  const listed = (await h.api('GET', '/items?limit=200')).body.items as { external_id: string; topic_id: string | null; locked_labels?: string[] }[];
  return new Map(listed.map((i) => [i.external_id, i.topic_id]));
};
const runCount = async () => ((await h.api('GET', '/reclassify')).body.runs as unknown[]).length;
/** Waits for `count` re-classification runs, none running (a run starts just after the answer that asked for it). */
const idle = (count: number) =>
  waitFor('re-classification', async () => {
    const runs = (await h.api('GET', '/reclassify')).body.runs as { status: string }[];
    return (runs.length >= count && runs.every((r) => r.status !== 'running')) || undefined;
  });

beforeAll(async () => {
  h = await startHarness(items(), { env: { SORI_RETRAIN_AFTER_CORRECTIONS: '3' } });
  const listed = (await h.api('GET', '/items?limit=200')).body.items as { id: string; external_id: string }[];
  for (const item of listed) ids.set(item.external_id, item.id);
  delivery = (await h.api('POST', '/topics', { name: '배송 지연' })).body.topic.id;
  refund = (await h.api('POST', '/topics', { name: XSS_TEXT.slice(0, 40) })).body.topic.id;
  // Operators correct delivery inquiries: the first topic model is trained by itself and held (nothing
  // to compare it with); an admin applied it.
  const first = await h.api('POST', '/items/labels', { ids: [0, 1, 2, 3].map((n) => ids.get(`MG-d-${n}`)), topic_id: delivery });
  if (first.status !== 200) throw new Error(`correction failed: ${first.status} ${JSON.stringify(first.body)}`);
  const firstHeld = await waitFor('the first topic model', async () => (await topicModels()).find((m) => m.status === 'candidate'));
  if (firstHeld.hold_reason !== 'first_model') throw new Error(`the first model was held as ${firstHeld.hold_reason}`);
  const runsBefore = await runCount();
  const applied = await h.api('POST', `/models/${firstHeld.id}/approve`);
  if (applied.status !== 200) throw new Error(`approve failed: ${applied.status} ${JSON.stringify(applied.body)}`);
  await idle(runsBefore + 1);
  // Then refund inquiries: the next retraining has too few held-out items to compare — held.
  await h.api('POST', '/items/labels', { ids: [0, 1, 2, 3].map((n) => ids.get(`MG-r-${n}`)), topic_id: refund });
  await waitFor('a held topic model', async () => ((await topicModels()).some((m) => m.status === 'candidate') ? true : undefined));
  // Refund inquiries arrive meanwhile, labelled by the model in use (it knows no refund topic).
  const arriving = REFUND.flatMap((text, i) => [0, 1].map((r) => ({ source: SEED_SOURCE, external_id: `MG-n-${i}-${r}`, channel: 'chat', created_at: created(i + r), text: `${text} 빨리 ${r ? '확인' : '처리'} 부탁해요` })));
  const sent = await h.api('POST', '/items', { items: arriving });
  if (sent.status !== 200) throw new Error(`ingest failed: ${sent.status} ${JSON.stringify(sent.body)}`);
});

storyHooks(() => active);

afterAll(async () => {
  await h?.close();
});

describe('model approval on the Topics page (headless Chromium)', () => {
  let before: Map<string, string | null>;
  let firstModel: Model;
  let held: Model;

  it('shows the held model: why, what it would relabel, and 적용 / 버리기 — stored items unchanged', async () => {
    const models = await topicModels();
    held = models.find((m) => m.status === 'candidate')!;
    firstModel = models.find((m) => m.status === 'active')!;
    expect(held.hold_reason).toBe('no_comparison');
    before = await topicsOf();
    // Nothing relabelled by the held model: no uncorrected inquiry has the refund topic.
    expect([...before.entries()].filter(([ext, topic]) => !/^MG-r-[0-3]$/.test(ext) && topic === refund)).toEqual([]);

    const { page, errors } = await h.newPage();
    active = { page, errors };
    await signIn(page, '/topics');
    const card = page.locator('[data-testid="model-candidate-topic"]');
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('비교할 검증 인입이 부족해');
    const impact = page.locator('[data-testid="model-candidate-topic-impact"]');
    await expect.poll(() => impact.textContent()).toMatch(/최근 인입 \d+건 중 \d+건의 토픽이 바뀝니다/);
    const preview = (await h.api('GET', `/models/${held.id}/impact`)).body as { changed: number; moves: Record<string, number> };
    expect(preview.changed).toBeGreaterThan(0);
    // The topic named with markup is text on the page, never markup.
    expect(preview.moves[`none>${refund}`]).toBeGreaterThan(0);
    await expect.poll(() => impact.textContent()).toContain('<img src=x');
    // Relabelling rewrites past numbers too: said under the preview.
    expect(await page.locator('[data-testid="model-candidate-topic-past"]').textContent()).toContain('지난 기간의 토픽별 숫자');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await shot(page, 'model-approval-held');
    await page.locator('[data-testid="model-training"]').screenshot({ path: 'test-output/e2e/model-approval-card.png' });
    expect(errors).toEqual([]);
  });

  it('applies it with 적용: the candidate is in use and stored items are re-classified; corrections stay', async () => {
    const page = active!.page;
    const runsBefore = await runCount();
    await page.click('[data-testid="model-approve-topic"]');
    await page.locator('[data-testid="model-approve-topic-question"]').waitFor();
    expect(await page.locator('[data-testid="model-approve-topic-question"]').textContent()).toContain('지난 기간의 토픽별 숫자');
    await page.click('[data-testid="model-approve-topic"]');
    await page.locator('[data-testid="model-gate-topic-done"]').waitFor();
    expect(await page.locator('[data-testid="model-gate-topic-done"]').textContent()).toContain('적용했습니다');
    await expect.poll(async () => (await topicModels()).find((m) => m.status === 'active')?.id).toBe(held.id);
    await idle(runsBefore + 1);
    const after = await topicsOf();
    for (const n of [0, 1, 2, 3]) {
      expect(after.get(`MG-d-${n}`)).toBe(delivery);
      expect(after.get(`MG-r-${n}`)).toBe(refund);
    }
    // The arriving refund inquiries got the refund topic.
    expect([...after.entries()].filter(([ext, topic]) => ext.startsWith('MG-n-') && topic === refund).length).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="model-candidate-topic"]').count()).toBe(0);
    expect(active!.errors).toEqual([]);
  });

  it('goes back with 이전 모델로 되돌리기: the first model again, its labels on uncorrected items, corrections kept', async () => {
    const page = active!.page;
    const runsBefore = await runCount();
    const beforeRollback = await topicsOf();
    const rollback = page.locator('[data-testid="model-rollback-topic"]');
    await rollback.waitFor();
    await rollback.click();
    const question = page.locator('[data-testid="model-rollback-topic-question"]');
    await question.waitFor();
    expect(await question.textContent()).toContain('지난 기간의 토픽별 숫자');
    // Before anything is relabelled, the question says what going back would change: the first
    // model's labels on the items nobody corrected (the arriving refund inquiries lose their topic,
    // named with markup: shown as text), and that corrections never move.
    const impact = page.locator('[data-testid="model-rollback-topic-impact"]');
    await expect.poll(() => impact.textContent()).toMatch(/되돌리면 최근 인입 \d+건 중 \d+건의 토픽이 바뀝니다/);
    const preview = (await h.api('GET', '/models/rollback/impact?task=topic')).body as { model_id: string; sampled: number; changed: number; moves: Record<string, number> };
    expect(preview.model_id).toBe(firstModel.id);
    expect(Object.keys(preview.moves).filter((move) => move.startsWith(`${refund}>`)).length).toBeGreaterThan(0);
    expect(await impact.textContent()).toContain(`최근 인입 ${preview.sampled}건 중 ${preview.changed}건의 토픽이 바뀝니다`);
    expect(await impact.textContent()).toContain('<img src=x');
    expect(await impact.textContent()).toContain('직접 고친 라벨은 세지 않았고, 바뀌지도 않습니다');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // Asking changed nothing yet.
    expect(await runCount()).toBe(runsBefore);
    expect((await topicModels()).find((m) => m.status === 'active')?.id).toBe(held.id);
    await shot(page, 'model-approval-rollback-preview');
    await rollback.click();
    await page.locator('[data-testid="model-gate-topic-done"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="model-gate-topic-done"]').textContent()).toContain('되돌렸습니다');
    await expect.poll(async () => (await topicModels()).find((m) => m.status === 'active')?.id).toBe(firstModel.id);
    // The panel shows the new state at once, without a reload: the first model is in use again.
    const firstVersion = ((await h.api('GET', '/models')).body.models as { id: string; version: string }[]).find((m) => m.id === firstModel.id)!.version;
    await expect.poll(() => page.locator('[data-testid="training-topic-current"]').textContent(), { timeout: 15_000 }).toContain(firstVersion);
    await idle(runsBefore + 1);
    const after = await topicsOf();
    for (const [ext, topic] of after) {
      if (/^MG-[dr]-[0-3]$/.test(ext)) expect(topic, ext).toBe(ext.startsWith('MG-d') ? delivery : refund);
      else expect(topic, ext).toBe(before.get(ext));
    }
    // What the question said is what was written (every item was in the preview's sample).
    const moved: Record<string, number> = {};
    for (const [ext, topic] of after) {
      const from = beforeRollback.get(ext) ?? null;
      if (from !== topic) moved[`${from ?? 'none'}>${topic ?? 'none'}`] = (moved[`${from ?? 'none'}>${topic ?? 'none'}`] ?? 0) + 1;
    }
    expect(moved).toEqual(preview.moves);
    // From the first model, the way back is to the default (topic rules alone).
    await expect.poll(() => page.locator('[data-testid="model-rollback-topic"]').textContent()).toContain('기본 모델로 되돌리기');
    await shot(page, 'model-approval-rolled-back');
    expect(active!.errors).toEqual([]);
  });
});
