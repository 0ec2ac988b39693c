import type { Hono } from 'hono';
import { z } from 'zod';
import { forgetResolvedTokens } from '../../auth/api-tokens.js';
import { writeAudit } from '../../auth/audit.js';
import { SoriError } from '../../domain/errors.js';
import { deleteDemoWorkspace, loadDemoWorkspace, DEMO_SLUG } from '../../ingest/demo/load-demo.js';
import { textEnrichmentFor } from '../../ingest/enrich.js';
import { WORKSPACE_SLUG_PATTERN } from '../../store/queries/workspaces.js';
import type { RouteDoc } from '../openapi.js';
import { defineRoute, forgetWorkspace, type Deps } from '../route.js';
import { workspaceSchema } from './auth.js';

const loadBody = z
  .object({
    days: z.number().int().min(1).max(3_650).optional().describe('days of data, ending now (default 90: about 10,800 items) / 데이터 기간(일)'),
    seed: z.number().int().min(0).max(2 ** 31).optional().describe('the generator’s seed: the same seed and days give the same data'),
  })
  .strict();

const loadedSchema = z.object({
  workspace: workspaceSchema,
  items: z.number().int().describe('items generated'),
  inserted: z.number().int().describe('of those, items new to the workspace (0 when the demo was loaded already with the same data)'),
  metrics: z.number().int().describe('business metric values written (one per metric and day)'),
  incidents: z.array(z.object({ name: z.string(), from: z.string(), to: z.string(), description: z.string() })).describe('the incidents embedded in the data'),
});
/** POST /demo's answer: what `sori demo` prints, through the server or (loadDemoWorkspace's result) on the store. */
export type DemoLoaded = z.infer<typeof loadedSchema>;

const deleteBody = z
  .object({
    workspace: z
      .string()
      .regex(WORKSPACE_SLUG_PATTERN, 'a workspace slug / 워크스페이스 슬러그')
      .optional()
      .describe(`a demo-marked workspace to delete (a restored copy of the demo); default "${DEMO_SLUG}"`),
  })
  .strict();

const deletedSchema = z.object({
  workspace: z.string().describe('the slug asked for'),
  deleted: z.boolean().describe(`false: there was no "${DEMO_SLUG}" workspace, nothing to delete`),
});
/** POST /demo/delete's answer. */
export type DemoDeleted = z.infer<typeof deletedSchema>;

const conflictDoc = {
  description: 'conflict: a demo load or deletion is running already, or the workspace is not a demo (a team’s own data): nothing was done',
  contentType: 'application/problem+json',
  schema: z.looseObject({ type: z.string(), title: z.string(), status: z.literal(409), detail: z.string(), code: z.literal('conflict') }),
};

/**
 * The demo workspace from the running server (admins): loading it (`sori demo`) and deleting it
 * (`sori demo delete`), the same code as the CLI, so a newcomer need not stop the server for it.
 */
export function demoRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  // Loading takes seconds: a second click meanwhile would race the first over the topic tree
  // (created when missing) and double the work. One demo change at a time in this process.
  let running: 'load' | 'delete' | null = null;
  const exclusively = async <T>(what: 'load' | 'delete', work: () => Promise<T>): Promise<T> => {
    if (running) {
      throw new SoriError(
        'conflict',
        running === 'load'
          ? 'the demo workspace is being loaded right now; wait until it is done / 데모 워크스페이스를 지금 불러오는 중입니다. 끝날 때까지 기다리세요'
          : 'the demo workspace is being deleted right now; try again when it is done / 데모 워크스페이스를 지금 지우는 중입니다. 끝난 뒤 다시 시도하세요',
        { running },
      );
    }
    running = what;
    try {
      return await work();
    } finally {
      running = null;
    }
  };

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/demo',
      operationId: 'loadDemoWorkspace',
      tag: 'admin',
      summary:
        `Load the demo workspace "${DEMO_SLUG}" (admin; 데모 데이터 불러오기, as sori demo): a generated Korean dataset — items on several channels with their labels, ` +
        'business metrics and embedded incidents — marked is_demo. Takes seconds. Loading again refreshes it (identical items are not written twice). ' +
        `409 conflict while another load or deletion runs, or when "${DEMO_SLUG}" is a team's own workspace. Audited (workspace.demo_load)`,
      access: 'admin',
      body: loadBody,
      responses: { '200': { description: 'loaded', schema: loadedSchema }, '409': conflictDoc },
    },
    async ({ body, actor, deps: { db } }) =>
      exclusively('load', async () => {
        const r = await loadDemoWorkspace(db, { days: body.days, seed: body.seed });
        await writeAudit(db, actor.label, 'workspace.demo_load', r.workspace.slug, { items: r.items, inserted: r.inserted, days: body.days ?? null });
        const { pseudonym_key: _k, ...workspace } = r.workspace;
        return { workspace, items: r.items, inserted: r.inserted, metrics: r.metrics, incidents: r.incidents } satisfies DemoLoaded;
      }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/demo/delete',
      operationId: 'deleteDemoWorkspace',
      tag: 'admin',
      summary:
        `Delete the demo workspace (admin; as sori demo delete): "${DEMO_SLUG}", or the demo-marked workspace named (a restored copy of the demo), with everything in it. ` +
        "A workspace not marked is_demo (a team's own data) is refused (409 conflict). Audited (workspace.delete)",
      access: 'admin',
      body: deleteBody,
      responses: { '200': { description: 'deleted (deleted: false when there was no demo workspace)', schema: deletedSchema }, '409': conflictDoc },
    },
    async ({ body, actor, deps: { db } }) =>
      exclusively('delete', async () => {
        const slug = body.workspace ?? DEMO_SLUG;
        const gone = await deleteDemoWorkspace(db, slug, actor.label);
        if (!gone) return { workspace: slug, deleted: false } satisfies DemoDeleted;
        // What this process keeps of the workspace goes with it: its lookups, its tokens, its labelling state.
        forgetWorkspace(gone.id);
        forgetResolvedTokens();
        textEnrichmentFor(db).invalidate(gone.id);
        textEnrichmentFor(db).resetDuplicates(gone.id);
        return { workspace: slug, deleted: true } satisfies DemoDeleted;
      }),
  );
}
