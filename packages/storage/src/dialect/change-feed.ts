import pg from 'pg';
import { postgresClientConfig, type PostgresPoolOptions } from './postgres-dialect.js';

/**
 * What a change notification is about: `outbox` (new outbox actions were committed) or `config` (a Flow,
 * a Flow version, a routing rule or a WhatsApp connection changed). Migration 0014 makes PostgreSQL send
 * them from triggers, so every writer notifies, whichever instance or tool it is.
 */
export type ChangeTopic = 'outbox' | 'config';

/** PostgreSQL channel of each topic (the payload is `<schema>.<table>`). */
export const CHANGE_CHANNELS: Readonly<Record<ChangeTopic, string>> = { outbox: 'flowline_outbox', config: 'flowline_config' };

/** Called with the table that changed, or undefined after a reconnect (anything may have changed meanwhile). */
export type ChangeHandler = (table: string | undefined) => void;

/**
 * Notifications of changes made by any instance on the same database. On PostgreSQL one dedicated
 * connection LISTENs (opened at the first subscription, reopened after a loss, when every handler is
 * called once since notifications may have been missed). On SQLite `live` is false: nothing is pushed,
 * and callers keep polling.
 */
export interface ChangeFeed {
  readonly live: boolean;
  /** Registers a handler; returns its removal. */
  subscribe(topic: ChangeTopic, handler: ChangeHandler): () => void;
  /** Resolves once the feed listens (at once on SQLite); rejects when PostgreSQL cannot be reached. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** The feed of a SQLite database: nothing is pushed. */
export function createQuietChangeFeed(): ChangeFeed {
  return { live: false, subscribe: () => () => undefined, ready: () => Promise.resolve(), close: () => Promise.resolve() };
}

/** Options of the PostgreSQL feed. */
export interface PostgresChangeFeedOptions extends PostgresPoolOptions {
  /** Wait before reconnecting after the listening connection is lost (default 1,000 ms). */
  readonly reconnectMs?: number;
  /** Reports a lost connection (the feed reconnects by itself). */
  readonly onError?: (error: Error) => void;
}

/** The feed of a PostgreSQL database (or one schema of it: notifications of other schemas are ignored). */
export function createPostgresChangeFeed(databaseUrl: string, schema: string, options: PostgresChangeFeedOptions = {}): ChangeFeed {
  const handlers = new Map<ChangeTopic, Set<ChangeHandler>>();
  const topicOf = new Map<string, ChangeTopic>(Object.entries(CHANGE_CHANNELS).map(([topic, channel]) => [channel, topic as ChangeTopic]));
  const reconnectMs = options.reconnectMs ?? 1000;
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const emit = (topic: ChangeTopic, table: string | undefined): void => {
    for (const handler of handlers.get(topic) ?? []) {
      try {
        handler(table);
      } catch {
        // A handler's failure is its own; the others still run.
      }
    }
  };

  const connect = (): Promise<void> => {
    connecting ??= (async () => {
      // No statement timeout on this connection: LISTEN holds it open for good.
      const next = new pg.Client({ ...postgresClientConfig(databaseUrl, undefined, { statementTimeoutMs: 0 }) });
      next.on('notification', (message) => {
        const topic = topicOf.get(message.channel);
        const [from, table] = (message.payload ?? '').split('.', 2);
        if (topic !== undefined && from === schema) emit(topic, table);
      });
      const lost = (error: Error): void => {
        if (client !== next) return;
        client = undefined;
        options.onError?.(error);
        next.removeAllListeners('error');
        next.on('error', () => undefined);
        void next.end().catch(() => undefined);
        scheduleReconnect();
      };
      next.on('error', lost);
      next.on('end', () => lost(new Error('the listening connection ended')));
      try {
        await next.connect();
        for (const channel of Object.values(CHANGE_CHANNELS)) await next.query(`listen ${channel}`);
      } catch (error) {
        next.on('error', () => undefined);
        void next.end().catch(() => undefined);
        throw error;
      }
      if (closed) {
        await next.end();
        return;
      }
      client = next;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  const scheduleReconnect = (): void => {
    if (closed || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        // Notifications sent while nobody listened are lost: every handler looks again once.
        () => {
          for (const topic of handlers.keys()) emit(topic, undefined);
        },
        (error: unknown) => {
          options.onError?.(error instanceof Error ? error : new Error(String(error)));
          scheduleReconnect();
        },
      );
    }, reconnectMs);
    retry.unref();
  };

  return {
    live: true,
    subscribe(topic, handler) {
      const set = handlers.get(topic) ?? new Set<ChangeHandler>();
      set.add(handler);
      handlers.set(topic, set);
      if (client === undefined && connecting === undefined && retry === undefined && !closed) {
        connect().catch((error: unknown) => {
          options.onError?.(error instanceof Error ? error : new Error(String(error)));
          scheduleReconnect();
        });
      }
      return () => {
        set.delete(handler);
      };
    },
    ready: () => (client !== undefined ? Promise.resolve() : (connecting ?? connect())),
    async close() {
      closed = true;
      if (retry !== undefined) clearTimeout(retry);
      await connecting?.catch(() => undefined);
      const current = client;
      client = undefined;
      if (current !== undefined) {
        current.removeAllListeners('end');
        await current.end().catch(() => undefined);
      }
    },
  };
}
