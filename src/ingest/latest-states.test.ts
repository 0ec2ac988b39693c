import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { ingestSourceStates } from './latest-states.js';
import { ingestQueued } from './ingest-queue.js';
import { ingestItems } from './pipeline.js';

describe(`ingestSourceStates: items carrying their record's version (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'la-store', name: 'LA 매장', timezone: 'America/Los_Angeles' });
  });
  afterAll(() => close());

  const inquiry = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
    external_id: id,
    channel: 'email',
    source: 'crm',
    created_at: '2026-12-01T09:00:00-08:00',
    text: status === 'open' ? '교환 신청했는데 회수 기사님이 안 오셨어요' : '교환 신청했는데 회수 기사님이 안 오셨어요 (다시 예약됨)',
    status,
    ...extra,
  });
  const row = async (id: string) =>
    (await db.query<{ status: string; metadata: Record<string, unknown> }>("SELECT status, metadata FROM items WHERE source = 'crm' AND external_id = $1", [id]))[0]!;

  it("reads a version without an offset in the workspace's zone", async () => {
    // 10:05 in Los Angeles is 18:05 UTC; a retry stamped 18:00 UTC (10:00 there) is older.
    expect(await ingestSourceStates(db, ws, [inquiry('LA-1', 'resolved', { source_updated_at: '2026-12-01 10:05' })])).toMatchObject({ inserted: 1, stale: [] });
    expect((await row('LA-1')).metadata).toEqual({ source_updated_at: '2026-12-01T18:05:00.000Z' });
    const late = await ingestSourceStates(db, ws, [inquiry('LA-1', 'open', { source_updated_at: '2026-12-01T18:00:00Z' })]);
    expect(late).toMatchObject({ received: 1, accepted: 0, staleIndex: [0] });
    expect(late.stale).toEqual([expect.stringContaining('LA-1: source_updated_at 2026-12-01T18:00:00.000Z is older than the known 2026-12-01T18:05:00.000Z')]);
    // 10:10 there, without an offset: newer, stored.
    expect(await ingestSourceStates(db, ws, [inquiry('LA-1', 'open', { source_updated_at: '2026-12-01 10:10' })])).toMatchObject({ updated: 1, stale: [] });
    expect((await row('LA-1')).status).toBe('open');
  });

  it('protects a record whose id is an e-mail address or a phone number (stored under a keyed hash)', async () => {
    for (const id of ['kim.minji@example.kr', '010-2345-6789']) {
      expect(await ingestSourceStates(db, ws, [inquiry(id, 'resolved', { source_updated_at: '2026-12-01T10:05:00-08:00' })])).toMatchObject({ inserted: 1, stale: [] });
      const late = await ingestSourceStates(db, ws, [inquiry(id, 'open', { source_updated_at: '2026-12-01T10:00:00-08:00' })]);
      expect(late).toMatchObject({ accepted: 0, staleIndex: [0] });
      // The answer names the record as it is stored, not by the personal data.
      expect(late.stale[0]).toMatch(/^pii_/);
      const stored = await db.query<{ status: string }>("SELECT status FROM items WHERE workspace_id = $1 AND source = 'crm' AND external_id LIKE 'pii_%' AND created_at = '2026-12-01T17:00:00Z'", [ws.id]);
      expect(stored.map((r) => r.status)).toContain('resolved');
    }
    const statuses = await db.query<{ status: string }>("SELECT status FROM items WHERE workspace_id = $1 AND external_id LIKE 'pii_%'", [ws.id]);
    expect(statuses.map((r) => r.status)).toEqual(['resolved', 'resolved']);
  });

  it("opts in by the item's own field only: a sender's metadata.source_updated_at is data, and the field replaces it", async () => {
    await ingestSourceStates(db, ws, [inquiry('LA-2', 'resolved', { source_updated_at: '2026-12-01T10:05:00-08:00', metadata: { 상담유형: '교환', source_updated_at: '예전 값' } })]);
    expect((await row('LA-2')).metadata).toEqual({ 상담유형: '교환', source_updated_at: '2026-12-01T18:05:00.000Z' });
    // No field: not judged, whatever its metadata says; the later write wins.
    const unversioned = await ingestSourceStates(db, ws, [inquiry('LA-2', 'open', { metadata: { source_updated_at: '2026-12-01T00:00:00Z' } })]);
    expect(unversioned).toMatchObject({ updated: 1, stale: [] });
    expect((await row('LA-2')).status).toBe('open');
  });

  // The check above reads the stored version, then writes; it holds a record only within its own
  // process. Another server on the same PostgreSQL, or a file import, writes through the pipeline
  // without it (`ingestItems` here): the store itself keeps an older version out.
  it('the store itself never lets an older version replace a newer one, in a few rows or a copied batch', async () => {
    await ingestSourceStates(db, ws, [inquiry('LA-3', 'resolved', { source_updated_at: '2026-12-01T10:05:00-08:00' })]);
    const few = await ingestItems(db, ws, [inquiry('LA-3', 'open', { source_updated_at: '2026-12-01T10:00:00-08:00' })], { enrich: false });
    expect(few).toMatchObject({ accepted: 1, inserted: 0, updated: 0, unchanged: 0, older: 1 });
    expect((await row('LA-3')).status).toBe('resolved');
    // The API's queue writes without reading the stored version first (the check before it is
    // per process): the statement's own condition keeps the older state out, counted unchanged.
    expect(await ingestQueued(db, ws, [inquiry('LA-3', 'open', { source_updated_at: '2026-12-01T10:00:00-08:00' })])).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect((await row('LA-3')).status).toBe('resolved');
    // More than FEW_ROWS: COPYed into a stage and merged by one INSERT … ON CONFLICT.
    const others = Array.from({ length: 80 }, (_, i) => inquiry(`LA-B${i}`, 'open', { source_updated_at: '2026-12-01T09:00:00-08:00' }));
    const copied = await ingestItems(db, ws, [...others, inquiry('LA-3', 'open', { source_updated_at: '2026-12-01T10:01:00-08:00' })], { enrich: false });
    expect(copied).toMatchObject({ accepted: 81, inserted: 80, updated: 0, unchanged: 0, older: 1 });
    expect(await row('LA-3')).toMatchObject({ status: 'resolved', metadata: { source_updated_at: '2026-12-01T18:05:00.000Z' } });
    // A newer one goes in, either way; so does one without a version.
    expect(await ingestItems(db, ws, [inquiry('LA-3', 'open', { source_updated_at: '2026-12-01T10:06:00-08:00' })], { enrich: false })).toMatchObject({ updated: 1 });
    expect(await row('LA-3')).toMatchObject({ status: 'open', metadata: { source_updated_at: '2026-12-01T18:06:00.000Z' } });
    const newerInBatch = [...others.map((o) => ({ ...o, source_updated_at: '2026-12-01T09:30:00-08:00', text: `${o.text} (재접수)` })), inquiry('LA-3', 'resolved')];
    expect(await ingestItems(db, ws, newerInBatch, { enrich: false })).toMatchObject({ inserted: 0, updated: 81 });
    expect(await row('LA-3')).toMatchObject({ status: 'resolved', metadata: {} });
  });

  it('of two copies of a record in one call, the newer is stored whichever comes last', async () => {
    const newerFirst = [inquiry('LA-4', 'resolved', { source_updated_at: '2026-12-01T10:05:00-08:00' }), inquiry('LA-4', 'open', { source_updated_at: '2026-12-01T10:00:00-08:00' })];
    expect(await ingestItems(db, ws, newerFirst, { enrich: false })).toMatchObject({ accepted: 2, repeated: 1, inserted: 1 });
    expect((await row('LA-4')).status).toBe('resolved');
    // Without versions the last copy wins, as before.
    expect(await ingestItems(db, ws, [inquiry('LA-5', 'resolved'), inquiry('LA-5', 'open')], { enrich: false })).toMatchObject({ repeated: 1, inserted: 1 });
    expect((await row('LA-5')).status).toBe('open');
  });

  it('reads a hand-written metadata version only in the exact form Sori stores (ISO 8601, milliseconds, Z)', async () => {
    const junk = (status: string, v: string) => inquiry('LA-6', status, { metadata: { source_updated_at: v } });
    await ingestItems(db, ws, [junk('resolved', '어제 오후')], { enrich: false });
    expect(await ingestItems(db, ws, [junk('open', '2026-11-01T00:00:00.000Z')], { enrich: false })).toMatchObject({ updated: 1 });
    expect(await ingestItems(db, ws, [junk('resolved', '2026-10-01T00:00:00.000Z')], { enrich: false })).toMatchObject({ updated: 0, older: 1 });
    expect((await row('LA-6')).status).toBe('open');
  });
});
