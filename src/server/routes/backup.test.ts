import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { openTestDb, TEST_BACKEND } from '../../../test/helpers/db.js';
import { buildItem } from '../../../test/helpers/factories.js';
import { ingestItems } from '../../ingest/pipeline.js';
import { restoreWorkspace } from '../../store/backup.js';
import { openDb, type Db } from '../../store/db.js';
import { migrate } from '../../store/migrate.js';
import { findWorkspaceBySlug } from '../../store/queries/workspaces.js';

// A backup while the server runs: on the embedded database `sori backup` cannot open the folder then.
describe(`GET /api/v1/backup (${TEST_BACKEND})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let app: Hono;
  let tokens: Record<'ingest' | 'read' | 'admin', string>;
  const dir = mkdtempSync(path.join(tmpdir(), 'sori-api-backup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    ({ db, close } = await openTestDb());
    ({ app, tokens } = await buildTestApp(db));
    const ws = (await findWorkspaceBySlug(db, 'default'))!;
    await ingestItems(db, ws, Array.from({ length: 120 }, (_, i) => buildItem({ external_id: `api-b-${i}`, text: `배송 문의 ${i} 연락처 010-1234-${String(1000 + i)}` })));
  });
  afterAll(() => close());

  it('gives admins the same file as sori backup, which restores elsewhere; others are refused', async () => {
    for (const scope of ['read', 'ingest'] as const) {
      const refused = await app.request('/api/v1/backup', { headers: { Authorization: `Bearer ${tokens[scope]}` } });
      expect(refused.status, scope).toBe(403);
    }
    const res = await app.request('/api/v1/backup', { headers: { Authorization: `Bearer ${tokens.admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="sori-default-backup-\d{4}-\d{2}-\d{2}\.jsonl\.gz"$/);
    const body = Buffer.from(await res.arrayBuffer());
    const lines = gunzipSync(body).toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ end: { items: 120 } });
    const file = path.join(dir, 'from-api.jsonl.gz');
    writeFileSync(file, body);
    const other = await openDb({});
    try {
      await migrate(other);
      const { workspace, counts } = await restoreWorkspace(other, file);
      expect(workspace.slug).toBe('default');
      expect(counts.items).toBe(120);
      const [{ texts }] = await other.query<{ texts: string[] }>('SELECT array_agg(text ORDER BY external_id) AS texts FROM items');
      expect(texts.every((t) => t.includes('[전화번호]'))).toBe(true);
    } finally {
      await other.close();
    }
  });
});
