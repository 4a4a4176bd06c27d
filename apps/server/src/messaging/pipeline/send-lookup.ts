import type { Send, Storage } from '@flowline/storage';

/** Finds sends by flow token or by id; concurrent lookups share one query. */
export interface SendLookup {
  byFlowToken(workspaceId: string, flowToken: string): Promise<Send | undefined>;
  byId(workspaceId: string, sendId: string): Promise<Send | undefined>;
}

interface Waiter {
  readonly key: string;
  readonly resolve: (send: Send | undefined) => void;
  readonly reject: (error: unknown) => void;
}

/** Most keys in one `IN (…)` list. */
const MAX_KEYS = 256;

/**
 * Coalesces the lookups that arrive in the same turn of the event loop into one query per workspace
 * (`findByFlowTokens` or `findMany`), so a burst of webhooks costs one statement, not one each.
 */
function coalesce(find: (workspaceId: string, keys: readonly string[]) => Promise<Send[]>, keyOf: (send: Send) => string): (workspaceId: string, key: string) => Promise<Send | undefined> {
  let pending = new Map<string, Waiter[]>();
  let scheduled = false;

  const lookUp = async (workspaceId: string, waiters: readonly Waiter[]): Promise<void> => {
    try {
      const sends = await find(workspaceId, waiters.map((w) => w.key));
      const byKey = new Map(sends.map((s) => [keyOf(s), s]));
      for (const w of waiters) w.resolve(byKey.get(w.key));
    } catch (error) {
      for (const w of waiters) w.reject(error);
    }
  };

  const flush = (): void => {
    scheduled = false;
    const batches = pending;
    pending = new Map();
    for (const [workspaceId, waiters] of batches) {
      for (let i = 0; i < waiters.length; i += MAX_KEYS) void lookUp(workspaceId, waiters.slice(i, i + MAX_KEYS));
    }
  };

  return (workspaceId, key) =>
    new Promise<Send | undefined>((resolve, reject) => {
      const waiters = pending.get(workspaceId) ?? [];
      waiters.push({ key, resolve, reject });
      pending.set(workspaceId, waiters);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

/** Builds the coalescing send lookups over one storage. */
export function createSendLookup(storage: Storage): SendLookup {
  return {
    byFlowToken: coalesce((ws, tokens) => storage.sends.findByFlowTokens(ws, tokens), (s) => s.flowToken),
    byId: coalesce((ws, ids) => storage.sends.findMany(ws, ids), (s) => s.id),
  };
}
