import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { ingestQueued } from './ingest-queue.js';

/** The database handle, counting the statements that write items; `failNext` makes the next multi-row one fail. */
function counting(db: Db) {
  const state = { writes: 0, failNext: false };
  const wrap = (inner: Db): Db => ({
    kind: inner.kind,
    query: async (sql, params) => {
      if (sql.startsWith('INSERT INTO items') || sql.startsWith('WITH up AS (INSERT INTO items')) {
        state.writes++;
        if (state.failNext && sql.split('), (').length > 1) {
          state.failNext = false;
          throw new Error('injected failure');
        }
      }
      return inner.query(sql, params);
    },
    exec: (sql) => inner.exec(sql),
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    copyFrom: (table, columns, data) => inner.copyFrom(table, columns, data),
    close: () => inner.close(),
  });
  return { db: wrap(db), state };
}

const inquiry = (id: string, text: string, extra: Record<string, unknown> = {}) => ({
  external_id: id,
  channel: 'chat',
  source: 'api',
  created_at: '2026-11-20T10:00:00+09:00',
  text,
  ...extra,
});

describe(`API writes coalesced into shared statements (${TEST_BACKEND})`, () => {
  let raw: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  beforeAll(async () => {
    ({ db: raw, close } = await openTestDb());
    ws = await ensureWorkspace(raw, { slug: 'queue', name: '묶음 저장' });
  });
  afterAll(() => close());

  it('stores twenty calls made at once in one statement, each call answered with its own counts', async () => {
    const { db, state } = counting(raw);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ingestQueued(db, ws, [inquiry(`q-${i}`, `결제 오류가 나요 ${i}번째 문의입니다`)])),
    );
    expect(state.writes).toBe(1);
    for (const r of results) expect(r).toEqual({ received: 1, accepted: 1, rejected: 0, errors: [], inserted: 1, updated: 0, unchanged: 0, older: 0, repeated: 0 });
    const stored = await raw.query<{ n: number; labelled: number }>(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE sentiment IS NOT NULL AND type IS NOT NULL)::int AS labelled FROM items WHERE workspace_id = $1 AND external_id LIKE 'q-%'",
      [ws.id],
    );
    expect(stored).toEqual([{ n: 20, labelled: 20 }]);
    // Sent again: every call is told its item was unchanged.
    const again = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ingestQueued(db, ws, [inquiry(`q-${i}`, `결제 오류가 나요 ${i}번째 문의입니다`)])),
    );
    for (const r of again) expect([r.inserted, r.updated, r.unchanged]).toEqual([0, 0, 1]);
    // Calls one after another each get their own statement, as before.
    for (let i = 0; i < 3; i++) expect((await ingestQueued(db, ws, [inquiry(`seq-${i}`, '차례로 온 문의')])).inserted).toBe(1);
    expect(state.writes).toBe(5);
  });

  it('keeps the order of calls about the same item: a later version is never stored before an earlier one', async () => {
    const { db, state } = counting(raw);
    const [a, b, c, d] = await Promise.all([
      ingestQueued(db, ws, [inquiry('same-1', '첫 번째 내용')]),
      ingestQueued(db, ws, [inquiry('same-1', '두 번째 내용')]),
      ingestQueued(db, ws, [inquiry('other-1', '다른 문의')]),
      ingestQueued(db, ws, [inquiry('same-1', '세 번째 내용')]),
    ]);
    expect([a!.inserted, b!.updated, c!.inserted, d!.updated]).toEqual([1, 1, 1, 1]);
    // a alone (b is about the same item); b and c together; d waits for b.
    expect(state.writes).toBe(3);
    const [row] = await raw.query<{ text: string }>("SELECT text FROM items WHERE workspace_id = $1 AND external_id = 'same-1'", [ws.id]);
    expect(row!.text).toBe('세 번째 내용');
  });

  it("reports a call's rejected items by their index in that call, and the rest of it and the other calls still land", async () => {
    const { db } = counting(raw);
    const [mixed, fine] = await Promise.all([
      ingestQueued(db, ws, [inquiry('mix-1', '정상 문의'), { external_id: 'mix-2', channel: 'fax', text: '' }, inquiry('mix-3', '두 번째 정상 문의')]),
      ingestQueued(db, ws, [inquiry('fine-1', '다른 호출의 문의')]),
    ]);
    expect([mixed!.received, mixed!.accepted, mixed!.rejected, mixed!.inserted]).toEqual([3, 2, 1, 2]);
    expect(new Set(mixed!.errors.map((e) => e.index))).toEqual(new Set([1]));
    expect(fine!.inserted).toBe(1);
    // A call with no valid item is answered without a write.
    const none = await ingestQueued(db, ws, [{ text: '' }]);
    expect([none.accepted, none.rejected, none.inserted]).toEqual([0, 1, 0]);
  });

  it('retries a failed shared statement call by call, so the calls in it are still stored', async () => {
    const { db, state } = counting(raw);
    state.failNext = true;
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => ingestQueued(db, ws, [inquiry(`fail-${i}`, `재시도 문의 ${i}`)])));
    for (const r of results) expect(r.inserted).toBe(1);
    // The shared statement that failed, then the six one by one.
    expect(state.writes).toBe(7);
  });

  it('keeps one workspace per statement and 64 items at most, and takes a call of more than 64 items through the batch path', async () => {
    const { db, state } = counting(raw);
    const other = await ensureWorkspace(raw, { slug: 'queue-2', name: '다른 워크스페이스' });
    const calls = [
      ...Array.from({ length: 40 }, (_, i) => ingestQueued(db, ws, [inquiry(`cap-${i}`, `묶음 한도 문의 ${i}`)])),
      ...Array.from({ length: 40 }, (_, i) => ingestQueued(db, ws, [inquiry(`cap-${40 + i}`, `묶음 한도 문의 ${40 + i}`)])),
      ingestQueued(db, other, [inquiry('elsewhere-1', '다른 곳의 문의')]),
    ];
    const results = await Promise.all(calls);
    expect(results.every((r) => r.inserted === 1)).toBe(true);
    // 64, then 16 of this workspace, then the other workspace's call.
    expect(state.writes).toBe(3);
    const [{ n }] = await raw.query<{ n: number }>("SELECT count(*)::int AS n FROM items WHERE workspace_id = $1 AND external_id = 'elsewhere-1'", [other.id]);
    expect(n).toBe(1);
    const items = Array.from({ length: 100 }, (_, i) => inquiry(`big-${i}`, `대량 호출 문의 ${i}`));
    expect((await ingestQueued(db, ws, items)).inserted).toBe(100);
  });
});
