import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Hono } from 'hono';
import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '../../auth/api-tokens.js';
import { MAX_PASSWORD_INPUT } from '../../auth/password.js';
import { ROLES, TOKEN_SCOPES } from '../../auth/tokens.js';
import { createUser, listUsers, normalizeEmail, updateUser } from '../../auth/users.js';
import { deleteMetrics, listMetricNames, listMetrics, upsertMetrics, type MetricPoint } from '../../store/queries/business-metrics.js';
import { metricRateBasis } from '../../domain/rates.js';
import { clashReason, futureDayProblem, lastMetricDay, metricValueProblem, NAME_HINT, normalizeMetricName, RepeatedMetrics } from '../../ingest/import-metrics.js';
import { SoriError } from '../../domain/errors.js';
import { ensureWorkspace, listWorkspaces, WORKSPACE_SLUG_PATTERN } from '../../store/queries/workspaces.js';
import { isLocalDay } from '../../domain/local-day.js';
import { isTimeZone } from '../../domain/calendar/business-hours.js';
import { dayDoc, GZIP_TYPE, instantDoc, type RouteDoc } from '../openapi.js';
import { userSchema, workspaceSchema } from './auth.js';
import { defineRoute, forgetWorkspace, idParam, PG_INTEGER_MAX, sessionSecret, type Deps } from '../route.js';
import { changeWorkspaceTimeZone } from '../../store/queries/workspace-time-zone.js';
import { textEnrichmentFor } from '../../ingest/enrich.js';
import { listAudit, writeAudit } from '../../auth/audit.js';
import { localDayOf } from '../../domain/local-day.js';
import { backupWorkspace } from '../../store/backup.js';
import { makeTempDir, removeTempDir } from '../temp-dirs.js';

/** A calendar day YYYY-MM-DD that exists (2026-02-30 does not), between 1900 and 2199. */
export const daySchema = z
  .string()
  .regex(/^(19|20|21)\d{2}-\d{2}-\d{2}$/, { message: 'YYYY-MM-DD (1900–2199) / YYYY-MM-DD 형식이어야 합니다', abort: true })
  .refine(isLocalDay, 'no such day / 없는 날짜입니다');

/**
 * A business metric's name as a metrics file takes it: 주문수 → orders, MAU → mau, App Installs →
 * app_installs, 재구매 수 → 재구매_수 (import-metrics.ts normalizeMetricName); refused with a
 * bilingual hint when no name can be stored under it.
 */
export const metricNameSchema = z
  .string()
  .max(100)
  .transform((raw, ctx) => {
    const name = normalizeMetricName(raw);
    if (name) return name;
    ctx.addIssue({ code: 'custom', message: NAME_HINT });
    return z.NEVER;
  });

const METRIC_NAME_DOC =
  'orders, payments, cancellations, signups, revenue, mau, dau, or your own name in Korean or latin letters, digits and _ ' +
  '(재구매수, app_installs; stored as ^[a-z가-힣][a-z0-9_가-힣]{0,62}$ after latin is lower-cased and spaces and - become _); ' +
  '주문수, 결제수, 해지수, MAU… are read as the built-in names';

/** Comma-separated metric names in a query (Korean ones arrive percent-encoded), each read as POST /metrics reads it. */
const metricNamesQuery = z
  .string()
  .max(2000)
  .transform((v) => v.split(',').filter((n) => n.trim()))
  .pipe(z.array(metricNameSchema))
  .meta({ description: `comma-separated names, each as POST /metrics takes it: ${METRIC_NAME_DOC}` });

/**
 * One day's number under a name metricNameSchema takes; a count cannot be negative, no value is
 * past ±10^15 (import-metrics.ts's rules).
 */
export const metricPointSchema = z
  .object({
    day: daySchema,
    name: metricNameSchema.meta({ description: METRIC_NAME_DOC }),
    value: z.number().finite(),
  })
  .superRefine((point, ctx) => {
    const problem = metricValueProblem(point.name, point.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

const metricErrorDoc = z.object({
  index: z.number().int().describe("the number's 0-based position in metrics"),
  field: z.string().nullable().describe('the field, or null when the whole item is wrong'),
  code: z.string().describe('stable: conflicting_repeat (a day and metric given earlier in the call with another value), future_day (a day after tomorrow in the workspace zone)'),
  message: z.string().describe('why, in English / Korean'),
  clashes_with: z.number().int().optional().describe('conflicting_repeat: the 0-based position of the earlier item it disagrees with'),
});
const metricsAnswerDoc = z.object({
  received: z.number().int(),
  upserted: z.number().int().describe('numbers stored, one per day and metric'),
  repeated: z.number().int().describe('copies of a day and metric with the same value, stored once'),
  rejected: z.number().int(),
  errors: z.array(metricErrorDoc).describe('why each rejected number was rejected'),
});

const metricDoc = z.object({ day: dayDoc, name: z.string().describe('the stored name (orders, mau, 재구매수 …)'), value: z.number() });

const tokenDoc = z.object({
  id: z.number().int().describe("the token's id: a number"),
  workspace_id: z.number().int(),
  name: z.string(),
  token_prefix: z.string().describe('the first characters of the secret, to tell tokens apart'),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  created_at: instantDoc,
  last_used_at: instantDoc.nullable(),
  revoked_at: instantDoc.nullable(),
  created_by: z.number().int().nullable().describe('the user who made it; null: made with the sori CLI'),
});

/** Business metrics, workspaces, users and API tokens. */
export function adminRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  const enrichment = textEnrichmentFor(deps.db);
  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/metrics',
      operationId: 'upsertMetrics',
      tag: 'metrics',
      summary: 'Upsert daily business numbers (orders, payments, cancellations, mau, dau, signups, custom)',
      access: 'ingest',
      body: z.object({ metrics: z.array(metricPointSchema).min(1).max(50_000) }),
      responses: {
        '200': { description: 'every number stored (a day and metric given twice with the same value: once, counted as repeated)', schema: metricsAnswerDoc },
        '207': {
          description: 'a day and metric given again with another value, or a day after tomorrow: that item refused (errors: [{index, field, code, message, clashes_with}]), the others stored',
          schema: metricsAnswerDoc,
        },
      },
    },
    async ({ c, body, workspace, deps: { db } }) => {
      // Within one call a (day, metric) has one number: a copy with the same value is stored once,
      // one with another value is refused, naming the item it clashes with (as a metrics file's row is).
      const seen = new RepeatedMetrics();
      const errors: z.infer<typeof metricErrorDoc>[] = [];
      const points: MetricPoint[] = [];
      const lastDay = lastMetricDay(workspace.timezone);
      body.metrics.forEach((point, index) => {
        const ahead = futureDayProblem(point.day, lastDay);
        if (ahead) {
          errors.push({ index, field: 'day', code: 'future_day', message: ahead });
          return;
        }
        const earlier = seen.clash(point);
        if (earlier) errors.push({ index, field: 'value', code: 'conflicting_repeat', message: clashReason(point, earlier, 'index'), clashes_with: earlier.at });
        else if (seen.add(point, index)) points.push(point);
      });
      const upserted = await upsertMetrics(db, workspace.id, points);
      const answer = { received: body.metrics.length, upserted, repeated: seen.repeated, rejected: errors.length, errors };
      return c.json(answer, (errors.length ? 207 : 200) as 200);
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/metrics',
      operationId: 'listMetrics',
      response: z.object({ metrics: z.array(metricDoc) }),
      tag: 'metrics',
      summary: 'Daily business numbers',
      access: 'read',
      query: z.object({ name: metricNamesQuery.optional(), from: daySchema.optional(), to: daySchema.optional() }),
    },
    async ({ query, workspace, deps: { db } }) => ({
      metrics: await listMetrics(db, workspace.id, { names: query.name, from: query.from, to: query.to }),
    }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'delete',
      path: '/metrics',
      operationId: 'deleteMetrics',
      tag: 'metrics',
      summary:
        'Remove daily business numbers of the named metrics, on every day or from/to (inclusive): a number entered by mistake, or a metric no longer kept. ' +
        'A day without a number is left out of the rates counted against that metric (it does not count as 0). Written to the audit log.',
      access: 'ingest',
      query: z
        .object({ name: metricNamesQuery.pipe(z.array(z.string()).min(1, 'name: at least one metric / 지울 지표 이름이 필요합니다')), from: daySchema.optional(), to: daySchema.optional() })
        .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'to is before from / to가 from보다 앞입니다' }),
      responses: { '200': { description: 'how many day numbers were removed (0 when none were stored)', schema: z.object({ deleted: z.number().int() }) } },
    },
    async ({ actor, query, workspace, deps: { db } }) => {
      const deleted = await deleteMetrics(db, workspace.id, { names: query.name, from: query.from, to: query.to });
      if (deleted) await writeAudit(db, actor.label, 'metrics.delete', workspace.slug, { names: query.name, from: query.from ?? null, to: query.to ?? null, deleted });
      return { deleted };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/metrics/resolve',
      operationId: 'resolveMetricName',
      response: z.object({ name: z.string().describe('the name the number is stored under') }),
      tag: 'metrics',
      summary: 'The name a metric is stored under, as POST /metrics reads it (주문수 → orders, 앱 설치 수 → 앱_설치_수); 400 when no name can be stored for it',
      access: 'read',
      query: z.object({ name: metricNameSchema.meta({ description: METRIC_NAME_DOC }) }),
    },
    // The page's "add a metric" asks before it makes a column, so a Korean name of a built-in metric
    // opens that metric's column instead of a second one that would write over it.
    async ({ query }) => ({ name: query.name }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/metrics/names',
      operationId: 'listMetricNames',
      response: z.object({
        metrics: z.array(
          z.object({
            name: z.string(),
            days: z.number().int().describe('days with a number'),
            first_day: dayDoc,
            last_day: dayDoc,
            aggregation: z.enum(['sum', 'mean']).describe('how a period adds its days up'),
            metric_unit: z.enum(['people', 'money', 'count']),
            per: z.number().describe('the default per of a rate against it'),
          }),
        ),
      }),
      tag: 'metrics',
      summary:
        'The business metrics the workspace has numbers for: each name with its day count, first and last day, and how a rate counts against it (aggregation sum or mean over a period; metric_unit people, money or count, for the words of the rate; default per: 100, 1,000 for people and levels, 1,000,000 won for money)',
      access: 'read',
    },
    // The dashboard's "rate against" choice: one grouped pass over the primary key, not every day's number.
    async ({ workspace, deps: { db } }) => ({
      metrics: (await listMetricNames(db, workspace.id)).map((m) => ({ ...m, ...metricRateBasis(m.name) })),
    }),
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'get', path: '/workspaces', operationId: 'listWorkspaces', response: z.object({ workspaces: z.array(workspaceSchema) }), tag: 'admin', summary: 'Workspaces', access: 'read' },
    async ({ actor, workspace, deps: { db } }) => {
      // A token sees only its own workspace.
      const all = actor.type === 'token' ? [workspace] : await listWorkspaces(db);
      return { workspaces: all.map(({ pseudonym_key: _k, ...w }) => w) };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/workspaces',
      operationId: 'createWorkspace',
      response: z.object({ workspace: workspaceSchema }),
      tag: 'admin',
      summary: 'Create a workspace (idempotent on slug; signed-in admins only)',
      access: 'admin-session',
      body: z.object({
        slug: z.string().regex(WORKSPACE_SLUG_PATTERN, 'lower-case letters, digits and -'),
        name: z.string().trim().min(1).max(100),
        timezone: z.string().max(64).optional(),
      }),
    },
    async ({ body, actor, deps: { db, config } }) => {
      const timezone = body.timezone ?? config.defaultTimezone;
      if (!isTimeZone(timezone)) {
        throw new SoriError('validation_failed', `not an IANA time zone name such as Asia/Seoul: ${JSON.stringify(timezone)} / Asia/Seoul 같은 IANA 시간대 이름이 아닙니다: ${JSON.stringify(timezone)}`, {
          errors: [{ field: 'timezone', message: 'not an IANA time zone / IANA 시간대가 아닙니다' }],
        });
      }
      const { pseudonym_key: _k, ...ws } = await ensureWorkspace(db, { slug: body.slug, name: body.name, timezone });
      await writeAudit(db, actor.label, 'workspace.create', ws.slug, { name: body.name, timezone });
      return { workspace: ws };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'put',
      path: '/settings/timezone',
      operationId: 'changeTimeZone',
      response: z.object({
        from: z.string(),
        to: z.string(),
        items: z.number().int().describe('items whose local days were counted again'),
        indexed: z.number().int().describe('items put back into the search index under their new days'),
      }),
      tag: 'settings',
      summary:
        "Move the workspace to another time zone (an IANA name): every daily rollup is recounted on the new local days in the same transaction and the search index rebuilt; on default SLA settings the last 180 days' deadlines follow the new zone",
      access: 'admin',
      body: z.object({ timezone: z.string().min(1).max(64) }),
    },
    async ({ body, actor, workspace, deps: { db } }) => {
      const change = await changeWorkspaceTimeZone(db, workspace.id, body.timezone);
      await writeAudit(db, actor.label, 'workspace.timezone', workspace.slug, { from: change.from, to: change.to });
      forgetWorkspace(workspace.id);
      enrichment.invalidate(workspace.id);
      return change;
    },
  );

  // Users are Sori-wide (every workspace), so they are managed by signed-in admins, never by an
  // API token, which belongs to one workspace (access 'admin-session').
  defineRoute(app, deps, registry, { method: 'get', path: '/users', operationId: 'listUsers', response: z.object({ users: z.array(userSchema.extend({ created_at: instantDoc, last_login_at: instantDoc.nullable() })) }), tag: 'admin', summary: 'Users (signed-in admins only)', access: 'admin-session' }, async ({ deps: { db } }) => ({
    users: await listUsers(db),
  }));

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/users',
      operationId: 'createUser',
      response: z.object({ user: userSchema }),
      tag: 'admin',
      summary: 'Create a user (signed-in admins only)',
      access: 'admin-session',
      body: z.object({ email: z.string().email().max(200), name: z.string().max(100).optional(), role: z.enum(ROLES), password: z.string().min(10).max(MAX_PASSWORD_INPUT) }),
    },
    async ({ body, actor, deps: { db } }) => ({ user: await createUser(db, body, actor.label) }),
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'patch',
      path: '/users/:email',
      operationId: 'updateUser',
      response: z.object({ user: userSchema }),
      tag: 'admin',
      summary:
        "Change a user's role, disable them, or set a new password for them (a forgotten one; their sessions end) — signed-in admins only; the last admin stays",
      access: 'admin-session',
      body: z
        .object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional(), password: z.string().min(1).max(MAX_PASSWORD_INPUT).optional() })
        .strict(),
    },
    // Hono has decoded the path parameter already. One change, all or nothing (updateUser): a weak
    // password or the last-admin rule refuses it whole. An admin who sets their own keeps this session.
    async ({ c, body, params, actor, deps: { db, config } }) => {
      const self = actor.type === 'user' && actor.user.email === normalizeEmail(params.email);
      return { user: await updateUser(db, params.email, body, actor.label, { keepSession: self ? sessionSecret(c, config) : undefined }) };
    },
  );

  // The audit log is Sori-wide (sign-ins, users, every workspace's tokens and backups): signed-in admins only.
  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/audit',
      operationId: 'listAuditEntries',
      response: z.object({
        entries: z.array(
          z.object({
            id: z.number().int(),
            at: instantDoc,
            actor: z.string().describe('an e-mail, token:<id>, cli:<account>, or anonymous'),
            actor_name: z.string().nullable().describe("a user's name, or a token's name and workspace slug (\"Zendesk 연동 · default\"); null for the CLI, anonymous, or a token since deleted"),
            action: z.string().describe('auth.login, workspace.create, metrics.delete …'),
            target: z.string().nullable(),
            detail: z.record(z.string(), z.unknown()),
          }),
        ),
        next_before: z.number().int().nullable().describe('pass as before for the next page; null on the last'),
      }),
      tag: 'admin',
      summary: 'The audit log, newest first: sign-ins and failures (with the address), users, roles, passwords, tokens, workspaces, backups (signed-in admins only)',
      access: 'admin-session',
      query: z.object({
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        before: idParam().transform(Number).optional(),
        action: z.string().max(100).optional(),
      }),
    },
    async ({ query, deps: { db } }) => {
      const entries = await listAudit(db, query);
      return { entries, next_before: entries.length === query.limit ? entries.at(-1)!.id : null };
    },
  );

  defineRoute(app, deps, registry, { method: 'get', path: '/tokens', operationId: 'listTokens', response: z.object({ tokens: z.array(tokenDoc.extend({ created_by_email: z.string().nullable() })) }), tag: 'admin', summary: "The workspace's API tokens (never their secrets), with who made each (created_by_email; null: made with the sori CLI)", access: 'admin' }, async ({ workspace, deps: { db } }) => ({
    tokens: await listApiTokens(db, workspace.id),
  }));

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/tokens',
      operationId: 'createToken',
      response: z.object({ token: tokenDoc, secret: z.string().describe('the token itself: shown in this answer only') }),
      tag: 'admin',
      summary: 'Create an API token; the secret is in this answer only',
      access: 'admin',
      body: z.object({ name: z.string().min(1).max(100), scopes: z.array(z.enum(TOKEN_SCOPES)).min(1) }),
    },
    async ({ body, actor, workspace, deps: { db } }) => {
      const { token, secret } = await createApiToken(
        db,
        // A token made by a token answers to the same user (none for one made with `sori tokens`):
        // disabling them stops both, however many tokens deep (resolveApiToken).
        { workspaceId: workspace.id, name: body.name, scopes: body.scopes, createdBy: actor.type === 'user' ? actor.user.id : actor.type === 'token' ? actor.token.created_by : null },
        actor.label,
      );
      return { token, secret };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    // Token ids are an integer column.
    { method: 'delete', path: '/tokens/:id', operationId: 'revokeToken', tag: 'admin', summary: 'Revoke an API token', access: 'admin', status: 204, responseDescription: 'revoked', params: z.object({ id: idParam(PG_INTEGER_MAX) }) },
    async ({ params, actor, workspace, deps: { db } }) => {
      await revokeApiToken(db, workspace.id, Number(params.id), actor.label);
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/backup',
      operationId: 'downloadBackup',
      produces: [GZIP_TYPE],
      responseDescription: 'the backup: gzip-compressed JSON lines (Content-Disposition: attachment; sori-<workspace>-backup-<day>.jsonl.gz)',
      tag: 'admin',
      summary: 'Download a backup of this workspace: the same file as `sori backup`, while the server runs (restore with `sori restore`)',
      access: 'admin',
    },
    async ({ actor, workspace, deps: { db, log } }) => {
      // One snapshot, written to a private temporary file first (a failure is an error answer, not a
      // truncated download), then streamed and removed. On the embedded database other requests wait
      // while it is read (one connection): about a second for the 10,800-item demo.
      const dir = await makeTempDir('backup');
      const file = path.join(dir, 'backup.jsonl.gz');
      try {
        await backupWorkspace(db, workspace.slug, file);
      } catch (error) {
        await removeTempDir(dir);
        // The server's own disk (full, not writable): its fault, not the request's, and its paths stay in its log.
        if (error instanceof SoriError && error.code === 'bad_request') {
          log(`backup of ${workspace.slug} failed`, error);
          throw new SoriError('backup_failed', 'the server could not write the backup to its temporary folder (see its log) / 서버가 임시 폴더에 백업을 쓰지 못했습니다 (서버 로그 참고)');
        }
        throw error;
      }
      await writeAudit(db, actor.label, 'workspace.backup', workspace.slug, {});
      const stream = createReadStream(file);
      stream.once('close', () => void removeTempDir(dir));
      const name = `sori-${workspace.slug}-backup-${localDayOf(new Date(), workspace.timezone)}.jsonl.gz`;
      return new Response(Readable.toWeb(stream) as ReadableStream, {
        headers: { 'Content-Type': 'application/gzip', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' },
      });
    },
  );
}
