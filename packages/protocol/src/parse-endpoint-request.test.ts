import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEndpointRequest, type EndpointRequest } from './parse-endpoint-request.js';
import { isProtocolError } from './protocol-error.js';
import { CRYPTO_CORPUS_DIR, kairon, pywa } from './test-support/crypto-corpus.js';

interface ScenarioStep {
  name: string;
  request?: unknown;
}
const scenario = JSON.parse(
  readFileSync(path.join(CRYPTO_CORPUS_DIR, '..', 'peers', 'meta-book-appointment__endpoint_scenario.json'), 'utf8'),
) as { steps: ScenarioStep[] };

function kindOf(step: string): EndpointRequest['kind'] {
  const request = scenario.steps.find((s) => s.name === step)?.request;
  return parseEndpointRequest(request).kind;
}

describe('parseEndpointRequest', () => {
  it('classifies every request of Meta\'s book-appointment scenario', () => {
    assert.equal(kindOf('health_check'), 'ping');
    assert.equal(kindOf('open_flow'), 'INIT');
    assert.equal(kindOf('select_department'), 'data_exchange');
    assert.equal(kindOf('confirm_summary'), 'data_exchange');
    assert.equal(kindOf('client_error_notification'), 'error_notification');
  });

  it('parses the real kairon data_exchange request', () => {
    const request = parseEndpointRequest(kairon().vector.expected.decrypted_json);
    assert.equal(request.kind, 'data_exchange');
    if (request.kind !== 'data_exchange') return;
    assert.equal(request.screen, 'SUMMARY');
    assert.equal(request.flowToken, 'flows-builder-f174c96d');
    assert.equal(request.data['department'], 'home');
    assert.equal(request.version, '3.0');
  });

  it('parses pywa\'s INIT with an empty screen as an INIT without screen', () => {
    const request = parseEndpointRequest(pywa().vector.expected.decrypted_json);
    assert.deepEqual(request, { kind: 'INIT', action: 'INIT', version: '3.0', flowToken: 'my_flow_token', data: {} });
  });

  it('defaults missing data to an empty object', () => {
    const request = parseEndpointRequest({ version: '3.0', action: 'BACK', flow_token: 't', screen: 'B' });
    assert.deepEqual(request, { kind: 'BACK', action: 'BACK', version: '3.0', flowToken: 't', screen: 'B', data: {} });
  });

  it('carries the Data API 4.0 flow_token_signature', () => {
    const request = parseEndpointRequest({ version: '4.0', action: 'data_exchange', screen: 'A', flow_token: 't', flow_token_signature: 'a.b.c', data: {} });
    assert.equal(request.kind === 'data_exchange' && request.flowTokenSignature, 'a.b.c');
  });

  it('reads the error key and message of an error notification', () => {
    const request = parseEndpointRequest({ version: '3.0', action: 'INIT', flow_token: 't', data: { error: 'payload-schema-error', error_message: 'bad' } });
    assert.equal(request.kind, 'error_notification');
    if (request.kind !== 'error_notification') return;
    assert.equal(request.action, 'INIT');
    assert.equal(request.error, 'payload-schema-error');
    assert.equal(request.errorMessage, 'bad');
  });

  const malformed: [string, unknown][] = [
    ['a non-object payload', 'ping'],
    ['a missing version', { action: 'ping' }],
    ['an unknown action', { version: '3.0', action: 'navigate', flow_token: 't' }],
    ['a missing action', { version: '3.0', flow_token: 't' }],
    ['a missing flow_token', { version: '3.0', action: 'INIT' }],
    ['a numeric flow_token', { version: '3.0', action: 'INIT', flow_token: 5 }],
    ['data that is an array', { version: '3.0', action: 'INIT', flow_token: 't', data: [] }],
    ['a data_exchange without screen', { version: '3.0', action: 'data_exchange', flow_token: 't', data: {} }],
    ['a numeric screen', { version: '3.0', action: 'data_exchange', flow_token: 't', screen: 1 }],
    ['a non-string flow_token_signature', { version: '4.0', action: 'INIT', flow_token: 't', flow_token_signature: {} }],
  ];
  for (const [name, payload] of malformed) {
    it(`rejects ${name} with ERR_REQUEST_MALFORMED (400)`, () => {
      assert.throws(() => parseEndpointRequest(payload), (e) => isProtocolError(e, 'ERR_REQUEST_MALFORMED') && e.status === 400);
    });
  }
});
