import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSink } from '../test-support/start-sink.js';
import { postJson } from './post-json.js';

describe('postJson', () => {
  let sink: Awaited<ReturnType<typeof startSink>>;
  before(async () => {
    sink = await startSink();
  });
  after(() => sink.close());

  it('refuses a loopback URL unless the policy allows loopback', async () => {
    const refused = await postJson(sink.url, '{}', { timeoutMs: 15_000, privateHttp: 'none' });
    assert.deepEqual(refused.ok ? 'sent' : refused.kind, 'refused');
    const allowed = await postJson(sink.url, '{"a":1}', { timeoutMs: 15_000, privateHttp: 'loopback' });
    assert.equal(allowed.ok && allowed.status, 200);
    assert.equal(sink.requests.at(-1)?.body, '{"a":1}');
  });

  it('checks the addresses a host name resolves to, not only IP literals', async () => {
    const refused = await postJson(sink.url.replace('127.0.0.1', 'localhost'), '{}', { timeoutMs: 15_000, privateHttp: 'none' });
    assert.equal(refused.ok ? 'sent' : refused.kind, 'refused');
  });

  it('refuses other protocols and unparsable URLs without throwing', async () => {
    for (const url of ['ftp://example.com/x', 'not a url']) {
      const r = await postJson(url, '{}', { timeoutMs: 1000, privateHttp: 'all' });
      assert.equal(r.ok ? 'sent' : r.kind, 'invalid_url');
    }
  });

  it('gives up after the timeout', async () => {
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const r = await postJson(`http://127.0.0.1:${port}/`, '{}', { timeoutMs: 100, privateHttp: 'loopback' });
    assert.equal(r.ok ? 'sent' : r.kind, 'timeout');
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});
