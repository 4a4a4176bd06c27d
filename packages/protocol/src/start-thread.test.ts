import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { startThread, THREAD_READY } from './start-thread.js';

describe('startThread', () => {
  test('starts a thread from TypeScript sources beside the caller, with its workerData, and resolves once it is ready', async () => {
    const { worker, ready } = startThread(import.meta.url, './test-support/echo-thread', { greeting: 'olá' });
    try {
      await ready;
      worker.postMessage('ping');
      const [reply] = (await once(worker, 'message')) as [unknown];
      assert.deepEqual(reply, { message: 'ping', workerData: { greeting: 'olá' } });
    } finally {
      await worker.terminate();
    }
  });

  test('starts the .js module beside a caller that runs from JavaScript, without tsx', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowline-start-thread-'));
    try {
      writeFileSync(join(dir, 'plain-thread.js'), `const { parentPort, workerData } = require('node:worker_threads');\nparentPort.postMessage(${JSON.stringify(THREAD_READY)});\nparentPort.postMessage(workerData * 2);\n`);
      const { worker, ready } = startThread(pathToFileURL(join(dir, 'caller.js')).href, './plain-thread', 21);
      // A listener attached right after the start sees every message the thread posts, the ready one first.
      const messages: unknown[] = [];
      const both = new Promise<void>((resolve) => worker.on('message', (message: unknown) => (messages.push(message) === 2 ? resolve() : undefined)));
      await ready;
      await both;
      assert.deepEqual(messages, [THREAD_READY, 42]);
      await worker.terminate();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('rejects when the thread throws before it is ready', async () => {
    const { ready } = startThread(import.meta.url, './test-support/echo-thread', { fail: 'throw' });
    await assert.rejects(ready, /cannot start/);
  });

  test('rejects when the thread exits before it is ready', async () => {
    const { ready } = startThread(import.meta.url, './test-support/echo-thread', { fail: 'exit' });
    await assert.rejects(ready, /exited with code 3 before it was ready/);
  });
});
