import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createEndpointClient } from './create-endpoint-client.js';
import { generateTestKeys, startTestEndpoint, type TestEndpoint } from './test-support/start-test-endpoint.js';

const endpoints: TestEndpoint[] = [];
after(async () => {
  for (const e of endpoints) await e.close();
});

async function setUp(answer: Parameters<typeof startTestEndpoint>[0], keyPem?: string) {
  const endpoint = await startTestEndpoint(answer);
  endpoints.push(endpoint);
  const publicKeyPath = join(mkdtempSync(join(tmpdir(), 'flowline-protocol-')), 'public.pem');
  writeFileSync(publicKeyPath, keyPem ?? endpoint.publicKeyPem);
  return { endpoint, publicKeyPath };
}

describe('createEndpointClient', () => {
  it('encrypts the request as WhatsApp does and decrypts the response', async () => {
    const { endpoint, publicKeyPath } = await setUp(() => ({ body: { screen: 'NEXT', data: { ok: true } } }));
    const send = createEndpointClient({ url: endpoint.url, publicKeyPath, fetch });
    const request = { version: '3.0', action: 'INIT', screen: '', data: {}, flow_token: 't' };
    const outcome = await send(request);
    assert.deepEqual(outcome, { kind: 'response', status: 200, response: { screen: 'NEXT', data: { ok: true } } });
    assert.deepEqual(endpoint.received[0]?.payload, request);
    assert.equal(endpoint.received[0]?.headers['x-hub-signature-256'], undefined);
  });

  it('takes the key from the host instead of a file, read before each request', async () => {
    const { endpoint } = await setUp(() => ({ body: { data: { acknowledged: true } } }));
    let reads = 0;
    const send = createEndpointClient({ url: endpoint.url, publicKeyPem: () => (reads++, endpoint.publicKeyPem), fetch });
    assert.equal((await send({ action: 'ping' })).kind, 'response');
    assert.equal((await send({ action: 'ping' })).kind, 'response');
    assert.equal(reads, 2);
    const broken = createEndpointClient({ url: endpoint.url, publicKeyPem: () => 'not a key', fetch });
    const outcome = await broken({ action: 'ping' });
    assert.equal(outcome.kind === 'error' ? outcome.status : 0, 421);
    assert.match(outcome.kind === 'error' ? outcome.message : '', /cannot encrypt with \(the endpoint's public key\)/);
  });

  it('signs the raw body with X-Hub-Signature-256 when given an app secret', async () => {
    const { endpoint, publicKeyPath } = await setUp(() => ({ body: { data: { status: 'active' } } }));
    const send = createEndpointClient({ url: endpoint.url, publicKeyPath, fetch, appSecret: 's3cret' });
    await send({ version: '3.0', action: 'ping' });
    const got = endpoint.received[0];
    assert.ok(got);
    assert.equal(got.headers['x-hub-signature-256'], `sha256=${createHmac('sha256', 's3cret').update(got.rawBody).digest('hex')}`);
  });

  it('marks every request as a simulation with the simulation key of the app secret (or of none)', async () => {
    const { endpoint, publicKeyPath } = await setUp(() => ({ body: { data: { status: 'active' } } }));
    await createEndpointClient({ url: endpoint.url, publicKeyPath, fetch, appSecret: 's3cret' })({ version: '3.0', action: 'ping' });
    await createEndpointClient({ url: endpoint.url, publicKeyPath, fetch })({ version: '3.0', action: 'ping' });
    assert.equal(endpoint.received[0]?.headers['x-flowline-preview'], createHmac('sha256', 's3cret').update('flowline-simulation').digest('base64url'));
    assert.equal(endpoint.received[1]?.headers['x-flowline-preview'], createHmac('sha256', '').update('flowline-simulation').digest('base64url'));
  });

  it('retries a 421 with the key re-read from disk, as the client re-fetches it', async () => {
    const wrong = generateTestKeys().publicKeyPem;
    const { endpoint, publicKeyPath } = await setUp(() => ({ body: { data: { acknowledged: true } } }), wrong);
    const send = createEndpointClient({ url: endpoint.url, publicKeyPath, fetch, retryDelayMs: 1 });
    const failed = await send({ action: 'ping' });
    assert.deepEqual(failed.kind === 'error' ? failed.status : 'ok', 421);
    writeFileSync(publicKeyPath, endpoint.publicKeyPem);
    const ok = await send({ action: 'ping' });
    assert.equal(ok.kind, 'response');
  });

  it('reports a 427 with the error_msg of an encrypted or a plain body', async () => {
    const { endpoint, publicKeyPath } = await setUp((_p, i) =>
      i === 0 ? { status: 427, body: { error_msg: 'Expired, ask again' } } : { status: 427, plain: true, body: { error_msg: 'Plain' } },
    );
    const send = createEndpointClient({ url: endpoint.url, publicKeyPath, fetch });
    assert.deepEqual(await send({ action: 'INIT' }), { kind: 'error', status: 427, message: 'Expired, ask again' });
    assert.deepEqual(await send({ action: 'INIT' }), { kind: 'error', status: 427, message: 'Plain' });
  });

  it('reports 432 and other statuses, and a refused connection, as errors', async () => {
    const { endpoint, publicKeyPath } = await setUp((_p, i) => ({ status: i === 0 ? 432 : 500 }));
    const send = createEndpointClient({ url: endpoint.url, publicKeyPath, fetch });
    assert.equal((await send({ action: 'INIT' })).kind === 'error' ? 432 : 0, 432);
    const other = await send({ action: 'INIT' });
    assert.deepEqual(other, { kind: 'error', status: 500, message: 'unexpected HTTP status 500' });
    const refused = createEndpointClient({ url: 'http://127.0.0.1:9/x', publicKeyPath, fetch });
    const outcome = await refused({ action: 'INIT' });
    assert.equal(outcome.kind === 'error' ? outcome.status : 0, 'timeout');
  });
});
