import type { EndpointSession as StoredSession, Storage } from '@flowline/storage';
import type { EndpointSession, SessionStore } from './session-store.js';
import type { StorageWriter } from './storage-writer.js';

/** What a stored session's `data` column holds for the endpoint. */
interface SessionData {
  readonly lastData: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly sendId?: string;
  /** The Flow version the session belongs to (docs/governance.md, rollback). */
  readonly version?: number;
}

/**
 * Endpoint sessions in storage behind a bounded in-process cache: a known token costs no database
 * read, a save is buffered by the write-behind writer. A token first seen by this process is read
 * from storage (so sessions survive restarts and are shared by workers), and a token issued by a
 * send (`sends`) is found by its flow_token.
 */
export function createStorageSessionStore(storage: Storage, workspaceId: string, writer: StorageWriter, maxCached = 100_000): SessionStore {
  const cache = new Map<string, EndpointSession>();
  const remember = (session: EndpointSession) => {
    cache.delete(session.flowToken);
    cache.set(session.flowToken, session);
    if (cache.size > maxCached) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
  };
  return {
    async find(flowId, flowToken) {
      const cached = cache.get(flowToken);
      if (cached !== undefined) return cached.flowId === flowId ? cached : undefined;
      const stored = await storage.endpointSessions.find(workspaceId, flowToken);
      if (stored === undefined || stored.flowId !== flowId) return undefined;
      const session = fromStored(stored);
      remember(session);
      return session;
    },
    async findRegistration(flowId, flowToken) {
      const send = await storage.sends.findByFlowToken(workspaceId, flowToken);
      return send !== undefined && send.flowId === flowId ? { sendId: send.id, version: send.version } : undefined;
    },
    save(session) {
      remember(session);
      const data: SessionData = {
        lastData: session.lastData,
        ...(session.sendId === undefined ? {} : { sendId: session.sendId }),
        ...(session.version === undefined ? {} : { version: session.version }),
      };
      writer.saveSession({
        flowToken: session.flowToken,
        flowId: session.flowId,
        data,
        at: session.createdAt,
        ...(session.expiresAt === undefined ? {} : { expiresAt: session.expiresAt }),
      });
      return Promise.resolve();
    },
  };
}

function fromStored(stored: StoredSession): EndpointSession {
  const data = typeof stored.data === 'object' && stored.data !== null ? (stored.data as Partial<Record<keyof SessionData, unknown>>) : {};
  const lastData = typeof data.lastData === 'object' && data.lastData !== null ? (data.lastData as SessionData['lastData']) : {};
  return {
    flowId: stored.flowId,
    flowToken: stored.flowToken,
    createdAt: stored.createdAt,
    expiresAt: stored.expiresAt ?? undefined,
    lastData,
    sendId: typeof data.sendId === 'string' ? data.sendId : undefined,
    ...(typeof data.version === 'number' ? { version: data.version } : {}),
  };
}
