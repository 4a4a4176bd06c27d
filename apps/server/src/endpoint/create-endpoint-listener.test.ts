import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptResponse, encryptRequest } from '@flowline/protocol';
import { createHarness, testKeyPair } from '../test-support/endpoint-harness.js';
import type { TraceSink } from './trace/trace-record.js';
import { createEndpointListener } from './create-endpoint-listener.js';
import type { EndpointRuntime } from './endpoint-runtime.js';
import type { FlowEntry } from './flow-catalog.js';

const flow: FlowEntry = {
  id: 'shop',
  flow: { version: '7.0', screens: [{ id: 'A', layout: { type: 'SingleColumnLayout', children: [] } }] },
  endpoint: { INIT: () => ({ screen: 'A', data: {} }) },
};

/** The endpoint listener on a real loopback HTTP server; every other request answers 418 (the "app"). */
async function listen(runtime: EndpointRuntime, bodyLimitBytes = 64 * 1024): Promise<{ server: Server; port: number }> {
  const server = createServer(createEndpointListener(runtime, bodyLimitBytes, (_req, res) => {
    res.writeHead(418);
    res.end();
  }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** POSTs to a raw path (kept byte for byte, unlike fetch's URL parsing) and returns status and body. */
function post(port: number, path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function ping(port: number): Promise<unknown> {
  const { envelope, aesKey, iv } = encryptRequest({ version: '3.0', action: 'ping' }, testKeyPair().publicKey);
  const response = await post(port, '/endpoint/shop', JSON.stringify(envelope));
  assert.equal(response.status, 200);
  return decryptResponse(response.text, aesKey, iv);
}

test('a Flow id that is not valid percent-encoding gets 400 and the listener keeps serving', async () => {
  const harness = createHarness({ flows: [flow] });
  const { server, port } = await listen(harness.runtime);
  try {
    for (const path of ['/endpoint/%', '/endpoint/%zz', '/endpoint/shop%', '/endpoint/%E0%A4%A', '/endpoint/%C0%AF', '/endpoint/%ED%A0%80?x=1']) {
      const answer = await post(port, path, '{}');
      assert.deepEqual(answer, { status: 400, text: '{"error":"malformed flow id"}' }, path);
    }
    assert.equal(harness.runtime.trace.recent(1)[0]?.errorCode, 'ERR_REQUEST_MALFORMED');
    assert.equal(harness.runtime.trace.recent(1)[0]?.flowId, '', 'nothing of the bad id is traced');
    assert.equal((await post(port, '/endpoint/sh%6Fp', '{oops')).status, 400, 'a valid escape is decoded (shop), its bad body is 400');
    assert.deepEqual(await ping(port), { data: { status: 'active' } });
  } finally {
    server.close();
  }
});

test('an absurdly long Flow id is an unknown Flow (404), traced cut to 64 characters', async () => {
  const harness = createHarness({ flows: [flow] });
  const { server, port } = await listen(harness.runtime);
  try {
    const id = `${'x'.repeat(13_990)}%41`;
    assert.equal((await post(port, `/endpoint/${id}`, '{}')).status, 404);
    const trace = harness.runtime.trace.recent(1)[0];
    assert.deepEqual([trace?.errorCode, trace?.flowId.length], ['FLOWLINE_UNKNOWN_FLOW', 64]);
    assert.equal((await post(port, `/endpoint/${encodeURIComponent('é'.repeat(2000))}`, '{}')).status, 404, 'escaped UTF-8 decoding to a long id');
    assert.equal(harness.runtime.trace.recent(1)[0]?.flowId, 'é'.repeat(64));
    assert.deepEqual(await ping(port), { data: { status: 'active' } });
  } finally {
    server.close();
  }
});

test('last resort: whatever throws while serving a request is answered 500 for that request and the next one is served', async () => {
  const harness = createHarness({ flows: [flow] });
  let failing = true;
  const logged: string[] = [];
  // A trace sink that throws stands in for any bug on the request path: it is called on every request,
  // synchronously on the 413 path and inside the async handler on the others.
  const trace: TraceSink = {
    ...harness.runtime.trace,
    record(entry) {
      if (failing) throw new Error('trace sink bug');
      harness.runtime.trace.record(entry);
    },
  };
  const runtime: EndpointRuntime = { ...harness.runtime, trace, log: (_level, event) => logged.push(event) };
  const { server, port } = await listen(runtime, 1024);
  try {
    assert.deepEqual(await post(port, '/endpoint/unknown', '{}'), { status: 500, text: '{"error":"internal error"}' }, 'thrown in the async path');
    assert.equal((await post(port, '/endpoint/shop', 'x'.repeat(4096))).status, 500, 'thrown synchronously before the body is read');
    assert.equal((await post(port, '/endpoint/%', '{}')).status, 500, 'thrown on the malformed-id path');
    assert.ok(logged.includes('endpoint.listener_failed'));
    failing = false;
    assert.deepEqual(await ping(port), { data: { status: 'active' } });
  } finally {
    server.close();
  }
});
