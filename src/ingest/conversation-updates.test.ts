import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import type { Db } from '../store/db.js';
import { diffRollups } from '../store/queries/item-daily-counts.js';
import { createWebhookEndpoint } from '../store/queries/webhook-endpoints.js';
import { ensureWorkspace, type Workspace } from '../store/queries/workspaces.js';
import type { ConversationUpdate } from './adapters/types.js';
import { applyConversationUpdates, applyPendingConversationUpdates, PENDING_UPDATE_DAYS } from './conversation-updates.js';
import { ingestItems } from './pipeline.js';

describe(`conversation updates that arrive before their item (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'pending', name: '대기 업데이트' });
  });
  afterAll(async () => close());

  const reply = (conversation: string, at: string): ConversationUpdate => ({ source: 'channeltalk', conversation_id: conversation, at, first_response_at: at, handled_by: 'human' });
  const closed = (conversation: string, at: string): ConversationUpdate => ({ source: 'channeltalk', conversation_id: conversation, at, status: 'closed', resolved_at: at });
  const store = (externalId: string, conversation: string, createdAt: string) =>
    ingestItems(db, ws, [buildItem({ external_id: externalId, created_at: createdAt, text: '주문한 신발 사이즈 교환 되나요?', metadata: { conversation_id: conversation } })]);
  const row = async (externalId: string) =>
    (
      await db.query<{ status: string | null; first_response_at: Date | null; resolved_at: Date | null; handled_by: string | null }>(
        'SELECT status, first_response_at, resolved_at, handled_by FROM items WHERE workspace_id = $1 AND external_id = $2',
        [ws.id, externalId],
      )
    )[0];
  const pendingRows = async (conversation: string) =>
    (await db.query('SELECT 1 FROM conversation_update_log WHERE workspace_id = $1 AND conversation_id = $2', [ws.id, conversation])).length;

  it('keeps a reply and a close whose conversation has no item yet, once each, and applies them when the item is stored', async () => {
    const first = await applyConversationUpdates(db, ws, 'channeltalk', [reply('uc-20', '2026-11-20T10:02:00+09:00'), closed('uc-20', '2026-11-20T10:30:00+09:00')]);
    expect(first).toEqual({ changed: 0, pending: ['uc-20'] });
    // Redelivered: kept once.
    await applyConversationUpdates(db, ws, 'channeltalk', [reply('uc-20', '2026-11-20T10:02:00+09:00')]);
    expect(await pendingRows('uc-20')).toBe(2);

    await store('m-50', 'uc-20', '2026-11-20T10:00:00+09:00');
    expect(await applyPendingConversationUpdates(db, ws, 'channeltalk', ['uc-20'])).toMatchObject({ changed: 2 });
    expect(await row('m-50')).toEqual({
      status: 'closed',
      first_response_at: new Date('2026-11-20T01:02:00Z'),
      resolved_at: new Date('2026-11-20T01:30:00Z'),
      handled_by: 'human',
    });
    // Kept for later items of the conversation; given again, they change nothing.
    expect(await pendingRows('uc-20')).toBe(2);
    expect(await applyPendingConversationUpdates(db, ws, 'channeltalk', ['uc-20'])).toMatchObject({ changed: 0 });
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('an update about a stored conversation applies at once, and a redelivery writes nothing', async () => {
    await store('m-60', 'uc-21', '2026-11-20T11:00:00+09:00');
    expect(await applyConversationUpdates(db, ws, 'channeltalk', [closed('uc-21', '2026-11-20T11:20:00+09:00')])).toEqual({ changed: 1, pending: [] });
    expect(await pendingRows('uc-21')).toBe(1);
    expect((await row('m-60'))!.status).toBe('closed');
    expect(await applyConversationUpdates(db, ws, 'channeltalk', [closed('uc-21', '2026-11-20T11:20:00+09:00')])).toEqual({ changed: 0, pending: [] });
  });

  it('an endpoint whose source was written decomposed (NFD) finds the items stored composed, and keeps its updates under the composed source', async () => {
    const nfd = '채널톡'.normalize('NFD');
    const at = (t: string) => ({ source: nfd, conversation_id: 'uc-nfd', at: t });
    await ingestItems(db, ws, [buildItem({ external_id: 'm-nfd-1', source: nfd, created_at: '2026-11-20T10:00:00+09:00', text: '사이즈 교환 되나요?', metadata: { conversation_id: 'uc-nfd' } })], { enrich: false });
    expect(await applyConversationUpdates(db, ws, nfd, [{ ...at('2026-11-20T10:30:00+09:00'), status: 'closed', resolved_at: '2026-11-20T10:30:00+09:00' }])).toEqual({ changed: 1, pending: [] });
    const item = (id: string) => db.query<{ status: string | null; handled_by: string | null }>('SELECT status, handled_by FROM items WHERE workspace_id = $1 AND external_id = $2', [ws.id, id]);
    expect((await item('m-nfd-1'))[0]!.status).toBe('closed');
    // Kept composed, and given to a later item of the chat whichever way its source is written.
    const kept = await db.query<{ source: string }>('SELECT source FROM conversation_update_log WHERE workspace_id = $1 AND conversation_id = $2', [ws.id, 'uc-nfd']);
    expect(kept.map((r) => r.source === '채널톡')).toEqual([true]);
    expect(await applyConversationUpdates(db, ws, nfd, [{ ...at('2026-11-20T10:05:00+09:00'), first_response_at: '2026-11-20T10:05:00+09:00', handled_by: 'human' }])).toMatchObject({ changed: 1 });
    await ingestItems(db, ws, [buildItem({ external_id: 'm-nfd-2', source: '채널톡', created_at: '2026-11-20T10:01:00+09:00', text: '빨리 답 주세요', metadata: { conversation_id: 'uc-nfd' } })], { enrich: false });
    expect((await applyPendingConversationUpdates(db, ws, nfd, ['uc-nfd'], ['m-nfd-2'])).changed).toBeGreaterThan(0);
    expect((await item('m-nfd-2'))[0]).toEqual({ status: 'closed', handled_by: 'human' });
    // An endpoint created with the decomposed source (POST /webhook-endpoints, `sori webhooks create`) stores it composed.
    expect((await createWebhookEndpoint(db, { workspaceId: ws.id, adapter: 'channeltalk', source: nfd })).source).toBe('채널톡');
  });

  it(`drops an update kept longer than ${PENDING_UPDATE_DAYS} days without applying it`, async () => {
    await applyConversationUpdates(db, ws, 'channeltalk', [reply('uc-22', '2026-11-01T10:02:00+09:00')]);
    await db.query(`UPDATE conversation_update_log SET received_at = now() - interval '8 days' WHERE conversation_id = 'uc-22'`);
    await store('m-70', 'uc-22', '2026-11-01T10:00:00+09:00');
    expect(await applyPendingConversationUpdates(db, ws, 'channeltalk', ['uc-22'])).toMatchObject({ changed: 0 });
    expect(await row('m-70')).toMatchObject({ first_response_at: null, handled_by: null });
  });

  it('a fill-only resolution sets a missing resolved_at and never moves one', async () => {
    await ingestItems(db, ws, [buildItem({ external_id: '7001', source: 'zendesk', channel: 'email', status: 'closed', created_at: '2026-11-20T01:00:00Z', metadata: { conversation_id: '7001' } })]);
    const fill = (at: string): ConversationUpdate => ({ source: 'zendesk', conversation_id: '7001', at, resolved_at_if_none: at });
    await applyConversationUpdates(db, ws, 'zendesk', [fill('2026-11-20T03:00:00Z')]);
    await applyConversationUpdates(db, ws, 'zendesk', [fill('2026-11-24T03:00:00Z')]);
    expect((await row('7001'))!.resolved_at).toEqual(new Date('2026-11-20T03:00:00Z'));
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  // ── audit s18 ────────────────────────────────────────────────────────────────────────────

  const full = async (externalId: string) =>
    (
      await db.query<{ status: string | null; first_response_at: Date | null; resolved_at: Date | null; handled_by: string | null; reopened_count: number; metadata: Record<string, unknown> }>(
        'SELECT status, first_response_at, resolved_at, handled_by, reopened_count, metadata FROM items WHERE workspace_id = $1 AND external_id = $2',
        [ws.id, externalId],
      )
    )[0]!;

  it('finds the items of a chat whose id has a phone-like digit run, which is kept whole (a keyed hash), not redacted piecewise', async () => {
    const chat = '666b01045678123e0de7';
    await store('m-80', chat, '2026-11-20T09:00:00+09:00');
    const stored = (await full('m-80')).metadata.conversation_id as string;
    expect(stored).toMatch(/^pii_/);
    expect(stored).not.toContain('5678');
    expect(await applyConversationUpdates(db, ws, 'channeltalk', [reply(chat, '2026-11-20T09:02:00+09:00'), closed(chat, '2026-11-20T09:10:00+09:00')])).toEqual({ changed: 2, pending: [] });
    expect(await full('m-80')).toMatchObject({ status: 'closed', first_response_at: new Date('2026-11-20T00:02:00Z'), resolved_at: new Date('2026-11-20T00:10:00Z'), handled_by: 'human' });
    // Kept under the stored id: the raw one is not in the log.
    expect((await db.query(`SELECT 1 FROM conversation_update_log WHERE payload::text LIKE '%5678%'`)).length).toBe(0);
  });

  it("gives a message delivered after its chat was answered and closed what the updates said (it stayed open and unanswered)", async () => {
    await store('m-90', 'uc-90', '2026-11-21T10:00:00+09:00');
    await applyConversationUpdates(db, ws, 'channeltalk', [reply('uc-90', '2026-11-21T10:02:00+09:00'), closed('uc-90', '2026-11-21T10:10:00+09:00')]);
    // Written at 10:01, retried, delivered last.
    await store('m-91', 'uc-90', '2026-11-21T10:01:00+09:00');
    expect(await applyPendingConversationUpdates(db, ws, 'channeltalk', ['uc-90'])).toMatchObject({ changed: 2 });
    expect(await full('m-91')).toMatchObject({ status: 'closed', first_response_at: new Date('2026-11-21T01:02:00Z'), resolved_at: new Date('2026-11-21T01:10:00Z'), handled_by: 'human' });
    // A follow-up written after the close is neither answered nor resolved by them.
    await store('m-92', 'uc-90', '2026-11-21T10:20:00+09:00');
    await applyPendingConversationUpdates(db, ws, 'channeltalk', ['uc-90']);
    expect(await full('m-92')).toMatchObject({ first_response_at: null, resolved_at: null });
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('a re-sent item with an older snapshot of its chat does not roll a closed conversation back to open', async () => {
    const item = (snapshotAt: string, status: string) =>
      buildItem({ external_id: 'm-100', created_at: '2026-11-22T10:00:00+09:00', text: '환불 언제 되나요? 일주일째 기다리고 있어요', status: status as 'open', metadata: { conversation_id: 'uc-100', conversation_updated_at: snapshotAt } });
    await ingestItems(db, ws, [item('2026-11-22T01:00:01.000Z', 'open')]);
    await applyConversationUpdates(db, ws, 'channeltalk', [closed('uc-100', '2026-11-22T10:10:00+09:00')]);
    // The chat's "opened" event, retried after the close, carries the opening message again.
    expect(await ingestItems(db, ws, [{ ...item('2026-11-22T01:00:02.000Z', 'open'), text: '환불 언제 되나요? 일주일째 기다리고 있어요!' }])).toMatchObject({ updated: 1 });
    const after = await full('m-100');
    expect(after).toMatchObject({ status: 'closed', resolved_at: new Date('2026-11-22T01:10:00Z') });
    expect(after.metadata.conversation_updated_at).toBe('2026-11-22T01:10:00.000Z');
    // A newer snapshot (the customer reopened the chat) does replace it, and counts the reopening.
    await ingestItems(db, ws, [{ ...item('2026-11-22T02:00:00.000Z', 'open'), text: '환불 아직이에요. 다시 문의합니다' }]);
    expect(await full('m-100')).toMatchObject({ status: 'open', resolved_at: null, reopened_count: 1 });
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('a newer unresolved status reopens a closed conversation: its resolution goes and the reopening counts once', async () => {
    await store('m-110', 'uc-110', '2026-11-23T10:00:00+09:00');
    await applyConversationUpdates(db, ws, 'channeltalk', [closed('uc-110', '2026-11-23T10:30:00+09:00')]);
    const reopen: ConversationUpdate = { source: 'channeltalk', conversation_id: 'uc-110', at: '2026-11-24T09:00:00+09:00', status: 'open' };
    await applyConversationUpdates(db, ws, 'channeltalk', [reopen]);
    expect(await full('m-110')).toMatchObject({ status: 'open', resolved_at: null, reopened_count: 1 });
    // Redelivered, replayed, or the older close delivered again: no change.
    await applyConversationUpdates(db, ws, 'channeltalk', [reopen, closed('uc-110', '2026-11-23T10:30:00+09:00')]);
    await applyPendingConversationUpdates(db, ws, 'channeltalk', ['uc-110']);
    expect(await full('m-110')).toMatchObject({ status: 'open', resolved_at: null, reopened_count: 1 });
    // A ticket re-sent with its newer state (Zendesk: solved, then open) reopens it too.
    const ticket = (version: string, status: string, resolvedAt?: string) =>
      buildItem({ external_id: '7100', source: 'zendesk', channel: 'email', created_at: '2026-11-23T01:00:00Z', status: status as 'open', resolved_at: resolvedAt, source_updated_at: version, metadata: { conversation_id: '7100' } });
    await ingestItems(db, ws, [ticket('2026-11-23T02:00:00Z', 'resolved', '2026-11-23T02:00:00Z')]);
    await ingestItems(db, ws, [ticket('2026-11-24T02:00:00Z', 'open')]);
    expect(await full('7100')).toMatchObject({ status: 'open', resolved_at: null, reopened_count: 1 });
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it("an exact solve time delivered after a later event replaces the resolution only inferred from that event, nothing else", async () => {
    const ticket = buildItem({ external_id: '7200', source: 'zendesk', channel: 'email', status: 'resolved', created_at: '2026-11-24T01:00:00Z', metadata: { conversation_id: '7200' } });
    await ingestItems(db, ws, [ticket]);
    // A tags event a day after the solve, delivered first: the resolution is inferred from it.
    await applyConversationUpdates(db, ws, 'zendesk', [{ source: 'zendesk', conversation_id: '7200', at: '2026-11-25T02:00:00Z', resolved_at_if_none: '2026-11-25T02:00:00Z' }]);
    expect(await full('7200')).toMatchObject({ resolved_at: new Date('2026-11-25T02:00:00Z'), metadata: expect.objectContaining({ resolved_at_inferred: true }) });
    await applyConversationUpdates(db, ws, 'zendesk', [{ source: 'zendesk', conversation_id: '7200', at: '2026-11-24T02:00:00Z', late_resolved_at: '2026-11-24T02:00:00Z' }]);
    const corrected = await full('7200');
    expect(corrected.resolved_at).toEqual(new Date('2026-11-24T02:00:00Z'));
    expect(corrected.metadata).not.toHaveProperty('resolved_at_inferred');
    // An exact resolution is never replaced by a late one.
    await applyConversationUpdates(db, ws, 'zendesk', [{ source: 'zendesk', conversation_id: '7200', at: '2026-11-24T01:30:00Z', late_resolved_at: '2026-11-24T01:30:00Z' }]);
    expect((await full('7200')).resolved_at).toEqual(new Date('2026-11-24T02:00:00Z'));
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('a replay after a reopening does not give the open ticket its inferred resolution back (the log keeps every update)', async () => {
    await ingestItems(db, ws, [buildItem({ external_id: '7300', source: 'zendesk', channel: 'email', status: 'resolved', created_at: '2026-11-20T01:00:00Z', metadata: { conversation_id: '7300' } })]);
    await applyConversationUpdates(db, ws, 'zendesk', [{ source: 'zendesk', conversation_id: '7300', at: '2026-11-20T03:00:00Z', resolved_at_if_none: '2026-11-20T03:00:00Z' }]);
    await applyConversationUpdates(db, ws, 'zendesk', [{ source: 'zendesk', conversation_id: '7300', at: '2026-11-21T09:00:00Z', status: 'open' }]);
    expect(await full('7300')).toMatchObject({ status: 'open', resolved_at: null, reopened_count: 1 });
    await applyPendingConversationUpdates(db, ws, 'zendesk', ['7300']);
    const after = await full('7300');
    expect(after).toMatchObject({ status: 'open', resolved_at: null, reopened_count: 1 });
    expect(after.metadata).not.toHaveProperty('resolved_at_inferred');
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('re-sends without a version (two days\' exports imported in turn) count no reopening', async () => {
    const monday = buildItem({ external_id: 'flap-1', source: 'api', channel: 'email', status: 'open', created_at: '2026-11-20T01:00:00Z' });
    const tuesday = { ...monday, status: 'resolved' as const, resolved_at: '2026-11-20T05:00:00Z' };
    for (const item of [tuesday, monday, tuesday, monday]) await ingestItems(db, ws, [item]);
    expect((await full('flap-1')).reopened_count).toBe(0);
  });

  it('two deliveries about one chat at once keep both changes: a reply written beside the close (PostgreSQL: the second waits for the row)', async () => {
    await store('m-120', 'uc-120', '2026-11-20T10:00:00+09:00');
    let close!: Promise<unknown>;
    await db.transaction(async (tx) => {
      await applyConversationUpdates(tx, ws, 'channeltalk', [reply('uc-120', '2026-11-20T10:02:00+09:00')]);
      // Another connection's delivery: its statement starts before this one commits, and waits for the row.
      close = applyConversationUpdates(db, ws, 'channeltalk', [closed('uc-120', '2026-11-20T10:30:00+09:00')]);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await close;
    expect(await full('m-120')).toMatchObject({ status: 'closed', first_response_at: new Date('2026-11-20T01:02:00Z'), resolved_at: new Date('2026-11-20T01:30:00Z'), handled_by: 'human' });
  });
});
