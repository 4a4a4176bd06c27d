import { parentPort, workerData } from 'node:worker_threads';
import { THREAD_READY } from '@flowline/protocol';
import { openStorage } from '@flowline/storage';
import type { Logger } from '../../logging/logger.js';
import { createStorageWriter } from './storage-writer.js';
import type { WriterBatch, WriterReply, WriterRequest, WriterThreadData } from './threaded-storage-writer.js';

// Entry of the write-behind thread started by createThreadedStorageWriter: its own storage
// connection, so commits never run on the thread that answers requests.
const port = parentPort;
if (port === null) throw new Error('storage-writer-thread runs as a worker thread');
// Boundary: the parent passes the config it built itself.
const { storageConfig, workspaceId, retention } = workerData as WriterThreadData;
const log: Logger = (level, event, fields = {}) => {
  const reply: WriterReply = { kind: 'log', level, event, fields };
  port.postMessage(reply);
};
const storage = await openStorage(storageConfig);
// The thread flushes when told to (each message is one batch); the timer is only a safety net.
// It also applies the trace retention after its commits, by the clock of the latest batch (the server's).
let batchNow = Date.now();
const writer = createStorageWriter(storage, workspaceId, log, { flushMs: 1000, now: () => batchNow, ...(retention === undefined ? {} : { retention }) });

port.on('message', (message: WriterRequest) => {
  void handle(message);
});
port.postMessage(THREAD_READY);

async function handle(message: WriterRequest): Promise<void> {
  if (message.kind === 'batch') {
    batchNow = message.now;
    enqueue(message.batch);
    await writer.flush();
    port?.postMessage({ kind: 'written', id: message.id } satisfies WriterReply);
    return;
  }
  await writer.flush();
  await storage.close();
  port?.postMessage({ kind: 'closed' } satisfies WriterReply);
}

function enqueue(batch: WriterBatch): void {
  for (const session of batch.sessions) writer.saveSession(session);
  for (const trace of batch.traces) writer.recordTrace(trace);
  for (const event of batch.events) writer.recordEvent(event);
}
