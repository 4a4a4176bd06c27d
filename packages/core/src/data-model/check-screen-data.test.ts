import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScreenData } from './check-screen-data.js';

const flow = {
  version: '7.0',
  screens: [
    {
      id: 'PICK',
      data: {
        slots: {
          type: 'array',
          items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } },
          __example__: [{ id: '1', title: '08:00' }],
        },
        show_slots: { type: 'boolean', __example__: true },
        count: { type: 'number', __example__: 1 },
      },
      layout: { type: 'SingleColumnLayout', children: [] },
    },
    { id: 'PLAIN', layout: { type: 'SingleColumnLayout', children: [] } },
  ],
};

const good = { slots: [{ id: 'a', title: '09:00' }], show_slots: true, count: 2 };

test('accepts data that matches the screen data model', () => {
  assert.deepEqual(checkScreenData(flow, 'PICK', good), []);
});

test('accepts an error_message string on any screen', () => {
  assert.deepEqual(checkScreenData(flow, 'PICK', { ...good, error_message: 'Slot taken' }), []);
});

test('reports a top-level type mismatch with its pointer', () => {
  const problems = checkScreenData(flow, 'PICK', { ...good, show_slots: 'yes' });
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.code, 'FLOWLINE_SCREEN_DATA_TYPE');
  assert.equal(problems[0]?.pointer, '/show_slots');
});

test('reports a nested item property of the wrong type', () => {
  const problems = checkScreenData(flow, 'PICK', { ...good, slots: [{ id: 1, title: 'x' }] });
  assert.deepEqual(problems.map((p) => p.pointer), ['/slots/0/id']);
});

test('reports a missing declared field', () => {
  const problems = checkScreenData(flow, 'PICK', { slots: [], show_slots: false });
  assert.deepEqual(problems.map((p) => [p.code, p.pointer]), [['FLOWLINE_SCREEN_DATA_MISSING', '/count']]);
});

test('warns about undeclared fields without failing', () => {
  const problems = checkScreenData(flow, 'PLAIN', { extra: 1 });
  assert.deepEqual(problems.map((p) => [p.code, p.severity]), [['FLOWLINE_SCREEN_DATA_UNKNOWN', 'warning']]);
});

test('rejects a screen that does not exist', () => {
  assert.equal(checkScreenData(flow, 'NOPE', {})[0]?.code, 'FLOWLINE_UNKNOWN_SCREEN');
});

test('rejects data that is not an object', () => {
  assert.equal(checkScreenData(flow, 'PICK', [1])[0]?.code, 'FLOWLINE_SCREEN_DATA_NOT_OBJECT');
});

test('rejects NaN where a number is declared', () => {
  assert.equal(checkScreenData(flow, 'PICK', { ...good, count: Number.NaN })[0]?.code, 'FLOWLINE_SCREEN_DATA_TYPE');
});

test('requires flow_token in SUCCESS params', () => {
  assert.deepEqual(checkScreenData(flow, 'SUCCESS', { extension_message_response: { params: { flow_token: 't' } } }), []);
  assert.equal(checkScreenData(flow, 'SUCCESS', { extension_message_response: { params: {} } })[0]?.code, 'FLOWLINE_SUCCESS_FLOW_TOKEN_MISSING');
  assert.equal(checkScreenData(flow, 'SUCCESS', {})[0]?.code, 'FLOWLINE_SUCCESS_PARAMS_MISSING');
});

test('never throws on arbitrary flows and data', () => {
  for (const f of [null, 1, 'x', [], { screens: 'x' }, { screens: [null, 1, { id: 'PICK', data: 5 }] }]) {
    for (const d of [null, undefined, 0, 'x', [], {}]) {
      assert.ok(Array.isArray(checkScreenData(f, 'PICK', d)));
    }
  }
});
