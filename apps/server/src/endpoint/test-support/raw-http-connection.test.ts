import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { completeResponse, completeResponseStatus, openRawHttpConnection, toRawPostRequest } from './raw-http-connection.js';

describe('completeResponseStatus', () => {
  it('waits for the whole Content-Length body', () => {
    const head = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n';
    assert.equal(completeResponseStatus(Buffer.from(`${head}abc`)), undefined);
    assert.equal(completeResponseStatus(Buffer.from(`${head}abcde`)), 200);
  });

  it('hands over exactly the Content-Length body', () => {
    const head = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n';
    assert.equal(completeResponse(Buffer.from(`${head}abcde`))?.body?.toString(), 'abcde');
  });

  it('waits for the end of the header', () => {
    assert.equal(completeResponseStatus(Buffer.from('HTTP/1.1 421 Misdirected\r\nContent-Length: 0\r\n')), undefined);
    assert.equal(completeResponseStatus(Buffer.from('HTTP/1.1 421 Misdirected\r\nContent-Length: 0\r\n\r\n')), 421);
  });

  it('finds the end of a chunked body by its last chunk', () => {
    const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
    assert.equal(completeResponseStatus(Buffer.from(`${head}3\r\nabc\r\n`)), undefined);
    assert.equal(completeResponseStatus(Buffer.from(`${head}3\r\nabc\r\n0\r\n\r\n`)), 200);
  });
});

describe('openRawHttpConnection', () => {
  let server: Server;
  let port = 0;
  const bodies: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.push(body);
        if (req.url === '/chunked') {
          res.write('part');
          res.end('-done');
          return;
        }
        res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain' });
        res.end(`echo ${body}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends requests one after another on one keep-alive connection and reports each status', async () => {
    const connection = await openRawHttpConnection(port);
    const send = (path: string, body: string) => new Promise<number>((resolve) => connection.send(toRawPostRequest('127.0.0.1', path, body), resolve));
    assert.equal(await send('/endpoint/x', '{"a":1}'), 200);
    assert.equal(await send('/missing', '{}'), 404);
    assert.equal(await send('/chunked', 'c'), 200);
    assert.equal(await send('/endpoint/x', '{"b":2}'), 200);
    assert.equal(connection.open, true);
    connection.close();
    assert.deepEqual(bodies.slice(-4), ['{"a":1}', '{}', 'c', '{"b":2}']);
  });

  it('answers 0 for a request on a closed connection', async () => {
    const connection = await openRawHttpConnection(port);
    connection.close();
    const status = await new Promise<number>((resolve) => connection.send(toRawPostRequest('127.0.0.1', '/x', '{}'), resolve));
    assert.equal(status, 0);
  });
});
