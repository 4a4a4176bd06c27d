/**
 * An endpoint session: one flow_token of one Flow. Tokens become known when a send registers
 * them (`findRegistration`) or, for Flows whose token policy is `open`, on the first request.
 */
export interface EndpointSession {
  readonly flowId: string;
  readonly flowToken: string;
  readonly createdAt: number;
  /** Epoch ms after which the token is no longer valid (427); undefined = never. */
  readonly expiresAt: number | undefined;
  /** Last data sent per screen, so a fallback can re-show a screen with an error_message. */
  readonly lastData: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The send that registered the token, when one did (for measurement events). */
  readonly sendId: string | undefined;
  /**
   * The stored Flow version the session belongs to (its send's version, else the version served when it
   * started): after a rollback the endpoint keeps answering it with that version's configuration.
   */
  readonly version?: number;
}

/** A send that registered a flow token for a Flow. */
export interface TokenRegistration {
  readonly sendId: string;
  /** The Flow version the send opened. */
  readonly version?: number;
}

/** Where endpoint sessions live (in memory, or storage behind a cache). `save` must not make the request wait for a commit. */
export interface SessionStore {
  find(flowId: string, flowToken: string): Promise<EndpointSession | undefined>;
  /** The send that issued this token for this Flow, if any. */
  findRegistration(flowId: string, flowToken: string): Promise<TokenRegistration | undefined>;
  save(session: EndpointSession): Promise<void>;
}

/** An in-memory session store (a pure fake for tests): `register` plays the part of a send. */
export interface MemorySessionStore extends SessionStore {
  register(flowId: string, flowToken: string, sendId: string, version?: number): void;
}

/** An in-memory session store bounded to `maxSessions` (oldest evicted first). */
export function createMemorySessionStore(maxSessions = 100_000): MemorySessionStore {
  const sessions = new Map<string, EndpointSession>();
  const registrations = new Map<string, TokenRegistration>();
  const keyOf = (flowId: string, flowToken: string) => `${flowId}\u0000${flowToken}`;
  return {
    find: (flowId, flowToken) => Promise.resolve(sessions.get(keyOf(flowId, flowToken))),
    findRegistration: (flowId, flowToken) => Promise.resolve(registrations.get(keyOf(flowId, flowToken))),
    register: (flowId, flowToken, sendId, version) => {
      registrations.set(keyOf(flowId, flowToken), version === undefined ? { sendId } : { sendId, version });
    },
    save: (session) => {
      const key = keyOf(session.flowId, session.flowToken);
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
