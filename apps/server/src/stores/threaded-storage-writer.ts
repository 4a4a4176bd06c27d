import { Worker } from 'node:worker_threads';
import type { EndpointSessionInput, EndpointTraceInput, EventInput, StorageConfig } from '@flowline/storage';
import type { Logger } from '../endpoint/logger.js';
import type { StorageWriter } from './storage-writer.js';

/** One buffered batch sent to the writer thread. */
export interface WriterBatch {
  readonly sessions: readonly EndpointSessionInput[];
  readonly traces: readonly EndpointTraceInput[];
  readonly events: readonly EventInput[];
}

/** Messages to the writer thread. */
export type WriterRequest = { readonly kind: 'batch'; readonly id: number; readonly batch: WriterBatch } | { readonly kind: 'close' };

/** Messages from the writer thread. */
export type WriterReply =
  | { readonly kind: 'ready' }
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
export async function createThreadedStorageWriter(storageConfig: StorageConfig, workspaceId: string, log: Logger, options: { flushMs?: number; maxBatch?: number } = {}): Promise<ThreadedStorageWriter> {
  const flushMs = options.flushMs ?? 50;
  // A batch is posted early when it reaches this size, so batches stay bounded even when timers run late.
  const maxBatch = options.maxBatch ?? 1000;
  const fromSource = import.meta.url.endsWith('.ts');
  const file = new URL(`./storage-writer-thread.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  // Run from TypeScript sources (tests, tsx), the thread registers tsx itself: --import hooks are not inherited by threads.
  const worker = fromSource
    ? new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(file.href)}); });`, { eval: true, workerData: { storageConfig, workspaceId } })
    : new Worker(file, { workerData: { storageConfig, workspaceId } });
  const acks = new Map<number, () => void>();
  let onClosed: (() => void) | undefined;
  let sessions = new Map<string, EndpointSessionInput>();
  let traces: EndpointTraceInput[] = [];
  let events: EventInput[] = [];
  let nextId = 1;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  await new Promise<void>((resolve, reject) => {
    worker.on('message', (reply: WriterReply) => {
      if (reply.kind === 'ready') resolve();
      else if (reply.kind === 'written') {
        acks.get(reply.id)?.();
        acks.delete(reply.id);
      } else if (reply.kind === 'closed') onClosed?.();
      else log(reply.level, reply.event, reply.fields);
    });
    worker.once('error', (error) => {
      log('error', 'storage.writer_thread_failed', { error: error.message });
      reject(error);
    });
  });
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
    if (pending() === 0 || closed) return Promise.resolve();
    const id = nextId++;
    const batch: WriterBatch = { sessions: [...sessions.values()], traces, events };
    sessions = new Map();
    traces = [];
    events = [];
    const written = new Promise<void>((resolve) => acks.set(id, resolve));
    worker.ref();
    worker.postMessage({ kind: 'batch', id, batch } satisfies WriterRequest);
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
