import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { runClosedLoop, runPaced, summarizeLoad } from './load-phase.js';
import { toRawPostRequest } from './raw-http-connection.js';

describe('summarizeLoad', () => {
  it('reports rate and nearest-rank percentiles of the latencies', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => 100 - i);
    const result = summarizeLoad(latencies, 3, 2000);
    assert.equal(result.requests, 100);
    assert.equal(result.rps, 50);
    assert.equal(result.p50, 51);
    assert.equal(result.p90, 91);
    assert.equal(result.p99, 100);
    assert.equal(result.max, 100);
    assert.equal(result.errors, 3);
  });
});

describe('load phases against a loopback server', () => {
  let server: Server;
  let port = 0;
  let served = 0;

  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        served++;
        const status = req.url === '/fail' ? 500 : 200;
        res.writeHead(status, { 'content-length': 2 });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('closed loop counts every answered request and keeps going for the duration', async () => {
    const before = served;
    const result = await runClosedLoop({ port, requests: [toRawPostRequest('127.0.0.1', '/ok', '{}')] }, 4, 200);
    // What is counted, not how fast: a loaded machine may answer only a few requests in 200 ms.
    assert.ok(result.requests > 0, 'the loop answered requests');
    assert.equal(result.errors, 0);
    assert.equal(served - before, result.requests);
    assert.ok(result.elapsedMs >= 200);
  });

  it('closed loop counts non-200 answers as errors', async () => {
    const result = await runClosedLoop({ port, requests: [toRawPostRequest('127.0.0.1', '/fail', '{}')] }, 2, 100);
    assert.equal(result.requests, 0);
    assert.ok(result.errors > 0);
  });

  it('a sampled answer that fails its check counts as an error, not a success', async () => {
    const requests = [toRawPostRequest('127.0.0.1', '/ok', '{}')];
    const right = await runClosedLoop({ port, requests, check: (_i, body) => body?.toString() === 'ok', checkEvery: 1 }, 2, 100);
    assert.ok(right.checked > 0);
    assert.equal(right.wrong, 0);
    assert.equal(right.errors, 0);
    const wrong = await runClosedLoop({ port, requests, check: (_i, body) => body?.toString() === 'not this', checkEvery: 1 }, 2, 100);
    assert.equal(wrong.requests, 0);
    assert.ok(wrong.wrong > 0);
    assert.equal(wrong.errors, wrong.wrong);
  });

  it('checks one answer in checkEvery, in paced phases too', async () => {
    const requests = [toRawPostRequest('127.0.0.1', '/ok', '{}')];
    const result = await runPaced({ port, requests, check: (_i, body) => body?.toString() === 'ok', checkEvery: 4 }, 200, 200, 4);
    assert.equal(result.checked, 10);
    assert.equal(result.wrong, 0);
  });

  it('paced load sends exactly rate × duration requests', async () => {
    const before = served;
    const result = await runPaced({ port, requests: [toRawPostRequest('127.0.0.1', '/ok', '{}')] }, 200, 500, 8);
    assert.equal(result.requests + result.errors, 100);
    assert.equal(served - before, 100);
    assert.ok(result.elapsedMs >= 480, `took ${result.elapsedMs} ms`);
  });
});
