import { afterAll, describe, expect, it } from 'vitest';
import { SoriError } from '../domain/errors.js';
import { trainFromLabelled, type LabelledItem } from '../labels/train-workspace-model.js';
import { TaskWorker } from './pool.js';

const items: LabelledItem[] = [
  ...['로그인이 안 돼요', '비밀번호 재설정 메일이 안 와요', '계정이 잠겼어요'].map((text) => ({ text, label: 'account', corrected: true })),
  ...['배송이 아직 안 왔어요', '택배가 분실된 것 같아요', '배송지 변경하고 싶어요'].map((text) => ({ text, label: 'delivery', corrected: true })),
];

describe('task worker thread', () => {
  const worker = new TaskWorker();
  afterAll(() => worker.close());

  it('trains the same model on the worker thread as on this one', async () => {
    const there = await worker.run('train', { task: 'type', items });
    const here = trainFromLabelled(items, 'type');
    expect(there.meta.version).toBe(here.model.meta.version);
    expect(there.meta.labels).toContain('account');
    expect(there.corrections).toBe(6);
    expect(there.weights.byteLength).toBeGreaterThan(0);
  });

  it('hands a SoriError back with its code', async () => {
    const failed = worker.run('train', { task: 'topic', items: items.slice(0, 3) });
    await expect(failed).rejects.toBeInstanceOf(SoriError);
    await expect(failed).rejects.toMatchObject({ code: 'not_enough_labels' });
  });

  it('fails what a stopped thread held and starts a new one for the next request', async () => {
    const pending = worker.run('train', { task: 'type', items });
    await worker.close();
    await expect(pending).rejects.toThrow();
    const again = await worker.run('train', { task: 'type', items });
    expect(again.meta.labels).toContain('delivery');
  });
});
