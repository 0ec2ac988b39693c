import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { importFile } from '../ingest/import-file.js';
import { ingestQueued } from '../ingest/ingest-queue.js';
import type { Db } from './db.js';
import { ensureWorkspace, type Workspace } from './queries/workspaces.js';
import { inWriteTurn } from './write-turns.js';

const fakeDb = (kind: Db['kind']) => ({ kind }) as Db;
const tick = () => new Promise((r) => setImmediate(r));

describe('inWriteTurn', () => {
  it('on the embedded database, runs writes one at a time in the order they asked', async () => {
    const db = fakeDb('pglite');
    const events: string[] = [];
    let releaseFirst!: () => void;
    const first = inWriteTurn(db, async () => {
      events.push('first starts');
      await new Promise<void>((r) => (releaseFirst = r));
      events.push('first ends');
    });
    const second = inWriteTurn(db, async () => void events.push('second'));
    const third = inWriteTurn(db, async () => void events.push('third'));
    for (let i = 0; i < 5; i++) await tick();
    expect(events).toEqual(['first starts']);
    releaseFirst();
    await Promise.all([first, second, third]);
    expect(events).toEqual(['first starts', 'first ends', 'second', 'third']);
  });

  it('a failed write gives the turn on and its error to its caller', async () => {
    const db = fakeDb('pglite');
    const failed = inWriteTurn(db, async () => {
      throw new Error('boom');
    });
    const next = inWriteTurn(db, async () => 'next ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next ran');
  });

  it('on PostgreSQL, writes run side by side (each on its own connection)', async () => {
    const db = fakeDb('postgres');
    const events: string[] = [];
    let release!: () => void;
    const slow = inWriteTurn(db, async () => {
      await new Promise<void>((r) => (release = r));
      events.push('slow');
    });
    await inWriteTurn(db, async () => void events.push('quick'));
    release();
    await slow;
    expect(events).toEqual(['quick', 'slow']);
  });
});

describe(`an API write during a file import (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  let dir: string;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'default', name: '기본' });
    dir = mkdtempSync(path.join(tmpdir(), 'sori-turns-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await close();
  });

  it('is stored after at most the batch being stored, not after the whole import', async () => {
    const file = path.join(dir, '상담내역.csv');
    const rows = Array.from({ length: 3_000 }, (_, i) => `T-${i},2026-11-${String((i % 28) + 1).padStart(2, '0')} 10:00,배송 문의드립니다 주문 ${i}번 언제 와요,chat`);
    writeFileSync(file, ['티켓번호,접수일시,문의내용,채널', ...rows].join('\n') + '\n');
    let batchesStored = 0;
    let apiCall: Promise<number> | null = null;
    const importing = importFile(db, ws, {
      path: file,
      defaults: { source: 'turns-file' },
      batchSize: 200,
      onProgress: () => {
        batchesStored++;
        // After the second batch, a customer's message arrives through the API.
        if (batchesStored === 2) {
          apiCall = ingestQueued(db, ws, [{ external_id: 'API-1', channel: 'chat', source: 'turns-api', created_at: '2026-11-20T10:00:00+09:00', text: '결제가 두 번 됐어요' }]).then(
            (r) => {
              expect(r.inserted).toBe(1);
              return batchesStored;
            },
          );
        }
      },
    });
    const summary = await importing;
    expect(summary.inserted).toBe(3_000);
    expect(apiCall).not.toBeNull();
    const batchesWhenStored = await apiCall!;
    // 15 batches in all: the call waited for no more than the one being stored when it came.
    expect(batchesWhenStored).toBeLessThanOrEqual(3);
  });
});
