import type { Send, Storage } from '@flowline/storage';

/** Finds the send of a flow token; concurrent lookups share one query. */
export type SendLookup = (workspaceId: string, flowToken: string) => Promise<Send | undefined>;

interface Waiter {
  readonly token: string;
  readonly resolve: (send: Send | undefined) => void;
  readonly reject: (error: unknown) => void;
}

/** Most tokens in one `IN (…)` list. */
const MAX_TOKENS = 256;

/**
 * Coalesces the flow-token lookups that arrive in the same turn of the event loop into one
 * `findByFlowTokens` query per workspace, so a burst of webhooks costs one statement, not one each.
 */
export function createSendLookup(storage: Storage): SendLookup {
  let pending = new Map<string, Waiter[]>();
  let scheduled = false;

  const lookUp = async (workspaceId: string, waiters: readonly Waiter[]): Promise<void> => {
    try {
      const sends = await storage.sends.findByFlowTokens(workspaceId, waiters.map((w) => w.token));
      const byToken = new Map(sends.map((s) => [s.flowToken, s]));
      for (const w of waiters) w.resolve(byToken.get(w.token));
    } catch (error) {
      for (const w of waiters) w.reject(error);
    }
  };

  const flush = (): void => {
    scheduled = false;
    const batches = pending;
    pending = new Map();
    for (const [workspaceId, waiters] of batches) {
      for (let i = 0; i < waiters.length; i += MAX_TOKENS) void lookUp(workspaceId, waiters.slice(i, i + MAX_TOKENS));
    }
  };

  return (workspaceId, flowToken) =>
    new Promise<Send | undefined>((resolve, reject) => {
      const waiters = pending.get(workspaceId) ?? [];
      waiters.push({ token: flowToken, resolve, reject });
      pending.set(workspaceId, waiters);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
