import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace } from '../store/queries/workspaces.js';
import { retrainWhenDue } from './auto-train.js';

/** Corrections retrain the workspace's models by themselves once enough have arrived (here: 3). */
describe(`automatic retraining after corrections (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  let workspaceId: number;
  const logged: string[] = [];

  const bearer = (t: string) => ({ Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' });
  const get = async <T>(path: string): Promise<T> => (await app.request(path, { headers: bearer(tokens.read) })).json() as Promise<T>;
  const correct = (id: string, body: Record<string, unknown>) =>
    app.request(`/api/v1/items/${id}/labels`, { method: 'PATCH', headers: bearer(tokens.admin), body: JSON.stringify(body) });
  // Joins the background training the last correction started (or finds nothing due).
  const settled = (task: 'type' | 'topic') => retrainWhenDue(db, workspaceId, task, { threshold: 3, onTrained: () => undefined, onError: () => undefined });

  interface Models {
    models: { id: string; task: string; version: string; status: string; hold_reason: string | null; metrics: { trigger?: string; corrections?: number } }[];
    retraining: { after_corrections: number; pending: { type: number; topic: number } };
  }

  const texts = [
    '포인트 적립이 안 됐어요. 지난주 주문 건 확인 부탁드립니다',
    '적립금이 사라졌어요 어떻게 된 건가요',
    '포인트가 두 번 차감됐습니다 확인해 주세요',
    '멤버십 포인트 소멸 예정 안내를 못 받았어요',
    '적립 포인트가 주문 취소 후에도 안 돌아왔어요',
    '이벤트 포인트 지급이 누락됐습니다',
  ];
  let items: { id: string; type: string }[] = [];

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens } = await buildTestApp(db, { env: { SORI_RETRAIN_AFTER_CORRECTIONS: '3' }, log: (msg) => logged.push(msg) }));
    workspaceId = (await ensureWorkspace(db, { slug: 'default', name: '기본 워크스페이스' })).id;
    const res = await app.request('/api/v1/items', {
      method: 'POST',
      headers: bearer(tokens.ingest),
      body: JSON.stringify({ items: texts.map((text, i) => buildItem({ external_id: `pt-${i}`, text })) }),
    });
    expect(res.status).toBe(200);
    const listed = await get<{ items: { id: string; external_id: string; type: string }[] }>('/api/v1/items?limit=50');
    items = texts.map((_, i) => listed.items.find((it) => it.external_id === `pt-${i}`)!);
  });
  afterAll(() => close());

  it('trains the type model in the background at the third correction, then not again until three more', async () => {
    // A type none of the items has now, so every correction is a real change.
    const target = ['account', 'billing', 'delivery', 'question'].find((t) => items.every((i) => i.type !== t))!;
    for (const item of items.slice(0, 2)) expect((await correct(item.id, { type: target })).status).toBe(200);
    await settled('type');
    let state = await get<Models>('/api/v1/models');
    expect(state.models).toEqual([]);
    expect(state.retraining).toEqual({ after_corrections: 3, pending: { type: 2, topic: 0 } });

    expect((await correct(items[2]!.id, { type: target })).status).toBe(200);
    await settled('type');
    state = await get<Models>('/api/v1/models');
    expect(state.models).toHaveLength(1);
    // Three corrections are too few to hold any out: nothing shows the first model is no worse than the
    // shipped one, so it waits for an admin (labels/model-gate.ts) and relabels nothing meanwhile.
    expect(state.models[0]).toMatchObject({ task: 'type', status: 'candidate', hold_reason: 'first_model', metrics: { trigger: 'corrections', corrections: 3 } });
    expect(state.retraining.pending.type).toBe(0);
    expect((await get<{ runs: unknown[] }>('/api/v1/reclassify')).runs).toEqual([]);
    const approved = await app.request(`/api/v1/models/${state.models[0]!.id}/approve`, { method: 'POST', headers: bearer(tokens.admin) });
    expect(approved.status).toBe(200);

    // Applied, the new model re-labels the stored items: a run for it is recorded.
    let runs: { reason: string; status: string }[] = [];
    for (let i = 0; i < 200 && !runs.some((r) => r.reason === 'model_trained' && r.status === 'completed'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      runs = (await get<{ runs: typeof runs }>('/api/v1/reclassify')).runs;
    }
    expect(runs).toContainEqual(expect.objectContaining({ reason: 'model_trained', status: 'completed' }));

    // One more correction counts towards the next retraining but does not start it.
    expect((await correct(items[3]!.id, { type: target })).status).toBe(200);
    await settled('type');
    state = await get<Models>('/api/v1/models');
    expect(state.models).toHaveLength(1);
    expect(state.retraining.pending.type).toBe(1);
    expect(logged).toEqual([]);
  });

  it('a topic model that cannot be trained yet (one topic) is tried once, not on every correction', async () => {
    const created = await app.request('/api/v1/topics', { method: 'POST', headers: bearer(tokens.admin), body: JSON.stringify({ name: '포인트' }) });
    const { topic } = (await created.json()) as { topic: { id: string } };
    for (const item of items.slice(0, 3)) expect((await correct(item.id, { topic_id: topic.id })).status).toBe(200);
    await settled('topic');
    const state = await get<Models>('/api/v1/models');
    expect(state.models.filter((m) => m.task === 'topic')).toEqual([]);
    // The failed attempt consumed those three: the count starts again.
    expect(state.retraining.pending.topic).toBe(0);
    expect(logged).toEqual([]);
  });
});
