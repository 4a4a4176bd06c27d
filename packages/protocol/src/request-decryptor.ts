import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { decryptRequest, type DecryptedRequest } from './decrypt-request.js';
import type { ParseEnvelopeOptions } from './parse-envelope.js';
import { ProtocolError, type ProtocolErrorCode } from './protocol-error.js';
import { startThread } from './start-thread.js';

/**
 * Decrypts data endpoint requests (platform spec §1.3), either on the calling thread or on a pool
 * of crypto threads. Rejections are ProtocolErrors with the same codes `decryptRequest` throws.
 */
export interface RequestDecryptor {
  decrypt(rawBody: Buffer): Promise<DecryptedRequest>;
  /** Crypto threads currently serving requests (0: decryption runs on the calling thread). */
  readonly threads: number;
  /**
   * Replaces the private keys (a key rotation: the new key first, the previous ones kept for their grace
   * period). Requests sent after the call are decrypted with the new set, on every thread and on threads
   * started later; requests already handed to a thread finish with the set they were sent under.
   */
  setKeys(privateKeys: readonly KeyObject[]): void;
  /** Stops the threads; requests still in flight are decrypted on the calling thread. */
  close(): Promise<void>;
}

export interface RequestDecryptorOptions extends ParseEnvelopeOptions {
  /** Crypto threads to start; 0 decrypts on the calling thread. */
  threads: number;
  /** Called when a crypto thread fails or exits unexpectedly (it is replaced). */
  onThreadError?: (error: Error) => void;
  /** Called with every crypto thread once it is ready, replacements included (supervision, tests). */
  onThreadStarted?: (thread: Worker) => void;
}

/** Messages to a crypto thread: one encrypted request body. */
export interface DecryptJob {
  readonly id: number;
  readonly body: Uint8Array;
}

/** Message to a crypto thread: decrypt the jobs that follow with these keys (unencrypted PKCS#8 DER). */
export interface DecryptKeysMessage {
  readonly keys: readonly Uint8Array[];
}

/** Messages from a crypto thread: the decrypted request, or the code and message of its ProtocolError. */
export type DecryptReply =
  | { readonly id: number; readonly ok: true; readonly payload: unknown; readonly aesKey: Uint8Array; readonly iv: Uint8Array }
  | { readonly id: number; readonly ok: false; readonly code: ProtocolErrorCode; readonly message: string };

/** What a crypto thread is started with: the private keys as unencrypted PKCS#8 DER, never written anywhere, and the limits. */
export interface DecryptThreadData {
  readonly keys: readonly Uint8Array[];
  readonly options: ParseEnvelopeOptions;
}

/**
 * The default number of crypto threads for each of `processes` server processes: none when there is
 * a process per core (RSA then runs on each request thread, which keeps every core busy already);
 * otherwise the cores shared out between the processes, so that RSA can use the cores that no
 * request thread occupies. Measured in docs/benchmarks.md: one process on two cores serves more
 * with two crypto threads than with one (its request thread is mostly idle) or none.
 */
export function defaultDecryptThreads(processes: number, cores: number = availableParallelism()): number {
  if (processes >= cores) return 0;
  return Math.max(1, Math.floor(cores / processes));
}

/**
 * Creates a decryptor. With `threads: 0` every request is decrypted synchronously on the calling
 * thread. Otherwise RSA-OAEP, base64 decoding and AES-GCM run on `threads` worker threads, each with
 * its own copy of the keys (OpenSSL 3 contends on one key object shared between threads, measured in
 * docs/endpoint.md), and the request thread stays free for HTTP, handlers and storage. A request is
 * sent to the thread with the fewest requests in flight. A thread that dies is replaced; its requests
 * in flight are decrypted on the calling thread, so none is lost.
 */
export async function createRequestDecryptor(privateKeys: readonly KeyObject[], options: RequestDecryptorOptions): Promise<RequestDecryptor> {
  const parseOptions: ParseEnvelopeOptions = {
    ...(options.maxFlowDataBytes === undefined ? {} : { maxFlowDataBytes: options.maxFlowDataBytes }),
    ...(options.maxPayloadDepth === undefined ? {} : { maxPayloadDepth: options.maxPayloadDepth }),
  };
  const onCallingThread = inlineRequestDecryptor(privateKeys, parseOptions);
  if (options.threads <= 0) return onCallingThread;
  const inline = onCallingThread.decrypt;

  const toDer = (keys: readonly KeyObject[]) => keys.map((key) => new Uint8Array(key.export({ type: 'pkcs8', format: 'der' })));
  // Threads started later (replacements) take the keys in force then.
  let threadData: DecryptThreadData = { keys: toDer(privateKeys), options: parseOptions };
  interface Pending { readonly body: Buffer; readonly resolve: (value: DecryptedRequest) => void; readonly reject: (error: Error) => void }
  interface Slot { worker: Worker; readonly pending: Map<number, Pending> }
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const settle = (slot: Slot, reply: DecryptReply): void => {
    const job = slot.pending.get(reply.id);
    if (job === undefined) return;
    slot.pending.delete(reply.id);
    // An idle thread must not keep the process alive; a busy one must (its callers are waiting).
    if (slot.pending.size === 0) slot.worker.unref();
    if (reply.ok) {
      job.resolve({ payload: reply.payload, aesKey: toBuffer(reply.aesKey), iv: toBuffer(reply.iv) });
    } else {
      job.reject(new ProtocolError(reply.code, reply.message));
    }
  };

  const start = async (slot: Slot | undefined): Promise<Slot> => {
    const worker = await spawnDecryptThread(threadData);
    const target: Slot = slot ?? { worker, pending: new Map() };
    target.worker = worker;
    worker.on('message', (reply: DecryptReply) => settle(target, reply));
    worker.once('error', (error) => options.onThreadError?.(error));
    worker.once('exit', (code) => {
      if (closed || target.worker !== worker) return;
      options.onThreadError?.(new Error(`crypto thread exited with code ${code}`));
      // Requests it held are answered here; the slot gets a new thread.
      const held = [...target.pending.values()];
      target.pending.clear();
      for (const job of held) inline(job.body).then(job.resolve, job.reject);
      const index = slots.indexOf(target);
      if (index !== -1) slots.splice(index, 1);
      start(target).then(
        (restarted) => {
          if (closed) void restarted.worker.terminate();
          else slots.push(restarted);
        },
        (error: unknown) => options.onThreadError?.(error instanceof Error ? error : new Error(String(error))),
      );
    });
    worker.unref();
    options.onThreadStarted?.(worker);
    return target;
  };

  for (let i = 0; i < options.threads; i++) slots.push(await start(undefined));

  return {
    get threads() {
      return slots.length;
    },
    setKeys(keys) {
      onCallingThread.setKeys(keys);
      threadData = { keys: toDer(keys), options: parseOptions };
      // Messages to a thread are handled in order: every job posted after this one uses the new keys.
      for (const slot of slots) {
        try {
          slot.worker.postMessage({ keys: threadData.keys } satisfies DecryptKeysMessage);
        } catch {
          // A thread that is stopping is replaced with threadData, which holds the new keys already.
        }
      }
    },
    decrypt(rawBody) {
      let best: Slot | undefined;
      for (const slot of slots) if (best === undefined || slot.pending.size < best.pending.size) best = slot;
      if (best === undefined || closed) return inline(rawBody);
      const slot = best;
      const id = nextId++;
      return new Promise<DecryptedRequest>((resolve, reject) => {
        if (slot.pending.size === 0) slot.worker.ref();
        slot.pending.set(id, { body: rawBody, resolve, reject });
        // Cloning a view sends its whole ArrayBuffer: a small Buffer from Node's shared pool would carry 8 KiB.
        const body = rawBody.byteLength === rawBody.buffer.byteLength ? rawBody : new Uint8Array(rawBody);
        try {
          slot.worker.postMessage({ id, body } satisfies DecryptJob);
        } catch {
          // The thread cannot take it (it is stopping): this request is decrypted here instead.
          slot.pending.delete(id);
          if (slot.pending.size === 0) slot.worker.unref();
          inline(rawBody).then(resolve, reject);
        }
      });
    },
    async close() {
      closed = true;
      const stopping = slots.splice(0);
      for (const slot of stopping) {
        const held = [...slot.pending.values()];
        slot.pending.clear();
        for (const job of held) inline(job.body).then(job.resolve, job.reject);
      }
      await Promise.all(stopping.map((slot) => slot.worker.terminate()));
    },
  };
}

/** A decryptor that decrypts on the calling thread (no threads to start or stop). */
export function inlineRequestDecryptor(privateKeys: readonly KeyObject[], options: ParseEnvelopeOptions = {}): RequestDecryptor {
  let keys = [...privateKeys];
  return {
    threads: 0,
    setKeys(next) {
      keys = [...next];
    },
    decrypt(rawBody) {
      try {
        return Promise.resolve(decryptRequest(rawBody, keys, options));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    close: () => Promise.resolve(),
  };
}

/** Starts one crypto thread and waits until it has imported its keys. */
async function spawnDecryptThread(data: DecryptThreadData): Promise<Worker> {
  const { worker, ready } = startThread(import.meta.url, './decrypt-thread', data);
  await ready;
  return worker;
}

/** Structured cloning turns Buffers into plain Uint8Arrays; this views the same bytes as a Buffer again. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
