import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScenario } from './parse-scenario.js';

const briefExample = {
  flow: 'booking.flow.json',
  start: { screen: 'APPOINTMENT', data: { name: 'Ana' } },
  endpoint: { url: 'http://127.0.0.1:3000/endpoint/booking', publicKey: 'keys/public.pem' },
  steps: [
    { expect: { screen: 'APPOINTMENT', visible: ['department'], hidden: ['location'] } },
    { fill: { department: 'beauty', date: '2026-12-01' } },
    { press: 'footer' },
    { back: true },
    { expect: { screen: 'DETAILS', errors: { email: true } } },
    { expect: { completed: { department: 'beauty' } } },
    { expect: { error: 427 } },
  ],
};

describe('parseScenario', () => {
  it('parses the product brief example into typed steps', () => {
    const r = parseScenario(briefExample);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.scenario.flow, 'booking.flow.json');
    assert.deepEqual(r.scenario.start, { screen: 'APPOINTMENT', data: { name: 'Ana' } });
    assert.deepEqual(r.scenario.endpoint, briefExample.endpoint);
    assert.deepEqual(
      r.scenario.steps.map((s) => s.kind),
      ['expect', 'fill', 'press', 'back', 'expect', 'expect', 'expect'],
    );
    assert.deepEqual(r.scenario.steps[2], { kind: 'press', target: 'footer' });
    assert.equal(r.scenario.rawSteps.length, 7);
  });

  it('names the step and field of every problem', () => {
    const r = parseScenario({
      flow: 'f.json',
      steps: [{ fill: 'x' }, { press: 'footer', back: true }, { jump: 1 }, { expect: { screen: 3, colour: 'red' } }, { back: false }],
    });
    assert.ok(!r.ok);
    assert.deepEqual(r.problems, [
      'step 1: "fill" must map input names to values',
      'step 2: a step has exactly one of "fill", "press", "back", "expect" (got "press", "back")',
      'step 3: unknown step "jump" (known: fill, press, back, expect)',
      'step 4: unknown expectation "colour" (known: screen, data, form, visible, hidden, errors, completed, error, opened, notice)',
      'step 4: expect.screen must be a string',
      'step 5: "back" must be true',
    ]);
  });

  it('requires flow and steps, and an endpoint with url and publicKey', () => {
    const r = parseScenario({ endpoint: { url: 'http://x' } });
    assert.ok(!r.ok);
    assert.equal(r.problems.length, 3);
    assert.ok(!parseScenario([]).ok);
  });

  it('a stored scenario needs a name, names no Flow file (ignored) and no endpoint (Flowline\'s own answers)', () => {
    const stored = parseScenario({ name: 'a lead completes', flow: 'lead.flow.json', steps: [{ press: 'footer' }] }, { stored: true });
    assert.ok(stored.ok, JSON.stringify(stored));
    assert.equal(stored.scenario.flow, undefined, 'the version run against is the Flow');
    assert.equal(stored.scenario.name, 'a lead completes');
    const refused = parseScenario({ steps: [], endpoint: { url: 'http://127.0.0.1/x', publicKey: 'k.pem' } }, { stored: true });
    assert.ok(!refused.ok);
    assert.deepEqual(refused.problems.map((p) => p.slice(0, 16)), ['"name" is requir', '"endpoint" is no']);
    assert.ok(parseScenario({ name: 'no file needed', steps: [] }, { stored: true }).ok);
    assert.ok(!parseScenario({ name: 'a file needs its Flow', steps: [] }).ok);
  });
});
