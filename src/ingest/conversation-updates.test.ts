import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { buildItem } from '../../test/helpers/factories.js';
import type { Db } from '../store/db.js';
import { diffRollups } from '../store/queries/item-daily-counts.js';
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
    (await db.query('SELECT 1 FROM pending_conversation_updates WHERE workspace_id = $1 AND conversation_id = $2', [ws.id, conversation])).length;

  it('keeps a reply and a close whose conversation has no item yet, once each, and applies them when the item is stored', async () => {
    const first = await applyConversationUpdates(db, ws.id, 'channeltalk', [reply('uc-20', '2026-11-20T10:02:00+09:00'), closed('uc-20', '2026-11-20T10:30:00+09:00')]);
    expect(first).toEqual({ changed: 0, pending: ['uc-20'] });
    // Redelivered: kept once.
    await applyConversationUpdates(db, ws.id, 'channeltalk', [reply('uc-20', '2026-11-20T10:02:00+09:00')]);
    expect(await pendingRows('uc-20')).toBe(2);

    await store('m-50', 'uc-20', '2026-11-20T10:00:00+09:00');
    expect(await applyPendingConversationUpdates(db, ws.id, 'channeltalk', ['uc-20'])).toMatchObject({ changed: 2 });
    expect(await row('m-50')).toEqual({
      status: 'closed',
      first_response_at: new Date('2026-11-20T01:02:00Z'),
      resolved_at: new Date('2026-11-20T01:30:00Z'),
      handled_by: 'human',
    });
    expect(await pendingRows('uc-20')).toBe(0);
    // Applied once: a second call finds nothing left.
    expect(await applyPendingConversationUpdates(db, ws.id, 'channeltalk', ['uc-20'])).toMatchObject({ changed: 0 });
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });

  it('an update about a stored conversation applies at once and is not kept', async () => {
    await store('m-60', 'uc-21', '2026-11-20T11:00:00+09:00');
    expect(await applyConversationUpdates(db, ws.id, 'channeltalk', [closed('uc-21', '2026-11-20T11:20:00+09:00')])).toEqual({ changed: 1, pending: [] });
    expect(await pendingRows('uc-21')).toBe(0);
    expect((await row('m-60'))!.status).toBe('closed');
  });

  it(`drops an update kept longer than ${PENDING_UPDATE_DAYS} days without applying it`, async () => {
    await applyConversationUpdates(db, ws.id, 'channeltalk', [reply('uc-22', '2026-11-01T10:02:00+09:00')]);
    await db.query(`UPDATE pending_conversation_updates SET received_at = now() - interval '8 days' WHERE conversation_id = 'uc-22'`);
    await store('m-70', 'uc-22', '2026-11-01T10:00:00+09:00');
    expect(await applyPendingConversationUpdates(db, ws.id, 'channeltalk', ['uc-22'])).toMatchObject({ changed: 0 });
    expect(await row('m-70')).toMatchObject({ first_response_at: null, handled_by: null });
    expect(await pendingRows('uc-22')).toBe(0);
  });

  it('a fill-only resolution sets a missing resolved_at and never moves one', async () => {
    await ingestItems(db, ws, [buildItem({ external_id: '7001', source: 'zendesk', channel: 'email', status: 'closed', created_at: '2026-11-20T01:00:00Z', metadata: { conversation_id: '7001' } })]);
    const fill = (at: string): ConversationUpdate => ({ source: 'zendesk', conversation_id: '7001', at, resolved_at_if_none: at });
    await applyConversationUpdates(db, ws.id, 'zendesk', [fill('2026-11-20T03:00:00Z')]);
    await applyConversationUpdates(db, ws.id, 'zendesk', [fill('2026-11-24T03:00:00Z')]);
    expect((await row('7001'))!.resolved_at).toEqual(new Date('2026-11-20T03:00:00Z'));
    expect(await diffRollups(db, ws.id)).toEqual([]);
  });
});
