import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, TEST_BACKEND } from '../../test/helpers/db.js';
import { serializeClassifier, trainClassifier } from '../text/classifier.js';
import { backupWorkspace, restoreWorkspace } from './backup.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { findPreviousModel, listModels, loadLatestModel, loadModelWeights, saveModel } from './queries/text-models.js';
import { ensureWorkspace } from './queries/workspaces.js';

// A model's state (migration 050, labels/model-gate.ts): what the migration makes of the models
// stored before it, and what a backup keeps of it.
const model = (words: string[]) =>
  trainClassifier(
    words.flatMap((w, i) => [0, 1, 2].map((r) => ({ text: `${w} 문의드립니다 ${'ㅠ'.repeat(r)}`, label: `t${i}` }))),
    'type',
  );

describe(`model state (${TEST_BACKEND})`, () => {
  it('migration 050: the newest model of each workspace and task is the one in use, the older ones were', async () => {
    const old = await openTestDb({ through: '049' });
    try {
      const a = await ensureWorkspace(old.db, { slug: 'gate-a', name: '모델 A' });
      const b = await ensureWorkspace(old.db, { slug: 'gate-b', name: '모델 B' });
      const insert = (ws: number, task: string, version: string) =>
        old.db.query(`INSERT INTO text_models (workspace_id, task, version, meta, weights, examples) VALUES ($1, $2, $3, '{}', '\\x00', 1)`, [ws, task, version]);
      for (const [ws, task, version] of [[a.id, 'type', 'a-type-1'], [a.id, 'type', 'a-type-2'], [a.id, 'topic', 'a-topic-1'], [b.id, 'type', 'b-type-1']] as const) await insert(ws, task, version);
      expect(await migrate(old.db)).toContain('050_model_gate.sql');
      const rows = await old.db.query<{ version: string; status: string; activated: boolean }>(
        'SELECT version, status, activated_at IS NOT NULL AS activated FROM text_models ORDER BY version',
      );
      expect(rows).toEqual([
        { version: 'a-topic-1', status: 'active', activated: true },
        { version: 'a-type-1', status: 'retired', activated: true },
        { version: 'a-type-2', status: 'active', activated: true },
        { version: 'b-type-1', status: 'active', activated: true },
      ]);
      // One model in use per workspace and task.
      await expect(old.db.query("UPDATE text_models SET status = 'active' WHERE version = 'a-type-1'")).rejects.toThrow();
    } finally {
      await old.close();
    }
  });

  describe('backup and restore', () => {
    let db: Db;
    let close: () => Promise<void>;
    let dir: string;
    beforeAll(async () => {
      ({ db, close } = await openTestDb());
      dir = await mkdtemp(path.join(tmpdir(), 'sori-model-state-'));
    });
    afterAll(async () => {
      await close();
      await rm(dir, { recursive: true, force: true });
    });

    it('keeps each model’s state, its probe and who decided; a backup from before 050 restores the newest as in use', async () => {
      const ws = await ensureWorkspace(db, { slug: 'gate-src', name: '모델 백업' });
      const first = model(['배송', '환불']);
      const second = model(['배송', '환불', '쿠폰']);
      await saveModel(db, ws.id, 'type', first, { trigger: 'manual' }, { status: 'active', decidedBy: 'admin@sori.test' });
      const probe = model(['배송', '쿠폰']);
      const held = await saveModel(db, ws.id, 'type', second, { trigger: 'corrections' }, {
        status: 'candidate',
        holdReason: 'worse',
        decidedBy: 'system',
        probe: { meta: probe.meta, weights: (await loadProbeBytes(probe)) },
      });
      const file = path.join(dir, 'gate.sori.gz');
      await backupWorkspace(db, 'gate-src', file);

      const restored = await restoreWorkspace(db, file, 'gate-copy');
      const copy = await listModels(db, restored.workspace.id);
      expect(copy.map((m) => [m.version, m.status, m.hold_reason, m.decided_by, m.activated_at !== null])).toEqual([
        [second.meta.version, 'candidate', 'worse', 'system', false],
        [first.meta.version, 'active', null, 'admin@sori.test', true],
      ]);
      expect((await loadLatestModel(db, restored.workspace.id, 'type'))!.meta.version).toBe(first.meta.version);
      const heldCopy = await loadModelWeights(db, restored.workspace.id, { id: copy[0]!.id });
      expect(heldCopy!.probe!.meta.version).toBe(probe.meta.version);
      expect(Buffer.from(heldCopy!.probe!.weights)).toEqual(Buffer.from(await loadProbeBytes(probe)));
      expect(held.status).toBe('candidate');

      // A backup written before migration 050: no state at all. Its newest model is the one in use.
      const lines = gunzipSync(await readFile(file)).toString('utf8').split('\n');
      const stripped = lines.map((line) => {
        if (!line.includes('"text_models"')) return line;
        const parsed = JSON.parse(line) as { t: string; r: Record<string, unknown> };
        if (parsed.t !== 'text_models') return line;
        for (const key of ['status', 'hold_reason', 'decided_by', 'decided_at', 'activated_at', 'probe_meta', 'probe_weights']) delete parsed.r[key];
        return JSON.stringify(parsed);
      });
      const oldFile = path.join(dir, 'gate-old.sori.gz');
      await writeFile(oldFile, gzipSync(stripped.join('\n')));
      const fromOld = await restoreWorkspace(db, oldFile, 'gate-old');
      const oldCopy = await listModels(db, fromOld.workspace.id);
      expect(oldCopy.map((m) => [m.version, m.status, m.activated_at !== null])).toEqual([
        [second.meta.version, 'active', true],
        [first.meta.version, 'retired', true],
      ]);
      expect((await findPreviousModel(db, fromOld.workspace.id, 'type'))!.version).toBe(first.meta.version);
    });
  });
});

async function loadProbeBytes(m: ReturnType<typeof model>): Promise<Uint8Array> {
  return new Uint8Array(serializeClassifier(m).weights);
}
