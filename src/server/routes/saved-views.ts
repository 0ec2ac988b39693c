import type { Hono } from 'hono';
import { z } from 'zod';
import { writeAudit } from '../../auth/audit.js';
import { SoriError } from '../../domain/errors.js';
import {
  createSavedView,
  deleteSavedView,
  findSavedView,
  listSavedViews,
  SAVED_VIEW_NAME_MAX,
  SAVED_VIEW_PAGES,
  SAVED_VIEW_QUERY_MAX,
  updateSavedView,
  type SavedView,
  type SavedViewPage,
} from '../../store/queries/saved-views.js';
import type { Workspace } from '../../store/queries/workspaces.js';
import { bigIdDoc, instantDoc, type RouteDoc } from '../openapi.js';
import { defineRoute, idParam, issueMessage, type Actor, type Deps } from '../route.js';
import { volumeQuery } from './insights.js';
import { filterQuery, toFilter } from './items.js';

/**
 * Explore's URL (web/src/insights/explore-state.ts): GET /insights/volume's keys but `limit` and
 * `per` (the page sets neither), plus the page's own `range` preset and chart style.
 */
const exploreQuery = volumeQuery
  .omit({ limit: true, per: true })
  .extend({ range: z.enum(['7', '28', '90']).optional(), chart: z.enum(['line', 'stacked']).optional() })
  .strict();

const QUERY_FIELD = 'query';

/** A validation error naming each refused key of the stored query under `query.`. */
function queryProblem(errors: { field: string; message: string }[]): SoriError {
  const named = errors.map((e) => ({ field: e.field ? `${QUERY_FIELD}.${e.field}` : QUERY_FIELD, message: e.message }));
  return new SoriError('validation_failed', `query: ${named.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { errors: named });
}

/**
 * The page's URL query as stored: only keys the page's filter schema knows, each once, with values
 * it takes (a view can never hold junk), empty values dropped, without `?`.
 */
export function canonicalViewQuery(page: SavedViewPage, raw: string, workspace: Workspace): string {
  const params = new URLSearchParams(raw.startsWith('?') ? raw.slice(1) : raw);
  const record: Record<string, string> = {};
  const kept = new URLSearchParams();
  for (const [key, value] of params) {
    if (key in record) throw queryProblem([{ field: key, message: 'given twice / 두 번 주어졌습니다' }]);
    record[key] = value;
    if (value.trim() !== '') kept.set(key, value.trim());
  }
  const schema = page === 'items' ? filterQuery.strict() : exploreQuery;
  const parsed = schema.safeParse(record);
  if (!parsed.success) {
    throw queryProblem(
      parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(',') : ''),
        message: issue.code === 'unrecognized_keys' ? `not a filter of this page / 이 화면의 필터가 아닙니다: ${issue.keys.join(', ')}` : issueMessage(issue),
      })),
    );
  }
  if (page === 'items') {
    try {
      toFilter(parsed.data as z.output<typeof filterQuery>, workspace.timezone); // a day that is no date
    } catch (error) {
      if (error instanceof SoriError && Array.isArray(error.detail?.errors)) throw queryProblem(error.detail.errors as { field: string; message: string }[]);
      throw error;
    }
  }
  return kept.toString();
}

const nameSchema = z
  .string({ message: 'give a name / 이름을 입력하세요' })
  .trim()
  .min(1, 'give a name / 이름을 입력하세요')
  .max(SAVED_VIEW_NAME_MAX, `a name of at most ${SAVED_VIEW_NAME_MAX} characters / 이름은 ${SAVED_VIEW_NAME_MAX}자 이하로 입력하세요`);
const querySchema = z
  .string({ message: 'give the page’s query / 화면의 조건(query)을 주세요' })
  .max(SAVED_VIEW_QUERY_MAX, `a query of at most ${SAVED_VIEW_QUERY_MAX} characters / 조건은 ${SAVED_VIEW_QUERY_MAX}자 이하여야 합니다`)
  .describe('the page’s URL query (channel=chat&sentiment=negative), only keys of its filters');
const PAGE_MESSAGE = 'page: items or explore / 화면은 items(항목) 또는 explore(탐색)여야 합니다';
const pageSchema = z.enum(SAVED_VIEW_PAGES, { message: PAGE_MESSAGE });

const createBody = z.object({
  page: pageSchema,
  name: nameSchema,
  query: querySchema,
  shared: z.boolean().optional().describe('true: shared with the workspace (operators and admins); false (default): only you see it'),
});
const updateBody = z
  .object({ name: nameSchema.optional(), query: querySchema.optional() })
  .refine((b) => b.name !== undefined || b.query !== undefined, 'give a name or a query / 이름이나 조건을 주세요');

/** A saved view as the API answers it; `#/components/schemas/SavedView`. */
const viewDoc = z
  .object({
    id: bigIdDoc,
    page: z.enum(SAVED_VIEW_PAGES),
    name: z.string(),
    query: z.string().describe('the page’s URL query, without ?'),
    shared: z.boolean(),
    mine: z.boolean().describe('the caller made it (and may change it)'),
    can_change: z.boolean().describe('the caller may rename, change or delete it'),
    created_by: z.string(),
    created_at: instantDoc,
    updated_at: instantDoc,
  })
  .meta({ id: 'SavedView' });

const userIdOf = (actor: Actor): number | null => (actor.type === 'user' ? actor.user.id : null);
/** Operators and admins (a token: the admin scope) keep what the workspace shares. */
const canShare = (actor: Actor) => (actor.type === 'user' ? actor.user.role !== 'viewer' : actor.type === 'token' && actor.token.scopes.includes('admin'));
const isAdmin = (actor: Actor) => (actor.type === 'user' ? actor.user.role === 'admin' : actor.type === 'token' && actor.token.scopes.includes('admin'));
/** A private view is its owner's; a shared one its creator's and the admins'. */
const canChange = (view: SavedView, actor: Actor) =>
  view.shared ? isAdmin(actor) || (view.created_by_user_id !== null && view.created_by_user_id === userIdOf(actor)) : view.owner_user_id === userIdOf(actor);

function viewAnswer(view: SavedView, actor: Actor) {
  const me = userIdOf(actor);
  return {
    id: view.id,
    page: view.page,
    name: view.name,
    query: view.query,
    shared: view.shared,
    mine: me !== null && (view.owner_user_id === me || view.created_by_user_id === me),
    can_change: canChange(view, actor),
    created_by: view.created_by,
    created_at: view.created_at,
    updated_at: view.updated_at,
  };
}

const idParams = z.object({ id: idParam() });
const notFound = (id: string) => new SoriError('not_found', `no saved view ${id} / 저장된 보기가 없습니다`);

/** The view to change: one the caller sees (else 404) and may change (else 403). */
async function changeableView(deps: Deps, workspace: Workspace, id: string, actor: Actor): Promise<SavedView> {
  const view = await findSavedView(deps.db, workspace.id, id, userIdOf(actor));
  if (!view) throw notFound(id);
  if (!canChange(view, actor)) throw new SoriError('forbidden', 'only an admin or the view’s creator changes a shared view / 공유된 보기는 관리자나 만든 사람만 바꿀 수 있습니다');
  return view;
}

/** Saved views (저장된 보기) of the item list and Explore: a person's own, and the workspace's shared ones. */
export function savedViewRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/saved-views',
      operationId: 'listSavedViews',
      response: z.object({ views: z.array(viewDoc) }),
      tag: 'saved-views',
      summary: 'The saved views of a page the caller sees: the shared ones, then their own, by name',
      access: 'read',
      query: z.object({ page: pageSchema }),
    },
    async ({ query, workspace, actor, deps: { db } }) => ({
      views: (await listSavedViews(db, workspace.id, query.page, userIdOf(actor))).map((v) => viewAnswer(v, actor)),
    }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/saved-views',
      operationId: 'createSavedView',
      status: 201,
      response: z.object({ view: viewDoc }),
      tag: 'saved-views',
      summary: 'Save a page’s filters under a name: for yourself (any signed-in user), or shared with the workspace (operators and admins)',
      access: 'read',
      body: createBody,
      maxBodyBytes: 16 * 1024,
    },
    async ({ body, workspace, actor, deps: { db } }) => {
      const shared = body.shared === true;
      if (shared && !canShare(actor)) throw new SoriError('forbidden', 'operators and admins share views with the workspace / 팀 공유 보기는 운영자와 관리자만 만들 수 있습니다');
      if (!shared && actor.type !== 'user') throw new SoriError('forbidden', 'a private view belongs to a signed-in user; a token saves shared views / 나만 보는 보기는 로그인한 사용자만 만들 수 있습니다');
      const query = canonicalViewQuery(body.page, body.query, workspace);
      const view = await createSavedView(db, workspace.id, {
        page: body.page,
        name: body.name,
        query,
        ownerUserId: shared ? null : userIdOf(actor),
        createdBy: actor.label,
        createdByUserId: userIdOf(actor),
      });
      await writeAudit(db, actor.label, 'saved_views.create', workspace.slug, { id: view.id, page: view.page, name: view.name, shared });
      return { view: viewAnswer(view, actor) };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'patch',
      path: '/saved-views/:id',
      operationId: 'updateSavedView',
      response: z.object({ view: viewDoc }),
      tag: 'saved-views',
      summary: 'Rename a saved view or save the page’s current filters into it (a shared one: an admin or its creator)',
      access: 'read',
      params: idParams,
      body: updateBody,
      maxBodyBytes: 16 * 1024,
    },
    async ({ params, body, workspace, actor, deps: { db } }) => {
      const before = await changeableView(deps, workspace, params.id, actor);
      const query = body.query === undefined ? undefined : canonicalViewQuery(before.page, body.query, workspace);
      const view = await updateSavedView(db, workspace.id, params.id, { name: body.name, query });
      if (!view) throw notFound(params.id);
      await writeAudit(db, actor.label, 'saved_views.update', workspace.slug, { id: view.id, page: view.page, name: view.name, from_name: before.name, shared: view.shared });
      return { view: viewAnswer(view, actor) };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'delete',
      path: '/saved-views/:id',
      operationId: 'deleteSavedView',
      status: 204,
      tag: 'saved-views',
      summary: 'Delete a saved view (a shared one: an admin or its creator)',
      access: 'read',
      params: idParams,
    },
    async ({ params, workspace, actor, deps: { db } }) => {
      await changeableView(deps, workspace, params.id, actor);
      const view = await deleteSavedView(db, workspace.id, params.id);
      if (!view) throw notFound(params.id);
      await writeAudit(db, actor.label, 'saved_views.delete', workspace.slug, { id: view.id, page: view.page, name: view.name, shared: view.shared });
      return null;
    },
  );
}
