import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStepError } from './step-outcome.js';
import { step } from './step.js';
import { flowOf, footer, screenOf } from './test-support/flow.js';
import { play, start } from './test-support/play.js';
import { startFlow } from './start-flow.js';

const exchange = (payload: Record<string, unknown>) => ({ name: 'data_exchange', payload });
const dynamic = flowOf('7.2', [
  screenOf('A', [
    { type: 'TextInput', name: 'name', label: 'Name', required: true },
    { type: 'Dropdown', name: 'dept', label: 'Dept', 'data-source': '${data.depts}', 'on-select-action': exchange({ dept: '${form.dept}' }) },
    footer(exchange({ name: '${form.name}' })),
  ], { data: { depts: { type: 'array', items: { type: 'object' }, __example__: [{ id: 'x', title: 'X' }] }, slots: { type: 'array', items: { type: 'object' }, __example__: [] } } }),
  screenOf('B', [{ type: 'TextBody', text: '${data.msg}' }, footer(exchange({}))], {
    terminal: true, refresh_on_back: true, data: { msg: { type: 'string', __example__: 'hi' } },
  }),
], { data_api_version: '3.0', routing_model: { A: ['B'], B: [] } });

function atB() {
  const { state } = start(dynamic, { flowToken: 'tok' });
  const sent = play(dynamic, state, { type: 'fill', name: 'name', value: 'Ana' }, { type: 'press', target: 'footer' });
  return play(dynamic, sent.state, { type: 'endpoint_response', response: { screen: 'B', data: { msg: 'Hello Ana' } } });
}

describe('data_exchange and endpoint responses', () => {
  it('asks the host to call the endpoint with action, screen, data and flow_token', () => {
    const { state } = start(dynamic, { flowToken: 'tok' });
    const sent = play(dynamic, state, { type: 'fill', name: 'name', value: 'Ana' }, { type: 'press', target: 'footer' });
    assert.deepEqual(sent.effects, [{ type: 'endpoint_request', request: { action: 'data_exchange', screen: 'A', data: { name: 'Ana' }, flow_token: 'tok' } }]);
    assert.equal(sent.state.status.kind, 'waiting');
    const blocked = step(dynamic, sent.state, { type: 'fill', name: 'name', value: 'x' });
    assert.ok(isStepError(blocked) && blocked.error.code === 'AWAITING_ENDPOINT');
  });

  it('opens the screen the endpoint names, with its data', () => {
    const { state, effects } = atB();
    assert.deepEqual(state.stack, ['A', 'B']);
    assert.deepEqual(state.screens['B']?.data, { msg: 'Hello Ana' });
    assert.deepEqual(effects, [{ type: 'screen_shown', screen: 'B' }]);
  });

  it('merges a component data_exchange response into the same screen', () => {
    const { state } = start(dynamic);
    const sent = play(dynamic, state, { type: 'fill', name: 'dept', value: 'x' });
    assert.equal(sent.effects[0]?.type, 'endpoint_request');
    const after = play(dynamic, sent.state, { type: 'endpoint_response', response: { screen: 'A', data: { slots: [{ id: '1', title: '9:00' }] } } });
    assert.deepEqual(after.state.screens['A']?.data, { depts: [{ id: 'x', title: 'X' }], slots: [{ id: '1', title: '9:00' }] });
    assert.equal(after.state.screens['A']?.form['dept'], 'x');
  });

  it('shows error_message on the screen', () => {
    const { state } = start(dynamic);
    const sent = play(dynamic, state, { type: 'fill', name: 'name', value: 'Ana' }, { type: 'press', target: 'footer' });
    const after = play(dynamic, sent.state, { type: 'endpoint_response', response: { screen: 'A', data: { depts: [], slots: [], error_message: 'Try later' } } });
    assert.equal(after.state.screens['A']?.notice, 'Try later');
  });

  it('completes with extension_message_response.params on SUCCESS', () => {
    const { state } = atB();
    const sent = play(dynamic, state, { type: 'press', target: 'footer' });
    const done = play(dynamic, sent.state, { type: 'endpoint_response', response: { screen: 'SUCCESS', data: { extension_message_response: { params: { flow_token: 'tok', ok: true } } } } });
    assert.equal(done.state.status.kind, 'completed');
    assert.deepEqual(done.state.status.kind === 'completed' ? done.state.status.payload : undefined, { flow_token: 'tok', ok: true });
  });

  it('keeps the screen and notifies the endpoint when the response names an unknown screen', () => {
    const { state } = start(dynamic, { flowToken: 'tok' });
    const sent = play(dynamic, state, { type: 'fill', name: 'name', value: 'Ana' }, { type: 'press', target: 'footer' });
    const after = play(dynamic, sent.state, { type: 'endpoint_response', response: { screen: 'NOPE', data: {} } });
    assert.deepEqual(after.state.stack, ['A']);
    assert.equal(after.state.status.kind, 'active');
    assert.equal(after.effects[0]?.type, 'endpoint_error_notification');
    assert.equal(after.effects[0]?.type === 'endpoint_error_notification' ? after.effects[0].request.data['error'] : '', 'invalid-screen-transition');
  });

  it('rejects data that does not fit the screen with payload-schema-error', () => {
    const { state } = start(dynamic);
    const sent = play(dynamic, state, { type: 'fill', name: 'name', value: 'Ana' }, { type: 'press', target: 'footer' });
    const after = play(dynamic, sent.state, { type: 'endpoint_response', response: { screen: 'B', data: { msg: 42 } } });
    assert.deepEqual(after.state.stack, ['A']);
    assert.equal(after.effects[0]?.type === 'endpoint_error_notification' ? after.effects[0].request.data['error'] : '', 'payload-schema-error');
  });

  it('closes the Flow on 427 and keeps the screen with a generic error on 500 or a timeout', () => {
    const { state } = start(dynamic);
    const sent = play(dynamic, state, { type: 'fill', name: 'name', value: 'Ana' }, { type: 'press', target: 'footer' }).state;
    const closed = play(dynamic, sent, { type: 'endpoint_error', status: 427, message: 'Expired' });
    assert.deepEqual(closed.state.status, { kind: 'closed', error: { code: 'FLOW_TOKEN_INVALID', message: 'Expired' } });
    for (const status of [500, 421, 432, 'timeout'] as const) {
      const kept = play(dynamic, sent, { type: 'endpoint_error', status });
      assert.equal(kept.state.status.kind, 'active');
      assert.equal(kept.state.screens['A']?.notice, 'Something went wrong. Please try again.');
    }
  });

  it('sends BACK on a refresh_on_back screen and re-renders the previous screen from the response', () => {
    const { state } = atB();
    const back = play(dynamic, state, { type: 'back' });
    assert.deepEqual(back.effects, [{ type: 'endpoint_request', request: { action: 'BACK', screen: 'B', data: {}, flow_token: 'tok' } }]);
    const after = play(dynamic, back.state, { type: 'endpoint_response', response: { screen: 'A', data: { depts: [{ id: 'y', title: 'Y' }], slots: [] } } });
    assert.deepEqual(after.state.stack, ['A']);
    assert.deepEqual(after.state.screens['A']?.data['depts'], [{ id: 'y', title: 'Y' }]);
    assert.equal(after.state.screens['A']?.form['name'], 'Ana');
  });

  it('starts a data_exchange Flow with INIT and shows the screen the endpoint returns', () => {
    const started = startFlow(dynamic, { action: 'data_exchange', flowToken: 'tok' });
    assert.ok(!isStepError(started));
    assert.deepEqual(started.effects, [{ type: 'endpoint_request', request: { action: 'INIT', screen: '', data: {}, flow_token: 'tok' } }]);
    const shown = play(dynamic, started.state, { type: 'endpoint_response', response: { screen: 'A', data: { depts: [], slots: [] } } });
    assert.deepEqual(shown.state.stack, ['A']);
  });
});
