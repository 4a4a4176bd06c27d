import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderScreen, startFlow, step, isStepError, type RenderedScreen } from '@flowline/core';
import { toRenderedScreen } from './to-rendered-screen.js';

const flow = {
  version: '6.0',
  screens: [{
    id: 'PICK',
    title: 'Pick one',
    terminal: true,
    layout: {
      type: 'SingleColumnLayout',
      children: [
        { type: 'TextHeading', text: 'Hello' },
        { type: 'RadioButtonsGroup', name: 'colour', label: 'Colour', required: true, 'data-source': [{ id: 'red', title: 'Red', description: 'warm' }, { id: 'blue', title: 'Blue' }] },
        { type: 'Footer', label: 'Done', 'left-caption': 'left', 'on-click-action': { name: 'complete', payload: { colour: '${form.colour}' } } },
      ],
    },
  }],
};

/** The screen as it crosses the API: JSON without the undefined fields. */
function overTheWire(): { screen: RenderedScreen; json: unknown } {
  const started = startFlow(flow);
  assert.ok(!isStepError(started));
  const selected = step(flow, started.state, { type: 'select', name: 'colour', id: 'red' });
  assert.ok(!isStepError(selected));
  const screen = renderScreen(flow, selected.state);
  assert.ok(screen !== undefined);
  return { screen, json: JSON.parse(JSON.stringify(screen)) as unknown };
}

test('reads the render model the server sends back into the same RenderedScreen core draws', () => {
  const { screen, json } = overTheWire();
  assert.deepEqual(toRenderedScreen(json), screen);
});

test('refuses a body that is not a render model instead of drawing it', () => {
  const { json } = overTheWire();
  assert.equal(toRenderedScreen(undefined), undefined);
  assert.equal(toRenderedScreen({ id: 'X' }), undefined);
  assert.equal(toRenderedScreen({ ...(json as object), status: 'dancing' }), undefined);
  assert.equal(toRenderedScreen({ ...(json as object), footer: { label: 3 } }), undefined);
  assert.equal(toRenderedScreen({ ...(json as object), components: [{ type: 'TextBody' }] }), undefined);
  const broken = JSON.parse(JSON.stringify(json)) as { components: { options?: unknown[] }[] };
  const radio = broken.components.find((c) => Array.isArray(c.options));
  assert.ok(radio !== undefined);
  radio.options = [{ id: 'red' }];
  assert.equal(toRenderedScreen(broken), undefined);
});
