import { SoriError } from '../../domain/errors.js';
import type { Db } from '../db.js';

/** What an event on the charts is: 장애, 배포, 프로모션, 정책 변경, 기타. */
export const EVENT_KINDS = ['incident', 'release', 'campaign', 'policy', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Longest title and note (migration 051's CHECKs). */
export const EVENT_TITLE_MAX = 200;
export const EVENT_NOTE_MAX = 2000;

/** A workspace event as stored (migration 051). */
export interface WorkspaceEvent {
  id: string;
  kind: EventKind;
  title: string;
  note: string | null;
  starts_at: Date;
  /** Null: a point in time. For an all-day event, the local midnight after its last day (exclusive). */
  ends_at: Date | null;
  all_day: boolean;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

/** What a caller gives to create or replace an event. */
export interface EventInput {
  kind: EventKind;
  title: string;
  note: string | null;
  startsAt: Date;
  endsAt: Date | null;
  allDay: boolean;
}

const COLUMNS = 'id::text AS id, kind, title, note, starts_at, ends_at, all_day, created_by, created_at, updated_at';

/** Most events one range answers (a workspace has tens a quarter). */
export const MAX_EVENTS_LISTED = 500;

/** The workspace's events that overlap [from, to), oldest first. */
export async function listEvents(db: Db, workspaceId: number, range: { from: Date; to: Date }): Promise<WorkspaceEvent[]> {
  return db.query<WorkspaceEvent>(
    `SELECT ${COLUMNS} FROM workspace_events
     WHERE workspace_id = $1 AND starts_at < $3
       AND CASE WHEN ends_at IS NULL OR ends_at = starts_at THEN starts_at >= $2 ELSE ends_at > $2 END
     ORDER BY starts_at, id LIMIT $4`,
    [workspaceId, range.from, range.to, MAX_EVENTS_LISTED],
  );
}

/** One event of the workspace, or null. */
export async function findEvent(db: Db, workspaceId: number, id: string): Promise<WorkspaceEvent | null> {
  const rows = await db.query<WorkspaceEvent>(`SELECT ${COLUMNS} FROM workspace_events WHERE workspace_id = $1 AND id = $2::bigint`, [workspaceId, id]);
  return rows[0] ?? null;
}

/** Creates an event, recorded as made by `createdBy` (an actor's label). */
export async function createEvent(db: Db, workspaceId: number, input: EventInput, createdBy: string): Promise<WorkspaceEvent> {
  try {
    const rows = await db.query<WorkspaceEvent>(
      `INSERT INTO workspace_events (workspace_id, kind, title, note, starts_at, ends_at, all_day, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [workspaceId, input.kind, input.title, input.note, input.startsAt, input.endsAt, input.allDay, createdBy],
    );
    return rows[0]!;
  } catch (error) {
    throw sameEvent(error);
  }
}

/** A unique violation (migration 051: one event of a kind and title starting at an instant) as a 409. */
function sameEvent(error: unknown): unknown {
  if ((error as { code?: string }).code !== '23505') return error;
  return new SoriError('conflict', 'an event of this kind and title already starts then / 같은 종류와 제목으로 그때 시작하는 이벤트가 이미 있습니다');
}

/** Replaces an event's fields; null when the workspace has no such event. */
export async function replaceEvent(db: Db, workspaceId: number, id: string, input: EventInput): Promise<WorkspaceEvent | null> {
  try {
    const rows = await db.query<WorkspaceEvent>(
      `UPDATE workspace_events SET kind = $3, title = $4, note = $5, starts_at = $6, ends_at = $7, all_day = $8, updated_at = now()
       WHERE workspace_id = $1 AND id = $2::bigint RETURNING ${COLUMNS}`,
      [workspaceId, id, input.kind, input.title, input.note, input.startsAt, input.endsAt, input.allDay],
    );
    return rows[0] ?? null;
  } catch (error) {
    throw sameEvent(error);
  }
}

/** Deletes an event; the deleted row, or null when there was none. */
export async function deleteEvent(db: Db, workspaceId: number, id: string): Promise<WorkspaceEvent | null> {
  const rows = await db.query<WorkspaceEvent>(`DELETE FROM workspace_events WHERE workspace_id = $1 AND id = $2::bigint RETURNING ${COLUMNS}`, [workspaceId, id]);
  return rows[0] ?? null;
}

/** Deletes the events one maker created (the demo's own, before it makes them again); how many. */
export async function deleteEventsCreatedBy(db: Db, workspaceId: number, createdBy: string): Promise<number> {
  const rows = await db.query<{ id: string }>('DELETE FROM workspace_events WHERE workspace_id = $1 AND created_by = $2 RETURNING id::text AS id', [workspaceId, createdBy]);
  return rows.length;
}
