import { addDays } from '../format';
import { customRange, type RangeChoice } from '../insights/range';
import type { ChartEvent } from './events-api';

/** Days shown before and after an event when the range is set around it. */
export const FOCUS_MARGIN_DAYS = 7;

/** A range of the event's days with a week either side (not past `today`), to see before and after. */
export function rangeAroundEvent(event: Pick<ChartEvent, 'start_day' | 'end_day'>, today: string): RangeChoice | null {
  const to = addDays(event.end_day, FOCUS_MARGIN_DAYS);
  return customRange(addDays(event.start_day, -FOCUS_MARGIN_DAYS), to > today ? today : to);
}
