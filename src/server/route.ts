import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import type { SoriConfig } from '../config/config.js';
import { SoriError } from '../domain/errors.js';
import { resolveApiToken, type ApiToken } from '../auth/api-tokens.js';
import { resolveSession, type User } from '../auth/users.js';
import type { Db } from '../store/db.js';
import { DEFAULT_WORKSPACE_SLUG, findWorkspaceById, findWorkspaceBySlug, type Workspace } from '../store/queries/workspaces.js';
import type { RouteDoc } from './openapi.js';

export const SESSION_COOKIE = 'sori_session';

/**
 * Who may call a route. Users by role, API tokens by scope:
 * read: any user, or a token with `read`; ingest: admin/operator, or `ingest`;
 * admin: admin, or `admin`; session: a logged-in user (no tokens); public: anyone.
 */
export type Access = 'public' | 'session' | 'read' | 'ingest' | 'admin';

export type Actor =
  | { type: 'user'; user: User; label: string }
  | { type: 'token'; token: ApiToken; label: string }
  | { type: 'anonymous'; label: string };

export interface Deps {
  db: Db;
  config: SoriConfig;
  version: string;
  log: (msg: string, err?: unknown) => void;
}

export interface RouteContext<B, Q> {
  c: Context;
  deps: Deps;
  actor: Actor;
  /** The workspace the request works on (null only on public/session routes without one). */
  workspace: Workspace;
  body: B;
  query: Q;
  params: Record<string, string>;
}

const USER_ROLES: Record<Exclude<Access, 'public'>, string[]> = {
  session: ['admin', 'operator', 'viewer'],
  read: ['admin', 'operator', 'viewer'],
  ingest: ['admin', 'operator'],
  admin: ['admin'],
};
const TOKEN_SCOPES: Record<Exclude<Access, 'public'>, string[]> = {
  session: [],
  read: ['read', 'admin'],
  ingest: ['ingest', 'admin'],
  admin: ['admin'],
};

async function resolveActor(c: Context, db: Db): Promise<Actor> {
  const header = c.req.header('authorization');
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const token = m ? await resolveApiToken(db, m[1]) : null;
    if (!token) throw new SoriError('invalid_token', 'API token is invalid or revoked / API 토큰이 유효하지 않습니다');
    return { type: 'token', token, label: `token:${token.id}` };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) {
    const user = await resolveSession(db, cookie);
    if (user) return { type: 'user', user, label: user.email };
  }
  return { type: 'anonymous', label: 'anonymous' };
}

function checkAccess(actor: Actor, access: Access): void {
  if (access === 'public') return;
  if (actor.type === 'anonymous') throw new SoriError('unauthenticated', 'log in or send an API token / 로그인하거나 API 토큰을 보내세요');
  const ok =
    actor.type === 'user'
      ? USER_ROLES[access].includes(actor.user.role)
      : TOKEN_SCOPES[access].some((s) => actor.token.scopes.includes(s as never));
  if (!ok) {
    throw new SoriError('forbidden', `this action needs ${access} access / 이 작업에 필요한 권한(${access})이 없습니다`);
  }
}

/** Cookie-authenticated writes must come from our own origin (SameSite=Lax is the first guard). */
function checkOrigin(c: Context, actor: Actor): void {
  if (actor.type !== 'user' || ['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return;
  const origin = c.req.header('origin');
  if (!origin) {
    // No Origin (older browsers, some same-origin forms): a browser still says where it came from.
    if (c.req.header('sec-fetch-site') === 'cross-site') throw new SoriError('csrf_rejected', 'cross-site request rejected / 다른 사이트에서 온 요청은 거부됩니다');
    return;
  }
  const host = c.req.header('host');
  try {
    if (new URL(origin).host === host) return;
  } catch {
    /* fall through */
  }
  throw new SoriError('csrf_rejected', 'cross-site request rejected / 다른 사이트에서 온 요청은 거부됩니다');
}

// Workspaces change rarely; the single-item ingest path should not pay a query for one.
// A deleted workspace may be seen for up to WORKSPACE_CACHE_MS (its rows are gone already).
const WORKSPACE_CACHE_MS = 5_000;
const workspaceCache = new Map<string, { ws: Workspace | null; until: number; db: Db }>();

async function cachedWorkspace(db: Db, key: string, load: () => Promise<Workspace | null>): Promise<Workspace | null> {
  const hit = workspaceCache.get(key);
  if (hit && hit.db === db && hit.until > Date.now()) return hit.ws;
  const ws = await load();
  if (workspaceCache.size > 1_000) workspaceCache.clear();
  if (ws) workspaceCache.set(key, { ws, until: Date.now() + WORKSPACE_CACHE_MS, db });
  return ws;
}

async function resolveWorkspace(c: Context, db: Db, actor: Actor): Promise<Workspace | null> {
  const asked = c.req.query('workspace') ?? c.req.header('x-sori-workspace');
  if (actor.type === 'token') {
    const id = actor.token.workspace_id;
    const ws = await cachedWorkspace(db, `id:${id}`, () => findWorkspaceById(db, id));
    // A token works on its own workspace only: naming another is an error, not a silent answer from its own.
    if (ws && asked && asked !== ws.slug) {
      throw new SoriError('forbidden', `this API token belongs to workspace "${ws.slug}", not "${asked}" / 이 API 토큰은 "${ws.slug}" 워크스페이스용입니다`);
    }
    return ws;
  }
  const slug = asked ?? DEFAULT_WORKSPACE_SLUG;
  const ws = await cachedWorkspace(db, `slug:${slug}`, () => findWorkspaceBySlug(db, slug));
  if (!ws && actor.type === 'user') throw new SoriError('workspace_not_found', `no workspace "${slug}" / 워크스페이스가 없습니다`);
  return ws;
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || null, message: i.message }));
    throw new SoriError('validation_failed', `invalid ${where}: ${errors.map((e) => `${e.field ?? where}: ${e.message}`).join('; ')}`, { errors });
  }
  return parsed.data;
}

/**
 * Declares a route: auth + zod schemas first, then one wrapper resolves the actor and the
 * workspace, checks access, parses input and calls the handler. The handler returns a Response
 * or a value sent as JSON.
 */
export function defineRoute<B = undefined, Q = undefined>(
  app: Hono,
  deps: Deps,
  registry: RouteDoc[],
  spec: Omit<RouteDoc, 'body' | 'query'> & { access: Access; body?: z.ZodType<B>; query?: z.ZodType<Q>; rawBody?: boolean },
  handler: (ctx: RouteContext<B, Q>) => Promise<Response | unknown>,
): void {
  registry.push(spec as RouteDoc);
  app.on(spec.method.toUpperCase(), `/api/v1${spec.path}`, async (c) => {
    // Public routes (login, setup, webhook receivers) need no credentials, and an Authorization
    // header there is someone else's (a vendor's webhook may add its own basic or bearer auth).
    const actor: Actor = spec.access === 'public' ? { type: 'anonymous', label: 'anonymous' } : await resolveActor(c, deps.db);
    checkAccess(actor, spec.access);
    checkOrigin(c, actor);
    const workspace = spec.access === 'public' ? null : await resolveWorkspace(c, deps.db, actor);
    let bodyValue: unknown;
    if (spec.body && !spec.rawBody) {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
        throw new SoriError('unsupported_media_type', 'send JSON with Content-Type: application/json');
      }
      try {
        bodyValue = await c.req.json();
      } catch {
        throw new SoriError('invalid_json', 'request body is not valid JSON / 요청 본문이 올바른 JSON이 아닙니다');
      }
    }
    const body = spec.rawBody ? (undefined as B) : parseWith(spec.body, bodyValue, 'body');
    const query = parseWith(spec.query, c.req.query(), 'query');
    const result = await handler({ c, deps, actor, workspace: workspace!, body, query, params: c.req.param() as Record<string, string> });
    if (result instanceof Response) return result;
    return c.json(result as object);
  });
}

/** Comma-separated query values as a list. */
export const csvList = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined));

/** Comma-separated query values, each one of `values` (a typo is a 400, not an empty answer). */
export const csvEnum = (values: readonly string[]) =>
  csvList.refine((list) => !list || list.every((v) => values.includes(v)), `each one of ${values.join(', ')} / 허용되는 값: ${values.join(', ')}`);
