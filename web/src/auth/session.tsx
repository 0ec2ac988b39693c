import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, getMe, isAbortError, login as apiLogin, logout as apiLogout, onUnauthorized, type Me, type Role } from '../api';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason: 'none' | 'expired' | 'logged_out' }
  | { status: 'error'; error: unknown }
  | { status: 'signed_in'; me: Me };

interface SessionApi {
  state: SessionState;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  retry: () => void;
  /** Reads the user and workspace again without leaving the page (after a setting of theirs changed). */
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

/** Who is signed in: probes /auth/me on start and drops to anonymous when any request gets 401. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [probe, setProbe] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    getMe(controller.signal)
      .then((me) => setState({ status: 'signed_in', me }))
      .catch((error) => {
        if (isAbortError(error)) return;
        if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous', reason: 'none' });
        else setState({ status: 'error', error });
      });
    return () => controller.abort();
  }, [probe]);

  useEffect(
    () =>
      onUnauthorized(() =>
        setState((prev) => (prev.status === 'signed_in' ? { status: 'anonymous', reason: 'expired' } : prev)),
      ),
    [],
  );

  const login = useCallback(async (email: string, password: string) => {
    await apiLogin(email, password);
    const me = await getMe();
    setState({ status: 'signed_in', me });
  }, []);

  const logout = useCallback(async () => {
    try {
      await apiLogout();
    } finally {
      // Signed out locally even if the server could not be told; the cookie is HttpOnly.
      setState({ status: 'anonymous', reason: 'logged_out' });
    }
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setProbe((n) => n + 1);
  }, []);

  const refresh = useCallback(async () => {
    const me = await getMe();
    setState({ status: 'signed_in', me });
  }, []);

  const value = useMemo(() => ({ state, login, logout, retry, refresh }), [state, login, logout, retry, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session and its actions. */
export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user and workspace; only for pages rendered behind the sign-in guard. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed_in') throw new Error('useMe on a page shown without a session');
  return state.me;
}

/** Roles that may change data (import, later: labels, comments). */
export function canEdit(role: Role): boolean {
  return role === 'admin' || role === 'operator';
}
