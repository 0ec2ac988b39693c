/**
 * A small demo workspace for browser tests: the same generator, business numbers and incidents
 * as `sori demo`, at fewer items a day so it loads in seconds, plus a few keyword topics (the
 * demo itself has none) so the Overview has topic movers. One topic name carries markup, to
 * check that charts and tables show it as text.
 */
import type { SoriConfig } from '../../src/config/config.js';
import { generateDemoDataset } from '../../src/ingest/demo/generate.js';
import { DEMO_SLUG } from '../../src/ingest/demo/load-demo.js';
import { ingestItems } from '../../src/ingest/pipeline.js';
import { openStore } from '../../src/store/open-store.js';
import { upsertMetrics } from '../../src/store/queries/business-metrics.js';
import { createTopic } from '../../src/store/queries/topics.js';
import { ensureWorkspace } from '../../src/store/queries/workspaces.js';

export const DEMO_WORKSPACE = DEMO_SLUG;
export const MARKUP_TOPIC = '<b>쿠폰</b> 문의';

/** Topics by keyword, a parent with one child among them. */
const TOPICS: { name: string; keyword: string; children?: { name: string; keyword: string }[] }[] = [
  { name: '로그인 오류', keyword: '로그인' },
  { name: '배송', keyword: '배송' },
  { name: '결제·환불', keyword: '환불', children: [{ name: '결제 오류', keyword: '결제' }] },
  { name: MARKUP_TOPIC, keyword: '쿠폰' },
];

/** Loads the demo workspace into the data folder before the server starts (the embedded database has one owner at a time). */
export async function loadSmallDemo(config: SoriConfig, opts: { days?: number; itemsPerDay?: number } = {}): Promise<void> {
  const store = await openStore(config, { command: 'e2e-demo' });
  try {
    const ws = await ensureWorkspace(store.db, { slug: DEMO_SLUG, name: '데모: 소리마켓 (가상 데이터)', isDemo: true });
    for (const topic of TOPICS) {
      const parent = await createTopic(store.db, ws.id, { name: topic.name, rules: [{ kind: 'keyword', pattern: topic.keyword }] });
      for (const child of topic.children ?? []) {
        await createTopic(store.db, ws.id, { name: child.name, parentId: parent.id, rules: [{ kind: 'keyword', pattern: child.keyword }] });
      }
    }
    const data = generateDemoDataset({ days: opts.days ?? 60, itemsPerDay: opts.itemsPerDay ?? 40 });
    await ingestItems(store.db, ws, data.items);
    await upsertMetrics(store.db, ws.id, data.metrics);
  } finally {
    await store.close();
  }
}
