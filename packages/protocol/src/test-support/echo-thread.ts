import { parentPort, workerData } from 'node:worker_threads';
import { THREAD_READY } from '../start-thread.js';

// A thread for start-thread.test.ts: fails at start when told to, else answers every message with it and its workerData.
const data = workerData as { fail?: 'throw' | 'exit' };
if (data.fail === 'throw') throw new Error('cannot start');
if (data.fail === 'exit') process.exit(3);
const port = parentPort;
if (port === null) throw new Error('echo-thread runs as a worker thread');
port.on('message', (message: unknown) => port.postMessage({ message, workerData: data }));
port.postMessage(THREAD_READY);
