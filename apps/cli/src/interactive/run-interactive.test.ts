import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../main.js';
import { answerOrder, ORDER_FLOW } from '../scenario/test-support/order-flow.js';
import { captureIo, tempDir } from '../test-support/capture-io.js';
import { startTestEndpoint, type TestEndpoint } from '../test-support/start-test-endpoint.js';

const endpoints: TestEndpoint[] = [];
after(async () => {
  for (const e of endpoints) await e.close();
});

describe('interactive simulate with a data endpoint', () => {
  it('starts with INIT, shows the endpoint data, and completes through SUCCESS', async () => {
    const endpoint = await startTestEndpoint(answerOrder);
    endpoints.push(endpoint);
    const dir = tempDir();
    writeFileSync(join(dir, 'public.pem'), endpoint.publicKeyPem);
    writeFileSync(join(dir, 'order.flow.json'), JSON.stringify(ORDER_FLOW));
    const io = captureIo({ cwd: dir, stdin: 'qty = 3\npress footer\npress footer\n' });
    const code = await main(['simulate', 'order.flow.json', '--endpoint', endpoint.url, '--public-key', 'public.pem', '--flow-token', 't-9'], io);
    assert.equal(code, 0, io.out());
    const out = io.out();
    assert.match(out, /· request \{"version":"3\.0","action":"INIT","screen":"","data":\{\},"flow_token":"t-9"\}/);
    assert.match(out, /Hello Ana/);
    assert.match(out, /Total 6/);
    assert.match(out, /"total": 6/);
    assert.equal(endpoint.received.length, 3);
  });

  it('exits 2 when only one of --endpoint and --public-key is given', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'order.flow.json'), JSON.stringify(ORDER_FLOW));
    const io = captureIo({ cwd: dir });
    assert.equal(await main(['simulate', 'order.flow.json', '--endpoint', 'http://127.0.0.1:1/x'], io), 2);
    assert.match(io.err(), /--endpoint and --public-key go together/);
  });
});
