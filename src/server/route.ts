import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import type { SoriConfig } from '../config/config.js';
import { SoriError } from '../domain/errors.js';
import { isStorable } from '../text/language.js';
import { resolveApiToken, type ApiToken } from '../auth/api-tokens.js';
import { resolveSession, type SessionLifetime, type User } from '../auth/users.js';
import type { Db } from '../store/db.js';
import { DEFAULT_WORKSPACE_SLUG, findWorkspaceById, findWorkspaceBySlug, type Workspace } from '../store/queries/workspaces.js';
import type { RouteDoc } from './openapi.js';

/** The session cookie's name over plain http (a laptop, a LAN). */
export const SESSION_COOKIE = 'sori_session';
/**
 * Its name when it is Secure. A browser takes a `__Host-` cookie only from https, with Path=/ and
 * no Domain: a sibling subdomain (or the plain-http twin of the site) cannot set or shadow it.
 */
export const SECURE_SESSION_COOKIE = '__Host-sori_session';

/**
 * Who may call a route. Users by role, API tokens by scope:
 * read: any user, or a token with `read`; ingest: admin/operator, or `ingest`;
 * operate: admin/operator, or `admin` (topics and rules, models, re-classification, discovery,
 * corrections: what an operator does, not a sender's token, which sits in a third-party system);
 * admin: admin, or `admin`; admin-session: a signed-in admin only (users and workspaces are
 * Sori-wide, a token belongs to one workspace); session: a logged-in user (no tokens); public: anyone.
 * Refused before the body is parsed, so a caller without access learns nothing from validation errors.
 */
export type Access = 'public' | 'session' | 'read' | 'ingest' | 'operate' | 'admin' | 'admin-session';

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

export interface RouteContext<B, Q, P = Record<string, string>> {
  c: Context;
  deps: Deps;
  actor: Actor;
  /** The workspace the request works on (null only on public/session routes without one). */
  workspace: Workspace;
  body: B;
  query: Q;
  params: P;
}

const USER_ROLES: Record<Exclude<Access, 'public'>, string[]> = {
  session: ['admin', 'operator', 'viewer'],
  read: ['admin', 'operator', 'viewer'],
  ingest: ['admin', 'operator'],
  operate: ['admin', 'operator'],
  admin: ['admin'],
  'admin-session': ['admin'],
};
const TOKEN_SCOPES: Record<Exclude<Access, 'public'>, string[]> = {
  session: [],
  read: ['read', 'admin'],
  ingest: ['ingest', 'admin'],
  operate: ['admin'],
  admin: ['admin'],
  'admin-session': [],
};

/** How long a session lives under these settings (SORI_SESSION_DAYS at most, SORI_SESSION_IDLE_HOURS unused). */
export function sessionLifetime(config: SoriConfig): SessionLifetime {
  return { days: config.sessionDays, idleMs: config.sessionIdleHours * 3_600_000 };
}

async function resolveActor(c: Context, db: Db, config: SoriConfig): Promise<Actor> {
  const header = c.req.header('authorization');
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const token = m ? await resolveApiToken(db, m[1]) : null;
    if (!token) throw new SoriError('invalid_token', 'API token is invalid or revoked / API 토큰이 유효하지 않습니다');
    return { type: 'token', token, label: `token:${token.id}` };
  }
  const cookie = sessionSecret(c, config);
  if (cookie) {
    const user = await resolveSession(db, cookie, sessionLifetime(config));
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
  if (!ok && access === 'admin-session' && actor.type === 'token') {
    throw new SoriError('forbidden', 'only a signed-in admin can do this, not an API token (it belongs to one workspace) / 로그인한 관리자만 할 수 있습니다(API 토큰은 한 워크스페이스용입니다)');
  }
  if (!ok) {
    throw new SoriError('forbidden', `this action needs ${access} access / 이 작업에 필요한 권한(${access})이 없습니다`);
  }
}

/**
 * The scheme the browser sees: the public URL's when one is set (a TLS proxy in front speaks
 * http to us), else a trusted proxy's X-Forwarded-Proto, else the request's own.
 */
export function externalScheme(c: Context, config: SoriConfig): string {
  if (config.publicUrlSet) return new URL(config.publicUrl).protocol;
  const forwarded = config.trustProxy ? c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() : undefined;
  if (forwarded === 'http' || forwarded === 'https') return `${forwarded}:`;
  return new URL(c.req.url).protocol;
}

/** Whether cookies are Secure: SORI_SECURE_COOKIES, or with `auto` whether the browser sees https (externalScheme). */
export function secureCookies(c: Context, config: SoriConfig): boolean {
  if (config.secureCookies !== 'auto') return config.secureCookies === 'true';
  return externalScheme(c, config) === 'https:';
}

/** The session cookie's name for this request: `__Host-sori_session` when cookies are Secure, else `sori_session`. */
export function sessionCookieName(c: Context, config: SoriConfig): string {
  return secureCookies(c, config) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/**
 * The session secret the browser sent, under this request's cookie name only: over https a plain
 * `sori_session` (which anyone able to set a cookie for the domain could plant) is not read.
 */
export function sessionSecret(c: Context, config: SoriConfig): string | undefined {
  return getCookie(c, sessionCookieName(c, config));
}

/**
 * Refuses a write a browser sent from another site: its Origin (scheme and host, so a page injected
 * into the plain-http twin of an https site is refused too) must be ours, or with no Origin the
 * browser must not mark it cross-site. Requests from scripts and the CLI carry neither.
 */
export function checkSameOrigin(c: Context, config: SoriConfig): void {
  const origin = c.req.header('origin');
  if (!origin) {
    // No Origin (older browsers, some same-origin forms): a browser still says where it came from.
    if (c.req.header('sec-fetch-site') === 'cross-site') throw new SoriError('csrf_rejected', 'cross-site request rejected / 다른 사이트에서 온 요청은 거부됩니다');
    return;
  }
  try {
    const from = new URL(origin);
    if (config.publicUrlSet && from.origin === new URL(config.publicUrl).origin) return;
    if (from.host === c.req.header('host') && from.protocol === externalScheme(c, config)) return;
  } catch {
    /* fall through */
  }
  throw new SoriError('csrf_rejected', 'cross-site request rejected / 다른 사이트에서 온 요청은 거부됩니다');
}

/** Cookie-authenticated writes must come from our own origin (SameSite=Lax is the first guard). */
function checkOrigin(c: Context, actor: Actor, config: SoriConfig): void {
  if (actor.type !== 'user' || ['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return;
  checkSameOrigin(c, config);
}

/** JSON bodies other than items (whose metadata stops at 16 levels) go no deeper than this: none needs more. */
export const MAX_BODY_DEPTH = 64;

/** A key on the way down a JSON value; the path is built from these only when something is refused. */
interface PathStep {
  key: string;
  parent: PathStep | null;
}

function pathOf(step: PathStep | null): string[] {
  const out: string[] = [];
  for (let s = step; s; s = s.parent) out.push(s.key);
  return out.reverse();
}

/**
 * The first string (value or key) in `value` holding an unstorable character, or the first object
 * nested deeper than `maxDepth`, with its path; null when there is none. Iterative, and linear in
 * the body's size: a body nested thousands of levels deep overflows no stack, and copying the
 * path at every level (quadratic) let one anonymous 120 KB login request hold the server for 10 s.
 */
function unstorableAt(value: unknown, maxDepth = Infinity): { path: string[]; tooDeep: boolean } | null {
  const pending: [unknown, PathStep | null, number][] = [[value, null, 0]];
  while (pending.length) {
    const [v, step, depth] = pending.pop()!;
    if (typeof v === 'string') {
      if (!isStorable(v)) return { path: pathOf(step), tooDeep: false };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= maxDepth) return { path: pathOf(step), tooDeep: true };
      for (const [key, inner] of Object.entries(v)) {
        const next = { key, parent: step };
        if (!isStorable(key)) return { path: pathOf(next), tooDeep: false };
        pending.push([inner, next, depth + 1]);
      }
    }
  }
  return null;
}

function refuseUnstorable(value: unknown, where: string, maxDepth = Infinity): void {
  const at = unstorableAt(value, maxDepth);
  if (!at) return;
  const field = at.path.join('.') || null;
  const message = at.tooDeep
    ? `nested deeper than ${maxDepth} levels / ${maxDepth}단계보다 깊게 중첩된 JSON은 받지 않습니다`
    : 'contains a NUL character (U+0000) or an unpaired surrogate / NUL 문자(U+0000)나 짝이 없는 서로게이트 문자는 쓸 수 없습니다';
  throw new SoriError('validation_failed', `invalid ${where}: ${field ?? where}: ${message}`, { errors: [{ field, message }] });
}

/** Largest values of PostgreSQL's integer and bigint (the id columns). */
export const PG_INTEGER_MAX = 2n ** 31n - 1n;
export const PG_BIGINT_MAX = 2n ** 63n - 1n;

/**
 * A numeric id in a path: decimal digits only (not `0x5`, `1e3`, `-1` or ` 5`), at most `max`
 * (the column's type), so a wrong id is a 404 and never reaches the database as a 500.
 */
export const idParam = (max: bigint = PG_BIGINT_MAX) =>
  z
    .string()
    .regex(/^[0-9]{1,19}$/, { message: 'a decimal id / 숫자 id', abort: true })
    .refine((v) => BigInt(v) <= max, 'out of range / 범위를 벗어난 id');

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

/** Drops a workspace from this process's cache (after its time zone changed); other processes see it within WORKSPACE_CACHE_MS. */
export function forgetWorkspace(id: number): void {
  for (const [key, hit] of workspaceCache) if (hit.ws?.id === id) workspaceCache.delete(key);
}

async function resolveWorkspace(c: Context, db: Db, actor: Actor): Promise<Workspace | null> {
  const asked = c.req.query('workspace') ?? c.req.header('x-sori-workspace');
  if (actor.type === 'token') {
    const id = actor.token.workspace_id;
    const ws = await cachedWorkspace(db, `id:${id}`, () => findWorkspaceById(db, id));
    // Its workspace was deleted (the token with it) while this process still had the token cached.
    if (!ws) throw new SoriError('invalid_token', 'API token is invalid or revoked / API 토큰이 유효하지 않습니다');
    // A token works on its own workspace only: naming another is an error, not a silent answer from its own.
    if (asked && asked !== ws.slug) {
      throw new SoriError('forbidden', `this API token belongs to workspace "${ws.slug}", not "${asked}" / 이 API 토큰은 "${ws.slug}" 워크스페이스용입니다`);
    }
    return ws;
  }
  const slug = asked ?? DEFAULT_WORKSPACE_SLUG;
  const ws = await cachedWorkspace(db, `slug:${slug}`, () => findWorkspaceBySlug(db, slug));
  if (!ws && actor.type === 'user') throw new SoriError('workspace_not_found', `no workspace "${slug}" / 워크스페이스가 없습니다`);
  return ws;
}

const HANGUL = /[\uac00-\ud7a3]/;
const KO_TYPES: Record<string, string> = { string: '문자열', number: '숫자', int: '정수', boolean: 'true 또는 false', array: '목록(배열)', object: '객체', date: '날짜' };

/** zod's stock reasons in Korean (its own Korean locale misreads a finished issue: "받은 타입은 undefined"). */
function koreanReason(issue: z.core.$ZodIssue): string {
  const unit = (origin: unknown) => (origin === 'string' ? '자' : origin === 'array' || origin === 'set' ? '개' : '');
  switch (issue.code) {
    case 'invalid_type':
      return `${KO_TYPES[issue.expected] ?? issue.expected} 형식이어야 합니다`;
    case 'invalid_value':
      return `허용되는 값: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `${String(issue.minimum)}${unit(issue.origin)} ${issue.inclusive === false ? '초과여야' : '이상이어야'} 합니다`;
    case 'too_big':
      return `${String(issue.maximum)}${unit(issue.origin)} ${issue.inclusive === false ? '미만이어야' : '이하여야'} 합니다`;
    case 'invalid_format':
      return '형식이 맞지 않습니다';
    case 'not_multiple_of':
      return `${String(issue.divisor)}의 배수여야 합니다`;
    case 'unrecognized_keys':
      return `알 수 없는 키: ${issue.keys.join(', ')}`;
    default:
      return '값이 올바르지 않습니다';
  }
}

/**
 * A validation issue's reason in both languages, "English / 한국어", as Sori's own messages are
 * written: zod's stock messages ("Invalid option: expected one of …") get Korean words beside them;
 * a message of ours (already Korean, or a custom refinement) is kept as it is.
 */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' || HANGUL.test(issue.message)) return issue.message;
  return `${issue.message} / ${koreanReason(issue)}`;
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || null, message: issueMessage(i) }));
    throw new SoriError('validation_failed', `invalid ${where}: ${errors.map((e) => `${e.field ?? where}: ${e.message}`).join('; ')}`, { errors });
  }
  return parsed.data;
}

/**
 * The keys among `keys` that a z.object schema does not declare, and those it declares. None are
 * unknown when the schema is no z.object or has a catch-all: a loose one takes any key (as metadata
 * does), a strict one refuses them itself. The one rule for a body's fields and a query's keys.
 */
function unknownKeys(schema: z.ZodType | undefined, keys: readonly string[]): { unknown: string[]; declared: string[] } {
  if (!(schema instanceof z.ZodObject) || schema._zod.def.catchall !== undefined) return { unknown: [], declared: [] };
  const shape = schema.shape as Record<string, unknown>;
  return { unknown: keys.filter((key) => !Object.hasOwn(shape, key)), declared: Object.keys(shape) };
}

/**
 * A JSON body's top-level field the route does not know (`{"sorce": "zendesk"}`) is refused, as a
 * query key is: dropped, it answered 201 with the default in its place. A schema that takes any key
 * (a catch-all, as metadata has) is not checked; item bodies are read by ingest, which says its own.
 */
function checkBodyKeys(value: unknown, schema: z.ZodType | undefined): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const { unknown, declared } = unknownKeys(schema, Object.keys(value));
  if (!unknown.length) return;
  const known = declared.join(', ');
  const errors = unknown.slice(0, 20).map((key) => ({
    field: key.slice(0, 100),
    message: `not a field of this request (fields: ${known}) / 이 요청의 필드가 아닙니다 (필드: ${known})`,
  }));
  throw new SoriError('validation_failed', `invalid body: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { errors });
}

/**
 * A query key given twice (`?channel=chat&channel=email`, as `URLSearchParams.append` and Python's
 * requests send a list) or one the route does not know (`?chanel=chat`) is refused: read as the first
 * value, or not at all, it answered 200 with numbers of another filter. `workspace` is read by every
 * route (resolveWorkspace); `_` is a client's cache-buster (jQuery's cache: false), never a filter.
 */
function checkQueryKeys(queries: Record<string, string[]>, schema: z.ZodType | undefined): void {
  const undeclared = new Set(unknownKeys(schema, Object.keys(queries).filter((key) => key !== 'workspace' && key !== '_')).unknown);
  const errors: { field: string; message: string }[] = [];
  for (const [key, values] of Object.entries(queries)) {
    const field = key.slice(0, 100);
    if (values.length > 1) {
      errors.push({ field, message: `given ${values.length} times; give it once (a list is comma-separated: channel=chat,email) / 한 번만 보내세요(여러 값은 쉼표로: channel=chat,email)` });
    } else if (undeclared.has(key)) {
      errors.push({ field, message: `not a parameter of this route / 이 경로의 매개변수가 아닙니다` });
    }
    if (errors.length >= 20) break;
  }
  if (errors.length) throw new SoriError('validation_failed', `invalid query: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, { errors });
}

/** A JSON body is sent as JSON. */
function checkJsonType(type: string): void {
  if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new SoriError('unsupported_media_type', 'send JSON with Content-Type: application/json / Content-Type: application/json으로 보내세요');
  }
}

/**
 * A JSON body's text: UTF-8 strictly (RFC 8259), a byte-order mark dropped. Another declared charset,
 * or bytes that are no UTF-8 (EUC-KR from a legacy system that declares nothing), are refused (415):
 * decoding them leniently would store the customer's words as U+FFFD and answer 200.
 * Routes and webhook receivers alike.
 */
export function utf8JsonText(bytes: ArrayBuffer | Uint8Array, contentType: string): string {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType)?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new SoriError('unsupported_media_type', `JSON must be UTF-8, not charset=${charset.slice(0, 40)} / JSON은 UTF-8로 보내세요`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SoriError('unsupported_media_type', 'request body is not valid UTF-8 (EUC-KR or CP949?); send JSON in UTF-8 / 요청 본문은 UTF-8 JSON으로 보내세요');
  }
}

/** The largest JSON body a route reads unless it declares less (`maxBodyBytes`). */
export const MAX_JSON_BODY_BYTES = 64 * 1024 * 1024;

function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`;
}

/** The request body is over `maxBytes` (413, with the limit). */
export function bodyTooLarge(maxBytes: number): SoriError {
  return new SoriError('payload_too_large', `request body over ${formatLimit(maxBytes)} / 요청 본문이 ${formatLimit(maxBytes)}를 넘습니다`, { limit_bytes: maxBytes });
}

/**
 * A request's body, refused (bodyTooLarge) as soon as it is known to exceed `maxBytes`: by its
 * Content-Length before anything is read, else by counting the bytes as they stream in. A chunked
 * body is never held whole to be measured (Hono's bodyLimit does that), so a sender without a
 * length gets no more memory than one with.
 */
export async function readBodyLimited(req: Request, maxBytes: number, tooLarge: () => SoriError = () => bodyTooLarge(maxBytes)): Promise<Buffer> {
  if (Number(req.headers.get('content-length')) > maxBytes) throw tooLarge();
  if (!req.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** What a route declares besides its documentation: who may call it and how its input is parsed. */
export type RouteSpec<B, Q, P> = Omit<RouteDoc, 'body' | 'query' | 'params'> & {
  access: Access;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** Path parameters (ids: `idParam()`); a value that does not fit is a 404, the resource cannot exist. */
  params?: z.ZodType<P>;
  rawBody?: boolean;
  /**
   * The body holds items that ingest cleans one by one (a NUL is stripped per item, one bad item
   * is that item's error): the request-wide refusal of unstorable characters skips it.
   */
  itemsBody?: boolean;
  /**
   * The largest JSON body this route reads (MAX_JSON_BODY_BYTES unless less is declared); a raw
   * body route (uploads, webhook receivers) limits what it reads itself.
   */
  maxBodyBytes?: number;
};

/**
 * Declares a route: auth + zod schemas first, then one wrapper resolves the actor and the
 * workspace, checks access, parses input and calls the handler. The handler returns a Response
 * or a value sent as JSON with the route's `status` (200 unless declared). No byte of the body is
 * read before the access check; a body declared over the route's limit is refused before it
 * (nothing is read to know that), one sent without a length as it streams past the limit.
 */
export function defineRoute<B = undefined, Q = undefined, P = Record<string, string>>(
  app: Hono,
  deps: Deps,
  registry: RouteDoc[],
  spec: RouteSpec<B, Q, P>,
  handler: (ctx: RouteContext<B, Q, P>) => Promise<Response | unknown>,
): void {
  registry.push(spec as RouteDoc);
  const maxBodyBytes = spec.maxBodyBytes ?? MAX_JSON_BODY_BYTES;
  app.on(spec.method.toUpperCase(), `/api/v1${spec.path}`, async (c) => {
    if (spec.body && !spec.rawBody && Number(c.req.header('content-length')) > maxBodyBytes) throw bodyTooLarge(maxBodyBytes);
    // Public routes (login, setup, webhook receivers) need no credentials, and an Authorization
    // header there is someone else's (a vendor's webhook may add its own basic or bearer auth).
    const actor: Actor = spec.access === 'public' ? { type: 'anonymous', label: 'anonymous' } : await resolveActor(c, deps.db, deps.config);
    checkAccess(actor, spec.access);
    checkOrigin(c, actor, deps.config);
    // The query read once: every value of each key (a repeated key is refused), the first for the schema.
    const queries = c.req.queries();
    checkQueryKeys(queries, spec.query);
    const rawQuery = Object.fromEntries(Object.entries(queries).map(([key, values]) => [key, values[0]!]));
    const rawParams = c.req.param() as Record<string, string>;
    refuseUnstorable(rawQuery, 'query');
    refuseUnstorable(rawParams, 'path');
    const workspace = spec.access === 'public' ? null : await resolveWorkspace(c, deps.db, actor);
    const params = spec.params ? parsePathParams(spec.params, rawParams, c.req.path) : (rawParams as P);
    let bodyValue: unknown;
    if (spec.body && !spec.rawBody) {
      const contentType = c.req.header('content-type') ?? '';
      checkJsonType(contentType);
      const text = utf8JsonText(await readBodyLimited(c.req.raw, maxBodyBytes), contentType);
      try {
        bodyValue = JSON.parse(text);
      } catch {
        throw new SoriError('invalid_json', 'request body is not valid JSON / 요청 본문이 올바른 JSON이 아닙니다');
      }
      if (!spec.itemsBody) {
        refuseUnstorable(bodyValue, 'body', MAX_BODY_DEPTH);
        checkBodyKeys(bodyValue, spec.body);
      }
    }
    const body = spec.rawBody ? (undefined as B) : parseWith(spec.body, bodyValue, 'body');
    const query = parseWith(spec.query, rawQuery, 'query');
    const result = await handler({ c, deps, actor, workspace: workspace!, body, query, params });
    if (result instanceof Response) return result;
    if (spec.status === 204) return c.body(null, 204);
    return c.json(result as object, (spec.status ?? 200) as 200);
  });
}

/** Path parameters through their schema; one that does not fit names nothing that exists (404). */
function parsePathParams<P>(schema: z.ZodType<P>, raw: Record<string, string>, path: string): P {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || null, message: issueMessage(i) }));
  throw new SoriError('not_found', `nothing at ${path.slice(0, 200)}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')} / 없는 항목입니다`, { errors });
}

/** Comma-separated query values as a list. */
/**
 * Comma-separated query values. `?channel=` or `?channel=,` names no value: no filter (undefined),
 * never an empty list, which a rollup filter reads as "match nothing".
 */
export const csvList = z
  .string()
  .max(2000)
  .optional()
  .transform((v) => {
    const list = v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
    return list.length ? list : undefined;
  });

/** Comma-separated query values, each one of `values` (a typo is a 400, not an empty answer). */
export const csvEnum = (values: readonly string[]) =>
  csvList.refine((list) => !list || list.every((v) => values.includes(v)), `each one of ${values.join(', ')} / 허용되는 값: ${values.join(', ')}`);
