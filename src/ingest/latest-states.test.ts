import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import type { Db } from '../store/db.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import { ingestSourceStates } from './latest-states.js';

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
});
