import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type Schema } from './api';
import { readToken, writeToken } from './token';

type User = Schema<'UserDto'>;

interface SessionState {
  /** undefined while the first /api/auth/me is in flight; null when signed out. */
  user: User | null | undefined;
  signIn(session: Schema<'SessionDto'>): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(readToken() ? undefined : null);

  useEffect(() => {
    if (!readToken()) {
      return;
    }
    void api.GET('/api/auth/me').then(({ data }) => {
      if (!data) {
        writeToken(undefined);
      }
      setUser(data ?? null);
    });
  }, []);

  const signIn = useCallback((session: Schema<'SessionDto'>) => {
    writeToken(session.token);
    setUser(session.user);
  }, []);

  const signOut = useCallback(async () => {
    const token = readToken();
    if (token) {
      const header = { authorization: `Bearer ${token}` };
      await api.POST('/api/auth/logout', { params: { header } }).catch(() => undefined);
    }
    writeToken(undefined);
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, signIn, signOut }), [user, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The signed-in user (null: signed out, undefined: still loading) and the sign-in/out actions. */
export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) {
    throw new Error('useSession outside SessionProvider');
  }
  return state;
}
