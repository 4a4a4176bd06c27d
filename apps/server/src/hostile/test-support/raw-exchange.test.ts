import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RawLane } from './raw-exchange.js';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

const request = (path: string, method = 'GET') => Buffer.from(`${method} ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);

test('reads Content-Length, chunked, bodiless and close-delimited answers on one lane, reconnecting after a close', async () => {
  const server = createServer((req, res) => {
    if (req.url === '/length') return res.writeHead(201, { 'content-length': 5 }).end('hello');
    if (req.url === '/chunked') {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      res.write('ab');
      return res.end('cd');
    }
    if (req.url === '/close') {
      // Raw bytes with no framing: the body runs to the end of the connection.
      req.socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\nbroken');
      return;
    }
    if (req.url === '/silent') return;
    res.writeHead(200, { 'content-length': 4 }).end(req.method === 'HEAD' ? undefined : 'body');
  });
  const port = await listen(server);
  const lane = new RawLane(port, 300);
  try {
    assert.deepEqual(await lane.exchange({ head: request('/length') }).then((a) => [a.status, a.body.toString()]), [201, 'hello']);
    assert.deepEqual(await lane.exchange({ head: request('/chunked') }).then((a) => [a.status, a.body.toString()]), [200, 'abcd']);
    assert.deepEqual(await lane.exchange({ head: request('/head', 'HEAD'), bodiless: true }).then((a) => [a.status, a.body.length]), [200, 0]);
    assert.deepEqual(await lane.exchange({ head: request('/close') }).then((a) => [a.status, a.body.toString()]), [400, 'broken']);
    assert.equal((await lane.exchange({ head: request('/length') })).status, 201, 'a new connection after the close');
    const silent = await lane.exchange({ head: request('/silent') });
    assert.deepEqual([silent.status, silent.timedOut], [0, true]);
    const held = await lane.exchange({ head: request('/silent'), holdMs: 20 });
    assert.deepEqual([held.status, held.timedOut], [0, false], 'a held request is dropped without counting as a timeout');
  } finally {
    lane.close();
    server.closeAllConnections();
    server.close();
  }
});

test('reports a refused connection when nothing listens', async () => {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  const answer = await new RawLane(port, 300).exchange({ head: request('/') });
  assert.deepEqual([answer.status, answer.refused], [0, true]);
});
