import { useMemo } from 'react';
import { useMe } from '../auth/session';
import { safeTimeZone, todayIn } from '../format';
import { navigate, useLocation } from '../router';
import { rangeFromParams, withParams, type RangeChoice } from './range';

/**
 * The range of an insight page, read from its URL in the workspace's time zone (as the
 * Overview does), and a setter that rewrites the page's own URL in place.
 */
export function usePageRange(path: string): {
  range: RangeChoice;
  today: string;
  timeZone: string;
  params: URLSearchParams;
  setParams: (changes: Record<string, string | null>) => void;
} {
  const { workspace } = useMe();
  const timeZone = safeTimeZone(workspace.timezone);
  const location = useLocation();
  const today = todayIn(timeZone);
  const range = useMemo(() => rangeFromParams(location.params, today), [location.params, today]);
  const setParams = (changes: Record<string, string | null>) => navigate(`${path}${withParams(location.params, changes)}`, { replace: true });
  return { range, today, timeZone, params: location.params, setParams };
}
