import { createContext, useContext } from 'react';
import type { Session } from './session.js';

/** The signed-in session, provided by the app shell to every page. */
export const SessionContext = createContext<Session | undefined>(undefined);

/** The signed-in session (pages are only rendered when signed in). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession outside a signed-in shell');
  return session;
}
