import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { graphPostOverFetch, guardedGraphPost } from './graph-post.js';

describe('the ways the Cloud API client posts to Meta', () => {
  let server: Server;
  let base = '';
  const seen: { headers: Record<string, unknown>; body: string }[] = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        if (req.url === '/slow') return; // never answers: the deadline must end the call
        res.writeHead(req.url === '/refuse' ? 400 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ echo: body.length }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  // Two clients per way: a generous deadline where an answer comes (a loaded CI machine can take more than
  // a few hundred milliseconds to open a connection), a short one where none ever will.
  const ways = [
    ['guarded', guardedGraphPost({ privateHttp: 'loopback', timeoutMs: 15_000 }), guardedGraphPost({ privateHttp: 'loopback', timeoutMs: 300 })],
    ['over fetch', graphPostOverFetch(fetch, 15_000), graphPostOverFetch(fetch, 300)],
  ] as const;
  for (const [name, post, impatientPost] of ways) {
    test(`${name}: sends the headers and body, and answers with Meta's status and text, errors included`, async () => {
      const ok = await post(`${base}/ok`, { headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"a":1}' });
      assert.deepEqual(ok, { status: 200, text: '{"echo":7}' });
      assert.equal(seen.at(-1)?.headers['authorization'], 'Bearer t');
      assert.equal(seen.at(-1)?.body, '{"a":1}');
      const refused = await post(`${base}/refuse`, { headers: {}, body: '{}' });
      assert.equal(refused.status, 400);
    });

    test(`${name}: a call that gets no answer in time rejects with a TimeoutError`, async () => {
      await assert.rejects(impatientPost(`${base}/slow`, { headers: {}, body: '{}' }), (error: Error) => error.name === 'TimeoutError');
    });
  }

  test('guarded: a private address is refused before anything is sent when the policy allows none', async () => {
    const before = seen.length;
    const post = guardedGraphPost({ privateHttp: 'none', timeoutMs: 300 });
    await assert.rejects(post(`${base}/ok`, { headers: {}, body: '{}' }), (error: Error) => error.name === 'OutboundError');
    assert.equal(seen.length, before);
  });
});
