import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import type { Db } from '../db.js';
import { listModels } from './text-models.js';
import { ensureWorkspace } from './workspaces.js';

describe(`stored models (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openTestDb());
  });
  afterAll(() => close());

  it('lists the newest first by number, past ten models (ids are sent as text)', async () => {
    const ws = await ensureWorkspace(db, { slug: 'models', name: '모델' });
    for (let i = 1; i <= 12; i++) {
      await db.query(
        "INSERT INTO text_models (workspace_id, task, version, meta, weights, examples) VALUES ($1, 'type', $2, '{}', '\\x00', 10)",
        [ws.id, `type@v${i}`],
      );
    }
    const models = await listModels(db, ws.id);
    expect(models.map((m) => m.version).slice(0, 3)).toEqual(['type@v12', 'type@v11', 'type@v10']);
    const ids = models.map((m) => Number(m.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});
