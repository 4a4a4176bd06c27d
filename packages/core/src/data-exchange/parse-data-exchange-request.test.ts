import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_EXCHANGE_LIMITS } from './data-exchange-limits.js';
import { isErrorNotification, type DataExchangeRequest } from './data-exchange-request.js';
import { parseDataExchangeRequest } from './parse-data-exchange-request.js';

const corpus = path.join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus');

function readJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(path.join(corpus, ...parts), 'utf8')) as T;
}

interface ScenarioStep {
  name: string;
  request?: unknown;
}
const scenario = readJson<{ steps: ScenarioStep[] }>('peers', 'meta-book-appointment__endpoint_scenario.json');

/** Parses and expects a request. */
function parsed(payload: unknown): DataExchangeRequest {
  const result = parseDataExchangeRequest(payload);
  assert.ok(result.ok, result.ok ? '' : `${result.code}: ${result.message}`);
  return result.request;
}

/** The action of a request of Meta's scenario, or `error_notification` for one. */
function kindOf(step: string): string {
  const request = parsed(scenario.steps.find((s) => s.name === step)?.request);
  return request.action !== 'ping' && isErrorNotification(request) ? 'error_notification' : request.action;
}

describe('parseDataExchangeRequest', () => {
  it('classifies every request of Meta\'s book-appointment scenario', () => {
    assert.equal(kindOf('health_check'), 'ping');
    assert.equal(kindOf('open_flow'), 'INIT');
    assert.equal(kindOf('select_department'), 'data_exchange');
    assert.equal(kindOf('confirm_summary'), 'data_exchange');
    assert.equal(kindOf('client_error_notification'), 'error_notification');
  });

  it('parses the real kairon data_exchange request', () => {
    const request = parsed(readJson<{ expected: { decrypted_json: unknown } }>('crypto', 'kairon_flow_request_vector.json').expected.decrypted_json);
    assert.ok(request.action === 'data_exchange');
    assert.equal(request.screen, 'SUMMARY');
    assert.equal(request.flow_token, 'flows-builder-f174c96d');
    assert.equal(request.data['department'], 'home');
    assert.equal(request.version, '3.0');
  });

  it('parses pywa\'s INIT with an empty screen as an INIT without screen', () => {
    const request = parsed(readJson<{ expected: { decrypted_json: unknown } }>('crypto', 'pywa_flow_request_vector.json').expected.decrypted_json);
    assert.deepEqual(request, { version: '3.0', action: 'INIT', screen: undefined, data: {}, flow_token: 'my_flow_token', flow_token_signature: undefined });
  });

  it('reads a ping as version and action alone', () => {
    assert.deepEqual(parsed({ version: '3.0', action: 'ping', flow_token: 'x', data: { a: 1 } }), { version: '3.0', action: 'ping' });
  });

  it('defaults missing (or null) data to an empty object', () => {
    assert.deepEqual(parsed({ version: '3.0', action: 'BACK', flow_token: 't', screen: 'B' }), { version: '3.0', action: 'BACK', screen: 'B', data: {}, flow_token: 't', flow_token_signature: undefined });
    assert.deepEqual(parsed({ version: '3.0', action: 'BACK', flow_token: 't', data: null }), { version: '3.0', action: 'BACK', screen: undefined, data: {}, flow_token: 't', flow_token_signature: undefined });
  });

  it('carries the Data API 4.0 flow_token_signature', () => {
    const request = parsed({ version: '4.0', action: 'data_exchange', screen: 'A', flow_token: 't', flow_token_signature: 'a.b.c', data: {} });
    assert.equal(request.action !== 'ping' && request.flow_token_signature, 'a.b.c');
  });

  it('reads the error key and message of an error notification', () => {
    const request = parsed({ version: '3.0', action: 'INIT', flow_token: 't', data: { error: 'payload-schema-error', error_message: 'bad' } });
    assert.ok(request.action !== 'ping' && isErrorNotification(request));
    assert.equal(request.action, 'INIT');
    assert.equal(request.data.error, 'payload-schema-error');
    assert.equal(request.data.error_message, 'bad');
  });

  it('takes a data.error that is not a string for data, not a notification', () => {
    const request = parsed({ version: '3.0', action: 'INIT', flow_token: 't', data: { error: 5 } });
    assert.equal(request.action !== 'ping' && isErrorNotification(request), false);
  });

  // What the data endpoint has always served: the version is not checked beyond being a string, and a
  // data_exchange without a screen reaches the Flow's fallback (a 200 the client renders) rather than a 400.
  it('accepts an empty version and a data_exchange without screen', () => {
    assert.equal(parsed({ version: '', action: 'INIT', flow_token: 't' }).version, '');
    const request = parsed({ version: '3.0', action: 'data_exchange', flow_token: 't', data: {} });
    assert.equal(request.action !== 'ping' && request.screen, undefined);
  });

  const malformed: [string, unknown, string][] = [
    ['a non-object payload', 'ping', 'payload must be a JSON object'],
    ['an array payload', [], 'payload must be a JSON object'],
    ['a missing version', { action: 'ping' }, 'version must be a string'],
    ['an unknown action', { version: '3.0', action: 'navigate', flow_token: 't' }, 'action must be ping, INIT, BACK or data_exchange'],
    ['a missing action', { version: '3.0', flow_token: 't' }, 'action must be ping, INIT, BACK or data_exchange'],
    ['a missing flow_token', { version: '3.0', action: 'INIT' }, 'flow_token is required'],
    ['an empty flow_token', { version: '3.0', action: 'INIT', flow_token: '' }, 'flow_token is required'],
    ['a numeric flow_token', { version: '3.0', action: 'INIT', flow_token: 5 }, 'flow_token must be a string'],
    ['a numeric flow_token on a ping', { version: '3.0', action: 'ping', flow_token: 5 }, 'flow_token must be a string'],
    ['data that is an array', { version: '3.0', action: 'INIT', flow_token: 't', data: [] }, 'data must be an object'],
    ['a numeric screen', { version: '3.0', action: 'data_exchange', flow_token: 't', screen: 1 }, 'screen must be a string'],
  ];
  for (const [name, payload, message] of malformed) {
    it(`refuses ${name} with ERR_REQUEST_MALFORMED`, () => {
      assert.deepEqual(parseDataExchangeRequest(payload), { ok: false, code: 'ERR_REQUEST_MALFORMED', message });
    });
  }

  // A flow_token_signature that is not a string was refused by the protocol's parser; the endpoint ignores it
  // (a 4.0 Flow then finds no signature and answers 427), as it always has.
  it('reads a flow_token_signature that is not a string as absent', () => {
    const request = parsed({ version: '4.0', action: 'INIT', flow_token: 't', flow_token_signature: {} });
    assert.equal(request.action !== 'ping' && request.flow_token_signature, undefined);
  });

  const tooLarge: [string, Record<string, unknown>, string][] = [
    ['version', { version: '3'.repeat(DATA_EXCHANGE_LIMITS.versionLength + 1), action: 'ping' }, 'version exceeds 16 characters'],
    ['screen', { version: '3.0', action: 'ping', screen: 'S'.repeat(DATA_EXCHANGE_LIMITS.screenLength + 1) }, 'screen exceeds 128 characters'],
    ['flow_token', { version: '3.0', action: 'INIT', flow_token: 't'.repeat(DATA_EXCHANGE_LIMITS.flowTokenLength + 1) }, 'flow_token exceeds 1024 characters'],
    ['flow_token_signature', { version: '3.0', action: 'INIT', flow_token: 't', flow_token_signature: 'j'.repeat(DATA_EXCHANGE_LIMITS.flowTokenSignatureLength + 1) }, 'flow_token_signature exceeds 4096 characters'],
    ['data.error', { version: '3.0', action: 'INIT', flow_token: 't', data: { error: 'E'.repeat(DATA_EXCHANGE_LIMITS.clientErrorLength + 1) } }, 'data.error exceeds 128 characters'],
  ];
  for (const [name, payload, message] of tooLarge) {
    it(`refuses a ${name} over its limit with ERR_FIELD_TOO_LARGE`, () => {
      assert.deepEqual(parseDataExchangeRequest(payload), { ok: false, code: 'ERR_FIELD_TOO_LARGE', message });
    });
  }

  it('names a malformed field before a long one, and the version first among long ones', () => {
    assert.deepEqual(parseDataExchangeRequest({ version: '3'.repeat(17), action: 'INIT', flow_token: 5 }), { ok: false, code: 'ERR_REQUEST_MALFORMED', message: 'flow_token must be a string' });
    const result = parseDataExchangeRequest({ version: '3'.repeat(17), action: 'INIT', screen: 'S'.repeat(200), flow_token: 't'.repeat(2000) });
    assert.deepEqual(result, { ok: false, code: 'ERR_FIELD_TOO_LARGE', message: 'version exceeds 16 characters' });
  });

  it('serves every field at its limit', () => {
    const request = parsed({
      version: '3'.repeat(DATA_EXCHANGE_LIMITS.versionLength),
      action: 'data_exchange',
      screen: 'S'.repeat(DATA_EXCHANGE_LIMITS.screenLength),
      flow_token: 't'.repeat(DATA_EXCHANGE_LIMITS.flowTokenLength),
      flow_token_signature: 'j'.repeat(DATA_EXCHANGE_LIMITS.flowTokenSignatureLength),
      data: { error: 'E'.repeat(DATA_EXCHANGE_LIMITS.clientErrorLength) },
    });
    assert.equal(request.action, 'data_exchange');
  });
});
