import { describe, expect, it } from 'vitest';
import { retryOnConflict } from './retry.js';

describe('retryOnConflict', () => {
  const failing = (codes: (string | null)[]) => {
    let calls = 0;
    const work = async () => {
      const code = codes[calls++];
      if (code === undefined || code === null) return calls;
      throw Object.assign(new Error(`failed with ${code}`), { code });
    };
    return { work, calls: () => calls };
  };

  it('runs a deadlock loser or a serialization failure again, and answers what the later run answered', async () => {
    const job = failing(['40P01', '40001']);
    expect(await retryOnConflict(job.work)).toBe(3);
    expect(job.calls()).toBe(3);
  });

  it('gives up after the last attempt, and never retries another error', async () => {
    const stuck = failing(['40P01', '40P01', '40P01', '40P01', '40P01']);
    await expect(retryOnConflict(stuck.work)).rejects.toMatchObject({ code: '40P01' });
    expect(stuck.calls()).toBe(4);
    const other = failing(['23505']);
    await expect(retryOnConflict(other.work)).rejects.toMatchObject({ code: '23505' });
    expect(other.calls()).toBe(1);
  });
});
