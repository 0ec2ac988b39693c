import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbortError } from '../api';

export interface InsightState<T> {
  /** The last answer; kept while a new query loads so the page does not blank out. */
  data: T | null;
  loading: boolean;
  error: unknown;
  retry: () => void;
}

/**
 * Loads an insight whenever `key` (the query, as a string) changes, aborting the request it
 * replaces; errors of aborted requests are ignored.
 */
export function useInsight<T>(load: (signal: AbortSignal) => Promise<T>, key: string): InsightState<T> {
  const [state, setState] = useState<Omit<InsightState<T>, 'retry'>>({ data: null, loading: true, error: null });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const controller = new AbortController();
    setState((prev) => ({ ...prev, loading: true, error: null }));
    loadRef.current(controller.signal)
      .then((data) => setState({ data, loading: false, error: null }))
      .catch((error) => {
        if (!isAbortError(error)) setState((prev) => ({ ...prev, loading: false, error }));
      });
    return () => controller.abort();
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
