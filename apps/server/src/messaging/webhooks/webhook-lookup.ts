import type { Contact, Send, Storage } from '@flowline/storage';

/** The reads a webhook makes before its answer joins the pipeline's batch; concurrent ones share one query. */
export interface WebhookLookup {
  /** The send carrying this flow token, in whichever workspace (the token is the secret). */
  sendOfFlowToken(flowToken: string): Promise<Send | undefined>;
  /** The contact a message's `from` names, stored with (preferred) or without the leading `+`. */
  contactOfSender(workspaceId: string, from: string): Promise<Contact | undefined>;
}

interface Waiter<V> {
  readonly key: string;
  readonly resolve: (value: V | undefined) => void;
  readonly reject: (error: unknown) => void;
}

/** Most keys in one `IN (…)` list. */
const MAX_KEYS = 256;

/**
 * Queues lookups that arrive in the same turn of the event loop and answers each group (e.g. a workspace)
 * with one call of `find` over all its keys; `pick` chooses each waiter's value from the rows found.
 */
function coalesce<R, V>(
  find: (group: string, keys: readonly string[]) => Promise<R[]>,
  pick: (rows: readonly R[], key: string) => V | undefined,
  keysOf: (key: string) => readonly string[],
): (group: string, key: string) => Promise<V | undefined> {
  let pending = new Map<string, Waiter<V>[]>();
  let scheduled = false;

  const lookUp = async (group: string, waiters: readonly Waiter<V>[]): Promise<void> => {
    try {
      const rows = await find(group, [...new Set(waiters.flatMap((w) => keysOf(w.key)))]);
      for (const w of waiters) w.resolve(pick(rows, w.key));
    } catch (error) {
      for (const w of waiters) w.reject(error);
    }
  };

  const flush = (): void => {
    scheduled = false;
    const groups = pending;
    pending = new Map();
    for (const [group, waiters] of groups) {
      for (let i = 0; i < waiters.length; i += MAX_KEYS) void lookUp(group, waiters.slice(i, i + MAX_KEYS));
    }
  };

  return (group, key) =>
    new Promise<V | undefined>((resolve, reject) => {
      const waiters = pending.get(group) ?? [];
      waiters.push({ key, resolve, reject });
      pending.set(group, waiters);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

/** The two ways a sender's number may be stored: `+digits` first, then bare digits. */
export function phoneVariants(from: string): readonly [string, string] {
  const digits = from.replace(/^\+/, '');
  return [`+${digits}`, digits];
}

/** Builds the coalescing lookups over one storage: one query per turn for tokens, one per workspace for contacts. */
export function createWebhookLookup(storage: Storage): WebhookLookup {
  const sends = coalesce<Send, Send>(
    (_group, tokens) => storage.sends.locateFlowTokens(tokens),
    (rows, token) => rows.find((s) => s.flowToken === token),
    (token) => [token],
  );
  const contacts = coalesce<Contact, Contact>(
    (ws, phones) => storage.contacts.findByPhones(ws, phones),
    (rows, from) => {
      const [plus, bare] = phoneVariants(from);
      return rows.find((c) => c.phone === plus) ?? rows.find((c) => c.phone === bare);
    },
    (from) => phoneVariants(from),
  );
  return {
    sendOfFlowToken: (flowToken) => sends('', flowToken),
    contactOfSender: (workspaceId, from) => contacts(workspaceId, from),
  };
}

const perStorage = new WeakMap<Storage, WebhookLookup>();

/** The lookups of one storage, created once and shared by every request over it. */
export function webhookLookupFor(storage: Storage): WebhookLookup {
  const existing = perStorage.get(storage);
  if (existing !== undefined) return existing;
  const created = createWebhookLookup(storage);
  perStorage.set(storage, created);
  return created;
}
