import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { ingestItems } from '../../ingest/pipeline.js';
import type { Db } from '../db.js';
import { iterateItems, listItems } from './list-items.js';
import { ensureWorkspace, type Workspace } from './workspaces.js';

describe(`item listing (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ws: Workspace;
  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ws = await ensureWorkspace(db, { slug: 'list', name: '목록' });
    // Ids 1…12 (crossing 9 → 10) and one shared timestamp: order must fall back to the numeric id.
    const sameTime = Array.from({ length: 12 }, (_, i) => buildItem({ external_id: `same-${i}`, created_at: '2026-01-01T00:00:00Z', text: `같은 시각 문의 ${i}` }));
    await ingestItems(db, ws, sameTime);
  });
  afterAll(() => close());

  it('pages through items that share a timestamp without skipping or repeating any', async () => {
    const ids: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listItems(db, ws.id, {}, { cursor, limit: 5 });
      ids.push(...page.items.map((i) => Number(i.id)));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(ids).toHaveLength(12);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const streamed: string[] = [];
    for await (const item of iterateItems(db, ws.id, {}, 5)) streamed.push(item.external_id);
    expect(new Set(streamed).size).toBe(12);
  });
});
