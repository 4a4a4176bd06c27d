import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createGuardedFetch, OutboundError } from './create-guarded-fetch.js';
import type { OutboundAllowList } from './is-refused-address.js';
import { sendOutbound } from './send-outbound.js';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

/** A loopback HTTP server whose routes are plain functions; it records every request it receives. */
async function startServer(routes: Record<string, (res: ServerResponse) => void>): Promise<{ port: number; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
      const route = routes[req.url ?? ''];
      if (route === undefined) res.writeHead(404).end();
      else route(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const json = (value: unknown) => (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
const redirect = (status: number, location: string) => (res: ServerResponse) => res.writeHead(status, { location }).end();

describe('sendOutbound (the outbound address guard)', () => {
  let internal: Awaited<ReturnType<typeof startServer>>;
  let other: Awaited<ReturnType<typeof startServer>>;
  // Only the host name `localhost` is allowed: what an operator allowing one internal host writes.
  const onlyLocalhostName: OutboundAllowList = { loopback: false, networks: [], hosts: ['localhost'] };
  before(async () => {
    other = await startServer({ '/secret': json({ secret: 'other-internal' }) });
    internal = await startServer({
      '/secret': json({ secret: 'internal-only' }),
      '/to-other-literal': redirect(302, `http://127.0.0.1:${other.port}/secret`),
      '/to-metadata': redirect(302, 'http://169.254.169.254/latest/meta-data/'),
      '/to-mapped': redirect(307, `http://[::ffff:127.0.0.1]:${other.port}/secret`),
      '/to-nat64': redirect(307, `http://[64:ff9b::7f00:1]:${other.port}/secret`),
      '/to-file': redirect(302, 'file:///etc/passwd'),
      '/loop': redirect(302, '/loop'),
      '/see-other': redirect(303, '/secret'),
      '/relative': redirect(301, '/secret'),
      '/to-other-name': redirect(302, `http://localhost:${other.port}/secret`),
      '/big': (res) => res.writeHead(200).end(Buffer.alloc(64 * 1024, 'x')),
      '/chunked': (res) => {
        res.writeHead(200);
        for (let i = 0; i < 16; i += 1) res.write(Buffer.alloc(4096, 'y'));
        res.end();
      },
      '/error-page': (res) => res.writeHead(500).end(Buffer.alloc(200 * 1024, 'e')),
      '/slow': () => undefined,
    });
  });
  after(async () => {
    await internal.close();
    await other.close();
  });
  const base = (host = '127.0.0.1') => `http://${host}:${internal.port}`;

  it('refuses a loopback literal and a localhost name by default, and connects to nothing', async () => {
    for (const url of [`${base()}/secret`, `${base('localhost')}/secret`, `${base('LocalHost.')}/secret`, `http://app.localhost:${internal.port}/secret`]) {
      const result = await sendOutbound({ url, privateHttp: 'none', timeoutMs: 15_000 });
      assert.equal(result.ok ? 'sent' : result.kind, 'refused', url);
    }
    assert.equal(internal.seen.length, 0);
  });

  it('refuses every non-public address class before connecting', async () => {
    const refused = [
      '127.0.0.1', '127.255.255.254', '0.0.0.0', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1', '100.127.255.255',
      '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255', '192.0.0.8', '192.0.2.1', '198.18.0.1', '198.51.100.1', '203.0.113.1',
      '[::1]', '[::]', '[fc00::1]', '[fd12:3456::1]', '[fe80::1]', '[ff02::1]', '[fec0::1]', '[2001:db8::1]',
      '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::ffff:a00:1]', '[::127.0.0.1]', '[::7f00:1]', '[::a9fe:a9fe]', '[::ffff:0:7f00:1]',
      '[64:ff9b::127.0.0.1]', '[64:ff9b::a9fe:a9fe]', '[64:ff9b:1::1]', '[2002:7f00:1::1]', '[2001:0:4136:e378::1]',
      '2130706433', '0x7f.1', '017700000001',
    ];
    for (const host of refused) {
      const result = await sendOutbound({ url: `http://${host}:${internal.port}/secret`, privateHttp: 'none', timeoutMs: 15_000 });
      assert.equal(result.ok ? `sent to ${host}` : result.kind, 'refused', host);
    }
    assert.equal(internal.seen.length, 0);
  });

  it('reaches loopback when the policy allows it, and an allowed host name', async () => {
    const byPolicy = await sendOutbound({ url: `${base()}/secret`, privateHttp: 'loopback', timeoutMs: 15_000 });
    assert.equal(byPolicy.ok && byPolicy.body.toString(), '{"secret":"internal-only"}');
    const byName = await sendOutbound({ url: `${base('localhost')}/secret`, privateHttp: onlyLocalhostName, timeoutMs: 15_000 });
    assert.equal(byName.ok && byName.status, 200);
    const byNetwork = await sendOutbound({ url: `${base()}/secret`, privateHttp: { loopback: false, networks: ['127.0.0.0/30'], hosts: [] }, timeoutMs: 15_000 });
    assert.equal(byNetwork.ok && byNetwork.status, 200);
    // An allowed name does not allow its addresses by literal.
    const literal = await sendOutbound({ url: `${base()}/secret`, privateHttp: onlyLocalhostName, timeoutMs: 15_000 });
    assert.equal(literal.ok ? 'sent' : literal.kind, 'refused');
  });

  it('checks every redirect hop: a redirect to 127.0.0.1, metadata, mapped or NAT64 addresses is refused even when the first host is allowed', async () => {
    const before = other.seen.length;
    for (const path of ['/to-other-literal', '/to-metadata', '/to-mapped', '/to-nat64']) {
      const result = await sendOutbound({ url: `${base('localhost')}${path}`, privateHttp: onlyLocalhostName, timeoutMs: 15_000, maxRedirects: 5 });
      assert.equal(result.ok ? `followed ${path}` : result.kind, 'refused', path);
    }
    assert.equal(other.seen.length, before, 'the redirect targets were never contacted');
    const file = await sendOutbound({ url: `${base('localhost')}/to-file`, privateHttp: onlyLocalhostName, timeoutMs: 15_000, maxRedirects: 5 });
    assert.equal(file.ok ? 'followed' : file.kind, 'invalid_url');
  });

  it('returns a 3xx as the answer unless redirects are asked for, and bounds their number', async () => {
    const manual = await sendOutbound({ url: `${base()}/to-metadata`, privateHttp: 'loopback', timeoutMs: 15_000 });
    assert.equal(manual.ok && manual.status, 302);
    const followed = await sendOutbound({ url: `${base()}/relative`, privateHttp: 'loopback', timeoutMs: 15_000, maxRedirects: 2 });
    assert.equal(followed.ok && followed.body.toString(), '{"secret":"internal-only"}');
    assert.equal(followed.ok && followed.url, `${base()}/secret`);
    const loop = await sendOutbound({ url: `${base()}/loop`, privateHttp: 'loopback', timeoutMs: 15_000, maxRedirects: 3 });
    assert.equal(loop.ok ? 'followed' : loop.kind, 'redirects');
  });

  it('turns a POST into a GET on 303 and drops credentials on a cross-origin hop', async () => {
    const seeOther = await sendOutbound({ url: `${base()}/see-other`, method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' }, privateHttp: 'loopback', timeoutMs: 15_000, maxRedirects: 2 });
    assert.equal(seeOther.ok && seeOther.status, 200);
    assert.deepEqual(internal.seen.slice(-2).map((s) => s.method), ['POST', 'GET']);
    await sendOutbound({ url: `${base()}/to-other-name`, headers: { authorization: 'Bearer first-origin-only', 'x-trace': 'kept' }, privateHttp: 'loopback', timeoutMs: 15_000, maxRedirects: 2 });
    const last = other.seen.at(-1);
    assert.equal(last?.headers.authorization, undefined);
    assert.equal(last?.headers['x-trace'], 'kept');
  });

  it('streams a 2xx body into a sink with an empty result body, and cuts a body past the limit, declared or counted', async () => {
    const into = (): { sink: Writable; got: () => number } => {
      let got = 0;
      const sink = new Writable({ write: (chunk: Buffer, _e, done) => ((got += chunk.length), done()) });
      return { sink, got: () => got };
    };
    const whole = into();
    const streamed = await sendOutbound({ url: `${base()}/chunked`, privateHttp: 'loopback', timeoutMs: 15_000, maxResponseBytes: 1024 * 1024, sink: whole.sink });
    assert.deepEqual(streamed.ok && [streamed.status, streamed.body.length, streamed.truncated, whole.got()], [200, 0, false, 65536]);
    for (const path of ['/big', '/chunked']) {
      const cut = into();
      const result = await sendOutbound({ url: `${base()}${path}`, privateHttp: 'loopback', timeoutMs: 15_000, maxResponseBytes: 10_000, sink: cut.sink });
      assert.equal(result.ok && result.truncated, true, path);
      assert.equal(cut.sink.destroyed, true, path);
      assert.ok(cut.got() <= 10_000, path);
    }
    const error = into();
    const failed = await sendOutbound({ url: `${base()}/error-page`, privateHttp: 'loopback', timeoutMs: 15_000, maxResponseBytes: 1024 * 1024, sink: error.sink });
    assert.deepEqual(failed.ok && [failed.status, failed.body.length, error.got()], [500, 64 * 1024, 0], 'an error page is kept short and never reaches the sink');
  });

  it('stops reading at the size limit and gives up at the deadline', async () => {
    const big = await sendOutbound({ url: `${base()}/big`, privateHttp: 'loopback', timeoutMs: 15_000, maxResponseBytes: 1000 });
    assert.equal(big.ok && big.body.length, 1000);
    assert.equal(big.ok && big.truncated, true);
    const slow = await sendOutbound({ url: `${base()}/slow`, privateHttp: 'loopback', timeoutMs: 100 });
    assert.equal(slow.ok ? 'answered' : slow.kind, 'timeout');
    const controller = new AbortController();
    const aborted = sendOutbound({ url: `${base()}/slow`, privateHttp: 'loopback', timeoutMs: 5000, signal: controller.signal });
    controller.abort();
    const result = await aborted;
    assert.equal(result.ok ? 'answered' : result.kind, 'aborted');
  });
});

describe('createGuardedFetch', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    server = await startServer({ '/ok': json({ a: 1 }), '/big': (res) => res.writeHead(200).end(Buffer.alloc(4096)), '/away': redirect(302, 'http://10.0.0.1/') });
  });
  after(() => server.close());

  it('answers with a Response through the guard and rejects with coded OutboundErrors', async () => {
    const loopbackFetch = createGuardedFetch({ privateHttp: 'loopback', maxResponseBytes: 1024 });
    const response = await loopbackFetch(`http://127.0.0.1:${server.port}/ok`, { headers: { accept: 'application/json' } });
    assert.deepEqual(await response.json(), { a: 1 });
    await assert.rejects(createGuardedFetch({ privateHttp: 'none' })(`http://127.0.0.1:${server.port}/ok`), (e) => e instanceof OutboundError && e.code === 'ERR_OUTBOUND_REFUSED');
    await assert.rejects(loopbackFetch(`http://127.0.0.1:${server.port}/big`), (e) => e instanceof OutboundError && e.code === 'ERR_OUTBOUND_TOO_LARGE');
    await assert.rejects(loopbackFetch(`http://127.0.0.1:${server.port}/away`), (e) => e instanceof OutboundError && e.code === 'ERR_OUTBOUND_REFUSED');
    assert.equal((await loopbackFetch(`http://127.0.0.1:${server.port}/away`, { redirect: 'manual' })).status, 302);
  });
});
