import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endpointConfigField, parseEndpointText, toEndpointCheck } from './endpoint-draft.js';

test('the endpoint text: empty is none, an object is a configuration, anything else says why not', () => {
  assert.deepEqual(parseEndpointText('  '), { ok: true, draft: { kind: 'none' } });
  assert.deepEqual(parseEndpointText('{"INIT":{"screen":"A"}}'), { ok: true, draft: { kind: 'config', config: { INIT: { screen: 'A' } } } });
  assert.deepEqual(parseEndpointText('[1]'), { ok: false, message: 'the endpoint configuration must be a JSON object' });
  const broken = parseEndpointText('{"INIT":');
  assert.equal(broken.ok, false);
});

test('a saved version keeps the endpoint unless the panel changed it', () => {
  assert.deepEqual(endpointConfigField({ kind: 'unchanged' }), {});
  assert.deepEqual(endpointConfigField({ kind: 'none' }), { endpointConfig: null });
  assert.deepEqual(endpointConfigField({ kind: 'config', config: { INIT: {} } }), { endpointConfig: { INIT: {} } });
});

test('reads the check answer and refuses other shapes', () => {
  const check = toEndpointCheck({ need: 'x', hasEndpointConfig: false, publishable: false, problems: [{ code: 'ENDPOINT_NO_HANDLER', severity: 'error', message: 'm', pointer: '/data_exchange' }] });
  assert.equal(check?.problems[0]?.code, 'ENDPOINT_NO_HANDLER');
  assert.equal(toEndpointCheck({ problems: 'no' }), undefined);
});
