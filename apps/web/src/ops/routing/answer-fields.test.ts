import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toAnswerFields } from './answer-fields.js';

const flow = {
  version: '7.2',
  screens: [
    {
      id: 'ASK', terminal: true, layout: { type: 'SingleColumnLayout', children: [
        { type: 'TextInput', name: 'company', label: 'Company', required: true },
        { type: 'TextInput', name: 'city', label: 'City' },
        { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: { company: '${form.company}', address: { city: '${form.city}' }, source: 'whatsapp' } } },
      ] },
    },
  ],
};

test('offers the fields of the Flow\'s completion payload, nested ones as dotted paths, without flow_token', () => {
  assert.deepEqual(toAnswerFields(flow), { fields: ['company', 'address', 'address.city', 'source'], open: false });
});

test('a Flow that may close through its endpoint allows other fields too; a non-Flow has none', () => {
  assert.equal(toAnswerFields({ ...flow, data_api_version: '3.0' }).open, true);
  assert.deepEqual(toAnswerFields('not a flow').fields, []);
});
