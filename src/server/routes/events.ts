import type { Hono } from 'hono';
import { z } from 'zod';
import { writeAudit } from '../../auth/audit.js';
import { SoriError } from '../../domain/errors.js';
import { addDays, isLocalDay, localDayOf, startOfLocalDay } from '../../domain/local-day.js';
import {
  createEvent,
  deleteEvent,
  EVENT_KINDS,
  EVENT_NOTE_MAX,
  EVENT_TITLE_MAX,
  listEvents,
  replaceEvent,
  type EventInput,
  type WorkspaceEvent,
} from '../../store/queries/events.js';
import type { Workspace } from '../../store/queries/workspaces.js';
import { bigIdDoc, dayDoc, instantDoc, type RouteDoc } from '../openapi.js';
import { defineRoute, idParam, type Deps } from '../route.js';
import { daySchema } from './admin.js';

/** Days a list reaches back by default (the charts' longest preset range). */
const DEFAULT_LIST_DAYS = 90;
/** The longest range one list reads. */
const MAX_LIST_DAYS = 3_660;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** An instant with its offset (a wall-clock time without one would be read in the server's zone). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const FIRST_MS = Date.UTC(1970, 0, 1);
const LAST_MS = Date.UTC(2200, 0, 1);

const whenMessage = 'a day (YYYY-MM-DD) or an instant with its offset (2026-11-03T09:40:00+09:00) / 날짜(YYYY-MM-DD)나 시차가 붙은 시각(2026-11-03T09:40:00+09:00)이어야 합니다';
const when = z
  .string()
  .trim()
  .refine((v) => {
    if (DAY.test(v)) return isLocalDay(v) && v >= '1970-01-01' && v < '2200-01-01';
    const ms = INSTANT.test(v) ? Date.parse(v) : NaN;
    return ms >= FIRST_MS && ms < LAST_MS;
  }, whenMessage);

const KIND_MESSAGE = `one of ${EVENT_KINDS.join(', ')} / 종류는 incident(장애), release(배포), campaign(프로모션), policy(정책 변경), other(기타) 중 하나여야 합니다`;

const eventBody = z
  .object({
    kind: z.enum(EVENT_KINDS, { message: KIND_MESSAGE }),
    title: z
      .string({ message: 'give a title / 제목을 입력하세요' })
      .trim()
      .min(1, 'give a title / 제목을 입력하세요')
      .max(EVENT_TITLE_MAX, `a title of at most ${EVENT_TITLE_MAX} characters / 제목은 ${EVENT_TITLE_MAX}자 이하로 입력하세요`),
    note: z
      .string()
      .trim()
      .max(EVENT_NOTE_MAX, `a note of at most ${EVENT_NOTE_MAX} characters / 메모는 ${EVENT_NOTE_MAX}자 이하로 입력하세요`)
      .nullable()
      .optional()
      .describe('what happened, what was done'),
    starts_at: when.describe('a day (YYYY-MM-DD, the workspace’s local day: an all-day event) or an instant with its offset'),
    ends_at: when
      .nullable()
      .optional()
      .describe('the last day (inclusive) of an all-day event, or the instant it ended; none for a point in time. The same form as starts_at'),
  })
  .superRefine((b, ctx) => {
    if (b.ends_at == null) return;
    if (DAY.test(b.starts_at) !== DAY.test(b.ends_at)) {
      ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'give ends_at in the same form as starts_at (both days or both instants) / 종료는 시작과 같은 형식(둘 다 날짜이거나 둘 다 시각)으로 주세요' });
    } else if (DAY.test(b.starts_at) ? b.ends_at < b.starts_at : Date.parse(b.ends_at) < Date.parse(b.starts_at)) {
      ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'ends before it starts / 종료가 시작보다 앞섭니다' });
    }
  });

const listQuery = z.object({
  from: daySchema.optional().describe(`first day, in the workspace time zone (default: ${DEFAULT_LIST_DAYS - 1} days before \`to\`)`),
  to: daySchema.optional().describe('last day, inclusive (default: today)'),
});

/** An event as the API answers it; `#/components/schemas/WorkspaceEvent`. */
const eventDoc = z
  .object({
    id: bigIdDoc,
    kind: z.enum(EVENT_KINDS).describe('incident 장애, release 배포, campaign 프로모션, policy 정책 변경, other 기타'),
    title: z.string(),
    note: z.string().nullable(),
    starts_at: instantDoc,
    ends_at: instantDoc.nullable().describe('null: a point in time; for an all-day event the local midnight after its last day'),
    all_day: z.boolean(),
    start_day: dayDoc.describe('its first local day'),
    end_day: dayDoc.describe('its last local day (inclusive)'),
    created_by: z.string(),
    created_at: instantDoc,
    updated_at: instantDoc,
  })
  .meta({ id: 'WorkspaceEvent' });

type EventBody = z.output<typeof eventBody>;

/** The body's days or instants as stored: an all-day event from its first local midnight to the one after its last day. */
function eventInput(body: EventBody, workspace: Workspace): EventInput {
  const allDay = DAY.test(body.starts_at);
  const startsAt = allDay ? startOfLocalDay(body.starts_at, workspace.timezone) : new Date(body.starts_at);
  const endsAt = allDay
    ? startOfLocalDay(addDays(body.ends_at ?? body.starts_at, 1), workspace.timezone)
    : body.ends_at
      ? new Date(body.ends_at)
      : null;
  return { kind: body.kind, title: body.title, note: body.note ? body.note : null, startsAt, endsAt, allDay };
}

/** An event with its local days, as the charts and the list read it. */
function eventAnswer(event: WorkspaceEvent, workspace: Workspace) {
  const zone = workspace.timezone;
  const last = event.ends_at && event.ends_at > event.starts_at ? new Date(event.ends_at.getTime() - (event.all_day ? 1 : 0)) : event.starts_at;
  return { ...event, start_day: localDayOf(event.starts_at, zone), end_day: localDayOf(last, zone) };
}

const idParams = z.object({ id: idParam() });
const notFound = (id: string) => new SoriError('not_found', `no event ${id} / 이벤트가 없습니다`);
/** What creating and replacing an event share: the body they take and the event they answer with. */
const eventWrite = { response: z.object({ event: eventDoc }), tag: 'events', access: 'operate', body: eventBody, maxBodyBytes: 64 * 1024 } as const;

/** Audits a change to an event under `action`, naming it by id, kind and title. */
async function auditEvent(db: Deps['db'], actor: string, action: 'events.create' | 'events.update' | 'events.delete', workspace: Workspace, event: WorkspaceEvent): Promise<void> {
  await writeAudit(db, actor, action, workspace.slug, { id: event.id, kind: event.kind, title: event.title });
}

/** Events on the charts (incidents, releases, campaigns, policy changes): listed by anyone who reads, kept by operators. */
export function eventRoutes(app: Hono, deps: Deps, registry: RouteDoc[]): void {
  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'get',
      path: '/events',
      operationId: 'listEvents',
      response: z.object({ events: z.array(eventDoc), range: z.object({ from: dayDoc, to: dayDoc }) }),
      tag: 'events',
      summary: 'Events (incidents, releases, campaigns, policy changes) overlapping a range of days, oldest first',
      access: 'read',
      query: listQuery,
    },
    async ({ query, workspace, deps: { db } }) => {
      const zone = workspace.timezone;
      const to = query.to ?? localDayOf(new Date(), zone);
      const from = query.from ?? addDays(to, -(DEFAULT_LIST_DAYS - 1));
      if (from > to) throw new SoriError('validation_failed', 'from is after to / 시작일이 종료일보다 늦습니다', { errors: [{ field: 'from', message: 'after to / 종료일보다 늦습니다' }] });
      if (addDays(from, MAX_LIST_DAYS) <= to) {
        throw new SoriError('validation_failed', `a range of at most ${MAX_LIST_DAYS} days / 기간은 ${MAX_LIST_DAYS}일 이하로 주세요`, { errors: [{ field: 'from', message: `at most ${MAX_LIST_DAYS} days` }] });
      }
      const events = await listEvents(db, workspace.id, { from: startOfLocalDay(from, zone), to: startOfLocalDay(addDays(to, 1), zone) });
      return { events: events.map((e) => eventAnswer(e, workspace)), range: { from, to } };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'post',
      path: '/events',
      operationId: 'createEvent',
      status: 201,
      ...eventWrite,
      summary: 'Record an event to show on the charts',
    },
    async ({ body, workspace, actor, deps: { db } }) => {
      const event = await createEvent(db, workspace.id, eventInput(body, workspace), actor.label);
      await auditEvent(db, actor.label, 'events.create', workspace, event);
      return { event: eventAnswer(event, workspace) };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    {
      method: 'put',
      path: '/events/:id',
      operationId: 'replaceEvent',
      ...eventWrite,
      summary: 'Change an event: every field as given (what is left out is cleared)',
      params: idParams,
    },
    async ({ params, body, workspace, actor, deps: { db } }) => {
      const event = await replaceEvent(db, workspace.id, params.id, eventInput(body, workspace));
      if (!event) throw notFound(params.id);
      await auditEvent(db, actor.label, 'events.update', workspace, event);
      return { event: eventAnswer(event, workspace) };
    },
  );

  defineRoute(
    app,
    deps,
    registry,
    { method: 'delete', path: '/events/:id', operationId: 'deleteEvent', status: 204, tag: 'events', summary: 'Delete an event', access: 'operate', params: idParams },
    async ({ params, workspace, actor, deps: { db } }) => {
      const event = await deleteEvent(db, workspace.id, params.id);
      if (!event) throw notFound(params.id);
      await auditEvent(db, actor.label, 'events.delete', workspace, event);
      return null;
    },
  );
}
