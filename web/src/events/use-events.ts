import { useMemo } from 'react';
import { useInsight } from '../insights/use-insight';
import { listEvents, type ChartEvent } from './events-api';

export interface EventsState {
  /** The range's events, oldest first; the last answer while a new one loads, [] before any. */
  events: readonly ChartEvent[];
  loading: boolean;
  error: unknown;
  /** Reads them again (after an add, change or delete). */
  reload: () => void;
}

/** The events overlapping a page's days (its range picker's), for its charts and its event list. */
export function useEvents(range: { from: string; to: string }): EventsState {
  const query = useMemo(() => ({ from: range.from, to: range.to }), [range.from, range.to]);
  const state = useInsight((signal) => listEvents(query, signal), JSON.stringify(query));
  const events = useMemo(() => state.data?.events ?? [], [state.data]);
  return { events, loading: state.loading, error: state.error, reload: state.retry };
}
