import assert from 'node:assert/strict';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSimulator, type EndpointClient, type EndpointOutcome } from '@flowline/core';
import { createEndpointClient, decryptRequest, encryptResponse, loadPrivateKey } from '@flowline/protocol';
import { tempDir } from '../test-support/capture-io.js';
import { answerBookAppointment } from './answer-book-appointment.js';

const cryptoDir = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'crypto');
const read = (name: string): string => readFileSync(join(cryptoDir, name), 'utf8');

interface Envelope {
  readonly encrypted_flow_data: string;
  readonly encrypted_aes_key: string;
  readonly initial_vector: string;
}
// Fixed corpus documents; the fields used are asserted below.
const kairon = JSON.parse(read('kairon_flow_request_vector.json')) as {
  request_envelope: Envelope;
  expected: { aes_key_hex: string; iv_hex: string; decrypted_json: { data: Record<string, string>; flow_token: string } };
  derived_response_vectors: { plaintext: string; base64_body: string }[];
};
const pywa = JSON.parse(read('pywa_flow_request_vector.json')) as {
  request_envelope: Envelope;
  expected: { aes_key_hex: string; iv_hex: string; decrypted_json: unknown; decrypted_plaintext_utf8: string };
  response_vector: { response_object: unknown; expected_base64_body: string };
};
const flow: unknown = JSON.parse(readFileSync(join(import.meta.dirname, 'book-appointment.flow.json'), 'utf8'));

/** Randomness that yields the vector's AES key, then its IV, for every request (as the vector's client drew them). */
function vectorRandom(keyHex: string, ivHex: string): (size: number) => Buffer {
  let calls = 0;
  return (size) => {
    assert.equal(size, 16);
    return Buffer.from(calls++ % 2 === 0 ? keyHex : ivHex, 'hex');
  };
}

interface Sent {
  readonly envelope: Envelope;
  readonly payload: unknown;
  readonly answer: string;
}

/**
 * An outbound HTTP sink standing in for the endpoint (a port we own): it decrypts with the
 * vector's private key and answers with `answer(payload)` (a serialized or encrypted body).
 */
function vectorClient(privateKey: KeyObject, keyHex: string, ivHex: string, answer: (payload: unknown, aesKey: Buffer, iv: Buffer) => string) {
  const sent: Sent[] = [];
  const publicKeyPath = join(tempDir(), 'public.pem');
  writeFileSync(publicKeyPath, createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString());
  const sink: typeof fetch = async (_url, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const envelope = JSON.parse(body) as Envelope;
    const decrypted = decryptRequest(body, privateKey);
    const out = answer(decrypted.payload, decrypted.aesKey, decrypted.iv);
    sent.push({ envelope, payload: decrypted.payload, answer: out });
    return new Response(out, { status: 200 });
  };
  const outcomes: EndpointOutcome[] = [];
  const send = createEndpointClient({ url: 'http://peer.invalid/endpoint', publicKeyPath, fetch: sink, random: vectorRandom(keyHex, ivHex) });
  const client: EndpointClient = async (p) => {
    const outcome = await send(p);
    outcomes.push(outcome);
    return outcome;
  };
  return { client, sent, outcomes };
}

describe('crypto vectors through the simulator path', () => {
  it("the simulator's INIT request is pywa's INIT plaintext, and with pywa's key and IV its ciphertext is pywa's", async () => {
    const privateKey = loadPrivateKey(read('pywa_flow_private_key_pkcs8_encrypted.pem'), 'pywa');
    const { client, sent, outcomes } = vectorClient(privateKey, pywa.expected.aes_key_hex, pywa.expected.iv_hex, () => pywa.response_vector.expected_base64_body);
    const sim = createSimulator(flow, { endpoint: client });
    await sim.start({ flowToken: 'my_flow_token', flowAction: 'data_exchange' });
    const init = sent[0];
    assert.ok(init);
    assert.deepEqual(init.payload, pywa.expected.decrypted_json);
    assert.equal(JSON.stringify(init.payload), pywa.expected.decrypted_plaintext_utf8, 'same bytes, same key order');
    assert.equal(init.envelope.encrypted_flow_data, pywa.request_envelope.encrypted_flow_data);
    assert.equal(init.envelope.initial_vector, pywa.request_envelope.initial_vector);
    // pywa's encrypted response (Python spacing) decrypts to its response object on our client.
    assert.deepEqual(outcomes[0], { kind: 'response', status: 200, response: pywa.response_vector.response_object });
  });

  it("decrypts kairon's real Flow Builder request, and the simulator re-creates it byte for byte on the book-appointment Flow", async () => {
    const privateKey = loadPrivateKey(read('kairon_flow_request_private_key.pem'));
    const real = decryptRequest(kairon.request_envelope, privateKey);
    assert.deepEqual(real.payload, kairon.expected.decrypted_json);
    const values = kairon.expected.decrypted_json.data;
    const { client, sent, outcomes } = vectorClient(privateKey, kairon.expected.aes_key_hex, kairon.expected.iv_hex, (payload, aesKey, iv) =>
      encryptResponse(answerBookAppointment(payload).body, aesKey, iv),
    );
    const sim = createSimulator(flow, { endpoint: client });
    const ok = async (r: Promise<{ ok: boolean }>) => assert.equal((await r).ok, true);
    await ok(sim.start({ flowToken: kairon.expected.decrypted_json.flow_token, flowAction: 'data_exchange' }));
    for (const name of ['department', 'location', 'date', 'time']) await ok(sim.dispatch({ type: 'fill', name, value: values[name] }));
    await ok(sim.dispatch({ type: 'press', target: 'footer' }));
    for (const name of ['name', 'email', 'phone', 'more_details']) await ok(sim.dispatch({ type: 'fill', name, value: values[name] }));
    await ok(sim.dispatch({ type: 'press', target: 'footer' }));
    await ok(sim.dispatch({ type: 'fill', name: 'privacy_policy', value: true }));
    await ok(sim.dispatch({ type: 'press', target: 'footer' }));

    const summary = sent.at(-1);
    assert.ok(summary);
    assert.equal(summary.envelope.encrypted_flow_data, kairon.request_envelope.encrypted_flow_data);
    assert.equal(summary.envelope.initial_vector, kairon.request_envelope.initial_vector);
    // The RSA-OAEP wrapping is randomised, so compare what it wraps: the vector's AES key.
    assert.equal(decryptRequest(summary.envelope, privateKey).aesKey.toString('hex'), kairon.expected.aes_key_hex);
    // The peer's SUCCESS answer, encrypted with the flipped IV, is the derived response vector.
    const success = kairon.derived_response_vectors[0];
    assert.ok(success);
    assert.equal(summary.answer, success.base64_body);
    assert.deepEqual(outcomes.at(-1), { kind: 'response', status: 200, response: JSON.parse(success.plaintext) });
    assert.equal(sim.state()?.status.kind, 'completed');
  });

  it("the endpoint client decrypts kairon's derived health-check response", async () => {
    const privateKey = loadPrivateKey(read('kairon_flow_request_private_key.pem'));
    const ping = kairon.derived_response_vectors[1];
    assert.ok(ping);
    const { client } = vectorClient(privateKey, kairon.expected.aes_key_hex, kairon.expected.iv_hex, () => ping.base64_body);
    assert.deepEqual(await client({ version: '3.0', action: 'ping' }), { kind: 'response', status: 200, response: { data: { status: 'active' } } });
  });
});
