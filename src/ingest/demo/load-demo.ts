import type { Db } from '../../store/db.js';
import { upsertMetrics } from '../../store/queries/business-metrics.js';
import { ensureWorkspace } from '../../store/queries/workspaces.js';
import { ingestItems } from '../pipeline.js';
import { ensureDemoTopics } from './demo-topics.js';
import { generateDemoDataset } from './generate.js';

export const DEMO_SLUG = 'demo';

/**
 * Creates (or refreshes) the demo workspace with a generated Korean dataset: several channels,
 * business metrics and embedded incidents. Marked is_demo; `sori demo delete` removes it.
 */
export async function loadDemoWorkspace(db: Db, opts: { days?: number; seed?: number; endDate?: Date } = {}) {
  const ws = await ensureWorkspace(db, { slug: DEMO_SLUG, name: '데모: 소리마켓 (가상 데이터)', isDemo: true });
  const data = generateDemoDataset({ days: opts.days, seed: opts.seed, endDate: opts.endDate });
  // The team's topic tree comes first, so its rules label the items as they arrive.
  await ensureDemoTopics(db, ws.id);
  let inserted = 0;
  for (let i = 0; i < data.items.length; i += 5_000) {
    const r = await ingestItems(db, ws, data.items.slice(i, i + 5_000));
    inserted += r.inserted;
  }
  await upsertMetrics(db, ws.id, data.metrics);
  return { workspace: ws, items: data.items.length, inserted, metrics: data.metrics.length, incidents: data.incidents };
}
