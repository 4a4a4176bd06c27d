import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSimulator, type EndpointClient, type EndpointOutcome, isJsonObject, parseScenario, validateFlow } from '@flowline/core';
import { createEndpointClient } from '@flowline/protocol';
import { tempDir } from '../test-support/capture-io.js';
import { runScenario } from '../scenario/run-scenario.js';
import { answerBookAppointment } from './answer-book-appointment.js';
import { startPeerEndpoint, type PeerEndpoint } from './start-peer-endpoint.js';

const corpus = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus');
const flowPath = join(import.meta.dirname, 'book-appointment.flow.json');
const flowText = readFileSync(flowPath, 'utf8');
const flow: unknown = JSON.parse(flowText);

interface PeerExpect {
  readonly http: number;
  readonly body?: unknown;
  readonly screen?: string;
  readonly data_includes?: Readonly<Record<string, unknown>>;
  readonly data_keys?: readonly string[];
}
interface PeerStep {
  readonly name: string;
  readonly request?: Readonly<Record<string, unknown>>;
  readonly request_raw_envelope?: string;
  readonly expect: PeerExpect;
}
// The corpus file is a fixed document; its shape is asserted by the first test.
const peerScenario = JSON.parse(readFileSync(join(corpus, 'peers', 'meta-book-appointment__endpoint_scenario.json'), 'utf8')) as { steps: PeerStep[] };
const stepNamed = (name: string): PeerStep => {
  const found = peerScenario.steps.find((s) => s.name === name);
  assert.ok(found, `the peer scenario has a step ${name}`);
  return found;
};

/** Checks a decrypted answer against one expectation of the peer scenario; returns what differs. */
function meets(expect: PeerExpect, outcome: EndpointOutcome): string[] {
  if (outcome.kind === 'error') return [`expected HTTP ${expect.http}, got ${outcome.status}: ${outcome.message}`];
  const failures: string[] = [];
  if (outcome.status !== expect.http) failures.push(`expected HTTP ${expect.http}, got ${outcome.status}`);
  const body = outcome.response;
  if (expect.body !== undefined) {
    try {
      assert.deepStrictEqual(body, expect.body);
    } catch {
      failures.push(`expected body ${JSON.stringify(expect.body)}, got ${JSON.stringify(body)}`);
    }
  }
  const data = isJsonObject(body) && isJsonObject(body['data']) ? body['data'] : {};
  if (expect.screen !== undefined && (!isJsonObject(body) || body['screen'] !== expect.screen)) failures.push(`expected screen ${expect.screen} in ${JSON.stringify(body)}`);
  for (const [key, value] of Object.entries(expect.data_includes ?? {})) {
    if (data[key] !== value) failures.push(`expected data.${key} = ${JSON.stringify(value)}, got ${JSON.stringify(data[key])}`);
  }
  for (const key of expect.data_keys ?? []) if (!(key in data)) failures.push(`expected data.${key} to be present`);
  return failures;
}

let peer: PeerEndpoint;
let publicKeyPath: string;
before(async () => {
  peer = await startPeerEndpoint({ answer: answerBookAppointment, path: '/book-appointment' });
  publicKeyPath = join(tempDir(), 'public.pem');
  writeFileSync(publicKeyPath, peer.publicKeyPem);
});
after(async () => peer.close());

/** The simulator's endpoint client, recording each request with its outcome. */
function recordingClient(): { client: EndpointClient; exchanges: { request: Readonly<Record<string, unknown>>; outcome: EndpointOutcome }[] } {
  const send = createEndpointClient({ url: peer.url, publicKeyPath, fetch });
  const exchanges: { request: Readonly<Record<string, unknown>>; outcome: EndpointOutcome }[] = [];
  return {
    exchanges,
    client: async (request) => {
      const outcome = await send(request);
      exchanges.push({ request, outcome });
      return outcome;
    },
  };
}

describe("Meta's book-appointment example as a peer", () => {
  it("the Flow equivalent to Meta's template is valid (zero errors)", () => {
    const result = validateFlow(flowText, { now: new Date('2026-01-01') });
    assert.deepEqual(result.errors, []);
    assert.equal(result.valid, true);
    assert.equal(peerScenario.steps.length, 7);
  });

  it('answers every request of the peer scenario exactly as expected, through the encrypted endpoint client', async () => {
    const send = createEndpointClient({ url: peer.url, publicKeyPath, fetch });
    let checked = 0;
    for (const step of peerScenario.steps) {
      if (step.request === undefined) continue;
      const outcome = await send(step.request);
      assert.deepEqual(meets(step.expect, outcome), [], step.name);
      checked++;
    }
    assert.equal(checked, 6);
    assert.deepEqual(peer.received.slice(-checked).map((r) => r.payload), peerScenario.steps.filter((s) => s.request).map((s) => s.request));
  });

  it('answers an envelope with an undecryptable AES key with 421 and an empty body', async () => {
    const step = stepNamed('undecryptable_aes_key');
    const envelope = { encrypted_flow_data: randomBytes(64).toString('base64'), encrypted_aes_key: randomBytes(256).toString('base64'), initial_vector: randomBytes(16).toString('base64') };
    const response = await fetch(peer.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope) });
    assert.equal(response.status, step.expect.http);
    assert.equal(await response.text(), step.expect.body);
  });

  it('stays up after an unknown screen (500, the observed crash of the original) and keeps answering', async () => {
    const send = createEndpointClient({ url: peer.url, publicKeyPath, fetch });
    const bad = await send({ version: '3.0', action: 'data_exchange', screen: 'NOPE', flow_token: 'tok', data: {} });
    assert.deepEqual(bad, { kind: 'error', status: 500, message: 'unexpected HTTP status 500' });
    assert.deepEqual(await send({ version: '3.0', action: 'ping' }), { kind: 'response', status: 200, response: { data: { status: 'active' } } });
  });

  it('answers 432 to a request without X-Hub-Signature-256 when it has an app secret, and accepts a signed one', async () => {
    const signed = await startPeerEndpoint({ answer: answerBookAppointment, appSecret: 'peer-secret' });
    try {
      const path = join(tempDir(), 'public.pem');
      writeFileSync(path, signed.publicKeyPem);
      const unsigned = await createEndpointClient({ url: signed.url, publicKeyPath: path, fetch })({ version: '3.0', action: 'ping' });
      assert.equal(unsigned.kind === 'error' ? unsigned.status : 200, 432);
      const ok = await createEndpointClient({ url: signed.url, publicKeyPath: path, fetch, appSecret: 'peer-secret' })({ version: '3.0', action: 'ping' });
      assert.deepEqual(ok, { kind: 'response', status: 200, response: { data: { status: 'active' } } });
    } finally {
      await signed.close();
    }
  });

  it('the simulator drives APPOINTMENT → DETAILS → SUMMARY → SUCCESS and every response meets the scenario', async () => {
    const { client, exchanges } = recordingClient();
    const sim = createSimulator(flow, { endpoint: client });
    const must = async (r: Promise<{ ok: boolean; message?: string }>) => assert.deepEqual(await r, { ok: true });
    await must(sim.start({ flowToken: 'tok', flowAction: 'data_exchange' }));
    assert.equal(sim.state()?.stack.at(-1), 'APPOINTMENT');
    // The location dropdown stays disabled until the department is chosen, as on the phone.
    assert.equal((await sim.dispatch({ type: 'fill', name: 'location', value: '1' })).ok, false);
    await must(sim.dispatch({ type: 'fill', name: 'department', value: 'beauty' }));
    await must(sim.dispatch({ type: 'fill', name: 'location', value: '1' }));
    await must(sim.dispatch({ type: 'fill', name: 'date', value: '2024-01-01' }));
    await must(sim.dispatch({ type: 'fill', name: 'time', value: '11:30' }));
    await must(sim.dispatch({ type: 'press', target: 'footer' }));
    assert.equal(sim.state()?.stack.at(-1), 'DETAILS');
    for (const [name, value] of Object.entries({ name: 'A', email: 'a@b.c', phone: '+44 20 7946 0000', more_details: 'x' })) {
      await must(sim.dispatch({ type: 'fill', name, value }));
    }
    await must(sim.dispatch({ type: 'press', target: 'footer' }));
    assert.equal(sim.state()?.stack.at(-1), 'SUMMARY');
    await must(sim.dispatch({ type: 'fill', name: 'privacy_policy', value: true }));
    await must(sim.dispatch({ type: 'press', target: 'footer' }));
    assert.equal(sim.state()?.status.kind, 'completed');

    const actions = exchanges.map((e) => `${String(e.request['action'])}:${String(e.request['screen'])}`);
    assert.deepEqual(actions, ['INIT:', 'data_exchange:APPOINTMENT', 'data_exchange:APPOINTMENT', 'data_exchange:APPOINTMENT', 'data_exchange:DETAILS', 'data_exchange:SUMMARY']);
    const [init, department, , , details, summary] = exchanges;
    assert.ok(init && department && details && summary);
    assert.deepEqual(department.request, stepNamed('select_department').request, 'the department choice sends the scenario request');
    assert.deepEqual(meets(stepNamed('open_flow').expect, init.outcome), []);
    assert.deepEqual(meets(stepNamed('select_department').expect, department.outcome), []);
    assert.deepEqual(meets(stepNamed('submit_details').expect, details.outcome), []);
    assert.deepEqual(meets(stepNamed('confirm_summary').expect, summary.outcome), []);
    const state = sim.state();
    assert.deepEqual(state?.status.kind === 'completed' ? state.status.payload : undefined, { flow_token: 'tok' });
  });

  it("filled with the kairon vector's answers, the simulator's SUMMARY request equals the real Flow Builder request", async () => {
    const kairon = JSON.parse(readFileSync(join(corpus, 'crypto', 'kairon_flow_request_vector.json'), 'utf8')) as { expected: { decrypted_json: { data: Record<string, string>; flow_token: string } } };
    const real = kairon.expected.decrypted_json;
    const { client, exchanges } = recordingClient();
    const sim = createSimulator(flow, { endpoint: client });
    assert.equal((await sim.start({ flowToken: real.flow_token, flowAction: 'data_exchange' })).ok, true);
    for (const name of ['department', 'location', 'date', 'time']) assert.equal((await sim.dispatch({ type: 'fill', name, value: real.data[name] })).ok, true, name);
    assert.equal((await sim.dispatch({ type: 'press', target: 'footer' })).ok, true);
    for (const name of ['name', 'email', 'phone', 'more_details']) assert.equal((await sim.dispatch({ type: 'fill', name, value: real.data[name] })).ok, true, name);
    assert.equal((await sim.dispatch({ type: 'press', target: 'footer' })).ok, true);
    assert.equal((await sim.dispatch({ type: 'fill', name: 'privacy_policy', value: true })).ok, true);
    assert.equal((await sim.dispatch({ type: 'press', target: 'footer' })).ok, true);
    assert.deepEqual(exchanges.at(-1)?.request, real);
  });

  it('the scenario runner plays the customer through the peer: disabled dropdowns, the terms screen and back, completion', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'book-appointment.flow.json'), flowText);
    writeFileSync(join(dir, 'public.pem'), peer.publicKeyPem);
    const parsed = parseScenario({
      flow: 'book-appointment.flow.json',
      endpoint: { url: peer.url, publicKey: 'public.pem' },
      flowToken: 'tok',
      steps: [
        { expect: { screen: 'APPOINTMENT', data: { is_location_enabled: false, is_date_enabled: false }, visible: ['department', 'location'] } },
        { fill: { department: 'home' } },
        { expect: { data: { is_location_enabled: true, is_date_enabled: false }, form: { department: 'home' } } },
        { fill: { location: '3', date: '2024-01-03', time: '10:30' } },
        { press: 'footer' },
        { expect: { screen: 'DETAILS', data: { department: 'home', location: '3', date: '2024-01-03', time: '10:30' } } },
        { fill: { name: 'Ana', email: 'not-an-email', phone: '+351 912 345 678' } },
        { press: 'footer' },
        { expect: { screen: 'DETAILS', errors: { email: true } } },
        { fill: { email: 'ana@example.com' } },
        { press: 'footer' },
        { expect: { screen: 'SUMMARY', data: { appointment: 'Home Goods & Decor at Covent Garden, London\nWed Jan 03 2024 at 10:30' }, visible: ['Confirm Appointment'] } },
        { press: 'I agree to the terms' },
        { expect: { screen: 'TERMS', visible: ['Our Terms'] } },
        { back: true },
        { fill: { privacy_policy: true } },
        { press: 'footer' },
        { expect: { completed: { flow_token: 'tok' } } },
      ],
    });
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const result = await runScenario(parsed.scenario, { baseDir: dir });
    assert.equal(result.passed, true, `${JSON.stringify(result.failure)}\n${result.transcript.join('\n')}`);
  });
});
