/**
 * An endpoint session: one flow_token of one Flow. Tokens become known when a send registers
 * them (`register`) or, for Flows whose token policy is `open`, on the first request (INIT).
 */
export interface EndpointSession {
  readonly flowId: string;
  readonly flowToken: string;
  readonly createdAt: number;
  /** Epoch ms after which the token is no longer valid (427); undefined = never. */
  readonly expiresAt: number | undefined;
  /** Last data sent per screen, so a fallback can re-show a screen with an error_message. */
  readonly lastData: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Where endpoint sessions live (in memory, or the storage package's repository). */
export interface SessionStore {
  find(flowId: string, flowToken: string): Promise<EndpointSession | undefined>;
  save(session: EndpointSession): Promise<void>;
}

/** An in-memory session store bounded to `maxSessions` (oldest evicted first). */
export function createMemorySessionStore(maxSessions = 100_000): SessionStore {
  const sessions = new Map<string, EndpointSession>();
  return {
    find: (flowId, flowToken) => Promise.resolve(sessions.get(`${flowId}\u0000${flowToken}`)),
    save: (session) => {
      const key = `${session.flowId}\u0000${session.flowToken}`;
      sessions.delete(key);
      sessions.set(key, session);
      if (sessions.size > maxSessions) {
        const oldest = sessions.keys().next();
        if (oldest.done !== true) sessions.delete(oldest.value);
      }
      return Promise.resolve();
    },
  };
}
