import { startThread, THREAD_READY } from '@flowline/protocol';
import type { EndpointSessionInput, EndpointTraceInput, EventInput, StorageConfig } from '@flowline/storage';
import type { Logger } from '../../logging/logger.js';
import type { StorageWriter, TraceRetention } from './storage-writer.js';

/** One buffered batch sent to the writer thread. */
export interface WriterBatch {
  readonly sessions: readonly EndpointSessionInput[];
  readonly traces: readonly EndpointTraceInput[];
  readonly events: readonly EventInput[];
}

/** What the writer thread is started with. */
export interface WriterThreadData {
  readonly storageConfig: StorageConfig;
  readonly workspaceId: string;
  readonly retention?: TraceRetention;
}

/** Messages to the writer thread (a batch carries the server's clock, by which the thread applies the retention). */
export type WriterRequest = { readonly kind: 'batch'; readonly id: number; readonly batch: WriterBatch; readonly now: number } | { readonly kind: 'close' };

/** Messages from the writer thread (besides THREAD_READY, once it has opened its storage). */
export type WriterReply =
  | { readonly kind: 'written'; readonly id: number }
  | { readonly kind: 'closed' }
  | { readonly kind: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly event: string; readonly fields: Readonly<Record<string, unknown>> };

/** A storage writer whose commits run on a worker thread; `close` flushes and stops the thread. */
export interface ThreadedStorageWriter extends StorageWriter {
  close(): Promise<void>;
}

/**
 * Write-behind on a worker thread: the request thread only buffers (latest session per token, trace
 * rows, events) and posts one message per `flushMs`; the thread owns a second storage connection and
 * commits each batch in one transaction. Query building and commits (a large share of a request's
 * cost besides RSA) leave the thread that answers requests.
 */
export async function createThreadedStorageWriter(
  storageConfig: StorageConfig,
  workspaceId: string,
  log: Logger,
  options: { flushMs?: number; maxBatch?: number; retention?: TraceRetention; now?: () => number } = {},
): Promise<ThreadedStorageWriter> {
  const flushMs = options.flushMs ?? 50;
  const now = options.now ?? Date.now;
  // A batch is posted early when it reaches this size, so batches stay bounded even when timers run late.
  const maxBatch = options.maxBatch ?? 1000;
  const workerData: WriterThreadData = { storageConfig, workspaceId, ...(options.retention === undefined ? {} : { retention: options.retention }) };
  const { worker, ready } = startThread(import.meta.url, './storage-writer-thread', workerData);
  const acks = new Map<number, () => void>();
  let onClosed: (() => void) | undefined;
  let sessions = new Map<string, EndpointSessionInput>();
  let traces: EndpointTraceInput[] = [];
  let events: EventInput[] = [];
  let nextId = 1;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let lastPosted: Promise<void> = Promise.resolve();

  worker.on('message', (reply: WriterReply | typeof THREAD_READY) => {
    if (reply === THREAD_READY) return;
    if (reply.kind === 'written') {
      acks.get(reply.id)?.();
      acks.delete(reply.id);
    } else if (reply.kind === 'closed') onClosed?.();
    else log(reply.level, reply.event, reply.fields);
  });
  worker.once('error', (error) => log('error', 'storage.writer_thread_failed', { error: error.message }));
  await ready;
  worker.unref();
  // A thread that died cannot acknowledge: release everyone waiting on it instead of hanging (and keeping the process alive).
  worker.once('exit', (code) => {
    if (!closed) log('error', 'storage.writer_thread_exited', { code });
    closed = true;
    for (const ack of acks.values()) ack();
    acks.clear();
    onClosed?.();
  });

  const pending = () => sessions.size + traces.length + events.length;
  const flush = (): Promise<void> => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    // Nothing buffered: wait for the batch posted last (the thread commits in order), so a flush covers every earlier write.
    if (pending() === 0 || closed) return closed ? Promise.resolve() : lastPosted;
    const id = nextId++;
    const batch: WriterBatch = { sessions: [...sessions.values()], traces, events };
    sessions = new Map();
    traces = [];
    events = [];
    const written = new Promise<void>((resolve) => acks.set(id, resolve));
    lastPosted = written;
    worker.ref();
    try {
      worker.postMessage({ kind: 'batch', id, batch, now: now() } satisfies WriterRequest);
    } catch {
      // Cloning recurses: a value too deep to clone (a handler's answer kept as a session's lastData)
      // must not end the process from this timer. The batch goes without the items that cannot be cloned.
      const clonable = <T>(items: readonly T[]): T[] => items.filter(canClone);
      const kept: WriterBatch = { sessions: clonable(batch.sessions), traces: clonable(batch.traces), events: clonable(batch.events) };
      log('error', 'storage.write_behind_unclonable', { dropped: batch.sessions.length + batch.traces.length + batch.events.length - kept.sessions.length - kept.traces.length - kept.events.length });
      worker.postMessage({ kind: 'batch', id, batch: kept, now: now() } satisfies WriterRequest);
    }
    return written;
  };
  const added = () => {
    if (pending() >= maxBatch) {
      void flush();
      return;
    }
    if (timer !== undefined) return;
    timer = setTimeout(() => void flush(), flushMs);
    timer.unref();
  };

  return {
    saveSession(session) {
      sessions.delete(session.flowToken);
      sessions.set(session.flowToken, session);
      added();
    },
    recordTrace(trace) {
      traces.push(trace);
      added();
    },
    recordEvent(event) {
      events.push(event);
      added();
    },
    flush,
    pending,
    async close() {
      if (closed) return;
      await flush();
      closed = true;
      await new Promise<void>((resolve) => {
        onClosed = resolve;
        worker.ref();
        worker.postMessage({ kind: 'close' } satisfies WriterRequest);
      });
      await worker.terminate();
    },
  };
}

function canClone(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
