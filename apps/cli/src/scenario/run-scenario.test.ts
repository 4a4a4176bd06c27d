import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseScenario } from '@flowline/core';
import { signBody } from '@flowline/protocol';
import { tempDir } from '../test-support/capture-io.js';
import { startTestEndpoint, type TestEndpoint } from '@flowline/protocol/test-endpoint';
import { runScenario } from './run-scenario.js';
import { answerOrder, ORDER_FLOW } from './test-support/order-flow.js';

const repoRoot = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();
const endpoints: TestEndpoint[] = [];
after(async () => {
  for (const e of endpoints) await e.close();
});

function scenarioOf(value: unknown) {
  const parsed = parseScenario(value);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.scenario;
}

async function withEndpoint(answer: Parameters<typeof startTestEndpoint>[0]) {
  const endpoint = await startTestEndpoint(answer);
  endpoints.push(endpoint);
  const dir = tempDir();
  writeFileSync(join(dir, 'public.pem'), endpoint.publicKeyPem);
  writeFileSync(join(dir, 'order.flow.json'), JSON.stringify(ORDER_FLOW));
  return { endpoint, dir };
}

const registration = {
  flow: 'registration.flow.json',
  steps: [
    { fill: { name: 'Ana', email: 'ana@example.com', department: 'beauty' } },
    { press: 'footer' },
    { expect: { screen: 'CONFIRM', data: { name: 'Ana' } } },
  ],
};

describe('runScenario', () => {
  it('passes the example scenario shipped in examples/', async () => {
    const { readFileSync } = await import('node:fs');
    const value: unknown = JSON.parse(readFileSync(join(repoRoot, 'examples', 'registration.scenario.json'), 'utf8'));
    const result = await runScenario(scenarioOf(value), { baseDir: join(repoRoot, 'examples') });
    assert.equal(result.passed, true, JSON.stringify(result.failure));
    assert.deepEqual(result.completed, { name: 'Ana', email: 'ana@example.com', department: 'beauty', terms: true });
  });

  it('stops at a failed expectation and names the step by index and JSON', async () => {
    const failing = { ...registration, steps: [...registration.steps, { expect: { data: { name: 'Bob' } } }, { back: true }] };
    const result = await runScenario(scenarioOf(failing), { baseDir: join(repoRoot, 'examples') });
    assert.equal(result.passed, false);
    assert.equal(result.steps, 3);
    assert.deepEqual(result.failure, {
      step: 4,
      stepJson: '{"expect":{"data":{"name":"Bob"}}}',
      message: 'expected data.name to be "Bob", got "Ana"',
    });
  });

  it('keeps the screen and reports input errors when the Footer is pressed with a required input empty', async () => {
    const s = { flow: 'registration.flow.json', steps: [{ fill: { name: 'Ana' } }, { press: 'footer' }, { expect: { screen: 'DETAILS', errors: { email: true, department: 'This field is required' } } }] };
    const result = await runScenario(scenarioOf(s), { baseDir: join(repoRoot, 'examples') });
    assert.equal(result.passed, true, JSON.stringify(result.failure));
  });

  it('fails a step that is impossible on the phone: an unknown input, a missing link, back on the first screen', async () => {
    const base = join(repoRoot, 'examples');
    const unknown = await runScenario(scenarioOf({ flow: 'registration.flow.json', steps: [{ fill: { phone: '1' } }] }), { baseDir: base });
    assert.equal(unknown.failure?.step, 1);
    assert.match(unknown.failure?.message ?? '', /phone/);
    const link = await runScenario(scenarioOf({ flow: 'registration.flow.json', steps: [{ press: 'Read more' }] }), { baseDir: base });
    assert.match(link.failure?.message ?? '', /nothing named "Read more" can be pressed on screen DETAILS/);
    const back = await runScenario(scenarioOf({ flow: 'registration.flow.json', steps: [{ back: true }] }), { baseDir: base });
    assert.equal(back.failure?.step, 1);
    assert.match(back.failure?.message ?? '', /first screen/);
  });

  it('checks visible and hidden components by name or text', async () => {
    const s = {
      flow: 'registration.flow.json',
      steps: [{ expect: { visible: ['Register for the workshop', 'email', 'Continue'], hidden: ['terms'] } }, { expect: { hidden: ['email'] } }],
    };
    const result = await runScenario(scenarioOf(s), { baseDir: join(repoRoot, 'examples') });
    assert.equal(result.failure?.step, 2);
    assert.equal(result.failure?.message, 'expected "email" to be hidden, but it is visible');
  });

  it('reports a Flow that does not exist or is not valid before running any step', async () => {
    const missing = await runScenario(scenarioOf({ flow: 'nope.json', steps: [] }), { baseDir: tempDir() });
    assert.equal(missing.failure?.message, 'cannot read the Flow nope.json');
    const invalid = await runScenario(scenarioOf({ flow: 'missing-footer.flow.json', steps: [] }), { baseDir: join(repoRoot, 'examples', 'broken') });
    assert.match(invalid.failure?.message ?? '', /the Flow is not valid: MISSING_FOOTER_ON_TERMINAL_SCREEN/);
  });

  it('drives an encrypted data endpoint: INIT, data_exchange and SUCCESS, signing with FLOWLINE_APP_SECRET', async () => {
    const { endpoint, dir } = await withEndpoint(answerOrder);
    const s = {
      flow: 'order.flow.json',
      endpoint: { url: endpoint.url, publicKey: 'public.pem' },
      flowToken: 'tok-1',
      steps: [
        { expect: { screen: 'PICK', data: { greeting: 'Hello Ana' }, visible: ['Hello Ana'] } },
        { fill: { qty: '3' } },
        { press: 'footer' },
        { expect: { screen: 'DONE', data: { total: 6 } } },
        { press: 'footer' },
        { expect: { completed: { flow_token: 'tok-1', total: 6 } } },
      ],
    };
    const result = await runScenario(scenarioOf(s), { baseDir: dir, env: { FLOWLINE_APP_SECRET: 'app-secret' } });
    assert.equal(result.passed, true, JSON.stringify(result.failure));
    assert.deepEqual(
      endpoint.received.map((r) => r.payload),
      [
        { version: '3.0', action: 'INIT', screen: '', data: {}, flow_token: 'tok-1' },
        { version: '3.0', action: 'data_exchange', screen: 'PICK', data: { qty: 3 }, flow_token: 'tok-1' },
        { version: '3.0', action: 'data_exchange', screen: 'DONE', data: { confirmed: true }, flow_token: 'tok-1' },
      ],
    );
    for (const r of endpoint.received) assert.equal(r.headers['x-hub-signature-256'], signBody(r.rawBody, 'app-secret'));
  });

  it('closes the Flow on a 427 with the endpoint message, checked by expect.error', async () => {
    const { endpoint, dir } = await withEndpoint((payload, i) => (i === 0 ? answerOrder(payload) : { status: 427, body: { error_msg: 'Token expired' } }));
    const s = {
      flow: 'order.flow.json',
      endpoint: { url: endpoint.url, publicKey: 'public.pem' },
      steps: [{ fill: { qty: '1' } }, { press: 'footer' }, { expect: { error: 427 } }, { expect: { error: 'Token expired' } }, { fill: { qty: '2' } }],
    };
    const result = await runScenario(scenarioOf(s), { baseDir: dir });
    assert.equal(result.failure?.step, 5, JSON.stringify(result.failure));
    assert.match(result.failure?.message ?? '', /completed|closed/);
  });

  it('fails clearly when the Flow needs an endpoint the scenario does not give', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'order.flow.json'), JSON.stringify(ORDER_FLOW));
    const s = { flow: 'order.flow.json', steps: [{ fill: { qty: '1' } }, { press: 'footer' }] };
    const result = await runScenario(scenarioOf(s), { baseDir: dir });
    assert.equal(result.failure?.step, 2);
    assert.match(result.failure?.message ?? '', /no endpoint is configured/);
  });
});
