import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS_DIR } from '../validator/test-support/corpus.js';
import { complete, flow, footer, navigate, screen, terminal } from '../validator/test-support/flow-fixtures.js';
import { deriveAnswerContract } from './derive-answer-contract.js';

const corpus = (file: string): unknown => JSON.parse(readFileSync(join(CORPUS_DIR, 'flows', file), 'utf8'));

describe('deriveAnswerContract', () => {
  it('derives the completion fields of a corpus Flow with global references', () => {
    const contract = deriveAnswerContract(corpus('pywa__v4_0_global_fields.json'));
    assert.equal(contract.actions.length, 1);
    assert.deepEqual(contract.completion.properties, { field1: { type: 'string' }, field2: { type: 'string' }, flow_token: { type: 'string' } });
    // field1 comes from a TextInput that is not required; field2 from data the first screen always has.
    assert.deepEqual(contract.completion.required, ['field2']);
    assert.equal(contract.completion.additionalProperties, false);
  });

  it('marks required inputs of the terminal screen as always present (corpus register Flow)', () => {
    const contract = deriveAnswerContract(corpus('pywa__v2_1_register_for_an_event.json'));
    assert.deepEqual(contract.completion.required, ['firstName', 'lastName', 'email']);
    assert.deepEqual(Object.keys(contract.completion.properties ?? {}).sort(), ['email', 'firstName', 'flow_token', 'lastName', 'source']);
  });

  it('accepts the params of an endpoint SUCCESS close for a Flow with a data endpoint (corpus)', () => {
    const contract = deriveAnswerContract(corpus('metadocs-flowjson__routing_model_endpoint_3screens.json'));
    assert.equal(contract.completion.additionalProperties, true);
    assert.deepEqual(contract.completion.required, []);
  });

  it('keeps a static Flow\'s completion closed to fields no complete payload carries', () => {
    const contract = deriveAnswerContract(corpus('pywa__v2_1_register_for_an_event.json'));
    assert.equal(contract.completion.additionalProperties, false);
  });

  it('gives data_exchange payloads per screen for endpoint Flows (corpus)', () => {
    const contract = deriveAnswerContract(corpus('treble-ai-whatsapp-flows-example__flow.json'));
    const schema = contract.dataExchange['USER_INFO'];
    assert.ok(schema !== undefined);
    assert.deepEqual(schema.properties?.['features'], { type: 'array' });
    assert.deepEqual(schema.required, ['name', 'email']);
  });

  it('keeps payload keys such as __proto__ and constructor as fields', () => {
    const source = '{"version":"7.2","screens":[{"id":"A","title":"T","terminal":true,"layout":{"type":"SingleColumnLayout","children":[' +
      '{"type":"Footer","label":"Go","on-click-action":{"name":"complete","payload":{"__proto__":"a","constructor":1}}}]}}]}';
    const contract = deriveAnswerContract(JSON.parse(source));
    const properties = contract.completion.properties ?? {};
    assert.deepEqual(Object.keys(properties).sort(), ['__proto__', 'constructor', 'flow_token']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(properties, '__proto__')?.value, { type: 'string', const: 'a' });
    assert.deepEqual(contract.completion.required, ['__proto__', 'constructor']);
  });

  it('makes fields optional when inputs sit in branches or only some terminal screens carry them', () => {
    const doc = flow([
      screen('A', [
        { type: 'TextInput', name: 'always', label: 'a', required: true },
        { type: 'If', condition: '${form.opt}', then: [{ type: 'TextInput', name: 'branch', label: 'b', required: true }], else: [{ type: 'TextBody', text: 'x' }] },
        { type: 'OptIn', name: 'opt', label: 'o' },
        { type: 'EmbeddedLink', text: 'other', 'on-click-action': navigate('C') },
        footer(navigate('B')),
      ]),
      screen('B', [footer(complete({ a: '${screen.A.form.always}', b: '${screen.A.form.branch}', n: 3, only: 'B' }))], { terminal: true }),
      screen('C', [footer(complete({ a: '${screen.A.form.always}', n: 4 }))], { terminal: true }),
    ]);
    const contract = deriveAnswerContract(doc);
    assert.deepEqual(contract.completion.required, ['a', 'n']);
    assert.deepEqual(contract.completion.properties?.['n'], { anyOf: [{ type: 'number', const: 3 }, { type: 'number', const: 4 }] });
    assert.deepEqual(contract.completion.properties?.['only'], { type: 'string', const: 'B' });
  });

  it('returns an empty contract for values that are not Flows', () => {
    for (const value of [null, 3, 'x', [], { screens: 'no' }]) {
      const contract = deriveAnswerContract(value);
      assert.deepEqual(contract.actions, []);
      assert.deepEqual(contract.completion.required, []);
    }
  });

  it('lists the complete action of a one-screen Flow', () => {
    const doc = flow([terminal('A')]);
    assert.equal(deriveAnswerContract(doc).actions.length, 1);
  });
});
