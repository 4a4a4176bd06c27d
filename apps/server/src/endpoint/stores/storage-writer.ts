import type { EndpointSessionInput, EndpointTraceInput, EventInput, Storage } from '@flowline/storage';
import type { Logger } from '../../logging/logger.js';

/**
 * Write-behind for the endpoint's hot path: session saves (the latest per token wins), trace rows and
 * measurement events are buffered and written together in one transaction every `flushMs`, so a
 * request never waits for a commit. `flush` writes what is buffered now (call it on shutdown).
 */
export interface StorageWriter {
  saveSession(session: EndpointSessionInput): void;
  recordTrace(trace: EndpointTraceInput): void;
  recordEvent(event: EventInput): void;
  /** Writes everything buffered so far; resolves once it is committed (or the failure logged). */
  flush(): Promise<void>;
  /** Number of buffered writes not yet committed. */
  pending(): number;
}

/** Options of the writer. */
export interface StorageWriterOptions {
  /** Longest time a write waits in the buffer (default 50 ms). */
  readonly flushMs?: number;
  /** Buffered writes that trigger an immediate flush (default 1,000). */
  readonly maxBatch?: number;
  /** Beyond this many buffered writes (the database is down), trace rows and events are dropped and counted. */
  readonly maxBuffered?: number;
  /** Retention of `endpoint_traces`, applied after commits; undefined keeps every row. */
  readonly retention?: TraceRetention;
  /** The clock for retention, in epoch ms (default Date.now). */
  readonly now?: () => number;
}

/** How long and how many trace rows a workspace keeps (docs/endpoint.md, Limits). */
export interface TraceRetention {
  /** Rows older than this are deleted. */
  readonly maxAgeMs: number;
  /** Beyond this many rows, the oldest are deleted. */
  readonly maxRows: number;
  /** Least time between two prunes in ms (default 60,000): the table may exceed its bound by what arrives in between. */
  readonly everyMs?: number;
}

/** Events per multi-row insert: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const EVENTS_PER_INSERT = 500;

/** Creates the write-behind buffer of one process for one workspace. */
export function createStorageWriter(storage: Storage, workspaceId: string, log: Logger, options: StorageWriterOptions = {}): StorageWriter {
  const flushMs = options.flushMs ?? 50;
  const maxBatch = options.maxBatch ?? 1000;
  const maxBuffered = options.maxBuffered ?? 100_000;
  let sessions = new Map<string, EndpointSessionInput>();
  let traces: EndpointTraceInput[] = [];
  let events: EventInput[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let dropped = 0;
  const retention = options.retention;
  const now = options.now ?? Date.now;
  let prunedAt = Number.NEGATIVE_INFINITY;

  // Runs after a commit, so a busy writer prunes once a minute and an idle one never (nothing grows).
  const pruneIfDue = async (): Promise<void> => {
    if (retention === undefined) return;
    const at = now();
    if (at - prunedAt < (retention.everyMs ?? 60_000)) return;
    prunedAt = at;
    try {
      const deleted = await storage.endpointTraces.prune(workspaceId, { before: at - retention.maxAgeMs, maxRows: retention.maxRows });
      if (deleted > 0) log('info', 'storage.traces_pruned', { deleted });
    } catch (error) {
      log('error', 'storage.traces_prune_failed', { error: error instanceof Error ? error.message : String(error) });
    }
  };

  const pending = () => sessions.size + traces.length + events.length;

  const writeBatch = async (): Promise<void> => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending() === 0) return;
    const batch = { sessions: [...sessions.values()], traces, events };
    sessions = new Map();
    traces = [];
    events = [];
    try {
      await storage.transaction(async (tx) => {
        for (const session of batch.sessions) await tx.endpointSessions.save(workspaceId, session);
        // Traces are multi-row inserts, chunked inside the repository.
        await tx.endpointTraces.recordMany(workspaceId, batch.traces);
        // Events are one multi-row insert per call: chunked, so a large batch (after an outage) stays under the databases' bound-parameter limits.
        for (let start = 0; start < batch.events.length; start += EVENTS_PER_INSERT) await tx.events.record(workspaceId, batch.events.slice(start, start + EVENTS_PER_INSERT));
      });
      await pruneIfDue();
    } catch (error) {
      log('error', 'storage.write_behind_failed', { sessions: batch.sessions.length, traces: batch.traces.length, events: batch.events.length, error: error instanceof Error ? error.message : String(error) });
      // Keep sessions (newer saves win) and retry later; telemetry is kept while the buffer has room.
      for (const session of batch.sessions) if (!sessions.has(session.flowToken)) sessions.set(session.flowToken, session);
      if (pending() + batch.traces.length + batch.events.length <= maxBuffered) {
        traces = [...batch.traces, ...traces];
        events = [...batch.events, ...events];
      } else {
        dropped += batch.traces.length + batch.events.length;
        log('error', 'storage.write_behind_dropped', { dropped });
      }
      schedule(flushMs * 20);
    }
  };

  const flush = (): Promise<void> => {
    running = running.then(writeBatch);
    return running;
  };

  function schedule(delay: number): void {
    if (timer !== undefined) return;
    timer = setTimeout(() => void flush(), delay);
    timer.unref();
  }

  const added = () => {
    if (pending() >= maxBatch) void flush();
    else schedule(flushMs);
  };

  return {
    saveSession(session) {
      sessions.delete(session.flowToken);
      sessions.set(session.flowToken, session);
      added();
    },
    recordTrace(trace) {
      if (pending() >= maxBuffered) {
        dropped += 1;
        return;
      }
      traces.push(trace);
      added();
    },
    recordEvent(event) {
      if (pending() >= maxBuffered) {
        dropped += 1;
        return;
      }
      events.push(event);
      added();
    },
    flush,
    pending,
  };
}
