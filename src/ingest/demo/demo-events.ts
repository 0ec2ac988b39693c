import type { Db } from '../../store/db.js';
import { createEvent, deleteEventsCreatedBy, type EventKind } from '../../store/queries/events.js';
import type { DemoIncident } from './generate.js';
import { INCIDENTS } from './incidents.js';

/** Who the demo's events are recorded as made by: loading the demo again replaces these, and only these. */
export const DEMO_EVENT_AUTHOR = 'sori-demo';

/** Each embedded incident's kind on the charts (by its key in incidents.ts); another is 기타. */
const KIND_OF_INCIDENT: Readonly<Record<string, EventKind>> = {
  login_outage: 'incident',
  delivery_delay_week: 'incident',
  coupon_policy: 'policy',
};

/**
 * Records the demo's embedded incidents as workspace events (what the charts mark), replacing the
 * ones an earlier load made: a reload moves the incidents to the new last days.
 */
export async function recordDemoEvents(db: Db, workspaceId: number, incidents: readonly DemoIncident[]): Promise<number> {
  await deleteEventsCreatedBy(db, workspaceId, DEMO_EVENT_AUTHOR);
  for (const incident of incidents) {
    const key = INCIDENTS.find((spec) => spec.name === incident.name)?.key ?? '';
    const input = {
      kind: KIND_OF_INCIDENT[key] ?? 'other',
      title: incident.name,
      note: incident.description,
      startsAt: new Date(incident.from),
      endsAt: new Date(incident.to),
      allDay: false,
    };
    await createEvent(db, workspaceId, input, DEMO_EVENT_AUTHOR);
  }
  return incidents.length;
}
