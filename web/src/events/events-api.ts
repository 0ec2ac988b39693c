import { EVENT_KINDS, EVENT_NOTE_MAX, EVENT_TITLE_MAX, type EventKind } from '../../../src/store/queries/events.js';
import { request, toQueryString } from '../api';

/** The events API (GET/POST /events, PUT/DELETE /events/:id), through api.ts's one `request`. */

/** The kinds (장애, 배포, 프로모션, 정책 변경, 기타) and the longest title and note: the server's own, one list and one limit. */
export { EVENT_KINDS, EVENT_NOTE_MAX, EVENT_TITLE_MAX, type EventKind };

/**
 * An event on the charts, as GET /events answers it. Written out rather than taken from the server's
 * WorkspaceEvent: that one is the row, with Date instants where the JSON has ISO strings, and without the local days.
 */
export interface ChartEvent {
  id: string;
  kind: EventKind;
  title: string;
  note: string | null;
  /** ISO instants; `ends_at` null for a point in time, the midnight after the last day for an all-day event. */
  starts_at: string;
  ends_at: string | null;
  all_day: boolean;
  /** Its first and last local days (inclusive). */
  start_day: string;
  end_day: string;
  created_by: string;
}

/** What the form sends: days (YYYY-MM-DD, an all-day event) or instants with their offset. */
export interface EventDraft {
  kind: EventKind;
  title: string;
  note: string | null;
  starts_at: string;
  ends_at: string | null;
}

/** Events overlapping some days (inclusive, the workspace's local days), oldest first. */
export function listEvents(range: { from: string; to: string }, signal?: AbortSignal): Promise<{ events: ChartEvent[] }> {
  return request(`/events${toQueryString(range)}`, { signal });
}

export function createEvent(draft: EventDraft): Promise<{ event: ChartEvent }> {
  return request('/events', { method: 'POST', body: draft });
}

export function replaceEvent(id: string, draft: EventDraft): Promise<{ event: ChartEvent }> {
  return request(`/events/${encodeURIComponent(id)}`, { method: 'PUT', body: draft });
}

export function deleteEvent(id: string): Promise<void> {
  return request(`/events/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
