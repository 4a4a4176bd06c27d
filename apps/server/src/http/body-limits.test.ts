import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { API_BODY_LIMIT_BYTES } from '../admin/api/create-api-routes.js';
import { parseServerConfig } from '../config/parse-server-config.js';
import { silentLogger } from '../logging/logger.js';
import { listen, type RunningServer } from '../start-server.js';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../messaging/webhooks/webhook-routes.js';
import { readLimitedBody } from './read-limited-body.js';

const TOKEN = 'body-limit-admin-token-0123456789abcdef';
const CHUNK = Buffer.alloc(64 * 1024, 0x20);

/** A streamed body of `total` bytes that counts how many bytes the reader pulled. */
function countingStream(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += CHUNK.length;
      controller.enqueue(new Uint8Array(CHUNK));
    },
  }, { highWaterMark: 0 });
  return { stream, pulled: () => sent };
}

test('readLimitedBody stops pulling at the first chunk past the limit, whatever Content-Length says', async () => {
  for (const headers of [{}, { 'content-length': '10' }]) {
    const { stream, pulled } = countingStream(256 * 1024 * 1024);
    const result = await readLimitedBody(new Request('http://x/', { method: 'POST', body: stream, headers, duplex: 'half' } as RequestInit), 1024 * 1024);
    assert.deepEqual(result, { ok: false, reason: 'too_large' });
    assert.ok(pulled() <= 1024 * 1024 + CHUNK.length, `pulled ${pulled()} bytes`);
  }
  const small = await readLimitedBody(new Request('http://x/', { method: 'POST', body: 'hello' }), 5);
  assert.ok(small.ok);
  assert.equal(new TextDecoder().decode(small.bytes), 'hello');
});

/**
 * Posts a chunked body of `total` bytes over a real socket, writing while the server reads, and
 * stops writing once the answer arrives; resolves with the status and the bytes written until then,
 * once the server has closed the connection (it does not wait for the rest of a refused body).
 */
function postChunked(port: number, path: string, total: number, headers: Record<string, string>): Promise<{ status: number; written: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked', 'content-type': 'application/json' } });
    req.on('response', (res) => {
      answered = true;
      res.resume();
      const status = res.statusCode ?? 0;
      const at = written;
      res.socket.once('close', () => resolve({ status, written: at }));
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && written < total) {
        written += CHUNK.length;
        if (!req.write(CHUNK)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('request bodies over a real socket', () => {
  let dataDir: string;
  let server: RunningServer;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flowline-body-limits-'));
    const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: '1', FLOWLINE_KEY_PASSPHRASE: 'test-pass', FLOWLINE_ADMIN_TOKEN: TOKEN, FLOWLINE_WORKER: 'off' });
    assert.ok(parsed.ok);
    server = await listen(parsed.config, silentLogger);
  });
  after(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // 128 MiB offered; the answer must come after about the limit, not after the whole body was buffered.
  const OFFERED = 128 * 1024 * 1024;
  // Socket buffers on both sides hold a few MiB beyond what the server read.
  const SLACK = 24 * 1024 * 1024;

  test('the admin API answers 413 to a chunked body past its limit while it is still being sent', async () => {
    const { status, written } = await postChunked(server.port, '/api/v1/flows', OFFERED, { authorization: `Bearer ${TOKEN}` });
    assert.equal(status, 413);
    assert.ok(written < API_BODY_LIMIT_BYTES + SLACK, `the client wrote ${written} bytes before the answer`);
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status, 200);
  });

  test('the webhook route answers 413 to a chunked body past its limit while it is still being sent', async () => {
    const { status, written } = await postChunked(server.port, '/webhooks/whatsapp', OFFERED, {});
    assert.equal(status, 413);
    assert.ok(written < WEBHOOK_BODY_LIMIT_BYTES + SLACK, `the client wrote ${written} bytes before the answer`);
  });

  test('a body within the limit is still read whole', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/api/v1/flows`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'limits-ok', name: 'x'.repeat(100) }) });
    assert.notEqual(response.status, 413);
  });
});
