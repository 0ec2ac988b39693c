import { SoriError } from '../../domain/errors.js';
import type { Db } from '../../store/db.js';
import { upsertMetrics } from '../../store/queries/business-metrics.js';
import { writeAudit } from '../../auth/audit.js';
import { deleteWorkspace, ensureWorkspace, findWorkspaceBySlug } from '../../store/queries/workspaces.js';
import { ingestItems } from '../pipeline.js';
import { recordDemoEvents } from './demo-events.js';
import { ensureDemoTopics } from './demo-topics.js';
import { generateDemoDataset } from './generate.js';

export const DEMO_SLUG = 'demo';

/**
 * Creates (or refreshes) the demo workspace with a generated Korean dataset: several channels,
 * business metrics and embedded incidents. Marked is_demo; `sori demo delete` removes it.
 */
export async function loadDemoWorkspace(db: Db, opts: { days?: number; seed?: number; endDate?: Date } = {}) {
  const ws = await ensureWorkspace(db, { slug: DEMO_SLUG, name: '데모: 소리마켓 (가상 데이터)', isDemo: true });
  // A team's own workspace that happens to be called "demo" never gets fictional items mixed in.
  if (!ws.is_demo) throw notTheDemo();
  const data = generateDemoDataset({ days: opts.days, seed: opts.seed, endDate: opts.endDate });
  // The team's topic tree comes first, so its rules label the items as they arrive.
  await ensureDemoTopics(db, ws.id);
  let inserted = 0;
  for (let i = 0; i < data.items.length; i += 5_000) {
    const r = await ingestItems(db, ws, data.items.slice(i, i + 5_000));
    inserted += r.inserted;
  }
  await upsertMetrics(db, ws.id, data.metrics);
  // The incidents become events on the charts (deleting the workspace deletes them: ON DELETE CASCADE).
  await recordDemoEvents(db, ws.id, data.incidents);
  return { workspace: ws, items: data.items.length, inserted, metrics: data.metrics.length, incidents: data.incidents };
}

/** The error for a workspace with the demo's slug that is a real one (not marked is_demo). */
export function notTheDemo(): SoriError {
  return new SoriError(
    'conflict',
    `the workspace "${DEMO_SLUG}" is not the demo (it holds your own data): Sori leaves it alone / ` +
      `"${DEMO_SLUG}" 워크스페이스는 데모가 아닌 실제 데이터입니다. 건드리지 않습니다`,
    { slug: DEMO_SLUG },
  );
}

/**
 * Deletes the demo workspace (`sori demo delete`, POST /demo/delete), or the demo-marked workspace
 * `slug` (a restored copy of the demo), with everything in it, audited as `actor`. Only a workspace
 * marked demo: a team's own data is refused (409). Null when there is no demo to delete; an unknown
 * other slug is a 404.
 */
export async function deleteDemoWorkspace(db: Db, slug: string, actor: string): Promise<{ id: number } | null> {
  const ws = await findWorkspaceBySlug(db, slug);
  if (!ws) {
    if (slug === DEMO_SLUG) return null;
    throw new SoriError('workspace_not_found', `no workspace "${slug}" / 워크스페이스 "${slug}"가 없습니다`, { slug });
  }
  if (!ws.is_demo) {
    throw slug === DEMO_SLUG
      ? notTheDemo()
      : new SoriError(
          'conflict',
          `the workspace "${slug}" is not a demo (it holds your own data): only demo workspaces are deleted / ` +
            `"${slug}" 워크스페이스는 데모가 아닌 실제 데이터입니다. 데모 워크스페이스만 지웁니다`,
          { slug },
        );
  }
  await deleteWorkspace(db, ws.id);
  await writeAudit(db, actor, 'workspace.delete', ws.slug, { demo: true });
  return { id: ws.id };
}
