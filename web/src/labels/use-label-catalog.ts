import { useCallback, useEffect, useState } from 'react';
import { isAbortError, listItemTypes, listTopics, type ItemType, type Topic } from '../api';

/** The workspace's types and topics, for names, filters and correction selects. */
export interface LabelCatalog {
  status: 'loading' | 'ready' | 'error';
  types: ItemType[];
  topics: Topic[];
  error: unknown;
  /** Loads both again (after a topic was created elsewhere, or to retry). */
  reload: () => void;
}

/**
 * Loads the type taxonomy and the topics once per page. While loading (or when it failed) the
 * lists are empty and names fall back to the raw keys, so the items still show.
 */
export function useLabelCatalog(): LabelCatalog {
  const [state, setState] = useState<Omit<LabelCatalog, 'reload'>>({ status: 'loading', types: [], topics: [], error: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((prev) => ({ ...prev, status: 'loading', error: null }));
    Promise.all([listItemTypes(controller.signal), listTopics(controller.signal)])
      .then(([types, topics]) => setState({ status: 'ready', types: types.types, topics: topics.topics, error: null }))
      .catch((error) => {
        if (!isAbortError(error)) setState((prev) => ({ ...prev, status: 'error', error }));
      });
    return () => controller.abort();
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
