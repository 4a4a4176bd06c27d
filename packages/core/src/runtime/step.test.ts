import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderScreen } from './render-screen.js';
import { isStepError } from './step-outcome.js';
import { step } from './step.js';
import { complete, flowOf, footer, navigate, screenOf } from './test-support/flow.js';
import { play, start } from './test-support/play.js';

/** Screen A takes a number; an If on it decides which Footer navigates: above 10 → C, else → D. */
const branching = flowOf('7.2', [
  screenOf('A', [
    { type: 'TextInput', name: 'n', label: 'Number', 'input-type': 'number', required: true },
    {
      type: 'If',
      condition: '${form.n} > 10',
      then: [footer(navigate('C', { n: '${form.n}' }), 'Big')],
      else: [footer(navigate('D', { n: '${form.n}' }), 'Small')],
    },
  ]),
  screenOf('C', [{ type: 'TextBody', text: '`\'Big: \' ${data.n}`' }, footer(complete({ branch: 'C', n: '${data.n}' }))], {
    terminal: true,
    data: { n: { type: 'number', __example__: 11 } },
  }),
  screenOf('D', [{ type: 'TextBody', text: 'Small' }, footer(complete({ branch: 'D' }))], {
    terminal: true,
    data: { n: { type: 'number', __example__: 1 } },
  }),
]);

describe('branching on a number', () => {
  it('goes to C when the number is above 10, carrying it as data', () => {
    const { state } = start(branching);
    const after = play(branching, state, { type: 'fill', name: 'n', value: '42' }, { type: 'press', target: 'footer' });
    assert.deepEqual(after.state.stack, ['A', 'C']);
    assert.deepEqual(after.state.screens['C']?.data, { n: 42 });
    assert.deepEqual(after.effects, [{ type: 'screen_shown', screen: 'C' }]);
    assert.equal(renderScreen(branching, after.state)?.components[0]?.props['text'], 'Big: 42');
  });

  it('goes to D when the number is 10 or less', () => {
    const { state } = start(branching);
    const after = play(branching, state, { type: 'fill', name: 'n', value: '10' }, { type: 'press', target: 'footer' });
    assert.deepEqual(after.state.stack, ['A', 'D']);
  });

  it('shows the Footer label of the branch the number selects', () => {
    const { state } = start(branching);
    assert.equal(renderScreen(branching, state)?.footer?.label, 'Small');
    const big = play(branching, state, { type: 'fill', name: 'n', value: '11' }).state;
    assert.equal(renderScreen(branching, big)?.footer?.label, 'Big');
  });

  it('keeps the screen and marks the input when the required number is missing or not a number', () => {
    const { state } = start(branching);
    const empty = play(branching, state, { type: 'press', target: 'footer' }).state;
    assert.deepEqual(empty.stack, ['A']);
    assert.equal(empty.screens['A']?.errors['n'], 'This field is required');
    const bad = play(branching, empty, { type: 'fill', name: 'n', value: 'abc' }, { type: 'press', target: 'footer' }).state;
    assert.equal(bad.screens['A']?.errors['n'], 'Enter a valid number');
    assert.equal(renderScreen(branching, bad)?.components[0]?.error, 'Enter a valid number');
  });

  it('completes with the payload resolved from data', () => {
    const { state } = start(branching);
    const done = play(
      branching,
      state,
      { type: 'fill', name: 'n', value: '12' },
      { type: 'press', target: 'footer' },
      { type: 'press', target: 'footer' },
    );
    assert.equal(done.state.status.kind, 'completed');
    assert.deepEqual(done.effects[0], { type: 'completed', payload: { branch: 'C', n: 12 }, summary: [{ screen: 'A', name: 'n', label: 'Number', value: '12' }] });
  });
});

describe('back and the screen stack', () => {
  it('returns to the previous screen with its form values kept', () => {
    const { state } = start(branching);
    const there = play(branching, state, { type: 'fill', name: 'n', value: '3' }, { type: 'press', target: 'footer' }).state;
    const back = play(branching, there, { type: 'back' });
    assert.deepEqual(back.state.stack, ['A']);
    assert.equal(back.state.screens['A']?.form['n'], '3');
    assert.deepEqual(back.effects, [{ type: 'screen_shown', screen: 'A' }]);
  });

  it('refuses back on the first screen', () => {
    const { state } = start(branching);
    const outcome = step(branching, state, { type: 'back' });
    assert.ok(isStepError(outcome));
    assert.equal(outcome.error.code, 'NO_PREVIOUS_SCREEN');
  });
});

describe('impossible events', () => {
  const { state } = start(branching);
  const cases: [string, Parameters<typeof step>[2], string][] = [
    ['a fill of an input that does not exist', { type: 'fill', name: 'nope', value: 'x' }, 'UNKNOWN_COMPONENT'],
    ['a fill with a value of the wrong type', { type: 'fill', name: 'n', value: { a: 1 } }, 'INVALID_VALUE'],
    ['a press of a link that is not shown', { type: 'press', target: { link: 'Missing' } }, 'UNKNOWN_COMPONENT'],
    ['an endpoint response nobody asked for', { type: 'endpoint_response', response: {} }, 'NOT_AWAITING_ENDPOINT'],
    ['an unknown event type', { type: 'dance' } as unknown as Parameters<typeof step>[2], 'INVALID_EVENT'],
  ];
  for (const [what, event, code] of cases) {
    it(`rejects ${what} with ${code}`, () => {
      const outcome = step(branching, state, event);
      assert.ok(isStepError(outcome));
      assert.equal(outcome.error.code, code);
    });
  }

  it('rejects any event after completion', () => {
    const done = play(
      branching,
      state,
      { type: 'fill', name: 'n', value: '1' },
      { type: 'press', target: 'footer' },
      { type: 'press', target: 'footer' },
    ).state;
    const outcome = step(branching, done, { type: 'back' });
    assert.ok(isStepError(outcome));
    assert.equal(outcome.error.code, 'FLOW_NOT_RUNNING');
  });

  it('rejects filling an input hidden by `visible`', () => {
    const flow = flowOf('7.2', [
      screenOf('S', [
        { type: 'OptIn', name: 'more', label: 'Tell more' },
        { type: 'TextInput', name: 'detail', label: 'Detail', visible: '${form.more}' },
        footer(complete()),
      ], { terminal: true }),
    ]);
    const s = start(flow).state;
    const hidden = step(flow, s, { type: 'fill', name: 'detail', value: 'x' });
    assert.ok(isStepError(hidden));
    assert.equal(hidden.error.code, 'COMPONENT_HIDDEN');
    const shown = play(flow, s, { type: 'fill', name: 'more', value: true }, { type: 'fill', name: 'detail', value: 'x' });
    assert.equal(shown.state.screens['S']?.form['detail'], 'x');
  });
});

describe('state', () => {
  it('is never mutated by a step and survives a JSON round trip', () => {
    const { state } = start(branching);
    const frozen = JSON.stringify(state);
    const next = play(branching, state, { type: 'fill', name: 'n', value: '50' }, { type: 'press', target: 'footer' }).state;
    assert.equal(JSON.stringify(state), frozen);
    const revived = JSON.parse(JSON.stringify(next)) as typeof next;
    const done = play(branching, revived, { type: 'press', target: 'footer' });
    assert.equal(done.state.status.kind, 'completed');
  });
});

describe('init values', () => {
  it('fills inputs from Form init-values bound to data and per-component init-value', () => {
    const flow = flowOf('7.2', [
      screenOf('S', [
        { type: 'Form', name: 'f', 'init-values': '${data.init}', children: [
          { type: 'TextInput', name: 'first', label: 'First' },
          { type: 'TextInput', name: 'second', label: 'Second' },
          footer(complete({ first: '${form.first}', second: '${form.second}' })),
        ] },
      ], { terminal: true, data: { init: { type: 'object', __example__: { first: 'Jon', second: 'Snow' } } } }),
    ]);
    const done = play(flow, start(flow).state, { type: 'press', target: 'footer' });
    assert.deepEqual(done.effects[0]?.type === 'completed' ? done.effects[0].payload : undefined, { first: 'Jon', second: 'Snow' });
  });
});
